#!/bin/sh
# test_kept_rasters.sh WZ_KIOSK SOURCE_DIR WORK_DIR: the attract screen drawn through kept
# drawings (src/ui/wz_raster.c) is the reference picture, pixel for pixel: once on the
# start that renders the icons and texts and keeps them in WZ_CACHE_DIR, once on the next,
# which reads them (no kept file is written again, added or removed by it).
set -eu
kiosk=$1
root=$2
work=$3
rm -rf "$work"
mkdir -p "$work/ref"
cp "$root/tests/ui/reference/01-attract-landscape.png" "$work/ref/"
printf 'shot 01-attract-landscape\n' >"$work/script"
# the configuration the reference pictures were made with (make_screenshots.sh)
printf '[kiosk]\nlocal_help = Ask any member of staff in a yellow Warning Zone T-shirt, or go to the front desk. We are here until 5 pm.\n' >"$work/ini"
export SDL_VIDEODRIVER=dummy WZ_CACHE_DIR="$work/cache"
listing() { (cd "$WZ_CACHE_DIR" && find . -type f -name '*.wzr' -exec ls -l --time-style=full-iso {} + | sort); }
fail=0
for run in first next; do
    "$kiosk" --windowed 1920x1080 --scenarios "$root/scenarios" --db "$work/$run.db" \
        --config "$work/ini" --script "$work/script" --screenshot-dir "$work/$run" --fake-clock
    python3 "$root/tests/ui/compare_png.py" "$work/ref" "$work/$run" || fail=1
    listing >"$work/$run.list"
done
icons=$(grep -c '/icons/svg-' "$work/first.list" || true)
texts=$(grep -c '/texts/text-' "$work/first.list" || true)
echo "kept by the first start: $icons icon and $texts text files"
[ "$icons" -ge 3 ] || { echo "FAIL: the attract screen's icons were not kept"; fail=1; }
[ "$texts" -ge 5 ] || { echo "FAIL: the attract screen's texts were not kept"; fail=1; }
if ! cmp -s "$work/first.list" "$work/next.list"; then
    echo "FAIL: the next start did not only read the kept files:"
    diff "$work/first.list" "$work/next.list" || true
    fail=1
fi
exit $fail

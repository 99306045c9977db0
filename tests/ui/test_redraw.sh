#!/bin/sh
# test_redraw.sh WZ_KIOSK SOURCE_DIR WORK_DIR: plays tests/ui/scripts/redraw.script twice,
# headless at 1920x1080 and 1080x1920, once with partial redraws (the software renderer
# redraws only what changed since the last frame) and once redrawing every frame whole;
# every screenshot must be the same, pixel for pixel.
set -eu
kiosk=$1
root=$2
work=$3
rm -rf "$work"
mkdir -p "$work/partial" "$work/whole"
export SDL_VIDEODRIVER=dummy
for size in 1920x1080 1080x1920; do
    for mode in partial whole; do
        full=""
        [ $mode = whole ] && full=1
        sed "s/^shot \(.*\)/shot \1-$size/" "$root/tests/ui/scripts/redraw.script" >"$work/s"
        WZ_KIOSK_BENCH=1 WZ_KIOSK_FULL_REDRAW=$full "$kiosk" --windowed "$size" \
            --scenarios "$root/scenarios" --db "$work/db" --script "$work/s" \
            --screenshot-dir "$work/$mode" --fake-clock 2>"$work/err" || { cat "$work/err"; exit 1; }
        n=$(sed -n 's/^bench: frames_drawn_in_part=//p' "$work/err")
        echo "$size $mode: $n frames drawn in part"
        # the comparison means something only if partial redraws happened, and only there
        if [ $mode = partial ] && [ "${n:-0}" -lt 10 ]; then echo "too few partial redraws"; exit 1; fi
        if [ $mode = whole ] && [ "${n:-0}" -ne 0 ]; then echo "partial redraws when told not to"; exit 1; fi
    done
done
python3 "$root/tests/ui/compare_png.py" "$work/whole" "$work/partial"

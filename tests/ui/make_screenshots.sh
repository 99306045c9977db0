#!/bin/sh
# make_screenshots.sh WZ_KIOSK SOURCE_DIR OUT_DIR: every screen of the kiosk at 1920x1080
# (landscape) and 1080x1920 (portrait), headless, from the bundled scenarios, as PNG files
# in OUT_DIR (tests/ui/scripts/screenshots*.script, fake clock). Used by screenshots.sh
# (docs/screenshots) and test_screenshots.sh (the pixel comparison).
set -eu
kiosk=$1
root=$2
out=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$out"
cat >"$tmp/ini" <<'INI'
[kiosk]
local_help = Ask any member of staff in a yellow Warning Zone T-shirt, or go to the front desk. We are here until 5 pm.
INI
export SDL_VIDEODRIVER=dummy
for size in 1920x1080 1080x1920; do
    case $size in 1920x1080) o=landscape ;; *) o=portrait ;; esac
    sed "s/@O@/$o/g" "$root/tests/ui/scripts/screenshots.script" >"$tmp/s"
    "$kiosk" --windowed "$size" --scenarios "$root/scenarios" --db "$tmp/db" \
        --config "$tmp/ini" --script "$tmp/s" --screenshot-dir "$out" --fake-clock --check-layout
    sed "s/@O@/$o/g" "$root/tests/ui/scripts/screenshots-quiz.script" >"$tmp/q"
    "$kiosk" --windowed "$size" --scenarios "$root/tests/app/data/quiz" --db "$tmp/db" \
        --quiz-before 1 --script "$tmp/q" --screenshot-dir "$out" --fake-clock --check-layout
    sed "s/@O@/$o/g" "$root/tests/ui/scripts/screenshots-empty.script" >"$tmp/e"
    "$kiosk" --windowed "$size" --scenarios "$tmp/none" --db "$tmp/db" \
        --script "$tmp/e" --screenshot-dir "$out" --fake-clock --check-layout
done

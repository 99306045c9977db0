#!/bin/sh
# test_screenshots.sh WZ_KIOSK SOURCE_DIR WORK_DIR [REFERENCE_DIR]: plays the screenshot
# scripts of tests/ui/screenshots.sh (every screen, landscape 1920x1080 and portrait
# 1080x1920, bundled scenarios, fake clock) into WORK_DIR and compares the pictures pixel
# by pixel with those in REFERENCE_DIR (default tests/ui/reference): what a visitor sees
# must not change unless a reference picture is changed with it on purpose.
set -eu
kiosk=$1
root=$2
work=$3
ref=${4:-$root/tests/ui/reference}
rm -rf "$work"
mkdir -p "$work/shots"
cat >"$work/ini" <<'INI'
[kiosk]
local_help = Ask any member of staff in a yellow Warning Zone T-shirt, or go to the front desk. We are here until 5 pm.
INI
export SDL_VIDEODRIVER=dummy
for size in 1920x1080 1080x1920; do
    case $size in 1920x1080) o=landscape ;; *) o=portrait ;; esac
    sed "s/@O@/$o/g" "$root/tests/ui/scripts/screenshots.script" >"$work/s"
    "$kiosk" --windowed "$size" --scenarios "$root/scenarios" --db "$work/db" \
        --config "$work/ini" --script "$work/s" --screenshot-dir "$work/shots" --fake-clock \
        --check-layout
    sed "s/@O@/$o/g" "$root/tests/ui/scripts/screenshots-empty.script" >"$work/e"
    "$kiosk" --windowed "$size" --scenarios "$work/none" --db "$work/db" \
        --script "$work/e" --screenshot-dir "$work/shots" --fake-clock --check-layout
done
python3 "$root/tests/ui/compare_png.py" "$ref" "$work/shots"

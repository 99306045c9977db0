#!/bin/sh
# test_screenshots.sh WZ_KIOSK SOURCE_DIR WORK_DIR [REFERENCE_DIR]: makes the screenshots
# of tests/ui/screenshots.sh into WORK_DIR and compares them pixel by pixel with those in
# REFERENCE_DIR (default tests/ui/reference): what a visitor sees must not change unless
# a reference picture is changed with it on purpose.
set -eu
kiosk=$1
root=$2
work=$3
ref=${4:-$root/tests/ui/reference}
rm -rf "$work"
sh "$root/tests/ui/make_screenshots.sh" "$kiosk" "$root" "$work"
python3 "$root/tests/ui/compare_png.py" "$ref" "$work"

#!/bin/sh
# Regenerates docs/screenshots/: every screen of the kiosk at 1920x1080 (landscape) and
# 1080x1920 (portrait), headless, from the bundled scenarios.
#   tests/ui/screenshots.sh [BUILD_DIR]      (default: build)
# After a deliberate change to what a screen shows, copy the new pictures of the screens
# in tests/ui/reference/ there too (before the smaller README files are made).
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$root/build}
out=$root/docs/screenshots
kiosk=$build/wz-kiosk
[ -x "$kiosk" ] || { echo "build wz-kiosk first (make)" >&2; exit 1; }
sh "$root/tests/ui/make_screenshots.sh" "$kiosk" "$root" "$out"
# smaller files for the README: palette PNGs where ImageMagick is available
if command -v mogrify >/dev/null 2>&1; then
  mogrify -strip -define png:compression-level=9 "$out"/*.png
fi
ls "$out"

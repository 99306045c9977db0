#!/bin/sh
# Regenerates docs/screenshots/: every screen of the kiosk at 1920x1080 (landscape) and
# 1080x1920 (portrait), headless, from the bundled scenarios.
#   tests/ui/screenshots.sh [BUILD_DIR]      (default: build)
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$root/build}
out=$root/docs/screenshots
kiosk=$build/wz-kiosk
[ -x "$kiosk" ] || { echo "build wz-kiosk first (make)" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$out"
cat > "$tmp/ini" <<'INI'
[kiosk]
local_help = Ask any member of staff in a yellow Warning Zone T-shirt, or go to the front desk. We are here until 5 pm.
INI
export SDL_VIDEODRIVER=dummy
for size in 1920x1080 1080x1920; do
  case $size in 1920x1080) o=landscape ;; *) o=portrait ;; esac
  sed "s/@O@/$o/g" "$root/tests/ui/scripts/screenshots.script" > "$tmp/s"
  "$kiosk" --windowed "$size" --scenarios "$root/scenarios" --db "$tmp/db" \
    --config "$tmp/ini" --script "$tmp/s" --screenshot-dir "$out" --fake-clock --check-layout
  sed "s/@O@/$o/g" "$root/tests/ui/scripts/screenshots-empty.script" > "$tmp/e"
  "$kiosk" --windowed "$size" --scenarios "$tmp/none" --db "$tmp/db" \
    --script "$tmp/e" --screenshot-dir "$out" --fake-clock --check-layout
done
# smaller files for the README: palette PNGs where ImageMagick is available
if command -v mogrify >/dev/null 2>&1; then
  mogrify -strip -define png:compression-level=9 "$out"/*.png
fi
ls "$out"

#!/bin/sh
# The libraries the loader opens before wz-kiosk's main() runs (LD_TRACE_LOADED_OBJECTS:
# the loader lists them and stops). Those that only uploads and staff alerts (libcurl) or
# narration (SDL2_mixer) need must not be among them: they are opened when first needed,
# so their loading never delays the attract screen.
# Usage: test_start_libraries.sh WZ_KIOSK
set -u
out=$(LD_TRACE_LOADED_OBJECTS=1 "$1") || { echo "the loader could not list $1's libraries"; exit 1; }
bad=$(printf '%s\n' "$out" | grep -E 'libcurl|libSDL2_mixer')
if [ -n "$bad" ]; then
  echo "opened before the first frame, though not needed for it:"
  printf '%s\n' "$bad"
  exit 1
fi
echo "wz-kiosk opens $(printf '%s\n' "$out" | wc -l) libraries before main()"

#!/bin/sh
# The libraries the loader opens before wz-kiosk's main() runs (LD_TRACE_LOADED_OBJECTS:
# the loader lists them and stops). libcurl, which only uploads, staff alerts and the
# connection test need, must not be among them: it is opened when first needed, so its
# loading never delays the attract screen. Nor SDL2_image, with its TIFF, WebP and JPEG
# decoders: the attract screen's icons come from kept rasters (wz_image) and the kiosk
# opens it after the first frame (wz_image_lib). Nor may SDL2_mixer, which narration does
# without (wz_audio), with the FluidSynth and glib it would bring.
# Usage: test_start_libraries.sh WZ_KIOSK
set -u
out=$(LD_TRACE_LOADED_OBJECTS=1 "$1") || { echo "the loader could not list $1's libraries"; exit 1; }
bad=$(printf '%s\n' "$out" | grep -E 'libcurl|libSDL2_mixer|libSDL2_image|libtiff')
if [ -n "$bad" ]; then
  echo "opened before the first frame, though not needed for it:"
  printf '%s\n' "$bad"
  exit 1
fi
echo "wz-kiosk opens $(printf '%s\n' "$out" | wc -l) libraries before main()"

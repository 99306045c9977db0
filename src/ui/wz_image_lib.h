/*
 * wz_image_lib: SDL2_image, opened when a picture first needs decoding rather than by
 * the loader at start-up.
 *
 * Linked, SDL2_image and the decoders it brings (PNG, JPEG, TIFF with its seven
 * compressors, WebP, and the C++ runtime for one of them) were a tenth of the time from
 * exec to the attract screen, which shows no picture but the interface's own icons (kept
 * rasterised on disk, wz_image). The kiosk opens it after the first frame, while the
 * attract screen shows (wz_image_lib_open); anything that decodes before then opens it
 * itself. The functions are SDL2_image's own, under these names.
 */
#ifndef WZ_IMAGE_LIB_H
#define WZ_IMAGE_LIB_H

#include <SDL.h>

/* Opens SDL2_image (once; thread-safe). Returns 0, or -1 with *err in words (which may
 * be NULL). */
int wz_image_lib_open(char **err);

/* IMG_LoadTyped_RW, IMG_LoadSizedSVG_RW and IMG_SavePNG: NULL or -1, with SDL_GetError
 * saying why, when the library cannot be opened. */
SDL_Surface *wz_image_lib_load_typed(SDL_RWops *src, int freesrc, const char *type);
SDL_Surface *wz_image_lib_load_svg(SDL_RWops *src, int width, int height);
int wz_image_lib_save_png(SDL_Surface *surface, const char *file);

#endif

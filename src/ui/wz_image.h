/*
 * wz_image: pictures from disk (SDL2_image: PNG, JPG, SVG), kept as textures.
 *
 * Every picture is kept at the exact size it is drawn at, keyed by path and width: SVG is
 * rasterised at that size (sharp icons and avatars from 1024x600 to 4K), and a raster
 * picture is scaled once with linear filtering; drawing is then a 1:1 copy, which the
 * software renderer does far faster than a scaled one. A picture that
 * fails to load is remembered as failed, so a broken file costs one attempt, not one
 * per frame. Bounded in count and bytes (least recently used first, never one of this
 * frame's); reset after a render reset.
 *
 * Paths from scenarios must have gone through wz_asset_resolve first: this cache opens
 * whatever it is given.
 */
#ifndef WZ_IMAGE_H
#define WZ_IMAGE_H

#include <SDL.h>

typedef struct wz_image_cache wz_image_cache;

#define WZ_IMAGE_CACHE_MAX 96
#define WZ_IMAGE_CACHE_MAX_BYTES (16u * 1024u * 1024u)
#define WZ_IMAGE_MAX_FILE_BYTES (8u * 1024u * 1024u)
#define WZ_IMAGE_MAX_SIDE 4096

wz_image_cache *wz_image_cache_create(SDL_Renderer *r);
void wz_image_cache_destroy(wz_image_cache *ic); /* accepts NULL */
/* The picture at path, want_w pixels wide with its proportions kept (0: its own size;
 * SVG without a size: 256). Returns NULL when it cannot be loaded; *w and *h get its
 * pixel size. Valid until the next wz_image_cache_frame. */
SDL_Texture *wz_image_cache_get(wz_image_cache *ic, const char *path, int want_w, int *w, int *h);
/* The width at which the picture fits a box_w x box_h box, proportions kept (for get).
 * Returns 0, or -1 when it cannot be read. */
int wz_image_cache_fit(wz_image_cache *ic, const char *path, int box_w, int box_h, int *fit_w);
/* SVGs under the folder `under` (the interface's icons) are kept rasterised in the folder
 * dir (made when missing), a file per SVG and size (wz_raster), so that a start on a screen size
 * seen before draws them without opening SDL2_image (wz_image_lib). The rasters are
 * SDL2_image's own, pixel for pixel. NULL for either: none kept (the default). */
void wz_image_cache_keep_rasters(wz_image_cache *ic, const char *under, const char *dir);
void wz_image_cache_frame(wz_image_cache *ic);
void wz_image_cache_reset(wz_image_cache *ic);
/* Pictures held and their bytes (for benches and the warm-up budget). */
void wz_image_cache_stats(const wz_image_cache *ic, int *count, size_t *bytes);

#endif

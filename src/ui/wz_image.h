/*
 * wz_image: pictures from disk (SDL2_image: PNG, JPG, SVG), kept as textures.
 *
 * Raster pictures are loaded once at their own size and scaled by the renderer with
 * linear filtering; SVG pictures are rasterised at the size they are drawn at (so icons
 * and avatars stay sharp from 1024x600 to 4K), keyed by path and width. A picture that
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
/* The picture at path, for drawing `want_w` pixels wide (used for SVG). Returns NULL
 * when it cannot be loaded; *w and *h get its pixel size. Valid until the next
 * wz_image_cache_frame. */
SDL_Texture *wz_image_cache_get(wz_image_cache *ic, const char *path, int want_w, int *w, int *h);
void wz_image_cache_frame(wz_image_cache *ic);
void wz_image_cache_reset(wz_image_cache *ic);
/* Pictures held and their bytes (for benches and the warm-up budget). */
void wz_image_cache_stats(const wz_image_cache *ic, int *count, size_t *bytes);

#endif

/*
 * wz_image: the picture cache (see wz_image.h). A fixed array of slots is enough: a
 * screen shows a handful of pictures, and a linear search over 96 keys is nothing next
 * to decoding one PNG.
 */
#include "wz_image.h"

#include <SDL_image.h>
#include <stdlib.h>
#include <string.h>

#include "wz_util.h"

typedef struct slot {
    char *path;
    int want_w; /* 0 for raster pictures: one texture whatever the size */
    SDL_Texture *tex;
    int w, h;
    int failed;
    unsigned long long frame;
} slot;

struct wz_image_cache {
    SDL_Renderer *r;
    slot slots[WZ_IMAGE_CACHE_MAX];
    unsigned long long frame;
    size_t bytes;
};

void wz_image_cache_stats(const wz_image_cache *ic, int *count, size_t *bytes)
{
    int n = 0;
    for (int i = 0; i < WZ_IMAGE_CACHE_MAX; i++)
        n += ic->slots[i].tex != NULL;
    if (count) *count = n;
    if (bytes) *bytes = ic->bytes;
}

wz_image_cache *wz_image_cache_create(SDL_Renderer *r)
{
    wz_image_cache *ic = wz_xcalloc(1, sizeof *ic);
    ic->r = r;
    return ic;
}

static void slot_clear(wz_image_cache *ic, slot *s)
{
    if (s->tex) {
        SDL_DestroyTexture(s->tex);
        ic->bytes -= (size_t)s->w * (size_t)s->h * 4u;
    }
    free(s->path);
    memset(s, 0, sizeof *s);
}

void wz_image_cache_reset(wz_image_cache *ic)
{
    for (int i = 0; i < WZ_IMAGE_CACHE_MAX; i++)
        slot_clear(ic, &ic->slots[i]);
}

void wz_image_cache_destroy(wz_image_cache *ic)
{
    if (!ic) return;
    wz_image_cache_reset(ic);
    free(ic);
}

void wz_image_cache_frame(wz_image_cache *ic)
{
    ic->frame++;
}

static SDL_Surface *load(const char *path, int want_w)
{
    char *data = NULL;
    size_t len = 0;
    if (wz_read_file(path, WZ_IMAGE_MAX_FILE_BYTES, &data, &len) != 0) return NULL;
    SDL_RWops *rw = SDL_RWFromConstMem(data, (int)len);
    SDL_Surface *s = NULL;
    if (rw) {
        if (want_w > 0)
            s = IMG_LoadSizedSVG_RW(rw, want_w, 0);
        else
            s = IMG_Load_RW(rw, 0);
        SDL_RWclose(rw);
    }
    free(data);
    if (s && (s->w <= 0 || s->h <= 0 || s->w > WZ_IMAGE_MAX_SIDE || s->h > WZ_IMAGE_MAX_SIDE)) {
        SDL_FreeSurface(s);
        s = NULL;
    }
    return s;
}

SDL_Texture *wz_image_cache_get(wz_image_cache *ic, const char *path, int want_w, int *w, int *h)
{
    if (!path || !*path) return NULL;
    int svg = wz_str_ends(path, ".svg") || wz_str_ends(path, ".SVG");
    if (!svg)
        want_w = 0;
    else if (want_w <= 0 || want_w > WZ_IMAGE_MAX_SIDE)
        want_w = 256;
    slot *victim = NULL;
    for (int i = 0; i < WZ_IMAGE_CACHE_MAX; i++) {
        slot *s = &ic->slots[i];
        if (s->path && s->want_w == want_w && strcmp(s->path, path) == 0) {
            s->frame = ic->frame;
            if (s->failed) return NULL;
            if (w) *w = s->w;
            if (h) *h = s->h;
            return s->tex;
        }
        if (!s->path) {
            if (!victim || victim->path) victim = s;
        } else if (s->frame < ic->frame &&
                   (!victim || (victim->path && s->frame < victim->frame))) {
            victim = s;
        }
    }
    if (!victim) return NULL; /* every slot used in this frame */
    slot_clear(ic, victim);
    victim->path = wz_xstrdup(path);
    victim->want_w = want_w;
    victim->frame = ic->frame;
    SDL_Surface *surf = load(path, want_w);
    if (surf) victim->tex = SDL_CreateTextureFromSurface(ic->r, surf);
    if (!victim->tex) {
        victim->failed = 1;
        if (surf) SDL_FreeSurface(surf);
        return NULL;
    }
    victim->w = surf->w;
    victim->h = surf->h;
    ic->bytes += (size_t)surf->w * (size_t)surf->h * 4u;
    SDL_FreeSurface(surf);
    /* over the byte budget: drop the least recently used pictures of earlier frames */
    while (ic->bytes > WZ_IMAGE_CACHE_MAX_BYTES) {
        slot *old = NULL;
        for (int i = 0; i < WZ_IMAGE_CACHE_MAX; i++) {
            slot *c = &ic->slots[i];
            if (c->tex && c->frame < ic->frame && (!old || c->frame < old->frame)) old = c;
        }
        if (!old) break;
        slot_clear(ic, old);
    }
    SDL_SetTextureBlendMode(victim->tex, SDL_BLENDMODE_BLEND);
    SDL_SetTextureScaleMode(victim->tex, SDL_ScaleModeLinear);
    if (w) *w = victim->w;
    if (h) *h = victim->h;
    return victim->tex;
}

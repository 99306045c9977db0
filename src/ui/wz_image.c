/*
 * wz_image: the picture cache (see wz_image.h). A fixed array of slots is enough: a
 * screen shows a handful of pictures, and a linear search over 96 keys is nothing next
 * to decoding one PNG.
 *
 * Nothing is decoded before wz_picture has measured the very bytes handed to the decoder:
 * a picture over the limits, or of a kind wz_picture does not know, fails like a missing
 * one (its description is shown), and the decoder is told the format that was measured.
 * SVG is always drawn into a bounded box, so no drawing can ask for a huge raster.
 */
#include "wz_image.h"

#include <SDL_image.h>
#include <stdlib.h>
#include <string.h>

#include "wz_image_lib.h"
#include "wz_log.h"
#include "wz_picture.h"
#include "wz_raster.h"
#include "wz_util.h"

typedef struct slot {
    char *path;
    int want_w; /* 0 for raster pictures: one texture whatever the size */
    SDL_Texture *tex;
    int w, h;
    int failed;
    int opaque; /* no transparent pixel: copied without blending (much faster) */
    unsigned long long frame;
} slot;

/* The natural size (or SVG proportions) of recently seen pictures, for fitting. */
#define WZ_IMAGE_DIMS 64
typedef struct dims {
    char *path;
    int w, h; /* 0: cannot be read */
} dims;

struct wz_image_cache {
    SDL_Renderer *r;
    char *raster_under, *raster_dir; /* wz_image_cache_keep_rasters */
    slot slots[WZ_IMAGE_CACHE_MAX];
    dims dims[WZ_IMAGE_DIMS];
    int next_dim;
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
    for (int i = 0; i < WZ_IMAGE_DIMS; i++)
        free(ic->dims[i].path);
    free(ic->raster_under);
    free(ic->raster_dir);
    free(ic);
}

void wz_image_cache_frame(wz_image_cache *ic)
{
    ic->frame++;
}

/* 1 when every pixel is fully opaque. */
static int opaque(SDL_Surface *s)
{
    if (!s->format->Amask) return 1;
    if (SDL_LockSurface(s) != 0) return 0;
    int ok = 1;
    for (int y = 0; y < s->h && ok; y++) {
        const Uint8 *row = (const Uint8 *)s->pixels + (size_t)y * (size_t)s->pitch;
        for (int x = 0; x < s->w && ok; x++) {
            Uint32 px;
            switch (s->format->BytesPerPixel) {
            case 4:
                memcpy(&px, row + 4 * x, 4);
                break;
            case 2: {
                Uint16 v;
                memcpy(&v, row + 2 * x, 2);
                px = v;
                break;
            }
            default:
                ok = 0;
                continue;
            }
            ok = (px & s->format->Amask) == s->format->Amask;
        }
    }
    SDL_UnlockSurface(s);
    return ok;
}

void wz_image_cache_keep_rasters(wz_image_cache *ic, const char *under, const char *dir)
{
    free(ic->raster_under);
    free(ic->raster_dir);
    ic->raster_under = under && dir ? wz_xstrdup(under) : NULL;
    ic->raster_dir = under && dir ? wz_xstrdup(dir) : NULL;
}

/* The file an SVG's raster is kept in: named after the SVG's bytes, the size asked for
 * and the rasteriser's version, so a changed icon, size or SDL2_image is a new file.
 * NULL when this SVG's rasters are not kept. */
static char *raster_file(const wz_image_cache *ic, const char *path, const char *data, size_t len,
                         int w, int h)
{
    size_t n = ic->raster_under ? strlen(ic->raster_under) : 0;
    if (!n || strncmp(path, ic->raster_under, n) != 0 || path[n] != '/') return NULL;
    static const int version[] = {SDL_IMAGE_MAJOR_VERSION, SDL_IMAGE_MINOR_VERSION,
                                  SDL_IMAGE_PATCHLEVEL};
    unsigned long long key = wz_hash(WZ_HASH_INIT, data, len);
    key = wz_hash(key, &w, sizeof w);
    key = wz_hash(key, &h, sizeof h);
    key = wz_hash(key, version, sizeof version);
    return wz_raster_file(ic->raster_dir, "svg", key);
}

/* SVG is drawn svg_w pixels wide (0: 256), and never taller than the aspect limit allows. */
static SDL_Surface *load_file(const wz_image_cache *ic, const char *path, int svg_w)
{
    char *data = NULL;
    size_t len = 0;
    if (wz_read_file(path, WZ_IMAGE_MAX_FILE_BYTES, &data, &len) != 0) return NULL;
    wz_picture_info info;
    char *why = NULL;
    if (wz_picture_check_mem(data, len, &info, &why) != 0) {
        wz_log_warn("image", "not showing %s: %s", path, why);
        free(why);
        free(data);
        return NULL;
    }
    int w = svg_w > 0 ? WZ_MIN(svg_w, WZ_IMAGE_MAX_SIDE) : 256;
    int h = WZ_MIN(WZ_IMAGE_MAX_SIDE, w * WZ_PICTURE_MAX_ASPECT);
    char *kept = info.format == WZ_PICTURE_SVG ? raster_file(ic, path, data, len, w, h) : NULL;
    SDL_Surface *s = NULL;
    wz_raster r;
    if (kept && wz_raster_open(kept, w, h, &r) == 0) {
        s = SDL_DuplicateSurface(r.s); /* an icon: a few kB */
        wz_raster_close(&r);
    }
    SDL_RWops *rw = s ? NULL : SDL_RWFromConstMem(data, (int)len);
    if (rw) {
        if (info.format == WZ_PICTURE_SVG)
            s = wz_image_lib_load_svg(rw, w, h);
        else
            s = wz_image_lib_load_typed(rw, 0, wz_picture_format_name(info.format));
        SDL_RWclose(rw);
        if (s && kept) wz_raster_write(kept, s, 0, 0);
    }
    free(kept);
    free(data);
    if (s && (s->w <= 0 || s->h <= 0 || s->w > WZ_IMAGE_MAX_SIDE || s->h > WZ_IMAGE_MAX_SIDE)) {
        SDL_FreeSurface(s);
        s = NULL;
    }
    return s;
}

/* The picture want_w pixels wide (0: its own size), proportions kept. SVG is drawn at
 * that size; a raster picture is scaled once here with linear filtering, so that every
 * frame after is a 1:1 copy (a scaled copy per frame is slow on the software renderer). */
static SDL_Surface *load(const wz_image_cache *ic, const char *path, int svg, int want_w)
{
    if (svg) return load_file(ic, path, want_w > 0 ? want_w : 256);
    SDL_Surface *s = load_file(ic, path, 0);
    if (!s || want_w <= 0 || want_w == s->w) return s;
    int want_h = (int)(((long)s->h * want_w + s->w / 2) / s->w);
    SDL_Surface *src = SDL_ConvertSurfaceFormat(s, SDL_PIXELFORMAT_ARGB8888, 0);
    SDL_FreeSurface(s);
    SDL_Surface *dst = NULL;
    if (src && want_h > 0)
        dst = SDL_CreateRGBSurfaceWithFormat(0, want_w, want_h, 32, SDL_PIXELFORMAT_ARGB8888);
    if (dst && SDL_SoftStretchLinear(src, NULL, dst, NULL) != 0) {
        SDL_FreeSurface(dst);
        dst = NULL;
    }
    SDL_FreeSurface(src);
    return dst;
}

int wz_image_cache_fit(wz_image_cache *ic, const char *path, int box_w, int box_h, int *fit_w)
{
    if (!path || !*path || box_w <= 0 || box_h <= 0) return -1;
    dims *d = NULL;
    for (int i = 0; i < WZ_IMAGE_DIMS; i++)
        if (ic->dims[i].path && strcmp(ic->dims[i].path, path) == 0) d = &ic->dims[i];
    if (!d) {
        d = &ic->dims[ic->next_dim];
        ic->next_dim = (ic->next_dim + 1) % WZ_IMAGE_DIMS;
        free(d->path);
        d->path = wz_xstrdup(path);
        /* the size in the header; an SVG that names none: a small rendering's */
        wz_picture_info info;
        d->w = d->h = 0;
        if (wz_picture_check(path, &info, NULL) == 0) {
            d->w = info.width;
            d->h = info.height;
        }
        if (d->w <= 0 && info.format == WZ_PICTURE_SVG && info.problem == WZ_PICTURE_OK) {
            SDL_Surface *s = load_file(ic, path, 64);
            d->w = s ? s->w : 0;
            d->h = s ? s->h : 0;
            SDL_FreeSurface(s);
        }
    }
    if (d->w <= 0 || d->h <= 0) return -1;
    if ((long)d->w * box_h > (long)d->h * box_w)
        *fit_w = box_w;
    else
        *fit_w = (int)WZ_MAX(1, (long)d->w * box_h / d->h);
    return 0;
}

SDL_Texture *wz_image_cache_get(wz_image_cache *ic, const char *path, int want_w, int *w, int *h)
{
    if (!path || !*path) return NULL;
    int svg = wz_str_ends(path, ".svg") || wz_str_ends(path, ".SVG");
    if (want_w < 0 || want_w > WZ_IMAGE_MAX_SIDE) want_w = 0;
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
    SDL_Surface *surf = load(ic, path, svg, want_w);
    if (surf) victim->tex = SDL_CreateTextureFromSurface(ic->r, surf);
    if (!victim->tex) {
        victim->failed = 1;
        if (surf) SDL_FreeSurface(surf);
        return NULL;
    }
    victim->w = surf->w;
    victim->h = surf->h;
    victim->opaque = opaque(surf);
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
    SDL_SetTextureBlendMode(victim->tex, victim->opaque ? SDL_BLENDMODE_NONE : SDL_BLENDMODE_BLEND);
    SDL_SetTextureScaleMode(victim->tex, SDL_ScaleModeLinear);
    if (w) *w = victim->w;
    if (h) *h = victim->h;
    return victim->tex;
}

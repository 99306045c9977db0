/*
 * wz_draw: anti-aliased discs and rounded rectangles (see wz_draw.h).
 *
 * A disc texture is made per radius and colour, at its exact pixel size (coverage from
 * the distance to the edge), and kept in a small cache: drawing a corner is then a plain
 * unscaled, untinted copy, which the software renderer does several times faster than a
 * filtered stretch or a colour-modulated blit.
 * Radii past WZ_DRAW_MAX_RADIUS are stretched from the largest disc instead.
 */
#include "wz_draw.h"

#include <math.h>
#include <stdlib.h>

#include "wz_util.h"

#define WZ_DRAW_SLOTS 96
#define WZ_DRAW_MAX_BYTES (8u * 1024u * 1024u)

typedef struct disc {
    int radius;
    SDL_Color c;
    SDL_Texture *tex;
    unsigned long long used;
} disc;

struct wz_draw {
    SDL_Renderer *r;
    disc discs[WZ_DRAW_SLOTS];
    unsigned long long clock;
    size_t bytes;
};

static size_t disc_bytes(int radius)
{
    return (size_t)(2 * radius) * (size_t)(2 * radius) * 4u;
}

static void disc_drop(wz_draw *d, disc *s)
{
    if (!s->tex) return;
    SDL_DestroyTexture(s->tex);
    s->tex = NULL;
    d->bytes -= disc_bytes(s->radius);
}

/* A disc's pixel: its colour, with the share of the pixel inside the circle as alpha. */
static Uint32 disc_pixel(float c, int x, int y, SDL_Color col)
{
    float dx = (float)x + 0.5f - c, dy = (float)y + 0.5f - c;
    float cover = c - sqrtf(dx * dx + dy * dy) + 0.5f;
    cover = cover < 0 ? 0 : (cover > 1 ? 1 : cover);
    return ((Uint32)(cover * (float)col.a + 0.5f) << 24) | ((Uint32)col.r << 16) |
           ((Uint32)col.g << 8) | col.b;
}

/* Only the pixels near the edge are worked out one by one: those well inside are the
 * solid colour and those well outside transparent, as disc_pixel would make them (a
 * margin of two pixels keeps float rounding out of it), which spares most square roots
 * for the attract screen's large discs. */
static void disc_row(Uint32 *row, int d, float c, int y, SDL_Color col)
{
    const Uint32 solid =
                     ((Uint32)col.a << 24) | ((Uint32)col.r << 16) | ((Uint32)col.g << 8) | col.b,
                 clear = ((Uint32)col.r << 16) | ((Uint32)col.g << 8) | col.b;
    double dy = fabs((double)y + 0.5 - (double)c), in2 = ((double)c - 0.5) * ((double)c - 0.5);
    /* |dx| below `in` is inside (cover 1); above `out` outside (cover 0) */
    double in = in2 > dy * dy ? sqrt(in2 - dy * dy) - 2.0 : -1.0;
    double out2 = ((double)c + 0.5) * ((double)c + 0.5);
    double out = out2 > dy * dy ? sqrt(out2 - dy * dy) + 2.0 : 2.0;
    for (int x = 0; x < d; x++) {
        double dx = fabs((double)x + 0.5 - (double)c);
        row[x] = dx < in ? solid : dx > out ? clear : disc_pixel(c, x, y, col);
    }
}

/* Written into the texture a few rows at a time: a whole-disc surface first (1 MB for the
 * attract screen's largest) only doubled the fresh memory the first frame touches, and a
 * first touch is what costs on a virtual kiosk (wz_kiosk_surface.c). */
static SDL_Texture *make_disc(SDL_Renderer *r, int radius, SDL_Color col)
{
    enum { ROWS = 16 };
    int d = 2 * radius;
    SDL_Texture *t = SDL_CreateTexture(r, SDL_PIXELFORMAT_ARGB8888, SDL_TEXTUREACCESS_STATIC, d, d);
    if (!t) return NULL;
    Uint32 *rows = wz_xmalloc((size_t)d * ROWS * sizeof *rows);
    for (int y = 0; y < d; y += ROWS) {
        int n = WZ_MIN(ROWS, d - y);
        for (int i = 0; i < n; i++)
            disc_row(rows + (size_t)i * (size_t)d, d, (float)radius, y + i, col);
        SDL_Rect band = {0, y, d, n};
        SDL_UpdateTexture(t, &band, rows, d * (int)sizeof *rows);
    }
    free(rows);
    SDL_SetTextureBlendMode(t, SDL_BLENDMODE_BLEND);
    SDL_SetTextureScaleMode(t, SDL_ScaleModeLinear);
    return t;
}

/* The disc of this radius in this colour: drawn in its colour, never tinted, because a
 * tinted copy takes the software renderer's slow generic blitter. */
static SDL_Texture *disc_get(wz_draw *d, int radius, SDL_Color c)
{
    if (radius > WZ_DRAW_MAX_RADIUS) radius = WZ_DRAW_MAX_RADIUS;
    disc *victim = NULL;
    d->clock++;
    for (int i = 0; i < WZ_DRAW_SLOTS; i++) {
        disc *s = &d->discs[i];
        if (s->tex && s->radius == radius && s->c.r == c.r && s->c.g == c.g && s->c.b == c.b &&
            s->c.a == c.a) {
            s->used = d->clock;
            return s->tex;
        }
        if (!victim || !s->tex || (victim->tex && s->used < victim->used)) victim = s;
    }
    disc_drop(d, victim);
    /* bounded in bytes too: big discs (the attract screen's) push out the oldest */
    while (d->bytes + disc_bytes(radius) > WZ_DRAW_MAX_BYTES) {
        disc *old = NULL;
        for (int i = 0; i < WZ_DRAW_SLOTS; i++)
            if (d->discs[i].tex && (!old || d->discs[i].used < old->used)) old = &d->discs[i];
        if (!old) break;
        disc_drop(d, old);
    }
    victim->tex = make_disc(d->r, radius, c);
    victim->radius = radius;
    victim->c = c;
    if (victim->tex) d->bytes += disc_bytes(radius);
    victim->used = d->clock;
    return victim->tex;
}

wz_draw *wz_draw_create(SDL_Renderer *r)
{
    wz_draw *d = wz_xcalloc(1, sizeof *d);
    d->r = r;
    return d;
}

void wz_draw_reset(wz_draw *d)
{
    for (int i = 0; i < WZ_DRAW_SLOTS; i++)
        disc_drop(d, &d->discs[i]);
}

void wz_draw_destroy(wz_draw *d)
{
    if (!d) return;
    wz_draw_reset(d);
    free(d);
}

static void fill(SDL_Renderer *r, int x, int y, int w, int h)
{
    if (w <= 0 || h <= 0) return;
    SDL_Rect q = {x, y, w, h};
    SDL_RenderFillRect(r, &q);
}

void wz_draw_rrect(wz_draw *d, SDL_Rect r, int radius, SDL_Color c)
{
    if (r.w <= 0 || r.h <= 0) return;
    radius = WZ_MIN(radius, WZ_MIN(r.w, r.h) / 2);
    SDL_SetRenderDrawBlendMode(d->r, c.a == 255 ? SDL_BLENDMODE_NONE : SDL_BLENDMODE_BLEND);
    SDL_SetRenderDrawColor(d->r, c.r, c.g, c.b, c.a);
    SDL_Texture *t = radius > 0 ? disc_get(d, radius, c) : NULL;
    if (!t) {
        fill(d->r, r.x, r.y, r.w, r.h);
        return;
    }
    fill(d->r, r.x + radius, r.y, r.w - 2 * radius, radius);
    fill(d->r, r.x, r.y + radius, r.w, r.h - 2 * radius);
    fill(d->r, r.x + radius, r.y + r.h - radius, r.w - 2 * radius, radius);
    int h = WZ_MIN(radius, WZ_DRAW_MAX_RADIUS);
    SDL_Rect src[4] = {{0, 0, h, h}, {h, 0, h, h}, {0, h, h, h}, {h, h, h, h}};
    SDL_Rect dst[4] = {{r.x, r.y, radius, radius},
                       {r.x + r.w - radius, r.y, radius, radius},
                       {r.x, r.y + r.h - radius, radius, radius},
                       {r.x + r.w - radius, r.y + r.h - radius, radius, radius}};
    for (int i = 0; i < 4; i++)
        SDL_RenderCopy(d->r, t, &src[i], &dst[i]);
}

void wz_draw_circle(wz_draw *d, int cx, int cy, int radius, SDL_Color c)
{
    SDL_Rect r = {cx - radius, cy - radius, 2 * radius, 2 * radius};
    wz_draw_rrect(d, r, radius, c);
}

/*
 * wz_draw: anti-aliased discs and rounded rectangles from one supersampled disc
 * texture (see wz_draw.h).
 */
#include "wz_draw.h"

#include <stdlib.h>

#include "wz_util.h"

#define DISC 128 /* texture side; corners up to ~64 px scale up smoothly */

struct wz_draw {
    SDL_Renderer *r;
    SDL_Texture *disc;
};

static SDL_Texture *make_disc(SDL_Renderer *r)
{
    SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, DISC, DISC, 32, SDL_PIXELFORMAT_ARGB8888);
    if (!s) return NULL;
    const float c = DISC / 2.0f, rad = DISC / 2.0f - 0.5f;
    for (int y = 0; y < DISC; y++) {
        Uint32 *row = (Uint32 *)((Uint8 *)s->pixels + y * s->pitch);
        for (int x = 0; x < DISC; x++) {
            int in = 0;
            for (int sy = 0; sy < 4; sy++)
                for (int sx = 0; sx < 4; sx++) {
                    float px = x + (sx + 0.5f) / 4.0f - c, py = y + (sy + 0.5f) / 4.0f - c;
                    if (px * px + py * py <= rad * rad) in++;
                }
            Uint32 a = (Uint32)(in * 255 / 16);
            row[x] = (a << 24) | 0xFFFFFFu;
        }
    }
    SDL_Texture *t = SDL_CreateTextureFromSurface(r, s);
    SDL_FreeSurface(s);
    if (t) {
        SDL_SetTextureBlendMode(t, SDL_BLENDMODE_BLEND);
        SDL_SetTextureScaleMode(t, SDL_ScaleModeLinear);
    }
    return t;
}

wz_draw *wz_draw_create(SDL_Renderer *r)
{
    wz_draw *d = wz_xcalloc(1, sizeof *d);
    d->r = r;
    d->disc = make_disc(r);
    return d;
}

void wz_draw_destroy(wz_draw *d)
{
    if (!d) return;
    if (d->disc) SDL_DestroyTexture(d->disc);
    free(d);
}

void wz_draw_reset(wz_draw *d)
{
    if (d->disc) SDL_DestroyTexture(d->disc);
    d->disc = make_disc(d->r);
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
    if (radius <= 0 || !d->disc) {
        fill(d->r, r.x, r.y, r.w, r.h);
        return;
    }
    fill(d->r, r.x + radius, r.y, r.w - 2 * radius, radius);
    fill(d->r, r.x, r.y + radius, r.w, r.h - 2 * radius);
    fill(d->r, r.x + radius, r.y + r.h - radius, r.w - 2 * radius, radius);
    SDL_SetTextureColorMod(d->disc, c.r, c.g, c.b);
    SDL_SetTextureAlphaMod(d->disc, c.a);
    const int h = DISC / 2;
    SDL_Rect src[4] = {{0, 0, h, h}, {h, 0, h, h}, {0, h, h, h}, {h, h, h, h}};
    SDL_Rect dst[4] = {{r.x, r.y, radius, radius},
                       {r.x + r.w - radius, r.y, radius, radius},
                       {r.x, r.y + r.h - radius, radius, radius},
                       {r.x + r.w - radius, r.y + r.h - radius, radius, radius}};
    for (int i = 0; i < 4; i++)
        SDL_RenderCopy(d->r, d->disc, &src[i], &dst[i]);
}

void wz_draw_circle(wz_draw *d, int cx, int cy, int radius, SDL_Color c)
{
    SDL_Rect r = {cx - radius, cy - radius, 2 * radius, 2 * radius};
    wz_draw_rrect(d, r, radius, c);
}

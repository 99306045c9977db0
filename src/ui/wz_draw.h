/*
 * wz_draw: the few shapes the kiosk is drawn with: rounded rectangles and circles,
 * anti-aliased on every renderer (including the software one used headless).
 *
 * SDL's renderer has no anti-aliased shapes, so one white disc is rasterised once with
 * 4x4 supersampling into a texture; a circle is that texture scaled and tinted, and a
 * rounded rectangle is its four quarters as corners plus three plain rectangles that
 * never overlap (so translucent colours stay even). Cheap enough to redraw a whole
 * screen on the software renderer in a few milliseconds.
 */
#ifndef WZ_DRAW_H
#define WZ_DRAW_H

#include <SDL.h>

typedef struct wz_draw wz_draw;

/* Corners of a larger radius are stretched from the disc of this radius. */
#define WZ_DRAW_MAX_RADIUS 320

wz_draw *wz_draw_create(SDL_Renderer *r);
void wz_draw_destroy(wz_draw *d); /* accepts NULL */
/* After a render reset: rebuilds the disc texture. */
void wz_draw_reset(wz_draw *d);
void wz_draw_rrect(wz_draw *d, SDL_Rect r, int radius, SDL_Color c);
void wz_draw_circle(wz_draw *d, int cx, int cy, int radius, SDL_Color c);

#endif

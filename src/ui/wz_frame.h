/*
 * wz_frame: one frame's display list and controls (the microui model).
 *
 * A screen does not draw: it emits commands (rectangles, text, pictures, icons) and
 * controls (a rectangle, an action, the label a person reads on it) into a frame. That one
 * list serves the renderer, the input layer, keyboard focus, the script mode and the layout
 * check, so what is tested is exactly what is drawn. When the language is written right to
 * left (wz_text_is_rtl), everything is placed at its mirror image as it is added, so screens
 * lay out as for English. One scroll view per frame: commands between scroll_begin and
 * scroll_end are in content coordinates. Strings are copied; all lives until the next begin.
 */
#ifndef WZ_FRAME_H
#define WZ_FRAME_H

#include <SDL.h>

#include "wz_draw.h"
#include "wz_image.h"
#include "wz_text.h"

typedef struct wz_frame wz_frame;

typedef struct wz_control {
    SDL_Rect r; /* in screen coordinates for fixed controls, content ones when scroll */
    int action, arg;
    char *label;
    int scroll; /* inside the scroll view */
    int hidden; /* nothing drawn for it (wz_frame_control_hidden) */
} wz_control;

#define WZ_FRAME_MAX_COMMANDS 4000
#define WZ_FRAME_MAX_CONTROLS 200

wz_frame *wz_frame_create(SDL_Renderer *r, wz_draw *d, wz_text_cache *tc, wz_image_cache *ic,
                          const char *icon_dir);
void wz_frame_destroy(wz_frame *f); /* accepts NULL */

/* Starts a new list for a w x h screen. */
void wz_frame_begin(wz_frame *f, int w, int h);
int wz_frame_width(const wz_frame *f);
/* 1 when this frame is mirrored (set at begin from the text layer's language). */
int wz_frame_is_rtl(const wz_frame *f);
int wz_frame_height(const wz_frame *f);

/* ---- commands ---- */
void wz_frame_rect(wz_frame *f, SDL_Rect r, int radius, SDL_Color c);
/* A rounded rectangle with a border of `border` pixels. */
void wz_frame_rect_border(wz_frame *f, SDL_Rect r, int radius, int border, SDL_Color line,
                          SDL_Color fill);
void wz_frame_circle(wz_frame *f, int cx, int cy, int radius, SDL_Color c);
/* WZ_ALIGN_BLOCK: lines centred on each other, the block at the box's left (a label
 * beside an icon). */
#define WZ_ALIGN_BLOCK 3
/* Text wrapped to box.w, drawn at the box's top (align picks the side). When box.h > 0
 * the text must fit it (the layout check reports it otherwise). Returns the text's size. */
SDL_Point wz_frame_text(wz_frame *f, const char *text, SDL_Rect box, int px, int bold, SDL_Color c,
                        int align);
/* Size text would take, wrapped to w (0: one line). */
SDL_Point wz_frame_measure(wz_frame *f, const char *text, int w, int px, int bold);
/* A picture fitted inside r (kept in proportion, centred). Returns 0, or -1 when it
 * cannot be loaded (nothing is drawn: the caller draws its fallback). */
int wz_frame_image(wz_frame *f, const char *path, SDL_Rect r);
/* An icon from the icon folder (NAME.svg, drawn white) tinted c, fitted into r. */
void wz_frame_icon(wz_frame *f, const char *name, SDL_Rect r, SDL_Color c);
/* Full-screen translucent layer (for overlays). */
void wz_frame_dim(wz_frame *f, SDL_Color c);

/* ---- controls ---- */
void wz_frame_control(wz_frame *f, SDL_Rect r, int action, int arg, const char *label);
/* A control nothing is drawn for (a hold target laid over a corner of the screen): the
 * layout check does not count it as covering the text under it. */
void wz_frame_control_hidden(wz_frame *f, SDL_Rect r, int action, int arg, const char *label);
/* Hides every control added so far (a modal overlay is about to add its own). */
void wz_frame_modal(wz_frame *f);
int wz_frame_control_count(const wz_frame *f);
const wz_control *wz_frame_control_at(const wz_frame *f, int i);
/* The control under screen point (x, y), topmost first, or NULL. */
const wz_control *wz_frame_hit(const wz_frame *f, int x, int y);
/* The control whose label is `label` (exact, then case-insensitive, then the only one
 * containing it), or NULL. */
const wz_control *wz_frame_find(const wz_frame *f, const char *label);
/* Where a control is on screen now (scroll applied; may be partly outside). */
SDL_Rect wz_frame_screen_rect(const wz_frame *f, const wz_control *c);
/* Scrolls so that control c is wholly visible. Returns 1 when the offset changed. */
int wz_frame_reveal(wz_frame *f, const wz_control *c);

/* ---- scroll view ---- */
void wz_frame_scroll_begin(wz_frame *f, SDL_Rect viewport);
/* content_h: height of what was emitted; clamps the offset. */
void wz_frame_scroll_end(wz_frame *f, int content_h);
int wz_frame_in_scroll(const wz_frame *f, int x, int y);
/* Moves the offset by dy pixels (clamped). Returns 1 when it moved. */
int wz_frame_scroll_by(wz_frame *f, int dy);
void wz_frame_scroll_reset(wz_frame *f);
/* Sets the offset (clamped at the next scroll_end). */
void wz_frame_scroll_set(wz_frame *f, int offset);
/* The next scroll_end puts the offset at the end (new chat messages). */
void wz_frame_scroll_to_end(wz_frame *f);
int wz_frame_scroll_offset(const wz_frame *f);
/* The scroll view's rectangle as the screen gave it (before mirroring), or 0 when this frame
 * has none. */
int wz_frame_scroll_viewport(const wz_frame *f, SDL_Rect *vp);
int wz_frame_scroll_max(const wz_frame *f);
/* A strip of px at the foot of a scroll view, kept free of content for a button of its own
 * ("more below"): scroll_end takes it off the view while content lies below the whole view
 * (when the content is taller than the view by more than the strip, and the view at least
 * three strips tall); scrolled to the end, the view is whole again. Set before a screen is
 * built; 0: none. */
void wz_frame_set_scroll_gutter(wz_frame *f, int px);
/* The strip taken under this frame's scroll view (its height), or 0. */
int wz_frame_scroll_gutter(const wz_frame *f, SDL_Rect *strip);

/* ---- drawing and checks ---- */
/* Draws the list. `pressed` and `focus` are control indices to highlight (-1: none). */
void wz_frame_draw(wz_frame *f);
/* Draws only the part of the list inside clip (clipped to it): on a target that still
 * holds the last frame, that part then looks exactly as a whole redraw would. */
void wz_frame_draw_clipped(wz_frame *f, SDL_Rect clip);
/* Partial redraws (wz_frame_damage.c). wz_frame_keep remembers the list just drawn;
 * wz_frame_damage then puts into out (room for WZ_FRAME_DAMAGE_MAX) the rectangles the
 * new list changes and returns how many (0: nothing changed), or -1 when the whole
 * frame must be drawn (nothing kept, another size, or most of the screen changed).
 * wz_frame_forget drops what was kept: after anything else changed the target. */
#define WZ_FRAME_DAMAGE_MAX 8
void wz_frame_keep(wz_frame *f);
int wz_frame_damage(const wz_frame *f, SDL_Rect *out);
void wz_frame_forget(wz_frame *f);
/* 1 when `text` is part of a text drawn (visibly) in this frame. A picture (not an icon)
 * reads as "[picture NAME]", NAME its file's base name. */
int wz_frame_has_text(const wz_frame *f, const char *text);
/* Every visible text and picture, one per line, into a new string the caller frees. */
char *wz_frame_texts(const wz_frame *f);
/* Controls smaller than this (in either direction) fail the layout check: touch targets
 * must be big enough for a child's finger (64 px at 1080p). 0: not checked. */
void wz_frame_set_min_target(wz_frame *f, int px);
/* The layout check: controls outside the screen or too small to touch, texts larger
 * than their box, a word of a control's label broken across lines ("Bac" / "k"), the scroll
 * viewport outside the screen, a control laid over another control or over text. Returns the number
 * of problems; each is appended as one line to *report (a new string the caller frees; NULL when
 * there are none). */
int wz_frame_check(const wz_frame *f, char **report);

#endif

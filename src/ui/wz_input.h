/*
 * wz_input: turns SDL touch, mouse and key events into "this control was activated",
 * "the page was dragged", "back" (the LVGL indev model: one pointer, acted on at release).
 *
 * The SDL 2.26 pitfalls this layer owns (code-anchors Part B):
 *  - every touch would also arrive as a mouse event: mouse events with which ==
 *    SDL_TOUCH_MOUSEID are dropped (and the kiosk sets SDL_HINT_TOUCH_MOUSE_EVENTS=0),
 *    and real mouse buttons are ignored for WZ_INPUT_MOUSE_QUIET_MS after a finger;
 *  - touchscreens that X exposes as plain pointers send only mouse events (which 0):
 *    those are accepted, with positions read from the button events themselves (no
 *    motion events arrive without a window manager);
 *  - lost finger-ups: a new press, a focus loss (wz_input_cancel) or another finger
 *    resets the press state, so a stuck finger never blocks the screen;
 *  - one active pointer; a press becomes a tap only if released within a slop radius
 *    over the same control, otherwise it is a drag (which scrolls the scroll view);
 *  - a touchscreen mounted rotated against the display: wz_input_set_rotation.
 * Keyboard: Tab / arrows move the focus, Enter / Space activate, Escape means Back
 * (never quit: the kiosk has no visitor exit).
 *
 * Positions are in renderer output pixels (finger events are fractions of it; mouse
 * events are window points, scaled by the high-DPI factor).
 */
#ifndef WZ_INPUT_H
#define WZ_INPUT_H

#include <SDL.h>

#include "wz_frame.h"

#define WZ_INPUT_MOUSE_QUIET_MS 500

typedef struct wz_input wz_input;

typedef struct wz_input_result {
    int activity;  /* a person did something (idle timer) */
    int dirty;     /* pressed state, focus or scroll changed: redraw */
    int activated; /* a control was activated: action and arg */
    int action, arg;
    int back;       /* Escape */
    int touch_used; /* a finger was seen (hide the cursor) */
} wz_input_result;

wz_input *wz_input_create(void);
void wz_input_destroy(wz_input *in); /* accepts NULL */
/* Output size in pixels and the window-to-output factor for mouse positions. */
void wz_input_set_geometry(wz_input *in, int out_w, int out_h, float mouse_scale);
/* 0, 90, 180 or 270: how the touch panel is rotated against the display. */
void wz_input_set_rotation(wz_input *in, int degrees);
/* Maps a finger position (fractions) to output pixels, applying the rotation. */
void wz_input_map_finger(const wz_input *in, float fx, float fy, int *x, int *y);
/* Handles one event against the frame on screen. Returns 1 when it was input. */
int wz_input_handle(wz_input *in, const SDL_Event *ev, wz_frame *f, wz_input_result *res);
/* Forgets any press (focus lost, screen changed). */
void wz_input_cancel(wz_input *in);
/* The pressed control (for drawing), or 0 when none. */
int wz_input_pressed(const wz_input *in, int *action, int *arg);
/* The keyboard-focused control, or 0 when focus is not shown. */
int wz_input_focus(const wz_input *in, int *action, int *arg);

#endif

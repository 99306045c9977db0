/*
 * wz_input: turns SDL touch, mouse and key events into "this control was activated",
 * "the page was dragged", "back" (one pointer, acted on at release).
 *
 * It owns SDL's touch pitfalls: touches echoed as mouse events are dropped; touchscreens
 * seen as plain pointers are accepted; a lost finger-up never leaves the screen stuck; a
 * press is a tap only when released near where it went down, over the same control, else a
 * drag; a panel mounted rotated is turned back (wz_input_set_rotation). Keyboard: Tab and
 * arrows move the focus, Enter and Space activate, Escape means Back (never quit).
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

/*
 * wz_admin_gesture: the hidden way into admin mode, as a pure state machine.
 *
 * Two gestures in the top-left corner of the attract (or "no scenarios") screen open
 * the PIN pad: a press held for WZ_GESTURE_HOLD_MS, or WZ_GESTURE_TAPS taps each within
 * WZ_GESTURE_TAP_GAP_MS of the last (for touch panels that lose long presses, and for
 * the script mode, whose taps cannot be held). Neither is something a visitor does by
 * chance on a screen that says "touch anywhere", and the PIN stands behind both anyway.
 * Times are the kiosk's monotonic milliseconds, passed in, so tests need no clock.
 */
#ifndef WZ_ADMIN_GESTURE_H
#define WZ_ADMIN_GESTURE_H

#define WZ_GESTURE_HOLD_MS 3000
#define WZ_GESTURE_TAPS 5
#define WZ_GESTURE_TAP_GAP_MS 800

typedef struct wz_admin_gesture {
    long long down_at; /* when the current press in the corner began; -1: none */
    int taps;          /* quick taps counted so far */
    long long last_tap;
} wz_admin_gesture;

void wz_admin_gesture_init(wz_admin_gesture *g);
/* The corner is being pressed at `now` (call on every frame that shows it pressed).
 * Returns 1 once the press has been held long enough. */
int wz_admin_gesture_pressed(wz_admin_gesture *g, long long now);
/* The press ended (released in the corner: a tap). Returns 1 when this completes the
 * taps gesture or a hold. */
int wz_admin_gesture_released(wz_admin_gesture *g, long long now);
/* The press ended elsewhere or was cancelled. */
void wz_admin_gesture_cancel(wz_admin_gesture *g);
/* When the hold will complete (to wake the loop), or -1 when no press is going on. */
long long wz_admin_gesture_deadline(const wz_admin_gesture *g);

#endif

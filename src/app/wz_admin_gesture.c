/*
 * wz_admin_gesture: press time and tap rhythm, nothing else (see the header).
 *
 * The hold counts from the first frame that shows the corner pressed, which is within a
 * frame of the finger going down; a hold is reported once (the press is then forgotten),
 * so the PIN pad does not reopen while the finger stays on the glass.
 */
#include "wz_admin_gesture.h"

void wz_admin_gesture_init(wz_admin_gesture *g)
{
    g->down_at = -1;
    g->taps = 0;
    g->last_tap = 0;
}

int wz_admin_gesture_pressed(wz_admin_gesture *g, long long now)
{
    if (g->down_at < 0) {
        g->down_at = now;
        return 0;
    }
    if (now - g->down_at >= WZ_GESTURE_HOLD_MS) {
        wz_admin_gesture_init(g);
        g->down_at = -2; /* held: ignore this press until it ends */
        return 1;
    }
    return 0;
}

int wz_admin_gesture_released(wz_admin_gesture *g, long long now)
{
    if (g->down_at == -2) { /* the end of a hold that already opened the pad */
        wz_admin_gesture_init(g);
        return 0;
    }
    if (g->down_at >= 0 && now - g->down_at >= WZ_GESTURE_HOLD_MS) {
        wz_admin_gesture_init(g);
        return 1;
    }
    g->down_at = -1;
    if (g->taps > 0 && now - g->last_tap > WZ_GESTURE_TAP_GAP_MS) g->taps = 0;
    g->taps++;
    g->last_tap = now;
    if (g->taps >= WZ_GESTURE_TAPS) {
        wz_admin_gesture_init(g);
        return 1;
    }
    return 0;
}

void wz_admin_gesture_cancel(wz_admin_gesture *g)
{
    g->down_at = -1;
    g->taps = 0;
}

long long wz_admin_gesture_deadline(const wz_admin_gesture *g)
{
    return g->down_at >= 0 ? g->down_at + WZ_GESTURE_HOLD_MS : -1;
}

/*
 * test_gesture: the hidden corner opens admin mode only on a 3-second hold or five quick
 * taps; slow taps, short presses and presses that slide away do nothing.
 */
#include "wz_admin_gesture.h"
#include "wz_test.h"

int main(void)
{
    wz_admin_gesture g;

    WZ_TEST("a hold opens once, while the finger is still down");
    wz_admin_gesture_init(&g);
    WZ_CHECK_INT(wz_admin_gesture_deadline(&g), -1);
    WZ_CHECK_INT(wz_admin_gesture_pressed(&g, 1000), 0);
    WZ_CHECK_INT(wz_admin_gesture_deadline(&g), 1000 + WZ_GESTURE_HOLD_MS);
    WZ_CHECK_INT(wz_admin_gesture_pressed(&g, 3999), 0);
    WZ_CHECK_INT(wz_admin_gesture_pressed(&g, 4000), 1);
    WZ_CHECK_INT(wz_admin_gesture_pressed(&g, 4500), 0);  /* not again while held */
    WZ_CHECK_INT(wz_admin_gesture_released(&g, 5000), 0); /* the release of that hold */
    WZ_CHECK_INT(wz_admin_gesture_deadline(&g), -1);

    WZ_TEST("a hold seen only at its release still counts");
    wz_admin_gesture_init(&g);
    wz_admin_gesture_pressed(&g, 0);
    WZ_CHECK_INT(wz_admin_gesture_released(&g, 3100), 1);

    WZ_TEST("a short press is a tap, not a hold");
    wz_admin_gesture_init(&g);
    wz_admin_gesture_pressed(&g, 0);
    WZ_CHECK_INT(wz_admin_gesture_released(&g, 2900), 0);

    WZ_TEST("five quick taps open; four do not");
    wz_admin_gesture_init(&g);
    long long t = 10000;
    for (int i = 0; i < WZ_GESTURE_TAPS - 1; i++) {
        wz_admin_gesture_pressed(&g, t);
        WZ_CHECK_INT(wz_admin_gesture_released(&g, t + 100), 0);
        t += 500;
    }
    wz_admin_gesture_pressed(&g, t);
    WZ_CHECK_INT(wz_admin_gesture_released(&g, t + 100), 1);

    WZ_TEST("slow taps start counting again");
    wz_admin_gesture_init(&g);
    t = 0;
    for (int i = 0; i < 10; i++) {
        wz_admin_gesture_pressed(&g, t);
        WZ_CHECK_INT(wz_admin_gesture_released(&g, t + 50), 0);
        t += WZ_GESTURE_TAP_GAP_MS + 100;
    }

    WZ_TEST("a press that slides away is forgotten, and so are the taps before it");
    wz_admin_gesture_init(&g);
    for (int i = 0; i < 4; i++) {
        wz_admin_gesture_pressed(&g, i * 100);
        wz_admin_gesture_released(&g, i * 100 + 50);
    }
    wz_admin_gesture_pressed(&g, 500);
    wz_admin_gesture_cancel(&g);
    WZ_CHECK_INT(wz_admin_gesture_deadline(&g), -1);
    wz_admin_gesture_pressed(&g, 600);
    WZ_CHECK_INT(wz_admin_gesture_released(&g, 650), 0);

    WZ_TEST_END();
}

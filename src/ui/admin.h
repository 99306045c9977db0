/*
 * admin: the staff's admin mode inside the kiosk (docs/staff-guide.md).
 *
 * wz_admin_install registers everything through the kiosk's screen hook
 * (wz_kiosk_set_screen): it wraps the attract and "nothing to show" screens to add the
 * hidden corner (admin_gesture.h), and installs WZ_SCREEN_ADMIN, one screen with pages:
 * PIN pad, status and actions, statistics charts, and results. Call it after
 * wz_screens_install. One kiosk per process (the admin state is static).
 *
 * Admin mode never blocks the screen on the network, a slow stick or the slow PIN hash:
 * exporting figures and testing the upload run `wz-stats` (the same code as on the
 * command line) as a child process that the screen polls; the PIN check and the USB
 * import's reading, checking and copying run on a thread while the page shows a spinner
 * (the swap of the scenarios folder and library stays on the UI thread). It closes itself
 * after [admin] timeout seconds without a touch (never while such work runs), and the PIN
 * is checked against [admin] pin_hash with the wrong-PIN brake of wz_pin.h.
 */
#ifndef WZ_ADMIN_H
#define WZ_ADMIN_H

#include "wz_kiosk_int.h"

/* Exit status of "Exit the program": the systemd unit does not restart on it
 * (RestartPreventExitStatus=), unlike "Restart the kiosk" (exit 0, restarted). */
#define WZ_ADMIN_EXIT_STOP 4

void wz_admin_install(wz_kiosk *k);

#endif

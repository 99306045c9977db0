/*
 * wz_admin: the staff's admin mode as a state machine, without a screen.
 *
 * Pages (PIN pad, staff menu, statistics, choice of stick, import confirm, result, exit),
 * the PIN pad with the wrong-PIN brake of wz_pin.h, and one piece of work at a time (PIN
 * check, export, upload test, USB import, sync), each off the loop's thread. While work runs no
 * action is taken, so the brake counts each try once, in order; after [admin] timeout seconds
 * without a touch admin mode closes. The screen layer turns touches into wz_admin_action, calls
 * wz_admin_poll from its loop and draws from wz_admin_view_get, which changes nothing.
 *
 * The typed PIN lives in a small buffer wiped after every check and when admin mode
 * closes; nothing about it is logged except that a try was wrong.
 */
#ifndef WZ_ADMIN_H
#define WZ_ADMIN_H

#include "wz_library.h"

/* Exit status of "Exit the program": the systemd unit does not restart on it
 * (RestartPreventExitStatus=), unlike "Restart the kiosk" (exit 0, restarted). */
#define WZ_ADMIN_EXIT_STOP 4
/* How often the page is redrawn while work runs (its spinner), and while a child runs. */
#define WZ_ADMIN_POLL_BUSY_MS 100
#define WZ_ADMIN_POLL_MS 250
#define WZ_ADMIN_JOB_TIMEOUT_MS 120000
/* How long "Test the upload connection" waits for the collector, in seconds. */
#define WZ_ADMIN_UPLOAD_TEST_S 15

typedef struct wz_admin wz_admin;
struct wz_app;

/* What a control asks for (arg: the digit, or the index of a stick). */
typedef enum {
    WZ_ADMIN_DIGIT = 1,
    WZ_ADMIN_PIN_DELETE,
    WZ_ADMIN_PIN_OK,
    WZ_ADMIN_CLOSE,
    WZ_ADMIN_HOME,
    WZ_ADMIN_STATS,
    WZ_ADMIN_IMPORT,
    WZ_ADMIN_IMPORT_FROM,
    WZ_ADMIN_RELOAD,
    WZ_ADMIN_EXPORT,
    WZ_ADMIN_UPLOAD_TEST,
    WZ_ADMIN_RESTART,
    WZ_ADMIN_EXIT,
    WZ_ADMIN_EXIT_CONFIRM,
    WZ_ADMIN_IMPORT_CONFIRM, /* "Import these" on the import's confirm page */
    WZ_ADMIN_IMPORT_CANCEL,  /* "Cancel" there: the scenarios stay as they are */
    WZ_ADMIN_GROUP,          /* group mode for guides (wz_group_mode.h) */
} wz_admin_act;
/* Actions from here on are group mode's: WZ_ADMIN_GROUP_FIRST + a wz_group_act. */
#define WZ_ADMIN_GROUP_FIRST 100

typedef enum {
    WZ_ADMIN_PAGE_PIN,
    WZ_ADMIN_PAGE_HOME,
    WZ_ADMIN_PAGE_STATS,
    WZ_ADMIN_PAGE_SOURCES,
    WZ_ADMIN_PAGE_RESULT,
    WZ_ADMIN_PAGE_EXIT,
    WZ_ADMIN_PAGE_IMPORT_CONFIRM, /* what a checked import would change (result_text) */
    WZ_ADMIN_PAGE_GROUP           /* group mode: its own pages (wz_group_mode_view) */
} wz_admin_page;

typedef struct wz_admin_bar {
    char label[96];
    long long value, value2;
} wz_admin_bar;

/* Everything a page shows. Pointers point into the admin state: valid until the next call
 * that changes it (wz_admin_action, wz_admin_poll, the corner functions). */
typedef struct wz_admin_view {
    wz_admin_page page;
    int pin_digits;  /* how many digits are typed (the pad shows dots, never digits) */
    int checking;    /* the PIN is being checked */
    int busy;        /* work runs (a thread): no action is taken, a spinner shows */
    int job_running; /* a wz-stats child runs */
    char message[240];
    int message_bad;
    const char *result_title, *result_text;
    const char *const *sources; /* the sticks to choose from */
    int nsources;
    const char *mount_root;
    const wz_admin_bar *week; /* 7, oldest first */
    const wz_admin_bar *today;
    int ntoday;
    long long week_total, today_total;
    /* the staff menu's status */
    const char *kiosk_id, *scenarios_dir;
    const wz_library *lib;
    char db_size[32];
    char upload[600];
    char last_error[600];
    int last_error_bad;
    /* "I'm worried": the badge (alerts > 0), the channels' state, whom staff tell */
    int worried_alerts;               /* alerts raised since the kiosk started */
    char worried_badge[200];          /* "I'm worried" pressed: alerts at 14:03 and 13:40 ... */
    char worried_status[600];         /* "Staff alerts: ..." */
    int worried_status_bad;           /* the last delivery failed */
    const char *safeguarding_contact; /* NULL: not set */

    /* group mode's pages (on WZ_ADMIN_PAGE_GROUP) */
    const struct wz_group_mode *group;
} wz_admin_view;

/* Admin mode of app (which owns it; wz_app creates it). */
wz_admin *wz_admin_create(struct wz_app *app, long long now);
void wz_admin_destroy(wz_admin *a); /* stops any work; accepts NULL */

/* Tests and script mode: work started is waited for at the first poll at a later time,
 * so what a page shows does not depend on how fast a thread is. */
void wz_admin_set_deterministic(wz_admin *a, int on);
/* The program run for exports (default: wz-stats next to the program). */
void wz_admin_set_stats_program(wz_admin *a, const char *path);

/* ---- the hidden corner of the attract and "nothing to show" screens ---- */
/* The corner is pressed at now (every frame showing it pressed); released in it (a tap);
 * or the press slid away. Each opens the PIN pad when the gesture completes, and returns
 * 1 then. */
int wz_admin_corner_pressed(wz_admin *a, long long now);
int wz_admin_corner_released(wz_admin *a, long long now);
void wz_admin_corner_cancel(wz_admin *a);
int wz_admin_corner_held(const wz_admin *a); /* a press is going on */
/* When a hold will complete (to wake the loop), or -1 when no press is going on. */
long long wz_admin_corner_deadline(const wz_admin *a);
/* Opens the PIN pad (what the gesture does). */
void wz_admin_open(wz_admin *a, long long now);
int wz_admin_is_open(const wz_admin *a);

/* A control was used. Returns 1 when it was handled (also while work runs: ignored). */
int wz_admin_action(wz_admin *a, wz_admin_act act, int arg, long long now);
/* Finishes work that has ended, times out a child, closes admin mode after the timeout.
 * Returns 1 when what the page shows changed. */
int wz_admin_poll(wz_admin *a, long long now);
/* When to poll or redraw next (absolute ms), or -1 while closed. */
long long wz_admin_next_deadline(const wz_admin *a, long long now);
/* Rises whenever a page should be shown from its top (new page or new contents). */
int wz_admin_page_serial(const wz_admin *a);
/* Fills *out from the state at now; changes nothing. */
void wz_admin_view_get(const wz_admin *a, long long now, wz_admin_view *out);

#endif

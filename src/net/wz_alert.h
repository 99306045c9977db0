/*
 * wz_alert: the discreet staff alert behind the "I'm worried" button.
 *
 * An alert says only where and when (kiosk id, site, time, screen), never anything about
 * the visitor. It goes out through every channel of [alert], each on its own thread: a
 * command run through posix_spawn (never a shell) and stopped after its time-out, and an
 * HTTPS POST (TLS verified, token from a 0600 file) retried until retry_window after the
 * press and then given up, since a late alert helps nobody. Repeated presses raise at
 * most one alert every WZ_ALERT_REPEAT_MS, the rest folded into it. Each alert and its
 * outcome is one line in the log; the status keeps the last ones for the staff menu.
 */
#ifndef WZ_ALERT_H
#define WZ_ALERT_H

#include "wz_config.h"

#include <stdatomic.h>
#include <time.h>

#define WZ_ALERT_REPEAT_MS 60000 /* one alert a minute at most, however many presses */
#define WZ_ALERT_RECENT 5        /* alert times kept for the staff menu */
#define WZ_ALERT_QUEUE 8         /* alerts waiting per channel; older ones give way */

/* What an alert says: nothing about the visitor. */
typedef struct wz_alert_facts {
    char kiosk[65];
    char site[644]; /* [kiosk] site: at most 160 characters of UTF-8 */
    char screen[32];
    time_t at;            /* wall clock of the press */
    long long pressed_ms; /* monotonic clock of the press (the retry window counts from it) */
    int seq;              /* which alert this is (wz_alert_status.raised when it was raised) */
} wz_alert_facts;

/* The JSON document POSTed: {"text": a sentence for a chat, "kind": "worried", "kiosk",
 * "site" (when set), "time" (UTC, ISO 8601), "screen"}. A new string the caller frees. */
char *wz_alert_json(const wz_alert_facts *f);
/* [alert] command split into words (wz_config_command_split) with {kiosk}, {site}, {time}
 * and {screen} replaced in every word. NULL-terminated; free with wz_config_command_free.
 * NULL with *err when the command cannot be split. */
char **wz_alert_command_argv(const char *command, const wz_alert_facts *f, char **err);
/* Runs argv[0] with argv (no shell, no input, output to /dev/null) and waits up to
 * timeout_ms (or until *stop), then ends it (SIGTERM, then SIGKILL). Returns 0 when it
 * exited with status 0; -1 and *err in words otherwise. */
int wz_alert_run_command(char *const argv[], int timeout_ms, const atomic_int *stop, char **err);

typedef enum {
    WZ_ALERT_SENT = 0, /* a 2xx answer */
    WZ_ALERT_RETRY,    /* no answer, a time-out, 5xx, 408 or 429: worth another try */
    WZ_ALERT_REFUSED   /* another answer, a bad address or token file: trying again won't help */
} wz_alert_post_result;

typedef struct wz_alert_post_opts {
    const char *url, *token_file, *ca_file, *proxy;
    long timeout_ms; /* the whole request */
    const atomic_int *stop;
} wz_alert_post_opts;
/* One POST of body. *err (may be NULL) gets what went wrong in words when not SENT. */
wz_alert_post_result wz_alert_post(const wz_alert_post_opts *o, const char *body, long *http_status,
                                   char **err);

/* ---- the alert threads ---- */

typedef struct wz_alert_status {
    int command, url;               /* channels configured (1) or not (0) */
    int presses;                    /* presses since start (each one) */
    int raised;                     /* alerts raised since start (at most one a minute) */
    time_t recent[WZ_ALERT_RECENT]; /* wall time of the last alerts raised, newest first */
    int delivered, failed;          /* channel deliveries that worked / were given up */
    char command_result[200];       /* the last outcome of each channel in words; "" none */
    char url_result[200];
    int command_ok, url_ok; /* the latest alert on that channel: -1 going out, 1 done, 0 failed */
    int serial;             /* rises with every outcome (to redraw what depends on it) */
} wz_alert_status;

typedef struct wz_alert wz_alert;

/* Starts a thread for each channel configured in cfg ([alert] command, url; [kiosk] id,
 * site; [upload] proxy). With none configured it starts no thread and only keeps the
 * presses and their times (the staff menu shows them). Returns NULL only when cfg is NULL
 * or channels were configured and none could start (with *err). A channel that cannot
 * start is logged and left out. */
wz_alert *wz_alert_start(const wz_config *cfg, char **err);
/* A press of "I'm worried" on `screen` at wall time `at` and monotonic now_ms (the
 * caller's clock, so a scripted kiosk with a fake clock is deterministic). Returns 1 when
 * an alert was raised (and went to every channel), 0 when it was folded into the one
 * raised less than WZ_ALERT_REPEAT_MS ago. Never blocks on a channel. UI thread only;
 * accepts NULL (0). */
int wz_alert_raise(wz_alert *a, const char *screen, time_t at, long long now_ms);
/* 1 when at least one channel runs (someone is alerted). Accepts NULL (0). */
int wz_alert_has_channel(wz_alert *a);
/* 1 while the latest alert may still reach staff: a channel runs and not every channel
 * has given it up (going out or delivered on one is enough). Accepts NULL (0). */
int wz_alert_reaching_staff(wz_alert *a);
/* Copies the status (any thread; never waits on a channel). Accepts NULL (all zero). */
void wz_alert_status_get(wz_alert *a, wz_alert_status *out);
/* Stops: alerts already raised get up to grace_ms to go out (no more retries), then any
 * transfer or command still running is ended; joins the threads. Accepts NULL. */
void wz_alert_stop(wz_alert *a, int grace_ms);

#endif

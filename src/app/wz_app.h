/*
 * wz_app: the kiosk without a screen: its settings, the scenario library (reloaded when
 * the folder changes, through wz_import_watch, only between visitors), the recorder of
 * anonymous events, the upload worker, the visitor session and admin mode.
 *
 * The screen layer (src/ui) owns one wz_app, shows what the session and admin mode say,
 * and calls wz_app_tick from its loop; it never touches the database or the network.
 * Times are the kiosk's monotonic milliseconds, passed in, so tests need no clock.
 */
#ifndef WZ_APP_H
#define WZ_APP_H

#include <stdio.h>

#include "wz_admin.h"
#include "wz_config.h"
#include "wz_library.h"
#include "wz_session.h"

typedef struct wz_app wz_app;

typedef struct wz_app_opts {
    const char *config_path;   /* NULL: defaults */
    const char *scenarios_dir; /* overrides the config */
    const char *db_path;       /* overrides the config */
    const char *quiz_before;   /* overrides [kiosk] knowledge_before_share ("0", "1", "1/3") */
} wz_app_opts;

/* Reads the settings (their mistakes are printed to stderr, then the defaults are used).
 * Nothing else starts until wz_app_start. Never NULL. */
wz_app *wz_app_create(const wz_app_opts *o);
/* What the attract screen needs and no more: the session (on the attract screen, with no
 * library yet) and admin mode. Cheap: call it before the first frame. */
void wz_app_begin(wz_app *a, long long now);
/* Starts reading the library and opening the recorder on a thread of its own (printing
 * the problems of files that cannot play); wz_app_tick puts them in place when they are
 * ready, raising the library serial, and then starts the upload worker. Call it once the
 * first frame is on the screen. */
void wz_app_load(wz_app *a);
/* 1 once the library, recorder and upload worker are in place. */
int wz_app_loaded(const wz_app *a);
/* Waits until they are (starting the loading if it has not started): before a touch is
 * handled, or a script runs, so that neither meets a kiosk without its scenarios. */
void wz_app_wait_loaded(wz_app *a, long long now);
/* wz_app_begin, wz_app_load and wz_app_wait_loaded in one. */
void wz_app_start(wz_app *a, long long now);
void wz_app_destroy(wz_app *a); /* flushes, stops the worker (at most 2 s); accepts NULL */

const wz_config *wz_app_config(const wz_app *a);
const char *wz_app_config_path(const wz_app *a);   /* NULL: defaults */
const char *wz_app_scenarios_dir(const wz_app *a); /* never NULL */
const char *wz_app_db_path(const wz_app *a);       /* NULL: no statistics */
wz_session *wz_app_session(wz_app *a);
wz_admin *wz_app_admin(wz_app *a);
const wz_library *wz_app_library(const wz_app *a);
/* Rises each time another library is in place (to prepare its screens again). */
int wz_app_library_serial(const wz_app *a);

/* Reads the scenarios folder again and hands the new library to the session (taken to
 * the attract screen for the swap and back). */
void wz_app_reload_library(wz_app *a);

/* The periodic work: saving events, hot reload between visitors, admin mode's work.
 * Sets *changed to 1 (when not NULL) when what is on screen may have changed. Returns
 * the next time (absolute ms) it has something to do, or -1. */
long long wz_app_tick(wz_app *a, long long now, int *changed);

/* `wz-kiosk --check-config`: wz_config_check_cli with the uploader's token file check, so
 * a token file the uploader would refuse or cannot read fails the check. */
int wz_app_check_config_cli(const char *path, FILE *out);
/* "I'm worried" pressed at now: the session shows the calm page (and counts the press),
 * and the staff alert goes out (wz_alert: at most one a minute, never blocking). */
void wz_app_worried(wz_app *a, long long now);
/* 1 while the page may say someone is coming: a staff alert channel runs and the latest
 * alert has not been given up on every channel (then: "go to the front desk"). */
int wz_app_alert_on(const wz_app *a);

/* Admin mode asked to leave the program: returns 1 and its exit code. */
void wz_app_request_quit(wz_app *a, int exit_code);
int wz_app_quit_requested(const wz_app *a, int *exit_code);

#endif

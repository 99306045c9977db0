/*
 * wz_app: the kiosk's services, composed once (see the header).
 *
 * Events are recorded in memory and written every WZ_APP_FLUSH_MS (the recorder's own
 * ring buffer keeps a slow disk off the screen); a finished visit wakes the upload worker,
 * which runs on its own thread with its own connection. The scenarios folder is watched
 * only between visitors: on arriving there it is scanned at once, then every
 * WZ_APP_WATCH_MS, and a change is loaded once the folder has been quiet for
 * WZ_IMPORT_WATCH_SETTLE_MS (so a half-copied file is never read).
 */
#include "wz_app.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "wz_alert.h"
#include "wz_app_int.h"
#include "wz_import.h"
#include "wz_log.h"
#include "wz_upload.h"
#include "wz_util.h"

#define LOG "kiosk"
#define WZ_APP_FLUSH_MS 5000
#define WZ_APP_WATCH_MS 10000

struct wz_app {
    wz_config cfg;
    char *config_path, *scenarios_dir, *db_path;
    wz_library *lib;
    int lib_serial;
    wz_import_watch watch;
    long long next_watch; /* -1: not between visitors */
    wz_recorder *rec;
    wz_upload_worker *upload; /* NULL when uploads are off */
    wz_alert *alert;          /* presses and their alerts (no channel: presses only) */
    int alert_serial;         /* the alert outcomes already shown */
    long long next_flush;
    wz_session *session;
    wz_admin *admin;
    int quit, exit_code;
};

wz_app *wz_app_create(const wz_app_opts *o)
{
    wz_app *a = wz_xcalloc(1, sizeof(*a));
    wz_config_defaults(&a->cfg);
    if (o->config_path) {
        wz_diags d;
        wz_diags_init(&d);
        wz_config_load(&a->cfg, o->config_path, &d);
        wz_diags_print(&d, stderr);
        wz_diags_free(&d);
        a->config_path = wz_xstrdup(o->config_path);
    }
    const char *dir = o->scenarios_dir ? o->scenarios_dir : a->cfg.scenarios_dir;
    a->scenarios_dir = wz_xstrdup(dir ? dir : "scenarios");
    const char *db = o->db_path ? o->db_path : a->cfg.db_path;
    a->db_path = db ? wz_xstrdup(db) : NULL;
    a->next_watch = -1;
    return a;
}

/* The session's event sink: into the recorder; a finished visit is new data, which the
 * upload worker sends soon (never blocks). */
static void sink(void *ctx, const wz_event *ev)
{
    wz_app *a = ctx;
    if (a->rec) wz_recorder_record(a->rec, ev);
    if (ev->kind == WZ_EV_SESSION_END) wz_upload_worker_wake(a->upload);
}

/* Reads the folder, printing the problems of the files that cannot play. */
static wz_library *load_library(const char *dir)
{
    wz_diags d;
    wz_diags_init(&d);
    wz_library *lib = wz_library_load(dir, &d);
    if (d.count) wz_diags_print(&d, stderr);
    wz_diags_free(&d);
    for (int i = 0; lib && i < lib->count; i++)
        if (!lib->entries[i].playable) wz_diags_print(&lib->entries[i].diags, stderr);
    return lib;
}

static void session_create(wz_app *a)
{
    wz_session_opts so = {
        .idle_timeout_ms = a->cfg.idle_timeout_s > 0 ? a->cfg.idle_timeout_s * 1000 : 90000,
        .idle_countdown_ms = a->cfg.idle_countdown_s > 0 ? a->cfg.idle_countdown_s * 1000 : 15000,
        .language = a->cfg.languages && *a->cfg.languages ? a->cfg.languages : "en"};
    char lang[16];
    snprintf(lang, sizeof lang, "%s", so.language);
    lang[strcspn(lang, ",; ")] = '\0';
    so.language = lang;
    a->session = wz_session_create(a->lib, &so, sink, a);
}

void wz_app_start(wz_app *a, long long now)
{
    a->rec = a->db_path ? wz_recorder_create(a->db_path) : NULL;
    if (a->rec) wz_recorder_set_retention(a->rec, a->cfg.retention_days); /* docs/privacy.md */
    if (a->db_path) a->upload = wz_upload_worker_start(&a->cfg, a->db_path, NULL);
    char *err = NULL;
    a->alert = wz_alert_start(&a->cfg, &err);
    if (err) wz_log_error(LOG, "staff alerts are off: %s", err);
    free(err);
    a->lib = load_library(a->scenarios_dir);
    a->lib_serial++;
    wz_import_watch_init(&a->watch, wz_library_scan_signature(a->scenarios_dir), now);
    session_create(a);
    a->admin = wz_admin_create(a, now);
    a->next_flush = now + WZ_APP_FLUSH_MS;
    a->next_watch = now + WZ_APP_WATCH_MS;
}

void wz_app_destroy(wz_app *a)
{
    if (!a) return;
    wz_admin_destroy(a->admin);
    wz_session_destroy(a->session);
    wz_library_free(a->lib);
    wz_upload_worker_stop(a->upload, 2000); /* quitting waits at most 2 s for the network */
    wz_alert_stop(a->alert, 2000);          /* an alert just raised still gets 2 s to go out */
    wz_recorder_destroy(a->rec);
    wz_config_free(&a->cfg);
    free(a->config_path);
    free(a->scenarios_dir);
    free(a->db_path);
    free(a);
}

const wz_config *wz_app_config(const wz_app *a)
{
    return &a->cfg;
}
const char *wz_app_config_path(const wz_app *a)
{
    return a->config_path;
}
const char *wz_app_scenarios_dir(const wz_app *a)
{
    return a->scenarios_dir;
}
const char *wz_app_db_path(const wz_app *a)
{
    return a->db_path;
}
wz_session *wz_app_session(wz_app *a)
{
    return a->session;
}
wz_admin *wz_app_admin(wz_app *a)
{
    return a->admin;
}
const wz_library *wz_app_library(const wz_app *a)
{
    return a->lib;
}
int wz_app_library_serial(const wz_app *a)
{
    return a->lib_serial;
}
wz_recorder *wz_app_recorder(wz_app *a)
{
    return a->rec;
}
struct wz_upload_worker *wz_app_upload(wz_app *a)
{
    return a->upload;
}
struct wz_alert *wz_app_alert(wz_app *a)
{
    return a->alert;
}
int wz_app_alert_on(const wz_app *a)
{
    return wz_alert_reaching_staff(a->alert);
}

void wz_app_worried(wz_app *a, long long now)
{
    wz_screen_id from = wz_session_screen(a->session);
    wz_session_open_worried(a->session, now);
    if (wz_session_screen(a->session) != WZ_SCREEN_WORRIED || from == WZ_SCREEN_WORRIED) return;
    wz_alert_raise(a->alert, wz_screen_name(from), time(NULL), now); /* logs the press too */
}

void wz_app_reload_library(wz_app *a)
{
    wz_library *lib = load_library(a->scenarios_dir);
    long long sig = wz_library_scan_signature(a->scenarios_dir);
    wz_screen_id was = wz_session_screen(a->session);
    int away = was != WZ_SCREEN_ATTRACT && was != WZ_SCREEN_EMPTY;
    if (away) wz_session_goto(a->session, WZ_SCREEN_ATTRACT); /* it swaps only there */
    if (wz_session_set_library(a->session, lib) == 0) {
        wz_library_free(a->lib);
        a->lib = lib;
        a->lib_serial++;
        wz_import_watch_loaded(&a->watch, sig);
    } else {
        wz_library_free(lib);
    }
    if (away) wz_session_goto(a->session, was);
    wz_log_info(LOG, "scenarios reloaded: %d of %d files ready to play", a->lib->playable,
                a->lib->count);
}

static long long earlier(long long a, long long b)
{
    if (a < 0) return b;
    if (b < 0) return a;
    return a < b ? a : b;
}

/* Hot reload between visitors. Returns 1 when another library is in place. */
static int watch_tick(wz_app *a, long long now)
{
    wz_screen_id on = wz_session_screen(a->session);
    if (on != WZ_SCREEN_ATTRACT && on != WZ_SCREEN_EMPTY) {
        a->next_watch = -1;
        return 0;
    }
    if (a->next_watch < 0) a->next_watch = now; /* just arrived: look at once */
    if (now < a->next_watch) return 0;
    int serial = a->lib_serial;
    if (wz_import_watch_due(&a->watch, a->scenarios_dir, 1, now)) wz_app_reload_library(a);
    if (a->watch.seen_sig != a->watch.loaded_sig && a->watch.seen_sig != 0) /* settling */
        a->next_watch = WZ_MAX(a->watch.checked_ms + WZ_IMPORT_WATCH_EVERY_MS,
                               a->watch.seen_at_ms + WZ_IMPORT_WATCH_SETTLE_MS);
    else
        a->next_watch = now + WZ_APP_WATCH_MS;
    return a->lib_serial != serial;
}

long long wz_app_tick(wz_app *a, long long now, int *changed)
{
    int ch = 0;
    if (now >= a->next_flush) {
        if (a->rec && wz_recorder_pending(a->rec) > 0) wz_recorder_flush(a->rec);
        a->next_flush = now + WZ_APP_FLUSH_MS;
    }
    ch |= wz_admin_poll(a->admin, now);
    ch |= watch_tick(a, now);
    wz_alert_status as; /* an alert given up turns "someone is coming" into "front desk" */
    wz_alert_status_get(a->alert, &as);
    if (as.serial != a->alert_serial) {
        a->alert_serial = as.serial;
        ch |= wz_session_screen(a->session) == WZ_SCREEN_WORRIED;
    }
    if (changed) *changed = ch;
    long long at = earlier(a->next_flush, a->next_watch);
    return earlier(at, wz_admin_next_deadline(a->admin, now));
}

void wz_app_request_quit(wz_app *a, int exit_code)
{
    a->quit = 1;
    a->exit_code = exit_code;
}

int wz_app_quit_requested(const wz_app *a, int *exit_code)
{
    if (a->quit && exit_code) *exit_code = a->exit_code;
    return a->quit;
}

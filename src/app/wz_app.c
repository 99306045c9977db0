/*
 * wz_app: the kiosk's services, composed once (see the header).
 *
 * Events are recorded in memory and written every WZ_APP_FLUSH_MS (the recorder's own
 * ring buffer keeps a slow disk off the screen); a finished visit wakes the upload worker,
 * which runs on its own thread with its own connection. The scenarios folder is watched
 * only between visitors: on arriving there it is scanned at once, then every
 * WZ_APP_WATCH_MS, and a change is loaded once the folder has been quiet for
 * WZ_IMPORT_WATCH_SETTLE_MS (so a half-copied file is never read).
 *
 * Starting is in two steps so that the attract screen is up before anything heavy runs:
 * wz_app_begin makes only what that screen needs (the session, admin mode), and
 * wz_app_load then reads the library and opens the recorder on a thread of its own,
 * which touches nothing else of the app; wz_app_tick (or wz_app_wait_loaded) joins it
 * and hands over what it made on the caller's thread.
 */
#include "wz_app.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "wz_alert.h"
#include "wz_app_int.h"
#include "wz_db.h"
#include "wz_facts.h"
#include "wz_import.h"
#include "wz_log.h"
#include "wz_upload.h"
#include "wz_upload_check.h"
#include "wz_util.h"

#define LOG "kiosk"
#define WZ_APP_FLUSH_MS 5000
#define WZ_APP_WATCH_MS 10000
#define WZ_APP_LOAD_POLL_MS 5 /* how often the loop looks whether loading has finished */

/* What the loading thread reads (set before it starts, then not changed) and makes. */
typedef struct wz_app_loader {
    const char *scenarios_dir, *db_path;
    int retention_days;
    wz_library *lib;
    long long sig;
    wz_recorder *rec;
    atomic_int done;
} wz_app_loader;

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
    wz_app_loader loader;
    pthread_t load_thread;
    enum { LOAD_NOT_STARTED, LOAD_ON_THREAD, LOAD_MADE_HERE, LOAD_IN_PLACE } load_state;
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
    double share;
    if (o->quiz_before && wz_config_share(o->quiz_before, &share) == 0) {
        free(a->cfg.knowledge_before_share);
        a->cfg.knowledge_before_share = wz_xstrdup(o->quiz_before);
    }
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

/* Saves the public facts the snapshots carry (wz_facts.h): the configured site and each
 * playable scenario's title, topic, language and audiences (as "8-11, 12-15"). A failure
 * is logged: the counts go up without the facts, as before. */
static void save_facts(wz_app *a)
{
    if (!a->db_path || !a->lib) return;
    wz_scenario_facts *f = wz_xcalloc((size_t)a->lib->count + 1, sizeof *f);
    char(*aud)[48] = wz_xcalloc((size_t)a->lib->count + 1, sizeof *aud);
    int n = 0;
    for (int i = 0; i < a->lib->count; i++) {
        const wz_scenario *sc = a->lib->entries[i].sc;
        if (!a->lib->entries[i].playable || !sc || !sc->ifid) continue;
        /* one ifid, one set of facts: a translation's are its original's (in English) */
        if (wz_library_find(a->lib, sc->ifid) != sc) continue;
        sc = wz_library_find_language(a->lib, sc->ifid, "en");
        size_t len = 0;
        for (unsigned bit = 1; bit <= WZ_AUD_PARENTS; bit <<= 1)
            if ((sc->audiences & bit) && wz_audience_name(bit))
                len += (size_t)snprintf(aud[n] + len, sizeof aud[n] - len, "%s%s", len ? ", " : "",
                                        wz_audience_name(bit));
        f[n] = (wz_scenario_facts){.ifid = sc->ifid,
                                   .title = sc->title,
                                   .topic = sc->topic,
                                   .language = sc->language,
                                   .audience = aud[n]};
        n++;
    }
    sqlite3 *db = NULL;
    char *err = NULL;
    if (wz_db_open(a->db_path, &db, &err) != 0 || wz_facts_save(db, a->cfg.site, f, n, &err) != 0)
        wz_log_warn(LOG, "%s", err ? err : "the scenario names could not be saved");
    wz_db_close(db);
    free(err);
    free(aud);
    free(f);
}

static void session_create(wz_app *a)
{
    wz_session_opts so = {
        .idle_timeout_ms = a->cfg.idle_timeout_s > 0 ? a->cfg.idle_timeout_s * 1000 : 90000,
        .idle_countdown_ms = a->cfg.idle_countdown_s > 0 ? a->cfg.idle_countdown_s * 1000 : 15000,
        .language = a->cfg.languages && *a->cfg.languages ? a->cfg.languages : "en",
        .languages = a->cfg.languages};
    char lang[16];
    snprintf(lang, sizeof lang, "%s", so.language);
    lang[strcspn(lang, ",; ")] = '\0';
    so.language = lang;
    if (wz_config_share(a->cfg.knowledge_before_share, &so.quiz_before_share) != 0)
        so.quiz_before_share = 1.0 / 3.0; /* docs/configuration.md: the default */
    a->session = wz_session_create(a->lib, &so, sink, a);
}

void wz_app_begin(wz_app *a, long long now)
{
    session_create(a);
    a->admin = wz_admin_create(a, now);
    a->next_flush = now + WZ_APP_FLUSH_MS;
}

static void *load_run(void *arg)
{
    wz_app_loader *l = arg;
    l->rec = l->db_path ? wz_recorder_create(l->db_path) : NULL;
    if (l->rec) wz_recorder_set_retention(l->rec, l->retention_days); /* docs/privacy.md */
    l->lib = load_library(l->scenarios_dir);
    l->sig = wz_library_scan_signature(l->scenarios_dir);
    atomic_store_explicit(&l->done, 1, memory_order_release);
    return NULL;
}

void wz_app_load(wz_app *a)
{
    if (a->load_state != LOAD_NOT_STARTED) return;
    wz_app_loader *l = &a->loader;
    l->scenarios_dir = a->scenarios_dir;
    l->db_path = a->db_path;
    l->retention_days = a->cfg.retention_days;
    atomic_init(&l->done, 0);
    a->load_state = LOAD_ON_THREAD;
    if (pthread_create(&a->load_thread, NULL, load_run, l) != 0) {
        wz_log_error(LOG, "cannot start a thread to read the scenarios: reading them now");
        load_run(l);
        a->load_state = LOAD_MADE_HERE;
    }
}

/* Hands lib to the session (taken to the attract screen for the swap and back) and frees
 * whichever library is then out of use. */
static void put_library(wz_app *a, wz_library *lib, long long sig)
{
    wz_screen_id was = wz_session_screen(a->session);
    int away = was != WZ_SCREEN_ATTRACT && was != WZ_SCREEN_EMPTY;
    if (away) wz_session_goto(a->session, WZ_SCREEN_ATTRACT); /* it swaps only there */
    if (wz_session_set_library(a->session, lib) == 0) {
        wz_library_free(a->lib);
        a->lib = lib;
        a->lib_serial++;
        wz_import_watch_loaded(&a->watch, sig);
        save_facts(a);
    } else {
        wz_library_free(lib);
    }
    if (away) wz_session_goto(a->session, was);
}

/* Joins the loading thread and puts what it made in place. */
static void load_finish(wz_app *a, long long now)
{
    if (a->load_state == LOAD_ON_THREAD) pthread_join(a->load_thread, NULL);
    a->load_state = LOAD_IN_PLACE;
    a->rec = a->loader.rec;
    if (a->db_path) a->upload = wz_upload_worker_start(&a->cfg, a->db_path, NULL);
    char *err = NULL;
    a->alert = wz_alert_start(&a->cfg, &err);
    if (err) wz_log_error(LOG, "staff alerts are off: %s", err);
    free(err);
    wz_import_watch_init(&a->watch, a->loader.sig, now);
    put_library(a, a->loader.lib, a->loader.sig);
    a->next_watch = now + WZ_APP_WATCH_MS;
}

int wz_app_loaded(const wz_app *a)
{
    return a->load_state == LOAD_IN_PLACE;
}

void wz_app_wait_loaded(wz_app *a, long long now)
{
    if (a->load_state == LOAD_IN_PLACE) return;
    wz_app_load(a);
    load_finish(a, now);
}

void wz_app_start(wz_app *a, long long now)
{
    wz_app_begin(a, now);
    wz_app_wait_loaded(a, now);
}

void wz_app_destroy(wz_app *a)
{
    if (!a) return;
    if (a->load_state == LOAD_ON_THREAD || a->load_state == LOAD_MADE_HERE) { /* quit early */
        if (a->load_state == LOAD_ON_THREAD) pthread_join(a->load_thread, NULL);
        wz_library_free(a->loader.lib);
        wz_recorder_destroy(a->loader.rec);
    }
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
    put_library(a, lib, wz_library_scan_signature(a->scenarios_dir));
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
    if (a->load_state == LOAD_MADE_HERE ||
        (a->load_state == LOAD_ON_THREAD &&
         atomic_load_explicit(&a->loader.done, memory_order_acquire))) {
        load_finish(a, now);
        ch = 1;
    }
    if (a->load_state != LOAD_IN_PLACE) { /* nothing to save or watch yet */
        if (changed) *changed = wz_admin_poll(a->admin, now);
        return a->load_state == LOAD_ON_THREAD ? now + WZ_APP_LOAD_POLL_MS : -1;
    }
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

int wz_app_check_config_cli(const char *path, FILE *out)
{
    return wz_config_check_cli(path, wz_upload_token_check, out);
}

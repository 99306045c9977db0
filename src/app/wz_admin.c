/*
 * wz_admin: admin mode's pages and work (see the header).
 *
 * Everything slow stays off the caller's thread: statistics are read once when their page
 * opens; exporting runs `wz-stats` as a child process that wz_admin_poll checks; the PIN
 * check (Argon2id, about 0.35 s), the upload test's request to the collector, sync() after
 * an export and the USB import's reading, checking and copying run on threads. A checked
 * import waits on its confirm page; only "Import these" swaps it in. The swap of the
 * scenarios folder and of the library happen in wz_admin_poll, on the caller's thread,
 * between visitors (admin mode opens only from the attract or "nothing to show" screens).
 */
#include "wz_admin.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "wz_admin_gesture.h"
#include "wz_alert.h"
#include "wz_aggregate.h"
#include "wz_app_int.h"
#include "wz_group_mode.h"
#include "wz_import.h"
#include "wz_import_preview.h"
#include "wz_outbox.h"
#include "wz_log.h"
#include "wz_paths.h"
#include "wz_pin.h"
#include "wz_upload.h"
#include "wz_upload_probe.h"
#include "wz_util.h"

#define LOG "admin"
#define JOB_OUTPUT_MAX (16 * 1024)
#define TITLE_IMPORT "Load scenarios from USB"
#define TITLE_EXPORT "Export figures to USB"
#define TITLE_UPLOAD "Test the upload connection"

/* One PIN check on its own thread: the thread reads hash and pin, writes matched, then
 * sets done; the admin reads matched only after joining. */
typedef struct pin_check {
    char *hash; /* a copy of [admin] pin_hash */
    char pin[WZ_PIN_MAX_DIGITS + 1];
    int matched;
    atomic_int done;
} pin_check;

struct wz_admin {
    wz_app *app;
    wz_admin_gesture gesture;
    int open, deterministic, page_serial;
    char *stats_program;
    wz_admin_page page;
    wz_screen_id return_to;
    long long last_activity;
    wz_pin_limiter limiter;
    char pin[WZ_PIN_MAX_DIGITS + 1];
    int npin;
    char message[240];
    int message_bad;
    char *result_title, *result_text;
    char **sources; /* USB sources when there are several */
    int nsources;
    wz_admin_bar week[7], today[12];
    int ntoday;
    long long today_total, week_total;
    /* a wz-stats child process */
    pid_t job;
    long long job_started;
    char job_out[64];
    char job_title[64];
    char *job_done_text; /* what to say when it succeeds */
    /* work on a thread (one at a time) */
    pthread_t pin_thread;
    pin_check *pin_check; /* shared with pin_thread until it is joined; NULL: none */
    wz_import_job *import;
    int import_asking;      /* import is checked and waits for "Import these" or "Cancel" */
    wz_upload_probe *probe; /* "Test the upload connection" asking the collector */
    pthread_t sync_thread;  /* sync() after an export, so the stick can be pulled out */
    int syncing;
    atomic_int sync_done;
    char *sync_text;      /* the export's result, shown once sync_thread has ended */
    long long busy_since; /* when the work started */
    wz_group_mode *group; /* group mode, while its page shows */
};

/* ---------------- helpers ---------------- */

static long long timeout_ms(const wz_admin *a)
{
    int s = wz_app_config(a->app)->admin_timeout_s;
    if (a->page == WZ_ADMIN_PAGE_GROUP) return WZ_GROUP_MODE_IDLE_MS; /* a discussion */
    return (long long)(s > 0 ? s : 120) * 1000;
}

static int busy(const wz_admin *a)
{
    return a->pin_check != NULL || (a->import != NULL && !a->import_asking) || a->syncing ||
           a->probe != NULL;
}

static void wipe_pin(wz_admin *a)
{
    wz_pin_wipe(a->pin, sizeof(a->pin));
    a->npin = 0;
}

static void set_message(wz_admin *a, int bad, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void set_message(wz_admin *a, int bad, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(a->message, sizeof(a->message), fmt, ap);
    va_end(ap);
    a->message_bad = bad;
}

static void show_result(wz_admin *a, const char *title, char *text_owned)
{
    free(a->result_title);
    free(a->result_text);
    a->result_title = wz_xstrdup(title);
    a->result_text = text_owned;
    a->page = WZ_ADMIN_PAGE_RESULT;
}

static void free_sources(wz_admin *a)
{
    wz_import_free_sources(a->sources, a->nsources);
    a->sources = NULL;
    a->nsources = 0;
}

static void job_kill(wz_admin *a)
{
    if (a->job > 0) {
        kill(a->job, SIGTERM);
        waitpid(a->job, NULL, 0);
        a->job = 0;
        unlink(a->job_out);
    }
    free(a->job_done_text);
    a->job_done_text = NULL;
}

static void flush_events(wz_admin *a)
{
    wz_recorder *rec = wz_app_recorder(a->app);
    if (rec) wz_recorder_flush(rec);
}

wz_admin *wz_admin_create(wz_app *app, long long now)
{
    wz_admin *a = wz_xcalloc(1, sizeof(*a));
    a->app = app;
    wz_admin_gesture_init(&a->gesture);
    wz_pin_limiter_init(&a->limiter);
    const char *db = wz_app_db_path(app);
    if (db) { /* wrong PINs before a restart still count */
        char *path = wz_pin_lock_path(db), *err = NULL;
        if (wz_pin_limiter_load(&a->limiter, path, now, (long long)time(NULL), &err) < 0) {
            wz_log_error(LOG, "%s", err);
            free(err);
        }
        free(path);
    }
    return a;
}

/* After the thread has been joined. */
static void pin_free(wz_admin *a)
{
    free(a->pin_check->hash);
    wz_pin_wipe(a->pin_check, sizeof(*a->pin_check));
    free(a->pin_check);
    a->pin_check = NULL;
}

void wz_admin_destroy(wz_admin *a)
{
    if (!a) return;
    job_kill(a);
    if (a->pin_check) {
        pthread_join(a->pin_thread, NULL);
        pin_free(a);
    }
    wz_import_job_cancel(a->import);
    wz_upload_probe_abandon(a->probe); /* a dead network's time-out does not hold the exit */
    if (a->syncing) pthread_join(a->sync_thread, NULL);
    wipe_pin(a);
    free_sources(a);
    wz_group_mode_destroy(a->group);
    free(a->sync_text);
    free(a->result_title);
    free(a->result_text);
    free(a->stats_program);
    free(a);
}

void wz_admin_set_deterministic(wz_admin *a, int on)
{
    a->deterministic = on;
}

void wz_admin_set_stats_program(wz_admin *a, const char *path)
{
    free(a->stats_program);
    a->stats_program = path ? wz_xstrdup(path) : NULL;
}

int wz_admin_is_open(const wz_admin *a)
{
    return a->open;
}

int wz_admin_page_serial(const wz_admin *a)
{
    return a->page_serial;
}

void wz_admin_open(wz_admin *a, long long now)
{
    wz_session *s = wz_app_session(a->app);
    a->return_to = wz_session_screen(s);
    if (a->return_to != WZ_SCREEN_EMPTY) a->return_to = WZ_SCREEN_ATTRACT;
    wz_session_goto(s, WZ_SCREEN_ADMIN);
    a->open = 1;
    a->page = WZ_ADMIN_PAGE_PIN;
    a->page_serial++;
    a->last_activity = now;
    wipe_pin(a);
    a->message[0] = '\0';
    if (!wz_app_config(a->app)->admin_pin_hash)
        set_message(a, 1,
                    "Admin mode is switched off on this kiosk: no PIN is set. An IT "
                    "technician can set one (see the deployment guide).");
    wz_log_info(LOG, "PIN pad opened");
}

static void admin_close(wz_admin *a)
{
    job_kill(a);
    if (a->import) { /* not reached through the pages (they take no action while busy) */
        wz_import_job_cancel(a->import);
        a->import = NULL;
        a->import_asking = 0;
    }
    wipe_pin(a);
    free_sources(a);
    wz_group_mode_destroy(a->group);
    a->group = NULL;
    free(a->result_title);
    free(a->result_text);
    a->result_title = a->result_text = NULL;
    /* from "nothing to show", once something can play, back to the start */
    wz_screen_id to = a->return_to;
    const wz_library *lib = wz_app_library(a->app);
    if (to == WZ_SCREEN_EMPTY && lib && lib->playable > 0) to = WZ_SCREEN_ATTRACT;
    wz_session_goto(wz_app_session(a->app), to);
    a->open = 0;
    a->page_serial++;
}

/* ---------------- the hidden corner ---------------- */

int wz_admin_corner_pressed(wz_admin *a, long long now)
{
    if (a->open || !wz_admin_gesture_pressed(&a->gesture, now)) return 0;
    wz_admin_open(a, now);
    return 1;
}

int wz_admin_corner_released(wz_admin *a, long long now)
{
    if (a->open || !wz_admin_gesture_released(&a->gesture, now)) return 0;
    wz_admin_open(a, now);
    return 1;
}

void wz_admin_corner_cancel(wz_admin *a)
{
    wz_admin_gesture_cancel(&a->gesture);
}

int wz_admin_corner_held(const wz_admin *a)
{
    return a->gesture.down_at >= 0;
}

long long wz_admin_corner_deadline(const wz_admin *a)
{
    return wz_admin_gesture_deadline(&a->gesture);
}

/* ---------------- wz-stats as a child process ---------------- */

static char *stats_program(const wz_admin *a)
{
    if (a->stats_program) return wz_xstrdup(a->stats_program);
    char *exe_dir = wz_paths_exe_dir();
    char *prog = exe_dir ? wz_path_join(exe_dir, "wz-stats") : wz_xstrdup("wz-stats");
    free(exe_dir);
    return prog;
}

/* Runs the stats program with args (NULL-terminated, without the program name, at most
 * 15), its output into a temporary file. Takes done_text. */
static int job_start(wz_admin *a, const char *title, const char *const args[], char *done_text,
                     long long now)
{
    job_kill(a);
    char *prog = stats_program(a);
    snprintf(a->job_out, sizeof(a->job_out), "/tmp/wz-admin-job-XXXXXX");
    int fd = mkstemp(a->job_out);
    if (fd < 0) {
        free(prog);
        free(done_text);
        show_result(a, title, wz_xasprintf("This could not be started: %s.", strerror(errno)));
        return -1;
    }
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&fa, fd, 1);
    posix_spawn_file_actions_adddup2(&fa, fd, 2);
    int nargs = 0;
    while (nargs < 15 && args[nargs])
        nargs++;
    char *argv[17];
    argv[0] = prog;
    for (int i = 0; i < nargs; i++)
        argv[i + 1] = wz_xstrdup(args[i]);
    argv[nargs + 1] = NULL;
    pid_t pid = 0;
    int rc = posix_spawn(&pid, prog, &fa, NULL, argv, NULL);
    posix_spawn_file_actions_destroy(&fa);
    for (int i = 0; i < nargs; i++)
        free(argv[i + 1]);
    close(fd);
    if (rc != 0) {
        unlink(a->job_out);
        show_result(a, title,
                    wz_xasprintf("This could not be started (%s: %s).", prog, strerror(rc)));
        free(prog);
        free(done_text);
        return -1;
    }
    free(prog);
    a->job = pid;
    a->job_started = now;
    snprintf(a->job_title, sizeof(a->job_title), "%s", title);
    a->job_done_text = done_text;
    show_result(a, title, wz_xstrdup("Working on it. Please wait..."));
    return 0;
}

static void *sync_main(void *arg)
{
    wz_admin *a = arg;
    sync();
    atomic_store(&a->sync_done, 1);
    return NULL;
}

/* What the child said, as the result page's text. */
static char *job_text(const wz_admin *a, int ok, int timed_out, const char *out)
{
    if (ok)
        return wz_xasprintf("%s%s%s", a->job_done_text ? a->job_done_text : "Done.",
                            *out ? "\n\n" : "", out);
    if (timed_out)
        return wz_xasprintf("This took longer than %d seconds and was stopped.\n\n%s",
                            WZ_ADMIN_JOB_TIMEOUT_MS / 1000, out);
    return wz_xasprintf("This did not work.\n\n%s", *out ? out : "(no message)");
}

/* Checks on the child; when it has finished, shows what it said. Returns 1 then. */
static int job_poll(wz_admin *a, long long now)
{
    if (a->job <= 0) return 0;
    int st = 0;
    pid_t r = waitpid(a->job, &st, WNOHANG);
    int timed_out = 0;
    if (r == 0) {
        if (now - a->job_started < WZ_ADMIN_JOB_TIMEOUT_MS) return 0;
        kill(a->job, SIGTERM);
        waitpid(a->job, &st, 0);
        timed_out = 1;
    }
    a->job = 0;
    a->last_activity = now; /* the time it took is not time without a touch */
    char *out = NULL;
    size_t len = 0;
    if (wz_read_file(a->job_out, JOB_OUTPUT_MAX, &out, &len) != 0) out = wz_xstrdup("");
    unlink(a->job_out);
    int ok = !timed_out && r > 0 && WIFEXITED(st) && WEXITSTATUS(st) == 0;
    char *text = job_text(a, ok, timed_out, out);
    wz_log_info(LOG, "%s: %s", a->job_title, ok ? "done" : "failed");
    struct wz_upload_worker *up = wz_app_upload(a->app);
    if (up) wz_upload_worker_wake(up); /* its status catches up */
    free(out);
    free(a->job_done_text);
    a->job_done_text = NULL;
    if (ok) { /* so the stick can be pulled out straight away; sync() can take seconds */
        atomic_store(&a->sync_done, 0);
        if (pthread_create(&a->sync_thread, NULL, sync_main, a) == 0) {
            a->syncing = 1;
            a->sync_text = text;
            a->busy_since = now;
            show_result(a, a->job_title,
                        wz_xstrdup("Writing everything onto the USB stick. Please "
                                   "wait, and do not take the stick out."));
            return 1;
        }
        sync(); /* no thread: here rather than not at all */
    }
    show_result(a, a->job_title, text);
    return 1;
}

/* ---------------- statistics ---------------- */

/* The local calendar day `days_ago` days before today. Counted in calendar days through
 * mktime, not in steps of 86400 s: on the nights the clocks change a day is 23 or 25
 * hours long, and stepping by seconds would skip a day or show one twice. */
static void local_day(struct tm *out, int days_ago)
{
    time_t now = time(NULL);
    localtime_r(&now, out);
    out->tm_mday -= days_ago;
    out->tm_hour = 12; /* midday is never skipped or repeated by a clock change */
    out->tm_min = out->tm_sec = 0;
    out->tm_isdst = -1;
    time_t t = mktime(out);
    localtime_r(&t, out);
}

static const char *title_of(const wz_library *lib, const char *ifid)
{
    for (int i = 0; lib && i < lib->count; i++) {
        const wz_scenario *sc = lib->entries[i].sc;
        if (sc && sc->ifid && ifid && !strcmp(sc->ifid, ifid) && sc->title) return sc->title;
    }
    return ifid && *ifid ? ifid : "?";
}

/* Today's scenarios, one bar per title (its audiences and ifids added up). */
static void today_bars(wz_admin *a, const wz_aggregate_week_counts *w)
{
    const wz_library *lib = wz_app_library(a->app);
    for (int i = 0; i < w->nlast; i++) {
        const char *title = title_of(lib, w->last[i].ifid);
        int slot = -1;
        for (int j = 0; j < a->ntoday; j++)
            if (!strcmp(a->today[j].label, title)) slot = j;
        if (slot < 0 && a->ntoday < (int)WZ_ARRAY_LEN(a->today)) {
            slot = a->ntoday++;
            snprintf(a->today[slot].label, sizeof(a->today[slot].label), "%s", title);
        }
        if (slot < 0) continue;
        a->today[slot].value += w->last[i].started;
        a->today[slot].value2 += w->last[i].completed;
    }
}

static void load_stats(wz_admin *a)
{
    memset(a->week, 0, sizeof(a->week));
    memset(a->today, 0, sizeof(a->today));
    a->ntoday = 0;
    a->today_total = a->week_total = 0;
    wz_recorder *rec = wz_app_recorder(a->app);
    char days[7][11];
    for (int i = 6; i >= 0; i--) {
        struct tm tm;
        local_day(&tm, i);
        strftime(days[6 - i], sizeof(days[6 - i]), "%Y-%m-%d", &tm);
        strftime(a->week[6 - i].label, sizeof(a->week[6 - i].label), i == 0 ? "Today" : "%a %d",
                 &tm);
    }
    if (!rec) return;
    wz_recorder_flush(rec);
    wz_aggregate_week_counts w;
    char *err = NULL;
    if (wz_aggregate_week(wz_recorder_db(rec), wz_app_config(a->app)->kiosk_id, days, &w, &err))
        wz_log_warn(LOG, "statistics: %s", err ? err : "?");
    free(err);
    for (int i = 0; i < 7; i++) {
        a->week[i].value = w.sessions[i];
        a->week_total += w.sessions[i];
    }
    a->today_total = w.sessions[6];
    today_bars(a, &w);
}

/* ---------------- import, export, upload test ---------------- */

static void import_cancel(wz_admin *a);

/* Starts the import from source on wz_import's job thread; busy_poll finishes it. */
static void do_import(wz_admin *a, const char *source, long long now)
{
    import_cancel(a); /* a checked import still waiting is replaced by this one */
    a->import = wz_import_job_start(source, wz_app_scenarios_dir(a->app), NULL, NULL, NULL);
    if (!a->import) {
        show_result(a, TITLE_IMPORT,
                    wz_xstrdup("The import could not be started (see the log). Nothing was "
                               "changed."));
        return;
    }
    a->busy_since = now;
    show_result(a, TITLE_IMPORT,
                wz_xstrdup("Checking the stick and copying the scenarios. Please wait, and do "
                           "not take the stick out."));
    wz_log_info(LOG, "import from %s started", source);
}

/* The import's last step, on this thread: the swap (confirm: staff saw what it drops)
 * and the new library. */
static void import_finish(wz_admin *a, int confirm)
{
    wz_import_result res;
    int rc = wz_import_job_finish(a->import, confirm, &res);
    a->import = NULL;
    a->import_asking = 0;
    if (rc == 0 && res.swapped) wz_app_reload_library(a->app);
    char *text = wz_import_summary(&res, 4);
    if (rc == 0 && res.swapped) {
        int playable = wz_app_library(a->app)->playable;
        char *more = wz_xasprintf("%s\nThe kiosk now has %d scenario%s ready to play.", text,
                                  playable, playable == 1 ? "" : "s");
        free(text);
        text = more;
    }
    show_result(a, TITLE_IMPORT, text);
    wz_import_result_free(&res);
}

/* The stick has been checked (or the job is stuck): when there is something to change,
 * the confirm page says what and waits; otherwise the result page says why not. */
static void import_checked(wz_admin *a)
{
    while (!wz_import_job_done(a->import)) /* deterministic mode only: at most the stall */
        usleep(10000);
    const wz_import_result *res = wz_import_job_result(a->import);
    if (wz_import_job_poll(a->import) == WZ_IMPORT_JOB_STUCK || !res ||
        !wz_import_preview_has_changes(res)) {
        import_finish(a, 0);
        return;
    }
    a->import_asking = 1;
    show_result(a, TITLE_IMPORT, wz_import_preview(res));
    a->page = WZ_ADMIN_PAGE_IMPORT_CONFIRM;
    a->page_serial++;
}

/* "Cancel" on the confirm page: the checked work is thrown away, nothing changes. */
static void import_cancel(wz_admin *a)
{
    if (!a->import) return;
    wz_import_job_cancel(a->import);
    a->import = NULL;
    a->import_asking = 0;
    wz_log_info(LOG, "import cancelled on its confirm page; nothing was changed");
    int playable = wz_app_library(a->app)->playable;
    show_result(a, TITLE_IMPORT,
                wz_xasprintf("Import cancelled. Nothing was changed: the kiosk keeps its %d "
                             "scenario%s ready to play.",
                             playable, playable == 1 ? "" : "s"));
    a->page_serial++;
}

static void start_import(wz_admin *a, long long now)
{
    const char *root = wz_app_config(a->app)->usb_mount_root;
    free_sources(a);
    a->nsources = wz_import_find_sources(root, &a->sources);
    a->page_serial++;
    if (a->nsources == 0) {
        show_result(a, TITLE_IMPORT,
                    wz_xasprintf("No USB stick with scenarios was found. Put the scenario "
                                 "files (.twee or .html) at the top of the stick or in a "
                                 "folder called warning-zone, put the stick in, wait a few "
                                 "seconds and try again.\n\n(Looked in %s.)",
                                 root));
    } else if (a->nsources == 1) {
        do_import(a, a->sources[0], now);
        free_sources(a);
    } else {
        a->page = WZ_ADMIN_PAGE_SOURCES;
    }
}

static void do_export(wz_admin *a, long long now)
{
    const wz_config *cfg = wz_app_config(a->app);
    const char *db_path = wz_app_db_path(a->app);
    char **drives = NULL;
    int n = wz_import_find_drives(cfg->usb_mount_root, &drives);
    if (n == 0) {
        show_result(a, TITLE_EXPORT,
                    wz_xstrdup("No USB stick was found. Put a USB stick into the kiosk, wait a "
                               "few seconds, and press Export again."));
    } else if (!db_path) {
        show_result(a, TITLE_EXPORT,
                    wz_xstrdup("This kiosk has no statistics database to export."));
    } else {
        flush_events(a);
        struct tm tm;
        char day[11];
        local_day(&tm, 0);
        strftime(day, sizeof(day), "%Y-%m-%d", &tm);
        char *base = wz_path_join(drives[0], "warning-zone-figures");
        mkdir(base, 0755);
        char *name = wz_xasprintf("%s-%s", cfg->kiosk_id, day);
        char *dir = wz_path_join(base, name);
        char *done = wz_xasprintf("The figures are on the USB stick, in the folder "
                                  "warning-zone-figures/%s. You can take the stick out now.",
                                  name);
        const char *args[] = {"--db", db_path, "export", dir, NULL};
        job_start(a, TITLE_EXPORT, args, done, now);
        free(dir);
        free(name);
        free(base);
    }
    wz_import_free_sources(drives, n);
}

/* Asks the configured collector on the probe's thread, whether or not figures are
 * waiting; busy_poll shows the answer. */
static void do_upload_test(wz_admin *a, long long now)
{
    const wz_config *cfg = wz_app_config(a->app);
    if (!cfg->upload_url) {
        show_result(a, TITLE_UPLOAD,
                    wz_xstrdup("Uploads are switched off on this kiosk (no upload address in "
                               "kiosk.ini). The figures stay here; use Export figures to USB "
                               "to take them away."));
        return;
    }
    char *err = NULL;
    a->probe = wz_upload_probe_start(cfg, WZ_ADMIN_UPLOAD_TEST_S, &err);
    if (!a->probe) {
        show_result(a, TITLE_UPLOAD, wz_xasprintf("The test could not be started: %s.", err));
        free(err);
        return;
    }
    a->busy_since = now;
    show_result(a, TITLE_UPLOAD,
                wz_xstrdup("Asking the collector whether it answers and accepts this kiosk's "
                           "token. Please wait..."));
}

/* The collector's answer is in (or is waited for): show it, and wake the upload worker
 * so the menu's upload line catches up and waiting figures go now when it works. */
static void upload_test_finish(wz_admin *a)
{
    int ok = 0;
    char *text = wz_upload_probe_finish(a->probe, &ok);
    a->probe = NULL;
    wz_log_info(LOG, "upload connection test: %s", ok ? "it works" : "it does not work");
    struct wz_upload_worker *up = wz_app_upload(a->app);
    if (up) wz_upload_worker_wake(up);
    show_result(a, TITLE_UPLOAD, text);
}

static void do_reload(wz_admin *a)
{
    wz_app_reload_library(a->app);
    const wz_library *lib = wz_app_library(a->app);
    show_result(a, "Reload scenarios",
                wz_xasprintf("The scenarios folder was read again: %d of %d file%s ready to "
                             "play.%s",
                             lib->playable, lib->count, lib->count == 1 ? "" : "s",
                             lib->playable < lib->count
                                 ? " The status page lists the problems of the others."
                                 : ""));
}

/* ---------------- the PIN ---------------- */

/* Keeps the wrong-PIN lock-out beside the statistics (wz_pin.h), so a restart keeps it. */
static void pin_lock_save(wz_admin *a, const wz_pin_limiter *l, long long now)
{
    const char *db = wz_app_db_path(a->app);
    if (!db) return;
    char *path = wz_pin_lock_path(db), *err = NULL;
    if (wz_pin_limiter_save(l, path, now, (long long)time(NULL), &err) != 0) {
        wz_log_error(LOG, "%s", err);
        free(err);
    }
    free(path);
}

/* Says what a try at the pad came to (r from wz_pin_try_begin or wz_pin_try_end). */
static void pin_report(wz_admin *a, wz_pin_result r, long long wait)
{
    switch (r) {
    case WZ_PIN_OK:
        a->page = WZ_ADMIN_PAGE_HOME;
        a->message[0] = '\0';
        wz_log_info(LOG, "admin mode opened");
        break;
    case WZ_PIN_WRONG:
        wz_log_warn(LOG, "a wrong admin PIN was typed");
        if (wait > 0) /* the pad now shows the pause, counting down */
            set_message(a, 1, "Too many wrong PINs. Wait %lld seconds, then try again.",
                        (wait + 999) / 1000);
        else
            set_message(a, 1, "Wrong PIN. Please try again.");
        break;
    case WZ_PIN_LOCKED:
        set_message(a, 1, "Too many wrong PINs. Wait %lld seconds, then try again.",
                    (wait + 999) / 1000);
        break;
    case WZ_PIN_DISABLED:
        set_message(a, 1, "Admin mode is switched off on this kiosk: no PIN is set.");
        break;
    }
}

static void *pin_main(void *arg)
{
    pin_check *c = arg;
    c->matched = wz_pin_verify(c->hash, c->pin);
    atomic_store(&c->done, 1);
    return NULL;
}

/* Starts verifying the typed PIN on a thread (wz_pin_try_begin said to); pin_finish ends
 * it. The thread gets its own copies, so the pad's buffer is wiped at once. */
static void pin_start(wz_admin *a, long long now)
{
    /* Saved as wrong until the answer comes: cutting the power mid-check gains nothing. */
    wz_pin_limiter counted = a->limiter;
    wz_pin_limiter_failed(&counted, now);
    pin_lock_save(a, &counted, now);
    pin_check *c = wz_xcalloc(1, sizeof(*c));
    c->hash = wz_xstrdup(wz_app_config(a->app)->admin_pin_hash);
    memcpy(c->pin, a->pin, sizeof(c->pin));
    wipe_pin(a);
    atomic_init(&c->done, 0);
    int rc = pthread_create(&a->pin_thread, NULL, pin_main, c);
    if (rc != 0) { /* no thread: check here rather than not at all */
        wz_log_warn(LOG, "no thread for the PIN check (%s): checking here", strerror(rc));
        pin_main(c);
        long long wait = 0;
        wz_pin_result r = wz_pin_try_end(&a->limiter, c->matched, now, &wait);
        pin_lock_save(a, &a->limiter, now);
        pin_report(a, r, wait);
        free(c->hash);
        wz_pin_wipe(c, sizeof(*c));
        free(c);
        return;
    }
    a->pin_check = c;
    a->busy_since = now;
    set_message(a, 0, "Checking the PIN...");
}

/* The check has ended (or is waited for): count it and say so. */
static void pin_finish(wz_admin *a, long long now)
{
    pthread_join(a->pin_thread, NULL);
    int matched = a->pin_check->matched;
    pin_free(a);
    long long wait = 0;
    wz_pin_result r = wz_pin_try_end(&a->limiter, matched, now, &wait);
    pin_lock_save(a, &a->limiter, now);
    pin_report(a, r, wait);
}

/* Finishes work whose thread has ended. Returns 1 when something finished. */
static int busy_poll(wz_admin *a, long long now)
{
    if (!busy(a)) return 0;
    int wait_for_it = a->deterministic && now > a->busy_since, done = 0;
    if (a->pin_check && (wait_for_it || atomic_load(&a->pin_check->done))) {
        pin_finish(a, now);
        done = 1;
    }
    if (a->import && !a->import_asking && (wait_for_it || wz_import_job_done(a->import))) {
        import_checked(a);
        done = 1;
    }
    if (a->probe && (wait_for_it || wz_upload_probe_done(a->probe))) {
        upload_test_finish(a);
        done = 1;
    }
    if (a->syncing && (wait_for_it || atomic_load(&a->sync_done))) {
        pthread_join(a->sync_thread, NULL);
        a->syncing = 0;
        show_result(a, a->job_title, a->sync_text);
        a->sync_text = NULL;
        done = 1;
    }
    if (done) a->last_activity = now; /* the time it took is not time without a touch */
    return done;
}

/* ---------------- actions ---------------- */

static int pin_action(wz_admin *a, wz_admin_act act, int arg, long long now)
{
    switch (act) {
    case WZ_ADMIN_DIGIT:
        if (a->npin < WZ_PIN_MAX_DIGITS && arg >= 0 && arg <= 9) {
            a->pin[a->npin++] = (char)('0' + arg);
            a->pin[a->npin] = '\0';
        }
        return 1;
    case WZ_ADMIN_PIN_DELETE:
        if (a->npin > 0) a->pin[--a->npin] = '\0';
        return 1;
    case WZ_ADMIN_PIN_OK: {
        long long wait = 0;
        wz_pin_result r;
        if (a->npin < WZ_PIN_MIN_DIGITS && wz_app_config(a->app)->admin_pin_hash) {
            wipe_pin(a); /* can never match: not counted, not checked */
            wz_log_warn(LOG,
                        "a PIN shorter than %d digits was typed; if the configured PIN is "
                        "that short, make a new one with wz-kiosk --hash-pin",
                        WZ_PIN_MIN_DIGITS);
            set_message(a, 1, "A PIN has at least %d digits.", WZ_PIN_MIN_DIGITS);
            return 1;
        }
        if (wz_pin_try_begin(&a->limiter, wz_app_config(a->app)->admin_pin_hash, now, &r, &wait)) {
            pin_start(a, now);
            return 1;
        }
        wipe_pin(a);
        pin_report(a, r, wait);
        return 1;
    }
    case WZ_ADMIN_CLOSE:
        wz_log_info(LOG, "admin mode closed");
        admin_close(a);
        return 1;
    default:
        return 0;
    }
}

int wz_admin_action(wz_admin *a, wz_admin_act act, int arg, long long now)
{
    if (!a->open) return 0;
    if (busy(a)) return 1; /* nothing until the PIN check or the import has ended */
    a->last_activity = now;
    if (pin_action(a, act, arg, now)) return 1;
    if (a->page == WZ_ADMIN_PAGE_PIN) return 0; /* nothing else before the PIN */
    if (a->page == WZ_ADMIN_PAGE_GROUP && act >= WZ_ADMIN_GROUP_FIRST) {
        int serial = wz_group_mode_serial(a->group);
        if (wz_group_mode_action(a->group, (wz_group_act)(act - WZ_ADMIN_GROUP_FIRST), arg)) {
            a->return_to = WZ_SCREEN_ATTRACT; /* the guide leaves: ready for visitors */
            admin_close(a);
        } else if (wz_group_mode_serial(a->group) != serial) {
            a->page_serial++;
        }
        return 1;
    }
    switch (act) {
    case WZ_ADMIN_GROUP:
        wz_group_mode_destroy(a->group);
        a->group = wz_group_mode_create(wz_app_library(a->app), wz_app_recorder(a->app));
        a->page = WZ_ADMIN_PAGE_GROUP;
        a->page_serial++;
        return 1;
    case WZ_ADMIN_HOME:
        job_kill(a);
        if (a->import) import_cancel(a);
        free_sources(a);
        a->page = WZ_ADMIN_PAGE_HOME;
        a->page_serial++;
        return 1;
    case WZ_ADMIN_STATS:
        load_stats(a);
        a->page = WZ_ADMIN_PAGE_STATS;
        a->page_serial++;
        return 1;
    case WZ_ADMIN_IMPORT:
        start_import(a, now);
        return 1;
    case WZ_ADMIN_IMPORT_CONFIRM:
        if (a->import_asking) import_finish(a, 1);
        return 1;
    case WZ_ADMIN_IMPORT_CANCEL:
        import_cancel(a);
        return 1;
    case WZ_ADMIN_IMPORT_FROM:
        if (arg >= 0 && arg < a->nsources) do_import(a, a->sources[arg], now);
        free_sources(a);
        return 1;
    case WZ_ADMIN_RELOAD:
        do_reload(a);
        return 1;
    case WZ_ADMIN_EXPORT:
        do_export(a, now);
        return 1;
    case WZ_ADMIN_UPLOAD_TEST:
        do_upload_test(a, now);
        return 1;
    case WZ_ADMIN_RESTART:
        wz_log_info(LOG, "restart requested from admin mode");
        admin_close(a);
        wz_app_request_quit(a->app, 0);
        return 1;
    case WZ_ADMIN_EXIT:
        a->page = WZ_ADMIN_PAGE_EXIT;
        return 1;
    case WZ_ADMIN_EXIT_CONFIRM:
        wz_log_info(LOG, "exit requested from admin mode");
        admin_close(a);
        wz_app_request_quit(a->app, WZ_ADMIN_EXIT_STOP);
        return 1;
    default:
        return 0;
    }
}

int wz_admin_poll(wz_admin *a, long long now)
{
    if (!a->open) return 0;
    int changed = job_poll(a, now);
    changed |= busy_poll(a, now);
    if (now - a->last_activity >= timeout_ms(a) && a->job <= 0 && !busy(a)) {
        wz_log_info(LOG, "admin mode closed itself after %lld seconds without a touch",
                    timeout_ms(a) / 1000);
        admin_close(a);
        return 1;
    }
    return changed;
}

long long wz_admin_next_deadline(const wz_admin *a, long long now)
{
    if (!a->open) return -1;
    long long at = a->last_activity + timeout_ms(a);
    if (a->job > 0) at = WZ_MIN(at, now + WZ_ADMIN_POLL_MS);
    if (busy(a)) at = WZ_MIN(at, now + WZ_ADMIN_POLL_BUSY_MS - now % WZ_ADMIN_POLL_BUSY_MS);
    if (a->page == WZ_ADMIN_PAGE_PIN && wz_pin_limiter_wait_ms(&a->limiter, now) > 0)
        at = WZ_MIN(at, now + 1000 - now % 1000); /* the countdown's next second */
    return at;
}

/* ---------------- the view ---------------- */

static void file_size_text(const char *path, char *out, size_t n)
{
    struct stat st;
    long long bytes = 0;
    if (path && stat(path, &st) == 0) bytes = st.st_size;
    char *wal = path ? wz_xasprintf("%s-wal", path) : NULL;
    if (wal && stat(wal, &st) == 0) bytes += st.st_size;
    free(wal);
    if (!path)
        snprintf(out, n, "none");
    else if (bytes < 1024 * 1024)
        snprintf(out, n, "%lld KB", (bytes + 1023) / 1024);
    else
        snprintf(out, n, "%.1f MB", (double)bytes / (1024.0 * 1024.0));
}

static void upload_text(const wz_admin *a, char *out, size_t n)
{
    if (!wz_app_config(a->app)->upload_url) {
        snprintf(out, n, "Uploads: off (no address in kiosk.ini). Figures stay on this kiosk.");
        return;
    }
    wz_recorder *rec = wz_app_recorder(a->app);
    sqlite3 *db = rec ? wz_recorder_db(rec) : NULL;
    char last_day[11];
    if (!db || wz_outbox_last_acked_day(db, last_day, NULL) != 0 || !last_day[0])
        snprintf(last_day, sizeof(last_day), "none yet");
    struct wz_upload_worker *up = wz_app_upload(a->app);
    if (!up) { /* the worker did not start (see the log): what the database says */
        int pending = db ? wz_outbox_pending_count(db, NULL) : -1;
        snprintf(out, n,
                 "Uploads: on, but not running (see the log). Days waiting: %d. Latest "
                 "day sent: %s.",
                 pending, last_day);
        return;
    }
    wz_upload_status us;
    wz_upload_worker_status(up, &us);
    char when[64] = "never since the kiosk started";
    if (us.last_success > 0) {
        struct tm tm;
        localtime_r(&us.last_success, &tm);
        strftime(when, sizeof(when), "%a %d %b at %H:%M", &tm);
    }
    static const char *const states[] = {
        "off", "starting", "all sent", "sending now", "waiting to try again", "PAUSED"};
    const char *state = (unsigned)us.state < WZ_ARRAY_LEN(states) ? states[us.state] : "?";
    char pending[32];
    if (us.pending >= 0)
        snprintf(pending, sizeof(pending), "%d", us.pending);
    else
        snprintf(pending, sizeof(pending), "unknown");
    const char *why = us.paused_reason[0] ? us.paused_reason : us.last_error;
    snprintf(out, n, "Uploads: %s. Last upload: %s. Days waiting: %s. Latest day sent: %s.%s%s",
             state, when, pending, last_day, why[0] ? " Problem: " : "", why);
}

/* A press time: "14:03" today, "Fri 04 Dec 14:03" before. */
static void press_time(time_t at, char *out, size_t n)
{
    struct tm tm, today;
    time_t now = time(NULL);
    localtime_r(&at, &tm);
    localtime_r(&now, &today);
    int same = tm.tm_year == today.tm_year && tm.tm_yday == today.tm_yday;
    strftime(out, n, same ? "%H:%M" : "%a %d %b %H:%M", &tm);
}

/* The staff menu's "I'm worried" badge and the alert channels' state. */
static void worried_text(const wz_admin *a, wz_admin_view *v)
{
    const wz_config *cfg = wz_app_config(a->app);
    wz_alert_status st;
    wz_alert_status_get(wz_app_alert(a->app), &st);
    v->safeguarding_contact = cfg->safeguarding_contact;
    v->worried_alerts = st.raised;
    if (st.raised) {
        wz_buf b;
        wz_buf_init(&b, 0);
        wz_buf_printf(&b, "\"I'm worried\" was pressed. Alert%s at ", st.raised == 1 ? "" : "s");
        for (int i = 0; i < WZ_ALERT_RECENT && st.recent[i]; i++) {
            char t[40];
            press_time(st.recent[i], t, sizeof t);
            wz_buf_printf(&b, "%s%s", i ? ", " : "", t);
        }
        wz_buf_printf(&b, " (%d press%s since the kiosk started).", st.presses,
                      st.presses == 1 ? "" : "es");
        char *s = wz_buf_steal(&b);
        snprintf(v->worried_badge, sizeof v->worried_badge, "%s", s);
        free(s);
    }
    if (!st.command && !st.url) {
        snprintf(v->worried_status, sizeof v->worried_status,
                 "Staff alerts: off. A visitor who presses \"I'm worried\" is asked to go to the "
                 "front desk (set [alert] command or url to be told at once).");
        return;
    }
    const char *last = st.url_result[0] ? st.url_result : st.command_result;
    snprintf(v->worried_status, sizeof v->worried_status, "Staff alerts: on (%s%s%s).%s%s",
             st.command ? "command" : "", st.command && st.url ? " and " : "",
             st.url ? "staff address" : "", last[0] ? " Last: " : "", last);
    v->worried_status_bad = last[0] && strcmp(last, "delivered") && strcmp(last, "the command ran");
}

static void last_error_text(const wz_admin *a, wz_admin_view *v)
{
    char err[400] = "";
    long long when = wz_log_last_error(err, sizeof(err));
    wz_recorder *rec = wz_app_recorder(a->app);
    char *rec_err = NULL;
    if (rec) wz_recorder_health(rec, &rec_err);
    if (rec_err && *rec_err)
        snprintf(v->last_error, sizeof(v->last_error), "Last error: %s", rec_err);
    else if (when > 0)
        snprintf(v->last_error, sizeof(v->last_error), "Last error: %s", err);
    else
        snprintf(v->last_error, sizeof(v->last_error), "Last error: none since the kiosk started.");
    v->last_error_bad = when > 0 || (rec_err && *rec_err);
    free(rec_err);
}

/* The pad's message at now: the brake's countdown runs on its own. */
static void pin_message(const wz_admin *a, long long now, wz_admin_view *v)
{
    long long wait = wz_pin_limiter_wait_ms(&a->limiter, now);
    v->message_bad = a->message_bad;
    if (v->checking) {
        snprintf(v->message, sizeof(v->message), "Checking the PIN...");
        v->message_bad = 0;
    } else if (wait > 0) {
        snprintf(v->message, sizeof(v->message),
                 "Too many wrong PINs. Wait %lld seconds, then try again.", (wait + 999) / 1000);
        v->message_bad = 1;
    } else if (a->limiter.failures >= WZ_PIN_FREE_TRIES && a->message_bad &&
               strstr(a->message, "Wait")) {
        snprintf(v->message, sizeof(v->message), "You can try again now.");
        v->message_bad = 0;
    } else {
        snprintf(v->message, sizeof(v->message), "%s", a->message);
    }
}

void wz_admin_view_get(const wz_admin *a, long long now, wz_admin_view *v)
{
    memset(v, 0, sizeof(*v));
    const wz_config *cfg = wz_app_config(a->app);
    v->page = a->page;
    v->pin_digits = a->npin;
    v->checking = a->pin_check != NULL;
    v->busy = busy(a);
    v->job_running = a->job > 0;
    v->group = a->group;
    if (a->page == WZ_ADMIN_PAGE_PIN)
        pin_message(a, now, v);
    else
        snprintf(v->message, sizeof(v->message), "%s", a->message);
    v->result_title = a->result_title;
    v->result_text = a->result_text;
    v->sources = (const char *const *)a->sources;
    v->nsources = a->nsources;
    v->mount_root = cfg->usb_mount_root;
    v->week = a->week;
    v->today = a->today;
    v->ntoday = a->ntoday;
    v->week_total = a->week_total;
    v->today_total = a->today_total;
    v->kiosk_id = cfg->kiosk_id;
    v->scenarios_dir = wz_app_scenarios_dir(a->app);
    v->lib = wz_app_library(a->app);
    if (a->page == WZ_ADMIN_PAGE_HOME) { /* read afresh each time the menu is drawn */
        file_size_text(wz_app_db_path(a->app), v->db_size, sizeof(v->db_size));
        upload_text(a, v->upload, sizeof(v->upload));
        last_error_text(a, v);
        worried_text(a, v);
    }
}

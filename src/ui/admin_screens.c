/*
 * admin_screens: the staff's admin mode (see admin.h for how it hooks in).
 *
 * One screen id (WZ_SCREEN_ADMIN) with pages, rebuilt from this module's state on every
 * frame like the visitor screens. Everything slow is kept off the frame: statistics
 * are read once when their page opens; exporting and the upload test run `wz-stats` as
 * a child process that the page polls every quarter second. Checking the PIN (Argon2id,
 * about 0.35 s) runs on an SDL thread, and the import from USB (reading, checking and
 * copying a stick that may be large and slow) on wz_import's job thread; meanwhile the
 * page shows a spinner, redrawn every POLL_BUSY_MS (that redraw is also how the loop
 * notices the work ended: the kiosk's only wake-up is a screen's next_anim). Only one
 * piece of work runs at a time, and the page takes no other action until it ends (so
 * the wrong-PIN brake counts each try once, in order), nor does it close itself. The
 * swap of the scenarios folder and of the library happen here on the UI thread, between
 * visitors, since admin mode is opened only from the attract or "nothing to show" screens.
 *
 * Script mode (tests) must not depend on how fast a thread is: there, work started in
 * one frame is waited for (joined) in the first frame drawn at a later time, so with
 * --fake-clock the "Checking" state stays on the screen until the script's next `wait`.
 *
 * Privacy and secrets: the typed PIN lives in a small buffer wiped after every check and
 * when admin mode closes; nothing about it is logged except that a try was wrong.
 */
#include "admin.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "admin_gesture.h"
#include "wz_aggregate.h"
#include "wz_import.h"
#include "wz_log.h"
#include "wz_outbox.h"
#include "wz_paths.h"
#include "wz_pin.h"
#include "wz_screens.h"
#include "wz_upload.h"
#include "wz_util.h"

#define LOG "admin"
#define POLL_MS 250
#define POLL_BUSY_MS 100 /* spinner step, and how soon finished work is noticed */
#define JOB_TIMEOUT_MS 120000
#define JOB_OUTPUT_MAX (16 * 1024)
#define MAX_SOURCES WZ_IMPORT_MAX_SOURCES

enum {
    ACT_CORNER = WZ_ACT_ADMIN_FIRST,
    ACT_DIGIT,
    ACT_PIN_DELETE,
    ACT_PIN_OK,
    ACT_CLOSE,
    ACT_HOME,
    ACT_STATS,
    ACT_IMPORT,
    ACT_IMPORT_FROM, /* arg: source index */
    ACT_RELOAD,
    ACT_EXPORT,
    ACT_UPLOAD_TEST,
    ACT_RESTART,
    ACT_EXIT,
    ACT_EXIT_CONFIRM,
};

typedef enum { PAGE_PIN, PAGE_HOME, PAGE_STATS, PAGE_SOURCES, PAGE_RESULT, PAGE_EXIT } page_id;

typedef struct bar {
    char label[96];
    long long value, value2;
} bar;

static struct admin {
    wz_kiosk *k;
    wz_screen_def attract, empty; /* the kiosk's own, which we wrap */
    wz_admin_gesture gesture;
    int switched; /* the gesture just opened admin mode: rebuild at once */
    /* admin mode */
    page_id page;
    wz_screen_id return_to;
    long long last_activity;
    wz_pin_limiter limiter;
    char pin[WZ_PIN_MAX_DIGITS + 1];
    int npin;
    char message[240];
    int message_bad;
    /* result page */
    char *result_title, *result_text;
    /* USB sources when there are several */
    char **sources;
    int nsources;
    /* statistics page */
    bar week[7];
    bar today[12];
    int ntoday;
    long long today_total, week_total;
    /* a wz-stats child process */
    pid_t job;
    long long job_started;
    char job_out[64];
    char job_title[64];
    char *job_done_text; /* what to say when it succeeds */
    /* work on a thread (one at a time): the PIN check, or the import from USB */
    SDL_Thread *pin_thread;
    struct pin_check *pin_check; /* shared with pin_thread until it is joined */
    wz_import_job *import;
    SDL_Thread *sync_thread; /* sync() after an export, so the stick can be pulled out */
    SDL_atomic_t sync_done;
    char *sync_text;      /* the export's result, shown once sync_thread has ended */
    long long busy_since; /* wz_kiosk_now when the work started */
} A;

/* One PIN check on its own thread: the thread reads hash and pin, writes matched, then
 * sets done; the UI thread reads matched only after joining. */
typedef struct pin_check {
    char *hash; /* a copy of [admin] pin_hash */
    char pin[WZ_PIN_MAX_DIGITS + 1];
    int matched;
    SDL_atomic_t done;
} pin_check;

/* ---------------- helpers ---------------- */

static long long timeout_ms(void)
{
    int s = A.k->cfg.admin_timeout_s > 0 ? A.k->cfg.admin_timeout_s : 120;
    return (long long)s * 1000;
}

static int busy(void)
{
    return A.pin_thread != NULL || A.import != NULL || A.sync_thread != NULL;
}

static void wipe_pin(void)
{
    wz_pin_wipe(A.pin, sizeof(A.pin));
    A.npin = 0;
}

static void set_message(int bad, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void set_message(int bad, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(A.message, sizeof(A.message), fmt, ap);
    va_end(ap);
    A.message_bad = bad;
}

static void show_result(const char *title, char *text_owned)
{
    free(A.result_title);
    free(A.result_text);
    A.result_title = wz_xstrdup(title);
    A.result_text = text_owned;
    A.page = PAGE_RESULT;
}

static void free_sources(void)
{
    wz_import_free_sources(A.sources, A.nsources);
    A.sources = NULL;
    A.nsources = 0;
}

static void job_kill(void)
{
    if (A.job > 0) {
        kill(A.job, SIGTERM);
        waitpid(A.job, NULL, 0);
        A.job = 0;
        unlink(A.job_out);
    }
    free(A.job_done_text);
    A.job_done_text = NULL;
}

/* Swaps in a freshly loaded library (the session accepts it only between visitors, so
 * it is handed over on the attract screen and admin mode is shown again). */
static void reload_library(wz_kiosk *k)
{
    wz_library *lib = wz_library_load(k->scenarios_dir, NULL);
    wz_screen_id was = wz_session_screen(k->session);
    wz_session_goto(k->session, WZ_SCREEN_ATTRACT);
    if (wz_session_set_library(k->session, lib) == 0) {
        wz_library_free(k->lib);
        k->lib = lib;
        k->lib_signature = wz_library_scan_signature(k->scenarios_dir);
    } else {
        wz_library_free(lib);
    }
    wz_session_goto(k->session, was);
    wz_log_info(LOG, "scenarios reloaded: %d of %d files ready to play", k->lib->playable,
                k->lib->count);
}

static void admin_open(wz_kiosk *k, long long now)
{
    A.return_to = wz_session_screen(k->session);
    if (A.return_to != WZ_SCREEN_EMPTY) A.return_to = WZ_SCREEN_ATTRACT;
    wz_session_goto(k->session, WZ_SCREEN_ADMIN);
    wz_input_cancel(k->input);
    wz_frame_scroll_reset(k->frame);
    A.page = PAGE_PIN;
    A.last_activity = now;
    wipe_pin();
    A.message[0] = '\0';
    if (!k->cfg.admin_pin_hash)
        set_message(1, "Admin mode is switched off on this kiosk: no PIN is set. An IT "
                       "technician can set one (see the deployment guide).");
    A.switched = 1;
    k->dirty = 1;
    wz_log_info(LOG, "PIN pad opened");
}

static void admin_close(wz_kiosk *k)
{
    job_kill();
    if (A.import) { /* not reached through the screen (it takes no action while busy) */
        wz_import_job_cancel(A.import);
        A.import = NULL;
    }
    wipe_pin();
    free_sources();
    free(A.result_title);
    free(A.result_text);
    A.result_title = A.result_text = NULL;
    /* from "nothing to show", once something can play, back to the start */
    wz_screen_id to = A.return_to;
    if (to == WZ_SCREEN_EMPTY && k->lib && k->lib->playable > 0) to = WZ_SCREEN_ATTRACT;
    wz_session_goto(k->session, to);
    wz_input_cancel(k->input);
    wz_frame_scroll_reset(k->frame);
    A.switched = 1;
    k->dirty = 1;
}

/* ---------------- the hidden corner on the attract and empty screens ---------------- */

static SDL_Rect corner_rect(const wz_theme *t)
{
    int side = WZ_MAX(wz_px(t, 140), WZ_MIN(t->w, t->h) / 8);
    SDL_Rect r = {0, 0, side, side};
    return r;
}

static void corner_build(wz_kiosk *k, wz_ui *ui, long long now, const wz_screen_def *orig)
{
    A.switched = 0;
    if (orig->build) orig->build(k, ui, now);
    /* invisible: a control with no drawing, on top of whatever is in the corner */
    wz_frame_control(ui->f, corner_rect(&ui->th), ACT_CORNER, 0, "Staff");
    if (wz_ui_is_pressed(ui, ACT_CORNER, 0)) {
        if (wz_admin_gesture_pressed(&A.gesture, now)) admin_open(k, now);
    } else if (A.gesture.down_at >= 0) {
        wz_admin_gesture_cancel(&A.gesture); /* the finger slid away */
    }
}

static int corner_action(wz_kiosk *k, int action, int arg, long long now, const wz_screen_def *orig)
{
    if (action == ACT_CORNER) {
        if (wz_admin_gesture_released(&A.gesture, now)) admin_open(k, now);
        return 1;
    }
    return orig->action ? orig->action(k, action, arg, now) : 0;
}

static long long corner_anim(wz_kiosk *k, long long now, const wz_screen_def *orig)
{
    if (A.switched) return now;
    long long a = orig->next_anim ? orig->next_anim(k, now) : -1;
    long long g = wz_admin_gesture_deadline(&A.gesture);
    if (g >= 0 && (a < 0 || g < a)) a = g;
    return a;
}

static void attract_build(wz_kiosk *k, wz_ui *ui, long long now)
{
    corner_build(k, ui, now, &A.attract);
}
static int attract_action(wz_kiosk *k, int action, int arg, long long now)
{
    return corner_action(k, action, arg, now, &A.attract);
}
static long long attract_anim(wz_kiosk *k, long long now)
{
    return corner_anim(k, now, &A.attract);
}
static void empty_build(wz_kiosk *k, wz_ui *ui, long long now)
{
    corner_build(k, ui, now, &A.empty);
}
static int empty_action(wz_kiosk *k, int action, int arg, long long now)
{
    return corner_action(k, action, arg, now, &A.empty);
}
static long long empty_anim(wz_kiosk *k, long long now)
{
    return corner_anim(k, now, &A.empty);
}

/* ---------------- wz-stats as a child process ---------------- */

/* Runs wz-stats with args (NULL-terminated, without the program name). */
static int job_start(wz_kiosk *k, const char *title, const char *const args[], char *done_text)
{
    job_kill();
    char *exe_dir = wz_paths_exe_dir();
    char *prog = exe_dir ? wz_path_join(exe_dir, "wz-stats") : wz_xstrdup("wz-stats");
    free(exe_dir);
    snprintf(A.job_out, sizeof(A.job_out), "/tmp/wz-admin-job-XXXXXX");
    int fd = mkstemp(A.job_out);
    if (fd < 0) {
        free(prog);
        free(done_text);
        show_result(title, wz_xasprintf("This could not be started: %s.", strerror(errno)));
        return -1;
    }
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&fa, fd, 1);
    posix_spawn_file_actions_adddup2(&fa, fd, 2);
    int nargs = 0;
    while (args[nargs] && nargs < 15)
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
        unlink(A.job_out);
        show_result(title, wz_xasprintf("This could not be started (%s: %s).", prog, strerror(rc)));
        free(prog);
        free(done_text);
        return -1;
    }
    free(prog);
    A.job = pid;
    A.job_started = wz_kiosk_now(k);
    snprintf(A.job_title, sizeof(A.job_title), "%s", title);
    A.job_done_text = done_text;
    show_result(title, wz_xstrdup("Working on it. Please wait..."));
    return 0;
}

/* Checks on the child; when it has finished, shows what it said. */
static int sync_main(void *unused)
{
    (void)unused;
    sync();
    SDL_AtomicSet(&A.sync_done, 1);
    return 0;
}

static void job_poll(wz_kiosk *k, long long now)
{
    if (A.job <= 0) return;
    int st = 0;
    pid_t r = waitpid(A.job, &st, WNOHANG);
    int timed_out = 0;
    if (r == 0) {
        if (now - A.job_started < JOB_TIMEOUT_MS) return;
        kill(A.job, SIGTERM);
        waitpid(A.job, &st, 0);
        timed_out = 1;
    }
    A.job = 0;
    char *out = NULL;
    size_t len = 0;
    if (wz_read_file(A.job_out, JOB_OUTPUT_MAX, &out, &len) != 0) out = wz_xstrdup("");
    unlink(A.job_out);
    int ok = !timed_out && r > 0 && WIFEXITED(st) && WEXITSTATUS(st) == 0;
    char *text;
    if (ok) {
        text = wz_xasprintf("%s%s%s", A.job_done_text ? A.job_done_text : "Done.",
                            *out ? "\n\n" : "", out);
    } else if (timed_out) {
        text = wz_xasprintf("This took longer than %d seconds and was stopped.\n\n%s",
                            JOB_TIMEOUT_MS / 1000, out);
    } else {
        text = wz_xasprintf("This did not work.\n\n%s", *out ? out : "(no message)");
    }
    wz_log_info(LOG, "%s: %s", A.job_title, ok ? "done" : "failed");
    if (k->upload) wz_upload_worker_wake(k->upload); /* its status catches up */
    free(out);
    free(A.job_done_text);
    A.job_done_text = NULL;
    k->dirty = 1;
    if (ok) { /* so the stick can be pulled out straight away; sync() can take seconds */
        SDL_AtomicSet(&A.sync_done, 0);
        A.sync_thread = SDL_CreateThread(sync_main, "wz-sync", NULL);
        if (A.sync_thread) {
            A.sync_text = text;
            A.busy_since = now;
            show_result(A.job_title, wz_xstrdup("Writing everything onto the USB stick. Please "
                                                "wait, and do not take the stick out."));
            return;
        }
        sync(); /* no thread: here rather than not at all */
    }
    show_result(A.job_title, text);
}

/* ---------------- actions ---------------- */

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

static void today_string(char out[11], int days_ago)
{
    struct tm tm;
    local_day(&tm, days_ago);
    strftime(out, 11, "%Y-%m-%d", &tm);
}

static const char *title_of(wz_kiosk *k, const char *ifid)
{
    for (int i = 0; k->lib && i < k->lib->count; i++) {
        const wz_scenario *sc = k->lib->entries[i].sc;
        if (sc && sc->ifid && ifid && !strcmp(sc->ifid, ifid) && sc->title) return sc->title;
    }
    return ifid ? ifid : "?";
}

static void load_stats(wz_kiosk *k)
{
    memset(A.week, 0, sizeof(A.week));
    memset(A.today, 0, sizeof(A.today));
    A.ntoday = 0;
    A.today_total = A.week_total = 0;
    sqlite3 *db = k->rec ? wz_recorder_db(k->rec) : NULL;
    if (k->rec) wz_recorder_flush(k->rec);
    for (int i = 6; i >= 0; i--) {
        char day[11];
        today_string(day, i);
        bar *b = &A.week[6 - i];
        struct tm tm;
        local_day(&tm, i);
        strftime(b->label, sizeof(b->label), i == 0 ? "Today" : "%a %d", &tm);
        if (!db) continue;
        char *err = NULL;
        cJSON *doc = wz_aggregate_day(db, day, k->cfg.kiosk_id, 0, &err);
        free(err);
        if (!doc) continue;
        const cJSON *s = cJSON_GetObjectItemCaseSensitive(doc, "sessions");
        b->value = cJSON_IsNumber(s) ? (long long)s->valuedouble : 0;
        A.week_total += b->value;
        if (i == 0) {
            A.today_total = b->value;
            const cJSON *arr = cJSON_GetObjectItemCaseSensitive(doc, "scenarios");
            const cJSON *e;
            cJSON_ArrayForEach(e, arr)
            {
                const cJSON *id = cJSON_GetObjectItemCaseSensitive(e, "ifid");
                const cJSON *st = cJSON_GetObjectItemCaseSensitive(e, "started");
                const cJSON *co = cJSON_GetObjectItemCaseSensitive(e, "completed");
                const char *title = title_of(k, cJSON_IsString(id) ? id->valuestring : NULL);
                int slot = -1; /* one bar per scenario, its audiences added up */
                for (int j = 0; j < A.ntoday; j++)
                    if (!strcmp(A.today[j].label, title)) slot = j;
                if (slot < 0 && A.ntoday < (int)WZ_ARRAY_LEN(A.today)) {
                    slot = A.ntoday++;
                    snprintf(A.today[slot].label, sizeof(A.today[slot].label), "%s", title);
                }
                if (slot < 0) continue;
                A.today[slot].value += cJSON_IsNumber(st) ? (long long)st->valuedouble : 0;
                A.today[slot].value2 += cJSON_IsNumber(co) ? (long long)co->valuedouble : 0;
            }
        }
        cJSON_Delete(doc);
    }
}

/* Starts the import from source on wz_import's job thread; busy_poll finishes it. */
static void do_import(wz_kiosk *k, const char *source)
{
    A.import = wz_import_job_start(source, k->scenarios_dir, NULL, NULL);
    if (!A.import) {
        show_result("Load scenarios from USB",
                    wz_xstrdup("The import could not be started (see the log). Nothing was "
                               "changed."));
        return;
    }
    A.busy_since = wz_kiosk_now(k);
    show_result("Load scenarios from USB",
                wz_xstrdup("Checking the stick and copying the scenarios. Please wait, and do "
                           "not take the stick out."));
    wz_log_info(LOG, "import from %s started", source);
}

/* The import's last step, on this thread: the swap and the new library. */
static void import_finish(wz_kiosk *k)
{
    wz_import_result res;
    int rc = wz_import_job_finish(A.import, &res);
    A.import = NULL;
    if (rc == 0 && res.swapped) reload_library(k);
    char *text = wz_import_summary(&res, 4);
    if (rc == 0 && res.swapped) {
        char *more = wz_xasprintf("%s\nThe kiosk now has %d scenario%s ready to play.", text,
                                  k->lib->playable, k->lib->playable == 1 ? "" : "s");
        free(text);
        text = more;
    }
    show_result("Load scenarios from USB", text);
    wz_import_result_free(&res);
}

/* Drives to export onto: mount points under the mount root (a stick), or folders there
 * that hold a warning-zone folder (a prepared stick; also how tests make one). */
static int find_drives(const char *root, char *out[], int max)
{
    int n = 0;
    struct stat rs;
    if (!root || stat(root, &rs) != 0) return 0;
    char **srcs = NULL;
    int ns = wz_import_find_sources(root, &srcs);
    for (int i = 0; i < ns && n < max; i++) /* .../warning-zone -> the drive above it */
        if (wz_str_ends(srcs[i], "/warning-zone")) out[n++] = wz_path_dirname(srcs[i]);
    wz_import_free_sources(srcs, ns);
    /* mount points one or two levels down (/media/<user>/<label>, /media/wz-kiosk/sdb1) */
    DIR *d = opendir(root);
    struct dirent *e;
    while (d && (e = readdir(d)) != NULL && n < max) {
        if (e->d_name[0] == '.') continue;
        char *p = wz_path_join(root, e->d_name);
        struct stat st;
        if (lstat(p, &st) == 0 && S_ISDIR(st.st_mode)) {
            if (st.st_dev != rs.st_dev) {
                out[n++] = wz_xstrdup(p);
            } else {
                DIR *d2 = opendir(p);
                struct dirent *e2;
                while (d2 && (e2 = readdir(d2)) != NULL && n < max) {
                    if (e2->d_name[0] == '.') continue;
                    char *q = wz_path_join(p, e2->d_name);
                    struct stat st2;
                    int dup = 0;
                    for (int j = 0; j < n; j++)
                        dup |= !strcmp(out[j], q);
                    if (!dup && lstat(q, &st2) == 0 && S_ISDIR(st2.st_mode) &&
                        st2.st_dev != st.st_dev)
                        out[n++] = q;
                    else
                        free(q);
                }
                if (d2) closedir(d2);
            }
        }
        free(p);
    }
    if (d) closedir(d);
    return n;
}

static void do_export(wz_kiosk *k)
{
    char *drives[4] = {0};
    int n = find_drives(k->cfg.usb_mount_root, drives, 4);
    if (n == 0) {
        show_result("Export figures to USB",
                    wz_xstrdup("No USB stick was found. Put a USB stick into the kiosk, wait a "
                               "few seconds, and press Export again."));
        return;
    }
    if (!k->db_path) {
        show_result("Export figures to USB",
                    wz_xstrdup("This kiosk has no statistics database to export."));
        for (int i = 0; i < n; i++)
            free(drives[i]);
        return;
    }
    if (k->rec) wz_recorder_flush(k->rec);
    char day[11];
    today_string(day, 0);
    char *base = wz_path_join(drives[0], "warning-zone-figures");
    mkdir(base, 0755);
    char *name = wz_xasprintf("%s-%s", k->cfg.kiosk_id, day);
    char *dir = wz_path_join(base, name);
    char *done = wz_xasprintf("The figures are on the USB stick, in the folder "
                              "warning-zone-figures/%s. You can take the stick out now.",
                              name);
    const char *args[] = {"--db", k->db_path, "export", dir, NULL};
    job_start(k, "Export figures to USB", args, done);
    free(dir);
    free(name);
    free(base);
    for (int i = 0; i < n; i++)
        free(drives[i]);
}

static void do_upload_test(wz_kiosk *k)
{
    if (!k->cfg.upload_url) {
        show_result("Test the upload connection",
                    wz_xstrdup("Uploads are switched off on this kiosk (no upload address in "
                               "kiosk.ini). The figures stay here; use Export figures to USB "
                               "to take them away."));
        return;
    }
    if (k->rec) wz_recorder_flush(k->rec);
    const char *args[8];
    int i = 0;
    if (k->opts.config_path) {
        args[i++] = "--config";
        args[i++] = k->opts.config_path;
    }
    if (k->db_path) {
        args[i++] = "--db";
        args[i++] = k->db_path;
    }
    args[i++] = "upload";
    args[i] = NULL;
    job_start(k, "Test the upload connection", args,
              wz_xstrdup("The connection works: every waiting figure was sent."));
}

/* Says what a try at the pad came to (r from wz_pin_try_begin or wz_pin_try_end). */
static void pin_report(wz_pin_result r, long long wait)
{
    switch (r) {
    case WZ_PIN_OK:
        A.page = PAGE_HOME;
        A.message[0] = '\0';
        wz_log_info(LOG, "admin mode opened");
        break;
    case WZ_PIN_WRONG:
        wz_log_warn(LOG, "a wrong admin PIN was typed");
        if (wait > 0) /* the pad now shows the pause, counting down */
            set_message(1, "Too many wrong PINs. Wait %lld seconds, then try again.",
                        (wait + 999) / 1000);
        else
            set_message(1, "Wrong PIN. Please try again.");
        break;
    case WZ_PIN_LOCKED:
        set_message(1, "Too many wrong PINs. Wait %lld seconds, then try again.",
                    (wait + 999) / 1000);
        break;
    case WZ_PIN_DISABLED:
        set_message(1, "Admin mode is switched off on this kiosk: no PIN is set.");
        break;
    }
}

static int pin_thread_main(void *arg)
{
    pin_check *c = arg;
    c->matched = wz_pin_verify(c->hash, c->pin);
    SDL_AtomicSet(&c->done, 1);
    return 0;
}

/* Starts verifying the typed PIN on a thread (wz_pin_try_begin said to); pin_finish ends it.
 * The thread gets its own copies, so the pad's buffer is wiped at once. */
static void pin_start(wz_kiosk *k, long long now)
{
    pin_check *c = wz_xcalloc(1, sizeof(*c));
    c->hash = wz_xstrdup(k->cfg.admin_pin_hash);
    memcpy(c->pin, A.pin, sizeof(c->pin));
    wipe_pin();
    SDL_AtomicSet(&c->done, 0);
    A.pin_thread = SDL_CreateThread(pin_thread_main, "wz-pin", c);
    if (!A.pin_thread) { /* no thread: check here rather than not at all */
        wz_log_warn(LOG, "no thread for the PIN check (%s): checking on the UI thread",
                    SDL_GetError());
        pin_thread_main(c);
        long long wait = 0;
        pin_report(wz_pin_try_end(&A.limiter, c->matched, now, &wait), wait);
        free(c->hash);
        wz_pin_wipe(c, sizeof(*c));
        free(c);
        return;
    }
    A.pin_check = c;
    A.busy_since = now;
}

/* The check has ended (or, in script mode, is waited for): count it and say so. */
static void pin_finish(wz_kiosk *k, long long now)
{
    SDL_WaitThread(A.pin_thread, NULL);
    A.pin_thread = NULL;
    long long wait = 0;
    wz_pin_result r = wz_pin_try_end(&A.limiter, A.pin_check->matched, now, &wait);
    free(A.pin_check->hash);
    wz_pin_wipe(A.pin_check, sizeof(*A.pin_check));
    free(A.pin_check);
    A.pin_check = NULL;
    pin_report(r, wait);
}

/* Called on every admin frame: finishes work whose thread has ended. In script mode,
 * work is waited for in the first frame drawn at a later time than the one that started
 * it (see the top of the file). */
static void busy_poll(wz_kiosk *k, long long now)
{
    if (!busy()) return;
    int wait_for_it = k->script && now > A.busy_since;
    if (A.pin_thread && (wait_for_it || SDL_AtomicGet(&A.pin_check->done))) {
        pin_finish(k, now);
        A.last_activity = now; /* the time it took is not time without a touch */
        k->dirty = 1;
    }
    if (A.import && (wait_for_it || wz_import_job_done(A.import))) {
        import_finish(k);
        A.last_activity = now;
        k->dirty = 1;
    }
    if (A.sync_thread && (wait_for_it || SDL_AtomicGet(&A.sync_done))) {
        SDL_WaitThread(A.sync_thread, NULL);
        A.sync_thread = NULL;
        show_result(A.job_title, A.sync_text);
        A.sync_text = NULL;
        A.last_activity = now;
        k->dirty = 1;
    }
}

/* A ring of dots, one of them dark, turning one step every POLL_BUSY_MS. */
static void spinner(wz_ui *ui, int cx, int cy, int radius, long long now)
{
    int step = (int)((now / POLL_BUSY_MS) % 8);
    static const int ring[8][2] = {{0, -100}, {71, -71}, {100, 0},  {71, 71},
                                   {0, 100},  {-71, 71}, {-100, 0}, {-71, -71}};
    int dot = WZ_MAX(2, radius / 5);
    for (int i = 0; i < 8; i++)
        wz_frame_circle(ui->f, cx + ring[i][0] * radius / 100, cy + ring[i][1] * radius / 100, dot,
                        i == step ? WZ_PRIMARY : WZ_LINE);
}

static int admin_action(wz_kiosk *k, int action, int arg, long long now)
{
    if (busy()) return 1; /* nothing until the PIN check or the import has ended */
    A.last_activity = now;
    k->dirty = 1;
    switch (action) {
    case ACT_DIGIT:
        if (A.npin < WZ_PIN_MAX_DIGITS && arg >= 0 && arg <= 9) {
            A.pin[A.npin++] = (char)('0' + arg);
            A.pin[A.npin] = '\0';
        }
        return 1;
    case ACT_PIN_DELETE:
        if (A.npin > 0) A.pin[--A.npin] = '\0';
        return 1;
    case ACT_PIN_OK: {
        long long wait = 0;
        wz_pin_result r;
        if (wz_pin_try_begin(&A.limiter, k->cfg.admin_pin_hash, now, &r, &wait)) {
            pin_start(k, now);
            return 1;
        }
        wipe_pin();
        pin_report(r, wait);
        return 1;
    }
    case ACT_CLOSE:
        wz_log_info(LOG, "admin mode closed");
        admin_close(k);
        return 1;
    default:
        break;
    }
    if (A.page == PAGE_PIN) return 0; /* nothing else before the PIN */
    switch (action) {
    case ACT_HOME:
        job_kill();
        free_sources();
        A.page = PAGE_HOME;
        wz_frame_scroll_reset(k->frame);
        return 1;
    case ACT_STATS:
        load_stats(k);
        A.page = PAGE_STATS;
        wz_frame_scroll_reset(k->frame);
        return 1;
    case ACT_IMPORT: {
        free_sources();
        A.nsources = wz_import_find_sources(k->cfg.usb_mount_root, &A.sources);
        wz_frame_scroll_reset(k->frame);
        if (A.nsources == 0) {
            show_result("Load scenarios from USB",
                        wz_xasprintf("No USB stick with scenarios was found. Put the scenario "
                                     "files (.twee or .html) at the top of the stick or in a "
                                     "folder called warning-zone, put the stick in, wait a few "
                                     "seconds and try again.\n\n(Looked in %s.)",
                                     k->cfg.usb_mount_root));
        } else if (A.nsources == 1) {
            do_import(k, A.sources[0]);
            free_sources();
        } else {
            A.page = PAGE_SOURCES;
        }
        return 1;
    }
    case ACT_IMPORT_FROM:
        if (arg >= 0 && arg < A.nsources) do_import(k, A.sources[arg]);
        free_sources();
        return 1;
    case ACT_RELOAD:
        reload_library(k);
        show_result("Reload scenarios",
                    wz_xasprintf("The scenarios folder was read again: %d of %d file%s ready to "
                                 "play.%s",
                                 k->lib->playable, k->lib->count, k->lib->count == 1 ? "" : "s",
                                 k->lib->playable < k->lib->count
                                     ? " The status page lists the problems of the others."
                                     : ""));
        return 1;
    case ACT_EXPORT:
        do_export(k);
        return 1;
    case ACT_UPLOAD_TEST:
        do_upload_test(k);
        return 1;
    case ACT_RESTART:
        wz_log_info(LOG, "restart requested from admin mode");
        admin_close(k);
        wz_kiosk_request_quit(k, 0);
        return 1;
    case ACT_EXIT:
        A.page = PAGE_EXIT;
        return 1;
    case ACT_EXIT_CONFIRM:
        wz_log_info(LOG, "exit requested from admin mode");
        admin_close(k);
        wz_kiosk_request_quit(k, WZ_ADMIN_EXIT_STOP);
        return 1;
    default:
        return 0;
    }
}

/* ---------------- drawing ---------------- */

static int col_width(const wz_theme *t)
{
    return WZ_MIN(t->w - 2 * t->margin, wz_px(t, 1400));
}

static int text(wz_ui *ui, const char *s, int x, int y, int w, int px, int bold, SDL_Color c)
{
    return wz_text_block(ui, s, x, y, w, px, bold, c, WZ_ALIGN_LEFT);
}

static void pin_build(wz_kiosk *k, wz_ui *ui, long long now)
{
    const wz_theme *t = &ui->th;
    int checking = A.pin_thread != NULL;
    int top = wz_top_bar(ui, "Staff only", checking ? NULL : "Close", ACT_CLOSE, 0);
    long long wait = wz_pin_limiter_wait_ms(&A.limiter, now);
    if (checking)
        set_message(0, "Checking the PIN...");
    else if (wait > 0)
        set_message(1, "Too many wrong PINs. Wait %lld seconds, then try again.",
                    (wait + 999) / 1000);
    else if (A.limiter.failures >= WZ_PIN_FREE_TRIES && A.message_bad && strstr(A.message, "Wait"))
        set_message(0, "You can try again now.");

    int avail_h = t->h - top - 2 * t->gap;
    int key = WZ_MIN(wz_px(t, 150), (avail_h - 3 * t->gap / 2) / 4);
    if (t->portrait) key = WZ_MIN(key, (avail_h * 2 / 3 - 3 * t->gap / 2) / 4);
    key = WZ_MIN(key, (t->w - 2 * t->margin - 2 * t->gap / 2) / 3);
    int pad_w = 3 * key + 2 * (t->gap / 2), pad_h = 4 * key + 3 * (t->gap / 2);
    int info_w, info_x, info_y, pad_x, pad_y;
    if (t->portrait) {
        info_w = t->w - 2 * t->margin;
        info_x = t->margin;
        info_y = top + t->gap;
        pad_x = (t->w - pad_w) / 2;
        /* under the title, the dots and two lines of message; never off the screen */
        int info_h = wz_frame_measure(ui->f, "Enter the staff PIN", info_w, t->px_h1, 1).y +
                     t->gap + wz_px(t, 32) + t->gap + 2 * (t->px_body * 4 / 3) + t->gap;
        pad_y = WZ_MIN(info_y + info_h, t->h - t->gap - pad_h);
    } else {
        info_w = WZ_MIN(wz_px(t, 700), t->w - 3 * t->margin - pad_w);
        int total = info_w + t->margin + pad_w;
        info_x = (t->w - total) / 2;
        pad_x = info_x + info_w + t->margin;
        pad_y = top + (t->h - top - pad_h) / 2;
        info_y = pad_y;
    }
    int y = info_y;
    y += text(ui, "Enter the staff PIN", info_x, y, info_w, t->px_h1, 1, WZ_INK) + t->gap;
    /* one dot per digit typed, never the digits */
    int dot = wz_px(t, 16);
    for (int i = 0; i < A.npin; i++)
        wz_frame_circle(ui->f, info_x + dot + i * 3 * dot, y + dot, dot, WZ_INK);
    if (checking)
        spinner(ui, info_x + 2 * dot, y + dot, 2 * dot, now);
    else if (A.npin == 0)
        text(ui, "Then press OK.", info_x, y, info_w, t->px_body, 0, WZ_MUTED);
    y += 2 * dot + t->gap;
    if (A.message[0])
        text(ui, A.message, info_x, y, info_w, t->px_body, 1, A.message_bad ? WZ_RISKY : WZ_SAFE);

    static const char *labels[] = {"1", "2", "3", "4", "5", "6", "7", "8", "9"};
    int g = t->gap / 2;
    for (int i = 0; i < 12; i++) {
        SDL_Rect r = {pad_x + (i % 3) * (key + g), pad_y + (i / 3) * (key + g), key, key};
        if (i < 9)
            wz_button(ui, r, labels[i], NULL, WZ_BTN_SECONDARY, t->px_h2, ACT_DIGIT, i + 1);
        else if (i == 9)
            wz_button(ui, r, "Delete", NULL, WZ_BTN_SECONDARY, t->px_small, ACT_PIN_DELETE, 0);
        else if (i == 10)
            wz_button(ui, r, "0", NULL, WZ_BTN_SECONDARY, t->px_h2, ACT_DIGIT, 0);
        else
            wz_button(ui, r, "OK", NULL, WZ_BTN_PRIMARY, t->px_h2, ACT_PIN_OK, 0);
    }
}

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

static void upload_text(wz_kiosk *k, char *out, size_t n)
{
    if (!k->cfg.upload_url) {
        snprintf(out, n, "Uploads: off (no address in kiosk.ini). Figures stay on this kiosk.");
        return;
    }
    sqlite3 *db = k->rec ? wz_recorder_db(k->rec) : NULL;
    char last_day[16] = "none yet";
    sqlite3_stmt *st = NULL;
    if (db &&
        sqlite3_prepare_v2(db, "SELECT max(day) FROM snapshots WHERE acked > 0", -1, &st, NULL) ==
            SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
        snprintf(last_day, sizeof(last_day), "%s", (const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    if (!k->upload) { /* the worker did not start (see the log): what the database says */
        int pending = db ? wz_outbox_pending_count(db, NULL) : -1;
        snprintf(out, n,
                 "Uploads: on, but not running (see the log). Days waiting: %d. Latest "
                 "day sent: %s.",
                 pending, last_day);
        return;
    }
    wz_upload_status us;
    wz_upload_worker_status(k->upload, &us);
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

static void home_build(wz_kiosk *k, wz_ui *ui, long long now)
{
    const wz_theme *t = &ui->th;
    int top = wz_top_bar(ui, "Staff menu", "Close", ACT_CLOSE, 0);
    SDL_Rect vp = {0, top, t->w, t->h - top};
    wz_frame_scroll_begin(ui->f, vp);
    int cw = col_width(t);
    int x = (t->w - cw) / 2, y = t->gap;

    /* actions first: what staff came for */
    static const struct {
        const char *label;
        int action;
        wz_button_style st;
    } buttons[] = {
        {"Load scenarios from USB", ACT_IMPORT, WZ_BTN_PRIMARY},
        {"Export figures to USB", ACT_EXPORT, WZ_BTN_PRIMARY},
        {"Statistics", ACT_STATS, WZ_BTN_PRIMARY},
        {"Reload scenarios", ACT_RELOAD, WZ_BTN_SECONDARY},
        {"Test the upload connection", ACT_UPLOAD_TEST, WZ_BTN_SECONDARY},
        {"Restart the kiosk", ACT_RESTART, WZ_BTN_SECONDARY},
        {"Exit the program", ACT_EXIT, WZ_BTN_SECONDARY},
        {"Close staff menu", ACT_CLOSE, WZ_BTN_SAFE},
    };
    int cols = t->portrait ? 1 : 2;
    int bw = (cw - (cols - 1) * t->gap) / cols;
    int n = (int)WZ_ARRAY_LEN(buttons);
    for (int i = 0; i < n; i += cols) {
        int h = 0;
        for (int c = 0; c < cols && i + c < n; c++)
            h = WZ_MAX(h, wz_button_height(ui, bw, buttons[i + c].label, NULL, 0));
        for (int c = 0; c < cols && i + c < n; c++) {
            SDL_Rect r = {x + c * (bw + t->gap), y, bw, h};
            wz_button(ui, r, buttons[i + c].label, NULL, buttons[i + c].st, 0,
                      buttons[i + c].action, 0);
        }
        y += h + t->gap / 2;
    }
    y += t->gap;

    /* status */
    char line[600];
    y += text(ui, "Status", x, y, cw, t->px_h2, 1, WZ_INK) + t->gap / 2;
    snprintf(line, sizeof(line), "Kiosk: %s. Program version %s.", k->cfg.kiosk_id, WZ_VERSION);
    y += text(ui, line, x, y, cw, t->px_body, 0, WZ_INK) + t->gap / 3;
    const wz_library *lib = k->lib;
    int count = lib ? lib->count : 0, playable = lib ? lib->playable : 0;
    snprintf(line, sizeof(line), "Scenarios: %d of %d file%s ready to play (folder %s).", playable,
             count, count == 1 ? "" : "s", k->scenarios_dir);
    y += text(ui, line, x, y, cw, t->px_body, 0, playable ? WZ_INK : WZ_RISKY) + t->gap / 3;
    int listed = 0;
    for (int i = 0; lib && i < lib->count && listed < 12; i++) {
        const wz_library_entry *e = &lib->entries[i];
        if (e->diags.errors == 0 && e->diags.warnings == 0) continue;
        const char *name = e->path;
        if (wz_str_starts(name, k->scenarios_dir)) name += strlen(k->scenarios_dir) + 1;
        const wz_diag *first = NULL;
        for (int j = 0; j < e->diags.count && !first; j++)
            if (e->diags.items[j].severity == WZ_ERROR) first = &e->diags.items[j];
        if (!first && e->diags.count) first = &e->diags.items[0];
        snprintf(line, sizeof(line), "%s: %s, %d error%s and %d warning%s. %s%s%s", name,
                 e->playable ? "plays" : "NOT PLAYING", e->diags.errors,
                 e->diags.errors == 1 ? "" : "s", e->diags.warnings,
                 e->diags.warnings == 1 ? "" : "s", first ? "First: " : "",
                 first ? first->message : "", first ? "" : "");
        y += wz_bullet(ui, line, x, y, cw, t->px_small, e->playable ? WZ_INK : WZ_RISKY,
                       e->playable ? WZ_MUTED : WZ_RISKY) +
             t->gap / 3;
        listed++;
    }
    char size[32];
    file_size_text(k->db_path, size, sizeof(size));
    snprintf(line, sizeof(line), "Statistics database: %s.", size);
    y += text(ui, line, x, y, cw, t->px_body, 0, WZ_INK) + t->gap / 3;
    upload_text(k, line, sizeof(line));
    y += text(ui, line, x, y, cw, t->px_body, 0, WZ_INK) + t->gap / 3;
    char err[400] = "";
    long long when = wz_log_last_error(err, sizeof(err));
    char *rec_err = NULL;
    wz_recorder_health(k->rec, &rec_err);
    if (rec_err && *rec_err)
        snprintf(line, sizeof(line), "Last error: %s", rec_err);
    else if (when > 0)
        snprintf(line, sizeof(line), "Last error: %s", err);
    else
        snprintf(line, sizeof(line), "Last error: none since the kiosk started.");
    y += text(ui, line, x, y, cw, t->px_body, 0,
              (when > 0 || (rec_err && *rec_err)) ? WZ_RISKY : WZ_INK) +
         t->gap;
    free(rec_err);
    wz_frame_scroll_end(ui->f, y + t->margin);
}

/* A bar chart: bars[0..n) as rows (label, bar, number) inside width w. Returns height. */
static int chart_rows(wz_ui *ui, const bar *bars, int n, int x, int y, int w, int two)
{
    const wz_theme *t = &ui->th;
    long long max = 1;
    for (int i = 0; i < n; i++)
        max = WZ_MAX(max, bars[i].value);
    int label_w = w * 2 / 5, num_w = wz_px(t, 260);
    int bar_w = WZ_MAX(wz_px(t, 40), w - label_w - num_w - 2 * t->gap / 2);
    int y0 = y;
    for (int i = 0; i < n; i++) {
        int lh = wz_frame_measure(ui->f, bars[i].label, label_w, t->px_small, 0).y;
        int rh = WZ_MAX(lh, wz_px(t, 44));
        text(ui, bars[i].label, x, y, label_w, t->px_small, 0, WZ_INK);
        int bx = x + label_w + t->gap / 2;
        int len = (int)((long long)bar_w * bars[i].value / max);
        SDL_Rect track = {bx, y + wz_px(t, 6), bar_w, wz_px(t, 32)};
        wz_frame_rect(ui->f, track, wz_px(t, 8), WZ_NEUTRAL_BG);
        if (len > 0) {
            SDL_Rect b = {bx, track.y, WZ_MAX(len, wz_px(t, 8)), track.h};
            wz_frame_rect(ui->f, b, wz_px(t, 8), WZ_PRIMARY);
        }
        if (two && bars[i].value > 0) { /* finished, inside the started bar */
            int len2 = (int)((long long)bar_w * bars[i].value2 / max);
            if (len2 > 0) {
                SDL_Rect b2 = {bx, track.y, WZ_MAX(len2, wz_px(t, 8)), track.h};
                wz_frame_rect(ui->f, b2, wz_px(t, 8), WZ_SAFE);
            }
        }
        char num[64];
        if (two)
            snprintf(num, sizeof(num), "%lld / %lld", bars[i].value, bars[i].value2);
        else
            snprintf(num, sizeof(num), "%lld", bars[i].value);
        text(ui, num, bx + bar_w + t->gap / 2, y, num_w, t->px_small, 1, WZ_INK);
        y += rh + t->gap / 2;
    }
    return y - y0;
}

static void stats_build(wz_kiosk *k, wz_ui *ui, long long now)
{
    const wz_theme *t = &ui->th;
    int top = wz_top_bar(ui, "Statistics", "Back", ACT_HOME, 0);
    SDL_Rect vp = {0, top, t->w, t->h - top};
    wz_frame_scroll_begin(ui->f, vp);
    int cw = col_width(t);
    int x = (t->w - cw) / 2, y = t->gap;
    char line[200];
    snprintf(line, sizeof(line), "This week: %lld visit%s", A.week_total,
             A.week_total == 1 ? "" : "s");
    y += text(ui, line, x, y, cw, t->px_h2, 1, WZ_INK) + t->gap / 2;
    y += chart_rows(ui, A.week, 7, x, y, cw, 0) + t->gap;
    snprintf(line, sizeof(line), "Today: %lld visit%s", A.today_total,
             A.today_total == 1 ? "" : "s");
    y += text(ui, line, x, y, cw, t->px_h2, 1, WZ_INK) + t->gap / 2;
    if (A.ntoday == 0) {
        y += text(ui, "No scenario has been played today yet.", x, y, cw, t->px_body, 0, WZ_MUTED) +
             t->gap;
    } else {
        y += text(ui, "Scenarios today: started / finished (green)", x, y, cw, t->px_small, 0,
                  WZ_MUTED) +
             t->gap / 2;
        y += chart_rows(ui, A.today, A.ntoday, x, y, cw, 1) + t->gap;
    }
    y += text(ui,
              "A visit is one person (or group) from touching the screen to leaving. The kiosk "
              "never records who they are.",
              x, y, cw, t->px_small, 0, WZ_MUTED) +
         t->gap;
    wz_frame_scroll_end(ui->f, y + t->margin);
}

static void sources_build(wz_kiosk *k, wz_ui *ui, long long now)
{
    const wz_theme *t = &ui->th;
    int top = wz_top_bar(ui, "Which USB stick?", "Back", ACT_HOME, 0);
    SDL_Rect vp = {0, top, t->w, t->h - top};
    wz_frame_scroll_begin(ui->f, vp);
    int cw = col_width(t);
    int x = (t->w - cw) / 2, y = t->gap;
    y += text(ui, "Scenario files were found in more than one place. Choose one:", x, y, cw,
              t->px_body, 0, WZ_INK) +
         t->gap;
    for (int i = 0; i < A.nsources; i++) {
        const char *name = A.sources[i];
        if (wz_str_starts(name, k->cfg.usb_mount_root))
            name += strlen(k->cfg.usb_mount_root) + (name[strlen(k->cfg.usb_mount_root)] == '/');
        int h = wz_button_height(ui, cw, name, NULL, 0);
        SDL_Rect r = {x, y, cw, h};
        wz_button(ui, r, name, NULL, WZ_BTN_CHOICE, 0, ACT_IMPORT_FROM, i);
        y += h + t->gap / 2;
    }
    wz_frame_scroll_end(ui->f, y + t->margin);
}

static void result_build(wz_kiosk *k, wz_ui *ui, long long now)
{
    const wz_theme *t = &ui->th;
    int working = busy();
    int top =
        wz_top_bar(ui, A.result_title ? A.result_title : "", working ? NULL : "Back", ACT_HOME, 0);
    SDL_Rect vp = {0, top, t->w, t->h - top};
    wz_frame_scroll_begin(ui->f, vp);
    int cw = col_width(t);
    int x = (t->w - cw) / 2, y = t->gap;
    /* paragraph by paragraph, so long reports wrap and scroll */
    const char *p = A.result_text ? A.result_text : "";
    while (*p) {
        size_t n = strcspn(p, "\n");
        char *para = wz_xstrndup(p, n);
        int indented = para[0] == ' ';
        char *trim = wz_str_trim_dup(para, n);
        if (*trim) {
            int bold = !indented && (strstr(trim, "NOT LOADED") || strstr(trim, "Loaded ") ||
                                     strstr(trim, "did not work"));
            SDL_Color c =
                strstr(trim, "NOT LOADED") || wz_str_starts(trim, "Error") ? WZ_RISKY : WZ_INK;
            int ix = indented ? x + t->gap * 2 : x;
            y +=
                text(ui, trim, ix, y, cw - (ix - x), indented ? t->px_small : t->px_body, bold, c) +
                t->gap / 3;
        } else {
            y += t->gap / 2;
        }
        free(trim);
        free(para);
        p += n;
        if (*p == '\n') p++;
    }
    y += t->gap;
    if (working) {
        int rad = wz_px(t, 40);
        spinner(ui, x + rad, y + rad, rad, now);
        y += 2 * rad + t->gap;
    }
    int h = wz_button_height(ui, cw / 2, "Back to the staff menu", NULL, 0);
    SDL_Rect r = {x, y, WZ_MIN(cw, wz_px(t, 700)), h};
    if (A.job <= 0 && !working) {
        wz_button(ui, r, "Back to the staff menu", NULL, WZ_BTN_PRIMARY, 0, ACT_HOME, 0);
        y += h;
    }
    wz_frame_scroll_end(ui->f, y + t->margin);
}

static void exit_build(wz_kiosk *k, wz_ui *ui, long long now)
{
    const wz_theme *t = &ui->th;
    int top = wz_top_bar(ui, "Exit the program", "Back", ACT_HOME, 0);
    int cw = WZ_MIN(col_width(t), wz_px(t, 1000));
    int x = (t->w - cw) / 2, y = top + t->gap * 2;
    y += text(ui,
              "The kiosk will stop and the screen will stay empty until the PC is restarted or "
              "an IT technician starts it again. To start it afresh instead, use Restart.",
              x, y, cw, t->px_body, 0, WZ_INK) +
         2 * t->gap;
    int h = wz_button_height(ui, cw, "Yes, exit the program", NULL, 0);
    SDL_Rect r = {x, y, cw, h};
    wz_button(ui, r, "Yes, exit the program", NULL, WZ_BTN_PRIMARY, 0, ACT_EXIT_CONFIRM, 0);
    y += h + t->gap;
    SDL_Rect r2 = {x, y, cw, h};
    wz_button(ui, r2, "No, go back", NULL, WZ_BTN_SECONDARY, 0, ACT_HOME, 0);
}

static void admin_build(wz_kiosk *k, wz_ui *ui, long long now)
{
    A.switched = 0;
    job_poll(k, now);
    busy_poll(k, now);
    if (now - A.last_activity >= timeout_ms() && A.job <= 0 && !busy()) {
        wz_log_info(LOG, "admin mode closed itself after %lld seconds without a touch",
                    timeout_ms() / 1000);
        admin_close(k);
        const wz_screen_def *d = &k->screens[wz_session_screen(k->session)];
        if (d->build) d->build(k, ui, now);
        return;
    }
    switch (A.page) {
    case PAGE_PIN:
        pin_build(k, ui, now);
        break;
    case PAGE_HOME:
        home_build(k, ui, now);
        break;
    case PAGE_STATS:
        stats_build(k, ui, now);
        break;
    case PAGE_SOURCES:
        sources_build(k, ui, now);
        break;
    case PAGE_RESULT:
        result_build(k, ui, now);
        break;
    case PAGE_EXIT:
        exit_build(k, ui, now);
        break;
    }
}

static long long admin_anim(wz_kiosk *k, long long now)
{
    if (A.switched) return now;
    long long at = A.last_activity + timeout_ms();
    if (A.job > 0) at = WZ_MIN(at, now + POLL_MS);
    if (busy()) at = WZ_MIN(at, now + POLL_BUSY_MS - now % POLL_BUSY_MS);
    if (A.page == PAGE_PIN && wz_pin_limiter_wait_ms(&A.limiter, now) > 0)
        at = WZ_MIN(at, now + 1000 - now % 1000); /* the countdown's next second */
    return at;
}

void wz_admin_install(wz_kiosk *k)
{
    memset(&A, 0, sizeof(A));
    A.k = k;
    wz_admin_gesture_init(&A.gesture);
    wz_pin_limiter_init(&A.limiter);
    A.attract = k->screens[WZ_SCREEN_ATTRACT];
    A.empty = k->screens[WZ_SCREEN_EMPTY];
    wz_screen_def attract = {attract_build, attract_action, attract_anim};
    wz_screen_def empty = {empty_build, empty_action, empty_anim};
    wz_screen_def admin = {admin_build, admin_action, admin_anim};
    wz_kiosk_set_screen(k, WZ_SCREEN_ATTRACT, &attract);
    wz_kiosk_set_screen(k, WZ_SCREEN_EMPTY, &empty);
    wz_kiosk_set_screen(k, WZ_SCREEN_ADMIN, &admin);
}

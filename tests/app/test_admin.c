/*
 * test_admin: admin mode without a display, through wz_app as the kiosk uses it: the
 * hidden corner, the wrong-PIN brake, a child job's whole life (start, poll, sync, result;
 * failure and time-out), the import from a USB stick, statistics from the recorder, and
 * closing itself after the timeout (never while work runs), and "Test the upload
 * connection" against the real collector on loopback (it works, the token is refused,
 * nothing is listening, a server that never answers keeps the page drawing). Work is
 * deterministic: a thread started at time t is waited for at the first poll after t.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "wz_app.h"
#include "wz_app_int.h"
#include "wz_outbox.h"
#include "wz_pin.h"
#include "wz_test.h"
#ifdef WZ_COLLECTOR
#include "wz_test_collector.h"
#endif
#include "wz_util.h"

static char work[64];

static void run(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void run(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *cmd = wz_xvasprintf(fmt, ap);
    va_end(ap);
    if (system(cmd) != 0) fprintf(stderr, "failed: %s\n", cmd);
    free(cmd);
}

static char *path(const char *rel)
{
    return wz_path_join(work, rel);
}

/* A stand-in for wz-stats: a shell script that prints its arguments, then does body. */
static char *stub(const char *name, const char *body)
{
    char *p = path(name);
    char *text = wz_xasprintf("#!/bin/sh\necho \"stats $*\"\n%s\n", body);
    wz_write_file_atomic(p, text, strlen(text));
    chmod(p, 0755);
    free(text);
    return p;
}

static void view(wz_app *app, long long now, wz_admin_view *v)
{
    wz_admin_view_get(wz_app_admin(app), now, v);
}

static void type_pin(wz_admin *a, const char *pin, long long now)
{
    for (const char *p = pin; *p; p++)
        wz_admin_action(a, WZ_ADMIN_DIGIT, *p - '0', now);
    wz_admin_action(a, WZ_ADMIN_PIN_OK, 0, now);
}

/* Polls (at now, in real time) until a child has ended; returns what the page says. */
static void wait_job(wz_app *app, long long now, wz_admin_view *v)
{
    for (int i = 0; i < 500; i++) {
        wz_admin_poll(wz_app_admin(app), now);
        view(app, now, v);
        if (!v->job_running) return;
        usleep(10000);
    }
}

static wz_app *make_app(void)
{
    char hash[WZ_PIN_HASH_MAX];
    const char *why = NULL;
    if (wz_pin_hash("258014", hash, sizeof(hash), &why) != 0) fprintf(stderr, "hash: %s\n", why);
    char *ini = path("kiosk.ini"), *media = path("media");
    char *text = wz_xasprintf("[kiosk]\nid = admin-test\n[admin]\npin_hash = %s\ntimeout = 60\n"
                              "[paths]\nusb_mount_root = %s\n",
                              hash, media);
    wz_write_file_atomic(ini, text, strlen(text));
    char *scen = path("scenarios"), *db = path("kiosk.db");
    run("cp -R %s/scenarios/examples %s", WZ_SOURCE_DIR, scen);
    wz_app_opts o = {ini, scen, db, NULL};
    wz_app *app = wz_app_create(&o);
    wz_app_start(app, 0);
    wz_admin_set_deterministic(wz_app_admin(app), 1);
    free(text);
    free(ini);
    free(media);
    free(scen);
    free(db);
    return app;
}

static void test_corner_and_brake(wz_app *app)
{
    wz_admin *a = wz_app_admin(app);
    wz_session *s = wz_app_session(app);
    wz_admin_view v;

    WZ_TEST("five quick taps in the corner open the PIN pad; slow ones do not");
    for (int i = 0; i < 5; i++)
        WZ_CHECK_INT(wz_admin_corner_released(a, 1000 + i * 2000), 0);
    for (int i = 0; i < 4; i++)
        WZ_CHECK_INT(wz_admin_corner_released(a, 20000 + i * 300), 0);
    WZ_CHECK_INT(wz_admin_corner_released(a, 21200), 1);
    WZ_CHECK_INT(wz_admin_is_open(a), 1);
    WZ_CHECK_INT(wz_session_screen(s), WZ_SCREEN_ADMIN);
    view(app, 21200, &v);
    WZ_CHECK_INT(v.page, WZ_ADMIN_PAGE_PIN);
    WZ_CHECK_INT(wz_admin_action(a, WZ_ADMIN_STATS, 0, 21200), 0); /* nothing before the PIN */

    WZ_TEST("a wrong PIN is checked on a thread, then counted");
    long long t = 22000;
    type_pin(a, "111111", t);
    view(app, t, &v);
    WZ_CHECK_INT(v.checking, 1);
    WZ_CHECK_INT(v.pin_digits, 0); /* wiped at once */
    WZ_CHECK_STR(v.message, "Checking the PIN...");
    wz_admin_action(a, WZ_ADMIN_DIGIT, 5, t); /* ignored while checking */
    WZ_CHECK(wz_admin_next_deadline(a, t) <= t + WZ_ADMIN_POLL_BUSY_MS);
    WZ_CHECK_INT(wz_admin_poll(a, t + 1), 1);
    view(app, t + 1, &v);
    WZ_CHECK_INT(v.checking, 0);
    WZ_CHECK_INT(v.pin_digits, 0);
    WZ_CHECK_STR(v.message, "Wrong PIN. Please try again.");
    WZ_CHECK_INT(v.message_bad, 1);

    WZ_TEST("after three wrong PINs the pad brakes, counting down, then lets a try through");
    for (int i = 0; i < 2; i++) {
        t += 1000;
        type_pin(a, "111111", t);
        wz_admin_poll(a, t + 1);
    }
    view(app, t + 1, &v);
    WZ_CHECK(strstr(v.message, "Too many wrong PINs. Wait ") != NULL);
    long long next = wz_admin_next_deadline(a, t + 1);
    WZ_CHECK(next > t + 1 && next <= t + 1001); /* the countdown's next second */
    type_pin(a, "258014", t + 2);               /* refused without a check, even the right one */
    view(app, t + 2, &v);
    WZ_CHECK_INT(v.checking, 0);
    WZ_CHECK_INT(v.page, WZ_ADMIN_PAGE_PIN);
    WZ_CHECK(strstr(v.message, "Wait") != NULL);
    t += 10 * 60 * 1000; /* long after any pause */
    view(app, t, &v);
    WZ_CHECK_STR(v.message, "You can try again now.");
    type_pin(a, "258014", t);
    wz_admin_poll(a, t + 1);
    view(app, t + 1, &v);
    WZ_CHECK_INT(v.page, WZ_ADMIN_PAGE_HOME);
    WZ_CHECK_STR(v.kiosk_id, "admin-test");
    WZ_CHECK(strstr(v.last_error, "Last error:") != NULL);
    WZ_CHECK(strstr(v.upload, "Uploads: off") != NULL);
}

static void test_jobs(wz_app *app, long long t)
{
    wz_admin *a = wz_app_admin(app);
    wz_admin_view v;

    WZ_TEST("export without a stick says so and starts nothing");
    wz_admin_action(a, WZ_ADMIN_EXPORT, 0, t);
    view(app, t, &v);
    WZ_CHECK_INT(v.page, WZ_ADMIN_PAGE_RESULT);
    WZ_CHECK(strstr(v.result_text, "No USB stick was found") != NULL);
    WZ_CHECK_INT(v.job_running, 0);

    WZ_TEST("a job's whole life: started, polled, synced, its result shown");
    char *drive = path("media/wz-kiosk/sdb1/warning-zone");
    run("mkdir -p %s", drive);
    char *ok = stub("stats-ok", "exit 0");
    wz_admin_set_stats_program(a, ok);
    wz_admin_action(a, WZ_ADMIN_HOME, 0, t);
    wz_admin_action(a, WZ_ADMIN_EXPORT, 0, t);
    view(app, t, &v);
    WZ_CHECK_INT(v.job_running, 1);
    WZ_CHECK_STR(v.result_title, "Export figures to USB");
    WZ_CHECK_STR(v.result_text, "Working on it. Please wait...");
    WZ_CHECK(wz_admin_next_deadline(a, t) <= t + WZ_ADMIN_POLL_MS);
    wait_job(app, t, &v);
    WZ_CHECK_INT(v.job_running, 0);
    WZ_CHECK_INT(v.busy, 1); /* sync() on its thread */
    WZ_CHECK(strstr(v.result_text, "Writing everything onto the USB stick") != NULL);
    wz_admin_poll(a, t + 1);
    view(app, t + 1, &v);
    WZ_CHECK_INT(v.busy, 0);
    WZ_CHECK(strstr(v.result_text, "The figures are on the USB stick, in the folder "
                                   "warning-zone-figures/admin-test-") != NULL);
    WZ_CHECK(strstr(v.result_text, " export ") != NULL); /* what the program printed */
    WZ_CHECK(strstr(v.result_text, "/media/wz-kiosk/sdb1/warning-zone-figures/") != NULL);

    WZ_TEST("a job that fails says so with what it printed");
    char *bad = stub("stats-bad", "echo 'the stick is full'; exit 3");
    wz_admin_set_stats_program(a, bad);
    wz_admin_action(a, WZ_ADMIN_HOME, 0, t + 2);
    wz_admin_action(a, WZ_ADMIN_EXPORT, 0, t + 2);
    wait_job(app, t + 2, &v);
    WZ_CHECK(strstr(v.result_text, "This did not work.") != NULL);
    WZ_CHECK(strstr(v.result_text, "the stick is full") != NULL);

    WZ_TEST("a job that hangs is stopped after its time-out; admin stays open meanwhile");
    char *slow = stub("stats-slow", "exec sleep 30");
    wz_admin_set_stats_program(a, slow);
    wz_admin_action(a, WZ_ADMIN_HOME, 0, t + 3);
    wz_admin_action(a, WZ_ADMIN_EXPORT, 0, t + 3);
    wz_admin_poll(a, t + 3 + 61000); /* past admin's own timeout: not while a job runs */
    WZ_CHECK_INT(wz_admin_is_open(a), 1);
    view(app, t + 3 + 61000, &v);
    WZ_CHECK_INT(v.job_running, 1);
    wz_admin_poll(a, t + 3 + WZ_ADMIN_JOB_TIMEOUT_MS);
    view(app, t + 3 + WZ_ADMIN_JOB_TIMEOUT_MS, &v);
    WZ_CHECK_INT(v.job_running, 0);
    WZ_CHECK(strstr(v.result_text, "This took longer than 120 seconds and was stopped.") != NULL);
    wz_admin_set_stats_program(a, NULL);
    free(drive);
    free(ok);
    free(bad);
    free(slow);
}

/* Starts the import from the stick and lets its check end: the confirm page is up. */
static void import_to_confirm(wz_admin *a, wz_app *app, long long t, wz_admin_view *v)
{
    wz_admin_action(a, WZ_ADMIN_HOME, 0, t);
    wz_admin_action(a, WZ_ADMIN_IMPORT, 0, t);
    view(app, t, v);
    WZ_CHECK_INT(v->busy, 1);
    WZ_CHECK(strstr(v->result_text, "Checking the stick and copying") != NULL);
    WZ_CHECK_INT(wz_admin_action(a, WZ_ADMIN_HOME, 0, t), 1); /* ignored while busy */
    view(app, t, v);
    WZ_CHECK_INT(v->page, WZ_ADMIN_PAGE_RESULT);
    wz_admin_poll(a, t + 1);
    view(app, t + 1, v);
    WZ_CHECK_INT(v->busy, 0);
    WZ_CHECK_INT(v->page, WZ_ADMIN_PAGE_IMPORT_CONFIRM);
}

static void test_import(wz_app *app, long long t)
{
    wz_admin *a = wz_app_admin(app);
    wz_admin_view v;
    char *stick = path("media/wz-kiosk/sdb1/warning-zone");
    char *copied = path("scenarios/usb-story.twee");
    run("sed -e 's/The Gift in the Game/USB Test Story/' -e "
        "'s/9F3B6C2E-4A1D-4C8B-9E57-1D2A3B4C5D6E/0C0FFEE0-1234-4567-89AB-0123456789AB/' "
        "%s/tests/core/data/gift.twee >%s/usb-story.twee",
        WZ_SOURCE_DIR, stick);
    run("printf ':: StoryTitle\nBroken On Stick\n\n:: Start\n[[Nowhere]]\n' "
        ">%s/broken.twee",
        stick);
    int before = wz_app_library(app)->playable, serial = wz_app_library_serial(app);

    WZ_TEST("import: once the stick is checked, a confirm page lists the changes by title");
    import_to_confirm(a, app, t, &v);
    WZ_CHECK(strstr(v.result_text, "Nothing has been changed yet") != NULL);
    WZ_CHECK(strstr(v.result_text, "New scenarios (1):") != NULL);
    WZ_CHECK(strstr(v.result_text, "\"USB Test Story\" (usb-story.twee)") != NULL);
    WZ_CHECK(strstr(v.result_text, "Left out, because they have problems (1):") != NULL);
    WZ_CHECK(strstr(v.result_text, "broken.twee") != NULL);
    WZ_CHECK_INT(wz_app_library(app)->playable, before);
    WZ_CHECK_INT(wz_app_library_serial(app), serial);
    WZ_CHECK(access(copied, F_OK) != 0);

    WZ_TEST("import: Cancel on the confirm page leaves the library as it was");
    WZ_CHECK_INT(wz_admin_action(a, WZ_ADMIN_IMPORT_CANCEL, 0, t + 2), 1);
    view(app, t + 2, &v);
    WZ_CHECK_INT(v.page, WZ_ADMIN_PAGE_RESULT);
    WZ_CHECK(strstr(v.result_text, "Import cancelled. Nothing was changed") != NULL);
    WZ_CHECK_INT(wz_app_library(app)->playable, before);
    WZ_CHECK_INT(wz_app_library_serial(app), serial);
    WZ_CHECK(access(copied, F_OK) != 0);

    WZ_TEST("import: admin mode closing itself on the confirm page cancels the import");
    import_to_confirm(a, app, t + 10, &v);
    WZ_CHECK_INT(wz_admin_poll(a, t + 11 + 60000), 1);
    WZ_CHECK_INT(wz_admin_is_open(a), 0);
    WZ_CHECK_INT(wz_app_library_serial(app), serial);
    WZ_CHECK(access(copied, F_OK) != 0);
    wz_admin_open(a, t + 70000);
    type_pin(a, "258014", t + 70000);
    wz_admin_poll(a, t + 70001);

    WZ_TEST("import: \"Import these\" applies it; the new scenario is playable");
    import_to_confirm(a, app, t + 70002, &v);
    WZ_CHECK_INT(wz_admin_action(a, WZ_ADMIN_IMPORT_CONFIRM, 0, t + 70004), 1);
    view(app, t + 70004, &v);
    WZ_CHECK_INT(v.page, WZ_ADMIN_PAGE_RESULT);
    WZ_CHECK_INT(wz_app_library(app)->playable, before + 1);
    WZ_CHECK(wz_app_library_serial(app) != serial);
    char *says = wz_xasprintf("The kiosk now has %d scenarios ready to play.", before + 1);
    WZ_CHECK(strstr(v.result_text, says) != NULL);
    WZ_CHECK_INT(wz_session_screen(wz_app_session(app)), WZ_SCREEN_ADMIN);
    WZ_CHECK_INT(access(copied, F_OK), 0);

    WZ_TEST("import: a stick with nothing new goes straight to the result, no confirm page");
    wz_admin_action(a, WZ_ADMIN_HOME, 0, t + 70005);
    wz_admin_action(a, WZ_ADMIN_IMPORT, 0, t + 70005);
    wz_admin_poll(a, t + 70006);
    view(app, t + 70006, &v);
    WZ_CHECK_INT(v.page, WZ_ADMIN_PAGE_RESULT);
    WZ_CHECK(strstr(v.result_text, "Nothing new to load") != NULL);
    run("rm -f %s/broken.twee", stick);
    free(says);
    free(copied);
    free(stick);
}

static void test_close(wz_app *app, long long t)
{
    wz_admin *a = wz_app_admin(app);
    WZ_TEST("admin mode closes itself after [admin] timeout without a touch");
    wz_admin_action(a, WZ_ADMIN_HOME, 0, t);
    WZ_CHECK_INT(wz_admin_next_deadline(a, t), t + 60000);
    WZ_CHECK_INT(wz_admin_poll(a, t + 59999), 0);
    WZ_CHECK_INT(wz_admin_is_open(a), 1);
    WZ_CHECK_INT(wz_admin_poll(a, t + 60000), 1);
    WZ_CHECK_INT(wz_admin_is_open(a), 0);
    WZ_CHECK_INT(wz_session_screen(wz_app_session(app)), WZ_SCREEN_ATTRACT);
    WZ_CHECK_INT(wz_admin_next_deadline(a, t + 60000), -1);
}

static void test_stats(wz_app *app, long long t)
{
    wz_admin *a = wz_app_admin(app);
    wz_session *s = wz_app_session(app);
    wz_admin_view v;
    WZ_TEST("statistics: this week's and today's visits, by scenario title");
    wz_session_wake(s, t);
    wz_session_pick_audience(s, WZ_AUD_8_11, t);
    const wz_scenario *sc = wz_session_menu_item(s, 0);
    wz_session_play(s, 0, t);
    wz_session_reset(s, "finished", t + 1000);
    wz_admin_open(a, t + 2000);
    type_pin(a, "258014", t + 2000);
    wz_admin_poll(a, t + 2001);
    wz_admin_action(a, WZ_ADMIN_STATS, 0, t + 2001);
    view(app, t + 2001, &v);
    WZ_CHECK_INT(v.page, WZ_ADMIN_PAGE_STATS);
    WZ_CHECK_INT(v.week_total, 1);
    WZ_CHECK_INT(v.today_total, 1);
    WZ_CHECK_STR(v.week[6].label, "Today");
    WZ_CHECK_INT(v.week[6].value, 1);
    WZ_CHECK_INT(v.ntoday, 1);
    if (v.ntoday == 1 && sc) {
        WZ_CHECK_STR(v.today[0].label, sc->title);
        WZ_CHECK_INT(v.today[0].value, 1);  /* started */
        WZ_CHECK_INT(v.today[0].value2, 0); /* not finished */
    }

    WZ_TEST("the latest day the collector acknowledged");
    struct sqlite3 *db = wz_recorder_db(wz_app_recorder(app));
    char day[11] = "x";
    WZ_CHECK_INT(wz_outbox_last_acked_day(db, day, NULL), 0);
    WZ_CHECK_STR(day, "");
    wz_outbox_refresh(db, "admin-test", NULL);
    wz_outbox_item *snaps = NULL;
    int n = wz_outbox_pending(db, &snaps, 4, NULL);
    WZ_CHECK_INT(n, 1);
    if (n == 1) {
        wz_outbox_ack(db, snaps[0].day, snaps[0].revision, NULL);
        WZ_CHECK_INT(wz_outbox_last_acked_day(db, day, NULL), 0);
        WZ_CHECK_STR(day, snaps[0].day);
    }
    wz_outbox_items_free(snaps, n);
    wz_admin_action(a, WZ_ADMIN_CLOSE, 0, t + 3000);
}

#ifdef WZ_COLLECTOR
/* A kiosk of its own whose uploads go to port on loopback, with its token in
 * up/kiosk-token; admin mode is open on its staff menu at t. */
static wz_app *make_upload_app(int port, long long t)
{
    char hash[WZ_PIN_HASH_MAX];
    const char *why = NULL;
    if (wz_pin_hash("258014", hash, sizeof(hash), &why) != 0) fprintf(stderr, "hash: %s\n", why);
    char *ini = path("up/kiosk.ini"), *tok = path("up/kiosk-token");
    char *scen = path("up/scenarios"), *db = path("up/kiosk.db");
    char *text = wz_xasprintf("[kiosk]\nid = upload-test\n[admin]\npin_hash = %s\ntimeout = 60\n"
                              "[upload]\nurl = http://127.0.0.1:%d/v1/snapshots\n"
                              "token_file = %s\n",
                              hash, port, tok);
    wz_write_file_atomic(ini, text, strlen(text));
    run("cp -R %s/scenarios/examples %s", WZ_SOURCE_DIR, scen);
    wz_app_opts o = {ini, scen, db, NULL};
    wz_app *app = wz_app_create(&o);
    wz_app_start(app, t);
    wz_admin *a = wz_app_admin(app);
    wz_admin_set_deterministic(a, 1);
    wz_admin_open(a, t);
    type_pin(a, "258014", t);
    wz_admin_poll(a, t + 1); /* the PIN's check ends: on the staff menu */
    free(text);
    free(ini);
    free(tok);
    free(scen);
    free(db);
    return app;
}

/* Presses "Test the upload connection" at t: the page says it is asking, and at the next
 * poll (which waits for the request's thread) shows the answer. */
static void upload_test(wz_app *app, long long t, wz_admin_view *v)
{
    wz_admin *a = wz_app_admin(app);
    wz_admin_action(a, WZ_ADMIN_HOME, 0, t);
    WZ_CHECK_INT(wz_admin_action(a, WZ_ADMIN_UPLOAD_TEST, 0, t), 1);
    view(app, t, v);
    WZ_CHECK_INT(v->busy, 1);
    WZ_CHECK_STR(v->result_title, "Test the upload connection");
    WZ_CHECK(strstr(v->result_text, "Asking the collector") != NULL);
    WZ_CHECK_INT(wz_admin_poll(a, t + 1), 1);
    view(app, t + 1, v);
    WZ_CHECK_INT(v->busy, 0);
    WZ_CHECK_INT(v->page, WZ_ADMIN_PAGE_RESULT);
    WZ_CHECK_STR(v->result_title, "Test the upload connection");
}

static void write_token(const char *rel, const char *token)
{
    char *p = path(rel);
    wz_write_file_atomic(p, token, strlen(token));
    chmod(p, 0600);
    free(p);
}

/* A server on port that takes connections into its backlog and never answers; closing
 * the socket resets them. */
static int listen_silent(int port)
{
    int s = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    int one = 1;
    setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    WZ_CHECK_INT(bind(s, (struct sockaddr *)&sa, sizeof(sa)), 0);
    WZ_CHECK_INT(listen(s, 4), 0);
    return s;
}

static void test_upload(long long t)
{
    run("mkdir -p %s/up", work);
    char *up = path("up"), *cdb = path("up/collector.db"), *ctok = path("up/collector-token");
    write_token("up/collector-token", "right-token-7c1e5a9d3b2f4e6a0b8c\n");
    write_token("up/kiosk-token", "right-token-7c1e5a9d3b2f4e6a0b8c\n");
    int port = 0;
    pid_t col = wz_test_collector_start(up, cdb, ctok, &port);
    WZ_CHECK(port > 0);
    wz_app *app = make_upload_app(port, t);
    wz_admin *a = wz_app_admin(app);
    wz_admin_view v;
    view(app, t + 1, &v);
    WZ_CHECK_INT(v.page, WZ_ADMIN_PAGE_HOME);
    char *where = wz_xasprintf("http://127.0.0.1:%d/healthz", port);

    WZ_TEST("upload test: the real collector answers and takes the kiosk's token, although "
            "nothing is waiting to be sent");
    upload_test(app, t + 10, &v);
    WZ_CHECK(strstr(v.result_text, "The connection works") != NULL);
    WZ_CHECK(strstr(v.result_text, where) != NULL);

    WZ_TEST("upload test: a token the collector does not know is refused, in words, unshown");
    write_token("up/kiosk-token", "wrong-token-2b8d4f6a1c3e5a7c9d0e\n");
    upload_test(app, t + 20, &v);
    WZ_CHECK(strstr(v.result_text, "The connection does not work.") != NULL);
    char *refused = wz_xasprintf("The collector at %s refused this kiosk's token.", where);
    WZ_CHECK(strstr(v.result_text, refused) != NULL);
    WZ_CHECK(strstr(v.result_text, "HTTP 401") != NULL);
    WZ_CHECK(strstr(v.result_text, "wrong-token") == NULL);
    write_token("up/kiosk-token", "right-token-7c1e5a9d3b2f4e6a0b8c\n");

    WZ_TEST("upload test: with the collector stopped, no collector is answering at its address");
    wz_test_collector_stop(col);
    upload_test(app, t + 30, &v);
    char *none = wz_xasprintf("No collector is answering at %s.", where);
    WZ_CHECK(strstr(v.result_text, none) != NULL);
    WZ_CHECK(strstr(v.result_text, "could not connect") != NULL);
    WZ_CHECK(strstr(v.result_text, "No figures are lost") != NULL);

    WZ_TEST("upload test: the request runs on its own thread; the page keeps drawing");
    {
        int s = listen_silent(port);
        long long before = wz_now_ms();
        wz_admin_action(a, WZ_ADMIN_HOME, 0, t + 40);
        WZ_CHECK_INT(wz_admin_action(a, WZ_ADMIN_UPLOAD_TEST, 0, t + 40), 1);
        WZ_CHECK(wz_now_ms() - before < 500);
        usleep(300000);                            /* the request is in; no answer comes */
        WZ_CHECK_INT(wz_admin_poll(a, t + 40), 0); /* not finished: nothing changes */
        view(app, t + 40, &v);
        WZ_CHECK_INT(v.busy, 1);
        WZ_CHECK(strstr(v.result_text, "Asking the collector") != NULL);
        WZ_CHECK_INT(wz_admin_action(a, WZ_ADMIN_HOME, 0, t + 40), 1); /* ignored while busy */
        view(app, t + 40, &v);
        WZ_CHECK_INT(v.page, WZ_ADMIN_PAGE_RESULT);
        close(s); /* the waiting connection is reset: the answer comes now */
        WZ_CHECK_INT(wz_admin_poll(a, t + 41), 1);
        view(app, t + 41, &v);
        WZ_CHECK_INT(v.busy, 0);
        WZ_CHECK(strstr(v.result_text, "The connection does not work. Something went wrong "
                                       "talking to the collector at") != NULL);
    }

    WZ_TEST("upload test: the kiosk closing mid-test does not wait for the network");
    {
        int s = listen_silent(port);
        wz_admin_action(a, WZ_ADMIN_HOME, 0, t + 70000);
        WZ_CHECK_INT(wz_admin_action(a, WZ_ADMIN_UPLOAD_TEST, 0, t + 70000), 1);
        long long before = wz_now_ms();
        wz_app_destroy(app);
        WZ_CHECK(wz_now_ms() - before < 2000);
        close(s);       /* its request fails now: the let-go thread frees the probe */
        usleep(300000); /* before the program ends, so a leak checker sees it freed */
    }
    free(none);
    free(refused);
    free(where);
    free(up);
    free(cdb);
    free(ctok);
}
#endif

int main(void)
{
    snprintf(work, sizeof(work), "/tmp/wz-test-admin-XXXXXX");
    if (!mkdtemp(work)) return 1;
    wz_app *app = make_app();

    test_corner_and_brake(app);
    long long t = 2000000;
    test_jobs(app, t);
    test_import(app, t + 200000);
    test_close(app, t + 300000);

    WZ_TEST("restart and exit ask the program to stop, with their exit codes");
    int code = -1;
    WZ_CHECK_INT(wz_app_quit_requested(app, &code), 0);
    wz_admin *a = wz_app_admin(app);
    wz_admin_open(a, t + 400000);
    type_pin(a, "258014", t + 400000);
    wz_admin_poll(a, t + 400001);
    wz_admin_action(a, WZ_ADMIN_EXIT, 0, t + 400001);
    wz_admin_action(a, WZ_ADMIN_EXIT_CONFIRM, 0, t + 400001);
    WZ_CHECK_INT(wz_app_quit_requested(app, &code), 1);
    WZ_CHECK_INT(code, WZ_ADMIN_EXIT_STOP);
    WZ_CHECK_INT(wz_admin_is_open(a), 0);

    test_stats(app, t + 500000);
    wz_app_destroy(app);
#ifdef WZ_COLLECTOR
    test_upload(t + 600000);
#endif
    run("rm -rf %s", work);
    WZ_TEST_END();
}

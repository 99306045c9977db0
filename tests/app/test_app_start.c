/*
 * test_app_start: the kiosk's start in two steps. wz_app_begin gives what the attract
 * screen needs (a session on it, with no library yet, and no recorder); wz_app_load
 * reads the library and opens the recorder on a thread of its own; wz_app_tick puts them
 * in place once they are ready (and says the screen changed), or wz_app_wait_loaded waits
 * for them, as a touch or a script does. Quitting while it loads leaks nothing (ASan).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "wz_app.h"
#include "wz_app_int.h"
#include "wz_test.h"
#include "wz_util.h"

static wz_app *make_app(const char *db)
{
    wz_app_opts o = {NULL, WZ_EXAMPLES, db, NULL};
    return wz_app_create(&o);
}

static void test_begin_then_tick(const char *db)
{
    wz_app *app = make_app(db);
    WZ_TEST("begin: the attract screen, no library or recorder yet");
    wz_app_begin(app, 0);
    wz_session *s = wz_app_session(app);
    WZ_CHECK(s != NULL);
    WZ_CHECK_INT(wz_session_screen(s), WZ_SCREEN_ATTRACT);
    WZ_CHECK(wz_app_library(app) == NULL);
    WZ_CHECK(wz_app_recorder(app) == NULL);
    WZ_CHECK_INT(wz_app_loaded(app), 0);
    WZ_CHECK_INT(wz_app_library_serial(app), 0);

    WZ_TEST("load: the loop is woken soon to look, and the tick puts the library in place");
    wz_app_load(app);
    int changed = 0, ticks = 0;
    long long now = 0;
    while (!wz_app_loaded(app) && ticks < 2000) {
        long long at = wz_app_tick(app, now, &changed);
        if (!wz_app_loaded(app)) {
            WZ_CHECK(at > now && at - now <= 50); /* polled, not left for a minute */
            now = at;
            usleep(2000);
        }
        ticks++;
    }
    WZ_CHECK_INT(wz_app_loaded(app), 1);
    WZ_CHECK_INT(changed, 1);
    WZ_CHECK_INT(wz_app_library_serial(app), 1);
    WZ_CHECK(wz_app_library(app) != NULL && wz_app_library(app)->playable > 0);
    WZ_CHECK(wz_app_recorder(app) != NULL);
    WZ_CHECK_INT(wz_session_screen(s), WZ_SCREEN_ATTRACT);

    WZ_TEST("after it, a touch on the attract screen leads to the picker");
    wz_session_wake(s, now);
    WZ_CHECK_INT(wz_session_screen(s), WZ_SCREEN_PICKER);
    wz_app_tick(app, now + 1, &changed);
    WZ_CHECK_INT(wz_app_library_serial(app), 1); /* put in place once */
    wz_app_destroy(app);
}

static void test_wait(const char *db)
{
    WZ_TEST("wait_loaded: the library is there when it returns, loading started or not");
    wz_app *app = make_app(db);
    wz_app_begin(app, 0);
    wz_app_load(app);
    wz_app_wait_loaded(app, 5);
    WZ_CHECK_INT(wz_app_loaded(app), 1);
    WZ_CHECK(wz_app_library(app) != NULL && wz_app_library(app)->playable > 0);
    wz_session_wake(wz_app_session(app), 5);
    WZ_CHECK_INT(wz_session_screen(wz_app_session(app)), WZ_SCREEN_PICKER);
    wz_app_destroy(app);

    app = make_app(db);
    wz_app_begin(app, 0);
    wz_app_wait_loaded(app, 0); /* never started: loads there and then */
    WZ_CHECK_INT(wz_app_loaded(app), 1);
    WZ_CHECK_INT(wz_app_library_serial(app), 1);
    wz_app_destroy(app);
}

static void test_quit_while_loading(const char *db)
{
    WZ_TEST("quitting while the library loads, or before it started");
    wz_app *app = make_app(db);
    wz_app_begin(app, 0);
    wz_app_load(app);
    wz_app_destroy(app); /* joins the thread, frees what it made */
    app = make_app(db);
    wz_app_begin(app, 0);
    wz_app_destroy(app);
    WZ_CHECK(1);
}

int main(void)
{
    char dir[] = "/tmp/wz-app-start-XXXXXX";
    if (!mkdtemp(dir)) return 1;
    char *db = wz_path_join(dir, "kiosk.db");
    test_begin_then_tick(db);
    test_wait(db);
    test_quit_while_loading(db);
    char *cmd = wz_xasprintf("rm -rf %s", dir);
    if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", dir);
    free(cmd);
    free(db);
    WZ_TEST_END();
}

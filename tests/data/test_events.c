/*
 * test_events: the recorder, on a healthy database and on broken ones.
 *
 * Broken for real, not mocked: disk full is SQLite's own limit (PRAGMA max_page_count on
 * the recorder's connection), so inserts fail with SQLITE_FULL exactly as on a full disk;
 * a locked database is another connection holding an exclusive transaction; read-only is
 * a file the process may not write. Tests run as root, and root ignores chmod, so as root
 * the test drops its effective uid to "nobody" (seteuid) while the recorder opens, then
 * takes it back to let the writes through; as an ordinary user it uses chmod.
 */
#include "wz_aggregate.h"
#include "wz_db.h"
#include "wz_recorder.h"
#include "wz_test.h"
#include "wz_test_db.h"
#include "wz_util.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char tmpdir[] = "/tmp/wz-test-events-XXXXXX";

static long long count(const char *path, const char *sql)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;
    long long v = -1;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
        sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(db);
    return v;
}

/* Rows whose labels id does not name a row with exactly their labels (schema 2): the
 * recorder names the row itself when it has seen it committed, so this must stay 0 through
 * failures, retries and batches. */
#define BAD_LABELS                                                                                 \
    "SELECT count(*) FROM events e LEFT JOIN event_labels l ON l.id = e.labels"                    \
    " WHERE l.id IS NULL OR l.kind IS NOT e.kind OR l.audience IS NOT e.audience"                  \
    " OR l.language IS NOT e.language OR l.easy_read IS NOT e.easy_read OR l.ifid IS NOT e.ifid"   \
    " OR l.passage IS NOT e.passage OR l.choice_index IS NOT e.choice_index"                       \
    " OR l.target IS NOT e.target OR l.cls IS NOT e.cls OR l.outcome IS NOT e.outcome"             \
    " OR l.screen IS NOT e.screen OR l.setting IS NOT e.setting OR l.value IS NOT e.value"

static wz_event choice_ev(const char *sid, int i)
{
    wz_event ev = {.kind = WZ_EV_CHOICE,
                   .session = sid,
                   .ifid = "IFID-T",
                   .passage = "Lobby",
                   .choice_index = i % 2,
                   .target = i % 2 ? "Said no" : "Took gems",
                   .cls = i % 2 ? "safe" : "risky"};
    return ev;
}

static int corrupt_files(void)
{
    DIR *d = opendir(tmpdir);
    int n = 0;
    struct dirent *e;
    while (d && (e = readdir(d)))
        if (strstr(e->d_name, ".corrupt-")) n++;
    if (d) closedir(d);
    return n;
}

int main(void)
{
    if (wz_test_db_dir(tmpdir) != 0) return 1;
    chmod(tmpdir, 0755);

    WZ_TEST("session ids: 32 hex digits, different every time");
    {
        char a[33], b[33];
        wz_recorder_visit_id(a);
        wz_recorder_visit_id(b);
        WZ_CHECK_INT(strlen(a), 32);
        WZ_CHECK_INT(strspn(a, "0123456789abcdef"), 32);
        WZ_CHECK(strcmp(a, b) != 0);
    }

    char *path = wz_path_join(tmpdir, "kiosk.db");
    WZ_TEST("events are committed one by one, with day and hour but no exact time");
    {
        wz_recorder *r = wz_recorder_create(path);
        char sid[33];
        wz_recorder_visit_id(sid);
        wz_event ev = {.kind = WZ_EV_SESSION_START,
                       .at = 1700000000 /* 2023-11-14 22:13 */,
                       .session = sid,
                       .audience = "12-15",
                       .language = "en",
                       .easy_read = 1};
        WZ_CHECK_INT(wz_recorder_record(r, &ev), 0);
        ev = (wz_event){
            .kind = WZ_EV_SCENARIO_START, .at = 1700000000, .session = sid, .ifid = "IFID-T"};
        WZ_CHECK_INT(wz_recorder_record(r, &ev), 0);
        ev = choice_ev(sid, 0);
        ev.at = 1700000000;
        WZ_CHECK_INT(wz_recorder_record(r, &ev), 0);
        WZ_CHECK_INT(wz_recorder_pending(r), 0);
        WZ_CHECK(wz_recorder_health(r, NULL) == 0);
        /* visible to another connection at once: committed, not buffered */
        WZ_CHECK_INT(count(path, "SELECT count(*) FROM events"), 3);
        WZ_CHECK_INT(count(path, "SELECT count(*) FROM events WHERE day='2023-11-14' AND hour=22"),
                     3);
        WZ_TEST("later events of a session carry the audience chosen at its start");
        WZ_CHECK_INT(count(path, "SELECT count(*) FROM events WHERE audience='12-15'"), 3);
        WZ_CHECK_INT(count(path, "SELECT count(*) FROM dirty_days WHERE day='2023-11-14'"), 1);

        WZ_TEST("a rating keeps the message (choice_index), the visitor's and the model rating");
        ev = (wz_event){.kind = WZ_EV_RATING,
                        .at = 1700000000,
                        .session = sid,
                        .ifid = "IFID-T",
                        .passage = "Rate",
                        .choice_index = 3,
                        .value = "amber",
                        .cls = "red"};
        WZ_CHECK_INT(wz_recorder_record(r, &ev), 0);
        char sql[400];
        snprintf(sql, sizeof sql,
                 "SELECT count(*) FROM events e JOIN event_labels l ON l.id = e.labels WHERE"
                 " e.kind = %d AND l.kind = %d AND e.passage = 'Rate' AND e.choice_index = 3"
                 " AND e.value = 'amber' AND e.cls = 'red' AND l.value = 'amber' AND"
                 " l.cls = 'red'",
                 (int)WZ_EV_RATING, (int)WZ_EV_RATING);
        WZ_CHECK_INT(count(path, sql), 1);
        WZ_CHECK_INT(count(path, BAD_LABELS), 0);

        WZ_TEST("strings are bounded and cleaned before they are stored");
        char longs[1000];
        memset(longs, 'p', sizeof longs - 1);
        longs[sizeof longs - 1] = '\0';
        memcpy(longs + 199, "\xc3\xa9", 2); /* an é cut in half at the limit */
        ev = (wz_event){.kind = WZ_EV_HELP, .session = sid, .screen = "pla\tyer"};
        WZ_CHECK_INT(wz_recorder_record(r, &ev), 0);
        ev = (wz_event){.kind = WZ_EV_FEEDBACK, .session = sid, .passage = longs};
        WZ_CHECK_INT(wz_recorder_record(r, &ev), 0);
        WZ_CHECK_INT(count(path, "SELECT count(*) FROM events WHERE screen='pla?yer'"), 1);
        WZ_CHECK_INT(count(path, "SELECT max(length(CAST(passage AS BLOB))) FROM events"), 199);
        wz_recorder_destroy(r);
        unlink(path);
    }

    WZ_TEST("disk full: events wait in memory, in order, and are written when space returns");
    {
        wz_recorder *r = wz_recorder_create(path);
        wz_recorder_set_backoff(r, 0, 0);
        sqlite3 *db = wz_recorder_db(r);
        WZ_CHECK(db != NULL);
        char sid[33];
        wz_recorder_visit_id(sid);
        char sql[80];
        long long pages = 0;
        sqlite3_stmt *st = NULL;
        sqlite3_prepare_v2(db, "PRAGMA page_count", -1, &st, NULL);
        if (sqlite3_step(st) == SQLITE_ROW) pages = sqlite3_column_int64(st, 0);
        sqlite3_finalize(st);
        snprintf(sql, sizeof sql, "PRAGMA max_page_count = %lld", pages);
        sqlite3_exec(db, sql, NULL, NULL, NULL);
        int recorded = 0, first_queued = -1;
        for (int i = 0; i < 5000 && first_queued < 0; i++) {
            wz_event ev = choice_ev(sid, i);
            int rc = wz_recorder_record(r, &ev);
            recorded++;
            if (rc == 1) first_queued = i;
            WZ_CHECK(rc >= 0);
        }
        WZ_CHECK(first_queued >= 0);
        for (int i = 0; i < 20; i++) {
            wz_event ev = choice_ev(sid, recorded);
            WZ_CHECK_INT(wz_recorder_record(r, &ev), 1);
            recorded++;
        }
        WZ_CHECK_INT(wz_recorder_pending(r), 21);
        {
            char *why = NULL;
            WZ_CHECK(wz_recorder_health(r, &why) < 0);
            WZ_CHECK(why != NULL && why[0] != '\0');
            free(why);
        }
        WZ_CHECK_INT(wz_recorder_flush(r), -1);
        WZ_CHECK_INT(count(path, "SELECT count(*) FROM events"), recorded - 21);
        /* space again */
        db = wz_recorder_db(r);
        WZ_CHECK(db != NULL);
        if (db) sqlite3_exec(db, "PRAGMA max_page_count = 1000000", NULL, NULL, NULL);
        WZ_CHECK_INT(wz_recorder_flush(r), 21);
        WZ_CHECK_INT(wz_recorder_pending(r), 0);
        WZ_CHECK(wz_recorder_health(r, NULL) == 0);
        WZ_CHECK_INT(count(path, "SELECT count(*) FROM events"), recorded);
        /* oldest first: choice indices alternate 0,1,0,1 by insertion order */
        WZ_CHECK_INT(count(path, "SELECT count(*) FROM events a JOIN events b ON b.id = a.id + 1"
                                 " WHERE a.choice_index = b.choice_index"),
                     0);
        WZ_CHECK_INT(count(path, BAD_LABELS), 0);
        wz_recorder_destroy(r);
        unlink(path);
    }

    WZ_TEST("locked: another writer holds the database; the event waits and is written after");
    {
        wz_recorder *r = wz_recorder_create(path);
        wz_recorder_set_backoff(r, 0, 0);
        sqlite3 *other = NULL;
        char *err = NULL;
        WZ_CHECK_INT(wz_db_open(path, &other, &err), 0);
        WZ_CHECK_INT(sqlite3_exec(other, "BEGIN EXCLUSIVE", NULL, NULL, NULL), SQLITE_OK);
        char sid[33];
        wz_recorder_visit_id(sid);
        wz_event ev = choice_ev(sid, 0);
        WZ_CHECK_INT(wz_recorder_record(r, &ev), 1);
        WZ_CHECK_INT(wz_recorder_pending(r), 1);
        sqlite3_exec(other, "COMMIT", NULL, NULL, NULL);
        wz_db_close(other);
        ev = choice_ev(sid, 1);
        WZ_CHECK_INT(wz_recorder_record(r, &ev), 0); /* writes the waiting one first */
        WZ_CHECK_INT(wz_recorder_pending(r), 0);
        WZ_CHECK_INT(count(path, "SELECT count(*) FROM events"), 2);
        WZ_CHECK_INT(count(path, BAD_LABELS), 0);
        wz_recorder_destroy(r);
        unlink(path);
    }

    WZ_TEST("read-only: the recorder cannot write, keeps events, never moves the file aside");
    {
        char *rodir = wz_path_join(tmpdir, "ro");
        mkdir(rodir, 0755);
        char *ropath = wz_path_join(rodir, "kiosk.db");
        sqlite3 *db = NULL;
        char *err = NULL;
        WZ_CHECK_INT(wz_db_open(ropath, &db, &err), 0); /* an existing, healthy database */
        wz_db_close(db);
        int as_root = geteuid() == 0;
        int dropped = 0;
        if (as_root) {
            dropped = seteuid(65534) == 0; /* nobody: the root-owned 0644 file is read-only */
        } else {
            chmod(ropath, 0444);
            chmod(rodir, 0555);
        }
        WZ_CHECK(!as_root || dropped);
        wz_recorder *r = wz_recorder_create(ropath);
        wz_recorder_set_backoff(r, 0, 0);
        char sid[33];
        wz_recorder_visit_id(sid);
        for (int i = 0; i < 5; i++) {
            wz_event ev = choice_ev(sid, i);
            WZ_CHECK_INT(wz_recorder_record(r, &ev), 1);
        }
        WZ_CHECK_INT(wz_recorder_pending(r), 5);
        WZ_CHECK(wz_recorder_health(r, NULL) < 0);
        WZ_CHECK_INT(wz_recorder_flush(r), -1);
        /* writable again */
        if (as_root) {
            if (dropped && seteuid(0) != 0) fprintf(stderr, "cannot regain root\n");
        } else {
            chmod(rodir, 0755);
            chmod(ropath, 0644);
        }
        WZ_CHECK_INT(wz_recorder_flush(r), 5);
        WZ_CHECK_INT(wz_recorder_pending(r), 0);
        WZ_CHECK_INT(count(ropath, "SELECT count(*) FROM events"), 5);
        WZ_CHECK_INT(count(ropath, BAD_LABELS), 0);
        WZ_CHECK_INT(corrupt_files(), 0);
        wz_recorder_destroy(r);
        free(ropath);
        free(rodir);
    }

    WZ_TEST("no database at all: the queue is bounded and says when it drops");
    {
        wz_recorder *r = wz_recorder_create("/nonexistent-wz/dir/kiosk.db");
        char sid[33];
        wz_recorder_visit_id(sid);
        int ones = 0;
        for (int i = 0; i < WZ_RECORDER_QUEUE_MAX; i++) {
            wz_event ev = choice_ev(sid, i);
            ones += wz_recorder_record(r, &ev) == 1;
        }
        WZ_CHECK_INT(ones, WZ_RECORDER_QUEUE_MAX);
        wz_event ev = choice_ev(sid, 0);
        WZ_CHECK_INT(wz_recorder_record(r, &ev), -1);
        WZ_CHECK_INT(wz_recorder_pending(r), WZ_RECORDER_QUEUE_MAX);
        WZ_CHECK_INT(wz_recorder_dropped(r), 1);
        wz_recorder_destroy(r);
        WZ_CHECK(wz_recorder_record(NULL, &ev) < 0);
        wz_recorder_destroy(NULL);
    }

    WZ_TEST("a database that turns out corrupt at start is moved aside and recording goes on");
    {
        char *cp = wz_path_join(tmpdir, "corrupt.db");
        FILE *f = fopen(cp, "wb");
        if (f) {
            for (int i = 0; i < 4096; i++)
                fputc(i * 7, f);
            fclose(f);
        }
        wz_recorder *r = wz_recorder_create(cp);
        char sid[33];
        wz_recorder_visit_id(sid);
        wz_event ev = choice_ev(sid, 0);
        WZ_CHECK_INT(wz_recorder_record(r, &ev), 0);
        WZ_CHECK_INT(count(cp, "SELECT count(*) FROM events"), 1);
        WZ_CHECK_INT(corrupt_files(), 1);
        wz_recorder_destroy(r);
        free(cp);
    }

    WZ_TEST("the file moved aside by another program (wz-stats, the upload worker found it "
            "damaged): the next visit is recorded in the new file, not the moved one");
    {
        char *mp = wz_path_join(tmpdir, "moved.db");
        wz_recorder *r = wz_recorder_create(mp);
        wz_recorder_set_backoff(r, 0, 0);
        char sid[33];
        wz_recorder_visit_id(sid);
        wz_event ev = {.kind = WZ_EV_SESSION_START, .session = sid, .audience = "16+"};
        WZ_CHECK_INT(wz_recorder_record(r, &ev), 0);
        char *aside = NULL;
        WZ_CHECK_INT(wz_db_move_aside(mp, &aside, NULL), 0);
        sqlite3 *other = NULL;
        char *e = NULL;
        WZ_CHECK_INT(wz_db_open(mp, &other, &e), 0); /* the other program's new file */
        wz_recorder_visit_id(sid);
        ev.session = sid;
        wz_recorder_record(r, &ev);
        wz_recorder_flush(r);
        WZ_CHECK_INT(wz_recorder_pending(r), 0);
        WZ_CHECK_INT(count(mp, "SELECT count(*) FROM events"), 1);
        WZ_CHECK_INT(count(aside, "SELECT count(*) FROM events"), 1);
        wz_db_close(other);
        wz_recorder_destroy(r);
        free(e);
        free(aside);
        free(mp);
    }

    WZ_TEST("pruning deletes old raw events but keeps their day's totals exactly");
    {
        unlink(path);
        wz_recorder *r = wz_recorder_create(path);
        char sid[33];
        wz_recorder_visit_id(sid);
        const time_t old_day = 1700000000, new_day = 1700000000 + 100 * 86400;
        const time_t at[2] = {old_day, new_day};
        for (int d = 0; d < 2; d++) {
            wz_event ev = {.kind = WZ_EV_SESSION_START,
                           .at = at[d],
                           .session = sid,
                           .audience = "8-11",
                           .language = "en"};
            wz_recorder_record(r, &ev);
            ev = (wz_event){
                .kind = WZ_EV_SCENARIO_START, .at = at[d], .session = sid, .ifid = "IFID-T"};
            wz_recorder_record(r, &ev);
            ev = choice_ev(sid, d);
            ev.at = at[d];
            wz_recorder_record(r, &ev);
            ev = (wz_event){.kind = WZ_EV_ENDING,
                            .at = at[d],
                            .session = sid,
                            .ifid = "IFID-T",
                            .outcome = "risky",
                            .duration_ms = 61000};
            wz_recorder_record(r, &ev);
        }
        wz_recorder_destroy(r);
        sqlite3 *db = NULL;
        char *err = NULL;
        WZ_CHECK_INT(wz_db_open(path, &db, &err), 0);
        cJSON *before = wz_aggregate_day(db, "2023-11-14", "k1", 1, &err);
        char *b = cJSON_PrintUnformatted(before);
        WZ_CHECK_INT(wz_recorder_prune_before(db, "2024-01-01", &err), 4);
        WZ_CHECK_INT(count(path, "SELECT count(*) FROM events"), 4);
        WZ_CHECK_INT(count(path, "SELECT count(*) FROM events WHERE day < '2024-01-01'"), 0);
        cJSON *after = wz_aggregate_day(db, "2023-11-14", "k1", 1, &err);
        char *a = cJSON_PrintUnformatted(after);
        WZ_CHECK_STR(a, b);
        WZ_CHECK(strstr(a, "\"sessions\":1") != NULL);
        /* pruning again changes nothing; a late event on the pruned day adds to its base */
        WZ_CHECK_INT(wz_recorder_prune_before(db, "2024-01-01", &err), 0);
        wz_db_close(db);
        r = wz_recorder_create(path);
        wz_event ev = {
            .kind = WZ_EV_SESSION_START, .at = old_day, .session = sid, .audience = "8-11"};
        wz_recorder_record(r, &ev);
        wz_recorder_destroy(r);
        WZ_CHECK_INT(wz_db_open(path, &db, &err), 0);
        cJSON *later = wz_aggregate_day(db, "2023-11-14", "k1", 1, &err);
        WZ_CHECK_INT(cJSON_GetObjectItem(later, "sessions")->valuedouble, 2);
        WZ_CHECK_INT(cJSON_GetArraySize(cJSON_GetObjectItem(later, "scenarios")), 1);
        /* wz_recorder_prune with a retention in days counts back from today */
        wz_db_close(db);
        WZ_CHECK_INT(wz_recorder_prune(path, 90, NULL), 5);
        WZ_CHECK_INT(count(path, "SELECT count(*) FROM events"), 0);
        /* and the recorder prunes by itself once it knows the retention */
        r = wz_recorder_create(path);
        ev = (wz_event){.kind = WZ_EV_SESSION_START, .at = old_day, .session = sid};
        wz_recorder_record(r, &ev);
        ev.at = 0; /* now */
        wz_recorder_record(r, &ev);
        WZ_CHECK_INT(count(path, "SELECT count(*) FROM events"), 2);
        wz_recorder_set_retention(r, 90);
        WZ_CHECK_INT(count(path, "SELECT count(*) FROM events"), 1);
        wz_recorder_destroy(r);
        cJSON_Delete(later);
        cJSON_Delete(before);
        cJSON_Delete(after);
        cJSON_free(a);
        cJSON_free(b);
        free(err);
    }

    free(path);
    wz_test_db_cleanup(tmpdir);
    WZ_TEST_END();
}

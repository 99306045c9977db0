/*
 * test_outbox: revisions rise only when a day's document changes; pending, ack and
 * set-aside follow wz_outbox.h; documents in the outbox satisfy the upload contract.
 */
#include "wz_aggregate.h"
#include "wz_db.h"
#include "wz_recorder.h"
#include "wz_outbox.h"
#include "wz_test.h"
#include "wz_test_db.h"
#include "wz_util.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define DAY_A 1764316800 /* 2025-11-28 08:00 UTC */
#define DAY_B (DAY_A + 86400)

static void record_session(const char *path, time_t at, const char *ending)
{
    wz_recorder *r = wz_recorder_create(path);
    char sid[33];
    wz_recorder_visit_id(sid);
    wz_event ev = {.kind = WZ_EV_SESSION_START, .at = at, .session = sid, .audience = "8-11"};
    wz_recorder_record(r, &ev);
    ev = (wz_event){.kind = WZ_EV_SCENARIO_START, .at = at, .session = sid, .ifid = "GIFT"};
    wz_recorder_record(r, &ev);
    ev = (wz_event){.kind = WZ_EV_ENDING,
                    .at = at,
                    .session = sid,
                    .ifid = "GIFT",
                    .outcome = ending,
                    .duration_ms = 70000};
    wz_recorder_record(r, &ev);
    wz_recorder_destroy(r);
}

static long long q(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *st = NULL;
    long long v = -1;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

/* A recorder on its own thread and connection, as the kiosk's UI thread. */
typedef struct writer {
    const char *path;
    int visits;
} writer;

static void *write_visits(void *arg)
{
    writer *w = arg;
    wz_recorder *r = wz_recorder_create(w->path);
    wz_recorder_set_backoff(r, 1, 5);
    char sid[33];
    for (int i = 0; i < w->visits; i++) {
        wz_recorder_visit_id(sid);
        wz_event ev = {.kind = WZ_EV_SESSION_START,
                       .at = DAY_A + (time_t)(i % 10) * 86400,
                       .session = sid,
                       .audience = "8-11"};
        wz_recorder_record(r, &ev);
    }
    while (wz_recorder_pending(r) > 0)
        wz_recorder_flush(r);
    wz_recorder_destroy(r);
    return NULL;
}

/* Two refreshers at once (the kiosk's worker and a technician's `wz-stats upload`): when
 * connection A starts its write phase, connection B records one more visit and runs a
 * whole refresh of its own in between. */
typedef struct interleave {
    sqlite3 *other;
    const char *path;
    int fired;
} interleave;

static int between_read_and_write(unsigned type, void *ud, void *p, void *x)
{
    interleave *il = ud;
    (void)type;
    (void)x;
    const char *sql = sqlite3_sql((sqlite3_stmt *)p);
    if (il->fired || !sql || strcmp(sql, "BEGIN IMMEDIATE") != 0) return 0;
    il->fired = 1;
    record_session(il->path, DAY_A, "safe");
    if (wz_outbox_refresh(il->other, "k1", NULL) < 0) il->fired = -1;
    return 0;
}

int main(void)
{
    char dir[] = "/tmp/wz-test-outbox-XXXXXX";
    if (wz_test_db_dir(dir) != 0) return 1;
    char *path = wz_path_join(dir, "o.db");
    sqlite3 *db = NULL;
    char *err = NULL;
    WZ_CHECK_INT(wz_db_open(path, &db, &err), 0);
    wz_outbox_item *s = NULL;

    WZ_TEST("nothing recorded: nothing pending");
    WZ_CHECK_INT(wz_outbox_refresh(db, "k1", NULL), 0);
    WZ_CHECK_INT(wz_outbox_pending_count(db, NULL), 0);
    WZ_CHECK_INT(wz_outbox_pending(db, &s, 10, NULL), 0);
    WZ_CHECK(s == NULL);

    WZ_TEST("a day with events gets revision 1; refreshing again changes nothing");
    char *fresh_totals = NULL;
    record_session(path, DAY_A, "safe");
    {
        wz_totals *t = wz_totals_create();
        WZ_CHECK_INT(wz_aggregate_totals(db, NULL, NULL, "k1", t, &err), 0);
        fresh_totals = wz_totals_render(t, "json");
        wz_totals_destroy(t);
    }
    WZ_CHECK_INT(wz_outbox_refresh(db, "k1", NULL), 1);
    WZ_TEST("totals read from stored snapshots equal totals counted fresh");
    {
        wz_totals *t = wz_totals_create();
        WZ_CHECK_INT(wz_aggregate_totals(db, NULL, NULL, "other-id", t, &err), 0);
        char *stored = wz_totals_render(t, "json");
        WZ_CHECK_STR(stored, fresh_totals);
        free(stored);
        free(fresh_totals);
        wz_totals_destroy(t);
    }
    WZ_CHECK_INT(wz_outbox_refresh(db, "k1", NULL), 0);
    WZ_CHECK_INT(q(db, "SELECT count(*) FROM dirty_days"), 0);
    WZ_CHECK_INT(wz_outbox_pending(db, &s, 10, NULL), 1);
    WZ_CHECK_STR(s[0].day, "2025-11-28");
    WZ_CHECK_INT(s[0].revision, 1);
    {
        cJSON *d = cJSON_Parse(s[0].json);
        WZ_CHECK_INT(wz_snapshot_validate(d, NULL), 0);
        WZ_CHECK_STR(cJSON_GetObjectItem(d, "kiosk_id")->valuestring, "k1");
        /* the document carries the database file's instance id */
        char inst[33];
        WZ_CHECK_INT(wz_db_instance(db, inst, NULL), 0);
        WZ_CHECK(cJSON_IsString(cJSON_GetObjectItem(d, "instance")));
        WZ_CHECK_STR(cJSON_GetObjectItem(d, "instance")->valuestring, inst);
        WZ_CHECK_INT(cJSON_GetObjectItem(d, "revision")->valuedouble, 1);
        WZ_CHECK_INT(cJSON_GetObjectItem(d, "sessions")->valuedouble, 1);
        /* the stored document is exactly the day's aggregate at that revision */
        cJSON *fresh = wz_aggregate_day(db, "2025-11-28", "k1", 1, &err);
        char *f = cJSON_PrintUnformatted(fresh);
        WZ_CHECK_STR(s[0].json, f);
        cJSON_free(f);
        cJSON_Delete(fresh);
        cJSON_Delete(d);
    }
    wz_outbox_items_free(s, 1);

    WZ_TEST("acknowledged: no longer pending, until the day changes");
    WZ_CHECK_INT(wz_outbox_ack(db, "2025-11-28", 1, NULL), 0);
    WZ_CHECK_INT(wz_outbox_pending_count(db, NULL), 0);
    WZ_CHECK_INT(wz_outbox_refresh(db, "k1", NULL), 0);
    record_session(path, DAY_A, "risky");
    WZ_CHECK_INT(wz_outbox_refresh(db, "k1", NULL), 1);
    WZ_CHECK_INT(wz_outbox_pending(db, &s, 10, NULL), 1);
    WZ_CHECK_INT(s[0].revision, 2);
    WZ_CHECK(strstr(s[0].json, "\"sessions\":2") != NULL);
    wz_outbox_items_free(s, 1);

    WZ_TEST("an old acknowledgement does not clear a newer revision; a future one is refused");
    WZ_CHECK_INT(wz_outbox_ack(db, "2025-11-28", 1, NULL), 0);
    WZ_CHECK_INT(wz_outbox_pending_count(db, NULL), 1);
    WZ_CHECK(wz_outbox_ack(db, "2025-11-28", 3, NULL) != 0);
    WZ_CHECK(wz_outbox_ack(db, "2020-01-01", 1, NULL) != 0);
    WZ_CHECK_INT(wz_outbox_pending_count(db, NULL), 1);

    WZ_TEST("pending lists oldest day first and respects max");
    record_session(path, DAY_B, "mixed");
    WZ_CHECK_INT(wz_outbox_refresh(db, "k1", NULL), 1);
    WZ_CHECK_INT(wz_outbox_pending_count(db, NULL), 2);
    WZ_CHECK_INT(wz_outbox_pending(db, &s, 1, NULL), 1);
    WZ_CHECK_STR(s[0].day, "2025-11-28");
    wz_outbox_items_free(s, 1);
    WZ_CHECK_INT(wz_outbox_pending(db, &s, 10, NULL), 2);
    WZ_CHECK_STR(s[1].day, "2025-11-29");
    WZ_CHECK_INT(s[1].revision, 1);
    wz_outbox_items_free(s, 2);

    WZ_TEST("set aside: kept with its reason, not pending, pending again once the day changes");
    WZ_CHECK_INT(wz_outbox_set_aside(db, "2025-11-29", 1, "422: schema not accepted", NULL), 0);
    WZ_CHECK_INT(wz_outbox_pending_count(db, NULL), 1);
    WZ_CHECK_INT(q(db, "SELECT count(*) FROM snapshots_aside WHERE day='2025-11-29' AND"
                       " revision=1 AND reason LIKE '422%' AND length(json) > 100"),
                 1);
    WZ_CHECK_INT(wz_outbox_refresh(db, "k1", NULL), 0);
    WZ_CHECK_INT(wz_outbox_pending_count(db, NULL), 1);
    record_session(path, DAY_B, "safe");
    WZ_CHECK_INT(wz_outbox_refresh(db, "k1", NULL), 1);
    WZ_CHECK_INT(wz_outbox_pending_count(db, NULL), 2);
    WZ_CHECK_INT(q(db, "SELECT count(*) FROM snapshots_aside"), 1); /* still kept */
    WZ_CHECK(wz_outbox_set_aside(db, "2025-11-29", 9, "x", NULL) != 0);

    WZ_TEST("a new kiosk id re-issues under it the days the collector does not have; a day "
            "it acknowledged under the old id is not sent again (it would count twice)");
    WZ_CHECK_INT(wz_outbox_ack(db, "2025-11-28", 2, NULL), 0);
    WZ_CHECK_INT(wz_outbox_pending_count(db, NULL), 1);
    WZ_CHECK_INT(wz_outbox_refresh(db, "leics-wz-02", NULL), 1);
    WZ_CHECK_INT(wz_outbox_pending(db, &s, 10, NULL), 1);
    WZ_CHECK_STR(s[0].day, "2025-11-29");
    WZ_CHECK_INT(s[0].revision, 3);
    WZ_CHECK(strstr(s[0].json, "\"kiosk_id\":\"leics-wz-02\"") != NULL);
    wz_outbox_items_free(s, 1);
    WZ_CHECK_INT(q(db, "SELECT revision FROM snapshots WHERE day='2025-11-28'"), 2);
    WZ_CHECK_INT(q(db, "SELECT count(*) FROM snapshots WHERE day='2025-11-28' AND"
                       " json LIKE '{\"schema\":1,\"kiosk_id\":\"k1\",%'"),
                 1);
    WZ_CHECK_INT(wz_outbox_ack(db, "2025-11-29", 3, NULL), 0);
    WZ_CHECK_INT(wz_outbox_refresh(db, "leics-wz-02", NULL), 0);
    WZ_CHECK_INT(wz_outbox_pending_count(db, NULL), 0);
    WZ_CHECK(wz_outbox_refresh(db, "bad id!", NULL) < 0);
    WZ_CHECK(wz_outbox_refresh(db, NULL, NULL) < 0);

    WZ_TEST("pruning the raw events does not change a day's document or revision");
    WZ_CHECK(wz_recorder_prune_before(db, "2025-11-29", &err) > 0);
    record_session(path, DAY_B, "safe"); /* only day B gets news */
    WZ_CHECK_INT(wz_outbox_refresh(db, "leics-wz-02", NULL), 1);
    WZ_CHECK_INT(q(db, "SELECT revision FROM snapshots WHERE day='2025-11-28'"), 2);
    WZ_CHECK_INT(q(db, "SELECT count(*) FROM snapshots WHERE day='2025-11-28' AND"
                       " json LIKE '%\"sessions\":2,%'"),
                 1);
    /* and a forced recompute of the pruned day gives the same bytes again */
    sqlite3_exec(db, "INSERT INTO dirty_days(day) VALUES('2025-11-28')", NULL, NULL, NULL);
    WZ_CHECK_INT(wz_outbox_refresh(db, "leics-wz-02", NULL), 0);
    WZ_CHECK_INT(q(db, "SELECT revision FROM snapshots WHERE day='2025-11-28'"), 2);
    WZ_CHECK_INT(wz_outbox_pending_count(db, NULL), 1); /* day B, which changed */
    WZ_TEST("a day acknowledged under the old id that really changes goes under the new one");
    record_session(path, DAY_A, "safe");
    WZ_CHECK_INT(wz_outbox_refresh(db, "leics-wz-02", NULL), 1);
    WZ_CHECK_INT(q(db, "SELECT revision FROM snapshots WHERE day='2025-11-28'"), 3);
    WZ_CHECK_INT(q(db, "SELECT count(*) FROM snapshots WHERE day='2025-11-28' AND"
                       " json LIKE '{\"schema\":1,\"kiosk_id\":\"leics-wz-02\",%'"),
                 1);

    WZ_TEST("refreshing while the recorder writes: nothing is missed, nothing counted twice");
    {
        char *p2 = wz_path_join(dir, "race.db");
        sqlite3 *db2 = NULL;
        WZ_CHECK_INT(wz_db_open(p2, &db2, &err), 0);
        writer w = {p2, 3000};
        pthread_t th;
        pthread_create(&th, NULL, write_visits, &w);
        int passes = 0;
        for (; passes < 200; passes++) {
            WZ_CHECK(wz_outbox_refresh(db2, "k1", NULL) >= 0);
            if (q(db2, "SELECT count(*) FROM events") >= w.visits) break;
        }
        pthread_join(th, NULL);
        WZ_CHECK(wz_outbox_refresh(db2, "k1", NULL) >= 0);
        WZ_CHECK_INT(q(db2, "SELECT count(*) FROM dirty_days"), 0);
        WZ_CHECK_INT(q(db2, "SELECT sum(json_extract(json, '$.sessions')) FROM snapshots"),
                     w.visits);
        WZ_CHECK_INT(q(db2, "SELECT count(*) FROM snapshots"), 10);
        fprintf(stderr, "%d refresh passes ran while recording\n", passes);
        wz_db_close(db2);
        free(p2);
    }

    WZ_TEST("two refreshers at once: the stored document never ends older than the events");
    {
        char *p3 = wz_path_join(dir, "two.db");
        sqlite3 *a = NULL, *b = NULL;
        WZ_CHECK_INT(wz_db_open(p3, &a, &err), 0);
        WZ_CHECK_INT(wz_db_open(p3, &b, &err), 0);
        record_session(p3, DAY_A, "safe");
        interleave il = {b, p3, 0};
        sqlite3_trace_v2(a, SQLITE_TRACE_STMT, between_read_and_write, &il);
        WZ_CHECK(wz_outbox_refresh(a, "k1", NULL) >= 0);
        sqlite3_trace_v2(a, 0, NULL, NULL);
        WZ_CHECK_INT(il.fired, 1);
        /* whoever refreshes next must end with both visits in the day's document */
        WZ_CHECK(wz_outbox_refresh(a, "k1", NULL) >= 0);
        WZ_CHECK(wz_outbox_refresh(b, "k1", NULL) >= 0);
        WZ_CHECK_INT(q(a, "SELECT count(*) FROM events WHERE kind = 1"), 2);
        WZ_CHECK_INT(q(a, "SELECT json_extract(json, '$.sessions') FROM snapshots"), 2);
        WZ_CHECK_INT(q(a, "SELECT json_extract(json, '$.revision') = revision FROM snapshots"), 1);
        wz_db_close(a);
        wz_db_close(b);
        free(p3);
    }

    WZ_TEST("a day stored before the instance id (schema 4) goes on without one, so the "
            "collector keeps its one key for that day; a new day carries the instance");
    {
        char *p4 = wz_path_join(dir, "legacy.db");
        sqlite3 *l = NULL;
        WZ_CHECK_INT(wz_db_open(p4, &l, &err), 0);
        char inst[33], *tag = NULL;
        WZ_CHECK_INT(wz_db_instance(l, inst, NULL), 0);
        tag = wz_xasprintf(",\"instance\":\"%s\"", inst);
        record_session(p4, DAY_A, "safe");
        WZ_CHECK_INT(wz_outbox_refresh(l, "k1", NULL), 1);
        /* as an older program stored and sent it: no instance, acknowledged */
        sqlite3_stmt *st = NULL;
        sqlite3_prepare_v2(l, "UPDATE snapshots SET json = replace(json, ?1, ''), acked = 1", -1,
                           &st, NULL);
        sqlite3_bind_text(st, 1, tag, -1, SQLITE_STATIC);
        WZ_CHECK_INT(sqlite3_step(st), SQLITE_DONE);
        sqlite3_finalize(st);
        WZ_CHECK_INT(q(l, "SELECT count(*) FROM snapshots WHERE json LIKE '%instance%'"), 0);
        record_session(p4, DAY_A, "risky");
        record_session(p4, DAY_B, "safe");
        WZ_CHECK_INT(wz_outbox_refresh(l, "k1", NULL), 2);
        WZ_CHECK_INT(wz_outbox_pending(l, &s, 10, NULL), 2);
        WZ_CHECK_STR(s[0].day, "2025-11-28");
        WZ_CHECK_INT(s[0].revision, 2);
        WZ_CHECK(strstr(s[0].json, "\"sessions\":2,") && !strstr(s[0].json, "instance"));
        WZ_CHECK(strstr(s[1].json, tag) != NULL);
        for (int i = 0; i < 2; i++) {
            cJSON *d = cJSON_Parse(s[i].json);
            WZ_CHECK_INT(wz_snapshot_validate(d, NULL), 0);
            cJSON_Delete(d);
        }
        wz_outbox_items_free(s, 2);
        free(tag);
        wz_db_close(l);
        free(p4);
    }

    wz_db_close(db);
    free(err);
    free(path);
    wz_test_db_cleanup(dir);
    WZ_TEST_END();
}

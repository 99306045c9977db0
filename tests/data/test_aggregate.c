/*
 * test_aggregate: a day's document from raw events, checked number by number, and the
 * determinism promise: the same events in any order give the same bytes; recomputing
 * gives the same bytes; hours come from the local time fixed at recording.
 */
#include "wz_aggregate.h"
#include "wz_db.h"
#include "wz_recorder.h"
#include "wz_test.h"
#include "wz_test_db.h"
#include "wz_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define DAY1 1764316800 /* 2025-11-28 08:00:00 UTC */

/* A fixed day of visits: 3 sessions, two scenarios, every kind of event. */
static int build(wz_event *out, char sids[3][33])
{
    int n = 0;
    const char *s0 = sids[0], *s1 = sids[1], *s2 = sids[2];
#define ADD(...) out[n++] = (wz_event){__VA_ARGS__}
    ADD(.kind = WZ_EV_SESSION_START, .at = DAY1 + 3600, .session = s0, .audience = "8-11",
        .language = "en", .easy_read = 1);
    ADD(.kind = WZ_EV_SETTING, .at = DAY1 + 3601, .session = s0, .setting = "text-size",
        .value = "large");
    ADD(.kind = WZ_EV_SCENARIO_START, .at = DAY1 + 3602, .session = s0, .ifid = "GIFT");
    ADD(.kind = WZ_EV_CHOICE, .at = DAY1 + 3610, .session = s0, .ifid = "GIFT", .passage = "Lobby",
        .choice_index = 0, .target = "Took gems", .cls = "risky");
    ADD(.kind = WZ_EV_FEEDBACK, .at = DAY1 + 3611, .session = s0, .ifid = "GIFT",
        .passage = "Took gems", .cls = "risky");
    ADD(.kind = WZ_EV_SPOT_RESULT, .at = DAY1 + 3620, .session = s0, .ifid = "GIFT",
        .passage = "Secret", .found = 1, .missed = 1, .wrong = 2);
    ADD(.kind = WZ_EV_ENDING, .at = DAY1 + 3700, .session = s0, .ifid = "GIFT",
        .passage = "Risky end", .outcome = "risky", .duration_ms = 98000);
    ADD(.kind = WZ_EV_HELP, .at = DAY1 + 3710, .session = s0, .screen = "ending");
    ADD(.kind = WZ_EV_WORRIED, .at = DAY1 + 3711, .session = s0, .screen = "ending");
    ADD(.kind = WZ_EV_WORRIED, .at = DAY1 + 3712, .session = s0, .screen = "ending");
    ADD(.kind = WZ_EV_SESSION_END, .at = DAY1 + 3720, .session = s0, .duration_ms = 120000);

    ADD(.kind = WZ_EV_SESSION_START, .at = DAY1 + 7200, .session = s1, .audience = "8-11",
        .language = "en");
    ADD(.kind = WZ_EV_SCENARIO_START, .at = DAY1 + 7201, .session = s1, .ifid = "GIFT");
    ADD(.kind = WZ_EV_CHOICE, .at = DAY1 + 7210, .session = s1, .ifid = "GIFT", .passage = "Lobby",
        .choice_index = 1, .target = "Said no", .cls = "safe");
    ADD(.kind = WZ_EV_SPOT_RESULT, .at = DAY1 + 7220, .session = s1, .ifid = "GIFT",
        .passage = "Secret", .found = 2, .missed = 0, .wrong = 0);
    ADD(.kind = WZ_EV_CHOICE, .at = DAY1 + 7230, .session = s1, .ifid = "GIFT",
        .passage = "What now", .choice_index = 0, .target = "Tell Mum", .cls = "safe");
    ADD(.kind = WZ_EV_ENDING, .at = DAY1 + 7300, .session = s1, .ifid = "GIFT",
        .passage = "Safe end", .outcome = "safe", .duration_ms = 20000);
    ADD(.kind = WZ_EV_SCENARIO_START, .at = DAY1 + 7310, .session = s1, .ifid = "SQUAD");
    ADD(.kind = WZ_EV_ABANDON, .at = DAY1 + 7400, .session = s1, .ifid = "SQUAD",
        .passage = "Intro", .reason = "idle", .duration_ms = 90000);
    ADD(.kind = WZ_EV_SESSION_END, .at = DAY1 + 7500, .session = s1, .duration_ms = 300000);

#define LATE (DAY1 + 15 * 3600 + 50 * 60) /* 23:50 */
    ADD(.kind = WZ_EV_SESSION_START, .at = LATE, .session = s2, .audience = "parents",
        .language = "pl");
    ADD(.kind = WZ_EV_HELP, .at = LATE + 5, .session = s2, .screen = "menu");
    ADD(.kind = WZ_EV_WORRIED, .at = LATE + 6, .session = s2, .screen = "player");
    /* two group visits (group mode: no session start of their own) */
    ADD(.kind = WZ_EV_GROUP, .at = DAY1 + 3730, .session = "g1", .ifid = "GIFT", .audience = "8-11",
        .value = "21-35");
    ADD(.kind = WZ_EV_GROUP, .at = DAY1 + 3740, .session = "g2", .ifid = "GIFT", .audience = "8-11",
        .value = "21-35");
    ADD(.kind = WZ_EV_GROUP, .at = LATE + 7, .session = "g3", .ifid = "GIFT", .audience = "12-15",
        .value = "6-10");
    ADD(.kind = WZ_EV_SCENARIO_START, .at = LATE + 10, .session = s2, .ifid = "GIFT");
    ADD(.kind = WZ_EV_CHOICE, .at = LATE + 20, .session = s2, .ifid = "GIFT", .passage = "Lobby",
        .choice_index = 1, .target = "Said no", .cls = "safe");
    ADD(.kind = WZ_EV_ENDING, .at = LATE + 100, .session = s2, .ifid = "GIFT",
        .passage = "Safe end", .outcome = "safe", .duration_ms = 200000);
    /* the next day: must not leak into DAY1 */
    ADD(.kind = WZ_EV_SESSION_START, .at = DAY1 + 86400, .session = s2, .audience = "8-11");
#undef ADD
    return n;
}

/* Each new file has its own random instance id: the document carries it (checked here)
 * and it is taken out, so documents of different files compare by their counts. */
static void strip_instance(sqlite3 *db, cJSON *d)
{
    char inst[33];
    const cJSON *in = cJSON_GetObjectItemCaseSensitive(d, "instance");
    WZ_CHECK(d == NULL || (wz_db_instance(db, inst, NULL) == 0 && cJSON_IsString(in) &&
                           strcmp(in->valuestring, inst) == 0));
    cJSON_DeleteItemFromObjectCaseSensitive(d, "instance");
}

static char *doc_for(const char *path, wz_event *evs, const int *order, int n)
{
    unlink(path);
    wz_recorder *r = wz_recorder_create(path);
    for (int i = 0; i < n; i++)
        wz_recorder_record(r, &evs[order[i]]);
    wz_recorder_destroy(r);
    sqlite3 *db = NULL;
    char *err = NULL;
    if (wz_db_open(path, &db, &err) != 0) return err;
    cJSON *d = wz_aggregate_day(db, "2025-11-28", "k1", 1, &err);
    strip_instance(db, d);
    char *s = d ? cJSON_PrintUnformatted(d) : err;
    cJSON_Delete(d);
    wz_db_close(db);
    return s;
}

static long long get(const cJSON *o, const char *path)
{
    /* "a.b.c" or "a[2]" walk */
    char buf[200];
    snprintf(buf, sizeof buf, "%s", path);
    const cJSON *cur = o;
    char *save = NULL;
    for (char *tok = strtok_r(buf, ".", &save); tok && cur; tok = strtok_r(NULL, ".", &save)) {
        char *br = strchr(tok, '[');
        int idx = -1;
        if (br) {
            idx = (int)strtol(br + 1, NULL, 10);
            *br = '\0';
        }
        cur = cJSON_GetObjectItemCaseSensitive(cur, tok);
        if (idx >= 0) cur = cJSON_GetArrayItem(cur, idx);
    }
    return cur && cJSON_IsNumber(cur) ? (long long)cur->valuedouble : -999;
}

/* Every day's document in one string: counted in one pass (scan = 1) or day by day. */
static char *all_docs(sqlite3 *db, int scan)
{
    char(*days)[11] = NULL;
    char *err = NULL;
    int nd = wz_aggregate_days(db, NULL, NULL, &days, &err);
    wz_buf out;
    wz_buf_init(&out, 0);
    if (scan && nd > 0) {
        wz_totals **t = wz_xcalloc((size_t)nd, sizeof *t);
        for (int k = 0; k < nd; k++)
            t[k] = wz_totals_create();
        if (wz_aggregate_many_into(db, days, nd, t, &err) != 0) wz_buf_puts(&out, "error");
        for (int k = 0; k < nd; k++) {
            char *x = wz_snapshot_json(t[k], "k1", NULL, days[k], 1);
            wz_buf_puts(&out, x);
            free(x);
            wz_totals_destroy(t[k]);
        }
        free(t);
    }
    for (int k = 0; !scan && k < nd; k++) {
        wz_totals *t = wz_totals_create();
        if (wz_aggregate_day_into(db, days[k], t, &err) != 0) wz_buf_puts(&out, "error");
        char *x = wz_snapshot_json(t, "k1", NULL, days[k], 1);
        wz_buf_puts(&out, x);
        free(x);
        wz_totals_destroy(t);
    }
    free(err);
    free(days);
    return wz_buf_steal(&out);
}

static long long q1(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *st = NULL;
    long long v = -1;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

int main(void)
{
    char dir[] = "/tmp/wz-test-agg-XXXXXX";
    if (wz_test_db_dir(dir) != 0) return 1;
    char *path = wz_path_join(dir, "a.db");
    char sids[3][33];
    for (int i = 0; i < 3; i++)
        wz_recorder_visit_id(sids[i]);
    wz_event evs[64];
    int n = build(evs, sids);
    /* Give every event its session's audience, as the recorder would in real order, so the
     * permutations below test the aggregation and not the recorder's session memory. */
    for (int i = 0; i < n; i++)
        for (int j = 0; !evs[i].audience && j < n; j++)
            if (evs[j].kind == WZ_EV_SESSION_START && strcmp(evs[j].session, evs[i].session) == 0)
                evs[i].audience = evs[j].audience;
    int order[64], rev[64], mixed[64];
    for (int i = 0; i < n; i++) {
        order[i] = i;
        rev[i] = n - 1 - i;
        mixed[i] = (i * 7) % n; /* n is not a multiple of 7 */
    }

    WZ_TEST("every number of the day, from the events");
    char *a = doc_for(path, evs, order, n);
    cJSON *d = cJSON_Parse(a);
    WZ_CHECK(d != NULL);
    WZ_CHECK_INT(wz_snapshot_validate(d, NULL), 0);
    WZ_CHECK_INT(get(d, "sessions"), 3);
    WZ_CHECK_INT(get(d, "easy_read_sessions"), 1);
    WZ_CHECK_INT(get(d, "visits_by_hour[9]"), 1);
    WZ_CHECK_INT(get(d, "visits_by_hour[10]"), 1);
    WZ_CHECK_INT(get(d, "visits_by_hour[23]"), 1); /* 23:50, not rounded into the next day */
    WZ_CHECK_INT(get(d, "visits_by_hour[8]"), 0);
    WZ_CHECK_INT(get(d, "audiences.8-11"), 2);
    WZ_CHECK_INT(get(d, "audiences.parents"), 1);
    WZ_CHECK_INT(get(d, "languages.pl"), 1);
    WZ_CHECK_INT(get(d, "settings.text-size=large"), 1);
    WZ_CHECK_INT(get(d, "help.ending"), 1);
    WZ_CHECK_INT(get(d, "help.menu"), 1);
    WZ_CHECK_INT(get(d, "worried.ending"), 2);
    WZ_CHECK_INT(get(d, "worried.player"), 1);
    WZ_CHECK_INT(get(d, "groups.21-35"), 2);
    WZ_CHECK_INT(get(d, "groups.6-10"), 1);
    WZ_CHECK_INT(get(d, "session_durations[6]"), 1);  /* 120 s: 120..150 */
    WZ_CHECK_INT(get(d, "session_durations[10]"), 1); /* 300 s: 300..360 */
    cJSON *sc = cJSON_GetObjectItem(d, "scenarios");
    WZ_CHECK_INT(cJSON_GetArraySize(sc), 3); /* GIFT/8-11, GIFT/parents, SQUAD/8-11 */
    WZ_CHECK_STR(cJSON_GetObjectItem(cJSON_GetArrayItem(sc, 0), "audience")->valuestring, "8-11");
    WZ_CHECK_STR(cJSON_GetObjectItem(cJSON_GetArrayItem(sc, 1), "audience")->valuestring,
                 "parents");
    WZ_CHECK_STR(cJSON_GetObjectItem(cJSON_GetArrayItem(sc, 2), "ifid")->valuestring, "SQUAD");
    cJSON *g = cJSON_GetArrayItem(sc, 0);
    WZ_CHECK_INT(get(g, "started"), 2);
    WZ_CHECK_INT(get(g, "completed"), 2);
    WZ_CHECK_INT(get(g, "abandoned"), 0);
    WZ_CHECK_INT(get(g, "endings.safe"), 1);
    WZ_CHECK_INT(get(g, "endings.risky"), 1);
    WZ_CHECK_INT(get(g, "endings.mixed"), 0);
    WZ_CHECK_INT(get(g, "spot.found"), 3);
    WZ_CHECK_INT(get(g, "spot.missed"), 1);
    WZ_CHECK_INT(get(g, "spot.wrong"), 2);
    WZ_CHECK_INT(get(g, "durations[1]"), 1); /* 20 s */
    WZ_CHECK_INT(get(g, "durations[5]"), 1); /* 98 s */
    cJSON *ch = cJSON_GetObjectItem(g, "choices");
    WZ_CHECK_INT(cJSON_GetArraySize(ch), 3); /* sorted: Lobby 0, Lobby 1, What now 0 */
    WZ_CHECK_INT(get(cJSON_GetArrayItem(ch, 0), "index"), 0);
    WZ_CHECK_STR(cJSON_GetObjectItem(cJSON_GetArrayItem(ch, 1), "target")->valuestring, "Said no");
    WZ_CHECK_STR(cJSON_GetObjectItem(cJSON_GetArrayItem(ch, 2), "passage")->valuestring,
                 "What now");
    cJSON *sq = cJSON_GetArrayItem(sc, 2);
    WZ_CHECK_INT(get(sq, "started"), 1);
    WZ_CHECK_INT(get(sq, "abandoned"), 1);
    WZ_CHECK_INT(get(sq, "completed"), 0);
    WZ_TEST("nothing personal travels: no session id and no exact time in the document");
    WZ_CHECK(strstr(a, sids[0]) == NULL && strstr(a, sids[1]) == NULL);
    WZ_CHECK(strstr(a, "1764") == NULL);

    WZ_TEST("the same events in another order give the same bytes");
    char *b = doc_for(path, evs, rev, n);
    char *c = doc_for(path, evs, mixed, n);
    WZ_CHECK_STR(b, a);
    WZ_CHECK_STR(c, a);

    WZ_TEST("recomputing gives the same bytes; other days are separate");
    {
        sqlite3 *db = NULL;
        char *err = NULL;
        WZ_CHECK_INT(wz_db_open(path, &db, &err), 0);
        cJSON *again = wz_aggregate_day(db, "2025-11-28", "k1", 1, &err);
        strip_instance(db, again);
        char *s = cJSON_PrintUnformatted(again);
        WZ_CHECK_STR(s, a);
        cJSON_free(s);
        cJSON_Delete(again);
        char(*days)[11] = NULL;
        WZ_CHECK_INT(wz_aggregate_days(db, NULL, NULL, &days, &err), 2);
        WZ_CHECK(days && strcmp(days[0], "2025-11-28") == 0 && strcmp(days[1], "2025-11-29") == 0);
        free(days);
        WZ_CHECK_INT(wz_aggregate_days(db, "2025-11-29", NULL, &days, &err), 1);
        free(days);
        WZ_CHECK_INT(wz_aggregate_days(db, NULL, "2025-11-27", &days, &err), 0);
        free(days);
        wz_totals *t = wz_totals_create();
        WZ_CHECK_INT(wz_aggregate_totals(db, NULL, NULL, "k1", t, &err), 0);
        cJSON *j = wz_totals_to_json(t);
        WZ_CHECK_INT(get(j, "sessions"), 4);
        WZ_CHECK_INT(get(j, "days"), 2);
        cJSON_Delete(j);
        wz_totals_destroy(t);
        t = wz_totals_create();
        WZ_CHECK_INT(wz_aggregate_totals(db, "2025-11-28", "2025-11-28", "k1", t, &err), 0);
        j = wz_totals_to_json(t);
        WZ_CHECK_INT(get(j, "sessions"), 3);
        WZ_CHECK_INT(get(j, "scenarios[0].completed"), 3); /* GIFT over both audiences */
        WZ_CHECK_INT(get(j, "scenarios[0].median_duration_s"), 105);
        cJSON_Delete(j);
        wz_totals_destroy(t);
        wz_db_close(db);
    }

    WZ_TEST("one pass over the table counts many days exactly as one lookup per day does");
    {
        unlink(path);
        wz_recorder *r = wz_recorder_create(path);
        enum { NDAYS = WZ_AGGREGATE_SCAN_DAYS + 4 };
        for (int dd = 0; dd < NDAYS; dd++)
            for (int i = 0; i < n; i++) {
                wz_event ev = evs[order[(i + dd) % n]];
                ev.at += (time_t)dd * 86400 * 2; /* every other day, shuffled differently */
                wz_recorder_record(r, &ev);
            }
        wz_recorder_destroy(r);
        sqlite3 *db = NULL;
        char *err = NULL;
        WZ_CHECK_INT(wz_db_open(path, &db, &err), 0);
        char(*days)[11] = NULL;
        int nd = wz_aggregate_days(db, NULL, NULL, &days, &err);
        WZ_CHECK(nd >= WZ_AGGREGATE_SCAN_DAYS);
        wz_totals **many = wz_xcalloc((size_t)nd, sizeof *many);
        for (int i = 0; i < nd; i++)
            many[i] = wz_totals_create();
        WZ_CHECK_INT(wz_aggregate_many_into(db, days, nd, many, &err), 0);
        int same = 0;
        for (int i = 0; i < nd; i++) {
            wz_totals *one = wz_totals_create();
            wz_aggregate_day_into(db, days[i], one, &err);
            char *x = wz_snapshot_json(many[i], "k1", NULL, days[i], 1);
            char *y = wz_snapshot_json(one, "k1", NULL, days[i], 1);
            same += strcmp(x, y) == 0 && !wz_totals_empty(one);
            free(x);
            free(y);
            wz_totals_destroy(one);
            wz_totals_destroy(many[i]);
        }
        WZ_CHECK_INT(same, nd);
        free(many);
        free(days);
        wz_db_close(db);
    }

    WZ_TEST("counting through event_labels gives the bytes each row's own columns give");
    {
        /* the database of the test above: many days, recorded through the trigger */
        sqlite3 *db = NULL;
        char *err = NULL;
        WZ_CHECK_INT(wz_db_open(path, &db, &err), 0);
        WZ_CHECK(q1(db, "SELECT count(*) FROM events") > 100);
        WZ_CHECK_INT(q1(db, "SELECT count(*) FROM events WHERE labels IS NULL"), 0);
        /* each event points to a row with exactly its labels */
        WZ_CHECK_INT(q1(db, "SELECT count(*) FROM events e LEFT JOIN event_labels l"
                            " ON l.id = e.labels WHERE l.id IS NULL OR l.kind IS NOT e.kind"
                            " OR l.audience IS NOT e.audience OR l.language IS NOT e.language"
                            " OR l.easy_read IS NOT e.easy_read OR l.ifid IS NOT e.ifid"
                            " OR l.passage IS NOT e.passage OR l.target IS NOT e.target"
                            " OR l.choice_index IS NOT e.choice_index OR l.cls IS NOT e.cls"
                            " OR l.outcome IS NOT e.outcome OR l.screen IS NOT e.screen"
                            " OR l.setting IS NOT e.setting OR l.value IS NOT e.value"),
                     0);
        /* one row per distinct combination */
        WZ_CHECK(q1(db, "SELECT count(*) FROM event_labels") <
                 q1(db, "SELECT count(*) FROM events"));
        char *scan = all_docs(db, 1), *each = all_docs(db, 0);
        WZ_CHECK(strstr(scan, "error") == NULL && strstr(scan, "\"sessions\":3") != NULL);
        WZ_CHECK_STR(each, scan);
        /* rows without a usable label (edited by hand) are counted from their columns */
        WZ_CHECK_INT(wz_db_exec(db,
                                "UPDATE events SET labels = NULL WHERE id % 3 = 0;"
                                " UPDATE events SET labels = 99999 WHERE id % 3 = 1",
                                &err),
                     0);
        char *scan2 = all_docs(db, 1), *each2 = all_docs(db, 0);
        WZ_CHECK_STR(scan2, scan);
        WZ_CHECK_STR(each2, scan);
        WZ_CHECK_INT(wz_db_exec(db, "UPDATE events SET labels = NULL", &err), 0);
        char *scan3 = all_docs(db, 1);
        WZ_CHECK_STR(scan3, scan);
        /* a label row is shared, and a new event with known labels adds none */
        long long nl = q1(db, "SELECT count(*) FROM event_labels");
        WZ_CHECK_INT(wz_db_exec(db,
                                "INSERT INTO events(day, hour, kind, session, audience,"
                                " language, easy_read, ifid, passage, choice_index, target,"
                                " cls, outcome, screen, setting, value) SELECT day, hour,"
                                " kind, session, audience, language, easy_read, ifid,"
                                " passage, choice_index, target, cls, outcome, screen,"
                                " setting, value FROM events WHERE kind = 1 LIMIT 1",
                                &err),
                     0);
        WZ_CHECK_INT(q1(db, "SELECT count(*) FROM event_labels"), nl);
        WZ_CHECK_INT(q1(db, "SELECT count(*) FROM events WHERE labels IS NOT NULL"), 1);
        free(scan);
        free(each);
        free(scan2);
        free(each2);
        free(scan3);
        wz_db_close(db);
    }

    WZ_TEST("hours are the local time when the event was recorded, not when aggregated");
    {
        setenv("TZ", "Europe/London", 1); /* BST in summer: UTC+1 */
        tzset();
        unlink(path);
        wz_recorder *r = wz_recorder_create(path);
        wz_event ev = {.kind = WZ_EV_SESSION_START,
                       .at = 1751328000 /* 2025-07-01 00:00 UTC */,
                       .session = sids[0],
                       .audience = "8-11"};
        wz_recorder_record(r, &ev);
        wz_recorder_destroy(r);
        setenv("TZ", "UTC", 1);
        tzset();
        sqlite3 *db = NULL;
        char *err = NULL;
        WZ_CHECK_INT(wz_db_open(path, &db, &err), 0);
        cJSON *x = wz_aggregate_day(db, "2025-07-01", "k1", 1, &err);
        WZ_CHECK_INT(get(x, "visits_by_hour[1]"), 1);
        cJSON_Delete(x);
        wz_db_close(db);
    }

    cJSON_Delete(d);
    free(a);
    free(b);
    free(c);
    free(path);
    wz_test_db_cleanup(dir);
    WZ_TEST_END();
}

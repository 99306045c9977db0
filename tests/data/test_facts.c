/*
 * test_facts: what the snapshot carries for the Partnership beside the counts: ratings of
 * spot-the-signs messages, the kiosk's site and each scenario's public facts. The writer,
 * the validator (and its plain-word errors), adding snapshots up, and the kiosk side: the
 * facts saved in the database reach every day's document, and changing them never
 * re-issues a day the collector already has.
 */
#include "wz_aggregate.h"
#include "wz_db.h"
#include "wz_facts.h"
#include "wz_outbox.h"
#include "wz_recorder.h"
#include "wz_test.h"
#include "wz_test_db.h"
#include "wz_totals.h"
#include "wz_util.h"

#include <stdlib.h>
#include <string.h>

#define DAY_A 1764316800 /* 2025-11-28 08:00 UTC */

static wz_totals *tally(void)
{
    wz_totals *t = wz_totals_create();
    wz_totals_count_session(t, 10, "8-11", "en", 0);
    wz_totals_count_started(t, "IFID-A", "8-11");
    wz_totals_count_rating_n(t, "IFID-A", "8-11", "Chat", 2, "red", "red", 3);
    wz_totals_count_rating_n(t, "IFID-A", "8-11", "Chat", 2, "green", "red", 1);
    wz_totals_count_rating_n(t, "IFID-A", "8-11", "Chat", 0, "amber", "green", 1);
    wz_totals_count_rating_n(t, "IFID-A", "8-11", "Chat", 0, "blue", "green", 5); /* not a colour */
    return t;
}

/* Validates text, returning 1 when refused with a message containing `words`. */
static int refused(const char *text, const char *words)
{
    cJSON *d = cJSON_Parse(text);
    char *err = NULL;
    int r = d && wz_snapshot_validate(d, &err) != 0 && err && strstr(err, words);
    if (!r) fprintf(stderr, "  not refused with \"%s\": %s\n", words, err ? err : "(accepted)");
    free(err);
    cJSON_Delete(d);
    return r;
}

/* The document of t with `find` replaced by `repl`. */
static char *edited(const wz_totals *t, const char *find, const char *repl)
{
    char *s = wz_snapshot_json(t, "k1", NULL, "2026-11-28", 1);
    char *at = strstr(s, find);
    char *out = at ? wz_xasprintf("%.*s%s%s", (int)(at - s), s, repl, at + strlen(find))
                   : wz_xstrdup("not found");
    free(s);
    return out;
}

static void record(const char *path, time_t at, const char *ifid, const char *given)
{
    wz_recorder *r = wz_recorder_create(path);
    char sid[33];
    wz_recorder_visit_id(sid);
    wz_event ev = {.kind = WZ_EV_SESSION_START, .at = at, .session = sid, .audience = "8-11"};
    wz_recorder_record(r, &ev);
    ev = (wz_event){.kind = WZ_EV_SCENARIO_START, .at = at, .session = sid, .ifid = ifid};
    wz_recorder_record(r, &ev);
    ev = (wz_event){.kind = WZ_EV_RATING,
                    .at = at,
                    .session = sid,
                    .ifid = ifid,
                    .passage = "Chat",
                    .choice_index = 1,
                    .value = given,
                    .cls = "amber"};
    wz_recorder_record(r, &ev);
    wz_recorder_destroy(r);
}

static char *stored(sqlite3 *db, long long *rev)
{
    sqlite3_stmt *st = NULL;
    char *json = NULL;
    if (sqlite3_prepare_v2(db, "SELECT revision, json FROM snapshots ORDER BY day LIMIT 1", -1, &st,
                           NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW) {
        *rev = sqlite3_column_int64(st, 0);
        json = wz_xstrdup((const char *)sqlite3_column_text(st, 1));
    }
    sqlite3_finalize(st);
    return json ? json : wz_xstrdup("");
}

int main(void)
{
    WZ_TEST("ratings are written sorted, only the three colours count");
    wz_totals *t = tally();
    char *s = wz_snapshot_json(t, "k1", NULL, "2026-11-28", 1);
    WZ_CHECK(strstr(s, "\"spot\":{\"found\":0,\"missed\":0,\"wrong\":0},\"ratings\":["
                       "{\"passage\":\"Chat\",\"index\":0,\"given\":\"amber\",\"model\":\"green\","
                       "\"count\":1},{\"passage\":\"Chat\",\"index\":2,\"given\":\"green\","
                       "\"model\":\"red\",\"count\":1},{\"passage\":\"Chat\",\"index\":2,"
                       "\"given\":\"red\",\"model\":\"red\",\"count\":3}]}") != NULL);
    WZ_CHECK(strstr(s, "blue") == NULL);
    WZ_CHECK(strstr(s, "\"site\"") == NULL && strstr(s, "scenario_info") == NULL);
    cJSON *d = cJSON_Parse(s);
    char *err = NULL;
    WZ_CHECK_INT(wz_snapshot_validate(d, &err), 0);
    free(err);
    err = NULL;
    cJSON_Delete(d);
    free(s);

    WZ_TEST("a day without ratings or facts has the bytes it had before they existed");
    {
        wz_totals *o = wz_totals_create();
        wz_totals_count_started(o, "IFID-A", "8-11");
        wz_scenario_facts f = {.ifid = "IFID-OTHER", .title = "Not counted today"};
        wz_totals_set_facts(o, &f); /* facts of a scenario not counted are not written */
        char *j = wz_snapshot_json(o, "k1", NULL, "2026-11-28", 1);
        WZ_CHECK(strstr(j, "\"spot\":{\"found\":0,\"missed\":0,\"wrong\":0}}]}") != NULL);
        WZ_CHECK(strstr(j, "Not counted") == NULL);
        free(j);
        wz_totals_destroy(o);
    }

    WZ_TEST("site and scenario facts: written after the scenarios, keys sorted");
    wz_totals_set_site(t, "Leicester Central Library");
    wz_scenario_facts fa = {.ifid = "IFID-A",
                            .title = "The Gift in the Game",
                            .topic = "grooming",
                            .language = "en",
                            .audience = "8-11, 12-15"};
    wz_totals_set_facts(t, &fa);
    s = wz_snapshot_json(t, "k1", NULL, "2026-11-28", 1);
    WZ_CHECK(strstr(s, "]}],\"site\":\"Leicester Central Library\",\"scenario_info\":{\"IFID-A\":{"
                       "\"audience\":\"8-11, 12-15\",\"language\":\"en\",\"title\":\"The Gift in "
                       "the Game\",\"topic\":\"grooming\"}}}") != NULL);
    d = cJSON_Parse(s);
    WZ_CHECK_INT(wz_snapshot_validate(d, &err), 0);
    free(err);
    err = NULL;

    WZ_TEST("facts do not change the counts; adding keeps the latest facts");
    {
        wz_totals *plain = tally();
        char *bare = wz_snapshot_json(plain, "k1", NULL, "2026-11-28", 1);
        wz_totals_destroy(plain);
        WZ_CHECK(wz_snapshot_same_counts(s, bare));
        char *more = edited(t, "\"count\":3", "\"count\":4");
        WZ_CHECK(!wz_snapshot_same_counts(s, more));
        free(more);
        free(bare);
        wz_totals *sum = wz_totals_create();
        WZ_CHECK_INT(wz_totals_add_snapshot(sum, d, &err), 0);
        cJSON *d2 = cJSON_Parse(s);
        cJSON_ReplaceItemInObject(d2, "day", cJSON_CreateString("2026-11-29"));
        cJSON_ReplaceItemInObject(d2, "site", cJSON_CreateString("Loughborough Library"));
        WZ_CHECK_INT(wz_totals_add_snapshot(sum, d2, &err), 0);
        char *j = wz_snapshot_json(sum, "k1", NULL, "2026-11-28", 1);
        WZ_CHECK(strstr(j, "{\"passage\":\"Chat\",\"index\":2,\"given\":\"red\",\"model\":\"red\","
                           "\"count\":6}") != NULL);
        WZ_CHECK(strstr(j, "\"site\":\"Loughborough Library\"") != NULL);
        WZ_CHECK(strstr(j, "\"title\":\"The Gift in the Game\"") != NULL);
        char *text = wz_totals_render(sum, "text");
        WZ_CHECK(strstr(text, "The Gift in the Game (IFID-A)") != NULL);
        free(text);
        free(j);
        cJSON_Delete(d2);
        wz_totals_destroy(sum);
    }
    cJSON_Delete(d);

    WZ_TEST("the validator refuses bad facts and ratings in plain words");
    {
        static const struct {
            const char *find, *repl, *words;
        } bad[] = {
            {"\"Leicester Central Library\"", "\"\"", "\"site\" must be 1 to 200 bytes"},
            {"\"Leicester Central Library\"", "\"Bad\\u0001site\"", "control characters"},
            {"\"Leicester Central Library\"", "7", "\"site\" must be"},
            {"\"topic\":\"grooming\"", "\"topic\":\"grooming\",\"author\":\"x\"",
             "unexpected field \"author\""},
            {"\"title\":\"The Gift in the Game\"", "\"title\":\"\"",
             "the title of scenario IFID-A"},
            {"\"scenario_info\":{", "\"scenario_info\":{\"IFID-B\":7,", "map each scenario"},
            {"\"scenario_info\":{\"IFID-A\"", "\"scenario_info\":{\"IFID-B\":{},\"IFID-B\"",
             "has its facts twice"},
            {"\"given\":\"amber\"", "\"given\":\"pink\"", "green, amber or red"},
            {"\"index\":2,\"given\":\"green\"", "\"index\":1000,\"given\":\"green\"",
             "from 0 to 999"},
            {"\"count\":3}", "\"count\":-3}", "a rating of IFID-A is wrong"},
            {"\"count\":3}", "\"count\":3,\"who\":1}", "unexpected field \"who\" in a rating"},
            {"\"ratings\":[",
             "\"ratings\":[{\"passage\":\"Chat\",\"index\":0,\"given\":\"amber\","
             "\"model\":\"green\",\"count\":1},",
             "listed twice"},
            {"\"ratings\":[", "\"ratings\":[7,", "not an object"},
        };
        cJSON *x = cJSON_Parse(s);
        cJSON_ReplaceItemInObject(cJSON_GetArrayItem(cJSON_GetObjectItem(x, "scenarios"), 0),
                                  "ratings", cJSON_CreateNumber(1));
        char *p = cJSON_PrintUnformatted(x);
        WZ_CHECK(refused(p, "must be a list"));
        free(p);
        cJSON_Delete(x);
        for (size_t i = 0; i < WZ_ARRAY_LEN(bad); i++) {
            char *e = edited(t, bad[i].find, bad[i].repl);
            WZ_CHECK(refused(e, bad[i].words));
            free(e);
        }
    }
    free(s);
    wz_totals_destroy(t);

    WZ_TEST("the kiosk: saved facts reach the day's document; ratings are aggregated");
    char dir[] = "/tmp/wz-test-facts-XXXXXX";
    if (wz_test_db_dir(dir) != 0) return 1;
    char *path = wz_path_join(dir, "f.db");
    sqlite3 *db = NULL;
    WZ_CHECK_INT(wz_db_open(path, &db, &err), 0);
    record(path, DAY_A, "GIFT", "amber");
    record(path, DAY_A + 60, "GIFT", "red");
    WZ_CHECK_INT(wz_outbox_refresh(db, "k1", &err), 1);
    long long rev = 0;
    char *j = stored(db, &rev);
    WZ_CHECK_INT(rev, 1);
    WZ_CHECK(strstr(j, "\"ratings\":[{\"passage\":\"Chat\",\"index\":1,\"given\":\"amber\","
                       "\"model\":\"amber\",\"count\":1},{\"passage\":\"Chat\",\"index\":1,"
                       "\"given\":\"red\",\"model\":\"amber\",\"count\":1}]") != NULL);
    WZ_CHECK(strstr(j, "scenario_info") == NULL);
    free(j);

    WZ_TEST("new facts do not re-issue a day; the day's next change carries them");
    wz_scenario_facts f[] = {{.ifid = "GIFT", .title = "The Gift", .topic = "grooming"},
                             {.ifid = "GIFT", .title = "A second file with the same ifid"},
                             {.ifid = "ELSE", .title = "Not played"}};
    WZ_CHECK_INT(wz_facts_save(db, "Central Library", f, 3, &err), 0);
    WZ_CHECK_INT(wz_outbox_refresh(db, "k1", &err), 0);
    j = stored(db, &rev);
    WZ_CHECK_INT(rev, 1);
    WZ_CHECK(strstr(j, "scenario_info") == NULL);
    free(j);
    record(path, DAY_A + 120, "GIFT", "amber");
    WZ_CHECK_INT(wz_outbox_refresh(db, "k1", &err), 1);
    j = stored(db, &rev);
    WZ_CHECK_INT(rev, 2);
    WZ_CHECK(strstr(j, "\"site\":\"Central Library\",\"scenario_info\":{\"GIFT\":{\"title\":"
                       "\"The Gift\",\"topic\":\"grooming\"}}}") != NULL);
    free(j);

    WZ_TEST("a new kiosk id does not re-send an acknowledged day that only gained facts");
    WZ_CHECK_INT(wz_outbox_ack(db, "2025-11-28", 2, &err), 0);
    WZ_CHECK_INT(wz_facts_save(db, "Another Library", f, 1, &err), 0);
    WZ_CHECK_INT(wz_outbox_refresh(db, "k2", &err), 0);
    WZ_CHECK_INT(wz_outbox_pending_count(db, &err), 0);

    WZ_TEST("saving the same facts again writes nothing; no site removes it");
    {
        int before = sqlite3_total_changes(db);
        WZ_CHECK_INT(wz_facts_save(db, "Another Library", f, 1, &err), 0);
        WZ_CHECK_INT(sqlite3_total_changes(db), before);
        WZ_CHECK_INT(wz_facts_save(db, NULL, f, 1, &err), 0);
        wz_totals *x = wz_totals_create();
        WZ_CHECK_INT(wz_facts_apply(db, &x, 1, &err), 0);
        wz_totals_count_started(x, "GIFT", "8-11");
        char *k = wz_snapshot_json(x, "k1", NULL, "2026-11-28", 1);
        WZ_CHECK(strstr(k, "\"site\"") == NULL && strstr(k, "\"title\":\"The Gift\"") != NULL);
        free(k);
        wz_totals_destroy(x);
    }
    free(err);
    wz_db_close(db);
    wz_test_db_cleanup(dir);
    free(path);
    WZ_TEST_END();
}

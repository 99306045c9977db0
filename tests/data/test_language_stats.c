/*
 * test_language_stats: a translated scenario shares its original's ifid, so a Polish and an
 * English play of it count under that one ifid (one scenario entry, its choices and endings
 * together) and apart by language (the entry's optional "languages" map), from raw events
 * to the snapshot, and again when snapshots are added up; a day without it keeps the old
 * document, and a bad map is refused.
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

#define DAY1 1764316800 /* 2025-11-28 08:00:00 UTC */
#define PHONE "5B2E7C1A-3D4F-4A6B-9C8D-7E6F5A4B3C2D"

/* One visit that plays PHONE in lang and takes its first choice to the safe ending. */
static void visit(wz_recorder *r, const char *lang, int *t)
{
    char sid[33];
    wz_recorder_visit_id(sid);
    wz_event ev[] = {
        {.kind = WZ_EV_SESSION_START, .audience = "8-11", .language = lang},
        {.kind = WZ_EV_SCENARIO_START, .ifid = PHONE, .language = lang},
        {.kind = WZ_EV_CHOICE,
         .ifid = PHONE,
         .passage = "Message",
         .choice_index = 0,
         .target = "Told",
         .cls = "safe"},
        {.kind = WZ_EV_ENDING,
         .ifid = PHONE,
         .passage = "Told",
         .outcome = "safe",
         .duration_ms = 60000},
        {.kind = WZ_EV_SESSION_END, .duration_ms = 90000},
    };
    for (size_t i = 0; i < WZ_ARRAY_LEN(ev); i++) {
        ev[i].at = DAY1 + (*t)++;
        ev[i].session = sid;
        wz_recorder_record(r, &ev[i]);
    }
}

static double num_at(const cJSON *o, const char *k)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    return cJSON_IsNumber(v) ? v->valuedouble : -999;
}

static void check_entry(const cJSON *doc, double en, double pl)
{
    const cJSON *sc = cJSON_GetObjectItemCaseSensitive(doc, "scenarios");
    WZ_CHECK_INT(cJSON_GetArraySize(sc), 1); /* one ifid, one entry */
    const cJSON *e = cJSON_GetArrayItem(sc, 0);
    WZ_CHECK(num_at(e, "started") == en + pl);
    const cJSON *langs = cJSON_GetObjectItemCaseSensitive(e, "languages");
    WZ_CHECK(num_at(langs, "en") == en);
    WZ_CHECK(num_at(langs, "pl") == pl);
    const cJSON *ch = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(e, "choices"), 0);
    WZ_CHECK(num_at(ch, "count") == en + pl);
    WZ_CHECK(num_at(cJSON_GetObjectItemCaseSensitive(e, "endings"), "safe") == en + pl);
}

static void test_day(sqlite3 *db)
{
    WZ_TEST("a Polish and two English plays of one ifid: one entry, counted by language");
    char *err = NULL;
    cJSON *d = wz_aggregate_day(db, "2025-11-28", "k1", 1, &err);
    WZ_CHECK(d != NULL);
    if (!d) return;
    WZ_CHECK(wz_snapshot_validate(d, &err) == 0);
    check_entry(d, 2, 1);
    const cJSON *visits = cJSON_GetObjectItemCaseSensitive(d, "languages");
    WZ_CHECK(num_at(visits, "en") == 2 && num_at(visits, "pl") == 1);

    WZ_TEST("added up again from snapshots (the collector, pruned days)");
    wz_totals *sum = wz_totals_create();
    cJSON *d2 = wz_aggregate_day(db, "2025-11-28", "k2", 1, &err); /* another kiosk */
    WZ_CHECK(wz_totals_add_snapshot(sum, d, &err) == 0);
    WZ_CHECK(d2 && wz_totals_add_snapshot(sum, d2, &err) == 0);
    cJSON_Delete(d2);
    cJSON *twice = wz_snapshot_doc(sum, "k1", NULL, "2025-11-28", 2);
    WZ_CHECK(twice && wz_snapshot_validate(twice, &err) == 0);
    if (twice) check_entry(twice, 4, 2);
    char *text = wz_totals_render(sum, "text");
    WZ_CHECK(text && strstr(text, "played in: en 4, pl 2"));
    free(text);
    cJSON_Delete(twice);
    wz_totals_destroy(sum);

    WZ_TEST("plays with no language (older events) keep the entry as it was");
    wz_totals *t = wz_totals_create();
    wz_totals_count_started_n(t, PHONE, "8-11", 1);
    char *old = wz_snapshot_json(t, "k1", NULL, "2025-11-27", 1);
    cJSON *od = cJSON_Parse(old);
    const cJSON *oe = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(od, "scenarios"), 0);
    WZ_CHECK(num_at(oe, "started") == 1);
    WZ_CHECK(cJSON_GetObjectItemCaseSensitive(oe, "languages") == NULL);
    cJSON_Delete(od);

    WZ_TEST("a bad languages map in a scenario entry is refused");
    const char *bad[] = {"{\"en\":-1}", "{\"en\":\"two\"}", "[1]"};
    size_t ol = strlen(old);
    const char *end = strstr(old, "}}]"); /* after the entry's spot object */
    WZ_CHECK(end != NULL);
    for (size_t i = 0; end && i < WZ_ARRAY_LEN(bad); i++) {
        size_t at = (size_t)(end - old) + 1;
        char *doc = wz_xasprintf("%.*s,\"languages\":%s%s", (int)at, old, bad[i], old + at);
        cJSON *bd = cJSON_Parse(doc);
        free(err);
        err = NULL;
        WZ_CHECK(bd != NULL && wz_snapshot_validate(bd, &err) == -1);
        WZ_CHECK(err && strstr(err, "languages"));
        cJSON_Delete(bd);
        free(doc);
    }
    (void)ol;
    free(old);
    wz_totals_destroy(t);
    free(err);
    cJSON_Delete(d);
}

int main(void)
{
    char dir[] = "/tmp/wz-test-lang-XXXXXX";
    if (wz_test_db_dir(dir) != 0) return 1;
    char *path = wz_path_join(dir, "l.db");
    wz_recorder *r = wz_recorder_create(path);
    int t = 0;
    visit(r, "pl", &t);
    visit(r, "en", &t);
    visit(r, "en", &t);
    wz_recorder_destroy(r);
    sqlite3 *db = NULL;
    char *err = NULL;
    WZ_CHECK(wz_db_open(path, &db, &err) == 0);
    if (db) test_day(db);
    wz_db_close(db);
    free(err);
    wz_test_db_cleanup(dir);
    free(path);
    WZ_TEST_END();
}

/*
 * test_quiz_stats: knowledge-check answers from raw events to the snapshot's "quiz" list
 * (per question, before/after, audience: answered and right), the same list added up again
 * from snapshots, older snapshots without it still accepted and counted, bad lists refused,
 * and the summary's figures (shares, difference, interval) shown only from 10 answers.
 */
#include "wz_aggregate.h"
#include "wz_db.h"
#include "wz_recorder.h"
#include "wz_test.h"
#include "wz_test_db.h"
#include "wz_totals_quiz.h"
#include "wz_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DAY1 1764316800 /* 2025-11-28 08:00:00 UTC */

/* Records `before` answers to question 0 (right of them right) and `after` answers to it
 * (right_after right), each from its own visit, for audience aud. */
static void visits(wz_recorder *r, const char *aud, int before, int right_before, int after,
                   int right_after, int *t)
{
    for (int i = 0; i < before + after; i++) {
        char sid[33];
        wz_recorder_visit_id(sid);
        int is_before = i < before;
        int right = is_before ? i < right_before : i - before < right_after;
        wz_event ev = {.kind = WZ_EV_SESSION_START,
                       .at = DAY1 + (*t)++,
                       .session = sid,
                       .audience = aud,
                       .language = "en"};
        wz_recorder_record(r, &ev);
        wz_event q = {.kind = WZ_EV_QUIZ,
                      .at = DAY1 + (*t)++,
                      .session = sid,
                      .ifid = "GIFT",
                      .choice_index = 0,
                      .value = is_before ? "before" : "after",
                      .found = right};
        wz_recorder_record(r, &q);
        /* question 2: everyone answers it right */
        q.choice_index = 2;
        q.found = 1;
        wz_recorder_record(r, &q);
    }
}

static const char *str_at(const cJSON *o, const char *k)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    return cJSON_IsString(v) ? v->valuestring : "";
}

static double num_at(const cJSON *o, const char *k)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    return cJSON_IsNumber(v) ? v->valuedouble : -999;
}

static int is_few(const cJSON *o, const char *k)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    return cJSON_IsObject(v) && num_at(v, "fewer_than") == 10;
}

static void test_day(sqlite3 *db)
{
    WZ_TEST("a day's quiz answers: answered and right per question, phase and audience");
    char *err = NULL;
    cJSON *d = wz_aggregate_day(db, "2025-11-28", "k1", 1, &err);
    WZ_CHECK(d != NULL);
    if (!d) return;
    WZ_CHECK(wz_snapshot_validate(d, &err) == 0);
    const cJSON *q = cJSON_GetObjectItemCaseSensitive(d, "quiz");
    WZ_CHECK_INT(cJSON_GetArraySize(q), 6);
    char *s = cJSON_PrintUnformatted(q);
    /* sorted by ifid, audience, question, phase ("after" before "before") */
    WZ_CHECK_STR(s, "[{\"ifid\":\"GIFT\",\"audience\":\"12-15\",\"question\":0,\"phase\":\"after\","
                    "\"answered\":3,\"right\":2},"
                    "{\"ifid\":\"GIFT\",\"audience\":\"12-15\",\"question\":2,\"phase\":\"after\","
                    "\"answered\":3,\"right\":3},"
                    "{\"ifid\":\"GIFT\",\"audience\":\"8-11\",\"question\":0,\"phase\":\"after\","
                    "\"answered\":20,\"right\":16},"
                    "{\"ifid\":\"GIFT\",\"audience\":\"8-11\",\"question\":0,\"phase\":\"before\","
                    "\"answered\":12,\"right\":6},"
                    "{\"ifid\":\"GIFT\",\"audience\":\"8-11\",\"question\":2,\"phase\":\"after\","
                    "\"answered\":20,\"right\":20},"
                    "{\"ifid\":\"GIFT\",\"audience\":\"8-11\",\"question\":2,\"phase\":\"before\","
                    "\"answered\":12,\"right\":12}]");
    free(s);

    WZ_TEST("the summary: shares, the difference and its interval; under 10 not shown");
    wz_totals *t = wz_totals_create();
    WZ_CHECK(wz_totals_add_snapshot(t, d, &err) == 0);
    cJSON *j = wz_totals_to_json(t);
    const cJSON *k = cJSON_GetObjectItemCaseSensitive(j, "knowledge");
    WZ_CHECK(num_at(k, "suppressed_below") == 10);
    const cJSON *q0 = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(k, "questions"), 0);
    WZ_CHECK_STR(str_at(q0, "ifid"), "GIFT");
    WZ_CHECK(num_at(q0, "question") == 0);
    const cJSON *b = cJSON_GetObjectItemCaseSensitive(q0, "before");
    const cJSON *a = cJSON_GetObjectItemCaseSensitive(q0, "after");
    WZ_CHECK(num_at(b, "answered") == 12 && num_at(b, "share_right") == 0.5);
    WZ_CHECK(num_at(a, "answered") == 23 && num_at(a, "share_right") == 0.783);
    const cJSON *df = cJSON_GetObjectItemCaseSensitive(q0, "difference");
    double lo, hi;
    wz_interval_newcombe(18, 23, 6, 12, WZ_INTERVAL_Z95, &lo, &hi);
    WZ_CHECK(num_at(df, "after_minus_before") == 0.283);
    WZ_CHECK(num_at(df, "low") - lo < 0.0005 && lo - num_at(df, "low") < 0.0005);
    WZ_CHECK(num_at(df, "high") - hi < 0.0005 && hi - num_at(df, "high") < 0.0005);
    /* the 12-15 group answered 3 times after, never before */
    const cJSON *ba = cJSON_GetObjectItemCaseSensitive(q0, "by_audience");
    const cJSON *teen = cJSON_GetArrayItem(ba, 0);
    WZ_CHECK_STR(str_at(teen, "audience"), "12-15");
    WZ_CHECK(is_few(cJSON_GetObjectItemCaseSensitive(teen, "after"), "answered"));
    WZ_CHECK(is_few(cJSON_GetObjectItemCaseSensitive(teen, "after"), "share_right"));
    WZ_CHECK(is_few(teen, "difference"));
    cJSON_Delete(j);

    char *csv = wz_totals_render(t, "csv");
    WZ_CHECK(strstr(csv, "knowledge_share_right,GIFT,,before,,0,,,0.500\r\n") != NULL);
    WZ_CHECK(strstr(csv, "knowledge_answered,GIFT,12-15,before,,0,,,fewer than 10\r\n") != NULL);
    WZ_CHECK(strstr(csv, "knowledge_difference,GIFT,,after_minus_before,,0,,,0.283\r\n") != NULL);
    free(csv);
    char *text = wz_totals_render(t, "text");
    WZ_CHECK(strstr(text, "before: 50% right of 12 answers; after: 78% right of 23 answers") !=
             NULL);
    WZ_CHECK(strstr(text, "difference +28 points (95% interval") != NULL);
    free(text);

    WZ_TEST("the snapshot writer gives back the same list from the summed tally");
    char *again = wz_snapshot_json(t, "k1", NULL, "2025-11-28", 1);
    cJSON *ad = cJSON_Parse(again);
    char *s1 = cJSON_PrintUnformatted(cJSON_GetObjectItemCaseSensitive(ad, "quiz"));
    char *s2 = cJSON_PrintUnformatted(q);
    WZ_CHECK_STR(s1, s2);
    free(s1);
    free(s2);
    free(again);
    cJSON_Delete(ad);
    wz_totals_destroy(t);
    cJSON_Delete(d);
}

static void test_old_and_bad(void)
{
    WZ_TEST("a snapshot without quiz (older kiosks) is accepted and counted; none is written");
    wz_totals *t = wz_totals_create();
    wz_totals_count_session(t, 10, "8-11", "en", 0);
    char *old = wz_snapshot_json(t, "k1", NULL, "2025-11-27", 1);
    WZ_CHECK(strstr(old, "quiz") == NULL);
    cJSON *od = cJSON_Parse(old);
    char *err = NULL;
    wz_totals *sum = wz_totals_create();
    WZ_CHECK(wz_totals_add_snapshot(sum, od, &err) == 0);
    cJSON *j = wz_totals_to_json(sum);
    WZ_CHECK(num_at(j, "sessions") == 1);
    WZ_CHECK(cJSON_GetObjectItemCaseSensitive(j, "knowledge") == NULL);
    cJSON_Delete(j);

    WZ_TEST("bad quiz lists are refused with a reason");
    const char *bad[] = {
        "\"quiz\":{}",
        "\"quiz\":[1]",
        "\"quiz\":[{\"ifid\":\"G\",\"audience\":\"8-11\",\"question\":0,\"phase\":\"during\","
        "\"answered\":1,\"right\":1}]",
        "\"quiz\":[{\"ifid\":\"G\",\"audience\":\"8-11\",\"question\":100,\"phase\":\"after\","
        "\"answered\":1,\"right\":1}]",
        "\"quiz\":[{\"ifid\":\"G\",\"audience\":\"8-11\",\"question\":0,\"phase\":\"after\","
        "\"answered\":-1,\"right\":0}]",
        "\"quiz\":[{\"ifid\":\"G\",\"audience\":\"8-11\",\"question\":0,\"phase\":\"after\","
        "\"answered\":1}]",
        "\"quiz\":[{\"ifid\":\"G\",\"audience\":\"8-11\",\"question\":0,\"phase\":\"after\","
        "\"answered\":1,\"right\":1,\"name\":\"x\"}]",
        "\"quiz\":[{\"ifid\":\"G\",\"audience\":\"8-11\",\"question\":0,\"phase\":\"after\","
        "\"answered\":1,\"right\":1},{\"ifid\":\"G\",\"audience\":\"8-11\",\"question\":0,"
        "\"phase\":\"after\",\"answered\":2,\"right\":1}]",
        "\"quiz\":[{\"ifid\":\"G\",\"audience\":\"8-11\",\"question\":0,\"phase\":\"after\","
        "\"answered\":1,\"right\":2}]",
    };
    size_t ol = strlen(old);
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char *doc = wz_xasprintf("%.*s,%s}", (int)(ol - 1), old, bad[i]);
        cJSON *bd = cJSON_Parse(doc);
        free(err);
        err = NULL;
        WZ_CHECK(bd != NULL && wz_snapshot_validate(bd, &err) == -1);
        WZ_CHECK(err && strstr(err, "quiz") != NULL);
        if (err && !strstr(err, "quiz")) fprintf(stderr, "   %s: %s\n", bad[i], err);
        cJSON_Delete(bd);
        free(doc);
    }
    free(err);
    cJSON_Delete(od);
    free(old);
    wz_totals_destroy(sum);
    wz_totals_destroy(t);
}

int main(void)
{
    char dir[] = "/tmp/wz-test-quiz-XXXXXX";
    if (wz_test_db_dir(dir) != 0) return 1;
    char *path = wz_path_join(dir, "q.db");
    wz_recorder *r = wz_recorder_create(path);
    int t = 0;
    visits(r, "8-11", 12, 6, 20, 16, &t);
    visits(r, "12-15", 0, 0, 3, 2, &t);
    wz_recorder_destroy(r);
    sqlite3 *db = NULL;
    char *err = NULL;
    WZ_CHECK(wz_db_open(path, &db, &err) == 0);
    if (db) test_day(db);
    wz_db_close(db);
    free(err);
    test_old_and_bad();
    wz_test_db_cleanup(dir);
    free(path);
    WZ_TEST_END();
}

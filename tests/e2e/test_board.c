/*
 * The Partnership's report (tools/wz-collector/wz_collect_board.h): the optional public
 * facts a snapshot may carry, the filters, and the rule that no figure about fewer than
 * ten visits is shown, in the page, the CSV and the JSON alike.
 */
#include "wz_test.h"

#include "wz_collect.h"
#include "wz_collect_board.h"
#include "wz_totals.h"
#include "wz_totals_quiz.h"
#include "wz_util.h"

#include <stdlib.h>
#include <unistd.h>

#define IFID_A "0A1B2C3D-0000-4000-8000-0000000000A1"
#define IFID_B "0A1B2C3D-0000-4000-8000-0000000000B2"

/* A day of `visits` visits at kiosk k, each playing scenario A to a safe ending; with
 * facts, the snapshot carries site and scenario A's title and topic. */
static char *snap(const char *k, const char *day, int visits, const char *site, const char *title)
{
    wz_totals *t = wz_totals_create();
    for (int i = 0; i < visits; i++) {
        wz_totals_count_session(t, 10, "12-15", "en", 0);
        wz_totals_count_started(t, IFID_A, "12-15");
        wz_totals_count_choice(t, IFID_A, "12-15", "Lobby", i % 3 ? 0 : 1,
                               i % 3 ? "Said no" : "Took gems", i % 3 ? "safe" : "risky");
        wz_totals_count_ending(t, IFID_A, "12-15", "safe", 40000);
    }
    wz_totals_count_started(t, IFID_B, "12-15");
    cJSON *d = wz_snapshot_doc(t, k, NULL, day, 1);
    wz_totals_destroy(t);
    if (site) cJSON_AddStringToObject(d, "site", site);
    if (title) {
        cJSON *info = cJSON_AddObjectToObject(d, "scenario_info");
        cJSON *a = cJSON_AddObjectToObject(info, IFID_A);
        cJSON_AddStringToObject(a, "title", title);
        cJSON_AddStringToObject(a, "topic", "Online grooming");
        cJSON_AddStringToObject(a, "language", "en");
    }
    char *s = cJSON_PrintUnformatted(d);
    cJSON_Delete(d);
    return s;
}

#define IFID_C "0A1B2C3D-0000-4000-8000-0000000000C3"

/* A day at kiosk k of 12 plays of a spot-the-signs scenario, written by the kiosk's own
 * writer with its site and the scenario's facts: 30 signs found, 5 missed, 4 OK messages
 * tapped; message 2 on "Chat" (a warning sign) rated red 11 times, amber twice; message
 * 3 (an OK one) rated green 3 times. */
static char *spot_snap(const char *k, const char *day, const char *facts_of)
{
    wz_totals *t = wz_totals_create();
    for (int i = 0; i < 12; i++) {
        wz_totals_count_session(t, 11, "12-15", "en", 0);
        wz_totals_count_started(t, IFID_C, "12-15");
        wz_totals_count_ending(t, IFID_C, "12-15", "safe", 60000);
    }
    wz_totals_count_spot_sum(t, IFID_C, "12-15", 30, 5, 4);
    wz_totals_count_rating_n(t, IFID_C, "12-15", "Chat", 1, "red", "red", 11);
    wz_totals_count_rating_n(t, IFID_C, "12-15", "Chat", 1, "amber", "red", 2);
    wz_totals_count_rating_n(t, IFID_C, "12-15", "Chat", 2, "green", "green", 3);
    wz_totals_set_site(t, "Loughborough Library");
    wz_scenario_facts f = {.ifid = IFID_C,
                           .title = "Spot the signs",
                           .topic = "Online grooming",
                           .language = "en",
                           .audience = "12-15"};
    wz_totals_set_facts(t, &f);
    if (facts_of) {
        wz_scenario_facts g = {.ifid = facts_of, .title = "Never played here"};
        wz_totals_set_facts(t, &g);
        wz_totals_count_started(t, facts_of, "12-15"); /* makes the writer include it */
    }
    char *s = wz_snapshot_json(t, k, NULL, day, 1);
    wz_totals_destroy(t);
    if (facts_of) { /* ...then the count is taken away again: facts without figures */
        cJSON *d = cJSON_Parse(s);
        cJSON_DeleteItemFromArray(cJSON_GetObjectItem(d, "scenarios"), 1);
        free(s);
        s = cJSON_PrintUnformatted(d);
        cJSON_Delete(d);
    }
    return s;
}

#define IFID_D "0A1B2C3D-0000-4000-8000-0000000000D4"

/* A day at kiosk k of a scenario with a knowledge check: question 1 answered 20 times
 * before the scenario (10 right) and 30 times after (24 right); question 2 only 8 times
 * before (all right) and 12 after (6 right). */
static char *quiz_snap(const char *k, const char *day)
{
    wz_totals *t = wz_totals_create();
    for (int i = 0; i < 12; i++) {
        wz_totals_count_session(t, 11, "8-11", "en", 0);
        wz_totals_count_started(t, IFID_D, "8-11");
    }
    wz_totals_count_quiz_n(t, IFID_D, "8-11", 0, "before", 20, 10);
    wz_totals_count_quiz_n(t, IFID_D, "8-11", 0, "after", 30, 24);
    wz_totals_count_quiz_n(t, IFID_D, "8-11", 1, "before", 8, 8);
    wz_totals_count_quiz_n(t, IFID_D, "8-11", 1, "after", 12, 6);
    wz_scenario_facts f = {.ifid = IFID_D, .title = "The Photo Request", .audience = "8-11"};
    wz_totals_set_facts(t, &f);
    char *s = wz_snapshot_json(t, k, NULL, day, 1);
    wz_totals_destroy(t);
    return s;
}

/* Parses and stores one snapshot; returns 200 or the refusal's status (code in code). */
static int put(sqlite3 *db, const char *k, char *s, time_t now, char *code)
{
    char *body = wz_xasprintf("{\"schema\":1,\"kiosk_id\":\"%s\",\"snapshots\":[%s]}", k, s);
    wz_collect_request *r = NULL;
    wz_collect_error e = {0};
    int rc = 200;
    if (wz_collect_parse(body, strlen(body), "application/json", now, &r, &e) != 0 ||
        wz_collect_store(db, r, NULL, &e) != 0)
        rc = e.status;
    if (code) snprintf(code, 32, "%s", rc == 200 ? "" : e.code);
    wz_collect_request_free(r);
    free(body);
    free(s);
    return rc;
}

static char *report(sqlite3 *db, time_t now, const char *key)
{
    wz_collect_query q;
    char *err = NULL;
    if (wz_collect_query_parse(key, &q, &err) != 0) {
        free(err);
        return NULL;
    }
    return wz_collect_board_make(db, now, &q, NULL);
}

static int has(const char *s, const char *needle)
{
    return s && strstr(s, needle) != NULL;
}

int main(void)
{
    const time_t now = 1767225600; /* 2026-01-01 */
    char dbpath[] = "/tmp/wz-test-board-XXXXXX";
    int fd = mkstemp(dbpath);
    close(fd);
    sqlite3 *db = wz_collect_db_open(dbpath, NULL);
    WZ_CHECK(db != NULL);
    char code[32];

    WZ_TEST("a snapshot may carry a site and its scenarios' titles; old ones still count");
    WZ_CHECK_INT(
        put(db, "k1", snap("k1", "2025-11-03", 12, "Central Library", "The new friend"), now, code),
        200);
    WZ_CHECK_INT(
        put(db, "k1", snap("k1", "2025-12-01", 14, "Central Library", "The new friend"), now, code),
        200);
    WZ_CHECK_INT(put(db, "k2", snap("k2", "2025-11-04", 3, NULL, NULL), now, code), 200);
    WZ_CHECK_INT(put(db, "k1", snap("k1", "2025-12-02", 1, "", NULL), now, code), 422);
    WZ_CHECK_STR(code, "bad_facts");
    WZ_CHECK_INT(put(db, "k1", snap("k1", "2025-12-02", 1, "Bad\x01site", NULL), now, code), 422);
    {
        char *s = snap("k1", "2025-12-02", 1, NULL, "T"), *p = strstr(s, "\"topic\"");
        memcpy(p, "\"autor\"", 7); /* a field the protocol does not define */
        WZ_CHECK_INT(put(db, "k1", s, now, code), 422);
        WZ_CHECK_STR(code, "bad_facts");
    }
    char *page = report(db, now, "");
    WZ_CHECK(has(page, "The new friend"));                        /* by title */
    WZ_CHECK(has(page, IFID_B));                                  /* no title sent: by its ifid */
    WZ_CHECK(has(page, "Online grooming"));                       /* topic */
    WZ_CHECK(!has(page, "Topic not sent</th><td class=\"n\">1")); /* never a small figure */
    WZ_CHECK(has(page, "@page{size:A4"));
    WZ_CHECK(!has(page, "<script"));
    free(page);
    char *tot = report(db, now, "format=json&table=periods");
    WZ_CHECK(has(tot, "\"rows\":[[\"Nov 2025\",15,")); /* k2's 3 visits counted too */
    free(tot);

    WZ_TEST("figures about fewer than 10 visits are shown as such: page, CSV and JSON");
    char *csv = report(db, now, "by=kiosk&format=csv&table=periods");
    WZ_CHECK(has(csv, "\"Month\",\"Kiosk\",\"Visits\",\"Plays started\""));
    WZ_CHECK(has(csv, "\"Nov 2025\",\"k1\",12,"));
    WZ_CHECK(has(csv, "\"Nov 2025\",\"k2\",fewer than 10,fewer than 10,fewer than 10,"));
    free(csv);
    char *js = report(db, now, "by=kiosk&format=json&table=periods");
    WZ_CHECK(has(js, "[\"Nov 2025\",\"k2\",{\"fewer_than\":10},"));
    WZ_CHECK(has(js, "\"suppressed_below\":10"));
    cJSON *doc = cJSON_Parse(js);
    WZ_CHECK(doc != NULL);
    cJSON_Delete(doc);
    free(js);
    char *ch = report(db, now, "format=csv&table=choices");
    /* 29 choices at Lobby: "Said no" 19, "Took gems" 10, both shown. */
    WZ_CHECK(has(ch, "\"The new friend\",\"Lobby\",\"Said no\",\"safe\",19,66%"));
    WZ_CHECK(has(ch, "\"Took gems\",\"risky\",10,34%"));
    free(ch);
    /* November only: 15 choices, "Said no" 10, "Took gems" 5: its count and share hidden. */
    ch = report(db, now, "from=2025-11-01&to=2025-11-30&format=csv&table=choices");
    WZ_CHECK(has(ch, "\"Said no\",\"safe\",10,67%"));
    WZ_CHECK(has(ch, "\"Took gems\",\"risky\",fewer than 10,fewer than 10"));
    free(ch);
    page = report(db, now, "by=kiosk");
    WZ_CHECK(has(page, "<td class=\"n few\">fewer than 10</td>"));
    free(page);

    WZ_TEST("date range, quarter view and sites");
    csv = report(db, now, "from=2025-12-01&to=2025-12-31&format=csv&table=periods");
    WZ_CHECK(has(csv, "\"Dec 2025\",14,") && !has(csv, "Nov 2025"));
    free(csv);
    csv = report(db, now, "view=quarter&by=site&format=csv&table=periods");
    WZ_CHECK(has(csv, "\"2025 Q4\",\"Central Library\",26,"));
    WZ_CHECK(has(csv, "\"2025 Q4\",\"Kiosk k2 (no site sent)\",fewer than 10,"));
    free(csv);
    csv = report(db, now, "view=day&format=csv&table=periods");
    WZ_CHECK(has(csv, "\"2025-12-01\",14,"));
    free(csv);

    WZ_TEST("spot-the-signs and rating rounds, with the scenario's audience");
    WZ_CHECK_INT(put(db, "k4", spot_snap("k4", "2025-12-10", IFID_B), now, code), 422);
    WZ_CHECK_STR(code, "inconsistent"); /* facts about a scenario the day does not count */
    {
        char *s = spot_snap("k4", "2025-12-10", NULL), *p = strstr(s, "\"given\":\"amber\"");
        memcpy(p, "\"given\":\"black\"", 15);
        WZ_CHECK_INT(put(db, "k4", s, now, code), 422);
        WZ_CHECK_STR(code, "bad_snapshot");
    }
    WZ_CHECK_INT(put(db, "k4", spot_snap("k4", "2025-12-10", NULL), now, code), 200);
    csv = report(db, now, "format=csv&table=spot");
    WZ_CHECK(has(csv, "\"Scenario\",\"Warning signs found\",\"Warning signs missed\""));
    WZ_CHECK(has(csv, "\"Spot the signs\",30,fewer than 10,86%,fewer than 10"));
    WZ_CHECK(!has(csv, "The new friend")); /* no spot screen: not listed */
    free(csv);
    csv = report(db, now, "format=csv&table=ratings");
    WZ_CHECK(has(csv, "\"Spot the signs\",\"Chat\",\"2\",\"red\",13,11,85%,fewer than 10,"
                      "fewer than 10,11"));
    WZ_CHECK(has(csv, "\"Spot the signs\",\"Chat\",\"3\",\"green\",fewer than 10,fewer than 10,"
                      "fewer than 10,fewer than 10,fewer than 10,fewer than 10"));
    free(csv);
    csv = report(db, now, "format=csv&table=scenarios");
    WZ_CHECK(has(csv, "\"Scenario\",\"Audience\",\"Topic\",\"Language\""));
    WZ_CHECK(has(csv, "\"Spot the signs\",\"12-15\",\"Online grooming\",\"en\",12,12,100%"));
    free(csv);
    js = report(db, now, "format=json&table=ratings");
    WZ_CHECK(has(js, "\"table\":\"ratings\""));
    WZ_CHECK(has(js, "[\"Spot the signs\",\"Chat\",\"2\",\"red\",13,11,0.846,"
                     "{\"fewer_than\":10}"));
    free(js);
    page = report(db, now, "");
    WZ_CHECK(has(page, "Spotting the warning signs") && has(page, "Rating messages green"));
    WZ_CHECK(has(page, "table=ratings")); /* its CSV download */
    free(page);

    WZ_TEST("the knowledge check: shares before and after, the difference and its interval");
    WZ_CHECK_INT(put(db, "k5", quiz_snap("k5", "2025-12-11"), now, code), 200);
    csv = report(db, now, "format=csv&table=knowledge");
    WZ_CHECK(has(csv, "\"Scenario\",\"Question\",\"Answers before\",\"Right before\","
                      "\"Answers after\",\"Right after\",\"Difference (points)\""));
    /* 10/20 = 50%, 24/30 = 80%: +30 points, Newcombe 95% from +3.5 to +52.6 */
    WZ_CHECK(has(csv, "\"The Photo Request\",\"Question 1\",20,50%,30,80%,+30,+4,+53\r\n"));
    /* 8 answers before: no share before, no difference; 6 right of 12 after is shown */
    WZ_CHECK(has(csv, "\"The Photo Request\",\"Question 2\",fewer than 10,fewer than 10,12,"
                      "50%,fewer than 10,fewer than 10,fewer than 10\r\n"));
    free(csv);
    js = report(db, now, "format=json&table=knowledge");
    WZ_CHECK(has(js, "[\"The Photo Request\",\"Question 1\",20,0.5,30,0.8,0.3,0.035,0.526]"));
    free(js);
    page = report(db, now, "");
    WZ_CHECK(has(page, "What visitors know") && has(page, "table=knowledge"));
    free(page);

    WZ_TEST("the query: allowed values only, and a CSV names its table");
    wz_collect_query q;
    char *err = NULL;
    WZ_CHECK(wz_collect_query_parse("view=week", &q, &err) < 0 && has(err, "view"));
    free(err);
    err = NULL;
    WZ_CHECK(wz_collect_query_parse("from=2025-13-01", &q, &err) < 0);
    free(err);
    err = NULL;
    WZ_CHECK(wz_collect_query_parse("format=csv", &q, &err) < 0 && has(err, "table"));
    free(err);
    WZ_CHECK(wz_collect_query_parse("token=x&by=site&from=2025-01-01", &q, NULL) == 0);
    char *key = wz_collect_query_key(&q);
    WZ_CHECK_STR(key, "from=2025-01-01&to=&view=month&by=site&format=html&table=");
    free(key);

    WZ_TEST("a CSV cell a spreadsheet would run as a formula is written as text");
    WZ_CHECK_INT(put(db, "k3", snap("k3", "2025-12-03", 12, "=HYPERLINK(1)", "+cmd"), now, NULL),
                 200);
    csv = report(db, now, "by=site&format=csv&table=periods");
    WZ_CHECK(has(csv, "\"'=HYPERLINK(1)\"") && !has(csv, ",\"=HYPERLINK"));
    free(csv);

    WZ_TEST("\"I'm worried\" presses: a key figure of the page, small numbers hidden");
    {
        const struct {
            const char *day;
            int player, menu;
        } days[] = {{"2025-10-06", 8, 3}, {"2025-10-20", 2, 0}};
        for (int i = 0; i < 2; i++) {
            char *s = snap("k3", days[i].day, 12, NULL, NULL);
            cJSON *d = cJSON_Parse(s);
            free(s);
            cJSON *w = cJSON_AddObjectToObject(d, "worried");
            cJSON_AddNumberToObject(w, "player", days[i].player);
            if (days[i].menu) cJSON_AddNumberToObject(w, "menu", days[i].menu);
            WZ_CHECK_INT(put(db, "k3", cJSON_PrintUnformatted(d), now, code), 200);
            cJSON_Delete(d);
        }
        page = report(db, now, "from=2025-10-01&to=2025-10-31");
        WZ_CHECK(has(page, "&ldquo;I&rsquo;m worried&rdquo; pressed<b>13</b>"));
        free(page);
        page = report(db, now, "from=2025-10-15&to=2025-10-31");
        WZ_CHECK(has(page, "&ldquo;I&rsquo;m worried&rdquo; pressed<b>fewer than 10</b>"));
        free(page);
    }

    sqlite3_close(db);
    unlink(dbpath);
    char side[64];
    snprintf(side, sizeof side, "%s-wal", dbpath);
    unlink(side);
    snprintf(side, sizeof side, "%s-shm", dbpath);
    unlink(side);
    WZ_TEST_END();
}

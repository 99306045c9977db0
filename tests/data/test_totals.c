/*
 * test_totals: the snapshot contract (validation) and adding snapshots up.
 * The collector relies on wz_snapshot_validate as its gate, so each rule has a case that
 * must be refused; sums must not depend on the order snapshots arrive in.
 */
#include "wz_test.h"
#include "wz_totals.h"
#include "wz_util.h"

#include <stdlib.h>
#include <string.h>

/* A small valid snapshot built through the counting API. */
static cJSON *make_doc(const char *kiosk, const char *day, int scale)
{
    wz_totals *t = wz_totals_create();
    for (int i = 0; i < 3 * scale; i++)
        wz_totals_count_session(t, 10, "8-11", "en", i == 0);
    wz_totals_count_session(t, 14, "12-15", "en", 0);
    wz_totals_count_session_end(t, 200000);
    wz_totals_count_help(t, "menu");
    wz_totals_count_setting(t, "text-size", "large");
    for (int i = 0; i < 2 * scale; i++)
        wz_totals_count_started(t, "IFID-A", "8-11");
    wz_totals_count_ending(t, "IFID-A", "8-11", "safe", 95000);
    wz_totals_count_abandon(t, "IFID-A", "8-11");
    wz_totals_count_choice(t, "IFID-A", "8-11", "Lobby", 0, "Took gems", "risky");
    wz_totals_count_choice(t, "IFID-A", "8-11", "Lobby", 1, "Said no", "safe");
    wz_totals_count_choice(t, "IFID-A", "8-11", "Lobby", 1, "Said no", "safe");
    wz_totals_count_spot(t, "IFID-A", "8-11", 2, 1, 0);
    wz_totals_count_started(t, "IFID-B", "12-15");
    cJSON *d = wz_snapshot_doc(t, kiosk, NULL, day, 1);
    wz_totals_destroy(t);
    return d;
}

/* Parses `doc`, applies an edit (a JSON text replacement), and checks it is refused. */
static int refused_after(const char *find, const char *replace)
{
    cJSON *d = make_doc("k1", "2026-11-28", 1);
    char *s = cJSON_PrintUnformatted(d);
    cJSON_Delete(d);
    char *at = strstr(s, find);
    if (!at) {
        fprintf(stderr, "edit target not found: %s\n", find);
        free(s);
        return 0;
    }
    char *edited = wz_xasprintf("%.*s%s%s", (int)(at - s), s, replace, at + strlen(find));
    free(s);
    cJSON *e = cJSON_Parse(edited);
    char *err = NULL;
    int refused = e && wz_snapshot_validate(e, &err) != 0 && err != NULL;
    if (!e) fprintf(stderr, "edit made invalid JSON: %s\n", edited);
    free(err);
    free(edited);
    cJSON_Delete(e);
    return refused;
}

static char *render(cJSON **docs, int n, const int *order, const char *fmt)
{
    wz_totals *t = wz_totals_create();
    for (int i = 0; i < n; i++) {
        char *err = NULL;
        if (wz_totals_add_snapshot(t, docs[order[i]], &err) != 0) {
            fprintf(stderr, "add: %s\n", err);
            free(err);
        }
    }
    char *s = wz_totals_render(t, fmt);
    wz_totals_destroy(t);
    return s;
}

int main(void)
{
    WZ_TEST("a counted day renders as a valid snapshot");
    cJSON *d = make_doc("leics-wz-01", "2026-11-28", 1);
    char *err = NULL;
    WZ_CHECK_INT(wz_snapshot_validate(d, &err), 0);
    if (err) fprintf(stderr, "%s\n", err);
    free(err);
    cJSON_Delete(d);

    WZ_TEST("the snapshot writer's text parses and prints back byte for byte");
    {
        wz_totals *t = wz_totals_create();
        wz_totals_count_session(t, 3, "8-11", "en", 1);
        wz_totals_count_help(t, "say \"hi\" \\ there");
        wz_totals_count_choice(t, "IFID-\xc3\xa9", "8-11", "P\"q", 12345, "T\\", "safe");
        wz_totals_count_choice(t, "IFID-\xc3\xa9", "8-11", "P", 2, "T", "risky");
        wz_totals_count_ending(t, "IFID-B", "16+", "mixed", 2000000);
        cJSON *viac = wz_snapshot_doc(t, "k-1", NULL, "2026-11-28", 7);
        char *a = cJSON_PrintUnformatted(viac);
        char *b = wz_snapshot_json(t, "k-1", NULL, "2026-11-28", 7);
        WZ_CHECK_STR(b, a);
        cJSON_free(a);
        free(b);
        cJSON_Delete(viac);
        wz_totals_destroy(t);
    }

    WZ_TEST("every contract rule refuses a document that breaks it");
    WZ_CHECK(refused_after("\"schema\":1", "\"schema\":2"));
    WZ_CHECK(refused_after("\"kiosk_id\":\"k1\"", "\"kiosk_id\":\"k 1\""));
    WZ_CHECK(refused_after("\"kiosk_id\":\"k1\"", "\"kiosk_id\":\"\""));
    WZ_CHECK(refused_after("\"day\":\"2026-11-28\"", "\"day\":\"2026-02-30\""));
    WZ_CHECK(refused_after("\"day\":\"2026-11-28\"", "\"day\":\"28/11/2026\""));
    WZ_CHECK(refused_after("\"revision\":1", "\"revision\":0"));
    WZ_CHECK(refused_after("\"sessions\":4", "\"sessions\":5")); /* hours no longer add up */
    WZ_CHECK(refused_after("\"sessions\":4", "\"sessions\":-4"));
    WZ_CHECK(refused_after("\"sessions\":4", "\"sessions\":4.5"));
    WZ_CHECK(refused_after("\"sessions\":4", "\"sessions\":\"4\""));
    WZ_CHECK(refused_after("\"sessions\":4", "\"sessions\":4,\"visitor_name\":\"Sam\""));
    WZ_CHECK(refused_after("\"visits_by_hour\":[0,", "\"visits_by_hour\":["));
    WZ_CHECK(refused_after("\"duration_limits_s\":[15,", "\"duration_limits_s\":[10,"));
    WZ_CHECK(refused_after("\"help\":{\"menu\":1}", "\"help\":{\"menu\":1,\"menu\":2}"));
    WZ_CHECK(refused_after("\"help\":{\"menu\":1}", "\"help\":{\"me\\nnu\":1}"));
    WZ_CHECK(refused_after("\"help\":{\"menu\":1}", "\"help\":[]"));
    WZ_CHECK(refused_after("\"ifid\":\"IFID-A\"", "\"ifid\":\"\""));
    WZ_CHECK(refused_after("\"ifid\":\"IFID-A\"", "\"ifid\":\"IFID-\\u0001\""));
    WZ_CHECK(refused_after("\"ifid\":\"IFID-B\"", "\"ifid\":\"IFID-A\",\"x\":1"));
    WZ_CHECK(refused_after("\"ifid\":\"IFID-B\",\"audience\":\"12-15\"",
                           "\"ifid\":\"IFID-A\",\"audience\":\"8-11\"")); /* listed twice */
    WZ_CHECK(refused_after("\"class\":\"risky\"", "\"class\":\"dangerous\""));
    WZ_CHECK(refused_after("\"index\":0", "\"index\":-1"));
    WZ_CHECK(refused_after("\"target\":\"Took gems\"", "\"target\":\"Said no\",\"x\":0"));
    WZ_CHECK(refused_after("\"passage\":\"Lobby\",\"index\":0,\"target\":\"Took gems\","
                           "\"class\":\"risky\"",
                           "\"passage\":\"Lobby\",\"index\":1,\"target\":\"Said no\","
                           "\"class\":\"safe\"")); /* the same decision twice */
    WZ_CHECK(refused_after("\"endings\":{\"safe\":1,", "\"endings\":{"));
    WZ_CHECK(refused_after("\"spot\":{\"found\":2", "\"spot\":{\"found\":1e12"));
    {
        char longname[WZ_SNAPSHOT_MAX_STRING + 10];
        memset(longname, 'a', sizeof longname - 1);
        longname[sizeof longname - 1] = '\0';
        char *rep = wz_xasprintf("\"passage\":\"%s\"", longname);
        WZ_CHECK(refused_after("\"passage\":\"Lobby\"", rep));
        free(rep);
    }
    WZ_CHECK(refused_after("\"passage\":\"Lobby\"", "\"passage\":\"\xff\""));
    {
        cJSON *arr = cJSON_CreateArray();
        WZ_CHECK(wz_snapshot_validate(arr, NULL) != 0);
        cJSON_Delete(arr);
    }

    WZ_TEST("labels are cleaned when counted: control characters, bad UTF-8, length");
    {
        wz_totals *t = wz_totals_create();
        char longname[400];
        memset(longname, 'x', sizeof longname - 1);
        longname[sizeof longname - 1] = '\0';
        wz_totals_count_help(t, "bad\nline");
        wz_totals_count_help(t, "\xff\xfe");
        wz_totals_count_help(t, longname);
        wz_totals_count_help(t, NULL);
        wz_totals_count_choice(t, "I", NULL, "P", 0, "T", "weird-class");
        cJSON *s = wz_snapshot_doc(t, "k", NULL, "2026-01-01", 1);
        WZ_CHECK_INT(wz_snapshot_validate(s, NULL), 0);
        cJSON *help = cJSON_GetObjectItem(s, "help");
        WZ_CHECK(cJSON_GetObjectItem(help, "bad?line") != NULL);
        WZ_CHECK(cJSON_GetObjectItem(help, "??") != NULL);
        WZ_CHECK(cJSON_GetObjectItem(help, "unknown") != NULL);
        cJSON *c0 = cJSON_GetArrayItem(
            cJSON_GetObjectItem(cJSON_GetArrayItem(cJSON_GetObjectItem(s, "scenarios"), 0),
                                "choices"),
            0);
        WZ_CHECK_STR(cJSON_GetObjectItem(c0, "class")->valuestring, "neutral");
        cJSON_Delete(s);
        wz_totals_destroy(t);
    }

    WZ_TEST("totals add up across kiosks and days, whatever the order");
    cJSON *docs[3] = {make_doc("k1", "2026-11-27", 1), make_doc("k1", "2026-11-28", 2),
                      make_doc("k2", "2026-11-28", 3)};
    const int fwd[3] = {0, 1, 2}, rev[3] = {2, 1, 0};
    const char *fmts[3] = {"json", "csv", "text"};
    for (int f = 0; f < 3; f++) {
        char *a = render(docs, 3, fwd, fmts[f]), *b = render(docs, 3, rev, fmts[f]);
        WZ_CHECK(a && b && strcmp(a, b) == 0);
        free(a);
        free(b);
    }
    {
        wz_totals *t = wz_totals_create();
        for (int i = 0; i < 3; i++)
            WZ_CHECK_INT(wz_totals_add_snapshot(t, docs[i], NULL), 0);
        cJSON *j = wz_totals_to_json(t);
        /* sessions: (3+1) + (6+1) + (9+1) */
        WZ_CHECK_INT(cJSON_GetObjectItem(j, "sessions")->valuedouble, 21);
        WZ_CHECK_INT(cJSON_GetObjectItem(j, "kiosks")->valuedouble, 2);
        WZ_CHECK_INT(cJSON_GetObjectItem(j, "days")->valuedouble, 2);
        WZ_CHECK_INT(cJSON_GetObjectItem(j, "snapshots")->valuedouble, 3);
        WZ_CHECK_STR(cJSON_GetObjectItem(j, "first_day")->valuestring, "2026-11-27");
        WZ_CHECK_INT(cJSON_GetArrayItem(cJSON_GetObjectItem(j, "visits_by_hour"), 10)->valuedouble,
                     18);
        cJSON *sc = cJSON_GetObjectItem(j, "scenarios");
        WZ_CHECK_INT(cJSON_GetArraySize(sc), 2);
        cJSON *a = cJSON_GetArrayItem(sc, 0);
        WZ_CHECK_STR(cJSON_GetObjectItem(a, "ifid")->valuestring, "IFID-A");
        WZ_CHECK_INT(cJSON_GetObjectItem(a, "started")->valuedouble, 12);
        WZ_CHECK_INT(cJSON_GetObjectItem(a, "completed")->valuedouble, 3);
        WZ_CHECK_INT(cJSON_GetObjectItem(a, "abandoned")->valuedouble, 3);
        WZ_CHECK_INT(cJSON_GetObjectItem(cJSON_GetObjectItem(a, "endings"), "safe")->valuedouble,
                     3);
        WZ_CHECK_INT(cJSON_GetObjectItem(a, "median_duration_s")->valuedouble, 105);
        cJSON *ch = cJSON_GetObjectItem(a, "choices");
        WZ_CHECK_INT(cJSON_GetArraySize(ch), 2);
        WZ_CHECK_INT(cJSON_GetObjectItem(cJSON_GetArrayItem(ch, 1), "count")->valuedouble, 6);
        WZ_CHECK_STR(cJSON_GetObjectItem(cJSON_GetArrayItem(ch, 1), "target")->valuestring,
                     "Said no");
        WZ_CHECK_INT(cJSON_GetObjectItem(cJSON_GetObjectItem(a, "spot"), "found")->valuedouble, 6);
        WZ_CHECK_INT(cJSON_GetArraySize(cJSON_GetObjectItem(a, "by_audience")), 1);
        cJSON_Delete(j);

        WZ_TEST("the same kiosk and day twice is refused and changes nothing");
        char *before = wz_totals_render(t, "json");
        char *e2 = NULL;
        WZ_CHECK(wz_totals_add_snapshot(t, docs[1], &e2) != 0);
        WZ_CHECK(e2 != NULL);
        free(e2);
        char *after = wz_totals_render(t, "json");
        WZ_CHECK_STR(after, before);
        free(before);
        WZ_CHECK(wz_totals_render(t, "xml") == NULL);
        WZ_TEST("titles name scenarios in the text only");
        wz_totals_set_title(t, "IFID-A", "The Gift in the Game");
        wz_totals_set_title(t, "IFID-A", "The Gift in the Game"); /* twice: replaced */
        char *txt = wz_totals_render(t, "text");
        char *js = wz_totals_render(t, "json");
        WZ_CHECK(txt && strstr(txt, "The Gift in the Game (IFID-A)"));
        WZ_CHECK(js && !strstr(js, "Gift"));
        WZ_CHECK_STR(js, after);
        free(txt);
        free(js);
        free(after);
        wz_totals_destroy(t);
    }
    for (int i = 0; i < 3; i++)
        cJSON_Delete(docs[i]);

    WZ_TEST("instance: optional, 32 lower-case hex digits; the key is (kiosk, instance, day)");
    {
        const char *i1 = "0123456789abcdef0123456789abcdef",
                   *i2 = "fedcba9876543210fedcba9876543210";
        WZ_CHECK(wz_snapshot_instance_ok(i1));
        WZ_CHECK(!wz_snapshot_instance_ok("0123456789ABCDEF0123456789abcdef"));
        WZ_CHECK(!wz_snapshot_instance_ok("0123456789abcdef0123456789abcde"));
        WZ_CHECK(!wz_snapshot_instance_ok("0123456789abcdef0123456789abcdef0"));
        WZ_CHECK(!wz_snapshot_instance_ok("0123456789abcdef0123456789abcdeg"));
        WZ_CHECK(!wz_snapshot_instance_ok(""));
        WZ_CHECK(!wz_snapshot_instance_ok(NULL));
        WZ_CHECK(refused_after("\"day\":", "\"instance\":\"\",\"day\":"));
        WZ_CHECK(refused_after("\"day\":", "\"instance\":17,\"day\":"));
        WZ_CHECK(refused_after("\"day\":", "\"instance\":\"0123456789ABCDEF0123456789abcdef\","
                                           "\"day\":"));
        WZ_CHECK(refused_after("\"day\":", "\"instance\":\"0123456789abcdef0123456789abcdef\","
                                           "\"instance\":\"0123456789abcdef0123456789abcdef\","
                                           "\"day\":"));
        WZ_CHECK(!refused_after("\"day\":", "\"instance\":\"0123456789abcdef0123456789abcdef\","
                                            "\"day\":"));
        /* the direct writer and cJSON agree byte for byte, instance included */
        wz_totals *one = wz_totals_create();
        wz_totals_count_session(one, 9, "8-11", "en", 0);
        cJSON *viac = wz_snapshot_doc(one, "k1", i1, "2026-11-28", 3);
        char *a = cJSON_PrintUnformatted(viac);
        char *b = wz_snapshot_json(one, "k1", i1, "2026-11-28", 3);
        WZ_CHECK_STR(b, a);
        const char *lead = "{\"schema\":1,\"kiosk_id\":\"k1\",\"instance\":\"";
        WZ_CHECK(strncmp(b, lead, strlen(lead)) == 0);
        WZ_CHECK_STR(wz_snapshot_instance(viac), i1);
        char *c = wz_snapshot_json(one, "k1", "", "2026-11-28", 3);
        char *plain = wz_snapshot_json(one, "k1", NULL, "2026-11-28", 3);
        WZ_CHECK_STR(c, plain);
        WZ_CHECK(strstr(c, "instance") == NULL);
        cJSON *old = cJSON_Parse(plain), *other = wz_snapshot_doc(one, "k1", i2, "2026-11-28", 1);
        WZ_CHECK_STR(wz_snapshot_instance(old), "");
        /* the same day from three database files of one kiosk (none, i1, i2): all counted */
        wz_totals *t = wz_totals_create();
        WZ_CHECK_INT(wz_totals_add_snapshot(t, old, NULL), 0);
        WZ_CHECK_INT(wz_totals_add_snapshot(t, viac, NULL), 0);
        WZ_CHECK_INT(wz_totals_add_snapshot(t, other, NULL), 0);
        char *e = NULL;
        WZ_CHECK(wz_totals_add_snapshot(t, viac, &e) != 0 && e != NULL); /* same key twice */
        free(e);
        e = NULL;
        WZ_CHECK(wz_totals_add_snapshot(t, old, &e) != 0 && e != NULL);
        free(e);
        cJSON *j = wz_totals_to_json(t);
        WZ_CHECK_INT(cJSON_GetObjectItem(j, "sessions")->valuedouble, 3);
        WZ_CHECK_INT(cJSON_GetObjectItem(j, "snapshots")->valuedouble, 3);
        WZ_CHECK_INT(cJSON_GetObjectItem(j, "kiosks")->valuedouble, 1);
        WZ_CHECK_INT(cJSON_GetObjectItem(j, "days")->valuedouble, 1);
        cJSON_Delete(j);
        wz_totals_destroy(t);
        cJSON_Delete(old);
        cJSON_Delete(other);
        cJSON_Delete(viac);
        cJSON_free(a);
        free(b);
        free(c);
        free(plain);
        wz_totals_destroy(one);
    }

    WZ_TEST("an empty tally renders zeros in every format");
    {
        wz_totals *t = wz_totals_create();
        WZ_CHECK(wz_totals_empty(t));
        char *j = wz_totals_render(t, "json");
        WZ_CHECK(j && strstr(j, "\"sessions\":0") && strstr(j, "\"scenarios\":[]"));
        WZ_CHECK(j && strstr(j, "\"first_day\":null"));
        free(j);
        char *c = wz_totals_render(t, "csv");
        const char *hdr = "metric,ifid,audience,key,passage,choice_index,target,class,value\r\n";
        WZ_CHECK(c && strncmp(c, hdr, strlen(hdr)) == 0);
        free(c);
        char *x = wz_totals_render(t, NULL);
        WZ_CHECK(x && strstr(x, "no data"));
        free(x);
        wz_totals_destroy(t);
    }

    WZ_TEST("medians from duration buckets");
    {
        long long h[WZ_DURATION_BUCKETS] = {0};
        WZ_CHECK_INT(wz_totals_duration_median_s(h), -1);
        h[wz_totals_duration_bucket(95000)] = 1; /* 90..120: the one value sits mid-bucket */
        WZ_CHECK_INT(wz_totals_duration_median_s(h), 105);
        h[wz_totals_duration_bucket(5000)] += 2; /* 0..15 twice: lower median is the 2nd of 3 */
        WZ_CHECK_INT(wz_totals_duration_median_s(h), 11);
        memset(h, 0, sizeof h);
        h[WZ_DURATION_BUCKETS - 1] = 5; /* over 20 minutes: reported as 1200 */
        WZ_CHECK_INT(wz_totals_duration_median_s(h), 1200);
        WZ_CHECK_INT(wz_totals_duration_bucket(-5), 0);
        WZ_CHECK_INT(wz_totals_duration_bucket(14999), 0);
        WZ_CHECK_INT(wz_totals_duration_bucket(15000), 1);
        WZ_CHECK_INT(wz_totals_duration_bucket(99999999), WZ_DURATION_BUCKETS - 1);
    }

    WZ_TEST("CSV fields follow RFC 4180 and never start a formula");
    {
        const char *in[] = {"plain", "a,b", "say \"hi\"", "two\nlines", "=1+1", "-2", "@x", ""};
        const char *want[] = {"plain",          "\"a,b\"",   "\"say \"\"hi\"\"\"",
                              "\"two\nlines\"", "\"'=1+1\"", "\"'-2\"",
                              "\"'@x\"",        ""};
        for (size_t i = 0; i < sizeof in / sizeof in[0]; i++) {
            wz_buf b;
            wz_buf_init(&b, 0);
            wz_buf_put_csv(&b, in[i]);
            wz_buf_putc(&b, '\0');
            WZ_CHECK_STR(b.data, want[i]);
            wz_buf_free(&b);
        }
    }

    WZ_TEST("kiosk ids and days");
    WZ_CHECK(wz_snapshot_kiosk_id_ok("leics-wz_01"));
    WZ_CHECK(!wz_snapshot_kiosk_id_ok("leics/wz"));
    WZ_CHECK(wz_snapshot_day_ok("2024-02-29"));
    WZ_CHECK(!wz_snapshot_day_ok("2023-02-29"));
    WZ_CHECK(!wz_snapshot_day_ok("2023-13-01"));
    WZ_CHECK(!wz_snapshot_day_ok("2023-1-011"));
    WZ_TEST("\"I'm worried\" presses: written only on a day with presses, checked, added up");
    {
        cJSON *plain = make_doc("k1", "2026-11-26", 1); /* an old kiosk's snapshot */
        WZ_CHECK(cJSON_GetObjectItem(plain, "worried") == NULL);
        WZ_CHECK_INT(wz_snapshot_validate(plain, NULL), 0);
        wz_totals *t = wz_totals_create();
        wz_totals_count_session(t, 10, "8-11", "en", 0);
        wz_totals_count_worried_n(t, "player", 3);
        wz_totals_count_worried_n(t, "menu", 1);
        cJSON *s = wz_snapshot_doc(t, "k1", NULL, "2026-11-27", 1);
        wz_totals_destroy(t);
        WZ_CHECK_INT(wz_snapshot_validate(s, NULL), 0);
        WZ_CHECK_INT(cJSON_GetObjectItem(cJSON_GetObjectItem(s, "worried"), "player")->valuedouble,
                     3);
        t = wz_totals_create();
        WZ_CHECK_INT(wz_totals_add_snapshot(t, plain, NULL), 0);
        WZ_CHECK_INT(wz_totals_add_snapshot(t, s, NULL), 0);
        cJSON *j = wz_totals_to_json(t);
        WZ_CHECK_INT(cJSON_GetObjectItem(cJSON_GetObjectItem(j, "worried"), "player")->valuedouble,
                     3);
        char *text = wz_totals_render(t, "text");
        WZ_CHECK(text && strstr(text, "\"I'm worried\" pressed (by screen): menu 1, player 3"));
        free(text);
        cJSON_Delete(j);
        wz_totals_destroy(t);
        cJSON_ReplaceItemInObject(s, "worried", cJSON_CreateArray());
        WZ_CHECK(wz_snapshot_validate(s, NULL) != 0);
        cJSON_ReplaceItemInObject(s, "worried", cJSON_Parse("{\"menu\":-1}"));
        WZ_CHECK(wz_snapshot_validate(s, NULL) != 0);
        cJSON_Delete(s);
        cJSON_Delete(plain);
    }
    WZ_TEST("group visits: written only on a day with groups, checked, added up, apart");
    {
        cJSON *plain = make_doc("k1", "2026-11-26", 1);
        WZ_CHECK(cJSON_GetObjectItem(plain, "groups") == NULL);
        wz_totals *t = wz_totals_create();
        wz_totals_count_session(t, 10, "8-11", "en", 0);
        wz_totals_count_group_n(t, "21-35", 2);
        wz_totals_count_group_n(t, "6-10", 1);
        cJSON *s = wz_snapshot_doc(t, "k1", NULL, "2026-11-27", 1);
        wz_totals_destroy(t);
        WZ_CHECK_INT(wz_snapshot_validate(s, NULL), 0);
        WZ_CHECK_INT(cJSON_GetObjectItem(s, "sessions")->valuedouble, 1);
        WZ_CHECK_INT(cJSON_GetObjectItem(cJSON_GetObjectItem(s, "groups"), "21-35")->valuedouble,
                     2);
        t = wz_totals_create();
        WZ_CHECK_INT(wz_totals_add_snapshot(t, plain, NULL), 0);
        WZ_CHECK_INT(wz_totals_add_snapshot(t, s, NULL), 0);
        cJSON *j = wz_totals_to_json(t);
        WZ_CHECK_INT(cJSON_GetObjectItem(j, "sessions")->valuedouble,
                     cJSON_GetObjectItem(plain, "sessions")->valuedouble + 1); /* not groups */
        WZ_CHECK_INT(cJSON_GetObjectItem(cJSON_GetObjectItem(j, "groups"), "21-35")->valuedouble,
                     2);
        char *text = wz_totals_render(t, "text");
        WZ_CHECK(text && strstr(text, "Group visits (by group size): 21-35 2, 6-10 1"));
        free(text);
        cJSON_Delete(j);
        wz_totals_destroy(t);
        cJSON_ReplaceItemInObject(s, "groups", cJSON_CreateString("many"));
        WZ_CHECK(wz_snapshot_validate(s, NULL) != 0);
        cJSON_ReplaceItemInObject(s, "groups", cJSON_Parse("{\"2-5\":-3}"));
        WZ_CHECK(wz_snapshot_validate(s, NULL) != 0);
        cJSON_Delete(s);
        cJSON_Delete(plain);
    }

    WZ_TEST_END();
}

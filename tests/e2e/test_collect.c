/*
 * test_collect: the collector's request handling without HTTP (wz_collect.h): which
 * status each kind of bad request gets, the plausibility rules, the upsert rules
 * (stored / unchanged / older / 409), group commit isolating a refused request from the
 * others in the same transaction, the constant-time token comparison, and that the
 * report's JSON is exactly what wz_totals makes of the same snapshots. Then the rules
 * that keep figures from being forged: figures that disagree, revisions past the
 * ceiling, too many instances a day, tokens (strength, kiosk binding, issuing), the
 * back-off after wrong tokens, and report labels cut on character boundaries.
 */
#include "wz_test.h"

#include "wz_collect.h"
#include "wz_collect_backoff.h"
#include "wz_collect_board.h"
#include "wz_collect_figures.h"
#include "wz_collect_report.h"
#include "wz_collect_tokens.h"
#include "wz_totals.h"
#include "wz_util.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static char *snapshot_in(const char *kiosk, const char *instance, const char *day, long long rev,
                         int sessions)
{
    wz_totals *t = wz_totals_create();
    for (int i = 0; i < sessions; i++) {
        wz_totals_count_session(t, 10, "12-15", "en", 0);
        wz_totals_count_started(t, "0A1B2C3D-0000-4000-8000-0000000000C1", "12-15");
        wz_totals_count_choice(t, "0A1B2C3D-0000-4000-8000-0000000000C1", "12-15", "Decision 1",
                               i % 2, i % 2 ? "Reply" : "Block", i % 2 ? "risky" : "safe");
    }
    cJSON *d = wz_snapshot_doc(t, kiosk, instance, day, rev);
    char *s = cJSON_PrintUnformatted(d);
    cJSON_Delete(d);
    wz_totals_destroy(t);
    return s;
}

/* The report page with the default query (everything, by month, all kiosks). */
static char *board_page(sqlite3 *db, time_t now)
{
    wz_collect_query q;
    wz_collect_query_init(&q);
    return wz_collect_board_make(db, now, &q, NULL);
}

static char *snapshot(const char *kiosk, const char *day, long long rev, int sessions)
{
    return snapshot_in(kiosk, NULL, day, rev, sessions);
}

/* Parses and stores body; returns the outcome of its first snapshot, or -status. */
static int store_one(sqlite3 *db, const char *body, time_t now)
{
    wz_collect_request *r = NULL;
    wz_collect_error e = {0};
    wz_collect_outcome oc[4] = {0};
    int rc;
    if (wz_collect_parse(body, strlen(body), "application/json", now, &r, &e) != 0)
        rc = -e.status;
    else
        rc = wz_collect_store(db, r, oc, &e) == 0 ? (int)oc[0] : -e.status;
    wz_collect_request_free(r);
    return rc;
}

static char *request(const char *kiosk, char **snaps, int n)
{
    wz_buf b;
    wz_buf_init(&b, 0);
    wz_buf_printf(&b, "{\"schema\":1,\"kiosk_id\":\"%s\",\"snapshots\":[", kiosk);
    for (int i = 0; i < n; i++) {
        if (i) wz_buf_putc(&b, ',');
        wz_buf_puts(&b, snaps[i]);
    }
    wz_buf_puts(&b, "]}");
    return wz_buf_steal(&b);
}

static int parse_status(const char *body, const char *ct, time_t now)
{
    wz_collect_request *r = NULL;
    wz_collect_error e = {0};
    if (wz_collect_parse(body, strlen(body), ct, now, &r, &e) == 0) {
        wz_collect_request_free(r);
        return 200;
    }
    return e.status;
}

/* snap with one field changed (path: "a" or "scenarios.0.b" or "x.y"), as a request for
 * kiosk k1; returns the parse status and the message in msg. */
static int status_with(const char *snap, const char *path, double value, char *msg, size_t n,
                       time_t now)
{
    cJSON *d = cJSON_Parse(snap);
    cJSON *o = d;
    char buf[128];
    snprintf(buf, sizeof buf, "%s", path);
    char *key = buf;
    for (char *dot; (dot = strchr(key, '.')); key = dot + 1) {
        *dot = '\0';
        cJSON *next = cJSON_GetObjectItemCaseSensitive(o, key);
        o = next ? next : cJSON_GetArrayItem(o, (int)strtol(key, NULL, 10));
    }
    if (cJSON_IsArray(o))
        cJSON_ReplaceItemInArray(o, (int)strtol(key, NULL, 10), cJSON_CreateNumber(value));
    else
        cJSON_ReplaceItemInObjectCaseSensitive(o, key, cJSON_CreateNumber(value));
    char *s = cJSON_PrintUnformatted(d);
    cJSON_Delete(d);
    char *body = request("k1", &s, 1);
    wz_collect_request *r = NULL;
    wz_collect_error e = {0};
    int rc =
        wz_collect_parse(body, strlen(body), "application/json", now, &r, &e) == 0 ? 200 : e.status;
    snprintf(msg, n, "%s", rc == 200 ? "" : e.message);
    wz_collect_request_free(r);
    free(body);
    cJSON_free(s);
    return rc;
}

/* A snapshot whose scenario entry has 3 starts, 2 endings (safe, risky), 1 abandon. */
static char *played(const char *day, long long rev)
{
    wz_totals *t = wz_totals_create();
    const char *ifid = "0A1B2C3D-0000-4000-8000-0000000000C1";
    for (int i = 0; i < 3; i++) {
        wz_totals_count_session(t, 10, "12-15", "en", 0);
        wz_totals_count_started(t, ifid, "12-15");
        wz_totals_count_choice(t, ifid, "12-15", "Decision 1", 0, "Block", "safe");
    }
    wz_totals_count_ending(t, ifid, "12-15", "safe", 40000);
    wz_totals_count_ending(t, ifid, "12-15", "risky", 50000);
    wz_totals_count_abandon(t, ifid, "12-15");
    cJSON *d = wz_snapshot_doc(t, "k1", NULL, day, rev);
    char *s = cJSON_PrintUnformatted(d);
    cJSON_Delete(d);
    wz_totals_destroy(t);
    return s;
}

static void test_figures(time_t now)
{
    char msg[256];
    WZ_TEST("figures that disagree with each other are refused with 422, saying which");
    char *s = played("2025-12-01", 1);
    WZ_CHECK_INT(status_with(s, "sessions", 3, msg, sizeof msg, now), 200);
    WZ_CHECK_INT(status_with(s, "scenarios.0.completed", 9, msg, sizeof msg, now), 422);
    WZ_CHECK(strstr(msg, "completed") != NULL);
    WZ_CHECK_INT(status_with(s, "scenarios.0.endings.mixed", 4, msg, sizeof msg, now), 422);
    WZ_CHECK(strstr(msg, "endings") != NULL);
    WZ_CHECK_INT(status_with(s, "scenarios.0.durations.0", 5, msg, sizeof msg, now), 422);
    WZ_CHECK(strstr(msg, "durations") != NULL);
    WZ_CHECK_INT(status_with(s, "scenarios.0.abandoned", 6, msg, sizeof msg, now), 422);
    WZ_CHECK(strstr(msg, "abandoned") != NULL);
    WZ_CHECK_INT(status_with(s, "audiences.12-15", 4, msg, sizeof msg, now), 422);
    WZ_CHECK(strstr(msg, "audiences") != NULL);
    WZ_CHECK_INT(status_with(s, "languages.en", 9, msg, sizeof msg, now), 422);
    WZ_CHECK_INT(status_with(s, "easy_read_sessions", 4, msg, sizeof msg, now), 422);
    WZ_CHECK_INT(status_with(s, "session_durations.3", 6, msg, sizeof msg, now), 422);
    WZ_CHECK(strstr(msg, "visits ended") != NULL);
    wz_collect_error cut = {0};
    wz_collect_set_error(&cut, 422, 0, "x", "label %.4s!", "ab\xe2\x82\xac"); /* cut in the euro */
    WZ_CHECK_STR(cut.message, "label ab!");
    WZ_CHECK_INT(status_with(s, "scenarios.0.choices.0.count", 400000, msg, sizeof msg, now), 422);
    WZ_CHECK(strstr(msg, "taps") != NULL);
    /* one play crossing midnight: ended one more than started is fine */
    WZ_CHECK_INT(status_with(s, "scenarios.0.abandoned", 2, msg, sizeof msg, now), 200);

    WZ_TEST("a revision no kiosk could reach is refused; one it could is not");
    WZ_CHECK_INT(status_with(s, "revision", 9007199254740991.0, msg, sizeof msg, now), 422);
    WZ_CHECK(strstr(msg, "revision") != NULL);
    WZ_CHECK_INT(status_with(s, "revision", 1e6, msg, sizeof msg, now), 422);
    WZ_CHECK_INT(status_with(s, "revision", 120, msg, sizeof msg, now), 200);
    cJSON *d = cJSON_Parse(s);
    char *ferr = NULL;
    WZ_CHECK_INT(wz_collect_figures_check(d, &ferr), 0);
    cJSON_ReplaceItemInObjectCaseSensitive(d, "revision",
                                           cJSON_CreateNumber(2 * WZ_COLLECT_MAX_REVISION));
    WZ_CHECK_INT(wz_collect_figures_check(d, &ferr), -1);
    WZ_CHECK(ferr && strstr(ferr, "revision") != NULL);
    free(ferr);
    cJSON_Delete(d);
    free(s);
}

static void test_instances(sqlite3 *db, time_t now)
{
    WZ_TEST("at most WZ_COLLECT_MAX_INSTANCES database instances per kiosk and day");
    char inst[33];
    char *first = NULL;
    for (int i = 0; i <= WZ_COLLECT_MAX_INSTANCES; i++) {
        snprintf(inst, sizeof inst, "%032x", i + 1);
        char *sn = snapshot_in("k9", inst, "2025-10-10", 1, 1);
        char *rq = request("k9", &sn, 1);
        int want = i < WZ_COLLECT_MAX_INSTANCES ? WZ_COLLECT_STORED : -422;
        WZ_CHECK_INT(store_one(db, rq, now), want);
        if (!first) first = wz_xstrdup(rq);
        free(sn);
        free(rq);
    }
    WZ_CHECK_INT(store_one(db, first, now), WZ_COLLECT_UNCHANGED); /* a known one still goes */
    char *next_day = snapshot_in("k9", inst, "2025-10-11", 1, 1);
    char *rq = request("k9", &next_day, 1);
    WZ_CHECK_INT(store_one(db, rq, now), WZ_COLLECT_STORED); /* the limit is per day */
    free(next_day);
    free(rq);
    free(first);
}

static void write_mode(const char *path, const char *text, mode_t mode)
{
    WZ_CHECK(wz_write_file_atomic(path, text, strlen(text)) == 0);
    chmod(path, mode);
}

static void test_tokens(const char *dir)
{
    WZ_TEST("tokens: 128 bits at least, owner-only file, one kiosk each");
    WZ_CHECK(wz_collect_token_strong("0123456789abcdef0123456789abcdef")); /* 32 hex */
    WZ_CHECK(!wz_collect_token_strong("0123456789abcdef0123456789abcde")); /* 31 hex */
    WZ_CHECK(wz_collect_token_strong("Zm9vYmFyYmF6cXV4cXV1eA"));           /* 22 base64 */
    WZ_CHECK(!wz_collect_token_strong("Zm9vYmFyYmF6cXV4cXV1e"));           /* 21 */
    WZ_CHECK(!wz_collect_token_strong("x"));
    WZ_CHECK(!wz_collect_token_strong("has a space in it, long enough"));
    char *path = wz_path_join(dir, "tokens");
    char *err = NULL;
    write_mode(path, "short kiosk-a\n", 0600);
    WZ_CHECK(wz_collect_tokens_load(path, &err) == NULL);
    WZ_CHECK(err && strstr(err, "line 1") && strstr(err, "128 bits"));
    free(err);
    err = NULL;
    const char *good = "# fleet\n0123456789abcdef0123456789abcdef kiosk-a\n"
                       "Zm9vYmFyYmF6cXV4cXV1eA\n";
    write_mode(path, good, 0644);
    WZ_CHECK(wz_collect_tokens_load(path, &err) == NULL);
    WZ_CHECK(err && strstr(err, "chmod 600"));
    free(err);
    err = NULL;
    write_mode(path,
               "0123456789abcdef0123456789abcdef kiosk-a\n"
               "0123456789abcdef0123456789abcdef kiosk-b\n",
               0600);
    WZ_CHECK(wz_collect_tokens_load(path, &err) == NULL);
    WZ_CHECK(err && strstr(err, "same token"));
    free(err);
    err = NULL;
    write_mode(path, good, 0600);
    wz_collect_tokens *t = wz_collect_tokens_load(path, &err);
    WZ_CHECK(t != NULL);
    WZ_CHECK_INT(wz_collect_tokens_count(t), 2);
    WZ_CHECK_INT(wz_collect_tokens_shared(t), 1);
    int a = wz_collect_tokens_match(t, "0123456789abcdef0123456789abcdef", 32);
    WZ_CHECK_INT(a, 0);
    WZ_CHECK(wz_collect_tokens_allows(t, a, "kiosk-a"));
    WZ_CHECK(!wz_collect_tokens_allows(t, a, "kiosk-b"));
    WZ_CHECK(wz_collect_tokens_allows(t, 1, "kiosk-b")); /* the shared one */
    WZ_CHECK_INT(wz_collect_tokens_match(t, "0123456789abcdef0123456789abcdeF", 32), -1);
    wz_collect_tokens_free(t);

    WZ_TEST("token add makes a 192-bit token bound to the kiosk, in a 0600 file");
    char *fresh = wz_path_join(dir, "fresh-tokens");
    char *tok = wz_collect_tokens_add(fresh, "kiosk-c", 0, &err);
    WZ_CHECK(tok && strlen(tok) == 2 * WZ_COLLECT_TOKEN_BYTES && wz_collect_token_strong(tok));
    struct stat st;
    WZ_CHECK(stat(fresh, &st) == 0 && (st.st_mode & 0777) == 0600);
    WZ_CHECK(wz_collect_tokens_add(fresh, "kiosk-c", 0, &err) == NULL); /* has one */
    WZ_CHECK(err && strstr(err, "--replace"));
    free(err);
    err = NULL;
    WZ_CHECK(wz_collect_tokens_add(fresh, "bad id!", 0, &err) == NULL);
    free(err);
    err = NULL;
    char *tok2 = wz_collect_tokens_add(fresh, "kiosk-d", 0, &err);
    char *tok3 = wz_collect_tokens_add(fresh, "kiosk-c", 1, &err); /* replaces kiosk-c's */
    t = wz_collect_tokens_load(fresh, &err);
    WZ_CHECK(t && wz_collect_tokens_count(t) == 2 && wz_collect_tokens_shared(t) == 0);
    WZ_CHECK_INT(wz_collect_tokens_match(t, tok, strlen(tok)), -1);
    int c = wz_collect_tokens_match(t, tok3, strlen(tok3));
    WZ_CHECK(c >= 0 && wz_collect_tokens_allows(t, c, "kiosk-c"));
    WZ_CHECK(!wz_collect_tokens_allows(t, c, "kiosk-d"));
    wz_collect_tokens_free(t);
    WZ_CHECK_INT(wz_collect_tokens_remove(fresh, "kiosk-d", &err), 0);
    WZ_CHECK_INT(wz_collect_tokens_remove(fresh, "kiosk-d", &err), 1);
    t = wz_collect_tokens_load(fresh, &err);
    WZ_CHECK(t && wz_collect_tokens_match(t, tok2, strlen(tok2)) == -1);
    wz_collect_tokens_free(t);
    unlink(fresh);
    unlink(path);
    free(tok);
    free(tok2);
    free(tok3);
    free(fresh);
    free(path);
}

static void test_backoff(void)
{
    WZ_TEST("wrong tokens are slowed per address, doubling, and forgotten");
    wz_collect_backoff *b = wz_collect_backoff_new();
    struct sockaddr_in x = {.sin_family = AF_INET}, y = {.sin_family = AF_INET};
    inet_pton(AF_INET, "192.0.2.1", &x.sin_addr);
    inet_pton(AF_INET, "192.0.2.2", &y.sin_addr);
    const struct sockaddr *ax = (const struct sockaddr *)&x, *ay = (const struct sockaddr *)&y;
    long long t = 1000000;
    for (int i = 0; i < WZ_COLLECT_BACKOFF_FREE; i++) {
        WZ_CHECK_INT(wz_collect_backoff_wait(b, ax, t), 0);
        wz_collect_backoff_failed(b, ax, t);
    }
    WZ_CHECK_INT(wz_collect_backoff_wait(b, ax, t), 0);
    wz_collect_backoff_failed(b, ax, t);
    WZ_CHECK_INT(wz_collect_backoff_wait(b, ax, t), 1);
    WZ_CHECK_INT(wz_collect_backoff_wait(b, ay, t), 0); /* another address: not slowed */
    t += 1000;
    wz_collect_backoff_failed(b, ax, t);
    WZ_CHECK_INT(wz_collect_backoff_wait(b, ax, t), 2);
    for (int i = 0; i < 20; i++)
        wz_collect_backoff_failed(b, ax, t);
    WZ_CHECK_INT(wz_collect_backoff_wait(b, ax, t), WZ_COLLECT_BACKOFF_MAX_S);
    WZ_CHECK_INT(wz_collect_backoff_wait(b, ax, t + 61000), 0);
    wz_collect_backoff_failed(b, ax, t + 61000); /* still remembered: slowed again */
    WZ_CHECK(wz_collect_backoff_wait(b, ax, t + 61000) > 0);
    wz_collect_backoff_passed(b, ax);
    WZ_CHECK_INT(wz_collect_backoff_wait(b, ax, t + 61000), 0);
    for (int i = 0; i < 10; i++)
        wz_collect_backoff_failed(b, ay, t);
    WZ_CHECK(wz_collect_backoff_wait(b, ay, t) > 0);
    wz_collect_backoff_failed(b, ay, t + (WZ_COLLECT_BACKOFF_FORGET_S + 1) * 1000LL);
    WZ_CHECK_INT(wz_collect_backoff_wait(b, ay, t + (WZ_COLLECT_BACKOFF_FORGET_S + 1) * 1000LL),
                 0); /* ten quiet minutes: a fresh start */
    wz_collect_backoff_free(b);
}

static void test_report_labels(sqlite3 *db, time_t now)
{
    WZ_TEST("report labels are cut between characters, never inside one");
    wz_totals *t = wz_totals_create();
    const char *ifid = "0A1B2C3D-0000-4000-8000-0000000000C2";
    char target[128] = "";
    for (int i = 0; i < 20; i++)
        memcpy(target + 3 * i, "\xe2\x82\xac", 4); /* EURO SIGN, 3 bytes */
    wz_totals_count_session(t, 10, "12-15", "en", 0);
    wz_totals_count_started(t, ifid, "12-15");
    wz_totals_count_choice(t, ifid, "12-15", "Decision 1", 0, target, "safe");
    cJSON *d = wz_snapshot_doc(t, "k8", NULL, "2025-09-09", 1);
    char *sn = cJSON_PrintUnformatted(d);
    cJSON_Delete(d);
    wz_totals_destroy(t);
    char *rq = request("k8", &sn, 1);
    WZ_CHECK_INT(store_one(db, rq, now), WZ_COLLECT_STORED);
    char *page = board_page(db, now);
    WZ_CHECK(page != NULL);
    WZ_CHECK(page && wz_utf8_check(page, strlen(page)) == strlen(page));
    WZ_CHECK(page && strstr(page, target) != NULL); /* whole in the table */
    free(page);
    free(sn);
    free(rq);
}

int main(void)
{
    const time_t now = 1767225600; /* 2026-01-01 */
    const char *json = "application/json";

    WZ_TEST("kiosk ids and plausible days");
    WZ_CHECK(wz_collect_kiosk_id_ok("leics-wz_01"));
    WZ_CHECK(!wz_collect_kiosk_id_ok(""));
    WZ_CHECK(!wz_collect_kiosk_id_ok("has space"));
    WZ_CHECK(!wz_collect_kiosk_id_ok("x/../y"));
    char long_id[70];
    memset(long_id, 'a', 65);
    long_id[65] = '\0';
    WZ_CHECK(!wz_collect_kiosk_id_ok(long_id));
    WZ_CHECK(wz_collect_day_ok("2025-12-31", now));
    WZ_CHECK(wz_collect_day_ok("2026-01-03", now));  /* two days ahead: time zones */
    WZ_CHECK(!wz_collect_day_ok("2026-01-04", now)); /* a kiosk clock in the future */
    WZ_CHECK(!wz_collect_day_ok("2019-12-31", now));
    WZ_CHECK(!wz_collect_day_ok("2025-02-29", now));
    WZ_CHECK(wz_collect_day_ok("2024-02-29", now));
    WZ_CHECK(!wz_collect_day_ok("2025-13-01", now));

    WZ_TEST("bad requests get the right status");
    char *s1 = snapshot("k1", "2025-12-01", 1, 3);
    char *ok = request("k1", &s1, 1);
    WZ_CHECK_INT(parse_status(ok, json, now), 200);
    WZ_CHECK_INT(parse_status(ok, "application/json; charset=utf-8", now), 200);
    WZ_CHECK_INT(parse_status(ok, "text/plain", now), 415);
    WZ_CHECK_INT(parse_status(ok, NULL, now), 415);
    WZ_CHECK_INT(parse_status("{\"schema\":1", json, now), 400);
    WZ_CHECK_INT(parse_status("[]", json, now), 400);
    WZ_CHECK_INT(parse_status("{} trailing", json, now), 400);
    WZ_CHECK_INT(parse_status("{\"schema\":2,\"kiosk_id\":\"k1\",\"snapshots\":[]}", json, now),
                 422);
    WZ_CHECK_INT(parse_status("{\"schema\":1,\"kiosk_id\":\"k 1\",\"snapshots\":[{}]}", json, now),
                 422);
    WZ_CHECK_INT(parse_status("{\"schema\":1,\"kiosk_id\":\"k1\",\"snapshots\":[]}", json, now),
                 422);
    char *other = request("k2", &s1, 1); /* snapshot says k1 */
    WZ_CHECK_INT(parse_status(other, json, now), 422);
    char *old_day = snapshot("k1", "2019-06-01", 1, 1);
    char *r_old = request("k1", &old_day, 1);
    WZ_CHECK_INT(parse_status(r_old, json, now), 422);
    char bad_utf8[] = "{\"schema\":1,\"kiosk_id\":\"k\xff\"}";
    WZ_CHECK_INT(parse_status(bad_utf8, json, now), 400);
    /* A negative count, and an unknown field: refused with the snapshot's index. */
    char *p = strstr(s1, "\"sessions\":3");
    WZ_CHECK(p != NULL);
    char *neg = wz_xasprintf("%.*s\"sessions\":-3%s", (int)(p - s1), s1, p + 12);
    char *two[2] = {s1, neg};
    char *r_neg = request("k1", two, 2);
    wz_collect_request *req = NULL;
    wz_collect_error e = {0};
    WZ_CHECK(wz_collect_parse(r_neg, strlen(r_neg), json, now, &req, &e) < 0);
    WZ_CHECK_INT(e.status, 422);
    WZ_CHECK_INT(e.index, 1);
    char *ej = wz_collect_error_json(&e);
    WZ_CHECK(strstr(ej, "\"index\":1") != NULL);
    free(ej);

    /* More visits in a day than a kiosk could have. */
    char *many = wz_xasprintf("%.*s\"sessions\":100001%s", (int)(p - s1), s1, p + 12);
    char *r_many = request("k1", &many, 1);
    WZ_CHECK(wz_collect_parse(r_many, strlen(r_many), json, now, &req, &e) < 0);
    WZ_CHECK_INT(e.status, 422);
    WZ_CHECK_STR(e.code, "bad_sessions");
    free(many);
    free(r_many);

    WZ_TEST("tokens compare in constant time and exactly");
    WZ_CHECK(wz_collect_token_eq("abc", 3, "abc"));
    WZ_CHECK(!wz_collect_token_eq("abd", 3, "abc"));
    WZ_CHECK(!wz_collect_token_eq("ab", 2, "abc"));
    WZ_CHECK(!wz_collect_token_eq("abcd", 4, "abc"));
    WZ_CHECK(!wz_collect_token_eq("", 0, ""));

    WZ_TEST("upserts keep the highest revision; same revision, other content is 409");
    char dbpath[] = "/tmp/wz-test-collect-XXXXXX";
    int fd = mkstemp(dbpath);
    close(fd);
    char *err = NULL;
    sqlite3 *db = wz_collect_db_open(dbpath, &err);
    WZ_CHECK(db != NULL);
    wz_collect_outcome oc[4];
    WZ_CHECK(wz_collect_parse(ok, strlen(ok), json, now, &req, &e) == 0);
    WZ_CHECK(wz_collect_store(db, req, oc, &e) == 0);
    WZ_CHECK_INT(oc[0], WZ_COLLECT_STORED);
    WZ_CHECK(wz_collect_store(db, req, oc, &e) == 0);
    WZ_CHECK_INT(oc[0], WZ_COLLECT_UNCHANGED);
    char *ans = wz_collect_ok_json(req, oc);
    WZ_CHECK(strstr(ans, "\"result\":\"unchanged\"") != NULL);
    free(ans);
    wz_collect_request_free(req);

    char *s1v2 = snapshot("k1", "2025-12-01", 2, 5);
    char *r2 = request("k1", &s1v2, 1);
    WZ_CHECK(wz_collect_parse(r2, strlen(r2), json, now, &req, &e) == 0);
    WZ_CHECK(wz_collect_store(db, req, oc, &e) == 0);
    WZ_CHECK_INT(oc[0], WZ_COLLECT_STORED);
    wz_collect_request_free(req);
    WZ_CHECK(wz_collect_parse(ok, strlen(ok), json, now, &req, &e) == 0); /* rev 1 again */
    WZ_CHECK(wz_collect_store(db, req, oc, &e) == 0);
    WZ_CHECK_INT(oc[0], WZ_COLLECT_OLDER);
    wz_collect_request_free(req);
    char *s1v2x = snapshot("k1", "2025-12-01", 2, 6); /* rev 2, other content */
    char *r2x = request("k1", &s1v2x, 1);
    WZ_CHECK(wz_collect_parse(r2x, strlen(r2x), json, now, &req, &e) == 0);
    WZ_CHECK(wz_collect_store(db, req, oc, &e) < 0);
    WZ_CHECK_INT(e.status, 409);
    WZ_CHECK_INT(e.index, 0);
    wz_collect_request_free(req);

    WZ_TEST("group commit: a refused request spoils none of the others");
    char *a = snapshot("k3", "2025-11-01", 1, 2), *b2 = snapshot("k4", "2025-11-02", 1, 4);
    char *ra = request("k3", &a, 1), *rb = request("k4", &b2, 1);
    wz_collect_request *reqs[3] = {NULL, NULL, NULL};
    WZ_CHECK(wz_collect_parse(ra, strlen(ra), json, now, &reqs[0], &e) == 0);
    WZ_CHECK(wz_collect_parse(r2x, strlen(r2x), json, now, &reqs[1], &e) == 0); /* 409 */
    WZ_CHECK(wz_collect_parse(rb, strlen(rb), json, now, &reqs[2], &e) == 0);
    wz_collect_outcome o0[1], o1[1], o2[1];
    wz_collect_outcome *ocs[3] = {o0, o1, o2};
    wz_collect_error errs[3];
    WZ_CHECK_INT(wz_collect_store_batch(db, reqs, ocs, errs, 3), 2);
    WZ_CHECK_INT(errs[0].status, 0);
    WZ_CHECK_INT(errs[1].status, 409);
    WZ_CHECK_INT(errs[2].status, 0);
    for (int i = 0; i < 3; i++)
        wz_collect_request_free(reqs[i]);

    WZ_TEST("the report is wz_totals over the stored snapshots");
    char *rep = wz_collect_report_totals(db, "json", &err);
    WZ_CHECK(rep != NULL);
    wz_totals *t = wz_totals_create();
    const char *docs[] = {s1v2, a, b2};
    for (int i = 0; i < 3; i++) {
        cJSON *d = cJSON_Parse(docs[i]);
        WZ_CHECK(wz_totals_add_snapshot(t, d, NULL) == 0);
        cJSON_Delete(d);
    }
    char *want = wz_totals_render(t, "json");
    WZ_CHECK_STR(rep, want);
    free(want);
    free(rep);
    wz_totals_destroy(t);
    char *page = board_page(db, now);
    WZ_CHECK(page != NULL && strstr(page, "id=\"chart-visits\"") != NULL);
    WZ_CHECK(page != NULL && strstr(page, "<script") == NULL);
    WZ_CHECK(page != NULL && strstr(page, "Reply") != NULL); /* a choice, by its target */
    free(page);

    WZ_TEST("instances: a database started afresh (revisions from 1 again) is a key of its own");
    {
        const char *i1 = "0123456789abcdef0123456789abcdef",
                   *i2 = "fedcba9876543210fedcba9876543210";
        /* k1 2025-12-01 is stored at revision 2 without an instance (an older kiosk) */
        char *n1 = snapshot_in("k1", i1, "2025-12-01", 1, 3);
        char *n1x = snapshot_in("k1", i1, "2025-12-01", 1, 4);
        char *n2 = snapshot_in("k1", i2, "2025-12-01", 1, 7);
        char *q1 = request("k1", &n1, 1), *q1x = request("k1", &n1x, 1),
             *q2 = request("k1", &n2, 1);
        WZ_CHECK_INT(store_one(db, q1, now), WZ_COLLECT_STORED); /* not "older" than rev 2 */
        WZ_CHECK_INT(store_one(db, q1, now), WZ_COLLECT_UNCHANGED);
        WZ_CHECK_INT(store_one(db, q1x, now), -409); /* 409 per key */
        WZ_CHECK_INT(store_one(db, q2, now), WZ_COLLECT_STORED);
        /* the request may name its instance; snapshots that carry one must agree */
        char *qa = wz_xasprintf("{\"schema\":1,\"kiosk_id\":\"k1\",\"instance\":\"%s\","
                                "\"snapshots\":[%s]}",
                                i1, n1);
        char *qb = wz_xasprintf("{\"schema\":1,\"kiosk_id\":\"k1\",\"instance\":\"%s\","
                                "\"snapshots\":[%s]}",
                                i2, n1);
        char *qc = wz_xasprintf("{\"schema\":1,\"kiosk_id\":\"k1\",\"instance\":\"ABC\","
                                "\"snapshots\":[%s]}",
                                n1);
        WZ_CHECK_INT(store_one(db, qa, now), WZ_COLLECT_UNCHANGED);
        /* a request naming its instance may carry a day stored before the kiosk had one:
         * that snapshot keeps its key (instance "") */
        char *qe = wz_xasprintf("{\"schema\":1,\"kiosk_id\":\"k1\",\"instance\":\"%s\","
                                "\"snapshots\":[%s]}",
                                i1, s1v2);
        WZ_CHECK_INT(store_one(db, qe, now), WZ_COLLECT_UNCHANGED);
        free(qe);
        WZ_CHECK_INT(store_one(db, qb, now), -422);
        WZ_CHECK_INT(store_one(db, qc, now), -422);
        char *bad = snapshot("k1", "2025-12-02", 1, 1);
        char *badi = wz_xasprintf("%.*s\"instance\":\"0123\",%s",
                                  (int)(strstr(bad, "\"day\"") - bad), bad, strstr(bad, "\"day\""));
        char *qd = request("k1", &badi, 1);
        WZ_CHECK_INT(store_one(db, qd, now), -422);
        char *r = wz_collect_report_totals(db, "json", &err);
        wz_totals *tt = wz_totals_create();
        const char *all[] = {s1v2, a, b2, n1, n2};
        for (int i = 0; i < 5; i++) {
            cJSON *d = cJSON_Parse(all[i]);
            WZ_CHECK(wz_totals_add_snapshot(tt, d, NULL) == 0);
            cJSON_Delete(d);
        }
        char *w = wz_totals_render(tt, "json");
        WZ_CHECK_STR(r, w);
        WZ_CHECK(r && strstr(r, "\"sessions\":21,")); /* 5 + 2 + 4 + 3 + 7 */
        free(w);
        free(r);
        wz_totals_destroy(tt);
        free(n1);
        free(n1x);
        free(n2);
        free(q1);
        free(q1x);
        free(q2);
        free(qa);
        free(qb);
        free(qc);
        free(bad);
        free(badi);
        free(qd);
    }

    WZ_TEST("a collector database from before instances is migrated: rows under instance \"\"");
    {
        char oldpath[] = "/tmp/wz-test-collect-old-XXXXXX";
        int ofd = mkstemp(oldpath);
        close(ofd);
        unlink(oldpath);
        sqlite3 *raw = NULL;
        sqlite3_open(oldpath, &raw);
        sqlite3_stmt *st = NULL;
        WZ_CHECK_INT(
            sqlite3_exec(raw,
                         "CREATE TABLE snapshots(kiosk_id TEXT NOT NULL, day TEXT NOT NULL,"
                         " revision INTEGER NOT NULL, body TEXT NOT NULL,"
                         " received_at INTEGER NOT NULL,"
                         " PRIMARY KEY(kiosk_id, day)) WITHOUT ROWID;",
                         NULL, NULL, NULL),
            SQLITE_OK);
        sqlite3_prepare_v2(raw, "INSERT INTO snapshots VALUES('k1', '2025-12-01', 2, ?1, 1)", -1,
                           &st, NULL);
        sqlite3_bind_text(st, 1, s1v2, -1, SQLITE_STATIC);
        WZ_CHECK_INT(sqlite3_step(st), SQLITE_DONE);
        sqlite3_finalize(st);
        sqlite3_close(raw);
        sqlite3 *odb = wz_collect_db_open(oldpath, &err);
        WZ_CHECK(odb != NULL);
        if (odb) {
            sqlite3_prepare_v2(odb, "SELECT count(*) FROM snapshots WHERE instance = ''", -1, &st,
                               NULL);
            WZ_CHECK(sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0) == 1);
            sqlite3_finalize(st);
            /* the same revision and body again: unchanged, so the row kept its key */
            char *again = request("k1", &s1v2, 1);
            WZ_CHECK_INT(store_one(odb, again, now), WZ_COLLECT_UNCHANGED);
            free(again);
            char *n1 = snapshot_in("k1", "0123456789abcdef0123456789abcdef", "2025-12-01", 1, 3);
            char *q1 = request("k1", &n1, 1);
            WZ_CHECK_INT(store_one(odb, q1, now), WZ_COLLECT_STORED);
            free(n1);
            free(q1);
            sqlite3_close(odb);
            /* opening again migrates nothing twice */
            odb = wz_collect_db_open(oldpath, &err);
            WZ_CHECK(odb != NULL);
            sqlite3_close(odb);
        }
        char *w1 = wz_xasprintf("%s-wal", oldpath), *w2 = wz_xasprintf("%s-shm", oldpath);
        unlink(oldpath);
        unlink(w1);
        unlink(w2);
        free(w1);
        free(w2);
    }

    test_figures(now);
    test_instances(db, now);
    test_report_labels(db, now);
    test_backoff();
    char dir[] = "/tmp/wz-test-collect-dir-XXXXXX";
    WZ_CHECK(mkdtemp(dir) != NULL);
    test_tokens(dir);
    rmdir(dir);

    sqlite3_close(db);
    unlink(dbpath);
    char *wal = wz_xasprintf("%s-wal", dbpath), *shm = wz_xasprintf("%s-shm", dbpath);
    unlink(wal);
    unlink(shm);
    free(wal);
    free(shm);
    free(s1);
    free(ok);
    free(other);
    free(old_day);
    free(r_old);
    free(neg);
    free(r_neg);
    free(s1v2);
    free(r2);
    free(s1v2x);
    free(r2x);
    free(a);
    free(b2);
    free(ra);
    free(rb);
    WZ_TEST_END();
}

/*
 * wz_snapshot: validating a snapshot document and writing one from a tally (see
 * wz_snapshot.h). Validation is strict (no unknown fields, every count a whole number in
 * bounds, no label twice) because the collector adds what it accepts to every report.
 */
#include "wz_snapshot.h"

#include "wz_totals_int.h"
#include "wz_totals_quiz.h"
#include "wz_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int wz_snapshot_kiosk_id_ok(const char *id)
{
    size_t n = id ? strlen(id) : 0;
    if (n < 1 || n > 64) return 0;
    for (size_t i = 0; i < n; i++) {
        char c = id[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_'))
            return 0;
    }
    return 1;
}

int wz_snapshot_instance_ok(const char *id)
{
    if (!id || strlen(id) != WZ_INSTANCE_HEX) return 0;
    for (size_t i = 0; i < WZ_INSTANCE_HEX; i++)
        if (!((id[i] >= '0' && id[i] <= '9') || (id[i] >= 'a' && id[i] <= 'f'))) return 0;
    return 1;
}

const char *wz_snapshot_instance(const cJSON *snapshot)
{
    const cJSON *in = cJSON_GetObjectItemCaseSensitive(snapshot, "instance");
    return cJSON_IsString(in) && in->valuestring ? in->valuestring : "";
}

int wz_snapshot_day_ok(const char *day)
{
    if (!day || strlen(day) != 10 || day[4] != '-' || day[7] != '-') return 0;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (day[i] < '0' || day[i] > '9')) return 0;
    int y = (day[0] - '0') * 1000 + (day[1] - '0') * 100 + (day[2] - '0') * 10 + (day[3] - '0');
    int m = (day[5] - '0') * 10 + (day[6] - '0');
    int d = (day[8] - '0') * 10 + (day[9] - '0');
    static const int mdays[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1970 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1]) return 0;
    if (m == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) return 0;
    return 1;
}

static int label_ok(const cJSON *v)
{
    if (!cJSON_IsString(v) || !v->valuestring) return 0;
    size_t n = strlen(v->valuestring);
    if (n == 0 || n > WZ_SNAPSHOT_MAX_STRING) return 0;
    if (wz_utf8_check(v->valuestring, n) != n) return 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)v->valuestring[i];
        if (c < 0x20 || c == 0x7f) return 0;
    }
    return 1;
}

static int count_ok(const cJSON *v, double max)
{
    return cJSON_IsNumber(v) && v->valuedouble >= 0 && v->valuedouble <= max &&
           v->valuedouble == (double)(long long)v->valuedouble;
}

/* Every field of obj is one of names, once; all are present except those whose bit is
 * set in optional. */
static int keys_ok_opt(const cJSON *obj, const char *const *names, size_t n, unsigned optional,
                       const char *where, char **err)
{
    unsigned seen = 0; /* n <= 32: one bit per allowed name */
    for (const cJSON *c = obj->child; c; c = c->next) {
        size_t k = 0;
        while (k < n && (!c->string || strcmp(c->string, names[k]) != 0))
            k++;
        if (k == n)
            return wz_fail(err, "snapshot: unexpected field \"%.60s\" in %s",
                           c->string ? c->string : "", where);
        if (seen & (1u << k))
            return wz_fail(err, "snapshot: field \"%.60s\" twice in %s", c->string, where);
        seen |= 1u << k;
    }
    for (size_t k = 0; k < n; k++)
        if (!(seen & (1u << k)) && !(optional & (1u << k)))
            return wz_fail(err, "snapshot: missing field \"%s\" in %s", names[k], where);
    return 0;
}

static int keys_ok(const cJSON *obj, const char *const *names, size_t n, const char *where,
                   char **err)
{
    return keys_ok_opt(obj, names, n, 0, where, err);
}

static int counts_array_ok(const cJSON *a, int n, const char *name, char **err)
{
    if (!cJSON_IsArray(a) || cJSON_GetArraySize(a) != n)
        return wz_fail(err, "snapshot: \"%s\" must be an array of the fixed size", name);
    for (const cJSON *c = a->child; c; c = c->next)
        if (!count_ok(c, WZ_SNAPSHOT_MAX_COUNT))
            return wz_fail(err, "snapshot: \"%s\" holds something that is not a count", name);
    return 0;
}

static int map_ok(const cJSON *m, const char *name, char **err)
{
    if (!cJSON_IsObject(m)) return wz_fail(err, "snapshot: \"%s\" must be an object", name);
    if (cJSON_GetArraySize(m) > WZ_SNAPSHOT_MAX_MAP)
        return wz_fail(err, "snapshot: \"%s\" has too many entries", name);
    for (const cJSON *c = m->child; c; c = c->next) {
        cJSON key = {0};
        key.type = cJSON_String;
        key.valuestring = c->string;
        if (!label_ok(&key)) return wz_fail(err, "snapshot: a bad label in \"%s\"", name);
        if (!count_ok(c, WZ_SNAPSHOT_MAX_COUNT))
            return wz_fail(err, "snapshot: \"%.60s\" in \"%s\" is not a count", c->string, name);
        for (const cJSON *d = m->child; d != c; d = d->next)
            if (strcmp(d->string, c->string) == 0)
                return wz_fail(err, "snapshot: \"%.60s\" twice in \"%s\"", c->string, name);
    }
    return 0;
}

static int is_colour(const cJSON *v)
{
    return cJSON_IsString(v) &&
           (strcmp(v->valuestring, "green") == 0 || strcmp(v->valuestring, "amber") == 0 ||
            strcmp(v->valuestring, "red") == 0);
}

/* The optional "ratings" of a scenario entry: spot-the-signs messages rated by visitors,
 * each {"passage", "index" (the message), "given" (the visitor's colour), "model" (the
 * right colour), "count"}, each (passage, index, given, model) at most once. */
static int ratings_ok(const cJSON *r, const char *ifid, char **err)
{
    static const char *const names[] = {"passage", "index", "given", "model", "count"};
    if (!r) return 0;
    if (!cJSON_IsArray(r) || cJSON_GetArraySize(r) > WZ_SNAPSHOT_MAX_CHOICES)
        return wz_fail(err, "snapshot: \"ratings\" of %s must be a list of at most %d entries",
                       ifid, WZ_SNAPSHOT_MAX_CHOICES);
    wz_map seen = {0};
    int rc = 0;
    for (const cJSON *c = r->child; c && rc == 0; c = c->next) {
        if (!cJSON_IsObject(c)) {
            rc = wz_fail(err, "snapshot: a rating of %s is not an object", ifid);
            break;
        }
        if ((rc = keys_ok(c, names, 5, "a rating", err)) != 0) break;
        const cJSON *p = cJSON_GetObjectItemCaseSensitive(c, "passage");
        const cJSON *ix = cJSON_GetObjectItemCaseSensitive(c, "index");
        const cJSON *g = cJSON_GetObjectItemCaseSensitive(c, "given");
        const cJSON *m = cJSON_GetObjectItemCaseSensitive(c, "model");
        if (!label_ok(p) || !count_ok(ix, 999) || !is_colour(g) || !is_colour(m) ||
            !count_ok(cJSON_GetObjectItemCaseSensitive(c, "count"), WZ_SNAPSHOT_MAX_COUNT)) {
            rc = wz_fail(err,
                         "snapshot: a rating of %s is wrong: it needs a passage, a message "
                         "number from 0 to 999, \"given\" and \"model\" each green, amber or "
                         "red, and a count",
                         ifid);
            break;
        }
        char k[WZ_SNAPSHOT_MAX_STRING + 40];
        snprintf(k, sizeof k, "%s\x1f%d\x1f%s\x1f%s", p->valuestring, (int)ix->valuedouble,
                 g->valuestring, m->valuestring);
        if (wz_totals_idx_get(&seen, k, wz_map_hash(k)) >= 0) {
            rc = wz_fail(err, "snapshot: a rating of %s at \"%.60s\" is listed twice", ifid,
                         p->valuestring);
            break;
        }
        wz_map_put(&seen, k, wz_map_hash(k), 0);
    }
    wz_map_clear(&seen);
    return rc;
}

int wz_snapshot_facts_validate(const cJSON *doc, char **err)
{
    const cJSON *site = cJSON_GetObjectItemCaseSensitive(doc, "site");
    if (site && !label_ok(site))
        return wz_fail(err,
                       "snapshot: \"site\" must be 1 to %d bytes of text without control "
                       "characters",
                       WZ_SNAPSHOT_MAX_STRING);
    const cJSON *info = cJSON_GetObjectItemCaseSensitive(doc, "scenario_info");
    if (!info) return 0;
    if (!cJSON_IsObject(info) || cJSON_GetArraySize(info) > WZ_SNAPSHOT_MAX_SCENARIOS)
        return wz_fail(err, "snapshot: \"scenario_info\" must be an object of at most %d scenarios",
                       WZ_SNAPSHOT_MAX_SCENARIOS);
    for (const cJSON *e = info->child; e; e = e->next) {
        cJSON key = {0};
        key.type = cJSON_String;
        key.valuestring = e->string;
        if (!cJSON_IsObject(e) || !label_ok(&key))
            return wz_fail(err, "snapshot: \"scenario_info\" must map each scenario's ifid to "
                                "its facts");
        if (keys_ok_opt(e, wz_totals_fact_names, NFACTS, (1u << NFACTS) - 1,
                        "a scenario's facts (only audience, language, title and topic)", err))
            return -1;
        for (const cJSON *f = e->child; f; f = f->next)
            if (!label_ok(f))
                return wz_fail(err,
                               "snapshot: the %s of scenario %.60s must be 1 to %d bytes of text "
                               "without control characters",
                               f->string, e->string, WZ_SNAPSHOT_MAX_STRING);
        for (const cJSON *d = info->child; d != e; d = d->next)
            if (strcmp(d->string, e->string) == 0)
                return wz_fail(err, "snapshot: scenario %.60s has its facts twice", e->string);
    }
    return 0;
}

static int scenario_ok(const cJSON *s, wz_map *seen, char **err)
{
    /* "ratings" (names[9]) and "languages" (names[10]) are optional: written only when the
     * day has some */
    static const char *const names[] = {"ifid",      "audience", "started",   "completed",
                                        "abandoned", "endings",  "durations", "choices",
                                        "spot",      "ratings",  "languages"};
    static const char *const spot_names[] = {"found", "missed", "wrong"};
    if (!cJSON_IsObject(s)) return wz_fail(err, "snapshot: a scenario entry is not an object");
    if (keys_ok_opt(s, names, WZ_ARRAY_LEN(names), 1u << 9 | 1u << 10, "a scenario entry", err))
        return -1;
    const cJSON *ifid = cJSON_GetObjectItemCaseSensitive(s, "ifid");
    const cJSON *aud = cJSON_GetObjectItemCaseSensitive(s, "audience");
    if (!label_ok(ifid) || !label_ok(aud))
        return wz_fail(err, "snapshot: a scenario entry has a bad ifid or audience");
    char key[2 * WZ_SNAPSHOT_MAX_STRING + 4];
    snprintf(key, sizeof key, "%s\x1f%s", ifid->valuestring, aud->valuestring);
    if (wz_totals_idx_get(seen, key, wz_map_hash(key)) >= 0)
        return wz_fail(err, "snapshot: scenario %s (%s) is listed twice", ifid->valuestring,
                       aud->valuestring);
    wz_map_put(seen, key, wz_map_hash(key), 0);
    static const char *const cnt[] = {"started", "completed", "abandoned"};
    for (size_t k = 0; k < 3; k++)
        if (!count_ok(cJSON_GetObjectItemCaseSensitive(s, cnt[k]), WZ_SNAPSHOT_MAX_COUNT))
            return wz_fail(err, "snapshot: \"%s\" of scenario %s is not a count", cnt[k],
                           ifid->valuestring);
    const cJSON *langs = cJSON_GetObjectItemCaseSensitive(s, "languages");
    if (langs && map_ok(langs, "languages", err)) return -1;
    const cJSON *end = cJSON_GetObjectItemCaseSensitive(s, "endings");
    if (!cJSON_IsObject(end)) return wz_fail(err, "snapshot: \"endings\" must be an object");
    if (keys_ok(end, wz_totals_outcomes, 3, "endings", err)) return -1;
    for (int k = 0; k < 3; k++)
        if (!count_ok(cJSON_GetObjectItemCaseSensitive(end, wz_totals_outcomes[k]),
                      WZ_SNAPSHOT_MAX_COUNT))
            return wz_fail(err, "snapshot: ending \"%s\" of %s is not a count",
                           wz_totals_outcomes[k], ifid->valuestring);
    if (counts_array_ok(cJSON_GetObjectItemCaseSensitive(s, "durations"), WZ_DURATION_BUCKETS,
                        "durations", err))
        return -1;
    const cJSON *spot = cJSON_GetObjectItemCaseSensitive(s, "spot");
    if (!cJSON_IsObject(spot)) return wz_fail(err, "snapshot: \"spot\" must be an object");
    if (keys_ok(spot, spot_names, 3, "spot", err)) return -1;
    for (int k = 0; k < 3; k++)
        if (!count_ok(cJSON_GetObjectItemCaseSensitive(spot, spot_names[k]), WZ_SNAPSHOT_MAX_COUNT))
            return wz_fail(err, "snapshot: spot \"%s\" of %s is not a count", spot_names[k],
                           ifid->valuestring);
    const cJSON *ch = cJSON_GetObjectItemCaseSensitive(s, "choices");
    if (!cJSON_IsArray(ch) || cJSON_GetArraySize(ch) > WZ_SNAPSHOT_MAX_CHOICES)
        return wz_fail(err, "snapshot: \"choices\" of %s must be an array (at most %d entries)",
                       ifid->valuestring, WZ_SNAPSHOT_MAX_CHOICES);
    static const char *const cnames[] = {"passage", "index", "target", "class", "count"};
    wz_map cseen = {0};
    int rc = 0;
    for (const cJSON *c = ch->child; c && rc == 0; c = c->next) {
        if (!cJSON_IsObject(c) || keys_ok(c, cnames, 5, "a choice", err)) {
            if (!cJSON_IsObject(c)) wz_fail(err, "snapshot: a choice is not an object");
            rc = -1;
            break;
        }
        const cJSON *p = cJSON_GetObjectItemCaseSensitive(c, "passage");
        const cJSON *ix = cJSON_GetObjectItemCaseSensitive(c, "index");
        const cJSON *tg = cJSON_GetObjectItemCaseSensitive(c, "target");
        const cJSON *cl = cJSON_GetObjectItemCaseSensitive(c, "class");
        int cls_known = 0;
        for (size_t k = 0; cJSON_IsString(cl) && k < WZ_ARRAY_LEN(wz_totals_classes); k++)
            cls_known |= strcmp(cl->valuestring, wz_totals_classes[k]) == 0;
        if (!label_ok(p) || !label_ok(tg) || !count_ok(ix, 999) || !cls_known ||
            !count_ok(cJSON_GetObjectItemCaseSensitive(c, "count"), WZ_SNAPSHOT_MAX_COUNT)) {
            rc = wz_fail(err, "snapshot: a bad choice entry in scenario %s", ifid->valuestring);
            break;
        }
        char ck[2 * WZ_SNAPSHOT_MAX_STRING + 40];
        snprintf(ck, sizeof ck, "%s\x1f%d\x1f%s\x1f%s", p->valuestring, (int)ix->valuedouble,
                 tg->valuestring, cl->valuestring);
        if (wz_totals_idx_get(&cseen, ck, wz_map_hash(ck)) >= 0) {
            rc = wz_fail(err, "snapshot: a choice of %s at \"%s\" is listed twice",
                         ifid->valuestring, p->valuestring);
            break;
        }
        wz_map_put(&cseen, ck, wz_map_hash(ck), 0);
    }
    wz_map_clear(&cseen);
    return rc ? rc
              : ratings_ok(cJSON_GetObjectItemCaseSensitive(s, "ratings"), ifid->valuestring, err);
}

/* The optional "quiz" list: knowledge-check answers per (ifid, audience, question, phase). */
static int quiz_ok(const cJSON *q, char **err)
{
    static const char *const names[] = {"ifid",     "phase",    "question",
                                        "audience", "answered", "right"};
    if (!q) return 0;
    if (!cJSON_IsArray(q) || cJSON_GetArraySize(q) > WZ_SNAPSHOT_MAX_QUIZ)
        return wz_fail(err, "snapshot: \"quiz\" must be an array of at most %d entries",
                       WZ_SNAPSHOT_MAX_QUIZ);
    wz_map seen = {0};
    int rc = 0;
    for (const cJSON *e = q->child; e && rc == 0; e = e->next) {
        if (!cJSON_IsObject(e)) {
            rc = wz_fail(err, "snapshot: a quiz entry is not an object");
            break;
        }
        if (keys_ok(e, names, WZ_ARRAY_LEN(names), "a quiz entry", err)) {
            rc = -1;
            break;
        }
        const cJSON *ifid = cJSON_GetObjectItemCaseSensitive(e, "ifid");
        const cJSON *aud = cJSON_GetObjectItemCaseSensitive(e, "audience");
        const cJSON *qn = cJSON_GetObjectItemCaseSensitive(e, "question");
        const cJSON *ph = cJSON_GetObjectItemCaseSensitive(e, "phase");
        int phase_known = cJSON_IsString(ph) && (strcmp(ph->valuestring, "before") == 0 ||
                                                 strcmp(ph->valuestring, "after") == 0);
        if (!label_ok(ifid) || !label_ok(aud) || !phase_known ||
            !count_ok(qn, WZ_SNAPSHOT_MAX_QUESTION) ||
            !count_ok(cJSON_GetObjectItemCaseSensitive(e, "answered"), WZ_SNAPSHOT_MAX_COUNT) ||
            !count_ok(cJSON_GetObjectItemCaseSensitive(e, "right"), WZ_SNAPSHOT_MAX_COUNT)) {
            rc = wz_fail(err,
                         "snapshot: a bad quiz entry (ifid, audience, question 0 to %d, "
                         "phase before or after, counts)",
                         WZ_SNAPSHOT_MAX_QUESTION);
            break;
        }
        if (cJSON_GetObjectItemCaseSensitive(e, "right")->valuedouble >
            cJSON_GetObjectItemCaseSensitive(e, "answered")->valuedouble) {
            rc =
                wz_fail(err, "snapshot: quiz question %d of %s has more right answers than answers",
                        (int)qn->valuedouble, ifid->valuestring);
            break;
        }
        char key[2 * WZ_SNAPSHOT_MAX_STRING + 40];
        snprintf(key, sizeof key, "%s\x1f%s\x1f%d\x1f%s", ifid->valuestring, aud->valuestring,
                 (int)qn->valuedouble, ph->valuestring);
        if (wz_totals_idx_get(&seen, key, wz_map_hash(key)) >= 0) {
            rc =
                wz_fail(err, "snapshot: question %d of %s (%s, %s) is listed twice in quiz",
                        (int)qn->valuedouble, ifid->valuestring, aud->valuestring, ph->valuestring);
            break;
        }
        wz_map_put(&seen, key, wz_map_hash(key), 0);
    }
    wz_map_clear(&seen);
    return rc;
}

int wz_snapshot_validate(const cJSON *doc, char **err)
{
    /* "instance" is optional: snapshots from kiosks before it have none */
    static const char *const names[] = {"schema",
                                        "kiosk_id",
                                        "instance",
                                        "day",
                                        "revision",
                                        "sessions",
                                        "visits_by_hour",
                                        "session_durations",
                                        "duration_limits_s",
                                        "audiences",
                                        "languages",
                                        "easy_read_sessions",
                                        "settings",
                                        "help",
                                        "scenarios",
                                        "site",
                                        "scenario_info",
                                        "worried",
                                        "quiz",
                                        "groups"};
    /* optional: instance (2), the public facts site (15) and scenario_info (16), and
     * worried (17), written only on a day with presses, and quiz (18), only by kiosks with
     * a knowledge check, and groups (19), only on a day with group visits */
    const unsigned optional = 1u << 2 | 1u << 15 | 1u << 16 | 1u << 17 | 1u << 18 | 1u << 19;
    if (!cJSON_IsObject(doc)) return wz_fail(err, "snapshot: not a JSON object");
    if (keys_ok_opt(doc, names, WZ_ARRAY_LEN(names), optional, "the snapshot", err)) return -1;
    if (wz_snapshot_facts_validate(doc, err)) return -1;
    if (quiz_ok(cJSON_GetObjectItemCaseSensitive(doc, "quiz"), err)) return -1;
    const cJSON *schema = cJSON_GetObjectItemCaseSensitive(doc, "schema");
    if (!cJSON_IsNumber(schema) || schema->valuedouble != WZ_SNAPSHOT_SCHEMA)
        return wz_fail(err, "snapshot: unsupported schema (this program reads schema 1)");
    const cJSON *kid = cJSON_GetObjectItemCaseSensitive(doc, "kiosk_id");
    if (!cJSON_IsString(kid) || !wz_snapshot_kiosk_id_ok(kid->valuestring))
        return wz_fail(err, "snapshot: kiosk_id must be 1 to 64 letters, digits, '-' or '_'");
    const cJSON *inst = cJSON_GetObjectItemCaseSensitive(doc, "instance");
    if (inst && !(cJSON_IsString(inst) && wz_snapshot_instance_ok(inst->valuestring)))
        return wz_fail(err, "snapshot: instance must be 32 lower-case hexadecimal digits");
    const cJSON *day = cJSON_GetObjectItemCaseSensitive(doc, "day");
    if (!cJSON_IsString(day) || !wz_snapshot_day_ok(day->valuestring))
        return wz_fail(err, "snapshot: day must be a date written YYYY-MM-DD");
    const cJSON *rev = cJSON_GetObjectItemCaseSensitive(doc, "revision");
    if (!count_ok(rev, 9007199254740991.0) || rev->valuedouble < 1)
        return wz_fail(err, "snapshot: revision must be a whole number from 1");
    const cJSON *sessions = cJSON_GetObjectItemCaseSensitive(doc, "sessions");
    if (!count_ok(sessions, WZ_SNAPSHOT_MAX_COUNT))
        return wz_fail(err, "snapshot: sessions is not a count");
    if (!count_ok(cJSON_GetObjectItemCaseSensitive(doc, "easy_read_sessions"),
                  WZ_SNAPSHOT_MAX_COUNT))
        return wz_fail(err, "snapshot: easy_read_sessions is not a count");
    const cJSON *hours = cJSON_GetObjectItemCaseSensitive(doc, "visits_by_hour");
    if (counts_array_ok(hours, 24, "visits_by_hour", err)) return -1;
    double sum = 0;
    for (const cJSON *c = hours->child; c; c = c->next)
        sum += c->valuedouble;
    if (sum != sessions->valuedouble)
        return wz_fail(err, "snapshot: visits_by_hour does not add up to sessions");
    if (counts_array_ok(cJSON_GetObjectItemCaseSensitive(doc, "session_durations"),
                        WZ_DURATION_BUCKETS, "session_durations", err))
        return -1;
    const cJSON *lim = cJSON_GetObjectItemCaseSensitive(doc, "duration_limits_s");
    int lim_ok = cJSON_IsArray(lim) && cJSON_GetArraySize(lim) == WZ_DURATION_BUCKETS - 1;
    for (int i = 0; lim_ok && i < WZ_DURATION_BUCKETS - 1; i++) {
        const cJSON *v = cJSON_GetArrayItem(lim, i);
        lim_ok = cJSON_IsNumber(v) && v->valuedouble == WZ_DURATION_LIMITS_S[i];
    }
    if (!lim_ok)
        return wz_fail(err, "snapshot: duration_limits_s differs from this program's buckets");
    static const char *const maps[] = {"audiences", "languages", "settings", "help"};
    for (size_t k = 0; k < WZ_ARRAY_LEN(maps); k++)
        if (map_ok(cJSON_GetObjectItemCaseSensitive(doc, maps[k]), maps[k], err)) return -1;
    const cJSON *worried = cJSON_GetObjectItemCaseSensitive(doc, "worried");
    if (worried && map_ok(worried, "worried", err)) return -1;
    const cJSON *groups = cJSON_GetObjectItemCaseSensitive(doc, "groups");
    if (groups && map_ok(groups, "groups", err)) return -1;
    const cJSON *sc = cJSON_GetObjectItemCaseSensitive(doc, "scenarios");
    if (!cJSON_IsArray(sc) || cJSON_GetArraySize(sc) > WZ_SNAPSHOT_MAX_SCENARIOS)
        return wz_fail(err, "snapshot: scenarios must be an array of at most %d entries",
                       WZ_SNAPSHOT_MAX_SCENARIOS);
    wz_map seen = {0};
    int rc = 0;
    for (const cJSON *s = sc->child; s && rc == 0; s = s->next)
        rc = scenario_ok(s, &seen, err);
    wz_map_clear(&seen);
    return rc;
}

/* ---- the writer ---- */

/* JSON string, escaped as cJSON does (labels never hold control characters, but a
 * document must stay valid whatever it is given). */
static void json_str(wz_buf *b, const char *s)
{
    wz_buf_putc(b, '"');
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        /* runs of characters that need no escape go in with one append */
        const unsigned char *run = p;
        while (*p >= 0x20 && *p != '"' && *p != '\\')
            p++;
        if (p > run) wz_buf_append(b, run, (size_t)(p - run));
        if (!*p) break;
        if (*p == '"' || *p == '\\') {
            wz_buf_putc(b, '\\');
            wz_buf_putc(b, (char)*p);
        } else if (*p < 0x20) {
            const char *esc = *p == '\b'   ? "\\b"
                              : *p == '\f' ? "\\f"
                              : *p == '\n' ? "\\n"
                              : *p == '\r' ? "\\r"
                              : *p == '\t' ? "\\t"
                                           : NULL;
            if (esc)
                wz_buf_puts(b, esc);
            else
                wz_buf_printf(b, "\\u%04x", *p);
        } else {
            wz_buf_putc(b, (char)*p);
        }
    }
    wz_buf_putc(b, '"');
}

/* Appends s then the decimal v: printf's result without its cost (a year of days is
 * tens of megabytes of numbers). */
static void json_num(wz_buf *b, const char *s, long long v)
{
    char d[32];
    size_t n = sizeof d;
    unsigned long long u = v < 0 ? 0ull - (unsigned long long)v : (unsigned long long)v;
    do {
        d[--n] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0) d[--n] = '-';
    wz_buf_puts(b, s);
    wz_buf_append(b, d + n, sizeof d - n);
}

static void json_counts(wz_buf *b, const char *name, const long long *v, int n)
{
    wz_buf_putc(b, ',');
    json_str(b, name);
    for (int i = 0; i < n; i++)
        json_num(b, i ? "," : ":[", v[i]);
    wz_buf_putc(b, ']');
}

static void json_map(wz_buf *b, const char *name, const label_map *m)
{
    wz_buf_putc(b, ',');
    json_str(b, name);
    wz_buf_puts(b, ":{");
    counter *c = wz_totals_label_sorted(m);
    for (size_t i = 0; i < m->n; i++) {
        if (i) wz_buf_putc(b, ',');
        json_str(b, c[i].label);
        json_num(b, ":", c[i].n);
    }
    free(c);
    wz_buf_putc(b, '}');
}

/* An entry's ratings, sorted, when it has any (a day without ratings keeps the bytes it
 * had before ratings existed, so no revision rises for it). */
static void write_ratings(wz_buf *b, const scen *s)
{
    if (!s->nratings) return;
    choice *c = wz_xmalloc(s->nratings * sizeof *c);
    memcpy(c, s->ratings, s->nratings * sizeof *c);
    qsort(c, s->nratings, sizeof *c, wz_totals_choice_cmp);
    for (size_t k = 0; k < s->nratings; k++) {
        wz_buf_puts(b, k ? ",{\"passage\":" : ",\"ratings\":[{\"passage\":");
        json_str(b, c[k].passage);
        json_num(b, ",\"index\":", c[k].index);
        wz_buf_puts(b, ",\"given\":");
        json_str(b, c[k].target);
        wz_buf_puts(b, ",\"model\":");
        json_str(b, c[k].cls);
        json_num(b, ",\"count\":", c[k].count);
        wz_buf_putc(b, '}');
    }
    wz_buf_putc(b, ']');
    free(c);
}

/* "site" and "scenario_info" (the facts of the scenarios counted, by ifid, keys sorted),
 * each only when known. v: the entries sorted by ifid. */
static void write_facts(wz_buf *b, const wz_totals *t, const scen **v)
{
    if (t->site) {
        wz_buf_puts(b, ",\"site\":");
        json_str(b, t->site);
    }
    int n = 0;
    for (size_t i = 0; i < t->nscens; i++) {
        if (i && strcmp(v[i - 1]->ifid, v[i]->ifid) == 0) continue;
        const facts *f = wz_totals_facts_of(t, v[i]->ifid);
        int any = 0;
        for (int k = 0; f && k < NFACTS; k++)
            any |= f->v[k] != NULL;
        if (!any) continue;
        wz_buf_puts(b, n++ ? "," : ",\"scenario_info\":{");
        json_str(b, v[i]->ifid);
        wz_buf_putc(b, ':');
        int m = 0;
        for (int k = 0; k < NFACTS; k++) {
            if (!f->v[k]) continue;
            wz_buf_puts(b, m++ ? "," : "{");
            json_str(b, wz_totals_fact_names[k]);
            wz_buf_putc(b, ':');
            json_str(b, f->v[k]);
        }
        wz_buf_putc(b, '}');
    }
    if (n) wz_buf_putc(b, '}');
}

int wz_snapshot_same_counts(const char *a, const char *b)
{
    cJSON *x = cJSON_Parse(a), *y = cJSON_Parse(b);
    static const char *const facts_fields[] = {"site", "scenario_info"};
    for (size_t k = 0; k < WZ_ARRAY_LEN(facts_fields); k++) {
        cJSON_DeleteItemFromObjectCaseSensitive(x, facts_fields[k]);
        cJSON_DeleteItemFromObjectCaseSensitive(y, facts_fields[k]);
    }
    int same = x && y && cJSON_Compare(x, y, 1);
    cJSON_Delete(x);
    cJSON_Delete(y);
    return same;
}

/* The "quiz" list, written only when there is one (older documents stay as they were). */
static void json_quiz(wz_buf *b, const wz_totals *t)
{
    if (!t->nquiz) return;
    const quiz_entry **v = wz_totals_sorted_quiz(t);
    wz_buf_puts(b, ",\"quiz\":[");
    for (size_t i = 0; i < t->nquiz; i++) {
        wz_buf_puts(b, i ? ",{\"ifid\":" : "{\"ifid\":");
        json_str(b, v[i]->ifid);
        wz_buf_puts(b, ",\"audience\":");
        json_str(b, v[i]->audience);
        json_num(b, ",\"question\":", v[i]->question);
        wz_buf_puts(b, ",\"phase\":");
        json_str(b, wz_totals_quiz_phases[v[i]->phase]);
        json_num(b, ",\"answered\":", v[i]->answered);
        json_num(b, ",\"right\":", v[i]->right);
        wz_buf_putc(b, '}');
    }
    wz_buf_putc(b, ']');
    free(v);
}

char *wz_snapshot_json(const wz_totals *t, const char *kiosk_id, const char *instance,
                       const char *day, long long revision)
{
    wz_buf b;
    wz_buf_init(&b, 0);
    wz_buf_printf(&b, "{\"schema\":%d,\"kiosk_id\":", WZ_SNAPSHOT_SCHEMA);
    json_str(&b, kiosk_id);
    if (instance && instance[0]) {
        wz_buf_puts(&b, ",\"instance\":");
        json_str(&b, instance);
    }
    wz_buf_puts(&b, ",\"day\":");
    json_str(&b, day);
    json_num(&b, ",\"revision\":", revision);
    json_num(&b, ",\"sessions\":", t->sessions);
    json_counts(&b, "visits_by_hour", t->hours, 24);
    json_counts(&b, "session_durations", t->session_durations, WZ_DURATION_BUCKETS);
    wz_buf_puts(&b, ",\"duration_limits_s\":[");
    for (int i = 0; i < WZ_DURATION_BUCKETS - 1; i++)
        json_num(&b, i ? "," : "", WZ_DURATION_LIMITS_S[i]);
    wz_buf_putc(&b, ']');
    json_map(&b, "audiences", &t->audiences);
    json_map(&b, "languages", &t->languages);
    json_num(&b, ",\"easy_read_sessions\":", t->easy_read);
    json_map(&b, "settings", &t->settings);
    json_map(&b, "help", &t->help);
    if (t->worried.n) json_map(&b, "worried", &t->worried); /* only on a day with presses */
    if (t->groups.n) json_map(&b, "groups", &t->groups);    /* only on a day with groups */
    wz_buf_puts(&b, ",\"scenarios\":[");
    const scen **v = wz_totals_sorted_scens(t);
    for (size_t i = 0; i < t->nscens; i++) {
        const scen *s = v[i];
        wz_buf_puts(&b, i ? ",{\"ifid\":" : "{\"ifid\":");
        json_str(&b, s->ifid);
        wz_buf_puts(&b, ",\"audience\":");
        json_str(&b, s->audience);
        json_num(&b, ",\"started\":", s->started);
        json_num(&b, ",\"completed\":", s->completed);
        json_num(&b, ",\"abandoned\":", s->abandoned);
        json_num(&b, ",\"endings\":{\"safe\":", s->endings[0]);
        json_num(&b, ",\"risky\":", s->endings[1]);
        json_num(&b, ",\"mixed\":", s->endings[2]);
        wz_buf_putc(&b, '}');
        json_counts(&b, "durations", s->durations, WZ_DURATION_BUCKETS);
        wz_buf_puts(&b, ",\"choices\":[");
        choice *c = wz_xmalloc((s->nchoices ? s->nchoices : 1) * sizeof *c);
        if (s->nchoices) {
            memcpy(c, s->choices, s->nchoices * sizeof *c);
            qsort(c, s->nchoices, sizeof *c, wz_totals_choice_cmp);
        }
        for (size_t k = 0; k < s->nchoices; k++) {
            wz_buf_puts(&b, k ? ",{\"passage\":" : "{\"passage\":");
            json_str(&b, c[k].passage);
            json_num(&b, ",\"index\":", c[k].index);
            wz_buf_puts(&b, ",\"target\":");
            json_str(&b, c[k].target);
            wz_buf_puts(&b, ",\"class\":");
            json_str(&b, c[k].cls);
            json_num(&b, ",\"count\":", c[k].count);
            wz_buf_putc(&b, '}');
        }
        free(c);
        json_num(&b, "],\"spot\":{\"found\":", s->found);
        json_num(&b, ",\"missed\":", s->missed);
        json_num(&b, ",\"wrong\":", s->wrong);
        wz_buf_putc(&b, '}');
        write_ratings(&b, s);
        if (s->languages.n) json_map(&b, "languages", &s->languages); /* plays by language */
        wz_buf_putc(&b, '}');
    }
    wz_buf_putc(&b, ']');
    write_facts(&b, t, v);
    free(v);
    json_quiz(&b, t);
    wz_buf_putc(&b, '}');
    return wz_buf_steal(&b);
}

cJSON *wz_snapshot_doc(const wz_totals *t, const char *kiosk_id, const char *instance,
                       const char *day, long long revision)
{
    char *json = wz_snapshot_json(t, kiosk_id, instance, day, revision);
    cJSON *doc = cJSON_Parse(json);
    free(json);
    WZ_ASSERT(doc != NULL); /* the writer escapes every string: its output always parses */
    return doc;
}

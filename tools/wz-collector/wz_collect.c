/*
 * wz_collect: parsing, validation and storage of POST /v1/snapshots (see wz_collect.h).
 *
 * Validation has three layers: the envelope (schema, kiosk_id, 1..400 snapshots); a
 * generic bound on every value of each snapshot (depth, string and list lengths,
 * non-negative finite numbers) plus the collector's own plausibility (days from 2020 to
 * two days ahead of the server's clock, each snapshot's kiosk_id equal to the request's,
 * and its optional instance equal to the request's when both have one);
 * then the snapshot contract itself, checked by wz_snapshot_validate: the same code that
 * later adds the snapshots up for the report, so what is stored can always be summed;
 * and last that its figures agree with each other (wz_collect_figures).
 * The whole request is validated before any of it is stored. This file needs no
 * SQLite (the fuzz harness builds it alone); storage is in wz_collect_store.c.
 */
#include "wz_collect.h"

#include "wz_collect_figures.h"
#include "wz_totals.h"
#include "wz_util.h"

#include <cjson/cJSON.h>
#include <ctype.h>
#include <stdarg.h>
#include <strings.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void wz_collect_set_error(wz_collect_error *err, int status, int index, const char *code,
                          const char *fmt, ...)
{
    va_list ap;
    if (!err) return;
    err->status = status;
    err->index = index;
    snprintf(err->code, sizeof err->code, "%s", code);
    va_start(ap, fmt);
    vsnprintf(err->message, sizeof err->message, fmt, ap);
    va_end(ap);
    /* Quoted labels are cut to fit ("%.40s"), maybe inside a UTF-8 character: drop the
     * pieces of a cut character, so the answer stays valid UTF-8. */
    for (size_t n = strlen(err->message), k; (k = wz_utf8_check(err->message, n)) < n; n--)
        memmove(err->message + k, err->message + k + 1, n - k);
}

int wz_collect_kiosk_id_ok(const char *s)
{
    size_t n = 0;
    if (!s) return 0;
    for (; s[n]; n++) {
        unsigned char c = (unsigned char)s[n];
        if (n >= 64) return 0;
        if (!(isalnum(c) || c == '-' || c == '_')) return 0;
    }
    return n >= 1;
}

/* Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm). */
static long long days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    long long era = (y >= 0 ? y : y - 399) / 400;
    long long yoe = y - era * 400;
    long long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static int parse_day(const char *s, int *y, int *m, int *d)
{
    static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (strlen(s) != 10 || s[4] != '-' || s[7] != '-') return -1;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && !isdigit((unsigned char)s[i])) return -1;
    *y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    *m = (s[5] - '0') * 10 + (s[6] - '0');
    *d = (s[8] - '0') * 10 + (s[9] - '0');
    if (*m < 1 || *m > 12 || *d < 1) return -1;
    int leap = (*y % 4 == 0 && *y % 100 != 0) || *y % 400 == 0;
    int max = mdays[*m - 1] + (*m == 2 && leap);
    return *d <= max ? 0 : -1;
}

int wz_collect_day_ok(const char *day, time_t now)
{
    int y, m, d, y0, m0, d0;
    if (!day || parse_day(day, &y, &m, &d) < 0) return 0;
    parse_day(WZ_COLLECT_MIN_DAY, &y0, &m0, &d0);
    long long n = days_from_civil(y, m, d);
    if (n < days_from_civil(y0, m0, d0)) return 0;
    return n <= (long long)(now / 86400) + WZ_COLLECT_FUTURE_DAYS;
}

static int content_type_ok(const char *ct)
{
    static const char want[] = "application/json";
    if (!ct) return 0;
    while (*ct == ' ')
        ct++;
    if (strncasecmp(ct, want, sizeof want - 1) != 0) return 0;
    ct += sizeof want - 1;
    while (*ct == ' ')
        ct++;
    if (*ct == '\0') return 1;
    if (*ct != ';') return 0;
    ct++;
    while (*ct == ' ')
        ct++;
    return strncasecmp(ct, "charset=utf-8", 13) == 0 &&
           (ct[13] == '\0' || ct[13] == ' ' || ct[13] == ';');
}

/* Bounds every value inside a snapshot. Returns 0 or -1 with why[]. */
static int check_tree(const cJSON *v, int depth, char *why, size_t whylen)
{
    if (depth > WZ_COLLECT_MAX_DEPTH) {
        snprintf(why, whylen, "nested deeper than %d levels", WZ_COLLECT_MAX_DEPTH);
        return -1;
    }
    if (v->string && strlen(v->string) > WZ_COLLECT_MAX_STRING) {
        snprintf(why, whylen, "a field name is longer than %d bytes", WZ_COLLECT_MAX_STRING);
        return -1;
    }
    if (cJSON_IsNumber(v)) {
        double x = v->valuedouble;
        if (!isfinite(x) || x < 0 || x > (double)WZ_COLLECT_MAX_COUNT) {
            snprintf(why, whylen, "\"%.40s\" is negative or implausibly large",
                     v->string ? v->string : "(array element)");
            return -1;
        }
    } else if (cJSON_IsString(v)) {
        if (strlen(v->valuestring) > WZ_COLLECT_MAX_STRING) {
            snprintf(why, whylen, "a text value is longer than %d bytes", WZ_COLLECT_MAX_STRING);
            return -1;
        }
    } else if (cJSON_IsArray(v) || cJSON_IsObject(v)) {
        int n = 0;
        for (const cJSON *c = v->child; c; c = c->next) {
            if (++n > WZ_COLLECT_MAX_ARRAY) {
                snprintf(why, whylen, "a list or object has more than %d entries",
                         WZ_COLLECT_MAX_ARRAY);
                return -1;
            }
            if (check_tree(c, depth + 1, why, whylen) < 0) return -1;
        }
    }
    return 0;
}

static int is_int(const cJSON *v, long long lo, long long hi)
{
    if (!cJSON_IsNumber(v)) return 0;
    double x = v->valuedouble;
    return isfinite(x) && x == floor(x) && x >= (double)lo && x <= (double)hi;
}

/* The optional public facts beside the counts (docs/upload-protocol.md): "site" and
 * "scenario_info", checked by the same code the kiosk's own reader uses. Returns 0, or -1
 * with why[] filled. */
static int check_facts(const cJSON *s, char *why, size_t size)
{
    char *e = NULL;
    if (wz_snapshot_facts_validate(s, &e) == 0) return 0;
    const char *w = e ? e : "bad public facts";
    if (strncmp(w, "snapshot: ", 10) == 0) w += 10;
    snprintf(why, size, "%s", w);
    free(e);
    return -1;
}

static int check_snapshot(const cJSON *s, int i, const char *kiosk_id, const char *instance,
                          time_t now, wz_collect_snapshot *out, wz_collect_error *err)
{
    char why[160];
    if (!cJSON_IsObject(s)) {
        wz_collect_set_error(err, 400, i, "bad_snapshot", "snapshot %d is not a JSON object", i);
        return -1;
    }
    const cJSON *schema = cJSON_GetObjectItemCaseSensitive(s, "schema");
    if (!is_int(schema, 1, 1)) {
        wz_collect_set_error(err, 422, i, "bad_schema", "snapshot %d: \"schema\" must be 1", i);
        return -1;
    }
    const cJSON *kid = cJSON_GetObjectItemCaseSensitive(s, "kiosk_id");
    if (!cJSON_IsString(kid) || strcmp(kid->valuestring, kiosk_id) != 0) {
        wz_collect_set_error(err, 422, i, "bad_kiosk_id",
                             "snapshot %d: \"kiosk_id\" must equal the request's kiosk_id", i);
        return -1;
    }
    const cJSON *inst = cJSON_GetObjectItemCaseSensitive(s, "instance");
    if (inst && (!cJSON_IsString(inst) || !wz_snapshot_instance_ok(inst->valuestring) ||
                 (instance && strcmp(inst->valuestring, instance) != 0))) {
        wz_collect_set_error(
            err, 422, i, "bad_instance",
            "snapshot %d: \"instance\" must be 32 lower-case hexadecimal digits, equal to "
            "the request's instance when it has one",
            i);
        return -1;
    }
    const cJSON *day = cJSON_GetObjectItemCaseSensitive(s, "day");
    if (!cJSON_IsString(day) || !wz_collect_day_ok(day->valuestring, now)) {
        wz_collect_set_error(
            err, 422, i, "bad_day",
            "snapshot %d: \"day\" must be a real date YYYY-MM-DD from %s to %d days "
            "after today (is the kiosk's clock right?)",
            i, WZ_COLLECT_MIN_DAY, WZ_COLLECT_FUTURE_DAYS);
        return -1;
    }
    const cJSON *rev = cJSON_GetObjectItemCaseSensitive(s, "revision");
    if (!is_int(rev, 1, 9007199254740991LL)) {
        wz_collect_set_error(err, 422, i, "bad_revision",
                             "snapshot %d: \"revision\" must be a whole number >= 1", i);
        return -1;
    }
    const cJSON *sessions = cJSON_GetObjectItemCaseSensitive(s, "sessions");
    /* A visit takes at least a second: 86,400 a day is the physical limit of a kiosk. */
    if (!is_int(sessions, 0, WZ_COLLECT_MAX_VISITS)) {
        wz_collect_set_error(err, 422, i, "bad_sessions",
                             "snapshot %d: \"sessions\" must be a whole number from 0 to %lld", i,
                             WZ_COLLECT_MAX_VISITS);
        return -1;
    }
    for (const cJSON *c = s->child; c; c = c->next) {
        if (strcmp(c->string, "revision") == 0) continue;
        if (check_tree(c, 1, why, sizeof why) < 0) {
            wz_collect_set_error(err, 422, i, "implausible", "snapshot %d: %s", i, why);
            return -1;
        }
    }
    if (check_facts(s, why, sizeof why) < 0) {
        wz_collect_set_error(err, 422, i, "bad_facts", "snapshot %d: %s", i, why);
        return -1;
    }
    /* The full contract, by the same code that adds snapshots up (wz_totals), on the
     * counts without the optional facts. */
    cJSON *bare = wz_collect_counts_only(s);
    char *verr = NULL;
    int bad = wz_snapshot_validate(bare, &verr) != 0;
    if (bad) {
        cJSON_Delete(bare);
        wz_collect_set_error(err, 422, i, "bad_snapshot", "snapshot %d: %.200s", i,
                             verr ? verr : "invalid");
        free(verr);
        return -1;
    }
    /* Figures that disagree with each other, or a revision no kiosk could reach; facts
     * about a scenario the day does not count. */
    cJSON_Delete(bare);
    bad = wz_collect_figures_check(s, &verr) != 0;
    if (bad) {
        wz_collect_set_error(err, 422, i, "inconsistent", "snapshot %d: %.200s", i,
                             verr ? verr : "inconsistent");
        free(verr);
        return -1;
    }
    snprintf(out->day, sizeof out->day, "%s", day->valuestring);
    snprintf(out->instance, sizeof out->instance, "%s", inst ? inst->valuestring : "");
    out->revision = (long long)rev->valuedouble;
    out->body = cJSON_PrintUnformatted(s);
    if (!out->body) {
        wz_collect_set_error(err, 400, i, "bad_snapshot", "snapshot %d could not be serialised", i);
        return -1;
    }
    return 0;
}

int wz_collect_parse(const char *body, size_t len, const char *content_type, time_t now,
                     wz_collect_request **out, wz_collect_error *err)
{
    cJSON *root = NULL;
    wz_collect_request *req = NULL;
    const char *end = NULL;
    *out = NULL;
    if (!content_type_ok(content_type)) {
        wz_collect_set_error(err, 415, -1, "bad_content_type",
                             "send Content-Type: application/json");
        return -1;
    }
    if (len > WZ_COLLECT_MAX_BODY) {
        wz_collect_set_error(err, 413, -1, "too_large", "the body is larger than %u bytes",
                             WZ_COLLECT_MAX_BODY);
        return -1;
    }
    if (!body || len == 0) {
        wz_collect_set_error(err, 400, -1, "bad_json", "the body is empty");
        return -1;
    }
    if (wz_utf8_check(body, len) != len) {
        wz_collect_set_error(err, 400, -1, "bad_json", "the body is not valid UTF-8");
        return -1;
    }
    root = cJSON_ParseWithLengthOpts(body, len, &end, 0);
    if (!root) {
        wz_collect_set_error(err, 400, -1, "bad_json", "the body is not valid JSON");
        goto fail;
    }
    while (end && end < body + len &&
           (*end == ' ' || *end == '\n' || *end == '\r' || *end == '\t' || *end == '\0'))
        end++;
    if (end && end < body + len) {
        wz_collect_set_error(err, 400, -1, "bad_json", "text follows the JSON document");
        goto fail;
    }
    if (!cJSON_IsObject(root)) {
        wz_collect_set_error(err, 400, -1, "bad_json", "the body must be a JSON object");
        goto fail;
    }
    const cJSON *schema = cJSON_GetObjectItemCaseSensitive(root, "schema");
    if (!is_int(schema, 1, 1)) {
        wz_collect_set_error(
            err, 422, -1, "bad_schema",
            "\"schema\" must be 1 (this collector speaks version 1 of the protocol)");
        goto fail;
    }
    const cJSON *kid = cJSON_GetObjectItemCaseSensitive(root, "kiosk_id");
    if (!cJSON_IsString(kid) || !wz_collect_kiosk_id_ok(kid->valuestring)) {
        wz_collect_set_error(err, 422, -1, "bad_kiosk_id",
                             "\"kiosk_id\" must be 1 to 64 letters, digits, '-' or '_'");
        goto fail;
    }
    /* Optional: the sending database's instance id. Each snapshot's own "instance" is
     * the key; when the request names one, the snapshots that carry one must agree. */
    const cJSON *rinst = cJSON_GetObjectItemCaseSensitive(root, "instance");
    if (rinst && (!cJSON_IsString(rinst) || !wz_snapshot_instance_ok(rinst->valuestring))) {
        wz_collect_set_error(err, 422, -1, "bad_instance",
                             "\"instance\" must be 32 lower-case hexadecimal digits");
        goto fail;
    }
    const cJSON *snaps = cJSON_GetObjectItemCaseSensitive(root, "snapshots");
    int n = cJSON_IsArray(snaps) ? cJSON_GetArraySize(snaps) : -1;
    if (n < 1 || n > WZ_COLLECT_MAX_SNAPSHOTS) {
        wz_collect_set_error(err, n > WZ_COLLECT_MAX_SNAPSHOTS ? 413 : 422, -1, "bad_snapshots",
                             "\"snapshots\" must be a list of 1 to %d snapshots",
                             WZ_COLLECT_MAX_SNAPSHOTS);
        goto fail;
    }
    req = wz_xcalloc(1, sizeof *req);
    snprintf(req->kiosk_id, sizeof req->kiosk_id, "%s", kid->valuestring);
    req->snaps = wz_xcalloc((size_t)n, sizeof *req->snaps);
    int i = 0;
    for (const cJSON *s = snaps->child; s; s = s->next, i++) {
        if (check_snapshot(s, i, req->kiosk_id, rinst ? rinst->valuestring : NULL, now,
                           &req->snaps[i], err) < 0)
            goto fail;
        req->count = i + 1;
    }
    cJSON_Delete(root);
    *out = req;
    return 0;
fail:
    cJSON_Delete(root);
    wz_collect_request_free(req);
    return -1;
}

void wz_collect_request_free(wz_collect_request *r)
{
    if (!r) return;
    for (int i = 0; i < r->count; i++)
        cJSON_free(r->snaps[i].body);
    free(r->snaps);
    free(r);
}

char *wz_collect_ok_json(const wz_collect_request *req, const wz_collect_outcome *outcomes)
{
    static const char *names[] = {"", "stored", "unchanged", "older"};
    wz_buf b;
    wz_buf_init(&b, 0);
    wz_buf_printf(&b, "{\"status\":\"ok\",\"results\":[");
    for (int i = 0; i < req->count; i++) {
        int oc = outcomes ? (int)outcomes[i] : WZ_COLLECT_STORED;
        wz_buf_printf(&b, "%s{\"day\":\"%s\",\"revision\":%lld,\"result\":\"%s\"}", i ? "," : "",
                      req->snaps[i].day, req->snaps[i].revision,
                      names[oc >= 1 && oc <= 3 ? oc : 1]);
    }
    wz_buf_puts(&b, "]}\n");
    return wz_buf_steal(&b);
}

char *wz_collect_error_json(const wz_collect_error *err)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "error", err->code);
    cJSON_AddStringToObject(o, "message", err->message);
    if (err->index >= 0) cJSON_AddNumberToObject(o, "index", err->index);
    char *s = cJSON_PrintUnformatted(o);
    cJSON_Delete(o);
    char *r = wz_xasprintf("%s\n", s ? s : "{}");
    cJSON_free(s);
    return r;
}

int wz_collect_token_eq(const char *presented, size_t presented_len, const char *expected)
{
    size_t n = strlen(expected);
    unsigned diff = (unsigned)(presented_len ^ n);
    /* Touch every byte of the expected token whatever was presented. */
    for (size_t i = 0; i < n; i++) {
        unsigned char p = i < presented_len ? (unsigned char)presented[i] : 0;
        diff |= p ^ (unsigned char)expected[i];
    }
    return n > 0 && diff == 0;
}

cJSON *wz_collect_counts_only(const cJSON *snapshot)
{
    cJSON *bare = cJSON_Duplicate(snapshot, 1);
    WZ_ASSERT(bare != NULL);
    cJSON_DeleteItemFromObjectCaseSensitive(bare, "site");
    cJSON_DeleteItemFromObjectCaseSensitive(bare, "scenario_info");
    return bare;
}

/*
 * wz_upload: one upload pass (see wz_upload.h for the rules it follows).
 *
 * The pass is a loop of "take the oldest pending snapshots that fit in one request, POST
 * them, act on the answer". It never deletes a snapshot: 2xx acknowledges (the outbox
 * commits the acked revision before we count it), a permanent refusal sets aside, and
 * everything else leaves the outbox as it was, so killing the process at any point can
 * only cause a resend, which the collector's upsert by revision makes harmless.
 * Sleeping and retrying belong to the caller (the worker or a person running wz-stats).
 */
#include "wz_upload.h"

#include "wz_db.h"
#include "wz_outbox.h"
#include "wz_curl.h"
#include "wz_util.h"

#include <cjson/cJSON.h>
#include <pthread.h>
#include <sqlite3.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#ifndef WZ_BUILD_EPOCH
#error "WZ_BUILD_EPOCH (the build date) comes from src/net/CMakeLists.txt"
#endif
#ifndef WZ_VERSION
#define WZ_VERSION "0"
#endif
/* One pass's state, so its steps can be functions of their own. */
typedef struct xfer {
    wz_buf response;
    const atomic_int *abort;
} xfer;

typedef struct pass {
    sqlite3 *db;
    const wz_upload_opts *o;
    wz_upload_result *r;
    int is_https;
    size_t max_bytes;
    int max_snaps;
    char *token, *auth;
    CURL *curl;
    CURLM *multi;
    struct curl_slist *headers;
    xfer x;
    char errbuf[CURL_ERROR_SIZE];
    char msg[400]; /* the last problem in words; "" when none */
} pass;

static void say(pass *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void say(pass *p, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(p->msg, sizeof p->msg, fmt, ap);
    va_end(ap);
}

const char *wz_upload_outcome_name(wz_upload_outcome oc)
{
    static const char *names[] = {"done",  "more",   "retry", "paused",
                                  "clock", "config", "local", "aborted"};
    return (unsigned)oc < WZ_ARRAY_LEN(names) ? names[oc] : "?";
}

int wz_upload_clock_ok(time_t now)
{
    return (long long)now >= (long long)WZ_BUILD_EPOCH;
}

long long wz_upload_backoff_ms(int failures, int base_s, int max_s, unsigned long long rnd)
{
    long long cap = base_s > 0 ? base_s : 1;
    for (int i = 1; i < failures && cap < max_s; i++)
        cap *= 2;
    if (cap > max_s) cap = max_s;
    long long cap_ms = cap * 1000;
    return 1000 + (long long)(rnd % (unsigned long long)(cap_ms > 1000 ? cap_ms - 999 : 1));
}

int wz_upload_curl_init(char **err)
{
    return wz_curl_load(err);
}

int wz_upload_read_token(const char *path, char **token, char **err)
{
    struct stat st;
    char *data = NULL;
    size_t len = 0;
    *token = NULL;
    if (stat(path, &st) < 0)
        return wz_fail(err, "cannot read the token file %s: %s", path, strerror(errno));
    if (!S_ISREG(st.st_mode)) return wz_fail(err, "the token file %s is not a regular file", path);
    if (st.st_mode & 077)
        return wz_fail(err,
                       "the token file %s can be read by other users (mode %03o); it must be "
                       "readable by its owner only: chmod 600 %s",
                       path, (unsigned)(st.st_mode & 0777), path);
    int rc = wz_read_file(path, WZ_UPLOAD_TOKEN_MAX, &data, &len);
    if (rc < 0)
        return wz_fail(err, "cannot read the token file %s: %s", path,
                       rc == -2 ? "it is too large" : strerror(errno));
    char *t = wz_str_trim_dup(data, len);
    free(data);
    size_t n = strlen(t), bad = 0;
    for (size_t i = 0; i < n; i++)
        bad += t[i] < 0x21 || t[i] > 0x7e;
    if (bad || n == 0) {
        free(t);
        return n == 0 ? wz_fail(err, "the token file %s is empty", path)
                      : wz_fail(err,
                                "the token file %s must hold one line of printable characters "
                                "(no spaces)",
                                path);
    }
    *token = t;
    return 0;
}

int wz_upload_url_allowed(const char *url, int *is_https, char **err)
{
    if (wz_upload_curl_init(err) < 0) return -1;
    CURLU *u = curl_url();
    char *scheme = NULL, *host = NULL;
    int rc = -1;
    if (!u || curl_url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK ||
        curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK ||
        curl_url_get(u, CURLUPART_HOST, &host, 0) != CURLUE_OK) {
        wz_fail(err, "upload_url \"%.200s\" is not a valid address", url);
        goto out;
    }
    *is_https = strcmp(scheme, "https") == 0;
    if (*is_https || (strcmp(scheme, "http") == 0 &&
                      (strcmp(host, "127.0.0.1") == 0 || strcmp(host, "localhost") == 0 ||
                       strcmp(host, "[::1]") == 0)))
        rc = 0;
    else
        wz_fail(err, "upload_url must start with https:// (plain http is allowed only to this "
                     "computer, for tests)");
out:
    curl_free(scheme);
    curl_free(host);
    curl_url_cleanup(u);
    return rc;
}

void wz_upload_curl_common(void *curl, int is_https, const char *ca_file, const char *proxy)
{
    CURL *c = curl;
    curl_easy_setopt(c, CURLOPT_USERAGENT, "wz-kiosk/" WZ_VERSION);
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L); /* always: never configurable */
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
    if (ca_file) curl_easy_setopt(c, CURLOPT_CAINFO, ca_file);
    if (!is_https) /* loopback only: a proxy (configured or from http_proxy) would get the
                    * bearer token in clear */
        curl_easy_setopt(c, CURLOPT_NOPROXY, "*");
    else if (proxy)
        curl_easy_setopt(c, CURLOPT_PROXY, proxy);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
}

/* A curl failure in words a technician can act on. */
char *wz_upload_curl_words(int rc, const char *detail, const char *ca_file)
{
    const char *d = detail && detail[0] ? detail : curl_easy_strerror((CURLcode)rc);
    switch (rc) {
    case CURLE_PEER_FAILED_VERIFICATION: {
        /* Name the likely cause first, then keep OpenSSL's own words for the expert. */
        const char *cause =
            strstr(d, "self-signed") || strstr(d, "self signed")
                ? "it is self-signed, so nobody vouches for it"
            : strstr(d, "not yet valid") ? "it is not valid yet: check this computer's date"
            : strstr(d, "expired")       ? "it has expired (or this computer's date is wrong)"
            : strstr(d, "subject name") || strstr(d, "host name")
                ? "it was issued for another server name than the one in upload_url"
            : strstr(d, "local issuer") || strstr(d, "issuer")
                ? "it is signed by an authority this kiosk does not know"
                : "it could not be checked";
        return wz_xasprintf("the collector's certificate is not trusted: %s (%s)%s", cause, d,
                            ca_file ? "; ca_file is set: is it the collector's authority?"
                                    : "; if the server uses a private authority, set ca_file");
    }
    case CURLE_SSL_CACERT_BADFILE:
        return wz_xasprintf("the CA file %s cannot be used: %s", ca_file ? ca_file : "(system)", d);
    case CURLE_SSL_CONNECT_ERROR:
        return wz_xasprintf("the secure (TLS) connection to the collector could not be set up: %s",
                            d);
    case CURLE_COULDNT_RESOLVE_HOST:
        return wz_xasprintf("the collector's name could not be looked up (no network or DNS?): %s",
                            d);
    case CURLE_COULDNT_RESOLVE_PROXY:
        return wz_xasprintf("the proxy's name could not be looked up: %s", d);
    case CURLE_COULDNT_CONNECT:
        return wz_xasprintf(
            "could not connect to the collector (no network, or the server is down): %s", d);
    case CURLE_OPERATION_TIMEDOUT:
        return wz_xasprintf("the collector did not answer in time: %s", d);
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
        return wz_xasprintf("the connection broke during the upload: %s", d);
    case CURLE_ABORTED_BY_CALLBACK:
        return wz_xasprintf("the upload was stopped because the program is closing");
    default:
        return wz_xasprintf("the upload failed: %s", d);
    }
}

static void curl_words(pass *p, CURLcode rc)
{
    char *s = wz_upload_curl_words(rc, p->errbuf, p->o->ca_file);
    say(p, "%s", s);
    free(s);
}

static size_t on_write(char *ptr, size_t size, size_t nmemb, void *ud)
{
    xfer *x = ud;
    size_t n = size * nmemb;
    if (!x->response.toobig) wz_buf_append(&x->response, ptr, n); /* keeps at most the limit */
    return n;
}

static int on_progress(void *ud, curl_off_t dt, curl_off_t dn, curl_off_t ut, curl_off_t un)
{
    xfer *x = ud;
    return x->abort && atomic_load(x->abort) ? 1 : 0;
}

/*
 * Runs one transfer through the multi interface, polling at most 100 ms at a time, so a
 * stop request (opts.abort) ends even a silent connection within a tenth of a second;
 * the progress callback alone may wait about a second. The multi handle keeps the
 * connection alive between the requests of one pass.
 */
static CURLcode perform(CURLM *m, CURL *e, const atomic_int *abort_flag)
{
    CURLcode rc = CURLE_OK;
    int running = 1, done = 0;
    if (curl_multi_add_handle(m, e) != CURLM_OK) return CURLE_FAILED_INIT;
    while (running) {
        if (curl_multi_perform(m, &running) != CURLM_OK) {
            rc = CURLE_FAILED_INIT;
            break;
        }
        if (!running) break;
        if (abort_flag && atomic_load(abort_flag)) {
            rc = CURLE_ABORTED_BY_CALLBACK;
            break;
        }
        curl_multi_poll(m, NULL, 0, 100, NULL);
    }
    if (!running) {
        CURLMsg *msg;
        int left;
        while ((msg = curl_multi_info_read(m, &left)))
            if (msg->msg == CURLMSG_DONE && msg->easy_handle == e) {
                rc = msg->data.result;
                done = 1;
            }
        if (!done && rc == CURLE_OK) rc = CURLE_FAILED_INIT;
    }
    curl_multi_remove_handle(m, e);
    return rc;
}

/* ---- the collector's answer ---- */

void wz_upload_parse_answer(const char *body, size_t len, int n, wz_upload_answer *a)
{
    memset(a, 0, sizeof *a);
    a->index = -1;
    cJSON *j = body && len ? cJSON_ParseWithLength(body, len) : NULL;
    if (!cJSON_IsObject(j)) {
        cJSON_Delete(j);
        return;
    }
    const cJSON *st = cJSON_GetObjectItemCaseSensitive(j, "status");
    const cJSON *res = cJSON_GetObjectItemCaseSensitive(j, "results");
    a->confirms = cJSON_IsString(st) && strcmp(st->valuestring, "ok") == 0 && cJSON_IsArray(res) &&
                  cJSON_GetArraySize(res) == n;
    a->collector_error = cJSON_IsString(cJSON_GetObjectItemCaseSensitive(j, "error"));
    const cJSON *i = cJSON_GetObjectItemCaseSensitive(j, "index");
    const cJSON *m = cJSON_GetObjectItemCaseSensitive(j, "message");
    if (cJSON_IsNumber(i) && i->valuedouble >= 0 && i->valuedouble < 1e6) a->index = i->valueint;
    if (cJSON_IsString(m)) snprintf(a->message, sizeof a->message, "%s", m->valuestring);
    cJSON_Delete(j);
}

/* What one answer means for the batch it answers (see wz_upload.h for the rules). */
typedef enum {
    FATE_ACK,           /* 2xx from the collector: acknowledge every snapshot */
    FATE_NOT_COLLECTOR, /* 2xx from something else (a captive portal): retry */
    FATE_BUSY,          /* 5xx, 408, 425, 429: retry */
    FATE_PAUSE,         /* 401, 403: the token or the address is wrong */
    FATE_SHRINK,        /* 413 with more than one snapshot: send fewer at a time */
    FATE_WRONG_PLACE,   /* 404, 405 or a 4xx that is not the collector's: retry */
    FATE_REFUSED,       /* the collector refused (part of) the batch for good */
    FATE_UNEXPECTED     /* anything else (1xx, 3xx): retry */
} fate;

static fate classify_answer(long status, const wz_upload_answer *a, int n)
{
    if (status >= 200 && status < 300) return a->confirms ? FATE_ACK : FATE_NOT_COLLECTOR;
    if (status >= 500 || status == 408 || status == 425 || status == 429) return FATE_BUSY;
    if (status == 401 || status == 403) return FATE_PAUSE;
    if (status == 413 && n > 1) return FATE_SHRINK;
    if (status == 404 || status == 405 || (status >= 400 && status < 500 && !a->collector_error))
        return FATE_WRONG_PLACE;
    if (status >= 400 && status < 500) return FATE_REFUSED;
    return FATE_UNEXPECTED;
}

/* ---- the steps of a pass ---- */

/* Address, kiosk id, token, outbox refresh and clock. Returns 0 when a request may be sent. */
static int check_settings(pass *p)
{
    const wz_upload_opts *o = p->o;
    char *why = NULL;
    if (!o->url || !o->url[0]) {
        say(p, "no upload_url is configured");
        return -1;
    }
    if (!o->kiosk_id || !o->kiosk_id[0]) {
        say(p, "no kiosk_id is configured");
        return -1;
    }
    if (wz_upload_url_allowed(o->url, &p->is_https, &why) < 0 ||
        (o->token_file && wz_upload_read_token(o->token_file, &p->token, &why) < 0)) {
        say(p, "%s", why);
        free(why);
        return -1;
    }
    /* Refresh even when the clock is wrong: the outbox is local work. */
    if (wz_outbox_refresh(p->db, o->kiosk_id, &why) < 0) {
        p->r->outcome = WZ_UPLOAD_LOCAL;
        say(p, "the statistics database could not be read to prepare the upload: %s", why);
        free(why);
        return -1;
    }
    if (p->is_https && !wz_upload_clock_ok(o->now ? o->now : time(NULL))) {
        p->r->outcome = WZ_UPLOAD_CLOCK;
        p->r->pending = wz_outbox_pending_count(p->db, NULL);
        say(p, "this computer's clock is wrong (it says a date before this program was built), "
               "so a secure connection cannot be checked; uploads wait until the time is set "
               "(check the network time service or the clock battery)");
        return -1;
    }
    return 0;
}

static int setup_handle(pass *p)
{
    const wz_upload_opts *o = p->o;
    char *why = NULL;
    if (wz_upload_curl_init(&why) < 0) {
        p->r->outcome = WZ_UPLOAD_LOCAL;
        say(p, "%s", why);
        free(why);
        return -1;
    }
    p->curl = curl_easy_init();
    p->multi = curl_multi_init();
    if (!p->curl || !p->multi) {
        p->r->outcome = WZ_UPLOAD_LOCAL;
        say(p, "libcurl could not start");
        return -1;
    }
    CURL *c = p->curl;
    p->headers = curl_slist_append(p->headers, "Content-Type: application/json");
    p->headers = curl_slist_append(p->headers, "Accept: application/json");
    p->headers = curl_slist_append(p->headers, "Expect:");
    if (p->token) {
        p->auth = wz_xasprintf("Authorization: Bearer %s", p->token);
        p->headers = curl_slist_append(p->headers, p->auth);
    }
    curl_easy_setopt(c, CURLOPT_URL, o->url);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, p->headers);
    wz_upload_curl_common(c, p->is_https, o->ca_file, o->proxy);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, o->connect_timeout_s ? o->connect_timeout_s : 15L);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, o->timeout_s ? o->timeout_s : 60L);
    curl_easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, o->low_speed_bytes ? o->low_speed_bytes : 64L);
    curl_easy_setopt(c, CURLOPT_LOW_SPEED_TIME, o->low_speed_time_s ? o->low_speed_time_s : 20L);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_write);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &p->x);
    curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, on_progress);
    curl_easy_setopt(c, CURLOPT_XFERINFODATA, &p->x);
    curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, p->errbuf);
    return 0;
}

/* The request body: as many of the oldest snapshots as fit in max_bytes. Returns how many
 * went in (0: the first alone is too large). */
static int build_batch(pass *p, const wz_outbox_item *snaps, int nsnaps, wz_buf *body)
{
    wz_buf_init(body, p->max_bytes);
    /* The database file's instance id (docs/upload-protocol.md); each snapshot carries its
     * own, which is what the collector keys by. */
    char instance[33];
    if (wz_db_instance(p->db, instance, NULL) == 0)
        wz_buf_printf(body, "{\"schema\":1,\"kiosk_id\":\"%s\",\"instance\":\"%s\",\"snapshots\":[",
                      p->o->kiosk_id, instance);
    else
        wz_buf_printf(body, "{\"schema\":1,\"kiosk_id\":\"%s\",\"snapshots\":[", p->o->kiosk_id);
    int n = 0;
    for (; n < nsnaps; n++) {
        size_t need = strlen(snaps[n].json) + 1 + 2;
        if (body->len + need > p->max_bytes) break;
        if (n) wz_buf_putc(body, ',');
        wz_buf_puts(body, snaps[n].json);
    }
    wz_buf_puts(body, "]}");
    return n;
}

/* POSTs body. Returns 0 with the answer's status in *status, or -1 (outcome and words set). */
static int send_batch(pass *p, const wz_buf *body, long *status)
{
    wz_upload_result *r = p->r;
    wz_buf_free(&p->x.response);
    wz_buf_init(&p->x.response, WZ_UPLOAD_RESPONSE_MAX);
    p->errbuf[0] = '\0';
    curl_easy_setopt(p->curl, CURLOPT_POSTFIELDS, body->data);
    curl_easy_setopt(p->curl, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)body->len);
    CURLcode rc = perform(p->multi, p->curl, p->o->abort);
    r->requests++;
    if (rc != CURLE_OK) {
        r->outcome = rc == CURLE_ABORTED_BY_CALLBACK ? WZ_UPLOAD_ABORTED : WZ_UPLOAD_RETRY;
        r->http_status = 0;
        curl_words(p, rc);
        return -1;
    }
    *status = 0;
    curl_easy_getinfo(p->curl, CURLINFO_RESPONSE_CODE, status);
    r->http_status = *status;
    curl_off_t ra = -1;
    if (curl_easy_getinfo(p->curl, CURLINFO_RETRY_AFTER, &ra) == CURLE_OK && ra > 0)
        r->retry_after_s = ra > WZ_UPLOAD_RETRY_AFTER_MAX_S ? WZ_UPLOAD_RETRY_AFTER_MAX_S : ra;
    else
        r->retry_after_s = -1;
    return 0;
}

/* The collector stored snaps[0..n): note each acknowledgement. Returns 0 or -1. */
static int apply_acks(pass *p, const wz_outbox_item *snaps, int n)
{
    for (int i = 0; i < n; i++) {
        char *why = NULL;
        if (wz_outbox_ack(p->db, snaps[i].day, snaps[i].revision, &why) < 0) {
            p->r->outcome = WZ_UPLOAD_LOCAL;
            say(p,
                "the collector has the data but the kiosk could not note it (%s); it will be "
                "sent again, which is harmless",
                why);
            free(why);
            return -1;
        }
        p->r->acked++;
    }
    return 0;
}

/* The collector refused the batch (or the one snapshot its answer names) for good: set it
 * aside with the collector's reason. Returns 0 or -1. */
static int apply_refusal(pass *p, const wz_outbox_item *snaps, int n, long status,
                         const wz_upload_answer *a)
{
    char *reason = wz_xasprintf("the collector refused it with %ld: %s", status,
                                a->message[0] ? a->message : "(no reason given)");
    int one = a->index >= 0 && a->index < n;
    int from = one ? a->index : 0, to = one ? a->index + 1 : n, rc = 0;
    for (int i = from; i < to && rc == 0; i++) {
        char *why = NULL;
        if (wz_outbox_set_aside(p->db, snaps[i].day, snaps[i].revision, reason, &why) < 0) {
            p->r->outcome = WZ_UPLOAD_LOCAL;
            say(p, "could not set a refused snapshot aside: %s", why);
            free(why);
            rc = -1;
        } else {
            p->r->set_aside++;
        }
    }
    if (rc == 0)
        say(p, "%d day(s) from %s were kept aside: %s", to - from, snaps[from].day, reason);
    free(reason);
    return rc;
}

/* Acts on the answer to a batch of n. Returns 1 to send the next batch, 0 to end the pass. */
static int act_on_answer(pass *p, const wz_outbox_item *snaps, int n, long status)
{
    wz_upload_answer a;
    wz_upload_parse_answer(p->x.response.data, p->x.response.len, n, &a);
    p->r->outcome = WZ_UPLOAD_RETRY;
    switch (classify_answer(status, &a, n)) {
    case FATE_ACK:
        p->r->outcome = WZ_UPLOAD_DONE;
        return apply_acks(p, snaps, n) == 0;
    case FATE_NOT_COLLECTOR:
        /* Nothing is known to be stored, so nothing is acked. */
        say(p,
            "an answer %ld came that is not the collector's (is upload_url right? is there a "
            "login page on this network?); trying again later",
            status);
        return 0;
    case FATE_BUSY:
        say(p, "the collector answered %ld (%s); trying again later", status,
            status == 429   ? "too many requests"
            : status >= 500 ? "a problem on the server"
                            : "not now");
        return 0;
    case FATE_PAUSE:
        p->r->outcome = WZ_UPLOAD_PAUSED;
        say(p,
            "the collector refused the kiosk's token (%ld): uploads are paused until the token "
            "file or upload_url is changed",
            status);
        return 0;
    case FATE_SHRINK:
        p->r->outcome = WZ_UPLOAD_DONE;
        p->max_snaps = n / 2;
        say(p, "the collector found the request too large; sending fewer days at a time");
        return 1;
    case FATE_WRONG_PLACE:
        /* Setting the snapshots aside would keep them from the collector for good (past
         * days never change again) because of a configuration or network problem. */
        say(p,
            "the address answered %ld, which is not the collector refusing the data (is "
            "upload_url the collector's snapshots address? is there a proxy or a login page on "
            "this network?); nothing was set aside, trying again later",
            status);
        return 0;
    case FATE_REFUSED:
        p->r->outcome = WZ_UPLOAD_DONE;
        return apply_refusal(p, snaps, n, status, &a) == 0;
    case FATE_UNEXPECTED:
        break;
    }
    say(p,
        "the collector gave an unexpected answer %ld (is upload_url the snapshots address, with "
        "no redirect?)",
        status);
    return 0;
}

/* One round: the oldest pending snapshots, one request, the answer acted on. Returns 1 to
 * go on, 0 when the pass is over (outcome set). */
static int round_trip(pass *p, int round)
{
    wz_upload_result *r = p->r;
    wz_outbox_item *snaps = NULL;
    char *why = NULL;
    int nsnaps = wz_outbox_pending(p->db, &snaps, p->max_snaps, &why), go_on = 0;
    if (nsnaps < 0) {
        r->outcome = WZ_UPLOAD_LOCAL;
        say(p, "the statistics database could not be read: %s", why);
        free(why);
        return 0;
    }
    if (nsnaps == 0) {
        r->outcome = WZ_UPLOAD_DONE;
    } else if (p->o->max_requests > 0 && r->requests >= p->o->max_requests) {
        r->outcome = WZ_UPLOAD_MORE;
    } else if (round > 100000) { /* cannot happen: every round acks or sets aside */
        r->outcome = WZ_UPLOAD_LOCAL;
        say(p, "the outbox does not shrink; stopping this pass");
    } else if (p->o->abort && atomic_load(p->o->abort)) {
        r->outcome = WZ_UPLOAD_ABORTED;
    } else {
        wz_buf body;
        long status = 0;
        int n = build_batch(p, snaps, nsnaps, &body);
        if (n == 0) {
            wz_outbox_set_aside(p->db, snaps[0].day, snaps[0].revision,
                                "larger than the largest request the kiosk sends", NULL);
            r->set_aside++;
            say(p, "the snapshot of %s is too large to send; it is kept aside", snaps[0].day);
            go_on = 1;
        } else if (send_batch(p, &body, &status) == 0) {
            go_on = act_on_answer(p, snaps, n, status);
        }
        wz_buf_free(&body);
    }
    wz_outbox_items_free(snaps, nsnaps);
    return go_on;
}

int wz_upload_pass(sqlite3 *db, const wz_upload_opts *o, wz_upload_result *r, char **err)
{
    pass p = {.db = db, .o = o, .r = r, .x = {.abort = o->abort}};
    p.max_bytes = o->max_batch_bytes ? o->max_batch_bytes : WZ_UPLOAD_MAX_BATCH_BYTES;
    p.max_snaps =
        o->max_batch_snapshots > 0 ? o->max_batch_snapshots : WZ_UPLOAD_MAX_BATCH_SNAPSHOTS;
    memset(r, 0, sizeof *r);
    r->pending = -1;
    r->retry_after_s = -1;
    r->outcome = WZ_UPLOAD_CONFIG;
    wz_buf_init(&p.x.response, WZ_UPLOAD_RESPONSE_MAX);

    if (check_settings(&p) == 0 && setup_handle(&p) == 0) {
        r->outcome = WZ_UPLOAD_DONE;
        for (int round = 0; round_trip(&p, round); round++)
            ;
        r->pending = wz_outbox_pending_count(db, NULL);
    }

    curl_slist_free_all(p.headers);
    if (p.auth) {
        memset(p.auth, 0, strlen(p.auth));
        free(p.auth);
    }
    if (p.token) {
        memset(p.token, 0, strlen(p.token));
        free(p.token);
    }
    curl_easy_cleanup(p.curl);
    curl_multi_cleanup(p.multi);
    wz_buf_free(&p.x.response);
    if (p.msg[0] && err) *err = wz_xstrdup(p.msg);
    return r->outcome == WZ_UPLOAD_DONE || r->outcome == WZ_UPLOAD_MORE ? 0 : -1;
}

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
#include "wz_util.h"

#include <cjson/cJSON.h>
#include <curl/curl.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#ifndef WZ_BUILD_EPOCH
#define WZ_BUILD_EPOCH 0
#endif
#ifndef WZ_VERSION
#define WZ_VERSION "0"
#endif

static void say(wz_upload_result *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void say(wz_upload_result *r, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(r->message, sizeof r->message, fmt, ap);
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

int wz_upload_read_token(const char *path, char **token, char *why, size_t whylen)
{
    struct stat st;
    char *data = NULL;
    size_t len = 0;
    *token = NULL;
    if (stat(path, &st) < 0) {
        snprintf(why, whylen, "cannot read the token file %s: %s", path, strerror(errno));
        return -1;
    }
    if (!S_ISREG(st.st_mode)) {
        snprintf(why, whylen, "the token file %s is not a regular file", path);
        return -1;
    }
    if (st.st_mode & 077) {
        snprintf(why, whylen,
                 "the token file %s can be read by other users (mode %03o); it must be "
                 "readable by its owner only: chmod 600 %s",
                 path, (unsigned)(st.st_mode & 0777), path);
        return -1;
    }
    int rc = wz_read_file(path, WZ_UPLOAD_TOKEN_MAX, &data, &len);
    if (rc < 0) {
        snprintf(why, whylen, "cannot read the token file %s: %s", path,
                 rc == -2 ? "it is too large" : strerror(errno));
        return -1;
    }
    char *t = wz_str_trim_dup(data, len);
    free(data);
    size_t n = strlen(t);
    for (size_t i = 0; i < n; i++) {
        if (t[i] < 0x21 || t[i] > 0x7e) {
            snprintf(why, whylen,
                     "the token file %s must hold one line of printable characters (no "
                     "spaces)",
                     path);
            free(t);
            return -1;
        }
    }
    if (n == 0) {
        snprintf(why, whylen, "the token file %s is empty", path);
        free(t);
        return -1;
    }
    *token = t;
    return 0;
}

/* http:// is allowed to loopback only; anything else must be https://. */
int wz_upload_url_allowed(const char *url, int *is_https, char *why, size_t whylen)
{
    CURLU *u = curl_url();
    char *scheme = NULL, *host = NULL;
    int ok = 0;
    if (!u || curl_url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK ||
        curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK ||
        curl_url_get(u, CURLUPART_HOST, &host, 0) != CURLUE_OK) {
        snprintf(why, whylen, "upload_url \"%.200s\" is not a valid address", url);
        goto out;
    }
    *is_https = strcmp(scheme, "https") == 0;
    if (*is_https) {
        ok = 1;
    } else if (strcmp(scheme, "http") == 0 &&
               (strcmp(host, "127.0.0.1") == 0 || strcmp(host, "localhost") == 0 ||
                strcmp(host, "[::1]") == 0)) {
        ok = 1;
    } else {
        snprintf(why, whylen,
                 "upload_url must start with https:// (plain http is allowed only to this "
                 "computer, for tests)");
    }
out:
    curl_free(scheme);
    curl_free(host);
    curl_url_cleanup(u);
    return ok;
}

/* A curl failure in words a technician can act on. */
void wz_upload_curl_words(wz_upload_result *r, int rc, const char *detail, const char *ca_file)
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
        say(r, "the collector's certificate is not trusted: %s (%s)%s", cause, d,
            ca_file ? "; ca_file is set: is it the collector's authority?"
                    : "; if the server uses a private authority, set ca_file");
        break;
    }
    case CURLE_SSL_CACERT_BADFILE:
        say(r, "the CA file %s cannot be used: %s", ca_file ? ca_file : "(system)", d);
        break;
    case CURLE_SSL_CONNECT_ERROR:
        say(r, "the secure (TLS) connection to the collector could not be set up: %s", d);
        break;
    case CURLE_COULDNT_RESOLVE_HOST:
        say(r, "the collector's name could not be looked up (no network or DNS?): %s", d);
        break;
    case CURLE_COULDNT_RESOLVE_PROXY:
        say(r, "the proxy's name could not be looked up: %s", d);
        break;
    case CURLE_COULDNT_CONNECT:
        say(r, "could not connect to the collector (no network, or the server is down): %s", d);
        break;
    case CURLE_OPERATION_TIMEDOUT:
        say(r, "the collector did not answer in time: %s", d);
        break;
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
        say(r, "the connection broke during the upload: %s", d);
        break;
    case CURLE_ABORTED_BY_CALLBACK:
        say(r, "the upload was stopped because the program is closing");
        break;
    default:
        say(r, "the upload failed: %s", d);
        break;
    }
}

typedef struct xfer {
    wz_buf response;
    const atomic_int *abort;
} xfer;

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

/* Does a 2xx body say the collector stored all n snapshots (docs/upload-protocol.md)? */
static int answer_confirms(const char *body, int n)
{
    cJSON *j = body ? cJSON_Parse(body) : NULL;
    const cJSON *st = cJSON_GetObjectItemCaseSensitive(j, "status");
    const cJSON *res = cJSON_GetObjectItemCaseSensitive(j, "results");
    int ok = cJSON_IsString(st) && strcmp(st->valuestring, "ok") == 0 && cJSON_IsArray(res) &&
             cJSON_GetArraySize(res) == n;
    cJSON_Delete(j);
    return ok;
}

/* Is this body the collector's own error document ({"error": "...", ...})? A 4xx without
 * one came from something else on the way (a proxy asking for a password, a login page,
 * a web server at a wrong address): it says nothing about the snapshots. */
static int collector_error(const char *body)
{
    cJSON *j = body ? cJSON_Parse(body) : NULL;
    int ok = cJSON_IsString(cJSON_GetObjectItemCaseSensitive(j, "error"));
    cJSON_Delete(j);
    return ok;
}

/* The "index" an error answer names, or -1. */
static int error_index(const char *body, char *why, size_t whylen)
{
    int idx = -1;
    cJSON *j = body ? cJSON_Parse(body) : NULL;
    const cJSON *i = cJSON_GetObjectItemCaseSensitive(j, "index");
    const cJSON *m = cJSON_GetObjectItemCaseSensitive(j, "message");
    if (cJSON_IsNumber(i) && i->valuedouble >= 0 && i->valuedouble < 1e6) idx = i->valueint;
    if (cJSON_IsString(m)) snprintf(why, whylen, "%.300s", m->valuestring);
    cJSON_Delete(j);
    return idx;
}

int wz_upload_pass(sqlite3 *db, const wz_upload_opts *o, wz_upload_result *r)
{
    CURL *curl = NULL;
    CURLM *multi = NULL;
    struct curl_slist *headers = NULL;
    char *token = NULL, *auth = NULL;
    wz_snapshot *snaps = NULL;
    int nsnaps = 0, is_https = 0;
    char why[320] = "";
    char errbuf[CURL_ERROR_SIZE];
    xfer x = {.abort = o->abort};
    size_t max_bytes = o->max_batch_bytes ? o->max_batch_bytes : WZ_UPLOAD_MAX_BATCH_BYTES;
    int max_snaps =
        o->max_batch_snapshots > 0 ? o->max_batch_snapshots : WZ_UPLOAD_MAX_BATCH_SNAPSHOTS;

    memset(r, 0, sizeof *r);
    r->pending = -1;
    r->retry_after_s = -1;
    r->outcome = WZ_UPLOAD_CONFIG;
    wz_buf_init(&x.response, WZ_UPLOAD_RESPONSE_MAX);

    if (!o->url || !o->url[0]) {
        say(r, "no upload_url is configured");
        goto out;
    }
    if (!o->kiosk_id || !o->kiosk_id[0]) {
        say(r, "no kiosk_id is configured");
        goto out;
    }
    if (!wz_upload_url_allowed(o->url, &is_https, why, sizeof why)) {
        say(r, "%s", why);
        goto out;
    }
    if (o->token_file && wz_upload_read_token(o->token_file, &token, why, sizeof why) < 0) {
        say(r, "%s", why);
        goto out;
    }
    /* Refresh even when the clock is wrong: the outbox is local work. */
    if (wz_outbox_refresh(db, o->kiosk_id) < 0) {
        r->outcome = WZ_UPLOAD_LOCAL;
        say(r, "the statistics database could not be read to prepare the upload: %s",
            sqlite3_errmsg(db));
        goto out;
    }
    if (is_https && !wz_upload_clock_ok(o->now ? o->now : time(NULL))) {
        r->outcome = WZ_UPLOAD_CLOCK;
        r->pending = wz_outbox_pending_count(db);
        say(r, "this computer's clock is wrong (it says a date before this program was built), "
               "so a secure connection cannot be checked; uploads wait until the time is set "
               "(check the network time service or the clock battery)");
        goto out;
    }

    curl = curl_easy_init();
    multi = curl_multi_init();
    if (!curl || !multi) {
        r->outcome = WZ_UPLOAD_LOCAL;
        say(r, "libcurl could not start");
        goto out;
    }
    headers = curl_slist_append(headers, "Content-Type: application/json");
    headers = curl_slist_append(headers, "Accept: application/json");
    headers = curl_slist_append(headers, "Expect:");
    if (token) {
        auth = wz_xasprintf("Authorization: Bearer %s", token);
        headers = curl_slist_append(headers, auth);
    }
    curl_easy_setopt(curl, CURLOPT_URL, o->url);
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(curl, CURLOPT_USERAGENT, "wz-kiosk/" WZ_VERSION);
    curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 1L); /* always: never configurable */
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 2L);
    if (o->ca_file) curl_easy_setopt(curl, CURLOPT_CAINFO, o->ca_file);
    if (!is_https) /* loopback only: a proxy (configured or from http_proxy) would get the
                    * bearer token in clear */
        curl_easy_setopt(curl, CURLOPT_NOPROXY, "*");
    else if (o->proxy)
        curl_easy_setopt(curl, CURLOPT_PROXY, o->proxy);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT,
                     o->connect_timeout_s ? o->connect_timeout_s : 15L);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, o->timeout_s ? o->timeout_s : 60L);
    curl_easy_setopt(curl, CURLOPT_LOW_SPEED_LIMIT, o->low_speed_bytes ? o->low_speed_bytes : 64L);
    curl_easy_setopt(curl, CURLOPT_LOW_SPEED_TIME, o->low_speed_time_s ? o->low_speed_time_s : 20L);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_write);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &x);
    curl_easy_setopt(curl, CURLOPT_XFERINFOFUNCTION, on_progress);
    curl_easy_setopt(curl, CURLOPT_XFERINFODATA, &x);
    curl_easy_setopt(curl, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, errbuf);

    r->outcome = WZ_UPLOAD_DONE;
    for (int round = 0;; round++) {
        wz_snapshots_free(snaps, nsnaps);
        snaps = NULL;
        nsnaps = wz_outbox_pending(db, &snaps, max_snaps);
        if (nsnaps < 0) {
            nsnaps = 0;
            r->outcome = WZ_UPLOAD_LOCAL;
            say(r, "the statistics database could not be read: %s", sqlite3_errmsg(db));
            break;
        }
        if (nsnaps == 0) break;
        if (o->max_requests > 0 && r->requests >= o->max_requests) {
            r->outcome = WZ_UPLOAD_MORE;
            break;
        }
        if (round > 100000) { /* cannot happen: every round acks or sets aside */
            r->outcome = WZ_UPLOAD_LOCAL;
            say(r, "the outbox does not shrink; stopping this pass");
            break;
        }
        if (o->abort && atomic_load(o->abort)) {
            r->outcome = WZ_UPLOAD_ABORTED;
            break;
        }

        /* The batch: as many of the oldest snapshots as fit in max_bytes. */
        wz_buf body;
        wz_buf_init(&body, max_bytes);
        /* The database file's instance id (docs/upload-protocol.md); each snapshot carries
         * its own, which is what the collector keys by. */
        char instance[33];
        if (wz_db_instance(db, instance) == 0)
            wz_buf_printf(&body,
                          "{\"schema\":1,\"kiosk_id\":\"%s\",\"instance\":\"%s\",\"snapshots\":[",
                          o->kiosk_id, instance);
        else
            wz_buf_printf(&body, "{\"schema\":1,\"kiosk_id\":\"%s\",\"snapshots\":[", o->kiosk_id);
        int n = 0;
        for (; n < nsnaps; n++) {
            size_t need = strlen(snaps[n].json) + 1 + 2;
            if (body.len + need > max_bytes) break;
            if (n) wz_buf_putc(&body, ',');
            wz_buf_puts(&body, snaps[n].json);
        }
        if (n == 0) {
            wz_buf_free(&body);
            wz_outbox_set_aside(db, snaps[0].day, snaps[0].revision,
                                "larger than the largest request the kiosk sends");
            r->set_aside++;
            say(r, "the snapshot of %s is too large to send; it is kept aside", snaps[0].day);
            continue;
        }
        wz_buf_puts(&body, "]}");

        wz_buf_free(&x.response);
        wz_buf_init(&x.response, WZ_UPLOAD_RESPONSE_MAX);
        errbuf[0] = '\0';
        curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.data);
        curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)body.len);
        CURLcode rc = perform(multi, curl, o->abort);
        r->requests++;
        wz_buf_free(&body);

        if (rc != CURLE_OK) {
            r->outcome = rc == CURLE_ABORTED_BY_CALLBACK ? WZ_UPLOAD_ABORTED : WZ_UPLOAD_RETRY;
            r->http_status = 0;
            wz_upload_curl_words(r, rc, errbuf, o->ca_file);
            break;
        }
        long status = 0;
        curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
        r->http_status = status;
        curl_off_t ra = -1;
        if (curl_easy_getinfo(curl, CURLINFO_RETRY_AFTER, &ra) == CURLE_OK && ra > 0)
            r->retry_after_s = ra > WZ_UPLOAD_RETRY_AFTER_MAX_S ? WZ_UPLOAD_RETRY_AFTER_MAX_S : ra;
        else
            r->retry_after_s = -1;

        if (status >= 200 && status < 300 && !answer_confirms(x.response.data, n)) {
            /* Something answered 2xx that is not the collector (a captive portal, a
             * misdirected URL): nothing is known to be stored, so nothing is acked. */
            r->outcome = WZ_UPLOAD_RETRY;
            say(r,
                "an answer %ld came that is not the collector's (is upload_url right? is "
                "there a login page on this network?); trying again later",
                status);
            break;
        }
        if (status >= 200 && status < 300) {
            for (int i = 0; i < n; i++) {
                if (wz_outbox_ack(db, snaps[i].day, snaps[i].revision) < 0) {
                    r->outcome = WZ_UPLOAD_LOCAL;
                    say(r,
                        "the collector has the data but the kiosk could not note it (%s); "
                        "it will be sent again, which is harmless",
                        sqlite3_errmsg(db));
                    goto done;
                }
                r->acked++;
            }
            continue;
        }
        if (status >= 500 || status == 408 || status == 425 || status == 429) {
            r->outcome = WZ_UPLOAD_RETRY;
            say(r, "the collector answered %ld (%s); trying again later", status,
                status == 429   ? "too many requests"
                : status >= 500 ? "a problem on the server"
                                : "not now");
            break;
        }
        if (status == 401 || status == 403) {
            r->outcome = WZ_UPLOAD_PAUSED;
            say(r,
                "the collector refused the kiosk's token (%ld): uploads are paused until the "
                "token file or upload_url is changed",
                status);
            break;
        }
        if (status == 413 && n > 1) { /* the server takes smaller requests: halve and go on */
            max_snaps = n / 2;
            say(r, "the collector found the request too large; sending fewer days at a time");
            continue;
        }
        if (status == 404 || status == 405 ||
            (status >= 400 && status < 500 && !collector_error(x.response.data))) {
            /* A wrong address, or an answer that is not the collector's: setting the
             * snapshots aside would keep them from the collector for good (past days
             * never change again) because of a configuration or network problem. */
            r->outcome = WZ_UPLOAD_RETRY;
            say(r,
                "the address answered %ld, which is not the collector refusing the data (is "
                "upload_url the collector's snapshots address? is there a proxy or a login "
                "page on this network?); nothing was set aside, trying again later",
                status);
            break;
        }
        if (status >= 400 && status < 500) {
            int idx = error_index(x.response.data, why, sizeof why);
            char *reason = wz_xasprintf("the collector refused it with %ld: %s", status,
                                        why[0] ? why : "(no reason given)");
            int from = idx >= 0 && idx < n ? idx : 0, to = idx >= 0 && idx < n ? idx + 1 : n;
            for (int i = from; i < to; i++) {
                if (wz_outbox_set_aside(db, snaps[i].day, snaps[i].revision, reason) < 0) {
                    r->outcome = WZ_UPLOAD_LOCAL;
                    say(r, "could not set a refused snapshot aside: %s", sqlite3_errmsg(db));
                    free(reason);
                    goto done;
                }
                r->set_aside++;
            }
            say(r, "%d day(s) from %s were kept aside: %s", to - from, snaps[from].day, reason);
            free(reason);
            continue;
        }
        r->outcome = WZ_UPLOAD_RETRY;
        say(r,
            "the collector gave an unexpected answer %ld (is upload_url the snapshots "
            "address, with no redirect?)",
            status);
        break;
    }
done:
    r->pending = wz_outbox_pending_count(db);
out:
    wz_snapshots_free(snaps, nsnaps);
    curl_slist_free_all(headers);
    if (auth) {
        memset(auth, 0, strlen(auth));
        free(auth);
    }
    if (token) {
        memset(token, 0, strlen(token));
        free(token);
    }
    curl_easy_cleanup(curl);
    curl_multi_cleanup(multi);
    wz_buf_free(&x.response);
    return r->outcome == WZ_UPLOAD_DONE || r->outcome == WZ_UPLOAD_MORE ? 0 : -1;
}

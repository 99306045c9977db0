/*
 * wz_collect_server: requests, the writer thread, the report thread and start-up (see
 * wz_collect_server.h).
 */
#include "wz_collect_server.h"

#include "wz_collect.h"
#include "wz_collect_backoff.h"
#include "wz_collect_guard.h"
#include "wz_collect_log.h"
#include "wz_collect_board.h"
#include "wz_collect_pages.h"
#include "wz_collect_tokens.h"
#include "wz_util.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <time.h>
#include <unistd.h>

#define GROUP_MAX 256 /* requests sharing one commit */

/* A parsed request waiting for the writer; its connection is suspended meanwhile. */
typedef struct pending {
    struct pending *next;
    struct MHD_Connection *conn;
    wz_collect_request *req;
    wz_collect_outcome *oc;
    wz_collect_error err; /* status 0: stored */
} pending;

typedef struct server {
    sqlite3 *db;  /* the writer thread's */
    sqlite3 *rdb; /* the report page's (wz_collect_pages owns it once started) */
    char *db_dir;
    wz_collect_tokens *tokens;        /* NULL: no authentication (development) */
    wz_collect_tokens *report_tokens; /* NULL: /report is off */
    wz_collect_backoff *backoff;
    wz_collect_guard *guard;
    pthread_mutex_t mu; /* guards the queue and stopping */
    pthread_cond_t cv;
    pending *head, *tail;
    int stopping;
    pthread_t writer;
    atomic_int store_failed;  /* the last commit failed (not a refusal) */
    atomic_int readonly;      /* the database was opened read-only */
    atomic_ullong generation; /* rises with every commit that stored something */
    wz_collect_pages *pages;  /* the report page; NULL when it is off */
} server;

typedef struct conn_ctx {
    wz_buf body;
    int too_big;
    pending *p; /* set while (and after) the writer has the request */
    int token;  /* index of the token presented, or TOKEN_ANY */
    int waited; /* a /report request resumed after its page was made */
} conn_ctx;

#define TOKEN_ANY (-2)

/* ---- answers ---- */

static enum MHD_Result send_text(struct MHD_Connection *c, unsigned status, const char *type,
                                 char *body /* taken */, const char *extra_header,
                                 const char *extra_value)
{
    struct MHD_Response *r =
        MHD_create_response_from_buffer(strlen(body), body, MHD_RESPMEM_MUST_FREE);
    MHD_add_response_header(r, "Content-Type", type);
    MHD_add_response_header(r, "Cache-Control", "no-store");
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    if (extra_header) MHD_add_response_header(r, extra_header, extra_value);
    /* Refused before its body was read: close, so the body is never read as a request. */
    if (status >= 400) MHD_add_response_header(r, "Connection", "close");
    enum MHD_Result ret = MHD_queue_response(c, status, r);
    MHD_destroy_response(r);
    return ret;
}

static enum MHD_Result send_error(struct MHD_Connection *c, int status, const char *code,
                                  const char *message, const char *hdr, const char *val)
{
    wz_collect_error e = {.status = status, .index = -1};
    snprintf(e.code, sizeof e.code, "%s", code);
    snprintf(e.message, sizeof e.message, "%s", message);
    return send_text(c, (unsigned)status, "application/json", wz_collect_error_json(&e), hdr, val);
}

static const struct sockaddr *client_addr(struct MHD_Connection *c)
{
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    return ci ? ci->client_addr : NULL;
}

/* An address slowed after wrong tokens: 429 with how long to wait, no token compared. */
static enum MHD_Result send_slowed(struct MHD_Connection *c, int wait_s)
{
    char v[16];
    snprintf(v, sizeof v, "%d", wait_s);
    return send_error(c, 429, "slowed",
                      "too many wrong tokens from this address; wait before trying again",
                      "Retry-After", v);
}

/* ---- authentication ---- */

/* Which token the request presents: its index, TOKEN_ANY when none are configured, or
 * -1 when it presents no valid one. */
static int bearer_match(const server *s, struct MHD_Connection *c)
{
    if (!s->tokens) return TOKEN_ANY;
    const char *h = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Authorization");
    if (!h || strncasecmp(h, "Bearer ", 7) != 0) return -1;
    h += 7;
    while (*h == ' ')
        h++;
    size_t n = strlen(h);
    return n > WZ_COLLECT_TOKEN_MAX ? -1 : wz_collect_tokens_match(s->tokens, h, n);
}

static int b64val(int ch)
{
    if (ch >= 'A' && ch <= 'Z') return ch - 'A';
    if (ch >= 'a' && ch <= 'z') return ch - 'a' + 26;
    if (ch >= '0' && ch <= '9') return ch - '0' + 52;
    if (ch == '+') return 62;
    if (ch == '/') return 63;
    return -1;
}

/* The report is read with HTTP Basic authentication (any user name, the read token as
 * password) or, for a bookmark, ?token=... (docs/upload-protocol.md, "Report page"). */
static int report_auth_ok(const server *s, struct MHD_Connection *c)
{
    const char *q = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "token");
    if (q && strlen(q) < 1024) return wz_collect_tokens_match(s->report_tokens, q, strlen(q)) >= 0;
    const char *h = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Authorization");
    if (!h || strncasecmp(h, "Basic ", 6) != 0) return 0;
    h += 6;
    char dec[768];
    size_t n = 0;
    unsigned acc = 0;
    int bits = 0;
    for (; *h && *h != '='; h++) {
        int v = b64val((unsigned char)*h);
        if (v < 0 || n >= sizeof dec - 1) return 0;
        acc = (acc << 6) | (unsigned)v;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            dec[n++] = (char)((acc >> bits) & 0xff);
        }
    }
    dec[n] = '\0';
    char *colon = memchr(dec, ':', n);
    if (!colon) return 0;
    const char *pw = colon + 1;
    return wz_collect_tokens_match(s->report_tokens, pw, n - (size_t)(pw - dec)) >= 0;
}

/* ---- the writer ---- */

/* The writer thread: takes every request queued so far, commits them together (group
 * commit: one fsync for all), then wakes their connections to answer. */
static void *writer_run(void *arg)
{
    server *s = arg;
    wz_collect_request *reqs[GROUP_MAX];
    wz_collect_outcome *ocs[GROUP_MAX];
    wz_collect_error errs[GROUP_MAX];
    pending *batch[GROUP_MAX];
    for (;;) {
        pthread_mutex_lock(&s->mu);
        while (!s->head && !s->stopping)
            pthread_cond_wait(&s->cv, &s->mu);
        if (!s->head) { /* stopping, and nothing left */
            pthread_mutex_unlock(&s->mu);
            return NULL;
        }
        int n = 0;
        while (s->head && n < GROUP_MAX) {
            batch[n] = s->head;
            s->head = s->head->next;
            n++;
        }
        if (!s->head) s->tail = NULL;
        pthread_mutex_unlock(&s->mu);
        for (int k = 0; k < n; k++) {
            reqs[k] = batch[k]->req;
            ocs[k] = batch[k]->oc;
        }
        int stored = wz_collect_store_batch(s->db, reqs, ocs, errs, n);
        atomic_store(&s->store_failed, stored < 0 && errs[0].status == 500);
        if (stored > 0) atomic_fetch_add(&s->generation, 1);
        for (int k = 0; k < n; k++) {
            batch[k]->err = errs[k];
            MHD_resume_connection(batch[k]->conn);
        }
    }
}

/* Answers a request the writer has finished with. */
static enum MHD_Result answer_stored(struct MHD_Connection *c, pending *p)
{
    wz_collect_request *req = p->req;
    if (p->err.status) {
        if (p->err.status == 409)
            wz_collect_log("CONFLICT (kiosk bug?): %s", p->err.message);
        else
            wz_collect_log("could not store kiosk %s: %s%s%s", req->kiosk_id, p->err.message,
                           p->err.detail[0] ? " - " : "", p->err.detail);
        return send_text(c, (unsigned)p->err.status, "application/json",
                         wz_collect_error_json(&p->err),
                         p->err.status == 503 ? "Retry-After" : NULL, "5");
    }
    int stored = 0, same = 0, older = 0;
    for (int i = 0; i < req->count; i++) {
        stored += p->oc[i] == WZ_COLLECT_STORED;
        same += p->oc[i] == WZ_COLLECT_UNCHANGED;
        older += p->oc[i] == WZ_COLLECT_OLDER;
    }
    wz_collect_log("kiosk %s: %d snapshots (%d stored, %d already had, %d older ignored)",
                   req->kiosk_id, req->count, stored, same, older);
    return send_text(c, 200, "application/json", wz_collect_ok_json(req, p->oc), NULL, NULL);
}

static void pending_free(pending *p)
{
    if (!p) return;
    wz_collect_request_free(p->req);
    free(p->oc);
    free(p);
}

/* A whole body is in: parse it, check the token's kiosk, queue it for the writer. */
static enum MHD_Result handle_post(server *s, struct MHD_Connection *c, conn_ctx *cc)
{
    wz_collect_request *req = NULL;
    wz_collect_error err = {0};
    const char *ct = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Type");
    if (cc->too_big) {
        wz_collect_log("refused a request: body larger than %u bytes", WZ_COLLECT_MAX_BODY);
        return send_error(c, 413, "too_large", "the body is too large", NULL, NULL);
    }
    if (wz_collect_parse(cc->body.data, cc->body.len, ct, time(NULL), &req, &err) < 0) {
        wz_collect_log("refused a request (%d %s): %s", err.status, err.code, err.message);
        return send_text(c, (unsigned)err.status, "application/json", wz_collect_error_json(&err),
                         NULL, NULL);
    }
    wz_buf_free(&cc->body);
    if (cc->token >= 0 && !wz_collect_tokens_allows(s->tokens, cc->token, req->kiosk_id)) {
        wz_collect_log("refused a request: the token of kiosk %s was used for kiosk %s",
                       wz_collect_tokens_kiosk(s->tokens, cc->token), req->kiosk_id);
        wz_collect_request_free(req);
        return send_error(c, 403, "forbidden", "this token may not upload for that kiosk", NULL,
                          NULL);
    }
    pending *p = wz_xcalloc(1, sizeof *p);
    p->conn = c;
    p->req = req;
    p->oc = wz_xcalloc((size_t)req->count, sizeof *p->oc);
    pthread_mutex_lock(&s->mu);
    if (s->stopping) {
        pthread_mutex_unlock(&s->mu);
        pending_free(p);
        return send_error(c, 503, "stopping", "the collector is stopping; try again later",
                          "Retry-After", "30");
    }
    /* Suspend before the writer can see it, so its resume always follows. */
    wz_collect_guard_hold(s->guard, c, 1);
    MHD_suspend_connection(c);
    cc->p = p;
    if (s->tail)
        s->tail->next = p;
    else
        s->head = p;
    s->tail = p;
    pthread_cond_signal(&s->cv);
    pthread_mutex_unlock(&s->mu);
    return MHD_YES;
}

/* ---- requests ---- */

static enum MHD_Result count_header(void *cls, enum MHD_ValueKind kind, const char *key,
                                    const char *value)
{
    int *n = cls;
    if (strcasecmp(key, "Content-Length") == 0) n[0]++;
    if (strcasecmp(key, "Transfer-Encoding") == 0) n[1]++;
    return MHD_YES;
}

/* Can the body's length be read one way only? (Else a second request could hide in it.) */
static int framing_ok(struct MHD_Connection *c)
{
    int n[2] = {0, 0};
    MHD_get_connection_values(c, MHD_HEADER_KIND, count_header, n);
    if (n[0] > 1 || n[1] > 1 || (n[0] && n[1])) return 0;
    const char *te = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Transfer-Encoding");
    return !te || strcasecmp(te, "chunked") == 0;
}

/* First call for a POST: headers only. Refuses early what needs no body to refuse. */
static enum MHD_Result post_headers(server *s, struct MHD_Connection *c, void **con_cls)
{
    if (!framing_ok(c)) {
        wz_collect_log("refused a request: its length is given twice or in two ways");
        return send_error(c, 400, "bad_framing",
                          "send either Content-Length or Transfer-Encoding: chunked, once", NULL,
                          NULL);
    }
    const struct sockaddr *addr = client_addr(c);
    int wait_s = s->tokens ? wz_collect_backoff_wait(s->backoff, addr, wz_now_ms()) : 0;
    if (wait_s > 0) return send_slowed(c, wait_s);
    int tok = bearer_match(s, c);
    if (tok == -1) {
        wz_collect_backoff_failed(s->backoff, addr, wz_now_ms());
        wz_collect_log("refused a request: missing or wrong bearer token");
        return send_error(c, 401, "unauthorized", "a valid bearer token is needed",
                          "WWW-Authenticate", "Bearer realm=\"wz-collector\"");
    }
    if (tok >= 0) wz_collect_backoff_passed(s->backoff, addr);
    const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Length");
    if (cl && strtoull(cl, NULL, 10) > WZ_COLLECT_MAX_BODY)
        return send_error(c, 413, "too_large", "the body is too large", NULL, NULL);
    conn_ctx *cc = wz_xcalloc(1, sizeof *cc);
    cc->token = tok;
    wz_buf_init(&cc->body, WZ_COLLECT_MAX_BODY);
    *con_cls = cc;
    return MHD_YES;
}

static enum MHD_Result on_snapshots(server *s, struct MHD_Connection *c, const char *upload_data,
                                    size_t *upload_data_size, void **con_cls)
{
    conn_ctx *cc = *con_cls;
    if (cc && cc->p) { /* resumed: the writer has committed (or refused) it */
        wz_collect_guard_hold(s->guard, c, 0);
        enum MHD_Result ret = answer_stored(c, cc->p);
        pending_free(cc->p);
        cc->p = NULL;
        return ret;
    }
    if (!cc) return post_headers(s, c, con_cls);
    if (*upload_data_size) {
        if (!cc->too_big && wz_buf_append(&cc->body, upload_data, *upload_data_size) < 0) {
            cc->too_big = 1;
            wz_buf_free(&cc->body);
            wz_buf_init(&cc->body, WZ_COLLECT_MAX_BODY);
        }
        *upload_data_size = 0;
        if (cc->too_big) { /* chunked and endless: drop the connection */
            wz_collect_log("refused a request: body larger than %u bytes", WZ_COLLECT_MAX_BODY);
            return MHD_NO;
        }
        return MHD_YES;
    }
    return handle_post(s, c, cc);
}

/* Why storage cannot be written, or NULL when it can. */
static const char *storage_problem(server *s)
{
    struct statvfs v;
    if (atomic_load(&s->readonly)) return "the database was opened read-only";
    if (statvfs(s->db_dir, &v) != 0) return "the database's folder cannot be examined";
    if (v.f_flag & ST_RDONLY) return "the database's file system is read-only";
    if ((unsigned long long)v.f_bavail * v.f_frsize <
        (unsigned long long)WZ_COLLECT_MIN_FREE_MB * 1024 * 1024)
        return "the disk is (nearly) full";
    if (atomic_load(&s->store_failed)) return "the last write to the database failed";
    return NULL;
}

/* Without a token, /healthz is for monitoring: it says only whether figures can be
 * stored. With one (a kiosk's connection test), a wrong token is refused with 401 and
 * counts toward the address's slow-down like a wrong token on an upload. */
static enum MHD_Result on_healthz(server *s, struct MHD_Connection *c)
{
    if (s->tokens && MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Authorization")) {
        const struct sockaddr *addr = client_addr(c);
        int wait_s = wz_collect_backoff_wait(s->backoff, addr, wz_now_ms());
        if (wait_s > 0) return send_slowed(c, wait_s);
        if (bearer_match(s, c) < 0) {
            wz_collect_backoff_failed(s->backoff, addr, wz_now_ms());
            wz_collect_log("refused a health check: wrong bearer token");
            return send_error(c, 401, "unauthorized", "a valid bearer token is needed",
                              "WWW-Authenticate", "Bearer realm=\"wz-collector\"");
        }
        wz_collect_backoff_passed(s->backoff, addr);
    }
    const char *why = storage_problem(s);
    if (!why) return send_text(c, 200, "text/plain", wz_xstrdup("ok\n"), NULL, NULL);
    return send_text(c, 503, "text/plain; charset=utf-8",
                     wz_xasprintf("the collector cannot store figures: %s\n", why), NULL, NULL);
}

static enum MHD_Result send_page(struct MHD_Connection *c, const wz_collect_query *q,
                                 char *page /* taken */)
{
    if (!page) return send_error(c, 500, "report", "the report could not be made", NULL, NULL);
    const char *type = wz_collect_query_content_type(q);
    if (strcmp(q->format, "csv") == 0) {
        char disp[80];
        snprintf(disp, sizeof disp, "attachment; filename=\"warning-zone-%s.csv\"", q->table);
        return send_text(c, 200, type, page, "Content-Disposition", disp);
    }
    return send_text(c, 200, type, page, "Content-Security-Policy",
                     "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
                     "form-action 'self'; frame-ancestors 'none'");
}

typedef struct query_ctx {
    wz_collect_query q;
    char *err;
} query_ctx;

static enum MHD_Result query_arg(void *cls, enum MHD_ValueKind kind, const char *key,
                                 const char *value)
{
    (void)kind;
    query_ctx *qc = cls;
    if (qc->err || !key) return MHD_YES;
    wz_collect_query_set(&qc->q, key, value, &qc->err);
    return MHD_YES;
}

/* The report's query from the URL: 0 and *key, or -1 with *err (caller frees both). */
static int report_query(struct MHD_Connection *c, wz_collect_query *q, char **key, char **err)
{
    query_ctx qc = {0};
    wz_collect_query_init(&qc.q);
    MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, query_arg, &qc);
    *key = NULL;
    if (qc.err) {
        *err = qc.err;
        return -1;
    }
    char *k = wz_collect_query_key(&qc.q);
    if (wz_collect_query_parse(k, q, err) != 0) {
        free(k);
        return -1;
    }
    *key = k;
    return 0;
}

static enum MHD_Result on_report(server *s, struct MHD_Connection *c, void **con_cls)
{
    wz_collect_query q;
    char *key = NULL, *qerr = NULL, *page = NULL;
    if (*con_cls) { /* resumed: the page has been made */
        wz_collect_guard_hold(s->guard, c, 0);
        if (report_query(c, &q, &key, &qerr) != 0) { /* cannot happen: checked before */
            free(qerr);
            return send_error(c, 500, "report", "the report could not be made", NULL, NULL);
        }
        wz_collect_pages_get(s->pages, c, key, 1, &page);
        free(key);
        return send_page(c, &q, page);
    }
    if (!s->report_tokens)
        return send_error(c, 404, "not_found", "the report page is not enabled", NULL, NULL);
    const struct sockaddr *addr = client_addr(c);
    int wait_s = wz_collect_backoff_wait(s->backoff, addr, wz_now_ms());
    if (wait_s > 0) return send_slowed(c, wait_s);
    if (!report_auth_ok(s, c)) {
        if (MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Authorization") ||
            MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "token"))
            wz_collect_backoff_failed(s->backoff, addr, wz_now_ms());
        return send_text(c, 401, "text/plain; charset=utf-8",
                         wz_xstrdup("The report needs its password.\n"), "WWW-Authenticate",
                         "Basic realm=\"Warning Zone report\", charset=\"UTF-8\"");
    }
    wz_collect_backoff_passed(s->backoff, addr);
    if (report_query(c, &q, &key, &qerr) != 0) {
        char *msg = wz_xasprintf("%s\n", qerr);
        free(qerr);
        return send_text(c, 400, "text/plain; charset=utf-8", msg, NULL, NULL);
    }
    int ready = wz_collect_pages_get(s->pages, c, key, 0, &page);
    free(key);
    if (!ready) {
        wz_collect_guard_hold(s->guard, c, 1);      /* a long report is no slow client */
        *con_cls = wz_xcalloc(1, sizeof(conn_ctx)); /* marks the call after the resume */
        return MHD_YES;
    }
    return send_page(c, &q, page);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version, const char *upload_data,
                                  size_t *upload_data_size, void **con_cls)
{
    server *s = cls;
    if (!*con_cls) wz_collect_guard_request(s->guard, c);
    if (strcmp(url, "/v1/snapshots") == 0) {
        if (strcmp(method, MHD_HTTP_METHOD_POST) != 0)
            return send_error(c, 405, "method", "use POST", "Allow", "POST");
        return on_snapshots(s, c, upload_data, upload_data_size, con_cls);
    }
    if (strcmp(method, MHD_HTTP_METHOD_GET) != 0 && strcmp(method, MHD_HTTP_METHOD_HEAD) != 0)
        return send_error(c, 405, "method", "use GET", "Allow", "GET, HEAD");
    const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Length");
    if (!framing_ok(c) || (cl && strcmp(cl, "0") != 0) ||
        MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Transfer-Encoding"))
        return send_error(c, 400, "bad_framing", "a GET has no body", NULL, NULL);
    if (strcmp(url, "/healthz") == 0) return on_healthz(s, c);
    if (strcmp(url, "/report") == 0 || strcmp(url, "/report/") == 0)
        return on_report(s, c, con_cls);
    return send_error(c, 404, "not_found", "no such address", NULL, NULL);
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
    server *s = cls;
    conn_ctx *cc = *con_cls;
    wz_collect_guard_done(s->guard, c);
    if (cc) {
        pending_free(cc->p); /* only when the connection died before its answer */
        wz_buf_free(&cc->body);
        free(cc);
        *con_cls = NULL;
    }
}

static void mhd_log(void *cls, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
static void mhd_log(void *cls, const char *fmt, va_list ap)
{
    char msg[512];
    vsnprintf(msg, sizeof msg, fmt, ap);
    size_t n = strlen(msg);
    while (n && msg[n - 1] == '\n')
        msg[--n] = '\0';
    wz_collect_log("http: %s", msg);
}

/* ---- start-up ---- */

static int parse_listen(const char *s, struct sockaddr_in *sa)
{
    const char *colon = strrchr(s, ':');
    if (!colon || colon == s || (size_t)(colon - s) >= 64) return -1;
    char host[64];
    memcpy(host, s, (size_t)(colon - s));
    host[colon - s] = '\0';
    char *end;
    long port = strtol(colon + 1, &end, 10);
    if (*end || port < 0 || port > 65535) return -1;
    memset(sa, 0, sizeof *sa);
    sa->sin_family = AF_INET;
    sa->sin_port = htons((unsigned short)port);
    if (strcmp(host, "localhost") == 0) snprintf(host, sizeof host, "127.0.0.1");
    return inet_pton(AF_INET, host, &sa->sin_addr) == 1 ? 0 : -1;
}

/* Tokens: per kiosk by default; a shared one works, with a warning. */
static int load_secrets(server *s, const wz_collect_server_opts *o)
{
    char *err = NULL;
    if (o->token_file) {
        if (!(s->tokens = wz_collect_tokens_load(o->token_file, &err))) goto fail;
        int shared = wz_collect_tokens_shared(s->tokens);
        if (shared)
            wz_collect_log("warning: %d of the %d upload tokens are shared (no kiosk id after "
                           "them): whoever has one can write any kiosk's figures; give each "
                           "kiosk its own with: wz-collector token add KIOSK_ID",
                           shared, wz_collect_tokens_count(s->tokens));
    } else {
        wz_collect_log("warning: no --token-file: anyone who can connect may upload");
    }
    if (o->report_token_file &&
        !(s->report_tokens = wz_collect_tokens_load(o->report_token_file, &err)))
        goto fail;
    return 0;
fail:
    wz_collect_log("%s", err);
    free(err);
    return -1;
}

/* Opens both connections; new database files are the owner's only (umask 077 for the
 * whole process, so the -wal and -shm files are too), and an existing one is made so. */
static int open_db(server *s, const char *path)
{
    char *err = NULL;
    umask(077);
    s->db = wz_collect_db_open(path, &err);
    if (s->db) s->rdb = wz_collect_db_open(path, &err);
    if (!s->db || !s->rdb) {
        wz_collect_log("%s", err);
        free(err);
        return -1;
    }
    static const char *const suffix[] = {"", "-wal", "-shm"};
    for (int i = 0; i < 3; i++) {
        char *f = wz_xasprintf("%s%s", path, suffix[i]);
        struct stat st;
        if (stat(f, &st) == 0 && (st.st_mode & 077) && chmod(f, st.st_mode & 0700) == 0)
            wz_collect_log("made %s readable by its owner only", f);
        free(f);
    }
    s->db_dir = wz_path_dirname(path);
    if (sqlite3_db_readonly(s->db, "main") == 1) {
        atomic_store(&s->readonly, 1);
        wz_collect_log("error: %s can only be read, not written: nothing can be stored", path);
    }
    return 0;
}

static struct MHD_Daemon *start_http(server *s, const wz_collect_server_opts *o,
                                     const struct sockaddr_in *sa, char *cert, char *key)
{
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_AUTO | MHD_USE_ERROR_LOG |
                     MHD_ALLOW_SUSPEND_RESUME | MHD_USE_ITC;
    if (cert) flags |= MHD_USE_TLS;
    struct MHD_OptionItem tls_opts[] = {
        {cert ? MHD_OPTION_HTTPS_MEM_CERT : MHD_OPTION_END, 0, cert},
        {MHD_OPTION_HTTPS_MEM_KEY, 0, key},
        {MHD_OPTION_HTTPS_PRIORITIES, 0, (void *)(uintptr_t)WZ_COLLECT_TLS_PRIORITIES},
        {MHD_OPTION_END, 0, NULL},
    };
    return MHD_start_daemon(flags, 0, NULL, NULL, on_request, s, MHD_OPTION_EXTERNAL_LOGGER,
                            mhd_log, NULL, MHD_OPTION_SOCK_ADDR, sa, MHD_OPTION_CONNECTION_LIMIT,
                            (unsigned)WZ_COLLECT_CONNECTIONS, MHD_OPTION_PER_IP_CONNECTION_LIMIT,
                            (unsigned)WZ_COLLECT_PER_ADDRESS, MHD_OPTION_CONNECTION_TIMEOUT,
                            (unsigned)WZ_COLLECT_IDLE_S, MHD_OPTION_CONNECTION_MEMORY_LIMIT,
                            (size_t)(64 * 1024), MHD_OPTION_NOTIFY_COMPLETED, on_completed, s,
                            MHD_OPTION_NOTIFY_CONNECTION, wz_collect_guard_notify, s->guard,
                            MHD_OPTION_ARRAY, tls_opts, MHD_OPTION_END);
}

/* Says where it listens, in the log and (for tests and scripts) the port file. */
static void announce(struct MHD_Daemon *d, const wz_collect_server_opts *o,
                     const struct sockaddr_in *sa)
{
    const union MHD_DaemonInfo *di = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
    unsigned port = di ? di->port : ntohs(sa->sin_port);
    char addr[INET_ADDRSTRLEN];
    inet_ntop(AF_INET, &sa->sin_addr, addr, sizeof addr);
    wz_collect_log("listening on %s://%s:%u", o->tls_cert ? "https" : "http", addr, port);
    if (o->port_file) {
        char *p = wz_xasprintf("%u\n", port);
        if (wz_write_file_atomic(o->port_file, p, strlen(p)) < 0)
            wz_collect_log("cannot write %s: %s", o->port_file, strerror(errno));
        free(p);
    }
}

static int start_threads(server *s)
{
    char *err = NULL;
    pthread_mutex_init(&s->mu, NULL);
    pthread_cond_init(&s->cv, NULL);
    if (pthread_create(&s->writer, NULL, writer_run, s) != 0) {
        wz_collect_log("cannot start the writer thread");
        return 0;
    }
    if (s->report_tokens) {
        if (!(s->pages = wz_collect_pages_start(s->rdb, &s->generation, &err))) {
            wz_collect_log("%s", err);
            free(err);
            return 1;
        }
        s->rdb = NULL; /* the page thread's now */
    }
    return 2;
}

static void stop_threads(server *s, int started)
{
    if (started >= 1) {
        pthread_mutex_lock(&s->mu);
        s->stopping = 1;
        pthread_cond_signal(&s->cv);
        pthread_mutex_unlock(&s->mu);
        pthread_join(s->writer, NULL); /* it empties the queue first */
    }
    wz_collect_pages_stop(s->pages);
    s->pages = NULL;
}

int wz_collect_server_run(const wz_collect_server_opts *o)
{
    struct sockaddr_in sa;
    server s = {0};
    int rc = 1, started = 0;
    char *cert = NULL, *key = NULL, *err = NULL;
    size_t len;
    struct MHD_Daemon *d = NULL;
    sigset_t sigs;

    if (parse_listen(o->listen, &sa) < 0) {
        wz_collect_log("--listen %s is not ADDRESS:PORT (IPv4)", o->listen);
        return 1;
    }
    if (load_secrets(&s, o) < 0) goto out;
    if (o->tls_cert && (wz_read_file(o->tls_cert, 1u << 20, &cert, &len) < 0 ||
                        wz_read_file(o->tls_key, 1u << 20, &key, &len) < 0)) {
        wz_collect_log("cannot read the TLS certificate or key: %s", strerror(errno));
        goto out;
    }
    if (open_db(&s, o->db_path) < 0) goto out;
    s.backoff = wz_collect_backoff_new();
    if (!(s.guard = wz_collect_guard_start(WZ_COLLECT_SOFT_LIMIT, &err))) goto out;
    /* Signals are taken by sigwait below, in no thread by a handler. A file-size limit
     * gives a write error (so /healthz can say so), not a dead collector. */
    sigemptyset(&sigs);
    sigaddset(&sigs, SIGINT);
    sigaddset(&sigs, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &sigs, NULL);
    signal(SIGPIPE, SIG_IGN);
    signal(SIGXFSZ, SIG_IGN);
    if ((started = start_threads(&s)) < 2) goto out;
    if (!(d = start_http(&s, o, &sa, cert, key))) {
        wz_collect_log("cannot start on %s: the address is in use or not allowed%s", o->listen,
                       cert ? ", or the TLS certificate and key are unreadable or do not match"
                            : "");
        goto out;
    }
    announce(d, o, &sa);
    int sig = 0;
    sigwait(&sigs, &sig);
    wz_collect_log("stopping (signal %d)", sig);
    MHD_quiesce_daemon(d); /* no new connections; queued requests are still answered */
    rc = 0;
out:
    if (err) wz_collect_log("%s", err);
    stop_threads(&s, started);
    if (d) MHD_stop_daemon(d);
    wz_collect_guard_stop(s.guard);
    if (started >= 1) {
        pthread_mutex_destroy(&s.mu);
        pthread_cond_destroy(&s.cv);
    }
    sqlite3_close(s.db);
    sqlite3_close(s.rdb);
    wz_collect_tokens_free(s.tokens);
    wz_collect_tokens_free(s.report_tokens);
    wz_collect_backoff_free(s.backoff);
    free(s.db_dir);
    free(cert);
    free(key);
    free(err);
    return rc;
}

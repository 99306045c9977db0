/*
 * wz-collector: the Partnership's receiving end for kiosk snapshots, and its report.
 *
 *   wz-collector serve --listen 127.0.0.1:PORT --db FILE [--token-file FILE]
 *                      [--tls-cert F --tls-key F] [--report-token-file F] [--port-file F]
 *   wz-collector report --db FILE [--format=text|json|csv]
 *
 * libmicrohttpd runs one internal polling thread for the HTTP work (parsing, validating,
 * the report page); stores go to one writer thread with its own SQLite connection. The
 * HTTP thread suspends each valid POST's connection and queues it; the writer commits
 * everything queued so far in one transaction (group commit: one fsync for many
 * requests, each under its own savepoint) and resumes the connections, which are then
 * answered. So "2xx only after COMMIT" holds while small requests from many kiosks share
 * the cost of synchronous=FULL. Everything a client controls is bounded before work is done: total
 * and per-address connections, the connection timeout, header memory, the body size (by
 * Content-Length up front and by counting as it arrives), and then wz_collect_parse.
 * Logs never carry client addresses or tokens (docs/privacy.md).
 */
#include "wz_collect.h"
#include "wz_collect_report.h"

#include "wz_util.h"

#include <microhttpd.h>
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define MAX_TOKENS 1024
#define TOKEN_FILE_MAX (256u * 1024u)
#define CONNECTION_LIMIT 256
#define PER_IP_LIMIT 64
#define CONNECTION_TIMEOUT_S 15

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
    sqlite3 *db;         /* the writer thread's */
    sqlite3 *rdb;        /* the HTTP thread's, for reading the report */
    char **tokens;       /* accepted upload tokens; NULL: no authentication (development) */
    char **token_kiosks; /* [i]: the only kiosk tokens[i] may upload for; NULL: any */
    int ntokens;
    char *report_token; /* NULL: /report is disabled */
    pthread_mutex_t mu; /* guards the queue and stopping */
    pthread_cond_t cv;
    pending *head, *tail;
    int stopping;
    pthread_t writer;
} server;

typedef struct conn_ctx {
    wz_buf body;
    int too_big;
    pending *p; /* set while (and after) the writer has the request */
    int token;  /* index of the token presented, or TOKEN_ANY */
} conn_ctx;

static void logf_(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void logf_(const char *fmt, ...)
{
    char when[32], msg[1024];
    time_t t = time(NULL);
    struct tm tm;
    va_list ap;
    gmtime_r(&t, &tm);
    strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    /* Messages quote what clients sent (a field name in a refusal): a line break or other
     * control character in it must not start a forged log line. */
    for (char *p = msg; *p; p++)
        if ((unsigned char)*p < 0x20 || *p == 0x7f) *p = '?';
    fprintf(stderr, "%s wz-collector: %s\n", when, msg);
}

static void usage(FILE *f)
{
    fprintf(f, "usage: wz-collector serve --listen 127.0.0.1:PORT --db FILE [--token-file FILE]\n"
               "                          [--tls-cert FILE --tls-key FILE]"
               " [--report-token-file FILE] [--port-file FILE]\n"
               "       wz-collector report --db FILE [--format=text|json|csv]\n");
}

/*
 * Reads tokens, one a line ('#' starts a comment): "TOKEN" may upload for any kiosk,
 * "TOKEN KIOSK_ID" only for that kiosk (so a token taken from one kiosk cannot overwrite
 * another's figures). Refuses a file others can read. kiosks[i] is NULL for "any".
 */
static int load_tokens(const char *path, char ***out, char ***kiosks, int *n)
{
    struct stat st;
    char *data = NULL;
    size_t len = 0;
    if (stat(path, &st) < 0) {
        logf_("cannot read token file %s: %s", path, strerror(errno));
        return -1;
    }
    if (st.st_mode & 077) {
        logf_("token file %s can be read by other users (mode %03o); run: chmod 600 %s", path,
              (unsigned)(st.st_mode & 0777), path);
        return -1;
    }
    int rc = wz_read_file(path, TOKEN_FILE_MAX, &data, &len);
    if (rc < 0) {
        logf_("cannot read token file %s: %s", path,
              rc == -2 ? "it is too large" : strerror(errno));
        return -1;
    }
    *out = wz_xcalloc(MAX_TOKENS, sizeof **out);
    *kiosks = wz_xcalloc(MAX_TOKENS, sizeof **kiosks);
    *n = 0;
    int lineno = 0, bad = 0;
    for (char *line = data, *next; line && *line; line = next) {
        next = strchr(line, '\n');
        if (next) *next++ = '\0';
        lineno++;
        char *t = wz_str_trim_dup(line, strlen(line));
        char *sp = strpbrk(t, " \t");
        char *kid = NULL;
        if (sp) {
            *sp = '\0';
            kid = wz_str_trim_dup(sp + 1, strlen(sp + 1));
            if (!wz_collect_kiosk_id_ok(kid)) {
                logf_("token file %s line %d: after the token comes one kiosk id (letters, "
                      "digits, '-', '_') or nothing",
                      path, lineno);
                bad = 1;
            }
        }
        if (t[0] && t[0] != '#' && *n < MAX_TOKENS) {
            (*kiosks)[*n] = kid;
            (*out)[(*n)++] = t;
        } else {
            free(t);
            free(kid);
        }
    }
    free(data);
    if (bad) return -1;
    if (*n == 0) {
        logf_("token file %s holds no token", path);
        return -1;
    }
    return 0;
}

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

/* Which token the request presents: its index, TOKEN_ANY when none are configured, or
 * -1 when it presents no valid one. */
#define TOKEN_ANY (-2)
static int bearer_match(const server *s, struct MHD_Connection *c)
{
    if (!s->tokens) return TOKEN_ANY;
    const char *h = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Authorization");
    if (!h || strncasecmp(h, "Bearer ", 7) != 0) return -1;
    h += 7;
    while (*h == ' ')
        h++;
    size_t n = strlen(h);
    int match = -1;
    for (int i = 0; i < s->ntokens; i++) /* no early exit: same time whichever matches */
        if (wz_collect_token_eq(h, n, s->tokens[i])) match = i;
    return match;
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
    if (q && strlen(q) < 1024) return wz_collect_token_eq(q, strlen(q), s->report_token);
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
    return wz_collect_token_eq(pw, n - (size_t)(pw - dec), s->report_token);
}

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
        wz_collect_store_batch(s->db, reqs, ocs, errs, n);
        for (int k = 0; k < n; k++) {
            batch[k]->err = errs[k];
            MHD_resume_connection(batch[k]->conn);
        }
    }
}

/* Answers a request the writer has finished with. */
static enum MHD_Result answer_stored(struct MHD_Connection *c, pending *p)
{
    enum MHD_Result ret;
    wz_collect_request *req = p->req;
    if (p->err.status) {
        if (p->err.status == 409)
            logf_("CONFLICT (kiosk bug?): %s", p->err.message);
        else
            logf_("could not store kiosk %s: %s", req->kiosk_id, p->err.message);
        ret = send_text(c, (unsigned)p->err.status, "application/json",
                        wz_collect_error_json(&p->err), p->err.status == 503 ? "Retry-After" : NULL,
                        "5");
    } else {
        int stored = 0, same = 0, older = 0;
        for (int i = 0; i < req->count; i++) {
            stored += p->oc[i] == WZ_COLLECT_STORED;
            same += p->oc[i] == WZ_COLLECT_UNCHANGED;
            older += p->oc[i] == WZ_COLLECT_OLDER;
        }
        logf_("kiosk %s: %d snapshots (%d stored, %d already had, %d older ignored)", req->kiosk_id,
              req->count, stored, same, older);
        ret = send_text(c, 200, "application/json", wz_collect_ok_json(req, p->oc), NULL, NULL);
    }
    return ret;
}

static void pending_free(pending *p)
{
    if (!p) return;
    wz_collect_request_free(p->req);
    free(p->oc);
    free(p);
}

static enum MHD_Result handle_post(server *s, struct MHD_Connection *c, conn_ctx *cc)
{
    wz_collect_request *req = NULL;
    wz_collect_error err = {0};
    const char *ct = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Type");
    if (cc->too_big) {
        logf_("refused a request: body larger than %u bytes", WZ_COLLECT_MAX_BODY);
        return send_error(c, 413, "too_large", "the body is too large", NULL, NULL);
    }
    if (wz_collect_parse(cc->body.data, cc->body.len, ct, time(NULL), &req, &err) < 0) {
        logf_("refused a request (%d %s): %s", err.status, err.code, err.message);
        return send_text(c, (unsigned)err.status, "application/json", wz_collect_error_json(&err),
                         NULL, NULL);
    }
    wz_buf_free(&cc->body);
    if (cc->token >= 0 && s->token_kiosks[cc->token] &&
        strcmp(s->token_kiosks[cc->token], req->kiosk_id) != 0) {
        logf_("refused a request: a token of kiosk %s was used for kiosk %s",
              s->token_kiosks[cc->token], req->kiosk_id);
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

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version, const char *upload_data,
                                  size_t *upload_data_size, void **con_cls)
{
    server *s = cls;
    int is_post = strcmp(method, MHD_HTTP_METHOD_POST) == 0;
    int is_get = strcmp(method, MHD_HTTP_METHOD_GET) == 0 || strcmp(method, "HEAD") == 0;

    if (strcmp(url, "/v1/snapshots") == 0) {
        if (!is_post) return send_error(c, 405, "method", "use POST", "Allow", "POST");
        conn_ctx *cc = *con_cls;
        if (cc && cc->p) { /* resumed: the writer has committed (or refused) it */
            enum MHD_Result ret = answer_stored(c, cc->p);
            pending_free(cc->p);
            cc->p = NULL;
            return ret;
        }
        if (!cc) {
            /* First call: headers only. Refuse early what needs no body to refuse. */
            int tok = bearer_match(s, c);
            if (tok == -1) {
                logf_("refused a request: missing or wrong bearer token");
                return send_error(c, 401, "unauthorized", "a valid bearer token is needed",
                                  "WWW-Authenticate", "Bearer realm=\"wz-collector\"");
            }
            const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Length");
            if (cl && strtoull(cl, NULL, 10) > WZ_COLLECT_MAX_BODY)
                return send_error(c, 413, "too_large", "the body is too large", NULL, NULL);
            cc = wz_xcalloc(1, sizeof *cc);
            cc->token = tok;
            wz_buf_init(&cc->body, WZ_COLLECT_MAX_BODY);
            *con_cls = cc;
            return MHD_YES;
        }
        if (*upload_data_size) {
            if (!cc->too_big && wz_buf_append(&cc->body, upload_data, *upload_data_size) < 0) {
                cc->too_big = 1;
                wz_buf_free(&cc->body);
                wz_buf_init(&cc->body, WZ_COLLECT_MAX_BODY);
            }
            *upload_data_size = 0;
            if (cc->too_big) { /* chunked and endless: drop the connection */
                logf_("refused a request: body larger than %u bytes", WZ_COLLECT_MAX_BODY);
                return MHD_NO;
            }
            return MHD_YES;
        }
        return handle_post(s, c, cc);
    }
    if (!is_get) return send_error(c, 405, "method", "use GET", "Allow", "GET, HEAD");
    if (strcmp(url, "/healthz") == 0)
        return send_text(c, 200, "text/plain", wz_xstrdup("ok\n"), NULL, NULL);
    if (strcmp(url, "/report") == 0 || strcmp(url, "/report/") == 0) {
        if (!s->report_token)
            return send_error(c, 404, "not_found", "the report page is not enabled", NULL, NULL);
        if (!report_auth_ok(s, c))
            return send_text(c, 401, "text/plain; charset=utf-8",
                             wz_xstrdup("The report needs its password.\n"), "WWW-Authenticate",
                             "Basic realm=\"Warning Zone report\", charset=\"UTF-8\"");
        char *err = NULL;
        char *html = wz_collect_report_page(s->rdb, time(NULL), &err);
        if (!html) {
            logf_("report page failed: %s", err);
            free(err);
            return send_error(c, 500, "report", "the report could not be made", NULL, NULL);
        }
        return send_text(c, 200, "text/html; charset=utf-8", html, "Content-Security-Policy",
                         "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
                         "frame-ancestors 'none'");
    }
    return send_error(c, 404, "not_found", "no such address", NULL, NULL);
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
    conn_ctx *cc = *con_cls;
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
    logf_("http: %s", msg);
}

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

static const char *opt_value(int argc, char **argv, int *i, const char *name)
{
    size_t n = strlen(name);
    if (strncmp(argv[*i], name, n) != 0) return NULL;
    if (argv[*i][n] == '=') return argv[*i] + n + 1;
    if (argv[*i][n] == '\0' && *i + 1 < argc) return argv[++*i];
    return NULL;
}

static int cmd_serve(int argc, char **argv)
{
    const char *listen = NULL, *dbpath = NULL, *token_file = NULL, *cert = NULL, *key = NULL,
               *report_token_file = NULL, *port_file = NULL, *v;
    for (int i = 2; i < argc; i++) {
        if ((v = opt_value(argc, argv, &i, "--listen")))
            listen = v;
        else if ((v = opt_value(argc, argv, &i, "--db")))
            dbpath = v;
        else if ((v = opt_value(argc, argv, &i, "--token-file")))
            token_file = v;
        else if ((v = opt_value(argc, argv, &i, "--tls-cert")))
            cert = v;
        else if ((v = opt_value(argc, argv, &i, "--tls-key")))
            key = v;
        else if ((v = opt_value(argc, argv, &i, "--report-token-file")))
            report_token_file = v;
        else if ((v = opt_value(argc, argv, &i, "--port-file")))
            port_file = v;
        else {
            fprintf(stderr, "wz-collector serve: unknown option %s\n", argv[i]);
            usage(stderr);
            return 2;
        }
    }
    struct sockaddr_in sa;
    if (!listen || !dbpath || parse_listen(listen, &sa) < 0 || (!cert != !key)) {
        usage(stderr);
        return 2;
    }
    server s = {0};
    char **rt = NULL, **rk = NULL;
    int nrt = 0, rc = 1, writer_started = 0;
    char *cert_pem = NULL, *key_pem = NULL, *err = NULL;
    size_t len;
    struct MHD_Daemon *d = NULL;
    sigset_t sigs;

    if (token_file && load_tokens(token_file, &s.tokens, &s.token_kiosks, &s.ntokens) < 0) goto out;
    if (!token_file) logf_("warning: no --token-file: anyone who can connect may upload");
    if (report_token_file) {
        if (load_tokens(report_token_file, &rt, &rk, &nrt) < 0) goto out;
        s.report_token = rt[0];
    }
    if (cert) {
        if (!MHD_is_feature_supported(MHD_FEATURE_TLS)) {
            logf_("this libmicrohttpd has no TLS support");
            goto out;
        }
        if (wz_read_file(cert, 1u << 20, &cert_pem, &len) < 0 ||
            wz_read_file(key, 1u << 20, &key_pem, &len) < 0) {
            logf_("cannot read the TLS certificate or key: %s", strerror(errno));
            goto out;
        }
    }
    s.db = wz_collect_db_open(dbpath, &err);
    if (s.db) s.rdb = wz_collect_db_open(dbpath, &err);
    if (!s.db || !s.rdb) {
        logf_("%s", err);
        goto out;
    }
    pthread_mutex_init(&s.mu, NULL);
    pthread_cond_init(&s.cv, NULL);
    /* Signals are taken by sigwait below, not by handlers, in every thread. */
    sigemptyset(&sigs);
    sigaddset(&sigs, SIGINT);
    sigaddset(&sigs, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &sigs, NULL);
    signal(SIGPIPE, SIG_IGN);

    if (pthread_create(&s.writer, NULL, writer_run, &s) != 0) {
        logf_("cannot start the writer thread");
        goto out;
    }
    writer_started = 1;
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_AUTO | MHD_USE_ERROR_LOG |
                     MHD_ALLOW_SUSPEND_RESUME | MHD_USE_ITC;
    if (cert) flags |= MHD_USE_TLS;
    struct MHD_OptionItem tls_opts[] = {
        {cert ? MHD_OPTION_HTTPS_MEM_CERT : MHD_OPTION_END, 0, cert_pem},
        {MHD_OPTION_HTTPS_MEM_KEY, 0, key_pem},
        {MHD_OPTION_END, 0, NULL},
    };
    d = MHD_start_daemon(flags, 0, NULL, NULL, on_request, &s, MHD_OPTION_EXTERNAL_LOGGER, mhd_log,
                         NULL, MHD_OPTION_SOCK_ADDR, &sa, MHD_OPTION_CONNECTION_LIMIT,
                         (unsigned)CONNECTION_LIMIT, MHD_OPTION_PER_IP_CONNECTION_LIMIT,
                         (unsigned)PER_IP_LIMIT, MHD_OPTION_CONNECTION_TIMEOUT,
                         (unsigned)CONNECTION_TIMEOUT_S, MHD_OPTION_CONNECTION_MEMORY_LIMIT,
                         (size_t)(64 * 1024), MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL,
                         MHD_OPTION_ARRAY, tls_opts, MHD_OPTION_END);
    if (!d) {
        logf_("cannot start on %s: the address is in use or not allowed%s", listen,
              cert ? ", or the TLS certificate and key are unreadable or do not match" : "");
        goto out;
    }
    const union MHD_DaemonInfo *di = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
    unsigned port = di ? di->port : ntohs(sa.sin_port);
    char addr[INET_ADDRSTRLEN];
    inet_ntop(AF_INET, &sa.sin_addr, addr, sizeof addr);
    logf_("listening on %s://%s:%u", cert ? "https" : "http", addr, port);
    if (port_file) {
        char *p = wz_xasprintf("%u\n", port);
        if (wz_write_file_atomic(port_file, p, strlen(p)) < 0)
            logf_("cannot write %s: %s", port_file, strerror(errno));
        free(p);
    }
    int sig = 0;
    sigwait(&sigs, &sig);
    logf_("stopping (signal %d)", sig);
    MHD_quiesce_daemon(d); /* no new connections; queued requests are still answered */
    rc = 0;
out:
    if (writer_started) {
        pthread_mutex_lock(&s.mu);
        s.stopping = 1;
        pthread_cond_signal(&s.cv);
        pthread_mutex_unlock(&s.mu);
        pthread_join(s.writer, NULL); /* it empties the queue first */
    }
    if (d) MHD_stop_daemon(d);
    if (writer_started) {
        pthread_mutex_destroy(&s.mu);
        pthread_cond_destroy(&s.cv);
    }
    if (s.db) sqlite3_close(s.db);
    if (s.rdb) sqlite3_close(s.rdb);
    for (int i = 0; s.tokens && i < MAX_TOKENS; i++) {
        free(s.tokens[i]);
        free(s.token_kiosks[i]);
    }
    free(s.tokens);
    free(s.token_kiosks);
    for (int i = 0; rt && i < MAX_TOKENS; i++) {
        free(rt[i]);
        free(rk[i]);
    }
    free(rt);
    free(rk);
    free(cert_pem);
    free(key_pem);
    free(err);
    return rc;
}

static int cmd_report(int argc, char **argv)
{
    const char *dbpath = NULL, *format = "text", *v;
    for (int i = 2; i < argc; i++) {
        if ((v = opt_value(argc, argv, &i, "--db")))
            dbpath = v;
        else if ((v = opt_value(argc, argv, &i, "--format")))
            format = v;
        else {
            fprintf(stderr, "wz-collector report: unknown option %s\n", argv[i]);
            usage(stderr);
            return 2;
        }
    }
    if (!dbpath) {
        usage(stderr);
        return 2;
    }
    if (strcmp(format, "text") && strcmp(format, "json") && strcmp(format, "csv")) {
        fprintf(stderr, "wz-collector report: --format must be text, json or csv\n");
        return 2;
    }
    char *err = NULL;
    if (access(dbpath, F_OK) != 0) {
        fprintf(stderr, "wz-collector: there is no collector database at %s\n", dbpath);
        return 1;
    }
    sqlite3 *db = wz_collect_db_open(dbpath, &err);
    if (!db) {
        fprintf(stderr, "wz-collector: %s\n", err);
        free(err);
        return 1;
    }
    char *out = wz_collect_report_totals(db, format, &err);
    sqlite3_close(db);
    if (!out) {
        fprintf(stderr, "wz-collector: %s\n", err ? err : "report failed");
        free(err);
        return 1;
    }
    fputs(out, stdout);
    free(out);
    return fflush(stdout) == 0 ? 0 : 1;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    if (strcmp(argv[1], "serve") == 0) return cmd_serve(argc, argv);
    if (strcmp(argv[1], "report") == 0) return cmd_report(argc, argv);
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        usage(stdout);
        return 0;
    }
    usage(stderr);
    return 2;
}

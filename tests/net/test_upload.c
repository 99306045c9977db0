/*
 * test_upload: the net module (wz_upload.h) on its own: token file rules, the clock
 * check, back-off bounds, refusals that happen before any connection, and the worker
 * thread against the real collector (acknowledged, paused by 401 then resumed when the
 * token file changes), a 429 with Retry-After from a tiny in-process server, and a stop
 * that must end a hung transfer within the kiosk's 2 s quit budget.
 *
 * The collector binary comes from WZ_COLLECTOR (a compile definition). Waits for the
 * worker poll its status against a generous deadline: nothing asserts on speed.
 */
#define _GNU_SOURCE /* strcasestr */
#include "wz_test.h"
#include "wz_test_collector.h"

#include "wz_config.h"
#include "wz_db.h"
#include "wz_recorder.h"
#include "wz_upload.h"
#include "wz_upload_check.h"
#include "wz_util.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdatomic.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static char dir[256];

static char *path_in(const char *name)
{
    return wz_path_join(dir, name);
}

static void write_mode(const char *path, const char *text, mode_t mode)
{
    FILE *f = fopen(path, "w");
    fputs(text, f);
    fclose(f);
    chmod(path, mode);
}

static void make_events(const char *db, int days)
{
    wz_recorder *r = wz_recorder_create(db);
    time_t now = time(NULL);
    for (int d = 0; d < days; d++) {
        char sid[33];
        wz_recorder_visit_id(sid);
        wz_event ev = {.kind = WZ_EV_SESSION_START,
                       .at = now - (time_t)d * 86400,
                       .session = sid,
                       .audience = "12-15",
                       .language = "en"};
        wz_recorder_record(r, &ev);
    }
    wz_recorder_destroy(r);
}

/* A number the kiosk database at path answers to sql (a read of its own), or -1. */
static long long count_in(const char *path, const char *sql)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;
    long long v = -1;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
        sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(db);
    return v;
}

/* Polls the worker's status until pred holds or ~30 s pass. */
typedef int (*status_pred)(const wz_upload_status *s);
static int wait_for(wz_upload_worker *w, status_pred pred, wz_upload_status *out)
{
    for (int i = 0; i < 3000; i++) {
        wz_upload_worker_status(w, out);
        if (pred(out)) return 1;
        usleep(10000);
    }
    return 0;
}

static int all_sent(const wz_upload_status *s)
{
    return s->pending == 0 && s->state == WZ_UPLOAD_IDLE;
}
static int is_paused(const wz_upload_status *s)
{
    return s->state == WZ_UPLOAD_STOPPED_PAUSED && s->paused_reason[0];
}
static int is_backoff(const wz_upload_status *s)
{
    return s->state == WZ_UPLOAD_BACKOFF && s->failures > 0;
}
static int is_sending(const wz_upload_status *s)
{
    return s->state == WZ_UPLOAD_SENDING;
}

/* A one-connection server in a thread: reads a request, answers `reply` (or, with
 * reply NULL, says nothing and holds the connection until the test closes it). */
typedef struct mini {
    int lfd, cfd, port;
    const char *reply;
    pthread_t th;
    atomic_int requests;
} mini;

/* Reads one whole request (headers and Content-Length body), so that answering and
 * closing never resets a connection with unread data. */
static void read_request(int c)
{
    static char buf[1 << 20];
    size_t n = 0;
    long want = -1;
    while (n < sizeof buf - 1) {
        ssize_t k = read(c, buf + n, sizeof buf - 1 - n);
        if (k <= 0) return;
        n += (size_t)k;
        buf[n] = '\0';
        char *end = strstr(buf, "\r\n\r\n");
        if (end && want < 0) {
            char *cl = strcasestr(buf, "Content-Length:");
            want = (long)(end + 4 - buf) + (cl && cl < end ? strtol(cl + 15, NULL, 10) : 0);
        }
        if (want >= 0 && (long)n >= want) return;
    }
}

static void *mini_run(void *arg)
{
    mini *m = arg;
    for (;;) {
        int c = accept(m->lfd, NULL, NULL);
        if (c < 0) return NULL;
        read_request(c);
        atomic_fetch_add(&m->requests, 1);
        if (m->reply) {
            (void)!write(c, m->reply, strlen(m->reply));
            close(c);
        } else {
            m->cfd = c;
        }
    }
}

static void mini_start(mini *m, const char *reply)
{
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t sl = sizeof sa;
    m->reply = reply;
    m->cfd = -1;
    atomic_init(&m->requests, 0);
    m->lfd = socket(AF_INET, SOCK_STREAM, 0);
    bind(m->lfd, (struct sockaddr *)&sa, sizeof sa);
    listen(m->lfd, 4);
    getsockname(m->lfd, (struct sockaddr *)&sa, &sl);
    m->port = ntohs(sa.sin_port);
    pthread_create(&m->th, NULL, mini_run, m);
}

static void mini_stop(mini *m)
{
    shutdown(m->lfd, SHUT_RDWR);
    close(m->lfd);
    pthread_join(m->th, NULL);
    if (m->cfd >= 0) close(m->cfd);
}

static void config_for(wz_config *cfg, const char *url, const char *token_file)
{
    wz_config_defaults(cfg);
    free(cfg->kiosk_id);
    cfg->kiosk_id = wz_xstrdup("test-kiosk");
    cfg->upload_url = wz_xstrdup(url);
    cfg->token_file = wz_xstrdup(token_file);
}

static wz_upload_worker_opts fast_opts(void)
{
    wz_upload_worker_opts o = {.start_delay_max_s = 0,
                               .interval_s = 1,
                               .backoff_base_s = 1,
                               .backoff_max_s = 2,
                               .max_per_minute = 15,
                               .timeout_s = 60};
    return o;
}

int main(void)
{
    /* make_events spaces days by 86400 s: in a zone with summer time two of them can fall
     * on one local day (the last hour of the day the clocks go back). */
    setenv("TZ", "UTC", 1);
    tzset();
    char tmpl[] = "/tmp/wz-test-upload-XXXXXX";
    snprintf(dir, sizeof dir, "%s", mkdtemp(tmpl));
    signal(SIGPIPE, SIG_IGN);
    char *tok = path_in("token"), *why_tok = NULL;
    char *why = NULL, *t = NULL;

    WZ_TEST("token file: owner-only, one printable line");
    write_mode(tok, "s3cret-token\n", 0644);
    WZ_CHECK(wz_upload_read_token(tok, &t, &why) < 0);
    WZ_CHECK(why && strstr(why, "chmod 600") != NULL);
    WZ_CHECK(why && strstr(why, "s3cret") == NULL);
    free(why);
    why = NULL;
    write_mode(tok, "s3cret-token\n", 0600);
    WZ_CHECK(wz_upload_read_token(tok, &t, &why) == 0);
    WZ_CHECK(why == NULL);
    WZ_CHECK_STR(t, "s3cret-token");
    free(t);
    write_mode(tok, "two words\n", 0600);
    WZ_CHECK(wz_upload_read_token(tok, &t, &why) < 0);
    WZ_CHECK(why && strstr(why, "printable") != NULL);
    free(why);
    why = NULL;
    write_mode(tok, "\n", 0600);
    WZ_CHECK(wz_upload_read_token(tok, &t, NULL) < 0);

    WZ_TEST("answer reader: confirmations, error documents, anything else");
    {
        wz_upload_answer a;
        const char *ok = "{\"status\":\"ok\",\"results\":[{},{}]}";
        wz_upload_parse_answer(ok, strlen(ok), 2, &a);
        WZ_CHECK(a.confirms && !a.collector_error && a.index == -1 && a.message[0] == '\0');
        wz_upload_parse_answer(ok, strlen(ok), 3, &a); /* stored fewer than were sent */
        WZ_CHECK(!a.confirms);
        wz_upload_parse_answer(ok, strlen(ok) - 1, 2, &a); /* cut short: not JSON */
        WZ_CHECK(!a.confirms && !a.collector_error);
        const char *bad = "{\"error\":\"bad_day\",\"index\":1,\"message\":\"day is wrong\"}";
        wz_upload_parse_answer(bad, strlen(bad), 2, &a);
        WZ_CHECK(a.collector_error && a.index == 1);
        WZ_CHECK_STR(a.message, "day is wrong");
        const char *odd = "{\"error\":\"x\",\"index\":-4,\"message\":7}";
        wz_upload_parse_answer(odd, strlen(odd), 2, &a);
        WZ_CHECK(a.collector_error && a.index == -1 && a.message[0] == '\0');
        const char *page = "<html>Please log in</html>";
        wz_upload_parse_answer(page, strlen(page), 1, &a);
        WZ_CHECK(!a.confirms && !a.collector_error && a.index == -1);
        wz_upload_parse_answer(NULL, 0, 1, &a);
        WZ_CHECK(!a.confirms && !a.collector_error);
    }

    WZ_TEST("clock check against the build date");
    WZ_CHECK(!wz_upload_clock_ok(0));
    WZ_CHECK(!wz_upload_clock_ok((time_t)WZ_BUILD_EPOCH - 1));
    WZ_CHECK(wz_upload_clock_ok(time(NULL)));

    WZ_TEST("back-off: full jitter, 30 s doubling, capped at 1 h");
    WZ_CHECK(wz_upload_backoff_ms(1, 30, 3600, 0) == 1000);
    WZ_CHECK(wz_upload_backoff_ms(1, 30, 3600, ~0ULL) <= 30000);
    WZ_CHECK(wz_upload_backoff_ms(2, 30, 3600, 59000 - 1000) == 59000);
    WZ_CHECK(wz_upload_backoff_ms(3, 30, 3600, ~0ULL) <= 120000);
    WZ_CHECK(wz_upload_backoff_ms(30, 30, 3600, ~0ULL) <= 3600000);
    long long maxseen = 0;
    for (unsigned long long r = 0; r < 5000000; r += 7919)
        maxseen = WZ_MAX(maxseen, wz_upload_backoff_ms(30, 30, 3600, r * 2654435761ULL));
    WZ_CHECK(maxseen > 1800000); /* reaches up to the cap, not stuck low */

    WZ_TEST("a pass refuses before connecting: wrong clock, plain http off the machine");
    char *kdb = path_in("kiosk.db");
    make_events(kdb, 3);
    write_mode(tok, "right-token-5d0c8e2a9b7f\n", 0600);
    sqlite3 *db = NULL;
    char *err = NULL;
    WZ_CHECK(wz_db_open(kdb, &db, &err) == 0);
    wz_upload_opts o = {.url = "https://192.0.2.1/v1/snapshots",
                        .token_file = tok,
                        .kiosk_id = "test-kiosk",
                        .now = 1};
    wz_upload_result r;
    WZ_CHECK(wz_upload_pass(db, &o, &r, &why) < 0);
    WZ_CHECK_INT(r.outcome, WZ_UPLOAD_CLOCK);
    WZ_CHECK_INT(r.requests, 0);
    WZ_CHECK(why && strstr(why, "clock") != NULL);
    free(why);
    why = NULL;
    WZ_CHECK(r.pending > 0);
    o.url = "http://192.0.2.1/v1/snapshots";
    o.now = 0;
    WZ_CHECK(wz_upload_pass(db, &o, &r, NULL) < 0);
    WZ_CHECK_INT(r.outcome, WZ_UPLOAD_CONFIG);
    WZ_CHECK_INT(r.requests, 0);
    write_mode(tok, "right-token-5d0c8e2a9b7f\n", 0640);
    o.url = "http://127.0.0.1:9/v1/snapshots";
    WZ_CHECK(wz_upload_pass(db, &o, &r, &why) < 0);
    WZ_CHECK_INT(r.outcome, WZ_UPLOAD_CONFIG);
    WZ_CHECK(why && strstr(why, "chmod 600") != NULL);
    WZ_CHECK(why && strstr(why, "right-token") == NULL);
    free(why);
    why = NULL;
    write_mode(tok, "right-token-5d0c8e2a9b7f\n", 0600);
    wz_db_close(db);

    WZ_TEST("worker: uploads everything to the real collector");
    char *cdb = path_in("collector.db"), *ctok = path_in("collector-token");
    write_mode(ctok, "right-token-5d0c8e2a9b7f\n", 0600);
    int port = 0;
    pid_t col = wz_test_collector_start(dir, cdb, ctok, &port);
    WZ_CHECK(port > 0);
    char *url = wz_xasprintf("http://127.0.0.1:%d/v1/snapshots", port);
    wz_config cfg;
    config_for(&cfg, url, tok);
    wz_upload_worker_opts wo = fast_opts();
    wz_upload_worker *w = wz_upload_worker_start(&cfg, kdb, &wo);
    WZ_CHECK(w != NULL);
    wz_upload_status st;
    WZ_CHECK(wait_for(w, all_sent, &st));
    WZ_CHECK(st.last_success > 0);
    WZ_CHECK_STR(st.last_error, "");
    WZ_CHECK_INT(wz_upload_worker_stop(w, 2000), 0);
    sqlite3 *c = NULL;
    sqlite3_open(cdb, &c);
    sqlite3_stmt *q;
    sqlite3_prepare_v2(c, "SELECT count(*) FROM snapshots WHERE kiosk_id='test-kiosk'", -1, &q,
                       NULL);
    sqlite3_step(q);
    WZ_CHECK(sqlite3_column_int(q, 0) >= 3);
    sqlite3_finalize(q);
    sqlite3_close(c);

    WZ_TEST("worker: 401 pauses until the token file changes");
    make_events(kdb, 1); /* something new to send */
    write_mode(tok, "wrong-token-3a6f1d9e4c8b\n", 0600);
    w = wz_upload_worker_start(&cfg, kdb, &wo);
    WZ_CHECK(wait_for(w, is_paused, &st));
    WZ_CHECK(strstr(st.paused_reason, "token") != NULL);
    WZ_CHECK(strstr(st.paused_reason, "wrong-token-3a6f1d9e4c8b") == NULL);
    write_mode(tok, "right-token-5d0c8e2a9b7f\n", 0600);
    wz_upload_worker_wake(w);
    WZ_CHECK(wait_for(w, all_sent, &st));
    WZ_CHECK_STR(st.paused_reason, "");
    WZ_CHECK_INT(wz_upload_worker_stop(w, 2000), 0);

    WZ_TEST("worker: after the database is moved aside and started anew, it uploads the new one");
    {
        w = wz_upload_worker_start(&cfg, kdb, &wo);
        WZ_CHECK(wait_for(w, all_sent, &st)); /* its connection is open on the first file */
        char *aside = NULL;
        WZ_CHECK_INT(wz_db_move_aside(kdb, &aside, NULL),
                     0); /* as the recorder does when damaged */
        make_events(kdb, 2);
        wz_upload_worker_wake(w);
        long long acked = 0;
        for (int i = 0; i < 3000 && acked < 2; i++) {
            acked = count_in(kdb, "SELECT count(*) FROM snapshots WHERE acked > 0");
            if (acked < 2) usleep(10000);
        }
        WZ_CHECK_INT(acked, 2);
        WZ_CHECK_INT(wz_upload_worker_stop(w, 2000), 0);
        free(aside);
    }
    WZ_TEST("health check: the real collector answers; it refuses a wrong token; a token file "
            "the uploader would refuse fails");
    {
        char *e = NULL;
        WZ_CHECK_INT(wz_upload_check(&cfg, 10, &e), 0);
        WZ_CHECK(e == NULL);
        WZ_CHECK_INT(wz_upload_token_check(tok, NULL), 0);
        write_mode(tok, "wrong-token-3a6f1d9e4c8b\n", 0600); /* readable, but not the one */
        wz_upload_check_kind kind = WZ_UPLOAD_CHECK_WORKS;
        WZ_CHECK_INT(wz_upload_check_kind_of(&cfg, 10, &kind, &e), -1);
        WZ_CHECK_INT(kind, WZ_UPLOAD_CHECK_TOKEN_REFUSED);
        WZ_CHECK(e && strstr(e, "refused the kiosk's token (HTTP 401)"));
        WZ_CHECK(e && !strstr(e, "wrong-token"));
        free(e);
        e = NULL;
        write_mode(tok, "right-token-5d0c8e2a9b7f\n", 0600);
        WZ_CHECK_INT(wz_upload_check(&cfg, 10, &e), 0); /* and the right one again */
        free(e);
        e = NULL;
        write_mode(tok, "right-token\n", 0644);
        WZ_CHECK_INT(wz_upload_check_kind_of(&cfg, 10, &kind, &e), -1);
        WZ_CHECK_INT(kind, WZ_UPLOAD_CHECK_SETTINGS);
        WZ_CHECK(e && strstr(e, "chmod 600"));
        free(e);
        WZ_CHECK_INT(wz_upload_token_check(tok, &e), -1);
        WZ_CHECK(e && strstr(e, "chmod 600") && !strstr(e, "right-token"));
        free(e);
        char *missing = path_in("no-such-token");
        WZ_CHECK_INT(wz_upload_token_check(missing, &e), -1);
        WZ_CHECK(e && strstr(e, "cannot read"));
        free(e);
        free(missing);
        write_mode(tok, "right-token\n", 0600);
    }
    wz_test_collector_stop(col);
    WZ_TEST("health check: nothing listening says so, also with nothing waiting to be sent");
    {
        char *e = NULL;
        wz_upload_check_kind kind = WZ_UPLOAD_CHECK_WORKS;
        WZ_CHECK_INT(wz_upload_check_kind_of(&cfg, 10, &kind, &e), -1);
        WZ_CHECK_INT(kind, WZ_UPLOAD_CHECK_NOT_ANSWERING);
        WZ_CHECK(e && strstr(e, "could not connect"));
        free(e);
    }
    WZ_TEST("health check: a refused token, a server that is no collector, no address");
    {
        static const char *const answers[] = {
            "HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
            "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"};
        static const char *const words[] = {"refused the kiosk's token", "not a Warning Zone"};
        static const wz_upload_check_kind kinds[] = {WZ_UPLOAD_CHECK_TOKEN_REFUSED,
                                                     WZ_UPLOAD_CHECK_NOT_COLLECTOR};
        for (int i = 0; i < 2; i++) {
            mini hm;
            mini_start(&hm, answers[i]);
            char *hurl = wz_xasprintf("http://127.0.0.1:%d/v1/snapshots", hm.port);
            wz_config hc;
            config_for(&hc, hurl, tok);
            char *e = NULL;
            wz_upload_check_kind kind = WZ_UPLOAD_CHECK_WORKS;
            WZ_CHECK_INT(wz_upload_check_kind_of(&hc, 10, &kind, &e), -1);
            WZ_CHECK_INT(kind, kinds[i]);
            WZ_CHECK(e && strstr(e, words[i]) && strstr(e, "/healthz"));
            WZ_CHECK_INT(atomic_load(&hm.requests), 1);
            free(e);
            mini_stop(&hm);
            wz_config_free(&hc);
            free(hurl);
        }
        wz_config hc;
        wz_config_defaults(&hc);
        char *e = NULL;
        wz_upload_check_kind kind = WZ_UPLOAD_CHECK_WORKS;
        WZ_CHECK_INT(wz_upload_check_kind_of(&hc, 10, &kind, &e), -1);
        WZ_CHECK_INT(kind, WZ_UPLOAD_CHECK_OFF);
        WZ_CHECK(e && strstr(e, "no upload_url"));
        free(e);
        wz_config_free(&hc);
        /* a name that never resolves (RFC 6761): what a kiosk without DNS sees */
        wz_config_defaults(&hc);
        hc.upload_url = wz_xstrdup("https://collector.invalid/v1/snapshots");
        e = NULL;
        WZ_CHECK_INT(wz_upload_check_kind_of(&hc, 10, &kind, &e), -1);
        WZ_CHECK_INT(kind, WZ_UPLOAD_CHECK_NO_NETWORK);
        WZ_CHECK(e && strstr(e, "could not be looked up"));
        free(e);
        wz_config_free(&hc);
    }
    wz_config_free(&cfg);
    free(url);

    WZ_TEST("worker: 429 with Retry-After waits at least that long");
    make_events(kdb, 1);
    mini m;
    mini_start(&m, "HTTP/1.1 429 Too Many Requests\r\nRetry-After: 120\r\n"
                   "Content-Length: 0\r\nConnection: close\r\n\r\n");
    url = wz_xasprintf("http://127.0.0.1:%d/v1/snapshots", m.port);
    config_for(&cfg, url, tok);
    w = wz_upload_worker_start(&cfg, kdb, &wo);
    WZ_CHECK(wait_for(w, is_backoff, &st));
    WZ_CHECK(st.next_try_ms >= 120000);
    WZ_CHECK(st.next_try_ms <= 24LL * 3600 * 1000);
    WZ_CHECK(strstr(st.last_error, "429") != NULL);
    WZ_CHECK_INT(wz_upload_worker_stop(w, 2000), 0);
    mini_stop(&m);
    wz_config_free(&cfg);
    free(url);

    WZ_TEST("a 4xx that is not the collector's answer sets nothing aside; the collector's does");
    {
        static const char *const foreign[] = {
            "HTTP/1.1 404 Not Found\r\nContent-Type: text/html\r\nContent-Length: 9\r\n"
            "Connection: close\r\n\r\nnot found",
            "HTTP/1.1 407 Proxy Authentication Required\r\nContent-Length: 0\r\n"
            "Connection: close\r\n\r\n",
            "HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\n"
            "Content-Length: 21\r\nConnection: close\r\n\r\n{\"error\":\"not_found\"}",
        };
        char *fdb = path_in("foreign.db");
        make_events(fdb, 3);
        sqlite3 *f = NULL;
        WZ_CHECK(wz_db_open(fdb, &f, &err) == 0);
        for (size_t i = 0; i < WZ_ARRAY_LEN(foreign); i++) {
            mini_start(&m, foreign[i]);
            url = wz_xasprintf("http://127.0.0.1:%d/v1/snapshots", m.port);
            wz_upload_opts fo = {.url = url, .token_file = tok, .kiosk_id = "test-kiosk"};
            WZ_CHECK(wz_upload_pass(f, &fo, &r, NULL) < 0);
            WZ_CHECK_INT(r.outcome, WZ_UPLOAD_RETRY);
            WZ_CHECK_INT(r.set_aside, 0);
            WZ_CHECK_INT(r.pending, 3);
            mini_stop(&m);
            free(url);
        }
        mini_start(&m, "HTTP/1.1 422 Unprocessable\r\nContent-Type: application/json\r\n"
                       "Content-Length: 32\r\nConnection: close\r\n\r\n"
                       "{\"error\":\"bad_day\",\"index\":0}   ");
        url = wz_xasprintf("http://127.0.0.1:%d/v1/snapshots", m.port);
        wz_upload_opts fo = {
            .url = url, .token_file = tok, .kiosk_id = "test-kiosk", .max_requests = 1};
        wz_upload_pass(f, &fo, &r, NULL);
        WZ_CHECK_INT(r.set_aside, 1);
        WZ_CHECK_INT(r.pending, 2);
        mini_stop(&m);
        free(url);
        wz_db_close(f);
        free(fdb);
    }

    WZ_TEST("plain http to this computer never goes through a proxy (the token would travel "
            "in clear to it)");
    {
        static const char busy[] = "HTTP/1.1 503 Busy\r\nContent-Length: 0\r\n"
                                   "Connection: close\r\n\r\n";
        mini target, proxy;
        mini_start(&target, busy);
        mini_start(&proxy, busy);
        char *pdb = path_in("proxy.db");
        make_events(pdb, 1);
        sqlite3 *f = NULL;
        WZ_CHECK(wz_db_open(pdb, &f, &err) == 0);
        url = wz_xasprintf("http://127.0.0.1:%d/v1/snapshots", target.port);
        char *purl = wz_xasprintf("http://127.0.0.1:%d", proxy.port);
        wz_upload_opts po = {.url = url,
                             .token_file = tok,
                             .kiosk_id = "test-kiosk",
                             .proxy = purl,
                             .max_requests = 1};
        WZ_CHECK(wz_upload_pass(f, &po, &r, NULL) < 0);
        WZ_CHECK_INT(r.http_status, 503);
        WZ_CHECK_INT(atomic_load(&target.requests), 1);
        WZ_CHECK_INT(atomic_load(&proxy.requests), 0);
        mini_stop(&target);
        mini_stop(&proxy);
        wz_db_close(f);
        free(purl);
        free(url);
        free(pdb);
    }

    WZ_TEST("worker: at most 15 requests a minute");
    {
        /* A server that finds every request too large makes the pass halve its batch
         * and then set days aside one by one: far more than 15 requests of work. */
        char *rdb = path_in("rate.db");
        make_events(rdb, 40);
        mini_start(&m, "HTTP/1.1 413 Too Large\r\nContent-Type: application/json\r\n"
                       "Content-Length: 19\r\nConnection: close\r\n\r\n"
                       "{\"error\":\"too_big\"}");
        url = wz_xasprintf("http://127.0.0.1:%d/v1/snapshots", m.port);
        config_for(&cfg, url, tok);
        w = wz_upload_worker_start(&cfg, rdb, &wo);
        int limited = 0;
        for (int i = 0; i < 3000 && !limited; i++) {
            wz_upload_worker_status(w, &st);
            limited = atomic_load(&m.requests) >= 15 && st.next_try_ms > 30000;
            if (!limited) usleep(10000);
        }
        WZ_CHECK(limited);
        usleep(200000);
        WZ_CHECK_INT(atomic_load(&m.requests), 15);
        WZ_CHECK(st.set_aside_total > 0);
        WZ_CHECK_INT(wz_upload_worker_stop(w, 2000), 0);
        mini_stop(&m);
        wz_config_free(&cfg);
        free(url);
        free(rdb);
    }

    WZ_TEST("worker: stop ends a hung request within the 2 s quit budget");
    mini_start(&m, NULL);
    url = wz_xasprintf("http://127.0.0.1:%d/v1/snapshots", m.port);
    config_for(&cfg, url, tok);
    w = wz_upload_worker_start(&cfg, kdb, &wo);
    WZ_CHECK(wait_for(w, is_sending, &st));
    usleep(300000); /* well inside curl_easy_perform, waiting for an answer */
    WZ_CHECK_INT(wz_upload_worker_stop(w, 2000), 0);
    mini_stop(&m);
    wz_config_free(&cfg);
    free(url);

    WZ_TEST("no worker without an upload address");
    wz_config_defaults(&cfg);
    WZ_CHECK(wz_upload_worker_start(&cfg, kdb, NULL) == NULL);
    wz_upload_worker_status(NULL, &st);
    WZ_CHECK_INT(st.state, WZ_UPLOAD_OFF);
    wz_config_free(&cfg);

    free(tok);
    free(why_tok);
    free(kdb);
    free(cdb);
    free(ctok);
    char *cmd = wz_xasprintf("rm -rf '%s'", dir);
    (void)!system(cmd);
    free(cmd);
    WZ_TEST_END();
}

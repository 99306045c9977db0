/*
 * bench_collector: how fast the real wz-collector takes snapshot upserts over loopback,
 * and how many requests a kiosk's 365-day backlog needs. Prints figures; asserts nothing
 * about speed (targets: >= 2,000 upserts/s; <= 10 requests for the backlog).
 *
 *   bench_collector [SCALE]      (SCALE multiplies the number of upserts; default 1)
 *
 * The collector is the built binary (WZ_COLLECTOR), started on a kernel-chosen port with
 * a fresh database in a temporary directory. Clients are libcurl easy handles in
 * threads (4 or 32) with keep-alive, posting valid snapshots (made by wz_totals, so they pass the
 * full validation) for distinct (kiosk, day) pairs: every request is a real upsert
 * committed with synchronous=FULL before its answer. Two phases: one snapshot per request
 * (the worst case: one fsync each) and 50 per request (a kiosk catching up). Request
 * bodies are made before the clock starts, so only the collector's work is timed. The backlog
 * figure comes from the real upload pass (wz_upload_pass) on a kiosk database with a year of
 * events.
 */
#include "wz_recorder.h"
#include "wz_db.h"
#include "wz_totals.h"
#include "wz_upload.h"
#include "wz_util.h"

#include <curl/curl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

/* A shared token (any kiosk id): the benchmark sends for many. */
#define BENCH_TOKEN "bench-token-0a1b2c3d4e5f"

#define MAX_THREADS 64

static char dir[256];
static int port;

static char *snapshot_json(const char *kiosk, const char *day)
{
    wz_totals *t = wz_totals_create();
    for (int s = 0; s < 40; s++) {
        wz_totals_count_session(t, 9 + s % 8, s % 2 ? "12-15" : "8-11", "en", s % 5 == 0);
        wz_totals_count_session_end(t, 60000 + s * 1000);
        wz_totals_count_started(t, "0A1B2C3D-0000-4000-8000-00000000BE01", "12-15");
        wz_totals_count_choice(t, "0A1B2C3D-0000-4000-8000-00000000BE01", "12-15", "Decision 1",
                               s % 3, s % 3 ? "Reply" : "Block and report",
                               s % 3 ? "risky" : "safe");
        wz_totals_count_ending(t, "0A1B2C3D-0000-4000-8000-00000000BE01", "12-15",
                               s % 3 ? "risky" : "safe", 90000);
    }
    cJSON *doc = wz_snapshot_doc(t, kiosk, NULL, day, 1);
    char *s = cJSON_PrintUnformatted(doc);
    cJSON_Delete(doc);
    wz_totals_destroy(t);
    return s;
}

static void day_of(int k, char out[11])
{
    time_t t = (time_t)1609459200 + (time_t)(k % 1800) * 86400; /* from 2021-01-01 */
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, 11, "%Y-%m-%d", &tm);
}

typedef struct job {
    int thread, per_request, nreq, requests_done, upserts_done, errors;
    char **bodies; /* made before the clock starts: the client's work is not measured */
} job;

static size_t sink(char *p, size_t s, size_t n, void *u)
{
    return s * n;
}

static void make_bodies(job *j, const char *tmpl)
{
    j->bodies = wz_xcalloc((size_t)j->nreq, sizeof *j->bodies);
    int seq = 0;
    for (int r = 0; r < j->nreq; r++) {
        char kiosk[64];
        wz_buf b;
        wz_buf_init(&b, 0);
        /* 1800 days per kiosk name, a multiple of every batch size: one kiosk a request. */
        snprintf(kiosk, sizeof kiosk, "bench-%d-%d-%d", j->per_request, j->thread, seq / 1800);
        wz_buf_printf(&b, "{\"schema\":1,\"kiosk_id\":\"%s\",\"snapshots\":[", kiosk);
        for (int i = 0; i < j->per_request; i++, seq++) {
            char day[11];
            day_of(seq, day);
            /* The template's kiosk and day are fixed-width placeholders. */
            const char *k = strstr(tmpl, "KIOSKPLACEHOLDER"), *d = strstr(tmpl, "2000-01-01");
            if (i) wz_buf_putc(&b, ',');
            wz_buf_append(&b, tmpl, (size_t)(k - tmpl));
            wz_buf_puts(&b, kiosk);
            wz_buf_append(&b, k + 16, (size_t)(d - (k + 16)));
            wz_buf_puts(&b, day);
            wz_buf_puts(&b, d + 10);
        }
        wz_buf_puts(&b, "]}");
        j->bodies[r] = wz_buf_steal(&b);
    }
}

static void *client(void *arg)
{
    job *j = arg;
    CURL *c = curl_easy_init();
    struct curl_slist *h = NULL;
    h = curl_slist_append(h, "Content-Type: application/json");
    h = curl_slist_append(h, "Authorization: Bearer " BENCH_TOKEN);
    h = curl_slist_append(h, "Expect:");
    char *url = wz_xasprintf("http://127.0.0.1:%d/v1/snapshots", port);
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, sink);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    /* Each client from its own loopback address, as kiosks come from their own: the
     * collector takes at most 16 connections from one address. */
    char src[32];
    snprintf(src, sizeof src, "host!127.0.0.%d", 2 + j->thread);
    curl_easy_setopt(c, CURLOPT_INTERFACE, src);
    for (int r = 0; r < j->nreq; r++) {
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, j->bodies[r]);
        curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, (long)strlen(j->bodies[r]));
        long status = 0;
        if (curl_easy_perform(c) == CURLE_OK) curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
        if (status == 200) {
            j->requests_done++;
            j->upserts_done += j->per_request;
        } else {
            j->errors++;
        }
    }
    curl_slist_free_all(h);
    curl_easy_cleanup(c);
    free(url);
    return NULL;
}

static void phase(int per_request, int threads, int upserts_per_thread)
{
    pthread_t th[MAX_THREADS];
    job jobs[MAX_THREADS] = {{0}};
    if (threads < 1 || threads > MAX_THREADS) return;
    char *tmpl = snapshot_json("KIOSKPLACEHOLDER", "2000-01-01");
    for (int i = 0; i < threads; i++) {
        jobs[i] = (job){
            .thread = i, .per_request = per_request, .nreq = upserts_per_thread / per_request};
        make_bodies(&jobs[i], tmpl);
    }
    cJSON_free(tmpl);
    long long t0 = wz_now_ms();
    for (int i = 0; i < threads; i++)
        pthread_create(&th[i], NULL, client, &jobs[i]);
    int req = 0, ups = 0, err = 0;
    for (int i = 0; i < threads; i++) {
        pthread_join(th[i], NULL);
        req += jobs[i].requests_done;
        ups += jobs[i].upserts_done;
        err += jobs[i].errors;
    }
    double s = (double)(wz_now_ms() - t0) / 1000.0;
    printf("collector upserts, %2d snapshot(s)/request, %2d clients: %8.0f upserts/s "
           "(%d upserts in %d requests, %.2f s, %d errors; %zu bytes a snapshot)\n",
           per_request, threads, ups / s, ups, req, s, err,
           strlen(jobs[0].bodies[0]) / (size_t)per_request);
    for (int i = 0; i < threads; i++) {
        for (int r = 0; r < jobs[i].nreq; r++)
            free(jobs[i].bodies[r]);
        free(jobs[i].bodies);
    }
}

/* A busy kiosk's year: 50 visits a day across three scenarios with decisions. */
static void make_year(const char *db)
{
    static const char *const ifids[] = {"0A1B2C3D-0000-4000-8000-00000000BE01",
                                        "0A1B2C3D-0000-4000-8000-00000000BE02",
                                        "0A1B2C3D-0000-4000-8000-00000000BE03"};
    static const char *const cls[] = {"safe", "risky", "neutral"};
    wz_recorder *r = wz_recorder_create(db);
    time_t now = time(NULL);
    for (int d = 364; d >= 0; d--) {
        for (int s = 0; s < 50; s++) {
            time_t at = now - (time_t)d * 86400 - 3600 - s * 60;
            char sid[33];
            wz_recorder_visit_id(sid);
            const char *ifid = ifids[s % 3];
            wz_event ev = {.kind = WZ_EV_SESSION_START,
                           .at = at,
                           .session = sid,
                           .audience = s % 2 ? "12-15" : "16+",
                           .language = "en"};
            wz_recorder_record(r, &ev);
            wz_event st = {.kind = WZ_EV_SCENARIO_START, .at = at, .session = sid, .ifid = ifid};
            wz_recorder_record(r, &st);
            for (int k = 0; k < 4; k++) {
                char passage[32], target[32];
                snprintf(passage, sizeof passage, "Decision %d", k + 1);
                snprintf(target, sizeof target, "Answer %d.%d", k + 1, (s + k) % 3 + 1);
                wz_event c = {.kind = WZ_EV_CHOICE,
                              .at = at,
                              .session = sid,
                              .ifid = ifid,
                              .passage = passage,
                              .choice_index = (s + k) % 3,
                              .target = target,
                              .cls = cls[(s + k) % 3]};
                wz_recorder_record(r, &c);
            }
            wz_event e = {.kind = WZ_EV_ENDING,
                          .at = at,
                          .session = sid,
                          .ifid = ifid,
                          .passage = "The end",
                          .outcome = cls[s % 2],
                          .duration_ms = 120000};
            wz_recorder_record(r, &e);
            wz_event en = {
                .kind = WZ_EV_SESSION_END, .at = at, .session = sid, .duration_ms = 150000};
            wz_recorder_record(r, &en);
        }
    }
    wz_recorder_destroy(r);
}

int main(int argc, char **argv)
{
    int scale = argc > 1 ? (int)strtol(argv[1], NULL, 10) : 1;
    if (scale < 1) scale = 1;
    char tmpl[] = "/tmp/wz-bench-collector-XXXXXX";
    snprintf(dir, sizeof dir, "%s", mkdtemp(tmpl));
    char *tok = wz_path_join(dir, "token"), *cdb = wz_path_join(dir, "collector.db"),
         *pf = wz_path_join(dir, "port"), *kdb = wz_path_join(dir, "kiosk.db");
    wz_write_file_atomic(tok, BENCH_TOKEN "\n", strlen(BENCH_TOKEN) + 1);
    chmod(tok, 0600);
    curl_global_init(CURL_GLOBAL_DEFAULT);
    pid_t pid = fork();
    if (pid == 0) {
        if (!freopen("/dev/null", "w", stderr)) _exit(127);
        execl(WZ_COLLECTOR, "wz-collector", "serve", "--listen", "127.0.0.1:0", "--db", cdb,
              "--token-file", tok, "--port-file", pf, (char *)NULL);
        _exit(127);
    }
    for (int i = 0; i < 500 && !port; i++) {
        char *txt = NULL;
        size_t len;
        if (wz_read_file(pf, 64, &txt, &len) == 0) port = (int)strtol(txt, NULL, 10);
        free(txt);
        if (!port) usleep(10000);
    }
    if (!port) {
        fprintf(stderr, "bench_collector: the collector did not start\n");
        return 1;
    }
    phase(1, 4, 250 * scale);
    phase(1, 32, 125 * scale);
    phase(50, 4, 2500 * scale);

    long long t0 = wz_now_ms();
    make_year(kdb);
    double gen_s = (double)(wz_now_ms() - t0) / 1000.0;
    sqlite3 *db = NULL;
    char *err = NULL;
    if (wz_db_open(kdb, &db, &err) < 0) {
        fprintf(stderr, "bench_collector: %s\n", err);
        return 1;
    }
    char *url = wz_xasprintf("http://127.0.0.1:%d/v1/snapshots", port);
    wz_upload_opts o = {.url = url, .token_file = tok, .kiosk_id = "bench-backlog"};
    wz_upload_result r;
    t0 = wz_now_ms();
    wz_upload_pass(db, &o, &r, NULL);
    double up_s = (double)(wz_now_ms() - t0) / 1000.0;
    printf("365-day backlog (50 visits/day, %.1f s to record): %d snapshots acknowledged in "
           "%d requests (target <= 10), %.2f s including the outbox refresh; outcome %s\n",
           gen_s, r.acked, r.requests, up_s, wz_upload_outcome_name(r.outcome));
    wz_db_close(db);
    kill(pid, SIGTERM);
    waitpid(pid, NULL, 0);
    char *cmd = wz_xasprintf("rm -rf '%s'", dir);
    (void)!system(cmd);
    free(cmd);
    free(url);
    free(tok);
    free(cdb);
    free(pf);
    free(kdb);
    return r.acked == 365 && r.requests <= 10 ? 0 : 1;
}

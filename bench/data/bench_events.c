/*
 * bench_events: how long the UI thread waits to record one event.
 *
 *   bench_events [EVENTS] [DIR]
 *
 * Fills a database with a quarter of a busy kiosk's history first (insert cost grows with
 * the index), then times each wz_recorder_record of a realistic visit mix one by one and
 * prints percentiles. Then the same with synchronous=FULL on the recorder's connection, to
 * show what an fsync per event would cost on this disk (the reason the recorder commits
 * with NORMAL: docs in src/data/wz_db.h). Target: p99 < 1 ms.
 */
#include "wz_db.h"
#include "wz_recorder.h"
#include "wz_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static long long now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static int cmp(const void *a, const void *b)
{
    long long x = *(const long long *)a, y = *(const long long *)b;
    return x < y ? -1 : x > y;
}

static void visit_event(wz_event *ev, const char *sid, int i)
{
    static const char *const passages[] = {"Lobby", "Secret", "What now", "Chat", "Offer"};
    switch (i % 8) {
    case 0:
        *ev = (wz_event){
            .kind = WZ_EV_SESSION_START, .session = sid, .audience = "8-11", .language = "en"};
        break;
    case 1:
        *ev = (wz_event){.kind = WZ_EV_SCENARIO_START,
                         .session = sid,
                         .ifid = "9F3B6C2E-4A1D-4C8B-9E57-1D2A3B4C5D6E"};
        break;
    case 5:
        *ev = (wz_event){.kind = WZ_EV_SPOT_RESULT,
                         .session = sid,
                         .ifid = "9F3B6C2E-4A1D-4C8B-9E57-1D2A3B4C5D6E",
                         .passage = "Secret",
                         .found = 2,
                         .missed = 1};
        break;
    case 6:
        *ev = (wz_event){.kind = WZ_EV_ENDING,
                         .session = sid,
                         .ifid = "9F3B6C2E-4A1D-4C8B-9E57-1D2A3B4C5D6E",
                         .passage = "Safe end",
                         .outcome = "safe",
                         .duration_ms = 180000};
        break;
    case 7:
        *ev = (wz_event){.kind = WZ_EV_SESSION_END, .session = sid, .duration_ms = 240000};
        break;
    default:
        *ev = (wz_event){.kind = WZ_EV_CHOICE,
                         .session = sid,
                         .ifid = "9F3B6C2E-4A1D-4C8B-9E57-1D2A3B4C5D6E",
                         .passage = passages[i % 5],
                         .choice_index = i % 3,
                         .target = "Next",
                         .cls = i % 2 ? "safe" : "risky"};
    }
}

static void report(const char *label, long long *t, int n)
{
    if (n <= 0) return;
    qsort(t, (size_t)n, sizeof *t, cmp);
    printf("%-46s n=%-6d p50 %.3f ms  p90 %.3f ms  p99 %.3f ms  p99.9 %.3f ms  max %.3f ms\n",
           label, n, t[n / 2] / 1e6, t[n * 9 / 10] / 1e6, t[n * 99 / 100] / 1e6,
           t[(long long)n * 999 / 1000] / 1e6, t[n - 1] / 1e6);
}

/* Times every record; visit ends are reported apart, because the recorder does its WAL
 * checkpoint and daily prune right after them (between visitors). */
static void run(wz_recorder *r, int n, const char *label)
{
    long long *all = wz_xmalloc((size_t)n * sizeof *all);
    long long *mid = wz_xmalloc((size_t)n * sizeof *mid);
    long long *end = wz_xmalloc((size_t)n * sizeof *end);
    int nmid = 0, nend = 0;
    char sid[33];
    for (int i = 0; i < n; i++) {
        if (i % 8 == 0) wz_recorder_visit_id(sid);
        wz_event ev;
        visit_event(&ev, sid, i);
        long long a = now_ns();
        if (wz_recorder_record(r, &ev) != 0) fprintf(stderr, "event %d not committed\n", i);
        long long d = now_ns() - a;
        all[i] = d;
        if (ev.kind == WZ_EV_SESSION_END)
            end[nend++] = d;
        else
            mid[nmid++] = d;
    }
    report(label, all, n);
    report("  during a visit (target p99 < 1 ms)", mid, nmid);
    report("  visit end (+ checkpoint between visitors)", end, nend);
    free(all);
    free(mid);
    free(end);
}

int main(int argc, char **argv)
{
    int n = argc > 1 ? (int)strtol(argv[1], NULL, 10) : 20000;
    if (n < 100) n = 100;
    char tmpl[512];
    snprintf(tmpl, sizeof tmpl, "%s/wz-bench-events-XXXXXX", argc > 2 ? argv[2] : "/tmp");
    if (!mkdtemp(tmpl)) return 1;
    char *path = wz_path_join(tmpl, "kiosk.db");
    sqlite3 *db = NULL;
    char *err = NULL;
    if (wz_db_open(path, &db, &err) != 0) {
        fprintf(stderr, "%s\n", err);
        return 1;
    }
    /* a quarter of a busy kiosk: 90 days x 500 visits x 8 events */
    long long t0 = wz_now_ms();
    wz_db_exec(db,
               "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i+1 FROM n WHERE i < 359999)"
               " INSERT INTO events(day, hour, kind, session, audience, ifid, passage,"
               " choice_index, target, cls)"
               " SELECT date('2026-01-01', '+' || (i / 4000) || ' days'), 9 + (i % 9),"
               " 1 + (i % 9), printf('%032x', i / 8), '8-11', 'IFID-' || (i % 4),"
               " 'P' || (i % 5), i % 3, 'T', 'safe' FROM n",
               &err);
    wz_db_exec(db, "DELETE FROM dirty_days", &err);
    wz_db_close(db);
    printf("prefilled 360000 events in %.1f s\n", (wz_now_ms() - t0) / 1000.0);

    wz_recorder *r = wz_recorder_create(path);
    run(r, 1000, "warm-up (not counted)");
    run(r, n, "record (synchronous=NORMAL, WAL)");
    sqlite3 *rdb = wz_recorder_db(r);
    if (rdb) sqlite3_exec(rdb, "PRAGMA synchronous=FULL", NULL, NULL, NULL);
    run(r, n / 10, "for comparison: synchronous=FULL");
    wz_recorder_destroy(r);
    free(path);
    char *cmd = wz_xasprintf("rm -rf '%s'", tmpl);
    if (system(cmd) != 0) fprintf(stderr, "cleanup failed\n");
    free(cmd);
    return 0;
}

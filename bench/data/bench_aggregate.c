/*
 * bench_aggregate: a year of a busy kiosk (500 visits a day, about 9 events each, 1.6
 * million rows) aggregated from raw events. Target: under 1 s.
 *
 *   bench_aggregate [VISITS_PER_DAY] [DIR]
 *
 * Prints three figures: refreshing the outbox with all 365 days dirty (what the first
 * upload pass after a year offline does, from cold), `wz-stats summary --format=json`'s
 * work over the whole year, and the usual worker pass (one day changed).
 */
#include "wz_aggregate.h"
#include "wz_db.h"
#include "wz_outbox.h"
#include "wz_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double secs_since(long long t0)
{
    return (double)(wz_now_ms() - t0) / 1000.0;
}

/* CPU seconds of this process: the machine may be shared, so wall time alone can mislead. */
static double cpu_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void fill(sqlite3 *db, int per_day, long long *rows)
{
    static const char *const ifids[] = {
        "9F3B6C2E-4A1D-4C8B-9E57-1D2A3B4C5D6E", "1A2B3C4D-0000-4000-8000-000000000001",
        "1A2B3C4D-0000-4000-8000-000000000002", "1A2B3C4D-0000-4000-8000-000000000003"};
    static const char *const aud[] = {"8-11", "12-15", "16+", "parents"};
    static const char *const passages[] = {"Lobby", "Secret", "What now", "Offer", "Server"};
    static const char *const outcomes[] = {"safe", "risky", "mixed"};
    sqlite3_stmt *st = NULL;
    sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
    sqlite3_prepare_v2(db,
                       "INSERT INTO events(day, hour, kind, session, audience, language, ifid,"
                       " passage, choice_index, target, cls, outcome, screen, found, missed,"
                       " duration_ms) VALUES (?1,?2,?3,?4,?5,'en',?6,?7,?8,?9,?10,?11,?12,?13,"
                       "?14,?15)",
                       -1, &st, NULL);
    unsigned x = 12345;
    *rows = 0;
    for (int d = 0; d < 365; d++) {
        char day[11];
        time_t t = 1767225600 + (time_t)d * 86400; /* 2026-01-01 */
        struct tm tm;
        gmtime_r(&t, &tm);
        strftime(day, sizeof day, "%Y-%m-%d", &tm);
        for (int v = 0; v < per_day; v++) {
            char sid[33];
            snprintf(sid, sizeof sid, "%08x%08x%016x", d, v, x);
            x = x * 1103515245u + 12345u;
            int hour = 9 + (int)((x >> 16) % 9);
            const char *a = aud[(x >> 8) % 4], *ifid = ifids[(x >> 12) % 4];
            /* kind, passage, index, class, outcome, screen, found, missed, duration */
            struct {
                int kind;
                const char *passage;
                int index;
                const char *cls, *outcome, *screen;
                int found, missed;
                long long ms;
            } evs[10] = {
                {1, NULL, 0, NULL, NULL, NULL, 0, 0, 0},
                {3, NULL, 0, NULL, NULL, NULL, 0, 0, 0},
                {4, passages[x % 5], (int)(x >> 3) % 3, (x >> 5) % 2 ? "safe" : "risky", NULL, NULL,
                 0, 0, 0},
                {4, passages[(x >> 7) % 5], (int)(x >> 9) % 3, (x >> 11) % 2 ? "safe" : "risky",
                 NULL, NULL, 0, 0, 0},
                {5, "Secret", 0, NULL, NULL, NULL, (int)(x >> 13) % 3, (int)(x >> 15) % 2, 0},
                {4, passages[(x >> 17) % 5], (int)(x >> 19) % 3, "neutral", NULL, NULL, 0, 0, 0},
                {7, "End", 0, NULL, outcomes[(x >> 21) % 3], NULL, 0, 0,
                 20000 + (long long)((x >> 4) % 400000)},
                {9, NULL, 0, NULL, NULL, (x >> 23) % 2 ? "ending" : "menu", 0, 0, 0},
                {2, NULL, 0, NULL, NULL, NULL, 0, 0, 60000 + (long long)((x >> 6) % 600000)},
            };
            int n = (x >> 25) % 4 == 0 ? 9 : 8; /* a quarter open help */
            for (int i = 0; i < 9; i++) {
                if (n == 8 && evs[i].kind == 9) continue;
                sqlite3_reset(st);
                sqlite3_bind_text(st, 1, day, -1, SQLITE_TRANSIENT);
                sqlite3_bind_int(st, 2, hour);
                sqlite3_bind_int(st, 3, evs[i].kind);
                sqlite3_bind_text(st, 4, sid, -1, SQLITE_TRANSIENT);
                sqlite3_bind_text(st, 5, a, -1, SQLITE_STATIC);
                if (evs[i].kind != 1 && evs[i].kind != 2 && evs[i].kind != 9)
                    sqlite3_bind_text(st, 6, ifid, -1, SQLITE_STATIC);
                else
                    sqlite3_bind_null(st, 6);
                if (evs[i].passage)
                    sqlite3_bind_text(st, 7, evs[i].passage, -1, SQLITE_STATIC);
                else
                    sqlite3_bind_null(st, 7);
                sqlite3_bind_int(st, 8, evs[i].index);
                sqlite3_bind_text(st, 9, evs[i].kind == 4 ? "Next" : NULL, -1, SQLITE_STATIC);
                sqlite3_bind_text(st, 10, evs[i].cls, -1, SQLITE_STATIC);
                sqlite3_bind_text(st, 11, evs[i].outcome, -1, SQLITE_STATIC);
                sqlite3_bind_text(st, 12, evs[i].screen, -1, SQLITE_STATIC);
                sqlite3_bind_int(st, 13, evs[i].found);
                sqlite3_bind_int(st, 14, evs[i].missed);
                sqlite3_bind_int64(st, 15, evs[i].ms);
                sqlite3_step(st);
                (*rows)++;
            }
        }
    }
    sqlite3_finalize(st);
    sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
}

int main(int argc, char **argv)
{
    int per_day = argc > 1 ? atoi(argv[1]) : 500;
    if (per_day < 1) per_day = 500;
    /* With DIR, the database DIR/kiosk.db is kept and reused by the next run (profiling). */
    char tmpl[512];
    int keep = argc > 2;
    snprintf(tmpl, sizeof tmpl, "%s", keep ? argv[2] : "/tmp/wz-bench-agg-XXXXXX");
    if (!keep && !mkdtemp(tmpl)) return 1;
    char *path = wz_path_join(tmpl, "kiosk.db");
    sqlite3 *db = NULL;
    char *err = NULL;
    if (wz_db_open(path, &db, &err) != 0) {
        fprintf(stderr, "%s\n", err);
        return 1;
    }
    long long rows = 0, t0 = wz_now_ms();
    sqlite3_stmt *st = NULL;
    sqlite3_prepare_v2(db, "SELECT count(*) FROM events", -1, &st, NULL);
    if (sqlite3_step(st) == SQLITE_ROW) rows = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    if (rows == 0) {
        fill(db, per_day, &rows);
        printf("filled 365 days x %d visits = %lld events in %.1f s\n", per_day, rows,
               secs_since(t0));
    } else {
        sqlite3_exec(db,
                     "DELETE FROM snapshots; INSERT OR IGNORE INTO dirty_days"
                     " SELECT DISTINCT day FROM events",
                     NULL, NULL, NULL);
        printf("reusing %s: %lld events\n", path, rows);
    }
    /* cold-ish: a new connection, as the worker at start-up */
    wz_db_close(db);
    wz_db_open(path, &db, &err);

    t0 = wz_now_ms();
    double c0 = cpu_now();
    int risen = wz_outbox_refresh(db, "bench-kiosk");
    double refresh = secs_since(t0);
    printf("outbox refresh, 365 dirty days (cold, from raw events): %.3f s wall, %.3f s CPU "
           "(%d snapshots)   target < 1 s\n",
           refresh, cpu_now() - c0, risen);

    t0 = wz_now_ms();
    c0 = cpu_now();
    wz_totals *t = wz_totals_new();
    if (wz_aggregate_totals(db, NULL, NULL, "bench-kiosk", t, &err) != 0)
        fprintf(stderr, "%s\n", err);
    char *json = wz_totals_render(t, "json");
    double summary = secs_since(t0);
    printf("summary --format=json over the year (stored days):     %.3f s wall, %.3f s CPU "
           "(%zu bytes)   target < 1 s\n",
           summary, cpu_now() - c0, json ? strlen(json) : 0);
    free(json);
    wz_totals_free(t);

    sqlite3_exec(db, "INSERT INTO dirty_days(day) VALUES ('2026-06-30')", NULL, NULL, NULL);
    t0 = wz_now_ms();
    wz_outbox_refresh(db, "bench-kiosk");
    printf("outbox refresh, one day changed (the usual pass):      %.3f s wall\n", secs_since(t0));
    double load[1] = {0};
    if (getloadavg(load, 1) == 1) printf("(machine load average %.2f)\n", load[0]);
    wz_db_close(db);
    free(path);
    if (!keep) {
        char *cmd = wz_xasprintf("rm -rf '%s'", tmpl);
        if (system(cmd) != 0) fprintf(stderr, "cleanup failed\n");
        free(cmd);
    }
    return refresh < 1.0 && summary < 1.0 ? 0 : 1;
}

/*
 * bench_aggregate: a year of a busy kiosk (500 visits a day of about 10 events each:
 * start, scenario start, 4 choices, a spot result, feedback, ending or abandon, end, and
 * sometimes help or a setting; 1.88 million rows) aggregated from raw events. Target:
 * under 1 s.
 *
 *   bench_aggregate [VISITS_PER_DAY] [DIR]
 *
 * Prints three figures: refreshing the outbox with all 365 days dirty (what the first
 * upload pass after a year offline does, from cold), `wz-stats summary --format=json`'s
 * work over the whole year, and the usual worker pass (one day changed).
 *
 * Figures on the 2-core build machine (RelWithDebInfo, machine load 3-4 from other work),
 * `build/bench/data/bench_aggregate 500 /tmp/agg` run 4 times:
 *   cold refresh of 365 days   0.39-0.43 s CPU, 0.49-0.66 s wall   (schema 1: 1.03 s CPU,
 *                              1.55 s wall on the same rows; 1.3 s CPU before the
 *                              snapshot writer stopped rendering each document twice)
 *   summary over the year      0.12-0.14 s CPU, 0.19-0.23 s wall
 *   one day changed            0.004 s wall
 * What made the difference (perf record): SQLite decoding 19 columns per row was half of
 * the time. Schema 2 stores each distinct combination of labels once (event_labels) and
 * each row points to it; schema 3 indexes (day, labels, hour, found, missed, wrong,
 * duration_ms), so counting reads that narrow index alone, groups a day's rows per label
 * in arrays and hands each group to wz_totals once.
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

/* Four scenarios of six decisions with three options each; an option always leads to the
 * same passage with the same class, as in a real story. */
#define DECISIONS 6
static const char *const PASSAGES[DECISIONS] = {"Lobby",     "Secret",     "What now",
                                                "The offer", "Group chat", "Meet up"};
static const char *const CLASSES[3] = {"safe", "risky", "neutral"};

static void bind_opt(sqlite3_stmt *st, int i, const char *s)
{
    if (s)
        sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(st, i);
}

typedef struct ev {
    int kind;
    const char *ifid, *passage, *target, *cls, *outcome, *screen, *reason, *setting, *value;
    int index, found, missed, wrong;
    long long ms;
} ev;

static void fill(sqlite3 *db, int per_day, long long *rows)
{
    static const char *const ifids[] = {
        "9F3B6C2E-4A1D-4C8B-9E57-1D2A3B4C5D6E", "1A2B3C4D-0000-4000-8000-000000000001",
        "1A2B3C4D-0000-4000-8000-000000000002", "1A2B3C4D-0000-4000-8000-000000000003"};
    static const char *const aud[] = {"8-11", "12-15", "16+", "parents"};
    static const char *const outcomes[] = {"safe", "risky", "mixed"};
    static const char *const targets[DECISIONS][3] = {
        {"Ask who", "Reply", "Ignore"}, {"Tell", "Keep it", "Think"},
        {"Block", "Answer", "Wait"},    {"Say no", "Take gems", "Ask a friend"},
        {"Leave", "Stay", "Report"},    {"Tell Mum", "Go alone", "Not sure"}};
    sqlite3_stmt *st = NULL;
    sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
    sqlite3_prepare_v2(db,
                       "INSERT INTO events(day, hour, kind, session, audience, language, easy_read,"
                       " ifid, passage, choice_index, target, cls, outcome, screen, reason,"
                       " setting, value, found, missed, wrong, duration_ms) VALUES (?1,?2,?3,?4,"
                       "?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18,?19,?20,?21)",
                       -1, &st, NULL);
    unsigned x = 12345;
#define RND() (x = x * 1103515245u + 12345u, (x >> 8) & 0xffff)
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
            int hour = 9 + (int)(RND() % 9), easy = RND() % 10 == 0;
            const char *a = aud[RND() % 4], *ifid = ifids[RND() % 4];
            const char *lang = RND() % 8 == 0 ? "pl" : "en";
            /* start, (a setting), scenario start, 4 choices with feedback on one, a spot
             * result, an ending or an abandon, (help), end: about 10 events */
            ev evs[16];
            int n = 0;
            evs[n++] = (ev){.kind = 1};
            if (RND() % 20 == 0)
                evs[n++] = (ev){.kind = 10, .setting = "text-size", .value = "large"};
            evs[n++] = (ev){.kind = 3, .ifid = ifid};
            int first = (int)(RND() % 2), abandon = RND() % 5 == 0, k = 0;
            for (int c = 0; c < 4; c++) {
                int p = first + c, o = (int)(RND() % 3);
                evs[n++] = (ev){.kind = 4,
                                .ifid = ifid,
                                .passage = PASSAGES[p],
                                .index = o,
                                .target = targets[p][o],
                                .cls = CLASSES[o]};
                if (c == 1) {
                    evs[n++] =
                        (ev){.kind = 6, .ifid = ifid, .passage = targets[p][o], .cls = CLASSES[o]};
                    /* one draw per statement: the order of evaluation inside an
                     * initialiser list is unspecified, and the data must not depend on it */
                    int found = (int)(RND() % 4);
                    int missed = (int)(RND() % 2);
                    int wrong = (int)(RND() % 2);
                    evs[n++] = (ev){.kind = 5,
                                    .ifid = ifid,
                                    .passage = "Spot the signs",
                                    .found = found,
                                    .missed = missed,
                                    .wrong = wrong};
                }
                k = o;
            }
            long long ms = 20000 + (long long)(RND() % 400) * 1000;
            if (abandon)
                evs[n++] = (ev){.kind = 8,
                                .ifid = ifid,
                                .passage = PASSAGES[first + 3],
                                .reason = RND() % 2 ? "idle" : "back",
                                .ms = ms};
            else
                evs[n++] = (ev){
                    .kind = 7, .ifid = ifid, .passage = "End", .outcome = outcomes[k], .ms = ms};
            if (RND() % 4 == 0) evs[n++] = (ev){.kind = 9, .screen = RND() % 2 ? "ending" : "menu"};
            evs[n++] = (ev){.kind = 2, .ms = ms + 30000 + (long long)(RND() % 300) * 1000};
            for (int i = 0; i < n; i++) {
                const ev *e = &evs[i];
                sqlite3_reset(st);
                sqlite3_bind_text(st, 1, day, -1, SQLITE_TRANSIENT);
                sqlite3_bind_int(st, 2, hour);
                sqlite3_bind_int(st, 3, e->kind);
                sqlite3_bind_text(st, 4, sid, -1, SQLITE_TRANSIENT);
                bind_opt(st, 5, e->kind == 1 || e->ifid ? a : NULL);
                bind_opt(st, 6, e->kind == 1 ? lang : NULL);
                sqlite3_bind_int(st, 7, e->kind == 1 ? easy : 0);
                bind_opt(st, 8, e->ifid);
                bind_opt(st, 9, e->passage);
                sqlite3_bind_int(st, 10, e->index);
                bind_opt(st, 11, e->target);
                bind_opt(st, 12, e->cls);
                bind_opt(st, 13, e->outcome);
                bind_opt(st, 14, e->screen);
                bind_opt(st, 15, e->reason);
                bind_opt(st, 16, e->setting);
                bind_opt(st, 17, e->value);
                sqlite3_bind_int(st, 18, e->found);
                sqlite3_bind_int(st, 19, e->missed);
                sqlite3_bind_int(st, 20, e->wrong);
                sqlite3_bind_int64(st, 21, e->ms);
                sqlite3_step(st);
                (*rows)++;
            }
        }
    }
#undef RND
    sqlite3_finalize(st);
    sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
}

int main(int argc, char **argv)
{
    int per_day = argc > 1 ? (int)strtol(argv[1], NULL, 10) : 500;
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
    int risen = wz_outbox_refresh(db, "bench-kiosk", NULL);
    double refresh = secs_since(t0);
    printf("outbox refresh, 365 dirty days (cold, from raw events): %.3f s wall, %.3f s CPU "
           "(%d snapshots)   target < 1 s\n",
           refresh, cpu_now() - c0, risen);

    t0 = wz_now_ms();
    c0 = cpu_now();
    wz_totals *t = wz_totals_create();
    if (wz_aggregate_totals(db, NULL, NULL, "bench-kiosk", t, &err) != 0)
        fprintf(stderr, "%s\n", err);
    char *json = wz_totals_render(t, "json");
    double summary = secs_since(t0);
    printf("summary --format=json over the year (stored days):     %.3f s wall, %.3f s CPU "
           "(%zu bytes)   target < 1 s\n",
           summary, cpu_now() - c0, json ? strlen(json) : 0);
    free(json);
    wz_totals_destroy(t);

    sqlite3_exec(db, "INSERT INTO dirty_days(day) VALUES ('2026-06-30')", NULL, NULL, NULL);
    t0 = wz_now_ms();
    wz_outbox_refresh(db, "bench-kiosk", NULL);
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

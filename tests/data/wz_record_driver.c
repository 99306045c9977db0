/*
 * wz_record_driver: records scripted visitor sessions, as the kiosk would, for the
 * durability test (test_durability.c), which SIGKILLs it at random moments.
 *
 *   wz_record_driver DB SESSIONS [SEED [REFRESH_EVERY]]
 *
 * Protocol on stdout, one write(2) per line: "B n" just before recording event number n,
 * "C n" once the recorder says it is committed (wz_recorder_record returned 0). So
 * whenever the parent kills it: after "C n" the database must hold exactly n events;
 * after "B n" it holds n-1 or n (killed inside that commit). Events only queued (1) are
 * reported when a later flush writes them. With REFRESH_EVERY, a second connection
 * refreshes the outbox every that many sessions, as the upload worker would, so kills
 * also land inside refresh transactions.
 */
#include "wz_db.h"
#include "wz_recorder.h"
#include "wz_outbox.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static long long committed;

static void say(char what, long long n)
{
    char line[32];
    int len = snprintf(line, sizeof line, "%c %lld\n", what, n);
    if (write(1, line, (size_t)len) != len) exit(3);
}

static void report(void)
{
    say('C', committed);
}

static void rec(wz_recorder *r, wz_event *ev)
{
    int before = wz_recorder_pending(r);
    say('B', committed + before + 1);
    int rc = wz_recorder_record(r, ev);
    if (rc == 0) {
        committed += before + 1; /* the queue is written oldest first, then this one */
        report();
    } else if (rc < 0) {
        fprintf(stderr, "driver: event dropped\n");
        exit(4);
    }
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: wz_record_driver DB SESSIONS [SEED]\n");
        return 2;
    }
    int sessions = (int)strtol(argv[2], NULL, 10);
    unsigned seed = argc > 3 ? (unsigned)strtoul(argv[3], NULL, 10) : 1;
    int refresh_every = argc > 4 ? (int)strtol(argv[4], NULL, 10) : 0;
    wz_recorder *r = wz_recorder_create(argv[1]);
    sqlite3 *worker = NULL;
    char *err = NULL;
    if (refresh_every > 0 && wz_db_open(argv[1], &worker, &err) != 0) {
        fprintf(stderr, "driver: %s\n", err);
        return 1;
    }
    static const char *const aud[] = {"8-11", "12-15", "16+", "parents"};
    for (int s = 0; s < sessions; s++) {
        char sid[33];
        wz_recorder_visit_id(sid);
        seed = seed * 1103515245u + 12345u;
        wz_event ev = {.kind = WZ_EV_SESSION_START,
                       .session = sid,
                       .audience = aud[(seed >> 16) % 4],
                       .language = "en"};
        rec(r, &ev);
        ev = (wz_event){.kind = WZ_EV_SCENARIO_START, .session = sid, .ifid = "DRIVER-IFID"};
        rec(r, &ev);
        for (int c = 0; c < 3; c++) {
            seed = seed * 1103515245u + 12345u;
            ev = (wz_event){.kind = WZ_EV_CHOICE,
                            .session = sid,
                            .ifid = "DRIVER-IFID",
                            .passage = c == 0   ? "Lobby"
                                       : c == 1 ? "Secret"
                                                : "What now",
                            .choice_index = (int)(seed >> 16) % 2,
                            .target = "Next",
                            .cls = (seed >> 16) % 2 ? "risky" : "safe"};
            rec(r, &ev);
        }
        ev = (wz_event){.kind = WZ_EV_ENDING,
                        .session = sid,
                        .ifid = "DRIVER-IFID",
                        .passage = "End",
                        .outcome = "safe",
                        .duration_ms = 95000};
        rec(r, &ev);
        ev = (wz_event){.kind = WZ_EV_SESSION_END, .session = sid, .duration_ms = 120000};
        rec(r, &ev);
        if (worker && (s + 1) % refresh_every == 0 && wz_outbox_refresh(worker, "driver", NULL) < 0)
            fprintf(stderr, "driver: refresh failed\n");
    }
    wz_db_close(worker);
    while (wz_recorder_pending(r) > 0) {
        int before = wz_recorder_pending(r);
        if (wz_recorder_flush(r) > 0) {
            committed += before - wz_recorder_pending(r);
            report();
        } else {
            usleep(10000);
        }
    }
    wz_recorder_destroy(r);
    return 0;
}

/*
 * wz_record_driver: records scripted visitor sessions, as the kiosk would, for the
 * durability test (test_durability.c), which SIGKILLs it at random moments.
 *
 *   wz_record_driver DB SESSIONS [SEED]
 *
 * After every event the recorder reports as committed (wz_recorder_record returned 0)
 * it writes the running count as one line to stdout with a single write(2), so the
 * parent knows a lower bound of what must be in the database whatever moment it kills.
 * Events that were only queued (1) are counted when a later flush writes them.
 */
#include "wz_events.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static long long committed;

static void report(void)
{
    char line[32];
    int n = snprintf(line, sizeof line, "%lld\n", committed);
    if (write(1, line, (size_t)n) != n) exit(3);
}

static void rec(wz_recorder *r, wz_event *ev)
{
    int before = wz_recorder_pending(r);
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
    int sessions = atoi(argv[2]);
    unsigned seed = argc > 3 ? (unsigned)strtoul(argv[3], NULL, 10) : 1;
    wz_recorder *r = wz_recorder_create(argv[1]);
    static const char *const aud[] = {"8-11", "12-15", "16+", "parents"};
    for (int s = 0; s < sessions; s++) {
        char sid[33];
        wz_session_id_new(sid);
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
    }
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

/*
 * e2e_gen: writes anonymous kiosk events into a database through the data layer's own
 * recorder (wz_recorder), so the end-to-end tests need neither the kiosk UI nor a screen.
 *
 *   e2e_gen DB DAYS SESSIONS_PER_DAY SEED [FIRST_DAY_AGO [partnership]]
 *
 * With "partnership", each play also has a spot-the-signs screen and a rating round
 * (WZ_EV_SPOT_RESULT, WZ_EV_RATING) and three knowledge-check answers (WZ_EV_QUIZ: half
 * the plays before the scenario, right half the time; the others after, right three
 * times in four, drawn from a generator of their own so the other events stay as they
 * were), and the kiosk's public facts are saved first (a
 * site and each scenario's title, topic, language and audience), as the kiosk does when
 * it loads its scenarios; without it the events are exactly those of earlier versions.
 *
 * Days run from FIRST_DAY_AGO (default DAYS) days ago up to today. The same arguments
 * always give the same events (a small xorshift generator), so a test can add more
 * events to days already uploaded (a new seed) and see revisions rise. Exit 0 when every
 * event was committed.
 */
#include "wz_db.h"
#include "wz_facts.h"
#include "wz_recorder.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static unsigned long long rng;

static unsigned rnd(unsigned n)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (unsigned)(rng % n);
}

static const char *const IFIDS[] = {"0A1B2C3D-0000-4000-8000-00000000E2E1",
                                    "0A1B2C3D-0000-4000-8000-00000000E2E2",
                                    "0A1B2C3D-0000-4000-8000-00000000E2E3"};
static const char *const AUD[] = {"8-11", "12-15", "16+", "parents"};
static const char *const CLS[] = {"safe", "risky", "neutral"};
static const char *const OUT[] = {"safe", "risky", "mixed"};

static int failures;

/* The facts a kiosk would save from its scenario files (the third has no title). */
static int save_facts(const char *path)
{
    static const wz_scenario_facts f[] = {
        {.ifid = "0A1B2C3D-0000-4000-8000-00000000E2E1",
         .title = "The Gift in the Game",
         .topic = "grooming",
         .language = "en",
         .audience = "8-11, 12-15"},
        {.ifid = "0A1B2C3D-0000-4000-8000-00000000E2E2",
         .title = "Group Chat Check",
         .topic = "radicalisation",
         .language = "en",
         .audience = "12-15, 16+"},
        {.ifid = "0A1B2C3D-0000-4000-8000-00000000E2E3", .topic = "general"}};
    sqlite3 *db = NULL;
    char *err = NULL;
    int rc = wz_db_open(path, &db, &err) == 0 &&
                     wz_facts_save(db, "E2E Central Library", f, 3, &err) == 0
                 ? 0
                 : -1;
    if (rc) fprintf(stderr, "e2e_gen: %s\n", err ? err : "cannot save the facts");
    free(err);
    wz_db_close(db);
    return rc;
}

static void rec(wz_recorder *r, wz_event *ev)
{
    if (wz_recorder_record(r, ev) != 0) failures++;
}

/* A spot-the-signs screen and a rating round of three messages in one play. */
static void spot_and_rate(wz_recorder *r, const char *sid, const char *ifid, time_t at)
{
    static const char *const colour[] = {"green", "amber", "red"};
    static const char *const model[] = {"red", "green", "amber"};
    int found = (int)rnd(4);
    wz_event sp = {.kind = WZ_EV_SPOT_RESULT,
                   .at = at,
                   .session = sid,
                   .ifid = ifid,
                   .passage = "Spot the signs",
                   .found = found,
                   .missed = 3 - found,
                   .wrong = (int)rnd(3)};
    rec(r, &sp);
    for (int m = 0; m < 3; m++) {
        /* mostly right, so that agreement is high but not total */
        const char *given = rnd(4) ? model[m] : colour[rnd(3)];
        wz_event ra = {.kind = WZ_EV_RATING,
                       .at = at + 1 + m,
                       .session = sid,
                       .ifid = ifid,
                       .passage = "Rate the messages",
                       .choice_index = m,
                       .value = given,
                       .cls = model[m]};
        rec(r, &ra);
    }
}

/* The knowledge check's own generator (see the top). */
static unsigned long long qrng = 88172645463325252ULL;

static unsigned qrnd(unsigned n)
{
    qrng ^= qrng << 13;
    qrng ^= qrng >> 7;
    qrng ^= qrng << 17;
    return (unsigned)(qrng % n);
}

/* Three answers of a play's knowledge check, before or after the scenario. */
static void knowledge(wz_recorder *r, const char *sid, const char *ifid, time_t at)
{
    int before = qrnd(2) == 0;
    for (int q = 0; q < 3; q++) {
        wz_event ev = {.kind = WZ_EV_QUIZ,
                       .at = at + q,
                       .session = sid,
                       .ifid = ifid,
                       .choice_index = q,
                       .value = before ? "before" : "after",
                       .found = before ? qrnd(2) == 0 : qrnd(4) != 0};
        rec(r, &ev);
    }
}

int main(int argc, char **argv)
{
    if (argc < 5) {
        fprintf(stderr, "usage: e2e_gen DB DAYS SESSIONS_PER_DAY SEED [FIRST_DAY_AGO]\n");
        return 2;
    }
    int days = (int)strtol(argv[2], NULL, 10), per_day = (int)strtol(argv[3], NULL, 10);
    rng = strtoull(argv[4], NULL, 10) * 2654435761ULL + 1;
    int first_ago = argc > 5 ? (int)strtol(argv[5], NULL, 10) : days;
    int partnership = argc > 6 && strcmp(argv[6], "partnership") == 0;
    if (partnership && save_facts(argv[1]) != 0) return 1;
    wz_recorder *r = wz_recorder_create(argv[1]);
    time_t now = time(NULL);
    struct tm today;
    localtime_r(&now, &today);
    today.tm_hour = 12;
    today.tm_min = today.tm_sec = 0;
    today.tm_isdst = -1;
    time_t noon = mktime(&today);

    for (int d = 0; d < days; d++) {
        int ago = first_ago - d;
        if (ago < 0) break;
        for (int s = 0; s < per_day; s++) {
            /* Between 09:00 and 16:59 local time of that day (never in the future for
             * today: the collector refuses days ahead of its clock, not hours). */
            time_t at = noon - (time_t)ago * 86400 - 3 * 3600 + (time_t)rnd(8 * 3600);
            char sid[33];
            wz_recorder_visit_id(sid);
            const char *aud = AUD[rnd(4)];
            wz_event ev = {.kind = WZ_EV_SESSION_START,
                           .at = at,
                           .session = sid,
                           .audience = aud,
                           .language = "en",
                           .easy_read = (int)rnd(2)};
            rec(r, &ev);
            /* a guide's group visit on every seventh visit's slot (no rnd() call, so the
             * other events stay as they were for every seed), its own session id */
            static const char *const BANDS[] = {"2-5", "6-10", "11-20", "21-35", "36+"};
            if (s % 7 == 3) {
                char gid[33];
                wz_recorder_visit_id(gid);
                wz_event g = {.kind = WZ_EV_GROUP,
                              .at = at + 2,
                              .session = gid,
                              .ifid = IFIDS[s % 3],
                              .audience = aud,
                              .value = BANDS[(s + d) % 5]};
                rec(r, &g);
            }
            if (rnd(5) == 0) {
                wz_event h = {.kind = WZ_EV_HELP,
                              .at = at + 5,
                              .session = sid,
                              .screen = rnd(2) ? "menu" : "player"};
                rec(r, &h);
                /* help from a story: this visitor also pressed "I'm worried" (no rnd()
                 * call, so the other events stay as they were for every seed) */
                wz_event w = {
                    .kind = WZ_EV_WORRIED, .at = at + 6, .session = sid, .screen = h.screen};
                if (!strcmp(h.screen, "player")) rec(r, &w);
            }
            const char *ifid = IFIDS[rnd(3)];
            wz_event st = {
                .kind = WZ_EV_SCENARIO_START, .at = at + 10, .session = sid, .ifid = ifid};
            rec(r, &st);
            int steps = 1 + (int)rnd(3);
            for (int k = 0; k < steps; k++) {
                char passage[32], target[32];
                int idx = (int)rnd(3);
                snprintf(passage, sizeof passage, "Decision %d", k + 1);
                snprintf(target, sizeof target, "Answer %d.%d", k + 1, idx + 1);
                wz_event c = {.kind = WZ_EV_CHOICE,
                              .at = at + 20 + k,
                              .session = sid,
                              .ifid = ifid,
                              .passage = passage,
                              .choice_index = idx,
                              .target = target,
                              .cls = CLS[idx]};
                rec(r, &c);
            }
            if (partnership) {
                spot_and_rate(r, sid, ifid, at + 30);
                knowledge(r, sid, ifid, at + 40);
            }
            if (rnd(4) == 0) {
                wz_event a = {.kind = WZ_EV_ABANDON,
                              .at = at + 60,
                              .session = sid,
                              .ifid = ifid,
                              .passage = "Decision 1",
                              .reason = "idle",
                              .duration_ms = 60000};
                rec(r, &a);
            } else {
                wz_event e = {.kind = WZ_EV_ENDING,
                              .at = at + 60,
                              .session = sid,
                              .ifid = ifid,
                              .passage = "The end",
                              .outcome = OUT[rnd(3)],
                              .duration_ms = 30000 + (long long)rnd(200000)};
                rec(r, &e);
            }
            wz_event end = {.kind = WZ_EV_SESSION_END,
                            .at = at + 90,
                            .session = sid,
                            .duration_ms = 90000 + (long long)rnd(100000)};
            rec(r, &end);
        }
    }
    int pending = wz_recorder_pending(r);
    wz_recorder_destroy(r);
    if (failures || pending) {
        fprintf(stderr, "e2e_gen: %d events not committed (%d queued)\n", failures, pending);
        return 1;
    }
    return 0;
}

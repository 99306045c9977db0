/*
 * wz_aggregate: one pass over a day's events, counted into a wz_totals tally.
 *
 * One query per day reads only the columns counted, through the index on day; the tally
 * does the grouping in hash maps (cheaper than one GROUP BY per measure: a year of a
 * busy kiosk is about 1.5 million rows). Which event feeds which count:
 *   SESSION_START -> sessions, visits_by_hour, audiences, languages, easy_read_sessions
 *   SESSION_END -> session_durations       SETTING -> settings ("name=value")
 *   HELP -> help by screen                  SCENARIO_START -> started
 *   ENDING -> completed, endings by outcome, durations (time to reach the ending)
 *   ABANDON -> abandoned                    CHOICE -> choices      SPOT_RESULT -> spot
 * FEEDBACK events are kept on the device only (they repeat what CHOICE says).
 */
#include "wz_aggregate.h"

#include "wz_events.h"

#include <stdlib.h>
#include <string.h>

static const char *col(sqlite3_stmt *st, int i)
{
    return (const char *)sqlite3_column_text(st, i);
}

int wz_aggregate_day_into(sqlite3 *db, const char *day, wz_totals *t, char **err)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(db, "SELECT doc FROM day_base WHERE day = ?1", -1, &st, NULL);
    if (rc != SQLITE_OK) goto dberr;
    sqlite3_bind_text(st, 1, day, -1, SQLITE_STATIC);
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        cJSON *base = cJSON_Parse(col(st, 0));
        char *e = NULL;
        if (!base || wz_totals_add_snapshot(t, base, &e) != 0) {
            if (err)
                *err = wz_xasprintf("the stored totals of pruned day %s are unreadable: %s", day,
                                    e ? e : "not JSON");
            free(e);
            cJSON_Delete(base);
            sqlite3_finalize(st);
            return -1;
        }
        cJSON_Delete(base);
    } else if (rc != SQLITE_DONE) {
        goto dberr;
    }
    sqlite3_finalize(st);
    st = NULL;

    rc = sqlite3_prepare_v2(db,
                            "SELECT kind, hour, audience, language, easy_read, ifid, passage,"
                            " choice_index, target, cls, outcome, screen, setting, value,"
                            " found, missed, wrong, duration_ms FROM events WHERE day = ?1",
                            -1, &st, NULL);
    if (rc != SQLITE_OK) goto dberr;
    sqlite3_bind_text(st, 1, day, -1, SQLITE_STATIC);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *aud = col(st, 2), *ifid = col(st, 5);
        switch (sqlite3_column_int(st, 0)) {
        case WZ_EV_SESSION_START:
            wz_totals_count_session(t, sqlite3_column_int(st, 1), aud, col(st, 3),
                                    sqlite3_column_int(st, 4));
            break;
        case WZ_EV_SESSION_END:
            wz_totals_count_session_end(t, sqlite3_column_int64(st, 17));
            break;
        case WZ_EV_SCENARIO_START:
            wz_totals_count_started(t, ifid, aud);
            break;
        case WZ_EV_CHOICE:
            wz_totals_count_choice(t, ifid, aud, col(st, 6), sqlite3_column_int(st, 7), col(st, 8),
                                   col(st, 9));
            break;
        case WZ_EV_SPOT_RESULT:
            wz_totals_count_spot(t, ifid, aud, sqlite3_column_int(st, 14),
                                 sqlite3_column_int(st, 15), sqlite3_column_int(st, 16));
            break;
        case WZ_EV_ENDING:
            wz_totals_count_ending(t, ifid, aud, col(st, 10), sqlite3_column_int64(st, 17));
            break;
        case WZ_EV_ABANDON:
            wz_totals_count_abandon(t, ifid, aud);
            break;
        case WZ_EV_HELP:
            wz_totals_count_help(t, col(st, 11));
            break;
        case WZ_EV_SETTING:
            wz_totals_count_setting(t, col(st, 12), col(st, 13));
            break;
        default:
            break;
        }
    }
    if (rc != SQLITE_DONE) goto dberr;
    sqlite3_finalize(st);
    return 0;
dberr:
    if (err) *err = wz_xasprintf("aggregating %s: %s", day, sqlite3_errmsg(db));
    sqlite3_finalize(st);
    return -1;
}

cJSON *wz_aggregate_day(sqlite3 *db, const char *day, const char *kiosk_id, long long revision,
                        char **err)
{
    wz_totals *t = wz_totals_new();
    cJSON *doc = NULL;
    if (wz_aggregate_day_into(db, day, t, err) == 0)
        doc = wz_totals_to_snapshot(t, kiosk_id ? kiosk_id : WZ_AGGREGATE_LOCAL_ID, day, revision);
    wz_totals_free(t);
    return doc;
}

int wz_aggregate_days(sqlite3 *db, const char *from, const char *to, char (**days)[11], char **err)
{
    sqlite3_stmt *st = NULL;
    *days = NULL;
    /* DISTINCT over the day index is a skip-scan: cheap even for a year of events. */
    int rc = sqlite3_prepare_v2(db,
                                "SELECT day FROM (SELECT DISTINCT day FROM events"
                                " UNION SELECT day FROM day_base)"
                                " WHERE (?1 IS NULL OR day >= ?1) AND (?2 IS NULL OR day <= ?2)"
                                " ORDER BY day",
                                -1, &st, NULL);
    if (rc != SQLITE_OK) goto dberr;
    sqlite3_bind_text(st, 1, from, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, to, -1, SQLITE_STATIC);
    int n = 0, cap = 0;
    char(*v)[11] = NULL;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *d = col(st, 0);
        if (!d || !wz_snapshot_day_ok(d)) continue; /* never produced by the recorder */
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            v = wz_xrealloc(v, (size_t)cap * sizeof *v);
        }
        memcpy(v[n++], d, 11);
    }
    if (rc != SQLITE_DONE) {
        free(v);
        goto dberr;
    }
    sqlite3_finalize(st);
    *days = v;
    return n;
dberr:
    if (err) *err = wz_xasprintf("listing days: %s", sqlite3_errmsg(db));
    sqlite3_finalize(st);
    return -1;
}

int wz_aggregate_totals(sqlite3 *db, const char *from, const char *to, const char *kiosk_id,
                        wz_totals *t, char **err)
{
    char(*days)[11] = NULL;
    int n = wz_aggregate_days(db, from, to, &days, err);
    if (n < 0) return -1;
    int rc = 0;
    for (int i = 0; i < n && rc == 0; i++) {
        cJSON *doc = wz_aggregate_day(db, days[i], kiosk_id, 1, err);
        if (!doc) {
            rc = -1;
            break;
        }
        if (wz_totals_add_snapshot(t, doc, err) != 0) rc = -1;
        cJSON_Delete(doc);
    }
    free(days);
    return rc;
}

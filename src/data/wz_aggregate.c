/*
 * wz_aggregate: a day's events, counted into a wz_totals tally.
 *
 * Each row is read once and counted in C: the tally groups in hash maps, cheaper than one
 * GROUP BY per measure. A few days are read through the index on day; many days (after a
 * long time offline, or the first prune) in one pass over the table, since a year of a
 * busy kiosk is about 1.5 million rows. Days that have not changed are never recounted:
 * the outbox keeps each day's document, and summaries read those. Which event feeds
 * which count:
 *   SESSION_START -> sessions, visits_by_hour, audiences, languages, easy_read_sessions
 *   SESSION_END -> session_durations       SETTING -> settings ("name=value")
 *   HELP -> help by screen                  SCENARIO_START -> started
 *   ENDING -> completed, endings by outcome, durations (time to reach the ending)
 *   ABANDON -> abandoned                    CHOICE -> choices      SPOT_RESULT -> spot
 * FEEDBACK events are kept on the device only (they repeat what CHOICE says).
 */
#include "wz_aggregate.h"

#include "wz_events.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *col(sqlite3_stmt *st, int i)
{
    return (const char *)sqlite3_column_text(st, i);
}

#define EVENT_COLUMNS                                                                              \
    "kind, hour, audience, language, easy_read, ifid, passage, choice_index, target, cls,"         \
    " outcome, screen, setting, value, found, missed, wrong, duration_ms"

/* Counts the current row (EVENT_COLUMNS starting at column o) into t. */
static void count_row(sqlite3_stmt *st, int o, wz_totals *t)
{
    const char *aud = col(st, o + 2), *ifid = col(st, o + 5);
    switch (sqlite3_column_int(st, o)) {
    case WZ_EV_SESSION_START:
        wz_totals_count_session(t, sqlite3_column_int(st, o + 1), aud, col(st, o + 3),
                                sqlite3_column_int(st, o + 4));
        break;
    case WZ_EV_SESSION_END:
        wz_totals_count_session_end(t, sqlite3_column_int64(st, o + 17));
        break;
    case WZ_EV_SCENARIO_START:
        wz_totals_count_started(t, ifid, aud);
        break;
    case WZ_EV_CHOICE:
        wz_totals_count_choice(t, ifid, aud, col(st, o + 6), sqlite3_column_int(st, o + 7),
                               col(st, o + 8), col(st, o + 9));
        break;
    case WZ_EV_SPOT_RESULT:
        wz_totals_count_spot(t, ifid, aud, sqlite3_column_int(st, o + 14),
                             sqlite3_column_int(st, o + 15), sqlite3_column_int(st, o + 16));
        break;
    case WZ_EV_ENDING:
        wz_totals_count_ending(t, ifid, aud, col(st, o + 10), sqlite3_column_int64(st, o + 17));
        break;
    case WZ_EV_ABANDON:
        wz_totals_count_abandon(t, ifid, aud);
        break;
    case WZ_EV_HELP:
        wz_totals_count_help(t, col(st, o + 11));
        break;
    case WZ_EV_SETTING:
        wz_totals_count_setting(t, col(st, o + 12), col(st, o + 13));
        break;
    default:
        break;
    }
}

/* Adds the stored aggregate of the day's pruned events, if any. */
static int add_base(sqlite3 *db, sqlite3_stmt *st, const char *day, wz_totals *t, char **err)
{
    sqlite3_reset(st);
    sqlite3_bind_text(st, 1, day, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_DONE) return 0;
    if (rc != SQLITE_ROW) {
        if (err) *err = wz_xasprintf("aggregating %s: %s", day, sqlite3_errmsg(db));
        return -1;
    }
    cJSON *base = cJSON_Parse(col(st, 0));
    char *e = NULL;
    int bad = !base || wz_totals_add_snapshot(t, base, &e) != 0;
    if (bad && err)
        *err = wz_xasprintf("the stored totals of pruned day %s are unreadable: %s", day,
                            e ? e : "not JSON");
    free(e);
    cJSON_Delete(base);
    sqlite3_reset(st);
    return bad ? -1 : 0;
}

static int day_cmp(const void *key, const void *elem)
{
    return strcmp((const char *)key, (const char *)elem);
}

int wz_aggregate_many_into(sqlite3 *db, char (*days)[11], int n, wz_totals **tallies, char **err)
{
    sqlite3_stmt *base = NULL, *st = NULL;
    int rc = sqlite3_prepare_v2(db, "SELECT doc FROM day_base WHERE day = ?1", -1, &base, NULL);
    if (rc != SQLITE_OK) goto dberr;
    for (int i = 0; i < n; i++)
        if (add_base(db, base, days[i], tallies[i], err) != 0) goto fail;
    if (n < WZ_AGGREGATE_SCAN_DAYS) {
        /* a few days: the index on day finds their rows */
        rc = sqlite3_prepare_v2(db, "SELECT " EVENT_COLUMNS " FROM events WHERE day = ?1", -1, &st,
                                NULL);
        if (rc != SQLITE_OK) goto dberr;
        for (int i = 0; i < n; i++) {
            sqlite3_reset(st);
            sqlite3_bind_text(st, 1, days[i], -1, SQLITE_STATIC);
            while ((rc = sqlite3_step(st)) == SQLITE_ROW)
                count_row(st, 0, tallies[i]);
            if (rc != SQLITE_DONE) goto dberr;
        }
    } else {
        /* many days: one pass over the table in storage order beats a lookup per row */
        rc = sqlite3_prepare_v2(db, "SELECT day, " EVENT_COLUMNS " FROM events NOT INDEXED", -1,
                                &st, NULL);
        if (rc != SQLITE_OK) goto dberr;
        int last = -1;
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
            const char *d = col(st, 0);
            if (!d) continue;
            if (last < 0 || strcmp(days[last], d) != 0) {
                char(*hit)[11] = bsearch(d, days, (size_t)n, sizeof *days, day_cmp);
                if (!hit) continue;
                last = (int)(hit - days);
            }
            count_row(st, 1, tallies[last]);
        }
        if (rc != SQLITE_DONE) goto dberr;
    }
    sqlite3_finalize(base);
    sqlite3_finalize(st);
    return 0;
dberr:
    if (err) *err = wz_xasprintf("aggregating: %s", sqlite3_errmsg(db));
fail:
    sqlite3_finalize(base);
    sqlite3_finalize(st);
    return -1;
}

int wz_aggregate_day_into(sqlite3 *db, const char *day, wz_totals *t, char **err)
{
    char d[1][11];
    snprintf(d[0], sizeof d[0], "%s", day);
    return wz_aggregate_many_into(db, d, 1, &t, err);
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
    /* One index seek per day (the recursive min trick): a plain DISTINCT would read the
     * whole index, a second for a year of a busy kiosk. */
    int rc = sqlite3_prepare_v2(db,
                                "WITH RECURSIVE d(day) AS ("
                                " SELECT min(day) FROM events WHERE day >= coalesce(?1, '')"
                                " UNION ALL SELECT (SELECT min(day) FROM events e"
                                " WHERE e.day > d.day) FROM d WHERE d.day IS NOT NULL"
                                " AND (?2 IS NULL OR d.day < ?2))"
                                " SELECT day FROM (SELECT day FROM d WHERE day IS NOT NULL"
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

/* The kiosk id the outbox documents carry (meta), as a new string, or NULL. */
static char *outbox_kiosk_id(sqlite3 *db)
{
    sqlite3_stmt *st = NULL;
    char *id = NULL;
    if (sqlite3_prepare_v2(db, "SELECT v FROM meta WHERE k = 'kiosk_id'", -1, &st, NULL) ==
            SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW && col(st, 0) && wz_snapshot_kiosk_id_ok(col(st, 0)))
        id = wz_xstrdup(col(st, 0));
    sqlite3_finalize(st);
    return id;
}

int wz_aggregate_snapshots(sqlite3 *db, const char *from, const char *to, const char *kiosk_id,
                           char ***json_out, char (**days_out)[11], char **err)
{
    *json_out = NULL;
    *days_out = NULL;
    char(*days)[11] = NULL;
    int n = wz_aggregate_days(db, from, to, &days, err);
    if (n < 0) return -1;
    char **json = wz_xcalloc((size_t)(n ? n : 1), sizeof *json);
    char *kid = outbox_kiosk_id(db);
    const char *k = kid ? kid : kiosk_id ? kiosk_id : WZ_AGGREGATE_LOCAL_ID;
    sqlite3_stmt *st = NULL;
    char(*fresh)[11] = wz_xcalloc((size_t)(n ? n : 1), sizeof *fresh);
    int *where = wz_xcalloc((size_t)(n ? n : 1), sizeof *where);
    wz_totals **tallies = NULL;
    int nf = 0, rc = -1;
    /* A stored document is current unless its day was marked dirty since. */
    if (sqlite3_prepare_v2(db,
                           "SELECT s.revision, s.json, d.day IS NOT NULL FROM snapshots s"
                           " LEFT JOIN dirty_days d ON d.day = s.day WHERE s.day = ?1",
                           -1, &st, NULL) != SQLITE_OK) {
        if (err) *err = wz_xasprintf("reading snapshots: %s", sqlite3_errmsg(db));
        goto out;
    }
    for (int i = 0; i < n; i++) {
        sqlite3_reset(st);
        sqlite3_bind_text(st, 1, days[i], -1, SQLITE_STATIC);
        if (sqlite3_step(st) == SQLITE_ROW && !sqlite3_column_int(st, 2) && kid) {
            json[i] = wz_xstrdup(col(st, 1));
        } else {
            memcpy(fresh[nf], days[i], 11);
            where[nf++] = i;
        }
    }
    tallies = wz_xcalloc((size_t)(nf ? nf : 1), sizeof *tallies);
    for (int i = 0; i < nf; i++)
        tallies[i] = wz_totals_new();
    if (wz_aggregate_many_into(db, fresh, nf, tallies, err) != 0) goto out;
    for (int i = 0; i < nf; i++)
        json[where[i]] = wz_totals_snapshot_json(tallies[i], k, fresh[i], 1);
    rc = 0;
out:
    sqlite3_finalize(st);
    for (int i = 0; tallies && i < nf; i++)
        wz_totals_free(tallies[i]);
    free(tallies);
    free(fresh);
    free(where);
    free(kid);
    if (rc != 0) {
        for (int i = 0; i < n; i++)
            free(json[i]);
        free(json);
        free(days);
        return -1;
    }
    *json_out = json;
    *days_out = days;
    return n;
}

void wz_aggregate_snapshots_free(char **json, char (*days)[11], int n)
{
    for (int i = 0; json && i < n; i++)
        free(json[i]);
    free(json);
    free(days);
}

int wz_aggregate_totals(sqlite3 *db, const char *from, const char *to, const char *kiosk_id,
                        wz_totals *t, char **err)
{
    char **json = NULL;
    char(*days)[11] = NULL;
    int n = wz_aggregate_snapshots(db, from, to, kiosk_id, &json, &days, err);
    if (n < 0) return -1;
    int rc = 0;
    for (int i = 0; i < n && rc == 0; i++) {
        cJSON *doc = cJSON_Parse(json[i]);
        if (!doc) {
            if (err) *err = wz_xasprintf("the stored snapshot of %s is not JSON", days[i]);
            rc = -1;
        } else if (wz_totals_add_snapshot(t, doc, err) != 0) {
            rc = -1;
        }
        cJSON_Delete(doc);
    }
    wz_aggregate_snapshots_free(json, days, n);
    return rc;
}

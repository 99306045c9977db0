/*
 * wz_aggregate: a day's anonymous totals, computed from the raw events.
 *
 * A day's aggregate is a function of the events stored under that day (plus, once raw
 * events past the retention period are pruned, the aggregate they left behind in
 * day_base), rendered through wz_totals in snapshot shape: recomputing a day always gives
 * the same document, byte for byte. Days and hours are the kiosk's local time, fixed when
 * each event was recorded, so the machine's time zone at aggregation time does not matter.
 */
#ifndef WZ_AGGREGATE_H
#define WZ_AGGREGATE_H

#include "wz_totals.h"

#include <sqlite3.h>

/* The kiosk id used in documents when none is configured (and in day_base). */
#define WZ_AGGREGATE_LOCAL_ID "local"

/* Counts one day (events + pruned base) into t. Returns 0, or -1 with *err. */
int wz_aggregate_day_into(sqlite3 *db, const char *day, wz_totals *t, char **err);
/* Counts days[0..n) (sorted, unique, each a valid day) into tallies[i], which the caller
 * creates. From WZ_AGGREGATE_SCAN_DAYS days on, one pass over the whole index of counted
 * columns (a year of a busy kiosk in about 0.4 s of CPU) instead of a lookup per day. */
#define WZ_AGGREGATE_SCAN_DAYS 8
int wz_aggregate_many_into(sqlite3 *db, char (*days)[11], int n, wz_totals **tallies, char **err);
/* The snapshot document of one day (caller deletes), or NULL with *err. A day without
 * any data gives a document of zeros. It carries the file's instance id (wz_db_instance)
 * when the file has one. */
cJSON *wz_aggregate_day(sqlite3 *db, const char *day, const char *kiosk_id, long long revision,
                        char **err);
/* Days holding data between from and to inclusive (either NULL: open), oldest first.
 * Returns the count and a new array in *days (caller frees), or -1 with *err. */
int wz_aggregate_days(sqlite3 *db, const char *from, const char *to, char (**days)[11], char **err);
/* The snapshot JSON of every day with data in [from, to], oldest first: the outbox's stored
 * document when the day has not changed since the outbox last refreshed it, otherwise
 * counted fresh from the events (in one pass when there are many such days). Documents
 * carry the kiosk id the outbox uses, or kiosk_id (NULL: "local") when the outbox has none
 * yet. Writes nothing. Returns the count, with new arrays in *json and *days (free with
 * wz_aggregate_snapshots_free), or -1 with *err. */
int wz_aggregate_snapshots(sqlite3 *db, const char *from, const char *to, const char *kiosk_id,
                           char ***json, char (**days)[11], char **err);
void wz_aggregate_snapshots_free(char **json, char (*days)[11], int n);
/* Adds every day's snapshot in [from, to] to t (the same sum the collector makes). */
int wz_aggregate_totals(sqlite3 *db, const char *from, const char *to, const char *kiosk_id,
                        wz_totals *t, char **err);

/* A week at a glance for the admin statistics page: visits on each of 7 days, and the
 * scenarios started and finished on the last of them (audiences added up), by ifid. */
#define WZ_AGGREGATE_WEEK_SCENARIOS 64
typedef struct wz_aggregate_scenario_day {
    char ifid[64];
    long long started, completed;
} wz_aggregate_scenario_day;
typedef struct wz_aggregate_week_counts {
    long long sessions[7]; /* one per day given, in the same order */
    wz_aggregate_scenario_day last[WZ_AGGREGATE_WEEK_SCENARIOS]; /* of days[6], first seen first */
    int nlast;
} wz_aggregate_week_counts;
/* Counts days[0..7) (the caller's calendar days, e.g. the last 7 local days, today last)
 * into *out. A day without data counts zero. Returns 0, or -1 with *err (new, caller
 * frees) when a day could not be counted (that day counts zero, the others are filled in). */
int wz_aggregate_week(sqlite3 *db, const char *kiosk_id, const char days[7][11],
                      wz_aggregate_week_counts *out, char **err);

#endif

/*
 * wz_outbox: per-day aggregate snapshots waiting to be uploaded.
 *
 * For each day with events, the snapshot is the day's whole aggregate (wz_aggregate.h)
 * as JSON (docs/upload-protocol.md). When a day's aggregate changes its revision rises.
 * The outbox remembers the highest revision the collector acknowledged for each day; a
 * snapshot is pending while its revision is higher. Sending a snapshot twice, or an old
 * one after a new one, cannot count a visit twice: the collector keeps the highest
 * revision per (kiosk_id, instance, day), where instance is the database file's random id
 * (wz_db_instance; days stored before schema 4 keep going without one).
 *
 * A snapshot the collector refused for good (4xx other than 408/425/429) is set aside
 * with the reason: never deleted, never retried until its day changes again.
 */
#ifndef WZ_OUTBOX_H
#define WZ_OUTBOX_H

#include <sqlite3.h>

typedef struct wz_outbox_item {
    char day[11]; /* "YYYY-MM-DD" (local time of the kiosk) */
    long long revision;
    char *json; /* the full snapshot document; owned */
} wz_outbox_item;

/* Recomputes the aggregates of every day that has new events since the last refresh,
 * and raises the revision of each day whose snapshot changed. Counted in a read
 * transaction (never blocks the recorder), stored in one short write transaction.
 * Returns the number of days whose revision rose, or -1 with *err. */
int wz_outbox_refresh(sqlite3 *db, const char *kiosk_id, char **err);
/* Up to `max` pending snapshots, oldest day first (not those set aside). Returns the count
 * (or -1 with *err); free with wz_outbox_items_free. */
int wz_outbox_pending(sqlite3 *db, wz_outbox_item **out, int max, char **err);
void wz_outbox_items_free(wz_outbox_item *s, int n);
/* The number of pending snapshots, or -1 with *err. */
int wz_outbox_pending_count(sqlite3 *db, char **err);
/* The collector acknowledged (day, revision): committed before returning 0; -1 with *err. */
int wz_outbox_ack(sqlite3 *db, const char *day, long long revision, char **err);
/* The collector refused (day, revision) for good; keeps it aside with `why`. 0 or -1. */
int wz_outbox_set_aside(sqlite3 *db, const char *day, long long revision, const char *why,
                        char **err);
/* The latest day the collector has acknowledged, as "YYYY-MM-DD" in out, or "" when none
 * has been yet (the admin status page). Returns 0, or -1 with *err (new, caller frees). */
int wz_outbox_last_acked_day(sqlite3 *db, char out[11], char **err);

#endif

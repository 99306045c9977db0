/*
 * wz_outbox: the per-day snapshots and what the collector has acknowledged.
 *
 * Table snapshots holds each day's document and revision, the highest revision acked and
 * the one set aside. A day is recounted only when the recorder's trigger marked it dirty
 * (or the kiosk id changed), and its revision rises only when the bytes change, so
 * refreshing never makes work for the network. The marks are cleared in the commit that
 * stores the new documents: a crash half-way recounts the same days, never skips one.
 * Documents carry the file's instance id, which keeps a fresh file's revisions (from 1
 * again) apart from the old file's at the collector (docs/upload-protocol.md). Refused
 * documents are kept in snapshots_aside with the reason. Errors are logged and returned.
 */
#include "wz_outbox.h"

#include "wz_aggregate.h"
#include "wz_db.h"
#include "wz_log.h"
#include "wz_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Logs and reports (*err) a database failure while doing `what`, and rolls back. */
static int dberr(sqlite3 *db, const char *what, char **err)
{
    wz_log_error("outbox", "%s: %s", what, sqlite3_errmsg(db));
    wz_fail(err, "%s: %s", what, sqlite3_errmsg(db));
    if (!sqlite3_get_autocommit(db)) sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
    return -1;
}

/* Records the kiosk id the documents now carry (refresh_read re-issued every stored day
 * when it changed). */
static int check_kiosk_id(sqlite3 *db, const char *kiosk_id)
{
    sqlite3_stmt *st = NULL;
    int same = 0;
    if (sqlite3_prepare_v2(db, "SELECT v FROM meta WHERE k = 'kiosk_id'", -1, &st, NULL) !=
        SQLITE_OK)
        return -1;
    if (sqlite3_step(st) == SQLITE_ROW) {
        const char *v = (const char *)sqlite3_column_text(st, 0);
        same = v && strcmp(v, kiosk_id) == 0;
    }
    sqlite3_finalize(st);
    if (same) return 0;
    if (sqlite3_prepare_v2(db, "INSERT OR REPLACE INTO meta(k, v) VALUES ('kiosk_id', ?1)", -1, &st,
                           NULL) != SQLITE_OK)
        return -1;
    sqlite3_bind_text(st, 1, kiosk_id, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? 0 : -1;
}

/* The kiosk id a stored document carries (they all begin {"schema":1,"kiosk_id":"...").
 * Returns 0 and the id in out, or -1. */
static int doc_kiosk_id(const char *json, char out[65])
{
    static const char lead[] = "{\"schema\":1,\"kiosk_id\":\"";
    if (strncmp(json, lead, sizeof lead - 1) != 0) return -1;
    const char *id = json + sizeof lead - 1, *end = strchr(id, '"');
    if (!end || end - id < 1 || end - id > 64) return -1;
    memcpy(out, id, (size_t)(end - id));
    out[end - id] = '\0';
    return wz_snapshot_kiosk_id_ok(out) ? 0 : -1;
}

/* The instance a stored document carries after its kiosk id ("" for a document made
 * before schema 4, which has none). Returns 0 and out, or -1. */
static int doc_instance(const char *json, char out[WZ_INSTANCE_HEX + 1])
{
    static const char lead[] = "{\"schema\":1,\"kiosk_id\":\"", tag[] = ",\"instance\":\"";
    out[0] = '\0';
    if (strncmp(json, lead, sizeof lead - 1) != 0) return -1;
    const char *end = strchr(json + sizeof lead - 1, '"');
    if (!end) return -1;
    if (strncmp(end + 1, tag, sizeof tag - 1) != 0) return 0;
    const char *id = end + sizeof tag;
    if (strlen(id) <= WZ_INSTANCE_HEX || id[WZ_INSTANCE_HEX] != '"') return -1;
    memcpy(out, id, WZ_INSTANCE_HEX);
    out[WZ_INSTANCE_HEX] = '\0';
    return wz_snapshot_instance_ok(out) ? 0 : -1;
}

/* Stores one day's freshly counted document when it differs from the stored one.
 * Returns 1 when its revision rose, 0 when unchanged, -1 on error.
 *
 * After the kiosk id changed, a day the collector acknowledged under the old id whose
 * counts are the same is left as it is: sent again under the new id it would be counted
 * under both (the collector keys snapshots by kiosk id and day). Days it does not have
 * yet go under the new id; so does a day that really changes, whose earlier visits the
 * collector then holds under both ids (logged).
 *
 * A day keeps the instance its first document carried: a day stored before the file had
 * an instance id (schema 4) goes on without one, or the collector, which keys snapshots
 * by (kiosk_id, instance, day), would hold its visits twice. */
static int store_day(const char *day, const wz_totals *t, const char *kiosk_id,
                     const char *db_instance, sqlite3_stmt *get, sqlite3_stmt *put)
{
    long long rev = 0, acked = 0;
    char *old = NULL;
    sqlite3_reset(get);
    sqlite3_bind_text(get, 1, day, -1, SQLITE_STATIC);
    int rc = sqlite3_step(get);
    if (rc == SQLITE_ROW) {
        rev = sqlite3_column_int64(get, 0);
        old = wz_xstrdup((const char *)sqlite3_column_text(get, 1));
        acked = sqlite3_column_int64(get, 2);
    } else if (rc != SQLITE_DONE) {
        return -1;
    }
    sqlite3_reset(get);
    char inst_buf[WZ_INSTANCE_HEX + 1];
    const char *instance = db_instance;
    if (old) {
        if (doc_instance(old, inst_buf) != 0) inst_buf[0] = '\0';
        instance = inst_buf;
    }
    long long shown = rev ? rev : 1;
    char *json = wz_snapshot_json(t, kiosk_id, instance, day, shown);
    int risen = 0;
    char old_id[65];
    if (old && acked > 0 && strcmp(old, json) != 0 && doc_kiosk_id(old, old_id) == 0 &&
        strcmp(old_id, kiosk_id) != 0) {
        char *same = wz_snapshot_json(t, old_id, instance, day, shown);
        /* the public facts aside: a day that only gained a site or titles is the same day */
        int unchanged = acked >= rev && wz_snapshot_same_counts(old, same);
        free(same);
        if (unchanged) {
            free(json);
            free(old);
            return 0;
        }
        wz_log_warn("outbox",
                    "%.10s was sent under the kiosk id %s and has changed since; it now goes "
                    "under %s, so the collector holds its earlier visits under both ids",
                    day, old_id, kiosk_id);
    }
    if (!old || strcmp(old, json) != 0) {
        rev++;
        if (rev != shown) { /* a new day's document already says revision 1 */
            free(json);
            json = wz_snapshot_json(t, kiosk_id, instance, day, rev);
        }
        sqlite3_reset(put);
        sqlite3_bind_text(put, 1, day, -1, SQLITE_STATIC);
        sqlite3_bind_int64(put, 2, rev);
        sqlite3_bind_text(put, 3, json, -1, SQLITE_STATIC);
        rc = sqlite3_step(put);
        sqlite3_reset(put);
        risen = rc == SQLITE_DONE ? 1 : -1;
    }
    free(json);
    free(old);
    return risen;
}

/* Phase 1 of a refresh, inside a read transaction: which days to recompute, the newest
 * event id seen, and each day's counts. */
static int refresh_read(sqlite3 *db, const char *kiosk_id, char (**days_out)[11], int *n_out,
                        wz_totals ***tallies_out, long long *max_id)
{
    sqlite3_stmt *st = NULL;
    char(*days)[11] = NULL;
    int n = 0, cap = 0, rc;
    *days_out = NULL;
    *tallies_out = NULL;
    *n_out = 0;
    if (sqlite3_prepare_v2(db, "SELECT coalesce(max(id), 0) FROM events", -1, &st, NULL) ||
        sqlite3_step(st) != SQLITE_ROW)
        goto fail;
    *max_id = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    /* A kiosk id that is not the one the documents carry re-issues every stored day. */
    if (sqlite3_prepare_v2(db,
                           "SELECT day FROM dirty_days UNION SELECT day FROM snapshots"
                           " WHERE NOT EXISTS (SELECT 1 FROM meta WHERE k = 'kiosk_id'"
                           " AND v = ?1) ORDER BY day",
                           -1, &st, NULL))
        goto fail;
    sqlite3_bind_text(st, 1, kiosk_id, -1, SQLITE_STATIC);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *d = (const char *)sqlite3_column_text(st, 0);
        if (!d || !wz_snapshot_day_ok(d)) continue; /* never written by the recorder */
        if (n == cap) {
            cap = cap ? cap * 2 : 16;
            days = wz_xrealloc(days, (size_t)cap * sizeof *days);
        }
        memcpy(days[n++], d, 11);
    }
    if (rc != SQLITE_DONE) goto fail;
    sqlite3_finalize(st);
    st = NULL;
    wz_totals **tallies = wz_xcalloc((size_t)(n ? n : 1), sizeof *tallies);
    for (int i = 0; i < n; i++)
        tallies[i] = wz_totals_create();
    char *err = NULL;
    if (wz_aggregate_many_into(db, days, n, tallies, &err) != 0) {
        wz_log_error("outbox", "%s", err ? err : "aggregation failed");
        free(err);
        for (int i = 0; i < n; i++)
            wz_totals_destroy(tallies[i]);
        free(tallies);
        free(days);
        return -1;
    }
    *days_out = days;
    *n_out = n;
    *tallies_out = tallies;
    return 0;
fail:
    wz_log_error("outbox", "refreshing snapshots: %s", sqlite3_errmsg(db));
    sqlite3_finalize(st);
    free(days);
    return -1;
}

int wz_outbox_refresh(sqlite3 *db, const char *kiosk_id, char **err)
{
    if (!wz_snapshot_kiosk_id_ok(kiosk_id))
        return wz_fail(err, "the kiosk id must be 1 to 64 letters, digits, '-' or '_'");
    /* Counting can take a while (a year of days after a long time offline): it runs in a
     * read transaction, which in WAL mode never blocks the recorder. Only storing the
     * results takes the write lock, briefly. */
    char(*days)[11] = NULL;
    wz_totals **tallies = NULL;
    int n = 0;
    long long max_id = 0;
    if (sqlite3_exec(db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
        return dberr(db, "refreshing snapshots", err);
    int rc = refresh_read(db, kiosk_id, &days, &n, &tallies, &max_id);
    sqlite3_exec(db, "COMMIT", NULL, NULL, NULL); /* ends the read */
    if (rc != 0) return wz_fail(err, "the statistics could not be counted (see the log)");

    sqlite3_stmt *get = NULL, *put = NULL, *newer = NULL, *clean = NULL, *mark = NULL;
    int risen = 0;
    if (sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK) goto fail;
    if (check_kiosk_id(db, kiosk_id) != 0) goto fail;
    char instance[WZ_INSTANCE_HEX + 1];
    if (wz_db_instance(db, instance, NULL) != 0) goto fail;
    if (sqlite3_prepare_v2(db, "SELECT revision, json, acked FROM snapshots WHERE day = ?1", -1,
                           &get, NULL) ||
        sqlite3_prepare_v2(db,
                           "INSERT INTO snapshots(day, revision, json) VALUES (?1, ?2, ?3)"
                           " ON CONFLICT(day) DO UPDATE SET revision = excluded.revision,"
                           " json = excluded.json",
                           -1, &put, NULL) ||
        sqlite3_prepare_v2(db,
                           "SELECT 1 FROM events NOT INDEXED WHERE id > ?2 AND day = ?1 LIMIT 1",
                           -1, &newer, NULL) ||
        sqlite3_prepare_v2(db, "DELETE FROM dirty_days WHERE day = ?1", -1, &clean, NULL) ||
        sqlite3_prepare_v2(db, "INSERT OR IGNORE INTO dirty_days(day) VALUES (?1)", -1, &mark,
                           NULL))
        goto fail;
    for (int i = 0; i < n; i++) {
        int r = store_day(days[i], tallies[i], kiosk_id, instance, get, put);
        if (r < 0) goto fail;
        risen += r;
        /* Events that arrived for this day after it was counted keep it dirty for next time.
         * Marked again, not merely left: another refresher (wz-stats upload beside the
         * kiosk's worker) may have counted them and cleared the mark since our read, and
         * the document just stored, counted before them, would otherwise stay the last. */
        sqlite3_reset(newer);
        sqlite3_bind_text(newer, 1, days[i], -1, SQLITE_STATIC);
        sqlite3_bind_int64(newer, 2, max_id);
        int more = sqlite3_step(newer);
        sqlite3_reset(newer);
        if (more == SQLITE_DONE) {
            sqlite3_reset(clean);
            sqlite3_bind_text(clean, 1, days[i], -1, SQLITE_STATIC);
            if (sqlite3_step(clean) != SQLITE_DONE) goto fail;
            sqlite3_reset(clean);
        } else if (more == SQLITE_ROW) {
            sqlite3_reset(mark);
            sqlite3_bind_text(mark, 1, days[i], -1, SQLITE_STATIC);
            if (sqlite3_step(mark) != SQLITE_DONE) goto fail;
            sqlite3_reset(mark);
        } else {
            goto fail;
        }
    }
    if (sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) goto fail;
    rc = risen;
    goto out;
fail:
    rc = dberr(db, "refreshing snapshots", err);
out:
    sqlite3_finalize(get);
    sqlite3_finalize(put);
    sqlite3_finalize(newer);
    sqlite3_finalize(clean);
    sqlite3_finalize(mark);
    for (int i = 0; tallies && i < n; i++)
        wz_totals_destroy(tallies[i]);
    free(tallies);
    free(days);
    return rc;
}

#define PENDING_WHERE                                                                              \
    " WHERE revision > acked AND (aside_revision IS NULL OR aside_revision < revision)"

int wz_outbox_pending(sqlite3 *db, wz_outbox_item **out, int max, char **err)
{
    *out = NULL;
    if (max <= 0) return 0;
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(
            db, "SELECT day, revision, json FROM snapshots" PENDING_WHERE " ORDER BY day LIMIT ?1",
            -1, &st, NULL) != SQLITE_OK)
        return dberr(db, "listing pending snapshots", err);
    sqlite3_bind_int(st, 1, max);
    wz_outbox_item *v = wz_xcalloc((size_t)max, sizeof *v);
    int n = 0, rc;
    while (n < max && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        snprintf(v[n].day, sizeof v[n].day, "%s", (const char *)sqlite3_column_text(st, 0));
        v[n].revision = sqlite3_column_int64(st, 1);
        v[n].json = wz_xstrdup((const char *)sqlite3_column_text(st, 2));
        n++;
    }
    if (n < max && rc != SQLITE_DONE) {
        wz_outbox_items_free(v, n);
        sqlite3_finalize(st);
        return dberr(db, "listing pending snapshots", err);
    }
    sqlite3_finalize(st);
    if (n == 0) {
        free(v);
        v = NULL;
    }
    *out = v;
    return n;
}

void wz_outbox_items_free(wz_outbox_item *s, int n)
{
    if (!s) return;
    for (int i = 0; i < n; i++)
        free(s[i].json);
    free(s);
}

int wz_outbox_pending_count(sqlite3 *db, char **err)
{
    sqlite3_stmt *st = NULL;
    int n = -1;
    if (sqlite3_prepare_v2(db, "SELECT count(*) FROM snapshots" PENDING_WHERE, -1, &st, NULL) ==
            SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        n = sqlite3_column_int(st, 0);
    else
        dberr(db, "counting pending snapshots", err);
    sqlite3_finalize(st);
    return n;
}

/* The current revision of day (0 when there is none), or -1 on error. */
static long long current_revision(sqlite3 *db, const char *day)
{
    sqlite3_stmt *st = NULL;
    long long rev = -1;
    if (sqlite3_prepare_v2(db, "SELECT revision FROM snapshots WHERE day = ?1", -1, &st, NULL) ==
        SQLITE_OK) {
        sqlite3_bind_text(st, 1, day, -1, SQLITE_STATIC);
        int rc = sqlite3_step(st);
        rev = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : rc == SQLITE_DONE ? 0 : -1;
    }
    sqlite3_finalize(st);
    return rev;
}

static int run(sqlite3 *db, const char *sql, const char *day, long long revision, const char *text)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) return -1;
    sqlite3_bind_text(st, 1, day, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, revision);
    if (text) sqlite3_bind_text(st, 3, text, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? 0 : -1;
}

/* The shared frame of ack and set-aside: in one write transaction, check that (day,
 * revision) was ever offered, run `mark` (which does the update), commit. */
typedef int (*mark_fn)(sqlite3 *db, const char *day, long long revision, long long cur,
                       const void *arg);

static int mark_revision(sqlite3 *db, const char *day, long long revision, const char *what,
                         mark_fn mark, const void *arg, char **err)
{
    if (sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
        return dberr(db, what, err);
    long long cur = current_revision(db, day);
    if (cur < 0) return dberr(db, what, err);
    if (cur == 0 || revision > cur || revision < 1) {
        sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
        wz_log_error("outbox", "%s: %.10s revision %lld was never sent", what, day, revision);
        return wz_fail(err, "%s: %.10s revision %lld was never sent", what, day, revision);
    }
    if (mark(db, day, revision, cur, arg) != 0 ||
        sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
        return dberr(db, what, err);
    return 0;
}

static int mark_acked(sqlite3 *db, const char *day, long long revision, long long cur,
                      const void *arg)
{
    return run(db, "UPDATE snapshots SET acked = max(acked, ?2) WHERE day = ?1", day, revision,
               NULL);
}

int wz_outbox_ack(sqlite3 *db, const char *day, long long revision, char **err)
{
    return mark_revision(db, day, revision, "recording an acknowledgement", mark_acked, NULL, err);
}

static int mark_aside(sqlite3 *db, const char *day, long long revision, long long cur,
                      const void *arg)
{
    const char *w = arg ? arg : "refused";
    char *reason = wz_xstrndup(w, wz_utf8_check(w, strnlen(w, 500)));
    int rc = 0;
    if (revision == cur)
        rc = run(db,
                 "INSERT OR REPLACE INTO snapshots_aside(day, revision, json, reason)"
                 " SELECT day, revision, json, ?3 FROM snapshots WHERE day = ?1 AND revision = ?2",
                 day, revision, reason);
    if (rc == 0)
        rc = run(db,
                 "UPDATE snapshots SET aside_revision = max(coalesce(aside_revision, 0), ?2),"
                 " aside_reason = ?3 WHERE day = ?1",
                 day, revision, reason);
    free(reason);
    return rc;
}

int wz_outbox_set_aside(sqlite3 *db, const char *day, long long revision, const char *why,
                        char **err)
{
    if (mark_revision(db, day, revision, "setting a snapshot aside", mark_aside, why, err) != 0)
        return -1;
    wz_log_warn("outbox",
                "the collector refused the snapshot of %.10s (revision %lld); it is "
                "kept aside and will be sent again when that day changes",
                day, revision);
    return 0;
}

int wz_outbox_last_acked_day(sqlite3 *db, char out[11], char **err)
{
    out[0] = '\0';
    sqlite3_stmt *st = NULL;
    int rc = -1;
    if (db &&
        sqlite3_prepare_v2(db, "SELECT max(day) FROM snapshots WHERE acked > 0", -1, &st, NULL) ==
            SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW) {
        const unsigned char *day = sqlite3_column_text(st, 0);
        if (day) snprintf(out, 11, "%s", (const char *)day);
        rc = 0;
    } else if (err) {
        *err = wz_xasprintf("the latest day sent could not be read: %s",
                            db ? sqlite3_errmsg(db) : "no database");
    }
    sqlite3_finalize(st);
    return rc;
}

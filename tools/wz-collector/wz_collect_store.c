/*
 * wz_collect_store: the collector's SQLite table of snapshots (see wz_collect.h).
 *
 * One row per (kiosk_id, instance, day) holding the highest revision seen, its canonical body and
 * when it arrived. A request is one BEGIN IMMEDIATE transaction: every snapshot in it is
 * applied or none is, so an answer of 2xx always means "all of it is on disk". The
 * database runs in WAL mode with synchronous=FULL because the kiosk forgets a snapshot
 * once it has our 2xx: a commit that a power cut could undo would lose visits.
 * Because that makes every COMMIT an fsync, the server hands requests that arrive
 * together to wz_collect_store_batch: one transaction, one savepoint per request (group
 * commit), so many small requests share one fsync and a refused one spoils none of the
 * others. A kiosk starts a new database instance only when its old file is found
 * damaged, so a day may have at most WZ_COLLECT_MAX_INSTANCES of them: past that, a
 * forged instance id could otherwise add a day's visits again and again. Database errors
 * are answered in the collector's own words; SQLite's go to the log (detail).
 */
#include "wz_collect.h"

#include "wz_util.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A database from before the instance key has snapshots keyed by (kiosk_id, day): its
 * rows move to the new table with instance "" (what a snapshot without one is stored
 * under), in one transaction. Returns 0, or -1 with *e (sqlite3_free). */
static int migrate_instance(sqlite3 *db, char **e)
{
    sqlite3_stmt *st = NULL;
    int has = sqlite3_prepare_v2(db, "SELECT instance FROM snapshots LIMIT 0", -1, &st, NULL) ==
              SQLITE_OK;
    sqlite3_finalize(st);
    if (has) return 0;
    if (sqlite3_exec(db,
                     "BEGIN IMMEDIATE;"
                     "CREATE TABLE snapshots_new("
                     " kiosk_id TEXT NOT NULL, instance TEXT NOT NULL DEFAULT '',"
                     " day TEXT NOT NULL, revision INTEGER NOT NULL, body TEXT NOT NULL,"
                     " received_at INTEGER NOT NULL,"
                     " PRIMARY KEY(kiosk_id, instance, day)) WITHOUT ROWID;"
                     "INSERT INTO snapshots_new(kiosk_id, instance, day, revision, body,"
                     " received_at) SELECT kiosk_id, '', day, revision, body, received_at"
                     " FROM snapshots;"
                     "DROP TABLE snapshots;"
                     "ALTER TABLE snapshots_new RENAME TO snapshots;"
                     "COMMIT;",
                     NULL, NULL, e) != SQLITE_OK) {
        if (!sqlite3_get_autocommit(db)) sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
        return -1;
    }
    return 0;
}

sqlite3 *wz_collect_db_open(const char *path, char **errmsg)
{
    sqlite3 *db = NULL;
    char *e = NULL, *ignored = NULL;
    if (!errmsg) errmsg = &ignored; /* the caller does not want the message */
    *errmsg = NULL;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
        *errmsg = wz_xasprintf("cannot open %s: %s", path, db ? sqlite3_errmsg(db) : "no memory");
        sqlite3_close(db);
        free(ignored);
        return NULL;
    }
    sqlite3_busy_timeout(db, 2000);
    if (sqlite3_exec(db,
                     "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
                     "CREATE TABLE IF NOT EXISTS snapshots("
                     " kiosk_id TEXT NOT NULL, instance TEXT NOT NULL DEFAULT '',"
                     " day TEXT NOT NULL, revision INTEGER NOT NULL, body TEXT NOT NULL,"
                     " received_at INTEGER NOT NULL,"
                     " PRIMARY KEY(kiosk_id, instance, day)) WITHOUT ROWID;",
                     NULL, NULL, &e) != SQLITE_OK ||
        migrate_instance(db, &e) != 0 ||
        sqlite3_exec(db, "CREATE INDEX IF NOT EXISTS snapshots_by_day ON snapshots(kiosk_id, day)",
                     NULL, NULL, &e) != SQLITE_OK) {
        *errmsg = wz_xasprintf("cannot prepare %s: %s", path, e ? e : sqlite3_errmsg(db));
        sqlite3_free(e);
        sqlite3_close(db);
        free(ignored);
        return NULL;
    }
    return db;
}

static int db_fail(sqlite3 *db, wz_collect_error *err, int index)
{
    int rc = sqlite3_errcode(db);
    if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
        wz_collect_set_error(err, 503, index, "busy",
                             "the collector's database is busy; try again later");
    else
        wz_collect_set_error(err, 500, index, "database",
                             "the collector could not store the data; try again later");
    if (err) snprintf(err->detail, sizeof err->detail, "%s", sqlite3_errmsg(db));
    return -1;
}

typedef struct stmts {
    sqlite3_stmt *sel, *up, *others;
} stmts;

/* Is there room for one more database instance of req's kiosk on day? 1 yes, 0 no, -1
 * with *err. */
static int instance_room(sqlite3 *db, sqlite3_stmt *others, const wz_collect_request *req,
                         const wz_collect_snapshot *s, int i, wz_collect_error *err)
{
    sqlite3_reset(others);
    sqlite3_bind_text(others, 1, req->kiosk_id, -1, SQLITE_STATIC);
    sqlite3_bind_text(others, 2, s->day, -1, SQLITE_STATIC);
    sqlite3_bind_text(others, 3, s->instance, -1, SQLITE_STATIC);
    if (sqlite3_step(others) != SQLITE_ROW) {
        sqlite3_reset(others);
        return db_fail(db, err, i);
    }
    int n = sqlite3_column_int(others, 0);
    sqlite3_reset(others);
    if (n < WZ_COLLECT_MAX_INSTANCES) return 1;
    wz_collect_set_error(err, 422, i, "too_many_instances",
                         "snapshot %d: kiosk %s already has %d database instances for %s, the "
                         "most one kiosk can have in a day",
                         i, req->kiosk_id, n, s->day);
    return 0;
}

/* Applies req inside the caller's transaction. Returns 0, or -1 with *err (the caller
 * rolls back). */
static int apply(sqlite3 *db, const stmts *q, const wz_collect_request *req,
                 wz_collect_outcome *outcomes, wz_collect_error *err)
{
    sqlite3_stmt *sel = q->sel, *up = q->up;
    for (int i = 0; i < req->count; i++) {
        const wz_collect_snapshot *s = &req->snaps[i];
        wz_collect_outcome oc = WZ_COLLECT_STORED;
        sqlite3_reset(sel);
        sqlite3_bind_text(sel, 1, req->kiosk_id, -1, SQLITE_STATIC);
        sqlite3_bind_text(sel, 2, s->instance, -1, SQLITE_STATIC);
        sqlite3_bind_text(sel, 3, s->day, -1, SQLITE_STATIC);
        int step = sqlite3_step(sel);
        if (step == SQLITE_ROW) {
            long long have = sqlite3_column_int64(sel, 0);
            const char *body = (const char *)sqlite3_column_text(sel, 1);
            if (have > s->revision) {
                oc = WZ_COLLECT_OLDER;
            } else if (have == s->revision) {
                if (!body || strcmp(body, s->body) != 0) {
                    wz_collect_set_error(
                        err, 409, i, "conflict",
                        "snapshot %d: kiosk %s instance \"%s\" day %s revision %lld is "
                        "already stored with different content (a bug in the kiosk)",
                        i, req->kiosk_id, s->instance, s->day, s->revision);
                    sqlite3_reset(sel);
                    return -1;
                }
                oc = WZ_COLLECT_UNCHANGED;
            }
        } else if (step != SQLITE_DONE) {
            db_fail(db, err, i);
            sqlite3_reset(sel);
            return -1;
        } else if (instance_room(db, q->others, req, s, i, err) != 1) {
            sqlite3_reset(sel);
            return -1;
        }
        sqlite3_reset(sel);
        if (oc == WZ_COLLECT_STORED) {
            sqlite3_reset(up);
            sqlite3_bind_text(up, 1, req->kiosk_id, -1, SQLITE_STATIC);
            sqlite3_bind_text(up, 2, s->instance, -1, SQLITE_STATIC);
            sqlite3_bind_text(up, 3, s->day, -1, SQLITE_STATIC);
            sqlite3_bind_int64(up, 4, s->revision);
            sqlite3_bind_text(up, 5, s->body, -1, SQLITE_STATIC);
            sqlite3_bind_int64(up, 6, (sqlite3_int64)time(NULL));
            int st = sqlite3_step(up);
            sqlite3_reset(up);
            if (st != SQLITE_DONE) {
                db_fail(db, err, i);
                return -1;
            }
        }
        if (outcomes) outcomes[i] = oc;
    }
    return 0;
}

static void finalize(stmts *q)
{
    sqlite3_finalize(q->sel);
    sqlite3_finalize(q->up);
    sqlite3_finalize(q->others);
    *q = (stmts){0};
}

int wz_collect_store_batch(sqlite3 *db, wz_collect_request *const *reqs,
                           wz_collect_outcome *const *outcomes, wz_collect_error *errs, int n)
{
    stmts q = {0};
    int stored = 0;
    for (int k = 0; k < n; k++)
        errs[k].status = 0;
    if (sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK) goto fail_all;
    if (sqlite3_prepare_v2(db,
                           "SELECT revision, body FROM snapshots"
                           " WHERE kiosk_id=? AND instance=? AND day=?",
                           -1, &q.sel, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(db,
                           "SELECT count(DISTINCT instance) FROM snapshots"
                           " WHERE kiosk_id=? AND day=? AND instance<>?",
                           -1, &q.others, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(db,
                           "INSERT INTO snapshots(kiosk_id, instance, day, revision, body,"
                           " received_at) VALUES(?,?,?,?,?,?)"
                           " ON CONFLICT(kiosk_id, instance, day) DO UPDATE SET"
                           " revision=excluded.revision, body=excluded.body,"
                           " received_at=excluded.received_at",
                           -1, &q.up, NULL) != SQLITE_OK)
        goto rollback;
    for (int k = 0; k < n; k++) {
        /* Each request under its own savepoint: one refused request leaves no trace and
         * does not spoil the others that share this commit. */
        if (sqlite3_exec(db, "SAVEPOINT req", NULL, NULL, NULL) != SQLITE_OK) goto rollback;
        if (apply(db, &q, reqs[k], outcomes ? outcomes[k] : NULL, &errs[k]) < 0) {
            if (sqlite3_exec(db, "ROLLBACK TO req", NULL, NULL, NULL) != SQLITE_OK) goto rollback;
        } else {
            stored++;
        }
        if (sqlite3_exec(db, "RELEASE req", NULL, NULL, NULL) != SQLITE_OK) goto rollback;
    }
    finalize(&q);
    if (sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) goto rollback;
    return stored;
rollback:
    finalize(&q);
    {
        wz_collect_error e = {0};
        db_fail(db, &e, -1);
        sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
        for (int k = 0; k < n; k++)
            errs[k] = e;
    }
    return -1;
fail_all:
    for (int k = 0; k < n; k++)
        db_fail(db, &errs[k], -1);
    return -1;
}

int wz_collect_store(sqlite3 *db, const wz_collect_request *req, wz_collect_outcome *outcomes,
                     wz_collect_error *err)
{
    wz_collect_request *r = (wz_collect_request *)(uintptr_t)req;
    wz_collect_outcome *o = outcomes;
    wz_collect_error e = {0};
    int rc = wz_collect_store_batch(db, &r, o ? &o : NULL, &e, 1);
    if (rc == 1) return 0;
    if (err) *err = e;
    return -1;
}

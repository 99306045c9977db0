/*
 * wz_db: opening the kiosk's SQLite file and keeping its schema current.
 *
 * The schema is a list of numbered migrations; PRAGMA user_version says how many have run.
 * Each migration and its user_version bump are one transaction, so a crash leaves the file
 * at the old version or the new one. A file from a newer program is refused (not touched).
 *
 * A file SQLite calls corrupt or "not a database" is renamed aside with its -wal and -shm
 * (never deleted: someone may want to rescue it) and a fresh file is created in its place.
 * The -wal moves too, or the new file would replay a stranger's log.
 *
 * Each file has a random instance id (migration 4): a file started afresh after the old
 * one was moved aside has a new one, so the collector can tell its day snapshots, whose
 * revisions start again at 1, from the old file's (docs/upload-protocol.md).
 *
 * Durability: see wz_db.h (FULL by default, NORMAL for the recorder on the UI thread).
 */
#include "wz_db.h"

#include "wz_log.h"
#include "wz_util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define WZ_DB_BUSY_TIMEOUT_MS 5000

/* The label columns of an event: what its counts depend on, apart from the hour, the
 * duration and the spot numbers. LABELS_MATCH(p) finds the event_labels row equal to the
 * event at row prefix p ("NEW.", "events."); IS compares NULLs as equal. */
#define LABEL_COLUMNS                                                                              \
    "kind, audience, language, easy_read, ifid, passage, choice_index, target, cls, outcome,"      \
    " screen, setting, value"
#define LABELS_MATCH(p)                                                                            \
    "l.kind IS " p "kind AND l.audience IS " p "audience AND l.language IS " p "language"          \
    " AND l.easy_read IS " p "easy_read AND l.ifid IS " p "ifid AND l.passage IS " p "passage"     \
    " AND l.choice_index IS " p "choice_index AND l.target IS " p "target AND l.cls IS " p "cls"   \
    " AND l.outcome IS " p "outcome AND l.screen IS " p "screen AND l.setting IS " p "setting"     \
    " AND l.value IS " p "value"

/* Migration N+1 is migrations[N]. Never edit one that has shipped: add a new one. */
static const char *const migrations[] = {
    /* 1: events, dirty days, pruned-day bases, snapshots (the outbox), meta. */
    "CREATE TABLE events("
    " id INTEGER PRIMARY KEY AUTOINCREMENT,"
    " day TEXT NOT NULL," /* local YYYY-MM-DD: no exact time is ever stored */
    " hour INTEGER NOT NULL CHECK(hour BETWEEN 0 AND 23),"
    " kind INTEGER NOT NULL,"
    " session TEXT NOT NULL,"
    " audience TEXT, language TEXT, easy_read INTEGER NOT NULL DEFAULT 0,"
    " ifid TEXT, passage TEXT, choice_index INTEGER, target TEXT, cls TEXT, outcome TEXT,"
    " screen TEXT, reason TEXT, setting TEXT, value TEXT,"
    " found INTEGER, missed INTEGER, wrong INTEGER, duration_ms INTEGER);"
    "CREATE INDEX events_by_day ON events(day);"
    "CREATE TABLE dirty_days(day TEXT PRIMARY KEY) WITHOUT ROWID;"
    "CREATE TRIGGER events_mark_dirty AFTER INSERT ON events BEGIN"
    " INSERT OR IGNORE INTO dirty_days(day) VALUES (NEW.day); END;"
    "CREATE TABLE day_base(day TEXT PRIMARY KEY, doc TEXT NOT NULL) WITHOUT ROWID;"
    "CREATE TABLE snapshots("
    " day TEXT PRIMARY KEY, revision INTEGER NOT NULL CHECK(revision >= 1),"
    " json TEXT NOT NULL, acked INTEGER NOT NULL DEFAULT 0,"
    " aside_revision INTEGER, aside_reason TEXT) WITHOUT ROWID;"
    "CREATE TABLE snapshots_aside("
    " day TEXT NOT NULL, revision INTEGER NOT NULL, json TEXT NOT NULL, reason TEXT,"
    " PRIMARY KEY(day, revision)) WITHOUT ROWID;"
    "CREATE TABLE meta(k TEXT PRIMARY KEY, v TEXT) WITHOUT ROWID;",
    /* 2: each distinct combination of an event's labels is stored once in event_labels
     * and every event points to it (events.labels), set by a trigger whoever inserts.
     * Counting a year (about 1.9 million rows) then reads 7 numbers per row instead of 19
     * columns, the cost that dominated. The events keep their readable columns (privacy
     * review: SELECT * FROM events); existing rows are converted here, once, at the first
     * open after the upgrade: migrations 2 and 3 together took 6.9 s for a year of a busy
     * kiosk (1.9 million rows, no retention) on the build machine, so under 2 s with the
     * default 90 days. The update rewrites every row: the WAL grows to the table's size
     * until the next checkpoint. */
    /* clang-format off */
    "CREATE TABLE event_labels(id INTEGER PRIMARY KEY,"
    " kind INTEGER, audience TEXT, language TEXT, easy_read INTEGER, ifid TEXT, passage TEXT,"
    " choice_index INTEGER, target TEXT, cls TEXT, outcome TEXT, screen TEXT, setting TEXT,"
    " value TEXT);"
    "CREATE INDEX event_labels_all ON event_labels(" LABEL_COLUMNS ");"
    "ALTER TABLE events ADD COLUMN labels INTEGER;"
    "INSERT INTO event_labels(" LABEL_COLUMNS ") SELECT DISTINCT " LABEL_COLUMNS " FROM events;"
    "UPDATE events SET labels ="
    " (SELECT l.id FROM event_labels l WHERE " LABELS_MATCH("events.") ");"
    "CREATE TRIGGER events_label AFTER INSERT ON events WHEN NEW.labels IS NULL BEGIN"
    " INSERT INTO event_labels(" LABEL_COLUMNS ")"
    " SELECT NEW.kind, NEW.audience, NEW.language, NEW.easy_read, NEW.ifid, NEW.passage,"
    " NEW.choice_index, NEW.target, NEW.cls, NEW.outcome, NEW.screen, NEW.setting, NEW.value"
    " WHERE NOT EXISTS (SELECT 1 FROM event_labels l WHERE " LABELS_MATCH("NEW.") ");"
    " UPDATE events SET labels ="
    " (SELECT l.id FROM event_labels l WHERE " LABELS_MATCH("NEW.") ")"
    " WHERE id = NEW.id; END;",
    /* clang-format on */
    /* 3: the counting pass reads an index holding exactly the columns it needs, in day
     * order: about a quarter of the table's bytes (the session ids, the readable labels
     * and the rest stay in the table). Its prefix is the day, so it replaces the index
     * on day for every other query. */
    "DROP INDEX events_by_day;"
    "CREATE INDEX events_by_day_counted ON events"
    "(day, labels, hour, found, missed, wrong, duration_ms);",
    /* 4: the file's random instance id (wz_db_instance), one row. migrate() inserts the
     * row in the same transaction, with fresh random bytes (wz_random_hex): a new file gets one
     * with its schema, an existing file at this upgrade. */
    ("CREATE TABLE instance(one INTEGER PRIMARY KEY CHECK(one = 1),"
     " id TEXT NOT NULL CHECK(length(id) = 32));"),
};
#define INSTANCE_MIGRATION 4

/* Runs inside migration INSTANCE_MIGRATION's transaction. */
static int insert_instance(sqlite3 *db, char **msg)
{
    char id[33];
    wz_random_hex(id, 16);
    char *sql = sqlite3_mprintf("INSERT INTO instance(one, id) VALUES (1, %Q);", id);
    int rc = sql ? sqlite3_exec(db, sql, NULL, NULL, msg) : SQLITE_NOMEM;
    sqlite3_free(sql);
    return rc;
}

static char *db_errmsg(sqlite3 *db, const char *what)
{
    return wz_xasprintf("%s: %s", what, db ? sqlite3_errmsg(db) : "out of memory");
}

static int is_corrupt_code(int rc)
{
    rc &= 0xff;
    return rc == SQLITE_CORRUPT || rc == SQLITE_NOTADB;
}

int wz_db_schema_version(sqlite3 *db)
{
    sqlite3_stmt *st = NULL;
    int v = -1;
    if (sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    return v;
}

int wz_db_exec(sqlite3 *db, const char *sql, char **err)
{
    char *msg = NULL;
    if (sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, &msg) != SQLITE_OK) goto fail;
    if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
        goto fail;
    }
    if (sqlite3_exec(db, "COMMIT", NULL, NULL, &msg) != SQLITE_OK) {
        sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
        goto fail;
    }
    return 0;
fail:
    if (err) *err = wz_xasprintf("database: %s", msg ? msg : sqlite3_errmsg(db));
    sqlite3_free(msg);
    return -1;
}

int wz_db_quick_check(sqlite3 *db, char **err)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(db, "PRAGMA quick_check", -1, &st, NULL);
    int ok = 0;
    if (rc == SQLITE_OK) {
        rc = sqlite3_step(st);
        if (rc == SQLITE_ROW) {
            const char *r = (const char *)sqlite3_column_text(st, 0);
            ok = r && strcmp(r, "ok") == 0;
            if (!ok && err) *err = wz_xasprintf("integrity check failed: %s", r ? r : "?");
        } else if (err) {
            *err = db_errmsg(db, "integrity check");
        }
    } else if (err) {
        *err = db_errmsg(db, "integrity check");
    }
    sqlite3_finalize(st);
    return ok ? 0 : -1;
}

int wz_db_move_aside(const char *path, char **aside, char **err)
{
    char *base = NULL;
    struct stat sb;
    long long now = (long long)time(NULL);
    for (int n = 0; n < 100; n++) {
        free(base);
        base = n ? wz_xasprintf("%s.corrupt-%lld-%d", path, now, n)
                 : wz_xasprintf("%s.corrupt-%lld", path, now);
        if (lstat(base, &sb) != 0 && errno == ENOENT) break;
    }
    if (rename(path, base) != 0) {
        wz_fail(err, "the damaged database %s could not be moved aside: %s", path, strerror(errno));
        free(base);
        return -1;
    }
    static const char *const sides[] = {"-wal", "-shm", "-journal"};
    for (size_t i = 0; i < WZ_ARRAY_LEN(sides); i++) {
        char *from = wz_xasprintf("%s%s", path, sides[i]);
        char *to = wz_xasprintf("%s%s", base, sides[i]);
        if (lstat(from, &sb) == 0) rename(from, to);
        free(from);
        free(to);
    }
    wz_log_error("data",
                 "the database %s was damaged; it was moved aside to %s and a new one "
                 "was started",
                 path, base);
    if (aside)
        *aside = base;
    else
        free(base);
    return 0;
}

/* Applies the migrations the file has not seen yet. */
static int migrate(sqlite3 *db, char **err)
{
    int have = wz_db_schema_version(db);
    int want = (int)WZ_ARRAY_LEN(migrations);
    if (have < 0) {
        *err = db_errmsg(db, "reading the schema version");
        return -1;
    }
    if (have > want) {
        *err = wz_xasprintf("the database was written by a newer version of the program "
                            "(schema %d, this program knows up to %d); leaving it untouched",
                            have, want);
        return -1;
    }
    for (int v = have; v < want; v++) {
        /* Each migration checks the version again inside its own write transaction:
         * another connection (the upload worker, wz-stats) opening the same file at the
         * same moment may have run it since the read above, and running it twice fails. */
        char *msg = NULL;
        int rc = sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, &msg);
        int now = rc == SQLITE_OK ? wz_db_schema_version(db) : -1;
        if (rc == SQLITE_OK && now < 0) rc = SQLITE_ERROR;
        if (rc == SQLITE_OK && now <= v) {
            char *sql = wz_xasprintf("%s\nPRAGMA user_version = %d;", migrations[v], v + 1);
            rc = sqlite3_exec(db, sql, NULL, NULL, &msg);
            free(sql);
            if (rc == SQLITE_OK && v + 1 == INSTANCE_MIGRATION) rc = insert_instance(db, &msg);
        }
        if (rc == SQLITE_OK) rc = sqlite3_exec(db, "COMMIT", NULL, NULL, &msg);
        if (rc != SQLITE_OK) {
            if (!sqlite3_get_autocommit(db)) sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
            *err =
                wz_xasprintf("migration %d: database: %s", v + 1, msg ? msg : sqlite3_errmsg(db));
            sqlite3_free(msg);
            return -1;
        }
        if (now > v + 1) v = now - 1; /* someone else went further: go on from there */
    }
    return 0;
}

/* One attempt. Returns 0, -1 (error in *err), or -2 when the file is corrupt. */
static int open_once(const char *path, unsigned flags, sqlite3 **out, char **err)
{
    sqlite3 *db = NULL;
    char *msg = NULL;
    struct stat sb;
    int created = stat(path, &sb) != 0;
    int rc = sqlite3_open_v2(
        path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
    if (rc != SQLITE_OK) goto fail;
    sqlite3_extended_result_codes(db, 1);
    sqlite3_busy_timeout(db, WZ_DB_BUSY_TIMEOUT_MS);
    /* The first statement reads the header: a non-database fails here. */
    rc = sqlite3_exec(db, "PRAGMA journal_mode=WAL", NULL, NULL, &msg);
    /* Switching a new file to WAL needs an exclusive lock and SQLite does not wait for it
     * (no busy handler there): another connection creating the file at the same moment
     * makes it fail at once. Retried for up to the busy timeout. */
    for (int i = 0; (rc & 0xff) == SQLITE_BUSY && i < WZ_DB_BUSY_TIMEOUT_MS / 10; i++) {
        sqlite3_free(msg);
        msg = NULL;
        sqlite3_sleep(10);
        rc = sqlite3_exec(db, "PRAGMA journal_mode=WAL", NULL, NULL, &msg);
    }
    if (rc != SQLITE_OK) goto fail;
    /* Raw events are for this kiosk's own account only (docs/privacy.md); SQLite gives the
     * -wal and -shm files the same mode. */
    if (created) chmod(path, 0600);
    if (flags & WZ_DB_CHECK) {
        char *e = NULL;
        if (wz_db_quick_check(db, &e) != 0) {
            *err = e;
            sqlite3_close(db);
            return -2;
        }
    }
    rc = sqlite3_exec(db,
                      (flags & WZ_DB_FAST_COMMIT)
                          ? "PRAGMA foreign_keys=ON; PRAGMA synchronous=NORMAL;"
                          : "PRAGMA foreign_keys=ON; PRAGMA synchronous=FULL;",
                      NULL, NULL, &msg);
    if (rc != SQLITE_OK) goto fail;
    if (migrate(db, err) != 0) {
        int corrupt = is_corrupt_code(sqlite3_extended_errcode(db));
        sqlite3_close(db);
        return corrupt ? -2 : -1;
    }
    *out = db;
    return 0;
fail:
    *err = wz_xasprintf("cannot open the database %s: %s", path,
                        msg ? msg : (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc)));
    sqlite3_free(msg);
    sqlite3_close(db);
    return is_corrupt_code(rc) ? -2 : -1;
}

int wz_db_open_ex(const char *path, unsigned flags, sqlite3 **out, char **err)
{
    char *e = NULL;
    *out = NULL;
    int rc = open_once(path, flags, out, &e);
    if (rc == -2) {
        char *aside = NULL;
        char *why = NULL;
        if (wz_db_move_aside(path, &aside, &why) != 0) {
            if (err) *err = wz_xasprintf("%s (%s)", e, why);
            free(why);
            free(e);
            return -1;
        }
        free(e);
        free(aside);
        e = NULL;
        rc = open_once(path, flags, out, &e);
    }
    if (rc != 0) {
        if (err)
            *err = e;
        else
            free(e);
        *out = NULL;
        return -1;
    }
    return 0;
}

int wz_db_open(const char *path, sqlite3 **out, char **err)
{
    return wz_db_open_ex(path, 0, out, err);
}

int wz_db_instance(sqlite3 *db, char out[33], char **err)
{
    sqlite3_stmt *st = NULL;
    int rc = -1;
    out[0] = '\0';
    if (sqlite3_prepare_v2(db, "SELECT id FROM instance WHERE one = 1", -1, &st, NULL) ==
            SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW) {
        const char *id = (const char *)sqlite3_column_text(st, 0);
        if (id && strlen(id) == 32) {
            memcpy(out, id, 33);
            rc = 0;
        }
    }
    sqlite3_finalize(st);
    if (rc != 0) wz_fail(err, "the database's instance id cannot be read: %s", sqlite3_errmsg(db));
    return rc;
}

void wz_db_close(sqlite3 *db)
{
    if (db) sqlite3_close_v2(db);
}

/*
 * wz_db: the kiosk's one SQLite file. Opens it in WAL mode with foreign keys on and a
 * busy timeout, and brings the schema up to date with numbered migrations recorded in
 * PRAGMA user_version. Each thread opens its own connection (docs/architecture.md).
 *
 * A file that SQLite reports as corrupt (or not a database) is renamed aside to
 * "<path>.corrupt-<unix time>" and a new one is created: never silently deleted.
 */
#ifndef WZ_DB_H
#define WZ_DB_H

#include <sqlite3.h>

/* Opens (creating when needed) and migrates. Returns 0 and *out, or -1 with a new
 * message in *err (caller frees) and *out NULL. */
int wz_db_open(const char *path, sqlite3 **out, char **err);
void wz_db_close(sqlite3 *db); /* accepts NULL */
int wz_db_schema_version(sqlite3 *db);
/* Runs `sql` (no results) in one transaction; returns 0 or -1 with *err. */
int wz_db_exec(sqlite3 *db, const char *sql, char **err);

/*
 * wz_db_open uses synchronous=FULL: every commit is on the storage before it returns, which
 * is what the outbox needs (an acknowledged revision must never roll back). The recorder
 * on the UI thread opens with WZ_DB_FAST_COMMIT (synchronous=NORMAL): in WAL mode a power
 * cut can then lose the last few seconds of events but never corrupts the file, and a
 * commit costs no fsync (an SD card fsync can take tens of milliseconds). The worker's
 * FULL commits sync the shared WAL, recorder frames included, every upload interval.
 * WZ_DB_CHECK runs PRAGMA quick_check at open: a file that fails it is moved aside.
 */
#define WZ_DB_SCHEMA_VERSION 4
enum { WZ_DB_CHECK = 1, WZ_DB_FAST_COMMIT = 2 };
int wz_db_open_ex(const char *path, unsigned flags, sqlite3 **out, char **err);
/* Moves path (and its -wal / -shm) aside to "<path>.corrupt-<unix time>[-N]". Returns 0
 * and the new name in *aside (caller frees; may be NULL), or -1 with *err. */
int wz_db_move_aside(const char *path, char **aside, char **err);
/* PRAGMA quick_check: 0 when "ok", -1 with *err otherwise. */
int wz_db_quick_check(sqlite3 *db, char **err);
/* The file's instance id: 32 lower-case hex digits (128 random bits) made once
 * with the schema (or at the upgrade to schema 4) and never changed. A file started afresh
 * after a corrupt one was moved aside gets a new one. Not derived from the hardware or
 * anything about a visitor (docs/privacy.md). Returns 0 and out, or -1 (out "") with *err. */
int wz_db_instance(sqlite3 *db, char out[33], char **err);

#endif

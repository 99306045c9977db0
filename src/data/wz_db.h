/*
 * wz_db: the kiosk's one SQLite file. Opens it in WAL mode with foreign keys on and a
 * busy timeout, and brings the schema up to date with numbered migrations recorded in
 * PRAGMA user_version. Each thread opens its own connection (ARCHITECTURE.md, Threads).
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

#endif

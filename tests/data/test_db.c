/*
 * test_db: opening, pragmas, migrations, and what happens to damaged files.
 * A damaged file must end up renamed aside with its bytes intact (never deleted), and a
 * file from a newer program must be refused without being touched.
 */
#include "wz_db.h"
#include "wz_test.h"
#include "wz_util.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char tmpdir[] = "/tmp/wz-test-db-XXXXXX";

static long long pragma_int(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *st = NULL;
    long long v = -1;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

static char *pragma_text(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *st = NULL;
    char *v = NULL;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
        v = wz_xstrdup((const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    return v;
}

/* Number of files in tmpdir whose name starts with prefix; the last one in *found. */
static int count_prefix(const char *prefix, char **found)
{
    DIR *d = opendir(tmpdir);
    int n = 0;
    struct dirent *e;
    while (d && (e = readdir(d))) {
        if (strncmp(e->d_name, prefix, strlen(prefix)) == 0) {
            n++;
            if (found) {
                free(*found);
                *found = wz_path_join(tmpdir, e->d_name);
            }
        }
    }
    if (d) closedir(d);
    return n;
}

static void write_bytes(const char *path, const char *data, size_t n)
{
    FILE *f = fopen(path, "wb");
    if (f) {
        fwrite(data, 1, n, f);
        fclose(f);
    }
}

int main(void)
{
    if (!mkdtemp(tmpdir)) return 1;
    char *path = wz_path_join(tmpdir, "kiosk.db");
    sqlite3 *db = NULL;
    char *err = NULL;

    WZ_TEST("a new file is created with WAL, foreign keys, FULL sync and the whole schema");
    WZ_CHECK_INT(wz_db_open(path, &db, &err), 0);
    WZ_CHECK(db != NULL);
    WZ_CHECK_INT(wz_db_schema_version(db), WZ_DB_SCHEMA_VERSION);
    char *mode = pragma_text(db, "PRAGMA journal_mode");
    WZ_CHECK_STR(mode, "wal");
    free(mode);
    WZ_CHECK_INT(pragma_int(db, "PRAGMA foreign_keys"), 1);
    {
        struct stat sb;
        WZ_CHECK(stat(path, &sb) == 0 && (sb.st_mode & 0777) == 0600); /* owner only */
    }
    WZ_CHECK_INT(pragma_int(db, "PRAGMA synchronous"), 2);
    WZ_CHECK_INT(pragma_int(db, "SELECT count(*) FROM sqlite_master WHERE name IN ('events',"
                                "'dirty_days','day_base','snapshots','snapshots_aside','meta')"),
                 6);
    WZ_TEST("no column can hold an exact time");
    WZ_CHECK_INT(pragma_int(db, "SELECT count(*) FROM pragma_table_info('events')"
                                " WHERE name IN ('at','time','timestamp','ts')"),
                 0);

    WZ_TEST("wz_db_exec commits, and rolls back everything when a statement fails");
    WZ_CHECK_INT(wz_db_exec(db, "INSERT INTO meta(k,v) VALUES('a','1')", &err), 0);
    WZ_CHECK(wz_db_exec(db, "INSERT INTO meta(k,v) VALUES('b','2'); INSERT INTO nope VALUES(1)",
                        &err) != 0);
    WZ_CHECK(err != NULL);
    free(err);
    err = NULL;
    WZ_CHECK_INT(pragma_int(db, "SELECT count(*) FROM meta"), 1);
    wz_db_close(db);
    db = NULL;

    WZ_TEST("reopening keeps the data and runs no migration twice");
    WZ_CHECK_INT(wz_db_open_ex(path, WZ_DB_CHECK | WZ_DB_FAST_COMMIT, &db, &err), 0);
    WZ_CHECK_INT(pragma_int(db, "SELECT count(*) FROM meta"), 1);
    WZ_CHECK_INT(pragma_int(db, "PRAGMA synchronous"), 1);
    WZ_CHECK_INT(wz_db_schema_version(db), WZ_DB_SCHEMA_VERSION);
    WZ_CHECK_INT(wz_db_quick_check(db, NULL), 0);
    wz_db_close(db);
    db = NULL;

    WZ_TEST("a file from a newer program is refused and left as it was");
    {
        sqlite3 *raw = NULL;
        sqlite3_open(path, &raw);
        sqlite3_exec(raw, "PRAGMA user_version = 99", NULL, NULL, NULL);
        sqlite3_close(raw);
        WZ_CHECK(wz_db_open(path, &db, &err) != 0);
        WZ_CHECK(db == NULL);
        WZ_CHECK(err && strstr(err, "newer"));
        free(err);
        err = NULL;
        WZ_CHECK_INT(count_prefix("kiosk.db.corrupt-", NULL), 0);
        sqlite3_open(path, &raw);
        WZ_CHECK_INT(pragma_int(raw, "PRAGMA user_version"), 99);
        WZ_CHECK_INT(pragma_int(raw, "SELECT count(*) FROM meta"), 1);
        sqlite3_close(raw);
        unlink(path);
    }

    WZ_TEST("an older file is migrated up");
    {
        sqlite3 *raw = NULL;
        sqlite3_open(path, &raw);
        sqlite3_exec(raw, "CREATE TABLE unrelated(x)", NULL, NULL, NULL); /* user_version 0 */
        sqlite3_close(raw);
        WZ_CHECK_INT(wz_db_open(path, &db, &err), 0);
        WZ_CHECK_INT(wz_db_schema_version(db), WZ_DB_SCHEMA_VERSION);
        WZ_CHECK_INT(pragma_int(db, "SELECT count(*) FROM sqlite_master WHERE name='events'"), 1);
        wz_db_close(db);
        db = NULL;
        unlink(path);
    }

    WZ_TEST("a file that is not a database is moved aside (bytes kept) and replaced");
    {
        const char junk[] = "these are not the bytes of an SQLite database, but a photo.jpg"
                            " someone copied over it......................................";
        write_bytes(path, junk, sizeof junk);
        WZ_CHECK_INT(wz_db_open(path, &db, &err), 0);
        if (err) fprintf(stderr, "%s\n", err);
        WZ_CHECK(db != NULL);
        WZ_CHECK_INT(wz_db_schema_version(db), WZ_DB_SCHEMA_VERSION);
        wz_db_close(db);
        db = NULL;
        char *aside = NULL;
        WZ_CHECK_INT(count_prefix("kiosk.db.corrupt-", &aside), 1);
        char *back = NULL;
        size_t len = 0;
        WZ_CHECK(aside && wz_read_file(aside, 1 << 20, &back, &len) == 0);
        WZ_CHECK(back && len == sizeof junk && memcmp(back, junk, len) == 0);
        free(back);
        free(aside);
    }

    WZ_TEST("a database with a damaged page fails quick_check at open and is moved aside");
    {
        char *p2 = wz_path_join(tmpdir, "damaged.db");
        WZ_CHECK_INT(wz_db_open(p2, &db, &err), 0);
        /* enough rows for several pages of table and index */
        WZ_CHECK_INT(wz_db_exec(db,
                                "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n"
                                " WHERE i < 3000) INSERT INTO events(day, hour, kind, session)"
                                " SELECT '2026-11-28', i % 24, 1, hex(randomblob(16)) FROM n",
                                &err),
                     0);
        sqlite3_exec(db, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL);
        long long pages = pragma_int(db, "PRAGMA page_count");
        long long psize = pragma_int(db, "PRAGMA page_size");
        wz_db_close(db);
        db = NULL;
        WZ_CHECK(pages > 10);
        /* scribble over the middle of the file, page headers included */
        FILE *f = fopen(p2, "r+b");
        WZ_CHECK(f != NULL);
        if (f) {
            for (long long pg = pages / 3; pg < pages / 3 + 3; pg++) {
                fseek(f, (long)(pg * psize), SEEK_SET);
                for (int i = 0; i < 64; i++)
                    fputc(0xA5, f);
            }
            fclose(f);
        }
        WZ_CHECK_INT(wz_db_open_ex(p2, WZ_DB_CHECK, &db, &err), 0);
        if (err) fprintf(stderr, "%s\n", err);
        WZ_CHECK(db != NULL);
        if (db) WZ_CHECK_INT(pragma_int(db, "SELECT count(*) FROM events"), 0);
        wz_db_close(db);
        db = NULL;
        WZ_CHECK_INT(count_prefix("damaged.db.corrupt-", NULL), 1);
        free(p2);
    }

    WZ_TEST("moving aside takes the -wal along, so the new file cannot replay it");
    {
        char *p3 = wz_path_join(tmpdir, "wal.db");
        char *w = wz_xasprintf("%s-wal", p3);
        write_bytes(p3, "x", 1);
        write_bytes(w, "y", 1);
        char *aside = NULL;
        WZ_CHECK_INT(wz_db_move_aside(p3, &aside), 0);
        WZ_CHECK(access(p3, F_OK) != 0 && access(w, F_OK) != 0);
        char *aw = wz_xasprintf("%s-wal", aside);
        WZ_CHECK(access(aw, F_OK) == 0);
        /* a second move in the same second gets its own name */
        write_bytes(p3, "z", 1);
        char *aside2 = NULL;
        WZ_CHECK_INT(wz_db_move_aside(p3, &aside2), 0);
        WZ_CHECK(aside && aside2 && strcmp(aside, aside2) != 0);
        free(aw);
        free(aside);
        free(aside2);
        free(w);
        free(p3);
    }

    WZ_TEST("a path in a missing folder fails with a message, nothing else");
    WZ_CHECK(wz_db_open("/nonexistent-wz/dir/kiosk.db", &db, &err) != 0);
    WZ_CHECK(err != NULL && db == NULL);
    free(err);

    free(path);
    char *cmd = wz_xasprintf("rm -rf '%s'", tmpdir);
    if (system(cmd) != 0) fprintf(stderr, "cleanup failed\n");
    free(cmd);
    WZ_TEST_END();
}

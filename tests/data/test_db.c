/*
 * test_db: opening, pragmas, migrations, and what happens to damaged files.
 * A damaged file must end up renamed aside with its bytes intact (never deleted), and a
 * file from a newer program must be refused without being touched.
 */
#include "wz_aggregate.h"
#include "wz_db.h"
#include "wz_test.h"
#include "wz_test_db.h"
#include "wz_util.h"

#include <dirent.h>
#include <pthread.h>
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

/* Several connections opening one new file at the same moment, as the kiosk's recorder,
 * its upload worker and a technician's wz-stats may on the first start or after an
 * upgrade. */
#define OPENERS 6
typedef struct opener {
    const char *path;
    pthread_barrier_t *start;
    int rc;
    char *err;
    char instance[33];
} opener;

/* 32 lower-case hex digits (wz_db_instance's form). */
static int instance_ok(const char *s)
{
    size_t n = strspn(s, "0123456789abcdef");
    return n == 32 && s[n] == '\0';
}

static void *open_together(void *arg)
{
    opener *o = arg;
    sqlite3 *db = NULL;
    pthread_barrier_wait(o->start);
    o->rc = wz_db_open(o->path, &db, &o->err);
    if (o->rc == 0 && wz_db_instance(db, o->instance, NULL) != 0) o->rc = -1;
    wz_db_close(db);
    return NULL;
}

int main(void)
{
    if (wz_test_db_dir(tmpdir) != 0) return 1;
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
    WZ_TEST("a new file gets a random instance id: one row, 32 lower-case hex digits");
    char inst[33] = "", again[33] = "";
    WZ_CHECK_INT(wz_db_instance(db, inst, NULL), 0);
    WZ_CHECK(instance_ok(inst));
    WZ_CHECK_INT(pragma_int(db, "SELECT count(*) FROM instance"), 1);
    /* the table holds one row at most */
    WZ_CHECK(
        wz_db_exec(db, "INSERT INTO instance(one, id) VALUES (2, hex(randomblob(16)))", &err) != 0);
    free(err);
    err = NULL;
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
    WZ_TEST("the instance id stays the same across reopening");
    WZ_CHECK_INT(wz_db_instance(db, again, NULL), 0);
    WZ_CHECK_STR(again, inst);
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

    WZ_TEST("a schema 1 file with events is converted: every row gets its labels, same counts");
    {
        /* schema 1 as it shipped (migration 1 of wz_db.c), with a day of rows in it */
        static const char v1[] =
            "CREATE TABLE events(id INTEGER PRIMARY KEY AUTOINCREMENT, day TEXT NOT NULL,"
            " hour INTEGER NOT NULL CHECK(hour BETWEEN 0 AND 23), kind INTEGER NOT NULL,"
            " session TEXT NOT NULL, audience TEXT, language TEXT,"
            " easy_read INTEGER NOT NULL DEFAULT 0, ifid TEXT, passage TEXT, choice_index INTEGER,"
            " target TEXT, cls TEXT, outcome TEXT, screen TEXT, reason TEXT, setting TEXT,"
            " value TEXT, found INTEGER, missed INTEGER, wrong INTEGER, duration_ms INTEGER);"
            "CREATE INDEX events_by_day ON events(day);"
            "CREATE TABLE dirty_days(day TEXT PRIMARY KEY) WITHOUT ROWID;"
            "CREATE TRIGGER events_mark_dirty AFTER INSERT ON events BEGIN"
            " INSERT OR IGNORE INTO dirty_days(day) VALUES (NEW.day); END;"
            "CREATE TABLE day_base(day TEXT PRIMARY KEY, doc TEXT NOT NULL) WITHOUT ROWID;"
            "CREATE TABLE snapshots(day TEXT PRIMARY KEY, revision INTEGER NOT NULL"
            " CHECK(revision >= 1), json TEXT NOT NULL, acked INTEGER NOT NULL DEFAULT 0,"
            " aside_revision INTEGER, aside_reason TEXT) WITHOUT ROWID;"
            "CREATE TABLE snapshots_aside(day TEXT NOT NULL, revision INTEGER NOT NULL,"
            " json TEXT NOT NULL, reason TEXT, PRIMARY KEY(day, revision)) WITHOUT ROWID;"
            "CREATE TABLE meta(k TEXT PRIMARY KEY, v TEXT) WITHOUT ROWID;"
            "INSERT INTO events(day, hour, kind, session, audience, language, easy_read) VALUES"
            " ('2025-03-01', 10, 1, 's1', '8-11', 'en', 1), ('2025-03-01', 11, 1, 's2', '16+',"
            " NULL, 0), ('2025-03-01', 11, 1, 's3', '8-11', 'en', 1);"
            "INSERT INTO events(day, hour, kind, session, audience, ifid, passage, choice_index,"
            " target, cls, outcome, found, missed, wrong, duration_ms) VALUES"
            " ('2025-03-01', 10, 3, 's1', '8-11', 'GIFT', NULL, NULL, NULL, NULL, NULL, 0, 0, 0,"
            " 0), ('2025-03-01', 10, 4, 's1', '8-11', 'GIFT', 'Lobby', 1, 'Said no', 'safe',"
            " NULL, 0, 0, 0, 0), ('2025-03-01', 11, 4, 's3', '8-11', 'GIFT', 'Lobby', 1,"
            " 'Said no', 'safe', NULL, 0, 0, 0, 0), ('2025-03-01', 11, 4, 's2', '16+', 'GIFT',"
            " 'Lobby', 0, '', NULL, NULL, 0, 0, 0, 0), ('2025-03-01', 10, 5, 's1', '8-11',"
            " 'GIFT', 'Secret', 0, NULL, NULL, NULL, 2, 1, -3, 0), ('2025-03-01', 10, 7, 's1',"
            " '8-11', 'GIFT', 'End', 0, NULL, NULL, 'safe', 0, 0, 0, 95000);"
            "INSERT INTO events(day, hour, kind, session, screen, setting, value, duration_ms)"
            " VALUES ('2025-03-01', 10, 9, 's1', 'menu', NULL, NULL, 0), ('2025-03-01', 10, 10,"
            " 's1', NULL, 'text-size', 'large', 0), ('2025-03-01', 10, 2, 's1', NULL, NULL,"
            " NULL, 300000), ('2025-03-02', 9, 1, 's4', NULL, NULL, NULL, 0);"
            "PRAGMA user_version = 1;";
        unlink(path);
        sqlite3 *raw = NULL;
        sqlite3_open(path, &raw);
        WZ_CHECK_INT(sqlite3_exec(raw, v1, NULL, NULL, NULL), SQLITE_OK);
        sqlite3_close(raw);
        WZ_CHECK_INT(wz_db_open(path, &db, &err), 0);
        WZ_CHECK_INT(wz_db_schema_version(db), WZ_DB_SCHEMA_VERSION);
        WZ_CHECK_INT(pragma_int(db, "SELECT count(*) FROM events"), 13);
        WZ_CHECK_INT(pragma_int(db, "SELECT count(*) FROM events WHERE labels IS NULL"), 0);
        /* an existing file gets its instance id at the upgrade */
        char up[33] = "";
        WZ_CHECK_INT(wz_db_instance(db, up, NULL), 0);
        WZ_CHECK(instance_ok(up) && strcmp(up, inst) != 0);
        /* the two identical choices share one labels row; 11 distinct combinations */
        WZ_CHECK_INT(pragma_int(db, "SELECT count(*) FROM event_labels"), 11);
        WZ_CHECK_INT(pragma_int(db, "SELECT count(DISTINCT labels) FROM events WHERE kind = 4"), 2);
        WZ_CHECK_INT(pragma_int(db, "SELECT count(*) FROM events e JOIN event_labels l"
                                    " ON l.id = e.labels WHERE l.audience IS e.audience AND"
                                    " l.language IS e.language AND l.passage IS e.passage AND"
                                    " l.target IS e.target AND l.cls IS e.cls AND"
                                    " l.choice_index IS e.choice_index AND l.kind = e.kind"),
                     13);
        cJSON *d1 = wz_aggregate_day(db, "2025-03-01", "k", 1, &err);
        char *s1 = d1 ? cJSON_PrintUnformatted(d1) : NULL;
        WZ_CHECK(s1 && strstr(s1, "\"sessions\":3,") &&
                 strstr(s1, "\"found\":2,\"missed\":1,"
                            "\"wrong\":0}"));
        WZ_CHECK(s1 && strstr(s1, "\"passage\":\"Lobby\",\"index\":1,\"target\":\"Said no\","
                                  "\"class\":\"safe\",\"count\":2}"));
        /* the same document as counting each row's own columns (how schema 1 counted) */
        WZ_CHECK_INT(wz_db_exec(db, "UPDATE events SET labels = NULL", &err), 0);
        cJSON *d2 = wz_aggregate_day(db, "2025-03-01", "k", 1, &err);
        char *s2 = d2 ? cJSON_PrintUnformatted(d2) : NULL;
        WZ_CHECK(s1 && s2 && strcmp(s1, s2) == 0);
        /* new rows get their labels from the trigger */
        WZ_CHECK_INT(wz_db_exec(db,
                                "INSERT INTO events(day, hour, kind, session, screen)"
                                " VALUES ('2025-03-02', 9, 9, 's4', 'menu')",
                                &err),
                     0);
        WZ_CHECK_INT(pragma_int(db, "SELECT count(*) FROM events WHERE labels IS NOT NULL"), 1);
        WZ_CHECK_INT(pragma_int(db, "SELECT count(*) FROM event_labels"), 11);
        cJSON_Delete(d1);
        cJSON_Delete(d2);
        cJSON_free(s1);
        cJSON_free(s2);
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
        char before[33] = "", after[33] = "";
        WZ_CHECK_INT(wz_db_instance(db, before, NULL), 0);
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
        /* the file started afresh is a new instance: its revisions start again at 1 */
        if (db) WZ_CHECK_INT(wz_db_instance(db, after, NULL), 0);
        WZ_CHECK(instance_ok(before) && instance_ok(after) && strcmp(before, after) != 0);
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
        WZ_CHECK_INT(wz_db_move_aside(p3, &aside, NULL), 0);
        WZ_CHECK(access(p3, F_OK) != 0 && access(w, F_OK) != 0);
        char *aw = wz_xasprintf("%s-wal", aside);
        WZ_CHECK(access(aw, F_OK) == 0);
        /* a second move in the same second gets its own name */
        write_bytes(p3, "z", 1);
        char *aside2 = NULL;
        WZ_CHECK_INT(wz_db_move_aside(p3, &aside2, NULL), 0);
        WZ_CHECK(aside && aside2 && strcmp(aside, aside2) != 0);
        free(aw);
        free(aside);
        free(aside2);
        free(w);
        free(p3);
    }

    WZ_TEST("connections opening a new file at once all succeed; each migration runs once");
    for (int round = 0; round < 10; round++) {
        char *p4 = wz_xasprintf("%s/together-%d.db", tmpdir, round);
        pthread_barrier_t start;
        pthread_barrier_init(&start, NULL, OPENERS);
        opener o[OPENERS];
        pthread_t th[OPENERS];
        for (int i = 0; i < OPENERS; i++) {
            o[i] = (opener){p4, &start, -1, NULL, ""};
            pthread_create(&th[i], NULL, open_together, &o[i]);
        }
        int ok = 0;
        for (int i = 0; i < OPENERS; i++) {
            pthread_join(th[i], NULL);
            /* every connection sees the one instance id the file was created with */
            if (o[i].rc == 0 && instance_ok(o[i].instance) &&
                strcmp(o[i].instance, o[0].instance) == 0)
                ok++;
            else
                fprintf(stderr, "open failed: %s\n", o[i].err ? o[i].err : "?");
            free(o[i].err);
        }
        pthread_barrier_destroy(&start);
        WZ_CHECK_INT(ok, OPENERS);
        WZ_CHECK_INT(wz_db_open(p4, &db, &err), 0);
        WZ_CHECK_INT(wz_db_schema_version(db), WZ_DB_SCHEMA_VERSION);
        wz_db_close(db);
        db = NULL;
        free(p4);
    }

    WZ_TEST("a path in a missing folder fails with a message, nothing else");
    WZ_CHECK(wz_db_open("/nonexistent-wz/dir/kiosk.db", &db, &err) != 0);
    WZ_CHECK(err != NULL && db == NULL);
    free(err);

    free(path);
    wz_test_db_cleanup(tmpdir);
    WZ_TEST_END();
}

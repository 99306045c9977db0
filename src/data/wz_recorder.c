/*
 * wz_recorder: the recorder the kiosk's UI thread calls for every anonymous event.
 *
 * Fast path: one prepared INSERT, one short transaction with synchronous=NORMAL (safe in
 * WAL mode, see wz_db.h). Triggers mark the day dirty for the outbox and find or add the
 * event's labels row; a small cache of committed label ids spares that second write.
 * Slow path: when the database cannot take the write (full, read-only, locked, I/O error,
 * corrupt) events wait in a bounded ring, oldest written first, many per transaction, and
 * the recorder backs off 0.5 s doubling to 30 s, so a broken disk costs the UI one failed
 * attempt per back-off. A corrupt file is moved aside; an event SQLite refuses for its
 * own sake is dropped and logged. Strings are cut to WZ_EVENT_STR_MAX bytes on a UTF-8
 * boundary with control characters replaced; only the local day and hour are stored.
 */
#include "wz_recorder.h"

#include "wz_aggregate.h"
#include "wz_db.h"
#include "wz_log.h"
#include "wz_map.h"
#include "wz_util.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define WZ_EVENT_STR_MAX 200
#define WZ_RECORDER_BUSY_MS 100
#define WZ_RECORDER_BATCH 500

typedef struct qev {
    int kind, hour, easy_read, choice_index, found, missed, wrong;
    char day[11];
    char *session, *audience, *language, *ifid, *passage, *target, *cls, *outcome, *screen, *reason,
        *setting, *value;
    long long duration_ms;
} qev;

/* Label ids this connection has seen committed (event_labels, schema 2): an insert that
 * names its labels row spares the trigger's UPDATE of the new row. Entries are only
 * trusted while nothing was rolled back: any failed write empties the cache (a rolled
 * back labels row would leave a dangling id). Bounded; ids never change once committed. */
#define LCACHE_MAX 4096

static long long lcache_get(const wz_map *c, const char *key, unsigned long long h)
{
    const long long *id = wz_map_find(c, key, h);
    return id ? *id : 0;
}

static void lcache_put(wz_map *c, const char *key, unsigned long long h, long long id)
{
    if (c->count >= LCACHE_MAX) wz_map_clear(c);
    wz_map_put(c, key, h, id);
}

struct wz_recorder {
    char *path;
    sqlite3 *db;
    sqlite3_stmt *ins;
    qev *ring; /* WZ_RECORDER_QUEUE_MAX slots, allocated on first need */
    int head, count;
    long long dropped;
    char *last_error;
    long long next_try_ms;
    int backoff_ms, backoff_min_ms, backoff_max_ms;
    char session[33];
    char *session_audience;
    int retention_days;
    long long next_prune_ms;
    int wal_pages;           /* frames in the WAL after our last commit */
    sqlite3_stmt *labels_of; /* the labels id the trigger gave a new row */
    wz_map labels;           /* label key -> event_labels id (see LCACHE_MAX) */
    dev_t db_dev;            /* the file the connection has open, to notice it being replaced */
    ino_t db_ino;
};

/* WAL checkpoints copy the log into the database and fsync it: tens of milliseconds on an
 * SD card. SQLite would run one inside whichever commit passes 1000 pages; the recorder
 * instead runs it right after a visit ends (between visitors), and only forces one mid-
 * visit if the log grows past WAL_FORCE_PAGES. The upload worker's connection keeps the
 * automatic checkpoint, so a quiet kiosk's log is folded in from that thread too. */
#define WAL_CHECKPOINT_PAGES 1000
#define WAL_FORCE_PAGES 8000

static int wal_hook(void *ud, sqlite3 *db, const char *name, int pages)
{
    (void)db;
    (void)name;
    ((wz_recorder *)ud)->wal_pages = pages;
    return SQLITE_OK;
}

static void maybe_checkpoint(wz_recorder *r, int between_visits)
{
    if (!r->db) return;
    if (r->wal_pages >= WAL_FORCE_PAGES ||
        (between_visits && r->wal_pages >= WAL_CHECKPOINT_PAGES)) {
        sqlite3_wal_checkpoint_v2(r->db, NULL, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
        r->wal_pages = 0;
    }
}

/* ---- session ids ---- */

void wz_recorder_visit_id(char buf[33])
{
    wz_random_hex(buf, 16);
}

/* ---- copies of events ---- */

static char *clean_dup(const char *s)
{
    if (!s) return NULL;
    size_t n = strlen(s);
    if (n > WZ_EVENT_STR_MAX) n = WZ_EVENT_STR_MAX;
    n = wz_utf8_check(s, n); /* also backs off a character cut in half */
    char *d = wz_xstrndup(s, n);
    for (char *p = d; *p; p++)
        if ((unsigned char)*p < 0x20 || *p == 0x7f) *p = '?';
    return d;
}

static void qev_free(qev *q)
{
    char **s[] = {&q->session, &q->audience, &q->language, &q->ifid,   &q->passage, &q->target,
                  &q->cls,     &q->outcome,  &q->screen,   &q->reason, &q->setting, &q->value};
    for (size_t i = 0; i < WZ_ARRAY_LEN(s); i++) {
        free(*s[i]);
        *s[i] = NULL;
    }
}

static void qev_fill(wz_recorder *r, qev *q, const wz_event *ev)
{
    memset(q, 0, sizeof *q);
    time_t at = ev->at ? ev->at : time(NULL);
    struct tm tm;
    if (!localtime_r(&at, &tm)) memset(&tm, 0, sizeof tm);
    if (strftime(q->day, sizeof q->day, "%Y-%m-%d", &tm) != 10) memcpy(q->day, "1970-01-01", 11);
    q->hour = tm.tm_hour >= 0 && tm.tm_hour < 24 ? tm.tm_hour : 0;
    q->kind = (int)ev->kind;
    q->session = clean_dup(ev->session ? ev->session : "none");
    q->audience = clean_dup(ev->audience);
    if (ev->kind == WZ_EV_SESSION_START) {
        snprintf(r->session, sizeof r->session, "%s", q->session);
        free(r->session_audience);
        r->session_audience = wz_xstrdup(q->audience);
    } else if (!q->audience && r->session_audience && strcmp(q->session, r->session) == 0) {
        /* Later events carry the visitor's audience band, so each row can be counted
         * on its own (no join at aggregation time). */
        q->audience = wz_xstrdup(r->session_audience);
    }
    q->language = clean_dup(ev->language);
    q->easy_read = ev->easy_read ? 1 : 0;
    q->ifid = clean_dup(ev->ifid);
    q->passage = clean_dup(ev->passage);
    q->choice_index = ev->choice_index;
    q->target = clean_dup(ev->target);
    q->cls = clean_dup(ev->cls);
    q->outcome = clean_dup(ev->outcome);
    q->screen = clean_dup(ev->screen);
    q->reason = clean_dup(ev->reason);
    q->setting = clean_dup(ev->setting);
    q->value = clean_dup(ev->value);
    q->found = ev->found;
    q->missed = ev->missed;
    q->wrong = ev->wrong;
    q->duration_ms = ev->duration_ms < 0 ? 0 : ev->duration_ms;
}

/* ---- the database side ---- */

static void set_error(wz_recorder *r, const char *msg)
{
    if (r->last_error && strcmp(r->last_error, msg) == 0) return;
    int first = r->last_error == NULL;
    free(r->last_error);
    r->last_error = wz_xstrdup(msg);
    if (first)
        wz_log_error("events",
                     "statistics cannot be written to the database (%s); keeping them "
                     "in memory and retrying",
                     msg);
}

/* Is the file at the recorder's path no longer the one its connection has open? Another
 * program that found the file damaged (wz-stats, the upload worker) moves it aside and
 * starts a new one; a connection kept on the moved file would record every later visit
 * where nothing counts or uploads it. */
static int replaced(const wz_recorder *r)
{
    struct stat sb;
    return r->db && (stat(r->path, &sb) != 0 || sb.st_dev != r->db_dev || sb.st_ino != r->db_ino);
}

static void disconnect(wz_recorder *r)
{
    sqlite3_finalize(r->ins);
    r->ins = NULL;
    sqlite3_finalize(r->labels_of);
    r->labels_of = NULL;
    wz_map_clear(&r->labels);
    wz_db_close(r->db);
    r->db = NULL;
}

static int connect_db(wz_recorder *r, unsigned flags)
{
    char *err = NULL;
    if (wz_db_open_ex(r->path, flags | WZ_DB_FAST_COMMIT, &r->db, &err) != 0) {
        set_error(r, err ? err : "cannot open the database");
        free(err);
        return -1;
    }
    struct stat sb;
    if (stat(r->path, &sb) == 0) {
        r->db_dev = sb.st_dev;
        r->db_ino = sb.st_ino;
    }
    sqlite3_busy_timeout(r->db, WZ_RECORDER_BUSY_MS);
    sqlite3_wal_hook(r->db, wal_hook, r); /* replaces the automatic checkpoint */
    int rc = sqlite3_prepare_v2(
        r->db,
        "INSERT INTO events(day, hour, kind, session, audience, language, easy_read, ifid,"
        " passage, choice_index, target, cls, outcome, screen, reason, setting, value,"
        " found, missed, wrong, duration_ms, labels)"
        " VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18,?19,?20,?21,?22)",
        -1, &r->ins, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_prepare_v2(r->db, "SELECT labels FROM events WHERE id = ?1", -1, &r->labels_of,
                                NULL);
    if (rc != SQLITE_OK) {
        set_error(r, sqlite3_errmsg(r->db));
        disconnect(r);
        return -1;
    }
    return 0;
}

static void bind_text(sqlite3_stmt *st, int i, const char *s)
{
    if (s)
        sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(st, i);
}

/* The labels of q as a cache key: each field present or absent, joined with 0x1f (stored
 * strings never hold control characters). */
static void labels_key(const qev *q, wz_buf *b)
{
    const char *f[] = {q->audience, q->language, q->ifid,   q->passage, q->target,
                       q->cls,      q->outcome,  q->screen, q->setting, q->value};
    char nums[64];
    snprintf(nums, sizeof nums, "%d\x1f%d\x1f%d", q->kind, q->easy_read, q->choice_index);
    wz_buf_puts(b, nums);
    for (size_t i = 0; i < WZ_ARRAY_LEN(f); i++) {
        wz_buf_puts(b, f[i] ? "\x1f+" : "\x1f-");
        if (f[i]) wz_buf_puts(b, f[i]);
    }
}

/* Returns an SQLite result code. */
static int insert(wz_recorder *r, const qev *q)
{
    sqlite3_stmt *st = r->ins;
    wz_buf key;
    wz_buf_init(&key, 0);
    labels_key(q, &key);
    unsigned long long h = wz_map_hash(key.data);
    long long id = lcache_get(&r->labels, key.data, h);
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    bind_text(st, 1, q->day);
    sqlite3_bind_int(st, 2, q->hour);
    sqlite3_bind_int(st, 3, q->kind);
    bind_text(st, 4, q->session);
    bind_text(st, 5, q->audience);
    bind_text(st, 6, q->language);
    sqlite3_bind_int(st, 7, q->easy_read);
    bind_text(st, 8, q->ifid);
    bind_text(st, 9, q->passage);
    sqlite3_bind_int(st, 10, q->choice_index);
    bind_text(st, 11, q->target);
    bind_text(st, 12, q->cls);
    bind_text(st, 13, q->outcome);
    bind_text(st, 14, q->screen);
    bind_text(st, 15, q->reason);
    bind_text(st, 16, q->setting);
    bind_text(st, 17, q->value);
    sqlite3_bind_int(st, 18, q->found);
    sqlite3_bind_int(st, 19, q->missed);
    sqlite3_bind_int(st, 20, q->wrong);
    sqlite3_bind_int64(st, 21, q->duration_ms);
    if (id > 0) sqlite3_bind_int64(st, 22, id); /* else NULL: the trigger finds or adds it */
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) {
        wz_map_clear(&r->labels);
    } else if (id <= 0) {
        sqlite3_stmt *lo = r->labels_of;
        sqlite3_reset(lo);
        sqlite3_bind_int64(lo, 1, sqlite3_last_insert_rowid(r->db));
        if (sqlite3_step(lo) == SQLITE_ROW && sqlite3_column_type(lo, 0) == SQLITE_INTEGER &&
            sqlite3_get_autocommit(r->db)) /* committed: inside a batch it might roll back */
            lcache_put(&r->labels, key.data, h, sqlite3_column_int64(lo, 0));
        sqlite3_reset(lo);
    }
    wz_buf_free(&key);
    return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

enum { FAIL_RETRY, FAIL_REOPEN, FAIL_CORRUPT, FAIL_POISON };

static int classify(int rc)
{
    switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_FULL:
    case SQLITE_NOMEM:
    case SQLITE_INTERRUPT:
        return FAIL_RETRY;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
        return FAIL_CORRUPT;
    case SQLITE_CONSTRAINT:
    case SQLITE_TOOBIG:
    case SQLITE_MISMATCH:
    case SQLITE_RANGE:
        return FAIL_POISON;
    default: /* READONLY, CANTOPEN, IOERR, PROTOCOL, ...: start again with a fresh handle */
        return FAIL_REOPEN;
    }
}

/* The write failed with rc: remember why, back off, and repair what can be repaired. */
static void failed(wz_recorder *r, int rc)
{
    char *msg = wz_xasprintf("%s", r->db ? sqlite3_errmsg(r->db) : sqlite3_errstr(rc));
    set_error(r, msg);
    free(msg);
    int what = classify(rc);
    if (what == FAIL_CORRUPT) {
        int theirs = replaced(r); /* already moved aside by someone else: keep their new file */
        disconnect(r);
        if (!theirs) wz_db_move_aside(r->path, NULL, NULL);
        r->backoff_ms = 0; /* a fresh file can be made at once */
    } else if (what == FAIL_REOPEN) {
        disconnect(r);
    }
    r->next_try_ms = wz_now_ms() + r->backoff_ms;
    r->backoff_ms =
        r->backoff_ms ? WZ_MIN(r->backoff_ms * 2, r->backoff_max_ms) : r->backoff_min_ms;
}

static void succeeded(wz_recorder *r)
{
    if (r->last_error) {
        wz_log_info("events", "statistics are being written again");
        free(r->last_error);
        r->last_error = NULL;
    }
    r->backoff_ms = r->backoff_min_ms;
    if (r->dropped) {
        wz_log_warn("events",
                    "%lld statistics events were lost while the database was "
                    "unavailable and the memory queue was full",
                    r->dropped);
        r->dropped = 0;
    }
}

static int may_try(wz_recorder *r)
{
    if (wz_now_ms() < r->next_try_ms) return 0;
    if (!r->db && connect_db(r, 0) != 0) {
        r->next_try_ms = wz_now_ms() + r->backoff_ms;
        r->backoff_ms =
            r->backoff_ms ? WZ_MIN(r->backoff_ms * 2, r->backoff_max_ms) : r->backoff_min_ms;
        return 0;
    }
    return 1;
}

/* ---- public ---- */

wz_recorder *wz_recorder_create(const char *db_path)
{
    wz_recorder *r = wz_xcalloc(1, sizeof *r);
    r->path = wz_xstrdup(db_path);
    r->backoff_min_ms = 500;
    r->backoff_max_ms = 30000;
    r->backoff_ms = r->backoff_min_ms;
    if (connect_db(r, WZ_DB_CHECK) != 0) r->next_try_ms = wz_now_ms() + r->backoff_ms;
    return r;
}

void wz_recorder_set_backoff(wz_recorder *r, int min_ms, int max_ms)
{
    r->backoff_min_ms = min_ms < 0 ? 0 : min_ms;
    r->backoff_max_ms = max_ms < r->backoff_min_ms ? r->backoff_min_ms : max_ms;
    r->backoff_ms = r->backoff_min_ms;
    r->next_try_ms = 0;
}

static void prune_now(wz_recorder *r)
{
    time_t cut = time(NULL) - (time_t)r->retention_days * 86400;
    struct tm tm;
    char day[11] = "1970-01-01";
    if (localtime_r(&cut, &tm)) strftime(day, sizeof day, "%Y-%m-%d", &tm);
    char *err = NULL;
    int n = wz_recorder_prune_before(r->db, day, &err);
    if (n < 0) {
        wz_log_warn("events", "could not delete old raw events: %s", err ? err : "?");
        free(err);
        r->next_prune_ms = wz_now_ms() + 3600 * 1000LL; /* try again in an hour */
        return;
    }
    if (n > 0)
        wz_log_info("events", "deleted %d raw events from before %s (their totals are kept)", n,
                    day);
    r->next_prune_ms = wz_now_ms() + 24 * 3600 * 1000LL;
}

void wz_recorder_set_retention(wz_recorder *r, int days)
{
    if (!r) return;
    r->retention_days = days > 0 ? days : 0;
    r->next_prune_ms = 0;
    if (r->retention_days && r->db && r->count == 0) prune_now(r);
}

/* Between visits: leaves a file that was replaced under the recorder (see replaced()). */
static void follow_path(wz_recorder *r)
{
    if (!replaced(r)) return;
    wz_log_warn("events", "%s was replaced by another program; recording into the new file",
                r->path);
    disconnect(r);
    r->next_try_ms = 0;
}

int wz_recorder_flush(wz_recorder *r)
{
    int written = 0;
    follow_path(r);
    if (r->retention_days && r->db && r->count == 0 && wz_now_ms() >= r->next_prune_ms)
        prune_now(r);
    while (r->count > 0) {
        if (!may_try(r)) return -1;
        int n = WZ_MIN(r->count, WZ_RECORDER_BATCH);
        int rc = sqlite3_exec(r->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
        int done = 0, poison = -1;
        for (int i = 0; rc == SQLITE_OK && i < n; i++) {
            rc = insert(r, &r->ring[(r->head + i) % WZ_RECORDER_QUEUE_MAX]);
            if (rc != SQLITE_OK && classify(rc) == FAIL_POISON) poison = i;
            if (rc == SQLITE_OK) done++;
        }
        if (rc == SQLITE_OK) rc = sqlite3_exec(r->db, "COMMIT", NULL, NULL, NULL);
        if (rc != SQLITE_OK) {
            int code = sqlite3_extended_errcode(r->db);
            if (r->db && !sqlite3_get_autocommit(r->db))
                sqlite3_exec(r->db, "ROLLBACK", NULL, NULL, NULL);
            wz_map_clear(&r->labels);
            if (poison >= 0) {
                WZ_ASSERT(poison < n && n <= r->count);
                /* Write the ones before it next time; this one can never be written. */
                qev *q = &r->ring[(r->head + poison) % WZ_RECORDER_QUEUE_MAX];
                wz_log_warn("events", "dropped an event the database refused: %s",
                            sqlite3_errmsg(r->db));
                qev_free(q);
                for (int i = poison; i > 0; i--)
                    r->ring[(r->head + i) % WZ_RECORDER_QUEUE_MAX] =
                        r->ring[(r->head + i - 1) % WZ_RECORDER_QUEUE_MAX];
                r->head = (r->head + 1) % WZ_RECORDER_QUEUE_MAX;
                r->count--;
                continue;
            }
            failed(r, code ? code : rc);
            return -1;
        }
        for (int i = 0; i < done; i++)
            qev_free(&r->ring[(r->head + i) % WZ_RECORDER_QUEUE_MAX]);
        WZ_ASSERT(done == n && done <= r->count);
        r->head = (r->head + done) % WZ_RECORDER_QUEUE_MAX;
        r->count -= done;
        written += done;
        succeeded(r);
        maybe_checkpoint(r, 1);
    }
    return written;
}

int wz_recorder_record(wz_recorder *r, const wz_event *ev)
{
    if (!r || !ev) return -1;
    qev q;
    qev_fill(r, &q, ev);
    if (ev->kind == WZ_EV_SESSION_START) follow_path(r); /* once a visit: one stat() */
    if (r->count == 0 && r->db && wz_now_ms() >= r->next_try_ms) {
        int rc = insert(r, &q);
        if (rc == SQLITE_OK) {
            qev_free(&q);
            succeeded(r);
            /* A visit just ended: the quiet moment for the daily prune and the checkpoint. */
            int between = ev->kind == WZ_EV_SESSION_END;
            if (between && r->retention_days && wz_now_ms() >= r->next_prune_ms) prune_now(r);
            maybe_checkpoint(r, between);
            return 0;
        }
        if (classify(rc) == FAIL_POISON) {
            wz_log_warn("events", "dropped an event the database refused: %s",
                        sqlite3_errmsg(r->db));
            qev_free(&q);
            return -1;
        }
        failed(r, sqlite3_extended_errcode(r->db) ? sqlite3_extended_errcode(r->db) : rc);
    }
    if (r->count >= WZ_RECORDER_QUEUE_MAX) {
        if (r->dropped++ % 1000 == 0)
            wz_log_error("events", "the statistics queue is full (%d events): dropping new ones",
                         WZ_RECORDER_QUEUE_MAX);
        qev_free(&q);
        return -1;
    }
    if (!r->ring) r->ring = wz_xcalloc(WZ_RECORDER_QUEUE_MAX, sizeof *r->ring);
    WZ_ASSERT(r->head >= 0 && r->head < WZ_RECORDER_QUEUE_MAX && r->count >= 0 &&
              r->count < WZ_RECORDER_QUEUE_MAX);
    r->ring[(r->head + r->count) % WZ_RECORDER_QUEUE_MAX] = q;
    r->count++;
    if (r->count > 1 || !r->db) wz_recorder_flush(r); /* older ones first, if allowed now */
    return r->count == 0 ? 0 : 1;
}

int wz_recorder_pending(const wz_recorder *r)
{
    return r ? r->count : 0;
}

int wz_recorder_health(const wz_recorder *r, char **err)
{
    if (!r || !r->last_error) return 0;
    return wz_fail(err, "%s", r->last_error);
}

long long wz_recorder_dropped(const wz_recorder *r)
{
    return r ? r->dropped : 0;
}

struct sqlite3 *wz_recorder_db(wz_recorder *r)
{
    return r ? r->db : NULL;
}

void wz_recorder_destroy(wz_recorder *r)
{
    if (!r) return;
    if (r->count) {
        r->next_try_ms = 0;
        wz_recorder_flush(r);
        if (r->count)
            wz_log_error("events", "%d statistics events could not be written before exit",
                         r->count);
    }
    for (int i = 0; i < r->count; i++)
        qev_free(&r->ring[(r->head + i) % WZ_RECORDER_QUEUE_MAX]);
    free(r->ring);
    disconnect(r);
    free(r->last_error);
    free(r->session_audience);
    free(r->path);
    free(r);
}

/* ---- pruning ---- */

int wz_recorder_prune_before(sqlite3 *db, const char *cutoff_day, char **err)
{
    char(*days)[11] = NULL;
    wz_totals **tallies = NULL;
    int total = 0, n = 0, cap = 0;
    sqlite3_stmt *list = NULL, *base = NULL, *del = NULL;
    if (sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK) goto dberr;
    if (sqlite3_prepare_v2(db, "SELECT DISTINCT day FROM events WHERE day < ?1 ORDER BY day", -1,
                           &list, NULL) != SQLITE_OK)
        goto dberr;
    sqlite3_bind_text(list, 1, cutoff_day, -1, SQLITE_STATIC);
    int rc;
    while ((rc = sqlite3_step(list)) == SQLITE_ROW) {
        if (n == cap) {
            cap = cap ? cap * 2 : 32;
            days = wz_xrealloc(days, (size_t)cap * sizeof *days);
        }
        snprintf(days[n++], 11, "%s", (const char *)sqlite3_column_text(list, 0));
    }
    if (rc != SQLITE_DONE) goto dberr;
    if (sqlite3_prepare_v2(db, "INSERT OR REPLACE INTO day_base(day, doc) VALUES (?1, ?2)", -1,
                           &base, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(db, "DELETE FROM events WHERE day < ?1", -1, &del, NULL) != SQLITE_OK)
        goto dberr;
    /* Each day's whole aggregate (earlier base included) becomes its new base; counted in
     * one pass when there are many days (the first prune of a long-running kiosk). */
    tallies = wz_xcalloc((size_t)(n ? n : 1), sizeof *tallies);
    for (int i = 0; i < n; i++)
        tallies[i] = wz_totals_create();
    if (wz_aggregate_many_into(db, days, n, tallies, err) != 0) goto fail;
    for (int i = 0; i < n; i++) {
        char *json = wz_snapshot_json(tallies[i], WZ_AGGREGATE_LOCAL_ID, NULL, days[i], 1);
        sqlite3_reset(base);
        sqlite3_bind_text(base, 1, days[i], -1, SQLITE_STATIC);
        sqlite3_bind_text(base, 2, json, -1, SQLITE_TRANSIENT);
        rc = sqlite3_step(base);
        free(json);
        if (rc != SQLITE_DONE) goto dberr;
    }
    sqlite3_bind_text(del, 1, cutoff_day, -1, SQLITE_STATIC);
    if (sqlite3_step(del) != SQLITE_DONE) goto dberr;
    total = sqlite3_changes(db);
    if (sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) goto dberr;
    goto out;
dberr:
    if (err) *err = wz_xasprintf("pruning old events: %s", sqlite3_errmsg(db));
fail:
    if (!sqlite3_get_autocommit(db)) sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
    total = -1;
out:
    sqlite3_finalize(list);
    sqlite3_finalize(base);
    sqlite3_finalize(del);
    for (int i = 0; tallies && i < n; i++)
        wz_totals_destroy(tallies[i]);
    free(tallies);
    free(days);
    return total;
}

int wz_recorder_prune(const char *db_path, int days, char **err)
{
    if (days < 1) days = 1;
    sqlite3 *db = NULL;
    if (wz_db_open(db_path, &db, err) != 0) return -1;
    time_t cut = time(NULL) - (time_t)days * 86400;
    struct tm tm;
    char day[11] = "1970-01-01";
    if (localtime_r(&cut, &tm)) strftime(day, sizeof day, "%Y-%m-%d", &tm);
    int n = wz_recorder_prune_before(db, day, err);
    if (n > 0) {
        wz_log_info("events", "deleted %d raw events from before %s (their totals are kept)", n,
                    day);
    }
    wz_db_close(db);
    return n;
}

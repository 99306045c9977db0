/*
 * wz_collect: the collector's request handling without the HTTP server, so the parsing
 * can be fuzzed and tested on its own (docs/upload-protocol.md).
 *
 * Parsing (wz_collect_parse) is pure: bytes in, a request or an error with its HTTP status
 * out. Nothing from the network is trusted: sizes, depth, string lengths and counts are
 * bounded before anything is stored, and each snapshot is re-serialised to one canonical
 * form. Storage (wz_collect_store) applies a whole request in one transaction, upserting by
 * (kiosk_id, instance, day) and keeping the highest revision; the caller answers 2xx only
 * when it returns 0, that is after COMMIT.
 */
#ifndef WZ_COLLECT_H
#define WZ_COLLECT_H

#include <cjson/cJSON.h>
#include <sqlite3.h>
#include <stddef.h>
#include <time.h>

#define WZ_COLLECT_MAX_BODY (2u * 1024u * 1024u) /* bytes in one POST body */
#define WZ_COLLECT_MAX_SNAPSHOTS 400             /* snapshots in one request */
#define WZ_COLLECT_MAX_DEPTH 8                   /* JSON nesting inside a snapshot */
#define WZ_COLLECT_MAX_STRING 256                /* bytes in any string value or key */
#define WZ_COLLECT_MAX_ARRAY 2000                /* elements in any array of a snapshot */
#define WZ_COLLECT_MAX_COUNT 10000000LL          /* any number in a snapshot */
#define WZ_COLLECT_MAX_VISITS 100000LL           /* visits by one kiosk in one day */
#define WZ_COLLECT_MIN_DAY "2020-01-01"          /* earliest plausible day */
#define WZ_COLLECT_FUTURE_DAYS 2                 /* how far past "today" a day may be */
#define WZ_COLLECT_MAX_INSTANCES 8               /* database files per kiosk and day */

typedef struct wz_collect_snapshot {
    char day[11];
    char instance[33]; /* "" when the snapshot has none */
    long long revision;
    char *body; /* canonical JSON of the snapshot; owned */
} wz_collect_snapshot;

typedef struct wz_collect_request {
    char kiosk_id[65];
    int count;
    wz_collect_snapshot *snaps; /* owned */
} wz_collect_request;

/* The answer to a refused request: what the protocol sends back (status, snapshot index,
 * code, words), so it is a struct rather than the project's usual char **err message.
 * The message never carries a database's own words: those go to detail, for the log. */
typedef struct wz_collect_error {
    int status;        /* HTTP status to answer */
    int index;         /* which snapshot (0-based) caused it, or -1 for the request */
    char code[32];     /* short machine word, e.g. "bad_json" */
    char message[256]; /* in words, sent to the client */
    char detail[160];  /* for the collector's log only (a database's own words), or "" */
} wz_collect_error;

/* Fills err (when not NULL) with an HTTP status, the index of the snapshot at fault
 * (-1: the whole request), a short machine code and a message for the kiosk's log. */
void wz_collect_set_error(wz_collect_error *err, int status, int index, const char *code,
                          const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* Is s a valid kiosk id: 1..64 of [A-Za-z0-9_-]? */
int wz_collect_kiosk_id_ok(const char *s);
/* Is day a real calendar date "YYYY-MM-DD" between WZ_COLLECT_MIN_DAY and
 * now + WZ_COLLECT_FUTURE_DAYS (UTC)? */
int wz_collect_day_ok(const char *day, time_t now);

/*
 * Parses and validates one POST body. content_type may be NULL (then it is refused).
 * Returns 0 and a new request in *out (free with wz_collect_request_free), or -1 with
 * *err filled (status 400, 413, 415 or 422). `now` bounds plausible days.
 */
int wz_collect_parse(const char *body, size_t len, const char *content_type, time_t now,
                     wz_collect_request **out, wz_collect_error *err);
void wz_collect_request_free(wz_collect_request *r); /* accepts NULL */

/* Opens (creating) the collector's database: WAL, synchronous FULL, busy timeout.
 * Returns NULL with a new message in *errmsg (caller frees; errmsg may be NULL). */
sqlite3 *wz_collect_db_open(const char *path, char **errmsg);

/* The outcome of one snapshot in a stored request. */
typedef enum {
    WZ_COLLECT_STORED = 1, /* new, or a higher revision replaced the old one */
    WZ_COLLECT_UNCHANGED,  /* same revision and same content: already had it */
    WZ_COLLECT_OLDER       /* a higher revision is already stored: ignored */
} wz_collect_outcome;

/*
 * Upserts every snapshot of req in one transaction. Returns 0 after COMMIT with one
 * outcome per snapshot in outcomes[req->count] (may be NULL); or -1 after ROLLBACK with
 * *err: 409 when a snapshot has the revision already stored but different content,
 * 422 when it would be the kiosk's (WZ_COLLECT_MAX_INSTANCES + 1)th database instance
 * for that day, 503 when the database is busy, 500 for other database errors.
 */
int wz_collect_store(sqlite3 *db, const wz_collect_request *req, wz_collect_outcome *outcomes,
                     wz_collect_error *err);

/*
 * Group commit: applies n requests in ONE transaction, each under its own savepoint.
 * Returns how many were stored (errs[k].status == 0 for those, outcomes[k] filled when
 * outcomes is not NULL), or -1 when the transaction itself failed: then nothing is
 * stored and every errs[k] says why (503 busy, 500 otherwise). errs[k] for a refused
 * request is as for wz_collect_store.
 */
int wz_collect_store_batch(sqlite3 *db, wz_collect_request *const *reqs,
                           wz_collect_outcome *const *outcomes, wz_collect_error *errs, int n);

/* A copy of a snapshot without its optional public facts ("site", "scenario_info"), as
 * wz_snapshot_validate and wz_totals take it. Caller cJSON_Deletes it. */
cJSON *wz_collect_counts_only(const cJSON *snapshot);

/* Renders the answer to a stored request: a new JSON string the caller frees. */
char *wz_collect_ok_json(const wz_collect_request *req, const wz_collect_outcome *outcomes);
/* Renders an error body {"error":code,"message":...,"index":i}: new string, caller frees. */
char *wz_collect_error_json(const wz_collect_error *err);

/* Constant-time comparison of a presented token with the expected one. 1 when equal. */
int wz_collect_token_eq(const char *presented, size_t presented_len, const char *expected);

#endif

/*
 * wz_upload: sending the outbox's per-day snapshots to the collector, as one pass
 * (wz-stats upload) or in the kiosk's worker thread. The rules are docs/upload-protocol.md:
 * batches of the oldest days within a bounded request; 2xx acknowledges, temporary
 * failures retry later (Retry-After honoured up to a day), other 4xx set aside (never
 * delete), 401/403 pause. TLS verification is always on; plain http only to loopback; no
 * attempt while the clock is before the build date. The token file must be mode 0600 and
 * is never logged. The worker keeps its own connection, backs off with full jitter on the
 * monotonic clock, sends at most 15 requests a minute, and its status is read by copy.
 */
#ifndef WZ_UPLOAD_H
#define WZ_UPLOAD_H

#include "wz_config.h"

#include <stdatomic.h>
#include <stddef.h>
#include <time.h>

struct sqlite3;

#define WZ_UPLOAD_MAX_BATCH_BYTES (1024u * 1024u) /* one request body */
#define WZ_UPLOAD_MAX_BATCH_SNAPSHOTS 200         /* snapshots in one request */
#define WZ_UPLOAD_RESPONSE_MAX (64u * 1024u)      /* bytes of an answer we keep */
#define WZ_UPLOAD_TOKEN_MAX 4096                  /* bytes in the token file */
#define WZ_UPLOAD_RETRY_AFTER_MAX_S (24 * 3600)   /* Retry-After is honoured up to this */

typedef struct wz_upload_opts {
    const char *url;        /* https://host/v1/snapshots (http:// only to loopback) */
    const char *token_file; /* mode 0600; NULL: no Authorization header */
    const char *ca_file;    /* NULL: the system's CA bundle */
    const char *proxy;      /* NULL: none (libcurl still reads the usual variables) */
    const char *kiosk_id;
    long connect_timeout_s;  /* 0: 15 */
    long timeout_s;          /* whole request; 0: 60 */
    long low_speed_bytes;    /* abort below this many bytes/s ... 0: 64 */
    long low_speed_time_s;   /* ... for this long; 0: 20 */
    size_t max_batch_bytes;  /* 0: WZ_UPLOAD_MAX_BATCH_BYTES */
    int max_batch_snapshots; /* 0: WZ_UPLOAD_MAX_BATCH_SNAPSHOTS */
    int max_requests;        /* requests this pass may make; 0: no limit */
    time_t now;              /* wall clock for the clock check; 0: time(NULL) */
    const atomic_int *abort; /* non-zero stops a transfer within about 0.1 s */
} wz_upload_opts;

typedef enum {
    WZ_UPLOAD_DONE = 0, /* nothing left to send (all acknowledged or set aside) */
    WZ_UPLOAD_MORE,     /* the request budget ran out with snapshots still pending */
    WZ_UPLOAD_RETRY,    /* a temporary failure: try again later */
    WZ_UPLOAD_PAUSED,   /* 401/403: no uploads until the configuration changes */
    WZ_UPLOAD_CLOCK,    /* the wall clock is before the build date: TLS not tried */
    WZ_UPLOAD_CONFIG,   /* cannot try: no address, bad address or unusable token file */
    WZ_UPLOAD_LOCAL,    /* the local database failed */
    WZ_UPLOAD_ABORTED   /* stopped through opts.abort */
} wz_upload_outcome;

typedef struct wz_upload_result {
    wz_upload_outcome outcome;
    int requests;            /* POSTs made */
    int acked;               /* snapshots acknowledged and committed */
    int set_aside;           /* snapshots refused for good this pass */
    int pending;             /* still pending at the end (-1: unknown) */
    long http_status;        /* of the last answer; 0: none */
    long long retry_after_s; /* from the last answer, capped; -1: none */
} wz_upload_result;

/* Runs one pass on db (the caller's connection). Returns 0 when the outcome is DONE or
 * MORE, -1 otherwise; r says what happened. *err gets the last problem in words (caller
 * frees): always on failure, and on success when snapshots were set aside or the batches
 * had to shrink. Does not sleep or retry by itself. */
int wz_upload_pass(struct sqlite3 *db, const wz_upload_opts *o, wz_upload_result *r, char **err);
const char *wz_upload_outcome_name(wz_upload_outcome oc);

/* Reads the bearer token: the file must be a regular file that only its owner can read
 * (mode 0600 or 0400), hold 1..WZ_UPLOAD_TOKEN_MAX printable ASCII characters (one line).
 * Returns 0 and a new string in *token (caller frees), or -1 with *err. */
int wz_upload_read_token(const char *path, char **token, char **err);

/* What an answer body says, read by wz_upload_parse_answer (bytes from the network: any
 * input is safe, including non-JSON, truncated or hostile text). */
typedef struct wz_upload_answer {
    int confirms;        /* {"status":"ok","results":[n entries]}: all n were stored */
    int collector_error; /* the collector's own error document ({"error": "...", ...}) */
    int index;           /* the snapshot an error names ("index"), or -1 */
    char message[301];   /* the error's "message", cut; "" when none */
} wz_upload_answer;
/* Reads body[0..len) as the answer to a batch of n snapshots. */
void wz_upload_parse_answer(const char *body, size_t len, int n, wz_upload_answer *a);
/* Opens libcurl and sets up its global state, once (any thread; every entry point here
 * calls it). Returns 0, or -1 with *err in words when libcurl cannot be loaded. */
int wz_upload_curl_init(char **err);
/* 0 when url may be used (https://, or http:// to this computer only), with *is_https
 * set; -1 and *err in words otherwise. */
int wz_upload_url_allowed(const char *url, int *is_https, char **err);
/* A libcurl failure (rc a CURLcode, detail its error buffer or NULL) in words a technician
 * can act on: a new string the caller frees. */
char *wz_upload_curl_words(int rc, const char *detail, const char *ca_file);
/* The options every request of the kiosk sets (the upload, the staff alert): its user
 * agent, http/https only, no redirects, certificates always verified (ca_file: an extra
 * CA, or NULL), no signals; a proxy only for https (is_https 0: loopback, where a proxy
 * would see the token in clear). curl is a CURL *. */
void wz_upload_curl_common(void *curl, int is_https, const char *ca_file, const char *proxy);
/* 1 when `now` is plausible (not before the build date WZ_BUILD_EPOCH). */
int wz_upload_clock_ok(time_t now);
/* Back-off with full jitter: a random delay in [1, min(max_s, base_s * 2^(failures-1))]
 * seconds, in milliseconds. `rnd` is a uniform random 64-bit number. */
long long wz_upload_backoff_ms(int failures, int base_s, int max_s, unsigned long long rnd);

/* ---- The kiosk's worker thread ---- */

typedef enum {
    WZ_UPLOAD_OFF = 0,       /* no upload_url configured */
    WZ_UPLOAD_STARTING,      /* waiting out the random start-up delay */
    WZ_UPLOAD_IDLE,          /* all sent; next refresh after upload_interval_s */
    WZ_UPLOAD_SENDING,       /* a pass is running */
    WZ_UPLOAD_BACKOFF,       /* a failure; retrying later */
    WZ_UPLOAD_STOPPED_PAUSED /* 401/403; waiting for the configuration to change */
} wz_upload_state;

typedef struct wz_upload_status {
    wz_upload_state state;
    time_t last_success;     /* wall time of the last pass that sent everything; 0 never */
    int pending;             /* snapshots waiting (-1 unknown) */
    int set_aside_total;     /* snapshots refused for good since start */
    int failures;            /* consecutive failed passes */
    long long next_try_ms;   /* in how many ms the next pass starts (approximate) */
    char last_error[400];    /* in words; "" when the last pass went well */
    char paused_reason[200]; /* why uploads are paused; "" when not */
} wz_upload_status;

typedef struct wz_upload_worker_opts {
    int start_delay_max_s; /* random delay 0..this before the first pass */
    int interval_s;        /* between passes when all is well */
    int backoff_base_s;    /* first retry delay cap (30) */
    int backoff_max_s;     /* largest retry delay cap (3600) */
    int max_per_minute;    /* requests in any 60 s (15) */
    long timeout_s;        /* per request (0: wz_upload default) */
} wz_upload_worker_opts;

typedef struct wz_upload_worker wz_upload_worker;

/* Fills opts from the configuration (upload_interval_s, upload_start_jitter_s) and the
 * protocol's defaults (30 s .. 1 h back-off, 15 requests a minute). */
void wz_upload_worker_opts_from_config(wz_upload_worker_opts *o, const wz_config *cfg);
/* Starts the thread. Copies what it needs from cfg; db_path is opened by the thread.
 * Returns NULL (and says why in the log) when upload_url is not set or the thread cannot
 * start: the kiosk simply runs without uploads. */
wz_upload_worker *wz_upload_worker_start(const wz_config *cfg, const char *db_path,
                                         const wz_upload_worker_opts *opts);
/* Asks for a pass soon (new data, or staff pressed "upload now"). Ends an ordinary wait
 * but not a back-off or Retry-After wait, and the rate limit still holds. Never blocks. */
void wz_upload_worker_wake(wz_upload_worker *w);
/* Copies the current status (thread-safe, never blocks on the network). */
void wz_upload_worker_status(wz_upload_worker *w, wz_upload_status *out);
/* Stops the thread, aborting a transfer in progress, and waits up to timeout_ms.
 * Returns 0 when it ended in time, 1 when it was left to finish alone (it then frees
 * itself). w is invalid afterwards either way. Accepts NULL. */
int wz_upload_worker_stop(wz_upload_worker *w, int timeout_ms);

#endif

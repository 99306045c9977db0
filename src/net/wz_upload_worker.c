/*
 * wz_upload_worker: the kiosk's upload thread (see wz_upload.h).
 *
 * The thread owns its SQLite connection and curl handles; it shares with the UI only this
 * struct, whose mutable fields sit behind one mutex (status, wake) or are atomics (stop).
 * It waits on a condition variable bound to CLOCK_MONOTONIC, so a wall clock that jumps
 * cannot stretch or skip a wait. Stopping sets an atomic flag the transfer loop checks
 * every 100 ms; a thread that still has not ended by the caller's deadline (a slow disk
 * under SQLite) is left to end alone and frees itself.
 */
#include "wz_upload.h"

#include "wz_db.h"
#include "wz_outbox.h"
#include "wz_util.h"

#include <sqlite3.h>
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define RATE_WINDOW_MS 60000LL

struct wz_upload_worker {
    /* Fixed at start. */
    char *url, *token_file, *ca_file, *proxy, *kiosk_id, *db_path;
    wz_upload_worker_opts opts;
    pthread_t thread;
    /* Shared. */
    pthread_mutex_t mu;
    pthread_cond_t cv;
    atomic_int stop;
    int wake;                /* under mu */
    int finished;            /* under mu: the thread has returned from its loop */
    int abandoned;           /* under mu: stop() gave up waiting; the thread frees w */
    wz_upload_status status; /* under mu */
    /* Thread-only. */
    long long sent_at[64]; /* monotonic ms of recent requests (ring) */
    int sent_n, sent_head;
    unsigned long long rng;
};

static void wlog(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void wlog(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("wz-upload: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

static unsigned long long next_rand(wz_upload_worker *w)
{
    /* xorshift64*: plenty for spreading retries; seeded from wz_random_bytes. */
    w->rng ^= w->rng >> 12;
    w->rng ^= w->rng << 25;
    w->rng ^= w->rng >> 27;
    return w->rng * 2685821657736338717ULL;
}

void wz_upload_worker_opts_from_config(wz_upload_worker_opts *o, const wz_config *cfg)
{
    memset(o, 0, sizeof *o);
    o->start_delay_max_s =
        cfg && cfg->upload_start_jitter_s >= 0 ? cfg->upload_start_jitter_s : 120;
    o->interval_s = cfg && cfg->upload_interval_s > 0 ? cfg->upload_interval_s : 300;
    o->backoff_base_s = 30;
    o->backoff_max_s = 3600;
    o->max_per_minute = 15;
}

static void set_state(wz_upload_worker *w, wz_upload_state st, long long next_ms)
{
    pthread_mutex_lock(&w->mu);
    w->status.state = st;
    w->status.next_try_ms = next_ms;
    pthread_mutex_unlock(&w->mu);
}

/*
 * Waits ms milliseconds on the monotonic clock, or until stop, or (when wakeable) until
 * wake. Returns 1 when stopping.
 */
static int wait_ms(wz_upload_worker *w, long long ms, int wakeable)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    long long ns = (long long)ts.tv_nsec + (ms % 1000) * 1000000LL;
    ts.tv_sec += (time_t)(ms / 1000 + ns / 1000000000LL);
    ts.tv_nsec = (long)(ns % 1000000000LL);
    pthread_mutex_lock(&w->mu);
    while (!atomic_load(&w->stop) && !(wakeable && w->wake)) {
        if (pthread_cond_timedwait(&w->cv, &w->mu, &ts) == ETIMEDOUT) break;
    }
    if (wakeable) w->wake = 0;
    pthread_mutex_unlock(&w->mu);
    return atomic_load(&w->stop) != 0;
}

/* Requests still allowed in the current minute, and when the next one frees up. */
static int rate_budget(wz_upload_worker *w, long long now, long long *free_in_ms)
{
    int max = w->opts.max_per_minute > 0 ? w->opts.max_per_minute : 15;
    if (max > (int)WZ_ARRAY_LEN(w->sent_at)) max = (int)WZ_ARRAY_LEN(w->sent_at);
    int used = 0;
    long long oldest = now;
    for (int i = 0; i < w->sent_n; i++) {
        long long t = w->sent_at[i];
        if (now - t < RATE_WINDOW_MS) {
            used++;
            if (t < oldest) oldest = t;
        }
    }
    *free_in_ms = used >= max ? RATE_WINDOW_MS - (now - oldest) + 1 : 0;
    return max - used;
}

static void note_requests(wz_upload_worker *w, int n, long long now)
{
    for (int i = 0; i < n; i++) {
        w->sent_at[w->sent_head] = now;
        w->sent_head = (w->sent_head + 1) % (int)WZ_ARRAY_LEN(w->sent_at);
        if (w->sent_n < (int)WZ_ARRAY_LEN(w->sent_at)) w->sent_n++;
    }
    WZ_ASSERT(w->sent_head >= 0 && w->sent_head < (int)WZ_ARRAY_LEN(w->sent_at));
}

/* What the pause waits to see change: the token file's identity and contents. */
static unsigned long long config_fingerprint(const wz_upload_worker *w)
{
    unsigned long long h = WZ_HASH_INIT;
    struct stat st;
    char *data = NULL;
    size_t len = 0;
    if (w->token_file && stat(w->token_file, &st) == 0) {
        h = wz_hash(h, &st.st_mtime, sizeof st.st_mtime);
        h = wz_hash(h, &st.st_ino, sizeof st.st_ino);
        if (wz_read_file(w->token_file, WZ_UPLOAD_TOKEN_MAX, &data, &len) == 0) {
            h = wz_hash(h, data, len);
            memset(data, 0, len);
            free(data);
        }
    }
    return h;
}

/* Is the file at path still the one opened as (dev, ino)? The recorder moves a damaged
 * database aside and starts a new one at the same path; a connection kept on the old file
 * would go on refreshing and sending it, and never the new visits. */
static int same_file(const char *path, dev_t dev, ino_t ino)
{
    struct stat sb;
    return stat(path, &sb) == 0 && sb.st_dev == dev && sb.st_ino == ino;
}

static void worker_free(wz_upload_worker *w)
{
    pthread_mutex_destroy(&w->mu);
    pthread_cond_destroy(&w->cv);
    free(w->url);
    free(w->token_file);
    free(w->ca_file);
    free(w->proxy);
    free(w->kiosk_id);
    free(w->db_path);
    free(w);
}

/* The thread's own state between passes. */
typedef struct run_state {
    sqlite3 *db;
    dev_t db_dev;
    ino_t db_ino;
    int failures, paused;
    unsigned long long paused_fp;
} run_state;

static void set_error(wz_upload_worker *w, const char *msg)
{
    pthread_mutex_lock(&w->mu);
    snprintf(w->status.last_error, sizeof w->status.last_error, "%s", msg);
    pthread_mutex_unlock(&w->mu);
}

/* Opens the database (again, when the file was replaced). Returns 0, or -1 after noting
 * the failure and the back-off in the status; *wait_for is how long to wait then. */
static int ensure_db(wz_upload_worker *w, run_state *s, long long *wait_for)
{
    if (s->db && !same_file(w->db_path, s->db_dev, s->db_ino)) {
        wlog("%s was replaced (a damaged file moved aside?): opening the new one", w->db_path);
        wz_db_close(s->db);
        s->db = NULL;
    }
    if (s->db) return 0;
    char *err = NULL;
    if (wz_db_open(w->db_path, &s->db, &err) == 0) {
        struct stat sb;
        if (stat(w->db_path, &sb) == 0) {
            s->db_dev = sb.st_dev;
            s->db_ino = sb.st_ino;
        }
        return 0;
    }
    wlog("cannot open %s: %s", w->db_path, err ? err : "?");
    char *msg = wz_xasprintf("the statistics database cannot be opened: %s", err ? err : "?");
    set_error(w, msg);
    free(msg);
    free(err);
    s->db = NULL;
    s->failures++;
    *wait_for = wz_upload_backoff_ms(s->failures, w->opts.backoff_base_s, w->opts.backoff_max_s,
                                     next_rand(w));
    set_state(w, WZ_UPLOAD_BACKOFF, *wait_for);
    return -1;
}

/* After 401/403: stays paused while the token file is unchanged. Returns 1 while paused. */
static int still_paused(wz_upload_worker *w, run_state *s)
{
    if (!s->paused) return 0;
    if (config_fingerprint(w) == s->paused_fp) {
        set_state(w, WZ_UPLOAD_STOPPED_PAUSED, (long long)w->opts.interval_s * 1000);
        return 1;
    }
    wlog("the token file changed: uploads resume");
    s->paused = 0;
    s->failures = 0;
    pthread_mutex_lock(&w->mu);
    w->status.paused_reason[0] = '\0';
    pthread_mutex_unlock(&w->mu);
    return 0;
}

/* Runs one pass within the rate budget and publishes what happened. Returns how long to
 * wait before the next one, -1 when the pass was aborted; *wakeable says whether a wake
 * may end that wait. */
static long long one_pass(wz_upload_worker *w, run_state *s, int budget, int *wakeable)
{
    wz_upload_opts o = {
        .url = w->url,
        .token_file = w->token_file,
        .ca_file = w->ca_file,
        .proxy = w->proxy,
        .kiosk_id = w->kiosk_id,
        .timeout_s = w->opts.timeout_s,
        .max_requests = budget,
        .abort = &w->stop,
    };
    wz_upload_result r;
    char *msg = NULL;
    WZ_ASSERT(budget > 0 && s->db != NULL && !s->paused);
    set_state(w, WZ_UPLOAD_SENDING, 0);
    wz_upload_pass(s->db, &o, &r, &msg);
    note_requests(w, r.requests, wz_now_ms());
    const char *words = msg ? msg : "";
    if (r.set_aside) wlog("%s", words);

    long long next_ms = (long long)w->opts.interval_s * 1000;
    wz_upload_state st = WZ_UPLOAD_IDLE;
    *wakeable = 0;
    switch (r.outcome) {
    case WZ_UPLOAD_DONE:
        s->failures = 0;
        *wakeable = 1;
        break;
    case WZ_UPLOAD_MORE:
        s->failures = 0;
        rate_budget(w, wz_now_ms(), &next_ms);
        st = WZ_UPLOAD_SENDING;
        break;
    case WZ_UPLOAD_ABORTED:
        free(msg);
        return -1;
    case WZ_UPLOAD_PAUSED:
        s->paused = 1;
        s->paused_fp = config_fingerprint(w);
        wlog("%s", words);
        st = WZ_UPLOAD_STOPPED_PAUSED;
        *wakeable = 1;
        break;
    default: /* RETRY, CLOCK, CONFIG, LOCAL */
        s->failures++;
        next_ms = wz_upload_backoff_ms(s->failures, w->opts.backoff_base_s, w->opts.backoff_max_s,
                                       next_rand(w));
        if (r.retry_after_s > 0 && r.retry_after_s * 1000 > next_ms)
            next_ms = r.retry_after_s * 1000;
        st = WZ_UPLOAD_BACKOFF;
        wlog("%s (attempt %d; next try in %lld s)", words, s->failures, next_ms / 1000);
        break;
    }
    int ok = r.outcome == WZ_UPLOAD_DONE || r.outcome == WZ_UPLOAD_MORE;
    pthread_mutex_lock(&w->mu);
    w->status.state = st;
    w->status.next_try_ms = next_ms;
    w->status.pending = r.pending;
    w->status.failures = s->failures;
    w->status.set_aside_total += r.set_aside;
    if (r.outcome == WZ_UPLOAD_DONE) w->status.last_success = time(NULL);
    snprintf(w->status.last_error, sizeof w->status.last_error, "%s",
             ok && !r.set_aside ? "" : words);
    if (r.outcome == WZ_UPLOAD_PAUSED)
        snprintf(w->status.paused_reason, sizeof w->status.paused_reason, "%.199s", words);
    pthread_mutex_unlock(&w->mu);
    free(msg);
    return next_ms;
}

static void *run(void *arg)
{
    wz_upload_worker *w = arg;
    run_state s = {0};
    long long delay =
        w->opts.start_delay_max_s > 0
            ? (long long)(next_rand(w) %
                          ((unsigned long long)w->opts.start_delay_max_s * 1000ULL + 1))
            : 0;
    set_state(w, WZ_UPLOAD_STARTING, delay);
    int stop = delay && wait_ms(w, delay, 0);
    while (!stop && !atomic_load(&w->stop)) {
        long long wait_for = 0, free_in = 0;
        int wakeable = 0, budget;
        if (ensure_db(w, &s, &wait_for) < 0) {
            stop = wait_ms(w, wait_for, 0);
        } else if (still_paused(w, &s)) {
            stop = wait_ms(w, (long long)w->opts.interval_s * 1000, 1);
        } else if ((budget = rate_budget(w, wz_now_ms(), &free_in)) <= 0) {
            set_state(w, WZ_UPLOAD_BACKOFF, free_in);
            stop = wait_ms(w, free_in, 0);
        } else if ((wait_for = one_pass(w, &s, budget, &wakeable)) < 0) {
            stop = 1;
        } else {
            stop = wait_ms(w, wait_for, wakeable);
        }
    }
    wz_db_close(s.db);
    pthread_mutex_lock(&w->mu);
    w->finished = 1;
    int abandoned = w->abandoned;
    pthread_cond_broadcast(&w->cv);
    pthread_mutex_unlock(&w->mu);
    if (abandoned) {
        /* Nobody waits for us any more: tidy up ourselves. */
        pthread_detach(pthread_self());
        worker_free(w);
    }
    return NULL;
}

wz_upload_worker *wz_upload_worker_start(const wz_config *cfg, const char *db_path,
                                         const wz_upload_worker_opts *opts)
{
    if (!cfg || !cfg->upload_url || !cfg->upload_url[0]) {
        wlog("no upload_url configured: statistics stay on this kiosk");
        return NULL;
    }
    wz_upload_worker *w = wz_xcalloc(1, sizeof *w);
    w->url = wz_xstrdup(cfg->upload_url);
    w->token_file = wz_xstrdup(cfg->token_file);
    w->ca_file = wz_xstrdup(cfg->ca_file);
    w->proxy = wz_xstrdup(cfg->proxy);
    w->kiosk_id = wz_xstrdup(cfg->kiosk_id);
    w->db_path = wz_xstrdup(db_path);
    if (opts)
        w->opts = *opts;
    else
        wz_upload_worker_opts_from_config(&w->opts, cfg);
    if (w->opts.interval_s <= 0) w->opts.interval_s = 300;
    if (w->opts.backoff_base_s <= 0) w->opts.backoff_base_s = 30;
    if (w->opts.backoff_max_s < w->opts.backoff_base_s) w->opts.backoff_max_s = 3600;
    wz_random_bytes(&w->rng, sizeof w->rng);
    if (!w->rng) w->rng = 88172645463325252ULL;
    w->status.pending = -1;
    atomic_init(&w->stop, 0);

    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_cond_init(&w->cv, &ca);
    pthread_condattr_destroy(&ca);
    pthread_mutex_init(&w->mu, NULL);
    if (pthread_create(&w->thread, NULL, run, w) != 0) {
        wlog("cannot start the upload thread");
        worker_free(w);
        return NULL;
    }
    return w;
}

void wz_upload_worker_wake(wz_upload_worker *w)
{
    if (!w) return;
    pthread_mutex_lock(&w->mu);
    w->wake = 1;
    pthread_cond_broadcast(&w->cv);
    pthread_mutex_unlock(&w->mu);
}

void wz_upload_worker_status(wz_upload_worker *w, wz_upload_status *out)
{
    if (!w) {
        memset(out, 0, sizeof *out);
        out->state = WZ_UPLOAD_OFF;
        out->pending = -1;
        return;
    }
    pthread_mutex_lock(&w->mu);
    *out = w->status;
    pthread_mutex_unlock(&w->mu);
}

int wz_upload_worker_stop(wz_upload_worker *w, int timeout_ms)
{
    if (!w) return 0;
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    long long ns = (long long)ts.tv_nsec + (long long)(timeout_ms % 1000) * 1000000LL;
    ts.tv_sec += (time_t)(timeout_ms / 1000 + ns / 1000000000LL);
    ts.tv_nsec = (long)(ns % 1000000000LL);

    pthread_mutex_lock(&w->mu);
    atomic_store(&w->stop, 1);
    pthread_cond_broadcast(&w->cv);
    while (!w->finished) {
        if (pthread_cond_timedwait(&w->cv, &w->mu, &ts) == ETIMEDOUT) break;
    }
    if (!w->finished) {
        w->abandoned = 1;
        pthread_mutex_unlock(&w->mu);
        wlog("the upload thread did not stop within %d ms; leaving it to finish", timeout_ms);
        return 1;
    }
    pthread_mutex_unlock(&w->mu);
    pthread_join(w->thread, NULL);
    worker_free(w);
    return 0;
}

/*
 * wz_alert_worker: the alert's threads (see wz_alert.h).
 *
 * One thread per configured channel, each with a small queue of alerts, so a command
 * that hangs never holds up the POST and the other way round. The UI thread only puts
 * facts in the queues (under the mutex) and signals; it never waits on a channel. The
 * once-a-minute rule is kept on the UI thread with the caller's clock. Waits are on a
 * condition variable bound to CLOCK_MONOTONIC. A POST that fails is retried after 1, 2,
 * 4 ... (at most 15) seconds until retry_window after the press; a newer alert waiting, or
 * the kiosk closing, ends the retries at once. Stopping first lets queued alerts go out
 * (grace), then sets an atomic flag that ends a transfer or a command within 0.1 s.
 */
#include "wz_alert.h"

#include "wz_log.h"
#include "wz_util.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LOG "alert"
#define RETRY_MAX_MS 15000

enum { CH_COMMAND = 0, CH_URL, CH_COUNT };

typedef struct channel {
    struct wz_alert *a;
    int on, started;
    int busy; /* under a->mu: an alert is going out */
    pthread_t thread;
    wz_alert_facts q[WZ_ALERT_QUEUE]; /* under a->mu */
    int qhead, qn;                    /* under a->mu */
} channel;

struct wz_alert {
    /* Fixed at start. */
    char *command, *url, *token_file, *ca_file, *proxy, *kiosk, *site;
    int command_timeout_ms, timeout_ms, retry_window_ms;
    channel ch[CH_COUNT];
    /* Shared. */
    pthread_mutex_t mu;
    pthread_cond_t cv;
    atomic_int stop;    /* end what is running now */
    int closing;        /* under mu: no new retries; leave when the queue is empty */
    wz_alert_status st; /* under mu */
    /* UI thread only. */
    long long last_raise_ms;
    int any_raised;
};

/* Deadline for a wait of ms from now on the monotonic clock. */
static struct timespec deadline_in(long long ms)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    long long ns = (long long)ts.tv_nsec + (ms % 1000) * 1000000LL;
    ts.tv_sec += (time_t)(ms / 1000 + ns / 1000000000LL);
    ts.tv_nsec = (long)(ns % 1000000000LL);
    return ts;
}

static void note(wz_alert *a, int ch, const wz_alert_facts *f, int ok, const char *words)
{
    pthread_mutex_lock(&a->mu);
    if (ok)
        a->st.delivered++;
    else
        a->st.failed++;
    char *dst = ch == CH_COMMAND ? a->st.command_result : a->st.url_result;
    snprintf(dst, sizeof a->st.command_result, "%s", words);
    if (f->seq == a->st.raised) /* an older alert's outcome says nothing of the latest */
        *(ch == CH_COMMAND ? &a->st.command_ok : &a->st.url_ok) = ok;
    a->st.serial++;
    pthread_mutex_unlock(&a->mu);
}

static void deliver_command(wz_alert *a, const wz_alert_facts *f)
{
    char *err = NULL;
    char **argv = wz_alert_command_argv(a->command, f, &err);
    if (argv && wz_alert_run_command(argv, a->command_timeout_ms, &a->stop, &err) == 0) {
        wz_log_info(LOG, "staff alert: the command %s ran", argv[0]);
        note(a, CH_COMMAND, f, 1, "the command ran");
    } else {
        wz_log_error(LOG, "staff alert: %s", err ? err : "the command failed");
        note(a, CH_COMMAND, f, 0, err ? err : "the command failed");
    }
    wz_config_command_free(argv);
    free(err);
}

/* Waits ms, or until stop, closing or a newer alert for ch. Returns 1 when the retries
 * should end. */
static int pause_retry(wz_alert *a, channel *c, long long ms)
{
    struct timespec ts = deadline_in(ms);
    pthread_mutex_lock(&a->mu);
    while (!atomic_load(&a->stop) && !a->closing && !c->qn)
        if (pthread_cond_timedwait(&a->cv, &a->mu, &ts) == ETIMEDOUT) break;
    int end = atomic_load(&a->stop) || a->closing || c->qn;
    pthread_mutex_unlock(&a->mu);
    return end;
}

static void deliver_url(wz_alert *a, channel *c, const wz_alert_facts *f)
{
    char *body = wz_alert_json(f);
    wz_alert_post_opts o = {.url = a->url,
                            .token_file = a->token_file,
                            .ca_file = a->ca_file,
                            .proxy = a->proxy,
                            .stop = &a->stop};
    long long give_up_at = f->pressed_ms + a->retry_window_ms;
    long long delay = 1000;
    for (int attempt = 1;; attempt++) {
        long long left = give_up_at - wz_now_ms();
        o.timeout_ms = WZ_MAX(1000, WZ_MIN((long long)a->timeout_ms, left));
        long status = 0;
        char *err = NULL;
        wz_alert_post_result r = wz_alert_post(&o, body, &status, &err);
        if (r == WZ_ALERT_SENT) {
            wz_log_info(LOG, "staff alert delivered to the staff address (HTTP %ld, attempt %d)",
                        status, attempt);
            note(a, CH_URL, f, 1, "delivered");
            free(err);
            break;
        }
        int end =
            r == WZ_ALERT_REFUSED || wz_now_ms() + delay >= give_up_at || pause_retry(a, c, delay);
        if (end) {
            char *why = wz_xasprintf("%s; given up after %d attempt%s", err ? err : "not sent",
                                     attempt, attempt == 1 ? "" : "s");
            wz_log_error(LOG, "staff alert not delivered to the staff address: %s", why);
            note(a, CH_URL, f, 0, why);
            free(why);
            free(err);
            break;
        }
        wz_log_warn(LOG, "staff alert: %s (attempt %d; trying again)", err ? err : "not sent",
                    attempt);
        free(err);
        delay = WZ_MIN(delay * 2, RETRY_MAX_MS);
    }
    free(body);
}

static void *run(void *arg)
{
    channel *c = arg;
    wz_alert *a = c->a;
    pthread_mutex_lock(&a->mu);
    for (;;) {
        while (!c->qn && !a->closing && !atomic_load(&a->stop))
            pthread_cond_wait(&a->cv, &a->mu);
        if (atomic_load(&a->stop) || !c->qn) break; /* stopping, or closing with nothing left */
        wz_alert_facts f = c->q[c->qhead];
        c->qhead = (c->qhead + 1) % WZ_ALERT_QUEUE;
        c->qn--;
        c->busy = 1;
        pthread_mutex_unlock(&a->mu);
        if (c == &a->ch[CH_COMMAND])
            deliver_command(a, &f);
        else
            deliver_url(a, c, &f);
        pthread_mutex_lock(&a->mu);
        c->busy = 0;
        pthread_cond_broadcast(&a->cv); /* wz_alert_stop may be waiting for this */
    }
    pthread_mutex_unlock(&a->mu);
    return NULL;
}

static void alert_free(wz_alert *a)
{
    pthread_mutex_destroy(&a->mu);
    pthread_cond_destroy(&a->cv);
    free(a->command);
    free(a->url);
    free(a->token_file);
    free(a->ca_file);
    free(a->proxy);
    free(a->kiosk);
    free(a->site);
    free(a);
}

wz_alert *wz_alert_start(const wz_config *cfg, char **err)
{
    if (err) *err = NULL;
    if (!cfg) return NULL;
    wz_alert *a = wz_xcalloc(1, sizeof *a);
    a->command = wz_xstrdup(cfg->alert_command);
    a->url = wz_xstrdup(cfg->alert_url);
    a->token_file = wz_xstrdup(cfg->alert_token_file);
    a->ca_file = wz_xstrdup(cfg->alert_ca_file);
    a->proxy = wz_xstrdup(cfg->proxy);
    a->kiosk = wz_xstrdup(cfg->kiosk_id ? cfg->kiosk_id : "unnamed-kiosk");
    a->site = wz_xstrdup(cfg->site ? cfg->site : "");
    a->command_timeout_ms =
        (cfg->alert_command_timeout_s > 0 ? cfg->alert_command_timeout_s : 5) * 1000;
    a->timeout_ms = (cfg->alert_timeout_s > 0 ? cfg->alert_timeout_s : 10) * 1000;
    a->retry_window_ms = (cfg->alert_retry_window_s > 0 ? cfg->alert_retry_window_s : 180) * 1000;
    atomic_init(&a->stop, 0);
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_cond_init(&a->cv, &ca);
    pthread_condattr_destroy(&ca);
    pthread_mutex_init(&a->mu, NULL);
    a->ch[CH_COMMAND].on = a->command != NULL;
    a->ch[CH_URL].on = a->url != NULL;
    int running = 0;
    for (int i = 0; i < CH_COUNT; i++) {
        channel *c = &a->ch[i];
        c->a = a;
        if (!c->on) continue;
        c->started = pthread_create(&c->thread, NULL, run, c) == 0;
        if (!c->started) {
            wz_log_error(LOG, "the staff alert's %s thread could not start",
                         i == CH_COMMAND ? "command" : "address");
            c->on = 0;
        }
        running += c->started;
    }
    a->st.command = a->ch[CH_COMMAND].on;
    a->st.url = a->ch[CH_URL].on;
    if (!running && (cfg->alert_command || cfg->alert_url)) {
        alert_free(a);
        wz_fail(err, "no staff alert channel could start");
        return NULL;
    }
    if (running)
        wz_log_info(LOG, "staff alerts on:%s%s", a->st.command ? " command" : "",
                    a->st.url ? " staff address" : "");
    return a;
}

int wz_alert_raise(wz_alert *a, const char *screen, time_t at, long long now_ms)
{
    if (!a) return 0;
    pthread_mutex_lock(&a->mu);
    a->st.presses++;
    int fold = a->any_raised && now_ms - a->last_raise_ms < WZ_ALERT_REPEAT_MS;
    if (!fold) {
        a->any_raised = 1;
        a->last_raise_ms = now_ms;
        a->st.raised++;
        memmove(&a->st.recent[1], &a->st.recent[0], (WZ_ALERT_RECENT - 1) * sizeof(time_t));
        a->st.recent[0] = at;
        wz_alert_facts f = {.at = at, .pressed_ms = wz_now_ms(), .seq = a->st.raised};
        a->st.command_ok = a->ch[CH_COMMAND].on ? -1 : 0;
        a->st.url_ok = a->ch[CH_URL].on ? -1 : 0;
        snprintf(f.kiosk, sizeof f.kiosk, "%s", a->kiosk);
        snprintf(f.site, sizeof f.site, "%s", a->site);
        snprintf(f.screen, sizeof f.screen, "%s", screen && *screen ? screen : "unknown");
        for (int i = 0; i < CH_COUNT; i++) {
            channel *c = &a->ch[i];
            if (!c->on) continue;
            if (c->qn == WZ_ALERT_QUEUE) { /* the oldest gives way: the newest matters most */
                c->qhead = (c->qhead + 1) % WZ_ALERT_QUEUE;
                c->qn--;
            }
            c->q[(c->qhead + c->qn) % WZ_ALERT_QUEUE] = f;
            c->qn++;
        }
        pthread_cond_broadcast(&a->cv);
    }
    pthread_mutex_unlock(&a->mu);
    const char *where = screen ? screen : "?";
    if (fold)
        wz_log_info(LOG,
                    "\"I'm worried\" pressed again on the %s screen: folded into the alert "
                    "raised less than a minute ago",
                    where);
    else if (a->st.command || a->st.url)
        wz_log_warn(LOG, "\"I'm worried\" pressed on the %s screen: staff alerted", where);
    else
        wz_log_warn(LOG,
                    "\"I'm worried\" pressed on the %s screen (no staff alert configured: the "
                    "visitor was asked to go to the front desk)",
                    where);
    return !fold;
}

int wz_alert_has_channel(wz_alert *a)
{
    return a && (a->ch[CH_COMMAND].on || a->ch[CH_URL].on);
}

int wz_alert_reaching_staff(wz_alert *a)
{
    if (!wz_alert_has_channel(a)) return 0;
    pthread_mutex_lock(&a->mu);
    int any = !a->st.raised || a->st.command_ok != 0 || a->st.url_ok != 0;
    pthread_mutex_unlock(&a->mu);
    return any;
}

void wz_alert_status_get(wz_alert *a, wz_alert_status *out)
{
    if (!a) {
        memset(out, 0, sizeof *out);
        return;
    }
    pthread_mutex_lock(&a->mu);
    *out = a->st;
    pthread_mutex_unlock(&a->mu);
}

/* Every queue empty and no channel delivering (under mu). */
static int all_idle(const wz_alert *a)
{
    for (int i = 0; i < CH_COUNT; i++)
        if (a->ch[i].qn || a->ch[i].busy) return 0;
    return 1;
}

void wz_alert_stop(wz_alert *a, int grace_ms)
{
    if (!a) return;
    struct timespec ts = deadline_in(grace_ms > 0 ? grace_ms : 0);
    pthread_mutex_lock(&a->mu);
    a->closing = 1; /* no new retries: what is queued goes out once */
    pthread_cond_broadcast(&a->cv);
    while (!all_idle(a))
        if (pthread_cond_timedwait(&a->cv, &a->mu, &ts) == ETIMEDOUT) break;
    if (!all_idle(a)) {
        wz_log_warn(LOG, "closing: a staff alert still going out after %d ms was ended", grace_ms);
        atomic_store(&a->stop, 1); /* ends a transfer or a command within 0.1 s */
        pthread_cond_broadcast(&a->cv);
    }
    pthread_mutex_unlock(&a->mu);
    for (int i = 0; i < CH_COUNT; i++)
        if (a->ch[i].started) pthread_join(a->ch[i].thread, NULL);
    alert_free(a);
}

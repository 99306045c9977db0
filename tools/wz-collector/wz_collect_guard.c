/*
 * wz_collect_guard: connection deadlines and eviction (see wz_collect_guard.h).
 * Every open connection has a record on a list, under one mutex shared by the HTTP
 * thread (which adds, changes and removes records) and the guard's own thread (which
 * only reads them and shuts sockets down).
 */
#include "wz_collect_guard.h"

#include "wz_collect_log.h"
#include "wz_util.h"

#include <pthread.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <time.h>

enum phase { HEADERS, REQUEST, HELD };

typedef struct rec {
    struct rec *prev, *next;
    int fd;
    enum phase phase;
    long long since_ms; /* when the current phase's deadline started */
    int cut;            /* already shut down */
} rec;

struct wz_collect_guard {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    rec *head; /* newest first */
    int open, soft_limit, stopping;
    long long cut, cut_logged;
    pthread_t thread;
};

static void cut(wz_collect_guard *g, rec *r)
{
    if (r->cut) return;
    r->cut = 1;
    g->cut++;
    shutdown(r->fd, SHUT_RDWR);
}

static void *run(void *arg)
{
    wz_collect_guard *g = arg;
    long long last_log = wz_now_ms();
    pthread_mutex_lock(&g->mu);
    while (!g->stopping) {
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        ts.tv_nsec += 200 * 1000000L;
        if (ts.tv_nsec >= 1000000000L) {
            ts.tv_sec++;
            ts.tv_nsec -= 1000000000L;
        }
        pthread_cond_timedwait(&g->cv, &g->mu, &ts);
        long long now = wz_now_ms();
        for (rec *r = g->head; r; r = r->next) {
            long long limit = r->phase == HEADERS   ? WZ_COLLECT_HEADER_S * 1000LL
                              : r->phase == REQUEST ? WZ_COLLECT_REQUEST_S * 1000LL
                                                    : -1;
            if (limit >= 0 && now - r->since_ms > limit) cut(g, r);
        }
        if (g->cut > g->cut_logged && now - last_log > 60000) {
            wz_collect_log("closed %lld connection(s) that were too slow, or oldest when all "
                           "places were taken",
                           g->cut - g->cut_logged);
            g->cut_logged = g->cut;
            last_log = now;
        }
    }
    pthread_mutex_unlock(&g->mu);
    return NULL;
}

wz_collect_guard *wz_collect_guard_start(int soft_limit, char **err)
{
    wz_collect_guard *g = wz_xcalloc(1, sizeof *g);
    g->soft_limit = soft_limit;
    pthread_mutex_init(&g->mu, NULL);
    pthread_cond_init(&g->cv, NULL);
    if (pthread_create(&g->thread, NULL, run, g) != 0) {
        if (err) *err = wz_xstrdup("cannot start the connection guard's thread");
        pthread_mutex_destroy(&g->mu);
        pthread_cond_destroy(&g->cv);
        free(g);
        return NULL;
    }
    return g;
}

void wz_collect_guard_stop(wz_collect_guard *g)
{
    if (!g) return;
    pthread_mutex_lock(&g->mu);
    g->stopping = 1;
    pthread_cond_signal(&g->cv);
    pthread_mutex_unlock(&g->mu);
    pthread_join(g->thread, NULL);
    for (rec *r = g->head, *n; r; r = n) {
        n = r->next;
        free(r);
    }
    pthread_mutex_destroy(&g->mu);
    pthread_cond_destroy(&g->cv);
    free(g);
}

/* A newcomer over the soft limit: the oldest connection still waiting for headers goes. */
static void make_room(wz_collect_guard *g, const rec *newcomer)
{
    rec *oldest = NULL;
    for (rec *r = g->head; r; r = r->next)
        if (r != newcomer && r->phase == HEADERS && !r->cut &&
            (!oldest || r->since_ms <= oldest->since_ms))
            oldest = r;
    if (oldest) cut(g, oldest);
}

void wz_collect_guard_notify(void *cls, struct MHD_Connection *c, void **socket_context,
                             enum MHD_ConnectionNotificationCode code)
{
    wz_collect_guard *g = cls;
    if (code == MHD_CONNECTION_NOTIFY_STARTED) {
        const union MHD_ConnectionInfo *ci =
            MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
        rec *r = wz_xcalloc(1, sizeof *r);
        r->fd = ci ? ci->connect_fd : -1;
        r->phase = HEADERS;
        r->since_ms = wz_now_ms();
        pthread_mutex_lock(&g->mu);
        r->next = g->head;
        if (g->head) g->head->prev = r;
        g->head = r;
        if (++g->open > g->soft_limit) make_room(g, r);
        pthread_mutex_unlock(&g->mu);
        *socket_context = r;
    } else if (code == MHD_CONNECTION_NOTIFY_CLOSED) {
        rec *r = *socket_context;
        if (!r) return;
        pthread_mutex_lock(&g->mu);
        if (r->prev)
            r->prev->next = r->next;
        else
            g->head = r->next;
        if (r->next) r->next->prev = r->prev;
        g->open--;
        pthread_mutex_unlock(&g->mu);
        free(r);
        *socket_context = NULL;
    }
}

static void set_phase(wz_collect_guard *g, struct MHD_Connection *c, enum phase p)
{
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
    rec *r = ci ? ci->socket_context : NULL;
    if (!r) return;
    pthread_mutex_lock(&g->mu);
    r->phase = p;
    r->since_ms = wz_now_ms();
    pthread_mutex_unlock(&g->mu);
}

void wz_collect_guard_request(wz_collect_guard *g, struct MHD_Connection *c)
{
    set_phase(g, c, REQUEST);
}

void wz_collect_guard_hold(wz_collect_guard *g, struct MHD_Connection *c, int held)
{
    set_phase(g, c, held ? HELD : REQUEST);
}

void wz_collect_guard_done(wz_collect_guard *g, struct MHD_Connection *c)
{
    set_phase(g, c, HEADERS);
}

long long wz_collect_guard_cut(wz_collect_guard *g)
{
    pthread_mutex_lock(&g->mu);
    long long n = g->cut;
    pthread_mutex_unlock(&g->mu);
    return n;
}

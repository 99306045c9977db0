/* wz_collect_pages: the report page's thread and copy (see wz_collect_pages.h). */
#include "wz_collect_pages.h"

#include "wz_collect_log.h"
#include "wz_collect_board.h"
#include "wz_util.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

typedef struct waiter {
    struct waiter *next;
    struct MHD_Connection *c;
    char *key;
} waiter;

#define NKEPT 8 /* pages kept, one per query (the latest asked for) */

typedef struct kept {
    char *key;               /* the query (wz_collect_query_key), or NULL: empty */
    char *page;              /* the latest answer, or NULL */
    unsigned long long made; /* the generation it shows */
    long long next_ms;       /* no new one before this */
    long long used_ms;       /* when last asked for, to choose which to forget */
} kept;

struct wz_collect_pages {
    sqlite3 *db;
    atomic_ullong *generation;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    kept kept[NKEPT];
    waiter *waiting;
    int stop;
    pthread_t thread;
};

/* Resumes every waiting connection. Caller holds the lock. */
static void resume_all(wz_collect_pages *p)
{
    for (waiter *w = p->waiting, *n; w; w = n) {
        n = w->next;
        MHD_resume_connection(w->c);
        free(w->key);
        free(w);
    }
    p->waiting = NULL;
}

/*
 * For tests only (docs/upload-protocol.md, "Testing"): when WZ_COLLECT_TEST_HOLD_REPORT
 * names a file, the thread writes "<file>.held" and then makes no page until <file>
 * exists (at most two minutes), so a test can prove by ordering, not by timing, that
 * uploads are answered while a report is being made. Never set in service.
 */
static void test_hold(void)
{
    const char *f = getenv("WZ_COLLECT_TEST_HOLD_REPORT");
    if (!f || !*f) return;
    char *held = wz_xasprintf("%s.held", f);
    FILE *h = fopen(held, "w");
    if (h) fclose(h);
    free(held);
    for (int i = 0; i < 6000 && access(f, F_OK) != 0; i++)
        usleep(20000);
}

/* The kept page for key, or NULL. Caller holds the lock. */
static kept *find(wz_collect_pages *p, const char *key)
{
    for (int i = 0; i < NKEPT; i++)
        if (p->kept[i].key && strcmp(p->kept[i].key, key) == 0) return &p->kept[i];
    return NULL;
}

/* Makes the answer to key (without the lock) and keeps it, in place of the page least
 * recently asked for. Caller holds the lock. */
static void make(wz_collect_pages *p, const char *key)
{
    unsigned long long gen = atomic_load(p->generation);
    pthread_mutex_unlock(&p->mu);
    test_hold();
    long long t0 = wz_now_ms();
    char *err = NULL, *page = NULL;
    wz_collect_query q;
    if (wz_collect_query_parse(key, &q, &err) == 0)
        page = wz_collect_board_make(p->db, time(NULL), &q, &err);
    if (!page) wz_collect_log("the report could not be made: %s", err);
    free(err);
    long long t1 = wz_now_ms();
    pthread_mutex_lock(&p->mu);
    kept *k = find(p, key);
    if (!k) {
        k = &p->kept[0];
        for (int i = 1; i < NKEPT; i++)
            if (p->kept[i].used_ms < k->used_ms) k = &p->kept[i];
        free(k->key);
        free(k->page);
        k->key = wz_xstrdup(key);
        k->page = NULL;
    }
    if (page) {
        free(k->page);
        k->page = page;
    }
    k->made = gen;
    k->used_ms = t1;
    k->next_ms = t1 + 2 * (t1 - t0);
}

static void *run(void *arg)
{
    wz_collect_pages *p = arg;
    pthread_mutex_lock(&p->mu);
    while (!p->stop) {
        waiter *w = p->waiting;
        if (w) {
            p->waiting = w->next;
            kept *k = find(p, w->key);
            if (!k || k->made != atomic_load(p->generation)) make(p, w->key);
            MHD_resume_connection(w->c);
            free(w->key);
            free(w);
            continue;
        }
        pthread_cond_wait(&p->cv, &p->mu);
    }
    resume_all(p);
    pthread_mutex_unlock(&p->mu);
    return NULL;
}

wz_collect_pages *wz_collect_pages_start(sqlite3 *db, atomic_ullong *generation, char **err)
{
    wz_collect_pages *p = wz_xcalloc(1, sizeof *p);
    p->db = db;
    p->generation = generation;
    pthread_mutex_init(&p->mu, NULL);
    pthread_cond_init(&p->cv, NULL);
    if (pthread_create(&p->thread, NULL, run, p) != 0) {
        if (err) *err = wz_xstrdup("cannot start the report page's thread");
        pthread_mutex_destroy(&p->mu);
        pthread_cond_destroy(&p->cv);
        free(p);
        return NULL;
    }
    return p;
}

void wz_collect_pages_stop(wz_collect_pages *p)
{
    if (!p) return;
    pthread_mutex_lock(&p->mu);
    p->stop = 1;
    pthread_cond_signal(&p->cv);
    pthread_mutex_unlock(&p->mu);
    pthread_join(p->thread, NULL);
    pthread_mutex_destroy(&p->mu);
    pthread_cond_destroy(&p->cv);
    sqlite3_close(p->db);
    for (int i = 0; i < NKEPT; i++) {
        free(p->kept[i].key);
        free(p->kept[i].page);
    }
    free(p);
}

int wz_collect_pages_get(wz_collect_pages *p, struct MHD_Connection *c, const char *key, int waited,
                         char **page)
{
    pthread_mutex_lock(&p->mu);
    kept *k = find(p, key);
    int fresh = k && k->made == atomic_load(p->generation);
    if (waited || p->stop || (k && k->page && (fresh || wz_now_ms() < k->next_ms))) {
        *page = k && k->page ? wz_xstrdup(k->page) : NULL;
        if (k) k->used_ms = wz_now_ms();
        pthread_mutex_unlock(&p->mu);
        return 1;
    }
    /* Suspended under the lock: the thread's resume always comes after it. */
    MHD_suspend_connection(c);
    waiter *w = wz_xcalloc(1, sizeof *w);
    w->c = c;
    w->key = wz_xstrdup(key);
    w->next = p->waiting;
    p->waiting = w;
    pthread_cond_signal(&p->cv);
    pthread_mutex_unlock(&p->mu);
    return 0;
}

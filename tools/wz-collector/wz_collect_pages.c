/* wz_collect_pages: the report page's thread and copy (see wz_collect_pages.h). */
#include "wz_collect_pages.h"

#include "wz_collect_log.h"
#include "wz_collect_report.h"
#include "wz_util.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

typedef struct waiter {
    struct waiter *next;
    struct MHD_Connection *c;
} waiter;

struct wz_collect_pages {
    sqlite3 *db;
    atomic_ullong *generation;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    char *page;              /* the latest page, or NULL */
    unsigned long long made; /* the generation it shows; ~0: none yet */
    long long next_ms;       /* no new page before this */
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

/* Makes a new page (without the lock) and keeps it. Caller holds the lock. */
static void make(wz_collect_pages *p)
{
    unsigned long long gen = atomic_load(p->generation);
    pthread_mutex_unlock(&p->mu);
    test_hold();
    long long t0 = wz_now_ms();
    char *err = NULL;
    char *page = wz_collect_report_page(p->db, time(NULL), &err);
    if (!page) wz_collect_log("the report page could not be made: %s", err);
    free(err);
    long long t1 = wz_now_ms();
    pthread_mutex_lock(&p->mu);
    if (page) {
        free(p->page);
        p->page = page;
    }
    p->made = gen;
    p->next_ms = t1 + 2 * (t1 - t0);
}

static void *run(void *arg)
{
    wz_collect_pages *p = arg;
    pthread_mutex_lock(&p->mu);
    while (!p->stop) {
        if (p->waiting) {
            if (p->made != atomic_load(p->generation)) make(p);
            resume_all(p);
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
    p->made = ~0ull;
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
    free(p->page);
    free(p);
}

int wz_collect_pages_get(wz_collect_pages *p, struct MHD_Connection *c, int waited, char **page)
{
    pthread_mutex_lock(&p->mu);
    int fresh = p->made == atomic_load(p->generation);
    if (waited || p->stop || (p->page && (fresh || wz_now_ms() < p->next_ms))) {
        *page = p->page ? wz_xstrdup(p->page) : NULL;
        pthread_mutex_unlock(&p->mu);
        return 1;
    }
    /* Suspended under the lock: the thread's resume always comes after it. */
    MHD_suspend_connection(c);
    waiter *w = wz_xcalloc(1, sizeof *w);
    w->c = c;
    w->next = p->waiting;
    p->waiting = w;
    pthread_cond_signal(&p->cv);
    pthread_mutex_unlock(&p->mu);
    return 0;
}

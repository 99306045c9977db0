/*
 * wz_collect_backoff: per-address back-off after wrong tokens (see wz_collect_backoff.h).
 * A small table searched linearly: it is consulted once per request, and 1024 entries
 * take about a microsecond to scan.
 */
#include "wz_collect_backoff.h"

#include "wz_util.h"

#include <netinet/in.h>
#include <pthread.h>
#include <stdlib.h>

#define SLOTS 1024

typedef struct slot {
    unsigned long long key; /* 0: free */
    int fails;
    long long last_ms, until_ms;
} slot;

struct wz_collect_backoff {
    pthread_mutex_t mu;
    slot s[SLOTS];
};

static unsigned long long addr_key(const struct sockaddr *a)
{
    unsigned long long h = WZ_HASH_INIT;
    if (!a) return 1;
    if (a->sa_family == AF_INET) {
        const struct sockaddr_in *v4 = (const struct sockaddr_in *)(const void *)a;
        h = wz_hash(h, &v4->sin_addr, sizeof v4->sin_addr);
    } else if (a->sa_family == AF_INET6) {
        const struct sockaddr_in6 *v6 = (const struct sockaddr_in6 *)(const void *)a;
        h = wz_hash(h, &v6->sin6_addr, 8); /* the /64 */
    }
    return h ? h : 1;
}

wz_collect_backoff *wz_collect_backoff_new(void)
{
    wz_collect_backoff *b = wz_xcalloc(1, sizeof *b);
    pthread_mutex_init(&b->mu, NULL);
    return b;
}

void wz_collect_backoff_free(wz_collect_backoff *b)
{
    if (!b) return;
    pthread_mutex_destroy(&b->mu);
    free(b);
}

/* The address's slot, or NULL. Caller holds the lock. */
static slot *find(wz_collect_backoff *b, unsigned long long key, long long now_ms)
{
    for (int i = 0; i < SLOTS; i++)
        if (b->s[i].key == key) {
            if (now_ms - b->s[i].last_ms > WZ_COLLECT_BACKOFF_FORGET_S * 1000LL) {
                b->s[i].key = 0;
                return NULL;
            }
            return &b->s[i];
        }
    return NULL;
}

int wz_collect_backoff_wait(wz_collect_backoff *b, const struct sockaddr *addr, long long now_ms)
{
    pthread_mutex_lock(&b->mu);
    slot *s = find(b, addr_key(addr), now_ms);
    long long left = s ? s->until_ms - now_ms : 0;
    pthread_mutex_unlock(&b->mu);
    return left > 0 ? (int)((left + 999) / 1000) : 0;
}

void wz_collect_backoff_failed(wz_collect_backoff *b, const struct sockaddr *addr, long long now_ms)
{
    unsigned long long key = addr_key(addr);
    pthread_mutex_lock(&b->mu);
    slot *s = find(b, key, now_ms);
    if (!s) { /* a free slot, or the longest-quiet one */
        s = &b->s[0];
        for (int i = 0; i < SLOTS && s->key; i++)
            if (!b->s[i].key || b->s[i].last_ms < s->last_ms) s = &b->s[i];
        *s = (slot){.key = key};
    }
    s->fails++;
    s->last_ms = now_ms;
    int over = s->fails - WZ_COLLECT_BACKOFF_FREE;
    if (over > 0) {
        long long wait_s = over >= 7 ? WZ_COLLECT_BACKOFF_MAX_S : 1LL << (over - 1);
        s->until_ms = now_ms + WZ_MIN(wait_s, (long long)WZ_COLLECT_BACKOFF_MAX_S) * 1000;
    }
    pthread_mutex_unlock(&b->mu);
}

void wz_collect_backoff_passed(wz_collect_backoff *b, const struct sockaddr *addr)
{
    unsigned long long key = addr_key(addr);
    pthread_mutex_lock(&b->mu);
    for (int i = 0; i < SLOTS; i++)
        if (b->s[i].key == key) b->s[i].key = 0;
    pthread_mutex_unlock(&b->mu);
}

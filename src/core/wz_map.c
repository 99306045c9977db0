/*
 * wz_map: open addressing with linear probing over a power-of-two table kept at most
 * half full, so a probe sequence is short and always reaches an empty slot. Entries are
 * never removed one by one (the users only add, then clear), so no tombstones.
 */
#include "wz_map.h"

#include "wz_util.h"

#include <stdlib.h>
#include <string.h>

unsigned long long wz_map_hash(const char *key)
{
    return wz_hash(WZ_HASH_INIT, key, strlen(key));
}

long long *wz_map_find(const wz_map *m, const char *key, unsigned long long h)
{
    if (!m->cap) return NULL;
    for (size_t i = h & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
        if (!m->keys[i]) return NULL;
        if (m->hashes[i] == h && strcmp(m->keys[i], key) == 0) return &m->vals[i];
    }
}

static void insert_new(wz_map *m, char *key, unsigned long long h, long long val)
{
    WZ_ASSERT(m->count < m->cap);
    size_t i = h & (m->cap - 1);
    while (m->keys[i])
        i = (i + 1) & (m->cap - 1);
    m->keys[i] = key;
    m->hashes[i] = h;
    m->vals[i] = val;
    m->count++;
}

static void grow(wz_map *m)
{
    wz_map old = *m;
    m->cap = old.cap ? old.cap * 2 : 16;
    m->keys = wz_xcalloc(m->cap, sizeof *m->keys);
    m->hashes = wz_xcalloc(m->cap, sizeof *m->hashes);
    m->vals = wz_xcalloc(m->cap, sizeof *m->vals);
    m->count = 0;
    for (size_t i = 0; i < old.cap; i++)
        if (old.keys[i]) insert_new(m, old.keys[i], old.hashes[i], old.vals[i]);
    free(old.keys);
    free(old.hashes);
    free(old.vals);
}

void wz_map_put(wz_map *m, const char *key, unsigned long long h, long long val)
{
    long long *v = wz_map_find(m, key, h);
    if (v) {
        *v = val;
        return;
    }
    if ((m->count + 1) * 2 > m->cap) grow(m);
    insert_new(m, wz_xstrdup(key), h, val);
}

void wz_map_clear(wz_map *m)
{
    for (size_t i = 0; i < m->cap; i++)
        free(m->keys[i]);
    free(m->keys);
    free(m->hashes);
    free(m->vals);
    memset(m, 0, sizeof *m);
}

/*
 * wz_map: a string -> number map (open addressing, linear probing, keys copied).
 *
 * The one map behind the tallies' label indexes and the recorder's label-id cache: the
 * caller hashes the key once (wz_map_hash) and passes the hash to both lookup and insert,
 * so counting an event costs one hash and usually one string compare. The struct is
 * public so it can sit by value inside other structs; its fields are the map's own.
 * A zeroed wz_map is an empty map.
 */
#ifndef WZ_MAP_H
#define WZ_MAP_H

#include <stddef.h>

typedef struct wz_map {
    char **keys;
    unsigned long long *hashes;
    long long *vals;
    size_t cap, count;
} wz_map;

unsigned long long wz_map_hash(const char *key);
/* The value stored for key (h = wz_map_hash(key)), or NULL. The pointer is valid until
 * the next wz_map_put or wz_map_clear. */
long long *wz_map_find(const wz_map *m, const char *key, unsigned long long h);
/* Stores val for key, replacing an earlier value; the key is copied. */
void wz_map_put(wz_map *m, const char *key, unsigned long long h, long long val);
/* Empties the map and frees its memory; it can be used again afterwards. */
void wz_map_clear(wz_map *m);

#endif

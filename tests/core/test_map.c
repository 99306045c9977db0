/*
 * test_map: the string -> number map (wz_map) and the one hash (wz_hash): find after
 * put, replace, growth past many entries, keys that share a hash slot, clear and reuse.
 */
#include "wz_map.h"
#include "wz_test.h"
#include "wz_util.h"

#include <stdio.h>

int main(void)
{
    /* FNV-1a 64 reference values: "" is the offset basis, "a" is a published vector. */
    WZ_CHECK(wz_hash(WZ_HASH_INIT, "", 0) == 14695981039346656037ull);
    WZ_CHECK(wz_hash(WZ_HASH_INIT, "a", 1) == 0xaf63dc4c8601ec8cull);
    WZ_CHECK(wz_hash(wz_hash(WZ_HASH_INIT, "ab", 2), "c", 1) == wz_hash(WZ_HASH_INIT, "abc", 3));

    wz_map m = {0};
    WZ_CHECK(wz_map_find(&m, "x", wz_map_hash("x")) == NULL);
    wz_map_put(&m, "x", wz_map_hash("x"), 7);
    long long *v = wz_map_find(&m, "x", wz_map_hash("x"));
    WZ_CHECK(v && *v == 7);
    wz_map_put(&m, "x", wz_map_hash("x"), 9);
    v = wz_map_find(&m, "x", wz_map_hash("x"));
    WZ_CHECK(v && *v == 9);
    WZ_CHECK_INT(m.count, 1);

    /* Many keys: the table grows and every one is still found with its own value. */
    char key[32];
    for (int i = 0; i < 5000; i++) {
        snprintf(key, sizeof key, "key-%d", i);
        wz_map_put(&m, key, wz_map_hash(key), i);
    }
    int right = 0;
    for (int i = 0; i < 5000; i++) {
        snprintf(key, sizeof key, "key-%d", i);
        v = wz_map_find(&m, key, wz_map_hash(key));
        right += v && *v == i;
    }
    WZ_CHECK_INT(right, 5000);
    WZ_CHECK_INT(m.count, 5001);
    WZ_CHECK(m.count * 2 <= m.cap);

    /* Two keys given the same hash on purpose: told apart by the string compare. */
    wz_map_put(&m, "same-a", 42, 1);
    wz_map_put(&m, "same-b", 42, 2);
    v = wz_map_find(&m, "same-a", 42);
    WZ_CHECK(v && *v == 1);
    v = wz_map_find(&m, "same-b", 42);
    WZ_CHECK(v && *v == 2);
    WZ_CHECK(wz_map_find(&m, "same-c", 42) == NULL);

    wz_map_clear(&m);
    WZ_CHECK_INT(m.count, 0);
    WZ_CHECK(wz_map_find(&m, "x", wz_map_hash("x")) == NULL);
    wz_map_put(&m, "again", wz_map_hash("again"), 3);
    v = wz_map_find(&m, "again", wz_map_hash("again"));
    WZ_CHECK(v && *v == 3);
    wz_map_clear(&m);
    WZ_TEST_END();
}

/*
 * wz_test: the smallest test harness that does the job (in the spirit of minunit).
 * A test program calls WZ_CHECK for each fact; a failure prints file:line and the
 * expression, and the program exits 1 at the end (WZ_TEST_END) so ctest reports it.
 * WZ_TEST_END also prints "N passed, N failed" for people reading the log.
 */
#ifndef WZ_TEST_H
#define WZ_TEST_H

#include <stdio.h>
#include <string.h>

static int wz_test_passed, wz_test_failed;

#define WZ_CHECK(cond)                                                                             \
    do {                                                                                           \
        if (cond) {                                                                                \
            wz_test_passed++;                                                                      \
        } else {                                                                                   \
            wz_test_failed++;                                                                      \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);               \
        }                                                                                          \
    } while (0)

#define WZ_CHECK_STR(a, b)                                                                         \
    do {                                                                                           \
        const char *wz_a_ = (a), *wz_b_ = (b);                                                     \
        if (wz_a_ && wz_b_ && strcmp(wz_a_, wz_b_) == 0) {                                         \
            wz_test_passed++;                                                                      \
        } else {                                                                                   \
            wz_test_failed++;                                                                      \
            fprintf(stderr, "%s:%d: expected \"%s\", got \"%s\" (%s)\n", __FILE__, __LINE__,       \
                    wz_b_ ? wz_b_ : "(null)", wz_a_ ? wz_a_ : "(null)", #a);                       \
        }                                                                                          \
    } while (0)

#define WZ_CHECK_INT(a, b)                                                                         \
    do {                                                                                           \
        long long wz_a_ = (long long)(a), wz_b_ = (long long)(b);                                  \
        if (wz_a_ == wz_b_) {                                                                      \
            wz_test_passed++;                                                                      \
        } else {                                                                                   \
            wz_test_failed++;                                                                      \
            fprintf(stderr, "%s:%d: expected %lld, got %lld (%s)\n", __FILE__, __LINE__, wz_b_,    \
                    wz_a_, #a);                                                                    \
        }                                                                                          \
    } while (0)

/* Names the rule or behaviour a group of checks covers, so a failure says what broke. */
#define WZ_TEST(name) fprintf(stderr, "-- %s\n", name)

#define WZ_TEST_END()                                                                              \
    do {                                                                                           \
        printf("%d passed, %d failed\n", wz_test_passed, wz_test_failed);                          \
        return wz_test_failed ? 1 : 0;                                                             \
    } while (0)

#endif

/*
 * wz_test_scenario: a scenario parsed from text in a test, with its diagnostics, and a
 * look-up for "a warning or error at line:col that says this". Shared by the tests of the
 * line-by-line passage readers, which check that each message lands where the author must
 * look. Include after wz_test.h; link with wz_core.
 */
#ifndef WZ_TEST_SCENARIO_H
#define WZ_TEST_SCENARIO_H

#include <stdio.h>
#include <string.h>

#include "wz_scenario.h"

typedef struct parsed {
    wz_scenario *sc;
    wz_diags d;
} parsed;

static inline void parse(parsed *p, const char *text, int html)
{
    wz_diags_init(&p->d);
    p->sc = wz_scenario_parse("s.twee", text, strlen(text), html, &p->d);
}

static inline void done(parsed *p)
{
    wz_scenario_free(p->sc);
    wz_diags_free(&p->d);
}

/* 1 when diags has a message at line:col containing needle; else prints them all, 0. */
static inline int has(const wz_diags *d, int line, int col, const char *needle)
{
    for (int i = 0; i < d->count; i++)
        if (d->items[i].line == line && d->items[i].column == col &&
            strstr(d->items[i].message, needle))
            return 1;
    for (int i = 0; i < d->count; i++)
        fprintf(stderr, "   have %d:%d: %s\n", d->items[i].line, d->items[i].column,
                d->items[i].message);
    return 0;
}

/* How many messages lie past line `after` (the bare test stories have some of their own). */
static inline int messages_after(const wz_diags *d, int after)
{
    int n = 0;
    for (int i = 0; i < d->count; i++)
        n += d->items[i].line > after;
    return n;
}

#endif

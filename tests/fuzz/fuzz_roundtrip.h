/*
 * fuzz_roundtrip: the round-trip property of the writers (wz_export), shared by the fuzz
 * harness (fuzz_export.c) and the ordinary test (tests/core/test_export.c).
 *
 * Read the input (Twee, or HTML when it starts with '<'), write every story, read the
 * output, and compare: Twee written from Twee reads back exactly; an archive written from
 * either reads back with the same passages (script and stylesheet passages, which an
 * archive merges, left out). HTML can hold what Twee drops (trailing blank lines, which the
 * Twee specification says to ignore), so from HTML the Twee check is one round later:
 * Twee -> Twee must then be exact. What a writer refuses (it says why) is not compared.
 * Returns 0 when every comparison holds, else -1 and prints the first difference.
 */
#ifndef WZ_FUZZ_ROUNDTRIP_H
#define WZ_FUZZ_ROUNDTRIP_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wz_export.h"
#include "wz_scenario.h"

static void wz_rt_free(wz_scenario **scs, wz_diags *each, int n)
{
    for (int i = 0; i < n; i++) {
        wz_scenario_free(scs[i]);
        wz_diags_free(&each[i]);
    }
    free(scs);
    free(each);
}

/* Reads text (an exact-size copy, so a read past the end is caught by ASan). */
static int wz_rt_read(const char *text, size_t len, int html, wz_scenario ***scs, wz_diags **each)
{
    char *copy = malloc(len ? len : 1);
    if (!copy) abort();
    if (len) memcpy(copy, text, len);
    wz_diags fd;
    wz_diags_init(&fd);
    int n = wz_scenario_parse_all(html ? "rt.html" : "rt.twee", copy, len, html, &fd, scs, each);
    wz_diags_free(&fd);
    free(copy);
    return n;
}

static int wz_rt_fail(const char *what, char *err)
{
    fprintf(stderr, "round trip (%s): %s\n", what, err ? err : "?");
    free(err);
    return -1;
}

/* Twee written from sc reads back as sc (once from Twee; from HTML, one round later). */
static int wz_rt_twee(const wz_scenario *sc, int again)
{
    wz_buf b;
    wz_buf_init(&b, 0);
    char *err = NULL;
    int rc = 0;
    if (wz_export_twee(sc, &b, &err) != 0) {
        free(err);
        wz_buf_free(&b);
        return 0;
    }
    wz_scenario **back = NULL;
    wz_diags *each = NULL;
    int n = wz_rt_read(b.data, b.len, 0, &back, &each);
    if (n != 1)
        rc = wz_rt_fail("Twee", strdup("not read back"));
    else if (again)
        rc = wz_rt_twee(back[0], 0);
    else if (wz_export_compare(sc, back[0], 0, &err) != 0)
        rc = wz_rt_fail("Twee", err);
    wz_rt_free(back, each, n);
    wz_buf_free(&b);
    return rc;
}

static int wz_roundtrip(const char *text, size_t len)
{
    int html = len > 0 && text[0] == '<';
    wz_scenario **scs = NULL;
    wz_diags *each = NULL;
    int n = wz_rt_read(text, len, html, &scs, &each), rc = 0;
    for (int i = 0; i < n && rc == 0; i++)
        rc = wz_rt_twee(scs[i], html);
    wz_buf b;
    wz_buf_init(&b, 0);
    char *err = NULL;
    if (rc == 0 && n > 0 && wz_export_html((const wz_scenario *const *)scs, n, &b, &err) == 0) {
        wz_scenario **back = NULL;
        wz_diags *beach = NULL;
        int m = wz_rt_read(b.data, b.len, 1, &back, &beach);
        if (m != n) rc = wz_rt_fail("archive", strdup("a different number of stories"));
        for (int i = 0; i < n && i < m && rc == 0; i++)
            if (wz_export_compare(scs[i], back[i], 1, &err) != 0) rc = wz_rt_fail("archive", err);
        wz_rt_free(back, beach, m);
    } else {
        free(err);
    }
    wz_buf_free(&b);
    wz_rt_free(scs, each, n);
    return rc;
}

#endif

/*
 * bench_engine: figures for the semantic half of loading a scenario, apart from reading.
 *
 * bench/readers times the whole path (read + interpret + validate); this one reads a
 * generated 1,000-passage Twee story once and then times wz_scenario_interpret and
 * wz_validate on their own, plus a story runner walk, so a slow change in the
 * conventions or the checks shows up in its own number. Median of several runs after a
 * warm-up, in milliseconds. Not a test: speed is never pass/fail here.
 *   usage: bench_engine [passages] [runs]     (defaults 1000 and 31)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "wz_scenario.h"
#include "wz_story.h"
#include "wz_util.h"
#include "wz_validate.h"

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof(*v), cmp_double);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* Chains of spot chat -> safe/risky feedback -> next, with pictures, red flags and
 * bullets, so every part kind and every check has work to do. */
static char *make_story(int passages)
{
    wz_buf b;
    wz_buf_init(&b, 0);
    wz_buf_puts(&b, ":: StoryTitle\nBench\n\n:: StoryData\n{\"ifid\": "
                    "\"0B6E2D43-58C4-4B8E-A0A1-6D1F3E0C9A11\", \"start\": \"Chat 0\"}\n\n"
                    ":: ScenarioInfo\nsummary: s\naudience: 8-11, 12-15\ntopic: general\n"
                    "minutes: 5\ncharacter: Sam | | #3B82C4\ncharacter: Jo\n\n");
    int groups = (passages - 4) / 3;
    for (int g = 0; g < groups; g++) {
        int last = g + 1 == groups;
        wz_buf_printf(&b,
                      ":: Chat %d [spot]\nSam: hi, how was school today?\n"
                      "Jo: fine, we had a test in maths\nYou: same here\n"
                      "! Sam: don't tell anyone we talk\nWhy: Secrets are a warning sign.\n"
                      "Sam sent a photo\n[[Reply kindly->Safe %d]]\n[[Share your address->"
                      "Risky %d]]\n\n",
                      g, g, g);
        for (int k = 0; k < 2; k++) {
            const char *c = k ? "Risky" : "Safe";
            wz_buf_printf(&b,
                          ":: %s %d [feedback %s]\nThis paragraph explains the choice "
                          "in a calm way,\nover two lines.\n\n* a point\n",
                          c, g, k ? "risky" : "safe");
            if (last)
                wz_buf_puts(&b, "[[Continue->End]]\n\n");
            else
                wz_buf_printf(&b, "[[Continue->Chat %d]]\n\n", g + 1);
        }
    }
    wz_buf_puts(&b, ":: End [ending safe]\nDone.\n\n* One.\n* Two.\n* Three.\n\n"
                    ":: Help [help]\n* Ask an adult.\n");
    return wz_buf_steal(&b);
}

int main(int argc, char **argv)
{
    int passages = argc > 1 ? (int)strtol(argv[1], NULL, 10) : 1000;
    int runs = argc > 2 ? (int)strtol(argv[2], NULL, 10) : 31;
    if (passages < 10 || passages > WZ_MAX_PASSAGES || runs < 1 || runs > 10000) {
        fprintf(stderr, "usage: bench_engine [passages 10..%d] [runs]\n", WZ_MAX_PASSAGES);
        return 2;
    }
    char *text = make_story(passages);
    wz_diags d;
    wz_diags_init(&d);
    wz_scenario *sc = wz_twee_read("bench.twee", text, strlen(text), &d);
    double *ti = wz_xcalloc((size_t)runs, sizeof(double));
    double *tv = wz_xcalloc((size_t)runs, sizeof(double));
    double *tw = wz_xcalloc((size_t)runs, sizeof(double));
    int errors = 0, warnings = 0, steps = 0;
    for (int r = -1; r < runs; r++) {
        wz_diags_free(&d);
        wz_diags_init(&d);
        double t0 = now_ms();
        wz_scenario_interpret(sc, &d);
        double t1 = now_ms();
        wz_validate(sc, &d);
        double t2 = now_ms();
        /* Walk the story to its end, always taking the last choice. */
        wz_story *st = wz_story_create(sc);
        wz_story_start(st);
        steps = 0;
        while (!wz_story_is_ended(st) &&
               wz_story_choose(st, wz_story_current(st)->nchoices - 1) == 0)
            steps++;
        wz_story_destroy(st);
        double t3 = now_ms();
        if (r >= 0) {
            ti[r] = t1 - t0;
            tv[r] = t2 - t1;
            tw[r] = t3 - t2;
        }
        errors = d.errors;
        warnings = d.warnings;
    }
    printf("%d-passage scenario (%zu KB of Twee), median of %d runs:\n", sc->npassages,
           strlen(text) / 1024, runs);
    printf("  wz_scenario_interpret   %8.3f ms\n", median(ti, runs));
    printf("  wz_validate             %8.3f ms   (%d errors, %d warnings)\n", median(tv, runs),
           errors, warnings);
    printf("  story walk, %4d steps   %8.3f ms\n", steps, median(tw, runs));
    wz_scenario_free(sc);
    wz_diags_free(&d);
    free(text);
    free(ti);
    free(tv);
    free(tw);
    return 0;
}

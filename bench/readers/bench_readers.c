/*
 * bench_readers: figures for the scenario readers, so a slow change shows up in numbers.
 *
 *   1. One generated 1,000-passage scenario (chats, feedback, endings, links), in memory:
 *      Twee read only, HTML read only, and read + interpret + validate for both
 *      (wz_scenario_parse). Target: under 5 ms for the whole Twee path.
 *   2. A folder of 200 generated scenarios on disk, loaded with wz_library_load (what the
 *      kiosk does at start-up and on hot reload).
 * Each figure is the median of several runs (after one warm-up), printed in milliseconds.
 * The scenarios are made here, so the figures need no fixture and are the same anywhere.
 *   usage: bench_readers [runs]     (default 21)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "wz_library.h"
#include "wz_scenario.h"
#include "wz_util.h"

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
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* A scenario of `n` passages in groups of five: a chat with two choices, a safe and a
 * risky feedback, then (at the end) endings; plus ScenarioInfo and a help passage. */
static char *make_twee(int n, const char *ifid, size_t *len)
{
    wz_buf b;
    wz_buf_init(&b, 0);
    wz_buf_printf(&b,
                  ":: StoryTitle\nGenerated %d\n\n:: StoryData\n{\n  \"ifid\": \"%s\",\n"
                  "  \"format\": \"Harlowe\",\n  \"start\": \"%s\"\n}\n\n",
                  n, ifid, (n - 3) % 3 ? "Intro 0" : "Chat 0");
    wz_buf_puts(&b, ":: ScenarioInfo\nsummary: A generated scenario for timing the readers.\n"
                    "audience: 12-15\ntopic: general\nminutes: 5\n"
                    "character: Sam\ncharacter: Jo\n\n");
    int groups = (n - 3) / 3, intros = n - 3 - 3 * groups;
    for (int i = 0; i < intros; i++)
        wz_buf_printf(&b, ":: Intro %d\nIt is a normal Tuesday evening.\n[[Next->%s %d]]\n\n", i,
                      i + 1 < intros ? "Intro" : "Chat", i + 1 < intros ? i + 1 : 0);
    for (int g = 0; g < groups; g++) {
        const char *next = g + 1 < groups ? "Chat" : "End";
        int nx = g + 1 < groups ? g + 1 : 0;
        wz_buf_printf(&b,
                      ":: Chat %d [chat] {\"position\":\"%d,100\",\"size\":\"100,100\"}\n"
                      "Sam: hi, how was school today? did you see the match last night?\n"
                      "Jo: it was fine, we had a test in maths &amp; it went ok I think\n"
                      "You: same here, what are you up to at the weekend?\n"
                      "Sam: not much, maybe the park if it doesn't rain <3\n"
                      "[[Reply kindly->Safe %d]]\n[[Share your address->Risky %d]]\n\n",
                      g, g * 150, g, g);
        wz_buf_printf(&b,
                      ":: Safe %d [feedback safe]\nGood choice. Keeping personal details "
                      "to yourself keeps you in control of who knows where you are.\n"
                      "[[Continue->%s %d]]\n\n",
                      g, next, nx);
        wz_buf_printf(&b,
                      ":: Risky %d [feedback risky]\nSharing where you live with someone "
                      "you only know online can put you at risk. It is never too late to "
                      "tell a trusted adult.\n[[Continue->%s %d]]\n\n",
                      g, next, nx);
    }
    wz_buf_puts(&b, ":: End 0 [ending safe]\nYou kept yourself safe.\n\n* Keep personal "
                    "details private.\n* Tell a trusted adult.\n* You will not be in trouble."
                    "\n\n");
    wz_buf_puts(&b, ":: Get help [help]\nWorried? Talk to an adult you trust.\n\n* Childline: "
                    "0800 1111\n");
    *len = b.len;
    return wz_buf_steal(&b);
}

/* The same story as a Twine 2 published fragment (entities escaped as Twine does). */
static char *twee_to_html(const wz_scenario *sc, int one_line, size_t *len)
{
    wz_buf b;
    wz_buf_init(&b, 0);
    int start = wz_scenario_find(sc, sc->start);
    wz_buf_printf(&b,
                  "<tw-storydata name=\"%s\" startnode=\"%d\" ifid=\"%s\" "
                  "format=\"Harlowe\" hidden>",
                  sc->title, start >= 0 ? sc->passages[start].pid : 0, sc->ifid);
    for (int i = 0; i < sc->npassages; i++) {
        const wz_passage *p = &sc->passages[i];
        wz_buf_printf(&b, "<tw-passagedata pid=\"%d\" name=\"%s\" tags=\"", p->pid, p->name);
        for (int t = 0; t < p->ntags; t++)
            wz_buf_printf(&b, "%s%s", t ? " " : "", p->tags[t]);
        wz_buf_puts(&b, "\" position=\"0,0\" size=\"100,100\">");
        for (const char *c = p->text; *c; c++) {
            switch (*c) {
            case '&':
                wz_buf_puts(&b, "&amp;");
                break;
            case '<':
                wz_buf_puts(&b, "&lt;");
                break;
            case '>':
                wz_buf_puts(&b, "&gt;");
                break;
            case '"':
                wz_buf_puts(&b, "&quot;");
                break;
            case '\'':
                wz_buf_puts(&b, "&#39;");
                break;
            case '\n':
                wz_buf_putc(&b, one_line ? ' ' : '\n');
                break;
            default:
                wz_buf_putc(&b, *c);
            }
        }
        wz_buf_puts(&b, "</tw-passagedata>");
    }
    wz_buf_puts(&b, "</tw-storydata>\n");
    *len = b.len;
    return wz_buf_steal(&b);
}

typedef enum { TWEE_READ, HTML_READ, HTML_LINE_READ, TWEE_PARSE, HTML_PARSE } mode;

static double time_one(mode m, const char *data, size_t len, int *npassages, int *nerrors)
{
    wz_diags d;
    wz_diags_init(&d);
    double t0 = now_ms();
    wz_scenario *sc;
    switch (m) {
    case TWEE_READ:
        sc = wz_twee_read("bench.twee", data, len, &d);
        break;
    case HTML_READ:
    case HTML_LINE_READ:
        sc = wz_html_read("bench.html", data, len, &d);
        break;
    case TWEE_PARSE:
        sc = wz_scenario_parse("bench.twee", data, len, 0, &d);
        break;
    default:
        sc = wz_scenario_parse("bench.html", data, len, 1, &d);
        break;
    }
    double t = now_ms() - t0;
    *npassages = sc ? sc->npassages : 0;
    *nerrors = d.errors;
    wz_scenario_free(sc);
    wz_diags_free(&d);
    return t;
}

static void bench_memory(int runs)
{
    size_t tlen, hlen;
    char *twee = make_twee(1000, "D674C58C-DEFA-4F70-B7A2-27742230C0FC", &tlen);
    wz_diags d;
    wz_diags_init(&d);
    wz_scenario *sc = wz_twee_read("bench.twee", twee, tlen, &d);
    char *html = twee_to_html(sc, 0, &hlen);
    size_t llen;
    char *line = twee_to_html(sc, 1, &llen); /* Twine-like: the whole story on one line */
    int total = sc->npassages;
    wz_scenario_free(sc);
    wz_diags_free(&d);

    static const char *const names[] = {
        "Twee read only", "HTML read only", "HTML read only, one long line",
        "Twee read+interpret+validate", "HTML read+interpret+validate"};
    printf("1,000-passage scenario in memory (%d passages, Twee %zu KB, HTML %zu KB), "
           "median of %d runs:\n",
           total, tlen / 1024, hlen / 1024, runs);
    double *v = wz_xcalloc((size_t)runs, sizeof *v);
    for (int m = TWEE_READ; m <= HTML_PARSE; m++) {
        const char *data = (m == TWEE_READ || m == TWEE_PARSE) ? twee : html;
        size_t len = (m == TWEE_READ || m == TWEE_PARSE) ? tlen : hlen;
        if (m == HTML_LINE_READ) {
            data = line;
            len = llen;
        }
        int np = 0, ne = 0;
        time_one((mode)m, data, len, &np, &ne); /* warm-up */
        for (int r = 0; r < runs; r++)
            v[r] = time_one((mode)m, data, len, &np, &ne);
        printf("  %-30s %8.3f ms   (%d passages, %d errors)%s\n", names[m], median(v, runs), np, ne,
               m == TWEE_PARSE ? "   target < 5 ms" : "");
    }
    free(v);
    free(twee);
    free(html);
    free(line);
}

static void bench_folder(int runs)
{
    char dir[] = "/tmp/wz_bench_readers_XXXXXX";
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return;
    }
    const int files = 200;
    for (int i = 0; i < files; i++) {
        char ifid[40];
        snprintf(ifid, sizeof ifid, "D674C58C-DEFA-4F70-B7A2-%012d", i);
        size_t len;
        char *text = make_twee(16, ifid, &len);
        char *path = wz_xasprintf("%s/scenario-%03d.twee", dir, i);
        if (wz_write_file_atomic(path, text, len) != 0) perror(path);
        free(path);
        free(text);
    }
    double *v = wz_xcalloc((size_t)runs, sizeof *v);
    int playable = 0, count = 0;
    for (int r = -1; r < runs; r++) {
        double t0 = now_ms();
        wz_library *lib = wz_library_load(dir, NULL);
        double t = now_ms() - t0;
        if (r >= 0) v[r] = t;
        playable = lib->playable;
        count = lib->count;
        wz_library_free(lib);
    }
    printf("Folder of %d generated scenarios (16 passages each) with wz_library_load, median of "
           "%d runs:\n  %-30s %8.3f ms   (%d files, %d playable)\n",
           files, runs, "library load", median(v, runs), count, playable);
    free(v);
    for (int i = 0; i < files; i++) {
        char *path = wz_xasprintf("%s/scenario-%03d.twee", dir, i);
        unlink(path);
        free(path);
    }
    rmdir(dir);
}

int main(int argc, char **argv)
{
    int runs = argc > 1 ? (int)strtol(argv[1], NULL, 10) : 21;
    if (runs < 1 || runs > 10000) runs = 21;
    bench_memory(runs);
    bench_folder(runs < 5 ? runs : 5);
    return 0;
}

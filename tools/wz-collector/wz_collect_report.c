/*
 * wz_collect_report: the collector's totals and its HTML report page.
 *
 * Both read every stored snapshot (one per kiosk, database instance and day: the highest
 * revision) and add
 * them with wz_totals, the kiosk's own summing code, so the collector can never disagree
 * with `wz-stats summary` about how to add. The page is plain server-rendered HTML with
 * inline SVG: it works with scripts off, loads nothing from elsewhere (the server sends a
 * Content-Security-Policy that forbids it), and every chart has a <title>, a <desc> and a
 * table with the same numbers for screen readers and for copying. Colours are never the
 * only carrier of meaning: each bar is labelled in words, and every colour has at least
 * 4.5:1 contrast with the white page.
 */
#include "wz_collect_report.h"

#include "wz_totals.h"
#include "wz_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct day_sum {
    char day[11];
    long long sessions;
} day_sum;

typedef struct loaded {
    wz_totals *t;
    day_sum *days; /* in day order */
    int ndays, cap;
} loaded;

static int load(sqlite3 *db, loaded *L, char **err)
{
    sqlite3_stmt *st = NULL;
    L->t = wz_totals_create();
    if (sqlite3_prepare_v2(db, "SELECT day, body FROM snapshots ORDER BY day, kiosk_id, instance",
                           -1, &st, NULL) != SQLITE_OK) {
        *err = wz_xasprintf("cannot read the snapshots: %s", sqlite3_errmsg(db));
        return -1;
    }
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *day = (const char *)sqlite3_column_text(st, 0);
        const char *body = (const char *)sqlite3_column_text(st, 1);
        cJSON *doc = body ? cJSON_Parse(body) : NULL;
        char *e = NULL;
        if (!doc || wz_totals_add_snapshot(L->t, doc, &e) != 0) {
            *err = wz_xasprintf("a stored snapshot (day %s) cannot be added: %s", day ? day : "?",
                                e ? e : "not JSON");
            free(e);
            cJSON_Delete(doc);
            sqlite3_finalize(st);
            return -1;
        }
        const cJSON *s = cJSON_GetObjectItemCaseSensitive(doc, "sessions");
        if (!L->ndays || strcmp(L->days[L->ndays - 1].day, day) != 0) {
            if (L->ndays == L->cap) {
                L->cap = L->cap ? L->cap * 2 : 64;
                L->days = wz_xrealloc(L->days, (size_t)L->cap * sizeof *L->days);
            }
            snprintf(L->days[L->ndays].day, sizeof L->days[0].day, "%s", day);
            L->days[L->ndays++].sessions = 0;
        }
        L->days[L->ndays - 1].sessions += (long long)s->valuedouble;
        cJSON_Delete(doc);
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) {
        *err = wz_xasprintf("cannot read the snapshots: %s", sqlite3_errmsg(db));
        return -1;
    }
    return 0;
}

static void unload(loaded *L)
{
    wz_totals_destroy(L->t);
    free(L->days);
}

/* Hands a message to the caller, who may not want it (err NULL). */
static void give(char **err, char *msg)
{
    if (err)
        *err = msg;
    else
        free(msg);
}

char *wz_collect_report_totals(sqlite3 *db, const char *format, char **err)
{
    loaded L = {0};
    char *out = NULL, *e = NULL;
    if (load(db, &L, &e) == 0) {
        out = wz_totals_render(L.t, format);
        if (!out) e = wz_xasprintf("unknown format \"%s\"", format ? format : "");
    }
    unload(&L);
    give(err, e);
    return out;
}

/* ---- the page ---- */

static void esc(wz_buf *b, const char *s)
{
    for (; s && *s; s++) {
        switch (*s) {
        case '&':
            wz_buf_puts(b, "&amp;");
            break;
        case '<':
            wz_buf_puts(b, "&lt;");
            break;
        case '>':
            wz_buf_puts(b, "&gt;");
            break;
        case '"':
            wz_buf_puts(b, "&quot;");
            break;
        case '\'':
            wz_buf_puts(b, "&#39;");
            break;
        default:
            /* A control character is shown, not passed on (XML forbids most of them). */
            if ((unsigned char)*s < 0x20 || *s == 0x7f)
                wz_buf_printf(b, "\\x%02x", (unsigned char)*s);
            else
                wz_buf_putc(b, *s);
        }
    }
}

/* Copies label into out[size], cut with "..." when longer, never inside a UTF-8
 * character (a cut one would show as a replacement character, or break the page). */
static void cut_label(const char *label, char *out, size_t size)
{
    size_t n = strlen(label);
    if (n < size) {
        memcpy(out, label, n + 1);
        return;
    }
    n = size - 4;
    while (n > 0 && ((unsigned char)label[n] & 0xc0) == 0x80) /* a continuation byte */
        n--;
    memcpy(out, label, n);
    memcpy(out + n, "...", 4);
}

static long long num(const cJSON *o, const char *k)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    return cJSON_IsNumber(v) ? (long long)v->valuedouble : 0;
}

static const char *str(const cJSON *o, const char *k)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    return cJSON_IsString(v) ? v->valuestring : "";
}

/* Colours: each has >= 4.5:1 contrast on white, and is paired with a word. */
static const char *class_colour(const char *cls)
{
    if (strcmp(cls, "safe") == 0) return "#1a7431";
    if (strcmp(cls, "risky") == 0) return "#b3261e";
    if (strcmp(cls, "mixed") == 0) return "#8a5300";
    return "#4a4a4a";
}

/* Visits per day: one bar a day, axis labels at the ends and the maximum. */
static void chart_days(wz_buf *b, int *charts, const loaded *L)
{
    long long max = 1, total = 0;
    for (int i = 0; i < L->ndays; i++) {
        if (L->days[i].sessions > max) max = L->days[i].sessions;
        total += L->days[i].sessions;
    }
    const int W = 880, H = 240, left = 50, bottom = 30, top = 10;
    int n = L->ndays ? L->ndays : 1;
    double bw = (double)(W - left - 10) / n;
    int id = ++*charts;
    wz_buf_printf(b,
                  "<figure><svg id=\"chart-visits-per-day\" class=\"chart\" role=\"img\" "
                  "viewBox=\"0 0 %d %d\" width=\"100%%\" aria-labelledby=\"t%d d%d\">"
                  "<title id=\"t%d\">Visits per day</title>"
                  "<desc id=\"d%d\">Bar chart of %d days from %s to %s: %lld visits in all, "
                  "at most %lld on one day.</desc>",
                  W, H, id, id, id, id, L->ndays, L->ndays ? L->days[0].day : "-",
                  L->ndays ? L->days[L->ndays - 1].day : "-", total, max);
    wz_buf_printf(b,
                  "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#222\"/>"
                  "<text x=\"%d\" y=\"%d\" text-anchor=\"end\" class=\"ax\">%lld</text>"
                  "<text x=\"%d\" y=\"%d\" text-anchor=\"end\" class=\"ax\">0</text>",
                  left, H - bottom, W - 5, H - bottom, left - 6, top + 10, max, left - 6,
                  H - bottom);
    for (int i = 0; i < L->ndays; i++) {
        double h = (double)(H - bottom - top) * (double)L->days[i].sessions / (double)max;
        wz_buf_printf(b,
                      "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
                      "fill=\"#1f4e99\"><title>%s: %lld visits</title></rect>",
                      left + i * bw + bw * 0.1, H - bottom - h, bw * 0.8 > 0.5 ? bw * 0.8 : 0.5, h,
                      L->days[i].day, L->days[i].sessions);
    }
    if (L->ndays) {
        wz_buf_printf(b,
                      "<text x=\"%d\" y=\"%d\" class=\"ax\">%s</text>"
                      "<text x=\"%d\" y=\"%d\" text-anchor=\"end\" class=\"ax\">%s</text>",
                      left, H - 8, L->days[0].day, W - 5, H - 8, L->days[L->ndays - 1].day);
    }
    wz_buf_puts(b, "</svg><figcaption>Visits (sessions started) per day, all kiosks."
                   "</figcaption></figure>\n<details><summary>Visits per day as a table"
                   "</summary><table><thead><tr><th scope=\"col\">Day</th>"
                   "<th scope=\"col\">Visits</th></tr></thead><tbody>");
    for (int i = 0; i < L->ndays; i++)
        wz_buf_printf(b, "<tr><td>%s</td><td>%lld</td></tr>", L->days[i].day, L->days[i].sessions);
    wz_buf_puts(b, "</tbody></table></details>\n");
}

/* Horizontal labelled bars: rows of (label, value, colour). */
typedef struct hbar {
    const char *label;
    const char *word; /* shown after the number, e.g. "safe" */
    long long value;
    const char *colour;
} hbar;

static void chart_hbars(wz_buf *b, int *charts, const char *css_id, const char *title,
                        const char *desc, const hbar *rows, int n)
{
    long long max = 1;
    for (int i = 0; i < n; i++)
        if (rows[i].value > max) max = rows[i].value;
    const int W = 880, row = 26, label_w = 330, bar_w = 400;
    int H = n * row + 10;
    int id = ++*charts;
    wz_buf_printf(b,
                  "<svg id=\"%s\" class=\"chart\" role=\"img\" viewBox=\"0 0 %d %d\" "
                  "width=\"100%%\" aria-labelledby=\"t%d d%d\"><title id=\"t%d\">",
                  css_id, W, H, id, id, id);
    esc(b, title);
    wz_buf_printf(b, "</title><desc id=\"d%d\">", id);
    esc(b, desc);
    wz_buf_puts(b, "</desc>");
    for (int i = 0; i < n; i++) {
        int y = 5 + i * row;
        double w = (double)bar_w * (double)rows[i].value / (double)max;
        wz_buf_printf(b, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\" class=\"lb\">", label_w - 8,
                      y + 17);
        /* Long labels are cut for the drawing; the table below has them whole. */
        char cut[48];
        cut_label(rows[i].label, cut, sizeof cut);
        esc(b, cut);
        wz_buf_printf(b,
                      "</text><rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\">"
                      "<title>",
                      label_w, y + 3, w, row - 8, rows[i].colour);
        esc(b, rows[i].label);
        wz_buf_printf(b, ": %lld%s%s</title></rect><text x=\"%.1f\" y=\"%d\" class=\"lb\">%lld",
                      rows[i].value, rows[i].word ? " " : "", rows[i].word ? rows[i].word : "",
                      label_w + w + 6, y + 17, rows[i].value);
        if (rows[i].word) {
            wz_buf_puts(b, " ");
            esc(b, rows[i].word);
        }
        wz_buf_puts(b, "</text>");
    }
    wz_buf_puts(b, "</svg>\n<details><summary>As a table</summary><table><tbody>");
    for (int i = 0; i < n; i++) {
        wz_buf_puts(b, "<tr><th scope=\"row\">");
        esc(b, rows[i].label);
        wz_buf_printf(b, "</th><td>%lld</td><td>", rows[i].value);
        esc(b, rows[i].word ? rows[i].word : "");
        wz_buf_puts(b, "</td></tr>");
    }
    wz_buf_puts(b, "</tbody></table></details>\n");
}

static void scenario_section(wz_buf *b, int *charts, const cJSON *sc, int k)
{
    const char *ifid = str(sc, "ifid");
    const cJSON *end = cJSON_GetObjectItemCaseSensitive(sc, "endings");
    char *title, *desc, *idbuf;
    wz_buf_puts(b, "<section class=\"scenario\"><h3>Scenario ");
    esc(b, ifid);
    wz_buf_puts(b, "</h3>\n");

    hbar rows[6] = {
        {"Started", NULL, num(sc, "started"), "#1f4e99"},
        {"Completed (reached an ending)", NULL, num(sc, "completed"), "#1f4e99"},
        {"Abandoned (left or timed out)", NULL, num(sc, "abandoned"), "#4a4a4a"},
        {"Ending: safe", "safe", num(end, "safe"), class_colour("safe")},
        {"Ending: mixed", "mixed", num(end, "mixed"), class_colour("mixed")},
        {"Ending: risky", "risky", num(end, "risky"), class_colour("risky")},
    };
    title = wz_xasprintf("Starts, completions and endings of scenario %s", ifid);
    desc = wz_xasprintf("%lld started, %lld completed, %lld abandoned; endings: %lld safe, "
                        "%lld mixed, %lld risky.",
                        rows[0].value, rows[1].value, rows[2].value, rows[3].value, rows[4].value,
                        rows[5].value);
    idbuf = wz_xasprintf("chart-scenario-%d", k);
    chart_hbars(b, charts, idbuf, title, desc, rows, 6);
    free(title);
    free(desc);
    free(idbuf);

    /* Choices grouped by decision (passage); wz_totals sorts them by passage, index. */
    const cJSON *choices = cJSON_GetObjectItemCaseSensitive(sc, "choices");
    const cJSON *c = choices ? choices->child : NULL;
    int d = 0;
    while (c) {
        const char *passage = str(c, "passage");
        hbar opts[64];
        int n = 0;
        long long total = 0;
        const cJSON *first = c;
        for (; c && strcmp(str(c, "passage"), passage) == 0; c = c->next) {
            if (n < (int)WZ_ARRAY_LEN(opts)) {
                opts[n].label = str(c, "target");
                opts[n].word = str(c, "class");
                opts[n].value = num(c, "count");
                opts[n].colour = class_colour(opts[n].word);
                n++;
            }
            total += num(c, "count");
        }
        (void)first;
        wz_buf_puts(b, "<h4>Decision at &ldquo;");
        esc(b, passage);
        wz_buf_printf(b, "&rdquo; (%lld choices made)</h4>\n", total);
        title = wz_xasprintf("How visitors chose at %s", passage);
        wz_buf desc_b;
        wz_buf_init(&desc_b, 4096);
        wz_buf_printf(&desc_b, "%lld choices:", total);
        for (int i = 0; i < n; i++)
            wz_buf_printf(&desc_b, " %s %lld (%s)%s", opts[i].label, opts[i].value, opts[i].word,
                          i + 1 < n ? ";" : ".");
        idbuf = wz_xasprintf("chart-choices-%d-%d", k, d++);
        chart_hbars(b, charts, idbuf, title, desc_b.data ? desc_b.data : "", opts, n);
        free(idbuf);
        free(title);
        wz_buf_free(&desc_b);
    }
    if (!d) wz_buf_puts(b, "<p>No choices recorded yet.</p>\n");
    wz_buf_puts(b, "</section>\n");
}

char *wz_collect_report_page(sqlite3 *db, time_t now, char **err)
{
    loaded L = {0};
    wz_buf b;
    char *e = NULL;
    if (load(db, &L, &e) < 0) {
        unload(&L);
        give(err, e);
        return NULL;
    }
    give(err, NULL);
    cJSON *doc = wz_totals_to_json(L.t);
    char when[40];
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(when, sizeof when, "%Y-%m-%d %H:%M UTC", &tm);
    int charts = 0; /* numbers the charts' title and description ids */
    wz_buf_init(&b, 0);
    wz_buf_puts(&b,
                "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                "<title>Warning Zone: visits and choices</title><style>"
                "body{font-family:system-ui,sans-serif;color:#111;background:#fff;max-width:60em;"
                "margin:0 auto;padding:1em;line-height:1.5}"
                "h1,h2,h3,h4{line-height:1.2}.chart{max-width:100%;height:auto}"
                ".ax,.lb{font-size:14px;fill:#111}table{border-collapse:collapse}"
                "td,th{border:1px solid #999;padding:.2em .6em;text-align:left}"
                "dl.k{display:grid;grid-template-columns:max-content auto;gap:.2em 1em}"
                "dt{font-weight:bold}"
                "</style></head><body>\n<header><h1>Warning Zone: visits and choices</h1>\n");
    wz_buf_printf(&b, "<p>Made %s from the anonymous daily totals the kiosks sent.</p></header>\n",
                  when);
    wz_buf_puts(&b, "<main>\n<section><h2>In short</h2><dl class=\"k\">");
    wz_buf_printf(&b,
                  "<dt>Visits</dt><dd>%lld</dd><dt>Kiosks</dt><dd>%lld</dd>"
                  "<dt>Days</dt><dd>%lld (%s to %s)</dd></dl></section>\n",
                  num(doc, "sessions"), num(doc, "kiosks"), num(doc, "days"),
                  str(doc, "first_day")[0] ? str(doc, "first_day") : "-",
                  str(doc, "last_day")[0] ? str(doc, "last_day") : "-");
    wz_buf_puts(&b, "<section><h2>Visits per day</h2>\n");
    chart_days(&b, &charts, &L);
    wz_buf_puts(&b, "</section>\n<section><h2>Scenarios</h2>\n");
    const cJSON *scs = cJSON_GetObjectItemCaseSensitive(doc, "scenarios");
    int k = 0;
    for (const cJSON *sc = scs ? scs->child : NULL; sc; sc = sc->next)
        scenario_section(&b, &charts, sc, k++);
    if (!k) wz_buf_puts(&b, "<p>No scenario has been played yet.</p>\n");
    wz_buf_puts(&b, "</section>\n</main></body></html>\n");
    cJSON_Delete(doc);
    unload(&L);
    return wz_buf_steal(&b);
}

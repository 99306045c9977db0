/* wz_collect_table: a report table as HTML, CSV and JSON (see wz_collect_table.h). */
#include "wz_collect_table.h"

#include "wz_interval.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

typedef enum { CELL_TEXT, CELL_COUNT, CELL_SHARE, CELL_VALUE } cell_kind;

typedef struct cell {
    cell_kind kind;
    char *text;
    long long n, of;
    double v;        /* CELL_VALUE */
    char value_kind; /* CELL_VALUE: 's' share, 'p' percentage points */
    int shown;       /* CELL_VALUE */
} cell;

struct wz_collect_table {
    char *name;
    char **cols;
    int ncols;
    cell *cells;
    int ncells, cap;
};

wz_collect_table *wz_collect_table_new(const char *name, const char *const *cols, int ncols)
{
    wz_collect_table *t = wz_xcalloc(1, sizeof *t);
    t->name = wz_xstrdup(name);
    t->ncols = ncols;
    t->cols = wz_xcalloc((size_t)ncols, sizeof *t->cols);
    for (int i = 0; i < ncols; i++)
        t->cols[i] = wz_xstrdup(cols[i]);
    return t;
}

void wz_collect_table_free(wz_collect_table *t)
{
    if (!t) return;
    for (int i = 0; i < t->ncells; i++)
        free(t->cells[i].text);
    for (int i = 0; i < t->ncols; i++)
        free(t->cols[i]);
    free(t->cells);
    free(t->cols);
    free(t->name);
    free(t);
}

static cell *add(wz_collect_table *t, cell_kind kind)
{
    if (t->ncells == t->cap) {
        t->cap = t->cap ? t->cap * 2 : 64;
        t->cells = wz_xrealloc(t->cells, (size_t)t->cap * sizeof *t->cells);
    }
    cell *c = &t->cells[t->ncells++];
    memset(c, 0, sizeof *c);
    c->kind = kind;
    return c;
}

void wz_collect_table_text(wz_collect_table *t, const char *text)
{
    add(t, CELL_TEXT)->text = wz_xstrdup(text ? text : "");
}

void wz_collect_table_count(wz_collect_table *t, long long n)
{
    add(t, CELL_COUNT)->n = n;
}

void wz_collect_table_share(wz_collect_table *t, long long part, long long whole)
{
    cell *c = add(t, CELL_SHARE);
    c->n = part;
    c->of = whole;
}

void wz_collect_table_value(wz_collect_table *t, char kind, double v, int shown)
{
    cell *c = add(t, CELL_VALUE);
    c->value_kind = kind;
    c->v = v;
    c->shown = shown;
}

int wz_collect_table_rows(const wz_collect_table *t)
{
    return t->ncells / t->ncols;
}

const char *wz_collect_table_name(const wz_collect_table *t)
{
    return t->name;
}

static int hidden(const cell *c)
{
    if (c->kind == CELL_COUNT) return c->n < WZ_COLLECT_SUPPRESS;
    if (c->kind == CELL_SHARE) return c->n < WZ_COLLECT_SUPPRESS || c->of < WZ_COLLECT_SUPPRESS;
    if (c->kind == CELL_VALUE) return !c->shown;
    return 0;
}

/* A number or share as words for people (HTML, CSV); NULL for text. */
static void figure(wz_buf *b, const cell *c)
{
    if (hidden(c))
        wz_buf_puts(b, "fewer than 10");
    else if (c->kind == CELL_COUNT)
        wz_buf_printf(b, "%lld", c->n);
    else if (c->kind == CELL_SHARE)
        wz_buf_printf(b, "%.0f%%", 100.0 * (double)c->n / (double)c->of);
    else {
        char v[32];
        if (c->value_kind == 's')
            wz_interval_percent(v, sizeof v, c->v);
        else
            wz_interval_points(v, sizeof v, c->v);
        wz_buf_puts(b, v);
    }
}

void wz_collect_html_esc(wz_buf *b, const char *s)
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

void wz_collect_table_html(const wz_collect_table *t, wz_buf *b)
{
    wz_buf_printf(b, "<table id=\"table-%s\"><thead><tr>", t->name);
    for (int i = 0; i < t->ncols; i++) {
        int number = t->ncells > i && t->cells[i].kind != CELL_TEXT; /* as the first row */
        wz_buf_printf(b, "<th scope=\"col\"%s>", number ? " class=\"n\"" : "");
        wz_collect_html_esc(b, t->cols[i]);
        wz_buf_puts(b, "</th>");
    }
    wz_buf_puts(b, "</tr></thead><tbody>");
    for (int i = 0; i < t->ncells; i++) {
        const cell *c = &t->cells[i];
        if (i % t->ncols == 0) wz_buf_puts(b, "<tr>");
        if (c->kind == CELL_TEXT) {
            wz_buf_puts(b, i % t->ncols ? "<td>" : "<th scope=\"row\">");
            wz_collect_html_esc(b, c->text);
            wz_buf_puts(b, i % t->ncols ? "</td>" : "</th>");
        } else {
            wz_buf_puts(b, hidden(c) ? "<td class=\"n few\">" : "<td class=\"n\">");
            figure(b, c);
            wz_buf_puts(b, "</td>");
        }
        if (i % t->ncols == t->ncols - 1) wz_buf_puts(b, "</tr>");
    }
    if (!t->ncells)
        wz_buf_printf(b, "<tr><td colspan=\"%d\">Nothing in this period.</td></tr>", t->ncols);
    wz_buf_puts(b, "</tbody></table>\n");
}

/* RFC 4180 field; text that a spreadsheet would run as a formula is prefixed with '. */
static void csv_field(wz_buf *b, const char *s)
{
    wz_buf_putc(b, '"');
    if (strchr("=+-@\t\r", *s) && *s) wz_buf_putc(b, '\'');
    for (; *s; s++) {
        if (*s == '"') wz_buf_putc(b, '"');
        wz_buf_putc(b, *s);
    }
    wz_buf_putc(b, '"');
}

void wz_collect_table_csv(const wz_collect_table *t, wz_buf *b)
{
    for (int i = 0; i < t->ncols; i++) {
        if (i) wz_buf_putc(b, ',');
        csv_field(b, t->cols[i]);
    }
    wz_buf_puts(b, "\r\n");
    for (int i = 0; i < t->ncells; i++) {
        const cell *c = &t->cells[i];
        if (c->kind == CELL_TEXT) {
            csv_field(b, c->text);
        } else {
            wz_buf f;
            wz_buf_init(&f, 0);
            figure(&f, c);
            wz_buf_puts(b, f.data ? f.data : "");
            wz_buf_free(&f);
        }
        wz_buf_puts(b, i % t->ncols == t->ncols - 1 ? "\r\n" : ",");
    }
}

void wz_collect_table_json(const wz_collect_table *t, wz_buf *b)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "table", t->name);
    cJSON_AddNumberToObject(o, "suppressed_below", WZ_COLLECT_SUPPRESS);
    cJSON *cols = cJSON_AddArrayToObject(o, "columns");
    for (int i = 0; i < t->ncols; i++)
        cJSON_AddItemToArray(cols, cJSON_CreateString(t->cols[i]));
    cJSON *rows = cJSON_AddArrayToObject(o, "rows"), *row = NULL;
    for (int i = 0; i < t->ncells; i++) {
        const cell *c = &t->cells[i];
        if (i % t->ncols == 0) cJSON_AddItemToArray(rows, row = cJSON_CreateArray());
        cJSON *v;
        if (c->kind == CELL_TEXT) {
            v = cJSON_CreateString(c->text);
        } else if (hidden(c)) {
            v = cJSON_CreateObject();
            cJSON_AddNumberToObject(v, "fewer_than", WZ_COLLECT_SUPPRESS);
        } else if (c->kind == CELL_COUNT) {
            v = cJSON_CreateNumber((double)c->n);
        } else if (c->kind == CELL_VALUE) {
            v = cJSON_CreateNumber(c->v);
        } else {
            v = cJSON_CreateNumber((double)(c->n * 1000 / c->of) / 1000.0);
        }
        cJSON_AddItemToArray(row, v);
    }
    char *s = cJSON_PrintUnformatted(o);
    cJSON_Delete(o);
    wz_buf_puts(b, s);
    cJSON_free(s);
}

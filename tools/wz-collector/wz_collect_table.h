/*
 * wz_collect_table: one table of the report, drawn three ways (HTML, CSV, JSON) from the
 * same cells, so the page, the download and the machine-readable copy can never disagree.
 *
 * Suppression lives here, once: a count below WZ_COLLECT_SUPPRESS is written "fewer than
 * 10" (CSV and HTML) or {"fewer_than":10} (JSON); a share is written only when both its
 * part and its whole are WZ_COLLECT_SUPPRESS or more, otherwise the same way. So no figure
 * about fewer than ten visits (or plays, or choices) leaves the collector.
 */
#ifndef WZ_COLLECT_TABLE_H
#define WZ_COLLECT_TABLE_H

#include "wz_util.h"

#define WZ_COLLECT_SUPPRESS 10

typedef struct wz_collect_table wz_collect_table;

/* name: the table's id in URLs ("periods"); cols: column headings, ncols of them. */
wz_collect_table *wz_collect_table_new(const char *name, const char *const *cols, int ncols);
void wz_collect_table_free(wz_collect_table *t); /* accepts NULL */
/* Cells are added left to right, row by row (a row ends after ncols cells). */
void wz_collect_table_text(wz_collect_table *t, const char *text);
void wz_collect_table_count(wz_collect_table *t, long long n);
void wz_collect_table_share(wz_collect_table *t, long long part, long long whole);
/* A figure worked out and suppressed elsewhere (the knowledge check's shares and
 * differences, wz_interval.h): written as "fewer than 10" unless shown. kind: 's' a share
 * (0.417: "42%"), 'p' a difference in percentage points (0.125: "+12"). JSON gets the value
 * itself, so a share is 0.417 and a difference 0.125 there. */
void wz_collect_table_value(wz_collect_table *t, char kind, double v, int shown);
int wz_collect_table_rows(const wz_collect_table *t);
const char *wz_collect_table_name(const wz_collect_table *t);

/* Appends the table to b. */
void wz_collect_table_html(const wz_collect_table *t, wz_buf *b);
void wz_collect_table_csv(const wz_collect_table *t, wz_buf *b);
void wz_collect_table_json(const wz_collect_table *t, wz_buf *b);
/* Appends s to b escaped for HTML text and attributes. */
void wz_collect_html_esc(wz_buf *b, const char *s);

#endif

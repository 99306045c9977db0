/*
 * wz_collect_board: the report the Partnership reads and pastes into a board paper.
 *
 * One query (a date range; day, month or quarter; all kiosks, per kiosk or per site; a
 * format) gives seven tables from the stored snapshots: visits and plays per period, per
 * audience, per topic, per scenario (completion, the mix of endings), the share of each
 * choice, spot-the-signs results and rating agreement. The page is server-made HTML with
 * inline SVG (no scripts) that prints as a clean A4 summary; each table also downloads as
 * CSV or JSON. Figures about fewer than ten visits are never shown (wz_collect_table).
 * Scenarios are named by a snapshot's "scenario_info" and kiosks grouped by its "site".
 */
#ifndef WZ_COLLECT_BOARD_H
#define WZ_COLLECT_BOARD_H

#include <sqlite3.h>
#include <time.h>

typedef struct wz_collect_query {
    char from[11], to[11]; /* YYYY-MM-DD, or "" for no bound */
    char view[8];          /* "day", "month" or "quarter" */
    char by[8];            /* "all", "kiosk" or "site" */
    char format[8];        /* "html", "csv" or "json" */
    char table[16];        /* csv/json: one table's name; "" for all (json) */
} wz_collect_query;

/* The defaults: everything, by month, all kiosks, HTML. */
void wz_collect_query_init(wz_collect_query *q);
/* Sets one parameter from a URL. Unknown names are ignored (e.g. "token"). Returns 0, or
 * -1 with a new message in *err saying what is allowed. */
int wz_collect_query_set(wz_collect_query *q, const char *name, const char *value, char **err);
/* The query as a canonical URL query string (its cache key): new string, caller frees. */
char *wz_collect_query_key(const wz_collect_query *q);
/* Parses a canonical key back. Returns 0 or -1 with *err. */
int wz_collect_query_parse(const char *key, wz_collect_query *q, char **err);
/* The content type of the query's answer. */
const char *wz_collect_query_content_type(const wz_collect_query *q);

/* The answer for q: the page, a CSV table or JSON. New string, or NULL with *err. */
char *wz_collect_board_make(sqlite3 *db, time_t now, const wz_collect_query *q, char **err);

/* The same answer from snapshots given one by one (wz-stats makes the kiosk's own copy
 * of the report this way, so both sides are drawn by this code): add each stored
 * snapshot in day order (the latest facts win); days outside the query's range are
 * skipped. Render may be called once. */
#include <cjson/cJSON.h>
typedef struct wz_collect_board wz_collect_board;
wz_collect_board *wz_collect_board_new(const wz_collect_query *q);
void wz_collect_board_add(wz_collect_board *b, const char *kiosk, const char *day,
                          const cJSON *snapshot);
char *wz_collect_board_render(wz_collect_board *b, time_t now);
void wz_collect_board_free(wz_collect_board *b); /* accepts NULL */

#endif

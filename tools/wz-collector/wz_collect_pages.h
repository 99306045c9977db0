/*
 * wz_collect_pages: the report's answers, made off the HTTP thread and kept.
 *
 * Making the page reads every stored snapshot, which takes seconds on a large database;
 * done on the HTTP thread it would hold every upload meanwhile. So a thread of its own,
 * with its own SQLite connection, makes it, and keeps the latest copy. A request is
 * answered from that copy at once when no figures have been stored since it was made.
 * Otherwise the request's connection is suspended (no thread waits), the thread makes a
 * new page and resumes it; so the page always shows what had been stored when it was
 * asked for. To keep a busy collector's report from eating its CPU, a new page is made
 * at most every twice the time the last one took: a request sooner than that gets the
 * copy there is. Each query (date range, view, format: wz_collect_query_key) has its own
 * copy; the eight asked for most recently are kept.
 */
#ifndef WZ_COLLECT_PAGES_H
#define WZ_COLLECT_PAGES_H

#include <microhttpd.h>
#include <sqlite3.h>
#include <stdatomic.h>

typedef struct wz_collect_pages wz_collect_pages;

/* db: a connection for the thread alone (closed by _stop). generation: rises whenever new
 * figures are stored. Returns NULL with *err when the thread cannot start. */
wz_collect_pages *wz_collect_pages_start(sqlite3 *db, atomic_ullong *generation, char **err);
/* Stops the thread, resuming any connection still waiting. Accepts NULL. */
void wz_collect_pages_stop(wz_collect_pages *p);
/*
 * The answer to query key (wz_collect_query_key) for connection c (suspended by the
 * server with MHD_ALLOW_SUSPEND_RESUME).
 * Returns 1 with *page a new copy of the page (NULL when none could be made), or 0 when c
 * has been suspended: it is resumed when a new page is made; then call again with waited
 * set, which always returns 1.
 */
int wz_collect_pages_get(wz_collect_pages *p, struct MHD_Connection *c, const char *key, int waited,
                         char **page);

#endif

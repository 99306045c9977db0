/*
 * wz_collect_report: what the collector tells the Partnership, from its stored snapshots.
 *
 * The totals (text, JSON, CSV) are made by the kiosk's own wz_totals code over the
 * latest revision of every (kiosk, database instance, day), so `wz-collector report
 * --format=json` has exactly the shape of `wz-stats summary --format=json`, summed over
 * kiosks and instances. The HTML page, with its filters and suppression, is
 * wz_collect_board.
 */
#ifndef WZ_COLLECT_REPORT_H
#define WZ_COLLECT_REPORT_H

#include <sqlite3.h>
#include <time.h>

/* format: "text", "json" or "csv". Returns a new string (caller frees) or NULL with a
 * new message in *err. */
char *wz_collect_report_totals(sqlite3 *db, const char *format, char **err);

#endif

/*
 * wz_stats_cmd: the sub-commands of wz-stats, so that each can live in its own file
 * (export.c writes the spreadsheet files; upload.c runs one upload pass).
 *
 * wz_stats_cmd_upload receives every argument after the program name (global options
 * such as --db and --config included, in any position) and returns the exit status:
 * 0 success, 1 the work failed (database, files, network), 2 usage error.
 */
#ifndef WZ_STATS_CMD_H
#define WZ_STATS_CMD_H

#include "wz_collect_board.h"

#include <sqlite3.h>

int wz_stats_cmd_upload(int argc, char **argv);

/* Writes the CSV files and README.txt of `wz-stats export` into dir (created if needed;
 * existing files of the same names are replaced atomically). Days from..to inclusive,
 * either NULL for open. Returns 0, or -1 with a new message in *err. */
int wz_stats_export_dir(sqlite3 *db, const char *dir, const char *from, const char *to,
                        const char *kiosk_id, char **err);

/* The Partnership's report (the collector's tables, format and filters of q) from this
 * kiosk's days: a new string, or NULL with *err (report.c). */
char *wz_stats_report(sqlite3 *db, const char *kiosk_id, const wz_collect_query *q, char **err);
/* Writes each report table, by month for all of from..to, as report-<table>.csv into dir
 * (the files the collector's report page offers for download). 0, or -1 with *err. */
int wz_stats_export_report(sqlite3 *db, const char *dir, const char *from, const char *to,
                           const char *kiosk_id, char **err);

#endif

/*
 * wz-stats: the kiosk's anonymous statistics for staff.
 *
 * Every number it prints is a sum of the same day snapshots the kiosk uploads (computed
 * fresh from the database, through wz_aggregate and wz_totals), so `summary` on a kiosk
 * and `wz-collector report` at the Partnership can never disagree about what a day held.
 * It only reads the statistics (summary, export); `prune` deletes raw events past the
 * retention period, keeping their totals. Options may stand before or after the command.
 */
#include "wz_stats_cmd.h"

#include "wz_aggregate.h"
#include "wz_config.h"
#include "wz_db.h"
#include "wz_recorder.h"
#include "wz_library.h"
#include "wz_totals.h"
#include "wz_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define DEFAULT_CONFIG "/etc/wz-kiosk/kiosk.ini"

/* The upload work provides this in upload.c; a build without it says so. */
extern int wz_stats_cmd_upload(int argc, char **argv) __attribute__((weak));

static void usage(FILE *out)
{
    fputs("Usage:\n"
          "  wz-stats [--db FILE] [--config FILE] summary [--format=text|json|csv]\n"
          "           [--from YYYY-MM-DD] [--to YYYY-MM-DD]\n"
          "  wz-stats [--db FILE] [--config FILE] summary --report [--format=json|csv|html]\n"
          "           [--table NAME] [--view day|month|quarter] [--by all|kiosk|site]\n"
          "           [--from YYYY-MM-DD] [--to YYYY-MM-DD]\n"
          "  wz-stats [--db FILE] [--config FILE] export DIR [--from DAY] [--to DAY]\n"
          "  wz-stats [--db FILE|--config FILE] upload [--url URL] [--token-file FILE]\n"
          "  wz-stats [--db FILE] [--config FILE] prune [--days N]\n"
          "\n"
          "summary  totals of the anonymous statistics: sessions, visits by hour, and for\n"
          "         each scenario started, completed, abandoned, endings and choices.\n"
          "         With --report: the Partnership's report tables for this kiosk, as the\n"
          "         collector's report page gives them (periods, audiences, topics,\n"
          "         scenarios, choices, spot, ratings, knowledge; figures under 10 not\n"
          "         shown).\n"
          "export   CSV files for a spreadsheet (UTF-8), with README.txt explaining them.\n"
          "upload   one upload pass to the collector now.\n"
          "prune    delete raw events older than N days (default: retention_days from the\n"
          "         configuration, 90); their daily totals are kept.\n"
          "\n"
          "--db FILE      the statistics database (default: db_path in the configuration)\n"
          "--config FILE  the kiosk configuration (default " DEFAULT_CONFIG ")\n"
          "\n"
          "Exit status: 0 done; 1 the work failed (no database, unreadable data, a file\n"
          "could not be written, upload not complete); 2 usage error.\n",
          out);
}

typedef struct opts {
    const char *cmd, *db, *config, *format, *from, *to, *dir, *days;
    const char *view, *by, *table; /* summary --report */
    int report;
} opts;

static int parse(int argc, char **argv, opts *o)
{
    memset(o, 0, sizeof *o);
    for (int i = 1; i < argc; i++) {
        int missing = 0;
        const char *v;
        const char *a = argv[i];
        if ((v = wz_opt_value(argc, argv, &i, "--db", &missing)))
            o->db = v;
        else if ((v = wz_opt_value(argc, argv, &i, "--config", &missing)))
            o->config = v;
        else if ((v = wz_opt_value(argc, argv, &i, "--format", &missing)))
            o->format = v;
        else if ((v = wz_opt_value(argc, argv, &i, "--from", &missing)))
            o->from = v;
        else if ((v = wz_opt_value(argc, argv, &i, "--to", &missing)))
            o->to = v;
        else if ((v = wz_opt_value(argc, argv, &i, "--days", &missing)))
            o->days = v;
        else if ((v = wz_opt_value(argc, argv, &i, "--view", &missing)))
            o->view = v;
        else if ((v = wz_opt_value(argc, argv, &i, "--by", &missing)))
            o->by = v;
        else if ((v = wz_opt_value(argc, argv, &i, "--table", &missing)))
            o->table = v;
        else if (strcmp(a, "--report") == 0)
            o->report = 1;
        else if (missing) {
            fprintf(stderr, "wz-stats: %s needs a value\n", a);
            return -1;
        } else if (!o->cmd && a[0] != '-')
            o->cmd = a;
        else if (o->cmd && strcmp(o->cmd, "export") == 0 && !o->dir && a[0] != '-')
            o->dir = a;
        else {
            fprintf(stderr, "wz-stats: unknown argument \"%s\" (see wz-stats --help)\n", a);
            return -1;
        }
    }
    return 0;
}

/* The database path and kiosk id from the options and the configuration. */
static int resolve(const opts *o, char **db_path, char **kiosk_id, int *retention,
                   char **scenarios_dir)
{
    wz_config cfg;
    wz_diags d;
    wz_config_defaults(&cfg);
    wz_diags_init(&d);
    const char *path = o->config ? o->config : DEFAULT_CONFIG;
    if ((o->config || access(path, F_OK) == 0) && wz_config_load(&cfg, path, &d) != 0) {
        wz_diags_print(&d, stderr);
        fprintf(stderr, "wz-stats: cannot read the configuration %s\n", path);
        wz_diags_free(&d);
        wz_config_free(&cfg);
        return -1;
    }
    wz_diags_free(&d);
    *db_path = wz_xstrdup(o->db ? o->db : cfg.db_path);
    *kiosk_id =
        wz_xstrdup(cfg.kiosk_id && wz_snapshot_kiosk_id_ok(cfg.kiosk_id) ? cfg.kiosk_id
                                                                         : WZ_AGGREGATE_LOCAL_ID);
    *retention = cfg.retention_days > 0 ? cfg.retention_days : 90;
    *scenarios_dir = wz_xstrdup(cfg.scenarios_dir);
    wz_config_free(&cfg);
    if (!*db_path) {
        fprintf(stderr, "wz-stats: no database given (use --db FILE)\n");
        free(*kiosk_id);
        free(*scenarios_dir);
        return -1;
    }
    return 0;
}

static int open_existing(const char *path, sqlite3 **db)
{
    if (access(path, F_OK) != 0) {
        fprintf(stderr, "wz-stats: there is no statistics database at %s\n", path);
        return -1;
    }
    char *err = NULL;
    if (wz_db_open(path, db, &err) != 0) {
        fprintf(stderr, "wz-stats: %s\n", err ? err : "cannot open the database");
        free(err);
        return -1;
    }
    return 0;
}

/* The report's query from the options; 0, or -1 having said what is wrong. */
static int report_query(const opts *o, wz_collect_query *q)
{
    wz_collect_query_init(q);
    const char *names[] = {"from", "to", "view", "by", "format", "table"};
    const char *vals[] = {o->from, o->to, o->view, o->by, o->format ? o->format : "json", o->table};
    for (size_t i = 0; i < WZ_ARRAY_LEN(names); i++) {
        char *err = NULL;
        if (vals[i] && wz_collect_query_set(q, names[i], vals[i], &err) != 0) {
            fprintf(stderr, "wz-stats: %s\n", err);
            free(err);
            return -1;
        }
    }
    if (strcmp(q->format, "csv") == 0 && !q->table[0]) {
        fprintf(stderr, "wz-stats: a CSV report needs --table (periods, audiences, topics, "
                        "scenarios, choices, spot, ratings or knowledge)\n");
        return -1;
    }
    return 0;
}

static int cmd_report(const wz_collect_query *q, sqlite3 *db, const char *kiosk_id)
{
    char *err = NULL, *out = wz_stats_report(db, kiosk_id, q, &err);
    if (!out) {
        fprintf(stderr, "wz-stats: %s\n", err ? err : "cannot make the report");
        free(err);
        return 1;
    }
    int rc = fputs(out, stdout) < 0 || fflush(stdout) != 0 ? 1 : 0;
    free(out);
    return rc;
}

static int cmd_summary(const opts *o, sqlite3 *db, const char *kiosk_id, const char *scenarios_dir)
{
    const char *format = o->format ? o->format : "text";
    wz_totals *t = wz_totals_create();
    if (strcmp(format, "text") == 0 && scenarios_dir && access(scenarios_dir, R_OK) == 0) {
        /* Titles make the text readable; the scenario files are on the kiosk anyway. */
        wz_library *lib = wz_library_load(scenarios_dir, NULL);
        for (int i = 0; lib && i < lib->count; i++)
            if (lib->entries[i].sc)
                wz_totals_set_title(t, lib->entries[i].sc->ifid, lib->entries[i].sc->title);
        wz_library_free(lib);
    }
    char *err = NULL;
    if (wz_aggregate_totals(db, o->from, o->to, kiosk_id, t, &err) != 0) {
        fprintf(stderr, "wz-stats: %s\n", err ? err : "cannot add up the statistics");
        free(err);
        wz_totals_destroy(t);
        return 1;
    }
    char *out = wz_totals_render(t, format);
    wz_totals_destroy(t);
    if (!out) return 1;
    int rc = fputs(out, stdout) < 0 || fflush(stdout) != 0 ? 1 : 0;
    free(out);
    return rc;
}

int main(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            usage(stdout);
            return 0;
        }
        if (strcmp(argv[i], "--version") == 0) {
            puts("wz-stats " WZ_VERSION);
            return 0;
        }
    }
    /* upload parses its own options (it has more of them). */
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "upload") == 0) {
            if (!wz_stats_cmd_upload) {
                fputs("upload is not available in this build yet\n", stderr);
                return 2;
            }
            return wz_stats_cmd_upload(argc - 1, argv + 1);
        }
        if (argv[i][0] != '-') break;   /* the command is something else */
        if (!strchr(argv[i], '=')) i++; /* skip an option's value */
    }
    opts o;
    if (parse(argc, argv, &o) != 0) return 2;
    if (!o.cmd) {
        usage(stderr);
        return 2;
    }
    int is_summary = strcmp(o.cmd, "summary") == 0, is_export = strcmp(o.cmd, "export") == 0,
        is_prune = strcmp(o.cmd, "prune") == 0;
    if (!is_summary && !is_export && !is_prune) {
        fprintf(stderr, "wz-stats: unknown command \"%s\" (see wz-stats --help)\n", o.cmd);
        return 2;
    }
    wz_collect_query rq;
    if ((o.report || o.view || o.by || o.table) && (!is_summary || !o.report)) {
        fprintf(stderr, "wz-stats: --view, --by and --table go with summary --report\n");
        return 2;
    }
    if (o.report && report_query(&o, &rq) != 0) return 2;
    if (o.format && !o.report &&
        (!is_summary || (strcmp(o.format, "text") != 0 && strcmp(o.format, "json") != 0 &&
                         strcmp(o.format, "csv") != 0))) {
        fprintf(stderr, "wz-stats: --format is text, json or csv, and only for summary\n");
        return 2;
    }
    if ((o.from && !wz_snapshot_day_ok(o.from)) || (o.to && !wz_snapshot_day_ok(o.to))) {
        fprintf(stderr, "wz-stats: --from and --to take a date written YYYY-MM-DD\n");
        return 2;
    }
    if (o.from && o.to && strcmp(o.from, o.to) > 0) {
        fprintf(stderr, "wz-stats: --from %s is after --to %s\n", o.from, o.to);
        return 2;
    }
    if (is_export && !o.dir) {
        fprintf(stderr, "wz-stats: export needs a folder to write into\n");
        return 2;
    }
    int days = 0;
    if (o.days) {
        char *end = NULL;
        long v = strtol(o.days, &end, 10);
        if (!is_prune || !end || *end || v < 1 || v > 36500) {
            fprintf(stderr, "wz-stats: --days takes a number of days from 1, with prune\n");
            return 2;
        }
        days = (int)v;
    }
    char *db_path = NULL, *kiosk_id = NULL, *scenarios_dir = NULL;
    int retention = 90;
    if (resolve(&o, &db_path, &kiosk_id, &retention, &scenarios_dir) != 0) return 1;
    int rc = 1;
    sqlite3 *db = NULL;
    if (open_existing(db_path, &db) == 0) {
        if (is_summary && o.report) {
            rc = cmd_report(&rq, db, kiosk_id);
        } else if (is_summary) {
            rc = cmd_summary(&o, db, kiosk_id, scenarios_dir);
        } else if (is_export) {
            char *err = NULL;
            rc = wz_stats_export_dir(db, o.dir, o.from, o.to, kiosk_id, &err) == 0 ? 0 : 1;
            if (rc)
                fprintf(stderr, "wz-stats: %s\n", err ? err : "export failed");
            else
                fprintf(stderr, "wz-stats: wrote the statistics to %s (see README.txt)\n", o.dir);
            free(err);
        } else {
            wz_db_close(db);
            db = NULL;
            int n = wz_recorder_prune(db_path, days ? days : retention, NULL);
            if (n >= 0)
                printf("deleted %d raw events older than %d days (their daily totals are kept)\n",
                       n, days ? days : retention);
            rc = n >= 0 ? 0 : 1;
        }
    }
    wz_db_close(db);
    free(db_path);
    free(kiosk_id);
    free(scenarios_dir);
    return rc;
}

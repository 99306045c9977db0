/*
 * wz-stats upload: one upload pass now, for staff and for tests.
 *
 *   wz-stats [--db FILE|--config FILE] upload [--url URL] [--token-file FILE]
 *                                             [--ca-file FILE] [--timeout SECONDS]
 *
 * It runs exactly the pass the kiosk's worker runs (wz_upload_pass), with the settings
 * of the configuration file, overridden by the options, and says in words what
 * happened. It does not wait and retry: a person (or a timer) runs it again. Exit 0 only
 * when every pending snapshot was acknowledged and, when nothing was waiting, the
 * collector answered its health check (wz_upload_check); 1 otherwise; 2 for a usage error.
 */
#include "wz_stats_cmd.h"

#include "wz_aggregate.h"
#include "wz_config.h"
#include "wz_db.h"
#include "wz_diag.h"
#include "wz_upload.h"
#include "wz_upload_check.h"
#include "wz_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* An option given on the command line replaces the configuration's value. */
static void override(char **field, const char *value)
{
    if (!value) return;
    free(*field);
    *field = wz_xstrdup(value);
}

int wz_stats_cmd_upload(int argc, char **argv)
{
    const char *db_path = NULL, *config = NULL, *url = NULL, *token_file = NULL, *ca_file = NULL,
               *timeout = NULL, *v;
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "upload") == 0) continue;
        if ((v = wz_opt_value(argc, argv, &i, "--db", NULL)))
            db_path = v;
        else if ((v = wz_opt_value(argc, argv, &i, "--config", NULL)))
            config = v;
        else if ((v = wz_opt_value(argc, argv, &i, "--url", NULL)))
            url = v;
        else if ((v = wz_opt_value(argc, argv, &i, "--token-file", NULL)))
            token_file = v;
        else if ((v = wz_opt_value(argc, argv, &i, "--ca-file", NULL)))
            ca_file = v;
        else if ((v = wz_opt_value(argc, argv, &i, "--timeout", NULL)))
            timeout = v;
        else {
            fprintf(stderr, "usage: wz-stats [--db FILE|--config FILE] upload [--url URL] "
                            "[--token-file FILE] [--ca-file FILE] [--timeout SECONDS]\n");
            return 2;
        }
    }

    wz_config cfg;
    wz_diags diags;
    wz_config_defaults(&cfg);
    wz_diags_init(&diags);
    /* Like the other commands: the default configuration is read when it exists. */
    const char *cpath = config ? config : "/etc/wz-kiosk/kiosk.ini";
    if ((config || access(cpath, F_OK) == 0) && wz_config_load(&cfg, cpath, &diags) < 0) {
        wz_diags_print(&diags, stderr);
        fprintf(stderr, "wz-stats: cannot read the configuration %s\n", cpath);
        wz_diags_free(&diags);
        wz_config_free(&cfg);
        return 1;
    }
    wz_diags_print(&diags, stderr);
    wz_diags_free(&diags);

    int rc = 1;
    sqlite3 *db = NULL;
    char *err = NULL;
    const char *path = db_path ? db_path : cfg.db_path;
    if (!path || access(path, F_OK) != 0) {
        fprintf(stderr, "wz-stats: there is no statistics database at %s\n", path ? path : "?");
        goto out;
    }
    if (wz_db_open(path, &db, &err) < 0) {
        fprintf(stderr, "wz-stats: cannot open %s: %s\n", path, err ? err : "?");
        free(err);
        goto out;
    }
    /* The options win over the file, for the pass and for the health check alike. */
    override(&cfg.upload_url, url);
    override(&cfg.token_file, token_file);
    override(&cfg.ca_file, ca_file);
    wz_upload_opts o = {
        .url = cfg.upload_url,
        .token_file = cfg.token_file,
        .ca_file = cfg.ca_file,
        .proxy = cfg.proxy,
        .kiosk_id = cfg.kiosk_id && wz_snapshot_kiosk_id_ok(cfg.kiosk_id) ? cfg.kiosk_id
                                                                          : WZ_AGGREGATE_LOCAL_ID,
        .timeout_s = timeout ? strtol(timeout, NULL, 10) : 0,
        .low_speed_time_s = timeout ? strtol(timeout, NULL, 10) : 0,
    };
    if (o.timeout_s < 0 || o.timeout_s > 3600) o.timeout_s = o.low_speed_time_s = 0;
    wz_upload_result r;
    char *words = NULL;
    wz_upload_pass(db, &o, &r, &words);
    printf("upload: %d snapshot(s) acknowledged in %d request(s)", r.acked, r.requests);
    if (r.pending >= 0) printf("; %d still pending", r.pending);
    if (r.set_aside) printf("; %d refused and kept aside", r.set_aside);
    printf("\n");
    if (words)
        fprintf(stderr, "wz-stats: upload %s: %s\n", wz_upload_outcome_name(r.outcome), words);
    free(words);
    if (r.retry_after_s > 0)
        fprintf(stderr, "wz-stats: the collector asked to wait %lld s before trying again\n",
                r.retry_after_s);
    rc = r.outcome == WZ_UPLOAD_DONE && r.pending == 0 && r.set_aside == 0 ? 0 : 1;
    if (rc == 0 && r.requests == 0) {
        /* Nothing was waiting, so nothing was sent: ask the collector itself. */
        if (wz_upload_check(&cfg, o.timeout_s, &err) < 0) {
            fprintf(stderr,
                    "wz-stats: nothing was waiting, but the collector cannot be "
                    "reached: %s\n",
                    err);
            free(err);
            rc = 1;
        } else {
            printf("upload: nothing was waiting; the collector answered its health check\n");
        }
    }
out:
    wz_db_close(db);
    wz_config_free(&cfg);
    return rc;
}

/*
 * wz-collector: the Partnership's receiving end for kiosk snapshots, and its report.
 *
 *   wz-collector serve --listen 127.0.0.1:PORT --db FILE [--token-file FILE]
 *                      [--tls-cert F --tls-key F] [--report-token-file F] [--port-file F]
 *   wz-collector report --db FILE [--format=text|json|csv]
 *   wz-collector token add KIOSK_ID --token-file FILE [--replace]
 *   wz-collector token remove KIOSK_ID --token-file FILE
 *
 * This file reads the command line; the server is wz_collect_server, the report
 * wz_collect_report, the token file wz_collect_tokens.
 */
#include "wz_collect.h"
#include "wz_collect_report.h"
#include "wz_collect_server.h"
#include "wz_collect_tokens.h"

#include "wz_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void usage(FILE *f)
{
    fprintf(f, "usage: wz-collector serve --listen 127.0.0.1:PORT --db FILE [--token-file FILE]\n"
               "                          [--tls-cert FILE --tls-key FILE]"
               " [--report-token-file FILE] [--port-file FILE]\n"
               "       wz-collector report --db FILE [--format=text|json|csv]\n"
               "       wz-collector token add KIOSK_ID --token-file FILE [--replace]\n"
               "       wz-collector token remove KIOSK_ID --token-file FILE\n");
}

static int cmd_serve(int argc, char **argv)
{
    wz_collect_server_opts o = {0};
    const char *v;
    static const char *const names[] = {"--listen",   "--db",      "--token-file",
                                        "--tls-cert", "--tls-key", "--report-token-file",
                                        "--port-file"};
    const char **slots[] = {&o.listen,  &o.db_path,           &o.token_file, &o.tls_cert,
                            &o.tls_key, &o.report_token_file, &o.port_file};
    for (int i = 2; i < argc; i++) {
        int k = 0;
        for (; k < (int)WZ_ARRAY_LEN(names); k++)
            if ((v = wz_opt_value(argc, argv, &i, names[k], NULL))) break;
        if (k == (int)WZ_ARRAY_LEN(names)) {
            fprintf(stderr, "wz-collector serve: unknown option %s\n", argv[i]);
            usage(stderr);
            return 2;
        }
        *slots[k] = v;
    }
    if (!o.listen || !o.db_path || (!o.tls_cert != !o.tls_key)) {
        usage(stderr);
        return 2;
    }
    return wz_collect_server_run(&o);
}

static int cmd_report(int argc, char **argv)
{
    const char *dbpath = NULL, *format = "text", *v;
    for (int i = 2; i < argc; i++) {
        if ((v = wz_opt_value(argc, argv, &i, "--db", NULL)))
            dbpath = v;
        else if ((v = wz_opt_value(argc, argv, &i, "--format", NULL)))
            format = v;
        else {
            fprintf(stderr, "wz-collector report: unknown option %s\n", argv[i]);
            usage(stderr);
            return 2;
        }
    }
    if (!dbpath) {
        usage(stderr);
        return 2;
    }
    if (strcmp(format, "text") && strcmp(format, "json") && strcmp(format, "csv")) {
        fprintf(stderr, "wz-collector report: --format must be text, json or csv\n");
        return 2;
    }
    char *err = NULL;
    if (access(dbpath, F_OK) != 0) {
        fprintf(stderr, "wz-collector: there is no collector database at %s\n", dbpath);
        return 1;
    }
    sqlite3 *db = wz_collect_db_open(dbpath, &err);
    if (!db) {
        fprintf(stderr, "wz-collector: %s\n", err);
        free(err);
        return 1;
    }
    char *out = wz_collect_report_totals(db, format, &err);
    sqlite3_close(db);
    if (!out) {
        fprintf(stderr, "wz-collector: %s\n", err ? err : "report failed");
        free(err);
        return 1;
    }
    fputs(out, stdout);
    free(out);
    return fflush(stdout) == 0 ? 0 : 1;
}

/* token add KIOSK_ID: prints a new token for that kiosk's [upload] token_file. */
static int cmd_token(int argc, char **argv)
{
    const char *file = NULL, *kiosk = NULL, *v;
    int replace = 0;
    if (argc < 4 || (strcmp(argv[2], "add") && strcmp(argv[2], "remove"))) {
        usage(stderr);
        return 2;
    }
    for (int i = 3; i < argc; i++) {
        if ((v = wz_opt_value(argc, argv, &i, "--token-file", NULL)))
            file = v;
        else if (strcmp(argv[i], "--replace") == 0)
            replace = 1;
        else if (!kiosk && argv[i][0] != '-')
            kiosk = argv[i];
        else {
            fprintf(stderr, "wz-collector token: unknown option %s\n", argv[i]);
            usage(stderr);
            return 2;
        }
    }
    if (!file || !kiosk) {
        usage(stderr);
        return 2;
    }
    char *err = NULL;
    umask(077);
    if (strcmp(argv[2], "remove") == 0) {
        int rc = wz_collect_tokens_remove(file, kiosk, &err);
        if (rc < 0) fprintf(stderr, "wz-collector: %s\n", err);
        if (rc == 1) fprintf(stderr, "wz-collector: kiosk %s has no token in %s\n", kiosk, file);
        if (rc == 0)
            fprintf(stderr, "wz-collector: removed kiosk %s's token; restart the collector\n",
                    kiosk);
        free(err);
        return rc == 0 ? 0 : 1;
    }
    char *tok = wz_collect_tokens_add(file, kiosk, replace, &err);
    if (!tok) {
        fprintf(stderr, "wz-collector: %s\n", err);
        free(err);
        return 1;
    }
    printf("%s\n", tok);
    fprintf(stderr,
            "wz-collector: added a token for kiosk %s to %s; put the line above in the kiosk's "
            "[upload] token_file (mode 0600) and restart the collector\n",
            kiosk, file);
    free(tok);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    if (strcmp(argv[1], "serve") == 0) return cmd_serve(argc, argv);
    if (strcmp(argv[1], "report") == 0) return cmd_report(argc, argv);
    if (strcmp(argv[1], "token") == 0) return cmd_token(argc, argv);
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        usage(stdout);
        return 0;
    }
    usage(stderr);
    return 2;
}

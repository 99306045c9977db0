/*
 * wz_collect_report: the collector's totals, as `wz-stats summary` gives a kiosk's.
 *
 * They read every stored snapshot (one per kiosk, database instance and day: the highest
 * revision), without its optional public facts, and add them with wz_totals, the kiosk's
 * own summing code, so the collector can never disagree with `wz-stats summary` about
 * how to add. The Partnership's page is wz_collect_board.
 */
#include "wz_collect_report.h"

#include "wz_collect.h"
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
        cJSON *full = body ? cJSON_Parse(body) : NULL;
        cJSON *doc = full ? wz_collect_counts_only(full) : NULL;
        cJSON_Delete(full);
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

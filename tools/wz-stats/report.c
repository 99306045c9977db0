/*
 * wz-stats report: the Partnership's report tables (tools/wz-collector/wz_collect_board.h)
 * made on the kiosk from its own day snapshots, by the same code the collector uses, so
 * `wz-stats summary --report` and the collector's /report agree for the same days, with
 * the same figures suppressed (fewer than 10). The collector adds every kiosk's days;
 * this adds one kiosk's.
 */
#include "wz_stats_cmd.h"

#include "wz_aggregate.h"
#include "wz_collect_board.h"
#include "wz_util.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

char *wz_stats_report(sqlite3 *db, const char *kiosk_id, const wz_collect_query *q, char **err)
{
    char **json = NULL;
    char(*days)[11] = NULL;
    int n = wz_aggregate_snapshots(db, q->from[0] ? q->from : NULL, q->to[0] ? q->to : NULL,
                                   kiosk_id, &json, &days, err);
    if (n < 0) return NULL;
    wz_collect_board *b = wz_collect_board_new(q);
    int rc = 0;
    for (int i = 0; i < n && rc == 0; i++) {
        cJSON *doc = cJSON_Parse(json[i]);
        const char *k = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(doc, "kiosk_id"));
        if (!doc || !k)
            rc = wz_fail(err, "the stored snapshot of %s is not readable", days[i]);
        else
            wz_collect_board_add(b, k, days[i], doc);
        cJSON_Delete(doc);
    }
    char *out = rc == 0 ? wz_collect_board_render(b, time(NULL)) : NULL;
    wz_collect_board_free(b);
    wz_aggregate_snapshots_free(json, days, n);
    return out;
}

int wz_stats_export_report(sqlite3 *db, const char *dir, const char *from, const char *to,
                           const char *kiosk_id, char **err)
{
    static const char *const tables[] = {"periods", "audiences", "topics",  "scenarios",
                                         "choices", "spot",      "ratings", "knowledge"};
    for (size_t i = 0; i < WZ_ARRAY_LEN(tables); i++) {
        wz_collect_query q;
        wz_collect_query_init(&q);
        snprintf(q.from, sizeof q.from, "%s", from ? from : "");
        snprintf(q.to, sizeof q.to, "%s", to ? to : "");
        snprintf(q.format, sizeof q.format, "csv");
        snprintf(q.table, sizeof q.table, "%s", tables[i]);
        char *csv = wz_stats_report(db, kiosk_id, &q, err);
        if (!csv) return -1;
        char *name = wz_xasprintf("%s/report-%s.csv", dir, tables[i]);
        char *data = wz_xasprintf("\xEF\xBB\xBF%s", csv); /* a BOM, as the other files */
        int rc = wz_write_file_atomic(name, data, strlen(data));
        if (rc != 0) wz_fail(err, "cannot write %s: %s", name, strerror(errno));
        free(data);
        free(name);
        free(csv);
        if (rc != 0) return -1;
    }
    return 0;
}

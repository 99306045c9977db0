/*
 * wz_collect_report: placeholder until the totals code lands (see wz_collect_report.h).
 */
#include "wz_collect_report.h"

#include "wz_util.h"

#include <stdlib.h>

char *wz_collect_report_totals(sqlite3 *db, const char *format, char **err)
{
    *err = wz_xstrdup("the report is not built yet");
    return NULL;
}

char *wz_collect_report_page(sqlite3 *db, time_t now, char **err)
{
    *err = wz_xstrdup("the report is not built yet");
    return NULL;
}

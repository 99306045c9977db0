/*
 * wz_test_db: the scratch folder the database tests share: made once per test program in
 * /tmp with the day rules on UTC (so dates in the tests mean the same everywhere), and
 * removed with everything in it at the end.
 */
#ifndef WZ_TEST_DB_H
#define WZ_TEST_DB_H

#include "wz_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

/* Makes the folder named by tmpl (ending in XXXXXX, changed in place) and sets TZ=UTC.
 * Returns 0, or -1 when the folder cannot be made. */
static inline int wz_test_db_dir(char *tmpl)
{
    setenv("TZ", "UTC", 1);
    tzset();
    return mkdtemp(tmpl) ? 0 : -1;
}

/* Removes the folder and everything in it. */
static inline void wz_test_db_cleanup(const char *dir)
{
    char *cmd = wz_xasprintf("rm -rf '%s'", dir);
    if (system(cmd) != 0) fprintf(stderr, "cleanup of %s failed\n", dir);
    free(cmd);
}

#endif

/*
 * wz_facts: the public facts, saved in meta as two rows: 'site' (the site name) and
 * 'scenario_facts' (a JSON object from ifid to {audience, language, title, topic}, the
 * shape of a snapshot's "scenario_info"), so one read gives them all.
 */
#include "wz_facts.h"

#include "wz_util.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

/* The meta value of k as a new string, NULL when absent. Returns 0, or -1 on a database
 * error. */
static int meta_get(sqlite3 *db, const char *k, char **out)
{
    sqlite3_stmt *st = NULL;
    *out = NULL;
    if (sqlite3_prepare_v2(db, "SELECT v FROM meta WHERE k = ?1", -1, &st, NULL) != SQLITE_OK)
        return -1;
    sqlite3_bind_text(st, 1, k, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW && sqlite3_column_text(st, 0))
        *out = wz_xstrdup((const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

static int meta_put(sqlite3 *db, const char *k, const char *v)
{
    sqlite3_stmt *st = NULL;
    const char *sql =
        v ? "INSERT OR REPLACE INTO meta(k, v) VALUES (?1, ?2)" : "DELETE FROM meta WHERE k = ?1";
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) return -1;
    sqlite3_bind_text(st, 1, k, -1, SQLITE_STATIC);
    if (v) sqlite3_bind_text(st, 2, v, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? 0 : -1;
}

static int same(const char *a, const char *b)
{
    return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

int wz_facts_save(sqlite3 *db, const char *site, const wz_scenario_facts *f, int n, char **err)
{
    cJSON *info = cJSON_CreateObject();
    for (int i = 0; i < n; i++) {
        if (!f[i].ifid || !*f[i].ifid || cJSON_GetObjectItemCaseSensitive(info, f[i].ifid))
            continue; /* the first of two scenarios with one ifid, as the library plays */
        cJSON *e = cJSON_AddObjectToObject(info, f[i].ifid);
        const char *v[] = {f[i].audience, f[i].language, f[i].title, f[i].topic};
        static const char *const names[] = {"audience", "language", "title", "topic"};
        for (int k = 0; k < 4; k++)
            if (v[k] && *v[k]) cJSON_AddStringToObject(e, names[k], v[k]);
    }
    char *json = cJSON_PrintUnformatted(info);
    cJSON_Delete(info);
    const char *s = site && *site ? site : NULL;
    char *old_site = NULL, *old_json = NULL;
    int rc = 0;
    if (meta_get(db, "site", &old_site) != 0 || meta_get(db, "scenario_facts", &old_json) != 0) {
        rc = -1;
    } else if (!same(old_site, s) || !same(old_json, json)) {
        rc = sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL) == SQLITE_OK &&
                     meta_put(db, "site", s) == 0 && meta_put(db, "scenario_facts", json) == 0 &&
                     sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) == SQLITE_OK
                 ? 0
                 : -1;
        if (rc != 0 && !sqlite3_get_autocommit(db)) sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
    }
    if (rc != 0) wz_fail(err, "saving the site and scenario names: %s", sqlite3_errmsg(db));
    free(old_site);
    free(old_json);
    free(json);
    return rc;
}

int wz_facts_apply(sqlite3 *db, wz_totals **tallies, int n, char **err)
{
    char *site = NULL, *json = NULL;
    if (meta_get(db, "site", &site) != 0 || meta_get(db, "scenario_facts", &json) != 0) {
        free(site);
        return wz_fail(err, "reading the site and scenario names: %s", sqlite3_errmsg(db));
    }
    cJSON *info = json ? cJSON_Parse(json) : NULL;
    for (int i = 0; i < n; i++) {
        wz_totals_set_site(tallies[i], site);
        for (const cJSON *e = cJSON_IsObject(info) ? info->child : NULL; e; e = e->next) {
            wz_scenario_facts f = {
                .ifid = e->string,
                .audience = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(e, "audience")),
                .language = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(e, "language")),
                .title = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(e, "title")),
                .topic = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(e, "topic"))};
            wz_totals_set_facts(tallies[i], &f);
        }
    }
    cJSON_Delete(info);
    free(site);
    free(json);
    return 0;
}

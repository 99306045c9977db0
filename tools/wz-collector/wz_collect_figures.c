/*
 * wz_collect_figures: consistency of one snapshot's figures (see wz_collect_figures.h).
 * Sums are kept in doubles: every count is an integer of at most 10^9 (checked before),
 * and a few thousand of them add up far below 2^53, so the sums are exact.
 */
#include "wz_collect_figures.h"

#include "wz_util.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static double num(const cJSON *o, const char *k)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    return cJSON_IsNumber(v) ? v->valuedouble : 0;
}

/* Sum of the numbers directly inside an object or array. */
static double sum(const cJSON *o)
{
    double s = 0;
    for (const cJSON *c = o ? o->child : NULL; c; c = c->next)
        if (cJSON_IsNumber(c)) s += c->valuedouble;
    return s;
}

/* Sum of every number anywhere inside v (the "revision" field excluded). */
static double sum_all(const cJSON *v)
{
    if (cJSON_IsNumber(v)) return v->valuedouble;
    double s = 0;
    for (const cJSON *c = v->child; c; c = c->next)
        if (!(c->string &&
              (!strcmp(c->string, "revision") || !strcmp(c->string, "schema") ||
               !strcmp(c->string, "duration_limits_s") || !strcmp(c->string, "index"))))
            s += sum_all(c);
    return s;
}

static int fail(char **err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int fail(char **err, const char *fmt, ...)
{
    if (err) {
        char buf[256];
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(buf, sizeof buf, fmt, ap);
        va_end(ap);
        *err = wz_xstrdup(buf);
    }
    return -1;
}

/* One scenario entry. Adds its plays and taps to the day's. */
static int check_entry(const cJSON *e, double *started, double *ended, double *taps, char **err)
{
    const char *ifid = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(e, "ifid"));
    const char *aud = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(e, "audience"));
    double st = num(e, "started"), done = num(e, "completed"), left = num(e, "abandoned");
    double endings = sum(cJSON_GetObjectItemCaseSensitive(e, "endings"));
    double dur = sum(cJSON_GetObjectItemCaseSensitive(e, "durations"));
    if (endings > done)
        return fail(err, "scenario %.60s (%.40s): %.0f endings but only %.0f plays completed", ifid,
                    aud, endings, done);
    if (dur != done)
        return fail(err,
                    "scenario %.60s (%.40s): the durations count %.0f plays but %.0f were "
                    "completed",
                    ifid, aud, dur, done);
    if (done + left > st + WZ_COLLECT_CROSSING)
        return fail(err,
                    "scenario %.60s (%.40s): %.0f plays completed and %.0f abandoned, but "
                    "only %.0f started",
                    ifid, aud, done, left, st);
    const cJSON *spot = cJSON_GetObjectItemCaseSensitive(e, "spot");
    *taps += num(spot, "found") + num(spot, "wrong");
    const cJSON *ratings = cJSON_GetObjectItemCaseSensitive(e, "ratings");
    for (const cJSON *r = ratings ? ratings->child : NULL; r; r = r->next)
        *taps += num(r, "count");
    const cJSON *choices = cJSON_GetObjectItemCaseSensitive(e, "choices");
    for (const cJSON *c = choices ? choices->child : NULL; c; c = c->next)
        *taps += num(c, "count");
    *started += st;
    *ended += done + left;
    return 0;
}

/* Public facts may only describe scenarios the day counts: facts about others would
 * name a scenario in the report that no figure supports. */
static int check_facts_cover(const cJSON *s, char **err)
{
    const cJSON *info = cJSON_GetObjectItemCaseSensitive(s, "scenario_info");
    const cJSON *scs = cJSON_GetObjectItemCaseSensitive(s, "scenarios");
    for (const cJSON *f = info ? info->child : NULL; f; f = f->next) {
        int found = 0;
        for (const cJSON *e = scs ? scs->child : NULL; e && !found; e = e->next) {
            const char *ifid = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(e, "ifid"));
            found = ifid && f->string && strcmp(ifid, f->string) == 0;
        }
        if (!found)
            return fail(err,
                        "\"scenario_info\" describes scenario %.60s, which this day's "
                        "\"scenarios\" do not count",
                        f->string ? f->string : "");
    }
    return 0;
}

int wz_collect_figures_check(const cJSON *s, char **err)
{
    if (check_facts_cover(s, err) < 0) return -1;
    double visits = num(s, "sessions");
    double visits_ended = sum(cJSON_GetObjectItemCaseSensitive(s, "session_durations"));
    if (visits_ended > visits + WZ_COLLECT_CROSSING)
        return fail(err, "%.0f visits ended (session_durations) but only %.0f started (sessions)",
                    visits_ended, visits);
    static const char *const per_visit[] = {"audiences", "languages"};
    for (int k = 0; k < 2; k++) {
        double n = sum(cJSON_GetObjectItemCaseSensitive(s, per_visit[k]));
        if (n > visits)
            return fail(err, "\"%s\" counts %.0f visits but there were only %.0f (sessions)",
                        per_visit[k], n, visits);
    }
    if (num(s, "easy_read_sessions") > visits)
        return fail(err, "%.0f easy-read visits but only %.0f visits (sessions)",
                    num(s, "easy_read_sessions"), visits);
    double started = 0, ended = 0, taps = 0;
    const cJSON *scs = cJSON_GetObjectItemCaseSensitive(s, "scenarios");
    int entries = 0;
    for (const cJSON *e = scs ? scs->child : NULL; e; e = e->next, entries++)
        if (check_entry(e, &started, &ended, &taps, err) < 0) return -1;
    if (ended > started + WZ_COLLECT_CROSSING)
        return fail(err, "%.0f plays ended (completed or abandoned) but only %.0f started", ended,
                    started);
    if (taps > (double)WZ_COLLECT_MAX_TAPS)
        return fail(err,
                    "%.0f choices, spot taps and ratings in one day: more than a kiosk can take "
                    "(%lld)",
                    taps, WZ_COLLECT_MAX_TAPS);
    double rev = num(s, "revision");
    double ceiling = 1 + WZ_COLLECT_REVISION_SLACK + sum_all(s) + entries;
    if (ceiling > (double)WZ_COLLECT_MAX_REVISION) ceiling = (double)WZ_COLLECT_MAX_REVISION;
    if (rev > ceiling)
        return fail(err,
                    "revision %.0f is higher than this day's figures could have reached "
                    "(at most %.0f)",
                    rev, ceiling);
    return 0;
}

/*
 * wz_totals_render: a tally as people and programs read it: the summary JSON document,
 * CSV (one row per figure, for spreadsheets) and plain text (for staff). Each scenario is
 * shown summed over its audiences, then audience by audience; lists are sorted, so the
 * same totals always render to the same bytes.
 */
#include "wz_totals_int.h"
#include "wz_totals_quiz.h"

#include "wz_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static cJSON *counts_json(const long long *v, int n)
{
    cJSON *a = cJSON_CreateArray();
    for (int i = 0; i < n; i++)
        cJSON_AddItemToArray(a, cJSON_CreateNumber((double)v[i]));
    return a;
}

static cJSON *map_json(const label_map *m)
{
    cJSON *o = cJSON_CreateObject();
    counter *c = wz_totals_label_sorted(m);
    for (size_t i = 0; i < m->n; i++)
        cJSON_AddNumberToObject(o, c[i].label, (double)c[i].n);
    free(c);
    return o;
}

static cJSON *endings_json(const long long *e)
{
    cJSON *o = cJSON_CreateObject();
    for (int k = 0; k < 3; k++)
        cJSON_AddNumberToObject(o, wz_totals_outcomes[k], (double)e[k]);
    return o;
}

static cJSON *spot_json(long long found, long long missed, long long wrong)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddNumberToObject(o, "found", (double)found);
    cJSON_AddNumberToObject(o, "missed", (double)missed);
    cJSON_AddNumberToObject(o, "wrong", (double)wrong);
    return o;
}

static cJSON *choices_json(choice *c, size_t n)
{
    if (n) qsort(c, n, sizeof *c, wz_totals_choice_cmp);
    cJSON *a = cJSON_CreateArray();
    for (size_t i = 0; i < n; i++) {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "passage", c[i].passage);
        cJSON_AddNumberToObject(o, "index", c[i].index);
        cJSON_AddStringToObject(o, "target", c[i].target);
        cJSON_AddStringToObject(o, "class", c[i].cls);
        cJSON_AddNumberToObject(o, "count", (double)c[i].count);
        cJSON_AddItemToArray(a, o);
    }
    return a;
}

static cJSON *median_json(const long long *durations)
{
    long long m = wz_totals_duration_median_s(durations);
    return m < 0 ? cJSON_CreateNull() : cJSON_CreateNumber((double)m);
}

/* One scenario (by ifid) summed over its audience entries v[from..to). */
typedef struct ifid_sum {
    long long started, completed, abandoned, endings[3], durations[WZ_DURATION_BUCKETS];
    long long found, missed, wrong;
    choice *choices;
    size_t nchoices;
} ifid_sum;

static void ifid_sum_build(ifid_sum *u, const scen **v, size_t from, size_t to)
{
    memset(u, 0, sizeof *u);
    wz_map idx = {0};
    size_t cap = 0;
    for (size_t i = from; i < to; i++) {
        const scen *s = v[i];
        u->started += s->started;
        u->completed += s->completed;
        u->abandoned += s->abandoned;
        for (int k = 0; k < 3; k++)
            u->endings[k] += s->endings[k];
        for (int k = 0; k < WZ_DURATION_BUCKETS; k++)
            u->durations[k] += s->durations[k];
        u->found += s->found;
        u->missed += s->missed;
        u->wrong += s->wrong;
        for (size_t j = 0; j < s->nchoices; j++) {
            const choice *c = &s->choices[j];
            char key[2 * WZ_SNAPSHOT_MAX_STRING + 40];
            snprintf(key, sizeof key, "%s\x1f%d\x1f%s\x1f%s", c->passage, c->index, c->target,
                     c->cls);
            unsigned long long h = wz_map_hash(key);
            int at = wz_totals_idx_get(&idx, key, h);
            if (at < 0) {
                if (u->nchoices == cap) {
                    cap = cap ? cap * 2 : 8;
                    u->choices = wz_xrealloc(u->choices, cap * sizeof *u->choices);
                }
                at = (int)u->nchoices++;
                u->choices[at] = *c; /* shallow: strings belong to the tally */
                u->choices[at].count = 0;
                wz_map_put(&idx, key, h, at);
            }
            u->choices[at].count += c->count;
        }
    }
    wz_map_clear(&idx);
}

/* The entries v[i..j) of one ifid (v sorted), summed into u; returns j. */
static size_t ifid_group(ifid_sum *u, const scen **v, size_t n, size_t i)
{
    size_t j = i;
    while (j < n && strcmp(v[j]->ifid, v[i]->ifid) == 0)
        j++;
    ifid_sum_build(u, v, i, j);
    return j;
}

cJSON *wz_totals_to_json(const wz_totals *t)
{
    cJSON *d = cJSON_CreateObject();
    cJSON_AddNumberToObject(d, "schema", WZ_SNAPSHOT_SCHEMA);
    if (t->first_day[0]) {
        cJSON_AddStringToObject(d, "first_day", t->first_day);
        cJSON_AddStringToObject(d, "last_day", t->last_day);
    } else {
        cJSON_AddNullToObject(d, "first_day");
        cJSON_AddNullToObject(d, "last_day");
    }
    cJSON_AddNumberToObject(d, "days", (double)t->days.count);
    cJSON_AddNumberToObject(d, "kiosks", (double)t->kiosks.count);
    cJSON_AddNumberToObject(d, "snapshots", (double)t->snapshots);
    cJSON_AddNumberToObject(d, "sessions", (double)t->sessions);
    cJSON_AddNumberToObject(d, "easy_read_sessions", (double)t->easy_read);
    cJSON_AddItemToObject(d, "visits_by_hour", counts_json(t->hours, 24));
    cJSON_AddItemToObject(d, "session_median_s", median_json(t->session_durations));
    cJSON_AddItemToObject(d, "audiences", map_json(&t->audiences));
    cJSON_AddItemToObject(d, "languages", map_json(&t->languages));
    cJSON_AddItemToObject(d, "settings", map_json(&t->settings));
    cJSON_AddItemToObject(d, "help", map_json(&t->help));
    cJSON_AddItemToObject(d, "worried", map_json(&t->worried));
    cJSON_AddItemToObject(d, "groups", map_json(&t->groups));
    cJSON *arr = cJSON_CreateArray();
    const scen **v = wz_totals_sorted_scens(t);
    for (size_t i = 0; i < t->nscens;) {
        ifid_sum u;
        size_t j = ifid_group(&u, v, t->nscens, i);
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "ifid", v[i]->ifid);
        cJSON_AddNumberToObject(o, "started", (double)u.started);
        cJSON_AddNumberToObject(o, "completed", (double)u.completed);
        cJSON_AddNumberToObject(o, "abandoned", (double)u.abandoned);
        cJSON_AddItemToObject(o, "endings", endings_json(u.endings));
        cJSON_AddItemToObject(o, "median_duration_s", median_json(u.durations));
        cJSON_AddItemToObject(o, "spot", spot_json(u.found, u.missed, u.wrong));
        cJSON_AddItemToObject(o, "choices", choices_json(u.choices, u.nchoices));
        free(u.choices);
        cJSON *ba = cJSON_CreateArray();
        for (size_t k = i; k < j; k++) {
            const scen *s = v[k];
            cJSON *b = cJSON_CreateObject();
            cJSON_AddStringToObject(b, "audience", s->audience);
            cJSON_AddNumberToObject(b, "started", (double)s->started);
            cJSON_AddNumberToObject(b, "completed", (double)s->completed);
            cJSON_AddNumberToObject(b, "abandoned", (double)s->abandoned);
            cJSON_AddItemToObject(b, "endings", endings_json(s->endings));
            cJSON_AddItemToObject(b, "median_duration_s", median_json(s->durations));
            cJSON_AddItemToObject(b, "spot", spot_json(s->found, s->missed, s->wrong));
            cJSON_AddItemToObject(b, "languages", map_json(&s->languages));
            cJSON_AddItemToArray(ba, b);
        }
        cJSON_AddItemToObject(o, "by_audience", ba);
        cJSON_AddItemToArray(arr, o);
        i = j;
    }
    free(v);
    cJSON_AddItemToObject(d, "scenarios", arr);
    if (t->nquiz) cJSON_AddItemToObject(d, "knowledge", wz_totals_quiz_json(t));
    return d;
}

/* ---- text and CSV ---- */

/* "played in: en 3, pl 1": a scenario's plays by language over its audience entries
 * v[from..to) (a translation shares its original's ifid); nothing when none was counted. */
static void text_languages(wz_buf *b, const scen **v, size_t from, size_t to)
{
    counter sum[16];
    size_t n = 0;
    for (size_t i = from; i < to; i++)
        for (size_t k = 0; k < v[i]->languages.n; k++) {
            const counter *c = &v[i]->languages.items[k];
            size_t at = 0;
            while (at < n && strcmp(sum[at].label, c->label) != 0)
                at++;
            if (at == n && n == WZ_ARRAY_LEN(sum)) continue; /* more than a kiosk offers */
            if (at == n) sum[n++] = (counter){c->label, 0};
            sum[at].n += c->n;
        }
    if (!n) return;
    wz_buf_puts(b, "    played in:");
    for (size_t k = 0; k < n; k++)
        wz_buf_printf(b, "%s %s %lld", k ? "," : "", sum[k].label, sum[k].n);
    wz_buf_putc(b, '\n');
}

static void csv_row(wz_buf *b, const char *metric, const char *ifid, const char *audience,
                    const char *key, const char *passage, int index, const char *target,
                    const char *cls, long long value)
{
    const char *f[] = {metric, ifid, audience, key, passage};
    for (size_t i = 0; i < WZ_ARRAY_LEN(f); i++) {
        wz_buf_put_csv(b, f[i]);
        wz_buf_putc(b, ',');
    }
    if (index >= 0) wz_buf_printf(b, "%d", index);
    wz_buf_putc(b, ',');
    wz_buf_put_csv(b, target);
    wz_buf_putc(b, ',');
    wz_buf_put_csv(b, cls);
    wz_buf_printf(b, ",%lld\r\n", value);
}

static void csv_scenario_rows(wz_buf *b, const char *ifid, const char *aud, long long started,
                              long long completed, long long abandoned, const long long *endings,
                              const long long *durations, long long found, long long missed,
                              long long wrong)
{
    csv_row(b, "started", ifid, aud, NULL, NULL, -1, NULL, NULL, started);
    csv_row(b, "completed", ifid, aud, NULL, NULL, -1, NULL, NULL, completed);
    csv_row(b, "abandoned", ifid, aud, NULL, NULL, -1, NULL, NULL, abandoned);
    for (int k = 0; k < 3; k++)
        csv_row(b, "ending", ifid, aud, wz_totals_outcomes[k], NULL, -1, NULL, NULL, endings[k]);
    long long m = wz_totals_duration_median_s(durations);
    if (m >= 0) csv_row(b, "median_duration_s", ifid, aud, NULL, NULL, -1, NULL, NULL, m);
    csv_row(b, "spot_found", ifid, aud, NULL, NULL, -1, NULL, NULL, found);
    csv_row(b, "spot_missed", ifid, aud, NULL, NULL, -1, NULL, NULL, missed);
    csv_row(b, "spot_wrong", ifid, aud, NULL, NULL, -1, NULL, NULL, wrong);
}

static char *render_csv(const wz_totals *t)
{
    wz_buf b;
    wz_buf_init(&b, 0);
    wz_buf_puts(&b, "metric,ifid,audience,key,passage,choice_index,target,class,value\r\n");
    csv_row(&b, "sessions", NULL, NULL, NULL, NULL, -1, NULL, NULL, t->sessions);
    csv_row(&b, "easy_read_sessions", NULL, NULL, NULL, NULL, -1, NULL, NULL, t->easy_read);
    long long sm = wz_totals_duration_median_s(t->session_durations);
    if (sm >= 0) csv_row(&b, "session_median_s", NULL, NULL, NULL, NULL, -1, NULL, NULL, sm);
    for (int h = 0; h < 24; h++) {
        char hk[8];
        snprintf(hk, sizeof hk, "%02d", h);
        csv_row(&b, "visits_by_hour", NULL, NULL, hk, NULL, -1, NULL, NULL, t->hours[h]);
    }
    const struct {
        const char *name;
        const label_map *m;
    } maps[] = {{"audience", &t->audiences}, {"language", &t->languages}, {"setting", &t->settings},
                {"help", &t->help},          {"worried", &t->worried},    {"group", &t->groups}};
    for (size_t k = 0; k < WZ_ARRAY_LEN(maps); k++) {
        counter *c = wz_totals_label_sorted(maps[k].m);
        for (size_t i = 0; i < maps[k].m->n; i++)
            csv_row(&b, maps[k].name, NULL, NULL, c[i].label, NULL, -1, NULL, NULL, c[i].n);
        free(c);
    }
    const scen **v = wz_totals_sorted_scens(t);
    for (size_t i = 0; i < t->nscens;) {
        ifid_sum u;
        size_t j = ifid_group(&u, v, t->nscens, i);
        csv_scenario_rows(&b, v[i]->ifid, NULL, u.started, u.completed, u.abandoned, u.endings,
                          u.durations, u.found, u.missed, u.wrong);
        if (u.nchoices) qsort(u.choices, u.nchoices, sizeof *u.choices, wz_totals_choice_cmp);
        for (size_t k = 0; k < u.nchoices; k++)
            csv_row(&b, "choice", v[i]->ifid, NULL, NULL, u.choices[k].passage, u.choices[k].index,
                    u.choices[k].target, u.choices[k].cls, u.choices[k].count);
        free(u.choices);
        for (size_t k = i; k < j; k++)
            csv_scenario_rows(&b, v[k]->ifid, v[k]->audience, v[k]->started, v[k]->completed,
                              v[k]->abandoned, v[k]->endings, v[k]->durations, v[k]->found,
                              v[k]->missed, v[k]->wrong);
        i = j;
    }
    free(v);
    wz_totals_quiz_csv(t, &b);
    return wz_buf_steal(&b);
}

static void text_duration(wz_buf *b, long long s)
{
    if (s < 0)
        wz_buf_puts(b, "no data");
    else if (s < 60)
        wz_buf_printf(b, "%lld s", s);
    else
        wz_buf_printf(b, "%lld min %lld s", s / 60, s % 60);
}

static void text_map(wz_buf *b, const char *title, const label_map *m)
{
    wz_buf_printf(b, "%s:", title);
    counter *c = wz_totals_label_sorted(m);
    for (size_t i = 0; i < m->n; i++)
        wz_buf_printf(b, "%s %s %lld", i ? "," : "", c[i].label, c[i].n);
    if (!m->n) wz_buf_puts(b, " none");
    wz_buf_putc(b, '\n');
    free(c);
}

static char *render_text(const wz_totals *t)
{
    wz_buf b;
    wz_buf_init(&b, 0);
    if (t->first_day[0])
        wz_buf_printf(&b, "Warning Zone statistics, %s to %s (%zu day%s with data, %zu kiosk%s)\n",
                      t->first_day, t->last_day, t->days.count, t->days.count == 1 ? "" : "s",
                      t->kiosks.count, t->kiosks.count == 1 ? "" : "s");
    else
        wz_buf_puts(&b, "Warning Zone statistics: no data in this period\n");
    wz_buf_printf(&b, "Sessions: %lld (easy read: %lld)\n", t->sessions, t->easy_read);
    wz_buf_puts(&b, "Median session length: ");
    text_duration(&b, wz_totals_duration_median_s(t->session_durations));
    wz_buf_puts(&b, "\nVisits by hour:");
    int any = 0;
    for (int h = 0; h < 24; h++)
        if (t->hours[h]) {
            wz_buf_printf(&b, "%s %02d:00 %lld", any ? "," : "", h, t->hours[h]);
            any = 1;
        }
    if (!any) wz_buf_puts(&b, " none");
    wz_buf_putc(&b, '\n');
    text_map(&b, "Audiences", &t->audiences);
    text_map(&b, "Languages", &t->languages);
    text_map(&b, "Settings changed", &t->settings);
    text_map(&b, "Help opened (by screen)", &t->help);
    text_map(&b, "\"I'm worried\" pressed (by screen)", &t->worried);
    text_map(&b, "Group visits (by group size)", &t->groups);
    wz_buf_puts(&b, t->nscens ? "Scenarios:\n" : "Scenarios: none\n");
    const scen **v = wz_totals_sorted_scens(t);
    for (size_t i = 0; i < t->nscens;) {
        ifid_sum u;
        size_t j = ifid_group(&u, v, t->nscens, i);
        const char *title = wz_totals_title_of(t, v[i]->ifid);
        if (title)
            wz_buf_printf(&b, "\n  %s (%s)\n", title, v[i]->ifid);
        else
            wz_buf_printf(&b, "\n  %s\n", v[i]->ifid);
        wz_buf_printf(&b, "    started %lld, completed %lld, abandoned %lld\n", u.started,
                      u.completed, u.abandoned);
        wz_buf_printf(&b, "    endings: safe %lld, risky %lld, mixed %lld\n", u.endings[0],
                      u.endings[1], u.endings[2]);
        wz_buf_puts(&b, "    median time to an ending: ");
        text_duration(&b, wz_totals_duration_median_s(u.durations));
        wz_buf_printf(&b, "\n    spot the signs: found %lld, missed %lld, wrong taps %lld\n",
                      u.found, u.missed, u.wrong);
        text_languages(&b, v, i, j);
        for (size_t k = i; k < j; k++)
            wz_buf_printf(&b, "    audience %s: started %lld, completed %lld, abandoned %lld\n",
                          v[k]->audience, v[k]->started, v[k]->completed, v[k]->abandoned);
        if (u.nchoices) qsort(u.choices, u.nchoices, sizeof *u.choices, wz_totals_choice_cmp);
        if (u.nchoices) wz_buf_puts(&b, "    choices:\n");
        for (size_t k = 0; k < u.nchoices; k++)
            wz_buf_printf(&b, "      at \"%s\", choice %d -> \"%s\" (%s): %lld\n",
                          u.choices[k].passage, u.choices[k].index + 1, u.choices[k].target,
                          u.choices[k].cls, u.choices[k].count);
        free(u.choices);
        i = j;
    }
    free(v);
    wz_totals_quiz_text(t, &b);
    return wz_buf_steal(&b);
}

char *wz_totals_render(const wz_totals *t, const char *format)
{
    if (!format || strcmp(format, "text") == 0) return render_text(t);
    if (strcmp(format, "csv") == 0) return render_csv(t);
    if (strcmp(format, "json") == 0) {
        cJSON *d = wz_totals_to_json(t);
        char *s = cJSON_PrintUnformatted(d);
        cJSON_Delete(d);
        if (!s) return NULL;
        char *out = wz_xasprintf("%s\n", s);
        cJSON_free(s);
        return out;
    }
    return NULL;
}

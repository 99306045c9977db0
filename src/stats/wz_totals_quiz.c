/*
 * wz_totals_quiz: knowledge-check answers in the tally (see wz_totals_quiz.h). Entries are
 * keyed by their labels joined with 0x1f, like every other list of the tally, and sorted
 * on output, so the same counts always give the same bytes.
 */
#include "wz_totals_quiz.h"

#include "wz_totals_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const wz_totals_quiz_phases[2] = {"before", "after"};

void wz_totals_quiz_free(wz_totals *t)
{
    for (size_t i = 0; i < t->nquiz; i++) {
        free(t->quiz[i].ifid);
        free(t->quiz[i].audience);
    }
    free(t->quiz);
    wz_map_clear(&t->quiz_index);
    t->quiz = NULL;
    t->nquiz = t->capquiz = 0;
}

static quiz_entry *quiz_slot(wz_totals *t, const char *ifid_raw, const char *aud_raw, int question,
                             int phase)
{
    char ib[WZ_SNAPSHOT_MAX_STRING + 1], ab[WZ_SNAPSHOT_MAX_STRING + 1];
    const char *ifid = wz_totals_clean(ifid_raw, ib, "unknown");
    const char *aud = wz_totals_clean(aud_raw, ab, "unknown");
    char *key = wz_xasprintf("%s\x1f%s\x1f%d\x1f%d", ifid, aud, question, phase);
    unsigned long long h = wz_map_hash(key);
    int i = wz_totals_idx_get(&t->quiz_index, key, h);
    if (i < 0) {
        if (t->nquiz == t->capquiz) {
            t->capquiz = t->capquiz ? t->capquiz * 2 : 8;
            t->quiz = wz_xrealloc(t->quiz, t->capquiz * sizeof *t->quiz);
        }
        i = (int)t->nquiz++;
        quiz_entry *e = &t->quiz[i];
        memset(e, 0, sizeof *e);
        e->ifid = wz_xstrdup(ifid);
        e->audience = wz_xstrdup(aud);
        e->question = question;
        e->phase = phase;
        wz_map_put(&t->quiz_index, key, h, i);
    }
    free(key);
    return &t->quiz[i];
}

static int phase_of(const char *name)
{
    for (int k = 0; k < 2; k++)
        if (name && strcmp(name, wz_totals_quiz_phases[k]) == 0) return k;
    return -1;
}

void wz_totals_count_quiz_n(wz_totals *t, const char *ifid, const char *audience, int question,
                            const char *phase, long long n, long long right)
{
    int ph = phase_of(phase);
    if (ph < 0 || question < 0 || question > WZ_SNAPSHOT_MAX_QUESTION || n <= 0) return;
    t->counted = 1;
    quiz_entry *e = quiz_slot(t, ifid, audience, question, ph);
    e->answered += n;
    e->right += right < 0 ? 0 : right > n ? n : right;
}

void wz_totals_quiz_add_json(wz_totals *t, const cJSON *quiz)
{
    for (const cJSON *e = quiz ? quiz->child : NULL; e; e = e->next) {
        const cJSON *ifid = cJSON_GetObjectItemCaseSensitive(e, "ifid");
        const cJSON *aud = cJSON_GetObjectItemCaseSensitive(e, "audience");
        const cJSON *q = cJSON_GetObjectItemCaseSensitive(e, "question");
        const cJSON *ph = cJSON_GetObjectItemCaseSensitive(e, "phase");
        const cJSON *n = cJSON_GetObjectItemCaseSensitive(e, "answered");
        const cJSON *r = cJSON_GetObjectItemCaseSensitive(e, "right");
        if (!cJSON_IsString(ifid) || !cJSON_IsString(aud) || !cJSON_IsNumber(q) ||
            !cJSON_IsString(ph) || !cJSON_IsNumber(n) || !cJSON_IsNumber(r))
            continue; /* validated before: cannot happen */
        int phase = phase_of(ph->valuestring);
        if (phase < 0) continue;
        quiz_entry *s =
            quiz_slot(t, ifid->valuestring, aud->valuestring, (int)q->valuedouble, phase);
        s->answered += (long long)n->valuedouble;
        s->right += (long long)r->valuedouble;
    }
}

static int quiz_cmp(const void *a, const void *b)
{
    const quiz_entry *x = *(const quiz_entry *const *)a, *y = *(const quiz_entry *const *)b;
    int c = strcmp(x->ifid, y->ifid);
    if (!c) c = strcmp(x->audience, y->audience);
    if (!c && x->question != y->question) c = x->question < y->question ? -1 : 1;
    if (!c) c = strcmp(wz_totals_quiz_phases[x->phase], wz_totals_quiz_phases[y->phase]);
    return c;
}

const quiz_entry **wz_totals_sorted_quiz(const wz_totals *t)
{
    const quiz_entry **v = wz_xmalloc((t->nquiz ? t->nquiz : 1) * sizeof *v);
    for (size_t i = 0; i < t->nquiz; i++)
        v[i] = &t->quiz[i];
    if (t->nquiz) qsort(v, t->nquiz, sizeof *v, quiz_cmp);
    return v;
}

/* ---- rows: one per question (and audience) ---- */

typedef struct row_acc {
    const char *ifid, *audience;
    int question;
    long long answered[2], right[2];
} row_acc;

static int row_cmp(const void *a, const void *b)
{
    const row_acc *x = a, *y = b;
    int c = strcmp(x->ifid, y->ifid);
    if (!c && x->question != y->question) c = x->question < y->question ? -1 : 1;
    if (!c && x->audience != y->audience) c = !x->audience ? -1 : !y->audience ? 1 : 0;
    if (!c && x->audience && y->audience) c = strcmp(x->audience, y->audience);
    return c;
}

int wz_totals_quiz_rows(const wz_totals *t, int by_audience, wz_quiz_row **rows)
{
    row_acc *acc = wz_xcalloc(t->nquiz ? t->nquiz : 1, sizeof *acc);
    size_t n = 0;
    wz_map index = {0};
    for (size_t i = 0; i < t->nquiz; i++) {
        const quiz_entry *e = &t->quiz[i];
        char *key =
            wz_xasprintf("%s\x1f%d\x1f%s", e->ifid, e->question, by_audience ? e->audience : "");
        unsigned long long h = wz_map_hash(key);
        int k = wz_totals_idx_get(&index, key, h);
        if (k < 0) {
            k = (int)n++;
            acc[k].ifid = e->ifid;
            acc[k].audience = by_audience ? e->audience : NULL;
            acc[k].question = e->question;
            wz_map_put(&index, key, h, k);
        }
        free(key);
        acc[k].answered[e->phase] += e->answered;
        acc[k].right[e->phase] += e->right;
    }
    wz_map_clear(&index);
    if (n) qsort(acc, n, sizeof *acc, row_cmp);
    *rows = wz_xcalloc(n ? n : 1, sizeof **rows);
    for (size_t i = 0; i < n; i++) {
        wz_quiz_row *r = &(*rows)[i];
        r->ifid = acc[i].ifid;
        r->audience = acc[i].audience;
        r->question = acc[i].question;
        wz_before_after_compute(&r->f, acc[i].right[0], acc[i].answered[0], acc[i].right[1],
                                acc[i].answered[1]);
    }
    free(acc);
    return (int)n;
}

/* ---- the summary ---- */

static cJSON *few(void)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddNumberToObject(o, "fewer_than", WZ_INTERVAL_MIN_ANSWERS);
    return o;
}

static cJSON *group_json(const wz_before_after *f, int i)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddItemToObject(o, "answered",
                          f->shown[i] ? cJSON_CreateNumber((double)f->answered[i]) : few());
    cJSON_AddItemToObject(o, "share_right", f->shown[i] ? cJSON_CreateNumber(f->share[i]) : few());
    return o;
}

static void figures_json(cJSON *o, const wz_before_after *f)
{
    cJSON_AddItemToObject(o, "before", group_json(f, 0));
    cJSON_AddItemToObject(o, "after", group_json(f, 1));
    if (!f->diff_shown) {
        cJSON_AddItemToObject(o, "difference", few());
        return;
    }
    cJSON *d = cJSON_AddObjectToObject(o, "difference");
    cJSON_AddNumberToObject(d, "after_minus_before", f->diff);
    cJSON_AddNumberToObject(d, "low", f->low);
    cJSON_AddNumberToObject(d, "high", f->high);
}

cJSON *wz_totals_quiz_json(const wz_totals *t)
{
    cJSON *k = cJSON_CreateObject();
    cJSON_AddNumberToObject(k, "suppressed_below", WZ_INTERVAL_MIN_ANSWERS);
    cJSON_AddStringToObject(k, "interval",
                            "95%: Wilson score for each share, Newcombe hybrid score for the "
                            "difference");
    cJSON *qs = cJSON_AddArrayToObject(k, "questions");
    wz_quiz_row *all = NULL, *aud = NULL;
    int n = wz_totals_quiz_rows(t, 0, &all), na = wz_totals_quiz_rows(t, 1, &aud), j = 0;
    for (int i = 0; i < n; i++) {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "ifid", all[i].ifid);
        cJSON_AddNumberToObject(o, "question", all[i].question);
        figures_json(o, &all[i].f);
        cJSON *ba = cJSON_AddArrayToObject(o, "by_audience");
        for (;
             j < na && strcmp(aud[j].ifid, all[i].ifid) == 0 && aud[j].question == all[i].question;
             j++) {
            cJSON *b = cJSON_CreateObject();
            cJSON_AddStringToObject(b, "audience", aud[j].audience);
            figures_json(b, &aud[j].f);
            cJSON_AddItemToArray(ba, b);
        }
        cJSON_AddItemToArray(qs, o);
    }
    free(all);
    free(aud);
    return k;
}

/* metric,ifid,audience,key,passage,choice_index,target,class,value */
static void csv_cell(wz_buf *b, const wz_quiz_row *r, const char *metric, const char *key,
                     int shown, double v, int whole)
{
    wz_buf_put_csv(b, metric);
    wz_buf_putc(b, ',');
    wz_buf_put_csv(b, r->ifid);
    wz_buf_putc(b, ',');
    wz_buf_put_csv(b, r->audience);
    wz_buf_putc(b, ',');
    wz_buf_put_csv(b, key);
    wz_buf_printf(b, ",,%d,,,", r->question);
    if (!shown)
        wz_buf_puts(b, "fewer than 10");
    else if (whole)
        wz_buf_printf(b, "%lld", (long long)v);
    else
        wz_buf_printf(b, "%.3f", v);
    wz_buf_puts(b, "\r\n");
}

static void csv_rows(wz_buf *b, const wz_quiz_row *r, int n)
{
    for (int i = 0; i < n; i++) {
        const wz_before_after *f = &r[i].f;
        for (int g = 0; g < 2; g++) {
            csv_cell(b, &r[i], "knowledge_answered", wz_totals_quiz_phases[g], f->shown[g],
                     (double)f->answered[g], 1);
            csv_cell(b, &r[i], "knowledge_share_right", wz_totals_quiz_phases[g], f->shown[g],
                     f->share[g], 0);
        }
        csv_cell(b, &r[i], "knowledge_difference", "after_minus_before", f->diff_shown, f->diff, 0);
        csv_cell(b, &r[i], "knowledge_difference", "low", f->diff_shown, f->low, 0);
        csv_cell(b, &r[i], "knowledge_difference", "high", f->diff_shown, f->high, 0);
    }
}

void wz_totals_quiz_csv(const wz_totals *t, wz_buf *b)
{
    wz_quiz_row *r = NULL;
    int n = wz_totals_quiz_rows(t, 0, &r);
    csv_rows(b, r, n);
    free(r);
    n = wz_totals_quiz_rows(t, 1, &r);
    csv_rows(b, r, n);
    free(r);
}

static void text_group(wz_buf *b, const char *name, const wz_before_after *f, int g)
{
    char pc[16];
    if (!f->shown[g]) {
        wz_buf_printf(b, "%s: fewer than 10 answers", name);
        return;
    }
    wz_interval_percent(pc, sizeof pc, f->share[g]);
    wz_buf_printf(b, "%s: %s right of %lld answers", name, pc, f->answered[g]);
}

void wz_totals_quiz_text(const wz_totals *t, wz_buf *b)
{
    wz_quiz_row *r = NULL;
    int n = wz_totals_quiz_rows(t, 0, &r);
    if (n)
        wz_buf_puts(b, "Knowledge check (before the scenario and after it; 95% interval of the "
                       "difference, Newcombe):\n");
    for (int i = 0; i < n; i++) {
        const wz_before_after *f = &r[i].f;
        const char *title = wz_totals_title_of(t, r[i].ifid);
        wz_buf_printf(b, "  %s, question %d\n    ", title ? title : r[i].ifid, r[i].question + 1);
        text_group(b, "before", f, 0);
        wz_buf_puts(b, "; ");
        text_group(b, "after", f, 1);
        if (f->diff_shown) {
            char d[16], lo[16], hi[16];
            wz_interval_points(d, sizeof d, f->diff);
            wz_interval_points(lo, sizeof lo, f->low);
            wz_interval_points(hi, sizeof hi, f->high);
            wz_buf_printf(b, "\n    difference %s points (95%% interval %s to %s)", d, lo, hi);
        } else {
            wz_buf_puts(b, "\n    difference: not shown (fewer than 10 answers before or after)");
        }
        wz_buf_putc(b, '\n');
    }
    free(r);
}

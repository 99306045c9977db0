/*
 * wz_totals: counting raw events into a tally and adding snapshots to it (see
 * wz_totals.h; the data structure is described in wz_totals_int.h).
 *
 * Counting a year of raw events goes through the same maps as adding snapshots, so they
 * are kept cheap: one hash and usually one string compare per event, and the scenario
 * entry used last is tried first (a visit's events arrive together).
 */
#include "wz_totals_int.h"
#include "wz_totals_quiz.h"

#include "wz_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const int WZ_DURATION_LIMITS_S[WZ_DURATION_BUCKETS - 1] = {15,  30,  45,  60,  90,  120, 150, 180,
                                                           240, 300, 360, 420, 480, 600, 900, 1200};

const char *const wz_totals_outcomes[3] = {"safe", "risky", "mixed"};
const char *const wz_totals_classes[4] = {"safe", "risky", "neutral", "mixed"};

/* ---- label -> count ---- */

static long long *label_slot(label_map *m, const char *label)
{
    unsigned long long h = wz_map_hash(label);
    int i = wz_totals_idx_get(&m->index, label, h);
    if (i < 0) {
        if (m->n == m->cap) {
            m->cap = m->cap ? m->cap * 2 : 8;
            m->items = wz_xrealloc(m->items, m->cap * sizeof *m->items);
        }
        i = (int)m->n++;
        m->items[i].label = wz_xstrdup(label);
        m->items[i].n = 0;
        wz_map_put(&m->index, label, h, i);
    }
    return &m->items[i].n;
}

static void label_map_free(label_map *m)
{
    for (size_t i = 0; i < m->n; i++)
        free(m->items[i].label);
    free(m->items);
    wz_map_clear(&m->index);
}

static int counter_cmp(const void *a, const void *b)
{
    return strcmp(((const counter *)a)->label, ((const counter *)b)->label);
}

counter *wz_totals_label_sorted(const label_map *m)
{
    counter *c = wz_xmalloc((m->n ? m->n : 1) * sizeof *c);
    if (m->n) memcpy(c, m->items, m->n * sizeof *c);
    qsort(c, m->n, sizeof *c, counter_cmp);
    return c;
}

wz_totals *wz_totals_create(void)
{
    wz_totals *t = wz_xcalloc(1, sizeof(wz_totals));
    t->last_scen = -1;
    return t;
}

void wz_totals_destroy(wz_totals *t)
{
    if (!t) return;
    label_map_free(&t->audiences);
    label_map_free(&t->languages);
    label_map_free(&t->settings);
    label_map_free(&t->help);
    label_map_free(&t->worried);
    label_map_free(&t->groups);
    for (size_t i = 0; i < t->nscens; i++) {
        scen *s = &t->scens[i];
        for (size_t j = 0; j < s->nchoices; j++) {
            free(s->choices[j].passage);
            free(s->choices[j].target);
            free(s->choices[j].cls);
        }
        free(s->choices);
        wz_map_clear(&s->choice_index);
        wz_totals_ratings_free(s);
        label_map_free(&s->languages);
        free(s->ifid);
        free(s->audience);
    }
    free(t->scens);
    wz_map_clear(&t->scen_index);
    wz_map_clear(&t->seen);
    wz_map_clear(&t->kiosks);
    wz_map_clear(&t->days);
    for (size_t i = 0; i < t->ntitles; i++)
        free(t->titles[i]);
    free(t->titles);
    wz_map_clear(&t->title_index);
    wz_totals_facts_free(t);
    wz_totals_quiz_free(t);
    free(t);
}

int wz_totals_empty(const wz_totals *t)
{
    return !t->counted && t->snapshots == 0;
}

/* Copies a label into buf: NULL or "" becomes dflt; cut to WZ_SNAPSHOT_MAX_STRING bytes on
 * a UTF-8 boundary; invalid UTF-8 and control characters become '?'. */
const char *wz_totals_clean(const char *s, char *buf, const char *dflt)
{
    if (!s || !*s) return dflt;
    /* Fast path: printable ASCII within the limit is used as it is (nearly every label). */
    size_t plain = 0;
    while (plain <= WZ_SNAPSHOT_MAX_STRING && (unsigned char)s[plain] >= 0x20 &&
           (unsigned char)s[plain] < 0x7f)
        plain++;
    if (plain <= WZ_SNAPSHOT_MAX_STRING && s[plain] == '\0') return s;
    size_t n = 0;
    const unsigned char *p = (const unsigned char *)s;
    while (*p && n < WZ_SNAPSHOT_MAX_STRING) {
        unsigned c = *p;
        size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
        int ok = len > 0;
        for (size_t k = 1; ok && k < len; k++)
            ok = (p[k] & 0xc0) == 0x80;
        if (ok && len > 1 && wz_utf8_check((const char *)p, len) != len) ok = 0;
        if (!ok) len = 1;
        if (n + len > WZ_SNAPSHOT_MAX_STRING) break;
        if (!ok || c < 0x20 || c == 0x7f) {
            buf[n++] = '?';
        } else {
            memcpy(buf + n, p, len);
            n += len;
        }
        p += len;
    }
    buf[n] = '\0';
    return buf;
}

void wz_totals_set_title(wz_totals *t, const char *ifid, const char *title)
{
    char ib[WZ_SNAPSHOT_MAX_STRING + 1], tb[WZ_SNAPSHOT_MAX_STRING + 1];
    if (!ifid || !title) return;
    const char *i = wz_totals_clean(ifid, ib, NULL), *x = wz_totals_clean(title, tb, NULL);
    if (!i || !x) return;
    unsigned long long h = wz_map_hash(i);
    int at = wz_totals_idx_get(&t->title_index, i, h);
    if (at >= 0) {
        free(t->titles[at]);
        t->titles[at] = wz_xstrdup(x);
        return;
    }
    if (t->ntitles == t->captitles) {
        t->captitles = t->captitles ? t->captitles * 2 : 8;
        t->titles = wz_xrealloc(t->titles, t->captitles * sizeof *t->titles);
    }
    t->titles[t->ntitles] = wz_xstrdup(x);
    wz_map_put(&t->title_index, i, h, (int)t->ntitles++);
}

const char *wz_totals_title_of(const wz_totals *t, const char *ifid)
{
    int at = wz_totals_idx_get(&t->title_index, ifid, wz_map_hash(ifid));
    return at >= 0 ? t->titles[at] : NULL;
}

/* Joins up to 4 labels (each at most WZ_SNAPSHOT_MAX_STRING bytes) with 0x1f into key. */
#define KEY_MAX (4 * (WZ_SNAPSHOT_MAX_STRING + 1) + 16)
static void join_key(char *key, const char *a, const char *b, const char *c, const char *d)
{
    const char *parts[4] = {a, b, c, d};
    size_t n = 0;
    for (int i = 0; i < 4 && parts[i]; i++) {
        if (i) key[n++] = '\x1f';
        size_t len = strlen(parts[i]);
        memcpy(key + n, parts[i], len);
        n += len;
    }
    key[n] = '\0';
}

scen *wz_totals_scen(wz_totals *t, const char *ifid_raw, const char *aud_raw)
{
    char ib[WZ_SNAPSHOT_MAX_STRING + 1], ab[WZ_SNAPSHOT_MAX_STRING + 1];
    char key[KEY_MAX];
    const char *ifid = wz_totals_clean(ifid_raw, ib, "unknown");
    const char *aud = wz_totals_clean(aud_raw, ab, "unknown");
    /* A visit's events arrive together: most lookups hit the entry used last. */
    if (t->last_scen >= 0) {
        scen *l = &t->scens[t->last_scen];
        if (strcmp(l->ifid, ifid) == 0 && strcmp(l->audience, aud) == 0) return l;
    }
    join_key(key, ifid, aud, NULL, NULL);
    unsigned long long h = wz_map_hash(key);
    int i = wz_totals_idx_get(&t->scen_index, key, h);
    if (i < 0) {
        if (t->nscens == t->capscens) {
            t->capscens = t->capscens ? t->capscens * 2 : 8;
            t->scens = wz_xrealloc(t->scens, t->capscens * sizeof *t->scens);
        }
        i = (int)t->nscens++;
        memset(&t->scens[i], 0, sizeof t->scens[i]);
        t->scens[i].ifid = wz_xstrdup(ifid);
        t->scens[i].audience = wz_xstrdup(aud);
        wz_map_put(&t->scen_index, key, h, i);
    }
    t->last_scen = i;
    return &t->scens[i];
}

long long *wz_totals_pair_slot(wz_map *idx, choice **items, size_t *n, size_t *cap,
                               const char *passage_raw, int index, const char *target_raw,
                               const char *cls)
{
    char pb[WZ_SNAPSHOT_MAX_STRING + 1], tb[WZ_SNAPSHOT_MAX_STRING + 1];
    char key[KEY_MAX], num[16];
    const char *passage = wz_totals_clean(passage_raw, pb, "unknown");
    const char *target = wz_totals_clean(target_raw, tb, "unknown");
    /* the index in base 32, 1..7 characters, never 0x1f */
    size_t nn = 0;
    unsigned u = (unsigned)index;
    do {
        num[nn++] = (char)('0' + (u & 31));
        u >>= 5;
    } while (u && nn < sizeof num - 1);
    num[nn] = '\0';
    join_key(key, passage, num, target, cls);
    unsigned long long h = wz_map_hash(key);
    int i = wz_totals_idx_get(idx, key, h);
    if (i < 0) {
        if (*n == *cap) {
            *cap = *cap ? *cap * 2 : 8;
            *items = wz_xrealloc(*items, *cap * sizeof **items);
        }
        i = (int)(*n)++;
        choice *c = &(*items)[i];
        c->passage = wz_xstrdup(passage);
        c->target = wz_xstrdup(target);
        c->cls = wz_xstrdup(cls);
        c->index = index;
        c->count = 0;
        wz_map_put(idx, key, h, i);
    }
    return &(*items)[i].count;
}

static long long *choice_slot(scen *s, const char *passage, int index, const char *target,
                              const char *cls_raw)
{
    const char *cls = "neutral";
    for (size_t k = 0; cls_raw && k < WZ_ARRAY_LEN(wz_totals_classes); k++)
        if (strcmp(cls_raw, wz_totals_classes[k]) == 0) cls = wz_totals_classes[k];
    return wz_totals_pair_slot(&s->choice_index, &s->choices, &s->nchoices, &s->capchoices, passage,
                               index, target, cls);
}

static long long *label_slot_clean(label_map *m, const char *raw)
{
    char b[WZ_SNAPSHOT_MAX_STRING + 1];
    return label_slot(m, wz_totals_clean(raw, b, "unknown"));
}

int wz_totals_duration_bucket(long long duration_ms)
{
    long long s = duration_ms < 0 ? 0 : duration_ms / 1000;
    for (int i = 0; i < WZ_DURATION_BUCKETS - 1; i++)
        if (s < WZ_DURATION_LIMITS_S[i]) return i;
    return WZ_DURATION_BUCKETS - 1;
}

long long wz_totals_duration_median_s(const long long counts[WZ_DURATION_BUCKETS])
{
    long long n = 0;
    for (int i = 0; i < WZ_DURATION_BUCKETS; i++)
        n += counts[i];
    if (n == 0) return -1;
    long long k = (n + 1) / 2, before = 0; /* the lower median's rank, from 1 */
    for (int i = 0; i < WZ_DURATION_BUCKETS; i++) {
        if (before + counts[i] >= k) {
            long long lo = i ? WZ_DURATION_LIMITS_S[i - 1] : 0;
            if (i == WZ_DURATION_BUCKETS - 1) return lo;
            long long hi = WZ_DURATION_LIMITS_S[i];
            /* the k-th of c values spread evenly over [lo, hi): centre of its share */
            return lo + (hi - lo) * (2 * (k - before) - 1) / (2 * counts[i]);
        }
        before += counts[i];
    }
    return -1;
}

/* ---- counting (the one-event forms are the inline wrappers in wz_totals.h) ---- */

static int clamp_bucket(int bucket)
{
    return bucket < 0 ? 0 : bucket >= WZ_DURATION_BUCKETS ? WZ_DURATION_BUCKETS - 1 : bucket;
}

void wz_totals_count_session_n(wz_totals *t, int hour, const char *audience, const char *language,
                               int easy_read, long long n)
{
    t->counted = 1;
    t->sessions += n;
    if (hour >= 0 && hour < 24) t->hours[hour] += n;
    *label_slot_clean(&t->audiences, audience) += n;
    *label_slot_clean(&t->languages, language) += n;
    if (easy_read) t->easy_read += n;
}

void wz_totals_count_session_end_n(wz_totals *t, int bucket, long long n)
{
    t->counted = 1;
    t->session_durations[clamp_bucket(bucket)] += n;
}

void wz_totals_count_setting_n(wz_totals *t, const char *setting, const char *value, long long n)
{
    char sb[WZ_SNAPSHOT_MAX_STRING + 1], vb[WZ_SNAPSHOT_MAX_STRING + 1];
    char key[2 * WZ_SNAPSHOT_MAX_STRING + 2];
    const char *s = wz_totals_clean(setting, sb, "unknown"), *v = wz_totals_clean(value, vb, "");
    snprintf(key, sizeof key, "%s%s%s", s, *v ? "=" : "", v);
    char kb[WZ_SNAPSHOT_MAX_STRING + 1];
    t->counted = 1;
    *label_slot(&t->settings, wz_totals_clean(key, kb, "unknown")) += n;
}

void wz_totals_count_help_n(wz_totals *t, const char *screen, long long n)
{
    t->counted = 1;
    *label_slot_clean(&t->help, screen) += n;
}

void wz_totals_count_worried_n(wz_totals *t, const char *screen, long long n)
{
    t->counted = 1;
    *label_slot_clean(&t->worried, screen) += n;
}

void wz_totals_count_group_n(wz_totals *t, const char *band, long long n)
{
    t->counted = 1;
    *label_slot_clean(&t->groups, band) += n;
}

void wz_totals_count_started_n(wz_totals *t, const char *ifid, const char *audience, long long n)
{
    t->counted = 1;
    wz_totals_scen(t, ifid, audience)->started += n;
}

void wz_totals_count_started_lang_n(wz_totals *t, const char *ifid, const char *audience,
                                    const char *language, long long n)
{
    t->counted = 1;
    scen *s = wz_totals_scen(t, ifid, audience);
    s->started += n;
    if (language && language[0]) *label_slot_clean(&s->languages, language) += n;
}

void wz_totals_count_ending_n(wz_totals *t, const char *ifid, const char *audience,
                              const char *outcome, int bucket, long long n)
{
    t->counted = 1;
    scen *s = wz_totals_scen(t, ifid, audience);
    s->completed += n;
    for (int k = 0; outcome && k < 3; k++)
        if (strcmp(outcome, wz_totals_outcomes[k]) == 0) s->endings[k] += n;
    s->durations[clamp_bucket(bucket)] += n;
}

void wz_totals_count_abandon_n(wz_totals *t, const char *ifid, const char *audience, long long n)
{
    t->counted = 1;
    wz_totals_scen(t, ifid, audience)->abandoned += n;
}

void wz_totals_count_choice_n(wz_totals *t, const char *ifid, const char *audience,
                              const char *passage, int index, const char *target, const char *cls,
                              long long n)
{
    t->counted = 1;
    *choice_slot(wz_totals_scen(t, ifid, audience), passage, index, target, cls) += n;
}

void wz_totals_count_spot_sum(wz_totals *t, const char *ifid, const char *audience, long long found,
                              long long missed, long long wrong)
{
    t->counted = 1;
    scen *s = wz_totals_scen(t, ifid, audience);
    s->found += found > 0 ? found : 0;
    s->missed += missed > 0 ? missed : 0;
    s->wrong += wrong > 0 ? wrong : 0;
}

/* ---- adding snapshots ---- */

static long long num(const cJSON *obj, const char *name)
{
    return (long long)cJSON_GetObjectItemCaseSensitive(obj, name)->valuedouble;
}

static void add_counts(long long *dst, const cJSON *arr)
{
    int i = 0;
    for (const cJSON *c = arr->child; c; c = c->next)
        dst[i++] += (long long)c->valuedouble;
}

static void add_map(label_map *m, const cJSON *obj)
{
    for (const cJSON *c = obj ? obj->child : NULL; c; c = c->next) /* NULL: an optional map */
        *label_slot(m, c->string) += (long long)c->valuedouble;
}

static void set_add(wz_map *m, const char *key)
{
    unsigned long long h = wz_map_hash(key);
    if (wz_totals_idx_get(m, key, h) < 0) wz_map_put(m, key, h, 0);
}

int wz_totals_add_snapshot(wz_totals *t, const cJSON *doc, char **err)
{
    if (wz_snapshot_validate(doc, err) != 0) return -1;
    const char *kid = cJSON_GetObjectItemCaseSensitive(doc, "kiosk_id")->valuestring;
    const char *inst = wz_snapshot_instance(doc);
    const char *day = cJSON_GetObjectItemCaseSensitive(doc, "day")->valuestring;
    char key[120];
    snprintf(key, sizeof key, "%s\x1f%s\x1f%s", kid, inst, day);
    unsigned long long h = wz_map_hash(key);
    if (wz_map_find(&t->seen, key, h)) {
        if (err)
            *err = wz_xasprintf("snapshot: kiosk %s, instance \"%s\", day %s was already added",
                                kid, inst, day);
        return -1;
    }
    wz_map_put(&t->seen, key, h, 0);
    set_add(&t->kiosks, kid);
    set_add(&t->days, day);
    if (!t->first_day[0] || strcmp(day, t->first_day) < 0) memcpy(t->first_day, day, 11);
    if (!t->last_day[0] || strcmp(day, t->last_day) > 0) memcpy(t->last_day, day, 11);
    t->snapshots++;
    t->sessions += num(doc, "sessions");
    t->easy_read += num(doc, "easy_read_sessions");
    add_counts(t->hours, cJSON_GetObjectItemCaseSensitive(doc, "visits_by_hour"));
    add_counts(t->session_durations, cJSON_GetObjectItemCaseSensitive(doc, "session_durations"));
    add_map(&t->audiences, cJSON_GetObjectItemCaseSensitive(doc, "audiences"));
    add_map(&t->languages, cJSON_GetObjectItemCaseSensitive(doc, "languages"));
    add_map(&t->settings, cJSON_GetObjectItemCaseSensitive(doc, "settings"));
    add_map(&t->help, cJSON_GetObjectItemCaseSensitive(doc, "help"));
    add_map(&t->worried, cJSON_GetObjectItemCaseSensitive(doc, "worried"));
    add_map(&t->groups, cJSON_GetObjectItemCaseSensitive(doc, "groups"));
    wz_totals_quiz_add_json(t, cJSON_GetObjectItemCaseSensitive(doc, "quiz"));
    const cJSON *sc = cJSON_GetObjectItemCaseSensitive(doc, "scenarios");
    for (const cJSON *e = sc->child; e; e = e->next) {
        scen *s = wz_totals_scen(t, cJSON_GetObjectItemCaseSensitive(e, "ifid")->valuestring,
                                 cJSON_GetObjectItemCaseSensitive(e, "audience")->valuestring);
        s->started += num(e, "started");
        s->completed += num(e, "completed");
        s->abandoned += num(e, "abandoned");
        const cJSON *end = cJSON_GetObjectItemCaseSensitive(e, "endings");
        for (int k = 0; k < 3; k++)
            s->endings[k] += num(end, wz_totals_outcomes[k]);
        add_counts(s->durations, cJSON_GetObjectItemCaseSensitive(e, "durations"));
        const cJSON *spot = cJSON_GetObjectItemCaseSensitive(e, "spot");
        s->found += num(spot, "found");
        s->missed += num(spot, "missed");
        s->wrong += num(spot, "wrong");
        for (const cJSON *c = cJSON_GetObjectItemCaseSensitive(e, "choices")->child; c; c = c->next)
            *choice_slot(
                s, cJSON_GetObjectItemCaseSensitive(c, "passage")->valuestring,
                (int)num(c, "index"), cJSON_GetObjectItemCaseSensitive(c, "target")->valuestring,
                cJSON_GetObjectItemCaseSensitive(c, "class")->valuestring) += num(c, "count");
        wz_totals_add_ratings(s, e);
        add_map(&s->languages, cJSON_GetObjectItemCaseSensitive(e, "languages"));
    }
    wz_totals_add_facts(t, doc);
    return 0;
}

/* ---- order ---- */
static int scen_cmp(const void *a, const void *b)
{
    const scen *x = *(const scen *const *)a, *y = *(const scen *const *)b;
    int c = strcmp(x->ifid, y->ifid);
    return c ? c : strcmp(x->audience, y->audience);
}

int wz_totals_choice_cmp(const void *a, const void *b)
{
    const choice *x = a, *y = b;
    int c = strcmp(x->passage, y->passage);
    if (c) return c;
    if (x->index != y->index) return x->index < y->index ? -1 : 1;
    c = strcmp(x->target, y->target);
    return c ? c : strcmp(x->cls, y->cls);
}

const scen **wz_totals_sorted_scens(const wz_totals *t)
{
    const scen **v = wz_xmalloc((t->nscens ? t->nscens : 1) * sizeof *v);
    for (size_t i = 0; i < t->nscens; i++)
        v[i] = &t->scens[i];
    qsort(v, t->nscens, sizeof *v, scen_cmp);
    return v;
}

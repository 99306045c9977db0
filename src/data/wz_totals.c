/*
 * wz_totals: one tally for a day, a kiosk or a whole fleet (see wz_totals.h).
 *
 * Entries live in growable arrays indexed by small open-addressing hash maps keyed by
 * the entry's labels joined with 0x1f (labels never contain control characters: they are
 * cleaned on the way in and validated in snapshots). Order of arrival never shows: every
 * list is sorted when rendered. Counting a year of raw events goes through the same
 * maps, so they are kept cheap: one hash and usually one string compare per event.
 */
#include "wz_totals.h"

#include "wz_map.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const int WZ_DURATION_LIMITS_S[WZ_DURATION_BUCKETS - 1] = {15,  30,  45,  60,  90,  120, 150, 180,
                                                           240, 300, 360, 420, 480, 600, 900, 1200};

static const char *const OUTCOMES[3] = {"safe", "risky", "mixed"};
static const char *const CLASSES[4] = {"safe", "risky", "neutral", "mixed"};

/* ---- indexes: label key -> position in an array (wz_map) ---- */

static int idx_get(const wz_map *m, const char *key, unsigned long long h)
{
    const long long *v = wz_map_find(m, key, h);
    return v ? (int)*v : -1;
}

/* ---- label -> count ---- */

typedef struct counter {
    char *label;
    long long n;
} counter;

typedef struct label_map {
    wz_map index;
    counter *items;
    size_t n, cap;
} label_map;

static long long *label_slot(label_map *m, const char *label)
{
    unsigned long long h = wz_map_hash(label);
    int i = idx_get(&m->index, label, h);
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

/* A sorted copy of the map's items (shallow: labels still belong to the map). */
static counter *label_map_sorted(const label_map *m)
{
    counter *c = wz_xmalloc((m->n ? m->n : 1) * sizeof *c);
    if (m->n) memcpy(c, m->items, m->n * sizeof *c);
    qsort(c, m->n, sizeof *c, counter_cmp);
    return c;
}

/* ---- scenarios and choices ---- */

typedef struct choice {
    char *passage, *target, *cls;
    int index;
    long long count;
} choice;

typedef struct scen {
    char *ifid, *audience;
    long long started, completed, abandoned;
    long long endings[3]; /* OUTCOMES order */
    long long durations[WZ_DURATION_BUCKETS];
    long long found, missed, wrong;
    wz_map choice_index;
    choice *choices;
    size_t nchoices, capchoices;
} scen;

struct wz_totals {
    long long sessions, easy_read, hours[24], session_durations[WZ_DURATION_BUCKETS];
    label_map audiences, languages, settings, help;
    wz_map scen_index;
    scen *scens;
    size_t nscens, capscens;
    /* snapshots added */
    long long snapshots;
    wz_map seen, kiosks, days;
    char first_day[11], last_day[11];
    int counted;   /* raw events were counted in */
    int last_scen; /* index of the entry used last, or -1 */
    /* scenario titles for the text rendering (ifid -> title) */
    wz_map title_index;
    char **titles;
    size_t ntitles, captitles;
};

wz_totals *wz_totals_new(void)
{
    wz_totals *t = wz_xcalloc(1, sizeof(wz_totals));
    t->last_scen = -1;
    return t;
}

void wz_totals_free(wz_totals *t)
{
    if (!t) return;
    label_map_free(&t->audiences);
    label_map_free(&t->languages);
    label_map_free(&t->settings);
    label_map_free(&t->help);
    for (size_t i = 0; i < t->nscens; i++) {
        scen *s = &t->scens[i];
        for (size_t j = 0; j < s->nchoices; j++) {
            free(s->choices[j].passage);
            free(s->choices[j].target);
            free(s->choices[j].cls);
        }
        free(s->choices);
        wz_map_clear(&s->choice_index);
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
    free(t);
}

int wz_totals_empty(const wz_totals *t)
{
    return !t->counted && t->snapshots == 0;
}

/* Copies a label into buf: NULL or "" becomes dflt; cut to WZ_SNAPSHOT_MAX_STRING bytes on
 * a UTF-8 boundary; invalid UTF-8 and control characters become '?'. */
static const char *clean(const char *s, char *buf, const char *dflt)
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
    const char *i = clean(ifid, ib, NULL), *x = clean(title, tb, NULL);
    if (!i || !x) return;
    unsigned long long h = wz_map_hash(i);
    int at = idx_get(&t->title_index, i, h);
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

static const char *title_of(const wz_totals *t, const char *ifid)
{
    int at = idx_get(&t->title_index, ifid, wz_map_hash(ifid));
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

static scen *scen_slot(wz_totals *t, const char *ifid_raw, const char *aud_raw)
{
    char ib[WZ_SNAPSHOT_MAX_STRING + 1], ab[WZ_SNAPSHOT_MAX_STRING + 1];
    char key[KEY_MAX];
    const char *ifid = clean(ifid_raw, ib, "unknown");
    const char *aud = clean(aud_raw, ab, "unknown");
    /* A visit's events arrive together: most lookups hit the entry used last. */
    if (t->last_scen >= 0) {
        scen *l = &t->scens[t->last_scen];
        if (strcmp(l->ifid, ifid) == 0 && strcmp(l->audience, aud) == 0) return l;
    }
    join_key(key, ifid, aud, NULL, NULL);
    unsigned long long h = wz_map_hash(key);
    int i = idx_get(&t->scen_index, key, h);
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

static long long *choice_slot(scen *s, const char *passage_raw, int index, const char *target_raw,
                              const char *cls_raw)
{
    char pb[WZ_SNAPSHOT_MAX_STRING + 1], tb[WZ_SNAPSHOT_MAX_STRING + 1];
    char key[KEY_MAX], num[16];
    const char *passage = clean(passage_raw, pb, "unknown");
    const char *target = clean(target_raw, tb, "unknown");
    const char *cls = "neutral";
    for (size_t k = 0; cls_raw && k < WZ_ARRAY_LEN(CLASSES); k++)
        if (strcmp(cls_raw, CLASSES[k]) == 0) cls = CLASSES[k];
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
    int i = idx_get(&s->choice_index, key, h);
    if (i < 0) {
        if (s->nchoices == s->capchoices) {
            s->capchoices = s->capchoices ? s->capchoices * 2 : 8;
            s->choices = wz_xrealloc(s->choices, s->capchoices * sizeof *s->choices);
        }
        i = (int)s->nchoices++;
        choice *c = &s->choices[i];
        c->passage = wz_xstrdup(passage);
        c->target = wz_xstrdup(target);
        c->cls = wz_xstrdup(cls);
        c->index = index;
        c->count = 0;
        wz_map_put(&s->choice_index, key, h, i);
    }
    return &s->choices[i].count;
}

static long long *label_slot_clean(label_map *m, const char *raw)
{
    char b[WZ_SNAPSHOT_MAX_STRING + 1];
    return label_slot(m, clean(raw, b, "unknown"));
}

int wz_duration_bucket(long long duration_ms)
{
    long long s = duration_ms < 0 ? 0 : duration_ms / 1000;
    for (int i = 0; i < WZ_DURATION_BUCKETS - 1; i++)
        if (s < WZ_DURATION_LIMITS_S[i]) return i;
    return WZ_DURATION_BUCKETS - 1;
}

long long wz_duration_median_s(const long long counts[WZ_DURATION_BUCKETS])
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

/* Each count comes in two forms: one event, and n identical events at once (wz_aggregate
 * groups a day's rows before it counts them). The one-event form calls the other, so both
 * always count the same way. Durations go in as buckets (wz_duration_bucket). */
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

void wz_totals_count_session(wz_totals *t, int hour, const char *audience, const char *language,
                             int easy_read)
{
    wz_totals_count_session_n(t, hour, audience, language, easy_read, 1);
}

void wz_totals_count_session_end_n(wz_totals *t, int bucket, long long n)
{
    t->counted = 1;
    t->session_durations[clamp_bucket(bucket)] += n;
}

void wz_totals_count_session_end(wz_totals *t, long long duration_ms)
{
    wz_totals_count_session_end_n(t, wz_duration_bucket(duration_ms), 1);
}

void wz_totals_count_setting_n(wz_totals *t, const char *setting, const char *value, long long n)
{
    char sb[WZ_SNAPSHOT_MAX_STRING + 1], vb[WZ_SNAPSHOT_MAX_STRING + 1];
    char key[2 * WZ_SNAPSHOT_MAX_STRING + 2];
    const char *s = clean(setting, sb, "unknown"), *v = clean(value, vb, "");
    snprintf(key, sizeof key, "%s%s%s", s, *v ? "=" : "", v);
    char kb[WZ_SNAPSHOT_MAX_STRING + 1];
    t->counted = 1;
    *label_slot(&t->settings, clean(key, kb, "unknown")) += n;
}

void wz_totals_count_setting(wz_totals *t, const char *setting, const char *value)
{
    wz_totals_count_setting_n(t, setting, value, 1);
}

void wz_totals_count_help_n(wz_totals *t, const char *screen, long long n)
{
    t->counted = 1;
    *label_slot_clean(&t->help, screen) += n;
}

void wz_totals_count_help(wz_totals *t, const char *screen)
{
    wz_totals_count_help_n(t, screen, 1);
}

void wz_totals_count_started_n(wz_totals *t, const char *ifid, const char *audience, long long n)
{
    t->counted = 1;
    scen_slot(t, ifid, audience)->started += n;
}

void wz_totals_count_started(wz_totals *t, const char *ifid, const char *audience)
{
    wz_totals_count_started_n(t, ifid, audience, 1);
}

void wz_totals_count_ending_n(wz_totals *t, const char *ifid, const char *audience,
                              const char *outcome, int bucket, long long n)
{
    t->counted = 1;
    scen *s = scen_slot(t, ifid, audience);
    s->completed += n;
    for (int k = 0; outcome && k < 3; k++)
        if (strcmp(outcome, OUTCOMES[k]) == 0) s->endings[k] += n;
    s->durations[clamp_bucket(bucket)] += n;
}

void wz_totals_count_ending(wz_totals *t, const char *ifid, const char *audience,
                            const char *outcome, long long duration_ms)
{
    wz_totals_count_ending_n(t, ifid, audience, outcome, wz_duration_bucket(duration_ms), 1);
}

void wz_totals_count_abandon_n(wz_totals *t, const char *ifid, const char *audience, long long n)
{
    t->counted = 1;
    scen_slot(t, ifid, audience)->abandoned += n;
}

void wz_totals_count_abandon(wz_totals *t, const char *ifid, const char *audience)
{
    wz_totals_count_abandon_n(t, ifid, audience, 1);
}

void wz_totals_count_choice_n(wz_totals *t, const char *ifid, const char *audience,
                              const char *passage, int index, const char *target, const char *cls,
                              long long n)
{
    t->counted = 1;
    *choice_slot(scen_slot(t, ifid, audience), passage, index, target, cls) += n;
}

void wz_totals_count_choice(wz_totals *t, const char *ifid, const char *audience,
                            const char *passage, int index, const char *target, const char *cls)
{
    wz_totals_count_choice_n(t, ifid, audience, passage, index, target, cls, 1);
}

void wz_totals_count_spot_sum(wz_totals *t, const char *ifid, const char *audience, long long found,
                              long long missed, long long wrong)
{
    t->counted = 1;
    scen *s = scen_slot(t, ifid, audience);
    s->found += found > 0 ? found : 0;
    s->missed += missed > 0 ? missed : 0;
    s->wrong += wrong > 0 ? wrong : 0;
}

void wz_totals_count_spot(wz_totals *t, const char *ifid, const char *audience, int found,
                          int missed, int wrong)
{
    wz_totals_count_spot_sum(t, ifid, audience, found, missed, wrong);
}

/* ---- validation ---- */

static int fail(char **err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int fail(char **err, const char *fmt, ...)
{
    if (err) {
        va_list ap;
        va_start(ap, fmt);
        *err = wz_xvasprintf(fmt, ap);
        va_end(ap);
    }
    return -1;
}

int wz_snapshot_kiosk_id_ok(const char *id)
{
    size_t n = id ? strlen(id) : 0;
    if (n < 1 || n > 64) return 0;
    for (size_t i = 0; i < n; i++) {
        char c = id[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_'))
            return 0;
    }
    return 1;
}

int wz_snapshot_instance_ok(const char *id)
{
    if (!id || strlen(id) != WZ_INSTANCE_HEX) return 0;
    for (size_t i = 0; i < WZ_INSTANCE_HEX; i++)
        if (!((id[i] >= '0' && id[i] <= '9') || (id[i] >= 'a' && id[i] <= 'f'))) return 0;
    return 1;
}

const char *wz_snapshot_instance(const cJSON *snapshot)
{
    const cJSON *in = cJSON_GetObjectItemCaseSensitive(snapshot, "instance");
    return cJSON_IsString(in) && in->valuestring ? in->valuestring : "";
}

int wz_snapshot_day_ok(const char *day)
{
    if (!day || strlen(day) != 10 || day[4] != '-' || day[7] != '-') return 0;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (day[i] < '0' || day[i] > '9')) return 0;
    int y = (day[0] - '0') * 1000 + (day[1] - '0') * 100 + (day[2] - '0') * 10 + (day[3] - '0');
    int m = (day[5] - '0') * 10 + (day[6] - '0');
    int d = (day[8] - '0') * 10 + (day[9] - '0');
    static const int mdays[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1970 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1]) return 0;
    if (m == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) return 0;
    return 1;
}

static int label_ok(const cJSON *v)
{
    if (!cJSON_IsString(v) || !v->valuestring) return 0;
    size_t n = strlen(v->valuestring);
    if (n == 0 || n > WZ_SNAPSHOT_MAX_STRING) return 0;
    if (wz_utf8_check(v->valuestring, n) != n) return 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)v->valuestring[i];
        if (c < 0x20 || c == 0x7f) return 0;
    }
    return 1;
}

static int count_ok(const cJSON *v, double max)
{
    return cJSON_IsNumber(v) && v->valuedouble >= 0 && v->valuedouble <= max &&
           v->valuedouble == (double)(long long)v->valuedouble;
}

/* Every member of obj has a name in allowed[]; every name in required[] is present. */
/* Every field of obj is one of names, once; all are present except those whose bit is
 * set in optional. */
static int keys_ok_opt(const cJSON *obj, const char *const *names, size_t n, unsigned optional,
                       const char *where, char **err)
{
    unsigned seen = 0; /* n <= 32: one bit per allowed name */
    for (const cJSON *c = obj->child; c; c = c->next) {
        size_t k = 0;
        while (k < n && (!c->string || strcmp(c->string, names[k]) != 0))
            k++;
        if (k == n)
            return fail(err, "snapshot: unexpected field \"%.60s\" in %s",
                        c->string ? c->string : "", where);
        if (seen & (1u << k))
            return fail(err, "snapshot: field \"%.60s\" twice in %s", c->string, where);
        seen |= 1u << k;
    }
    for (size_t k = 0; k < n; k++)
        if (!(seen & (1u << k)) && !(optional & (1u << k)))
            return fail(err, "snapshot: missing field \"%s\" in %s", names[k], where);
    return 0;
}

static int keys_ok(const cJSON *obj, const char *const *names, size_t n, const char *where,
                   char **err)
{
    return keys_ok_opt(obj, names, n, 0, where, err);
}

static int counts_array_ok(const cJSON *a, int n, const char *name, char **err)
{
    if (!cJSON_IsArray(a) || cJSON_GetArraySize(a) != n)
        return fail(err, "snapshot: \"%s\" must be an array of the fixed size", name);
    for (const cJSON *c = a->child; c; c = c->next)
        if (!count_ok(c, WZ_SNAPSHOT_MAX_COUNT))
            return fail(err, "snapshot: \"%s\" holds something that is not a count", name);
    return 0;
}

static int map_ok(const cJSON *m, const char *name, char **err)
{
    if (!cJSON_IsObject(m)) return fail(err, "snapshot: \"%s\" must be an object", name);
    if (cJSON_GetArraySize(m) > WZ_SNAPSHOT_MAX_MAP)
        return fail(err, "snapshot: \"%s\" has too many entries", name);
    for (const cJSON *c = m->child; c; c = c->next) {
        cJSON key = {0};
        key.type = cJSON_String;
        key.valuestring = c->string;
        if (!label_ok(&key)) return fail(err, "snapshot: a bad label in \"%s\"", name);
        if (!count_ok(c, WZ_SNAPSHOT_MAX_COUNT))
            return fail(err, "snapshot: \"%.60s\" in \"%s\" is not a count", c->string, name);
        for (const cJSON *d = m->child; d != c; d = d->next)
            if (strcmp(d->string, c->string) == 0)
                return fail(err, "snapshot: \"%.60s\" twice in \"%s\"", c->string, name);
    }
    return 0;
}

static int scenario_ok(const cJSON *s, wz_map *seen, char **err)
{
    static const char *const names[] = {"ifid",    "audience",  "started", "completed", "abandoned",
                                        "endings", "durations", "choices", "spot"};
    static const char *const spot_names[] = {"found", "missed", "wrong"};
    if (!cJSON_IsObject(s)) return fail(err, "snapshot: a scenario entry is not an object");
    if (keys_ok(s, names, WZ_ARRAY_LEN(names), "a scenario entry", err)) return -1;
    const cJSON *ifid = cJSON_GetObjectItemCaseSensitive(s, "ifid");
    const cJSON *aud = cJSON_GetObjectItemCaseSensitive(s, "audience");
    if (!label_ok(ifid) || !label_ok(aud))
        return fail(err, "snapshot: a scenario entry has a bad ifid or audience");
    char key[2 * WZ_SNAPSHOT_MAX_STRING + 4];
    snprintf(key, sizeof key, "%s\x1f%s", ifid->valuestring, aud->valuestring);
    if (idx_get(seen, key, wz_map_hash(key)) >= 0)
        return fail(err, "snapshot: scenario %s (%s) is listed twice", ifid->valuestring,
                    aud->valuestring);
    wz_map_put(seen, key, wz_map_hash(key), 0);
    static const char *const cnt[] = {"started", "completed", "abandoned"};
    for (size_t k = 0; k < 3; k++)
        if (!count_ok(cJSON_GetObjectItemCaseSensitive(s, cnt[k]), WZ_SNAPSHOT_MAX_COUNT))
            return fail(err, "snapshot: \"%s\" of scenario %s is not a count", cnt[k],
                        ifid->valuestring);
    const cJSON *end = cJSON_GetObjectItemCaseSensitive(s, "endings");
    if (!cJSON_IsObject(end)) return fail(err, "snapshot: \"endings\" must be an object");
    if (keys_ok(end, OUTCOMES, 3, "endings", err)) return -1;
    for (int k = 0; k < 3; k++)
        if (!count_ok(cJSON_GetObjectItemCaseSensitive(end, OUTCOMES[k]), WZ_SNAPSHOT_MAX_COUNT))
            return fail(err, "snapshot: ending \"%s\" of %s is not a count", OUTCOMES[k],
                        ifid->valuestring);
    if (counts_array_ok(cJSON_GetObjectItemCaseSensitive(s, "durations"), WZ_DURATION_BUCKETS,
                        "durations", err))
        return -1;
    const cJSON *spot = cJSON_GetObjectItemCaseSensitive(s, "spot");
    if (!cJSON_IsObject(spot)) return fail(err, "snapshot: \"spot\" must be an object");
    if (keys_ok(spot, spot_names, 3, "spot", err)) return -1;
    for (int k = 0; k < 3; k++)
        if (!count_ok(cJSON_GetObjectItemCaseSensitive(spot, spot_names[k]), WZ_SNAPSHOT_MAX_COUNT))
            return fail(err, "snapshot: spot \"%s\" of %s is not a count", spot_names[k],
                        ifid->valuestring);
    const cJSON *ch = cJSON_GetObjectItemCaseSensitive(s, "choices");
    if (!cJSON_IsArray(ch) || cJSON_GetArraySize(ch) > WZ_SNAPSHOT_MAX_CHOICES)
        return fail(err, "snapshot: \"choices\" of %s must be an array (at most %d entries)",
                    ifid->valuestring, WZ_SNAPSHOT_MAX_CHOICES);
    static const char *const cnames[] = {"passage", "index", "target", "class", "count"};
    wz_map cseen = {0};
    int rc = 0;
    for (const cJSON *c = ch->child; c && rc == 0; c = c->next) {
        if (!cJSON_IsObject(c) || keys_ok(c, cnames, 5, "a choice", err)) {
            if (!cJSON_IsObject(c)) fail(err, "snapshot: a choice is not an object");
            rc = -1;
            break;
        }
        const cJSON *p = cJSON_GetObjectItemCaseSensitive(c, "passage");
        const cJSON *ix = cJSON_GetObjectItemCaseSensitive(c, "index");
        const cJSON *tg = cJSON_GetObjectItemCaseSensitive(c, "target");
        const cJSON *cl = cJSON_GetObjectItemCaseSensitive(c, "class");
        int cls_known = 0;
        for (size_t k = 0; cJSON_IsString(cl) && k < WZ_ARRAY_LEN(CLASSES); k++)
            cls_known |= strcmp(cl->valuestring, CLASSES[k]) == 0;
        if (!label_ok(p) || !label_ok(tg) || !count_ok(ix, 999) || !cls_known ||
            !count_ok(cJSON_GetObjectItemCaseSensitive(c, "count"), WZ_SNAPSHOT_MAX_COUNT)) {
            rc = fail(err, "snapshot: a bad choice entry in scenario %s", ifid->valuestring);
            break;
        }
        char ck[2 * WZ_SNAPSHOT_MAX_STRING + 40];
        snprintf(ck, sizeof ck, "%s\x1f%d\x1f%s\x1f%s", p->valuestring, (int)ix->valuedouble,
                 tg->valuestring, cl->valuestring);
        if (idx_get(&cseen, ck, wz_map_hash(ck)) >= 0) {
            rc = fail(err, "snapshot: a choice of %s at \"%s\" is listed twice", ifid->valuestring,
                      p->valuestring);
            break;
        }
        wz_map_put(&cseen, ck, wz_map_hash(ck), 0);
    }
    wz_map_clear(&cseen);
    return rc;
}

int wz_snapshot_validate(const cJSON *doc, char **err)
{
    /* "instance" (names[2]) is optional: snapshots from kiosks before it have none. */
    static const char *const names[] = {"schema",
                                        "kiosk_id",
                                        "instance",
                                        "day",
                                        "revision",
                                        "sessions",
                                        "visits_by_hour",
                                        "session_durations",
                                        "duration_limits_s",
                                        "audiences",
                                        "languages",
                                        "easy_read_sessions",
                                        "settings",
                                        "help",
                                        "scenarios"};
    if (!cJSON_IsObject(doc)) return fail(err, "snapshot: not a JSON object");
    if (keys_ok_opt(doc, names, WZ_ARRAY_LEN(names), 1u << 2, "the snapshot", err)) return -1;
    const cJSON *schema = cJSON_GetObjectItemCaseSensitive(doc, "schema");
    if (!cJSON_IsNumber(schema) || schema->valuedouble != WZ_SNAPSHOT_SCHEMA)
        return fail(err, "snapshot: unsupported schema (this program reads schema 1)");
    const cJSON *kid = cJSON_GetObjectItemCaseSensitive(doc, "kiosk_id");
    if (!cJSON_IsString(kid) || !wz_snapshot_kiosk_id_ok(kid->valuestring))
        return fail(err, "snapshot: kiosk_id must be 1 to 64 letters, digits, '-' or '_'");
    const cJSON *inst = cJSON_GetObjectItemCaseSensitive(doc, "instance");
    if (inst && !(cJSON_IsString(inst) && wz_snapshot_instance_ok(inst->valuestring)))
        return fail(err, "snapshot: instance must be 32 lower-case hexadecimal digits");
    const cJSON *day = cJSON_GetObjectItemCaseSensitive(doc, "day");
    if (!cJSON_IsString(day) || !wz_snapshot_day_ok(day->valuestring))
        return fail(err, "snapshot: day must be a date written YYYY-MM-DD");
    const cJSON *rev = cJSON_GetObjectItemCaseSensitive(doc, "revision");
    if (!count_ok(rev, 9007199254740991.0) || rev->valuedouble < 1)
        return fail(err, "snapshot: revision must be a whole number from 1");
    const cJSON *sessions = cJSON_GetObjectItemCaseSensitive(doc, "sessions");
    if (!count_ok(sessions, WZ_SNAPSHOT_MAX_COUNT))
        return fail(err, "snapshot: sessions is not a count");
    if (!count_ok(cJSON_GetObjectItemCaseSensitive(doc, "easy_read_sessions"),
                  WZ_SNAPSHOT_MAX_COUNT))
        return fail(err, "snapshot: easy_read_sessions is not a count");
    const cJSON *hours = cJSON_GetObjectItemCaseSensitive(doc, "visits_by_hour");
    if (counts_array_ok(hours, 24, "visits_by_hour", err)) return -1;
    double sum = 0;
    for (const cJSON *c = hours->child; c; c = c->next)
        sum += c->valuedouble;
    if (sum != sessions->valuedouble)
        return fail(err, "snapshot: visits_by_hour does not add up to sessions");
    if (counts_array_ok(cJSON_GetObjectItemCaseSensitive(doc, "session_durations"),
                        WZ_DURATION_BUCKETS, "session_durations", err))
        return -1;
    const cJSON *lim = cJSON_GetObjectItemCaseSensitive(doc, "duration_limits_s");
    int lim_ok = cJSON_IsArray(lim) && cJSON_GetArraySize(lim) == WZ_DURATION_BUCKETS - 1;
    for (int i = 0; lim_ok && i < WZ_DURATION_BUCKETS - 1; i++) {
        const cJSON *v = cJSON_GetArrayItem(lim, i);
        lim_ok = cJSON_IsNumber(v) && v->valuedouble == WZ_DURATION_LIMITS_S[i];
    }
    if (!lim_ok)
        return fail(err, "snapshot: duration_limits_s differs from this program's buckets");
    static const char *const maps[] = {"audiences", "languages", "settings", "help"};
    for (size_t k = 0; k < WZ_ARRAY_LEN(maps); k++)
        if (map_ok(cJSON_GetObjectItemCaseSensitive(doc, maps[k]), maps[k], err)) return -1;
    const cJSON *sc = cJSON_GetObjectItemCaseSensitive(doc, "scenarios");
    if (!cJSON_IsArray(sc) || cJSON_GetArraySize(sc) > WZ_SNAPSHOT_MAX_SCENARIOS)
        return fail(err, "snapshot: scenarios must be an array of at most %d entries",
                    WZ_SNAPSHOT_MAX_SCENARIOS);
    wz_map seen = {0};
    int rc = 0;
    for (const cJSON *s = sc->child; s && rc == 0; s = s->next)
        rc = scenario_ok(s, &seen, err);
    wz_map_clear(&seen);
    return rc;
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
    for (const cJSON *c = obj->child; c; c = c->next)
        *label_slot(m, c->string) += (long long)c->valuedouble;
}

static void set_add(wz_map *m, const char *key)
{
    unsigned long long h = wz_map_hash(key);
    if (idx_get(m, key, h) < 0) wz_map_put(m, key, h, 0);
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
    if (idx_get(&t->seen, key, h) >= 0)
        return fail(err, "snapshot: kiosk %s, instance \"%s\", day %s was already added", kid, inst,
                    day);
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
    const cJSON *sc = cJSON_GetObjectItemCaseSensitive(doc, "scenarios");
    for (const cJSON *e = sc->child; e; e = e->next) {
        scen *s = scen_slot(t, cJSON_GetObjectItemCaseSensitive(e, "ifid")->valuestring,
                            cJSON_GetObjectItemCaseSensitive(e, "audience")->valuestring);
        s->started += num(e, "started");
        s->completed += num(e, "completed");
        s->abandoned += num(e, "abandoned");
        const cJSON *end = cJSON_GetObjectItemCaseSensitive(e, "endings");
        for (int k = 0; k < 3; k++)
            s->endings[k] += num(end, OUTCOMES[k]);
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
    }
    return 0;
}

/* ---- rendering ---- */

static int scen_cmp(const void *a, const void *b)
{
    const scen *x = *(const scen *const *)a, *y = *(const scen *const *)b;
    int c = strcmp(x->ifid, y->ifid);
    return c ? c : strcmp(x->audience, y->audience);
}

static int choice_cmp(const void *a, const void *b)
{
    const choice *x = a, *y = b;
    int c = strcmp(x->passage, y->passage);
    if (c) return c;
    if (x->index != y->index) return x->index < y->index ? -1 : 1;
    c = strcmp(x->target, y->target);
    return c ? c : strcmp(x->cls, y->cls);
}

static const scen **sorted_scens(const wz_totals *t)
{
    const scen **v = wz_xmalloc((t->nscens ? t->nscens : 1) * sizeof *v);
    for (size_t i = 0; i < t->nscens; i++)
        v[i] = &t->scens[i];
    qsort(v, t->nscens, sizeof *v, scen_cmp);
    return v;
}

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
    counter *c = label_map_sorted(m);
    for (size_t i = 0; i < m->n; i++)
        cJSON_AddNumberToObject(o, c[i].label, (double)c[i].n);
    free(c);
    return o;
}

static cJSON *endings_json(const long long *e)
{
    cJSON *o = cJSON_CreateObject();
    for (int k = 0; k < 3; k++)
        cJSON_AddNumberToObject(o, OUTCOMES[k], (double)e[k]);
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
    if (n) qsort(c, n, sizeof *c, choice_cmp);
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
    long long m = wz_duration_median_s(durations);
    return m < 0 ? cJSON_CreateNull() : cJSON_CreateNumber((double)m);
}

cJSON *wz_totals_to_snapshot(const wz_totals *t, const char *kiosk_id, const char *day,
                             long long revision)
{
    return wz_totals_to_snapshot_in(t, kiosk_id, NULL, day, revision);
}

cJSON *wz_totals_to_snapshot_in(const wz_totals *t, const char *kiosk_id, const char *instance,
                                const char *day, long long revision)
{
    cJSON *d = cJSON_CreateObject();
    cJSON_AddNumberToObject(d, "schema", WZ_SNAPSHOT_SCHEMA);
    cJSON_AddStringToObject(d, "kiosk_id", kiosk_id);
    if (instance && instance[0]) cJSON_AddStringToObject(d, "instance", instance);
    cJSON_AddStringToObject(d, "day", day);
    cJSON_AddNumberToObject(d, "revision", (double)revision);
    cJSON_AddNumberToObject(d, "sessions", (double)t->sessions);
    cJSON_AddItemToObject(d, "visits_by_hour", counts_json(t->hours, 24));
    cJSON_AddItemToObject(d, "session_durations",
                          counts_json(t->session_durations, WZ_DURATION_BUCKETS));
    cJSON *lim = cJSON_CreateArray();
    for (int i = 0; i < WZ_DURATION_BUCKETS - 1; i++)
        cJSON_AddItemToArray(lim, cJSON_CreateNumber(WZ_DURATION_LIMITS_S[i]));
    cJSON_AddItemToObject(d, "duration_limits_s", lim);
    cJSON_AddItemToObject(d, "audiences", map_json(&t->audiences));
    cJSON_AddItemToObject(d, "languages", map_json(&t->languages));
    cJSON_AddNumberToObject(d, "easy_read_sessions", (double)t->easy_read);
    cJSON_AddItemToObject(d, "settings", map_json(&t->settings));
    cJSON_AddItemToObject(d, "help", map_json(&t->help));
    cJSON *arr = cJSON_CreateArray();
    const scen **v = sorted_scens(t);
    for (size_t i = 0; i < t->nscens; i++) {
        const scen *s = v[i];
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "ifid", s->ifid);
        cJSON_AddStringToObject(o, "audience", s->audience);
        cJSON_AddNumberToObject(o, "started", (double)s->started);
        cJSON_AddNumberToObject(o, "completed", (double)s->completed);
        cJSON_AddNumberToObject(o, "abandoned", (double)s->abandoned);
        cJSON_AddItemToObject(o, "endings", endings_json(s->endings));
        cJSON_AddItemToObject(o, "durations", counts_json(s->durations, WZ_DURATION_BUCKETS));
        choice *c = wz_xmalloc((s->nchoices ? s->nchoices : 1) * sizeof *c);
        if (s->nchoices) memcpy(c, s->choices, s->nchoices * sizeof *c);
        cJSON_AddItemToObject(o, "choices", choices_json(c, s->nchoices));
        free(c);
        cJSON_AddItemToObject(o, "spot", spot_json(s->found, s->missed, s->wrong));
        cJSON_AddItemToArray(arr, o);
    }
    free(v);
    cJSON_AddItemToObject(d, "scenarios", arr);
    return d;
}

/* JSON string, escaped as cJSON does (labels never hold control characters, but a
 * document must stay valid whatever it is given). */
static void json_str(wz_buf *b, const char *s)
{
    wz_buf_putc(b, '"');
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        /* runs of characters that need no escape go in with one append */
        const unsigned char *run = p;
        while (*p >= 0x20 && *p != '"' && *p != '\\')
            p++;
        if (p > run) wz_buf_append(b, run, (size_t)(p - run));
        if (!*p) break;
        if (*p == '"' || *p == '\\') {
            wz_buf_putc(b, '\\');
            wz_buf_putc(b, (char)*p);
        } else if (*p < 0x20) {
            const char *esc = *p == '\b'   ? "\\b"
                              : *p == '\f' ? "\\f"
                              : *p == '\n' ? "\\n"
                              : *p == '\r' ? "\\r"
                              : *p == '\t' ? "\\t"
                                           : NULL;
            if (esc)
                wz_buf_puts(b, esc);
            else
                wz_buf_printf(b, "\\u%04x", *p);
        } else {
            wz_buf_putc(b, (char)*p);
        }
    }
    wz_buf_putc(b, '"');
}

/* Appends s then the decimal v: printf's result without its cost (a year of days is
 * tens of megabytes of numbers). */
static void json_num(wz_buf *b, const char *s, long long v)
{
    char d[32];
    size_t n = sizeof d;
    unsigned long long u = v < 0 ? 0ull - (unsigned long long)v : (unsigned long long)v;
    do {
        d[--n] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0) d[--n] = '-';
    wz_buf_puts(b, s);
    wz_buf_append(b, d + n, sizeof d - n);
}

static void json_counts(wz_buf *b, const char *name, const long long *v, int n)
{
    wz_buf_putc(b, ',');
    json_str(b, name);
    for (int i = 0; i < n; i++)
        json_num(b, i ? "," : ":[", v[i]);
    wz_buf_putc(b, ']');
}

static void json_map(wz_buf *b, const char *name, const label_map *m)
{
    wz_buf_putc(b, ',');
    json_str(b, name);
    wz_buf_puts(b, ":{");
    counter *c = label_map_sorted(m);
    for (size_t i = 0; i < m->n; i++) {
        if (i) wz_buf_putc(b, ',');
        json_str(b, c[i].label);
        json_num(b, ":", c[i].n);
    }
    free(c);
    wz_buf_putc(b, '}');
}

char *wz_totals_snapshot_json(const wz_totals *t, const char *kiosk_id, const char *day,
                              long long revision)
{
    return wz_totals_snapshot_json_in(t, kiosk_id, NULL, day, revision);
}

char *wz_totals_snapshot_json_in(const wz_totals *t, const char *kiosk_id, const char *instance,
                                 const char *day, long long revision)
{
    wz_buf b;
    wz_buf_init(&b, 0);
    wz_buf_printf(&b, "{\"schema\":%d,\"kiosk_id\":", WZ_SNAPSHOT_SCHEMA);
    json_str(&b, kiosk_id);
    if (instance && instance[0]) {
        wz_buf_puts(&b, ",\"instance\":");
        json_str(&b, instance);
    }
    wz_buf_puts(&b, ",\"day\":");
    json_str(&b, day);
    json_num(&b, ",\"revision\":", revision);
    json_num(&b, ",\"sessions\":", t->sessions);
    json_counts(&b, "visits_by_hour", t->hours, 24);
    json_counts(&b, "session_durations", t->session_durations, WZ_DURATION_BUCKETS);
    wz_buf_puts(&b, ",\"duration_limits_s\":[");
    for (int i = 0; i < WZ_DURATION_BUCKETS - 1; i++)
        json_num(&b, i ? "," : "", WZ_DURATION_LIMITS_S[i]);
    wz_buf_putc(&b, ']');
    json_map(&b, "audiences", &t->audiences);
    json_map(&b, "languages", &t->languages);
    json_num(&b, ",\"easy_read_sessions\":", t->easy_read);
    json_map(&b, "settings", &t->settings);
    json_map(&b, "help", &t->help);
    wz_buf_puts(&b, ",\"scenarios\":[");
    const scen **v = sorted_scens(t);
    for (size_t i = 0; i < t->nscens; i++) {
        const scen *s = v[i];
        wz_buf_puts(&b, i ? ",{\"ifid\":" : "{\"ifid\":");
        json_str(&b, s->ifid);
        wz_buf_puts(&b, ",\"audience\":");
        json_str(&b, s->audience);
        json_num(&b, ",\"started\":", s->started);
        json_num(&b, ",\"completed\":", s->completed);
        json_num(&b, ",\"abandoned\":", s->abandoned);
        json_num(&b, ",\"endings\":{\"safe\":", s->endings[0]);
        json_num(&b, ",\"risky\":", s->endings[1]);
        json_num(&b, ",\"mixed\":", s->endings[2]);
        wz_buf_putc(&b, '}');
        json_counts(&b, "durations", s->durations, WZ_DURATION_BUCKETS);
        wz_buf_puts(&b, ",\"choices\":[");
        choice *c = wz_xmalloc((s->nchoices ? s->nchoices : 1) * sizeof *c);
        if (s->nchoices) {
            memcpy(c, s->choices, s->nchoices * sizeof *c);
            qsort(c, s->nchoices, sizeof *c, choice_cmp);
        }
        for (size_t k = 0; k < s->nchoices; k++) {
            wz_buf_puts(&b, k ? ",{\"passage\":" : "{\"passage\":");
            json_str(&b, c[k].passage);
            json_num(&b, ",\"index\":", c[k].index);
            wz_buf_puts(&b, ",\"target\":");
            json_str(&b, c[k].target);
            wz_buf_puts(&b, ",\"class\":");
            json_str(&b, c[k].cls);
            json_num(&b, ",\"count\":", c[k].count);
            wz_buf_putc(&b, '}');
        }
        free(c);
        json_num(&b, "],\"spot\":{\"found\":", s->found);
        json_num(&b, ",\"missed\":", s->missed);
        json_num(&b, ",\"wrong\":", s->wrong);
        wz_buf_puts(&b, "}}");
    }
    free(v);
    wz_buf_puts(&b, "]}");
    return wz_buf_steal(&b);
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
            int at = idx_get(&idx, key, h);
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
    cJSON *arr = cJSON_CreateArray();
    const scen **v = sorted_scens(t);
    for (size_t i = 0; i < t->nscens;) {
        size_t j = i;
        while (j < t->nscens && strcmp(v[j]->ifid, v[i]->ifid) == 0)
            j++;
        ifid_sum u;
        ifid_sum_build(&u, v, i, j);
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
            cJSON_AddItemToArray(ba, b);
        }
        cJSON_AddItemToObject(o, "by_audience", ba);
        cJSON_AddItemToArray(arr, o);
        i = j;
    }
    free(v);
    cJSON_AddItemToObject(d, "scenarios", arr);
    return d;
}

/* ---- text and CSV ---- */

void wz_csv_field(wz_buf *b, const char *s)
{
    if (!s) s = "";
    int formula = s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@';
    int quote = formula || strpbrk(s, ",\"\r\n") != NULL;
    if (!quote) {
        wz_buf_puts(b, s);
        return;
    }
    wz_buf_putc(b, '"');
    if (formula) wz_buf_putc(b, '\'');
    for (; *s; s++) {
        if (*s == '"') wz_buf_putc(b, '"');
        wz_buf_putc(b, *s);
    }
    wz_buf_putc(b, '"');
}

static void csv_row(wz_buf *b, const char *metric, const char *ifid, const char *audience,
                    const char *key, const char *passage, int index, const char *target,
                    const char *cls, long long value)
{
    const char *f[] = {metric, ifid, audience, key, passage};
    for (size_t i = 0; i < WZ_ARRAY_LEN(f); i++) {
        wz_csv_field(b, f[i]);
        wz_buf_putc(b, ',');
    }
    if (index >= 0) wz_buf_printf(b, "%d", index);
    wz_buf_putc(b, ',');
    wz_csv_field(b, target);
    wz_buf_putc(b, ',');
    wz_csv_field(b, cls);
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
        csv_row(b, "ending", ifid, aud, OUTCOMES[k], NULL, -1, NULL, NULL, endings[k]);
    long long m = wz_duration_median_s(durations);
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
    long long sm = wz_duration_median_s(t->session_durations);
    if (sm >= 0) csv_row(&b, "session_median_s", NULL, NULL, NULL, NULL, -1, NULL, NULL, sm);
    for (int h = 0; h < 24; h++) {
        char hk[8];
        snprintf(hk, sizeof hk, "%02d", h);
        csv_row(&b, "visits_by_hour", NULL, NULL, hk, NULL, -1, NULL, NULL, t->hours[h]);
    }
    const struct {
        const char *name;
        const label_map *m;
    } maps[] = {{"audience", &t->audiences},
                {"language", &t->languages},
                {"setting", &t->settings},
                {"help", &t->help}};
    for (size_t k = 0; k < WZ_ARRAY_LEN(maps); k++) {
        counter *c = label_map_sorted(maps[k].m);
        for (size_t i = 0; i < maps[k].m->n; i++)
            csv_row(&b, maps[k].name, NULL, NULL, c[i].label, NULL, -1, NULL, NULL, c[i].n);
        free(c);
    }
    const scen **v = sorted_scens(t);
    for (size_t i = 0; i < t->nscens;) {
        size_t j = i;
        while (j < t->nscens && strcmp(v[j]->ifid, v[i]->ifid) == 0)
            j++;
        ifid_sum u;
        ifid_sum_build(&u, v, i, j);
        csv_scenario_rows(&b, v[i]->ifid, NULL, u.started, u.completed, u.abandoned, u.endings,
                          u.durations, u.found, u.missed, u.wrong);
        if (u.nchoices) qsort(u.choices, u.nchoices, sizeof *u.choices, choice_cmp);
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
    counter *c = label_map_sorted(m);
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
    text_duration(&b, wz_duration_median_s(t->session_durations));
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
    wz_buf_puts(&b, t->nscens ? "Scenarios:\n" : "Scenarios: none\n");
    const scen **v = sorted_scens(t);
    for (size_t i = 0; i < t->nscens;) {
        size_t j = i;
        while (j < t->nscens && strcmp(v[j]->ifid, v[i]->ifid) == 0)
            j++;
        ifid_sum u;
        ifid_sum_build(&u, v, i, j);
        const char *title = title_of(t, v[i]->ifid);
        if (title)
            wz_buf_printf(&b, "\n  %s (%s)\n", title, v[i]->ifid);
        else
            wz_buf_printf(&b, "\n  %s\n", v[i]->ifid);
        wz_buf_printf(&b, "    started %lld, completed %lld, abandoned %lld\n", u.started,
                      u.completed, u.abandoned);
        wz_buf_printf(&b, "    endings: safe %lld, risky %lld, mixed %lld\n", u.endings[0],
                      u.endings[1], u.endings[2]);
        wz_buf_puts(&b, "    median time to an ending: ");
        text_duration(&b, wz_duration_median_s(u.durations));
        wz_buf_printf(&b, "\n    spot the signs: found %lld, missed %lld, wrong taps %lld\n",
                      u.found, u.missed, u.wrong);
        for (size_t k = i; k < j; k++)
            wz_buf_printf(&b, "    audience %s: started %lld, completed %lld, abandoned %lld\n",
                          v[k]->audience, v[k]->started, v[k]->completed, v[k]->abandoned);
        if (u.nchoices) qsort(u.choices, u.nchoices, sizeof *u.choices, choice_cmp);
        if (u.nchoices) wz_buf_puts(&b, "    choices:\n");
        for (size_t k = 0; k < u.nchoices; k++)
            wz_buf_printf(&b, "      at \"%s\", choice %d -> \"%s\" (%s): %lld\n",
                          u.choices[k].passage, u.choices[k].index + 1, u.choices[k].target,
                          u.choices[k].cls, u.choices[k].count);
        free(u.choices);
        i = j;
    }
    free(v);
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

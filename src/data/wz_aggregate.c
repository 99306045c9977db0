/*
 * wz_aggregate: a day's events, counted into a wz_totals tally.
 *
 * Each event points to its event_labels row (every distinct combination of labels stored
 * once), so counting reads only numbers, all held by the index events_by_day_counted. A
 * day's rows are first summed per labels row in plain arrays, then each group goes into
 * the tally once. A few days are read by day; many (after a long time offline, or the
 * first prune) in one pass over the index: a busy kiosk's year in about 0.4 s of CPU.
 * Rows without a labels id are counted from their own columns (count_row), with the same
 * result. Event to count: SESSION_START visits, hours, audiences, languages, easy read;
 * SESSION_END durations; SETTING, HELP, WORRIED; GROUP (by size band); SCENARIO_START started;
 * ENDING completed, outcome, time; ABANDON; CHOICE; SPOT_RESULT; RATING; QUIZ answers and right
 * ones (wz_totals_quiz.h). FEEDBACK stays on the device. The public facts a day's snapshot carries
 * beside its counts (site, scenario titles) are read from the database too (wz_facts.h), so every
 * copy of a day's document is the same.
 */
#include "wz_aggregate.h"

#include "wz_db.h"
#include "wz_facts.h"
#include "wz_recorder.h"
#include "wz_totals_quiz.h"
#include "wz_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *col(sqlite3_stmt *st, int i)
{
    return (const char *)sqlite3_column_text(st, i);
}

#define EVENT_COLUMNS                                                                              \
    "kind, hour, audience, language, easy_read, ifid, passage, choice_index, target, cls,"         \
    " outcome, screen, setting, value, found, missed, wrong, duration_ms"

/* Counts the current row (EVENT_COLUMNS starting at column o) into t. */
static void count_row(sqlite3_stmt *st, int o, wz_totals *t)
{
    const char *aud = col(st, o + 2), *ifid = col(st, o + 5);
    switch (sqlite3_column_int(st, o)) {
    case WZ_EV_SESSION_START:
        wz_totals_count_session(t, sqlite3_column_int(st, o + 1), aud, col(st, o + 3),
                                sqlite3_column_int(st, o + 4));
        break;
    case WZ_EV_SESSION_END:
        wz_totals_count_session_end(t, sqlite3_column_int64(st, o + 17));
        break;
    case WZ_EV_SCENARIO_START:
        wz_totals_count_started_lang_n(t, ifid, aud, col(st, o + 3), 1);
        break;
    case WZ_EV_CHOICE:
        wz_totals_count_choice(t, ifid, aud, col(st, o + 6), sqlite3_column_int(st, o + 7),
                               col(st, o + 8), col(st, o + 9));
        break;
    case WZ_EV_SPOT_RESULT:
        wz_totals_count_spot(t, ifid, aud, sqlite3_column_int(st, o + 14),
                             sqlite3_column_int(st, o + 15), sqlite3_column_int(st, o + 16));
        break;
    case WZ_EV_ENDING:
        wz_totals_count_ending(t, ifid, aud, col(st, o + 10), sqlite3_column_int64(st, o + 17));
        break;
    case WZ_EV_ABANDON:
        wz_totals_count_abandon(t, ifid, aud);
        break;
    case WZ_EV_HELP:
        wz_totals_count_help(t, col(st, o + 11));
        break;
    case WZ_EV_WORRIED:
        wz_totals_count_worried_n(t, col(st, o + 11), 1);
        break;
    case WZ_EV_GROUP:
        wz_totals_count_group_n(t, col(st, o + 13), 1);
        break;
    case WZ_EV_SETTING:
        wz_totals_count_setting(t, col(st, o + 12), col(st, o + 13));
        break;
    case WZ_EV_RATING:
        wz_totals_count_rating_n(t, ifid, aud, col(st, o + 6), sqlite3_column_int(st, o + 7),
                                 col(st, o + 13), col(st, o + 9), 1);
        break;
    case WZ_EV_QUIZ:
        wz_totals_count_quiz_n(t, ifid, aud, sqlite3_column_int(st, o + 7), col(st, o + 13), 1,
                               sqlite3_column_int(st, o + 14) > 0);
        break;
    default:
        break;
    }
}

/* Adds the stored aggregate of the day's pruned events, if any. */
static int add_base(sqlite3 *db, sqlite3_stmt *st, const char *day, wz_totals *t, char **err)
{
    sqlite3_reset(st);
    sqlite3_bind_text(st, 1, day, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_DONE) return 0;
    if (rc != SQLITE_ROW) {
        if (err) *err = wz_xasprintf("aggregating %s: %s", day, sqlite3_errmsg(db));
        return -1;
    }
    cJSON *base = cJSON_Parse(col(st, 0));
    char *e = NULL;
    int bad = !base || wz_totals_add_snapshot(t, base, &e) != 0;
    if (bad && err)
        *err = wz_xasprintf("the stored totals of pruned day %s are unreadable: %s", day,
                            e ? e : "not JSON");
    free(e);
    cJSON_Delete(base);
    sqlite3_reset(st);
    return bad ? -1 : 0;
}

static int day_cmp(const void *key, const void *elem)
{
    return strcmp((const char *)key, (const char *)elem);
}

/* ---- counting through event_labels ---- */

/* One row of event_labels: what every event pointing to it says. */
typedef struct label {
    long long id;
    int kind, easy_read, index;
    char *aud, *lang, *ifid, *passage, *target, *cls, *outcome, *screen, *setting, *value;
} label;

/* A day's counts per label, before they go into the tally: sub[] holds the hour (session
 * starts; slot 24 for an hour out of range) or the duration bucket (session ends,
 * endings); spot results add up their numbers. */
#define SUB_SLOTS 25
typedef struct acc {
    long long n, found, missed, wrong, sub[SUB_SLOTS];
} acc;

typedef struct labels {
    label *v;
    size_t n;
    int *direct; /* id -> index into v, for ids below ndirect (ids are dense) */
    size_t ndirect;
    acc *acc;
    int *touched; /* labels counted since the last flush */
    size_t ntouched;
} labels;

static char *dup_col(sqlite3_stmt *st, int i)
{
    return sqlite3_column_type(st, i) == SQLITE_NULL ? NULL : wz_xstrdup(col(st, i));
}

static void labels_free(labels *L)
{
    for (size_t i = 0; i < L->n; i++) {
        label *l = &L->v[i];
        char *s[] = {l->aud, l->lang,    l->ifid,   l->passage, l->target,
                     l->cls, l->outcome, l->screen, l->setting, l->value};
        for (size_t k = 0; k < WZ_ARRAY_LEN(s); k++)
            free(s[k]);
    }
    free(L->v);
    free(L->direct);
    free(L->acc);
    free(L->touched);
    memset(L, 0, sizeof *L);
}

static int labels_load(sqlite3 *db, labels *L)
{
    sqlite3_stmt *st = NULL;
    memset(L, 0, sizeof *L);
    if (sqlite3_prepare_v2(db,
                           "SELECT id, kind, easy_read, choice_index, audience, language, ifid,"
                           " passage, target, cls, outcome, screen, setting, value"
                           " FROM event_labels ORDER BY id",
                           -1, &st, NULL) != SQLITE_OK)
        return -1;
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (L->n == cap) {
            cap = cap ? cap * 2 : 256;
            L->v = wz_xrealloc(L->v, cap * sizeof *L->v);
        }
        label *l = &L->v[L->n++];
        l->id = sqlite3_column_int64(st, 0);
        l->kind = sqlite3_column_int(st, 1);
        l->easy_read = sqlite3_column_int(st, 2);
        l->index = sqlite3_column_int(st, 3);
        l->aud = dup_col(st, 4);
        l->lang = dup_col(st, 5);
        l->ifid = dup_col(st, 6);
        l->passage = dup_col(st, 7);
        l->target = dup_col(st, 8);
        l->cls = dup_col(st, 9);
        l->outcome = dup_col(st, 10);
        l->screen = dup_col(st, 11);
        l->setting = dup_col(st, 12);
        l->value = dup_col(st, 13);
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) {
        labels_free(L);
        return -1;
    }
    /* ids are handed out 1, 2, 3...: a direct table, bounded in case they are not */
    L->ndirect = L->n ? (size_t)WZ_MIN(L->v[L->n - 1].id + 1, (long long)(4 * L->n + 1024)) : 0;
    if (L->n && L->v[0].id < 0) L->ndirect = 0;
    L->direct = wz_xmalloc((L->ndirect ? L->ndirect : 1) * sizeof *L->direct);
    for (size_t i = 0; i < L->ndirect; i++)
        L->direct[i] = -1;
    for (size_t i = 0; i < L->n; i++)
        if (L->v[i].id >= 0 && (size_t)L->v[i].id < L->ndirect) L->direct[L->v[i].id] = (int)i;
    L->acc = wz_xcalloc(L->n ? L->n : 1, sizeof *L->acc);
    L->touched = wz_xmalloc((L->n ? L->n : 1) * sizeof *L->touched);
    return 0;
}

static int label_cmp(const void *key, const void *elem)
{
    long long a = *(const long long *)key, b = ((const label *)elem)->id;
    return a < b ? -1 : a > b;
}

/* Index of label id in L->v, or -1. */
static int labels_find(const labels *L, long long id)
{
    if (id >= 0 && (size_t)id < L->ndirect) return L->direct[id];
    const label *l = bsearch(&id, L->v, L->n, sizeof *L->v, label_cmp);
    return l ? (int)(l - L->v) : -1;
}

/* Moves the counts gathered since the last flush into t. */
static void labels_flush(labels *L, wz_totals *t)
{
    for (size_t k = 0; k < L->ntouched; k++) {
        const label *l = &L->v[L->touched[k]];
        acc *a = &L->acc[L->touched[k]];
        switch (l->kind) {
        case WZ_EV_SESSION_START:
            for (int h = 0; h < SUB_SLOTS; h++)
                if (a->sub[h])
                    wz_totals_count_session_n(t, h < 24 ? h : -1, l->aud, l->lang, l->easy_read,
                                              a->sub[h]);
            break;
        case WZ_EV_SESSION_END:
            for (int b = 0; b < WZ_DURATION_BUCKETS; b++)
                if (a->sub[b]) wz_totals_count_session_end_n(t, b, a->sub[b]);
            break;
        case WZ_EV_ENDING:
            for (int b = 0; b < WZ_DURATION_BUCKETS; b++)
                if (a->sub[b])
                    wz_totals_count_ending_n(t, l->ifid, l->aud, l->outcome, b, a->sub[b]);
            break;
        case WZ_EV_SCENARIO_START:
            wz_totals_count_started_lang_n(t, l->ifid, l->aud, l->lang, a->n);
            break;
        case WZ_EV_CHOICE:
            wz_totals_count_choice_n(t, l->ifid, l->aud, l->passage, l->index, l->target, l->cls,
                                     a->n);
            break;
        case WZ_EV_SPOT_RESULT:
            wz_totals_count_spot_sum(t, l->ifid, l->aud, a->found, a->missed, a->wrong);
            break;
        case WZ_EV_ABANDON:
            wz_totals_count_abandon_n(t, l->ifid, l->aud, a->n);
            break;
        case WZ_EV_HELP:
            wz_totals_count_help_n(t, l->screen, a->n);
            break;
        case WZ_EV_WORRIED:
            wz_totals_count_worried_n(t, l->screen, a->n);
            break;
        case WZ_EV_GROUP:
            wz_totals_count_group_n(t, l->value, a->n);
            break;
        case WZ_EV_SETTING:
            wz_totals_count_setting_n(t, l->setting, l->value, a->n);
            break;
        case WZ_EV_RATING:
            wz_totals_count_rating_n(t, l->ifid, l->aud, l->passage, l->index, l->value, l->cls,
                                     a->n);
            break;
        case WZ_EV_QUIZ:
            wz_totals_count_quiz_n(t, l->ifid, l->aud, l->index, l->value, a->n, a->found);
            break;
        default:
            break;
        }
        memset(a, 0, sizeof *a);
    }
    L->ntouched = 0;
}

/* Counts the current row (LABELLED_COLUMNS from column 1; column 0 is the day) into the
 * accumulators. Returns 0, or -1 when the row has no known label (counted later from its
 * own columns). */
#define LABELLED_COLUMNS "labels, hour, found, missed, wrong, duration_ms"
static int gather_row(sqlite3_stmt *st, labels *L)
{
    if (sqlite3_column_type(st, 1) != SQLITE_INTEGER) return -1;
    int i = labels_find(L, sqlite3_column_int64(st, 1));
    if (i < 0) return -1;
    acc *a = &L->acc[i];
    int kind = L->v[i].kind;
    if (kind == WZ_EV_FEEDBACK || kind < WZ_EV_SESSION_START || kind > WZ_EV_GROUP)
        return 0; /* counted nowhere */
    if (!a->n) L->touched[L->ntouched++] = i;
    a->n++;
    if (kind == WZ_EV_SESSION_START) {
        int h = sqlite3_column_int(st, 2);
        a->sub[h >= 0 && h < 24 ? h : 24]++;
    } else if (kind == WZ_EV_SESSION_END || kind == WZ_EV_ENDING) {
        a->sub[wz_totals_duration_bucket(sqlite3_column_int64(st, 6))]++;
    } else if (kind == WZ_EV_SPOT_RESULT) {
        int f = sqlite3_column_int(st, 3), m = sqlite3_column_int(st, 4),
            w = sqlite3_column_int(st, 5);
        a->found += f > 0 ? f : 0;
        a->missed += m > 0 ? m : 0;
        a->wrong += w > 0 ? w : 0;
    } else if (kind == WZ_EV_QUIZ) {
        a->found += sqlite3_column_int(st, 3) > 0; /* right answers */
    }
    return 0;
}

/* Steps st (day, LABELLED_COLUMNS) to the end, counting each row of days[0..n) into its
 * tally. *unlabelled counts rows that gather_row could not place. Returns an SQLite code. */
static int gather(sqlite3_stmt *st, labels *L, char (*days)[11], int n, wz_totals **tallies,
                  long long *unlabelled)
{
    int rc, last = -1;
    char cur[11] = "";
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *d = col(st, 0);
        if (!d) continue;
        if (strcmp(cur, d) != 0) {
            /* rows arrive day by day; a day seen again later (a clock set back) adds on */
            if (last >= 0) labels_flush(L, tallies[last]);
            snprintf(cur, sizeof cur, "%s", d);
            char(*hit)[11] =
                strlen(d) == 10 ? bsearch(d, days, (size_t)n, sizeof *days, day_cmp) : NULL;
            last = hit ? (int)(hit - days) : -1;
        }
        if (last >= 0 && gather_row(st, L) != 0) (*unlabelled)++;
    }
    if (last >= 0) labels_flush(L, tallies[last]);
    return rc;
}

static int many_into(sqlite3 *db, char (*days)[11], int n, wz_totals **tallies, char **err)
{
    sqlite3_stmt *base = NULL, *st = NULL;
    labels L;
    memset(&L, 0, sizeof L);
    long long unlabelled = 0;
    int rc = sqlite3_prepare_v2(db, "SELECT doc FROM day_base WHERE day = ?1", -1, &base, NULL);
    if (rc != SQLITE_OK) goto dberr;
    for (int i = 0; i < n; i++)
        if (add_base(db, base, days[i], tallies[i], err) != 0) goto fail;
    if (n == 0) goto done;
    if (labels_load(db, &L) != 0) goto dberr;
    if (n < WZ_AGGREGATE_SCAN_DAYS) {
        /* a few days: the index on day finds their rows */
        rc = sqlite3_prepare_v2(db, "SELECT day, " LABELLED_COLUMNS " FROM events WHERE day = ?1",
                                -1, &st, NULL);
        if (rc != SQLITE_OK) goto dberr;
        for (int i = 0; i < n; i++) {
            sqlite3_reset(st);
            sqlite3_bind_text(st, 1, days[i], -1, SQLITE_STATIC);
            if (gather(st, &L, days + i, 1, tallies + i, &unlabelled) != SQLITE_DONE) goto dberr;
        }
    } else {
        /* many days: one pass over the whole index (it holds every column needed, in day
         * order) beats a lookup per day */
        rc = sqlite3_prepare_v2(db, "SELECT day, " LABELLED_COLUMNS " FROM events", -1, &st, NULL);
        if (rc != SQLITE_OK) goto dberr;
        if (gather(st, &L, days, n, tallies, &unlabelled) != SQLITE_DONE) goto dberr;
    }
    if (unlabelled) {
        /* Rows without a label (the trigger keeps them from arising; a database edited by
         * hand might have some) are counted from their own columns. */
        sqlite3_finalize(st);
        rc = sqlite3_prepare_v2(db,
                                "SELECT day, " EVENT_COLUMNS " FROM events e NOT INDEXED WHERE"
                                " NOT EXISTS (SELECT 1 FROM event_labels l WHERE l.id = e.labels)",
                                -1, &st, NULL);
        if (rc != SQLITE_OK) goto dberr;
        int last = -1;
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
            const char *d = col(st, 0);
            if (!d) continue;
            if (last < 0 || strcmp(days[last], d) != 0) {
                char(*hit)[11] = bsearch(d, days, (size_t)n, sizeof *days, day_cmp);
                if (!hit) continue;
                last = (int)(hit - days);
            }
            count_row(st, 1, tallies[last]);
        }
        if (rc != SQLITE_DONE) goto dberr;
    }
done:
    labels_free(&L);
    sqlite3_finalize(base);
    sqlite3_finalize(st);
    return 0;
dberr:
    if (err) *err = wz_xasprintf("aggregating: %s", sqlite3_errmsg(db));
fail:
    labels_free(&L);
    sqlite3_finalize(base);
    sqlite3_finalize(st);
    return -1;
}

int wz_aggregate_many_into(sqlite3 *db, char (*days)[11], int n, wz_totals **tallies, char **err)
{
    /* The labels, the rows and the fallback are read from one snapshot of the database. */
    int own = sqlite3_get_autocommit(db);
    if (own && sqlite3_exec(db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK) {
        if (err) *err = wz_xasprintf("aggregating: %s", sqlite3_errmsg(db));
        return -1;
    }
    int rc = many_into(db, days, n, tallies, err);
    if (rc == 0) rc = wz_facts_apply(db, tallies, n, err);
    if (own) sqlite3_exec(db, "COMMIT", NULL, NULL, NULL); /* only read: nothing to lose */
    return rc;
}

int wz_aggregate_day_into(sqlite3 *db, const char *day, wz_totals *t, char **err)
{
    char d[1][11];
    snprintf(d[0], sizeof d[0], "%s", day);
    return wz_aggregate_many_into(db, d, 1, &t, err);
}

cJSON *wz_aggregate_day(sqlite3 *db, const char *day, const char *kiosk_id, long long revision,
                        char **err)
{
    wz_totals *t = wz_totals_create();
    cJSON *doc = NULL;
    char instance[33];
    if (wz_db_instance(db, instance, NULL) != 0) instance[0] = '\0';
    if (wz_aggregate_day_into(db, day, t, err) == 0)
        doc = wz_snapshot_doc(t, kiosk_id ? kiosk_id : WZ_AGGREGATE_LOCAL_ID, instance, day,
                              revision);
    wz_totals_destroy(t);
    return doc;
}

int wz_aggregate_days(sqlite3 *db, const char *from, const char *to, char (**days)[11], char **err)
{
    sqlite3_stmt *st = NULL;
    *days = NULL;
    /* One index seek per day (the recursive min trick): a plain DISTINCT would read the
     * whole index, a second for a year of a busy kiosk. */
    int rc = sqlite3_prepare_v2(db,
                                "WITH RECURSIVE d(day) AS ("
                                " SELECT min(day) FROM events WHERE day >= coalesce(?1, '')"
                                " UNION ALL SELECT (SELECT min(day) FROM events e"
                                " WHERE e.day > d.day) FROM d WHERE d.day IS NOT NULL"
                                " AND (?2 IS NULL OR d.day < ?2))"
                                " SELECT day FROM (SELECT day FROM d WHERE day IS NOT NULL"
                                " UNION SELECT day FROM day_base)"
                                " WHERE (?1 IS NULL OR day >= ?1) AND (?2 IS NULL OR day <= ?2)"
                                " ORDER BY day",
                                -1, &st, NULL);
    if (rc != SQLITE_OK) goto dberr;
    sqlite3_bind_text(st, 1, from, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, to, -1, SQLITE_STATIC);
    int n = 0, cap = 0;
    char(*v)[11] = NULL;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *d = col(st, 0);
        if (!d || !wz_snapshot_day_ok(d)) continue; /* never produced by the recorder */
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            v = wz_xrealloc(v, (size_t)cap * sizeof *v);
        }
        memcpy(v[n++], d, 11);
    }
    if (rc != SQLITE_DONE) {
        free(v);
        goto dberr;
    }
    sqlite3_finalize(st);
    *days = v;
    return n;
dberr:
    if (err) *err = wz_xasprintf("listing days: %s", sqlite3_errmsg(db));
    sqlite3_finalize(st);
    return -1;
}

/* The kiosk id the outbox documents carry (meta), as a new string, or NULL. */
static char *outbox_kiosk_id(sqlite3 *db)
{
    sqlite3_stmt *st = NULL;
    char *id = NULL;
    if (sqlite3_prepare_v2(db, "SELECT v FROM meta WHERE k = 'kiosk_id'", -1, &st, NULL) ==
            SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW && col(st, 0) && wz_snapshot_kiosk_id_ok(col(st, 0)))
        id = wz_xstrdup(col(st, 0));
    sqlite3_finalize(st);
    return id;
}

int wz_aggregate_snapshots(sqlite3 *db, const char *from, const char *to, const char *kiosk_id,
                           char ***json_out, char (**days_out)[11], char **err)
{
    *json_out = NULL;
    *days_out = NULL;
    char(*days)[11] = NULL;
    int n = wz_aggregate_days(db, from, to, &days, err);
    if (n < 0) return -1;
    char **json = wz_xcalloc((size_t)(n ? n : 1), sizeof *json);
    char *kid = outbox_kiosk_id(db);
    const char *k = kid ? kid : kiosk_id ? kiosk_id : WZ_AGGREGATE_LOCAL_ID;
    sqlite3_stmt *st = NULL;
    char(*fresh)[11] = wz_xcalloc((size_t)(n ? n : 1), sizeof *fresh);
    int *where = wz_xcalloc((size_t)(n ? n : 1), sizeof *where);
    wz_totals **tallies = NULL;
    int nf = 0, rc = -1;
    /* A stored document is current unless its day was marked dirty since. */
    if (sqlite3_prepare_v2(db,
                           "SELECT s.revision, s.json, d.day IS NOT NULL FROM snapshots s"
                           " LEFT JOIN dirty_days d ON d.day = s.day WHERE s.day = ?1",
                           -1, &st, NULL) != SQLITE_OK) {
        if (err) *err = wz_xasprintf("reading snapshots: %s", sqlite3_errmsg(db));
        goto out;
    }
    for (int i = 0; i < n; i++) {
        sqlite3_reset(st);
        sqlite3_bind_text(st, 1, days[i], -1, SQLITE_STATIC);
        if (sqlite3_step(st) == SQLITE_ROW && !sqlite3_column_int(st, 2) && kid) {
            json[i] = wz_xstrdup(col(st, 1));
        } else {
            memcpy(fresh[nf], days[i], 11);
            where[nf++] = i;
        }
    }
    tallies = wz_xcalloc((size_t)(nf ? nf : 1), sizeof *tallies);
    for (int i = 0; i < nf; i++)
        tallies[i] = wz_totals_create();
    if (wz_aggregate_many_into(db, fresh, nf, tallies, err) != 0) goto out;
    for (int i = 0; i < nf; i++)
        json[where[i]] = wz_snapshot_json(tallies[i], k, NULL, fresh[i], 1);
    rc = 0;
out:
    sqlite3_finalize(st);
    for (int i = 0; tallies && i < nf; i++)
        wz_totals_destroy(tallies[i]);
    free(tallies);
    free(fresh);
    free(where);
    free(kid);
    if (rc != 0) {
        for (int i = 0; i < n; i++)
            free(json[i]);
        free(json);
        free(days);
        return -1;
    }
    *json_out = json;
    *days_out = days;
    return n;
}

void wz_aggregate_snapshots_free(char **json, char (*days)[11], int n)
{
    for (int i = 0; json && i < n; i++)
        free(json[i]);
    free(json);
    free(days);
}

int wz_aggregate_totals(sqlite3 *db, const char *from, const char *to, const char *kiosk_id,
                        wz_totals *t, char **err)
{
    char **json = NULL;
    char(*days)[11] = NULL;
    int n = wz_aggregate_snapshots(db, from, to, kiosk_id, &json, &days, err);
    if (n < 0) return -1;
    int rc = 0;
    for (int i = 0; i < n && rc == 0; i++) {
        cJSON *doc = cJSON_Parse(json[i]);
        if (!doc) {
            if (err) *err = wz_xasprintf("the stored snapshot of %s is not JSON", days[i]);
            rc = -1;
        } else if (wz_totals_add_snapshot(t, doc, err) != 0) {
            rc = -1;
        }
        cJSON_Delete(doc);
    }
    wz_aggregate_snapshots_free(json, days, n);
    return rc;
}

static long long json_count(const cJSON *obj, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    return cJSON_IsNumber(v) ? (long long)v->valuedouble : 0;
}

/* Adds a day document's per-scenario counts into out->last, one row per ifid. */
static void week_scenarios(const cJSON *doc, wz_aggregate_week_counts *out)
{
    const cJSON *e;
    cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(doc, "scenarios"))
    {
        const cJSON *id = cJSON_GetObjectItemCaseSensitive(e, "ifid");
        const char *ifid = cJSON_IsString(id) ? id->valuestring : "";
        int slot = -1;
        for (int j = 0; j < out->nlast && slot < 0; j++)
            if (!strcmp(out->last[j].ifid, ifid)) slot = j;
        if (slot < 0 && out->nlast < WZ_AGGREGATE_WEEK_SCENARIOS) {
            slot = out->nlast++;
            snprintf(out->last[slot].ifid, sizeof(out->last[slot].ifid), "%s", ifid);
        }
        if (slot < 0) continue;
        out->last[slot].started += json_count(e, "started");
        out->last[slot].completed += json_count(e, "completed");
    }
}

int wz_aggregate_week(sqlite3 *db, const char *kiosk_id, const char days[7][11],
                      wz_aggregate_week_counts *out, char **err)
{
    memset(out, 0, sizeof(*out));
    int rc = 0;
    for (int i = 0; i < 7; i++) {
        char *why = NULL;
        cJSON *doc = wz_aggregate_day(db, days[i], kiosk_id, 0, &why);
        if (!doc) { /* that day counts zero; the others are still worth showing */
            if (rc == 0 && err)
                *err = why ? why : wz_xstrdup("a day could not be counted");
            else
                free(why);
            rc = -1;
            continue;
        }
        out->sessions[i] = json_count(doc, "sessions");
        if (i == 6) week_scenarios(doc, out);
        cJSON_Delete(doc);
    }
    return rc;
}

/*
 * wz_collect_board: the Partnership's report (see wz_collect_board.h).
 *
 * The snapshots in the date range are read once, in day order, and added into keyed
 * accumulators (a small hash map of label tuples to counts); the tables are made from
 * those, sorted, and drawn by wz_collect_table, which alone decides what is too small to
 * show. The page's print style gives an A4 summary: no form or links when printed, table
 * heads repeated on each page and rows never cut in two.
 */
#include "wz_collect_board.h"

#include "wz_collect_table.h"
#include "wz_totals_quiz.h"
#include "wz_util.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the query ---- */

void wz_collect_query_init(wz_collect_query *q)
{
    memset(q, 0, sizeof *q);
    snprintf(q->view, sizeof q->view, "month");
    snprintf(q->by, sizeof q->by, "all");
    snprintf(q->format, sizeof q->format, "html");
}

static const char *const TABLES[] = {"periods", "audiences", "topics",  "scenarios",
                                     "choices", "spot",      "ratings", "knowledge"};
#define NTABLES ((int)WZ_ARRAY_LEN(TABLES))

static int one_of(const char *v, const char *const *set, int n)
{
    for (int i = 0; i < n; i++)
        if (strcmp(v, set[i]) == 0) return 1;
    return 0;
}

static int date_ok(const char *v)
{
    if (strlen(v) != 10 || v[4] != '-' || v[7] != '-') return 0;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (v[i] < '0' || v[i] > '9')) return 0;
    int m = (v[5] - '0') * 10 + v[6] - '0', d = (v[8] - '0') * 10 + v[9] - '0';
    return m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

int wz_collect_query_set(wz_collect_query *q, const char *name, const char *value, char **err)
{
    static const char *const views[] = {"day", "month", "quarter"};
    static const char *const bys[] = {"all", "kiosk", "site"};
    static const char *const formats[] = {"html", "csv", "json"};
    const char *v = value ? value : "";
    char *field = NULL;
    size_t size = 0;
    int ok = 1;
    if (strcmp(name, "from") == 0 || strcmp(name, "to") == 0) {
        field = name[0] == 'f' ? q->from : q->to;
        size = sizeof q->from;
        ok = !*v || date_ok(v);
    } else if (strcmp(name, "view") == 0) {
        field = q->view, size = sizeof q->view, ok = one_of(v, views, 3);
    } else if (strcmp(name, "by") == 0) {
        field = q->by, size = sizeof q->by, ok = one_of(v, bys, 3);
    } else if (strcmp(name, "format") == 0) {
        field = q->format, size = sizeof q->format, ok = one_of(v, formats, 3);
    } else if (strcmp(name, "table") == 0) {
        field = q->table, size = sizeof q->table, ok = !*v || one_of(v, TABLES, NTABLES);
    } else {
        return 0;
    }
    if (!ok) {
        if (err)
            *err = wz_xstrdup(
                "The report understands: from and to (dates like 2026-10-01, or empty), "
                "view (day, month or quarter), by (all, kiosk or site), format (html, csv or "
                "json) and table (periods, audiences, topics, scenarios, choices, spot, "
                "ratings or knowledge).");
        return -1;
    }
    snprintf(field, size, "%s", v);
    return 0;
}

char *wz_collect_query_key(const wz_collect_query *q)
{
    return wz_xasprintf("from=%s&to=%s&view=%s&by=%s&format=%s&table=%s", q->from, q->to, q->view,
                        q->by, q->format, q->table);
}

int wz_collect_query_parse(const char *key, wz_collect_query *q, char **err)
{
    wz_collect_query_init(q);
    char *copy = wz_xstrdup(key ? key : ""), *p = copy;
    int rc = 0;
    while (rc == 0 && p && *p) {
        char *amp = strchr(p, '&'), *eq;
        if (amp) *amp = '\0';
        if ((eq = strchr(p, '='))) {
            *eq = '\0';
            rc = wz_collect_query_set(q, p, eq + 1, err);
        }
        p = amp ? amp + 1 : NULL;
    }
    free(copy);
    if (rc == 0 && strcmp(q->format, "csv") == 0 && !q->table[0]) {
        if (err)
            *err = wz_xstrdup("A CSV download needs table=periods, audiences, topics, "
                              "scenarios, choices, spot, ratings or knowledge.");
        rc = -1;
    }
    return rc;
}

const char *wz_collect_query_content_type(const wz_collect_query *q)
{
    if (strcmp(q->format, "csv") == 0) return "text/csv; charset=utf-8";
    if (strcmp(q->format, "json") == 0) return "application/json";
    return "text/html; charset=utf-8";
}

/* ---- keyed accumulators ---- */

#define NV 12   /* counts per entry */
#define NPART 5 /* labels per key */

typedef struct entry {
    char *key;         /* the parts joined by \x1f */
    char *part[NPART]; /* the labels (NULL past the last) */
    char *name[4];     /* display labels that may change (title, topic, language, audience) */
    long long v[NV];
} entry;

typedef struct acc {
    entry *e;
    int n, cap;
    int *slot; /* open addressing: index + 1, or 0 */
    int nslot;
} acc;

static void acc_grow(acc *a)
{
    int ns = a->nslot ? a->nslot * 2 : 256;
    free(a->slot);
    a->slot = wz_xcalloc((size_t)ns, sizeof *a->slot);
    a->nslot = ns;
    for (int i = 0; i < a->n; i++) {
        unsigned long long h = wz_hash(0, a->e[i].key, strlen(a->e[i].key));
        int s = (int)(h % (unsigned long long)ns);
        while (a->slot[s])
            s = (s + 1) % ns;
        a->slot[s] = i + 1;
    }
}

/* The entry for the labels parts[0..np-1], made (all counts 0) when new. */
static entry *acc_get(acc *a, const char *const *parts, int np)
{
    wz_buf k;
    wz_buf_init(&k, 0);
    for (int i = 0; i < np; i++) {
        if (i) wz_buf_putc(&k, '\x1f');
        wz_buf_puts(&k, parts[i]);
    }
    const char *key = k.data ? k.data : "";
    if (2 * (a->n + 1) > a->nslot) acc_grow(a);
    unsigned long long h = wz_hash(0, key, strlen(key));
    int s = (int)(h % (unsigned long long)a->nslot);
    for (; a->slot[s]; s = (s + 1) % a->nslot) {
        if (strcmp(a->e[a->slot[s] - 1].key, key) == 0) {
            wz_buf_free(&k);
            return &a->e[a->slot[s] - 1];
        }
    }
    if (a->n == a->cap) {
        a->cap = a->cap ? a->cap * 2 : 64;
        a->e = wz_xrealloc(a->e, (size_t)a->cap * sizeof *a->e);
    }
    entry *e = &a->e[a->n];
    memset(e, 0, sizeof *e);
    e->key = wz_xstrdup(key);
    for (int i = 0; i < np && i < NPART; i++)
        e->part[i] = wz_xstrdup(parts[i]);
    a->slot[s] = ++a->n;
    wz_buf_free(&k);
    return e;
}

static void acc_free(acc *a)
{
    for (int i = 0; i < a->n; i++) {
        free(a->e[i].key);
        for (int j = 0; j < NPART; j++)
            free(a->e[i].part[j]);
        for (int j = 0; j < 4; j++)
            free(a->e[i].name[j]);
    }
    free(a->e);
    free(a->slot);
}

/* Sets a display label when the snapshot has one (the latest day's wins). */
static void set_name(entry *e, int i, const char *v)
{
    if (!v || !*v) return;
    free(e->name[i]);
    e->name[i] = wz_xstrdup(v);
}

static const char *name_or(const entry *e, int i, const char *fallback)
{
    return e->name[i] ? e->name[i] : fallback;
}

/* ---- reading the snapshots ---- */

enum {
    V_VISITS,
    V_STARTED,
    V_COMPLETED,
    V_ABANDONED,
    V_SAFE,
    V_MIXED,
    V_RISKY,
    V_FOUND,
    V_MISSED,
    V_WRONG
};
/* ratings entries */
enum { R_RATED, R_AGREED, R_GREEN, R_AMBER, R_RED };

typedef struct board {
    acc periods, audiences, topics, scenarios, choices, decisions, kiosks, sites, days;
    acc ratings; /* (ifid, passage, message index, model colour) */
    long long visits, started, completed;
    long long worried; /* "I'm worried" presses (optional in snapshots) */
    wz_totals *quiz;   /* knowledge-check answers (optional in snapshots); NULL: none yet */
    long long groups;  /* group visits (group mode; optional in snapshots) */
} board;

static long long num(const cJSON *o, const char *k)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    return cJSON_IsNumber(v) ? (long long)v->valuedouble : 0;
}

static const char *str(const cJSON *o, const char *k)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

static void period_of(const char *day, const char *view, char *out, size_t size)
{
    if (strcmp(view, "day") == 0)
        snprintf(out, size, "%.10s", day);
    else if (strcmp(view, "month") == 0)
        snprintf(out, size, "%.7s", day); /* sorts; shown as "Oct 2026" (period_label) */
    else
        snprintf(out, size, "%.4s Q%d", day, ((day[5] - '0') * 10 + day[6] - '0' - 1) / 3 + 1);
}

static void add_play(entry *e, const cJSON *sc)
{
    const cJSON *end = cJSON_GetObjectItemCaseSensitive(sc, "endings");
    e->v[V_STARTED] += num(sc, "started");
    e->v[V_COMPLETED] += num(sc, "completed");
    e->v[V_ABANDONED] += num(sc, "abandoned");
    e->v[V_SAFE] += num(end, "safe");
    e->v[V_MIXED] += num(end, "mixed");
    e->v[V_RISKY] += num(end, "risky");
}

/* Spot-the-signs results and ratings of one scenario entry. */
static void add_spot_ratings(board *B, entry *e, const cJSON *sc)
{
    const cJSON *spot = cJSON_GetObjectItemCaseSensitive(sc, "spot");
    e->v[V_FOUND] += num(spot, "found");
    e->v[V_MISSED] += num(spot, "missed");
    e->v[V_WRONG] += num(spot, "wrong");
    const cJSON *r = cJSON_GetObjectItemCaseSensitive(sc, "ratings");
    for (const cJSON *c = r ? r->child : NULL; c; c = c->next) {
        const char *passage = str(c, "passage"), *given = str(c, "given"), *model = str(c, "model");
        if (!passage || !given || !model) continue;
        char idx[24];
        snprintf(idx, sizeof idx, "%06lld", num(c, "index"));
        const char *k[4] = {e->part[0], passage, idx, model};
        entry *m = acc_get(&B->ratings, k, 4);
        long long n = num(c, "count");
        m->v[R_RATED] += n;
        if (strcmp(given, model) == 0) m->v[R_AGREED] += n;
        m->v[strcmp(given, "green") == 0   ? R_GREEN
             : strcmp(given, "amber") == 0 ? R_AMBER
                                           : R_RED] += n;
    }
}

static void add_scenario(board *B, const cJSON *sc, const cJSON *info)
{
    const char *ifid = str(sc, "ifid");
    if (!ifid) return;
    const cJSON *facts = cJSON_GetObjectItemCaseSensitive(info, ifid);
    const char *title = str(facts, "title"), *topic = str(facts, "topic");
    /* A scenario's topic (and title) are those of the latest snapshot that has them. */
    const char *aud = str(sc, "audience");
    entry *e = acc_get(&B->scenarios, &ifid, 1);
    set_name(e, 0, title);
    set_name(e, 1, topic);
    set_name(e, 2, str(facts, "language"));
    set_name(e, 3, str(facts, "audience"));
    add_play(e, sc);
    add_spot_ratings(B, e, sc);
    if (aud) {
        entry *a = acc_get(&B->audiences, &aud, 1);
        a->v[V_STARTED] += num(sc, "started");
        a->v[V_COMPLETED] += num(sc, "completed");
    }
    B->started += num(sc, "started");
    B->completed += num(sc, "completed");
    const cJSON *choices = cJSON_GetObjectItemCaseSensitive(sc, "choices");
    for (const cJSON *c = choices ? choices->child : NULL; c; c = c->next) {
        char idx[24];
        snprintf(idx, sizeof idx, "%06lld", num(c, "index"));
        const char *passage = str(c, "passage"), *target = str(c, "target");
        const char *cls = str(c, "class");
        if (!passage || !target) continue;
        const char *k[5] = {ifid, passage, idx, target, cls ? cls : "neutral"};
        acc_get(&B->choices, k, 5)->v[0] += num(c, "count");
        acc_get(&B->decisions, k, 2)->v[0] += num(c, "count");
    }
}

static void add_snapshot(board *B, const wz_collect_query *q, const char *kiosk, const char *day,
                         const cJSON *doc)
{
    const char *site = str(doc, "site");
    char group[200], period[16];
    if (strcmp(q->by, "kiosk") == 0)
        snprintf(group, sizeof group, "%s", kiosk);
    else if (strcmp(q->by, "site") == 0)
        snprintf(group, sizeof group, site ? "%s" : "Kiosk %s (no site sent)", site ? site : kiosk);
    else
        snprintf(group, sizeof group, "All kiosks");
    period_of(day, q->view, period, sizeof period);
    const char *pk[2] = {period, group};
    entry *p = acc_get(&B->periods, pk, 2);
    long long visits = num(doc, "sessions");
    p->v[V_VISITS] += visits;
    B->visits += visits;
    acc_get(&B->kiosks, &kiosk, 1);
    acc_get(&B->days, &day, 1);
    if (site) acc_get(&B->sites, &site, 1);
    const cJSON *wor = cJSON_GetObjectItemCaseSensitive(doc, "worried");
    for (const cJSON *w = wor ? wor->child : NULL; w; w = w->next)
        B->worried += (long long)w->valuedouble;
    const cJSON *grp = cJSON_GetObjectItemCaseSensitive(doc, "groups");
    for (const cJSON *g = grp ? grp->child : NULL; g; g = g->next)
        B->groups += (long long)g->valuedouble;
    const cJSON *aud = cJSON_GetObjectItemCaseSensitive(doc, "audiences");
    for (const cJSON *a = aud ? aud->child : NULL; a; a = a->next) {
        const char *name = a->string;
        acc_get(&B->audiences, &name, 1)->v[V_VISITS] += (long long)a->valuedouble;
    }
    const cJSON *quiz = cJSON_GetObjectItemCaseSensitive(doc, "quiz");
    if (quiz) {
        if (!B->quiz) B->quiz = wz_totals_create();
        wz_totals_quiz_add_json(B->quiz, quiz);
    }
    const cJSON *info = cJSON_GetObjectItemCaseSensitive(doc, "scenario_info");
    const cJSON *scs = cJSON_GetObjectItemCaseSensitive(doc, "scenarios");
    for (const cJSON *sc = scs ? scs->child : NULL; sc; sc = sc->next) {
        long long before_s = B->started, before_c = B->completed;
        add_scenario(B, sc, info);
        p->v[V_STARTED] += B->started - before_s;
        p->v[V_COMPLETED] += B->completed - before_c;
    }
}

static int gather(sqlite3 *db, const wz_collect_query *q, board *B, char **err)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db,
                           "SELECT kiosk_id, day, body FROM snapshots WHERE day >= ?1 AND "
                           "day <= ?2 ORDER BY day, kiosk_id, instance",
                           -1, &st, NULL) != SQLITE_OK) {
        *err = wz_xasprintf("cannot read the snapshots: %s", sqlite3_errmsg(db));
        return -1;
    }
    sqlite3_bind_text(st, 1, q->from[0] ? q->from : "0000", -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, q->to[0] ? q->to : "9999", -1, SQLITE_STATIC);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *kiosk = (const char *)sqlite3_column_text(st, 0);
        const char *day = (const char *)sqlite3_column_text(st, 1);
        const char *body = (const char *)sqlite3_column_text(st, 2);
        cJSON *doc = body ? cJSON_Parse(body) : NULL;
        if (doc && kiosk && day && strlen(day) == 10) add_snapshot(B, q, kiosk, day, doc);
        cJSON_Delete(doc);
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) {
        *err = wz_xasprintf("cannot read the snapshots: %s", sqlite3_errmsg(db));
        return -1;
    }
    return 0;
}

static void board_free(board *B)
{
    acc *all[] = {&B->periods,   &B->audiences, &B->topics, &B->scenarios, &B->choices,
                  &B->decisions, &B->kiosks,    &B->sites,  &B->days,      &B->ratings};
    for (size_t i = 0; i < WZ_ARRAY_LEN(all); i++)
        acc_free(all[i]);
    wz_totals_destroy(B->quiz);
}

/* ---- the tables ---- */

/* A period as people write it: "2026-10" is "Oct 2026"; days and quarters as they are. */
static void period_label(const char *period, char *out, size_t size)
{
    static const char *const mon[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                      "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    int m = strlen(period) == 7 ? (period[5] - '0') * 10 + period[6] - '0' : 0;
    if (m >= 1 && m <= 12)
        snprintf(out, size, "%s %.4s", mon[m - 1], period);
    else
        snprintf(out, size, "%s", period);
}

static int by_key(const void *a, const void *b)
{
    return strcmp(((const entry *)a)->key, ((const entry *)b)->key);
}

/* By display name (title), then key. */
static int by_name(const void *a, const void *b)
{
    const entry *x = a, *y = b;
    int c = strcmp(name_or(x, 0, x->part[0]), name_or(y, 0, y->part[0]));
    return c ? c : strcmp(x->key, y->key);
}

static void sort(acc *a, int (*cmp)(const void *, const void *))
{
    if (a->n > 1) qsort(a->e, (size_t)a->n, sizeof *a->e, cmp);
    free(a->slot); /* the order changed: no more look-ups after this */
    a->slot = NULL;
    a->nslot = 0;
}

static void plays(wz_collect_table *t, const entry *e, int endings)
{
    wz_collect_table_count(t, e->v[V_STARTED]);
    wz_collect_table_count(t, e->v[V_COMPLETED]);
    wz_collect_table_share(t, e->v[V_COMPLETED], e->v[V_STARTED]);
    if (!endings) return;
    wz_collect_table_share(t, e->v[V_SAFE], e->v[V_COMPLETED]);
    wz_collect_table_share(t, e->v[V_MIXED], e->v[V_COMPLETED]);
    wz_collect_table_share(t, e->v[V_RISKY], e->v[V_COMPLETED]);
}

static wz_collect_table *table_periods(board *B, const wz_collect_query *q)
{
    const char *cols[] = {"Period",          strcmp(q->by, "kiosk") == 0 ? "Kiosk" : "Site",
                          "Visits",          "Plays started",
                          "Plays completed", "Completion rate"};
    int all = strcmp(q->by, "all") == 0;
    const char *first = strcmp(q->view, "day") == 0     ? "Day"
                        : strcmp(q->view, "month") == 0 ? "Month"
                                                        : "Quarter";
    cols[0] = first;
    wz_collect_table *t =
        all ? wz_collect_table_new("periods",
                                   (const char *const[]){first, "Visits", "Plays started",
                                                         "Plays completed", "Completion rate"},
                                   5)
            : wz_collect_table_new("periods", cols, 6);
    sort(&B->periods, by_key);
    for (int i = 0; i < B->periods.n; i++) {
        const entry *e = &B->periods.e[i];
        char label[16];
        period_label(e->part[0], label, sizeof label);
        wz_collect_table_text(t, label);
        if (!all) wz_collect_table_text(t, e->part[1]);
        wz_collect_table_count(t, e->v[V_VISITS]);
        plays(t, e, 0);
    }
    return t;
}

static wz_collect_table *table_audiences(board *B)
{
    static const char *const cols[] = {"Audience", "Visits", "Plays started", "Plays completed",
                                       "Completion rate"};
    wz_collect_table *t = wz_collect_table_new("audiences", cols, 5);
    sort(&B->audiences, by_key);
    for (int i = 0; i < B->audiences.n; i++) {
        const entry *e = &B->audiences.e[i];
        wz_collect_table_text(t, e->part[0]);
        wz_collect_table_count(t, e->v[V_VISITS]);
        plays(t, e, 0);
    }
    return t;
}

static const char *const PLAY_COLS[] = {"Plays started", "Plays completed", "Completion rate",
                                        "Safe endings",  "Mixed endings",   "Risky endings"};

/* Topics from the scenarios: a scenario's topic is the one any snapshot gave it, so an
 * older kiosk's plays count under the right topic too. */
static wz_collect_table *table_topics(board *B)
{
    for (int i = 0; i < B->scenarios.n; i++) {
        const entry *e = &B->scenarios.e[i];
        const char *topic = name_or(e, 1, "Topic not sent");
        entry *sum = acc_get(&B->topics, &topic, 1);
        for (int k = 0; k < NV; k++)
            sum->v[k] += e->v[k];
    }
    const char *cols[7] = {"Topic"};
    memcpy(cols + 1, PLAY_COLS, sizeof PLAY_COLS);
    wz_collect_table *t = wz_collect_table_new("topics", cols, 7);
    sort(&B->topics, by_key);
    for (int i = 0; i < B->topics.n; i++) {
        wz_collect_table_text(t, B->topics.e[i].part[0]);
        plays(t, &B->topics.e[i], 1);
    }
    return t;
}

static wz_collect_table *table_scenarios(board *B)
{
    const char *cols[10] = {"Scenario", "Audience", "Topic", "Language"};
    memcpy(cols + 4, PLAY_COLS, sizeof PLAY_COLS);
    wz_collect_table *t = wz_collect_table_new("scenarios", cols, 10);
    sort(&B->scenarios, by_name);
    for (int i = 0; i < B->scenarios.n; i++) {
        const entry *e = &B->scenarios.e[i];
        wz_collect_table_text(t, name_or(e, 0, e->part[0]));
        wz_collect_table_text(t, name_or(e, 3, "Not sent"));
        wz_collect_table_text(t, name_or(e, 1, "Not sent"));
        wz_collect_table_text(t, name_or(e, 2, "Not sent"));
        plays(t, e, 1);
    }
    return t;
}

/* The scenarios table must be sorted (by_name) first: titles are found by ifid. */
static const char *title_of(const board *B, const char *ifid)
{
    for (int i = 0; i < B->scenarios.n; i++)
        if (strcmp(B->scenarios.e[i].part[0], ifid) == 0)
            return name_or(&B->scenarios.e[i], 0, ifid);
    return ifid;
}

static wz_collect_table *table_choices(board *B)
{
    static const char *const cols[] = {"Scenario", "Decision",     "Choice",
                                       "Kind",     "Times chosen", "Share of the decision"};
    wz_collect_table *t = wz_collect_table_new("choices", cols, 6);
    for (int i = 0; i < B->choices.n; i++)
        set_name(&B->choices.e[i], 0, title_of(B, B->choices.e[i].part[0]));
    for (int i = 0; i < B->choices.n; i++) {
        entry *e = &B->choices.e[i];
        const char *k[2] = {e->part[0], e->part[1]};
        long long whole = acc_get(&B->decisions, k, 2)->v[0];
        e->v[1] = whole; /* kept with the row: the look-ups end when sorted */
    }
    sort(&B->choices, by_name);
    for (int i = 0; i < B->choices.n; i++) {
        const entry *e = &B->choices.e[i];
        wz_collect_table_text(t, name_or(e, 0, e->part[0]));
        wz_collect_table_text(t, e->part[1]);
        wz_collect_table_text(t, e->part[3]);
        wz_collect_table_text(t, e->part[4]);
        wz_collect_table_count(t, e->v[0]);
        wz_collect_table_share(t, e->v[0], e->v[1]);
    }
    return t;
}

/* Spot-the-signs per scenario: warning signs found and missed, and ordinary messages
 * tapped by mistake. Scenarios without a spot screen are left out. */
static wz_collect_table *table_spot(board *B)
{
    static const char *const cols[] = {"Scenario", "Warning signs found", "Warning signs missed",
                                       "Share of signs found", "OK messages tapped by mistake"};
    wz_collect_table *t = wz_collect_table_new("spot", cols, 5);
    for (int i = 0; i < B->scenarios.n; i++) { /* sorted by title (table_scenarios) */
        const entry *e = &B->scenarios.e[i];
        if (!e->v[V_FOUND] && !e->v[V_MISSED] && !e->v[V_WRONG]) continue;
        wz_collect_table_text(t, name_or(e, 0, e->part[0]));
        wz_collect_table_count(t, e->v[V_FOUND]);
        wz_collect_table_count(t, e->v[V_MISSED]);
        wz_collect_table_share(t, e->v[V_FOUND], e->v[V_FOUND] + e->v[V_MISSED]);
        wz_collect_table_count(t, e->v[V_WRONG]);
    }
    return t;
}

/* Rating rounds: for each message, how visitors' green/amber/red compared with the
 * model answer. Messages are named by their screen (passage) and number on it. */
static wz_collect_table *table_ratings(board *B)
{
    static const char *const cols[] = {"Scenario",       "Screen",        "Message",
                                       "Model answer",   "Ratings given", "Agreed with the model",
                                       "Agreement rate", "Rated green",   "Rated amber",
                                       "Rated red"};
    wz_collect_table *t = wz_collect_table_new("ratings", cols, 10);
    for (int i = 0; i < B->ratings.n; i++)
        set_name(&B->ratings.e[i], 0, title_of(B, B->ratings.e[i].part[0]));
    sort(&B->ratings, by_name);
    for (int i = 0; i < B->ratings.n; i++) {
        const entry *e = &B->ratings.e[i];
        char msg[32];
        snprintf(msg, sizeof msg, "%lld", strtoll(e->part[2], NULL, 10) + 1);
        wz_collect_table_text(t, name_or(e, 0, e->part[0]));
        wz_collect_table_text(t, e->part[1]);
        wz_collect_table_text(t, msg);
        wz_collect_table_text(t, e->part[3]);
        wz_collect_table_count(t, e->v[R_RATED]);
        wz_collect_table_count(t, e->v[R_AGREED]);
        wz_collect_table_share(t, e->v[R_AGREED], e->v[R_RATED]);
        wz_collect_table_count(t, e->v[R_GREEN]);
        wz_collect_table_count(t, e->v[R_AMBER]);
        wz_collect_table_count(t, e->v[R_RED]);
    }
    return t;
}

/* The knowledge check: for each question, the share of right answers from visitors who
 * answered before the scenario and from those who answered after it, and the difference
 * (after - before) with its 95% interval (wz_interval.h: Wilson, Newcombe), each shown
 * only when its groups have 10 answers or more. */
static wz_collect_table *table_knowledge(board *B)
{
    static const char *const cols[] = {
        "Scenario",       "Question",    "Answers before",      "Right before",
        "Answers after",  "Right after", "Difference (points)", "95% interval from",
        "95% interval to"};
    wz_collect_table *t = wz_collect_table_new("knowledge", cols, 9);
    wz_quiz_row *rows = NULL;
    int n = B->quiz ? wz_totals_quiz_rows(B->quiz, 0, &rows) : 0;
    for (int i = 0; i < n; i++) {
        const wz_before_after *f = &rows[i].f;
        char q[24];
        snprintf(q, sizeof q, "Question %d", rows[i].question + 1);
        wz_collect_table_text(t, title_of(B, rows[i].ifid));
        wz_collect_table_text(t, q);
        for (int g = 0; g < 2; g++) {
            wz_collect_table_count(t, f->answered[g]);
            wz_collect_table_value(t, 's', f->share[g], f->shown[g]);
        }
        wz_collect_table_value(t, 'p', f->diff, f->diff_shown);
        wz_collect_table_value(t, 'p', f->low, f->diff_shown);
        wz_collect_table_value(t, 'p', f->high, f->diff_shown);
    }
    free(rows);
    return t;
}

/* The tables, in page order (TABLES). */
static void make_tables(board *B, const wz_collect_query *q, wz_collect_table **t)
{
    t[0] = table_periods(B, q);
    t[1] = table_audiences(B);
    t[2] = table_topics(B);
    t[3] = table_scenarios(B);
    t[4] = table_choices(B);
    t[5] = table_spot(B);
    t[6] = table_ratings(B);
    t[7] = table_knowledge(B);
}

/* ---- the page ---- */

static const char CSS[] =
    "body{font-family:'DejaVu Sans',system-ui,sans-serif;color:#1b1b1b;background:#fff;"
    "max-width:64em;margin:0 auto;padding:1em 1.5em;line-height:1.45;font-size:15px}"
    "header{border-bottom:4px solid #1f4e99;margin-bottom:1em}"
    "h1{font-size:1.7em;margin:.2em 0;color:#1f4e99}h2{font-size:1.2em;margin:1.4em 0 .4em;"
    "color:#1f4e99}.sub{font-size:1.1em;margin:.2em 0}.made{color:#555;margin:.2em 0 .6em}"
    ".keys{display:flex;gap:.8em;flex-wrap:wrap;margin:.5em 0}.key{flex:1;min-width:9em;"
    "border:1px solid #c8d3e6;background:#f3f6fb;padding:.5em .8em}.key b{display:block;"
    "font-size:1.6em;color:#1f4e99}.chart{max-width:100%;height:auto}"
    ".ax,.lb{font-size:13px;fill:#1b1b1b}table{border-collapse:collapse;width:100%;"
    "margin:.3em 0;font-size:.93em}td,th{border:1px solid #b9c2cf;padding:.25em .5em;"
    "text-align:left;vertical-align:top}thead th{background:#e8eef8}tbody "
    "th{font-weight:normal;white-space:nowrap}.n{text-align:right}"
    ".few{color:#555;font-style:italic}.dl{font-size:.9em}"
    "form.filters{background:#f5f5f5;border:1px solid #ddd;padding:.6em .8em;display:flex;"
    "flex-wrap:wrap;gap:.4em 1.2em;align-items:end}form.filters label{display:flex;"
    "flex-direction:column;font-size:.9em}.note{font-size:.9em;color:#333}"
    "@page{size:A4;margin:14mm 12mm}"
    "@media print{body{max-width:none;padding:0;font-size:10pt}form.filters,.dl,nav{display:"
    "none}.keys{break-inside:avoid}thead{display:table-header-group}tr,figure,.key{"
    "break-inside:avoid}h2{break-after:avoid}section.small{break-inside:avoid}"
    "a{color:inherit;text-decoration:none}}";

static void select_opt(wz_buf *b, const char *name, const char *label, const char *const *vals,
                       const char *const *words, int n, const char *cur)
{
    wz_buf_printf(b, "<label>%s<select name=\"%s\">", label, name);
    for (int i = 0; i < n; i++)
        wz_buf_printf(b, "<option value=\"%s\"%s>%s</option>", vals[i],
                      strcmp(vals[i], cur) == 0 ? " selected" : "", words[i]);
    wz_buf_puts(b, "</select></label>");
}

static void filters(wz_buf *b, const wz_collect_query *q)
{
    static const char *const views[] = {"day", "month", "quarter"};
    static const char *const view_w[] = {"Day", "Month", "Quarter"};
    static const char *const bys[] = {"all", "kiosk", "site"};
    static const char *const by_w[] = {"All kiosks together", "Each kiosk", "Each site"};
    wz_buf_printf(b,
                  "<form class=\"filters\" method=\"get\" action=\"\"><label>From<input "
                  "type=\"date\" name=\"from\" value=\"%s\"></label><label>To<input "
                  "type=\"date\" name=\"to\" value=\"%s\"></label>",
                  q->from, q->to);
    select_opt(b, "view", "Show by", views, view_w, 3, q->view);
    select_opt(b, "by", "Kiosks", bys, by_w, 3, q->by);
    wz_buf_puts(b, "<button type=\"submit\">Show</button></form>\n");
}

static void key_box(wz_buf *b, const char *label, long long n, long long of)
{
    wz_buf_printf(b, "<div class=\"key\">%s<b>", label);
    if (n < WZ_COLLECT_SUPPRESS || (of >= 0 && of < WZ_COLLECT_SUPPRESS))
        wz_buf_puts(b, "fewer than 10");
    else if (of >= 0)
        wz_buf_printf(b, "%.0f%%", 100.0 * (double)n / (double)of);
    else
        wz_buf_printf(b, "%lld", n);
    wz_buf_puts(b, "</b></div>");
}

/* Visits per period (all groups added), one bar each; periods under 10 get no bar. */
static void chart_periods(wz_buf *b, const board *B, const char *unit)
{
    const acc *a = &B->periods;
    long long val[400];
    const char *lab[400];
    int n = 0;
    for (int i = 0; i < a->n; i++) {
        if (n && strcmp(lab[n - 1], a->e[i].part[0]) == 0) {
            val[n - 1] += a->e[i].v[V_VISITS];
        } else if (n < 400) {
            lab[n] = a->e[i].part[0];
            val[n++] = a->e[i].v[V_VISITS];
        }
    }
    long long max = WZ_COLLECT_SUPPRESS;
    for (int i = 0; i < n; i++)
        if (val[i] > max) max = val[i];
    const int W = 900, H = 220, left = 60, bottom = 28, top = 16;
    double bw = (double)(W - left - 10) / (n ? n : 1);
    wz_buf_printf(b,
                  "<figure><svg id=\"chart-visits\" class=\"chart\" role=\"img\" viewBox=\"0 0 %d "
                  "%d\" width=\"100%%\" aria-labelledby=\"cv-t cv-d\"><title id=\"cv-t\">Visits "
                  "per %s</title><desc id=\"cv-d\">Bar chart of %d periods; the same figures are "
                  "in the table below.</desc>",
                  W, H, unit, n);
    wz_buf_printf(b,
                  "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#444\"/><text x=\"%d\" "
                  "y=\"%d\" text-anchor=\"end\" class=\"ax\">%lld</text><text x=\"%d\" y=\"%d\" "
                  "text-anchor=\"end\" class=\"ax\">0</text>",
                  left, H - bottom, W - 5, H - bottom, left - 6, top + 4, max, left - 6,
                  H - bottom);
    int every = n > 16 ? (n + 15) / 16 : 1; /* at most 16 labels under the bars */
    for (int i = 0; i < n; i++) {
        double x = left + i * bw, h = (double)(H - bottom - top) * (double)val[i] / (double)max;
        char label[16];
        period_label(lab[i], label, sizeof label);
        if (val[i] >= WZ_COLLECT_SUPPRESS)
            wz_buf_printf(b,
                          "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
                          "fill=\"#1f4e99\"><title>%s: %lld visits</title></rect>",
                          x + bw * 0.15, H - bottom - h, bw * 0.7, h, label, val[i]);
        if (n <= 16 && val[i] >= WZ_COLLECT_SUPPRESS)
            wz_buf_printf(b,
                          "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" class=\"lb\">"
                          "%lld</text>",
                          x + bw / 2, H - bottom - h - 4, val[i]);
        if (i % every == 0)
            wz_buf_printf(b,
                          "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" class=\"ax\">%s"
                          "</text>",
                          x + bw / 2, H - 8, label);
    }
    wz_buf_printf(b,
                  "</svg><figcaption class=\"note\">Visits (a visit starts when a visitor "
                  "picks who they are) per %s, all kiosks in the selection. A period with "
                  "fewer than 10 visits has no bar.</figcaption></figure>\n",
                  unit);
}

/* Endings mix per topic as 100% bars, drawn only when every kind has 10 or more. */
static void chart_endings(wz_buf *b, const board *B)
{
    static const char *const kind[] = {"safe", "mixed", "risky"};
    static const char *const colour[] = {"#1a7431", "#8a5300", "#b3261e"};
    const acc *a = &B->topics;
    const int W = 900, row = 30, lw = 250, bw = 560;
    wz_buf_printf(b,
                  "<figure><svg id=\"chart-endings\" class=\"chart\" role=\"img\" viewBox=\"0 0 %d "
                  "%d\" width=\"100%%\" aria-labelledby=\"ce-t ce-d\"><title id=\"ce-t\">Endings "
                  "by topic</title><desc id=\"ce-d\">For each topic, the share of completed plays "
                  "that reached a safe, mixed or risky ending.</desc>",
                  W, a->n * row + 30);
    for (int i = 0; i < a->n; i++) {
        const entry *e = &a->e[i];
        int y = 4 + i * row;
        wz_buf_printf(b, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\" class=\"lb\">", lw - 8,
                      y + 18);
        wz_collect_html_esc(b, e->part[0]);
        wz_buf_puts(b, "</text>");
        long long part[3] = {e->v[V_SAFE], e->v[V_MIXED], e->v[V_RISKY]};
        long long all = part[0] + part[1] + part[2];
        if (part[0] < WZ_COLLECT_SUPPRESS || part[1] < WZ_COLLECT_SUPPRESS ||
            part[2] < WZ_COLLECT_SUPPRESS) {
            wz_buf_printf(b,
                          "<text x=\"%d\" y=\"%d\" class=\"lb\">Too few endings of some "
                          "kind to draw (fewer than 10)</text>",
                          lw, y + 18);
            continue;
        }
        double x = lw;
        for (int k = 0; k < 3; k++) {
            double w = (double)bw * (double)part[k] / (double)all;
            wz_buf_printf(b,
                          "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\">"
                          "<title>%s: %.0f%%</title></rect>",
                          x, y + 3, w, row - 8, colour[k], kind[k], 100.0 * part[k] / all);
            if (w > 70)
                wz_buf_printf(b,
                              "<text x=\"%.1f\" y=\"%d\" class=\"lb\" fill=\"#fff\" "
                              "style=\"fill:#fff\">%s %.0f%%</text>",
                              x + 6, y + 18, kind[k], 100.0 * part[k] / all);
            x += w;
        }
    }
    wz_buf_printf(b,
                  "<text x=\"%d\" y=\"%d\" class=\"ax\">Green: safe; amber: mixed; red: "
                  "risky. Each bar is one topic's completed plays.</text></svg></figure>\n",
                  lw, a->n * row + 22);
}

static const char *const TITLES[] = {"Visits and plays by period",
                                     "Who visited (audience)",
                                     "Topics",
                                     "Scenarios",
                                     "What visitors chose at each decision",
                                     "Spotting the warning signs",
                                     "Rating messages green, amber or red",
                                     "What visitors know: the knowledge check"};
static const char *const NOTES[] = {
    "A play is one run of a scenario; the completion rate is the share of plays started "
    "that reached an ending.",
    "Visits by the audience the visitor picked, and the plays of scenarios for that "
    "audience.",
    "Endings are shares of the completed plays: safe, mixed or risky, as the scenario's "
    "authors marked them.",
    "Scenarios by title (a kiosk that did not send titles is shown by the scenario's id).",
    "Each choice's share of all the choices made at that decision: where visitors go wrong.",
    "On spot-the-signs screens: warning signs visitors found and missed, and ordinary "
    "messages they tapped by mistake.",
    "Visitors rated each message green (OK), amber (take care) or red (a warning sign); the "
    "agreement rate is the share that matched the authors' answer.",
    "Some visitors answer a scenario's quick questions before playing it, the others after; "
    "the difference is the share right after minus the share right before, in percentage "
    "points, with its 95% interval (Newcombe's method from Wilson intervals). Nobody is "
    "followed from one group to the other. Shown only from 10 answers in a group."};

static void table_section(wz_buf *b, const wz_collect_query *q, int i, wz_collect_table *t)
{
    wz_collect_query csv = *q;
    snprintf(csv.format, sizeof csv.format, "csv");
    snprintf(csv.table, sizeof csv.table, "%s", TABLES[i]);
    char *href = wz_collect_query_key(&csv);
    wz_buf_printf(b,
                  "<section class=\"%s\"><h2>%s</h2><p class=\"note\">%s "
                  "<a class=\"dl\" href=\"?%s\" download>Download this table (CSV)</a></p>\n",
                  wz_collect_table_rows(t) <= 6 ? "small" : "big", TITLES[i], NOTES[i], href);
    free(href);
    wz_collect_table_html(t, b);
    wz_buf_puts(b, "</section>\n");
}

static char *page(board *B, const wz_collect_query *q, wz_collect_table **t, time_t now)
{
    char when[40], range[64];
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(when, sizeof when, "%d %B %Y, %H:%M UTC", &tm);
    const char *first = B->days.n ? B->days.e[0].part[0] : "-";
    const char *last = B->days.n ? B->days.e[B->days.n - 1].part[0] : "-";
    snprintf(range, sizeof range, "%s to %s", q->from[0] ? q->from : first,
             q->to[0] ? q->to : last);
    const char *unit = strcmp(q->view, "day") == 0     ? "day"
                       : strcmp(q->view, "month") == 0 ? "month"
                                                       : "quarter";
    wz_buf b;
    wz_buf_init(&b, 0);
    wz_buf_printf(&b,
                  "<!DOCTYPE html>\n<html lang=\"en-GB\"><head><meta charset=\"utf-8\"><meta "
                  "name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>"
                  "Warning Zone kiosks: %s</title><style>%s</style></head><body>\n<header><h1>"
                  "Warning Zone e-safety kiosks</h1><p class=\"sub\">Visits and choices, <b>%s"
                  "</b></p><p class=\"made\">Made %s from the anonymous daily totals sent by "
                  "the kiosks. Figures about fewer than 10 visits are not shown.</p></header>\n",
                  range, CSS, range, when);
    filters(&b, q);
    wz_buf_puts(&b, "<main>\n<section class=\"small\"><h2>In short</h2><div class=\"keys\">");
    key_box(&b, "Visits", B->visits, -1);
    key_box(&b, "Scenario plays started", B->started, -1);
    key_box(&b, "Completion rate", B->completed, B->started);
    key_box(&b, "&ldquo;I&rsquo;m worried&rdquo; pressed", B->worried, -1);
    key_box(&b, "Group visits", B->groups, -1);
    wz_buf_printf(&b, "<div class=\"key\">Kiosks%s<b>%d", B->sites.n ? " (sites)" : "",
                  B->kiosks.n);
    if (B->sites.n) wz_buf_printf(&b, " (%d)", B->sites.n);
    wz_buf_printf(
        &b,
        "</b></div></div><p class=\"note\">%d days with figures between %s. The "
        "completion rate is the share of plays started that reached an ending. &ldquo;I&rsquo;m "
        "worried&rdquo; counts presses of the button that alerts staff. Group visits are "
        "a guide playing a scenario with a class: they are not among the visits.</p></section>\n",
        B->days.n, range);
    wz_buf_printf(&b, "<section class=\"small\"><h2>Visits per %s</h2>\n", unit);
    chart_periods(&b, B, unit);
    wz_buf_puts(&b, "</section>\n");
    for (int i = 0; i < NTABLES; i++) {
        if (i == 2) {
            wz_buf_puts(&b, "<section class=\"small\"><h2>Endings by topic</h2>\n");
            chart_endings(&b, B);
            wz_buf_puts(&b, "</section>\n");
        }
        table_section(&b, q, i, t[i]);
    }
    wz_buf_puts(&b, "</main>\n<footer><h2>How to read this report</h2><p class=\"note\">"
                    "A <b>visit</b> is one person's time at a kiosk, from picking who they are "
                    "to leaving. A <b>play</b> is one run of a scenario. Nothing here names or "
                    "follows a person: the kiosks send only counts per day. To protect small "
                    "groups, any figure about <b>fewer than 10</b> visits, plays or choices is "
                    "written &ldquo;fewer than 10&rdquo;, and so is any share whose part or whole "
                    "is under 10.</p></footer>\n</body></html>\n");
    return wz_buf_steal(&b);
}

/* The answer for q from the snapshots added to B. */
static char *render(board *B, const wz_collect_query *q, time_t now)
{
    sort(&B->days, by_key);
    wz_collect_table *t[NTABLES];
    make_tables(B, q, t);
    wz_buf b;
    wz_buf_init(&b, 0);
    char *html = strcmp(q->format, "html") == 0 ? page(B, q, t, now) : NULL;
    if (html) {
        wz_buf_puts(&b, html);
        free(html);
    } else if (strcmp(q->format, "csv") == 0) {
        for (int i = 0; i < NTABLES; i++)
            if (strcmp(TABLES[i], q->table) == 0) wz_collect_table_csv(t[i], &b);
    } else {
        wz_buf_printf(&b,
                      "{\"from\":\"%s\",\"to\":\"%s\",\"view\":\"%s\",\"by\":\"%s\","
                      "\"tables\":[",
                      q->from, q->to, q->view, q->by);
        int n = 0;
        for (int i = 0; i < NTABLES; i++) {
            if (q->table[0] && strcmp(TABLES[i], q->table) != 0) continue;
            if (n++) wz_buf_putc(&b, ',');
            wz_collect_table_json(t[i], &b);
        }
        wz_buf_puts(&b, "]}\n");
    }
    for (int i = 0; i < NTABLES; i++)
        wz_collect_table_free(t[i]);
    char *out = wz_buf_steal(&b);
    return out ? out : wz_xstrdup("");
}

char *wz_collect_board_make(sqlite3 *db, time_t now, const wz_collect_query *q, char **err)
{
    board B;
    memset(&B, 0, sizeof B);
    char *e = NULL, *out = NULL;
    if (gather(db, q, &B, &e) == 0) out = render(&B, q, now);
    board_free(&B);
    if (err)
        *err = e;
    else
        free(e);
    return out;
}

struct wz_collect_board {
    board B;
    wz_collect_query q;
};

wz_collect_board *wz_collect_board_new(const wz_collect_query *q)
{
    wz_collect_board *b = wz_xcalloc(1, sizeof *b);
    b->q = *q;
    return b;
}

void wz_collect_board_add(wz_collect_board *b, const char *kiosk, const char *day,
                          const cJSON *snapshot)
{
    if (!kiosk || !day || strlen(day) != 10) return;
    if ((b->q.from[0] && strcmp(day, b->q.from) < 0) || (b->q.to[0] && strcmp(day, b->q.to) > 0))
        return;
    add_snapshot(&b->B, &b->q, kiosk, day, snapshot);
}

char *wz_collect_board_render(wz_collect_board *b, time_t now)
{
    return render(&b->B, &b->q, now);
}

void wz_collect_board_free(wz_collect_board *b)
{
    if (!b) return;
    board_free(&b->B);
    free(b);
}

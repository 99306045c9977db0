/*
 * wz_totals_facts: what a tally holds beside the plain counts: spot-the-signs ratings
 * (counted like choices: a rating is a (message, visitor's colour, model colour) triple
 * with a count) and the public facts a snapshot carries (the kiosk's site, each
 * scenario's title, topic, language and audience). Facts never change a count; when
 * snapshots are added the latest one's facts win, so a renamed scenario shows its new title.
 */
#include "wz_totals_int.h"

#include "wz_util.h"

#include <stdlib.h>
#include <string.h>

const char *const wz_totals_fact_names[NFACTS] = {"audience", "language", "title", "topic"};

/* The three colours of a rating, or NULL. */
static const char *colour(const char *v)
{
    static const char *const c[] = {"green", "amber", "red"};
    for (size_t k = 0; v && k < WZ_ARRAY_LEN(c); k++)
        if (strcmp(v, c[k]) == 0) return c[k];
    return NULL;
}

static long long *rating_slot(scen *s, const char *passage, int index, const char *given,
                              const char *model)
{
    return wz_totals_pair_slot(&s->rating_index, &s->ratings, &s->nratings, &s->capratings, passage,
                               index, given, model);
}

void wz_totals_count_rating_n(wz_totals *t, const char *ifid, const char *audience,
                              const char *passage, int index, const char *given, const char *model,
                              long long n)
{
    const char *g = colour(given), *m = colour(model);
    if (!g || !m || index < 0 || index > 999 || n <= 0) return;
    t->counted = 1;
    *rating_slot(wz_totals_scen(t, ifid, audience), passage, index, g, m) += n;
}

void wz_totals_ratings_free(scen *s)
{
    for (size_t j = 0; j < s->nratings; j++) {
        free(s->ratings[j].passage);
        free(s->ratings[j].target);
        free(s->ratings[j].cls);
    }
    free(s->ratings);
    wz_map_clear(&s->rating_index);
}

/* The entry's "ratings" (validated before: every field is there and right). */
void wz_totals_add_ratings(scen *s, const cJSON *entry)
{
    const cJSON *r = cJSON_GetObjectItemCaseSensitive(entry, "ratings");
    for (const cJSON *c = r ? r->child : NULL; c; c = c->next) {
        const char *g = colour(cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(c, "given")));
        const char *m = colour(cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(c, "model")));
        const cJSON *ix = cJSON_GetObjectItemCaseSensitive(c, "index");
        const cJSON *n = cJSON_GetObjectItemCaseSensitive(c, "count");
        if (!g || !m || !cJSON_IsNumber(ix) || !cJSON_IsNumber(n)) continue;
        *rating_slot(s, cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(c, "passage")),
                     (int)ix->valuedouble, g, m) += (long long)n->valuedouble;
    }
}

/* ---- facts ---- */

static void set_str(char **field, const char *raw)
{
    char b[WZ_SNAPSHOT_MAX_STRING + 1];
    const char *v = wz_totals_clean(raw, b, NULL);
    if (!v) return; /* a missing fact keeps the one known */
    free(*field);
    *field = wz_xstrdup(v);
}

void wz_totals_set_site(wz_totals *t, const char *site)
{
    set_str(&t->site, site);
}

void wz_totals_set_facts(wz_totals *t, const wz_scenario_facts *f)
{
    char ib[WZ_SNAPSHOT_MAX_STRING + 1];
    const char *ifid = f ? wz_totals_clean(f->ifid, ib, NULL) : NULL;
    if (!ifid) return;
    unsigned long long h = wz_map_hash(ifid);
    int at = wz_totals_idx_get(&t->facts_index, ifid, h);
    if (at < 0) {
        if (t->nfacts == t->capfacts) {
            t->capfacts = t->capfacts ? t->capfacts * 2 : 8;
            t->facts = wz_xrealloc(t->facts, t->capfacts * sizeof *t->facts);
        }
        at = (int)t->nfacts++;
        memset(&t->facts[at], 0, sizeof t->facts[at]);
        t->facts[at].ifid = wz_xstrdup(ifid);
        wz_map_put(&t->facts_index, ifid, h, at);
    }
    facts *x = &t->facts[at];
    set_str(&x->v[FACT_AUDIENCE], f->audience);
    set_str(&x->v[FACT_LANGUAGE], f->language);
    set_str(&x->v[FACT_TITLE], f->title);
    set_str(&x->v[FACT_TOPIC], f->topic);
    if (x->v[FACT_TITLE]) wz_totals_set_title(t, ifid, x->v[FACT_TITLE]);
}

const facts *wz_totals_facts_of(const wz_totals *t, const char *ifid)
{
    int at = wz_totals_idx_get(&t->facts_index, ifid, wz_map_hash(ifid));
    return at >= 0 ? &t->facts[at] : NULL;
}

void wz_totals_facts_free(wz_totals *t)
{
    for (size_t i = 0; i < t->nfacts; i++) {
        free(t->facts[i].ifid);
        for (int k = 0; k < NFACTS; k++)
            free(t->facts[i].v[k]);
    }
    free(t->facts);
    wz_map_clear(&t->facts_index);
    free(t->site);
}

void wz_totals_add_facts(wz_totals *t, const cJSON *doc)
{
    wz_totals_set_site(t, cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(doc, "site")));
    const cJSON *info = cJSON_GetObjectItemCaseSensitive(doc, "scenario_info");
    for (const cJSON *e = info ? info->child : NULL; e; e = e->next) {
        const char *v[NFACTS];
        for (int k = 0; k < NFACTS; k++)
            v[k] =
                cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(e, wz_totals_fact_names[k]));
        wz_scenario_facts f = {.ifid = e->string,
                               .audience = v[FACT_AUDIENCE],
                               .language = v[FACT_LANGUAGE],
                               .title = v[FACT_TITLE],
                               .topic = v[FACT_TOPIC]};
        wz_totals_set_facts(t, &f);
    }
}

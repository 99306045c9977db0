/*
 * wz_totals_int.h: the tally's inside, shared by the three files that implement it:
 * wz_totals.c (counting and adding snapshots), wz_snapshot.c (validation and the one
 * snapshot writer) and wz_totals_render.c (summary JSON, CSV and text). Nothing outside
 * src/stats includes it.
 *
 * Entries live in growable arrays indexed by wz_maps keyed by the entry's labels joined
 * with 0x1f (labels never contain control characters: they are cleaned on the way in and
 * validated in snapshots). Order of arrival never shows: every list is sorted on output.
 */
#ifndef WZ_TOTALS_INT_H
#define WZ_TOTALS_INT_H

#include "wz_map.h"
#include "wz_totals.h"

#include <stddef.h>

/* Outcome and choice-class names, in the order of scen.endings. */
extern const char *const wz_totals_outcomes[3];
extern const char *const wz_totals_classes[4];

/* The array position stored for key, or -1. */
static inline int wz_totals_idx_get(const wz_map *m, const char *key, unsigned long long h)
{
    const long long *v = wz_map_find(m, key, h);
    return v ? (int)*v : -1;
}

typedef struct counter {
    char *label;
    long long n;
} counter;

typedef struct label_map {
    wz_map index;
    counter *items;
    size_t n, cap;
} label_map;

typedef struct choice {
    char *passage, *target, *cls;
    int index;
    long long count;
} choice;

typedef struct scen {
    char *ifid, *audience;
    long long started, completed, abandoned;
    long long endings[3]; /* wz_totals_outcomes order */
    long long durations[WZ_DURATION_BUCKETS];
    long long found, missed, wrong;
    wz_map choice_index;
    choice *choices;
    size_t nchoices, capchoices;
    /* ratings: a choice whose target is the visitor's rating and cls the model's */
    wz_map rating_index;
    choice *ratings;
    size_t nratings, capratings;
    /* plays (scenario starts) by the language played in: a translation shares its
     * original's ifid; optional in snapshots */
    label_map languages;
} scen;

/* A scenario's public facts, in the snapshot's key order. */
enum { FACT_AUDIENCE, FACT_LANGUAGE, FACT_TITLE, FACT_TOPIC, NFACTS };
extern const char *const wz_totals_fact_names[NFACTS];
typedef struct facts {
    char *ifid, *v[NFACTS]; /* NULL: not known */
} facts;

struct wz_totals {
    long long sessions, easy_read, hours[24], session_durations[WZ_DURATION_BUCKETS];
    label_map audiences, languages, settings, help;
    label_map worried; /* "I'm worried" presses by screen; optional in snapshots */
    label_map groups;  /* group visits (group mode) by group size band; optional */
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
    /* public facts (wz_totals_facts.c) */
    char *site;
    wz_map facts_index;
    facts *facts;
    size_t nfacts, capfacts;
    /* knowledge-check answers (wz_totals_quiz.c) */
    wz_map quiz_index;
    struct quiz_entry *quiz;
    size_t nquiz, capquiz;
};

/* Knowledge-check answers of one (ifid, audience, question, phase): the snapshot's "quiz"
 * entries (wz_totals_quiz.c). phase: 0 before the scenario, 1 after. */
typedef struct quiz_entry {
    char *ifid, *audience;
    int question, phase;
    long long answered, right;
} quiz_entry;
extern const char *const wz_totals_quiz_phases[2]; /* "before", "after" */
/* The entries sorted by (ifid, audience, question, phase name); caller frees the array. */
const quiz_entry **wz_totals_sorted_quiz(const wz_totals *t);
void wz_totals_quiz_free(wz_totals *t);

/* A sorted copy of the map's items (shallow: labels still belong to the map); caller frees. */
counter *wz_totals_label_sorted(const label_map *m);
/* The scenario entries sorted by (ifid, audience); caller frees the array. */
const scen **wz_totals_sorted_scens(const wz_totals *t);
/* qsort order of choices: passage, index, target, class. */
int wz_totals_choice_cmp(const void *a, const void *b);
/* The entry of (ifid, audience), made when new (labels cleaned, NULL is "unknown"). */
scen *wz_totals_scen(wz_totals *t, const char *ifid, const char *audience);
/* The count of (passage, index, target, cls) in one of an entry's lists, made when new. */
long long *wz_totals_pair_slot(wz_map *index, choice **items, size_t *n, size_t *cap,
                               const char *passage, int index_no, const char *target,
                               const char *cls);
/* A label cleaned as the tally stores it (see wz_totals.c); dflt for NULL or "". */
const char *wz_totals_clean(const char *s, char *buf, const char *dflt);
/* wz_totals_facts.c: freeing, and adding a snapshot's ratings and facts. */
void wz_totals_facts_free(wz_totals *t);
void wz_totals_ratings_free(scen *s);
void wz_totals_add_ratings(scen *s, const cJSON *entry);
void wz_totals_add_facts(wz_totals *t, const cJSON *doc);
/* The facts of ifid, or NULL. */
const facts *wz_totals_facts_of(const wz_totals *t, const char *ifid);
/* The title set for ifid, or NULL. */
const char *wz_totals_title_of(const wz_totals *t, const char *ifid);

#endif

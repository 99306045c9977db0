/*
 * wz_fair: what keeps a scenario from giving its answers away.
 *
 * A visitor who notices that the safe choice always comes first, or is always the long
 * careful one, can win without reading. So the kiosk shows a decision's choices in an
 * order drawn once per visit (wz_fair_order), unless the passage is tagged keep-order,
 * and wz-check warns an author about the give-aways that remain (wz_fair_check).
 *
 * It also holds the rules of the rate style of spot passage ("spot rate": the visitor
 * rates each message green, amber or red, then sees the model answer): reading the
 * "[green]" prefix of a message and checking that every message has a model rating.
 * Syntax and meaning: docs/scenario-format.md ("Choices in a fair order", "Rate each
 * message").
 */
#ifndef WZ_FAIR_H
#define WZ_FAIR_H

#include <stddef.h>

#include "wz_diag.h"
#include "wz_scenario.h"

#define WZ_TAG_KEEP_ORDER "keep-order" /* show this passage's choices as written */
#define WZ_TAG_RATE "rate"             /* with "spot": rate each message */

/* "Much longer": a safe choice's label at least this many times the longest other label
 * and at least WZ_FAIR_LONG_CHARS characters more (both, so short labels never warn). */
#define WZ_FAIR_LONG_RATIO_NUM 3
#define WZ_FAIR_LONG_RATIO_DEN 2
#define WZ_FAIR_LONG_CHARS 15

/* 1 for the tags this module gives a meaning to (keep-order, rate). */
int wz_fair_is_tag(const char *tag);
int wz_passage_keeps_order(const wz_passage *p);
/* A spot passage tagged rate. */
int wz_passage_is_rate(const wz_passage *p);

/* "green", "amber", "red"; NULL for WZ_RATING_NONE or anything else. */
const char *wz_rating_name(wz_rating r);
/* The length in bytes of a "[green]" / "[amber]" / "[red]" prefix of s[0..n) (any case),
 * with the spaces after it, and its rating in *r; 0 when s does not start with one. */
size_t wz_rating_prefix(const char *s, size_t n, wz_rating *r);

/* The order to show p's choices in: out[k] is the author's index of the choice shown k-th
 * (out holds p->nchoices). A function of (seed, passage name) only, so a visit that comes
 * back to a passage sees the same order, and a test with a fixed seed sees a fixed one.
 * Passages tagged keep-order, and those with fewer than two choices, keep the author's. */
void wz_fair_order(const wz_passage *p, unsigned long long seed, int *out);

/* The author warnings and errors of this module, at file:line:col: the safe choice first in
 * every decision, a safe choice much longer than the others, rating rounds without a model
 * rating, ratings and tags where they mean nothing. */
void wz_fair_check(const wz_scenario *sc, wz_diags *d);

#endif

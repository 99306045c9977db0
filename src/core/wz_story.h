/*
 * wz_story: plays one scenario, one passage at a time. No screen, no clock, no database:
 * the kiosk and wz-check --play drive it the same way, and tests drive it directly.
 *
 * A story borrows its scenario (which must outlive it). Deterministic: the same choices
 * always give the same passages.
 */
#ifndef WZ_STORY_H
#define WZ_STORY_H

#include "wz_scenario.h"

typedef struct wz_story wz_story;

wz_story *wz_story_create(const wz_scenario *sc);
void wz_story_destroy(wz_story *st); /* accepts NULL */

/* Goes to the start passage and clears the history. Returns 0, or -1 when the scenario
 * has no start passage. */
int wz_story_start(wz_story *st);
/* Same as start: a full reset, nothing of the last visitor survives. */
int wz_story_restart(wz_story *st);

const wz_scenario *wz_story_scenario(const wz_story *st);
/* The passage being shown, NULL before start: a view of it as this visit's flags show it
 * (only the parts and choices whose {if ...} holds; wz_flags.h). It stays valid until the
 * second choice after it, or start. */
const wz_passage *wz_story_current(const wz_story *st);
int wz_story_current_index(const wz_story *st);

/* Follows choice `index` of the current passage (as shown), setting the flags the choice
 * and its target set. Returns 0, or -1 when there is no such choice or its target is
 * missing (the story then stays where it is). */
int wz_story_choose(wz_story *st, int index);
/* Which choice of the passage as written shown choice `index` is (the identity the
 * statistics count), or -1 when there is none. */
int wz_story_choice_id(const wz_story *st, int index);

/* The flags this visit has set (start and restart clear them). */
wz_flags wz_story_flags(const wz_story *st);
/* Replaces them, and the current passage's view with them (wz-check --play lets an
 * author try an ending with a flag). Returns -1 before start. */
int wz_story_set_flags(wz_story *st, wz_flags flags);

/* Visited passage indices, oldest first, including the current one. */
int wz_story_history(const wz_story *st, const int **indices);
/* The choice indices taken, one per step (history count - 1 of them). */
int wz_story_choices_taken(const wz_story *st, const int **choices);

/* True when the current passage is an ending (or has no choices at all). */
int wz_story_is_ended(const wz_story *st);
/* The ending's outcome (SAFE, RISKY, MIXED) or WZ_CLASS_NONE before the end. */
wz_class wz_story_outcome(const wz_story *st);

/* Bounded history: a story that loops is fine, it just forgets its oldest steps. */
#define WZ_STORY_MAX_HISTORY 1000

#endif

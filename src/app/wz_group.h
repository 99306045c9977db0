/*
 * wz_group: one scenario played by a guide with a group (group mode), without a screen.
 *
 * The group decides together: at each decision the guide enters the show of hands (a
 * count per choice) or simply picks the group's choice, and the story follows the most
 * chosen. When two or more choices share the most hands nothing is followed: the guide is
 * told it is a tie and picks. Votes are counts only, never who voted; they are cleared at
 * every new passage. A group borrows its scenario (which must outlive it).
 */
#ifndef WZ_GROUP_H
#define WZ_GROUP_H

#include "wz_recorder.h"
#include "wz_scenario.h"

/* Hands per choice and people per group are counted up to this. */
#define WZ_GROUP_MAX 99
/* The smallest group (one person plays as a visitor). */
#define WZ_GROUP_MIN_SIZE 2
/* What wz_group_most_chosen returns when nobody has voted, and on a tie. */
#define WZ_GROUP_NO_VOTES (-1)
#define WZ_GROUP_TIE (-2)

typedef struct wz_group wz_group;

/* The band a group of `size` people is counted in: "2-5", "6-10", "11-20", "21-35", "36+". */
const char *wz_group_size_band(int size);

/* A group of size people (clamped to WZ_GROUP_MIN_SIZE..WZ_GROUP_MAX) of audience (a
 * WZ_AUD_* bit) starting sc. NULL with *err when sc cannot be played (no start passage). */
wz_group *wz_group_create(const wz_scenario *sc, unsigned audience, int size, char **err);
void wz_group_destroy(wz_group *g); /* accepts NULL */

const wz_scenario *wz_group_scenario(const wz_group *g);
unsigned wz_group_audience(const wz_group *g);
int wz_group_size(const wz_group *g);
/* The passage being shown (never NULL). */
const wz_passage *wz_group_passage(const wz_group *g);
/* Rises whenever the passage changes. */
int wz_group_serial(const wz_group *g);
/* The passage is a decision: two or more choices, the group votes. */
int wz_group_is_decision(const wz_group *g);
/* The passage is an ending (or has no choice at all). */
int wz_group_is_ended(const wz_group *g);

/* Hands up for choice i of the current passage (0 for a choice that is not there). */
int wz_group_votes(const wz_group *g, int i);
int wz_group_votes_total(const wz_group *g);
/* One more (delta 1) or one fewer (-1) hand for choice i, kept within 0..WZ_GROUP_MAX.
 * Returns the new count, or -1 when there is no choice i. */
int wz_group_vote(wz_group *g, int i, int delta);
/* The choice with the most hands; WZ_GROUP_NO_VOTES when nobody voted; WZ_GROUP_TIE when
 * several share the most, then tied[k] (nchoices of them, when not NULL) is 1 for each. */
int wz_group_most_chosen(const wz_group *g, int *tied);

/* Follows choice i (the guide's pick, or the only "Continue"). Returns 0, or -1 when
 * there is no such choice. */
int wz_group_choose(wz_group *g, int i);
/* Follows the most chosen. Returns the choice followed, or WZ_GROUP_NO_VOTES /
 * WZ_GROUP_TIE (nothing followed: the guide picks). */
int wz_group_follow_votes(wz_group *g);
/* The same scenario from its start, votes cleared. */
int wz_group_restart(wz_group *g);

/* The group visit as an anonymous event (WZ_EV_GROUP): ifid, audience, size band.
 * Strings point into the group and the library. */
void wz_group_event(const wz_group *g, const char *session, wz_event *out);

#endif

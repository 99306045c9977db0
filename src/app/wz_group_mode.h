/*
 * wz_group_mode: group mode for guides, opened from admin mode after the PIN, without a
 * screen.
 *
 * Two pages: the set-up (which scenario, which audience, how many people) and the play,
 * where the guide enters the group's show of hands at each decision or picks the group's
 * choice (wz_group.h), and the ending shows the scenario's discussion questions. Each play
 * started is one group visit, recorded as WZ_EV_GROUP with the group's size band and
 * nothing else: no session start, so group visits are counted apart from single ones.
 * The guide leaves group mode for the attract screen; admin mode closes it after
 * WZ_GROUP_MODE_IDLE_MS without a touch (longer than a visitor's, for a discussion).
 */
#ifndef WZ_GROUP_MODE_H
#define WZ_GROUP_MODE_H

#include "wz_group.h"
#include "wz_library.h"
#include "wz_recorder.h"

#define WZ_GROUP_MODE_IDLE_MS (30 * 60 * 1000)
/* The group size the set-up page starts with (a class). */
#define WZ_GROUP_MODE_DEFAULT_SIZE 30
/* Scenarios listed on the set-up page. */
#define WZ_GROUP_MODE_MAX_SCENARIOS 24

typedef enum {
    WZ_GROUP_ACT_SCENARIO = 1, /* arg: index in the view's scenarios */
    WZ_GROUP_ACT_AUDIENCE,     /* arg: a WZ_AUD_* bit */
    WZ_GROUP_ACT_SIZE,         /* arg: people to add (negative: to take away) */
    WZ_GROUP_ACT_START,        /* play the chosen scenario: one group visit */
    WZ_GROUP_ACT_VOTE,         /* arg: choice * 2 + 1 for one more hand, + 0 for one fewer */
    WZ_GROUP_ACT_PICK,         /* arg: the choice the guide picks for the group */
    WZ_GROUP_ACT_FOLLOW,       /* follow the most chosen */
    WZ_GROUP_ACT_ANOTHER,      /* back to the set-up page */
    WZ_GROUP_ACT_LEAVE         /* leave group mode */
} wz_group_act;

typedef struct wz_group_mode wz_group_mode;

/* What the pages show; pointers are valid until the next action. */
typedef struct wz_group_view {
    int playing; /* 0: the set-up page */
    const wz_scenario *scenarios[WZ_GROUP_MODE_MAX_SCENARIOS];
    int nscenarios;
    int chosen;                   /* index in scenarios, -1: none yet */
    unsigned audiences, audience; /* the chosen scenario's WZ_AUD_* mask, the chosen bit */
    int size;
    const wz_group *group;        /* while playing */
    const char *const *questions; /* the discussion questions (for the ending) */
    int nquestions;
    char message[200]; /* e.g. "It's a tie: ..." */
} wz_group_view;

/* rec may be NULL (nothing recorded). lib is borrowed until the mode is destroyed. */
wz_group_mode *wz_group_mode_create(const wz_library *lib, wz_recorder *rec);
void wz_group_mode_destroy(wz_group_mode *m); /* accepts NULL */
/* Returns 1 when the guide asked to leave group mode, else 0. */
int wz_group_mode_action(wz_group_mode *m, wz_group_act act, int arg);
void wz_group_mode_view(const wz_group_mode *m, wz_group_view *out);
/* Rises whenever a page should be shown from its top. */
int wz_group_mode_serial(const wz_group_mode *m);

#endif

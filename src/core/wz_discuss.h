/*
 * wz_discuss: a scenario's discussion questions, read from its passage tagged "discuss".
 *
 * They are for the adult with a group (the guide sheet, group mode's ending), never shown
 * to a visitor on their own: plain Twee lines Twine keeps as they are
 * (docs/scenario-format.md, "Discussion questions"), one question a line starting with
 * "- ". Like the knowledge check, the passage is kept out of the story. Anything else is a
 * warning at its place; the questions that were read are still used, at most
 * WZ_DISCUSS_MAX_QUESTIONS of them. The result is read-only data, freed by wz_discuss_free.
 */
#ifndef WZ_DISCUSS_H
#define WZ_DISCUSS_H

#include "wz_scenario.h"

#define WZ_DISCUSS_TAG "discuss"
#define WZ_DISCUSS_MAX_QUESTIONS 8

typedef struct wz_discuss {
    char **questions; /* the words after "- ", trimmed, never empty */
    int nquestions;   /* 1 to WZ_DISCUSS_MAX_QUESTIONS */
} wz_discuss;

/* Reads sc's discussion questions (its first passage tagged "discuss"), with its warnings
 * in diags (may be NULL). NULL when the scenario has none (no such passage, or one with no
 * question in it). */
wz_discuss *wz_discuss_read(const wz_scenario *sc, wz_diags *diags);
void wz_discuss_free(wz_discuss *d); /* accepts NULL */
/* The checker's view (wz_validate): the warnings only. */
void wz_discuss_check(const wz_scenario *sc, wz_diags *diags);
/* 1 when the passage holds discussion questions (tagged "discuss"). */
int wz_discuss_is_passage(const wz_passage *p);

#endif

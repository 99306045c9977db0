/*
 * wz_quiz: a scenario's knowledge check, read from its passage tagged "quiz".
 *
 * The questions are plain Twee lines Twine keeps as they are (docs/scenario-format.md,
 * "Knowledge check"): "Q: question", "+ right answer", "- wrong answer", "Why: the
 * explanation shown after answering". One such passage, 3 to 5 questions of 2 to 4
 * answers, at least one right. Anything else is a warning at its place, and a check with
 * any warning is left out by the kiosk: never half a check, since the statistics compare
 * the same questions before and after. The result is read-only data like wz_scenario,
 * freed by wz_quiz_free.
 */
#ifndef WZ_QUIZ_H
#define WZ_QUIZ_H

#include "wz_scenario.h"

#define WZ_QUIZ_TAG "quiz"
#define WZ_QUIZ_MIN_QUESTIONS 3
#define WZ_QUIZ_MAX_QUESTIONS 5
#define WZ_QUIZ_MIN_ANSWERS 2
#define WZ_QUIZ_MAX_ANSWERS 4

typedef struct wz_quiz_answer {
    char *text;
    int right;        /* written with "+" */
    int line, column; /* of its "+" or "-" in the file */
} wz_quiz_answer;

typedef struct wz_quiz_question {
    char *text;
    char *why; /* the explanation; NULL when missing (a warning) */
    wz_quiz_answer *answers;
    int nanswers;
    int line, column; /* of its "Q:" in the file */
} wz_quiz_question;

typedef struct wz_quiz {
    wz_quiz_question *questions;
    int nquestions;
    int usable; /* no warning: the kiosk offers it */
} wz_quiz;

/* Reads sc's knowledge check (its first passage tagged "quiz"), with its warnings in diags
 * (may be NULL). NULL when the scenario has none. */
wz_quiz *wz_quiz_read(const wz_scenario *sc, wz_diags *diags);
void wz_quiz_free(wz_quiz *q); /* accepts NULL */
/* The checker's view (wz_validate): the warnings only. */
void wz_quiz_check(const wz_scenario *sc, wz_diags *diags);
/* 1 when the passage holds a knowledge check (tagged "quiz"). */
int wz_quiz_is_passage(const wz_passage *p);

#endif

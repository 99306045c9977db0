/*
 * wz_quiz_run: one visitor going through a scenario's knowledge check, with no screen and
 * no recording: which step is showing (the offer, a question, its explanation, done),
 * which question, and what the visitor picked. wz_session drives it and records each
 * answer; tests drive it directly.
 *
 *   OFFER --accept--> QUESTION 0 --answer--> EXPLAIN 0 --next--> QUESTION 1 ... --> DONE
 *   (leaving at any step: the session destroys the run)
 *
 * Before the scenario the visitor is asked whether they want to (OFFER); after it the
 * ending screen's button is the offer, so the run starts at QUESTION 0.
 */
#ifndef WZ_QUIZ_RUN_H
#define WZ_QUIZ_RUN_H

#include "wz_quiz.h"

typedef enum { WZ_QUIZ_OFFER = 0, WZ_QUIZ_QUESTION, WZ_QUIZ_EXPLAIN, WZ_QUIZ_DONE } wz_quiz_step;

typedef struct wz_quiz_run wz_quiz_run;

/* Takes ownership of q (which must be usable). before: the visit's group (1: before the
 * scenario); offer: start at the offer rather than at the first question. */
wz_quiz_run *wz_quiz_run_create(wz_quiz *q, int before, int offer);
void wz_quiz_run_destroy(wz_quiz_run *r); /* accepts NULL */

const wz_quiz *wz_quiz_run_quiz(const wz_quiz_run *r);
wz_quiz_step wz_quiz_run_step(const wz_quiz_run *r);
int wz_quiz_run_before(const wz_quiz_run *r);
/* The question showing (QUESTION, EXPLAIN), from 0. */
int wz_quiz_run_question(const wz_quiz_run *r);
/* EXPLAIN: the answer picked and whether it was right. */
int wz_quiz_run_picked(const wz_quiz_run *r);
int wz_quiz_run_was_right(const wz_quiz_run *r);
/* How many answers so far were right, and how many were given. */
void wz_quiz_run_score(const wz_quiz_run *r, int *right, int *answered);

/* Each returns 0, or -1 when the step does not allow it (nothing changes). */
int wz_quiz_run_accept(wz_quiz_run *r);
/* QUESTION: picks answer i; *right is set to whether it is right (any "+" answer is). */
int wz_quiz_run_answer(wz_quiz_run *r, int i, int *right);
int wz_quiz_run_next(wz_quiz_run *r);

#endif

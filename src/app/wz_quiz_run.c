/*
 * wz_quiz_run: the knowledge check's small state machine (see wz_quiz_run.h). Every move
 * that the current step does not allow is refused without changing anything, so a double
 * tap or a stale button can never skip a question or count an answer twice.
 */
#include "wz_quiz_run.h"

#include "wz_util.h"

#include <stdlib.h>

struct wz_quiz_run {
    wz_quiz *q;
    wz_quiz_step step;
    int before;
    int question, picked, was_right;
    int right, answered;
};

wz_quiz_run *wz_quiz_run_create(wz_quiz *q, int before, int offer)
{
    WZ_ASSERT(q && q->usable && q->nquestions > 0);
    wz_quiz_run *r = wz_xcalloc(1, sizeof *r);
    r->q = q;
    r->before = before ? 1 : 0;
    r->step = offer ? WZ_QUIZ_OFFER : WZ_QUIZ_QUESTION;
    r->picked = -1;
    return r;
}

void wz_quiz_run_destroy(wz_quiz_run *r)
{
    if (!r) return;
    wz_quiz_free(r->q);
    free(r);
}

const wz_quiz *wz_quiz_run_quiz(const wz_quiz_run *r)
{
    return r->q;
}

wz_quiz_step wz_quiz_run_step(const wz_quiz_run *r)
{
    return r->step;
}

int wz_quiz_run_before(const wz_quiz_run *r)
{
    return r->before;
}

int wz_quiz_run_question(const wz_quiz_run *r)
{
    return r->question;
}

int wz_quiz_run_picked(const wz_quiz_run *r)
{
    return r->picked;
}

int wz_quiz_run_was_right(const wz_quiz_run *r)
{
    return r->was_right;
}

void wz_quiz_run_score(const wz_quiz_run *r, int *right, int *answered)
{
    *right = r->right;
    *answered = r->answered;
}

int wz_quiz_run_accept(wz_quiz_run *r)
{
    if (r->step != WZ_QUIZ_OFFER) return -1;
    r->step = WZ_QUIZ_QUESTION;
    r->question = 0;
    return 0;
}

int wz_quiz_run_answer(wz_quiz_run *r, int i, int *right)
{
    const wz_quiz_question *qu = &r->q->questions[r->question];
    if (r->step != WZ_QUIZ_QUESTION || i < 0 || i >= qu->nanswers) return -1;
    r->picked = i;
    r->was_right = qu->answers[i].right ? 1 : 0;
    r->right += r->was_right;
    r->answered++;
    r->step = WZ_QUIZ_EXPLAIN;
    if (right) *right = r->was_right;
    return 0;
}

int wz_quiz_run_next(wz_quiz_run *r)
{
    if (r->step != WZ_QUIZ_EXPLAIN) return -1;
    r->picked = -1;
    if (++r->question >= r->q->nquestions) {
        r->question = r->q->nquestions - 1;
        r->step = WZ_QUIZ_DONE;
    } else {
        r->step = WZ_QUIZ_QUESTION;
    }
    return 0;
}

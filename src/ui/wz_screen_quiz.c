/*
 * wz_screen_quiz: the knowledge check as the visitor sees it. One question a screen with
 * big answer buttons, then whether it was right, the right answer and the author's
 * explanation, in kind words ("Not quite", never "Wrong"). A narrower "Skip" sits under
 * each question's card, apart from the answers so it is never taken for one, and Back
 * leaves too, so the check never stands in the way. Before the scenario it opens with an
 * offer the visitor may refuse; after it, the ending screen carries the offer
 * (wz_screen_quiz_offer_label). Help and "I'm worried" are in the top bar as everywhere.
 */
#include <stdio.h>
#include <string.h>

#include "wz_quiz_run.h"
#include "wz_screen_side.h"
#include "wz_util.h"
#include "wz_i18n.h"

static const char *const number_words[] = {WZ_N("No"),    WZ_N("One"),  WZ_N("Two"),
                                           WZ_N("Three"), WZ_N("Four"), WZ_N("Five")};

const char *wz_screen_quiz_offer_label(const wz_session *s, char *buf, int size)
{
    const struct wz_quiz_run *r = wz_session_quiz(s);
    if (!r || !wz_session_quiz_offered(s)) return NULL;
    int n = wz_quiz_run_quiz(r)->nquestions;
    snprintf(buf, (size_t)size,
             wz_ntr("Check what you know: %d quick question",
                    "Check what you know: %d quick questions", (unsigned long)n),
             n);
    return buf;
}

#define ITEM(kind, text, icon, st, action, arg, c)                                                 \
    (wz_screen_side_item)                                                                          \
    {                                                                                              \
        kind, text, icon, st, action, arg, c                                                       \
    }

/* The right answers of question qu in plain words ("The answer: X", "Both are right: X and
 * Y", "All of these are right: X, Y and Z"), into b. */
static void right_answers(const wz_quiz_question *qu, int was_right, wz_buf *b)
{
    int n = 0, k_done = 0;
    for (int k = 0; k < qu->nanswers; k++)
        n += qu->answers[k].right != 0;
    wz_buf_printf(b, "%s",
                  n == 1   ? (was_right ? wz_tr("The answer: ") : wz_tr("The best answer: "))
                  : n == 2 ? wz_tr("Both of these are right: ")
                           : wz_tr("All of these are right: "));
    for (int k = 0; k < qu->nanswers; k++) {
        if (!qu->answers[k].right) continue;
        k_done++;
        wz_buf_printf(b, "%s%s",
                      k_done == 1   ? ""
                      : k_done == n ? " and "
                                    : ", ",
                      qu->answers[k].text);
    }
}

/* The items of the step showing; returns how many. Strings live in the buffers given. */
static int items(const struct wz_quiz_run *r, wz_screen_side_item *it, char *head, size_t hsize,
                 char *line, size_t lsize)
{
    const wz_quiz *q = wz_quiz_run_quiz(r);
    int before = wz_quiz_run_before(r), qi = wz_quiz_run_question(r), n = 0;
    const wz_quiz_question *qu = &q->questions[qi];
    switch (wz_quiz_run_step(r)) {
    case WZ_QUIZ_OFFER:
        snprintf(head, hsize, wz_tr("%s quick questions before you start?"),
                 q->nquestions < (int)WZ_ARRAY_LEN(number_words)
                     ? wz_tr(number_words[q->nquestions])
                     : wz_tr("Some"));
        it[n++] = ITEM(WZ_SIDE_HEAD, head, NULL, 0, 0, 0, WZ_INK);
        it[n++] = ITEM(WZ_SIDE_TEXT,
                       wz_tr("They help us find out what people already know. Nobody sees "
                             "your answers, and it is fine to say no."),
                       NULL, 0, 0, 0, WZ_INK);
        it[n++] = ITEM(WZ_SIDE_BUTTON, wz_tr("Yes, ask me"), "tick", WZ_BTN_PRIMARY,
                       WZ_ACT_QUIZ_START, 0, WZ_INK);
        it[n++] = ITEM(WZ_SIDE_BUTTON, wz_tr("No thanks, start the story"), NULL, WZ_BTN_SECONDARY,
                       WZ_ACT_QUIZ_SKIP, 0, WZ_INK);
        break;
    case WZ_QUIZ_QUESTION:
        snprintf(head, hsize, wz_tr("Question %d of %d"), qi + 1, q->nquestions);
        it[n++] = ITEM(WZ_SIDE_TEXT, head, NULL, 0, 0, 0, WZ_MUTED);
        it[n++] = ITEM(WZ_SIDE_HEAD, qu->text, NULL, 0, 0, 0, WZ_INK);
        for (int k = 0; k < qu->nanswers && n < WZ_SCREEN_SIDE_MAX - 1; k++)
            it[n++] = ITEM(WZ_SIDE_BUTTON, qu->answers[k].text, NULL, WZ_BTN_CHOICE,
                           WZ_ACT_QUIZ_ANSWER, k, WZ_INK);
        break;
    case WZ_QUIZ_EXPLAIN: {
        int right = wz_quiz_run_was_right(r), picked = wz_quiz_run_picked(r);
        it[n++] =
            ITEM(WZ_SIDE_HEAD, right ? wz_tr("That's right!") : wz_tr("Not quite, and that's OK"),
                 NULL, 0, 0, 0, right ? WZ_SAFE_INK : WZ_INK);
        if (!right && picked >= 0 && picked < qu->nanswers) {
            snprintf(head, hsize, wz_tr("You picked: %s"), qu->answers[picked].text);
            it[n++] = ITEM(WZ_SIDE_TEXT, head, NULL, 0, 0, 0, WZ_MUTED);
        }
        wz_buf b;
        wz_buf_init(&b, 0);
        right_answers(qu, right, &b);
        snprintf(line, lsize, "%s", b.data ? b.data : "");
        wz_buf_free(&b);
        it[n++] = ITEM(WZ_SIDE_TEXT, line, NULL, 0, 0, 0, WZ_INK);
        if (qu->why) it[n++] = ITEM(WZ_SIDE_TEXT, qu->why, NULL, 0, 0, 0, WZ_INK);
        int last = qi + 1 >= q->nquestions;
        it[n++] = ITEM(WZ_SIDE_BUTTON,
                       !last    ? wz_tr("Next question")
                       : before ? wz_tr("Start the story")
                                : wz_tr("Finish"),
                       NULL, WZ_BTN_PRIMARY, WZ_ACT_QUIZ_NEXT, 0, WZ_INK);
        break;
    }
    case WZ_QUIZ_DONE:
        break;
    }
    return n;
}

static void quiz_build(wz_screen_ctx *sx, wz_ui *ui, long long now)
{
    (void)now;
    const wz_theme *t = &ui->th;
    const struct wz_quiz_run *r = wz_session_quiz(sx->session);
    int top = wz_top_bar(ui, wz_tr("Quick questions"), wz_tr("Back"), WZ_ACT_BACK, WZ_ACT_HELP);
    if (!r) return;
    wz_screen_side_item it[WZ_SCREEN_SIDE_MAX];
    char head[512], line[1200];
    int n = items(r, it, head, sizeof head, line, sizeof line);
    /* on a question, Skip sits under the card, narrower, so it is never taken for an answer */
    wz_quiz_step step = wz_quiz_run_step(r);
    const char *skip = NULL;
    if (step == WZ_QUIZ_QUESTION)
        skip = wz_quiz_run_before(r) ? wz_tr("Skip the questions") : wz_tr("Skip the rest");
    SDL_Rect vp = {0, top, t->w, t->h - top};
    wz_frame_scroll_begin(ui->f, vp);
    int cw = WZ_MIN(t->col_w, wz_px(t, 900));
    int x = (t->w - cw) / 2, iw = cw - 3 * t->pad;
    /* a round badge at the top of the card: a question mark, a tick when right, an "i" for
     * "not quite" (calm blue, never red) */
    int right = step == WZ_QUIZ_EXPLAIN && wz_quiz_run_was_right(r);
    const char *icon = step != WZ_QUIZ_EXPLAIN ? "help" : right ? "tick" : "info";
    int badge = wz_px(t, t->portrait ? 44 : 40);
    int ih = wz_screen_side_height(ui, it, n, iw);
    int sw = WZ_MIN(cw, WZ_MAX(cw / 2, wz_px(t, 360)));
    int sh = skip ? wz_button_height(ui, sw, skip, NULL, 0) : 0;
    if (ih + 2 * t->pad + (skip ? t->gap + sh : 0) + 2 * badge + 3 * t->gap > vp.h)
        badge = 0; /* a small screen: the question before the decoration */
    int h = ih + 2 * t->pad + (badge ? 2 * badge + t->gap : 0);
    int all = h + (skip ? t->gap + sh : 0);
    int y = all + 2 * t->gap < vp.h ? (vp.h - all) / 2 : t->gap * 2;
    wz_panel(ui, (SDL_Rect){x, y, cw, h}, WZ_SURFACE);
    if (badge)
        wz_icon_badge(ui, t->w / 2, y + t->pad + badge, badge, icon, right ? WZ_SAFE : WZ_PRIMARY,
                      WZ_WHITE);
    int iy = y + h - t->pad - ih;
    wz_screen_side_place(ui, it, n, (SDL_Rect){x + t->pad * 3 / 2, iy, iw, ih}, 0);
    if (skip)
        wz_button(ui, (SDL_Rect){(t->w - sw) / 2, y + h + t->gap, sw, sh}, skip, NULL,
                  WZ_BTN_SECONDARY, 0, WZ_ACT_QUIZ_SKIP, 0);
    wz_frame_scroll_end(ui->f, y + all + t->margin);
}

static int quiz_action(wz_screen_ctx *sx, int action, int arg, long long now)
{
    switch (action) {
    case WZ_ACT_QUIZ_START:
        return wz_session_quiz_start(sx->session, now) == 0;
    case WZ_ACT_QUIZ_ANSWER:
        return wz_session_quiz_answer(sx->session, arg, now) == 0;
    case WZ_ACT_QUIZ_NEXT:
        return wz_session_quiz_next(sx->session, now) == 0;
    case WZ_ACT_QUIZ_SKIP:
        return wz_session_quiz_skip(sx->session, now) == 0;
    default:
        return 0;
    }
}

const wz_screen_def wz_screen_quiz = {NULL, quiz_build, quiz_action, NULL};

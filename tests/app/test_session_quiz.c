/*
 * test_session_quiz: the knowledge check in the kiosk visit, without a screen
 * (src/app/wz_session.c and wz_quiz_run.c), on the test scenario tests/app/data/quiz.
 * Checks the "before" and "after" flows screen by screen, that exactly one WZ_EV_QUIZ is
 * recorded per answer (question, before/after, right or wrong), that a double tap, a skip
 * or Back records nothing more, that a check is done once a visit, that the idle reset
 * works on the quiz screen, and that a share of 1/2 puts visits in both groups.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wz_quiz_run.h"
#include "wz_session.h"
#include "wz_test.h"
#include "wz_util.h"

#define MAX_EV 400
#define IFID "4B8E2D71-5C3A-4F09-8D6B-2A1E7C9F3B54"

typedef struct rec {
    wz_event_kind kind;
    char ifid[64], value[16], reason[16];
    int choice_index, found;
} rec;

static rec evs[MAX_EV];
static int nev;

static void sink(void *ctx, const wz_event *ev)
{
    (void)ctx;
    if (nev >= MAX_EV) return;
    rec *r = &evs[nev++];
    memset(r, 0, sizeof *r);
    r->kind = ev->kind;
    snprintf(r->ifid, sizeof r->ifid, "%s", ev->ifid ? ev->ifid : "");
    snprintf(r->value, sizeof r->value, "%s", ev->value ? ev->value : "");
    snprintf(r->reason, sizeof r->reason, "%s", ev->reason ? ev->reason : "");
    r->choice_index = ev->choice_index;
    r->found = ev->found;
}

static int count(wz_event_kind k)
{
    int n = 0;
    for (int i = 0; i < nev; i++)
        n += evs[i].kind == k;
    return n;
}

/* The i-th WZ_EV_QUIZ recorded, NULL when fewer. */
static const rec *quiz_event(int i)
{
    for (int k = 0; k < nev; k++)
        if (evs[k].kind == WZ_EV_QUIZ && i-- == 0) return &evs[k];
    return NULL;
}

static void check_quiz_event(int i, int question, const char *phase, int right)
{
    const rec *r = quiz_event(i);
    WZ_CHECK(r != NULL);
    if (!r) return;
    WZ_CHECK_STR(r->ifid, IFID);
    WZ_CHECK_INT(r->choice_index, question);
    WZ_CHECK_STR(r->value, phase);
    WZ_CHECK_INT(r->found, right);
}

static int choice_labelled(const wz_passage *p, const char *label)
{
    for (int i = 0; p && i < p->nchoices; i++)
        if (strcmp(p->choices[i].label, label) == 0) return i;
    return -1;
}

static wz_session *visit(const wz_library *lib, double share, long long t)
{
    wz_session_opts o = {.idle_timeout_ms = 90000,
                         .idle_countdown_ms = 15000,
                         .language = "en",
                         .quiz_before_share = share};
    wz_session *s = wz_session_create(lib, &o, sink, NULL);
    wz_session_wake(s, t);
    WZ_CHECK_INT(wz_session_pick_audience(s, WZ_AUD_8_11, t), 0);
    WZ_CHECK_INT(wz_session_play(s, 0, t), 0);
    return s;
}

/* From the story's first passage to the safe ending. */
static void play_to_end(wz_session *s, long long t)
{
    const wz_passage *p = wz_session_passage(s);
    WZ_CHECK_STR(p->name, "Chat");
    WZ_CHECK_INT(wz_session_choose(s, choice_labelled(p, "Tell a grown-up"), t), 0);
    WZ_CHECK_INT(wz_session_choose(s, 0, t + 1000), 0); /* Continue */
    WZ_CHECK_INT(wz_session_screen(s), WZ_SCREEN_ENDING);
}

/* A first visit with that share: its group and first screen as wanted. */
static wz_session *first_visit(const wz_library *lib, double share, int group, wz_screen_id on)
{
    nev = 0;
    wz_session *s = visit(lib, share, 1000);
    WZ_CHECK_INT(wz_session_screen(s), on);
    WZ_CHECK_INT(wz_session_quiz_group(s), group);
    return s;
}

/* The visitor leaves; a new one picks an audience and plays the scenario. */
static void next_visitor(wz_session *s, unsigned audience, long long t)
{
    wz_session_reset(s, "finished", t);
    WZ_CHECK_INT(wz_session_quiz_group(s), -1);
    wz_session_wake(s, t);
    WZ_CHECK_INT(wz_session_pick_audience(s, audience, t), 0);
    WZ_CHECK_INT(wz_session_play(s, 0, t), 0);
}

static void test_before(const wz_library *lib)
{
    WZ_TEST("before: the offer comes first, then the questions, then the story");
    long long t = 1000;
    wz_session *s = first_visit(lib, 1.0, 1, WZ_SCREEN_QUIZ);
    const wz_quiz_run *r = wz_session_quiz(s);
    WZ_CHECK(r != NULL);
    WZ_CHECK_INT(wz_quiz_run_step(r), WZ_QUIZ_OFFER);
    WZ_CHECK(wz_quiz_run_before(r));
    WZ_CHECK_INT(wz_session_quiz_answer(s, 0, t), -1); /* not before saying yes */
    WZ_CHECK_INT(wz_session_quiz_next(s, t), -1);
    WZ_CHECK_INT(count(WZ_EV_QUIZ), 0);
    WZ_CHECK_INT(wz_session_quiz_start(s, t += 1000), 0);
    WZ_CHECK_INT(wz_quiz_run_step(r), WZ_QUIZ_QUESTION);
    WZ_CHECK_INT(wz_quiz_run_question(r), 0);

    WZ_TEST("before: one event per answer, right or wrong; a double tap counts once");
    WZ_CHECK_INT(wz_session_quiz_answer(s, 9, t), -1); /* no such answer */
    int serial = wz_session_passage_serial(s);
    WZ_CHECK_INT(wz_session_quiz_answer(s, 1, t += 1000), 0);
    WZ_CHECK(wz_session_passage_serial(s) != serial);  /* a new page, shown from its top */
    WZ_CHECK_INT(wz_session_quiz_answer(s, 0, t), -1); /* double tap on the explanation */
    WZ_CHECK_INT(wz_quiz_run_step(r), WZ_QUIZ_EXPLAIN);
    WZ_CHECK(wz_quiz_run_was_right(r));
    WZ_CHECK_INT(wz_session_quiz_next(s, t += 1000), 0);
    WZ_CHECK_INT(wz_session_quiz_answer(s, 2, t += 1000), 0); /* "Nobody": wrong */
    WZ_CHECK(!wz_quiz_run_was_right(r));
    WZ_CHECK_INT(wz_session_quiz_next(s, t += 1000), 0);
    WZ_CHECK_INT(wz_session_quiz_answer(s, 1, t += 1000), 0);
    WZ_CHECK_INT(count(WZ_EV_QUIZ), 3);
    check_quiz_event(0, 0, "before", 1);
    check_quiz_event(1, 1, "before", 0);
    check_quiz_event(2, 2, "before", 1);
    int right, answered;
    wz_quiz_run_score(r, &right, &answered);
    WZ_CHECK_INT(right, 2);
    WZ_CHECK_INT(answered, 3);
    WZ_CHECK_INT(wz_session_quiz_next(s, t += 1000), 0);
    WZ_CHECK_INT(wz_session_screen(s), WZ_SCREEN_PLAYER);
    WZ_CHECK(wz_session_quiz(s) == NULL);

    WZ_TEST("before: no offer at the ending, and none when playing again");
    play_to_end(s, t += 1000);
    WZ_CHECK(!wz_session_quiz_offered(s));
    WZ_CHECK_INT(wz_session_quiz_start(s, t), -1);
    WZ_CHECK_INT(wz_session_play_again(s, t += 1000), 0);
    WZ_CHECK_INT(wz_session_screen(s), WZ_SCREEN_PLAYER);
    WZ_CHECK(wz_session_quiz(s) == NULL);
    WZ_CHECK_INT(count(WZ_EV_QUIZ), 3);

    WZ_TEST("before: Back on the offer goes to the menu, Skip to the story; neither records");
    next_visitor(s, WZ_AUD_8_11, t += 1000);
    WZ_CHECK_INT(wz_session_screen(s), WZ_SCREEN_QUIZ); /* a new visit, asked again */
    wz_session_back(s, t += 1000);
    WZ_CHECK_INT(wz_session_screen(s), WZ_SCREEN_MENU);
    WZ_CHECK(wz_session_quiz(s) == NULL);
    WZ_CHECK_INT(wz_session_play(s, 0, t += 1000), 0);
    WZ_CHECK_INT(wz_session_screen(s), WZ_SCREEN_PLAYER); /* offered once a visit */
    next_visitor(s, WZ_AUD_12_15, t += 1000);
    WZ_CHECK_INT(wz_session_screen(s), WZ_SCREEN_QUIZ);
    WZ_CHECK_INT(wz_session_quiz_start(s, t), 0);
    WZ_CHECK_INT(wz_session_quiz_answer(s, 0, t), 0); /* wrong */
    WZ_CHECK_INT(wz_session_quiz_skip(s, t += 1000), 0);
    WZ_CHECK_INT(wz_session_screen(s), WZ_SCREEN_PLAYER);
    WZ_CHECK_STR(wz_session_passage(s)->name, "Chat");
    WZ_CHECK_INT(count(WZ_EV_QUIZ), 4);
    check_quiz_event(3, 0, "before", 0);
    wz_session_destroy(s);
}

static void test_after(const wz_library *lib)
{
    WZ_TEST("after: the story first, the offer on the ending");
    long long t = 1000;
    wz_session *s = first_visit(lib, 0.0, 0, WZ_SCREEN_PLAYER);
    WZ_CHECK(!wz_session_quiz_offered(s));
    WZ_CHECK_INT(wz_session_quiz_start(s, t), -1);
    play_to_end(s, t += 1000);
    WZ_CHECK(wz_session_quiz_offered(s));
    WZ_CHECK_INT(wz_session_quiz_answer(s, 0, t), -1); /* not before saying yes */
    WZ_CHECK_INT(wz_session_quiz_start(s, t += 1000), 0);
    WZ_CHECK_INT(wz_session_screen(s), WZ_SCREEN_QUIZ);
    const wz_quiz_run *r = wz_session_quiz(s);
    WZ_CHECK(r && !wz_quiz_run_before(r) && wz_quiz_run_step(r) == WZ_QUIZ_QUESTION);

    WZ_TEST("after: answers recorded as after; Back returns to the ending");
    WZ_CHECK_INT(wz_session_quiz_answer(s, 0, t += 1000), 0); /* wrong */
    WZ_CHECK_INT(wz_session_quiz_next(s, t), 0);
    WZ_CHECK_INT(wz_session_quiz_answer(s, 0, t += 1000), 0); /* a parent: right */
    wz_session_back(s, t += 1000);
    WZ_CHECK_INT(wz_session_screen(s), WZ_SCREEN_ENDING);
    WZ_CHECK(!wz_session_quiz_offered(s)); /* once a visit */
    WZ_CHECK_INT(count(WZ_EV_QUIZ), 2);
    check_quiz_event(0, 0, "after", 0);
    check_quiz_event(1, 1, "after", 1);
    WZ_CHECK_INT(count(WZ_EV_ENDING), 1);
    WZ_CHECK_INT(count(WZ_EV_ABANDON), 0); /* leaving the check abandons nothing */

    WZ_TEST("after: playing again, no second check this visit");
    WZ_CHECK_INT(wz_session_play_again(s, t += 1000), 0);
    play_to_end(s, t += 1000);
    WZ_CHECK(!wz_session_quiz_offered(s));

    WZ_TEST("the idle reset works on the quiz screen and wipes the check");
    next_visitor(s, WZ_AUD_8_11, t += 1000);
    play_to_end(s, t += 1000);
    WZ_CHECK_INT(wz_session_quiz_start(s, t += 1000), 0);
    WZ_CHECK_INT(wz_session_tick(s, t + 89999), 0);
    WZ_CHECK_INT(wz_session_tick(s, t + 90000), 1);
    WZ_CHECK(wz_session_still_there(s, t + 90000, NULL));
    WZ_CHECK_INT(wz_session_tick(s, t + 105000), 1);
    WZ_CHECK_INT(wz_session_screen(s), WZ_SCREEN_ATTRACT);
    WZ_CHECK(wz_session_quiz(s) == NULL);
    WZ_CHECK_INT(count(WZ_EV_QUIZ), 2);
    wz_session_destroy(s);
}

static void test_share(const wz_library *lib)
{
    WZ_TEST("a share of 1/2: both groups among 40 visits, drawn once a visit");
    int before = 0, after = 0;
    for (int i = 0; i < 40; i++) {
        nev = 0;
        wz_session *s = visit(lib, 0.5, 1000);
        int g = wz_session_quiz_group(s);
        WZ_CHECK(g == 0 || g == 1);
        WZ_CHECK_INT(wz_session_screen(s), g ? WZ_SCREEN_QUIZ : WZ_SCREEN_PLAYER);
        wz_session_back(s, 2000);
        WZ_CHECK_INT(wz_session_screen(s), WZ_SCREEN_MENU);
        WZ_CHECK_INT(wz_session_play(s, 0, 3000), 0);
        WZ_CHECK_INT(wz_session_quiz_group(s), g); /* the same visit keeps its group */
        before += g == 1;
        after += g == 0;
        wz_session_destroy(s);
    }
    WZ_CHECK(before > 0 && after > 0);
}

static void test_no_quiz(void)
{
    WZ_TEST("a scenario without a check: no group, no offer");
    wz_library *lib = wz_library_load(WZ_EXAMPLES, NULL);
    WZ_CHECK(lib != NULL);
    wz_session *s = visit(lib, 1.0, 1000);
    WZ_CHECK_INT(wz_session_screen(s), WZ_SCREEN_PLAYER);
    WZ_CHECK_INT(wz_session_quiz_group(s), -1);
    WZ_CHECK(wz_session_quiz(s) == NULL);
    wz_session_destroy(s);
    wz_library_free(lib);
}

int main(void)
{
    wz_library *lib = wz_library_load(WZ_SOURCE_DIR "/tests/app/data/quiz", NULL);
    WZ_CHECK(lib && lib->playable == 1);
    if (!lib || lib->playable != 1) WZ_TEST_END();
    test_before(lib);
    test_after(lib);
    test_share(lib);
    test_no_quiz();
    wz_library_free(lib);
    WZ_TEST_END();
}

/*
 * test_session: the kiosk visit without a screen (src/app/wz_session.c), driven through
 * the example scenarios with a hand-held clock. Checks which screen follows each verb
 * and exactly which anonymous events are recorded, including the idle reset that must
 * record an abandoned scenario and wipe everything of the last visitor.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "wz_fair.h"
#include "wz_session.h"
#include "wz_test.h"
#include "wz_util.h"
#include "wz_worried.h"

#define MAX_EV 200

typedef struct rec {
    wz_event_kind kind;
    char audience[16], ifid[64], passage[128], cls[16], outcome[16], screen[16], reason[16],
        session[40], setting[16], value[16];
    int choice_index, found, missed, wrong, easy_read;
    long long duration_ms;
} rec;

static rec evs[MAX_EV];
static int nev;

static void cp(char *dst, size_t n, const char *s)
{
    snprintf(dst, n, "%s", s ? s : "");
}

static void sink(void *ctx, const wz_event *ev)
{
    (void)ctx;
    if (nev >= MAX_EV) return;
    rec *r = &evs[nev++];
    memset(r, 0, sizeof *r);
    r->kind = ev->kind;
    cp(r->audience, sizeof r->audience, ev->audience);
    cp(r->ifid, sizeof r->ifid, ev->ifid);
    cp(r->passage, sizeof r->passage, ev->passage);
    cp(r->cls, sizeof r->cls, ev->cls);
    cp(r->outcome, sizeof r->outcome, ev->outcome);
    cp(r->screen, sizeof r->screen, ev->screen);
    cp(r->reason, sizeof r->reason, ev->reason);
    cp(r->session, sizeof r->session, ev->session);
    cp(r->setting, sizeof r->setting, ev->setting);
    cp(r->value, sizeof r->value, ev->value);
    r->choice_index = ev->choice_index;
    r->found = ev->found;
    r->missed = ev->missed;
    r->wrong = ev->wrong;
    r->easy_read = ev->easy_read;
    r->duration_ms = ev->duration_ms;
}

static const rec *last(wz_event_kind k)
{
    for (int i = nev - 1; i >= 0; i--)
        if (evs[i].kind == k) return &evs[i];
    return NULL;
}

static int count(wz_event_kind k)
{
    int n = 0;
    for (int i = 0; i < nev; i++)
        n += evs[i].kind == k;
    return n;
}

static int choice_labelled(const wz_passage *p, const char *label)
{
    for (int i = 0; p && i < p->nchoices; i++)
        if (strcmp(p->choices[i].label, label) == 0) return i;
    return -1;
}

static int menu_index(const wz_session *s, const char *title)
{
    for (int i = 0; i < wz_session_menu_count(s); i++)
        if (strcmp(wz_session_menu_item(s, i)->title, title) == 0) return i;
    return -1;
}

static void test_full_visit(const wz_library *lib)
{
    WZ_TEST("a whole visit: screens and events in order");
    nev = 0;
    wz_session_opts o = {.idle_timeout_ms = 90000, .idle_countdown_ms = 15000, .language = "en"};
    wz_session *s = wz_session_create(lib, &o, sink, NULL);
    long long t = 1000;
    WZ_CHECK_INT(wz_session_screen(s), WZ_SCREEN_ATTRACT);
    WZ_CHECK_INT(wz_session_tick(s, t + 10000000), 0); /* the attract screen never times out */
    wz_session_wake(s, t);
    WZ_CHECK_INT(wz_session_screen(s), WZ_SCREEN_PICKER);
    WZ_CHECK_INT(nev, 0); /* nothing is recorded before the visitor picks a group */
    WZ_CHECK_INT(wz_session_pick_audience(s, 3, t), -1); /* not one band */
    WZ_CHECK_INT(wz_session_pick_audience(s, WZ_AUD_8_11, t += 500), 0);
    WZ_CHECK_INT(wz_session_screen(s), WZ_SCREEN_MENU);
    WZ_CHECK_INT(count(WZ_EV_SESSION_START), 1);
    WZ_CHECK_STR(last(WZ_EV_SESSION_START)->audience, "8-11");
    WZ_CHECK_INT(strlen(wz_session_id(s)), 32);
    char first_id[33];
    snprintf(first_id, sizeof first_id, "%s", wz_session_id(s));
    WZ_CHECK_STR(last(WZ_EV_SESSION_START)->session, first_id);

    WZ_TEST("the menu holds main scenarios for the audience, never easy-read variants");
    int n = wz_session_menu_count(s);
    WZ_CHECK(n >= 1);
    for (int i = 0; i < n; i++) {
        const wz_scenario *sc = wz_session_menu_item(s, i);
        WZ_CHECK(!sc->easy_read && !sc->variant_of);
        WZ_CHECK(!sc->audiences || (sc->audiences & WZ_AUD_8_11));
    }
    int gift = menu_index(s, "The Gift in the Game");
    WZ_CHECK(gift >= 0);

    WZ_TEST("playing: scenario start, choices with their class, feedback");
    WZ_CHECK_INT(wz_session_play(s, gift, t += 1000), 0);
    long long started = t;
    WZ_CHECK_INT(wz_session_screen(s), WZ_SCREEN_PLAYER);
    WZ_CHECK_STR(last(WZ_EV_SCENARIO_START)->ifid, "9F3B6C2E-4A1D-4C8B-9E57-1D2A3B4C5D6E");
    const wz_passage *p = wz_session_passage(s);
    WZ_CHECK_STR(p->name, "Lobby");
    int serial = wz_session_passage_serial(s);
    WZ_CHECK_INT(wz_session_choose(s, 7, t), -1);
    WZ_CHECK_INT(wz_session_choose(s, choice_labelled(p, "Say no thanks"), t += 3000), 0);
    WZ_CHECK(wz_session_passage_serial(s) != serial);
    WZ_CHECK_STR(last(WZ_EV_CHOICE)->passage, "Lobby");
    WZ_CHECK_STR(last(WZ_EV_CHOICE)->cls, "safe");
    WZ_CHECK_INT(last(WZ_EV_CHOICE)->choice_index, 1);
    WZ_CHECK_STR(last(WZ_EV_FEEDBACK)->cls, "safe");
    WZ_CHECK_STR(last(WZ_EV_FEEDBACK)->passage, "Said no");
    p = wz_session_passage(s);
    WZ_CHECK_INT(wz_session_choose(s, 0, t += 2000), 0); /* Continue */

    WZ_TEST("spot the signs: no moving on before Done; found, missed and wrong counted");
    p = wz_session_passage(s);
    WZ_CHECK_INT(p->role, WZ_ROLE_SPOT);
    WZ_CHECK_INT(wz_session_choose(s, 0, t), -1);
    int flag = -1, plain = -1;
    for (int i = 0; i < p->nparts; i++) {
        if (p->parts[i].kind != WZ_PART_MESSAGE) continue;
        if (p->parts[i].red_flag && flag < 0) flag = i;
        if (!p->parts[i].red_flag && plain < 0) plain = i;
    }
    WZ_CHECK(flag >= 0 && plain >= 0);
    WZ_CHECK_INT(wz_session_spot_toggle(s, flag), 0);
    WZ_CHECK_INT(wz_session_spot_toggle(s, plain), 0);
    WZ_CHECK_INT(wz_session_spot_toggle(s, plain), 0); /* untapped again */
    WZ_CHECK_INT(wz_session_spot_toggle(s, plain), 0);
    WZ_CHECK_INT(wz_session_spot_toggle(s, 999), -1);
    WZ_CHECK(wz_session_spot_tapped(s, flag));
    WZ_CHECK_INT(wz_session_spot_done(s, t += 5000), 0);
    WZ_CHECK_INT(wz_session_spot_done(s, t), -1);      /* once */
    WZ_CHECK_INT(wz_session_spot_toggle(s, flag), -1); /* answers are fixed once shown */
    WZ_CHECK(wz_session_spot_revealed(s));
    const rec *spot = last(WZ_EV_SPOT_RESULT);
    WZ_CHECK(spot != NULL);
    if (spot) {
        WZ_CHECK_INT(spot->found, 1);
        WZ_CHECK_INT(spot->missed, 1);
        WZ_CHECK_INT(spot->wrong, 1);
        WZ_CHECK_STR(spot->passage, "Secret");
    }
    WZ_CHECK_INT(wz_session_choose(s, 0, t += 1000), 0);
    WZ_CHECK(!wz_session_spot_revealed(s)); /* cleared for the next passage */

    WZ_TEST("help from the player records where it was opened; back returns there");
    wz_session_open_help(s, t += 1000);
    WZ_CHECK_INT(wz_session_screen(s), WZ_SCREEN_HELP);
    WZ_CHECK_STR(last(WZ_EV_HELP)->screen, "player");
    WZ_CHECK(wz_session_help_passage(s) != NULL);
    wz_session_back(s, t += 1000);
    WZ_CHECK_INT(wz_session_screen(s), WZ_SCREEN_PLAYER);

    WZ_TEST("\"I'm worried\": counted with its screen, a page of its own, topic help, back");
    {
        int presses = count(WZ_EV_WORRIED);
        wz_session_open_worried(s, t += 1000);
        WZ_CHECK_INT(wz_session_screen(s), WZ_SCREEN_WORRIED);
        WZ_CHECK_INT(count(WZ_EV_WORRIED), presses + 1);
        WZ_CHECK_STR(last(WZ_EV_WORRIED)->screen, "player");
        WZ_CHECK_INT(wz_session_worried_from(s), WZ_SCREEN_PLAYER);
        wz_worried_page page;
        wz_worried_page_get(s, 1, &page);
        WZ_CHECK_STR(page.message, "Someone from the team is coming to you.");
        int ceop = 0;
        for (int i = 0; i < page.nlines; i++)
            ceop += strstr(page.lines[i], "CEOP") != NULL; /* a grooming story */
        WZ_CHECK_INT(ceop, 1);
        wz_worried_page_get(s, 0, &page);
        WZ_CHECK_STR(page.message, "Please go to the front desk and say you pressed the button.");
        /* pressing again on its own page does nothing; it never asks "still there?" */
        wz_session_open_worried(s, t);
        WZ_CHECK_INT(count(WZ_EV_WORRIED), presses + 1);
        WZ_CHECK_INT(wz_session_tick(s, t + 200000), 0);
        WZ_CHECK(!wz_session_still_there(s, t + 200000, NULL));
        WZ_CHECK_INT(wz_session_next_deadline(s, t), WZ_SESSION_WORRIED_IDLE_MS);
        wz_session_back(s, t += 1000);
        WZ_CHECK_INT(wz_session_screen(s), WZ_SCREEN_PLAYER);
        WZ_CHECK_INT(count(WZ_EV_ABANDON), 0); /* the story is still there to go on with */
    }

    WZ_TEST("an ending records its outcome and the scenario's duration");
    p = wz_session_passage(s);
    WZ_CHECK_INT(wz_session_choose(s, choice_labelled(p, "Give Jordan your app name"), t += 1000),
                 0);
    WZ_CHECK_STR(last(WZ_EV_CHOICE)->cls, "risky");
    WZ_CHECK_INT(wz_session_choose(s, 0, t += 1000), 0);
    WZ_CHECK_INT(wz_session_screen(s), WZ_SCREEN_ENDING);
    WZ_CHECK_STR(last(WZ_EV_ENDING)->outcome, "risky");
    WZ_CHECK_INT(last(WZ_EV_ENDING)->duration_ms, t - started);
    wz_session_open_help(s, t);
    WZ_CHECK_STR(last(WZ_EV_HELP)->screen, "ending");
    wz_session_close_help(s, t);
    WZ_CHECK_INT(wz_session_screen(s), WZ_SCREEN_ENDING);

    WZ_TEST("play again starts the same scenario afresh; back abandons it");
    int starts = count(WZ_EV_SCENARIO_START);
    WZ_CHECK_INT(wz_session_play_again(s, t += 1000), 0);
    WZ_CHECK_INT(count(WZ_EV_SCENARIO_START), starts + 1);
    WZ_CHECK_STR(wz_session_passage(s)->name, "Lobby");
    WZ_CHECK_INT(count(WZ_EV_ABANDON), 0);
    wz_session_back(s, t += 1000);
    WZ_CHECK_INT(wz_session_screen(s), WZ_SCREEN_MENU);
    WZ_CHECK_INT(count(WZ_EV_ABANDON), 1);
    WZ_CHECK_STR(last(WZ_EV_ABANDON)->reason, "back");
    WZ_CHECK_STR(last(WZ_EV_ABANDON)->passage, "Lobby");

    WZ_TEST("idle: still-there after the timeout, then reset with abandon and session end");
    WZ_CHECK_INT(wz_session_play(s, gift, t += 1000), 0);
    long long last_input = t;
    WZ_CHECK_INT(wz_session_next_deadline(s, t), 90000);
    WZ_CHECK_INT(wz_session_tick(s, last_input + 89999), 0);
    WZ_CHECK(!wz_session_still_there(s, last_input + 89999, NULL));
    WZ_CHECK_INT(wz_session_tick(s, last_input + 90000), 1);
    int left = -1;
    WZ_CHECK(wz_session_still_there(s, last_input + 90000, &left));
    WZ_CHECK_INT(left, 15);
    WZ_CHECK(wz_session_still_there(s, last_input + 96500, &left));
    WZ_CHECK_INT(left, 9);
    WZ_CHECK_INT(wz_session_next_deadline(s, last_input + 96500), 500); /* next whole second */
    /* a touch answers it */
    wz_session_touch(s, last_input + 97000);
    WZ_CHECK(!wz_session_still_there(s, last_input + 97000, NULL));
    WZ_CHECK_INT(wz_session_screen(s), WZ_SCREEN_PLAYER);
    last_input += 97000;
    WZ_CHECK_INT(wz_session_tick(s, last_input + 90000), 1);
    WZ_CHECK_INT(wz_session_tick(s, last_input + 104999), 0);
    int ends = count(WZ_EV_SESSION_END);
    WZ_CHECK_INT(wz_session_tick(s, last_input + 105000), 1);
    WZ_CHECK_INT(wz_session_screen(s), WZ_SCREEN_ATTRACT);
    WZ_CHECK_STR(last(WZ_EV_ABANDON)->reason, "idle");
    WZ_CHECK_INT(last(WZ_EV_ABANDON)->duration_ms, 97000 + 105000);
    WZ_CHECK_INT(count(WZ_EV_SESSION_END), ends + 1);
    WZ_CHECK_STR(last(WZ_EV_SESSION_END)->session, first_id);

    WZ_TEST("reset wipes the visitor: no audience, easy read off, no story, new id");
    WZ_CHECK_INT(wz_session_audience(s), 0);
    WZ_CHECK_INT(wz_session_easy_read(s), 0);
    WZ_CHECK(wz_session_scenario(s) == NULL);
    WZ_CHECK(wz_session_passage(s) == NULL);
    WZ_CHECK_INT(wz_session_menu_count(s), 0);
    WZ_CHECK_STR(wz_session_id(s), "");
    wz_session_wake(s, t += 200000);
    wz_session_pick_audience(s, WZ_AUD_12_15, t);
    WZ_CHECK(strcmp(wz_session_id(s), first_id) != 0);
    wz_session_destroy(s);
}

static void test_easy_read(const wz_library *lib)
{
    WZ_TEST("easy read plays the easy-read variant and is recorded with the session");
    nev = 0;
    wz_session_opts o = {.idle_timeout_ms = 60000, .idle_countdown_ms = 10000};
    wz_session *s = wz_session_create(lib, &o, sink, NULL);
    wz_session_wake(s, 0);
    wz_session_set_easy_read(s, 1, 10);
    WZ_CHECK_INT(nev, 0);
    wz_session_pick_audience(s, WZ_AUD_8_11, 20);
    WZ_CHECK_INT(last(WZ_EV_SESSION_START)->easy_read, 1);
    int gift = menu_index(s, "The Gift in the Game");
    WZ_CHECK_INT(wz_session_play(s, gift, 30), 0);
    WZ_CHECK(wz_session_scenario(s) && wz_session_scenario(s)->easy_read);
    WZ_CHECK(strcmp(last(WZ_EV_SCENARIO_START)->ifid, "9F3B6C2E-4A1D-4C8B-9E57-1D2A3B4C5D6E") != 0);

    WZ_TEST("a scenario can be started directly (the kiosk's off-screen preparation)");
    const wz_scenario *main_sc = wz_session_menu_item(s, gift);
    WZ_CHECK_INT(wz_session_play_scenario(s, main_sc, 40), 0);
    WZ_CHECK(wz_session_scenario(s) == main_sc);
    WZ_CHECK_STR(wz_session_passage(s)->name, "Lobby");
    WZ_CHECK_INT(wz_session_play_scenario(s, NULL, 40), -1);

    WZ_TEST("idle before any audience is picked: back to attract without a session end");
    wz_session_reset(s, "idle", 100);
    nev = 0;
    wz_session_wake(s, 200);
    WZ_CHECK_INT(wz_session_tick(s, 200 + 60000), 1);
    WZ_CHECK_INT(wz_session_tick(s, 200 + 70000), 1);
    WZ_CHECK_INT(wz_session_screen(s), WZ_SCREEN_ATTRACT);
    WZ_CHECK_INT(nev, 0);

    WZ_TEST("a tick long after the timeout goes straight back to attract");
    wz_session_wake(s, 1000);
    wz_session_pick_audience(s, WZ_AUD_PARENTS, 1000);
    WZ_CHECK_INT(wz_session_tick(s, 1000 + 3600000), 1);
    WZ_CHECK_INT(wz_session_screen(s), WZ_SCREEN_ATTRACT);
    WZ_CHECK_INT(count(WZ_EV_SESSION_END), 1);
    wz_session_destroy(s);
}

static void test_empty(void)
{
    WZ_TEST("an empty library: the empty screen, and nothing to play");
    wz_library *lib = wz_library_load("/nonexistent/wz-kiosk-test", NULL);
    wz_session_opts o = {0};
    wz_session *s = wz_session_create(lib, &o, NULL, NULL);
    wz_session_wake(s, 0);
    WZ_CHECK_INT(wz_session_screen(s), WZ_SCREEN_EMPTY);
    WZ_CHECK_INT(wz_session_play(s, 0, 0), -1);
    wz_session_open_help(s, 0);
    WZ_CHECK_INT(wz_session_screen(s), WZ_SCREEN_HELP);
    wz_session_close_help(s, 0);
    WZ_CHECK_INT(wz_session_screen(s), WZ_SCREEN_EMPTY);
    WZ_CHECK_INT(wz_session_set_library(s, lib), 0);
    wz_session_goto(s, WZ_SCREEN_ADMIN);
    WZ_CHECK_INT(wz_session_screen(s), WZ_SCREEN_ADMIN);
    WZ_CHECK_INT(wz_session_set_library(s, lib), -1); /* not between visitors */
    WZ_CHECK_STR(wz_screen_name(WZ_SCREEN_ADMIN), "admin");
    WZ_CHECK_STR(wz_screen_name(WZ_SCREEN_COUNT), "unknown");
    wz_session_destroy(s);
    wz_library_free(lib);
}

/* A small story with a decision of three choices and a rating round. */
static const char fair_story[] =
    ":: StoryTitle\nFair\n\n"
    ":: StoryData\n{\"ifid\": \"7C0B7E0A-3F57-4C1B-9E0E-2B4D6A8C1E11\", \"start\": \"Rate\"}\n\n"
    ":: ScenarioInfo\nsummary: s\naudience: 8-11\ntopic: general\nminutes: 2\ncharacter: Sam\n\n"
    ":: Rate [spot rate]\n[green] Sam: hi\n[amber] Sam: where do you live?\n"
    "[red] Sam: keep this secret\nWhy: secrets\nYou: ok\n[[Next->Choose]]\n\n"
    ":: Choose\n[[Tell->Told]]\n[[Keep it->Kept]]\n[[Ask->Asked]]\n\n"
    ":: Told [feedback safe]\nGood.\n[[End]]\n\n:: Kept [feedback risky]\nHm.\n[[End]]\n\n"
    ":: Asked [feedback neutral]\nOK.\n[[End]]\n\n"
    ":: End [ending safe]\nDone.\n\n* a\n* b\n* c\n\n:: Help [help]\n* Ask an adult.\n";

static void test_rating(wz_session *s)
{
    WZ_TEST("a rating round: every message rated, one event each, agreement counted");
    const wz_passage *p = wz_session_passage(s);
    WZ_CHECK(p && wz_passage_is_rate(p));
    WZ_CHECK_INT(wz_session_spot_toggle(s, 0), -1); /* no tapping in a rating round */
    WZ_CHECK_INT(wz_session_spot_done(s, 10), -1);
    WZ_CHECK_INT(wz_session_choose(s, 0, 10), -1); /* not before the check */
    WZ_CHECK_INT(wz_session_rate(s, 0, WZ_RATING_GREEN), 0);
    WZ_CHECK_INT(wz_session_rate(s, 1, WZ_RATING_GREEN), 0); /* model: amber */
    WZ_CHECK_INT(wz_session_rate(s, 2, WZ_RATING_AMBER), 0);
    WZ_CHECK_INT(wz_session_rate(s, 2, WZ_RATING_RED), 0);  /* changed their mind */
    WZ_CHECK_INT(wz_session_rate(s, 3, WZ_RATING_RED), -1); /* You: not rated */
    WZ_CHECK_INT(wz_session_rate(s, 0, WZ_RATING_NONE), -1);
    WZ_CHECK_INT(wz_session_rating(s, 2), WZ_RATING_RED);
    int before = nev;
    WZ_CHECK_INT(wz_session_rate_done(s, 20), 0);
    WZ_CHECK_INT(wz_session_rate_done(s, 20), -1); /* once */
    WZ_CHECK_INT(wz_session_rate(s, 0, WZ_RATING_RED), -1);
    WZ_CHECK_INT(nev - before, 3);
    static const char *const mine[] = {"green", "green", "red"};
    static const char *const model[] = {"green", "amber", "red"};
    for (int i = 0; i < 3 && before + i < nev; i++) {
        const rec *r = &evs[before + i];
        WZ_CHECK_INT(r->kind, WZ_EV_RATING);
        WZ_CHECK_STR(r->passage, "Rate");
        WZ_CHECK_STR(r->ifid, "7C0B7E0A-3F57-4C1B-9E0E-2B4D6A8C1E11");
        WZ_CHECK_INT(r->choice_index, i);
        WZ_CHECK_STR(r->value, mine[i]);
        WZ_CHECK_STR(r->cls, model[i]);
    }
    int agreed, rated, total;
    wz_session_rate_counts(s, &agreed, &rated, &total);
    WZ_CHECK_INT(agreed, 2);
    WZ_CHECK_INT(rated, 3);
    WZ_CHECK_INT(total, 3);
    WZ_CHECK_INT(wz_session_choose(s, 0, 30), 0);
}

/* The shown order of the decision for one seed, as author indices "012". */
static void shown_order(const wz_library *lib, unsigned long long seed, char out[4])
{
    wz_session_opts o = {0};
    wz_session *s = wz_session_create(lib, &o, sink, NULL);
    wz_session_set_seed(s, seed);
    WZ_CHECK_INT(wz_session_pick_audience(s, WZ_AUD_8_11, 0), 0);
    WZ_CHECK_INT(wz_session_play(s, 0, 0), 0);
    static int rating_tested;
    if (!rating_tested++) {
        test_rating(s); /* ends on the decision */
    } else {
        for (int i = 0; i < 3; i++)
            WZ_CHECK_INT(wz_session_rate(s, i, WZ_RATING_RED), 0);
        WZ_CHECK_INT(wz_session_rate_done(s, 40), 0);
        WZ_CHECK_INT(wz_session_choose(s, 0, 40), 0);
    }
    WZ_CHECK_STR(wz_session_passage(s)->name, "Choose");
    int order[3] = {0, 0, 0};
    wz_session_choice_order(s, order);
    for (int i = 0; i < 3; i++)
        out[i] = (char)('0' + order[i]);
    out[3] = 0;
    /* the button shown first is recorded by the author's index, with its own target */
    WZ_CHECK_INT(wz_session_choose(s, order[0], 50), 0);
    const rec *c = last(WZ_EV_CHOICE);
    static const char *const targets[] = {"Told", "Kept", "Asked"};
    WZ_CHECK(c && c->choice_index == order[0]);
    WZ_CHECK(c && strcmp(c->passage, "Choose") == 0);
    WZ_CHECK_STR(last(WZ_EV_FEEDBACK)->passage, targets[order[0]]);
    wz_session_destroy(s);
}

static void test_fair_order(void)
{
    char dir[] = "/tmp/wz-session-fair-XXXXXX";
    WZ_CHECK(mkdtemp(dir) != NULL);
    char *path = wz_path_join(dir, "fair.twee");
    FILE *f = fopen(path, "w");
    WZ_CHECK(f != NULL);
    if (f) {
        fputs(fair_story, f);
        fclose(f);
    }
    wz_library *lib = wz_library_load(dir, NULL);
    WZ_CHECK(lib && lib->playable == 1);
    nev = 0;
    WZ_TEST("choices in a fair order: fixed by the seed, different for another seed");
    char a[4], b[4], again[4];
    shown_order(lib, 1, a);
    shown_order(lib, 1, again);
    WZ_CHECK_STR(a, again);
    int differ = 0;
    for (unsigned long long seed = 2; seed < 20 && !differ; seed++) {
        shown_order(lib, seed, b);
        differ = strcmp(a, b) != 0;
    }
    WZ_CHECK(differ);
    wz_library_free(lib);
    remove(path);
    free(path);
    rmdir(dir);
}

/* The n-th setting event (0 first) named setting, or NULL. */
static const rec *setting_ev(const char *setting, int n)
{
    for (int i = 0; i < nev; i++)
        if (evs[i].kind == WZ_EV_SETTING && strcmp(evs[i].setting, setting) == 0 && n-- == 0)
            return &evs[i];
    return NULL;
}

static void test_text_and_colours(const wz_library *lib)
{
    WZ_TEST("text size and colours chosen before the visit are recorded when it starts");
    nev = 0;
    wz_session_opts o = {.idle_timeout_ms = 60000, .idle_countdown_ms = 10000};
    wz_session *s = wz_session_create(lib, &o, sink, NULL);
    WZ_CHECK_INT(wz_session_text_size(s), 0);
    WZ_CHECK_INT(wz_session_contrast(s), 0);
    wz_session_set_text_size(s, 2, 5); /* on the attract screen */
    wz_session_set_contrast(s, 1, 6);
    wz_session_set_text_size(s, 3, 7); /* out of range: ignored */
    wz_session_set_contrast(s, -1, 8);
    WZ_CHECK_INT(wz_session_text_size(s), 2);
    WZ_CHECK_INT(wz_session_contrast(s), 1);
    WZ_CHECK_INT(nev, 0);
    wz_session_wake(s, 10);
    wz_session_pick_audience(s, WZ_AUD_8_11, 20);
    WZ_CHECK(setting_ev("text-size", 0) &&
             strcmp(setting_ev("text-size", 0)->value, "largest") == 0);
    WZ_CHECK(setting_ev("contrast", 0) && strcmp(setting_ev("contrast", 0)->value, "high") == 0);
    WZ_CHECK_STR(setting_ev("contrast", 0)->session, wz_session_id(s));

    WZ_TEST("during the visit each change is recorded at once; the same choice again is not");
    wz_session_set_text_size(s, 1, 30);
    wz_session_set_text_size(s, 1, 31);
    wz_session_set_contrast(s, 0, 32);
    WZ_CHECK(setting_ev("text-size", 1) && strcmp(setting_ev("text-size", 1)->value, "large") == 0);
    WZ_CHECK(setting_ev("text-size", 2) == NULL);
    WZ_CHECK(setting_ev("contrast", 1) &&
             strcmp(setting_ev("contrast", 1)->value, "standard") == 0);

    WZ_TEST("the next visitor starts with normal text and standard colours");
    wz_session_set_contrast(s, 1, 40);
    wz_session_reset(s, "finished", 50);
    WZ_CHECK_INT(wz_session_text_size(s), 0);
    WZ_CHECK_INT(wz_session_contrast(s), 0);
    int before = nev;
    wz_session_wake(s, 60);
    wz_session_pick_audience(s, WZ_AUD_8_11, 70);
    for (int i = before; i < nev; i++)
        WZ_CHECK(evs[i].kind != WZ_EV_SETTING);
    WZ_TEST("an idle timeout resets them too");
    wz_session_set_text_size(s, 2, 80);
    wz_session_tick(s, 80 + 60000 + 10000);
    WZ_CHECK_INT(wz_session_screen(s), WZ_SCREEN_ATTRACT);
    WZ_CHECK_INT(wz_session_text_size(s), 0);
    wz_session_destroy(s);
}

int main(void)
{
    wz_library *lib = wz_library_load(WZ_EXAMPLES, NULL);
    WZ_CHECK(lib && lib->playable >= 2);
    test_full_visit(lib);
    test_easy_read(lib);
    test_text_and_colours(lib);
    test_empty();
    test_fair_order();
    wz_library_free(lib);
    WZ_TEST_END();
}

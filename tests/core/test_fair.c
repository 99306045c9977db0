/*
 * test_fair: the order choices are shown in (a pure function of seed and passage, every
 * order reachable, keep-order kept) and the reading of ratings and OK reasons in spot
 * passages. The author diagnostics are in test_validate.
 */
#include <stdlib.h>
#include <string.h>

#include "wz_fair.h"
#include "wz_test.h"

static const char *const story =
    ":: StoryTitle\nT\n\n"
    ":: StoryData\n{\"ifid\": \"0B6E2D43-58C4-4B8E-A0A1-6D1F3E0C9A11\", \"start\": \"Start\"}\n\n"
    ":: ScenarioInfo\nsummary: s\naudience: 8-11\ntopic: general\nminutes: 2\ncharacter: Sam\n\n"
    ":: Start\n[[A->End]]\n[[B->End]]\n[[C->End]]\n\n"
    ":: Kept [keep-order]\n[[A->End]]\n[[B->End]]\n[[C->End]]\n\n"
    ":: Rate [spot rate]\n[green] Sam: hi\nWhy: friendly\n[AMBER]Sam: where do you live\n"
    "[red] Sam: our secret\nWhy: secrets\nYou: ok\n[blue] Sam: a note\n[[End]]\n\n"
    ":: Spot [spot]\n! Sam: secret\nWhy: a sign\nSam: nice game\nWhy: friendly chat\n[[End]]\n\n"
    ":: End [ending safe]\n* a\n* b\n* c\n";

static int order_code(const int *o)
{
    return o[0] * 100 + o[1] * 10 + o[2];
}

static void test_order(const wz_scenario *sc)
{
    const wz_passage *p = &sc->passages[wz_scenario_find(sc, "Start")];
    const wz_passage *kept = &sc->passages[wz_scenario_find(sc, "Kept")];
    WZ_TEST("the same seed gives the same order; it is a permutation");
    int a[3], b[3];
    wz_fair_order(p, 42, a);
    wz_fair_order(p, 42, b);
    WZ_CHECK(memcmp(a, b, sizeof a) == 0);
    WZ_CHECK_INT(a[0] + a[1] + a[2], 3);
    WZ_CHECK(a[0] != a[1] && a[1] != a[2] && a[0] != a[2]);

    WZ_TEST("every order turns up, about as often as the others");
    int seen[1000] = {0};
    for (unsigned long long seed = 1; seed <= 6000; seed++) {
        wz_fair_order(p, seed, a);
        seen[order_code(a)]++;
    }
    int codes[] = {12, 21, 102, 120, 201, 210};
    for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++)
        WZ_CHECK(seen[codes[i]] > 800 && seen[codes[i]] < 1200);

    WZ_TEST("keep-order keeps the author's order whatever the seed");
    for (unsigned long long seed = 1; seed <= 50; seed++) {
        wz_fair_order(kept, seed, a);
        WZ_CHECK_INT(order_code(a), 12);
    }
}

static void test_reading(const wz_scenario *sc)
{
    const wz_passage *r = &sc->passages[wz_scenario_find(sc, "Rate")];
    WZ_TEST("[green], [AMBER] and [red] set the model rating; red is a warning sign");
    WZ_CHECK(wz_passage_is_rate(r));
    WZ_CHECK_INT(r->nparts, 5);
    WZ_CHECK_INT(r->parts[0].rating, WZ_RATING_GREEN);
    WZ_CHECK_STR(r->parts[0].text, "hi");
    WZ_CHECK_STR(r->parts[0].why, "friendly");
    WZ_CHECK_INT(r->parts[1].rating, WZ_RATING_AMBER);
    WZ_CHECK_STR(r->parts[1].text, "where do you live");
    WZ_CHECK_INT(r->parts[2].rating, WZ_RATING_RED);
    WZ_CHECK_INT(r->parts[2].red_flag, 1);
    WZ_CHECK_STR(r->parts[2].why, "secrets");
    WZ_CHECK_INT(r->parts[3].from_visitor, 1);
    WZ_CHECK_INT(r->parts[3].rating, WZ_RATING_NONE);
    WZ_TEST("an unknown colour is not a rating: the line stays a note");
    WZ_CHECK_INT(r->parts[4].kind, WZ_PART_NOTE);
    WZ_CHECK_STR(wz_rating_name(WZ_RATING_AMBER), "amber");
    WZ_CHECK(wz_rating_name(WZ_RATING_NONE) == NULL);

    const wz_passage *s = &sc->passages[wz_scenario_find(sc, "Spot")];
    WZ_TEST("a Why: after an OK message of a spot passage is the reason it is OK");
    WZ_CHECK_INT(s->nparts, 2);
    WZ_CHECK_INT(s->parts[1].red_flag, 0);
    WZ_CHECK_STR(s->parts[1].why, "friendly chat");
    WZ_CHECK(!wz_passage_is_rate(s));
}

int main(void)
{
    wz_diags d;
    wz_diags_init(&d);
    wz_scenario *sc = wz_scenario_parse("t.twee", story, strlen(story), 0, &d);
    WZ_CHECK(sc != NULL);
    if (sc) {
        test_order(sc);
        test_reading(sc);
    }
    wz_scenario_free(sc);
    wz_diags_free(&d);
    WZ_TEST_END();
}

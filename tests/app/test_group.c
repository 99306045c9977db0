/*
 * test_group: group mode's play without a screen: the show of hands, the most chosen,
 * a tie (nothing followed until the guide picks), the size bands, and the event of a
 * group visit.
 */
#include <stdlib.h>
#include <string.h>

#include "wz_group.h"
#include "wz_test.h"

int main(void)
{
    wz_diags d;
    wz_diags_init(&d);
    wz_scenario *sc = wz_scenario_load(WZ_SOURCE_DIR "/tests/app/data/group/group.twee", &d);
    WZ_CHECK(sc != NULL);
    if (!sc) return 1;

    WZ_TEST("size bands");
    WZ_CHECK_STR(wz_group_size_band(2), "2-5");
    WZ_CHECK_STR(wz_group_size_band(5), "2-5");
    WZ_CHECK_STR(wz_group_size_band(6), "6-10");
    WZ_CHECK_STR(wz_group_size_band(20), "11-20");
    WZ_CHECK_STR(wz_group_size_band(21), "21-35");
    WZ_CHECK_STR(wz_group_size_band(36), "36+");

    WZ_TEST("no scenario: NULL and a message");
    char *err = NULL;
    WZ_CHECK(wz_group_create(NULL, WZ_AUD_8_11, 10, &err) == NULL);
    WZ_CHECK(err && *err);
    free(err);

    WZ_TEST("a show of hands: the most chosen is followed");
    wz_group *g = wz_group_create(sc, WZ_AUD_8_11, 28, NULL);
    WZ_CHECK(g != NULL);
    WZ_CHECK_INT(wz_group_size(g), 28);
    WZ_CHECK_STR(wz_group_passage(g)->name, "Chat");
    WZ_CHECK(wz_group_is_decision(g));
    WZ_CHECK_INT(wz_group_most_chosen(g, NULL), WZ_GROUP_NO_VOTES);
    WZ_CHECK_INT(wz_group_follow_votes(g), WZ_GROUP_NO_VOTES);
    WZ_CHECK_STR(wz_group_passage(g)->name, "Chat"); /* nothing followed */
    for (int k = 0; k < 12; k++)
        wz_group_vote(g, 0, 1);
    for (int k = 0; k < 4; k++)
        wz_group_vote(g, 1, 1);
    wz_group_vote(g, 1, -1);
    WZ_CHECK_INT(wz_group_vote(g, 2, -1), 0); /* never below zero */
    WZ_CHECK_INT(wz_group_vote(g, 3, 1), -1); /* no such choice */
    WZ_CHECK_INT(wz_group_votes(g, 0), 12);
    WZ_CHECK_INT(wz_group_votes(g, 1), 3);
    WZ_CHECK_INT(wz_group_votes_total(g), 15);
    WZ_CHECK_INT(wz_group_most_chosen(g, NULL), 0);
    int serial = wz_group_serial(g);
    WZ_CHECK_INT(wz_group_follow_votes(g), 0);
    WZ_CHECK(wz_group_serial(g) != serial);
    WZ_CHECK_STR(wz_group_passage(g)->name, "Told");
    WZ_CHECK_INT(wz_group_votes_total(g), 0); /* cleared for the new passage */
    WZ_CHECK(!wz_group_is_decision(g));
    WZ_CHECK_INT(wz_group_choose(g, 0), 0); /* Continue */

    WZ_TEST("a tie: said so, nothing followed, then the guide picks");
    WZ_CHECK_STR(wz_group_passage(g)->name, "Next");
    for (int k = 0; k < 7; k++) {
        wz_group_vote(g, 0, 1);
        wz_group_vote(g, 1, 1);
    }
    int tied[2] = {0, 0};
    WZ_CHECK_INT(wz_group_most_chosen(g, tied), WZ_GROUP_TIE);
    WZ_CHECK(tied[0] && tied[1]);
    WZ_CHECK_INT(wz_group_follow_votes(g), WZ_GROUP_TIE);
    WZ_CHECK_STR(wz_group_passage(g)->name, "Next");
    wz_group_vote(g, 1, -1);
    WZ_CHECK_INT(wz_group_most_chosen(g, tied), 0);
    WZ_CHECK(tied[0] == 0 && tied[1] == 0);
    WZ_CHECK_INT(wz_group_choose(g, 1), 0); /* the guide's pick, whatever the hands */
    WZ_CHECK_STR(wz_group_passage(g)->name, "Blocked");
    WZ_CHECK_INT(wz_group_choose(g, 5), -1);
    WZ_CHECK_INT(wz_group_choose(g, 0), 0);
    WZ_CHECK(wz_group_is_ended(g));
    WZ_CHECK_STR(wz_group_passage(g)->name, "End");

    WZ_TEST("hands are counted up to the most");
    WZ_CHECK_INT(wz_group_restart(g), 0);
    WZ_CHECK_STR(wz_group_passage(g)->name, "Chat");
    for (int k = 0; k < WZ_GROUP_MAX + 5; k++)
        wz_group_vote(g, 2, 1);
    WZ_CHECK_INT(wz_group_votes(g, 2), WZ_GROUP_MAX);

    WZ_TEST("the event of a group visit: ifid, audience, size band, nothing else");
    wz_event ev;
    wz_group_event(g, "abc", &ev);
    WZ_CHECK_INT(ev.kind, WZ_EV_GROUP);
    WZ_CHECK_STR(ev.ifid, "5E2A9C41-7B3D-4F6A-8E21-0C9D4B7A3F58");
    WZ_CHECK_STR(ev.audience, "8-11");
    WZ_CHECK_STR(ev.value, "21-35");
    WZ_CHECK(ev.passage == NULL && ev.screen == NULL && ev.choice_index == 0);
    wz_group_destroy(g);

    WZ_TEST("group sizes are kept within 2..99");
    g = wz_group_create(sc, WZ_AUD_12_15, 1, NULL);
    WZ_CHECK_INT(wz_group_size(g), WZ_GROUP_MIN_SIZE);
    wz_group_destroy(g);
    g = wz_group_create(sc, WZ_AUD_12_15, 500, NULL);
    WZ_CHECK_INT(wz_group_size(g), WZ_GROUP_MAX);
    wz_group_destroy(g);

    wz_scenario_free(sc);
    wz_diags_free(&d);
    WZ_TEST_END();
}

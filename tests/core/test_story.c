/*
 * test_story: the story runner is deterministic, refuses impossible moves without
 * moving, reports outcomes, forgets nothing of the previous visitor's path after a
 * restart, and keeps a bounded history on a story that loops for ever.
 */
#include <string.h>

#include "wz_story.h"
#include "wz_test.h"

static const char *const story =
    ":: StoryData\n{\"ifid\": \"0B6E2D43-58C4-4B8E-A0A1-6D1F3E0C9A11\", \"start\": \"Lobby\"}\n"
    ":: Lobby [chat]\n"
    "[[Yes->Took]]\n"
    "[[No->Said no]]\n"
    "[[Broken->Nowhere]]\n"
    ":: Took [feedback risky]\n[[Continue->Risky end]]\n"
    ":: Said no [feedback safe]\n[[Continue->Safe end]]\n[[Again->Lobby]]\n"
    ":: Safe end [ending safe]\n* a\n"
    ":: Risky end [ending risky]\n* a\n"
    ":: Plain end [ending]\n* a\n"
    ":: Stuck\nno way on\n";

static wz_scenario *load(void)
{
    wz_diags d;
    wz_diags_init(&d);
    wz_scenario *sc = wz_scenario_parse("s.twee", story, strlen(story), 0, &d);
    wz_diags_free(&d);
    return sc;
}

static void test_walk(const wz_scenario *sc)
{
    WZ_TEST("before start there is no current passage");
    wz_story *st = wz_story_create(sc);
    WZ_CHECK(wz_story_current(st) == NULL);
    WZ_CHECK_INT(wz_story_current_index(st), -1);
    WZ_CHECK_INT(wz_story_choose(st, 0), -1);
    WZ_CHECK_INT(wz_story_is_ended(st), 0);
    WZ_CHECK(wz_story_scenario(st) == sc);

    WZ_TEST("start goes to the start passage");
    WZ_CHECK_INT(wz_story_start(st), 0);
    WZ_CHECK_STR(wz_story_current(st)->name, "Lobby");
    WZ_CHECK_INT(wz_story_is_ended(st), 0);
    WZ_CHECK_INT(wz_story_outcome(st), WZ_CLASS_NONE);

    WZ_TEST("a missing target or a bad index refuses and stays put");
    WZ_CHECK_INT(wz_story_choose(st, 2), -1);
    WZ_CHECK_INT(wz_story_choose(st, 3), -1);
    WZ_CHECK_INT(wz_story_choose(st, -1), -1);
    WZ_CHECK_STR(wz_story_current(st)->name, "Lobby");
    const int *h = NULL, *c = NULL;
    WZ_CHECK_INT(wz_story_history(st, &h), 1);

    WZ_TEST("choices move along and are recorded");
    WZ_CHECK_INT(wz_story_choose(st, 1), 0);
    WZ_CHECK_STR(wz_story_current(st)->name, "Said no");
    WZ_CHECK_INT(wz_story_choose(st, 1), 0); /* Again -> Lobby */
    WZ_CHECK_INT(wz_story_choose(st, 0), 0);
    WZ_CHECK_INT(wz_story_choose(st, 0), 0);
    WZ_CHECK_STR(wz_story_current(st)->name, "Risky end");
    WZ_CHECK_INT(wz_story_is_ended(st), 1);
    WZ_CHECK_INT(wz_story_outcome(st), WZ_CLASS_RISKY);
    WZ_CHECK_INT(wz_story_history(st, &h), 5);
    WZ_CHECK_INT(wz_story_choices_taken(st, &c), 4);
    const char *names[] = {"Lobby", "Said no", "Lobby", "Took", "Risky end"};
    for (int i = 0; i < 5; i++)
        WZ_CHECK_STR(sc->passages[h[i]].name, names[i]);
    WZ_CHECK(c[0] == 1 && c[1] == 1 && c[2] == 0 && c[3] == 0);

    WZ_TEST("restart forgets the previous path completely");
    WZ_CHECK_INT(wz_story_restart(st), 0);
    WZ_CHECK_INT(wz_story_history(st, &h), 1);
    WZ_CHECK_INT(wz_story_choices_taken(st, &c), 0);
    WZ_CHECK_STR(wz_story_current(st)->name, "Lobby");
    WZ_CHECK_INT(wz_story_choose(st, 1), 0);
    WZ_CHECK_INT(wz_story_choose(st, 0), 0);
    WZ_CHECK_INT(wz_story_outcome(st), WZ_CLASS_SAFE);
    wz_story_destroy(st);
    wz_story_destroy(NULL);
}

static void test_determinism(const wz_scenario *sc)
{
    WZ_TEST("the same choices always give the same passages");
    wz_story *a = wz_story_create(sc), *b = wz_story_create(sc);
    wz_story_start(a);
    wz_story_start(b);
    const int path[] = {1, 1, 1, 1, 0, 0};
    for (size_t i = 0; i < sizeof(path) / sizeof(path[0]); i++) {
        int ra = wz_story_choose(a, path[i]), rb = wz_story_choose(b, path[i]);
        WZ_CHECK_INT(ra, rb);
        WZ_CHECK_INT(wz_story_current_index(a), wz_story_current_index(b));
    }
    wz_story_destroy(a);
    wz_story_destroy(b);
}

static void test_bounded(const wz_scenario *sc)
{
    WZ_TEST("a loop played for ever keeps the last WZ_STORY_MAX_HISTORY steps");
    wz_story *st = wz_story_create(sc);
    wz_story_start(st);
    for (int i = 0; i < 3 * WZ_STORY_MAX_HISTORY + 1; i++) {
        WZ_CHECK_INT(wz_story_choose(st, 1), 0); /* Lobby -> Said no -> Lobby ... */
    }
    const int *h = NULL, *c = NULL;
    int n = wz_story_history(st, &h);
    WZ_CHECK_INT(n, WZ_STORY_MAX_HISTORY);
    WZ_CHECK_INT(wz_story_choices_taken(st, &c), WZ_STORY_MAX_HISTORY - 1);
    WZ_CHECK_INT(h[n - 1], wz_story_current_index(st));
    WZ_CHECK_STR(wz_story_current(st)->name, "Said no");
    WZ_CHECK_STR(sc->passages[h[n - 2]].name, "Lobby");
    wz_story_destroy(st);
}

static void test_odd_endings(const wz_scenario *sc)
{
    WZ_TEST("an ending without a class has no outcome; a dead end counts as ended");
    wz_scenario copy = *sc;
    copy.start_index = wz_scenario_find(sc, "Plain end");
    wz_story *st = wz_story_create(&copy);
    WZ_CHECK_INT(wz_story_start(st), 0);
    WZ_CHECK_INT(wz_story_is_ended(st), 1);
    WZ_CHECK_INT(wz_story_outcome(st), WZ_CLASS_NONE);
    wz_story_destroy(st);
    copy.start_index = wz_scenario_find(sc, "Stuck");
    st = wz_story_create(&copy);
    wz_story_start(st);
    WZ_CHECK_INT(wz_story_is_ended(st), 1);
    WZ_CHECK_INT(wz_story_outcome(st), WZ_CLASS_NONE);
    wz_story_destroy(st);

    WZ_TEST("no start passage: start fails");
    copy.start_index = -1;
    st = wz_story_create(&copy);
    WZ_CHECK_INT(wz_story_start(st), -1);
    WZ_CHECK(wz_story_current(st) == NULL);
    wz_story_destroy(st);
}

int main(void)
{
    wz_scenario *sc = load();
    WZ_CHECK(sc != NULL);
    if (sc) {
        test_walk(sc);
        test_determinism(sc);
        test_bounded(sc);
        test_odd_endings(sc);
    }
    wz_scenario_free(sc);
    WZ_TEST_END();
}

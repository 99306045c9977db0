/*
 * test_flags: story memory. Flags are read from tags and {set}/{if} groups with exact
 * positions; a flag set early changes what a later passage shows; choices hidden by a
 * condition are not offered and the statistics still get the author's choice number;
 * restart forgets; and the checks (never set, never tested, a reachable state with no
 * choice, too many choices in a state, the exploration bound) each fire at file:line:col.
 */
#include <stdlib.h>
#include <string.h>

#include "wz_flags.h"
#include "wz_story.h"
#include "wz_test.h"
#include "wz_util.h"
#include "wz_validate.h"

#define HEAD                                                                                       \
    ":: StoryData\n{\"ifid\": \"0B6E2D43-58C4-4B8E-A0A1-6D1F3E0C9A11\", \"start\": \"Lobby\"}\n"   \
    ":: ScenarioInfo\nsummary: s\naudience: 8-11\ntopic: general\nminutes: 1\n"                    \
    "character: Ace\n" /* line 8 */

/* Line numbers in comments: the file line of each line. */
static const char *const story =
    HEAD ":: Lobby [chat]\n"                                              /* 9 */
         "Ace: what school do you go to?\n"                               /* 10 */
         "[[Tell Ace->Told]] {set told-school}\n"                         /* 11 */
         "[[Do not say->Kept]]\n"                                         /* 12 */
         ":: Told [feedback risky set:shared]\n"                          /* 13 */
         "It is OK.\n"                                                    /* 14 */
         "[[Continue->End]]\n"                                            /* 15 */
         ":: Kept [feedback safe]\n"                                      /* 16 */
         "Good.\n"                                                        /* 17 */
         "[[Continue->End]]\n"                                            /* 18 */
         ":: End [ending mixed]\n"                                        /* 19 */
         "The chat ended.\n"                                              /* 20 */
         "{if told-school} You told Ace your school's name.\n"            /* 21 */
         "{if not told-school and not shared} You kept it to yourself.\n" /* 22 */
         "{IF Shared} Ace: see you at the gates\n"                        /* 23 */
         "* a\n* b\n* c\n";

static wz_scenario *parse(const char *text, wz_diags *d)
{
    wz_diags_init(d);
    wz_scenario *sc = wz_scenario_parse("f.twee", text, strlen(text), 0, d);
    return sc;
}

static int has(const wz_diags *d, int line, int col, wz_severity sev, const char *needle)
{
    for (int i = 0; i < d->count; i++) {
        const wz_diag *g = &d->items[i];
        if (g->line == line && g->column == col && g->severity == sev && strstr(g->message, needle))
            return 1;
    }
    return 0;
}

static void dump(const wz_diags *d)
{
    for (int i = 0; i < d->count; i++)
        fprintf(stderr, "   %d:%d %s\n", d->items[i].line, d->items[i].column, d->items[i].message);
}

/* The flags of `story`, in the order they are met. */
#define SHARED ((wz_flags)1 << 0)
#define TOLD ((wz_flags)1 << 1)

static const wz_part *part_with(const wz_passage *p, const char *text)
{
    for (int i = 0; i < p->nparts; i++)
        if (strstr(p->parts[i].text, text)) return &p->parts[i];
    return NULL;
}

static void test_reading(void)
{
    wz_diags d;
    wz_scenario *sc = parse(story, &d);
    WZ_TEST("a story that uses its flags well is clean");
    WZ_CHECK_INT(d.errors, 0);
    WZ_CHECK_INT(d.warnings, 1); /* only: no help passage */
    dump(&d);
    WZ_TEST("flags are named in the order met (tags first), in small letters");
    WZ_CHECK_INT(wz_flag_count(sc), 2);
    WZ_CHECK_STR(wz_flag_name(sc, 0), "shared");
    WZ_CHECK_STR(wz_flag_name(sc, 1), "told-school");
    WZ_CHECK_INT(wz_flag_find(sc, "TOLD-School"), 1);
    WZ_CHECK(wz_flag_name(sc, 2) == NULL);
    int line = 0, col = 0;
    WZ_CHECK(wz_flag_first_set(sc, 1, &line, &col));
    WZ_CHECK_INT(line, 11);
    WZ_CHECK_INT(col, 25);
    WZ_CHECK(wz_flag_first_use(sc, 1, &line, &col));
    WZ_CHECK_INT(line, 21);
    WZ_CHECK_INT(col, 5);
    WZ_CHECK(wz_flag_first_set(sc, 0, &line, &col));
    WZ_CHECK_INT(line, 13);
    WZ_CHECK_INT(col, 1);

    WZ_TEST("a choice keeps its column and its flags; the group is not in its label");
    const wz_passage *lobby = &sc->passages[wz_scenario_find(sc, "Lobby")];
    WZ_CHECK_INT(lobby->nchoices, 2);
    WZ_CHECK_STR(lobby->choices[0].label, "Tell Ace");
    WZ_CHECK_INT(lobby->choices[0].column, 1);
    WZ_CHECK(lobby->choices[0].sets == TOLD);
    WZ_CHECK(lobby->choices[1].sets == 0);
    WZ_CHECK(sc->passages[wz_scenario_find(sc, "Told")].sets == SHARED);

    WZ_TEST("a conditional line is a part of its own, at the column after its group");
    const wz_passage *end = &sc->passages[wz_scenario_find(sc, "End")];
    const wz_part *told = part_with(end, "You told Ace");
    WZ_CHECK(told != NULL);
    if (told) {
        WZ_CHECK_STR(told->text, "You told Ace your school's name.");
        WZ_CHECK_INT(told->line, 21);
        WZ_CHECK_INT(told->column, 18);
        WZ_CHECK(told->cond.need_set == TOLD && told->cond.need_clear == 0);
    }
    const wz_part *kept = part_with(end, "kept it");
    WZ_CHECK(kept && kept->cond.need_set == 0 && kept->cond.need_clear == 3);
    const wz_part *first = part_with(end, "The chat ended");
    WZ_CHECK(first && wz_cond_always(first->cond) && !strstr(first->text, "told"));
    char *words = kept ? wz_cond_describe(sc, kept->cond) : NULL;
    WZ_CHECK_STR(words, "not shared and not told-school");
    free(words);
    wz_scenario_free(sc);
    wz_diags_free(&d);
}

static int shows(const wz_story *st, const char *text)
{
    return part_with(wz_story_current(st), text) != NULL;
}

static void test_playing(void)
{
    wz_diags d;
    wz_scenario *sc = parse(story, &d);
    wz_story *st = wz_story_create(sc);

    WZ_TEST("a flag set early changes the ending's text");
    WZ_CHECK_INT(wz_story_start(st), 0);
    WZ_CHECK(wz_story_flags(st) == 0);
    WZ_CHECK_INT(wz_story_choose(st, 0), 0); /* Tell Ace: sets told-school, Told sets shared */
    WZ_CHECK(wz_story_flags(st) == (TOLD | SHARED));
    WZ_CHECK_INT(wz_story_choose(st, 0), 0);
    WZ_CHECK_STR(wz_story_current(st)->name, "End");
    WZ_CHECK(shows(st, "You told Ace"));
    WZ_CHECK(!shows(st, "kept it"));
    WZ_CHECK(shows(st, "see you at the gates"));

    WZ_TEST("restart forgets the last visitor's flags");
    WZ_CHECK_INT(wz_story_restart(st), 0);
    WZ_CHECK(wz_story_flags(st) == 0);
    WZ_CHECK_INT(wz_story_choose(st, 1), 0);
    WZ_CHECK_INT(wz_story_choose(st, 0), 0);
    WZ_CHECK(!shows(st, "You told Ace"));
    WZ_CHECK(shows(st, "kept it"));
    WZ_CHECK(!shows(st, "see you at the gates"));
    WZ_CHECK_INT(wz_story_current(st)->nparts, 5); /* of 7: two are for told-school, shared */

    WZ_TEST("an author can try a flag by hand");
    WZ_CHECK_INT(wz_story_set_flags(st, TOLD), 0);
    WZ_CHECK(shows(st, "You told Ace"));
    wz_story_destroy(st);
    wz_scenario_free(sc);
    wz_diags_free(&d);
}

static void test_hidden_choices(void)
{
    static const char *const text = HEAD ":: Lobby\n"                           /* 9 */
                                         "[[A->Mid]] {set a}\n"                 /* 10 */
                                         "[[B->Mid]]\n"                         /* 11 */
                                         ":: Mid\n"                             /* 12 */
                                         "{if not a} [[Only without a->End]]\n" /* 13 */
                                         "{if a} [[Only with a->End]]\n"        /* 14 */
                                         ":: End [ending safe]\n* a\n* b\n* c\n";
    wz_diags d;
    wz_scenario *sc = parse(text, &d);
    WZ_CHECK_INT(d.errors, 0);
    wz_story *st = wz_story_create(sc);
    WZ_TEST("a hidden choice is not offered; the choice number counts the shown ones");
    wz_story_start(st);
    WZ_CHECK_INT(wz_story_choose(st, 0), 0);
    const wz_passage *mid = wz_story_current(st);
    WZ_CHECK_INT(mid->nchoices, 1);
    WZ_CHECK_STR(mid->choices[0].label, "Only with a");
    WZ_CHECK_INT(wz_story_choice_id(st, 0), 1); /* the author's second choice */
    WZ_CHECK_INT(wz_story_choice_id(st, 1), -1);
    WZ_CHECK_INT(wz_story_choose(st, 1), -1);
    WZ_TEST("the passage held before a choice stays readable after it");
    WZ_CHECK_INT(wz_story_choose(st, 0), 0);
    WZ_CHECK_STR(mid->choices[0].label, "Only with a");
    WZ_CHECK_INT(wz_story_is_ended(st), 1);
    wz_story_destroy(st);
    wz_scenario_free(sc);
    wz_diags_free(&d);
}

static void test_diagnostics(void)
{
    static const char *const text =
        HEAD ":: Lobby [set:unused-one]\n"                       /* 9 */
             "[[A->Mid]] {set a}\n"                              /* 10 */
             "[[B->Mid]]\n"                                      /* 11 */
             ":: Mid\n"                                          /* 12 */
             "{if a} [[Only with a->End]]\n"                     /* 13 */
             "{if nobody-sets} Hidden for ever.\n"               /* 14 */
             "Text with {if a} in the middle.\n"                 /* 15 */
             "{if a or b} Wrong.\n"                              /* 16 */
             "{set b}\n"                                         /* 17 */
             "Some words {set c}\n"                              /* 18 */
             ":: End [ending safe set:9lives]\n* a\n* b\n* c\n"; /* 19 */
    wz_diags d;
    wz_scenario *sc = parse(text, &d);
    WZ_TEST("each flag diagnostic at its place");
    WZ_CHECK(has(&d, 9, 1, WZ_WARNING, "the flag \"unused-one\" is set here but nothing tests"));
    WZ_CHECK(has(&d, 14, 5, WZ_WARNING, "nothing sets the flag \"nobody-sets\""));
    WZ_CHECK(has(&d, 12, 1, WZ_ERROR,
                 "the passage \"Mid\" shows no choice to a visitor who reaches it remembering "
                 "unused-one:"));
    WZ_CHECK(has(&d, 15, 11, WZ_WARNING, "in the middle"));
    WZ_CHECK(has(&d, 16, 1, WZ_ERROR, "does not understand the condition \"{if a or b}\""));
    WZ_CHECK(has(&d, 17, 1, WZ_WARNING, "this line has nothing else"));
    WZ_CHECK(has(&d, 18, 1, WZ_WARNING, "only read on the line of a choice"));
    WZ_CHECK(has(&d, 19, 1, WZ_ERROR, "the tag \"set:9lives\""));
    WZ_CHECK(!has(&d, 9, 1, WZ_WARNING, "means nothing to the kiosk"));
    dump(&d);
    wz_scenario_free(sc);
    wz_diags_free(&d);
}

static void test_choices_per_state(void)
{
    static const char *const text =
        HEAD ":: Lobby\n"           /* 9 */
             "[[A->Mid]] {set a}\n" /* 10 */
             "[[B->Mid]]\n"         /* 11 */
             ":: Mid\n"             /* 12 */
             "[[1->End]]\n[[2->End]]\n[[3->End]]\n"
             "{if a} [[4->End]]\n{if not a} [[4b->End]]\n{if a} [[5->End]]\n"
             ":: End [ending safe]\n* a\n* b\n* c\n";
    wz_diags d;
    wz_scenario *sc = parse(text, &d);
    WZ_TEST("more than four choices in all is fine while each state shows at most four");
    WZ_CHECK(!has(&d, 13, 1, WZ_ERROR, "choices"));
    WZ_CHECK(
        has(&d, 12, 1, WZ_ERROR, "shows 5 choices to a visitor who reaches it remembering a;"));
    WZ_CHECK_INT(d.errors, 1);
    dump(&d);
    wz_scenario_free(sc);
    wz_diags_free(&d);
}

static void test_bound(void)
{
    /* Ten passages in a row, each with two ways on, one setting its own flag: 2^10 flag
     * sets reach the last passage, so a bound of 100 states is hit. */
    wz_buf b;
    wz_buf_init(&b, 0);
    wz_buf_puts(&b, HEAD);
    for (int i = 0; i < 10; i++) {
        if (i == 0)
            wz_buf_puts(&b, ":: Lobby\n");
        else
            wz_buf_printf(&b, ":: P%d\n", i);
        wz_buf_printf(&b, "[[x->P%d]] {set f%d}\n[[y->P%d]]\n", i + 1, i, i + 1);
    }
    wz_buf_puts(&b, ":: P10 [ending safe]\n{if f0 and f9} Both.\n* a\n* b\n* c\n");
    char *text = wz_buf_steal(&b);
    wz_diags d;
    wz_scenario *sc = parse(text, &d);
    WZ_TEST("the full exploration finishes quietly");
    WZ_CHECK_INT(d.errors, 0);
    WZ_CHECK_INT(d.warnings, 9); /* f1..f8 are set but never tested; no help passage */
    WZ_CHECK(!has(&d, 1, 1, WZ_WARNING, "stopped"));
    WZ_TEST("a small bound stops the exploration and says so at the story");
    wz_diags small;
    wz_diags_init(&small);
    wz_flags_check(sc, &small, 100);
    WZ_CHECK(has(&small, 1, 1, WZ_WARNING, "the checker stopped after 100 ways"));
    dump(&small);
    wz_diags_free(&small);
    wz_scenario_free(sc);
    wz_diags_free(&d);
    free(text);
}

int main(void)
{
    test_reading();
    test_playing();
    test_hidden_choices();
    test_diagnostics();
    test_choices_per_state();
    test_bound();
    WZ_TEST_END();
}

/*
 * test_interpret: the Warning Zone conventions (docs/scenario-format.md) as the
 * interpreter reads them: Twine's link grammar (twinejs src/util/parse-links.ts, whose
 * own test cases are repeated here), roles and classes from tags, parts with their
 * lines and columns, chat messages and red flags, and the ScenarioInfo passage.
 *
 * Most fixtures are built directly with wz_scenario_new/wz_scenario_add_passage, so a
 * failure here is the interpreter's and not a reader's.
 */
#include <stdlib.h>
#include <string.h>

#include "wz_scenario.h"
#include "wz_test.h"
#include "wz_util.h"

/* One passage called "P" with `text` at line 10 (text from line 11), plus targets. */
static wz_scenario *one(const char *tags, const char *text, wz_diags *d)
{
    wz_scenario *sc = wz_scenario_new("x.twee");
    wz_passage *p = wz_scenario_add_passage(sc, "P", text, 10, 11);
    if (tags && tags[0]) {
        char *copy = wz_xstrdup(tags), *save = NULL;
        for (char *t = strtok_r(copy, " ", &save); t; t = strtok_r(NULL, " ", &save))
            wz_passage_add_tag(p, t);
        free(copy);
    }
    wz_diags_init(d);
    wz_scenario_interpret(sc, d);
    return sc;
}

/* Checks that "[[inside]]" gives one choice with this label and target. */
static void link_is(const char *inside, const char *label, const char *target)
{
    char *text = wz_xasprintf("[[%s]]", inside);
    wz_diags d;
    wz_scenario *sc = one("", text, &d);
    WZ_CHECK_INT(sc->passages[0].nchoices, 1);
    if (sc->passages[0].nchoices == 1) {
        WZ_CHECK_STR(sc->passages[0].choices[0].label, label);
        WZ_CHECK_STR(sc->passages[0].choices[0].target, target);
    }
    wz_scenario_free(sc);
    wz_diags_free(&d);
    free(text);
}

static void test_link_grammar(void)
{
    WZ_TEST("Twine links: [[target]], [[label->target]], [[target<-label]], [[label|target]]");
    link_is("link", "link", "link");
    link_is("display|link", "display", "link");
    link_is("display->link", "display", "link");
    link_is("link<-display", "display", "link");
    WZ_TEST("Twine links: a setter after ][ is removed");
    link_is("link][setter", "link", "link");
    link_is("display|link][setter", "display", "link");
    link_is("display->link][setter", "display", "link");
    link_is("link<-display][setter", "display", "link");
    WZ_TEST("Twine links: rightmost ->, else leftmost <-, else rightmost |");
    link_is("a->b->c", "a->b", "c");
    link_is("a<-b<-c", "b<-c", "a");
    link_is("a|b|c", "a|b", "c");
    link_is("a|b->c", "a|b", "c");
    link_is("a<-b|c", "b|c", "a");
    WZ_TEST("Twine links: an empty field falls through to the next rule, as in Twine");
    link_is("a->", "a->", "a->");
    link_is("<-a", "<-a", "<-a");
    link_is("a|", "a|", "a|");
    WZ_TEST("Twine links: the target is not trimmed (Twine would not find it either)");
    link_is("Go on -> Next", "Go on", " Next");

    WZ_TEST("Twine links: [[]] is not a link; links do not span lines; first ]] closes");
    wz_diags d;
    wz_scenario *sc = one("", "[[]] and [[half\nway]] and [[a]]b]]", &d);
    WZ_CHECK_INT(sc->passages[0].nchoices, 1);
    WZ_CHECK_STR(sc->passages[0].choices[0].target, "a");
    wz_scenario_free(sc);
    wz_diags_free(&d);
}

static void test_link_positions(void)
{
    WZ_TEST("choices record line and column (in characters) of their [[");
    wz_diags d;
    wz_scenario *sc = one("", "Intro.\n\n  [[One]] [[Two->T]]\nCafé [[Three]]\n", &d);
    const wz_passage *p = &sc->passages[0];
    WZ_CHECK_INT(p->nchoices, 3);
    if (p->nchoices == 3) {
        WZ_CHECK_INT(p->choices[0].line, 13);
        WZ_CHECK_INT(p->choices[0].column, 3);
        WZ_CHECK_INT(p->choices[1].line, 13);
        WZ_CHECK_INT(p->choices[1].column, 11);
        WZ_CHECK_INT(p->choices[2].line, 14);
        WZ_CHECK_INT(p->choices[2].column, 6); /* "Café " is five characters, six bytes */
    }
    WZ_TEST("links are removed from the display text");
    WZ_CHECK_INT(p->nparts, 2);
    if (p->nparts == 2) {
        WZ_CHECK_STR(p->parts[0].text, "Intro.");
        WZ_CHECK_STR(p->parts[1].text, "Café");
        WZ_CHECK_INT(p->parts[1].line, 14);
    }
    wz_scenario_free(sc);
    wz_diags_free(&d);

    sc = one("", "Go [[home]] now.", &d);
    WZ_CHECK_STR(sc->passages[0].parts[0].text, "Go now.");
    wz_scenario_free(sc);
    wz_diags_free(&d);
}

static void test_roles_and_classes(void)
{
    WZ_TEST("roles and classes come from tags; special passages; choice classes");
    wz_scenario *sc = wz_scenario_new("x.twee");
    wz_passage *p = wz_scenario_add_passage(sc, "Start",
                                            "[[a->Safe fb]]\n[[b->Risky fb]]\n"
                                            "[[c->Plain]]\n[[d->End]]\n[[e->Nope]]",
                                            1, 2);
    wz_passage_add_tag(p, "chat");
    p = wz_scenario_add_passage(sc, "Safe fb", "ok [[End]]", 10, 11);
    wz_passage_add_tag(p, "feedback");
    wz_passage_add_tag(p, "safe");
    p = wz_scenario_add_passage(sc, "Risky fb", "no [[End]]", 12, 13);
    wz_passage_add_tag(p, "risky");
    wz_passage_add_tag(p, "feedback");
    p = wz_scenario_add_passage(sc, "Plain", "[[End]]", 14, 15);
    p = wz_scenario_add_passage(sc, "End", "* a", 16, 17);
    wz_passage_add_tag(p, "ending");
    wz_passage_add_tag(p, "safe");
    p = wz_scenario_add_passage(sc, "Help me", "* call", 18, 19);
    wz_passage_add_tag(p, "help");
    p = wz_scenario_add_passage(sc, "StoryScript", "[[Start]]", 20, 21);
    p = wz_scenario_add_passage(sc, "My CSS", "a { }", 22, 23);
    wz_passage_add_tag(p, "stylesheet");
    wz_diags d;
    wz_diags_init(&d);
    wz_scenario_interpret(sc, &d);

    WZ_CHECK_INT(sc->passages[0].role, WZ_ROLE_CHAT);
    WZ_CHECK_INT(sc->passages[1].role, WZ_ROLE_FEEDBACK);
    WZ_CHECK_INT(sc->passages[1].cls, WZ_CLASS_SAFE);
    WZ_CHECK_INT(sc->passages[2].role, WZ_ROLE_FEEDBACK); /* tag order does not matter */
    WZ_CHECK_INT(sc->passages[2].cls, WZ_CLASS_RISKY);
    WZ_CHECK_INT(sc->passages[3].role, WZ_ROLE_NARRATION); /* no tag: narration */
    WZ_CHECK_INT(sc->passages[4].role, WZ_ROLE_ENDING);
    WZ_CHECK_INT(sc->passages[4].cls, WZ_CLASS_SAFE);
    WZ_CHECK_INT(sc->passages[5].role, WZ_ROLE_HELP);
    WZ_CHECK_INT(sc->help_index, 5);
    WZ_CHECK_INT(sc->passages[6].role, WZ_ROLE_SPECIAL);
    WZ_CHECK_INT(sc->passages[6].nchoices, 0); /* special passages have no choices */
    WZ_CHECK_INT(sc->passages[7].role, WZ_ROLE_SPECIAL);

    const wz_passage *s = &sc->passages[0];
    WZ_CHECK_INT(s->nchoices, 5);
    WZ_CHECK_INT(s->choices[0].cls, WZ_CLASS_SAFE);
    WZ_CHECK_INT(s->choices[0].target_index, 1);
    WZ_CHECK_INT(s->choices[1].cls, WZ_CLASS_RISKY);
    WZ_CHECK_INT(s->choices[2].cls, WZ_CLASS_NEUTRAL);
    /* docs/scenario-format.md: straight to a non-feedback passage counts as neutral */
    WZ_CHECK_INT(s->choices[3].cls, WZ_CLASS_NEUTRAL);
    WZ_CHECK_INT(s->choices[4].target_index, -1);
    WZ_CHECK_INT(s->choices[4].cls, WZ_CLASS_NEUTRAL);

    WZ_TEST("language defaults to English");
    WZ_CHECK_STR(sc->language, "en");
    WZ_TEST("start defaults to a passage called Start");
    WZ_CHECK_STR(sc->start, "Start");
    WZ_CHECK_INT(sc->start_index, 0);

    WZ_TEST("interpreting twice gives the same result (and leaks nothing)");
    wz_scenario_interpret(sc, &d);
    WZ_CHECK_INT(sc->passages[0].nchoices, 5);
    WZ_CHECK_INT(sc->passages[5].nparts, 1);
    wz_scenario_free(sc);
    wz_diags_free(&d);
}

static void test_parts(void)
{
    WZ_TEST("paragraphs join lines and split at blank lines; bullets; images");
    wz_diags d;
    wz_scenario *sc = one("ending safe",
                          "First line\nsame paragraph.\n\n\nSecond.\n"
                          "[img[A cat on a sofa|images/cat.png]]\n"
                          "* Point one\n*   Point two\n*not a bullet\n"
                          "[img[images/plain.svg]]\n",
                          &d);
    const wz_passage *p = &sc->passages[0];
    WZ_CHECK_INT(p->nparts, 7);
    if (p->nparts == 7) {
        WZ_CHECK_INT(p->parts[0].kind, WZ_PART_PARAGRAPH);
        WZ_CHECK_STR(p->parts[0].text, "First line same paragraph.");
        WZ_CHECK_INT(p->parts[0].line, 11);
        WZ_CHECK_INT(p->parts[0].column, 1);
        WZ_CHECK_STR(p->parts[1].text, "Second.");
        WZ_CHECK_INT(p->parts[1].line, 15);
        WZ_CHECK_INT(p->parts[2].kind, WZ_PART_IMAGE);
        WZ_CHECK_STR(p->parts[2].text, "A cat on a sofa");
        WZ_CHECK_STR(p->parts[2].image, "images/cat.png");
        WZ_CHECK_INT(p->parts[2].line, 16);
        WZ_CHECK_INT(p->parts[3].kind, WZ_PART_BULLET);
        WZ_CHECK_STR(p->parts[3].text, "Point one");
        WZ_CHECK_STR(p->parts[4].text, "Point two");
        /* "*not a bullet" needs the space: it is paragraph text */
        WZ_CHECK_INT(p->parts[5].kind, WZ_PART_PARAGRAPH);
        WZ_CHECK_STR(p->parts[5].text, "*not a bullet");
        WZ_CHECK_INT(p->parts[6].kind, WZ_PART_IMAGE);
    }
    wz_scenario_free(sc);
    wz_diags_free(&d);

    sc = one("", "[img[images/plain.svg]]", &d);
    WZ_CHECK_INT(sc->passages[0].parts[0].kind, WZ_PART_IMAGE);
    WZ_CHECK_STR(sc->passages[0].parts[0].text, "");
    WZ_CHECK_STR(sc->passages[0].parts[0].image, "images/plain.svg");
    wz_scenario_free(sc);
    wz_diags_free(&d);
}

static wz_scenario *chat_fixture(const char *tag, const char *text, wz_diags *d)
{
    wz_scenario *sc = wz_scenario_new("x.twee");
    wz_scenario_add_passage(sc, "ScenarioInfo",
                            "character: Jordan | images/j.svg | #D9822B\ncharacter: Sam", 1, 2);
    wz_passage *p = wz_scenario_add_passage(sc, "P", text, 10, 11);
    wz_passage_add_tag(p, tag);
    wz_diags_init(d);
    wz_scenario_interpret(sc, d);
    return sc;
}

static void test_chat(void)
{
    WZ_TEST("chat: declared names and You are messages, other lines are notes");
    wz_diags d;
    wz_scenario *sc = chat_fixture("chat",
                                   "Jordan: hi: how are you?\n"
                                   "you: fine\n"
                                   "\n"
                                   "Jordan sent you a friend request\n"
                                   "Stranger: who is this\n"
                                   "sam:lower case works\n",
                                   &d);
    const wz_passage *p = &sc->passages[1];
    WZ_CHECK_INT(p->nparts, 5);
    if (p->nparts == 5) {
        WZ_CHECK_INT(p->parts[0].kind, WZ_PART_MESSAGE);
        WZ_CHECK_STR(p->parts[0].sender, "Jordan");
        WZ_CHECK_STR(p->parts[0].text, "hi: how are you?");
        WZ_CHECK_INT(p->parts[0].from_visitor, 0);
        WZ_CHECK_INT(p->parts[1].from_visitor, 1);
        WZ_CHECK_STR(p->parts[1].text, "fine");
        WZ_CHECK_INT(p->parts[1].line, 12);
        WZ_CHECK_INT(p->parts[2].kind, WZ_PART_NOTE);
        WZ_CHECK_STR(p->parts[2].text, "Jordan sent you a friend request");
        WZ_CHECK_INT(p->parts[3].kind, WZ_PART_NOTE);
        WZ_CHECK_INT(p->parts[4].kind, WZ_PART_MESSAGE);
        WZ_CHECK_STR(p->parts[4].text, "lower case works");
    }
    WZ_CHECK(wz_scenario_character(sc, "JORDAN") == &sc->characters[0]);
    WZ_CHECK(wz_scenario_character(sc, "Nobody") == NULL);
    wz_scenario_free(sc);
    wz_diags_free(&d);

    WZ_TEST("spot: ! marks a red flag and the next Why: line is its reason");
    sc = chat_fixture("spot",
                      "Jordan: ok\n"
                      "  ! Jordan: don't tell your mum\n"
                      "Why: Secrets from family are a warning sign.\n"
                      "!Sam: no space after the mark\n"
                      "! Stranger: not a character\n",
                      &d);
    p = &sc->passages[1];
    WZ_CHECK_INT(p->nparts, 4);
    if (p->nparts == 4) {
        WZ_CHECK_INT(p->parts[0].red_flag, 0);
        WZ_CHECK_INT(p->parts[1].red_flag, 1);
        WZ_CHECK_STR(p->parts[1].text, "don't tell your mum");
        WZ_CHECK_STR(p->parts[1].why, "Secrets from family are a warning sign.");
        WZ_CHECK_INT(p->parts[1].line, 12);
        WZ_CHECK_INT(p->parts[1].column, 3);
        WZ_CHECK_INT(p->parts[2].red_flag, 1);
        WZ_CHECK(p->parts[2].why == NULL);
        WZ_CHECK_INT(p->parts[3].kind, WZ_PART_NOTE);
    }
    wz_scenario_free(sc);
    wz_diags_free(&d);
}

static void test_info(void)
{
    WZ_TEST("ScenarioInfo: every key");
    wz_scenario *sc = wz_scenario_new("x.twee");
    wz_scenario_add_passage(sc, "ScenarioInfo",
                            "summary: A story.\n"
                            "audience: 8-11, parents\n"
                            "Topic: grooming\n"
                            "language: pl\n"
                            "minutes: 7\n"
                            "thumbnail: images/t.png\n"
                            "content-note: Calm note.\n"
                            "objectives: Learn.\n"
                            "review: draft\n"
                            "character: Jordan | images/j.svg | #D9822B\n"
                            "character: Sam ||\n"
                            "easy-read: yes\n"
                            "variant-of: 9f3b6c2e-4a1d-4c8b-9e57-1d2a3b4c5d6e\n",
                            1, 2);
    wz_diags d;
    wz_diags_init(&d);
    wz_scenario_interpret(sc, &d);
    WZ_CHECK_INT(d.count, 0);
    WZ_CHECK_STR(sc->summary, "A story.");
    WZ_CHECK_INT(sc->audiences, WZ_AUD_8_11 | WZ_AUD_PARENTS);
    WZ_CHECK_STR(sc->topic, "grooming");
    WZ_CHECK_STR(sc->language, "pl");
    WZ_CHECK_INT(sc->minutes, 7);
    WZ_CHECK_STR(sc->thumbnail, "images/t.png");
    WZ_CHECK_STR(sc->content_note, "Calm note.");
    WZ_CHECK_STR(sc->objectives, "Learn.");
    WZ_CHECK_STR(sc->review, "draft");
    WZ_CHECK_INT(sc->ncharacters, 2);
    WZ_CHECK_STR(sc->characters[0].avatar, "images/j.svg");
    WZ_CHECK_STR(sc->characters[0].colour, "#D9822B");
    WZ_CHECK(sc->characters[1].avatar == NULL && sc->characters[1].colour == NULL);
    WZ_CHECK_INT(sc->easy_read, 1);
    WZ_CHECK_STR(sc->variant_of, "9F3B6C2E-4A1D-4C8B-9E57-1D2A3B4C5D6E");
    WZ_CHECK_INT(sc->passages[0].role, WZ_ROLE_SPECIAL);
    wz_scenario_free(sc);
    wz_diags_free(&d);

    WZ_TEST("ScenarioInfo problems name their line and column");
    sc = wz_scenario_new("x.twee");
    wz_scenario_add_passage(sc, "ScenarioInfo",
                            "audience: 8-11, kids\n"  /* 5 */
                            "minutes: five\n"         /* 6 */
                            "minutes: 500\n"          /* 7 */
                            "flavour: mint\n"         /* 8 */
                            "character: You\n"        /* 9 */
                            "character: Jo | | red\n" /* 10 */
                            "just words\n"            /* 11 */
                            "topic: cats\n"           /* 12 */
                            "easy-read: maybe\n",     /* 13 */
                            4, 5);
    wz_diags_init(&d);
    wz_scenario_interpret(sc, &d);
    wz_diags_sort(&d);
    WZ_CHECK_INT(d.count, 10);
    if (d.count == 10) {
        const wz_diag *g = d.items;
        WZ_CHECK(g[0].line == 5 && g[0].column == 17 && g[0].severity == WZ_ERROR);
        WZ_CHECK(strstr(g[0].message, "\"kids\"") != NULL);
        WZ_CHECK(g[1].line == 6 && g[1].column == 10 && g[1].severity == WZ_ERROR);
        WZ_CHECK(g[2].line == 7 && g[2].column == 1 && g[2].severity == WZ_WARNING);
        WZ_CHECK(strstr(g[2].message, "given twice") != NULL);
        WZ_CHECK(g[3].line == 7 && g[3].column == 10 && g[3].severity == WZ_WARNING);
        WZ_CHECK(g[4].line == 8 && g[4].column == 1 && g[4].severity == WZ_WARNING);
        WZ_CHECK(g[5].line == 9 && g[5].severity == WZ_WARNING);
        WZ_CHECK(g[6].line == 10 && g[6].severity == WZ_WARNING);
        WZ_CHECK(g[7].line == 11 && g[7].severity == WZ_WARNING);
        WZ_CHECK(g[8].line == 12 && g[8].column == 8 && g[8].severity == WZ_ERROR);
        WZ_CHECK(g[9].line == 13 && g[9].severity == WZ_ERROR);
    } else {
        wz_diags_print(&d, stderr);
    }
    WZ_CHECK_INT(sc->audiences, WZ_AUD_8_11);
    WZ_CHECK_INT(sc->minutes, 500);
    WZ_CHECK_INT(sc->ncharacters, 1);
    WZ_CHECK(sc->characters[0].colour == NULL);
    wz_scenario_free(sc);
    wz_diags_free(&d);
}

static void test_from_reader(void)
{
    WZ_TEST("through the Twee reader: part lines are file lines");
    const char *t = ":: StoryData\n"
                    "{\"ifid\": \"0B6E2D43-58C4-4B8E-A0A1-6D1F3E0C9A11\", \"start\": \"Go\"}\n"
                    "\n"
                    ":: Go [narration]\n" /* 4 */
                    "Hello.\n"            /* 5 */
                    "\n"
                    "[[On->Go]]\n"; /* 7 */
    wz_diags d;
    wz_diags_init(&d);
    wz_scenario *sc = wz_scenario_parse("r.twee", t, strlen(t), 0, &d);
    int go = wz_scenario_find(sc, "Go");
    WZ_CHECK(go >= 0);
    if (go >= 0) {
        WZ_CHECK_INT(sc->passages[go].parts[0].line, 5);
        WZ_CHECK_INT(sc->passages[go].choices[0].line, 7);
        WZ_CHECK_INT(sc->start_index, go);
    }
    wz_scenario_free(sc);
    wz_diags_free(&d);
}

int main(void)
{
    test_link_grammar();
    test_link_positions();
    test_roles_and_classes();
    test_parts();
    test_chat();
    test_info();
    test_from_reader();
    WZ_TEST_END();
}

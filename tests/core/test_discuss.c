/*
 * test_discuss: discussion questions are read from "- " lines of a passage tagged
 * discuss, kept out of the story (no dead end, no unreached passage, no stray tag), and
 * each broken rule is a warning at its place in the file (Twee and Twine HTML alike).
 */
#include <stdlib.h>
#include <string.h>

#include "wz_discuss.h"
#include "wz_test.h"
#include "wz_test_scenario.h"
#include "wz_validate.h"

#define HEAD                                                                                       \
    ":: StoryData\n{\"ifid\": \"0B6E2D43-58C4-4B8E-A0A1-6D1F3E0C9A11\", \"start\": \"Start\"}\n"   \
    ":: Start\nHello.\n[[Next->End]]\n"                                                            \
    ":: End [ending safe]\nDone.\n* a\n* b\n* c\n"

/* HEAD is lines 1-10; the discuss header is line 11. */
static const char *const good = HEAD ":: Talk about it [discuss]\n"
                                     "- Why did Jay want the chat kept secret?\n"
                                     "\n"
                                     "  -   Who could Sam have told?  \n"
                                     "-Would you <b>&</b> your friends spot it?\n";

static void test_good(void)
{
    WZ_TEST("well-formed discussion questions are read in order, trimmed, with no message");
    parsed p;
    parse(&p, good, 0);
    WZ_CHECK_INT(messages_after(&p.d, 10), 0);
    WZ_CHECK_INT(p.d.errors, 1); /* only "no ScenarioInfo" */
    wz_discuss *d = wz_discuss_read(p.sc, NULL);
    WZ_CHECK(d != NULL);
    if (!d) return done(&p);
    WZ_CHECK_INT(d->nquestions, 3);
    WZ_CHECK_STR(d->questions[0], "Why did Jay want the chat kept secret?");
    WZ_CHECK_STR(d->questions[1], "Who could Sam have told?");
    WZ_CHECK_STR(d->questions[2], "Would you <b>&</b> your friends spot it?");
    wz_discuss_free(d);

    WZ_TEST("the discuss passage is not a story passage");
    int i = wz_scenario_find(p.sc, "Talk about it");
    WZ_CHECK(i >= 0);
    if (i >= 0) {
        WZ_CHECK_INT(p.sc->passages[i].role, WZ_ROLE_SPECIAL);
        WZ_CHECK(wz_discuss_is_passage(&p.sc->passages[i]));
        WZ_CHECK_INT(p.sc->passages[i].nparts, 0);
    }
    WZ_CHECK(!wz_discuss_is_passage(&p.sc->passages[wz_scenario_find(p.sc, "End")]));
    WZ_CHECK(!wz_discuss_is_passage(NULL));
    done(&p);

    WZ_TEST("a scenario without a discuss passage has none");
    parse(&p, HEAD, 0);
    WZ_CHECK(wz_discuss_read(p.sc, NULL) == NULL);
    wz_discuss_free(NULL);
    done(&p);
}

static void test_diagnostics(void)
{
    parsed p;
    WZ_TEST("no question at all: at the passage header, and nothing is returned");
    parse(&p, HEAD ":: Talk [discuss]\n\n  \n", 0);
    WZ_CHECK(has(&p.d, 11, 1, "have no question in them"));
    WZ_CHECK(wz_discuss_read(p.sc, NULL) == NULL);
    done(&p);

    WZ_TEST("lines that are not \"- ...\", empty questions: at their line and column");
    parse(&p,
          HEAD ":: Talk [discuss]\n"
               "- Fine?\n"                  /* 12 */
               "* a bullet\n"               /* 13 */
               "   1. numbered\n"           /* 14 */
               "-   \n"                     /* 15 */
               "- Also fine?\n"             /* 16 */
               ":: Again [discuss]\n- x\n", /* 17 */
          0);
    WZ_CHECK(has(&p.d, 13, 1, "does not start with \"- \""));
    WZ_CHECK(has(&p.d, 14, 4, "does not start with \"- \""));
    WZ_CHECK(has(&p.d, 15, 1, "this discussion question has no words"));
    WZ_CHECK(has(&p.d, 17, 1, "is a second passage of discussion questions"));
    WZ_CHECK_INT(messages_after(&p.d, 10), 4);
    WZ_CHECK_INT(p.d.errors, 1); /* the questions never stop a story */
    wz_discuss *d = wz_discuss_read(p.sc, NULL);
    WZ_CHECK(d && d->nquestions == 2);
    if (d) WZ_CHECK_STR(d->questions[1], "Also fine?");
    wz_discuss_free(d);
    done(&p);

    WZ_TEST("more than 8 questions: one warning at the ninth, the first 8 are kept");
    {
        char text[2048];
        int n = snprintf(text, sizeof text, "%s:: Talk [discuss]\n", HEAD);
        for (int i = 1; i <= 11; i++)
            n += snprintf(text + n, sizeof text - (size_t)n, "- q%d\n", i);
        parse(&p, text, 0);
        WZ_CHECK(has(&p.d, 20, 1, "this is discussion question 9; a group has time for 8"));
        WZ_CHECK_INT(messages_after(&p.d, 10), 1);
        d = wz_discuss_read(p.sc, NULL);
        WZ_CHECK(d && d->nquestions == WZ_DISCUSS_MAX_QUESTIONS);
        if (d) WZ_CHECK_STR(d->questions[7], "q8");
        wz_discuss_free(d);
        done(&p);
    }
}

static void test_html(void)
{
    WZ_TEST("in Twine HTML, positions point into the file as written");
    const char *html =
        "<tw-storydata name=\"T\" startnode=\"1\" ifid=\"0B6E2D43-58C4-4B8E-A0A1-6D1F3E0C9A11\">\n"
        "<tw-passagedata pid=\"1\" name=\"Start\" tags=\"ending safe\">Done.\n* a\n* b\n* "
        "c</tw-passagedata>\n"
        "<tw-passagedata pid=\"2\" name=\"Talk\" tags=\"discuss\">- a &amp; b?\n"
        "oops</tw-passagedata>\n"
        "</tw-storydata>\n";
    parsed p;
    parse(&p, html, 1);
    WZ_CHECK(has(&p.d, 7, 1, "does not start with \"- \""));
    wz_discuss *d = wz_discuss_read(p.sc, NULL);
    WZ_CHECK(d && d->nquestions == 1);
    if (d) WZ_CHECK_STR(d->questions[0], "a & b?");
    wz_discuss_free(d);
    done(&p);
}

int main(void)
{
    test_good();
    test_diagnostics();
    test_html();
    WZ_TEST_END();
}

/*
 * test_quiz: the knowledge check is read from plain Twee lines (questions, right and
 * wrong answers, explanations), kept out of the story, and every broken rule is a warning
 * at its place in the file (Twee and Twine HTML alike); a check with any warning is not
 * offered.
 */
#include <stdlib.h>
#include <string.h>

#include "wz_quiz.h"
#include "wz_test.h"
#include "wz_test_scenario.h"
#include "wz_validate.h"

#define HEAD                                                                                       \
    ":: StoryData\n{\"ifid\": \"0B6E2D43-58C4-4B8E-A0A1-6D1F3E0C9A11\", \"start\": \"Start\"}\n"   \
    ":: Start\nHello.\n[[Next->End]]\n"                                                            \
    ":: End [ending safe]\nDone.\n* a\n* b\n* c\n"

/* Line numbers: HEAD is lines 1-10; the quiz header is line 11. */
static const char *const good = HEAD ":: Check [quiz]\n"
                                     "Q: Someone you met in a game offers free gems. Why?\n"
                                     "- To be kind\n"
                                     "+ To make you feel you owe them\n"
                                     "Why: Gifts from strangers can be a trick.\n"
                                     "\n"
                                     "q: Who can you tell?\n"
                                     "+ A parent\n"
                                     "+ A teacher\n"
                                     "- Nobody\n"
                                     "WHY: Any trusted adult.\n"
                                     "  Q: Is it your fault?\n"
                                     "  - Yes\n"
                                     "  + No\n"
                                     "  Why: It is never your fault.\n";

static void test_good(void)
{
    WZ_TEST("a well-formed knowledge check is read whole, with no message");
    parsed p;
    parse(&p, good, 0);
    WZ_CHECK_INT(messages_after(&p.d, 10), 0);
    wz_quiz *q = wz_quiz_read(p.sc, NULL);
    WZ_CHECK(q != NULL);
    if (!q) return done(&p);
    WZ_CHECK_INT(q->usable, 1);
    WZ_CHECK_INT(q->nquestions, 3);
    WZ_CHECK_STR(q->questions[0].text, "Someone you met in a game offers free gems. Why?");
    WZ_CHECK_INT(q->questions[0].nanswers, 2);
    WZ_CHECK_INT(q->questions[0].answers[0].right, 0);
    WZ_CHECK_INT(q->questions[0].answers[1].right, 1);
    WZ_CHECK_STR(q->questions[0].answers[1].text, "To make you feel you owe them");
    WZ_CHECK_STR(q->questions[0].why, "Gifts from strangers can be a trick.");
    WZ_CHECK_INT(q->questions[1].nanswers, 3);
    WZ_CHECK_STR(q->questions[1].why, "Any trusted adult.");
    WZ_CHECK_INT(q->questions[2].line, 22);
    WZ_CHECK_INT(q->questions[2].column, 3);
    WZ_CHECK_INT(q->questions[2].answers[1].line, 24);

    WZ_TEST("the quiz passage is not a story passage (no dead end, not unreached)");
    int qi = wz_scenario_find(p.sc, "Check");
    WZ_CHECK(qi >= 0);
    if (qi >= 0) WZ_CHECK_INT(p.sc->passages[qi].role, WZ_ROLE_SPECIAL);
    wz_quiz_free(q);
    done(&p);

    WZ_TEST("a scenario without a quiz passage has no knowledge check");
    parse(&p, HEAD, 0);
    WZ_CHECK(wz_quiz_read(p.sc, NULL) == NULL);
    done(&p);
}

static void test_diagnostics(void)
{
    parsed p;
    WZ_TEST("fewer than 3 questions: at the passage header");
    parse(&p, HEAD ":: Check [quiz]\nQ: one?\n+ a\n- b\nWhy: c\n", 0);
    WZ_CHECK(has(&p.d, 11, 1, "has 1 question; give it 3 to 5"));
    wz_quiz *q = wz_quiz_read(p.sc, NULL);
    WZ_CHECK(q && !q->usable);
    wz_quiz_free(q);
    done(&p);

    WZ_TEST("more than 5 questions: at the passage header");
    {
        char text[2048];
        int n = snprintf(text, sizeof text, "%s:: Check [quiz]\n", HEAD);
        for (int i = 0; i < 6; i++)
            n += snprintf(text + n, sizeof text - (size_t)n, "Q: q%d?\n+ a\n- b\nWhy: c\n", i);
        parse(&p, text, 0);
        WZ_CHECK(has(&p.d, 11, 1, "has 6 questions; give it 3 to 5"));
        done(&p);
    }

    WZ_TEST("answers outside 2 to 4, no right answer, only right ones, no explanation");
    parse(&p,
          HEAD ":: Check [quiz]\n"
               "Q: one answer?\n+ a\nWhy: c\n"               /* 12 */
               "Q: five?\n+ a\n- b\n- c\n- d\n- e\nWhy: c\n" /* 15 */
               "Q: none right?\n- a\n- b\nWhy: c\n"          /* 22 */
               "Q: all right?\n+ a\n+ b\nWhy: c\n"           /* 26 */
               "  Q: no why?\n+ a\n- b\n",                   /* 30 */
          0);
    WZ_CHECK(has(&p.d, 12, 1, "question 1 of the knowledge check has 1 answer; give it 2 to 4"));
    WZ_CHECK(has(&p.d, 15, 1, "question 2 of the knowledge check has 5 answers"));
    WZ_CHECK(has(&p.d, 22, 1, "question 3 of the knowledge check has no right answer"));
    WZ_CHECK(has(&p.d, 26, 1, "question 4 of the knowledge check has only right answers"));
    WZ_CHECK(has(&p.d, 30, 3, "question 5 of the knowledge check has no explanation"));
    WZ_CHECK_INT(p.d.errors, 1); /* only "no ScenarioInfo": the quiz never stops a story */
    done(&p);

    WZ_TEST("lines that are not part of the syntax, answers before a question, a second check");
    parse(&p,
          HEAD ":: Check [quiz]\n"
               "+ early\n"                                 /* 12 */
               "Q: a?\n+ a\n- b\nWhy: c\n Why: again\n"    /* 13..17 */
               "Q: b?\n+ a\n- b\nWhy: c\n"                 /* 18 */
               "Q: c?\n+ a\n- b\nWhy: c\nJust some text\n" /* 22..26 */
               "Q:\n+\n- b\nWhy: c\n"                      /* 27 */
               ":: Another [quiz]\nQ: x?\n",               /* 31 */
          0);
    WZ_CHECK(has(&p.d, 12, 1, "this answer comes before any question"));
    WZ_CHECK(has(&p.d, 17, 2, "already has an explanation"));
    WZ_CHECK(has(&p.d, 26, 1, "is not a question (Q: ...)"));
    WZ_CHECK(has(&p.d, 27, 1, "this question has no words"));
    WZ_CHECK(has(&p.d, 28, 1, "this answer has no words"));
    WZ_CHECK(has(&p.d, 31, 1, "is a second knowledge check"));
    done(&p);
}

static void test_html(void)
{
    WZ_TEST("in Twine HTML, positions point into the file as written");
    const char *html =
        "<tw-storydata name=\"T\" startnode=\"1\" ifid=\"0B6E2D43-58C4-4B8E-A0A1-6D1F3E0C9A11\">\n"
        "<tw-passagedata pid=\"1\" name=\"Start\" tags=\"ending safe\">Done.\n* a\n* b\n* "
        "c</tw-passagedata>\n"
        "<tw-passagedata pid=\"2\" name=\"Check\" tags=\"quiz\">Q: a &amp; b?\n+ a\n- b\n"
        "Q: b?\n+ a\n- b\nWhy: c\nQ: c?\n+ a\n- b\nWhy: c</tw-passagedata>\n"
        "</tw-storydata>\n";
    parsed p;
    parse(&p, html, 1);
    /* the first question (line 6, column 50, after the tag) has no explanation */
    WZ_CHECK(has(&p.d, 6, 50, "question 1 of the knowledge check has no explanation"));
    done(&p);
}

int main(void)
{
    test_good();
    test_diagnostics();
    test_html();
    WZ_TEST_END();
}

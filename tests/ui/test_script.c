/*
 * test_script: the script mode parser (src/ui/wz_script.c): every command, and errors
 * reported with the right line and column and a message a test author understands.
 */
#include <string.h>

#include "wz_script.h"
#include "wz_test.h"

static wz_script *parse(const char *text, wz_diags *d)
{
    wz_diags_free(d);
    wz_diags_init(d);
    return wz_script_parse("t.script", text, strlen(text), d);
}

static int has_diag(const wz_diags *d, int line, int col, const char *words)
{
    for (int i = 0; i < d->count; i++)
        if (d->items[i].line == line && d->items[i].column == col &&
            strstr(d->items[i].message, words))
            return 1;
    return 0;
}

int main(void)
{
    wz_diags d;
    wz_diags_init(&d);

    WZ_TEST("every command");
    wz_script *s =
        parse("# comment\n\ntap 0.25 1\n  tap \"Say \\\"hi\\\"\"\nwait 1500\n"
              "idle 90000\nshot menu-1.png\nshot \"a_b\"\nexpect \"Choose a story\"  # ok\n"
              "quit\r\n",
              &d);
    WZ_CHECK(s != NULL);
    WZ_CHECK_INT(d.count, 0);
    if (s) {
        WZ_CHECK_INT(s->count, 8);
        WZ_CHECK_INT(s->cmds[0].op, WZ_SCRIPT_TAP_XY);
        WZ_CHECK(s->cmds[0].x == 0.25 && s->cmds[0].y == 1.0);
        WZ_CHECK_INT(s->cmds[0].line, 3);
        WZ_CHECK_INT(s->cmds[1].op, WZ_SCRIPT_TAP_LABEL);
        WZ_CHECK_STR(s->cmds[1].text, "Say \"hi\"");
        WZ_CHECK_INT(s->cmds[1].column, 3);
        WZ_CHECK_INT(s->cmds[2].op, WZ_SCRIPT_WAIT);
        WZ_CHECK_INT(s->cmds[2].ms, 1500);
        WZ_CHECK_INT(s->cmds[3].op, WZ_SCRIPT_IDLE);
        WZ_CHECK_INT(s->cmds[3].ms, 90000);
        WZ_CHECK_STR(s->cmds[4].text, "menu-1");
        WZ_CHECK_STR(s->cmds[5].text, "a_b");
        WZ_CHECK_INT(s->cmds[6].op, WZ_SCRIPT_EXPECT);
        WZ_CHECK_STR(s->cmds[6].text, "Choose a story");
        WZ_CHECK_INT(s->cmds[7].op, WZ_SCRIPT_QUIT);
        WZ_CHECK_STR(wz_script_op_name(s->cmds[1].op), "tap");
    }
    wz_script_free(s);

    WZ_TEST("language sets the visit's language; its tag is quoted");
    s = parse("language \"ur\"\n", &d);
    WZ_CHECK(s != NULL);
    if (s) {
        WZ_CHECK_INT(s->cmds[0].op, WZ_SCRIPT_LANGUAGE);
        WZ_CHECK_STR(s->cmds[0].text, "ur");
        WZ_CHECK_STR(wz_script_op_name(s->cmds[0].op), "language");
    }
    wz_script_free(s);
    WZ_CHECK(parse("language ur\n", &d) == NULL);
    WZ_CHECK(d.count == 1);

    WZ_TEST("errors name the line and column, and every error is reported");
    s = parse("tap 0.5 0.5\ntapp \"Help\"\ntap 1.5 0.5\ntap 0.5\nwait -3\nwait 1.5\n"
              "expect Help\nexpect \"open\nshot ../x\ntap 0.1 0.2 extra\nidle\n",
              &d);
    WZ_CHECK(s == NULL);
    WZ_CHECK(has_diag(&d, 2, 1, "unknown command \"tapp\""));
    WZ_CHECK(has_diag(&d, 3, 5, "X must be between 0 and 1"));
    WZ_CHECK(has_diag(&d, 4, 8, "expected Y"));
    WZ_CHECK(has_diag(&d, 5, 6, "whole number"));
    WZ_CHECK(has_diag(&d, 6, 6, "whole number"));
    WZ_CHECK(has_diag(&d, 7, 8, "in double quotes"));
    WZ_CHECK(has_diag(&d, 8, 8, "never closed"));
    WZ_CHECK(has_diag(&d, 9, 6, "shot needs a NAME"));
    WZ_CHECK(has_diag(&d, 10, 13, "unexpected text"));
    WZ_CHECK(has_diag(&d, 11, 5, "milliseconds"));
    WZ_CHECK_INT(d.errors, 10);

    WZ_TEST("seed N: a whole number that fixes the order of choices");
    s = parse("seed 42\nseed 0\n", &d);
    WZ_CHECK(s != NULL);
    if (s) {
        WZ_CHECK_INT(s->cmds[0].op, WZ_SCRIPT_SEED);
        WZ_CHECK_INT(s->cmds[0].ms, 42);
        WZ_CHECK_STR(wz_script_op_name(s->cmds[1].op), "seed");
    }
    wz_script_free(s);
    s = parse("seed\nseed -1\nseed 2.5\n", &d);
    WZ_CHECK(s == NULL);
    WZ_CHECK(has_diag(&d, 2, 6, "the seed must be a whole number"));
    WZ_CHECK(has_diag(&d, 3, 6, "the seed must be a whole number"));

    WZ_TEST("hold X Y MS: a long press");
    s = parse("hold 0.01 0.02 3000\n", &d);
    WZ_CHECK(s != NULL);
    if (s) {
        WZ_CHECK_INT(s->count, 1);
        WZ_CHECK_INT(s->cmds[0].op, WZ_SCRIPT_HOLD);
        WZ_CHECK(s->cmds[0].x == 0.01 && s->cmds[0].y == 0.02);
        WZ_CHECK_INT(s->cmds[0].ms, 3000);
        WZ_CHECK_STR(wz_script_op_name(s->cmds[0].op), "hold");
    }
    wz_script_free(s);
    s = parse("hold 0.5 0.5\nhold 2 0.5 100\nhold 0.5 0.5 -1\nhold \"Help\" 100\n", &d);
    WZ_CHECK(s == NULL);
    WZ_CHECK(has_diag(&d, 1, 13, "milliseconds"));
    WZ_CHECK(has_diag(&d, 2, 6, "X must be between 0 and 1"));
    WZ_CHECK(has_diag(&d, 3, 14, "whole number"));
    WZ_CHECK(has_diag(&d, 4, 6, "expected X"));
    WZ_CHECK_INT(d.errors, 4);

    WZ_TEST("columns count characters, not bytes");
    s = parse("expect \"é\" x\n", &d);
    WZ_CHECK(s == NULL);
    WZ_CHECK(has_diag(&d, 1, 12, "unexpected text"));

    WZ_TEST("not UTF-8, missing files");
    s = parse("tap \"\xff\"\n", &d);
    WZ_CHECK(s == NULL);
    WZ_CHECK(has_diag(&d, 1, 1, "not UTF-8"));
    wz_diags_free(&d);
    wz_diags_init(&d);
    WZ_CHECK(wz_script_load("/nonexistent/x.script", &d) == NULL);
    WZ_CHECK(has_diag(&d, 1, 1, "cannot read the script"));
    wz_diags_free(&d);
    WZ_TEST_END();
}

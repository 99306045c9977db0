/*
 * test_escape: wz_str_escape_controls makes any text safe for one line of a log or a
 * message. A file name with a newline must not start a line of its own, a stray byte must
 * not make the log invalid UTF-8, and ordinary text (accents, emoji) must pass unchanged.
 */
#include <stdlib.h>

#include "wz_test.h"
#include "wz_util.h"

static void check(const char *in, const char *want)
{
    char *out = wz_str_escape_controls(in);
    WZ_CHECK_STR(out, want);
    free(out);
}

int main(void)
{
    WZ_TEST("ordinary text is unchanged");
    check("", "");
    check("stories/new-friend.twee", "stories/new-friend.twee");
    check("Caf\xc3\xa9 \xf0\x9f\x98\x80 \\ backslash", "Caf\xc3\xa9 \xf0\x9f\x98\x80 \\ backslash");

    WZ_TEST("line breaks and other ASCII controls are escaped");
    check("evil\nLoaded 99 scenario files.twee", "evil\\nLoaded 99 scenario files.twee");
    check("a\rb\tc", "a\\rb\\tc");
    check("bell\x07 esc\x1b[2J del\x7f", "bell\\x07 esc\\x1B[2J del\\x7F");

    WZ_TEST("Unicode line separators, C1 controls and direction overrides are escaped");
    check("a\xe2\x80\xa8"
          "b",
          "a\\u{2028}b");
    check("a\xc2\x85"
          "b",
          "a\\u{0085}b");
    check("gpj.\xe2\x80\xae"
          "exe",
          "gpj.\\u{202E}exe");

    WZ_TEST("bytes that are not UTF-8 are escaped one by one");
    check("a\xff"
          "b",
          "a\\xFFb");
    check("a\xc3", "a\\xC3"); /* cut short at the end */
    check("a\xc0\xaf"
          "b",
          "a\\xC0\\xAFb");                      /* overlong */
    check("a\xed\xa0\x80", "a\\xED\\xA0\\x80"); /* surrogate */

    WZ_TEST("NULL stays NULL");
    WZ_CHECK(wz_str_escape_controls(NULL) == NULL);
    WZ_TEST_END();
}

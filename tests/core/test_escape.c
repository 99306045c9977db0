/*
 * test_escape: wz_str_escape_controls makes any text safe for one line of a log or a
 * message. A file name with a newline must not start a line of its own, a stray byte must
 * not make the log invalid UTF-8, and ordinary text (accents, emoji) must pass unchanged.
 * wz_buf_put_html makes text from a scenario safe inside an HTML page (a guide sheet).
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

static void check_html(const char *in, const char *want)
{
    wz_buf b;
    wz_buf_init(&b, 0);
    wz_buf_puts(&b, "[");
    wz_buf_put_html(&b, in);
    wz_buf_puts(&b, "]");
    WZ_CHECK_STR(b.data, want);
    wz_buf_free(&b);
}

static void test_html(void)
{
    WZ_TEST("HTML: markup characters become entities, controls U+FFFD, the rest unchanged");
    check_html("<script>alert(\"x\")</script>",
               "[&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;]");
    check_html("Sam's & Jo's", "[Sam&#39;s &amp; Jo&#39;s]");
    check_html("Caf\xc3\xa9 \xf0\x9f\x98\x80\tline\nnext",
               "[Caf\xc3\xa9 \xf0\x9f\x98\x80\tline\nnext]");
    check_html("bell\x07\x1b del\x7f", "[bell\xef\xbf\xbd\xef\xbf\xbd del\xef\xbf\xbd]");
    check_html(NULL, "[]");
}

int main(void)
{
    test_html();
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

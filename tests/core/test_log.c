/*
 * test_log: levels filter, lines arrive whole and cleaned, the last error is kept,
 * and the stderr format (terminal and journald) is what operators read.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "wz_log.h"
#include "wz_test.h"
#include "wz_util.h"

typedef struct captured {
    int count;
    wz_log_level level;
    char module[64];
    char msg[WZ_LOG_MAX_LINE];
} captured;

static void capture(wz_log_level level, const char *module, const char *msg, void *ud)
{
    captured *c = ud;
    c->count++;
    c->level = level;
    snprintf(c->module, sizeof(c->module), "%s", module);
    snprintf(c->msg, sizeof(c->msg), "%s", msg);
}

/* Runs one wz_log call with stderr redirected to a temporary file; returns what was written. */
static char *stderr_of(wz_log_level level, const char *module, const char *text)
{
    fflush(stderr);
    FILE *tmp = tmpfile();
    int saved = dup(2);
    dup2(fileno(tmp), 2);
    wz_log(level, module, "%s", text);
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    rewind(tmp);
    char buf[2048];
    size_t n = fread(buf, 1, sizeof(buf) - 1, tmp);
    buf[n] = '\0';
    fclose(tmp);
    return wz_xstrdup(buf);
}

int main(void)
{
    captured c;
    memset(&c, 0, sizeof(c));

    WZ_TEST("level names");
    wz_log_level l = WZ_LOG_INFO;
    WZ_CHECK_INT(wz_log_level_parse("DEBUG", &l), 0);
    WZ_CHECK_INT(l, WZ_LOG_DEBUG);
    WZ_CHECK_INT(wz_log_level_parse("warning", &l), 0);
    WZ_CHECK_INT(l, WZ_LOG_WARN);
    WZ_CHECK_INT(wz_log_level_parse("loud", &l), -1);
    WZ_CHECK_INT(wz_log_level_parse(NULL, &l), -1);
    WZ_CHECK_STR(wz_log_level_name(WZ_LOG_ERROR), "error");

    WZ_TEST("the level filters");
    wz_log_set_sink(capture, &c);
    wz_log_set_level(WZ_LOG_WARN);
    wz_log_info("test", "not shown");
    wz_log_debug("test", "not shown");
    WZ_CHECK_INT(c.count, 0);
    wz_log_warn("upload", "server said %d", 503);
    WZ_CHECK_INT(c.count, 1);
    WZ_CHECK_INT(c.level, WZ_LOG_WARN);
    WZ_CHECK_STR(c.module, "upload");
    WZ_CHECK_STR(c.msg, "server said 503");
    wz_log_set_level(WZ_LOG_DEBUG);
    wz_log_debug("test", "now shown");
    WZ_CHECK_INT(c.count, 2);

    WZ_TEST("control characters cannot forge a line");
    wz_log_info("import", "file %s", "evil\ninfo admin: PIN accepted\x1b[2J");
    WZ_CHECK(strchr(c.msg, '\n') == NULL);
    WZ_CHECK(strchr(c.msg, '\x1b') == NULL);
    WZ_CHECK_STR(c.msg, "file evil\\ninfo admin: PIN accepted\\x1B[2J");
    /* the same escaping as messages get, for names and labels alike */
    {
        const char *name = "tab\there\r\x7f\xff bidi\u202Eevil.twee caf\u00e9";
        char *want = wz_str_escape_controls(name);
        wz_log_info("import", "%s", name);
        WZ_CHECK_STR(c.msg, want);
        WZ_CHECK_STR(c.msg, "tab\\there\\r\\x7F\\xFF bidi\\u{202E}evil.twee caf\u00e9");
        free(want);
        wz_log_info("in\nport", "x");
        WZ_CHECK_STR(c.module, "in\\nport");
    }
    WZ_TEST("a line full of escapes is cut whole, never on half a character");
    {
        char esc[900], *p = esc;
        *p++ = 'a';                     /* so that the cut falls inside the second byte of an é */
        for (int i = 0; i < 298; i++) { /* each ESC grows fourfold in the line */
            *p++ = '\x1b';
            memcpy(p, "\xc3\xa9", 2); /* é */
            p += 2;
        }
        *p = '\0';
        wz_log_info("test", "%s", esc);
        WZ_CHECK(strlen(c.msg) < WZ_LOG_MAX_LINE);
        WZ_CHECK(wz_str_ends(c.msg, "..."));
        WZ_CHECK_INT(wz_utf8_check(c.msg, strlen(c.msg)), strlen(c.msg));
        WZ_CHECK(strchr(c.msg, '\x1b') == NULL);
    }

    WZ_TEST("long messages are cut, not overflowed");
    {
        char big[3000];
        memset(big, 'x', sizeof(big) - 1);
        big[sizeof(big) - 1] = '\0';
        wz_log_info("test", "%s", big);
        WZ_CHECK_INT(strlen(c.msg), WZ_LOG_MAX_LINE - 1);
        WZ_CHECK(wz_str_ends(c.msg, "..."));
    }

    WZ_TEST("the last error is remembered for the status screen");
    char last[256];
    WZ_CHECK_INT(wz_log_last_error(last, sizeof(last)), 0);
    WZ_CHECK_STR(last, "");
    wz_log_error("db", "disk full");
    wz_log_warn("db", "a warning does not replace it");
    WZ_CHECK(wz_log_last_error(last, sizeof(last)) > 0);
    WZ_CHECK_STR(last, "db: disk full");
    wz_log_last_error(last, 5);
    WZ_CHECK_STR(last, "db: ");
    wz_log_set_level(WZ_LOG_ERROR);
    wz_log_error(NULL, "no module");
    wz_log_last_error(last, sizeof(last));
    WZ_CHECK_STR(last, "wz: no module");

    WZ_TEST("stderr format: terminal and journald");
    wz_log_set_sink(NULL, NULL);
    wz_log_set_level(WZ_LOG_INFO);
    unsetenv("JOURNAL_STREAM");
    char *out = stderr_of(WZ_LOG_WARN, "upload", "offline");
    WZ_CHECK_STR(out, "warn upload: offline\n");
    free(out);
    setenv("JOURNAL_STREAM", "8:12345", 1);
    out = stderr_of(WZ_LOG_ERROR, "db", "disk full");
    WZ_CHECK_STR(out, "<3>db: disk full\n");
    free(out);
    out = stderr_of(WZ_LOG_DEBUG, "db", "filtered");
    WZ_CHECK_STR(out, "");
    free(out);
    unsetenv("JOURNAL_STREAM");

    WZ_TEST_END();
}

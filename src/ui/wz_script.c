/*
 * wz_script: parser for the script mode language (see wz_script.h).
 *
 * A line-oriented hand-written scanner: one command word, then its arguments. Every
 * error names the line and the column of the token that is wrong, and the parser goes
 * on to the next line so one run reports every mistake in the file.
 */
#include "wz_script.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "wz_util.h"

typedef struct scan {
    const char *file;
    const char *p, *end, *line_start;
    int line;
    wz_diags *diags;
    int errors;
} scan;

static int col(const scan *sc, const char *at)
{
    int c = 1;
    for (const char *q = sc->line_start; q < at; q++)
        if (((unsigned char)*q & 0xC0) != 0x80) c++;
    return c;
}

static void err(scan *sc, const char *at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void err(scan *sc, const char *at, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *msg = wz_xvasprintf(fmt, ap);
    va_end(ap);
    wz_diag_add(sc->diags, WZ_ERROR, sc->file, sc->line, col(sc, at), "%s", msg);
    free(msg);
    sc->errors++;
}

static void skip_space(scan *sc)
{
    while (sc->p < sc->end && (*sc->p == ' ' || *sc->p == '\t'))
        sc->p++;
}

static int at_eol(const scan *sc)
{
    return sc->p >= sc->end || *sc->p == '\n' || *sc->p == '\r';
}

/* A word: letters, digits, '.', '-', '_'. Returns its length (0 when none). */
static size_t word(scan *sc, const char **start)
{
    skip_space(sc);
    *start = sc->p;
    while (sc->p < sc->end && *sc->p != ' ' && *sc->p != '\t' && *sc->p != '\n' && *sc->p != '\r')
        sc->p++;
    return (size_t)(sc->p - *start);
}

/* A double-quoted string; returns a new string or NULL after reporting. */
static char *quoted(scan *sc, const char *what)
{
    skip_space(sc);
    if (at_eol(sc) || *sc->p != '"') {
        err(sc, sc->p, "expected %s in double quotes, e.g. \"Next\"", what);
        return NULL;
    }
    const char *open = sc->p++;
    wz_buf b;
    wz_buf_init(&b, 4096);
    while (sc->p < sc->end && *sc->p != '"' && *sc->p != '\n') {
        if (*sc->p == '\\' && sc->p + 1 < sc->end && (sc->p[1] == '"' || sc->p[1] == '\\')) {
            sc->p++;
        }
        wz_buf_putc(&b, *sc->p++);
    }
    if (sc->p >= sc->end || *sc->p != '"') {
        err(sc, open, "this quote is never closed: add a \" at the end of the %s", what);
        wz_buf_free(&b);
        return NULL;
    }
    sc->p++;
    if (b.len == 0 || b.toobig) {
        err(sc, open, "the %s is empty or too long", what);
        wz_buf_free(&b);
        return NULL;
    }
    return wz_buf_steal(&b);
}

static int number(scan *sc, double *out, const char *what)
{
    const char *start;
    size_t n = word(sc, &start);
    if (n == 0 || n > 30) {
        err(sc, start, "expected %s", what);
        return -1;
    }
    char tmp[32];
    memcpy(tmp, start, n);
    tmp[n] = '\0';
    char *endp;
    errno = 0;
    double v = strtod(tmp, &endp);
    if (*endp || errno || v != v) {
        err(sc, start, "expected %s", what);
        return -1;
    }
    *out = v;
    return 0;
}

/* "X Y", fractions 0..1 of the screen (tap and hold), into c->x and c->y. */
static int point(scan *sc, wz_script_cmd *c, const char *what_x)
{
    const char *at = sc->p;
    if (number(sc, &c->x, what_x) != 0) return -1;
    if (c->x < 0 || c->x > 1) {
        err(sc, at, "X must be between 0 and 1 (a fraction of the screen width)");
        return -1;
    }
    at = sc->p;
    if (number(sc, &c->y, "Y, a fraction of the screen height (0 to 1)") != 0) return -1;
    if (c->y < 0 || c->y > 1) {
        skip_space(sc);
        err(sc, at, "Y must be between 0 and 1 (a fraction of the screen height)");
        return -1;
    }
    return 0;
}

/* A whole number of milliseconds, 0 to a day (wait, idle, hold). */
static int millis(scan *sc, long long *ms)
{
    double v;
    skip_space(sc);
    const char *at = sc->p;
    if (number(sc, &v, "a number of milliseconds") != 0) return -1;
    if (v < 0 || v > (double)WZ_SCRIPT_MAX_MS || v != (double)(long long)v) {
        err(sc, at, "milliseconds must be a whole number from 0 to 86400000");
        return -1;
    }
    *ms = (long long)v;
    return 0;
}

/* A whole number for seed, 0 to WZ_SCRIPT_MAX_SEED. */
static int seed_value(scan *sc, long long *v)
{
    double d;
    skip_space(sc);
    const char *at = sc->p;
    if (number(sc, &d, "a whole number") != 0) return -1;
    if (d < 0 || d > (double)WZ_SCRIPT_MAX_SEED || d != (double)(long long)d) {
        err(sc, at, "the seed must be a whole number from 0 to 1000000000000");
        return -1;
    }
    *v = (long long)d;
    return 0;
}

static void end_of_line(scan *sc)
{
    skip_space(sc);
    if (!at_eol(sc) && *sc->p != '#') {
        err(sc, sc->p, "unexpected text after the command");
    }
}

static int valid_shot_name(const char *s)
{
    if (!*s || strlen(s) > 100 || s[0] == '.') return 0;
    for (const char *p = s; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
              *p == '-' || *p == '_' || *p == '.'))
            return 0;
    return 1;
}

wz_script *wz_script_parse(const char *file, const char *data, size_t len, wz_diags *diags)
{
    scan sc = {file, data, data + len, data, 1, diags, 0};
    wz_script *s = wz_xcalloc(1, sizeof *s);
    s->file = wz_xstrdup(file);
    int cap = 0;
    if (wz_utf8_check(data, len) != len) {
        wz_diag_add(diags, WZ_ERROR, file, 1, 1, "the script is not UTF-8 text");
        wz_script_free(s);
        return NULL;
    }
    while (sc.p < sc.end) {
        sc.line_start = sc.p;
        skip_space(&sc);
        if (!at_eol(&sc) && *sc.p != '#') {
            const char *kw;
            size_t n = word(&sc, &kw);
            wz_script_cmd c = {0};
            c.line = sc.line;
            c.column = col(&sc, kw);
            int ok = 1;
#define IS(w) (n == sizeof(w) - 1 && memcmp(kw, w, n) == 0)
            if (IS("tap")) {
                skip_space(&sc);
                if (!at_eol(&sc) && *sc.p == '"') {
                    c.op = WZ_SCRIPT_TAP_LABEL;
                    c.text = quoted(&sc, "label");
                    ok = c.text != NULL;
                } else {
                    c.op = WZ_SCRIPT_TAP_XY;
                    ok = point(&sc, &c,
                               "X, a fraction of the screen width (0 to 1), or a \"Label\"") == 0;
                }
            } else if (IS("hold")) {
                c.op = WZ_SCRIPT_HOLD;
                skip_space(&sc);
                ok = point(&sc, &c, "X, a fraction of the screen width (0 to 1)") == 0 &&
                     millis(&sc, &c.ms) == 0;
            } else if (IS("wait") || IS("idle")) {
                c.op = IS("wait") ? WZ_SCRIPT_WAIT : WZ_SCRIPT_IDLE;
                ok = millis(&sc, &c.ms) == 0;
            } else if (IS("shot")) {
                c.op = WZ_SCRIPT_SHOT;
                skip_space(&sc);
                const char *at = sc.p;
                if (!at_eol(&sc) && *sc.p == '"') {
                    c.text = quoted(&sc, "name");
                } else {
                    const char *w;
                    size_t wn = word(&sc, &w);
                    c.text = wn ? wz_xstrndup(w, wn) : NULL;
                }
                if (c.text && wz_str_ends(c.text, ".png")) c.text[strlen(c.text) - 4] = '\0';
                if (!c.text || !valid_shot_name(c.text)) {
                    err(&sc, at, "shot needs a NAME of letters, digits, '-', '_' or '.'");
                    ok = 0;
                }
            } else if (IS("expect")) {
                c.op = WZ_SCRIPT_EXPECT;
                c.text = quoted(&sc, "text");
                ok = c.text != NULL;
            } else if (IS("expect-audio")) {
                c.op = WZ_SCRIPT_EXPECT_AUDIO;
                skip_space(&sc);
                const char *at = sc.p;
                const char *w = NULL;
                size_t wn = !at_eol(&sc) && *sc.p != '"' ? word(&sc, &w) : 0;
                if (wn != 4 || memcmp(w, "none", 4) != 0) {
                    sc.p = at;
                    c.text = quoted(&sc, "recording (or none)");
                    ok = c.text != NULL;
                }
            } else if (IS("quit")) {
                c.op = WZ_SCRIPT_QUIT;
            } else if (IS("seed")) {
                c.op = WZ_SCRIPT_SEED;
                ok = seed_value(&sc, &c.ms) == 0;
            } else if (IS("language")) {
                c.op = WZ_SCRIPT_LANGUAGE;
                c.text = quoted(&sc, "language tag, e.g. \"ur\"");
                ok = c.text != NULL;
            } else {
                char *w = wz_xstrndup(kw, WZ_MIN(n, 40));
                err(&sc, kw,
                    "unknown command \"%s\": use tap, hold, wait, idle, shot, expect, "
                    "expect-audio, seed, language or quit",
                    w);
                free(w);
                ok = 0;
            }
#undef IS
            if (ok) end_of_line(&sc);
            if (ok && sc.errors == 0) {
                if (s->count >= WZ_SCRIPT_MAX_LINES) {
                    err(&sc, kw, "too many commands (the limit is 10000)");
                    free(c.text);
                    break;
                }
                if (s->count == cap) {
                    cap = cap ? cap * 2 : 64;
                    s->cmds = wz_xrealloc(s->cmds, (size_t)cap * sizeof *s->cmds);
                }
                s->cmds[s->count++] = c;
            } else {
                free(c.text);
            }
        }
        while (sc.p < sc.end && *sc.p != '\n')
            sc.p++;
        if (sc.p < sc.end) sc.p++;
        sc.line++;
    }
    if (sc.errors) {
        wz_script_free(s);
        return NULL;
    }
    return s;
}

wz_script *wz_script_load(const char *path, wz_diags *diags)
{
    char *data = NULL;
    size_t len = 0;
    int rc = wz_read_file(path, WZ_SCRIPT_MAX_BYTES, &data, &len);
    if (rc != 0) {
        if (rc == -2)
            wz_diag_add(diags, WZ_ERROR, path, 1, 1, "the script is larger than 1 MB");
        else
            wz_diag_add(diags, WZ_ERROR, path, 1, 1, "cannot read the script: %s", strerror(errno));
        return NULL;
    }
    wz_script *s = wz_script_parse(path, data, len, diags);
    free(data);
    return s;
}

void wz_script_free(wz_script *s)
{
    if (!s) return;
    for (int i = 0; i < s->count; i++)
        free(s->cmds[i].text);
    free(s->cmds);
    free(s->file);
    free(s);
}

const char *wz_script_op_name(wz_script_op op)
{
    switch (op) {
    case WZ_SCRIPT_TAP_XY:
    case WZ_SCRIPT_TAP_LABEL:
        return "tap";
    case WZ_SCRIPT_HOLD:
        return "hold";
    case WZ_SCRIPT_WAIT:
        return "wait";
    case WZ_SCRIPT_IDLE:
        return "idle";
    case WZ_SCRIPT_SHOT:
        return "shot";
    case WZ_SCRIPT_EXPECT:
        return "expect";
    case WZ_SCRIPT_QUIT:
        return "quit";
    case WZ_SCRIPT_SEED:
        return "seed";
    case WZ_SCRIPT_LANGUAGE:
        return "language";
    case WZ_SCRIPT_EXPECT_AUDIO:
        return "expect-audio";
    }
    return "?";
}

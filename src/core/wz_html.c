/*
 * wz_html: the Twine 2 HTML reader, for published stories and library archives
 * (iftechfoundation/twine-specs: twine-2-htmloutput-spec.md, twine-2-archive-spec.md).
 *
 * Twine keeps a story in a narrow, regular corner of the page: one <tw-storydata> element
 * whose attributes are the story's details, holding <tw-passagedata> elements whose only
 * child is their HTML-escaped text. So this is a small hand-written scanner, not an HTML
 * parser: it walks tags, skips comments and the raw text of <script>, <style>, <title> and
 * <textarea> (a published page carries the story format's large script, which may mention
 * tag names), and reads attributes the way browsers do ("..." or '...' or bare, names in
 * any case, no space needed after a quoted value: Twine writes options=""tags=""). Every
 * step checks the end of the input first, so nothing past data[len) is ever read.
 *
 * To give the same model as the Twee reader: passages are ordered by pid (file order on
 * ties), text is kept verbatim apart from entity decoding and the browser's CRLF/CR to LF,
 * and the story's JavaScript and stylesheet become passages "StoryScript" [script] and
 * "StoryStylesheet" [stylesheet], which is how Twine exports them to Twee. An archive with
 * several stories gives the first and a warning. Lines count LF, CRLF or a lone CR.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wz_reader.h"
#include "wz_scenario.h"
#include "wz_util.h"

/* The answer of a search that moves forward through the file (see find_cached). */
typedef struct {
    size_t from, at; /* searched from `from`, found at `at` (n: nowhere); set: from <= at */
    int set;
} search_cache;

typedef struct {
    const char *d;
    size_t n;
    wz_scenario *sc;
    wz_diags *diags;
    /* Line cursor (where() moves it forward; backwards restarts from the top). */
    size_t lpos, line_start;
    int line, line_chars; /* line_chars: characters from line_start to lpos */
    int warned_raw_lt;
    search_cache next_passage, next_passage_end, next_story_end;
} scanner;

/* Line and column of byte `off`. The cursor keeps the characters counted since the start
 * of its line, so a published story (often one very long line) costs one pass in all. */
static void where(scanner *s, size_t off, int *line, int *col)
{
    if (off > s->n) off = s->n;
    if (off < s->lpos) {
        s->lpos = s->line_start = 0;
        s->line = 1;
        s->line_chars = 0;
    }
    for (size_t i = s->lpos; i < off; i++) {
        char c = s->d[i];
        if (c == '\n' || (c == '\r' && (i + 1 >= s->n || s->d[i + 1] != '\n'))) {
            s->line++;
            s->line_start = i + 1;
            s->line_chars = 0;
        } else if (((unsigned char)c & 0xC0) != 0x80) {
            s->line_chars++;
        }
    }
    s->lpos = off;
    *line = s->line;
    *col = s->line_chars + 1;
}

static int is_ws(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

static char lower(char c)
{
    return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

/* Case-insensitive: does d[pos..n) start with lower-case `lit`? */
static int starts_ci(const char *d, size_t n, size_t pos, const char *lit)
{
    size_t k = strlen(lit);
    if (pos > n || n - pos < k) return 0;
    for (size_t i = 0; i < k; i++)
        if (lower(d[pos + i]) != lit[i]) return 0;
    return 1;
}

/* Offset of the next case-insensitive `lit` at or after pos, or n. */
static size_t find_ci(const char *d, size_t n, size_t pos, const char *lit)
{
    while (pos < n) {
        const char *lt = memchr(d + pos, lit[0], n - pos);
        if (!lt) return n;
        pos = (size_t)(lt - d);
        if (starts_ci(d, n, pos, lit)) return pos;
        pos++;
    }
    return n;
}

/* find_ci for searches that move forward through the file: the last answer is reused
 * while it still lies ahead, so one search per passage stays linear in the file size
 * even when the answer is far away or absent (a damaged file must not cost n^2). */
static size_t find_cached(scanner *s, search_cache *c, size_t pos, const char *lit)
{
    if (c->set && c->from <= pos && pos <= c->at) return c->at;
    c->set = 1;
    c->from = pos;
    c->at = find_ci(s->d, s->n, pos, lit);
    return c->at;
}

/* ---- entities ---- */

static const struct {
    const char *name;
    unsigned cp;
} entities[] = {
    {"amp", '&'},      {"lt", '<'},       {"gt", '>'},        {"quot", '"'},
    {"apos", '\''},    {"nbsp", 0xA0},    {"hellip", 0x2026}, {"mdash", 0x2014},
    {"ndash", 0x2013}, {"lsquo", 0x2018}, {"rsquo", 0x2019},  {"ldquo", 0x201C},
    {"rdquo", 0x201D}, {"copy", 0xA9},    {"pound", 0xA3},    {"euro", 0x20AC},
};

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static int hex_value(char c)
{
    if (is_digit(c)) return c - '0';
    c = lower(c);
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
}

/* Decodes one entity at s[0] == '&'. Appends the character and returns the bytes used,
 * or 0 when it is not an entity (the '&' is then literal). */
static size_t decode_entity(const char *s, size_t n, wz_buf *out)
{
    if (n >= 3 && s[1] == '#') {
        size_t i = 2;
        int hex = 0;
        if (s[i] == 'x' || s[i] == 'X') {
            hex = 1;
            i++;
        }
        unsigned long v = 0;
        size_t digits = 0;
        while (i < n) {
            int dv = hex ? hex_value(s[i]) : (is_digit(s[i]) ? s[i] - '0' : -1);
            if (dv < 0) break;
            v = v * (hex ? 16 : 10) + (unsigned long)dv;
            if (v > 0x10FFFF) v = 0x110000; /* stays out of range, never overflows */
            digits++;
            i++;
        }
        if (!digits) return 0;
        if (i < n && s[i] == ';') i++;
        if (v == 0 || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) v = 0xFFFD;
        wz_buf_put_utf8(out, (unsigned)v);
        return i;
    }
    for (size_t e = 0; e < WZ_ARRAY_LEN(entities); e++) {
        size_t k = strlen(entities[e].name);
        if (n >= k + 2 && memcmp(s + 1, entities[e].name, k) == 0 && s[k + 1] == ';') {
            wz_buf_put_utf8(out, entities[e].cp);
            return k + 2;
        }
    }
    return 0;
}

/* Appends s[0..n) to out, decoding entities (when `entities_on`) and turning CRLF and
 * lone CR into LF, as a browser does. */
static void decode_text(const char *s, size_t n, wz_buf *out, int entities_on)
{
    size_t i = 0;
    while (i < n) {
        size_t run = i;
        while (run < n && s[run] != '&' && s[run] != '\r')
            run++;
        wz_buf_append(out, s + i, run - i);
        i = run;
        if (i >= n) break;
        if (s[i] == '\r') {
            wz_buf_putc(out, '\n');
            i += (i + 1 < n && s[i + 1] == '\n') ? 2 : 1;
            continue;
        }
        size_t used = entities_on ? decode_entity(s + i, n - i, out) : 0;
        if (used) {
            i += used;
        } else {
            wz_buf_putc(out, '&');
            i++;
        }
    }
}

/* ---- tags ---- */

enum { T_OTHER, T_STORY, T_PASSAGE, T_SCRIPT, T_STYLE, T_TITLE, T_TEXTAREA, T_TWTAG };

static const char *const tag_names[] = {"",      "tw-storydata", "tw-passagedata", "script",
                                        "style", "title",        "textarea",       "tw-tag"};

#define MAX_WANTED 8
typedef struct {
    int kind;
    int end;      /* </name> */
    size_t start; /* offset of '<' */
    size_t after; /* offset after '>' */
    int complete; /* the tag ended with '>' before the end of the input */
    /* Attributes asked for (decoded), NULL when absent. */
    const char *const *want;
    int nwant;
    char *value[MAX_WANTED];
} tag;

static void tag_clear(tag *t)
{
    for (int i = 0; i < t->nwant; i++) {
        free(t->value[i]);
        t->value[i] = NULL;
    }
}

static const char *const story_attrs[] = {"name", "ifid", "format", "format-version", "startnode"};
static const char *const passage_attrs[] = {"pid", "name", "tags", "position", "size"};
static const char *const role_attrs[] = {"role"};

/* Reads the attributes of a start tag from pos (just after its name) to its '>'. */
static void read_attributes(scanner *s, tag *t, size_t pos)
{
    const char *d = s->d;
    size_t n = s->n;
    for (;;) {
        while (pos < n && (is_ws(d[pos]) || d[pos] == '/'))
            pos++;
        if (pos >= n) break;
        if (d[pos] == '>') {
            t->complete = 1;
            pos++;
            break;
        }
        size_t name = pos;
        pos++; /* the first character is part of the name, even '=' */
        while (pos < n && !is_ws(d[pos]) && d[pos] != '/' && d[pos] != '>' && d[pos] != '=')
            pos++;
        size_t name_len = pos - name;
        while (pos < n && is_ws(d[pos]))
            pos++;
        size_t vstart = pos, vlen = 0;
        int has_value = 0;
        if (pos < n && d[pos] == '=') {
            pos++;
            while (pos < n && is_ws(d[pos]))
                pos++;
            if (pos < n && (d[pos] == '"' || d[pos] == '\'')) {
                const char *q = memchr(d + pos + 1, d[pos], n - pos - 1);
                if (!q) {
                    pos = n; /* unterminated value: the tag never ends */
                    break;
                }
                vstart = pos + 1;
                vlen = (size_t)(q - d) - vstart;
                pos = (size_t)(q - d) + 1;
            } else {
                vstart = pos;
                while (pos < n && !is_ws(d[pos]) && d[pos] != '>')
                    pos++;
                vlen = pos - vstart;
            }
            has_value = 1;
        }
        for (int w = 0; w < t->nwant; w++) {
            size_t k = strlen(t->want[w]);
            if (k == name_len && starts_ci(d, n, name, t->want[w]) && !t->value[w]) {
                wz_buf b;
                wz_buf_init(&b, 0);
                if (has_value) decode_text(d + vstart, vlen, &b, 1);
                t->value[w] = wz_buf_steal(&b);
            }
        }
    }
    t->after = pos;
}

/* Reads the tag at d[pos] == '<'. Returns 0 with *t filled (kind T_OTHER for any tag we do
 * not read), or -1 when this '<' starts no tag; *next is where scanning goes on. */
static int read_tag(scanner *s, size_t pos, tag *t, size_t *next)
{
    const char *d = s->d;
    size_t n = s->n;
    memset(t, 0, sizeof *t);
    t->start = pos;
    if (starts_ci(d, n, pos, "<!--")) {
        size_t e = find_ci(d, n, pos + 4, "-->");
        *next = e < n ? e + 3 : n;
        return -1;
    }
    if (pos + 1 < n && (d[pos + 1] == '!' || d[pos + 1] == '?')) {
        const char *gt = memchr(d + pos, '>', n - pos);
        *next = gt ? (size_t)(gt - d) + 1 : n;
        return -1;
    }
    size_t p = pos + 1;
    if (p < n && d[p] == '/') {
        t->end = 1;
        p++;
    }
    if (p >= n || !((d[p] >= 'a' && d[p] <= 'z') || (d[p] >= 'A' && d[p] <= 'Z'))) {
        *next = pos + 1;
        return -1;
    }
    size_t name = p;
    while (p < n && !is_ws(d[p]) && d[p] != '/' && d[p] != '>')
        p++;
    t->kind = T_OTHER;
    for (int k = 1; k < (int)WZ_ARRAY_LEN(tag_names); k++)
        if (strlen(tag_names[k]) == p - name && starts_ci(d, n, name, tag_names[k])) t->kind = k;
    if (t->end) {
        const char *gt = memchr(d + p, '>', n - p);
        t->complete = gt != NULL;
        t->after = gt ? (size_t)(gt - d) + 1 : n;
    } else {
        if (t->kind == T_STORY) {
            t->want = story_attrs;
            t->nwant = (int)WZ_ARRAY_LEN(story_attrs);
        } else if (t->kind == T_PASSAGE) {
            t->want = passage_attrs;
            t->nwant = (int)WZ_ARRAY_LEN(passage_attrs);
        } else if (t->kind == T_SCRIPT || t->kind == T_STYLE) {
            t->want = role_attrs;
            t->nwant = 1;
        }
        read_attributes(s, t, p);
    }
    *next = t->after;
    return 0;
}

/* ---- passages ---- */

typedef struct {
    wz_passage p; /* name, text, position, size, line, text_line, pid */
    char *tags;   /* the tags attribute, split when the passage is added */
    int col;
    int pid_ok;
    int order;
    int key;
} html_passage;

typedef struct {
    html_passage *items;
    int count, cap;
} passage_list;

static int passage_cmp(const void *a, const void *b)
{
    const html_passage *x = a, *y = b;
    if (x->key != y->key) return (x->key > y->key) - (x->key < y->key);
    return (x->order > y->order) - (x->order < y->order);
}

/* Parses a pid: digits, optionally surrounded by white space. -1 when it is not one. */
static int parse_pid(const char *v)
{
    if (!v) return -1;
    while (is_ws(*v))
        v++;
    if (!is_digit(*v)) return -1;
    long x = 0;
    while (is_digit(*v)) {
        x = x * 10 + (*v - '0');
        if (x > INT_MAX / 2) return -1;
        v++;
    }
    while (is_ws(*v))
        v++;
    return *v ? -1 : (int)x;
}

/* Reads one <tw-passagedata> whose start tag is t; returns where scanning goes on. */
static size_t read_passage(scanner *s, tag *t, passage_list *list)
{
    const char *d = s->d;
    size_t n = s->n;
    int line, col, text_line, text_col;
    where(s, t->start, &line, &col);
    size_t text = t->after;
    /* The text ends at its end tag; without one, at the next passage or the end of the
     * story, so one broken passage does not swallow the rest of the story. */
    size_t end = find_cached(s, &s->next_passage_end, text, "</tw-passagedata");
    size_t other = WZ_MIN(find_cached(s, &s->next_passage, text, "<tw-passagedata"),
                          find_cached(s, &s->next_story_end, text, "</tw-storydata"));
    size_t next;
    if (end >= n || other < end) {
        end = other;
        next = end;
        wz_diag_add(s->diags, WZ_ERROR, s->sc->file, line, col,
                    "this passage is not closed with </tw-passagedata>; the file may be cut "
                    "short or edited by hand");
    } else {
        const char *gt = memchr(d + end, '>', n - end);
        next = gt ? (size_t)(gt - d) + 1 : n;
    }
    where(s, text, &text_line, &text_col);
    const char *lt = memchr(d + text, '<', end - text);
    if (lt && !s->warned_raw_lt) {
        int l, c;
        where(s, (size_t)(lt - d), &l, &c);
        wz_diag_add(s->diags, WZ_WARNING, s->sc->file, l, c,
                    "a '<' in passage text should be written as &lt; (Twine does this); it is "
                    "kept as it is");
        s->warned_raw_lt = 1;
    }
    if (!t->value[1]) {
        wz_diag_add(s->diags, WZ_ERROR, s->sc->file, line, col,
                    "this <tw-passagedata> has no name attribute, so it is ignored");
        return next;
    }
    if (list->count == list->cap) {
        list->cap = list->cap ? list->cap * 2 : 16;
        list->items = wz_xrealloc(list->items, (size_t)list->cap * sizeof *list->items);
    }
    html_passage *hp = &list->items[list->count];
    memset(hp, 0, sizeof *hp);
    wz_buf b;
    wz_buf_init(&b, 0);
    decode_text(d + text, end - text, &b, 1);
    hp->p.text = wz_buf_steal(&b);
    hp->p.name = t->value[1];
    t->value[1] = NULL;
    hp->tags = t->value[2] ? t->value[2] : wz_xstrdup("");
    t->value[2] = NULL;
    hp->p.position = t->value[3];
    hp->p.size = t->value[4];
    t->value[3] = t->value[4] = NULL;
    hp->p.line = line;
    hp->p.text_line = text_line;
    hp->col = col;
    hp->order = list->count;
    int pid = parse_pid(t->value[0]);
    hp->pid_ok = pid >= 0;
    hp->p.pid = pid;
    if (!hp->pid_ok)
        wz_diag_add(s->diags, WZ_WARNING, s->sc->file, line, col,
                    "this passage has no valid pid (a number); it keeps its place in the file");
    list->count++;
    return next;
}

/* Adds a passage made from the story's <script> or <style> (Twine's Twee export does the
 * same), unless it is blank; trailing blank lines go, as in Twee. */
static void add_story_code(scanner *s, wz_buf *code, const char *name, const char *tagname,
                           int line, int *max_pid)
{
    if (!code->data) return;
    size_t keep = 0, i = 0;
    while (i < code->len) {
        size_t e = i;
        int blank = 1;
        while (e < code->len && code->data[e] != '\n') {
            if (!is_ws(code->data[e])) blank = 0;
            e++;
        }
        if (!blank) keep = e;
        i = e + 1;
    }
    if (!keep) return;
    code->data[keep] = '\0';
    char *nm = wz_xstrdup(name);
    for (int k = 1; wz_scenario_find(s->sc, nm) >= 0 && k < 100; k++) {
        free(nm);
        nm = wz_xasprintf("%s %d", name, k);
    }
    if (s->sc->npassages < WZ_MAX_PASSAGES) {
        wz_passage *p = wz_scenario_add_passage(s->sc, nm, code->data, line, line);
        wz_passage_add_tag(p, tagname);
        p->pid = ++*max_pid;
    }
    free(nm);
}

static void add_passages(scanner *s, passage_list *list, int startnode)
{
    /* Order by pid; a passage without one stays after its neighbour in the file. */
    int prev = 0, max_pid = 0;
    for (int i = 0; i < list->count; i++) {
        html_passage *hp = &list->items[i];
        hp->key = hp->pid_ok ? hp->p.pid : prev;
        prev = hp->key;
        if (hp->pid_ok && hp->p.pid > max_pid) max_pid = hp->p.pid;
        if (hp->pid_ok && hp->p.pid == startnode && !s->sc->start)
            s->sc->start = wz_xstrdup(hp->p.name);
    }
    if (list->count > 1) qsort(list->items, (size_t)list->count, sizeof *list->items, passage_cmp);
    for (int i = 1; i < list->count; i++) {
        html_passage *a = &list->items[i - 1], *b = &list->items[i];
        if (a->pid_ok && b->pid_ok && a->p.pid == b->p.pid)
            wz_diag_add(s->diags, WZ_WARNING, s->sc->file, b->p.line, b->col,
                        "another passage (line %d) has the same pid %d; Twine gives each "
                        "passage its own",
                        a->p.line, a->p.pid);
    }
    int stopped = 0;
    for (int i = 0; i < list->count; i++) {
        html_passage *hp = &list->items[i];
        char *tags = hp->tags;
        if (!stopped) {
            stopped = s->sc->npassages >= WZ_MAX_PASSAGES;
            wz_passage *p = wz_reader_add_passage(s->sc, s->diags, hp->p.name, hp->p.text,
                                                  hp->p.line, hp->col, hp->p.text_line);
            if (p) {
                p->pid = hp->pid_ok ? hp->p.pid : ++max_pid;
                p->position = hp->p.position;
                p->size = hp->p.size;
                hp->p.position = hp->p.size = NULL;
                int reported = 0;
                char *tk = tags;
                while (*tk) {
                    while (*tk && is_ws(*tk))
                        tk++;
                    char *e = tk;
                    while (*e && !is_ws(*e))
                        e++;
                    if (e > tk) {
                        char saved = *e;
                        *e = '\0';
                        wz_reader_add_tag(s->sc, s->diags, p, tk, hp->p.line, hp->col, &reported);
                        *e = saved;
                    }
                    tk = e;
                }
            }
        }
        free(hp->p.name);
        free(hp->p.text);
        free(tags);
        free(hp->p.position);
        free(hp->p.size);
    }
    list->count = 0;
}

wz_scenario *wz_html_read(const char *file, const char *data, size_t len, wz_diags *diags)
{
    scanner s;
    memset(&s, 0, sizeof s);
    s.d = data ? data : "";
    s.n = data ? len : 0;
    s.sc = wz_scenario_new(file);
    s.sc->from_html = 1;
    s.diags = diags;
    s.line = 1;
    const char *d = s.d;
    size_t n = s.n;

    int empty = 1;
    size_t pos = 0;
    if (n >= 3 && memcmp(d, "\xEF\xBB\xBF", 3) == 0) pos = 3;
    for (size_t k = pos; k < n && empty; k++)
        if (!is_ws(d[k])) empty = 0;

    int stories = 0, in_story = 0, story_closed = 0, story_line = 0, story_col = 0, startnode = -1;
    int script_line = 0, style_line = 0;
    wz_buf script, style;
    wz_buf_init(&script, 0);
    wz_buf_init(&style, 0);
    passage_list list = {0};
    char *first_name = NULL;

    while (pos < n) {
        const char *lt = memchr(d + pos, '<', n - pos);
        if (!lt) break;
        size_t next;
        tag t;
        if (read_tag(&s, (size_t)(lt - d), &t, &next) < 0) {
            pos = next;
            continue;
        }
        pos = next;
        if (!t.end && (t.kind == T_SCRIPT || t.kind == T_STYLE || t.kind == T_TITLE ||
                       t.kind == T_TEXTAREA)) {
            /* Raw text: runs to the matching end tag, whatever it contains. */
            char close[16];
            snprintf(close, sizeof close, "</%s", tag_names[t.kind]);
            size_t e = find_ci(d, n, pos, close);
            const char *role = t.value[0];
            if (in_story && role && (t.kind == T_SCRIPT || t.kind == T_STYLE) &&
                wz_str_ieq(role, t.kind == T_SCRIPT ? "script" : "stylesheet")) {
                wz_buf *code = t.kind == T_SCRIPT ? &script : &style;
                int *at = t.kind == T_SCRIPT ? &script_line : &style_line;
                int c;
                if (!*at) where(&s, t.start, at, &c);
                if (code->len) wz_buf_putc(code, '\n');
                decode_text(d + pos, e - pos, code, 0);
            }
            const char *gt = e < n ? memchr(d + e, '>', n - e) : NULL;
            pos = gt ? (size_t)(gt - d) + 1 : n;
            tag_clear(&t);
            continue;
        }
        if (t.kind == T_STORY && !t.end) {
            stories++;
            if (stories == 1) {
                in_story = 1;
                where(&s, t.start, &story_line, &story_col);
                wz_scenario *sc = s.sc;
                sc->title = t.value[0];
                sc->ifid = t.value[1] ? wz_reader_ifid(t.value[1]) : NULL;
                sc->format = t.value[2];
                sc->format_version = t.value[3];
                t.value[0] = t.value[2] = t.value[3] = NULL;
                if (t.value[4] && *t.value[4]) {
                    startnode = parse_pid(t.value[4]);
                    if (startnode < 0)
                        wz_diag_add(diags, WZ_WARNING, sc->file, story_line, story_col,
                                    "startnode=\"%s\" is not a passage number; the passage "
                                    "called Start is used",
                                    t.value[4]);
                }
                first_name = wz_xstrdup(sc->title ? sc->title : "");
            } else {
                in_story = 0;
            }
        } else if (t.kind == T_STORY && t.end) {
            if (in_story && stories == 1) story_closed = 1;
            in_story = 0;
        } else if (t.kind == T_PASSAGE && !t.end && in_story) {
            if (!t.complete) {
                int l, c;
                where(&s, t.start, &l, &c);
                wz_diag_add(diags, WZ_ERROR, s.sc->file, l, c,
                            "this <tw-passagedata> tag is not closed with '>'; the file may "
                            "be cut short");
            } else {
                pos = read_passage(&s, &t, &list);
            }
        }
        tag_clear(&t);
    }
    if (stories && !story_closed)
        wz_diag_add(diags, WZ_WARNING, s.sc->file, story_line, story_col,
                    "the <tw-storydata> element is not closed with </tw-storydata>; the file "
                    "may be cut short");

    add_passages(&s, &list, startnode);
    int max_pid = 0;
    for (int i = 0; i < s.sc->npassages; i++)
        max_pid = WZ_MAX(max_pid, s.sc->passages[i].pid);
    add_story_code(&s, &script, "StoryScript", "script", script_line, &max_pid);
    add_story_code(&s, &style, "StoryStylesheet", "stylesheet", style_line, &max_pid);
    if (startnode >= 0 && !s.sc->start)
        wz_diag_add(diags, WZ_WARNING, s.sc->file, story_line, story_col,
                    "startnode=\"%d\" matches no passage's pid; the passage called Start is "
                    "used",
                    startnode);
    if (stories > 1)
        wz_diag_add(diags, WZ_WARNING, s.sc->file, story_line, story_col,
                    "this file holds %d stories (a Twine library archive); only the first, "
                    "\"%s\", is read; publish each scenario to its own file",
                    stories, first_name ? first_name : "");

    const char *none = NULL;
    if (empty)
        none = WZ_READER_EMPTY;
    else if (!stories)
        none = "no Twine story was found in this file (no <tw-storydata> element); in Twine "
               "use Build > Publish to File, or export as Twee";
    else
        none = "this story has no passages (<tw-passagedata> elements)";
    wz_reader_finish(s.sc, diags, 0, none);

    free(first_name);
    free(list.items);
    wz_buf_free(&script);
    wz_buf_free(&style);
    return s.sc;
}

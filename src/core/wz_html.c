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
 * "StoryStylesheet" [stylesheet], which is how Twine exports them to Twee. A library
 * archive holds several <tw-storydata>: each becomes a scenario of its own. Lines count LF,
 * CRLF or a lone CR; columns count characters of the file as written, and each passage
 * keeps a text map from its decoded text back to the file (entities are longer there).
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wz_html_entities.h"
#include "wz_reader.h"
#include "wz_scenario.h"
#include "wz_util.h"

/* The answer of a search that moves forward through the file (see find_cached). */
typedef struct {
    size_t from, at; /* searched from `from`, found at `at` (n: nowhere); set: from <= at */
    int set;
} search_cache;

typedef struct scanner {
    const char *d;
    size_t n;
    const char *file;
    wz_diags *diags;
    /* Line cursor (where() moves it forward; backwards restarts from the top). */
    size_t lpos, line_start;
    int line, line_chars; /* line_chars: characters from line_start to lpos */
    int warned_raw_lt;
    search_cache next_passage, next_passage_end, next_story_end, next_story;
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

/* ---- character references ---- */

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static int is_alnum(char c)
{
    return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int hex_value(char c)
{
    if (is_digit(c)) return c - '0';
    c = lower(c);
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
}

static int entity_cmp(const void *key, const void *item)
{
    return strcmp(key, ((const wz_html_entity *)item)->name);
}

static const wz_html_entity *entity_find(const char *name, size_t n)
{
    char key[WZ_HTML_ENTITY_MAX_NAME + 1];
    if (n > WZ_HTML_ENTITY_MAX_NAME) return NULL;
    memcpy(key, name, n);
    key[n] = '\0';
    return bsearch(key, wz_html_entities, WZ_ARRAY_LEN(wz_html_entities),
                   sizeof wz_html_entities[0], entity_cmp);
}

/* "&#...;" at s[0]: the HTML rules (the ';' may be left out; zero, surrogates and numbers
 * past U+10FFFF read as U+FFFD; 128-159 read as the windows-1252 characters). */
static size_t decode_number(const char *s, size_t n, wz_buf *out)
{
    size_t i = 2;
    int hex = 0;
    if (i < n && (s[i] == 'x' || s[i] == 'X')) {
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
    if (v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) v = 0xFFFD;
    for (size_t k = 0; k < WZ_ARRAY_LEN(wz_html_charref_fixes); k++)
        if (wz_html_charref_fixes[k].from == v) v = wz_html_charref_fixes[k].to;
    wz_buf_put_utf8(out, (unsigned)v);
    return i;
}

/* Decodes the character reference at s[0] == '&' as a browser does. Appends what it
 * stands for and returns the bytes used, or 0 when it is none (the '&' is then literal).
 * Named ones are the full HTML list: "&name;" or, for the legacy names, the longest one
 * that starts the text without its ';' (not in an attribute when a letter, digit or '='
 * follows, as there it is more likely part of a URL). */
static size_t decode_entity(const char *s, size_t n, wz_buf *out, int in_attr)
{
    if (n >= 3 && s[1] == '#') return decode_number(s, n, out);
    size_t run = 1;
    while (run < n && run <= WZ_HTML_ENTITY_MAX_NAME && is_alnum(s[run]))
        run++;
    const wz_html_entity *e = NULL;
    size_t used = 0;
    if (run > 1 && run < n && s[run] == ';' && (e = entity_find(s + 1, run))) used = run + 1;
    for (size_t k = run; !e && k > 1; k--) {
        if ((e = entity_find(s + 1, k - 1)) != NULL) used = k;
    }
    if (!e) return 0;
    if (in_attr && s[used - 1] != ';' && used < n && (is_alnum(s[used]) || s[used] == '='))
        return 0;
    wz_buf_puts(out, e->utf8);
    return used;
}

/* Where decoded text came from, for a passage's text map (NULL: not wanted). */
typedef struct {
    struct scanner *s;
    wz_text_map *map;
    size_t base;    /* offset of the text in the file */
    int k, c;       /* line and column reached in the decoded text */
    size_t counted; /* bytes of the output counted into k and c */
} map_builder;

static void map_anchor(map_builder *mb, const wz_buf *out, size_t src_off);

/* Appends s[0..n) to out, decoding character references (when `entities_on`; `in_attr`:
 * an attribute value) and turning CRLF and lone CR into LF, as a browser does. */
static void decode_text(const char *s, size_t n, wz_buf *out, int entities_on, int in_attr,
                        map_builder *mb)
{
    size_t i = 0;
    if (mb) map_anchor(mb, out, 0);
    while (i < n) {
        size_t run = i;
        while (run < n && s[run] != '&' && s[run] != '\r' && (s[run] != '\n' || !mb))
            run++;
        wz_buf_append(out, s + i, run - i);
        i = run;
        if (i >= n) break;
        if (s[i] == '\r' || s[i] == '\n') {
            wz_buf_putc(out, '\n');
            i += (s[i] == '\r' && i + 1 < n && s[i + 1] == '\n') ? 2 : 1;
            if (mb) map_anchor(mb, out, i);
            continue;
        }
        size_t used = entities_on ? decode_entity(s + i, n - i, out, in_attr) : 0;
        if (used) {
            i += used;
            if (mb) map_anchor(mb, out, i);
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
                if (has_value) decode_text(d + vstart, vlen, &b, 1, 1, NULL);
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

static void map_anchor(map_builder *mb, const wz_buf *out, size_t src_off)
{
    for (size_t i = mb->counted; i < out->len; i++) {
        unsigned char ch = (unsigned char)out->data[i];
        if (ch == '\n') {
            mb->k++;
            mb->c = 1;
        } else if ((ch & 0xC0) != 0x80) {
            mb->c++;
        }
    }
    mb->counted = out->len;
    int line, col;
    where(mb->s, mb->base + src_off, &line, &col);
    wz_text_map_add(mb->map, mb->k, mb->c, line, col);
}

typedef struct {
    wz_passage p; /* name, text, position, size, line, column, text_line, map, pid */
    char *tags;   /* the tags attribute, split when the passage is added */
    int pid_ok;
    int order;
    int key;
} html_passage;

typedef struct {
    html_passage *items;
    int count, cap;
} passage_list;

/* One <tw-storydata> being read. */
typedef struct {
    wz_scenario *sc;
    passage_list list;
    wz_buf script, style; /* the story's JavaScript and stylesheet */
    int script_line, style_line;
    int startnode; /* -1: none given */
    int closed;    /* its end tag was seen */
} story;

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

/* Where the text of the passage starting at `text` ends (*end), and where scanning goes on
 * (returned): at its end tag; without one, at the next passage or the end of the story, so
 * one broken passage does not swallow the rest (*closed = 0 then). */
static size_t passage_end(scanner *s, size_t text, size_t *end, int *closed)
{
    size_t n = s->n;
    size_t e = find_cached(s, &s->next_passage_end, text, "</tw-passagedata");
    size_t other = WZ_MIN(find_cached(s, &s->next_passage, text, "<tw-passagedata"),
                          find_cached(s, &s->next_story_end, text, "</tw-storydata"));
    other = WZ_MIN(other, find_cached(s, &s->next_story, text, "<tw-storydata"));
    if (e >= n || other < e) {
        *end = other;
        *closed = 0;
        return other;
    }
    *end = e;
    *closed = 1;
    const char *gt = memchr(s->d + e, '>', n - e);
    return gt ? (size_t)(gt - s->d) + 1 : n;
}

/* Reads one <tw-passagedata> whose start tag is t; returns where scanning goes on. */
static size_t read_passage(scanner *s, story *st, tag *t)
{
    const char *d = s->d;
    const char *file = st->sc->file;
    int line, col, closed, text_line, text_col;
    where(s, t->start, &line, &col);
    size_t text = t->after, end;
    where(s, text, &text_line, &text_col);
    size_t next = passage_end(s, text, &end, &closed);
    if (!closed)
        wz_diag_add(s->diags, WZ_ERROR, file, line, col,
                    "this passage is not closed with </tw-passagedata>; the file may be cut "
                    "short or edited by hand");
    const char *lt = memchr(d + text, '<', end - text);
    if (lt && !s->warned_raw_lt) {
        int l, c;
        where(s, (size_t)(lt - d), &l, &c);
        wz_diag_add(s->diags, WZ_WARNING, file, l, c,
                    "a '<' in passage text should be written as &lt; (Twine does this); it is "
                    "kept as it is");
        s->warned_raw_lt = 1;
    }
    if (!t->value[1]) {
        wz_diag_add(s->diags, WZ_ERROR, file, line, col,
                    "this <tw-passagedata> has no name attribute, so it is ignored");
        return next;
    }
    passage_list *list = &st->list;
    if (list->count == list->cap) {
        list->cap = list->cap ? list->cap * 2 : 16;
        list->items = wz_xrealloc(list->items, (size_t)list->cap * sizeof *list->items);
    }
    html_passage *hp = &list->items[list->count];
    memset(hp, 0, sizeof *hp);
    wz_buf b;
    wz_buf_init(&b, 0);
    map_builder mb = {s, wz_text_map_new(), text, 0, 1, 0};
    decode_text(d + text, end - text, &b, 1, 0, &mb);
    hp->p.text = wz_buf_steal(&b);
    hp->p.map = mb.map;
    hp->p.text_line = text_line;
    hp->p.name = t->value[1];
    hp->tags = t->value[2] ? t->value[2] : wz_xstrdup("");
    hp->p.position = t->value[3];
    hp->p.size = t->value[4];
    t->value[1] = t->value[2] = t->value[3] = t->value[4] = NULL;
    hp->p.line = line;
    hp->p.column = col;
    hp->order = list->count;
    int pid = parse_pid(t->value[0]);
    hp->pid_ok = pid >= 0;
    hp->p.pid = pid;
    if (!hp->pid_ok)
        wz_diag_add(s->diags, WZ_WARNING, file, line, col,
                    "this passage has no valid pid (a number); it keeps its place in the file");
    list->count++;
    return next;
}

/* Adds a passage made from the story's <script> or <style> (Twine's Twee export does the
 * same), unless it is blank; trailing blank lines go, as in Twee. */
static void add_story_code(story *st, wz_buf *code, const char *name, const char *tagname, int line,
                           int *max_pid)
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
    for (int k = 1; wz_scenario_find(st->sc, nm) >= 0 && k < 100; k++) {
        free(nm);
        nm = wz_xasprintf("%s %d", name, k);
    }
    if (st->sc->npassages < WZ_MAX_PASSAGES) {
        wz_passage *p = wz_scenario_add_passage(st->sc, nm, code->data, line, line);
        wz_passage_add_tag(p, tagname);
        p->pid = ++*max_pid;
    }
    free(nm);
}

/* Splits a tags attribute at white space and adds each tag to p. */
static void add_tags(scanner *s, wz_scenario *sc, wz_passage *p, char *tags)
{
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
            wz_reader_add_tag(sc, s->diags, p, tk, p->line, p->column, &reported);
            *e = saved;
        }
        tk = e;
    }
}

/* Orders a story's passages by pid (a passage without one stays after its neighbour in
 * the file) and adds them to its scenario. Returns the highest pid. */
static int add_passages(scanner *s, story *st)
{
    passage_list *list = &st->list;
    wz_scenario *sc = st->sc;
    int prev = 0, max_pid = 0;
    for (int i = 0; i < list->count; i++) {
        html_passage *hp = &list->items[i];
        hp->key = hp->pid_ok ? hp->p.pid : prev;
        prev = hp->key;
        if (hp->pid_ok && hp->p.pid > max_pid) max_pid = hp->p.pid;
        if (hp->pid_ok && hp->p.pid == st->startnode && !sc->start)
            sc->start = wz_xstrdup(hp->p.name);
    }
    if (list->count > 1) qsort(list->items, (size_t)list->count, sizeof *list->items, passage_cmp);
    for (int i = 1; i < list->count; i++) {
        html_passage *a = &list->items[i - 1], *b = &list->items[i];
        if (a->pid_ok && b->pid_ok && a->p.pid == b->p.pid)
            wz_diag_add(s->diags, WZ_WARNING, sc->file, b->p.line, b->p.column,
                        "another passage (line %d) has the same pid %d; Twine gives each "
                        "passage its own",
                        a->p.line, a->p.pid);
    }
    int stopped = 0;
    for (int i = 0; i < list->count; i++) {
        html_passage *hp = &list->items[i];
        if (!stopped) {
            stopped = sc->npassages >= WZ_MAX_PASSAGES;
            wz_passage *p = wz_reader_add_passage(sc, s->diags, hp->p.name, hp->p.text, hp->p.line,
                                                  hp->p.column, hp->p.text_line);
            if (p) {
                p->pid = hp->pid_ok ? hp->p.pid : ++max_pid;
                p->column = hp->p.column;
                p->position = hp->p.position;
                p->size = hp->p.size;
                p->map = hp->p.map;
                hp->p.position = hp->p.size = NULL;
                hp->p.map = NULL;
                add_tags(s, sc, p, hp->tags);
            }
        }
        free(hp->p.name);
        free(hp->p.text);
        free(hp->tags);
        free(hp->p.position);
        free(hp->p.size);
        wz_text_map_free(hp->p.map);
    }
    list->count = 0;
    return max_pid;
}

/* ---- stories ---- */

/* Starts a story at its <tw-storydata> tag t. */
static void story_begin(scanner *s, story *st, tag *t, int index)
{
    memset(st, 0, sizeof *st);
    wz_scenario *sc = st->sc = wz_scenario_new(s->file);
    sc->from_html = 1;
    sc->story = index;
    where(s, t->start, &sc->story_line, &sc->story_column);
    sc->title = t->value[0];
    sc->ifid = t->value[1] ? wz_reader_ifid(t->value[1]) : NULL;
    sc->format = t->value[2];
    sc->format_version = t->value[3];
    t->value[0] = t->value[2] = t->value[3] = NULL;
    st->startnode = -1;
    if (t->value[4] && *t->value[4]) {
        st->startnode = parse_pid(t->value[4]);
        if (st->startnode < 0)
            wz_diag_add(s->diags, WZ_WARNING, sc->file, sc->story_line, sc->story_column,
                        "startnode=\"%s\" is not a passage number; the passage called Start is "
                        "used",
                        t->value[4]);
    }
    wz_buf_init(&st->script, 0);
    wz_buf_init(&st->style, 0);
}

/* Ends a story: its passages, its code, its start, and the checks of wz_reader_finish. */
static void story_end(scanner *s, story *st)
{
    wz_scenario *sc = st->sc;
    if (!st->closed)
        wz_diag_add(s->diags, WZ_WARNING, sc->file, sc->story_line, sc->story_column,
                    "the <tw-storydata> element is not closed with </tw-storydata>; the file "
                    "may be cut short");
    int max_pid = add_passages(s, st);
    for (int i = 0; i < sc->npassages; i++)
        max_pid = WZ_MAX(max_pid, sc->passages[i].pid);
    add_story_code(st, &st->script, "StoryScript", "script", st->script_line, &max_pid);
    add_story_code(st, &st->style, "StoryStylesheet", "stylesheet", st->style_line, &max_pid);
    if (st->startnode >= 0 && !sc->start)
        wz_diag_add(s->diags, WZ_WARNING, sc->file, sc->story_line, sc->story_column,
                    "startnode=\"%d\" matches no passage's pid; the passage called Start is "
                    "used",
                    st->startnode);
    wz_reader_finish(sc, s->diags, 0, "this story has no passages (<tw-passagedata> elements)");
    free(st->list.items);
    wz_buf_free(&st->script);
    wz_buf_free(&st->style);
}

/* Skips the raw text of a <script>, <style>, <title> or <textarea> whose start tag is t
 * (it runs to the matching end tag, whatever it contains), keeping a story's own script
 * and stylesheet. Returns where scanning goes on. */
static size_t read_raw_text(scanner *s, story *st, tag *t)
{
    const char *d = s->d;
    size_t n = s->n, pos = t->after;
    char close[16];
    snprintf(close, sizeof close, "</%s", tag_names[t->kind]);
    size_t e = find_ci(d, n, pos, close);
    const char *role = t->value[0];
    if (st && role && (t->kind == T_SCRIPT || t->kind == T_STYLE) &&
        wz_str_ieq(role, t->kind == T_SCRIPT ? "script" : "stylesheet")) {
        wz_buf *code = t->kind == T_SCRIPT ? &st->script : &st->style;
        int *at = t->kind == T_SCRIPT ? &st->script_line : &st->style_line;
        int c;
        if (!*at) where(s, t->start, at, &c);
        if (code->len) wz_buf_putc(code, '\n');
        decode_text(d + pos, e - pos, code, 0, 0, NULL);
    }
    const char *gt = e < n ? memchr(d + e, '>', n - e) : NULL;
    return gt ? (size_t)(gt - d) + 1 : n;
}

/* The scan: every <tw-storydata> becomes a story (up to WZ_MAX_STORIES), each with the
 * passages inside it. Returns how many stories were found. */
static int scan(scanner *s, size_t pos, story *stories)
{
    const char *d = s->d;
    size_t n = s->n;
    int count = 0;
    story *in = NULL; /* the story being read */
    while (pos < n) {
        const char *lt = memchr(d + pos, '<', n - pos);
        if (!lt) break;
        tag t;
        if (read_tag(s, (size_t)(lt - d), &t, &pos) < 0) continue;
        if (!t.end && (t.kind == T_SCRIPT || t.kind == T_STYLE || t.kind == T_TITLE ||
                       t.kind == T_TEXTAREA)) {
            pos = read_raw_text(s, in, &t);
        } else if (t.kind == T_STORY && !t.end) {
            if (in) story_end(s, in);
            in = NULL;
            if (count < WZ_MAX_STORIES) {
                in = &stories[count];
                story_begin(s, in, &t, count++);
            } else if (count++ == WZ_MAX_STORIES) {
                int l, c;
                where(s, t.start, &l, &c);
                wz_diag_add(s->diags, WZ_ERROR, s->file, l, c,
                            "this file holds more than %d stories, the limit for one file; "
                            "the rest are not read (archive them in several files)",
                            WZ_MAX_STORIES);
            }
        } else if (t.kind == T_STORY && t.end) {
            if (in) {
                in->closed = 1;
                story_end(s, in);
            }
            in = NULL;
        } else if (t.kind == T_PASSAGE && !t.end && in) {
            if (!t.complete) {
                int l, c;
                where(s, t.start, &l, &c);
                wz_diag_add(s->diags, WZ_ERROR, s->file, l, c,
                            "this <tw-passagedata> tag is not closed with '>'; the file may "
                            "be cut short");
            } else {
                pos = read_passage(s, in, &t);
            }
        }
        tag_clear(&t);
    }
    if (in) story_end(s, in);
    return WZ_MIN(count, WZ_MAX_STORIES);
}

int wz_html_read_all(const char *file, const char *data, size_t len, wz_diags *diags,
                     wz_scenario ***out)
{
    scanner s;
    memset(&s, 0, sizeof s);
    s.d = data ? data : "";
    s.n = data ? len : 0;
    s.file = file;
    s.diags = diags;
    s.line = 1;
    size_t pos = 0;
    if (s.n >= 3 && memcmp(s.d, "\xEF\xBB\xBF", 3) == 0) pos = 3;
    int empty = 1;
    for (size_t k = pos; k < s.n && empty; k++)
        if (!is_ws(s.d[k])) empty = 0;

    story *stories = wz_xcalloc(WZ_MAX_STORIES, sizeof *stories);
    int count = empty ? 0 : scan(&s, pos, stories);
    *out = wz_xcalloc((size_t)(count ? count : 1), sizeof **out);
    for (int i = 0; i < count; i++) {
        (*out)[i] = stories[i].sc;
        stories[i].sc->nstories = count;
    }
    free(stories);
    if (count) return count;
    wz_scenario *sc = (*out)[0] = wz_scenario_new(file);
    sc->from_html = 1;
    wz_reader_finish(sc, diags, 0,
                     empty ? WZ_READER_EMPTY
                           : "no Twine story was found in this file (no <tw-storydata> "
                             "element); in Twine use Build > Publish to File, or export as "
                             "Twee");
    return 1;
}

wz_scenario *wz_html_read(const char *file, const char *data, size_t len, wz_diags *diags)
{
    wz_scenario **all = NULL;
    int n = wz_html_read_all(file, data, len, diags, &all);
    wz_scenario *first = all[0];
    for (int i = 1; i < n; i++)
        wz_scenario_free(all[i]);
    free(all);
    return first;
}

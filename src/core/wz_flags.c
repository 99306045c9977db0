/*
 * wz_flags: story memory, read from plain passage text and tags (wz_flags.h).
 *
 * The syntax is chosen so that Twine keeps it as it is and an author can read it aloud:
 * a tag "set:told-school" on a passage, and on a line "{if told-school}", "{if not
 * told-school}", "{if a and not b}" or "{set told-school}". Only groups that start with
 * "{if " or "{set " at the start or the end of a line are read; any other brace is text.
 * The groups are blanked out of a copy of the line rather than cut, so the links and
 * text after them keep their columns for messages (flag names are ASCII, so one byte is
 * one column). Flag names are compared without caring about capital letters.
 *
 * The checks (wz_flags_check) are here too: they need nothing but the model and keep the
 * exploration's state table to this file.
 */
#include "wz_flags.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "wz_reader.h"
#include "wz_scenario.h"
#include "wz_util.h"

typedef struct flag_entry {
    char name[WZ_FLAG_NAME_MAX + 1];
    int set, used;                            /* seen set / tested somewhere */
    int set_line, set_col, use_line, use_col; /* the first of each */
} flag_entry;

struct wz_flag_table {
    flag_entry e[WZ_MAX_FLAGS];
    int n;
    int full_reported; /* the "too many flags" error is given once */
};

int wz_cond_holds(wz_cond c, wz_flags f)
{
    return (f & c.need_set) == c.need_set && (f & c.need_clear) == 0;
}

int wz_cond_always(wz_cond c)
{
    return c.need_set == 0 && c.need_clear == 0;
}

void wz_flag_table_free(wz_flag_table *t)
{
    free(t);
}

int wz_flag_count(const wz_scenario *sc)
{
    return sc && sc->flags ? sc->flags->n : 0;
}

const char *wz_flag_name(const wz_scenario *sc, int i)
{
    return i >= 0 && i < wz_flag_count(sc) ? sc->flags->e[i].name : NULL;
}

int wz_flag_find(const wz_scenario *sc, const char *name)
{
    for (int i = 0; i < wz_flag_count(sc); i++)
        if (strcasecmp(sc->flags->e[i].name, name) == 0) return i;
    return -1;
}

int wz_flag_first_set(const wz_scenario *sc, int i, int *line, int *col)
{
    if (i < 0 || i >= wz_flag_count(sc) || !sc->flags->e[i].set) return 0;
    *line = sc->flags->e[i].set_line;
    *col = sc->flags->e[i].set_col;
    return 1;
}

int wz_flag_first_use(const wz_scenario *sc, int i, int *line, int *col)
{
    if (i < 0 || i >= wz_flag_count(sc) || !sc->flags->e[i].used) return 0;
    *line = sc->flags->e[i].use_line;
    *col = sc->flags->e[i].use_col;
    return 1;
}

char *wz_flags_describe(const wz_scenario *sc, wz_flags f)
{
    wz_buf b;
    wz_buf_init(&b, 0);
    for (int i = 0; i < wz_flag_count(sc); i++)
        if (f & ((wz_flags)1 << i))
            wz_buf_printf(&b, "%s%s", b.len ? ", " : "", wz_flag_name(sc, i));
    if (!b.len) wz_buf_puts(&b, "nothing");
    return wz_buf_steal(&b);
}

char *wz_cond_describe(const wz_scenario *sc, wz_cond c)
{
    wz_buf b;
    wz_buf_init(&b, 0);
    for (int i = 0; i < wz_flag_count(sc); i++) {
        wz_flags bit = (wz_flags)1 << i;
        if (c.need_set & bit) wz_buf_printf(&b, "%s%s", b.len ? " and " : "", wz_flag_name(sc, i));
        if (c.need_clear & bit)
            wz_buf_printf(&b, "%snot %s", b.len ? " and " : "", wz_flag_name(sc, i));
    }
    if (!b.len) wz_buf_puts(&b, "always");
    return wz_buf_steal(&b);
}

/* ---- names ---- */

static int name_char(char c)
{
    return isalnum((unsigned char)c) || c == '-' || c == '_';
}

/* 1 when s[0..n) is a flag name: a letter, then letters, digits, '-' and '_'. */
static int valid_name(const char *s, size_t n)
{
    if (n == 0 || n > WZ_FLAG_NAME_MAX || !isalpha((unsigned char)s[0])) return 0;
    for (size_t i = 0; i < n; i++)
        if (!name_char(s[i]) || (unsigned char)s[i] >= 0x80) return 0;
    return 1;
}

/* The flag called s[0..n), added when new; records a first set or use at line:col.
 * Returns its index, or -1 past WZ_MAX_FLAGS (reported once). */
static int intern(wz_scenario *sc, wz_diags *diags, const char *s, size_t n, int is_set, int line,
                  int col)
{
    if (!sc->flags) sc->flags = wz_xcalloc(1, sizeof(*sc->flags));
    wz_flag_table *t = sc->flags;
    int i = 0;
    while (i < t->n && !(strlen(t->e[i].name) == n && strncasecmp(t->e[i].name, s, n) == 0))
        i++;
    if (i == t->n) {
        if (t->n == WZ_MAX_FLAGS) {
            if (!t->full_reported)
                wz_diag_add(diags, WZ_ERROR, sc->file, line, col,
                            "a scenario can remember at most %d flags; \"%.*s\" and any after "
                            "it are not remembered",
                            WZ_MAX_FLAGS, (int)n, s);
            t->full_reported = 1;
            return -1;
        }
        flag_entry *e = &t->e[t->n++];
        memset(e, 0, sizeof(*e));
        for (size_t k = 0; k < n; k++)
            e->name[k] = (char)tolower((unsigned char)s[k]);
    }
    flag_entry *e = &t->e[i];
    if (is_set && !e->set) {
        e->set = 1;
        e->set_line = line;
        e->set_col = col;
    } else if (!is_set && !e->used) {
        e->used = 1;
        e->use_line = line;
        e->use_col = col;
    }
    return i;
}

/* ---- tags ---- */

void wz_flags_read_tags(wz_scenario *sc, wz_passage *p, wz_diags *diags)
{
    p->sets = 0;
    for (int t = 0; t < p->ntags; t++) {
        const char *tag = p->tags[t];
        if (strncasecmp(tag, "set:", 4) != 0) continue;
        const char *name = tag + 4;
        if (!valid_name(name, strlen(name))) {
            wz_diag_add(diags, WZ_ERROR, sc->file, p->line, p->column,
                        "the tag \"%s\" on \"%s\" should name a flag after \"set:\", made of "
                        "letters, digits and dashes (at most %d), such as set:told-school",
                        tag, p->name, WZ_FLAG_NAME_MAX);
            continue;
        }
        int i = intern(sc, diags, name, strlen(name), 1, p->line, p->column);
        if (i >= 0) p->sets |= (wz_flags)1 << i;
    }
}

/* ---- lines ---- */

typedef struct line_ctx {
    wz_scenario *sc;
    wz_passage *p;
    wz_diags *diags;
    const char *s; /* the line as written */
    int lineno;    /* its line in the passage text */
} line_ctx;

/* Position in the file of byte offset off of the line. */
static void pos_at(const line_ctx *c, size_t off, int *line, int *col)
{
    *line = c->lineno;
    *col = (int)wz_utf8_len(c->s, off) + 1;
    wz_passage_source_pos(c->p, line, col);
}

static int is_blank(char c)
{
    return c == ' ' || c == '\t' || c == ',' || c == '\r';
}

/* The next word of s[*i..e): its start in *w and its length (0 at the end). */
static size_t next_word(const char *s, size_t *i, size_t e, size_t *w)
{
    while (*i < e && is_blank(s[*i]))
        (*i)++;
    *w = *i;
    while (*i < e && !is_blank(s[*i]))
        (*i)++;
    return *i - *w;
}

/* The bit of the flag named at s[w..w+n), noting a set or a use there (0 past the limit). */
static wz_flags flag_at(const line_ctx *c, size_t w, size_t n, int is_set)
{
    int line, col;
    pos_at(c, w, &line, &col);
    int k = intern(c->sc, c->diags, c->s + w, n, is_set, line, col);
    return k >= 0 ? (wz_flags)1 << k : 0;
}

/* The body of "{if ...}" at s[b..e): names joined by "and", each maybe after "not". */
static int read_if(const line_ctx *c, size_t b, size_t e, wz_cond *cond)
{
    int want_name = 1, negate = 0, terms = 0;
    size_t i = b, w, n;
    while ((n = next_word(c->s, &i, e, &w)) > 0) {
        const char *word = c->s + w;
        if (want_name && !negate && n == 3 && strncasecmp(word, "not", 3) == 0) {
            negate = 1;
        } else if (!want_name && n == 3 && strncasecmp(word, "and", 3) == 0) {
            want_name = 1;
        } else if (want_name && valid_name(word, n)) {
            if (negate)
                cond->need_clear |= flag_at(c, w, n, 0);
            else
                cond->need_set |= flag_at(c, w, n, 0);
            want_name = negate = 0;
            terms++;
        } else {
            return -1;
        }
    }
    return want_name || terms == 0 ? -1 : 0;
}

/* The body of "{set ...}" at s[b..e): one or more names. */
static int read_set(const line_ctx *c, size_t b, size_t e, wz_flags *sets)
{
    int names = 0;
    size_t i = b, w, n;
    while ((n = next_word(c->s, &i, e, &w)) > 0) {
        if (!valid_name(c->s + w, n)) return -1;
        *sets |= flag_at(c, w, n, 1);
        names++;
    }
    return names > 0 ? 0 : -1;
}

/* When s[at..n) starts with "{if " or "{set " and its "}" is on the line, reads it and
 * returns the offset after the "}"; else 0 (not ours: it stays text). */
static size_t read_group(const line_ctx *c, size_t at, size_t n, wz_cond *cond, wz_flags *sets,
                         int *had_set)
{
    const char *s = c->s + at;
    size_t m = n - at, kw;
    if (m >= 4 && strncasecmp(s, "{if", 3) == 0 && s[3] && strchr(" \t}", s[3]))
        kw = 3;
    else if (m >= 5 && strncasecmp(s, "{set", 4) == 0 && s[4] && strchr(" \t}", s[4]))
        kw = 4;
    else
        return 0;
    const char *close = memchr(s, '}', m);
    const char *open = memchr(s + 1, '{', m - 1);
    if (!close || (open && open < close)) return 0;
    size_t b = at + kw, e = at + (size_t)(close - s);
    int line, col;
    pos_at(c, at, &line, &col);
    if (kw == 3 && read_if(c, b, e, cond) != 0)
        wz_diag_add(c->diags, WZ_ERROR, c->sc->file, line, col,
                    "the kiosk does not understand the condition \"%.*s\"; write a flag's name, "
                    "such as {if told-school}, {if not told-school} or {if told-school and not "
                    "said-no} (names are letters, digits and dashes)",
                    (int)(e + 1 - at), s);
    if (kw == 4) {
        *had_set = 1;
        if (read_set(c, b, e, sets) != 0)
            wz_diag_add(c->diags, WZ_ERROR, c->sc->file, line, col,
                        "the kiosk does not understand \"%.*s\"; write the names of the flags "
                        "to set, such as {set told-school} (names are letters, digits and "
                        "dashes)",
                        (int)(e + 1 - at), s);
    }
    return e + 1;
}

/* The "{" of the group that ends at s[end-1] == '}', or (size_t)-1 when there is none. */
static size_t group_start(const char *s, size_t lo, size_t end)
{
    for (size_t i = end - 1; i-- > lo;) {
        if (s[i] == '{') return i;
        if (s[i] == '}') break;
    }
    return (size_t)-1;
}

static int has_link(const char *s, size_t n)
{
    for (size_t k = 0; k + 1 < n; k++)
        if (s[k] == '[' && s[k + 1] == '[') return 1;
    return 0;
}

/* Warnings about a line once its groups are read: groups that do nothing, and ones in the
 * middle of the line, which are shown as text. */
static void line_warnings(const line_ctx *c, const char *out, size_t n, int had_group, int had_set)
{
    int line, col;
    size_t i = 0;
    while (i < n && (out[i] == ' ' || out[i] == '\t' || out[i] == '\r'))
        i++;
    if (had_group && i == n) {
        pos_at(c, 0, &line, &col);
        wz_diag_add(c->diags, WZ_WARNING, c->sc->file, line, col,
                    "a {if ...} or {set ...} applies to the rest of its own line, and this "
                    "line has nothing else; put it in front of the text, message or choice it "
                    "is about");
        return;
    }
    if (had_set && !has_link(out, n)) {
        pos_at(c, i, &line, &col);
        wz_diag_add(c->diags, WZ_WARNING, c->sc->file, line, col,
                    "a {set ...} is only read on the line of a choice, and this line has none; "
                    "to set a flag when a passage is shown, tag the passage set:name");
    }
    for (size_t k = 0; k + 4 <= n; k++) {
        if (out[k] != '{') continue;
        if (strncasecmp(out + k, "{if ", 4) == 0 ||
            (k + 5 <= n && strncasecmp(out + k, "{set ", 5) == 0)) {
            pos_at(c, k, &line, &col);
            wz_diag_add(c->diags, WZ_WARNING, c->sc->file, line, col,
                        "a {if ...} or {set ...} is only read at the start or the end of a "
                        "line; this one is in the middle, so visitors would see it as text");
            return;
        }
    }
}

char *wz_flags_read_line(wz_scenario *sc, wz_passage *p, wz_diags *diags, const char *s, size_t n,
                         int lineno, wz_cond *cond, wz_flags *sets)
{
    memset(cond, 0, sizeof(*cond));
    *sets = 0;
    if (!memchr(s, '{', n)) return NULL;
    line_ctx c = {sc, p, diags, s, lineno};
    char *out = wz_xstrndup(s, n);
    int had_group = 0, had_set = 0;
    size_t i = 0, end, lo;
    for (;;) { /* groups at the start */
        while (i < n && (s[i] == ' ' || s[i] == '\t'))
            i++;
        if (i >= n || s[i] != '{' || !(end = read_group(&c, i, n, cond, sets, &had_set))) break;
        memset(out + i, ' ', end - i);
        had_group = 1;
        i = end;
    }
    lo = i;
    end = n;
    for (;;) { /* groups at the end */
        while (end > lo && (s[end - 1] == ' ' || s[end - 1] == '\t' || s[end - 1] == '\r'))
            end--;
        if (end <= lo || s[end - 1] != '}') break;
        size_t at = group_start(s, lo, end);
        if (at == (size_t)-1 || read_group(&c, at, n, cond, sets, &had_set) != end) break;
        memset(out + at, ' ', end - at);
        had_group = 1;
        end = at;
    }
    line_warnings(&c, out, n, had_group, had_set);
    if (had_group) return out;
    free(out);
    return NULL;
}

/* ---- exploring (passage, flags) states ---- */

typedef struct xstate {
    int passage;
    wz_flags flags;
} xstate;

/* Every state met, in the order met: the breadth-first queue and, through an open-address
 * index of positions, the set of states already seen. */
typedef struct explorer {
    xstate *q;
    size_t n, qcap;
    int *slot; /* position in q + 1; 0 is empty */
    size_t scap;
} explorer;

static size_t state_hash(int passage, wz_flags flags)
{
    unsigned long long h = wz_hash(WZ_HASH_INIT, &passage, sizeof(passage));
    return (size_t)wz_hash(h, &flags, sizeof(flags));
}

static void slot_put(explorer *x, size_t pos)
{
    size_t m = x->scap - 1, i = state_hash(x->q[pos].passage, x->q[pos].flags) & m;
    while (x->slot[i])
        i = (i + 1) & m;
    x->slot[i] = (int)pos + 1;
}

/* Adds the state unless it was seen; returns 1 when it was new. */
static int visit(explorer *x, int passage, wz_flags flags)
{
    if (x->scap) {
        size_t m = x->scap - 1;
        for (size_t i = state_hash(passage, flags) & m; x->slot[i]; i = (i + 1) & m) {
            const xstate *s = &x->q[x->slot[i] - 1];
            if (s->passage == passage && s->flags == flags) return 0;
        }
    }
    if (x->n == x->qcap) {
        x->qcap = x->qcap ? x->qcap * 2 : 256;
        x->q = wz_xrealloc(x->q, x->qcap * sizeof(*x->q));
    }
    x->q[x->n].passage = passage;
    x->q[x->n].flags = flags;
    x->n++;
    if (x->n * 2 > x->scap) { /* keep the index at most half full */
        free(x->slot);
        x->scap = x->scap ? x->scap * 2 : 1024;
        while (x->n * 2 > x->scap)
            x->scap *= 2;
        x->slot = wz_xcalloc(x->scap, sizeof(*x->slot));
        for (size_t k = 0; k < x->n; k++)
            slot_put(x, k);
    } else {
        slot_put(x, x->n - 1);
    }
    return 1;
}

static void report_stuck(const wz_scenario *sc, const wz_passage *p, wz_flags f, wz_diags *d)
{
    char *have = wz_flags_describe(sc, f);
    wz_diag_add(d, WZ_ERROR, sc->file, p->line, p->column,
                "the passage \"%s\" shows no choice to a visitor who reaches it remembering "
                "%s: every choice here has a {if ...} that does not hold then; add a choice "
                "for that case, or one without {if ...}",
                p->name, have);
    free(have);
}

static void report_choices(const wz_scenario *sc, const wz_passage *p, wz_flags f, int shown,
                           wz_diags *d)
{
    char *have = wz_flags_describe(sc, f);
    wz_diag_add(d, WZ_ERROR, sc->file, p->line, p->column,
                "the passage \"%s\" shows %d choices to a visitor who reaches it remembering "
                "%s; the screen has room for %d, so give some of them a {if ...}",
                p->name, shown, have, WZ_MAX_CHOICES);
    free(have);
}

/* Breadth first from the start; each passage's first problem is reported once. */
static void explore(const wz_scenario *sc, wz_diags *d, int max_states)
{
    explorer x = {0};
    char *reported = wz_xcalloc((size_t)sc->npassages, 1);
    const wz_passage *start = &sc->passages[sc->start_index];
    visit(&x, sc->start_index, start->sets);
    size_t next = 0;
    int stopped = 0;
    for (; next < x.n && !stopped; next++) {
        xstate s = x.q[next];
        const wz_passage *p = &sc->passages[s.passage];
        if (p->role == WZ_ROLE_ENDING || p->role == WZ_ROLE_HELP || p->role == WZ_ROLE_SPECIAL)
            continue;
        int shown = 0;
        for (int k = 0; k < p->nchoices; k++) {
            const wz_choice *c = &p->choices[k];
            if (!wz_cond_holds(c->cond, s.flags)) continue;
            shown++;
            if (c->target_index < 0) continue;
            wz_flags f = s.flags | c->sets | sc->passages[c->target_index].sets;
            if (x.n >= (size_t)max_states) {
                stopped = 1;
                break;
            }
            visit(&x, c->target_index, f);
        }
        if (!reported[s.passage] && p->nchoices > 0 && shown == 0) {
            report_stuck(sc, p, s.flags, d);
            reported[s.passage] = 1;
        } else if (!reported[s.passage] && shown > WZ_MAX_CHOICES &&
                   wz_flags_conditional_choices(p) > 0) {
            report_choices(sc, p, s.flags, shown, d);
            reported[s.passage] = 1;
        }
    }
    if (stopped)
        wz_diag_add(d, WZ_WARNING, sc->file, sc->story_line, sc->story_column,
                    "the checker stopped after %d ways through this story (a passage and what "
                    "the visitor remembers there), so passages further on were not all checked "
                    "for a missing choice; fewer flags make a story easier to check",
                    max_states);
    free(reported);
    free(x.q);
    free(x.slot);
}

void wz_flags_check(const wz_scenario *sc, wz_diags *diags, int max_states)
{
    int n = wz_flag_count(sc);
    if (n == 0) return;
    for (int i = 0; i < n; i++) {
        const flag_entry *e = &sc->flags->e[i];
        if (e->used && !e->set)
            wz_diag_add(diags, WZ_WARNING, sc->file, e->use_line, e->use_col,
                        "nothing sets the flag \"%s\", so a {if %s} is never true; tag a "
                        "passage set:%s or put {set %s} on a choice (or check the spelling)",
                        e->name, e->name, e->name, e->name);
        else if (e->set && !e->used)
            wz_diag_add(diags, WZ_WARNING, sc->file, e->set_line, e->set_col,
                        "the flag \"%s\" is set here but nothing tests it; show something "
                        "with {if %s}, for example in an ending, or remove it",
                        e->name, e->name);
    }
    if (sc->start_index >= 0 && sc->start_index < sc->npassages && max_states > 0)
        explore(sc, diags, max_states);
}

int wz_flags_conditional_choices(const wz_passage *p)
{
    int n = 0;
    for (int k = 0; k < p->nchoices; k++)
        n += !wz_cond_always(p->choices[k].cond);
    return n;
}

int wz_flags_is_tag(const char *tag)
{
    return strncasecmp(tag, "set:", 4) == 0;
}

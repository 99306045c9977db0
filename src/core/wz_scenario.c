/*
 * wz_scenario: building, freeing and looking up the scenario model, and the front door
 * that picks a reader (wz_scenario_load / wz_scenario_parse).
 *
 * The readers only fill what the file says (wz_twee.c, wz_html.c); the rules they share
 * live here behind wz_reader.h, so a Twee file and the same story published from Twine
 * cannot drift apart. Before any reader runs, the input is checked as text: a UTF-16 byte
 * order mark or a NUL byte means "not a UTF-8 text file" (nothing is read, NULL), and
 * invalid UTF-8 is an error at the first bad byte, after which each bad byte is read as
 * U+FFFD so the author still sees every other problem in one pass, at the same lines and
 * columns.
 */
#include "wz_scenario.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "wz_reader.h"
#include "wz_sound.h"
#include "wz_util.h"
#include "wz_validate.h"

/* ---- building ---- */

wz_scenario *wz_scenario_new(const char *file)
{
    wz_scenario *sc = wz_xcalloc(1, sizeof *sc);
    sc->file = wz_xstrdup(file ? file : "<input>");
    sc->dir = wz_path_dirname(sc->file);
    sc->start_index = -1;
    sc->help_index = -1;
    sc->nstories = 1;
    sc->story_line = sc->story_column = 1;
    return sc;
}

/* Arrays grow by doubling; their capacity is the next power of two of the count, so the
 * public structs need no capacity field. */
static int needs_growth(int n)
{
    return n == 0 || (n & (n - 1)) == 0;
}

wz_passage *wz_scenario_add_passage(wz_scenario *sc, const char *name, const char *text, int line,
                                    int text_line)
{
    if (needs_growth(sc->npassages)) {
        size_t cap = sc->npassages ? (size_t)sc->npassages * 2 : 8;
        sc->passages = wz_xrealloc(sc->passages, cap * sizeof *sc->passages);
    }
    wz_passage *p = &sc->passages[sc->npassages];
    memset(p, 0, sizeof *p);
    p->name = wz_xstrdup(name ? name : "");
    p->text = wz_xstrdup(text ? text : "");
    p->line = line;
    p->column = 1;
    p->text_line = text_line;
    p->pid = sc->npassages + 1;
    p->role = WZ_ROLE_NARRATION;
    p->cls = WZ_CLASS_NONE;
    sc->npassages++;
    return p;
}

void wz_passage_add_tag(wz_passage *p, const char *tag)
{
    if (needs_growth(p->ntags)) {
        size_t cap = p->ntags ? (size_t)p->ntags * 2 : 4;
        p->tags = wz_xrealloc(p->tags, cap * sizeof *p->tags);
    }
    p->tags[p->ntags++] = wz_xstrdup(tag ? tag : "");
}

static void passage_free(wz_passage *p)
{
    free(p->name);
    for (int i = 0; i < p->ntags; i++)
        free(p->tags[i]);
    free(p->tags);
    free(p->text);
    free(p->position);
    free(p->size);
    wz_text_map_free(p->map);
    wz_reader_free_parts(p); /* parts and choices */
}

void wz_scenario_free(wz_scenario *sc)
{
    if (!sc) return;
    free(sc->file);
    free(sc->dir);
    free(sc->title);
    free(sc->ifid);
    free(sc->format);
    free(sc->format_version);
    free(sc->start);
    free(sc->summary);
    free(sc->topic);
    free(sc->language);
    free(sc->thumbnail);
    free(sc->content_note);
    free(sc->variant_of);
    free(sc->objectives);
    free(sc->review);
    wz_flag_table_free(sc->flags);
    for (int i = 0; i < sc->ncharacters; i++) {
        free(sc->characters[i].name);
        free(sc->characters[i].avatar);
        free(sc->characters[i].colour);
    }
    free(sc->characters);
    for (int i = 0; i < sc->npassages; i++)
        passage_free(&sc->passages[i]);
    free(sc->passages);
    free(sc);
}

/* ---- looking up ---- */

int wz_scenario_find(const wz_scenario *sc, const char *name)
{
    if (!sc || !name) return -1;
    for (int i = 0; i < sc->npassages; i++) {
        const char *n = sc->passages[i].name;
        if (n[0] == name[0] && strcmp(n, name) == 0) return i;
    }
    return -1;
}

int wz_passage_has_tag(const wz_passage *p, const char *tag)
{
    if (!p || !tag) return 0;
    for (int i = 0; i < p->ntags; i++)
        if (strcmp(p->tags[i], tag) == 0) return 1;
    return 0;
}

const char *wz_role_name(wz_role r)
{
    static const char *const names[] = {"narration", "chat", "spot",   "feedback",
                                        "ending",    "help", "special"};
    if ((unsigned)r < WZ_ARRAY_LEN(names)) return names[r];
    return "unknown";
}

const char *wz_class_name(wz_class c)
{
    static const char *const names[] = {"none", "safe", "risky", "mixed", "neutral"};
    if ((unsigned)c < WZ_ARRAY_LEN(names)) return names[c];
    return "unknown";
}

static const struct {
    unsigned bit;
    const char *name;
} audiences[] = {
    {WZ_AUD_8_11, "8-11"},
    {WZ_AUD_12_15, "12-15"},
    {WZ_AUD_16_PLUS, "16+"},
    {WZ_AUD_PARENTS, "parents"},
};

const char *wz_audience_name(unsigned bit)
{
    for (size_t i = 0; i < WZ_ARRAY_LEN(audiences); i++)
        if (audiences[i].bit == bit) return audiences[i].name;
    return NULL;
}

unsigned wz_audience_parse(const char *name)
{
    if (!name) return 0;
    char *t = wz_str_trim_dup(name, strlen(name));
    unsigned bit = 0;
    for (size_t i = 0; i < WZ_ARRAY_LEN(audiences) && !bit; i++)
        if (wz_str_ieq(t, audiences[i].name)) bit = audiences[i].bit;
    free(t);
    return bit;
}

/* ---- shared by the readers (wz_reader.h) ---- */

void wz_reader_free_parts(wz_passage *p)
{
    wz_sound_free_clips(p);
    for (int i = 0; i < p->nparts; i++) {
        free(p->parts[i].text);
        free(p->parts[i].sender);
        free(p->parts[i].image);
        free(p->parts[i].why);
    }
    free(p->parts);
    p->parts = NULL;
    p->nparts = 0;
    for (int i = 0; i < p->nchoices; i++) {
        free(p->choices[i].label);
        free(p->choices[i].target);
    }
    free(p->choices);
    p->choices = NULL;
    p->nchoices = 0;
}

wz_passage *wz_reader_add_passage(wz_scenario *sc, wz_diags *diags, const char *name,
                                  const char *text, int line, int col, int text_line)
{
    size_t n = strlen(name);
    if (n == 0) {
        wz_diag_add(diags, WZ_ERROR, sc->file, line, col,
                    "this passage has no name; give it one (passage names are how links "
                    "find it)");
        return NULL;
    }
    if (sc->npassages >= WZ_MAX_PASSAGES) {
        wz_diag_add(diags, WZ_ERROR, sc->file, line, col,
                    "this story has more than %d passages, the limit for one scenario; the "
                    "rest are not read (split it into several scenarios)",
                    WZ_MAX_PASSAGES);
        return NULL;
    }
    /* A name past the limit is kept (so links to it still find it) but is an error. */
    int chars = (int)wz_utf8_len(name, n);
    if (chars > WZ_MAX_NAME_CHARS)
        wz_diag_add(diags, WZ_ERROR, sc->file, line, col,
                    "this passage name is %d characters long, past the limit of %d characters "
                    "for a name; shorten it",
                    chars, WZ_MAX_NAME_CHARS);
    const char *meta = strpbrk(name, "[]|");
    if (meta)
        wz_diag_add(diags, WZ_WARNING, sc->file, line, col,
                    "the passage name \"%s\" contains '%c'; links to it will not work in "
                    "Twine, so leave out [, ] and |",
                    name, *meta);
    return wz_scenario_add_passage(sc, name, text, line, text_line);
}

int wz_reader_add_tag(wz_scenario *sc, wz_diags *diags, wz_passage *p, const char *tag, int line,
                      int col, int *reported)
{
    if (p->ntags >= WZ_MAX_TAGS) {
        if (!*reported)
            wz_diag_add(diags, WZ_ERROR, sc->file, line, col,
                        "the passage \"%s\" has more than %d tags, the limit for one passage; "
                        "the rest are ignored",
                        p->name, WZ_MAX_TAGS);
        *reported = 1;
        return -1;
    }
    wz_passage_add_tag(p, tag);
    return 0;
}

char *wz_reader_ifid(const char *s)
{
    char *r = wz_xstrdup(s);
    for (char *c = r; *c; c++)
        if (*c >= 'a' && *c <= 'z') *c = (char)(*c - 'a' + 'A');
    return r;
}

typedef struct {
    const char *name;
    int index;
} name_ref;

static int name_ref_cmp(const void *a, const void *b)
{
    const name_ref *x = a, *y = b;
    int c = strcmp(x->name, y->name);
    if (c) return c;
    return (x->index > y->index) - (x->index < y->index);
}

static void remove_duplicates(wz_scenario *sc, wz_diags *diags)
{
    int n = sc->npassages;
    if (n < 2) return;
    name_ref *refs = wz_xmalloc((size_t)n * sizeof *refs);
    for (int i = 0; i < n; i++) {
        refs[i].name = sc->passages[i].name;
        refs[i].index = i;
    }
    qsort(refs, (size_t)n, sizeof *refs, name_ref_cmp);
    char *dup = wz_xcalloc((size_t)n, 1);
    int ndup = 0;
    for (int i = 1; i < n; i++) {
        int first = i - 1;
        while (i < n && strcmp(refs[i].name, refs[first].name) == 0) {
            const wz_passage *a = &sc->passages[refs[first].index];
            const wz_passage *b = &sc->passages[refs[i].index];
            wz_diag_add(diags, WZ_ERROR, sc->file, b->line, b->column,
                        "there is already a passage called \"%s\" (line %d); passage names must "
                        "be unique, so rename one of them (this one is ignored)",
                        b->name, a->line);
            dup[refs[i].index] = 1;
            ndup++;
            i++;
        }
    }
    if (ndup) {
        int w = 0;
        for (int i = 0; i < n; i++) {
            if (dup[i])
                passage_free(&sc->passages[i]);
            else
                sc->passages[w++] = sc->passages[i];
        }
        sc->npassages = w;
    }
    free(dup);
    free(refs);
}

void wz_reader_finish(wz_scenario *sc, wz_diags *diags, int assign_pids, const char *none)
{
    remove_duplicates(sc, diags);
    if (assign_pids)
        for (int i = 0; i < sc->npassages; i++)
            sc->passages[i].pid = i + 1;
    if (!sc->start) sc->start = wz_xstrdup("Start");
    sc->start_index = wz_scenario_find(sc, sc->start);
    if (sc->npassages == 0 && none)
        wz_diag_add(diags, WZ_ERROR, sc->file, sc->story_line, sc->story_column, "%s", none);
}

struct wz_text_map {
    struct anchor {
        int k, c, line, col;
    } * a;
    int n, cap;
};

wz_text_map *wz_text_map_new(void)
{
    return wz_xcalloc(1, sizeof(wz_text_map));
}

void wz_text_map_add(wz_text_map *m, int k, int c, int line, int col)
{
    if (m->n == m->cap) {
        m->cap = m->cap ? m->cap * 2 : 8;
        m->a = wz_xrealloc(m->a, (size_t)m->cap * sizeof *m->a);
    }
    m->a[m->n++] = (struct anchor){k, c, line, col};
}

void wz_text_map_free(wz_text_map *m)
{
    if (!m) return;
    free(m->a);
    free(m);
}

void wz_passage_source_pos(const wz_passage *p, int *line, int *col)
{
    const wz_text_map *m = p->map;
    if (!m || m->n == 0) return;
    int k = *line - p->text_line, c = *col;
    /* The last anchor at or before (k, c): a binary search, as a passage may hold
     * thousands of entities. */
    int lo = 0, hi = m->n - 1, best = 0;
    while (lo <= hi) {
        int mid = lo + (hi - lo) / 2;
        const struct anchor *a = &m->a[mid];
        if (a->k < k || (a->k == k && a->c <= c)) {
            best = mid;
            lo = mid + 1;
        } else {
            hi = mid - 1;
        }
    }
    const struct anchor *a = &m->a[best];
    if (a->k != k) return; /* not in the text: leave it as it is */
    *line = a->line;
    *col = a->col + (c - a->c);
}

void wz_passage_each_line(const wz_passage *p, wz_line_fn fn, void *ctx)
{
    const char *s = p->text ? p->text : "";
    int line = p->text_line;
    for (;;) {
        const char *nl = strchr(s, '\n');
        size_t n = nl ? (size_t)(nl - s) : strlen(s);
        size_t i = 0, m = n;
        while (i < n && (s[i] == ' ' || s[i] == '\t'))
            i++;
        while (m > i && (s[m - 1] == ' ' || s[m - 1] == '\t' || s[m - 1] == '\r'))
            m--;
        if (m > i) fn(ctx, s + i, m - i, line, (int)i + 1); /* i ASCII blanks before it */
        if (!nl) break;
        s = nl + 1;
        line++;
    }
}

int wz_scenario_pick(wz_scenario *const *scs, int n, const wz_diag *d)
{
    int to = -1;
    for (int s = 0; s < n; s++) {
        if (!scs[s] || strcmp(scs[s]->file, d->file) != 0) continue;
        if (to < 0 || scs[s]->story_line < d->line ||
            (scs[s]->story_line == d->line && scs[s]->story_column <= d->column))
            to = s;
    }
    return to;
}

void wz_reader_route(wz_diags *all, wz_scenario *const *stories, wz_diags *each, int n)
{
    int lost_errors = all->errors, lost_warnings = all->warnings; /* past WZ_DIAGS_MAX */
    for (int i = 0; i < all->count; i++) {
        const wz_diag *g = &all->items[i];
        int to = wz_scenario_pick(stories, n, g);
        wz_diag_add(&each[to < 0 ? 0 : to], g->severity, g->file, g->line, g->column, "%s",
                    g->message);
        if (g->severity == WZ_ERROR)
            lost_errors--;
        else
            lost_warnings--;
    }
    each[0].errors += lost_errors;
    each[0].warnings += lost_warnings;
    wz_diags_free(all);
}

/* ---- reading ---- */

/* Line and column (in characters) of byte offset `off` in data. */
static void position_of(const char *data, size_t off, int *line, int *col)
{
    int l = 1;
    size_t start = 0;
    for (size_t i = 0; i < off; i++) {
        if (data[i] == '\n' || (data[i] == '\r' && (i + 1 >= off || data[i + 1] != '\n'))) {
            l++;
            start = i + 1;
        }
    }
    *line = l;
    *col = (int)wz_utf8_len(data + start, off - start) + 1;
}

/*
 * Checks that data is text. Returns 0 when it is valid UTF-8 (*fixed stays NULL), 1 when
 * it was repaired (*fixed: a new copy with each bad byte replaced by U+FFFD, *fixed_len),
 * or -1 when it holds a NUL byte (not a text file). Errors go to diags.
 */
static int check_text(const char *file, const char *data, size_t len, wz_diags *diags, char **fixed,
                      size_t *fixed_len)
{
    int line, col;
    *fixed = NULL;
    if (len >= 2 && (((unsigned char)data[0] == 0xFF && (unsigned char)data[1] == 0xFE) ||
                     ((unsigned char)data[0] == 0xFE && (unsigned char)data[1] == 0xFF))) {
        wz_diag_add(diags, WZ_ERROR, file, 1, 1,
                    "this file is saved as UTF-16 (\"Unicode\" in some editors); save it "
                    "as UTF-8 instead");
        return -1;
    }
    const char *nul = memchr(data, '\0', len);
    if (nul) {
        position_of(data, (size_t)(nul - data), &line, &col);
        wz_diag_add(diags, WZ_ERROR, file, line, col,
                    "this file holds binary data (a NUL byte), not text; save the scenario "
                    "from Twine or a text editor as .twee or .html");
        return -1;
    }
    size_t bad = wz_utf8_check(data, len);
    if (bad >= len) return 0;
    position_of(data, bad, &line, &col);
    wz_diag_add(diags, WZ_ERROR, file, line, col,
                "this file is not valid UTF-8 text (first bad byte here); save it as UTF-8 "
                "in your editor (bad bytes are shown as \xEF\xBF\xBD)");
    wz_buf b;
    wz_buf_init(&b, 0);
    size_t pos = 0;
    while (pos < len) {
        size_t ok = wz_utf8_check(data + pos, len - pos);
        wz_buf_append(&b, data + pos, ok);
        pos += ok;
        if (pos < len) {
            wz_buf_put_utf8(&b, 0xFFFD);
            pos++;
        }
    }
    *fixed_len = b.len;
    *fixed = wz_buf_steal(&b);
    return 1;
}

int wz_scenario_parse_all(const char *file, const char *data, size_t len, int html,
                          wz_diags *file_diags, wz_scenario ***out, wz_diags **out_diags)
{
    char *fixed = NULL;
    size_t fixed_len = 0;
    *out = NULL;
    *out_diags = NULL;
    if (!file) file = "<input>";
    if (!data) {
        data = "";
        len = 0;
    }
    wz_diags all;
    wz_diags_init(&all);
    if (check_text(file, data, len, &all, &fixed, &fixed_len) < 0) {
        wz_diags_move(file_diags, &all);
        return 0;
    }
    if (fixed) {
        data = fixed;
        len = fixed_len;
    }
    int n = 1;
    if (html) {
        n = wz_html_read_all(file, data, len, &all, out);
    } else {
        *out = wz_xcalloc(1, sizeof **out);
        (*out)[0] = wz_twee_read(file, data, len, &all);
    }
    free(fixed);
    *out_diags = wz_xcalloc((size_t)n, sizeof **out_diags);
    for (int i = 0; i < n; i++)
        wz_diags_init(&(*out_diags)[i]);
    wz_reader_route(&all, *out, *out_diags, n);
    for (int i = 0; i < n; i++) {
        wz_scenario_interpret((*out)[i], &(*out_diags)[i]);
        wz_validate((*out)[i], &(*out_diags)[i]);
    }
    return n;
}

/* Keeps the first of n stories (with its diagnostics, added to diags) and says when the
 * file held more. */
static wz_scenario *keep_first(wz_scenario **all, wz_diags *each, int n, wz_diags *diags)
{
    if (n == 0) return NULL;
    wz_scenario *first = all[0];
    wz_diags_move(diags, &each[0]);
    if (n > 1)
        wz_diag_add(diags, WZ_WARNING, first->file, first->story_line, first->story_column,
                    "this file holds %d stories (a Twine library archive); only the first, "
                    "\"%s\", is used here (wz-check and the kiosk read them all)",
                    n, first->title ? first->title : "");
    for (int i = 1; i < n; i++) {
        wz_scenario_free(all[i]);
        wz_diags_free(&each[i]);
    }
    free(all);
    free(each);
    return first;
}

wz_scenario *wz_scenario_parse(const char *file, const char *data, size_t len, int html,
                               wz_diags *diags)
{
    wz_scenario **all;
    wz_diags *each;
    int n = wz_scenario_parse_all(file, data, len, html, diags, &all, &each);
    return keep_first(all, each, n, diags);
}

char *wz_scenario_label(const wz_scenario *sc)
{
    if (sc->nstories <= 1) return wz_xstrdup(sc->file);
    return wz_xasprintf("%s (story %d of %d, \"%s\")", sc->file, sc->story + 1, sc->nstories,
                        sc->title ? sc->title : "");
}

/* Does s end in the lower-case suffix, in any case? */
static int ends_ci(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    if (k > n) return 0;
    for (size_t i = 0; i < k; i++) {
        char c = s[n - k + i];
        if (c >= 'A' && c <= 'Z') c = (char)(c - 'A' + 'a');
        if (c != suffix[i]) return 0;
    }
    return 1;
}

int wz_scenario_is_file_name(const char *name)
{
    static const char *const exts[] = {".twee", ".tw", ".html", ".htm"};
    size_t n = strlen(name);
    for (size_t i = 0; i < WZ_ARRAY_LEN(exts); i++) /* a name, not just the ending */
        if (n > strlen(exts[i]) && ends_ci(name, exts[i])) return 1;
    return 0;
}

int wz_scenario_load_all(const char *path, wz_diags *file_diags, wz_scenario ***out,
                         wz_diags **out_diags)
{
    *out = NULL;
    *out_diags = NULL;
    if (!wz_scenario_is_file_name(path)) {
        wz_diag_add(file_diags, WZ_ERROR, path, 1, 1,
                    "this is not a scenario file: scenarios end in .twee, .tw, .html or .htm");
        return 0;
    }
    int html = ends_ci(path, ".html") || ends_ci(path, ".htm");
    char *data = NULL;
    size_t len = 0;
    int rc = wz_read_file(path, WZ_MAX_FILE_BYTES, &data, &len);
    if (rc == -2) {
        wz_diag_add(file_diags, WZ_ERROR, path, 1, 1,
                    "this file is larger than %u MB, the most a scenario may be; move big "
                    "pictures out of it or split it",
                    WZ_MAX_FILE_BYTES / (1024u * 1024u));
        return 0;
    }
    if (rc != 0) {
        wz_diag_add(file_diags, WZ_ERROR, path, 1, 1, "cannot read this file: %s", strerror(errno));
        return 0;
    }
    int n = wz_scenario_parse_all(path, data, len, html, file_diags, out, out_diags);
    free(data);
    return n;
}

wz_scenario *wz_scenario_load(const char *path, wz_diags *diags)
{
    wz_scenario **all;
    wz_diags *each;
    int n = wz_scenario_load_all(path, diags, &all, &each);
    return keep_first(all, each, n, diags);
}

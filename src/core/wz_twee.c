/*
 * wz_twee: the Twee 3 reader (iftechfoundation/twine-specs, twee-3-specification.md),
 * plus the quirks of the Twee that Twine 2.6+ exports.
 *
 * One pass over the lines. A line that begins with "::" is a passage header; every other
 * line belongs to the passage above it. A header is parsed left to right by hand, not
 * with a pattern, so that each problem gets its own message at the right column:
 *   "::" name [tags] {metadata}
 * Names and tags undo backslash escapes (any "\x" reads as "x", so Twine's "\ " keeps
 * leading and trailing spaces of a name); unescaped spaces around the name are dropped.
 * The metadata block and StoryData are JSON and go to cJSON; bad JSON is a warning and
 * is discarded, as the specification recommends, so one typo never hides the passages.
 *
 * StoryTitle and StoryData are read into the scenario (title, ifid, format, start) and
 * are NOT kept as passages: a Twine 2 HTML file has no such passages, and both readers
 * must give the same passage list. Passages tagged script/stylesheet (Twine's StoryScript
 * and StoryStylesheet) are kept as ordinary passages; the HTML reader makes the same ones
 * from the story's <script> and <style>.
 *
 * Older Twee is read too, as the specification recommends: Twee 2's "<x,y>" position
 * block (after the tags, or after the name) becomes the position "x,y".
 *
 * Line endings may be LF, CRLF or a lone CR; a UTF-8 BOM is skipped. Content lines are
 * joined with "\n", trailing blank lines are dropped (the specification says they "must
 * be ignored"), and a content line starting "\::" reads as "::" (how Twine escapes text
 * that would otherwise look like a header; "\\::" reads as "\::", and so on). Leading blank lines
 * are kept, as written.
 */
#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "wz_reader.h"
#include "wz_scenario.h"
#include "wz_util.h"

enum { PENDING_NONE, PENDING_PASSAGE, PENDING_TITLE, PENDING_DATA, PENDING_SKIP };

typedef struct {
    wz_scenario *sc;
    wz_diags *diags;

    /* The passage being collected. */
    int kind;
    int index; /* PENDING_PASSAGE: its index in sc->passages */
    int line, text_line;
    wz_buf text;
    int nlines;  /* content lines so far */
    size_t keep; /* length of text up to its last non-blank line */

    int title_line, data_line; /* where StoryTitle / StoryData were, 0 when not yet seen */
    int warned_preamble;
} reader;

static int is_space(char c)
{
    return c == ' ' || c == '\t';
}

static int col_of(const char *h, size_t i)
{
    return (int)wz_utf8_len(h, i) + 1;
}

static int is_blank(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!is_space(s[i]) && s[i] != '\f' && s[i] != '\v') return 0;
    return 1;
}

/* Line and column of byte `off` of a passage's text (lines joined with "\n"). */
static void text_position(const char *text, size_t off, int text_line, int *line, int *col)
{
    int l = text_line;
    size_t start = 0;
    for (size_t i = 0; i < off; i++)
        if (text[i] == '\n') {
            l++;
            start = i + 1;
        }
    *line = l;
    *col = (int)wz_utf8_len(text + start, off - start) + 1;
}

/* Parses JSON in s[0..n) that must be an object with nothing after it. On failure returns
 * NULL and the byte offset of the problem in *err_off. */
static cJSON *parse_object(const char *s, size_t n, size_t *err_off)
{
    const char *end = NULL;
    cJSON *j = cJSON_ParseWithLengthOpts(s, n, &end, 0);
    if (!j) {
        *err_off = end && end >= s && end <= s + n ? (size_t)(end - s) : 0;
        return NULL;
    }
    size_t used = end && end >= s && end <= s + n ? (size_t)(end - s) : n;
    while (used < n && (is_space(s[used]) || s[used] == '\n' || s[used] == '\r'))
        used++;
    if (used < n || !cJSON_IsObject(j)) {
        *err_off = cJSON_IsObject(j) ? used : 0;
        cJSON_Delete(j);
        return NULL;
    }
    return j;
}

/* ---- StoryTitle and StoryData ---- */

static void read_title(reader *r, const char *text)
{
    char *t = wz_str_trim_dup(text, strlen(text));
    char *nl = strchr(t, '\n');
    if (nl) {
        wz_diag_add(r->diags, WZ_WARNING, r->sc->file, r->line, 1,
                    "StoryTitle should be one line; only the first line is used as the title");
        *nl = '\0';
        char *first = wz_str_trim_dup(t, strlen(t));
        free(t);
        t = first;
    }
    if (!t[0])
        wz_diag_add(r->diags, WZ_WARNING, r->sc->file, r->line, 1,
                    "StoryTitle is empty; write the scenario's title on the line below it");
    free(r->sc->title);
    r->sc->title = t;
}

static void data_warning(reader *r, const char *key, const char *what)
{
    wz_diag_add(r->diags, WZ_WARNING, r->sc->file, r->line, 1,
                "StoryData: \"%s\" should be %s; it is ignored", key, what);
}

static char *data_string(reader *r, const cJSON *obj, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (!v || cJSON_IsNull(v)) return NULL;
    if (!cJSON_IsString(v)) {
        data_warning(r, key, "text in quotes");
        return NULL;
    }
    return wz_xstrdup(v->valuestring);
}

static void read_story_data(reader *r, const char *text)
{
    wz_scenario *sc = r->sc;
    size_t n = strlen(text);
    size_t err = 0;
    cJSON *j = parse_object(text, n, &err);
    if (!j) {
        int line, col;
        text_position(text, err, r->text_line, &line, &col);
        wz_diag_add(r->diags, WZ_WARNING, sc->file, line, col,
                    "StoryData is not a valid JSON object (the problem is here), so it is "
                    "ignored and the scenario has no ifid or start passage; check the quotes, "
                    "commas and braces");
        return;
    }
    char *s = data_string(r, j, "ifid");
    if (s) {
        free(sc->ifid);
        sc->ifid = wz_reader_ifid(s);
        free(s);
    }
    if ((s = data_string(r, j, "format"))) {
        free(sc->format);
        sc->format = s;
    }
    if ((s = data_string(r, j, "format-version"))) {
        free(sc->format_version);
        sc->format_version = s;
    }
    if ((s = data_string(r, j, "start"))) {
        free(sc->start);
        sc->start = s;
    }
    const cJSON *colours = cJSON_GetObjectItemCaseSensitive(j, "tag-colors");
    if (colours && !cJSON_IsObject(colours)) {
        data_warning(r, "tag-colors", "an object such as {\"safe\": \"green\"}");
    } else if (colours) {
        const cJSON *c;
        cJSON_ArrayForEach(c, colours)
        {
            if (!cJSON_IsString(c))
                wz_diag_add(r->diags, WZ_WARNING, sc->file, r->line, 1,
                            "StoryData: the colour of tag \"%s\" should be text such as "
                            "\"green\"; it is ignored",
                            c->string ? c->string : "");
        }
    }
    const cJSON *zoom = cJSON_GetObjectItemCaseSensitive(j, "zoom");
    if (zoom && !cJSON_IsNumber(zoom)) data_warning(r, "zoom", "a number such as 1");
    cJSON_Delete(j);
}

/* ---- passages ---- */

static void flush(reader *r)
{
    r->text.len = r->keep;
    if (r->text.data) r->text.data[r->text.len] = '\0';
    char *text = wz_buf_steal(&r->text);
    if (!text) text = wz_xstrdup("");
    switch (r->kind) {
    case PENDING_PASSAGE: {
        wz_passage *p = &r->sc->passages[r->index];
        free(p->text);
        p->text = text;
        text = NULL;
        break;
    }
    case PENDING_TITLE:
        read_title(r, text);
        break;
    case PENDING_DATA:
        read_story_data(r, text);
        break;
    default:
        break;
    }
    free(text);
    wz_buf_init(&r->text, 0);
    r->keep = 0;
    r->kind = PENDING_NONE;
}

static void read_metadata(reader *r, wz_passage *p, const char *h, size_t i, size_t n)
{
    size_t m = n;
    while (m > i && is_space(h[m - 1]))
        m--;
    size_t err = 0;
    cJSON *j = parse_object(h + i, m - i, &err);
    if (!j) {
        wz_diag_add(r->diags, WZ_WARNING, r->sc->file, r->line, col_of(h, i + err),
                    "the passage's metadata block {...} is not valid JSON, so it is ignored "
                    "(it only holds the passage's place on the Twine map)");
        return;
    }
    if (!p) {
        cJSON_Delete(j);
        return;
    }
    static const char *const keys[] = {"position", "size"};
    for (int k = 0; k < 2; k++) {
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(j, keys[k]);
        if (!v) continue;
        if (!cJSON_IsString(v)) {
            wz_diag_add(r->diags, WZ_WARNING, r->sc->file, r->line, col_of(h, i),
                        "the passage's \"%s\" should be text such as \"600,400\"; it is "
                        "ignored",
                        keys[k]);
            continue;
        }
        char **field = k == 0 ? &p->position : &p->size;
        free(*field);
        *field = wz_xstrdup(v->valuestring);
    }
    cJSON_Delete(j);
}

/* Length of h[0..n) without trailing spaces. */
static size_t trim_end(const char *h, size_t n)
{
    while (n > 0 && is_space(h[n - 1]))
        n--;
    return n;
}

static int twee2_number(const char *s, size_t n, size_t *i)
{
    size_t start = *i;
    while (*i < n && s[*i] >= '0' && s[*i] <= '9')
        (*i)++;
    if (*i < n && s[*i] == '.') {
        (*i)++;
        while (*i < n && s[*i] >= '0' && s[*i] <= '9')
            (*i)++;
    }
    return *i > start;
}

/* A Twee 2 position block, exactly "<x,y>" (spaces allowed around the numbers), in
 * s[0..n): returns a new "x,y" string, or NULL when s[0..n) is not one. */
static char *twee2_pos(const char *s, size_t n)
{
    size_t i = 1, x0, x1, y0, y1;
    if (n < 5 || s[0] != '<' || s[n - 1] != '>') return NULL;
    while (i < n && is_space(s[i]))
        i++;
    x0 = i;
    if (!twee2_number(s, n, &i)) return NULL;
    x1 = i;
    while (i < n && is_space(s[i]))
        i++;
    if (i >= n || s[i] != ',') return NULL;
    i++;
    while (i < n && is_space(s[i]))
        i++;
    y0 = i;
    if (!twee2_number(s, n, &i)) return NULL;
    y1 = i;
    while (i < n && is_space(s[i]))
        i++;
    if (i != n - 1) return NULL;
    return wz_xasprintf("%.*s,%.*s", (int)(x1 - x0), s + x0, (int)(y1 - y0), s + y0);
}

/* Ends the tag being collected in `tag` (if any; it started at byte `at` of the header h)
 * and adds it to p. The column is worked out only for a message: counting it for every
 * tag would make a very long header line quadratic. */
static void end_tag(reader *r, wz_passage *p, wz_buf *tag, const char *h, size_t at, int *reported)
{
    if (tag->len == 0) return;
    if (memchr(tag->data, ' ', tag->len) || memchr(tag->data, '\t', tag->len))
        wz_diag_add(r->diags, WZ_WARNING, r->sc->file, r->line, col_of(h, at),
                    "the tag \"%s\" contains a space (written '\\ '); tags cannot contain "
                    "spaces, so Twine would read it as separate tags",
                    tag->data);
    if (p) {
        int col = p->ntags >= WZ_MAX_TAGS && !*reported ? col_of(h, at) : 0;
        wz_reader_add_tag(r->sc, r->diags, p, tag->data, r->line, col, reported);
    }
    tag->len = 0;
    tag->data[0] = '\0';
}

/* Reads a passage name from h[*i] up to an unescaped '[' or '{' (escapes undone,
 * unescaped spaces around it dropped). A Twee 2 "<x,y>" at its end is the map position:
 * *twee2 is set to "x,y" (new string) and it is cut from the name. Returns the name. */
static char *read_name(reader *r, const char *h, size_t n, size_t *i, char **twee2)
{
    wz_buf name;
    wz_buf_init(&name, 0);
    size_t significant = 0, escaped_end = 0; /* escaped_end: the last character was "\x" */
    int stray = 0;
    while (*i < n && h[*i] != '[' && h[*i] != '{') {
        if (h[*i] == '\\' && *i + 1 < n) {
            wz_buf_putc(&name, h[*i + 1]);
            significant = escaped_end = name.len;
            *i += 2;
            continue;
        }
        if ((h[*i] == ']' || h[*i] == '}') && !stray) {
            stray = 1;
            wz_diag_add(r->diags, WZ_WARNING, r->sc->file, r->line, col_of(h, *i),
                        "'%c' in a passage name should be written as '\\%c'", h[*i], h[*i]);
        }
        wz_buf_putc(&name, h[*i]);
        if (!is_space(h[*i])) significant = name.len;
        (*i)++;
    }
    name.len = significant;
    if (name.data) name.data[name.len] = '\0';
    *twee2 = NULL;
    /* Twee 2 wrote the map position after the name as "<x,y>" (no tags: it ends the name);
     * an escaped '>' ("\>") is part of the name. */
    if (name.data && name.len && name.data[name.len - 1] == '>' && escaped_end != name.len) {
        char *lt = strrchr(name.data, '<');
        if (lt && (*twee2 = twee2_pos(lt, (size_t)(name.data + name.len - lt)))) {
            while (lt > name.data && is_space(lt[-1]))
                lt--;
            *lt = '\0';
            name.len = (size_t)(lt - name.data);
        }
    }
    return name.data ? wz_buf_steal(&name) : wz_xstrdup("");
}

/* Starts the passage (or StoryTitle / StoryData) named nm. Returns the passage, NULL for
 * the special ones and a passage that is left out; *full when the passage limit is hit. */
static wz_passage *begin_passage(reader *r, const char *nm, int name_col, int *full)
{
    wz_scenario *sc = r->sc;
    *full = 0;
    r->text_line = r->line + 1; /* r->line: set by the caller */
    if (strcmp(nm, "StoryTitle") == 0 || strcmp(nm, "StoryData") == 0) {
        int title = nm[5] == 'T';
        int *seen = title ? &r->title_line : &r->data_line;
        if (*seen) {
            wz_diag_add(r->diags, WZ_ERROR, sc->file, r->line, name_col,
                        "there is already a %s passage (line %d); keep only one", nm, *seen);
            r->kind = PENDING_SKIP;
        } else {
            *seen = r->line;
            r->kind = title ? PENDING_TITLE : PENDING_DATA;
        }
        return NULL;
    }
    *full = sc->npassages >= WZ_MAX_PASSAGES;
    wz_passage *p = wz_reader_add_passage(sc, r->diags, nm, "", r->line, name_col, r->line + 1);
    if (p) {
        r->kind = PENDING_PASSAGE;
        r->index = sc->npassages - 1;
    } else {
        r->kind = PENDING_SKIP;
    }
    return p;
}

/* Reads the tag block at h[*i] == '[' into p (may be NULL). Returns 0, or -1 when it is
 * not closed (reported). */
static int read_tags(reader *r, wz_passage *p, const char *h, size_t n, size_t *i)
{
    int open_col = col_of(h, *i);
    wz_buf tag;
    wz_buf_init(&tag, 0);
    wz_buf_putc(&tag, 0);
    tag.len = 0;
    size_t tag_at = 0;
    int reported = 0, closed = 0, nested = 0;
    (*i)++;
    while (*i < n) {
        char c = h[*i];
        if (c == '\\' && *i + 1 < n) {
            if (tag.len == 0) tag_at = *i;
            wz_buf_putc(&tag, h[*i + 1]);
            *i += 2;
            continue;
        }
        if (c == ']') {
            closed = 1;
            (*i)++;
            break;
        }
        if (c == '[') {
            if (!nested)
                wz_diag_add(r->diags, WZ_ERROR, r->sc->file, r->line, col_of(h, *i),
                            "a '[' inside the tag list: tags are written once, as [tag1 "
                            "tag2]; if the '[' is part of a tag, write it as '\\['");
            nested = 1;
            (*i)++;
            continue;
        }
        if (is_space(c)) {
            end_tag(r, p, &tag, h, tag_at, &reported);
            (*i)++;
            continue;
        }
        if (tag.len == 0) tag_at = *i;
        wz_buf_putc(&tag, c);
        (*i)++;
    }
    end_tag(r, p, &tag, h, tag_at, &reported);
    wz_buf_free(&tag);
    if (!closed) {
        wz_diag_add(r->diags, WZ_ERROR, r->sc->file, r->line, open_col,
                    "the tag list that starts here with '[' is not closed: add ']' after "
                    "the last tag (or write '\\[' if the '[' belongs to the passage name)");
        return -1;
    }
    return 0;
}

/* Reads what follows the tags at h[i]: a metadata block, a Twee 2 position, or nothing. */
static void read_after_tags(reader *r, wz_passage *p, const char *h, size_t n, size_t i)
{
    while (i < n && is_space(h[i]))
        i++;
    if (i >= n) return;
    char *pos2 = NULL;
    if (h[i] == '{') {
        read_metadata(r, p, h, i, n);
    } else if (h[i] == '<' && (pos2 = twee2_pos(h + i, trim_end(h, n) - i))) {
        if (p) {
            free(p->position);
            p->position = pos2;
        } else {
            free(pos2);
        }
    } else if (h[i] == ']') {
        wz_diag_add(r->diags, WZ_ERROR, r->sc->file, r->line, col_of(h, i),
                    "a ']' with no '[' before it; tags are written once, as [tag1 tag2]");
    } else {
        wz_diag_add(r->diags, WZ_ERROR, r->sc->file, r->line, col_of(h, i),
                    "unexpected text after the tag list; a header is \":: Name [tags]\", so "
                    "the whole name must come before the tags");
    }
}

/* Parses a header line h[0..n) (starting "::"):  "::" name [tags] {metadata}. Returns 0,
 * or -1 when the passage limit is reached and reading should stop. */
static int read_header(reader *r, const char *h, size_t n)
{
    size_t i = 2;
    while (i < n && is_space(h[i]))
        i++;
    int name_col = col_of(h, i), full;
    char *twee2_position = NULL;
    char *name = read_name(r, h, n, &i, &twee2_position);
    wz_passage *p = begin_passage(r, name, name_col, &full);
    free(name);
    if (full) {
        free(twee2_position);
        return -1;
    }
    if (p && twee2_position) {
        p->position = twee2_position;
        twee2_position = NULL;
    }
    free(twee2_position);
    if (i < n && h[i] == '[' && read_tags(r, p, h, n, &i) < 0) return 0;
    read_after_tags(r, p, h, n, i);
    return 0;
}

static void add_content_line(reader *r, const char *s, size_t n)
{
    /* Twine writes a text line starting "::" as "\::"; one backslash more than that is how
     * a line that really starts with "\::" is written (wz_export_twee). */
    size_t k = 0;
    while (k < n && s[k] == '\\')
        k++;
    if (k >= 1 && n - k >= 2 && s[k] == ':' && s[k + 1] == ':') {
        s++;
        n--;
    }
    if (r->nlines++) wz_buf_putc(&r->text, '\n');
    wz_buf_append(&r->text, s, n);
    if (!is_blank(s, n)) r->keep = r->text.len;
}

wz_scenario *wz_twee_read(const char *file, const char *data, size_t len, wz_diags *diags)
{
    reader r;
    memset(&r, 0, sizeof r);
    r.sc = wz_scenario_new(file);
    r.diags = diags;
    r.kind = PENDING_NONE;
    wz_buf_init(&r.text, 0);
    if (!data) len = 0;

    size_t pos = 0;
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) pos = 3;
    int empty = 1;
    for (size_t k = pos; k < len && empty; k++)
        if (!is_space(data[k]) && data[k] != '\n' && data[k] != '\r') empty = 0;

    int lineno = 0;
    while (pos < len) {
        size_t end = pos;
        while (end < len && data[end] != '\n' && data[end] != '\r')
            end++;
        size_t next = end;
        if (next < len)
            next += (data[next] == '\r' && next + 1 < len && data[next + 1] == '\n') ? 2 : 1;
        lineno++;
        const char *s = data + pos;
        size_t n = end - pos;
        pos = next;

        if (n >= 2 && s[0] == ':' && s[1] == ':') {
            flush(&r);
            r.line = lineno;
            r.nlines = 0;
            if (read_header(&r, s, n) < 0) break;
            continue;
        }
        if (r.kind == PENDING_NONE) {
            if (!r.warned_preamble && !is_blank(s, n)) {
                size_t k = 0;
                while (k < n && is_space(s[k]))
                    k++;
                wz_diag_add(diags, WZ_WARNING, r.sc->file, lineno, col_of(s, k),
                            "text before the first passage header is ignored; a passage "
                            "starts with a line like \":: Passage name\"");
                r.warned_preamble = 1;
            }
            continue;
        }
        add_content_line(&r, s, n);
    }
    flush(&r);
    wz_buf_free(&r.text);
    wz_reader_finish(r.sc, diags, 1,
                     empty ? WZ_READER_EMPTY
                           : "no passages were found in this file; each passage starts with a "
                             "line like \":: Passage name [tags]\"");
    return r.sc;
}

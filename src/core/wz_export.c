/*
 * wz_export: Twee 3 and Twine 2 archive writers (see wz_export.h for why).
 *
 * The Twee writer follows twee-3-specification.md and Twine's own export: StoryTitle,
 * StoryData as JSON, then each passage as ":: name [tags] {metadata}" and its text. In
 * names and tags '\', '[', ']', '{' and '}' are escaped with '\'; so are spaces around a
 * name and inside a tag, and a '>' that ends a name (the reader would take "<x,y>" there
 * for an old Twee 2 position). A text line that starts with "::" after any backslashes
 * gets one more backslash, which the reader takes away again.
 *
 * The archive writer writes what Twine's publishArchive writes: one <tw-storydata> per
 * story with its style, script and <tw-passagedata> elements, pids counted from 1 in
 * passage order, and attribute values and text escaped as lodash's escape does (&, <, >,
 * ", '). The script and stylesheet are written as they are, as Twine does.
 */
#include "wz_export.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static void set_err(char **err, char *msg)
{
    if (err)
        *err = msg;
    else
        free(msg);
}

static int is_code(const wz_passage *p)
{
    return wz_passage_has_tag(p, "script") || wz_passage_has_tag(p, "stylesheet");
}

/* ---- Twee ---- */

static void twee_name(wz_buf *out, const char *s)
{
    size_t n = strlen(s), lead = 0, trail = n;
    while (lead < n && (s[lead] == ' ' || s[lead] == '\t'))
        lead++;
    while (trail > lead && (s[trail - 1] == ' ' || s[trail - 1] == '\t'))
        trail--;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        int edge_space = (c == ' ' || c == '\t') && (i < lead || i >= trail);
        if (c == '\\' || c == '[' || c == ']' || c == '{' || c == '}' || edge_space ||
            (c == '>' && i == n - 1))
            wz_buf_putc(out, '\\');
        wz_buf_putc(out, c);
    }
}

static void twee_tag(wz_buf *out, const char *s)
{
    for (; *s; s++) {
        if (*s == '\\' || *s == '[' || *s == ']' || *s == ' ' || *s == '\t') wz_buf_putc(out, '\\');
        wz_buf_putc(out, *s);
    }
}

static void twee_text(wz_buf *out, const char *text)
{
    const char *s = text;
    while (*s) {
        const char *nl = strchr(s, '\n');
        size_t n = nl ? (size_t)(nl - s) : strlen(s);
        size_t k = 0;
        while (k < n && s[k] == '\\')
            k++;
        if (n - k >= 2 && s[k] == ':' && s[k + 1] == ':') wz_buf_putc(out, '\\');
        wz_buf_append(out, s, n);
        wz_buf_putc(out, '\n');
        if (!nl) break;
        s = nl + 1;
    }
}

static void twee_story_data(wz_buf *out, const wz_scenario *sc)
{
    cJSON *j = cJSON_CreateObject();
    if (sc->ifid) cJSON_AddStringToObject(j, "ifid", sc->ifid);
    if (sc->format) cJSON_AddStringToObject(j, "format", sc->format);
    if (sc->format_version) cJSON_AddStringToObject(j, "format-version", sc->format_version);
    if (sc->start && sc->start_index >= 0) cJSON_AddStringToObject(j, "start", sc->start);
    char *text = cJSON_Print(j);
    cJSON_Delete(j);
    wz_buf_printf(out, ":: StoryData\n%s\n\n", text ? text : "{}");
    cJSON_free(text);
}

int wz_export_twee(const wz_scenario *sc, wz_buf *out, char **err)
{
    for (int i = 0; i < sc->npassages; i++) {
        const wz_passage *p = &sc->passages[i];
        int bad = strchr(p->name, '\n') != NULL;
        for (int t = 0; t < p->ntags; t++)
            bad |= strchr(p->tags[t], '\n') != NULL;
        if (bad) {
            set_err(err, wz_xasprintf("the passage \"%s\" has a line break in its name or a "
                                      "tag, which Twee cannot hold; rename it in Twine first",
                                      p->name));
            return -1;
        }
        if (strcmp(p->name, "StoryTitle") == 0 || strcmp(p->name, "StoryData") == 0) {
            set_err(err, wz_xasprintf("a passage is called %s, a name Twee keeps for the "
                                      "story's details; rename it in Twine first",
                                      p->name));
            return -1;
        }
    }
    if (sc->title) {
        wz_buf_puts(out, ":: StoryTitle\n");
        twee_text(out, sc->title);
        wz_buf_putc(out, '\n');
    }
    twee_story_data(out, sc);
    for (int i = 0; i < sc->npassages; i++) {
        const wz_passage *p = &sc->passages[i];
        wz_buf_puts(out, ":: ");
        twee_name(out, p->name);
        if (p->ntags) {
            wz_buf_puts(out, " [");
            for (int t = 0; t < p->ntags; t++) {
                if (t) wz_buf_putc(out, ' ');
                twee_tag(out, p->tags[t]);
            }
            wz_buf_putc(out, ']');
        }
        if (p->position || p->size) {
            cJSON *m = cJSON_CreateObject();
            if (p->position) cJSON_AddStringToObject(m, "position", p->position);
            if (p->size) cJSON_AddStringToObject(m, "size", p->size);
            char *meta = cJSON_PrintUnformatted(m);
            cJSON_Delete(m);
            wz_buf_printf(out, " %s", meta ? meta : "{}");
            cJSON_free(meta);
        }
        wz_buf_putc(out, '\n');
        twee_text(out, p->text);
        wz_buf_putc(out, '\n');
    }
    return 0;
}

/* ---- Twine 2 archive ---- */

static void html_escape(wz_buf *out, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '&':
            wz_buf_puts(out, "&amp;");
            break;
        case '<':
            wz_buf_puts(out, "&lt;");
            break;
        case '>':
            wz_buf_puts(out, "&gt;");
            break;
        case '"':
            wz_buf_puts(out, "&quot;");
            break;
        case '\'':
            wz_buf_puts(out, "&#39;");
            break;
        case '\r': /* a raw one would read back as a line break */
            wz_buf_puts(out, "&#13;");
            break;
        default:
            wz_buf_putc(out, *s);
        }
    }
}

static void html_attr(wz_buf *out, const char *name, const char *value)
{
    if (!value) return;
    wz_buf_printf(out, " %s=\"", name);
    html_escape(out, value);
    wz_buf_putc(out, '"');
}

/* Joins the text of every passage with the tag (Twine's Twee import does the same). */
static char *joined_code(const wz_scenario *sc, const char *tag)
{
    wz_buf b;
    wz_buf_init(&b, 0);
    wz_buf_puts(&b, "");
    for (int i = 0; i < sc->npassages; i++) {
        if (!wz_passage_has_tag(&sc->passages[i], tag)) continue;
        if (b.len) wz_buf_putc(&b, '\n');
        wz_buf_puts(&b, sc->passages[i].text);
    }
    return wz_buf_steal(&b);
}

static int contains_ci(const char *s, const char *lit)
{
    size_t k = strlen(lit);
    for (; *s; s++)
        if (strncasecmp(s, lit, k) == 0) return 1;
    return 0;
}

static int html_story(const wz_scenario *sc, wz_buf *out, char **err)
{
    char *script = joined_code(sc, "script"), *style = joined_code(sc, "stylesheet");
    if (contains_ci(script, "</script") || contains_ci(style, "</style")) {
        set_err(err, wz_xasprintf("the story \"%s\" has a script or stylesheet that holds "
                                  "</script> or </style>, which an archive cannot hold",
                                  sc->title ? sc->title : ""));
        free(script);
        free(style);
        return -1;
    }
    for (int i = 0; i < sc->npassages; i++)
        for (int t = 0; t < sc->passages[i].ntags; t++)
            if (strpbrk(sc->passages[i].tags[t], " \t\n\r\f")) {
                set_err(err, wz_xasprintf("the passage \"%s\" has a tag with a space in it, "
                                          "which Twine would read as two tags; rename the tag",
                                          sc->passages[i].name));
                free(script);
                free(style);
                return -1;
            }
    int pid = 0, start = 0;
    for (int i = 0; i < sc->npassages; i++) {
        if (is_code(&sc->passages[i])) continue;
        pid++;
        if (i == sc->start_index) start = pid;
    }
    wz_buf_puts(out, "<tw-storydata");
    html_attr(out, "name", sc->title ? sc->title : "");
    if (start) wz_buf_printf(out, " startnode=\"%d\"", start);
    wz_buf_puts(out, " creator=\"wz-check\" creator-version=\"1\"");
    html_attr(out, "format", sc->format);
    html_attr(out, "format-version", sc->format_version);
    html_attr(out, "ifid", sc->ifid);
    wz_buf_puts(out, " options=\"\" tags=\"\" zoom=\"1\" hidden>");
    wz_buf_printf(out,
                  "<style role=\"stylesheet\" id=\"twine-user-stylesheet\" "
                  "type=\"text/twine-css\">%s</style><script role=\"script\" "
                  "id=\"twine-user-script\" type=\"text/twine-javascript\">%s</script>",
                  style, script);
    free(script);
    free(style);
    pid = 0;
    for (int i = 0; i < sc->npassages; i++) {
        const wz_passage *p = &sc->passages[i];
        if (is_code(p)) continue;
        wz_buf_printf(out, "<tw-passagedata pid=\"%d\"", ++pid);
        html_attr(out, "name", p->name);
        wz_buf_puts(out, " tags=\"");
        for (int t = 0; t < p->ntags; t++) {
            if (t) wz_buf_putc(out, ' ');
            html_escape(out, p->tags[t]);
        }
        wz_buf_putc(out, '"');
        html_attr(out, "position", p->position);
        html_attr(out, "size", p->size);
        wz_buf_putc(out, '>');
        html_escape(out, p->text);
        wz_buf_puts(out, "</tw-passagedata>");
    }
    wz_buf_puts(out, "</tw-storydata>\n\n");
    return 0;
}

int wz_export_html(const wz_scenario *const *scs, int n, wz_buf *out, char **err)
{
    for (int i = 0; i < n; i++)
        if (html_story(scs[i], out, err) != 0) return -1;
    return 0;
}

/* ---- comparing ---- */

static int same_str(const char *a, const char *b)
{
    return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

static int next_passage(const wz_scenario *sc, int i, int skip_code)
{
    while (i < sc->npassages && skip_code && is_code(&sc->passages[i]))
        i++;
    return i;
}

static const char *passage_difference(const wz_passage *x, const wz_passage *y)
{
    if (strcmp(x->name, y->name) != 0) return "name";
    if (strcmp(x->text, y->text) != 0) return "text";
    if (!same_str(x->position, y->position)) return "position";
    if (!same_str(x->size, y->size)) return "size";
    if (x->ntags != y->ntags) return "tags";
    for (int t = 0; t < x->ntags; t++)
        if (strcmp(x->tags[t], y->tags[t]) != 0) return "tags";
    return NULL;
}

int wz_export_compare(const wz_scenario *a, const wz_scenario *b, int skip_code, char **err)
{
    if (!same_str(a->ifid, b->ifid) || !same_str(a->format, b->format) ||
        !same_str(a->format_version, b->format_version) ||
        (a->start_index >= 0 && !(skip_code && is_code(&a->passages[a->start_index])) &&
         !same_str(a->start, b->start))) {
        set_err(err, wz_xstrdup("the story data (ifid, format or start) differs"));
        return -1;
    }
    int i = next_passage(a, 0, skip_code), k = next_passage(b, 0, skip_code);
    while (i < a->npassages && k < b->npassages) {
        const char *what = passage_difference(&a->passages[i], &b->passages[k]);
        if (what) {
            set_err(err, wz_xasprintf("the passage \"%s\" differs in its %s", a->passages[i].name,
                                      what));
            return -1;
        }
        i = next_passage(a, i + 1, skip_code);
        k = next_passage(b, k + 1, skip_code);
    }
    if (i < a->npassages || k < b->npassages) {
        set_err(err, wz_xstrdup("the number of passages differs"));
        return -1;
    }
    return 0;
}

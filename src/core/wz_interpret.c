/*
 * wz_interpret: the Warning Zone conventions (docs/scenario-format.md) on top of a raw
 * Twine story.
 *
 * The readers give us passages with names, tags and text; here the tags become a role
 * and a class, the ScenarioInfo passage becomes metadata, and each passage's text is
 * read line by line into parts (paragraphs, bullets, images, chat messages, notes) and
 * choices (its Twine links). Links are found with Twine's own grammar (twinejs
 * src/util/parse-links.ts): "[[" up to the first "]]" on the same line, a setter after
 * "][" dropped, then the rightmost "->", else the leftmost "<-", else the rightmost "|".
 * Using exactly Twine's rules means every choice the kiosk sees is an arrow on the
 * author's map, and the other way round.
 *
 * Every part and choice remembers its line and column in the source file, so that
 * wz_validate can point an author at the exact place. Interpretation never fails:
 * anything odd is kept as plain text and reported, and wz_validate judges the result.
 * The file is named after this step; its functions (wz_scenario_interpret,
 * wz_scenario_character) are declared in wz_scenario.h, the type they complete.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "wz_fair.h"
#include "wz_reader.h"
#include "wz_discuss.h"
#include "wz_quiz.h"
#include "wz_scenario.h"
#include "wz_sound.h"
#include "wz_util.h"

/* Bound on declared characters: chat lines look names up one by one, so this keeps a
 * hostile file from making that quadratic. Far more than any chat needs. */
#define WZ_INTERPRET_MAX_CHARACTERS 64

/* ---- small text helpers ---- */

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}

/* Column (1-based, in characters) of byte offset `off` in the line starting at `line`. */
static int column_of(const char *line, size_t off)
{
    return (int)wz_utf8_len(line, off) + 1;
}

static void skip_spaces(const char *s, size_t n, size_t *i)
{
    while (*i < n && is_space(s[*i]))
        (*i)++;
}

static void rtrim_len(const char *s, size_t *n)
{
    while (*n > 0 && is_space(s[*n - 1]))
        (*n)--;
}

static int role_from_tag(const char *tag, wz_role *role)
{
    static const struct {
        const char *tag;
        wz_role role;
    } roles[] = {{"narration", WZ_ROLE_NARRATION}, {"chat", WZ_ROLE_CHAT},
                 {"spot", WZ_ROLE_SPOT},           {"feedback", WZ_ROLE_FEEDBACK},
                 {"ending", WZ_ROLE_ENDING},       {"help", WZ_ROLE_HELP}};
    for (size_t i = 0; i < WZ_ARRAY_LEN(roles); i++) {
        if (strcmp(tag, roles[i].tag) == 0) {
            *role = roles[i].role;
            return 1;
        }
    }
    return 0;
}

static int class_from_tag(const char *tag, wz_class *cls)
{
    static const struct {
        const char *tag;
        wz_class cls;
    } classes[] = {{"safe", WZ_CLASS_SAFE},
                   {"risky", WZ_CLASS_RISKY},
                   {"mixed", WZ_CLASS_MIXED},
                   {"neutral", WZ_CLASS_NEUTRAL}};
    for (size_t i = 0; i < WZ_ARRAY_LEN(classes); i++) {
        if (strcmp(tag, classes[i].tag) == 0) {
            *cls = classes[i].cls;
            return 1;
        }
    }
    return 0;
}

static int is_special_name(const char *name)
{
    static const char *const names[] = {"StoryTitle", "StoryData", "ScenarioInfo", "StoryScript",
                                        "StoryStylesheet"};
    for (size_t i = 0; i < WZ_ARRAY_LEN(names); i++)
        if (strcmp(name, names[i]) == 0) return 1;
    return 0;
}

/* Arrays in the model have no capacity field, so they double when the count reaches a
 * power of two (as in wz_scenario.c): appending stays linear however many there are. */
static int grows(int n)
{
    return n == 0 || (n & (n - 1)) == 0;
}

static size_t grown(int n)
{
    return n == 0 ? 4 : (size_t)n * 2;
}

/* ---- resetting (interpretation may run more than once on the same model) ---- */

static void free_metadata(wz_scenario *sc)
{
    char **fields[] = {&sc->summary,      &sc->topic,      &sc->language,   &sc->thumbnail,
                       &sc->content_note, &sc->variant_of, &sc->objectives, &sc->review};
    for (size_t i = 0; i < WZ_ARRAY_LEN(fields); i++) {
        free(*fields[i]);
        *fields[i] = NULL;
    }
    for (int i = 0; i < sc->ncharacters; i++) {
        free(sc->characters[i].name);
        free(sc->characters[i].avatar);
        free(sc->characters[i].colour);
    }
    free(sc->characters);
    sc->characters = NULL;
    sc->ncharacters = 0;
    sc->audiences = 0;
    sc->minutes = 0;
    sc->easy_read = 0;
}

/* ---- ScenarioInfo ---- */

static int is_hex_colour(const char *s)
{
    size_t n = strlen(s);
    if (s[0] != '#' || (n != 7 && n != 4)) return 0;
    for (size_t i = 1; i < n; i++)
        if (!isxdigit((unsigned char)s[i])) return 0;
    return 1;
}

static int is_language_tag(const char *s)
{
    size_t n = strlen(s);
    if (n < 2 || n > 35 || !isalpha((unsigned char)s[0])) return 0;
    for (size_t i = 0; i < n; i++)
        if (!isalnum((unsigned char)s[i]) && s[i] != '-') return 0;
    return 1;
}

typedef struct info_ctx {
    wz_scenario *sc;
    wz_diags *diags;
    const wz_passage *p;
    int line;              /* file line of the current ScenarioInfo line */
    const char *linestart; /* for columns */
    unsigned seen;         /* bit per key, for duplicates */
} info_ctx;

static void set_string(char **field, const char *value)
{
    free(*field);
    *field = wz_xstrdup(value);
}

static void parse_audience(info_ctx *c, const char *value, size_t value_off)
{
    unsigned mask = 0;
    const char *s = value;
    while (*s) {
        const char *comma = strchr(s, ',');
        size_t n = comma ? (size_t)(comma - s) : strlen(s);
        size_t lead = 0;
        while (lead < n && is_space(s[lead]))
            lead++;
        char *band = wz_str_trim_dup(s, n);
        if (band[0]) {
            unsigned bit = wz_audience_parse(band);
            if (bit == 0)
                wz_diag_add(c->diags, WZ_ERROR, c->sc->file, c->line,
                            column_of(c->linestart, value_off + (size_t)(s - value) + lead),
                            "\"%s\" is not an audience the kiosk knows; use one or more of "
                            "8-11, 12-15, 16+ and parents, separated by commas",
                            band);
            mask |= bit;
        }
        free(band);
        s += n;
        if (*s == ',') s++;
    }
    if (mask == 0 && strspn(value, " \t,") == strlen(value))
        wz_diag_add(c->diags, WZ_ERROR, c->sc->file, c->line, column_of(c->linestart, value_off),
                    "the audience is empty; write who the scenario is for, for example "
                    "\"audience: 8-11, 12-15\"");
    c->sc->audiences |= mask;
}

static void parse_character(info_ctx *c, const char *value, size_t value_off)
{
    char *fields[3] = {NULL, NULL, NULL};
    const char *s = value;
    int nf = 0;
    for (;;) {
        const char *bar = strchr(s, '|');
        size_t n = bar ? (size_t)(bar - s) : strlen(s);
        if (nf < 3) fields[nf] = wz_str_trim_dup(s, n);
        nf++;
        if (!bar) break;
        s = bar + 1;
    }
    int col = column_of(c->linestart, value_off);
    if (nf > 3)
        wz_diag_add(c->diags, WZ_WARNING, c->sc->file, c->line, col,
                    "a character has at most three parts, \"name | picture | colour\"; the "
                    "rest of this line is ignored");
    wz_scenario *sc = c->sc;
    if (!fields[0] || !fields[0][0]) {
        wz_diag_add(c->diags, WZ_ERROR, sc->file, c->line, col,
                    "this character has no name; write \"character: Name | picture | colour\"");
    } else if (wz_str_ieq(fields[0], "You")) {
        wz_diag_add(c->diags, WZ_WARNING, sc->file, c->line, col,
                    "\"You\" is always the visitor and does not need to be declared as a "
                    "character");
    } else if (sc->ncharacters >= WZ_INTERPRET_MAX_CHARACTERS) {
        wz_diag_add(c->diags, WZ_ERROR, sc->file, c->line, col,
                    "a scenario may have at most %d characters; \"%s\" and the ones after it "
                    "are ignored",
                    WZ_INTERPRET_MAX_CHARACTERS, fields[0]);
    } else if (wz_scenario_character(sc, fields[0])) {
        wz_diag_add(c->diags, WZ_WARNING, sc->file, c->line, col,
                    "the character \"%s\" is declared twice; the first one is used", fields[0]);
    } else {
        sc->characters =
            wz_xrealloc(sc->characters, (size_t)(sc->ncharacters + 1) * sizeof(*sc->characters));
        wz_character *ch = &sc->characters[sc->ncharacters++];
        ch->name = fields[0];
        fields[0] = NULL;
        ch->avatar = NULL;
        ch->colour = NULL;
        if (fields[1] && fields[1][0]) {
            ch->avatar = fields[1];
            fields[1] = NULL;
        }
        if (fields[2] && fields[2][0]) {
            if (is_hex_colour(fields[2])) {
                ch->colour = fields[2];
                fields[2] = NULL;
            } else {
                wz_diag_add(c->diags, WZ_WARNING, sc->file, c->line, col,
                            "the colour \"%s\" for %s is not a colour the kiosk understands; "
                            "write it like #3B82C4",
                            fields[2], ch->name);
            }
        }
    }
    for (int i = 0; i < 3; i++)
        free(fields[i]);
}

/* The ScenarioInfo keys, in the order of INFO_KEYS. */
typedef enum {
    INFO_SUMMARY,
    INFO_AUDIENCE,
    INFO_TOPIC,
    INFO_LANGUAGE,
    INFO_MINUTES,
    INFO_THUMBNAIL,
    INFO_CONTENT_NOTE,
    INFO_OBJECTIVES,
    INFO_REVIEW,
    INFO_CHARACTER,
    INFO_EASY_READ,
    INFO_VARIANT_OF,
    INFO_NARRATION /* where the recordings stand (wz_sound.h); for people, not the kiosk */
} info_key;
static const char *const INFO_KEYS[] = {
    "summary",    "audience", "topic",     "language",  "minutes",    "thumbnail", "content-note",
    "objectives", "review",   "character", "easy-read", "variant-of", "narration"};

/* "minutes: N": a whole number; unusual lengths are warned about. */
static void set_minutes(info_ctx *c, const char *value, int vcol)
{
    wz_scenario *sc = c->sc;
    char *end = NULL;
    long m = strtol(value, &end, 10);
    if (!isdigit((unsigned char)value[0]) || *end || m > 100000) {
        wz_diag_add(c->diags, WZ_ERROR, sc->file, c->line, vcol,
                    "minutes must be a whole number, such as 5 (not \"%s\")", value);
        sc->minutes = 0;
        return;
    }
    sc->minutes = (int)m;
    if (m < 1 || m > 60)
        wz_diag_add(c->diags, WZ_WARNING, sc->file, c->line, vcol,
                    "%ld minutes is unusual for a kiosk scenario; most take 3 to 15", m);
}

/* Stores one ScenarioInfo value (its key is `which`, its text starts at column vcol). */
static void set_info(info_ctx *c, info_key which, char *value, size_t voff, int vcol)
{
    wz_scenario *sc = c->sc;
    switch (which) {
    case INFO_SUMMARY:
        set_string(&sc->summary, value);
        break;
    case INFO_AUDIENCE:
        sc->audiences = 0;
        parse_audience(c, value, voff);
        break;
    case INFO_TOPIC:
        if (strcmp(value, "grooming") != 0 && strcmp(value, "radicalisation") != 0 &&
            strcmp(value, "general") != 0)
            wz_diag_add(c->diags, WZ_ERROR, sc->file, c->line, vcol,
                        "the topic \"%s\" is not one the kiosk knows; use grooming, "
                        "radicalisation or general",
                        value);
        set_string(&sc->topic, value);
        break;
    case INFO_LANGUAGE:
        if (!is_language_tag(value))
            wz_diag_add(c->diags, WZ_WARNING, sc->file, c->line, vcol,
                        "\"%s\" does not look like a language code such as en, pl or ur", value);
        set_string(&sc->language, value);
        break;
    case INFO_MINUTES:
        set_minutes(c, value, vcol);
        break;
    case INFO_THUMBNAIL:
        set_string(&sc->thumbnail, value);
        break;
    case INFO_CONTENT_NOTE:
        set_string(&sc->content_note, value);
        break;
    case INFO_OBJECTIVES:
        set_string(&sc->objectives, value);
        break;
    case INFO_REVIEW:
        set_string(&sc->review, value);
        break;
    case INFO_CHARACTER:
        parse_character(c, value, voff);
        break;
    case INFO_EASY_READ:
        if (wz_str_ieq(value, "yes") || wz_str_ieq(value, "true"))
            sc->easy_read = 1;
        else if (wz_str_ieq(value, "no") || wz_str_ieq(value, "false"))
            sc->easy_read = 0;
        else
            wz_diag_add(c->diags, WZ_ERROR, sc->file, c->line, vcol,
                        "easy-read must be yes or no (not \"%s\")", value);
        break;
    case INFO_NARRATION:
        break;
    case INFO_VARIANT_OF:
        for (char *v = value; *v; v++)
            *v = (char)toupper((unsigned char)*v);
        set_string(&sc->variant_of, value);
        break;
    }
}

static void parse_info_line(info_ctx *c, const char *line, size_t len)
{
    wz_scenario *sc = c->sc;
    size_t i = 0;
    skip_spaces(line, len, &i);
    if (i >= len) return;
    size_t key_off = i;
    const char *colon = memchr(line, ':', len);
    if (!colon) {
        wz_diag_add(c->diags, WZ_WARNING, sc->file, c->line, column_of(line, key_off),
                    "this line in ScenarioInfo is not \"key: value\" and is ignored");
        return;
    }
    char *key = wz_str_trim_dup(line + key_off, (size_t)(colon - (line + key_off)));
    size_t voff = (size_t)(colon - line) + 1;
    skip_spaces(line, len, &voff);
    char *value = wz_str_trim_dup(line + voff, len - voff);
    for (char *k = key; *k; k++)
        *k = (char)tolower((unsigned char)*k);

    int which = -1;
    for (size_t k = 0; k < WZ_ARRAY_LEN(INFO_KEYS); k++)
        if (strcmp(key, INFO_KEYS[k]) == 0) which = (int)k;
    int kcol = column_of(line, key_off);
    if (which < 0) {
        wz_diag_add(c->diags, WZ_WARNING, sc->file, c->line, kcol,
                    "\"%s\" is not a ScenarioInfo key the kiosk knows, so it is ignored; the "
                    "keys are listed in docs/scenario-format.md",
                    key);
        goto out;
    }
    if (which != INFO_CHARACTER) {
        if (c->seen & (1u << which))
            wz_diag_add(c->diags, WZ_WARNING, sc->file, c->line, kcol,
                        "\"%s\" is given twice in ScenarioInfo; the last one is used", key);
        c->seen |= 1u << which;
    }
    if (!value[0] && which != INFO_CHARACTER) {
        wz_diag_add(c->diags, WZ_WARNING, sc->file, c->line, kcol,
                    "\"%s\" has no value and is ignored", key);
        goto out;
    }
    set_info(c, (info_key)which, value, voff, column_of(line, voff));
out:
    free(key);
    free(value);
}

/* Moves the diagnostics in `from` (positions in p's text) to `to`, at their places in the
 * file as written. */
static void move_text_diags(const wz_passage *p, wz_diags *from, wz_diags *to)
{
    for (int i = 0; i < from->count; i++)
        wz_passage_source_pos(p, &from->items[i].line, &from->items[i].column);
    wz_diags_move(to, from);
}

static void interpret_info(wz_scenario *sc, const wz_passage *p, wz_diags *diags)
{
    wz_diags here;
    wz_diags_init(&here);
    info_ctx c = {sc, &here, p, p->text_line, NULL, 0};
    const char *s = p->text ? p->text : "";
    int lineno = p->text_line;
    while (*s) {
        const char *nl = strchr(s, '\n');
        size_t n = nl ? (size_t)(nl - s) : strlen(s);
        c.line = lineno;
        c.linestart = s;
        size_t m = n;
        rtrim_len(s, &m);
        parse_info_line(&c, s, m);
        if (!nl) break;
        s = nl + 1;
        lineno++;
    }
    move_text_diags(p, &here, diags);
}

/* ---- links (Twine's grammar) ---- */

/* Finds the last occurrence of needle in s[0..n). */
static const char *find_last(const char *s, size_t n, const char *needle)
{
    size_t k = strlen(needle);
    if (n < k) return NULL;
    for (size_t i = n - k + 1; i-- > 0;)
        if (memcmp(s + i, needle, k) == 0) return s + i;
    return NULL;
}

static const char *find_first(const char *s, size_t n, const char *needle)
{
    size_t k = strlen(needle);
    for (size_t i = 0; i + k <= n; i++)
        if (memcmp(s + i, needle, k) == 0) return s + i;
    return NULL;
}

/* Splits the inside of a link into label and target. Returns 0 when Twine would not see a
 * link here (empty target). label and target are new strings. */
static int split_link(const char *in, size_t n, char **label, char **target)
{
    const char *setter = find_first(in, n, "][");
    if (setter) n = (size_t)(setter - in);
    const char *sep;
    /* Rightmost "->": label before it, target after it. */
    if ((sep = find_last(in, n, "->")) && (size_t)(in + n - (sep + 2)) > 0) {
        *target = wz_xstrndup(sep + 2, (size_t)(in + n - (sep + 2)));
        *label = wz_str_trim_dup(in, (size_t)(sep - in));
    } else if ((sep = find_first(in, n, "<-")) && sep > in) {
        /* Leftmost "<-": target before it, label after it. */
        *target = wz_xstrndup(in, (size_t)(sep - in));
        *label = wz_str_trim_dup(sep + 2, (size_t)(in + n - (sep + 2)));
    } else if ((sep = find_last(in, n, "|")) && (size_t)(in + n - (sep + 1)) > 0) {
        *target = wz_xstrndup(sep + 1, (size_t)(in + n - (sep + 1)));
        *label = wz_str_trim_dup(in, (size_t)(sep - in));
    } else {
        if (n == 0) return 0;
        *target = wz_xstrndup(in, n);
        *label = wz_str_trim_dup(in, n);
    }
    if (!(*label)[0]) {
        free(*label);
        *label = wz_str_trim_dup(*target, strlen(*target));
    }
    return 1;
}

static void add_choice(wz_passage *p, char *label, char *target, int line, int column)
{
    if (grows(p->nchoices))
        p->choices = wz_xrealloc(p->choices, grown(p->nchoices) * sizeof(*p->choices));
    wz_choice *c = &p->choices[p->nchoices++];
    c->label = label;
    c->target = target;
    c->target_index = -1;
    c->cls = WZ_CLASS_NEUTRAL;
    wz_passage_source_pos(p, &line, &column);
    c->line = line;
    c->column = column;
}

/* Removes the links from one line, adding them to p as choices. Returns the display text
 * of the line (new string) with each link cut out. */
static char *take_links(wz_passage *p, const char *line, size_t n, int lineno)
{
    wz_buf out;
    wz_buf_init(&out, 0);
    size_t i = 0, copied = 0;
    size_t col_off = 0; /* columns are counted on from the previous link, not from 0 */
    int col = 1;
    while (i + 1 < n) {
        /* "[[[x]]]" is Harlowe's hook around the link [[x]]: the link starts at the
         * last '[' of a run. */
        if (!(line[i] == '[' && line[i + 1] == '[') || (i + 2 < n && line[i + 2] == '[')) {
            i++;
            continue;
        }
        const char *close = find_first(line + i + 2, n - i - 2, "]]");
        if (!close) break; /* no "]]" later on this line: no link can start here or after */
        size_t inner = (size_t)(close - (line + i + 2));
        char *label = NULL, *target = NULL;
        if (!split_link(line + i + 2, inner, &label, &target)) {
            i += 2;
            continue;
        }
        col += (int)wz_utf8_len(line + col_off, i - col_off);
        col_off = i;
        add_choice(p, label, target, lineno, col);
        /* Cut the link, and one of the spaces around it so words do not run together
         * or drift apart. */
        size_t cut = i;
        wz_buf_append(&out, line + copied, cut - copied);
        copied = (size_t)(close - line) + 2;
        if (out.len > 0 && out.data[out.len - 1] == ' ' && copied < n && line[copied] == ' ')
            copied++;
        i = copied;
    }
    wz_buf_append(&out, line + copied, n - copied);
    return wz_buf_steal(&out);
}

/* ---- parts ---- */

static wz_part *add_part(wz_passage *p, wz_part_kind kind, char *text, int line, int column)
{
    if (grows(p->nparts)) p->parts = wz_xrealloc(p->parts, grown(p->nparts) * sizeof(*p->parts));
    wz_part *part = &p->parts[p->nparts++];
    memset(part, 0, sizeof(*part));
    part->kind = kind;
    part->text = text;
    wz_passage_source_pos(p, &line, &column);
    part->line = line;
    part->column = column;
    return part;
}

/* "[img[alt|path]]" (or "[img[path]]") alone on a line. */
static int parse_image(const char *s, size_t n, char **alt, char **path)
{
    if (n < 8 || strncmp(s, "[img[", 5) != 0 || s[n - 1] != ']' || s[n - 2] != ']') return 0;
    const char *in = s + 5;
    size_t m = n - 7;
    if (find_first(in, m, "]")) return 0;
    const char *bar = find_last(in, m, "|");
    if (bar) {
        *alt = wz_str_trim_dup(in, (size_t)(bar - in));
        *path = wz_str_trim_dup(bar + 1, (size_t)(in + m - (bar + 1)));
    } else {
        *alt = wz_xstrdup("");
        *path = wz_str_trim_dup(in, m);
    }
    return 1;
}

/* "Name: text" where Name is a declared character or "You". Sets *name_len and the offset
 * of the text. */
static int parse_message(const wz_scenario *sc, const char *s, size_t n, size_t *name_len,
                         size_t *text_off)
{
    const char *colon = memchr(s, ':', n);
    if (!colon || colon == s) return 0;
    size_t k = (size_t)(colon - s);
    rtrim_len(s, &k);
    if (k == 0 || k > WZ_MAX_NAME_CHARS) return 0;
    char *name = wz_xstrndup(s, k);
    int ok = wz_str_ieq(name, "You") || wz_scenario_character(sc, name) != NULL;
    free(name);
    if (!ok) return 0;
    *name_len = k;
    size_t t = (size_t)(colon - s) + 1;
    skip_spaces(s, n, &t);
    *text_off = t;
    return 1;
}

typedef struct para_state {
    wz_buf text;
    int open;
    int line, column;
} para_state;

static void para_flush(wz_passage *p, para_state *ps)
{
    if (ps->open) {
        add_part(p, WZ_PART_PARAGRAPH, wz_buf_steal(&ps->text), ps->line, ps->column);
        ps->open = 0;
    }
}

/* One line of a chat or spot passage: a "Why:" after a flagged message (in a spot passage,
 * after any message), a message ("Name: text", "! Name: text" for a red flag, "[red] Name:
 * text" for a rating, wz_fair.h) or else a note. Returns whether a "Why:" may follow it. */
static int chat_line(wz_scenario *sc, wz_passage *p, wz_diags *diags, const char *body, size_t bn,
                     int lineno, int col, int last_was_flag)
{
    size_t name_len = 0, text_off = 0;
    if (bn >= 4 && strncasecmp(body, "Why:", 4) == 0) {
        size_t t = 4;
        skip_spaces(body, bn, &t);
        wz_part *prev = p->nparts > 0 ? &p->parts[p->nparts - 1] : NULL;
        if (last_was_flag && prev && !prev->why) {
            prev->why = wz_xstrndup(body + t, bn - t);
        } else {
            int wl = lineno, wc = col;
            wz_passage_source_pos(p, &wl, &wc);
            wz_diag_add(diags, WZ_WARNING, sc->file, wl, wc,
                        "a \"Why:\" line belongs straight after a message marked "
                        "with \"!\" (in a spot passage, after any message); this one is "
                        "shown as a note");
            add_part(p, WZ_PART_NOTE, wz_xstrndup(body, bn), lineno, col);
        }
        return 0;
    }
    int flag = 0;
    const char *m = body;
    size_t mn = bn;
    wz_rating rating = WZ_RATING_NONE;
    size_t rp = wz_rating_prefix(m, mn, &rating);
    int msg = rp > 0 && parse_message(sc, m + rp, mn - rp, &name_len, &text_off);
    if (!msg) rating = WZ_RATING_NONE;
    if (msg) {
        m += rp;
        mn -= rp;
        flag = p->role == WZ_ROLE_SPOT && rating == WZ_RATING_RED;
    } else if (m[0] == '!') {
        size_t t = 1;
        skip_spaces(m, mn, &t);
        if (parse_message(sc, m + t, mn - t, &name_len, &text_off)) {
            flag = 1;
            m += t;
            mn -= t;
        }
    }
    if (msg || flag || parse_message(sc, m, mn, &name_len, &text_off)) {
        wz_part *part =
            add_part(p, WZ_PART_MESSAGE, wz_xstrndup(m + text_off, mn - text_off), lineno, col);
        part->sender = wz_xstrndup(m, name_len);
        part->from_visitor = wz_str_ieq(part->sender, "You");
        part->red_flag = flag;
        part->rating = rating;
        return flag || (p->role == WZ_ROLE_SPOT && !part->from_visitor);
    }
    add_part(p, WZ_PART_NOTE, wz_xstrndup(body, bn), lineno, col);
    return 0;
}

static void interpret_text(wz_scenario *sc, wz_passage *p, wz_diags *diags)
{
    const char *s = p->text ? p->text : "";
    int lineno = p->text_line;
    int chat = p->role == WZ_ROLE_CHAT || p->role == WZ_ROLE_SPOT;
    para_state ps;
    memset(&ps, 0, sizeof(ps));
    wz_buf_init(&ps.text, 0);
    int last_was_flag = 0; /* the previous line was a "! Name: text" message */

    for (;;) {
        const char *nl = strchr(s, '\n');
        size_t n = nl ? (size_t)(nl - s) : strlen(s);
        int nchoices_before = p->nchoices, nparts_before;
        wz_cond cond;
        wz_flags sets;
        char *own = wz_flags_read_line(sc, p, diags, s, n, lineno, &cond, &sets);
        char *snd = wz_sound_read_line(sc, p, diags, own ? own : s, n, lineno, cond);
        if (snd) { /* and its {audio} blanked out too (wz_sound.h) */
            free(own);
            own = snd;
        }
        const char *src = own ? own : s; /* the line with its {if}/{set} blanked out */
        if (!wz_cond_always(cond)) para_flush(p, &ps); /* a condition is its own part */
        nparts_before = p->nparts;
        char *display = take_links(p, src, n, lineno);
        size_t dn = strlen(display);
        rtrim_len(display, &dn);
        size_t i = 0;
        skip_spaces(display, dn, &i);
        const char *body = display + i;
        size_t bn = dn - i;
        /* Column of the first character in the source line (before links are cut). */
        size_t si = 0;
        skip_spaces(src, n, &si);
        int col = column_of(src, si);

        if (bn == 0) {
            /* A blank line ends a paragraph; a line that held only links is invisible. */
            if (p->nchoices == nchoices_before) para_flush(p, &ps);
            last_was_flag = 0;
        } else {
            char *alt = NULL, *path = NULL;
            if (parse_image(body, bn, &alt, &path)) {
                para_flush(p, &ps);
                wz_part *part = add_part(p, WZ_PART_IMAGE, alt, lineno, col);
                part->image = path;
                last_was_flag = 0;
            } else if (bn >= 2 && body[0] == '*' && (body[1] == ' ' || body[1] == '\t')) {
                para_flush(p, &ps);
                size_t t = 1;
                skip_spaces(body, bn, &t);
                add_part(p, WZ_PART_BULLET, wz_xstrndup(body + t, bn - t), lineno, col);
                last_was_flag = 0;
            } else if (chat) {
                last_was_flag = chat_line(sc, p, diags, body, bn, lineno, col, last_was_flag);
            } else {
                if (!ps.open) {
                    ps.open = 1;
                    ps.line = lineno;
                    ps.column = col;
                } else {
                    wz_buf_putc(&ps.text, ' ');
                }
                wz_buf_append(&ps.text, body, bn);
                last_was_flag = 0;
            }
        }
        free(display);
        free(own);
        if (!wz_cond_always(cond)) para_flush(p, &ps);
        for (int k = nparts_before; k < p->nparts; k++)
            p->parts[k].cond = cond;
        for (int k = nchoices_before; k < p->nchoices; k++) {
            p->choices[k].cond = cond;
            p->choices[k].sets = sets;
        }
        wz_sound_place(p);
        if (!nl) break;
        s = nl + 1;
        lineno++;
    }
    para_flush(p, &ps);
    wz_buf_free(&ps.text);
}

/* ---- looking targets up ---- */

/* Passage names sorted once, so resolving every link is n log n even for a file with
 * thousands of passages and links (a linear search per link would be quadratic). Ties
 * keep file order, so the first passage of a repeated name wins, as in wz_scenario_find. */
typedef struct name_ref {
    const char *name;
    int index;
} name_ref;

typedef struct name_ix {
    name_ref *refs;
    int n;
} name_ix;

static int ix_cmp(const void *a, const void *b)
{
    const name_ref *x = a, *y = b;
    int c = strcmp(x->name, y->name);
    return c ? c : (x->index > y->index) - (x->index < y->index);
}

static void ix_build(name_ix *ix, const wz_scenario *sc)
{
    ix->n = sc->npassages;
    ix->refs = wz_xmalloc(((size_t)ix->n + 1) * sizeof(*ix->refs));
    for (int i = 0; i < ix->n; i++) {
        ix->refs[i].name = sc->passages[i].name;
        ix->refs[i].index = i;
    }
    if (ix->n > 1) qsort(ix->refs, (size_t)ix->n, sizeof(*ix->refs), ix_cmp);
}

static int find_indexed(const name_ix *ix, const char *name)
{
    int lo = 0, hi = ix->n; /* first position whose name is >= name */
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        if (strcmp(ix->refs[mid].name, name) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < ix->n && strcmp(ix->refs[lo].name, name) == 0 ? ix->refs[lo].index : -1;
}

static void ix_free(name_ix *ix)
{
    free(ix->refs);
}

/* ---- the whole scenario ---- */

void wz_scenario_interpret(wz_scenario *sc, wz_diags *diags)
{
    if (!sc) return;
    free_metadata(sc);
    sc->help_index = -1;
    wz_flag_table_free(sc->flags);
    sc->flags = NULL;

    /* Roles and classes first: chat parsing needs the characters, choices need the
     * classes of their targets. */
    const wz_passage *info = NULL;
    for (int i = 0; i < sc->npassages; i++) {
        wz_passage *p = &sc->passages[i];
        wz_reader_free_parts(p);
        p->role = WZ_ROLE_NARRATION;
        p->cls = WZ_CLASS_NONE;
        int have_role = 0, have_class = 0;
        for (int t = 0; t < p->ntags; t++) {
            wz_role r;
            wz_class c;
            if (role_from_tag(p->tags[t], &r) && !have_role) {
                p->role = r;
                have_role = 1;
            } else if (class_from_tag(p->tags[t], &c) && !have_class) {
                p->cls = c;
                have_class = 1;
            }
        }
        if (is_special_name(p->name) || wz_passage_has_tag(p, "script") ||
            wz_passage_has_tag(p, "stylesheet") || wz_quiz_is_passage(p) ||
            wz_discuss_is_passage(p)) /* wz_quiz.h, wz_discuss.h */
            p->role = WZ_ROLE_SPECIAL;
        if (strcmp(p->name, "ScenarioInfo") == 0 && !info) info = p;
        if (p->role == WZ_ROLE_HELP && sc->help_index < 0) sc->help_index = i;
        if (p->role != WZ_ROLE_SPECIAL) wz_flags_read_tags(sc, p, diags);
    }
    if (info) interpret_info(sc, info, diags);
    if (!sc->language) /* docs/scenario-format.md: English unless ScenarioInfo says */
        sc->language = wz_xstrdup("en");

    for (int i = 0; i < sc->npassages; i++) {
        wz_passage *p = &sc->passages[i];
        if (p->role != WZ_ROLE_SPECIAL) interpret_text(sc, p, diags);
    }

    name_ix ix;
    ix_build(&ix, sc);
    for (int i = 0; i < sc->npassages; i++) {
        wz_passage *p = &sc->passages[i];
        for (int k = 0; k < p->nchoices; k++) {
            wz_choice *c = &p->choices[k];
            c->target_index = find_indexed(&ix, c->target);
            c->cls = WZ_CLASS_NEUTRAL;
            /* docs/scenario-format.md: a choice takes the class of the feedback passage
             * it leads to; one that goes straight anywhere else counts as neutral. */
            if (c->target_index >= 0) {
                const wz_passage *t = &sc->passages[c->target_index];
                if (t->role == WZ_ROLE_FEEDBACK &&
                    (t->cls == WZ_CLASS_SAFE || t->cls == WZ_CLASS_RISKY))
                    c->cls = t->cls;
            }
        }
    }

    ix_free(&ix);

    if (!sc->start && wz_scenario_find(sc, "Start") >= 0) sc->start = wz_xstrdup("Start");
    sc->start_index = sc->start ? wz_scenario_find(sc, sc->start) : -1;
}

const wz_character *wz_scenario_character(const wz_scenario *sc, const char *name)
{
    if (!sc || !name) return NULL;
    for (int i = 0; i < sc->ncharacters; i++)
        if (strcmp(sc->characters[i].name, name) == 0) return &sc->characters[i];
    for (int i = 0; i < sc->ncharacters; i++)
        if (wz_str_ieq(sc->characters[i].name, name)) return &sc->characters[i];
    return NULL;
}

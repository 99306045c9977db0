/*
 * check_foreign: says when a story was not written for the kiosk, before its messages.
 *
 * Staff bring Twine stories written for Harlowe, SugarCube, Chapbook or Snowman. The kiosk
 * shows passages and follows [[links]]; it runs no story-format macros or scripts, so such
 * a story gives a long list of "never reached" and "dead end" messages for passages the
 * story reaches through its own macros. One plain sentence at the top says why, names the
 * first macro and where it is, and counts the messages that follow, so the list reads as a
 * consequence and not as dozens of separate faults. Detection looks for each format's
 * markup in passage text: Harlowe "(name:" (any name when the story says it is Harlowe,
 * else a known macro name), SugarCube "<<name", Snowman "<% %>", Chapbook inserts such as
 * "{back link}" and modifiers such as "[if ...]" on a line of their own.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "wz_check.h"
#include "wz_util.h"

static const char *const harlowe_macros[] = {
    "set",
    "put",
    "if",
    "unless",
    "else-if",
    "else",
    "link",
    "link-goto",
    "goto",
    "go-to",
    "display",
    "print",
    "either",
    "click",
    "replace",
    "append",
    "prepend",
    "history",
    "visited",
    "link-reveal",
    "link-repeat",
    "live",
    "stop",
    "cond",
    "datamap",
    "dm",
    "array",
    "a",
    "text-colour",
    "text-color",
    "transition",
    "t8n",
    "css",
    "hidden",
    "show",
    "enchant",
    "click-goto",
    "link-undo",
    "undo",
    "save-game",
    "load-game",
    "alert",
    "prompt",
    "confirm",
    "dialog",
    "after",
    "event",
    "for",
    "loop",
    "cycling-link",
    "seq-link",
    "dropdown",
    "input-box",
    "checkbox",
    "restart",
    "reload",
    "redirect",
    "storylet",
    "open-storylets",
    "link-reveal-goto",
    "link-rerun",
    "link-show",
    "move",
    "num",
    "str",
    "random",
    "count",
    "verbatim",
    "hook",
};

static const char *const chapbook_inserts[] = {
    "back link",  "link to",       "embed passage", "restart link",  "reveal link",  "cycling link",
    "text input", "dropdown menu", "embed image",   "ambient sound", "sound effect",
};

static const char *const chapbook_modifiers[] = {
    "[if ", "[unless ", "[else]", "[continue]", "[javascript]", "[after ", "[note]", "[align ",
};

typedef struct {
    const char *format; /* "Harlowe", ... */
    const char *what;   /* "macros", "inserts and modifiers", "templates" */
    char *first;        /* the first one found, as written */
    int line;
} finding;

static int is_word(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_';
}

/* Harlowe "(name:" at s; returns its length or 0. */
static size_t harlowe_at(const char *s, int any)
{
    if (s[0] != '(' || !((s[1] >= 'a' && s[1] <= 'z') || (s[1] >= 'A' && s[1] <= 'Z'))) return 0;
    size_t n = 1;
    while (is_word(s[n]))
        n++;
    if (s[n] != ':') return 0;
    if (any) return n + 1;
    for (size_t k = 0; k < WZ_ARRAY_LEN(harlowe_macros); k++)
        if (strlen(harlowe_macros[k]) == n - 1 && strncasecmp(s + 1, harlowe_macros[k], n - 1) == 0)
            return n + 1;
    return 0;
}

/* The markup of some story format at s (at the start of a line when `bol`). */
static size_t format_at(const wz_scenario *sc, const char *s, int bol, finding *f)
{
    size_t n;
    int harlowe = sc->format && wz_str_ieq(sc->format, "Harlowe");
    if ((n = harlowe_at(s, harlowe)) != 0) {
        f->format = "Harlowe";
        f->what = "macros";
        return n;
    }
    if (s[0] == '<' && s[1] == '<' && ((s[2] >= 'a' && s[2] <= 'z') || s[2] == '/')) {
        for (n = 2; is_word(s[n]) || s[n] == '/';)
            n++;
        f->format = "SugarCube";
        f->what = "macros";
        return n;
    }
    if (s[0] == '<' && s[1] == '%') {
        f->format = "Snowman";
        f->what = "templates";
        return 2;
    }
    if (s[0] == '{') {
        for (size_t k = 0; k < WZ_ARRAY_LEN(chapbook_inserts); k++)
            if (strncasecmp(s + 1, chapbook_inserts[k], strlen(chapbook_inserts[k])) == 0) {
                f->format = "Chapbook";
                f->what = "inserts";
                return strlen(chapbook_inserts[k]) + 1;
            }
    }
    if (bol && s[0] == '[')
        for (size_t k = 0; k < WZ_ARRAY_LEN(chapbook_modifiers); k++)
            if (strncasecmp(s, chapbook_modifiers[k], strlen(chapbook_modifiers[k])) == 0) {
                f->format = "Chapbook";
                f->what = "modifiers";
                return strlen(chapbook_modifiers[k]);
            }
    return 0;
}

static void find_markup(const wz_scenario *sc, finding *f)
{
    for (int i = 0; i < sc->npassages && !f->first; i++) {
        const wz_passage *p = &sc->passages[i];
        if (wz_passage_has_tag(p, "script") || wz_passage_has_tag(p, "stylesheet")) continue;
        int line = p->text_line;
        for (const char *s = p->text; *s && !f->first; s++) {
            int bol = s == p->text || s[-1] == '\n';
            size_t n = format_at(sc, s, bol, f);
            if (n) {
                f->first = wz_xstrndup(s, n);
                f->line = line;
                int col = 1;
                wz_passage_source_pos(p, &f->line, &col);
            }
            if (*s == '\n') line++;
        }
    }
}

char *wz_check_foreign(const wz_scenario *sc)
{
    if (!sc || sc->npassages == 0) return NULL;
    finding f = {0};
    find_markup(sc, &f);
    if (f.first) {
        char *why = wz_xasprintf("This story uses %s %s (the first, \"%s\", is on line %d), "
                                 "which the kiosk does not run; passages reached only through "
                                 "them are shown as never reached",
                                 f.format, f.what, f.first, f.line);
        free(f.first);
        return why;
    }
    for (int i = 0; i < sc->npassages; i++)
        if (wz_passage_has_tag(&sc->passages[i], "script"))
            return wz_xasprintf("This story has its own JavaScript (the passage \"%s\"), which "
                                "the kiosk does not run",
                                sc->passages[i].name);
    if (wz_scenario_find(sc, "ScenarioInfo") < 0)
        return wz_xstrdup("This story has no ScenarioInfo passage, so it was not written for "
                          "the kiosk (docs/scenario-format.md says what a kiosk story needs)");
    return NULL;
}

void wz_check_print_story(FILE *out, const wz_scenario *sc, const wz_diags *d)
{
    char *why = d->errors + d->warnings > 0 ? wz_check_foreign(sc) : NULL;
    if (why) {
        int n = d->errors + d->warnings;
        fprintf(out, "%s:%d:%d: note: %s. The %d %s below %s from that.\n", sc->file,
                sc->story_line, sc->story_column, why, n, n == 1 ? "message" : "messages",
                n == 1 ? "follows" : "follow");
        free(why);
    }
    wz_diags_print(d, out);
}

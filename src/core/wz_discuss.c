/*
 * wz_discuss: reads the discussion questions of a scenario (see wz_discuss.h). One pass
 * over the lines of the passage tagged "discuss": a line starting with "-" is a question,
 * a blank line is nothing, anything else is a warning at that line. Past the limit the
 * first extra question gets the warning (at its line, where the author must cut) and the
 * rest are dropped, so the guide sheet and the group's ending never overflow.
 */
#include "wz_discuss.h"

#include "wz_util.h"

#include <stdlib.h>
#include <string.h>

int wz_discuss_is_passage(const wz_passage *p)
{
    return p && wz_passage_has_tag(p, WZ_DISCUSS_TAG);
}

void wz_discuss_free(wz_discuss *d)
{
    if (!d) return;
    for (int i = 0; i < d->nquestions; i++)
        free(d->questions[i]);
    free(d->questions);
    free(d);
}

typedef struct reader {
    const wz_scenario *sc;
    const wz_passage *p;
    wz_diags *diags;
    wz_discuss *d;
    int dropped; /* questions past the limit */
} reader;

/* A warning at (line, col) of the passage's text, placed where it is in the file. */
static void warn_at(reader *r, int line, int col, const char *msg)
{
    if (!r->diags) return;
    wz_passage_source_pos(r->p, &line, &col);
    wz_diag_add(r->diags, WZ_WARNING, r->sc->file, line, col, "%s", msg);
}

/* One non-blank line s[0..n), trimmed, at text line `line`, column col. */
static void read_line(void *ctx, const char *s, size_t n, int line, int col)
{
    reader *r = ctx;
    if (s[0] != '-') {
        warn_at(r, line, col,
                "this line of the discussion questions does not start with \"- \"; write each "
                "question on its own line, starting with a dash and a space");
        return;
    }
    char *text = wz_str_trim_dup(s + 1, n - 1);
    wz_discuss *d = r->d;
    if (!text[0]) {
        warn_at(r, line, col, "this discussion question has no words; write it after the dash");
        free(text);
    } else if (d->nquestions >= WZ_DISCUSS_MAX_QUESTIONS) {
        if (r->dropped++ == 0) {
            char *msg = wz_xasprintf("this is discussion question %d; a group has time for %d "
                                     "at most, so this one and any after it are left out",
                                     WZ_DISCUSS_MAX_QUESTIONS + 1, WZ_DISCUSS_MAX_QUESTIONS);
            warn_at(r, line, col, msg);
            free(msg);
        }
        free(text);
    } else {
        d->questions =
            wz_xrealloc(d->questions, (size_t)(d->nquestions + 1) * sizeof *d->questions);
        d->questions[d->nquestions++] = text;
    }
}

wz_discuss *wz_discuss_read(const wz_scenario *sc, wz_diags *diags)
{
    if (!sc) return NULL;
    const wz_passage *p = NULL;
    for (int i = 0; i < sc->npassages; i++) {
        const wz_passage *c = &sc->passages[i];
        if (!wz_discuss_is_passage(c)) continue;
        if (!p)
            p = c;
        else if (diags)
            wz_diag_add(diags, WZ_WARNING, sc->file, c->line, c->column,
                        "\"%s\" is a second passage of discussion questions; a scenario has "
                        "one (the passage \"%s\" on line %d), so this one is not used",
                        c->name, p->name, p->line);
    }
    if (!p) return NULL;
    reader r = {sc, p, diags, wz_xcalloc(1, sizeof(wz_discuss)), 0};
    wz_passage_each_line(p, read_line, &r);
    if (r.d->nquestions > 0) return r.d;
    if (diags)
        wz_diag_add(diags, WZ_WARNING, sc->file, p->line, p->column,
                    "the discussion questions \"%s\" have no question in them; write each on "
                    "its own line, starting with \"- \"",
                    p->name);
    wz_discuss_free(r.d);
    return NULL;
}

void wz_discuss_check(const wz_scenario *sc, wz_diags *diags)
{
    wz_discuss_free(wz_discuss_read(sc, diags));
}

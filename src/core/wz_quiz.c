/*
 * wz_quiz: reads the knowledge check of a scenario (see wz_quiz.h). One pass over the
 * lines of the passage tagged "quiz": "Q:" opens a question, "+" and "-" add a right and
 * a wrong answer to it, "Why:" gives its explanation. The rules (3 to 5 questions, 2 to 4
 * answers, one right at least, an explanation each) are checked once the passage is read,
 * each at the place a teacher must look: the passage header, or the question's "Q:".
 */
#include "wz_quiz.h"

#include "wz_util.h"

#include <stdlib.h>
#include <string.h>

int wz_quiz_is_passage(const wz_passage *p)
{
    return p && wz_passage_has_tag(p, WZ_QUIZ_TAG);
}

void wz_quiz_free(wz_quiz *q)
{
    if (!q) return;
    for (int i = 0; i < q->nquestions; i++) {
        wz_quiz_question *qu = &q->questions[i];
        for (int k = 0; k < qu->nanswers; k++)
            free(qu->answers[k].text);
        free(qu->answers);
        free(qu->text);
        free(qu->why);
    }
    free(q->questions);
    free(q);
}

typedef struct reader {
    const wz_scenario *sc;
    const wz_passage *p;
    wz_diags *diags;
    wz_quiz *q;
    int warned;
} reader;

/* A warning at (line, col) of the passage's text, placed where it is in the file. */
static void warn_at(reader *r, int line, int col, const char *msg)
{
    wz_passage_source_pos(r->p, &line, &col);
    r->warned = 1;
    if (r->diags) wz_diag_add(r->diags, WZ_WARNING, r->sc->file, line, col, "%s", msg);
}

/* Starts with the word w (any case) followed by ':'; *after is the text past the colon. */
static int keyword(const char *s, size_t n, const char *w, size_t *after)
{
    size_t wl = strlen(w);
    if (n <= wl || s[wl] != ':') return 0;
    for (size_t i = 0; i < wl; i++) {
        char c = s[i];
        if (c >= 'A' && c <= 'Z') c = (char)(c - 'A' + 'a');
        if (c != w[i]) return 0;
    }
    *after = wl + 1;
    return 1;
}

static wz_quiz_question *current(reader *r)
{
    return r->q->nquestions ? &r->q->questions[r->q->nquestions - 1] : NULL;
}

static void add_question(reader *r, char *text, int line, int col)
{
    wz_quiz *q = r->q;
    q->questions = wz_xrealloc(q->questions, (size_t)(q->nquestions + 1) * sizeof *q->questions);
    wz_quiz_question *qu = &q->questions[q->nquestions++];
    memset(qu, 0, sizeof *qu);
    qu->text = text;
    qu->line = line;
    qu->column = col;
    wz_passage_source_pos(r->p, &qu->line, &qu->column);
}

static void add_answer(reader *r, char *text, int right, int line, int col)
{
    wz_quiz_question *qu = current(r);
    qu->answers = wz_xrealloc(qu->answers, (size_t)(qu->nanswers + 1) * sizeof *qu->answers);
    wz_quiz_answer *a = &qu->answers[qu->nanswers++];
    a->text = text;
    a->right = right;
    a->line = line;
    a->column = col;
    wz_passage_source_pos(r->p, &a->line, &a->column);
}

/* One line of the passage: s[0..n), at text line `line`, starting at column col. */
static void read_line(void *ctx, const char *s, size_t n, int line, int col)
{
    reader *r = ctx;
    size_t after = 0;
    char kind = 0;
    if (keyword(s, n, "q", &after))
        kind = 'Q';
    else if (keyword(s, n, "why", &after))
        kind = 'W';
    else if (s[0] == '+' || s[0] == '-')
        kind = s[0], after = 1;
    if (!kind) {
        warn_at(r, line, col,
                "this line of the knowledge check is not a question (Q: ...), an answer (+ for a "
                "right one, - for a wrong one) or an explanation (Why: ...); start it with one of "
                "them");
        return;
    }
    char *text = wz_str_trim_dup(s + after, n - after);
    wz_quiz_question *qu = current(r);
    if (kind == 'Q') {
        if (!text[0]) warn_at(r, line, col, "this question has no words; write it after Q:");
        add_question(r, text, line, col);
        return;
    }
    if (!qu) {
        warn_at(r, line, col,
                kind == 'W' ? "this explanation comes before any question; put a question line "
                              "(Q: ...) above it"
                            : "this answer comes before any question; put a question line "
                              "(Q: ...) above it");
        free(text);
        return;
    }
    if (!text[0])
        warn_at(r, line, col,
                kind == 'W' ? "this explanation has no words; write them after Why:"
                            : "this answer has no words; write them after the + or -");
    if (kind == 'W') {
        if (qu->why) {
            warn_at(r, line, col,
                    "this question already has an explanation (Why:); give it one, the first "
                    "is used");
            free(text);
        } else {
            qu->why = text;
        }
        return;
    }
    add_answer(r, text, kind == '+', line, col);
}

/* The rules that need the whole question. */
static void check_question(reader *r, const wz_quiz_question *qu, int number)
{
    const wz_scenario *sc = r->sc;
    int right = 0;
    for (int k = 0; k < qu->nanswers; k++)
        right += qu->answers[k].right;
    const char *why = NULL;
    char *msg = NULL;
    if (qu->nanswers < WZ_QUIZ_MIN_ANSWERS || qu->nanswers > WZ_QUIZ_MAX_ANSWERS)
        msg = wz_xasprintf("question %d of the knowledge check has %d answer%s; give it %d to %d "
                           "(each on its own line, starting with + or -)",
                           number, qu->nanswers, qu->nanswers == 1 ? "" : "s", WZ_QUIZ_MIN_ANSWERS,
                           WZ_QUIZ_MAX_ANSWERS);
    else if (right == 0)
        why = "has no right answer; start the right one (or each right one) with + instead of -";
    else if (right == qu->nanswers)
        why = "has only right answers; add at least one wrong answer, starting with -";
    if (why) msg = wz_xasprintf("question %d of the knowledge check %s", number, why);
    if (msg) {
        r->warned = 1;
        if (r->diags) wz_diag_add(r->diags, WZ_WARNING, sc->file, qu->line, qu->column, "%s", msg);
        free(msg);
    }
    if (!qu->why) {
        r->warned = 1;
        if (r->diags)
            wz_diag_add(r->diags, WZ_WARNING, sc->file, qu->line, qu->column,
                        "question %d of the knowledge check has no explanation; add a line "
                        "starting with Why: after its answers, saying in a sentence why the "
                        "right answer is right",
                        number);
    }
}

wz_quiz *wz_quiz_read(const wz_scenario *sc, wz_diags *diags)
{
    if (!sc) return NULL;
    const wz_passage *p = NULL;
    for (int i = 0; i < sc->npassages; i++) {
        const wz_passage *c = &sc->passages[i];
        if (!wz_quiz_is_passage(c)) continue;
        if (!p) {
            p = c;
        } else if (diags) {
            wz_diag_add(diags, WZ_WARNING, sc->file, c->line, c->column,
                        "\"%s\" is a second knowledge check; a scenario has one (the passage "
                        "\"%s\" on line %d), so this one is not used",
                        c->name, p->name, p->line);
        }
    }
    if (!p) return NULL;
    reader r = {sc, p, diags, wz_xcalloc(1, sizeof(wz_quiz)), 0};
    wz_passage_each_line(p, read_line, &r);
    wz_quiz *q = r.q;
    if (q->nquestions < WZ_QUIZ_MIN_QUESTIONS || q->nquestions > WZ_QUIZ_MAX_QUESTIONS) {
        r.warned = 1;
        if (diags)
            wz_diag_add(diags, WZ_WARNING, sc->file, p->line, p->column,
                        "the knowledge check \"%s\" has %d question%s; give it %d to %d (each "
                        "starting with Q:), or the kiosk leaves it out",
                        p->name, q->nquestions, q->nquestions == 1 ? "" : "s",
                        WZ_QUIZ_MIN_QUESTIONS, WZ_QUIZ_MAX_QUESTIONS);
    }
    for (int i = 0; i < q->nquestions; i++)
        check_question(&r, &q->questions[i], i + 1);
    q->usable = !r.warned;
    return q;
}

void wz_quiz_check(const wz_scenario *sc, wz_diags *diags)
{
    wz_quiz_free(wz_quiz_read(sc, diags));
}

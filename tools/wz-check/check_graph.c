/*
 * check_graph: wz-check --graph, the scenario's map as Graphviz DOT.
 *
 * Authors read the map to see the shape of their story at a glance, so the drawing
 * carries the conventions: the shape says what kind of screen a passage is, the fill
 * says whether it is safe (green), risky (red), mixed (amber) or neutral (grey), and each
 * arrow carries its button text and the colour of its class. Links to passages that do
 * not exist are drawn as dashed red boxes, so a broken story still draws. Story memory
 * shows too: a passage that sets flags says so under its name, an arrow that sets flags
 * carries "{set ...}", and a choice shown only sometimes is a dashed arrow with its
 * "{if ...}". A rating round is a triple octagon, and a knowledge check a note beside
 * the map (no arrow leads to it: the kiosk offers it before the story or after an ending).
 * Nodes get
 * generated ids (p0, p1, ...) and every name goes through one escaping function, so no
 * passage name can break the DOT syntax.
 */
#include <stdlib.h>
#include <string.h>

#include "wz_check.h"
#include "wz_fair.h"
#include "wz_quiz.h"

/* Writes s as the inside of a DOT double-quoted string. */
static void dot_escaped(FILE *out, const char *s)
{
    for (; s && *s; s++) {
        if (*s == '"' || *s == '\\') fputc('\\', out);
        if (*s == '\n')
            fputs("\\n", out);
        else if (*s != '\r')
            fputc(*s, out);
    }
}

static const char *role_shape(wz_role r)
{
    switch (r) {
    case WZ_ROLE_CHAT:
        return "box";
    case WZ_ROLE_SPOT:
        return "octagon";
    case WZ_ROLE_FEEDBACK:
        return "ellipse";
    case WZ_ROLE_ENDING:
        return "doubleoctagon";
    case WZ_ROLE_HELP:
        return "house";
    default:
        return "box";
    }
}

static const char *class_fill(wz_class c)
{
    switch (c) {
    case WZ_CLASS_SAFE:
        return "#CDEFD3";
    case WZ_CLASS_RISKY:
        return "#F9D0CC";
    case WZ_CLASS_MIXED:
        return "#FBE5B6";
    case WZ_CLASS_NEUTRAL:
        return "#E4E7EB";
    default:
        return "#FFFFFF";
    }
}

static const char *class_edge(wz_class c)
{
    switch (c) {
    case WZ_CLASS_SAFE:
        return "#2E7D32";
    case WZ_CLASS_RISKY:
        return "#C62828";
    default:
        return "#555555";
    }
}

/* "\n{set a, b}" inside a label, when f has flags. */
static void flags_label(FILE *out, const wz_scenario *sc, const char *what, wz_flags f)
{
    if (!f) return;
    char *names = wz_flags_describe(sc, f);
    fprintf(out, "\\n{%s ", what);
    dot_escaped(out, names);
    fputc('}', out);
    free(names);
}

/* The knowledge check as a note: its passage's name and how many questions. */
static void quiz_node(FILE *out, const wz_scenario *sc)
{
    wz_quiz *q = wz_quiz_read(sc, NULL);
    if (!q) return;
    for (int i = 0; i < sc->npassages; i++) {
        if (!wz_quiz_is_passage(&sc->passages[i])) continue;
        fprintf(out, "  p%d [label=\"", i);
        dot_escaped(out, sc->passages[i].name);
        fprintf(out,
                "\\n(knowledge check: %d question%s%s)\", shape=note, fillcolor=\"#FFF4CC\"];\n",
                q->nquestions, q->nquestions == 1 ? "" : "s",
                q->usable ? "" : ", left out: it has warnings");
        break;
    }
    wz_quiz_free(q);
}

int wz_check_graph_write(FILE *out, const wz_scenario *sc)
{
    fputs("digraph scenario {\n", out);
    fputs("  graph [rankdir=TB, fontname=\"Helvetica\", labelloc=t, label=\"", out);
    dot_escaped(out, sc->title ? sc->title : sc->file);
    fputs("\"];\n", out);
    fputs("  node [fontname=\"Helvetica\", style=\"filled,rounded\", shape=box];\n", out);
    fputs("  edge [fontname=\"Helvetica\", fontsize=10];\n", out);
    for (int i = 0; i < sc->npassages; i++) {
        const wz_passage *p = &sc->passages[i];
        if (p->role == WZ_ROLE_SPECIAL) continue;
        fprintf(out, "  p%d [label=\"", i);
        dot_escaped(out, p->name);
        fprintf(out, "\\n(%s", wz_passage_is_rate(p) ? "rating round" : wz_role_name(p->role));
        if (p->cls != WZ_CLASS_NONE) fprintf(out, ", %s", wz_class_name(p->cls));
        fputc(')', out);
        flags_label(out, sc, "set", p->sets);
        fprintf(out, "\", shape=%s, fillcolor=\"%s\"%s];\n",
                wz_passage_is_rate(p) ? "tripleoctagon" : role_shape(p->role), class_fill(p->cls),
                i == sc->start_index ? ", penwidth=3" : "");
    }
    quiz_node(out, sc);
    if (sc->start_index >= 0)
        fprintf(out, "  start [shape=point, width=0.2, label=\"\"];\n  start -> p%d;\n",
                sc->start_index);
    int missing = 0;
    for (int i = 0; i < sc->npassages; i++) {
        const wz_passage *p = &sc->passages[i];
        if (p->role == WZ_ROLE_SPECIAL) continue;
        for (int k = 0; k < p->nchoices; k++) {
            const wz_choice *c = &p->choices[k];
            if (c->target_index >= 0) {
                fprintf(out, "  p%d -> p%d", i, c->target_index);
            } else {
                fprintf(out, "  missing%d [label=\"", missing);
                dot_escaped(out, c->target);
                fputs("\\n(missing)\", style=dashed, color=\"#C62828\", fillcolor=white];\n", out);
                fprintf(out, "  p%d -> missing%d", i, missing++);
            }
            fputs(" [label=\"", out);
            dot_escaped(out, c->label);
            if (!wz_cond_always(c->cond)) {
                char *cond = wz_cond_describe(sc, c->cond);
                fputs("\\n{if ", out);
                dot_escaped(out, cond);
                fputc('}', out);
                free(cond);
            }
            flags_label(out, sc, "set", c->sets);
            fprintf(out, "\", color=\"%s\", fontcolor=\"%s\"%s];\n", class_edge(c->cls),
                    class_edge(c->cls), wz_cond_always(c->cond) ? "" : ", style=dashed");
        }
    }
    fputs("}\n", out);
    return ferror(out) ? -1 : 0;
}

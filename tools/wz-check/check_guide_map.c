/*
 * check_guide_map: the decision map on a guide sheet. A guide needs the story's shape on
 * paper, not a drawing of it: so the passages are listed in the order a visitor meets them
 * (breadth first from the start, the order --graph's walk would draw them top to bottom),
 * numbered, each with a line of what happens, its warning signs (spot passages) and its
 * choices, each choice marked safe, risky or neutral and pointing at the number of the
 * passage it leads to. Passages nothing leads to come last, so nothing is hidden.
 */
#include <stdlib.h>
#include <string.h>

#include "check_guide.h"
#include "wz_flags.h"

#define GIST_PARTS 5 /* lines of a chat, paragraphs of narration */

char *wz_guide_gist(const wz_passage *p, size_t max)
{
    wz_buf b;
    wz_buf_init(&b, 0);
    int prev_msg = 0, shown = 0, more = 0;
    for (int i = 0; i < p->nparts; i++) {
        const wz_part *pt = &p->parts[i];
        if (pt->kind == WZ_PART_IMAGE || !pt->text[0]) continue;
        if (b.len >= max || shown++ == GIST_PARTS) {
            more = 1;
            break;
        }
        int msg = pt->kind == WZ_PART_MESSAGE;
        if (b.len) wz_buf_putc(&b, msg || prev_msg ? '\n' : ' '); /* a message a line */
        prev_msg = msg;
        if (msg) wz_buf_printf(&b, "%s: ", pt->sender);
        wz_buf_puts(&b, pt->text);
    }
    char *s = wz_buf_steal(&b);
    if (!s) return wz_xstrdup("");
    if (strlen(s) <= max && !more) return s;
    if (strlen(s) > max) {
        size_t cut = max;
        while (cut > max / 2 && s[cut] != ' ' && s[cut] != '\n')
            cut--;
        if (s[cut] != ' ' && s[cut] != '\n') /* no space near: between two UTF-8 characters */
            for (cut = max; cut > 0 && ((unsigned char)s[cut] & 0xC0) == 0x80;)
                cut--;
        while (cut > 0 && strchr(" \n.,;:", s[cut - 1])) /* "word..." not "word. ..." */
            cut--;
        s[cut] = '\0';
    }
    char *out = wz_xasprintf("%s\xE2\x80\xA6", s); /* "..." */
    free(s);
    return out;
}

static const char *class_word(wz_class c)
{
    return c == WZ_CLASS_SAFE    ? "safe"
           : c == WZ_CLASS_RISKY ? "risky"
           : c == WZ_CLASS_MIXED ? "mixed"
                                 : "neutral";
}

/* The order a visitor meets the passages: order[k] is a passage index, number[i] its place
 * (1-based, 0 for a special passage). Returns how many. */
static int walk(const wz_scenario *sc, int *order, int *number)
{
    int n = 0;
    if (sc->start_index >= 0 && sc->passages[sc->start_index].role != WZ_ROLE_SPECIAL) {
        order[n++] = sc->start_index;
        number[sc->start_index] = n;
    }
    for (int k = 0; k < n; k++) {
        const wz_passage *p = &sc->passages[order[k]];
        for (int c = 0; c < p->nchoices; c++) {
            int t = p->choices[c].target_index;
            if (t < 0 || number[t] || sc->passages[t].role == WZ_ROLE_SPECIAL) continue;
            order[n++] = t;
            number[t] = n;
        }
    }
    return n;
}

/* One choice; a passage's only, plain choice ("Continue") is a quiet "next" line. */
static void map_choice(wz_buf *b, const wz_scenario *sc, const wz_passage *p, int k,
                       const int *number)
{
    const wz_choice *c = &p->choices[k];
    int only = p->nchoices == 1 && c->cls == WZ_CLASS_NEUTRAL && wz_cond_always(c->cond);
    wz_buf_printf(b, "<li class=\"choice %s\">", only ? "next" : class_word(c->cls));
    if (!only)
        wz_buf_printf(b, "<span class=\"tag %s\">%s</span> ", class_word(c->cls),
                      class_word(c->cls));
    wz_buf_puts(b, "<span class=\"label\">");
    wz_buf_put_html(b, c->label);
    wz_buf_puts(b, "</span>");
    if (!wz_cond_always(c->cond)) {
        char *cond = wz_cond_describe(sc, c->cond);
        wz_buf_puts(b, " <span class=\"cond\">(only when ");
        wz_buf_put_html(b, cond);
        wz_buf_puts(b, ")</span>");
        free(cond);
    }
    wz_buf_puts(b, " <span class=\"to\">\xE2\x86\x92 ");
    if (c->target_index >= 0 && number[c->target_index])
        wz_buf_printf(b, "<b>%d</b> ", number[c->target_index]);
    wz_buf_put_html(b, c->target);
    if (c->target_index < 0) wz_buf_puts(b, " (missing)");
    wz_buf_puts(b, "</span></li>\n");
}

/* The warning signs of a spot passage, with the reason the visitor is shown. */
static void map_signs(wz_buf *b, const wz_passage *p)
{
    int any = 0;
    for (int i = 0; i < p->nparts; i++) {
        const wz_part *pt = &p->parts[i];
        if (pt->kind != WZ_PART_MESSAGE || !(pt->red_flag || pt->rating == WZ_RATING_RED)) continue;
        if (!any++) wz_buf_puts(b, "<ul class=\"signs\">\n");
        wz_buf_puts(b, "<li><span class=\"msg\">\xE2\x80\x9C");
        wz_buf_put_html(b, pt->text);
        wz_buf_puts(b, "\xE2\x80\x9D</span>");
        if (pt->why) {
            wz_buf_puts(b, " <span class=\"why\">");
            wz_buf_put_html(b, pt->why);
            wz_buf_puts(b, "</span>");
        }
        wz_buf_puts(b, "</li>\n");
    }
    if (any) wz_buf_puts(b, "</ul>\n");
}

static void map_passage(wz_buf *b, const wz_scenario *sc, int i, const int *number)
{
    const wz_passage *p = &sc->passages[i];
    const char *cls = p->cls == WZ_CLASS_NONE ? "" : class_word(p->cls);
    wz_buf_printf(b, "<li class=\"step %s %s\">\n<div class=\"head\"><span class=\"no\">",
                  wz_role_name(p->role), cls);
    if (number[i])
        wz_buf_printf(b, "%d", number[i]);
    else
        wz_buf_puts(b, "&ndash;");
    wz_buf_puts(b, "</span> <span class=\"name\">");
    wz_buf_put_html(b, p->name);
    wz_buf_printf(b, "</span> <span class=\"kind\">%s</span>", wz_role_name(p->role));
    if (cls[0]) wz_buf_printf(b, " <span class=\"tag %s\">%s</span>", cls, cls);
    wz_buf_puts(b, "</div>\n");
    char *gist = wz_guide_gist(p, 240);
    if (gist[0]) {
        wz_buf_puts(b, "<p class=\"gist\">");
        wz_buf_put_html(b, gist);
        wz_buf_puts(b, "</p>\n");
    }
    free(gist);
    if (p->role == WZ_ROLE_SPOT) map_signs(b, p);
    if (p->nchoices) {
        wz_buf_puts(b, "<ul class=\"choices\">\n");
        for (int c = 0; c < p->nchoices; c++)
            map_choice(b, sc, p, c, number);
        wz_buf_puts(b, "</ul>\n");
    }
    wz_buf_puts(b, "</li>\n");
}

void wz_guide_map(wz_buf *b, const wz_scenario *sc)
{
    int *order = wz_xcalloc((size_t)sc->npassages + 1, sizeof *order);
    int *number = wz_xcalloc((size_t)sc->npassages + 1, sizeof *number);
    int n = walk(sc, order, number);
    if (n == 0)
        wz_buf_puts(b, "<p class=\"missing\">This scenario has no start passage, so there is "
                       "no map to draw.</p>\n");
    wz_buf_puts(b, "<ol class=\"map\">\n");
    for (int k = 0; k < n; k++)
        map_passage(b, sc, order[k], number);
    wz_buf_puts(b, "</ol>\n");
    int unreached = 0;
    for (int i = 0; i < sc->npassages; i++) {
        const wz_passage *p = &sc->passages[i];
        if (number[i] || p->role == WZ_ROLE_SPECIAL || i == sc->help_index) continue;
        if (!unreached++)
            wz_buf_puts(b, "<p class=\"note\">No choice leads to these passages, so visitors "
                           "never see them:</p>\n<ol class=\"map unreached\">\n");
        map_passage(b, sc, i, number);
    }
    if (unreached) wz_buf_puts(b, "</ol>\n");
    free(order);
    free(number);
}

/*
 * wz_fair: choices in a fair order, give-away warnings and the rules of rating rounds (see
 * wz_fair.h).
 *
 * The order is a Fisher-Yates shuffle driven by splitmix64 over wz_hash(seed, passage
 * name): cheap, the same on every platform, and a pure function, so the session keeps no
 * table of orders and a scripted test with a fixed seed always sees the same screen.
 * Lengths are counted in characters (UTF-8), as an author counts them.
 */
#include "wz_fair.h"

#include <string.h>
#include <strings.h>

#include "wz_util.h"

int wz_fair_is_tag(const char *tag)
{
    return strcmp(tag, WZ_TAG_KEEP_ORDER) == 0 || strcmp(tag, WZ_TAG_RATE) == 0;
}

int wz_passage_keeps_order(const wz_passage *p)
{
    return wz_passage_has_tag(p, WZ_TAG_KEEP_ORDER);
}

int wz_passage_is_rate(const wz_passage *p)
{
    return p->role == WZ_ROLE_SPOT && wz_passage_has_tag(p, WZ_TAG_RATE);
}

static const char *const rating_names[] = {NULL, "green", "amber", "red"};

const char *wz_rating_name(wz_rating r)
{
    return (r > WZ_RATING_NONE && r <= WZ_RATING_RED) ? rating_names[r] : NULL;
}

size_t wz_rating_prefix(const char *s, size_t n, wz_rating *r)
{
    if (n < 3 || s[0] != '[' || s[1] == '[') return 0;
    for (int k = WZ_RATING_GREEN; k <= WZ_RATING_RED; k++) {
        size_t len = strlen(rating_names[k]);
        if (n < len + 2 || strncasecmp(s + 1, rating_names[k], len) != 0 || s[len + 1] != ']')
            continue;
        size_t i = len + 2;
        while (i < n && (s[i] == ' ' || s[i] == '\t'))
            i++;
        *r = (wz_rating)k;
        return i;
    }
    return 0;
}

static unsigned long long splitmix64(unsigned long long *state)
{
    unsigned long long z = (*state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

void wz_fair_order(const wz_passage *p, unsigned long long seed, int *out)
{
    int n = p->nchoices;
    for (int i = 0; i < n; i++)
        out[i] = i;
    if (n < 2 || wz_passage_keeps_order(p)) return;
    unsigned long long st = wz_hash(WZ_HASH_INIT, &seed, sizeof seed);
    st = wz_hash(st, p->name, strlen(p->name));
    for (int i = n - 1; i > 0; i--) {
        int j = (int)(splitmix64(&st) % (unsigned long long)(i + 1));
        int t = out[i];
        out[i] = out[j];
        out[j] = t;
    }
}

/* ---- give-aways ---- */

static size_t chars_of(const char *s)
{
    return wz_utf8_len(s, strlen(s));
}

/* A decision: at least one safe choice and one that is not. */
static int is_decision(const wz_passage *p)
{
    int safe = 0, other = 0;
    for (int k = 0; k < p->nchoices; k++) {
        if (p->choices[k].cls == WZ_CLASS_SAFE)
            safe++;
        else
            other++;
    }
    return p->role != WZ_ROLE_SPECIAL && safe > 0 && other > 0;
}

static void check_long(const wz_scenario *sc, const wz_passage *p, wz_diags *d)
{
    size_t longest = 0;
    for (int k = 0; k < p->nchoices; k++)
        if (p->choices[k].cls != WZ_CLASS_SAFE)
            longest = WZ_MAX(longest, chars_of(p->choices[k].label));
    for (int k = 0; k < p->nchoices; k++) {
        const wz_choice *c = &p->choices[k];
        size_t n = chars_of(c->label);
        if (c->cls != WZ_CLASS_SAFE || n < longest + WZ_FAIR_LONG_CHARS ||
            n * WZ_FAIR_LONG_RATIO_DEN < longest * WZ_FAIR_LONG_RATIO_NUM)
            continue;
        wz_diag_add(d, WZ_WARNING, sc->file, c->line, c->column,
                    "the safe choice \"%s\" is much longer than the others (%zu characters; the "
                    "longest other one has %zu), which gives the answer away; make the "
                    "choices about the same length",
                    c->label, n, longest);
    }
}

static void check_order(const wz_scenario *sc, wz_diags *d)
{
    int decisions = 0, first_safe = 0;
    const wz_choice *at = NULL;
    for (int i = 0; i < sc->npassages; i++) {
        const wz_passage *p = &sc->passages[i];
        if (!is_decision(p)) continue;
        check_long(sc, p, d);
        decisions++;
        if (p->choices[0].cls == WZ_CLASS_SAFE) first_safe++;
        if (!at) at = &p->choices[0];
    }
    if (decisions >= 2 && first_safe == decisions)
        wz_diag_add(d, WZ_WARNING, sc->file, at->line, at->column,
                    "the safe choice comes first in all %d decisions of this story (this is "
                    "the first one), which gives the answer away where the order is kept (in "
                    "Twine, on paper, and in passages tagged keep-order); put the safe choice "
                    "in different places",
                    decisions);
}

/* ---- rating rounds ---- */

static void check_rate(const wz_scenario *sc, const wz_passage *p, wz_diags *d)
{
    int rate = wz_passage_is_rate(p), rated = 0;
    if (wz_passage_has_tag(p, WZ_TAG_RATE) && !rate)
        wz_diag_add(d, WZ_WARNING, sc->file, p->line, p->column,
                    "the tag rate only means something on a spot passage; tag \"%s\" spot rate "
                    "to let visitors rate its messages",
                    p->name);
    for (int k = 0; k < p->nparts; k++) {
        const wz_part *pt = &p->parts[k];
        if (pt->kind != WZ_PART_MESSAGE) continue;
        const char *r = wz_rating_name(pt->rating);
        if (r && !rate)
            wz_diag_add(d, WZ_WARNING, sc->file, pt->line, pt->column,
                        "the rating [%s] is only used in a spot passage tagged rate; add the "
                        "tag rate to \"%s\", or remove [%s]",
                        r, p->name, r);
        else if (r && pt->from_visitor)
            wz_diag_add(d, WZ_WARNING, sc->file, pt->line, pt->column,
                        "visitors do not rate their own messages (from You); remove [%s]", r);
        else if (rate && !pt->from_visitor && !r)
            wz_diag_add(d, WZ_ERROR, sc->file, pt->line, pt->column,
                        "this message has no model rating; start the line with [green], "
                        "[amber] or [red] so the kiosk can show visitors the answer");
        if (rate && !pt->from_visitor) rated++;
    }
    if (rate && rated == 0)
        wz_diag_add(d, WZ_WARNING, sc->file, p->line, p->column,
                    "the rate passage \"%s\" has no messages to rate; write them as \"[green] "
                    "Name: message\"",
                    p->name);
}

void wz_fair_check(const wz_scenario *sc, wz_diags *d)
{
    if (!sc) return;
    check_order(sc, d);
    for (int i = 0; i < sc->npassages; i++)
        if (sc->passages[i].role != WZ_ROLE_SPECIAL) check_rate(sc, &sc->passages[i], d);
}

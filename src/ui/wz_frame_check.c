/*
 * wz_frame_check: a frame read back: its visible texts (script mode's expect, and the
 * texts listed when a script fails) and the layout rules every frame must keep (controls
 * on the screen and big enough, text inside its box, no word broken across lines, nothing
 * covered by a control laid over it).
 */
#include <stdlib.h>
#include <string.h>

#include "wz_frame_int.h"
#include "wz_util.h"

/* How a picture (not an icon) reads in the text list: "[picture NAME]", NAME the file's
 * base name, so a script can tell a picture shown from its description shown instead. */
static char *picture_text(const cmd *c)
{
    const char *base = strrchr(c->s, '/');
    return wz_xasprintf("[picture %s]", base ? base + 1 : c->s);
}

int wz_frame_has_text(const wz_frame *f, const char *text)
{
    for (int i = 0; i < f->ncmds; i++) {
        const cmd *c = &f->cmds[i];
        if (!wz_frame_visible(f, c)) continue;
        if (c->kind == CMD_TEXT && strstr(c->s, text)) return 1;
        if (c->kind == CMD_IMAGE) {
            char *pt = picture_text(c);
            int found = strstr(pt, text) != NULL;
            free(pt);
            if (found) return 1;
        }
    }
    return 0;
}

char *wz_frame_texts(const wz_frame *f)
{
    wz_buf b;
    wz_buf_init(&b, 1u << 20);
    for (int i = 0; i < f->ncmds; i++) {
        const cmd *c = &f->cmds[i];
        if (!wz_frame_visible(f, c)) continue;
        if (c->kind == CMD_TEXT) wz_buf_printf(&b, "  %s\n", c->s);
        if (c->kind == CMD_IMAGE) {
            char *pt = picture_text(c);
            wz_buf_printf(&b, "  %s\n", pt);
            free(pt);
        }
    }
    return wz_buf_steal(&b);
}

static int rect_inside(SDL_Rect in, SDL_Rect out)
{
    return in.x >= out.x && in.y >= out.y && in.x + in.w <= out.x + out.w &&
           in.y + in.h <= out.y + out.h;
}

/* The control (not hidden by an overlay) whose rectangle holds the middle of text command
 * c, or NULL: that text is the control's label. */
static const wz_control *label_of(const wz_frame *f, const cmd *c)
{
    int mx = c->r.x + c->r.w / 2, my = c->r.y + c->r.h / 2;
    for (int i = f->nctls - 1; i >= f->modal_from; i--) {
        const wz_control *k = &f->ctls[i];
        if (k->scroll == c->scroll && mx >= k->r.x && mx < k->r.x + k->r.w && my >= k->r.y &&
            my < k->r.y + k->r.h)
            return k;
    }
    return NULL;
}

/* A word of text command c wider than its wrap width, which the wrapper breaks in the
 * middle ("Bac" / "k"), copied into word[size]; 0 when every word fits on a line. */
static int broken_word(const wz_frame *f, const cmd *c, char *word, size_t size)
{
    if (c->wrap <= 0) return 0;
    const char *p = c->s;
    while (*p) {
        while (*p == ' ' || *p == '\n' || *p == '\t')
            p++;
        size_t n = strcspn(p, " \n\t");
        if (n == 0) break;
        if (n < size) {
            memcpy(word, p, n);
            word[n] = '\0';
            SDL_Point sz = wz_text_cache_measure(f->tc, word, c->px, c->bold, 0);
            if (sz.x > c->wrap) return 1;
        }
        p += n;
    }
    return 0;
}

/* Where r (placed on screen) shows: clipped to the scroll view when it scrolls, empty
 * when all of it is scrolled out of view. */
static SDL_Rect shown(const wz_frame *f, SDL_Rect r, int scroll)
{
    SDL_Rect out = {0, 0, 0, 0};
    if (scroll && !SDL_IntersectRect(&r, &f->vp, &out)) return (SDL_Rect){0, 0, 0, 0};
    return scroll ? out : r;
}

/* Whether a thing placed on screen at r (scrolling or not) is covered by control k: a
 * fixed control over scrolled content (the "more below" button) covers whatever of it
 * shows under it; in the same layer, a control covers what it only partly holds (what lies
 * wholly inside a control is its label or its card's content). */
static int covered_by(const wz_frame *f, SDL_Rect r, int scroll, const wz_control *k)
{
    SDL_Rect kr = wz_frame_screen_rect(f, k), rs = shown(f, r, scroll),
             ks = shown(f, kr, k->scroll), out;
    if (!SDL_IntersectRect(&rs, &ks, &out)) return 0;
    if (scroll != k->scroll) return 1;
    return !rect_inside(r, kr) && !rect_inside(kr, r);
}

/* Controls laid over other controls or over text: a finger or an eye cannot reach what
 * is under them. What an overlay (wz_frame_modal, wz_frame_dim) hides is not checked. */
static int check_overlaps(const wz_frame *f, wz_buf *b)
{
    int problems = 0, from = 0;
    for (int i = 0; i < f->ncmds; i++)
        if (f->cmds[i].kind == CMD_DIM) from = i + 1;
    for (int i = f->modal_from; i < f->nctls; i++) {
        const wz_control *a = &f->ctls[i];
        for (int j = i + 1; j < f->nctls; j++) {
            const wz_control *k = &f->ctls[j];
            if (!covered_by(f, wz_frame_screen_rect(f, a), a->scroll, k)) continue;
            problems++;
            wz_buf_printf(b, "control \"%s\" overlaps control \"%s\"\n", k->label, a->label);
        }
    }
    for (int i = from; i < f->ncmds; i++) {
        const cmd *c = &f->cmds[i];
        if (c->kind != CMD_TEXT || !wz_frame_visible(f, c)) continue;
        for (int j = f->modal_from; j < f->nctls; j++) {
            const wz_control *k = &f->ctls[j];
            if (k->hidden || !covered_by(f, wz_frame_placed(f, c), c->scroll, k)) continue;
            problems++;
            wz_buf_printf(b, "control \"%s\" overlaps text \"%.60s\"\n", k->label, c->s);
        }
    }
    return problems;
}

int wz_frame_check(const wz_frame *f, char **report)
{
    wz_buf b;
    wz_buf_init(&b, 1u << 20);
    int problems = 0;
    SDL_Rect screen = {0, 0, f->w, f->h};
    if (f->overflow) {
        problems++;
        wz_buf_printf(&b, "%d commands or controls did not fit the frame's bounds\n", f->overflow);
    }
    if (f->has_scroll && !rect_inside(f->vp, screen)) {
        problems++;
        wz_buf_printf(&b, "scroll view %d,%d %dx%d is outside the %dx%d screen\n", f->vp.x, f->vp.y,
                      f->vp.w, f->vp.h, f->w, f->h);
    }
    for (int i = f->modal_from; i < f->nctls; i++) {
        const wz_control *c = &f->ctls[i];
        SDL_Rect r = c->r;
        int bad;
        if (c->scroll) {
            /* scrolled content may lie below the fold, but never beside the viewport */
            bad = r.x < f->vp.x || r.x + r.w > f->vp.x + f->vp.w || r.y < 0 ||
                  r.y + r.h > WZ_MAX(f->content_h, f->vp.h);
        } else {
            bad = !rect_inside(r, screen);
        }
        if (f->min_target && (r.w < f->min_target || r.h < f->min_target)) {
            problems++;
            wz_buf_printf(&b, "control \"%s\" is %dx%d, smaller than a %d px touch target\n",
                          c->label, r.w, r.h, f->min_target);
        }
        if (bad || r.w <= 0 || r.h <= 0) {
            problems++;
            wz_buf_printf(&b, "control \"%s\" at %d,%d %dx%d%s is outside the %dx%d screen\n",
                          c->label, r.x, r.y, r.w, r.h, c->scroll ? " (scrolled)" : "", f->w, f->h);
        }
    }
    for (int i = 0; i < f->ncmds; i++) {
        const cmd *c = &f->cmds[i];
        if (c->kind != CMD_TEXT) continue;
        int over_w = c->r.w > c->box.w + 1;
        int over_h = c->box.h > 0 && c->r.h > c->box.h + 1;
        SDL_Rect r = c->r;
        int outside = !c->scroll && !rect_inside(r, screen);
        if (c->scroll) outside = r.x < f->vp.x || r.x + r.w > f->vp.x + f->vp.w;
        if (over_w || over_h || outside) {
            problems++;
            wz_buf_printf(&b, "text \"%.60s\" (%dx%d) overflows its box %d,%d %dx%d%s\n", c->s,
                          c->r.w, c->r.h, c->box.x, c->box.y, c->box.w, c->box.h,
                          outside ? " or the screen" : "");
        }
        char word[256];
        const wz_control *k = label_of(f, c);
        if (k && broken_word(f, c, word, sizeof word)) {
            problems++;
            wz_buf_printf(&b,
                          "control \"%s\": the word \"%s\" is broken across lines (%d px wide)\n",
                          k->label, word, c->wrap);
        }
    }
    problems += check_overlaps(f, &b);
    if (report) *report = problems ? wz_buf_steal(&b) : NULL;
    wz_buf_free(&b);
    return problems;
}

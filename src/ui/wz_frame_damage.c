/*
 * wz_frame_damage: which parts of the screen a frame changes, so that the software
 * renderer redraws only those (see wz_frame.h). An idle attract screen changes a phone's
 * bubbles and a pill's halo each step; redrawing the whole 1920x1080 screen for that
 * costs most of the kiosk's idle CPU.
 *
 * The list drawn last is kept (where each command landed on screen, and what it drew).
 * The new list is aligned with it (commands equal in both, in the same order, are left
 * alone; a greedy match with a short look-ahead finds insertions and removals), and the
 * places of the commands that differ, old and new, are the damage. Redrawing every
 * command clipped to a damaged rectangle gives exactly the pixels of a whole redraw there,
 * because each command is a fill or a 1:1 copy; a stretched copy (a corner disc larger
 * than wz_draw keeps) is redrawn whole, its place added to the damage.
 */
#include <stdlib.h>
#include <string.h>

#include "wz_frame_int.h"
#include "wz_util.h"

#define LOOK_AHEAD 24

/* Where c lands on screen, clipped to the scroll view for scrolled commands. */
static SDL_Rect landed(const wz_frame *f, const cmd *c)
{
    SDL_Rect r = wz_frame_placed(f, c), out = {0, 0, 0, 0};
    if (c->scroll && !SDL_IntersectRect(&r, &f->vp, &out)) return (SDL_Rect){0, 0, 0, 0};
    return c->scroll ? out : r;
}

static int same_rect(SDL_Rect a, SDL_Rect b)
{
    return a.x == b.x && a.y == b.y && a.w == b.w && a.h == b.h;
}

/* Whether two commands draw the same pixels (a and b already placed on screen). */
static int same_cmd(const cmd *a, SDL_Rect ra, const cmd *b, SDL_Rect rb)
{
    if (a->kind != b->kind || !same_rect(ra, rb) || a->radius != b->radius || a->px != b->px ||
        a->bold != b->bold || a->align != b->align || a->wrap != b->wrap || a->flip != b->flip ||
        memcmp(&a->c, &b->c, sizeof a->c) != 0 || a->scroll != b->scroll)
        return 0;
    if (!a->s || !b->s) return a->s == b->s;
    return strcmp(a->s, b->s) == 0;
}

void wz_frame_forget(wz_frame *f)
{
    for (int i = 0; i < f->nprev; i++)
        free(f->prev[i].s);
    f->nprev = 0;
    f->prev_valid = 0;
}

void wz_frame_keep(wz_frame *f)
{
    wz_frame_forget(f);
    if (!f->prev) f->prev = wz_xcalloc(WZ_FRAME_MAX_COMMANDS, sizeof *f->prev);
    for (int i = 0; i < f->ncmds; i++) {
        cmd *p = &f->prev[i];
        *p = f->cmds[i];
        p->r = landed(f, &f->cmds[i]); /* kept as placed on screen */
        p->scroll = f->cmds[i].scroll;
        p->s = f->cmds[i].s ? wz_xstrdup(f->cmds[i].s) : NULL;
    }
    f->nprev = f->ncmds;
    f->prev_w = f->w;
    f->prev_h = f->h;
    f->prev_valid = 1;
}

typedef struct damage {
    SDL_Rect r[WZ_FRAME_DAMAGE_MAX];
    int n;
} damage;

static int touches(SDL_Rect a, SDL_Rect b)
{
    return a.x <= b.x + b.w && b.x <= a.x + a.w && a.y <= b.y + b.h && b.y <= a.y + a.h;
}

/* Adds r, merging rectangles that touch; when there are too many, all become one. */
static void add(damage *d, SDL_Rect r)
{
    if (r.w <= 0 || r.h <= 0) return;
    for (int i = 0; i < d->n; i++) {
        if (!touches(d->r[i], r)) continue;
        SDL_Rect u;
        SDL_UnionRect(&d->r[i], &r, &u);
        d->r[i] = d->r[--d->n]; /* take it out, add the union again (it may touch more) */
        add(d, u);
        return;
    }
    if (d->n < WZ_FRAME_DAMAGE_MAX) {
        d->r[d->n++] = r;
        return;
    }
    for (int i = 1; i < d->n; i++)
        SDL_UnionRect(&d->r[0], &d->r[i], &d->r[0]);
    d->n = 1;
    add(d, r);
}

/* Finds the nearest pair prev[i + a] == new[j + b]; returns 0 when there is none close. */
static int resync(const wz_frame *f, int i, int j, int *da, int *db)
{
    for (int k = 1; k < 2 * LOOK_AHEAD; k++)
        for (int a = 0; a <= k; a++) {
            int b = k - a;
            if (a >= LOOK_AHEAD || b >= LOOK_AHEAD || i + a >= f->nprev || j + b >= f->ncmds)
                continue;
            const cmd *n = &f->cmds[j + b];
            if (same_cmd(&f->prev[i + a], f->prev[i + a].r, n, landed(f, n))) {
                *da = a;
                *db = b;
                return 1;
            }
        }
    return 0;
}

/* A copy the renderer stretches: clipping it could shift its sampling, so it is redrawn
 * whole (only corner discs past wz_draw's largest are stretched). */
static int stretched(const cmd *c)
{
    return c->kind == CMD_RECT && c->radius > WZ_DRAW_MAX_RADIUS;
}

static void grow_for_stretched(const wz_frame *f, damage *d)
{
    for (int changed = 1, rounds = 0; changed && rounds < 8; rounds++) {
        changed = 0;
        for (int i = 0; i < f->ncmds; i++) {
            if (!stretched(&f->cmds[i])) continue;
            SDL_Rect r = landed(f, &f->cmds[i]), in;
            for (int k = 0; k < d->n; k++) {
                if (!SDL_IntersectRect(&r, &d->r[k], &in) || same_rect(in, r)) continue;
                add(d, r);
                changed = 1;
                break;
            }
        }
    }
}

int wz_frame_damage(const wz_frame *f, SDL_Rect *out)
{
    if (!f->prev_valid || f->prev_w != f->w || f->prev_h != f->h) return -1;
    damage d = {.n = 0};
    int i = 0, j = 0;
    while (i < f->nprev || j < f->ncmds) {
        const cmd *n = j < f->ncmds ? &f->cmds[j] : NULL;
        if (i < f->nprev && n && same_cmd(&f->prev[i], f->prev[i].r, n, landed(f, n))) {
            i++;
            j++;
            continue;
        }
        int a = 1, b = 1;
        if (i >= f->nprev || !n || !resync(f, i, j, &a, &b)) {
            a = i < f->nprev;
            b = n != NULL;
        }
        for (int k = 0; k < a; k++)
            add(&d, f->prev[i + k].r);
        for (int k = 0; k < b; k++)
            add(&d, landed(f, &f->cmds[j + k]));
        i += a;
        j += b;
    }
    grow_for_stretched(f, &d);
    SDL_Rect screen = {0, 0, f->w, f->h};
    long long area = 0;
    for (int k = 0; k < d.n; k++) {
        if (!SDL_IntersectRect(&d.r[k], &screen, &out[k])) out[k] = (SDL_Rect){0, 0, 0, 0};
        area += (long long)out[k].w * out[k].h;
    }
    if (area * 2 > (long long)f->w * f->h) return -1; /* most of it: redraw it all */
    return d.n;
}

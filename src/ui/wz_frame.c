/*
 * wz_frame: the display list, controls and scroll view (see wz_frame.h); what a frame
 * shows as text, and its layout check, are in wz_frame_check.c.
 *
 * Commands are plain structs in one array; text commands keep their parameters and are
 * looked up in the text cache again when drawn (a hash hit), so no texture pointer is
 * held across an eviction. The per-frame strings are owned by the commands and freed
 * at the next begin.
 */
#include "wz_frame.h"

#include <stdlib.h>
#include <string.h>

#include "wz_frame_int.h"
#include "wz_util.h"

void wz_frame_set_min_target(wz_frame *f, int px)
{
    f->min_target = px;
}

wz_frame *wz_frame_create(SDL_Renderer *r, wz_draw *d, wz_text_cache *tc, wz_image_cache *ic,
                          const char *icon_dir)
{
    wz_frame *f = wz_xcalloc(1, sizeof *f);
    f->r = r;
    f->d = d;
    f->tc = tc;
    f->ic = ic;
    f->icon_dir = wz_xstrdup(icon_dir);
    f->cmds = wz_xcalloc(WZ_FRAME_MAX_COMMANDS, sizeof *f->cmds);
    f->ctls = wz_xcalloc(WZ_FRAME_MAX_CONTROLS, sizeof *f->ctls);
    return f;
}

static void clear_lists(wz_frame *f)
{
    for (int i = 0; i < f->ncmds; i++)
        free(f->cmds[i].s);
    for (int i = 0; i < f->nctls; i++)
        free(f->ctls[i].label);
    f->ncmds = f->nctls = 0;
}

void wz_frame_destroy(wz_frame *f)
{
    if (!f) return;
    clear_lists(f);
    wz_frame_forget(f);
    free(f->prev);
    free(f->cmds);
    free(f->ctls);
    free(f->icon_dir);
    free(f);
}

void wz_frame_begin(wz_frame *f, int w, int h)
{
    clear_lists(f);
    f->w = w;
    f->h = h;
    f->modal_from = 0;
    f->in_scroll = f->has_scroll = 0;
    f->gutter_used = 0;
    f->overflow = 0;
    f->rtl = wz_text_is_rtl(f->tc);
    wz_text_cache_frame(f->tc);
    wz_image_cache_frame(f->ic);
}

int wz_frame_width(const wz_frame *f)
{
    return f->w;
}

int wz_frame_is_rtl(const wz_frame *f)
{
    return f->rtl;
}

/* Where a rectangle laid out left to right lands on this frame's screen. */
static SDL_Rect mirrored(const wz_frame *f, SDL_Rect r)
{
    if (f->rtl) r.x = f->w - r.x - r.w;
    return r;
}

int wz_frame_height(const wz_frame *f)
{
    return f->h;
}

static cmd *push(wz_frame *f, cmd_kind k, SDL_Rect r)
{
    if (f->ncmds >= WZ_FRAME_MAX_COMMANDS) {
        f->overflow++;
        return NULL;
    }
    cmd *c = &f->cmds[f->ncmds++];
    memset(c, 0, sizeof *c);
    c->kind = k;
    c->r = r;
    c->scroll = f->in_scroll;
    return c;
}

void wz_frame_rect(wz_frame *f, SDL_Rect r, int radius, SDL_Color col)
{
    cmd *c = push(f, CMD_RECT, mirrored(f, r));
    if (!c) return;
    c->radius = radius;
    c->c = col;
}

void wz_frame_rect_border(wz_frame *f, SDL_Rect r, int radius, int border, SDL_Color line,
                          SDL_Color fill)
{
    wz_frame_rect(f, r, radius, line);
    SDL_Rect in = {r.x + border, r.y + border, r.w - 2 * border, r.h - 2 * border};
    wz_frame_rect(f, in, radius > border ? radius - border : 0, fill);
}

void wz_frame_circle(wz_frame *f, int cx, int cy, int radius, SDL_Color col)
{
    SDL_Rect r = {cx - radius, cy - radius, 2 * radius, 2 * radius};
    wz_frame_rect(f, r, radius, col);
}

SDL_Point wz_frame_measure(wz_frame *f, const char *text, int w, int px, int bold)
{
    return wz_text_cache_measure(f->tc, text, px, bold, w);
}

SDL_Point wz_frame_text(wz_frame *f, const char *text, SDL_Rect box, int px, int bold,
                        SDL_Color col, int align)
{
    SDL_Point size = {0, 0};
    if (!text || !*text) return size;
    if (f->rtl) {
        box = mirrored(f, box);
        align = align == WZ_ALIGN_LEFT    ? WZ_ALIGN_RIGHT
                : align == WZ_ALIGN_RIGHT ? WZ_ALIGN_LEFT
                                          : align;
    }
    int talign = align == WZ_ALIGN_BLOCK ? WZ_ALIGN_CENTER : align;
    wz_text t = wz_text_cache_get(f->tc, text, px, bold, col, box.w, talign);
    size.x = t.w;
    size.y = t.h;
    SDL_Rect r = {box.x, box.y, t.w, t.h};
    if (align == WZ_ALIGN_CENTER)
        r.x = box.x + (box.w - t.w) / 2;
    else if (align == WZ_ALIGN_RIGHT || (align == WZ_ALIGN_BLOCK && f->rtl))
        r.x = box.x + box.w - t.w;
    cmd *c = push(f, CMD_TEXT, r);
    if (!c) return size;
    c->box = box;
    c->px = px;
    c->bold = bold;
    c->c = col;
    c->align = talign;
    c->wrap = box.w;
    c->s = wz_xstrndup(text, strnlen(text, WZ_TEXT_MAX_BYTES));
    return size;
}

int wz_frame_image(wz_frame *f, const char *path, SDL_Rect r)
{
    int fw = 0, iw = 0, ih = 0;
    if (!path || wz_image_cache_fit(f->ic, path, r.w, r.h, &fw) != 0 ||
        !wz_image_cache_get(f->ic, path, fw, &iw, &ih) || iw <= 0 || ih <= 0)
        return -1;
    /* drawn 1:1 at its fitted size, centred in r */
    r = mirrored(f, r);
    SDL_Rect d = {r.x + (r.w - iw) / 2, r.y + (r.h - ih) / 2, iw, ih};
    cmd *c = push(f, CMD_IMAGE, d);
    if (!c) return 0;
    c->s = wz_xstrdup(path);
    c->wrap = fw;
    c->c = (SDL_Color){255, 255, 255, 255};
    return 0;
}

void wz_frame_icon(wz_frame *f, const char *name, SDL_Rect r, SDL_Color col)
{
    char *file = wz_xasprintf("%s.svg", name);
    char *path = wz_path_join(f->icon_dir, file);
    free(file);
    int n = f->ncmds;
    if (wz_frame_image(f, path, r) == 0 && f->ncmds > n) {
        f->cmds[f->ncmds - 1].kind = CMD_ICON;
        f->cmds[f->ncmds - 1].c = col;
        /* icons that point the way a reader goes */
        f->cmds[f->ncmds - 1].flip =
            f->rtl && (strcmp(name, "back") == 0 || strcmp(name, "next") == 0);
    }
    free(path);
}

void wz_frame_dim(wz_frame *f, SDL_Color col)
{
    SDL_Rect all = {0, 0, f->w, f->h};
    cmd *c = push(f, CMD_DIM, all);
    if (c) {
        c->c = col;
        c->scroll = 0;
    }
}

void wz_frame_control(wz_frame *f, SDL_Rect r, int action, int arg, const char *label)
{
    if (f->nctls >= WZ_FRAME_MAX_CONTROLS) {
        f->overflow++;
        return;
    }
    wz_control *c = &f->ctls[f->nctls++];
    c->r = mirrored(f, r);
    c->action = action;
    c->arg = arg;
    c->label = wz_xstrdup(label ? label : "");
    c->scroll = f->in_scroll;
    c->hidden = 0;
}

void wz_frame_control_hidden(wz_frame *f, SDL_Rect r, int action, int arg, const char *label)
{
    int n = f->nctls;
    wz_frame_control(f, r, action, arg, label);
    if (f->nctls > n) f->ctls[n].hidden = 1;
}

void wz_frame_modal(wz_frame *f)
{
    f->modal_from = f->nctls;
}

int wz_frame_control_count(const wz_frame *f)
{
    return f->nctls - f->modal_from;
}

const wz_control *wz_frame_control_at(const wz_frame *f, int i)
{
    i += f->modal_from;
    return (i >= f->modal_from && i < f->nctls) ? &f->ctls[i] : NULL;
}

SDL_Rect wz_frame_screen_rect(const wz_frame *f, const wz_control *c)
{
    SDL_Rect r = c->r;
    if (c->scroll) r.y = r.y + f->vp.y - f->offset;
    return r;
}

static int inside(SDL_Rect r, int x, int y)
{
    return x >= r.x && y >= r.y && x < r.x + r.w && y < r.y + r.h;
}

int wz_frame_in_scroll(const wz_frame *f, int x, int y)
{
    return f->has_scroll && inside(f->vp, x, y) && f->content_h > f->vp.h;
}

const wz_control *wz_frame_hit(const wz_frame *f, int x, int y)
{
    for (int i = f->nctls - 1; i >= f->modal_from; i--) {
        const wz_control *c = &f->ctls[i];
        if (c->scroll && !inside(f->vp, x, y)) continue;
        if (inside(wz_frame_screen_rect(f, c), x, y)) return c;
    }
    return NULL;
}

const wz_control *wz_frame_find(const wz_frame *f, const char *label)
{
    for (int i = f->nctls - 1; i >= f->modal_from; i--)
        if (strcmp(f->ctls[i].label, label) == 0) return &f->ctls[i];
    for (int i = f->nctls - 1; i >= f->modal_from; i--)
        if (wz_str_ieq(f->ctls[i].label, label)) return &f->ctls[i];
    const wz_control *found = NULL;
    for (int i = f->nctls - 1; i >= f->modal_from; i--) {
        if (strstr(f->ctls[i].label, label)) {
            if (found) return NULL; /* ambiguous */
            found = &f->ctls[i];
        }
    }
    return found;
}

int wz_frame_scroll_max(const wz_frame *f)
{
    return f->has_scroll ? WZ_MAX(0, f->content_h - f->vp.h - f->gutter_used) : 0;
}

int wz_frame_reveal(wz_frame *f, const wz_control *c)
{
    if (!c->scroll || !f->has_scroll) return 0;
    int old = f->offset;
    if (c->r.y < f->offset)
        f->offset = c->r.y;
    else if (c->r.y + c->r.h > f->offset + f->vp.h)
        f->offset = c->r.y + c->r.h - f->vp.h;
    f->offset = WZ_MAX(0, WZ_MIN(f->offset, wz_frame_scroll_max(f)));
    return f->offset != old;
}

void wz_frame_scroll_begin(wz_frame *f, SDL_Rect viewport)
{
    f->in_scroll = 1;
    f->has_scroll = 1;
    f->vp_layout = viewport;
    f->vp = mirrored(f, viewport);
}

void wz_frame_scroll_end(wz_frame *f, int content_h)
{
    f->in_scroll = 0;
    f->content_h = content_h;
    if (f->to_end) f->offset = wz_frame_scroll_max(f);
    f->to_end = 0;
    f->offset = WZ_MAX(0, WZ_MIN(f->offset, wz_frame_scroll_max(f)));
    /* the strip only while content lies below the whole view: at the end it is given back,
     * so the last lines show without a blank band under them */
    if (f->gutter > 0 && content_h > f->vp.h + f->gutter && f->vp.h >= 3 * f->gutter &&
        f->offset < wz_frame_scroll_max(f)) {
        f->vp.h -= f->gutter;
        f->gutter_used = f->gutter;
    }
}

int wz_frame_scroll_by(wz_frame *f, int dy)
{
    int old = f->offset;
    f->offset = WZ_MAX(0, WZ_MIN(f->offset + dy, wz_frame_scroll_max(f)));
    return f->offset != old;
}

void wz_frame_scroll_reset(wz_frame *f)
{
    f->offset = 0;
    f->to_end = 0;
}

void wz_frame_scroll_set(wz_frame *f, int offset)
{
    f->offset = WZ_MAX(0, offset);
    f->to_end = 0;
}

void wz_frame_scroll_to_end(wz_frame *f)
{
    f->to_end = 1;
}

int wz_frame_scroll_viewport(const wz_frame *f, SDL_Rect *vp)
{
    if (!f->has_scroll) return 0;
    if (vp) *vp = f->vp_layout;
    return 1;
}

void wz_frame_set_scroll_gutter(wz_frame *f, int px)
{
    f->gutter = WZ_MAX(0, px);
}

int wz_frame_scroll_gutter(const wz_frame *f, SDL_Rect *strip)
{
    if (!f->has_scroll || !f->gutter_used) return 0;
    if (strip) *strip = (SDL_Rect){f->vp.x, f->vp.y + f->vp.h, f->vp.w, f->gutter_used};
    return f->gutter_used;
}

int wz_frame_scroll_offset(const wz_frame *f)
{
    return f->offset;
}

/* Where a command lands on screen. */
SDL_Rect wz_frame_placed(const wz_frame *f, const cmd *c)
{
    SDL_Rect r = c->r;
    if (c->scroll) r.y = r.y + f->vp.y - f->offset;
    return r;
}

int wz_frame_visible(const wz_frame *f, const cmd *c)
{
    SDL_Rect r = wz_frame_placed(f, c), screen = {0, 0, f->w, f->h}, out;
    if (c->scroll && !SDL_IntersectRect(&r, &f->vp, &out)) return 0;
    return SDL_IntersectRect(&r, &screen, &out);
}

/* Draws the commands that reach clip (NULL: all), each clipped to it (and to the scroll
 * view when it scrolls). */
static void draw_list(wz_frame *f, const SDL_Rect *clip)
{
    int clipped = -1;
    for (int i = 0; i < f->ncmds; i++) {
        const cmd *c = &f->cmds[i];
        if (!wz_frame_visible(f, c)) continue;
        SDL_Rect r = wz_frame_placed(f, c), in;
        if (clip && !SDL_IntersectRect(&r, clip, &in)) continue;
        if (c->scroll != clipped) {
            SDL_Rect both = f->vp;
            if (clip && c->scroll && !SDL_IntersectRect(&f->vp, clip, &both)) continue;
            SDL_RenderSetClipRect(f->r, c->scroll ? &both : clip);
            clipped = c->scroll;
        }
        switch (c->kind) {
        case CMD_RECT:
            wz_draw_rrect(f->d, r, c->radius, c->c);
            break;
        case CMD_DIM:
            SDL_SetRenderDrawBlendMode(f->r, SDL_BLENDMODE_BLEND);
            SDL_SetRenderDrawColor(f->r, c->c.r, c->c.g, c->c.b, c->c.a);
            SDL_RenderFillRect(f->r, &r);
            break;
        case CMD_TEXT: {
            wz_text t = wz_text_cache_get(f->tc, c->s, c->px, c->bold, c->c, c->wrap, c->align);
            if (t.tex) SDL_RenderCopy(f->r, t.tex, NULL, &r);
            break;
        }
        case CMD_IMAGE:
        case CMD_ICON: {
            SDL_Texture *t = wz_image_cache_get(f->ic, c->s, c->wrap, NULL, NULL);
            if (!t) break;
            if (c->kind == CMD_ICON)
                SDL_SetTextureColorMod(t, c->c.r, c->c.g, c->c.b);
            else
                SDL_SetTextureColorMod(t, 255, 255, 255);
            SDL_RenderCopyEx(f->r, t, NULL, &r, 0, NULL,
                             c->flip ? SDL_FLIP_HORIZONTAL : SDL_FLIP_NONE);
            break;
        }
        }
    }
    if (clipped >= 0) SDL_RenderSetClipRect(f->r, NULL);
}

void wz_frame_draw(wz_frame *f)
{
    draw_list(f, NULL);
}

void wz_frame_draw_clipped(wz_frame *f, SDL_Rect clip)
{
    draw_list(f, &clip);
}

/*
 * wz_widgets: theme and widgets (see wz_widgets.h).
 *
 * Every widget is a function of (rectangle, content, state) that emits commands: no
 * widget keeps state between frames, so pressed and focused looks come from the input
 * layer's identity (action, arg) each frame, and there is nothing to get out of sync.
 */
#include "wz_widgets.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wz_util.h"
#include "wz_i18n.h"

int wz_px(const wz_theme *t, int units)
{
    return (int)((float)units * t->s + 0.5f);
}

void wz_theme_compute(wz_theme *t, int w, int h, int easy)
{
    memset(t, 0, sizeof *t);
    t->w = w;
    t->h = h;
    t->portrait = h > w;
    t->easy = easy;
    float s = (float)WZ_MIN(w, h) / 1080.0f;
    t->s = s < 0.6f ? 0.6f : s;
    t->margin = wz_px(t, 48);
    t->gap = wz_px(t, 24);
    t->pad = wz_px(t, 28);
    t->radius = wz_px(t, 28);
    t->px_small = wz_px(t, easy ? 28 : 25); /* the normal sizes are wz_theme_text_size's too */
    t->px_body = wz_px(t, easy ? 36 : 30);
    t->px_button = wz_px(t, easy ? 38 : 32);
    t->px_h2 = wz_px(t, easy ? 44 : 38);
    t->px_h1 = wz_px(t, easy ? 58 : 52);
    t->px_huge = wz_px(t, 84);
    t->bar_h = wz_px(t, 120);
    t->button_h = wz_px(t, 96);
    t->icon = wz_px(t, 44);
    t->col_w = WZ_MIN(w - 2 * t->margin, wz_px(t, 1320));
    t->col_x = (w - t->col_w) / 2;
}

void wz_theme_text_size(wz_theme *t, int size)
{
    static const float factor[WZ_TEXT_SIZES] = {1.0f, 1.2f, 1.45f};
    if (size < 0 || size >= WZ_TEXT_SIZES) size = WZ_TEXT_NORMAL;
    t->text_size = size;
    if (size == WZ_TEXT_NORMAL) return;
    /* normal sizes, before easy read, hold the product to its limit */
    static const int normal[] = {25, 30, 32, 38, 52};
    int *px[] = {&t->px_small, &t->px_body, &t->px_button, &t->px_h2, &t->px_h1};
    for (int i = 0; i < 5; i++) {
        int limit = wz_px(t, (int)((float)normal[i] * WZ_TEXT_MAX_SCALE + 0.5f));
        *px[i] = WZ_MIN(limit, (int)((float)*px[i] * factor[size] + 0.5f));
    }
}

int wz_ui_is_pressed(const wz_ui *ui, int action, int arg)
{
    return ui->pressed && ui->pressed_action == action && ui->pressed_arg == arg;
}

int wz_ui_is_focused(const wz_ui *ui, int action, int arg)
{
    return ui->focused && ui->focus_action == action && ui->focus_arg == arg;
}

static int text_w_for(const wz_theme *t, int w, const char *icon)
{
    return w - 2 * t->pad - (icon ? t->icon + t->gap / 2 : 0);
}

const wz_button_look *wz_button_look_of(wz_button_style st)
{
    const wz_palette *p = wz_palette_now();
    switch (st) {
    case WZ_BTN_HELP:
        return &p->btn_help;
    case WZ_BTN_SAFE:
        return &p->btn_safe;
    case WZ_BTN_SECONDARY:
    case WZ_BTN_CHOICE:
        return &p->btn_secondary;
    default:
        return &p->btn_primary;
    }
}

int wz_button_height(wz_ui *ui, int w, const char *label, const char *icon, int px)
{
    const wz_theme *t = &ui->th;
    if (!px) px = t->px_button;
    SDL_Point sz = wz_frame_measure(ui->f, label, text_w_for(t, w, icon), px, 1);
    return WZ_MAX(t->button_h, sz.y + 2 * wz_px(t, 22));
}

void wz_button(wz_ui *ui, SDL_Rect r, const char *label, const char *icon, wz_button_style st,
               int px, int action, int arg)
{
    const wz_theme *t = &ui->th;
    if (!px) px = t->px_button;
    int down = wz_ui_is_pressed(ui, action, arg);
    const wz_button_look *look = wz_button_look_of(st);
    SDL_Color fill = down ? look->fill_down : look->fill, ink = look->text, line = look->border;
    int radius = WZ_MIN(t->radius, r.h / 2);
    if (wz_ui_is_focused(ui, action, arg)) {
        int o = wz_px(t, 6);
        SDL_Rect fr = {r.x - o, r.y - o, r.w + 2 * o, r.h + 2 * o};
        wz_frame_rect(ui->f, fr, radius + o, WZ_FOCUS);
    }
    /* pressed buttons sink: no shadow and a 2-unit shift */
    int sink = down ? wz_px(t, 3) : 0;
    SDL_Rect b = {r.x, r.y + sink, r.w, r.h - sink};
    if (!down) wz_shadow(ui, r, radius, wz_px(t, 4));
    if (line.a)
        wz_frame_rect_border(ui->f, b, radius, WZ_MAX(2, wz_px(t, 3)), line, fill);
    else
        wz_frame_rect(ui->f, b, radius, fill);
    int tw = text_w_for(t, r.w, icon);
    SDL_Point sz = wz_frame_measure(ui->f, label, tw, px, 1);
    int content_w = sz.x + (icon ? t->icon + t->gap / 2 : 0);
    int x = st == WZ_BTN_CHOICE ? b.x + t->pad : b.x + (b.w - content_w) / 2;
    if (icon) {
        SDL_Rect ir = {x, b.y + (b.h - t->icon) / 2, t->icon, t->icon};
        wz_frame_icon(ui->f, icon, ir, ink);
        x += t->icon + t->gap / 2;
    }
    /* the box is the button's height: a label that needs more is reported by the check */
    SDL_Rect box = {x, b.y + (b.h - sz.y) / 2, tw, b.h};
    wz_frame_text(ui->f, label, box, px, 1, ink,
                  st == WZ_BTN_CHOICE ? WZ_ALIGN_LEFT : WZ_ALIGN_BLOCK);
    wz_frame_control(ui->f, r, action, arg, label);
}

int wz_text_block(wz_ui *ui, const char *text, int x, int y, int w, int px, int bold, SDL_Color c,
                  int align)
{
    SDL_Rect box = {x, y, w, 0};
    SDL_Point p = wz_frame_text(ui->f, text, box, px, bold, c, align);
    return p.y;
}

int wz_bullet(wz_ui *ui, const char *text, int x, int y, int w, int px, SDL_Color c, SDL_Color dot)
{
    int lh = px * 4 / 3;
    int r = WZ_MAX(3, px / 5);
    if (WZ_PAL->high_contrast) dot = c; /* coloured fills are black there */
    wz_frame_circle(ui->f, x + r + 2, y + lh / 2 + 1, r, dot);
    int indent = px + px / 3;
    SDL_Rect box = {x + indent, y, w - indent, 0};
    return wz_frame_text(ui->f, text, box, px, 0, c, WZ_ALIGN_LEFT).y;
}

SDL_Color wz_colour_for(const char *hex, const char *name)
{
    unsigned v;
    if (hex && hex[0] == '#' && strlen(hex) == 7 && sscanf(hex + 1, "%6x", &v) == 1) {
        SDL_Color c = {(Uint8)(v >> 16), (Uint8)(v >> 8), (Uint8)v, 255};
        return c; /* made readable where it is drawn (wz_palette_character) */
    }
    static const SDL_Color calm[] = {{0x2B, 0x6C, 0xB0, 255}, {0x9C, 0x4F, 0x16, 255},
                                     {0x2F, 0x7A, 0x5B, 255}, {0x7A, 0x3E, 0x9D, 255},
                                     {0xA3, 0x36, 0x5A, 255}, {0x3C, 0x5A, 0x7A, 255}};
    unsigned h = 5381;
    for (const char *p = name ? name : ""; *p; p++)
        h = h * 33u + (unsigned char)*p;
    return calm[h % WZ_ARRAY_LEN(calm)];
}

void wz_avatar(wz_ui *ui, int cx, int cy, int radius, const char *path, const char *name,
               const char *colour)
{
    SDL_Rect r = {cx - radius, cy - radius, 2 * radius, 2 * radius};
    SDL_Color bg, ink, ring;
    wz_palette_character(wz_palette_now(), wz_colour_for(colour, name), &bg, &ink, &ring);
    if (ring.a) wz_frame_circle(ui->f, cx, cy, radius + WZ_MAX(2, wz_px(&ui->th, 4)), ring);
    wz_frame_circle(ui->f, cx, cy, radius, bg);
    if (path && wz_frame_image(ui->f, path, r) == 0) return;
    char initial[8] = "?";
    if (name && *name) {
        /* first character, whole UTF-8 sequence */
        size_t n = 1;
        while (n < 4 && ((unsigned char)name[n] & 0xC0) == 0x80)
            n++;
        memcpy(initial, name, n);
        initial[n] = '\0';
        if (initial[0] >= 'a' && initial[0] <= 'z') initial[0] = (char)(initial[0] - 'a' + 'A');
    }
    int px = radius;
    SDL_Point sz = wz_frame_measure(ui->f, initial, 0, px, 1);
    SDL_Rect box = {cx - radius, cy - sz.y / 2, 2 * radius, sz.y};
    wz_frame_text(ui->f, initial, box, px, 1, ink, WZ_ALIGN_CENTER);
}

void wz_icon_badge(wz_ui *ui, int cx, int cy, int radius, const char *icon, SDL_Color bg,
                   SDL_Color fg)
{
    wz_frame_circle(ui->f, cx, cy, radius, bg);
    int s = radius * 5 / 4;
    SDL_Rect r = {cx - s / 2, cy - s / 2, s, s};
    wz_frame_icon(ui->f, icon, r, fg);
}

void wz_shadow(wz_ui *ui, SDL_Rect r, int radius, int drop)
{
    /* only the strip that shows under the shape: a translucent rectangle the size of a
     * panel would cost the software renderer a blend of every pixel beneath it */
    if (!WZ_SHADOW.a) return;
    radius = WZ_MIN(radius, WZ_MIN(r.w, r.h) / 2);
    SDL_Rect sh = {r.x, r.y + r.h - radius, r.w, radius + drop};
    wz_frame_rect(ui->f, sh, radius, WZ_SHADOW);
}

void wz_panel(wz_ui *ui, SDL_Rect r, SDL_Color fill)
{
    const wz_theme *t = &ui->th;
    wz_shadow(ui, r, t->radius, wz_px(t, 6));
    wz_fill(ui, r, t->radius, fill);
}

void wz_fill(wz_ui *ui, SDL_Rect r, int radius, SDL_Color fill)
{
    const wz_palette *p = wz_palette_now();
    if (!p->outline.a) {
        wz_frame_rect(ui->f, r, radius, fill);
        return;
    }
    /* a pressed shape keeps its lighter fill, so a press still shows */
    int pressed = fill.r == p->raised.r && fill.g == p->raised.g && fill.b == p->raised.b;
    SDL_Color f = pressed ? p->raised : p->surface;
    wz_frame_rect_border(ui->f, r, radius, WZ_MAX(2, wz_px(&ui->th, 3)), p->outline, f);
}

/* Width of a top-bar button: at least `base`, and wide enough that its label stays on
 * one line (a word broken as "Bac" / "k" is worse than a wider button). */
static int bar_button_w(wz_ui *ui, const char *label, int px, int base)
{
    const wz_theme *t = &ui->th;
    SDL_Point one = wz_frame_measure(ui->f, label, 0, px, 1);
    return WZ_MAX(base, one.x + 2 * t->pad + t->icon + t->gap / 2 + 2);
}

/* The title in at most `max_h` pixels of height and w of width: a smaller font step first,
 * then whole words dropped from the end with an ellipsis. Writes the font size to *px. */
static char *fit_title(wz_ui *ui, const char *title, int w, int max_h, int *px)
{
    const wz_theme *t = &ui->th;
    int p = t->px_h2;
    SDL_Point sz = wz_frame_measure(ui->f, title, w, p, 1);
    while (sz.y > max_h && p > t->px_small) {
        p -= WZ_MAX(1, p / 8);
        sz = wz_frame_measure(ui->f, title, w, p, 1);
    }
    *px = p;
    size_t len = strnlen(title, WZ_TEXT_MAX_BYTES);
    char *s = wz_xstrndup(title, len);
    while (sz.y > max_h && len > 0) {
        /* drop the last word (or, in one long word, the last character) */
        size_t cut = len;
        while (cut > 0 && s[cut - 1] == ' ')
            cut--;
        size_t sp = cut;
        while (sp > 0 && s[sp - 1] != ' ')
            sp--;
        if (sp > 0) {
            cut = sp - 1;
        } else {
            if (cut > 0) cut--;
            while (cut > 0 && ((unsigned char)s[cut] & 0xC0) == 0x80) /* UTF-8 boundary */
                cut--;
        }
        while (cut > 0 && s[cut - 1] == ' ')
            cut--;
        len = cut;
        char *e = wz_xasprintf("%.*s\xE2\x80\xA6", (int)len, title);
        free(s);
        s = e;
        sz = wz_frame_measure(ui->f, s, w, p, 1);
    }
    return s;
}

/* Width of the "I'm worried" bar button at text size px. */
static int worried_w(wz_ui *ui, int px)
{
    const wz_theme *t = &ui->th;
    return bar_button_w(ui, wz_tr(WZ_WORRIED_LABEL), px, wz_px(t, t->portrait ? 200 : 220));
}

int wz_worried_button(wz_ui *ui, int right, int y, int bh, int px)
{
    if (!ui->worried_action) return 0;
    int bar_px = px ? px : wz_px(&ui->th, 32);
    int w = worried_w(ui, bar_px);
    SDL_Rect r = {right - w, y, w, bh};
    wz_button(ui, r, wz_tr(WZ_WORRIED_LABEL), "heart", WZ_BTN_SAFE, bar_px, ui->worried_action, 0);
    return w;
}

/* Width of the "Aa" button: a square-ish button, the glyphs big. */
int wz_text_button_w(wz_ui *ui, int bh)
{
    const wz_theme *t = &ui->th;
    SDL_Point sz = wz_frame_measure(ui->f, WZ_TEXT_LABEL, 0, wz_px(t, 44), 1);
    return WZ_MAX(bh * 3 / 2, sz.x + 2 * t->pad);
}

int wz_text_button(wz_ui *ui, int right, int y, int bh)
{
    if (!ui->text_action) return 0;
    const wz_theme *t = &ui->th;
    int w = wz_text_button_w(ui, bh);
    SDL_Rect r = {right - w, y, w, bh};
    wz_button(ui, r, WZ_TEXT_LABEL, NULL, WZ_BTN_SECONDARY, wz_px(t, 44), ui->text_action, 0);
    return w;
}

int wz_top_bar(wz_ui *ui, const char *title, const char *back_label, int back_action,
               int help_action)
{
    const wz_theme *t = &ui->th;
    int bh = wz_px(t, 88);
    int by = (t->bar_h - bh) / 2;
    int bar_px = wz_px(t, 32); /* the same in easy read: the bar's buttons have fixed room */
    int base = wz_px(t, t->portrait ? 200 : 220);
    int back_w = back_label ? bar_button_w(ui, back_label, bar_px, base) : base;
    int help_w = help_action ? bar_button_w(ui, wz_tr("Help"), bar_px, base) : base;
    int worried = help_action && ui->worried_action; /* beside Help, a clear gap between */
    int right_w = help_w + (worried ? t->gap + worried_w(ui, bar_px) : 0);
    if (ui->text_action) /* "Aa" left of them (alone: where Help would be) */
        right_w = help_action ? right_w + t->gap + wz_text_button_w(ui, bh)
                              : WZ_MAX(right_w, wz_text_button_w(ui, bh));
    /* too narrow for Back, "Aa", "I'm worried" and Help in one row: "Aa" goes down to a
     * second row, at the right of the title */
    int aa_w = ui->text_action ? wz_text_button_w(ui, bh) : 0;
    int aa_down = help_action && back_label && aa_w && t->margin + back_w + t->gap + right_w > t->w;
    if (aa_down) right_w -= t->gap + aa_w;
    /* the title stays centred on the screen when both sides can keep the wider side's room;
     * otherwise it is centred in the room between the buttons; and when even that would
     * cut it (in portrait, where height is plenty), a row of its own under the buttons */
    int left = t->margin / 2 + WZ_MAX(back_w, right_w) + t->gap;
    int tw = t->w - 2 * left, h = t->bar_h, ty = 0, px = 0;
    if (tw < wz_px(t, 360)) {
        left = t->margin / 2 + (back_label ? back_w + t->gap : 0);
        tw = t->w - t->margin / 2 - right_w - t->gap - left;
    }
    char *shown = NULL;
    if (aa_down) { /* the second row: the title (if any) left of "Aa" */
        left = t->margin;
        tw = t->w - t->margin / 2 - aa_w - t->gap - left;
        ty = by + bh + t->gap / 2;
        h = ty + bh + t->gap / 2;
        if (title && *title && tw > 0) {
            shown = fit_title(ui, title, tw, bh, &px);
            int th = wz_frame_measure(ui->f, shown, tw, px, 1).y;
            h = ty + WZ_MAX(bh, th) + t->gap / 2;
        }
    } else if (title && *title) {
        if (tw > 0) shown = fit_title(ui, title, tw, bh, &px);
        int squeezed = !shown || strcmp(shown, title) != 0 || px < t->px_h2;
        if ((worried || ui->text_action) && t->portrait && squeezed) {
            /* cut, made smaller, or no room at all: a row of its own */
            free(shown);
            left = t->margin;
            tw = t->w - 2 * t->margin;
            shown = fit_title(ui, title, tw, bh, &px);
            ty = by + bh + t->gap / 2;
            h = ty + wz_frame_measure(ui->f, shown, tw, px, 1).y + t->gap / 2;
        }
    }
    SDL_Rect bar = {0, 0, t->w, h};
    wz_frame_rect(ui->f, bar, 0, WZ_SURFACE);
    SDL_Rect line = {0, h - WZ_MAX(1, wz_px(t, 2)), t->w, WZ_MAX(1, wz_px(t, 2))};
    wz_frame_rect(ui->f, line, 0, WZ_LINE);
    if (back_label) {
        SDL_Rect b = {t->margin / 2, by, back_w, bh};
        wz_button(ui, b, back_label, "back", WZ_BTN_SECONDARY, bar_px, back_action, 0);
    }
    if (shown) {
        SDL_Point sz = wz_frame_measure(ui->f, shown, tw, px, 1);
        SDL_Rect box = {left, ty ? ty : (t->bar_h - sz.y) / 2, tw, sz.y};
        wz_frame_text(ui->f, shown, box, px, 1, WZ_INK, WZ_ALIGN_CENTER);
        free(shown);
    }
    int right = t->w - t->margin / 2;
    if (help_action) {
        SDL_Rect hr = {right - help_w, by, help_w, bh};
        wz_button(ui, hr, wz_tr("Help"), "help", WZ_BTN_HELP, bar_px, help_action, 0);
        right = hr.x - t->gap;
        if (worried) right -= wz_worried_button(ui, right, by, bh, bar_px) + t->gap;
    }
    if (aa_down)
        wz_text_button(ui, t->w - t->margin / 2, ty, bh);
    else
        wz_text_button(ui, right, by, bh);
    return h;
}

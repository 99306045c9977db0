/*
 * wz_screen_text: the text panel the "Aa" button opens over any visitor screen: three
 * text sizes and two colour schemes, each a big button showing what it does ("Aa" at
 * its size, the colours themselves) with one word under it, the chosen one ticked.
 *
 * The panel's own sizes do not follow the text size, so it stays put while the screen
 * behind it changes; a choice applies at once, and Done or a touch outside closes it.
 */
#include "wz_i18n.h"
#include "wz_screens.h"
#include "wz_util.h"

static const char *const size_words[WZ_TEXT_SIZES] = {WZ_N("Normal"), WZ_N("Large"),
                                                      WZ_N("Largest")};
static const int size_px[WZ_TEXT_SIZES] = {34, 44, 56};

/* One choice: the sample drawn by the caller inside, the word under it, a tick when
 * chosen. Returns the rectangle left for the sample. */
static SDL_Rect option(wz_ui *ui, SDL_Rect r, const char *word, int chosen, int action, int arg)
{
    const wz_theme *t = &ui->th;
    const wz_palette *p = wz_palette_now();
    int down = wz_ui_is_pressed(ui, action, arg);
    int radius = WZ_MIN(t->radius, r.h / 4);
    if (wz_ui_is_focused(ui, action, arg)) {
        int o = wz_px(t, 6);
        SDL_Rect fr = {r.x - o, r.y - o, r.w + 2 * o, r.h + 2 * o};
        wz_frame_rect(ui->f, fr, radius + o, p->focus);
    }
    SDL_Color line = chosen ? p->btn_primary.fill : p->line;
    if (p->high_contrast) line = chosen ? p->btn_primary.border : p->muted;
    int bw = WZ_MAX(2, wz_px(t, chosen ? 6 : 3));
    wz_frame_rect_border(ui->f, r, radius, bw, line, down ? p->raised : p->surface);
    int wpx = wz_px(t, 28);
    SDL_Point ws = wz_frame_measure(ui->f, word, r.w - 2 * bw - wz_px(t, 8), wpx, 1);
    int icon = chosen ? wz_px(t, 32) : 0;
    int tw = WZ_MIN(ws.x, r.w - 2 * bw - icon - wz_px(t, 12));
    int x = r.x + (r.w - tw - icon - (icon ? wz_px(t, 6) : 0)) / 2;
    int wy = r.y + r.h - ws.y - wz_px(t, 12);
    if (icon) {
        SDL_Rect ir = {x, wy + (ws.y - icon) / 2, icon, icon};
        wz_frame_icon(ui->f, "tick", ir, p->primary_ink);
        x += icon + wz_px(t, 6);
    }
    SDL_Rect wb = {x, wy, r.x + r.w - bw - x, ws.y};
    wz_frame_text(ui->f, word, wb, wpx, 1, chosen ? p->primary_ink : p->text, WZ_ALIGN_LEFT);
    wz_frame_control(ui->f, r, action, arg, word);
    return (SDL_Rect){r.x + bw, r.y + bw, r.w - 2 * bw, wy - r.y - bw};
}

/* A sample of a colour scheme: "Aa" in its text colour on its background. */
static void swatch(wz_ui *ui, SDL_Rect area, const wz_palette *look)
{
    const wz_theme *t = &ui->th;
    int s = WZ_MIN(area.h - wz_px(t, 16), wz_px(t, 84));
    SDL_Rect sq = {area.x + (area.w - 2 * s) / 2, area.y + (area.h - s) / 2 + wz_px(t, 4), 2 * s,
                   s};
    wz_frame_rect_border(ui->f, sq, wz_px(t, 12), WZ_MAX(2, wz_px(t, 3)), look->text, look->bg);
    int px = wz_px(t, 40);
    SDL_Point a = wz_frame_measure(ui->f, WZ_TEXT_LABEL, 0, px, 1);
    SDL_Rect tb = {sq.x, sq.y + (sq.h - a.y) / 2, sq.w, a.y};
    SDL_Color ink = look->high_contrast ? look->sun : look->text;
    wz_frame_text(ui->f, WZ_TEXT_LABEL, tb, px, 1, ink, WZ_ALIGN_CENTER);
}

/* A heading of the panel at y; returns its height. */
static int heading(wz_ui *ui, const char *text, int x, int y, int w)
{
    return wz_text_block(ui, text, x, y, w, wz_px(&ui->th, 38), 1, WZ_INK, WZ_ALIGN_LEFT);
}

void wz_screen_text_panel(wz_screen_ctx *sx, wz_ui *ui)
{
    const wz_theme *t = &ui->th;
    int size = wz_session_text_size(sx->session), high = wz_session_contrast(sx->session);
    wz_screens_overlay(ui, WZ_ACT_TEXT_CLOSE, 1, wz_tr("Close"));
    int cw = WZ_MIN(t->w - 2 * t->margin, wz_px(t, 1000));
    int iw = cw - 2 * t->pad, g = t->gap;
    int hh = wz_frame_measure(ui->f, wz_tr("Text size"), iw, wz_px(t, 38), 1).y;
    int oh1 = wz_px(t, 150), oh2 = wz_px(t, 150);
    int done_h = wz_button_height(ui, iw, wz_tr("Done"), "tick", wz_px(t, 32));
    int h = 2 * t->pad + 2 * hh + 2 * (g / 2) + oh1 + oh2 + 2 * g + done_h;
    SDL_Rect card = {(t->w - cw) / 2, WZ_MAX(t->margin / 2, (t->h - h) / 2), cw, h};
    wz_panel(ui, card, WZ_SURFACE);
    int x = card.x + t->pad, y = card.y + t->pad;
    y += heading(ui, wz_tr("Text size"), x, y, iw) + g / 2;
    int ow = (iw - 2 * g) / 3;
    for (int i = 0; i < WZ_TEXT_SIZES; i++) {
        SDL_Rect r = {x + i * (ow + g), y, ow, oh1};
        SDL_Rect in = option(ui, r, wz_tr(size_words[i]), size == i, WZ_ACT_TEXT_SIZE, i);
        int px = wz_px(t, size_px[i]);
        SDL_Point a = wz_frame_measure(ui->f, WZ_TEXT_LABEL, 0, px, 1);
        SDL_Rect tb = {in.x, in.y + (in.h - a.y) / 2 + wz_px(t, 4), in.w, a.y};
        wz_frame_text(ui->f, WZ_TEXT_LABEL, tb, px, 1, WZ_INK, WZ_ALIGN_CENTER);
    }
    y += oh1 + g;
    y += heading(ui, wz_tr("Colours"), x, y, iw) + g / 2;
    int cw2 = (iw - g) / 2;
    const wz_palette *looks[2] = {&wz_palette_standard, &wz_palette_high_contrast};
    const char *words[2] = {wz_tr("Standard"), wz_tr("High contrast")};
    for (int i = 0; i < 2; i++) {
        SDL_Rect r = {x + i * (cw2 + g), y, cw2, oh2};
        swatch(ui, option(ui, r, words[i], high == i, WZ_ACT_CONTRAST, i), looks[i]);
    }
    y += oh2 + g;
    SDL_Rect d = {x, y, iw, done_h};
    wz_button(ui, d, wz_tr("Done"), "tick", WZ_BTN_PRIMARY, wz_px(t, 32), WZ_ACT_TEXT_CLOSE, 0);
}

/*
 * wz_screen_picker: "Who is playing?" (the audience picker, with the easy-read switch)
 * and the menu of scenarios for that audience, as cards.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wz_screens.h"
#include "wz_util.h"
#include "wz_i18n.h"

/* ---------------- picker ---------------- */

static const struct {
    unsigned bit;
    const char *label, *sub; /* the tile's colour: wz_palette's audience[i] */
} bands[] = {
    {WZ_AUD_8_11, WZ_N("Age 8 to 11"), WZ_N("Primary school")},
    {WZ_AUD_12_15, WZ_N("Age 12 to 15"), WZ_N("Secondary school")},
    {WZ_AUD_16_PLUS, WZ_N("Age 16 and over"), WZ_N("Young people and adults")},
    {WZ_AUD_PARENTS, WZ_N("Parent or carer"), WZ_N("Grown-ups looking after children")},
};

static void picker_build(wz_screen_ctx *sx, wz_ui *ui, long long now)
{
    const wz_theme *t = &ui->th;
    int top = wz_top_bar(ui, wz_tr("Who is playing?"), wz_tr("Back"), WZ_ACT_BACK, WZ_ACT_HELP);
    const char *intro = wz_tr("Choose one. We never ask for your name.");
    int cols = t->portrait ? 2 : 4;
    int tw = (t->col_w - (cols - 1) * t->gap) / cols;
    int badge = wz_px(t, 56);
    /* tiles as tall as the tallest label needs (easy read makes them grow) */
    int rows = 4 / cols;
    int intro_h = wz_frame_measure(ui->f, intro, t->col_w, t->px_h2, 0).y;
    /* as tall as fits above the easy-read switch, up to a comfortable size */
    int room = (t->h - top - intro_h - (rows + 6) * t->gap - wz_px(t, 150)) / rows;
    int th = WZ_MIN(wz_px(t, t->portrait ? 380 : 330), room);
    for (int i = 0; i < 4; i++) {
        int need = 2 * t->pad + 2 * badge + t->gap +
                   wz_frame_measure(ui->f, wz_tr(bands[i].label), tw - t->pad, t->px_h2, 1).y +
                   t->gap / 3 +
                   wz_frame_measure(ui->f, wz_tr(bands[i].sub), tw - t->pad, t->px_small, 0).y;
        th = WZ_MAX(th, need);
    }
    int lang_h = wz_screen_language_row(sx, ui, 0, 1);
    int block = lang_h + intro_h + 2 * t->gap + rows * (th + t->gap) + t->gap + wz_px(t, 150);
    SDL_Rect vp = {0, top, t->w, t->h - top};
    wz_frame_scroll_begin(ui->f, vp);
    int y = WZ_MAX(t->gap * 2, (vp.h - block) / 2);
    y += wz_screen_language_row(sx, ui, y, 0);
    y += wz_text_block(ui, intro, t->col_x, y, t->col_w, t->px_h2, 0, WZ_MUTED, WZ_ALIGN_CENTER) +
         t->gap * 2;
    for (int i = 0; i < 4; i++) {
        SDL_Rect r = {t->col_x + (i % cols) * (tw + t->gap), y + (i / cols) * (th + t->gap), tw,
                      th};
        int down = wz_ui_is_pressed(ui, WZ_ACT_AUDIENCE, (int)bands[i].bit);
        SDL_Color c = WZ_PAL->audience[i];
        if (down && !WZ_PAL->high_contrast)
            c = (SDL_Color){(Uint8)(c.r * 3 / 4), (Uint8)(c.g * 3 / 4), (Uint8)(c.b * 3 / 4), 255};
        if (wz_ui_is_focused(ui, WZ_ACT_AUDIENCE, (int)bands[i].bit)) {
            int o = wz_px(t, 6);
            SDL_Rect fr = {r.x - o, r.y - o, r.w + 2 * o, r.h + 2 * o};
            wz_frame_rect(ui->f, fr, t->radius + o, WZ_FOCUS);
        }
        if (!down) wz_shadow(ui, r, t->radius, wz_px(t, 6));
        wz_fill(ui, r, t->radius, down && WZ_PAL->high_contrast ? WZ_NEUTRAL_BG : c);
        wz_icon_badge(ui, r.x + r.w / 2, r.y + t->pad + badge, badge, "person", WZ_WHITE, c);
        int ly = r.y + t->pad + 2 * badge + t->gap;
        SDL_Rect lb = {r.x + t->pad / 2, ly, r.w - t->pad, 0};
        ly +=
            wz_frame_text(ui->f, wz_tr(bands[i].label), lb, t->px_h2, 1, WZ_WHITE, WZ_ALIGN_CENTER)
                .y;
        SDL_Rect sb = {r.x + t->pad / 2, ly + t->gap / 3, r.w - t->pad,
                       r.y + r.h - (ly + t->gap / 3)};
        wz_frame_text(ui->f, wz_tr(bands[i].sub), sb, t->px_small, 0, WZ_WHITE, WZ_ALIGN_CENTER);
        wz_frame_control(ui->f, r, WZ_ACT_AUDIENCE, (int)bands[i].bit, wz_tr(bands[i].label));
    }
    y += rows * (th + t->gap) + t->gap;

    /* easy read: a switch on a wide card */
    int easy = wz_session_easy_read(sx->session);
    int cw = WZ_MIN(t->col_w, wz_px(t, 900));
    SDL_Rect card = {(t->w - cw) / 2, y, cw, wz_px(t, 130)};
    SDL_Point s1 = wz_frame_measure(ui->f, wz_tr("Easy read"), cw / 2, t->px_h2, 1);
    SDL_Point s2 = wz_frame_measure(ui->f, wz_tr("Bigger text and simpler words"),
                                    cw - wz_px(t, 260), t->px_small, 0);
    card.h = WZ_MAX(card.h, s1.y + s2.y + 2 * t->pad);
    int down = wz_ui_is_pressed(ui, WZ_ACT_EASY, 0);
    if (wz_ui_is_focused(ui, WZ_ACT_EASY, 0)) {
        int o = wz_px(t, 6);
        SDL_Rect fr = {card.x - o, card.y - o, card.w + 2 * o, card.h + 2 * o};
        wz_frame_rect(ui->f, fr, t->radius + o, WZ_FOCUS);
    }
    wz_panel(ui, card, down ? WZ_NEUTRAL_BG : WZ_SURFACE);
    int ebadge = wz_px(t, 40);
    wz_icon_badge(ui, card.x + t->pad + ebadge, card.y + card.h / 2, ebadge, "book", WZ_PRIMARY,
                  WZ_WHITE);
    int tx = card.x + t->pad + 2 * ebadge + t->gap;
    SDL_Rect l1 = {tx, card.y + (card.h - s1.y - s2.y) / 2, cw / 2, s1.y};
    wz_frame_text(ui->f, wz_tr("Easy read"), l1, t->px_h2, 1, WZ_INK, WZ_ALIGN_LEFT);
    SDL_Rect l2 = {tx, l1.y + s1.y, cw - (tx - card.x) - wz_px(t, 170), s2.y};
    wz_frame_text(ui->f, wz_tr("Bigger text and simpler words"), l2, t->px_small, 0, WZ_MUTED,
                  WZ_ALIGN_LEFT);
    /* the switch */
    int swh = wz_px(t, 56), sww = wz_px(t, 104);
    SDL_Rect sw = {card.x + card.w - t->pad - sww, card.y + (card.h - swh) / 2, sww, swh};
    wz_frame_rect(ui->f, sw, swh / 2, easy ? WZ_SAFE_INK : WZ_MUTED);
    int knob = swh / 2 - wz_px(t, 5);
    wz_frame_circle(ui->f, easy ? sw.x + sw.w - swh / 2 : sw.x + swh / 2, sw.y + swh / 2, knob,
                    WZ_SURFACE);
    SDL_Point so = wz_frame_measure(ui->f, easy ? wz_tr("On") : wz_tr("Off"), 0, t->px_small, 1);
    SDL_Rect st = {sw.x - so.x - t->gap / 2, sw.y + (swh - so.y) / 2, so.x, so.y};
    wz_frame_text(ui->f, easy ? wz_tr("On") : wz_tr("Off"), st, t->px_small, 1, WZ_INK,
                  WZ_ALIGN_LEFT);
    wz_frame_control(ui->f, card, WZ_ACT_EASY, 0, wz_tr("Easy read"));
    wz_frame_scroll_end(ui->f, card.y + card.h + t->gap);
}

static int picker_action(wz_screen_ctx *sx, int action, int arg, long long now)
{
    if (wz_screen_language_action(sx, action, arg, now)) return 1;
    if (action == WZ_ACT_EASY) {
        wz_session_set_easy_read(sx->session, !wz_session_easy_read(sx->session), now);
        return 1;
    }
    if (action == WZ_ACT_AUDIENCE) {
        wz_session_pick_audience(sx->session, (unsigned)arg, now);
        return 1;
    }
    return 0;
}

/* ---------------- menu ---------------- */

/* "In English" on a card whose scenario has no translation in the visit's language (buf
 * holds it), or NULL. */
static const char *language_note(wz_screen_ctx *sx, int i, char *buf, size_t size)
{
    const wz_scenario *sc = wz_session_menu_item(sx->session, i);
    if (!sc || wz_session_menu_translated(sx->session, i)) return NULL;
    if (wz_i18n_same_language(sc->language, "en")) return wz_tr("In English");
    snprintf(buf, size, wz_tr("In %s"), wz_i18n_native_name(sc->language));
    return buf;
}

static int card_height(wz_ui *ui, const wz_scenario *sc, int w, int horizontal, const char *note)
{
    const wz_theme *t = &ui->th;
    int tw = horizontal ? w - w / 3 - 3 * t->pad : w - 2 * t->pad;
    int h = t->pad;
    if (!horizontal) h += w * 9 / 20 - t->pad; /* thumbnail sits flush at the top */
    h += t->gap;
    h += wz_frame_measure(ui->f, sc->title ? sc->title : wz_tr("Story"), tw, t->px_h2, 1).y;
    if (sc->summary) h += t->gap / 2 + wz_frame_measure(ui->f, sc->summary, tw, t->px_body, 0).y;
    if (sc->content_note)
        h += t->gap + WZ_MAX(t->icon, wz_frame_measure(ui->f, sc->content_note,
                                                       tw - t->icon - t->gap / 2, t->px_small, 0)
                                          .y);
    if (note) h += t->gap / 2 + wz_frame_measure(ui->f, note, tw, t->px_small, 1).y;
    h += t->gap + t->icon + t->pad;
    if (horizontal) h = WZ_MAX(h, w / 3 * 3 / 4 + 2 * t->pad);
    return h;
}

static void card(wz_screen_ctx *sx, wz_ui *ui, const wz_scenario *sc, SDL_Rect r, int horizontal,
                 int i, const char *note)
{
    const wz_theme *t = &ui->th;
    int down = wz_ui_is_pressed(ui, WZ_ACT_PLAY, i);
    if (wz_ui_is_focused(ui, WZ_ACT_PLAY, i)) {
        int o = wz_px(t, 6);
        SDL_Rect fr = {r.x - o, r.y - o, r.w + 2 * o, r.h + 2 * o};
        wz_frame_rect(ui->f, fr, t->radius + o, WZ_FOCUS);
    }
    wz_panel(ui, r, down ? WZ_NEUTRAL_BG : WZ_SURFACE);
    SDL_Rect thumb;
    if (horizontal)
        thumb = (SDL_Rect){r.x + t->pad, r.y + t->pad, r.w / 3, r.w / 3 * 3 / 4};
    else
        thumb = (SDL_Rect){r.x, r.y, r.w, r.w * 9 / 20};
    SDL_Rect tb = thumb;
    wz_frame_rect(ui->f, tb, t->radius, WZ_NEUTRAL_BG);
    char *path = wz_screens_asset(sc, sc->thumbnail);
    SDL_Rect inner = {tb.x + t->pad / 2, tb.y + t->pad / 2, tb.w - t->pad, tb.h - t->pad};
    if (!path || wz_frame_image(ui->f, path, inner) != 0) {
        int s = WZ_MIN(tb.w, tb.h) / 3;
        wz_icon_badge(ui, tb.x + tb.w / 2, tb.y + tb.h / 2, s / 2 + wz_px(t, 10), "chat",
                      WZ_PRIMARY, WZ_WHITE);
    }
    free(path);
    int tx = horizontal ? thumb.x + thumb.w + t->pad : r.x + t->pad;
    int tw = horizontal ? r.w - thumb.w - 3 * t->pad : r.w - 2 * t->pad;
    int y = horizontal ? r.y + t->pad : thumb.y + thumb.h + t->gap;
    const char *title = sc->title ? sc->title : wz_tr("Story");
    y += wz_text_block(ui, title, tx, y, tw, t->px_h2, 1, WZ_INK, WZ_ALIGN_LEFT);
    if (sc->summary)
        y += t->gap / 2 + wz_text_block(ui, sc->summary, tx, y + t->gap / 2, tw, t->px_body, 0,
                                        WZ_MUTED, WZ_ALIGN_LEFT);
    if (sc->content_note) {
        /* the author's calm note on what happens, read before choosing the story */
        y += t->gap;
        SDL_Rect ir = {tx, y, t->icon, t->icon};
        wz_frame_icon(ui->f, "info", ir, WZ_MUTED);
        y += WZ_MAX(t->icon, wz_text_block(ui, sc->content_note, tx + t->icon + t->gap / 2,
                                           y + wz_px(t, 4), tw - t->icon - t->gap / 2, t->px_small,
                                           0, WZ_MUTED, WZ_ALIGN_LEFT));
    }
    if (note) /* the story is not in the visitor's language: say so before they choose it */
        wz_text_block(ui, note, tx, y + t->gap / 2, tw, t->px_small, 1, WZ_PRIMARY, WZ_ALIGN_LEFT);
    /* footer: minutes */
    int fy = r.y + r.h - t->pad - t->icon;
    SDL_Rect ir = {tx, fy, t->icon, t->icon};
    wz_frame_icon(ui->f, "clock", ir, WZ_PRIMARY_INK);
    char mins[48];
    if (sc->minutes > 0)
        snprintf(mins, sizeof mins,
                 wz_ntr("About %d minute", "About %d minutes", (unsigned long)sc->minutes),
                 sc->minutes);
    else
        snprintf(mins, sizeof mins, wz_tr("A few minutes"));
    SDL_Point ms = wz_frame_measure(ui->f, mins, tw - t->icon - t->gap / 2, t->px_small, 1);
    SDL_Rect mr = {tx + t->icon + t->gap / 2, fy + (t->icon - ms.y) / 2, tw - t->icon - t->gap / 2,
                   ms.y};
    wz_frame_text(ui->f, mins, mr, t->px_small, 1, WZ_PRIMARY_INK, WZ_ALIGN_LEFT);
    (void)y;
    (void)sx;
    wz_frame_control(ui->f, r, WZ_ACT_PLAY, i, title);
}

static void menu_build(wz_screen_ctx *sx, wz_ui *ui, long long now)
{
    const wz_theme *t = &ui->th;
    int top = wz_top_bar(ui, wz_tr("Choose a story"), wz_tr("Back"), WZ_ACT_BACK, WZ_ACT_HELP);
    int n = wz_session_menu_count(sx->session);
    if (n == 0) {
        int y = top + t->h / 5;
        wz_icon_badge(ui, t->w / 2, y, wz_px(t, 70), "book", WZ_PRIMARY, WZ_WHITE);
        y += wz_px(t, 110);
        y += wz_text_block(ui, wz_tr("No stories for this group yet"), t->col_x, y, t->col_w,
                           t->px_h1, 1, WZ_INK, WZ_ALIGN_CENTER) +
             t->gap;
        y += wz_text_block(ui, wz_tr("Try another group, or ask a member of staff."), t->col_x, y,
                           t->col_w, t->px_body, 0, WZ_MUTED, WZ_ALIGN_CENTER) +
             2 * t->gap;
        int bw = WZ_MIN(t->col_w, wz_px(t, 600));
        SDL_Rect b = {(t->w - bw) / 2, y, bw,
                      wz_button_height(ui, bw, wz_tr("Choose another group"), NULL, 0)};
        wz_button(ui, b, wz_tr("Choose another group"), NULL, WZ_BTN_PRIMARY, 0, WZ_ACT_BACK, 1);
        return;
    }
    int cols = t->portrait ? 1 : (t->w >= wz_px(t, 1600) ? 3 : 2);
    int horizontal = t->portrait;
    SDL_Rect vp = {0, top, t->w, t->h - top};
    wz_frame_scroll_begin(ui->f, vp);
    /* the menu uses the whole width: wide cards need fewer lines, so more fit */
    int gw = WZ_MIN(t->w - 2 * t->margin, wz_px(t, 1760)), gx = (t->w - gw) / 2;
    int cw = (gw - (cols - 1) * t->gap) / cols;
    int y = t->gap * 2;
    y += wz_text_block(ui,
                       wz_session_easy_read(sx->session)
                           ? wz_tr("Tap a story to start. Easy read is on.")
                           : wz_tr("Tap a story to start."),
                       gx, y, gw, t->px_h2, 0, WZ_MUTED, WZ_ALIGN_LEFT) +
         t->gap;
    for (int row = 0; row * cols < n; row++) {
        int rh = 0;
        char buf[96];
        for (int c = 0; c < cols && row * cols + c < n; c++) {
            int i = row * cols + c;
            rh = WZ_MAX(rh, card_height(ui, wz_session_menu_item(sx->session, i), cw, horizontal,
                                        language_note(sx, i, buf, sizeof buf)));
        }
        for (int c = 0; c < cols && row * cols + c < n; c++) {
            int i = row * cols + c;
            SDL_Rect r = {gx + c * (cw + t->gap), y, cw, rh};
            card(sx, ui, wz_session_menu_item(sx->session, i), r, horizontal, i,
                 language_note(sx, i, buf, sizeof buf));
        }
        y += rh + t->gap * 3 / 2;
    }
    wz_frame_scroll_end(ui->f, y + t->margin);
}

static int menu_action(wz_screen_ctx *sx, int action, int arg, long long now)
{
    if (action != WZ_ACT_PLAY) return 0;
    wz_session_play(sx->session, arg, now);
    return 1;
}

const wz_screen_def wz_screen_picker = {NULL, picker_build, picker_action, NULL};
const wz_screen_def wz_screen_menu = {NULL, menu_build, menu_action, NULL};

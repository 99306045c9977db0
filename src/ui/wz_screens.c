/*
 * wz_screens: what the visitor screens share: the table of screens, a scenario's pictures,
 * the "more below" button and the "Are you still there?" overlay. Each screen has its own
 * file (wz_screen_*.c).
 *
 * Each screen builds its whole frame from the session every time it is dirty: there
 * is no widget tree to keep in step with the state, and a screen cannot show something
 * the session does not say. Layout is arithmetic on the theme (wz_widgets.h): sizes in
 * design units, measured text, two columns in landscape and one in portrait.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wz_screens.h"
#include "wz_util.h"
#include "wz_validate.h"
#include "wz_i18n.h"

char *wz_screens_asset(const wz_scenario *sc, const char *rel)
{
    if (!sc || !rel || !*rel) return NULL;
    return wz_asset_resolve(sc, rel, NULL);
}

/* ---------------- more below ---------------- */

int wz_screens_more_below_room(const wz_theme *t)
{
    return 2 * wz_px(t, 40) + 2 * wz_px(t, 12);
}

/* The button sits in the strip the frame keeps free under the scroll view while there is
 * more below, so it never covers content, at any scroll position. */
void wz_screens_more_below(wz_screen_ctx *sx, wz_ui *ui)
{
    const wz_theme *t = &ui->th;
    SDL_Rect strip;
    if (!wz_frame_scroll_gutter(ui->f, &strip)) return;
    int r = WZ_MIN(wz_px(t, 40), strip.h / 2);
    int cx = strip.x + strip.w / 2, cy = strip.y + strip.h / 2;
    int down = wz_ui_is_pressed(ui, WZ_ACT_SCROLL_MORE, 0);
    SDL_Rect sh = {cx - r, cy - r + wz_px(t, 4), 2 * r, 2 * r};
    wz_frame_rect(ui->f, sh, r, WZ_SHADOW);
    wz_icon_badge(ui, cx, cy, r, "down", down ? WZ_PRIMARY_DOWN : WZ_PRIMARY, WZ_WHITE);
    SDL_Rect hit = {cx - r, cy - r, 2 * r, 2 * r};
    wz_frame_control(ui->f, hit, WZ_ACT_SCROLL_MORE, 0, wz_tr("More below"));
}

/* ---------------- the centre's own contact ---------------- */

int wz_screens_local_help(wz_screen_ctx *sx, wz_ui *ui, int x, int y, int cw)
{
    const wz_theme *t = &ui->th;
    const char *local = sx->cfg->local_help;
    if (!local || !*local) return 0;
    int badge = wz_px(t, 60);
    int iw = cw - 3 * t->pad;
    SDL_Point ls = wz_frame_measure(ui->f, local, iw - 2 * badge, t->px_body, 0);
    SDL_Point hs =
        wz_frame_measure(ui->f, wz_tr("Here at the centre"), iw - 2 * badge, t->px_h2, 1);
    SDL_Rect lc = {x, y, cw, WZ_MAX(ls.y + hs.y + t->gap / 2, 2 * badge) + 2 * t->pad};
    wz_frame_rect(ui->f, lc, t->radius, WZ_SAFE_BG);
    wz_icon_badge(ui, lc.x + t->pad + badge * 2 / 3, lc.y + t->pad + badge * 2 / 3, badge * 2 / 3,
                  "person", WZ_SAFE, WZ_WHITE);
    int lx = lc.x + 2 * t->pad + badge * 4 / 3;
    int lw = lc.w - (lx - lc.x) - t->pad;
    int ly = lc.y + t->pad;
    ly += wz_text_block(ui, wz_tr("Here at the centre"), lx, ly, lw, t->px_h2, 1, WZ_INK,
                        WZ_ALIGN_LEFT) +
          t->gap / 2;
    wz_text_block(ui, local, lx, ly, lw, t->px_body, 0, WZ_INK, WZ_ALIGN_LEFT);
    return lc.h + t->gap;
}

/* ---------------- still there? ---------------- */

void wz_screens_overlay(wz_ui *ui, int action, int arg, const char *label)
{
    SDL_Color dim = {0x0B, 0x1B, 0x3B, 170};
    wz_frame_dim(ui->f, dim);
    wz_frame_modal(ui->f);
    SDL_Rect all = {0, 0, ui->th.w, ui->th.h};
    wz_frame_control(ui->f, all, action, arg, label);
}

void wz_screens_still_there(wz_screen_ctx *sx, wz_ui *ui, long long now, int seconds_left)
{
    const wz_theme *t = &ui->th;
    wz_screens_overlay(ui, WZ_ACT_STILL_HERE, 1, wz_tr("Are you still there?"));
    int cw = WZ_MIN(t->w - 2 * t->margin, wz_px(t, 900));
    char line[96];
    snprintf(line, sizeof line,
             wz_ntr("Going back to the start in %d second.",
                    "Going back to the start in %d seconds.", (unsigned long)seconds_left),
             seconds_left);
    int iw = cw - 2 * t->pad * 2;
    SDL_Point hs = wz_frame_measure(ui->f, wz_tr("Are you still there?"), iw, t->px_h1, 1);
    SDL_Point ls = wz_frame_measure(ui->f, line, iw, t->px_h2, 0);
    int b1 = wz_button_height(ui, iw, wz_tr("I'm still here"), "tick", 0);
    int b2 = wz_button_height(ui, iw, wz_tr("I've finished"), NULL, 0);
    int badge = wz_px(t, 56);
    int h = 2 * t->pad + 2 * badge + t->gap + hs.y + t->gap / 2 + ls.y + 2 * t->gap + b1 + t->gap +
            b2 + t->pad;
    SDL_Rect card = {(t->w - cw) / 2, (t->h - h) / 2, cw, h};
    wz_panel(ui, card, WZ_SURFACE);
    int x = card.x + 2 * t->pad, y = card.y + 2 * t->pad;
    wz_icon_badge(ui, t->w / 2, y + badge, badge, "clock", WZ_PRIMARY, WZ_WHITE);
    y += 2 * badge + t->gap;
    y += wz_text_block(ui, wz_tr("Are you still there?"), x, y, iw, t->px_h1, 1, WZ_INK,
                       WZ_ALIGN_CENTER) +
         t->gap / 2;
    y += wz_text_block(ui, line, x, y, iw, t->px_h2, 0, WZ_MUTED, WZ_ALIGN_CENTER) + 2 * t->gap;
    SDL_Rect r1 = {x, y, iw, b1};
    wz_button(ui, r1, wz_tr("I'm still here"), "tick", WZ_BTN_PRIMARY, 0, WZ_ACT_STILL_HERE, 0);
    y += b1 + t->gap;
    SDL_Rect r2 = {x, y, iw, b2};
    wz_button(ui, r2, wz_tr("I've finished"), NULL, WZ_BTN_SECONDARY, 0, WZ_ACT_FINISHED, 0);
}

void wz_screens_install(wz_screen_def table[WZ_SCREEN_COUNT])
{
    table[WZ_SCREEN_ATTRACT] = wz_screen_attract;
    table[WZ_SCREEN_PICKER] = wz_screen_picker;
    table[WZ_SCREEN_MENU] = wz_screen_menu;
    table[WZ_SCREEN_PLAYER] = wz_screen_player;
    table[WZ_SCREEN_ENDING] = wz_screen_ending;
    table[WZ_SCREEN_HELP] = wz_screen_help;
    table[WZ_SCREEN_EMPTY] = wz_screen_empty;
    table[WZ_SCREEN_WORRIED] = wz_screen_worried;
    table[WZ_SCREEN_QUIZ] = wz_screen_quiz;
}

/*
 * wz_screen_rate: the rate style of spot passage ("spot rate", wz_fair.h) inside the
 * player's chat: under each message three buttons, green (OK), amber (not sure) and red
 * (warning sign); after "Check my answers", the model rating and its reason under each.
 *
 * Colour is never the only sign: every button and answer says its colour and its meaning
 * in words, and the chosen button carries a tick. The buttons are a full touch target
 * each, side by side under the message they rate, so a visitor never has to work out
 * which message a button belongs to. The player (wz_screen_player.c) draws the chat; this
 * file draws what goes under a message and the side column's heading, text and Check.
 */
#include <stdio.h>
#include <string.h>

#include "wz_fair.h"
#include "wz_screen_side.h"
#include "wz_util.h"
#include "wz_i18n.h"

static const char *const words[] = {"", WZ_N("Green: OK"), WZ_N("Amber: not sure"),
                                    WZ_N("Red: warning")};
static const char *const meanings[] = {"", WZ_N("green, OK"), WZ_N("amber, be careful"),
                                       WZ_N("red, a warning sign")};

static SDL_Color ink_of(wz_rating r)
{
    return r == WZ_RATING_GREEN ? WZ_SAFE_INK : r == WZ_RATING_AMBER ? WZ_AMBER_INK : WZ_FLAG_INK;
}

static SDL_Color fill_of(wz_rating r)
{
    return r == WZ_RATING_GREEN ? WZ_SAFE : r == WZ_RATING_AMBER ? WZ_AMBER : WZ_FLAG;
}

static SDL_Color bg_of(wz_rating r)
{
    return r == WZ_RATING_GREEN ? WZ_SAFE_BG : r == WZ_RATING_AMBER ? WZ_AMBER_BG : WZ_FLAG_BG;
}

/* One rating button: light with a coloured border, or filled with a tick when chosen. */
static void rate_button(wz_ui *ui, SDL_Rect r, wz_rating k, int chosen, int part, const char *msg)
{
    const wz_theme *t = &ui->th;
    int arg = part * 4 + (int)k;
    int down = wz_ui_is_pressed(ui, WZ_ACT_RATE, arg);
    int radius = WZ_MIN(t->radius, r.h / 2);
    if (wz_ui_is_focused(ui, WZ_ACT_RATE, arg)) {
        int o = wz_px(t, 6);
        SDL_Rect fr = {r.x - o, r.y - o, r.w + 2 * o, r.h + 2 * o};
        wz_frame_rect(ui->f, fr, radius + o, WZ_FOCUS);
    }
    SDL_Color line = ink_of(k);
    SDL_Color fill = chosen ? fill_of(k) : down ? WZ_NEUTRAL_BG : bg_of(k);
    SDL_Color ink = chosen ? WZ_WHITE : line;
    wz_frame_rect_border(ui->f, r, radius, WZ_MAX(2, wz_px(t, 4)), line, fill);
    int icon = chosen ? wz_px(t, 32) : 0;
    int gap = icon ? wz_px(t, 8) : 0;
    int tw = r.w - 2 * wz_px(t, 12) - icon - gap;
    SDL_Point ts = wz_frame_measure(ui->f, wz_tr(words[k]), tw, t->px_small, 1);
    int x = r.x + (r.w - ts.x - icon - gap) / 2;
    if (icon) {
        SDL_Rect ir = {x, r.y + (r.h - icon) / 2, icon, icon};
        wz_frame_icon(ui->f, "tick", ir, ink);
    }
    SDL_Rect tb = {x + icon + gap, r.y + (r.h - ts.y) / 2, ts.x, ts.y};
    wz_frame_text(ui->f, wz_tr(words[k]), tb, t->px_small, 1, ink, WZ_ALIGN_CENTER);
    char label[300];
    snprintf(label, sizeof label, wz_tr("%s for: %s"), wz_tr(words[k]), msg);
    wz_frame_control(ui->f, r, WZ_ACT_RATE, arg, label);
}

/* The three buttons under a message; returns their height. */
static int buttons(wz_screen_ctx *sx, wz_ui *ui, const wz_part *pt, int part, int x, int y, int w)
{
    const wz_theme *t = &ui->th;
    int g = wz_px(t, 12);
    int bw = (w - 2 * g) / 3;
    int h = WZ_MAX(t->button_h * 4 / 5, wz_px(t, 80));
    for (int k = WZ_RATING_GREEN; k <= WZ_RATING_RED; k++) {
        int tw = bw - 2 * wz_px(t, 12) - wz_px(t, 40);
        h = WZ_MAX(h,
                   wz_frame_measure(ui->f, wz_tr(words[k]), tw, t->px_small, 1).y + wz_px(t, 24));
    }
    wz_rating mine = wz_session_rating(sx->session, part);
    for (int k = WZ_RATING_GREEN; k <= WZ_RATING_RED; k++) {
        SDL_Rect r = {x + (k - 1) * (bw + g), y, bw, h};
        rate_button(ui, r, (wz_rating)k, mine == (wz_rating)k, part, pt->text);
    }
    return h;
}

/* The model answer under a message, in words and colour; returns its height. */
static int answer(wz_screen_ctx *sx, wz_ui *ui, const wz_part *pt, int part, int x, int y, int w)
{
    const wz_theme *t = &ui->th;
    wz_rating model = pt->rating, mine = wz_session_rating(sx->session, part);
    if (!wz_rating_name(model)) return 0;
    char buf[1400];
    const char *why = pt->why && pt->why[0] ? pt->why : NULL;
    if (!wz_rating_name(mine))
        snprintf(buf, sizeof buf, wz_tr("Answer: %s.%s%s"), wz_tr(meanings[model]), why ? " " : "",
                 why ? why : "");
    else if (mine == model)
        snprintf(buf, sizeof buf, wz_tr("You said %s too.%s%s"), wz_tr(meanings[model]),
                 why ? " " : "", why ? why : "");
    else
        snprintf(buf, sizeof buf, wz_tr("Answer: %s. You said %s.%s%s"), wz_tr(meanings[model]),
                 wz_rating_name(mine), why ? " " : "", why ? why : "");
    int icon = wz_px(t, 36), pad = wz_px(t, 14);
    SDL_Rect vb = {x + pad + icon + t->gap / 3, y + pad, w - 2 * pad - icon - t->gap / 3, 0};
    SDL_Point ts = wz_frame_measure(ui->f, buf, vb.w, t->px_small, 1);
    SDL_Rect card = {x, y, w, WZ_MAX(ts.y, icon) + 2 * pad};
    wz_frame_rect_border(ui->f, card, wz_px(t, 18), WZ_MAX(2, wz_px(t, 3)), ink_of(model),
                         bg_of(model));
    SDL_Rect ir = {x + pad, y + pad, icon, icon};
    wz_frame_icon(ui->f,
                  mine == model              ? "tick"
                  : model == WZ_RATING_GREEN ? "info"
                                             : "warning",
                  ir, ink_of(model));
    vb.h = ts.y;
    wz_frame_text(ui->f, buf, vb, t->px_small, 1, WZ_INK, WZ_ALIGN_LEFT);
    return card.h;
}

int wz_screen_rate_under(wz_screen_ctx *sx, wz_ui *ui, const wz_part *pt, int part, int x, int y,
                         int w, int ready)
{
    if (pt->kind != WZ_PART_MESSAGE || pt->from_visitor || !ready) return 0;
    int h = wz_session_spot_revealed(sx->session) ? answer(sx, ui, pt, part, x, y, w)
                                                  : buttons(sx, ui, pt, part, x, y, w);
    return h ? h + wz_px(&ui->th, 8) : 0;
}

int wz_screen_rate_side(wz_screen_ctx *sx, wz_screen_side_item *it, int n, char *buf, size_t size)
{
    int agreed, rated, total;
    wz_session_rate_counts(sx->session, &agreed, &rated, &total);
    if (!wz_session_spot_revealed(sx->session)) {
        rated = 0;
        const wz_passage *p = wz_session_passage(sx->session);
        for (int i = 0; p && i < p->nparts; i++)
            rated += wz_session_rating(sx->session, i) != WZ_RATING_NONE;
        it[n++] = (wz_screen_side_item){WZ_SIDE_HEAD, wz_tr("Green, amber or red?"), NULL, 0, 0, 0,
                                        WZ_INK};
        it[n++] = (wz_screen_side_item){WZ_SIDE_TEXT,
                                        wz_tr("Rate each message: green if it is OK, amber if "
                                              "you are not sure, red if it is a warning sign."),
                                        NULL,
                                        0,
                                        0,
                                        0,
                                        WZ_INK};
        snprintf(buf, size,
                 wz_ntr("You have rated %d of %d message.", "You have rated %d of %d messages.",
                        (unsigned long)total),
                 rated, total);
        it[n++] = (wz_screen_side_item){WZ_SIDE_TEXT, buf, NULL, 0, 0, 0, WZ_MUTED};
        it[n++] = (wz_screen_side_item){WZ_SIDE_BUTTON, wz_tr("Check my answers"), "tick",
                                        WZ_BTN_PRIMARY, WZ_ACT_RATE_DONE,          0,
                                        WZ_INK};
        return n;
    }
    snprintf(buf, size,
             wz_ntr("You matched %d of %d answer.", "You matched %d of %d answers.",
                    (unsigned long)total),
             agreed, total);
    it[n++] = (wz_screen_side_item){WZ_SIDE_HEAD, buf, NULL, 0, 0, 0, WZ_INK};
    it[n++] = (wz_screen_side_item){
        WZ_SIDE_TEXT, wz_tr("Read the answer and why under each message."), NULL, 0, 0, 0, WZ_INK};
    return n;
}

int wz_screen_rate_action(wz_screen_ctx *sx, int action, int arg, long long now)
{
    if (action == WZ_ACT_RATE)
        return wz_session_rate(sx->session, arg / 4, (wz_rating)(arg % 4)) == 0;
    if (action == WZ_ACT_RATE_DONE) return wz_session_rate_done(sx->session, now) == 0;
    return 0;
}

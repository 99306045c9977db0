/*
 * wz_screen_attract: the attract screen (a phone whose conversation types itself, "touch
 * anywhere") and the "nothing to show" screen of a kiosk without a playable scenario.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wz_screens.h"
#include "wz_util.h"
#include "wz_i18n.h"

/* ---------------- attract ---------------- */

#define ATTRACT_STEP_MS 900

static const char *const attract_msgs[] = {"hey! want to play?", "who are you talking to?",
                                           "is this safe?", "tap to find out"};

/* The phone on the attract screen, with a conversation that types itself. */
static void attract_phone(wz_ui *ui, SDL_Rect phone, long long step)
{
    const wz_theme *t = &ui->th;
    SDL_Color bezel = {0x0B, 0x1B, 0x3B, 255};
    wz_frame_rect(ui->f, phone, wz_px(t, 64), bezel);
    SDL_Rect scr = {phone.x + wz_px(t, 18), phone.y + wz_px(t, 18), phone.w - wz_px(t, 36),
                    phone.h - wz_px(t, 36)};
    wz_frame_rect(ui->f, scr, wz_px(t, 48), WZ_CHAT_BG);
    int shown = (int)((step + 2) % 7);
    if (shown > 4) shown = 4;
    int by = scr.y + wz_px(t, 60);
    int bpx = wz_px(t, 30);
    for (int i = 0; i < shown; i++) {
        int right = i % 2 == 1;
        SDL_Point sz = wz_frame_measure(ui->f, attract_msgs[i], scr.w * 3 / 4, bpx, 0);
        SDL_Rect b = {right ? scr.x + scr.w - sz.x - wz_px(t, 64) : scr.x + wz_px(t, 24), by,
                      sz.x + wz_px(t, 40), sz.y + wz_px(t, 28)};
        if (b.y + b.h > scr.y + scr.h - wz_px(t, 40)) break; /* a small phone shows fewer */
        wz_frame_rect(ui->f, b, wz_px(t, 26), right ? WZ_PRIMARY : WZ_SURFACE);
        SDL_Rect box = {b.x + wz_px(t, 20), b.y + wz_px(t, 14), sz.x, sz.y};
        wz_frame_text(ui->f, attract_msgs[i], box, bpx, 0, right ? WZ_WHITE : WZ_INK,
                      WZ_ALIGN_LEFT);
        by += b.h + wz_px(t, 22);
    }
    if (shown < 4 && by + wz_px(t, 64) <= scr.y + scr.h - wz_px(t, 40)) { /* typing dots */
        int right = shown % 2 == 1;
        SDL_Rect b = {right ? scr.x + scr.w - wz_px(t, 150) : scr.x + wz_px(t, 24), by,
                      wz_px(t, 110), wz_px(t, 64)};
        wz_frame_rect(ui->f, b, wz_px(t, 26), right ? WZ_PRIMARY : WZ_SURFACE);
        for (int d = 0; d < 3; d++)
            wz_frame_circle(ui->f, b.x + wz_px(t, 30 + d * 25), b.y + b.h / 2,
                            wz_px(t, (step + d) % 3 == 0 ? 9 : 7), right ? WZ_WHITE : WZ_MUTED);
    }
}

static void attract_build(wz_screen_ctx *sx, wz_ui *ui, long long now)
{
    const wz_theme *t = &ui->th;
    long long step = now / ATTRACT_STEP_MS;
    SDL_Rect all = {0, 0, t->w, t->h};
    wz_frame_rect(ui->f, all, 0, WZ_NIGHT);
    /* soft decorative circles */
    SDL_Color glow = WZ_GLOW;
    wz_frame_circle(ui->f, t->w * 9 / 10, t->h / 8, wz_px(t, 260), glow);
    wz_frame_circle(ui->f, t->w / 12, t->h * 7 / 8, wz_px(t, 200), glow);
    wz_frame_control(ui->f, all, WZ_ACT_WAKE, 0, wz_tr("Touch to start"));

    /* the phone with a conversation that types itself */
    int pw = wz_px(t, 460), ph = wz_px(t, 760);
    int tx, ty, tw; /* text column */
    int px_, py_;
    if (t->portrait) {
        /* phone above the words, the pair centred on the screen */
        tx = t->margin;
        tw = t->w - 2 * t->margin;
        int words = wz_px(t, 96) * 4 / 3 + wz_px(t, 52) * 4 / 3 + wz_px(t, 120) + 5 * t->gap +
                    wz_frame_measure(ui->f,
                                     wz_tr("Chat, choose what to do, and spot the warning signs. "
                                           "It takes about five minutes."),
                                     tw, t->px_h2 * 4 / 5, 0)
                        .y;
        /* a short screen gets a smaller phone (none at all when it would be tiny) */
        ph = WZ_MIN(ph, t->h - t->bar_h - words - 4 * t->gap);
        pw = ph * 460 / 760;
        if (ph < wz_px(t, 300)) ph = pw = 0;
        px_ = (t->w - pw) / 2;
        py_ = WZ_MAX(t->bar_h, (t->h - ph - 3 * t->gap - words) / 2);
        ty = ph ? py_ + ph + 3 * t->gap : (t->h - words) / 2;
    } else {
        /* a short screen gets a smaller phone, clear of the top bar's buttons */
        if (ph > t->h - 2 * t->bar_h) {
            ph = t->h - 2 * t->bar_h;
            pw = ph * 460 / 760;
        }
        px_ = t->w - t->margin * 3 - pw;
        py_ = (t->h - ph) / 2;
        tx = t->margin * 3;
        tw = px_ - tx - 2 * t->gap;
        ty = -1;
    }
    if (ph > 0) attract_phone(ui, (SDL_Rect){px_, py_, pw, ph}, step);

    /* the invitation */
    int h1 = wz_px(t, 96), h2 = wz_px(t, 52);
    SDL_Point a = wz_frame_measure(ui->f, wz_tr("Warning Zone"), tw, h1, 1);
    SDL_Point b = wz_frame_measure(ui->f, wz_tr("Stay safe online"), tw, h2, 1);
    const char *body = wz_tr("Chat, choose what to do, and spot the warning signs. "
                             "It takes about five minutes.");
    SDL_Point c = wz_frame_measure(ui->f, body, tw, t->px_h2 * 4 / 5, 0);
    /* the pill is as wide as its words need (up to the column), its words smaller when
     * even the column is too narrow for them, so they are never cut off */
    const char *cta = wz_tr("Touch to start");
    int icon = wz_px(t, 64), ipad = wz_px(t, 36), cpx = wz_px(t, 44);
    SDL_Point ps = wz_frame_measure(ui->f, cta, 0, cpx, 1);
    while (cpx > t->px_body && icon + t->gap / 2 + ps.x + 2 * ipad > tw) {
        cpx = cpx * 9 / 10;
        ps = wz_frame_measure(ui->f, cta, 0, cpx, 1);
    }
    int pill_h = WZ_MAX(wz_px(t, 120), ps.y + 2 * wz_px(t, 16));
    int block = a.y + b.y + c.y + pill_h + 4 * t->gap;
    if (ty < 0) /* centred, below the top bar's buttons when there is room */
        ty = WZ_MAX((t->h - block) / 2, WZ_MIN(t->bar_h, t->h - block));
    int align = t->portrait ? WZ_ALIGN_CENTER : WZ_ALIGN_LEFT;
    SDL_Rect r = {tx, ty, tw, a.y};
    wz_frame_text(ui->f, wz_tr("Warning Zone"), r, h1, 1, WZ_WHITE, align);
    r.y += a.y + t->gap / 2;
    r.h = b.y;
    wz_frame_text(ui->f, wz_tr("Stay safe online"), r, h2, 1, WZ_SUN, align);
    r.y += b.y + t->gap;
    r.h = c.y;
    wz_frame_text(ui->f, body, r, t->px_h2 * 4 / 5, 0, WZ_WHITE, align);
    r.y += c.y + 2 * t->gap;

    /* a pill that breathes: two sizes, one step each */
    int grow = (step % 2) ? wz_px(t, 8) : 0;
    int pw2 = WZ_MIN(tw, WZ_MAX(wz_px(t, 560), icon + t->gap / 2 + ps.x + 2 * ipad));
    SDL_Rect pill = {t->portrait ? (t->w - pw2) / 2 : tx, r.y, pw2, pill_h};
    SDL_Rect halo = {pill.x - grow, pill.y - grow, pill.w + 2 * grow, pill.h + 2 * grow};
    SDL_Color halo_c = WZ_SUN;
    halo_c.a = 90;
    if (grow) wz_frame_rect(ui->f, halo, (pill.h + 2 * grow) / 2, halo_c);
    wz_frame_rect(ui->f, pill, pill.h / 2, WZ_SUN);
    int cx = pill.x + (pill.w - ps.x - icon - t->gap / 2) / 2;
    SDL_Rect ir = {cx, pill.y + (pill.h - icon) / 2, icon, icon};
    wz_frame_icon(ui->f, "tap", ir, WZ_ON_SUN);
    /* its box is the room left in the pill: words too long for it fail the layout check */
    int lx = cx + icon + t->gap / 2;
    SDL_Rect pt = {lx, pill.y + (pill.h - ps.y) / 2, pill.x + pill.w - ipad / 2 - lx, ps.y};
    wz_frame_text(ui->f, cta, pt, cpx, 1, WZ_ON_SUN, WZ_ALIGN_LEFT);

    /* Help is one touch away here too */
    int bw = wz_px(t, 220), bh = wz_px(t, 88);
    SDL_Rect hb = {t->w - t->margin / 2 - bw, (t->bar_h - bh) / 2, bw, bh};
    int bar_px = wz_px(t, 32); /* as the top bar's: the same whatever the text size */
    wz_button(ui, hb, wz_tr("Help"), "help", WZ_BTN_HELP, bar_px, WZ_ACT_HELP, 0);
    int ww = wz_worried_button(ui, hb.x - t->gap, hb.y, bh, bar_px);
    /* "Aa" left of them, or under Help when that would reach the staff corner (narrow) */
    int aa_right = hb.x - t->gap - (ww ? ww + t->gap : 0);
    if (aa_right - wz_text_button_w(ui, bh) < wz_screen_admin_corner(t).w)
        wz_text_button(ui, hb.x + hb.w, hb.y + bh + t->gap, bh);
    else
        wz_text_button(ui, aa_right, hb.y, bh);
}

static int attract_action(wz_screen_ctx *sx, int action, int arg, long long now)
{
    if (action != WZ_ACT_WAKE) return 0;
    wz_session_wake(sx->session, now);
    return 1;
}

static long long attract_anim(wz_screen_ctx *sx, long long now)
{
    return (now / ATTRACT_STEP_MS + 1) * ATTRACT_STEP_MS;
}

static void empty_build(wz_screen_ctx *sx, wz_ui *ui, long long now)
{
    const wz_theme *t = &ui->th;
    int top = wz_top_bar(ui, wz_tr("Warning Zone"), NULL, 0, WZ_ACT_HELP);
    int badge = wz_px(t, 80);
    const char *h = wz_tr("Nothing to show right now");
    const char *b =
        wz_tr("The stories are having a rest. Please ask a member of staff, or come back soon.");
    SDL_Point hs = wz_frame_measure(ui->f, h, t->col_w, t->px_h1, 1);
    SDL_Point bs = wz_frame_measure(ui->f, b, WZ_MIN(t->col_w, wz_px(t, 1000)), t->px_h2, 0);
    int block = 2 * badge + t->gap * 2 + hs.y + t->gap + bs.y;
    int y = top + (t->h - top - block) / 2;
    wz_icon_badge(ui, t->w / 2, y + badge, badge, "book", WZ_PRIMARY, WZ_WHITE);
    y += 2 * badge + t->gap * 2;
    y += wz_text_block(ui, h, t->col_x, y, t->col_w, t->px_h1, 1, WZ_INK, WZ_ALIGN_CENTER) + t->gap;
    int bw = WZ_MIN(t->col_w, wz_px(t, 1000));
    wz_text_block(ui, b, (t->w - bw) / 2, y, bw, t->px_h2, 0, WZ_MUTED, WZ_ALIGN_CENTER);
}

const wz_screen_def wz_screen_attract = {NULL, attract_build, attract_action, attract_anim};
const wz_screen_def wz_screen_empty = {NULL, empty_build, NULL, NULL};

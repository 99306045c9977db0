/*
 * wz_screens: attract, picker, menu, ending, help, "nothing to show" and the "Are you
 * still there?" overlay (the player has its own file, wz_screen_player.c).
 *
 * Each screen builds its whole frame from the session every time it is dirty: there
 * is no widget tree to keep in step with the state, and a screen cannot show something
 * the session does not say. Layout is arithmetic on the theme (wz_widgets.h): sizes in
 * design units, measured text, two columns in landscape and one in portrait.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "admin.h"
#include "wz_screens.h"
#include "wz_util.h"
#include "wz_validate.h"

char *wz_screens_asset(const wz_scenario *sc, const char *rel)
{
    if (!sc || !rel || !*rel) return NULL;
    const char *why = NULL;
    return wz_asset_resolve(sc, rel, &why);
}

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

static void attract_build(wz_kiosk *k, wz_ui *ui, long long now)
{
    const wz_theme *t = &ui->th;
    long long step = now / ATTRACT_STEP_MS;
    SDL_Rect all = {0, 0, t->w, t->h};
    wz_frame_rect(ui->f, all, 0, WZ_NIGHT);
    /* soft decorative circles */
    SDL_Color glow = {0x2A, 0x4A, 0x8A, 255};
    wz_frame_circle(ui->f, t->w * 9 / 10, t->h / 8, wz_px(t, 260), glow);
    wz_frame_circle(ui->f, t->w / 12, t->h * 7 / 8, wz_px(t, 200), glow);
    wz_frame_control(ui->f, all, WZ_ACT_WAKE, 0, "Touch to start");

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
                                     "Chat, choose what to do, and spot the warning signs. "
                                     "It takes about five minutes.",
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
        px_ = t->w - t->margin * 3 - pw;
        py_ = (t->h - ph) / 2;
        tx = t->margin * 3;
        tw = px_ - tx - 2 * t->gap;
        ty = -1;
    }
    if (ph > 0) attract_phone(ui, (SDL_Rect){px_, py_, pw, ph}, step);

    /* the invitation */
    int h1 = wz_px(t, 96), h2 = wz_px(t, 52);
    SDL_Point a = wz_frame_measure(ui->f, "Warning Zone", tw, h1, 1);
    SDL_Point b = wz_frame_measure(ui->f, "Stay safe online", tw, h2, 1);
    const char *body = "Chat, choose what to do, and spot the warning signs. It takes about "
                       "five minutes.";
    SDL_Point c = wz_frame_measure(ui->f, body, tw, t->px_h2 * 4 / 5, 0);
    int pill_h = wz_px(t, 120);
    int block = a.y + b.y + c.y + pill_h + 4 * t->gap;
    if (ty < 0) ty = (t->h - block) / 2;
    int align = t->portrait ? WZ_ALIGN_CENTER : WZ_ALIGN_LEFT;
    SDL_Rect r = {tx, ty, tw, a.y};
    wz_frame_text(ui->f, "Warning Zone", r, h1, 1, WZ_WHITE, align);
    r.y += a.y + t->gap / 2;
    r.h = b.y;
    wz_frame_text(ui->f, "Stay safe online", r, h2, 1, WZ_SUN, align);
    r.y += b.y + t->gap;
    r.h = c.y;
    wz_frame_text(ui->f, body, r, t->px_h2 * 4 / 5, 0, WZ_WHITE, align);
    r.y += c.y + 2 * t->gap;

    /* a pill that breathes: two sizes, one step each */
    int grow = (step % 2) ? wz_px(t, 8) : 0;
    int pw2 = WZ_MIN(tw, wz_px(t, 560));
    SDL_Rect pill = {t->portrait ? (t->w - pw2) / 2 : tx, r.y, pw2, pill_h};
    SDL_Rect halo = {pill.x - grow, pill.y - grow, pill.w + 2 * grow, pill.h + 2 * grow};
    SDL_Color halo_c = {0xFF, 0xC8, 0x3D, 90};
    if (grow) wz_frame_rect(ui->f, halo, (pill.h + 2 * grow) / 2, halo_c);
    wz_frame_rect(ui->f, pill, pill.h / 2, WZ_SUN);
    int icon = wz_px(t, 64);
    SDL_Point ps = wz_frame_measure(ui->f, "Touch to start", pill.w, wz_px(t, 44), 1);
    int cx = pill.x + (pill.w - ps.x - icon - t->gap / 2) / 2;
    SDL_Rect ir = {cx, pill.y + (pill.h - icon) / 2, icon, icon};
    wz_frame_icon(ui->f, "tap", ir, WZ_NIGHT);
    SDL_Rect pt = {cx + icon + t->gap / 2, pill.y + (pill.h - ps.y) / 2, ps.x, ps.y};
    wz_frame_text(ui->f, "Touch to start", pt, wz_px(t, 44), 1, WZ_NIGHT, WZ_ALIGN_LEFT);

    /* Help is one touch away here too */
    int bw = wz_px(t, 220), bh = wz_px(t, 88);
    SDL_Rect hb = {t->w - t->margin / 2 - bw, (t->bar_h - bh) / 2, bw, bh};
    wz_button(ui, hb, "Help", "help", WZ_BTN_HELP, 0, WZ_ACT_HELP, 0);
}

static int attract_action(wz_kiosk *k, int action, int arg, long long now)
{
    if (action != WZ_ACT_WAKE) return 0;
    wz_session_wake(k->session, now);
    return 1;
}

static long long attract_anim(wz_kiosk *k, long long now)
{
    return (now / ATTRACT_STEP_MS + 1) * ATTRACT_STEP_MS;
}

/* ---------------- picker ---------------- */

static const struct {
    unsigned bit;
    const char *label, *sub;
    SDL_Color c;
} bands[] = {
    {WZ_AUD_8_11, "Age 8 to 11", "Primary school", {0x1D, 0x4E, 0xD8, 255}},
    {WZ_AUD_12_15, "Age 12 to 15", "Secondary school", {0x0F, 0x6E, 0x63, 255}},
    {WZ_AUD_16_PLUS, "Age 16 and over", "Young people and adults", {0x6B, 0x2F, 0xB3, 255}},
    {WZ_AUD_PARENTS,
     "Parent or carer",
     "Grown-ups looking after children",
     {0x9A, 0x34, 0x12, 255}},
};

static void picker_build(wz_kiosk *k, wz_ui *ui, long long now)
{
    const wz_theme *t = &ui->th;
    int top = wz_top_bar(ui, "Who is playing?", "Back", WZ_ACT_BACK, WZ_ACT_HELP);
    const char *intro = "Choose one. We never ask for your name.";
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
                   wz_frame_measure(ui->f, bands[i].label, tw - t->pad, t->px_h2, 1).y +
                   t->gap / 3 +
                   wz_frame_measure(ui->f, bands[i].sub, tw - t->pad, t->px_small, 0).y;
        th = WZ_MAX(th, need);
    }
    int block = intro_h + 2 * t->gap + rows * (th + t->gap) + t->gap + wz_px(t, 150);
    SDL_Rect vp = {0, top, t->w, t->h - top};
    wz_frame_scroll_begin(ui->f, vp);
    int y = WZ_MAX(t->gap * 2, (vp.h - block) / 2);
    y += wz_text_block(ui, intro, t->col_x, y, t->col_w, t->px_h2, 0, WZ_MUTED, WZ_ALIGN_CENTER) +
         t->gap * 2;
    for (int i = 0; i < 4; i++) {
        SDL_Rect r = {t->col_x + (i % cols) * (tw + t->gap), y + (i / cols) * (th + t->gap), tw,
                      th};
        int down = wz_ui_is_pressed(ui, WZ_ACT_AUDIENCE, (int)bands[i].bit);
        SDL_Color c = bands[i].c;
        if (down)
            c = (SDL_Color){(Uint8)(c.r * 3 / 4), (Uint8)(c.g * 3 / 4), (Uint8)(c.b * 3 / 4), 255};
        if (wz_ui_is_focused(ui, WZ_ACT_AUDIENCE, (int)bands[i].bit)) {
            int o = wz_px(t, 6);
            SDL_Rect fr = {r.x - o, r.y - o, r.w + 2 * o, r.h + 2 * o};
            wz_frame_rect(ui->f, fr, t->radius + o, WZ_FOCUS);
        }
        if (!down) wz_shadow(ui, r, t->radius, wz_px(t, 6));
        wz_frame_rect(ui->f, r, t->radius, c);
        wz_icon_badge(ui, r.x + r.w / 2, r.y + t->pad + badge, badge, "person", WZ_WHITE, c);
        int ly = r.y + t->pad + 2 * badge + t->gap;
        SDL_Rect lb = {r.x + t->pad / 2, ly, r.w - t->pad, 0};
        ly += wz_frame_text(ui->f, bands[i].label, lb, t->px_h2, 1, WZ_WHITE, WZ_ALIGN_CENTER).y;
        SDL_Rect sb = {r.x + t->pad / 2, ly + t->gap / 3, r.w - t->pad,
                       r.y + r.h - (ly + t->gap / 3)};
        wz_frame_text(ui->f, bands[i].sub, sb, t->px_small, 0, WZ_WHITE, WZ_ALIGN_CENTER);
        wz_frame_control(ui->f, r, WZ_ACT_AUDIENCE, (int)bands[i].bit, bands[i].label);
    }
    y += rows * (th + t->gap) + t->gap;

    /* easy read: a switch on a wide card */
    int easy = wz_session_easy_read(k->session);
    int cw = WZ_MIN(t->col_w, wz_px(t, 900));
    SDL_Rect card = {(t->w - cw) / 2, y, cw, wz_px(t, 130)};
    SDL_Point s1 = wz_frame_measure(ui->f, "Easy read", cw / 2, t->px_h2, 1);
    SDL_Point s2 = wz_frame_measure(ui->f, "Bigger text and simpler words", cw - wz_px(t, 260),
                                    t->px_small, 0);
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
    wz_frame_text(ui->f, "Easy read", l1, t->px_h2, 1, WZ_INK, WZ_ALIGN_LEFT);
    SDL_Rect l2 = {tx, l1.y + s1.y, cw - (tx - card.x) - wz_px(t, 170), s2.y};
    wz_frame_text(ui->f, "Bigger text and simpler words", l2, t->px_small, 0, WZ_MUTED,
                  WZ_ALIGN_LEFT);
    /* the switch */
    int swh = wz_px(t, 56), sww = wz_px(t, 104);
    SDL_Rect sw = {card.x + card.w - t->pad - sww, card.y + (card.h - swh) / 2, sww, swh};
    wz_frame_rect(ui->f, sw, swh / 2, easy ? WZ_SAFE : WZ_MUTED);
    int knob = swh / 2 - wz_px(t, 5);
    wz_frame_circle(ui->f, easy ? sw.x + sw.w - swh / 2 : sw.x + swh / 2, sw.y + swh / 2, knob,
                    WZ_WHITE);
    SDL_Point so = wz_frame_measure(ui->f, easy ? "On" : "Off", 0, t->px_small, 1);
    SDL_Rect st = {sw.x - so.x - t->gap / 2, sw.y + (swh - so.y) / 2, so.x, so.y};
    wz_frame_text(ui->f, easy ? "On" : "Off", st, t->px_small, 1, WZ_INK, WZ_ALIGN_LEFT);
    wz_frame_control(ui->f, card, WZ_ACT_EASY, 0, "Easy read");
    wz_frame_scroll_end(ui->f, card.y + card.h + t->gap);
}

static int picker_action(wz_kiosk *k, int action, int arg, long long now)
{
    if (action == WZ_ACT_EASY) {
        wz_session_set_easy_read(k->session, !wz_session_easy_read(k->session), now);
        return 1;
    }
    if (action == WZ_ACT_AUDIENCE) {
        wz_session_pick_audience(k->session, (unsigned)arg, now);
        return 1;
    }
    return 0;
}

/* ---------------- menu ---------------- */

static int card_height(wz_ui *ui, const wz_scenario *sc, int w, int horizontal)
{
    const wz_theme *t = &ui->th;
    int tw = horizontal ? w - w / 3 - 3 * t->pad : w - 2 * t->pad;
    int h = t->pad;
    if (!horizontal) h += w * 9 / 20 - t->pad; /* thumbnail sits flush at the top */
    h += t->gap;
    h += wz_frame_measure(ui->f, sc->title ? sc->title : "Story", tw, t->px_h2, 1).y;
    if (sc->summary) h += t->gap / 2 + wz_frame_measure(ui->f, sc->summary, tw, t->px_body, 0).y;
    if (sc->content_note)
        h += t->gap + WZ_MAX(t->icon, wz_frame_measure(ui->f, sc->content_note,
                                                       tw - t->icon - t->gap / 2, t->px_small, 0)
                                          .y);
    h += t->gap + t->icon + t->pad;
    if (horizontal) h = WZ_MAX(h, w / 3 * 3 / 4 + 2 * t->pad);
    return h;
}

static void card(wz_kiosk *k, wz_ui *ui, const wz_scenario *sc, SDL_Rect r, int horizontal, int i)
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
    const char *title = sc->title ? sc->title : "Story";
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
    /* footer: minutes */
    int fy = r.y + r.h - t->pad - t->icon;
    SDL_Rect ir = {tx, fy, t->icon, t->icon};
    wz_frame_icon(ui->f, "clock", ir, WZ_PRIMARY);
    char mins[48];
    if (sc->minutes > 0)
        snprintf(mins, sizeof mins, "About %d minute%s", sc->minutes, sc->minutes == 1 ? "" : "s");
    else
        snprintf(mins, sizeof mins, "A few minutes");
    SDL_Point ms = wz_frame_measure(ui->f, mins, tw - t->icon - t->gap / 2, t->px_small, 1);
    SDL_Rect mr = {tx + t->icon + t->gap / 2, fy + (t->icon - ms.y) / 2, tw - t->icon - t->gap / 2,
                   ms.y};
    wz_frame_text(ui->f, mins, mr, t->px_small, 1, WZ_PRIMARY, WZ_ALIGN_LEFT);
    (void)y;
    (void)k;
    wz_frame_control(ui->f, r, WZ_ACT_PLAY, i, title);
}

static void menu_build(wz_kiosk *k, wz_ui *ui, long long now)
{
    const wz_theme *t = &ui->th;
    int top = wz_top_bar(ui, "Choose a story", "Back", WZ_ACT_BACK, WZ_ACT_HELP);
    int n = wz_session_menu_count(k->session);
    if (n == 0) {
        int y = top + t->h / 5;
        wz_icon_badge(ui, t->w / 2, y, wz_px(t, 70), "book", WZ_PRIMARY, WZ_WHITE);
        y += wz_px(t, 110);
        y += wz_text_block(ui, "No stories for this group yet", t->col_x, y, t->col_w, t->px_h1, 1,
                           WZ_INK, WZ_ALIGN_CENTER) +
             t->gap;
        y += wz_text_block(ui, "Try another group, or ask a member of staff.", t->col_x, y,
                           t->col_w, t->px_body, 0, WZ_MUTED, WZ_ALIGN_CENTER) +
             2 * t->gap;
        int bw = WZ_MIN(t->col_w, wz_px(t, 600));
        SDL_Rect b = {(t->w - bw) / 2, y, bw,
                      wz_button_height(ui, bw, "Choose another group", NULL, 0)};
        wz_button(ui, b, "Choose another group", NULL, WZ_BTN_PRIMARY, 0, WZ_ACT_BACK, 1);
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
                       wz_session_easy_read(k->session) ? "Tap a story to start. Easy read is on."
                                                        : "Tap a story to start.",
                       gx, y, gw, t->px_h2, 0, WZ_MUTED, WZ_ALIGN_LEFT) +
         t->gap;
    for (int row = 0; row * cols < n; row++) {
        int rh = 0;
        for (int c = 0; c < cols && row * cols + c < n; c++)
            rh = WZ_MAX(rh, card_height(ui, wz_session_menu_item(k->session, row * cols + c), cw,
                                        horizontal));
        for (int c = 0; c < cols && row * cols + c < n; c++) {
            int i = row * cols + c;
            SDL_Rect r = {gx + c * (cw + t->gap), y, cw, rh};
            card(k, ui, wz_session_menu_item(k->session, i), r, horizontal, i);
        }
        y += rh + t->gap * 3 / 2;
    }
    wz_frame_scroll_end(ui->f, y + t->margin);
}

static int menu_action(wz_kiosk *k, int action, int arg, long long now)
{
    if (action != WZ_ACT_PLAY) return 0;
    wz_session_play(k->session, arg, now);
    return 1;
}

/* ---------------- pictures in ending and help cards ---------------- */

/* A picture ([img[...]]) in an ending or help card: small, with the paragraphs that follow
 * it (up to the next picture or bullet) beside it, picture on the left as in easy read,
 * when the card leaves that text readable room; otherwise above the text, centred. A
 * picture that does not load shows its description instead. parts[0] is the picture,
 * parts[1..n) what follows. Returns the height used; *used is set to the paragraphs drawn
 * beside the picture (the caller skips them). dry: only measures. */
static int card_picture(wz_kiosk *k, wz_ui *ui, const wz_scenario *sc, const wz_part *parts, int n,
                        int x, int y, int w, int px, int dry, int *used)
{
    const wz_theme *t = &ui->th;
    const wz_part *img = &parts[0];
    *used = 0;
    int np = 0;
    while (1 + np < n && parts[1 + np].kind == WZ_PART_PARAGRAPH)
        np++;
    int side = WZ_MIN(wz_px(t, 200), w * 28 / 100), gap = t->gap;
    int tw = w - side - gap;
    int beside = np > 0 && tw >= 11 * px;
    int bw = beside ? side : WZ_MIN(w, wz_px(t, 360)), bh = beside ? side : wz_px(t, 200);
    char *path = wz_screens_asset(sc, img->image);
    int fw = 0, iw = 0, ih = 0;
    int ok = path && wz_image_cache_fit(k->images, path, bw, bh, &fw) == 0 &&
             wz_image_cache_get(k->images, path, fw, &iw, &ih) && iw > 0 && ih > 0;
    int h;
    if (!ok) {
        h = dry ? wz_frame_measure(ui->f, img->text, w, t->px_small, 0).y
                : wz_text_block(ui, img->text, x, y, w, t->px_small, 0, WZ_MUTED, WZ_ALIGN_CENTER);
    } else if (beside) {
        int th = 0;
        for (int i = 1; i <= np; i++)
            th += (i > 1 ? t->gap : 0) + wz_frame_measure(ui->f, parts[i].text, tw, px, 0).y;
        h = WZ_MAX(ih, th);
        if (!dry) {
            SDL_Rect ir = {x, y, side, ih};
            wz_frame_image(ui->f, path, ir);
            int ty = y + (th < ih ? (ih - th) / 2 : 0); /* a short text centred on it */
            for (int i = 1; i <= np; i++)
                ty += wz_text_block(ui, parts[i].text, x + side + gap, ty, tw, px, 0, WZ_INK,
                                    WZ_ALIGN_LEFT) +
                      t->gap;
        }
        *used = np;
    } else {
        h = ih;
        if (!dry) {
            SDL_Rect ir = {x + (w - bw) / 2, y, bw, ih};
            wz_frame_image(ui->f, path, ir);
        }
    }
    free(path);
    return h;
}

/* ---------------- ending ---------------- */

static void ending_build(wz_kiosk *k, wz_ui *ui, long long now)
{
    const wz_theme *t = &ui->th;
    const wz_scenario *sc = wz_session_scenario(k->session);
    const wz_passage *p = wz_session_passage(k->session);
    int top =
        wz_top_bar(ui, sc && sc->title ? sc->title : "The end", "Back", WZ_ACT_BACK, WZ_ACT_HELP);
    wz_class out = wz_story_outcome(wz_session_story(k->session));
    const char *head = "You reached the end";
    const char *icon = "info";
    SDL_Color c = WZ_PRIMARY, bg = WZ_NEUTRAL_BG;
    if (out == WZ_CLASS_SAFE) {
        head = "You stayed safe";
        icon = "tick";
        c = WZ_SAFE;
        bg = WZ_SAFE_BG;
    } else if (out == WZ_CLASS_RISKY) {
        head = "This time, things went wrong";
        icon = "warning";
        c = WZ_RISKY;
        bg = WZ_RISKY_BG;
    } else if (out == WZ_CLASS_MIXED) {
        head = "Some safe choices, some risky ones";
        icon = "info";
        c = WZ_RISKY;
        bg = WZ_RISKY_BG;
    }
    /* side: the three ways on */
    struct {
        const char *label, *icon;
        wz_button_style st;
        int action;
    } btn[3] = {{"Get help", "heart", WZ_BTN_HELP, WZ_ACT_HELP},
                {"Play again", "replay", WZ_BTN_SECONDARY, WZ_ACT_AGAIN},
                {"Choose another", "grid", WZ_BTN_PRIMARY, WZ_ACT_ANOTHER}};
    SDL_Rect main, side;
    int sw = t->portrait ? t->w - 2 * t->margin : (t->w - 2 * t->margin - t->gap) * 2 / 5;
    int bh[3], total = 0;
    for (int i = 0; i < 3; i++) {
        bh[i] = wz_button_height(ui, sw, btn[i].label, btn[i].icon, 0);
        total += bh[i] + (i ? t->gap : 0);
    }
    if (t->portrait) {
        side = (SDL_Rect){t->margin, t->h - t->margin - total, sw, total};
        main = (SDL_Rect){t->margin, top + t->gap, sw, side.y - 2 * t->gap - top};
    } else {
        main = (SDL_Rect){t->margin, top + t->gap, t->w - 2 * t->margin - t->gap - sw,
                          t->h - top - t->gap - t->margin};
        side = (SDL_Rect){main.x + main.w + t->gap, main.y, sw, main.h};
    }
    int x = main.x + t->pad * 3 / 2, w = main.w - 3 * t->pad;
    int badge = wz_px(t, 52);
    SDL_Point hs = wz_frame_measure(ui->f, head, w - 2 * badge - t->gap - 2 * t->pad, t->px_h1, 1);
    /* how tall the card's content is, so a short ending gets a card its own size */
    int need = t->pad + WZ_MAX(2 * badge, hs.y) + 2 * t->pad + t->gap * 3 / 2;
    for (int i = 0, nb = 0; p && i < p->nparts; i++) {
        const wz_part *pt = &p->parts[i];
        if (pt->kind == WZ_PART_BULLET) {
            if (!nb++) need += t->gap + wz_frame_measure(ui->f, "Remember", w, t->px_h2, 1).y;
            need += wz_frame_measure(ui->f, pt->text, w - t->px_body * 4 / 3, t->px_body, 0).y +
                    t->gap / 2;
        } else if (pt->kind == WZ_PART_IMAGE) {
            int used;
            need +=
                card_picture(k, ui, sc, pt, p->nparts - i, x, 0, w, t->px_body, 1, &used) + t->gap;
            i += used;
        } else {
            need += wz_frame_measure(ui->f, pt->text, w, t->px_body, 0).y + t->gap;
        }
    }
    need += t->pad + wz_px(t, 16);
    if (need < main.h) {
        if (t->portrait) {
            int block = need + 2 * t->gap + side.h;
            main.y = top + t->gap + (side.y + side.h - top - t->gap - block) / 2;
            side.y = main.y + need + 2 * t->gap;
        } else {
            main.y += (main.h - need) / 2;
        }
        main.h = need;
    }
    wz_panel(ui, main, WZ_SURFACE);
    SDL_Rect vp = {main.x, main.y + wz_px(t, 8), main.w, main.h - wz_px(t, 16)};
    wz_frame_scroll_begin(ui->f, vp);
    int y = t->pad;
    SDL_Rect banner = {main.x + t->pad, y, main.w - 2 * t->pad,
                       WZ_MAX(2 * badge, hs.y) + 2 * t->pad};
    wz_frame_rect(ui->f, banner, t->radius, bg);
    wz_icon_badge(ui, banner.x + t->pad + badge, banner.y + banner.h / 2, badge, icon, c, WZ_WHITE);
    SDL_Rect hb = {banner.x + 2 * t->pad + 2 * badge, banner.y + (banner.h - hs.y) / 2,
                   banner.w - 3 * t->pad - 2 * badge, hs.y};
    wz_frame_text(ui->f, head, hb, t->px_h1, 1, WZ_INK, WZ_ALIGN_LEFT);
    y = banner.y + banner.h + t->gap * 3 / 2;
    int bullets = 0;
    for (int i = 0; p && i < p->nparts; i++) {
        const wz_part *pt = &p->parts[i];
        if (pt->kind == WZ_PART_BULLET) {
            if (!bullets++) {
                y += t->gap / 2;
                y += wz_text_block(ui, "Remember", x, y, w, t->px_h2, 1, WZ_INK, WZ_ALIGN_LEFT) +
                     t->gap / 2;
            }
            y += wz_bullet(ui, pt->text, x, y, w, t->px_body, WZ_INK, c) + t->gap / 2;
        } else if (pt->kind == WZ_PART_IMAGE) {
            int used;
            y += card_picture(k, ui, sc, pt, p->nparts - i, x, y, w, t->px_body, 0, &used) + t->gap;
            i += used;
        } else {
            y +=
                wz_text_block(ui, pt->text, x, y, w, t->px_body, 0, WZ_INK, WZ_ALIGN_LEFT) + t->gap;
        }
    }
    wz_frame_scroll_end(ui->f, y + t->pad);
    int by = t->portrait ? side.y : side.y + (side.h - total) / 2;
    for (int i = 0; i < 3; i++) {
        SDL_Rect b = {side.x, by, side.w, bh[i]};
        wz_button(ui, b, btn[i].label, btn[i].icon, btn[i].st, 0, btn[i].action, 0);
        by += bh[i] + t->gap;
    }
}

static int ending_action(wz_kiosk *k, int action, int arg, long long now)
{
    if (action == WZ_ACT_AGAIN) return wz_session_play_again(k->session, now) == 0;
    if (action == WZ_ACT_ANOTHER) return wz_session_choose_another(k->session, now) == 0;
    return 0;
}

/* ---------------- help ---------------- */

static const char *const default_help_intro =
    "Worried about something that happened online? You are not alone, and it is not your fault.";
static const char *const default_help[] = {
    "Talk to an adult you trust: a parent, carer, teacher or youth worker.",
    "Childline: call 0800 1111 or chat at childline.org.uk. Free, any time.",
    "Report worrying contact to CEOP at ceop.police.uk/safety-centre",
    "In danger right now? Call 999.",
};

static void help_build(wz_kiosk *k, wz_ui *ui, long long now)
{
    const wz_theme *t = &ui->th;
    int top = wz_top_bar(ui, "Help", "Back", WZ_ACT_HELP_CLOSE, 0);
    SDL_Rect vp = {0, top, t->w, t->h - top};
    wz_frame_scroll_begin(ui->f, vp);
    int cw = WZ_MIN(t->col_w, wz_px(t, 1200));
    int x = (t->w - cw) / 2;
    int y = t->gap * 2;
    int badge = wz_px(t, 60);
    wz_icon_badge(ui, t->w / 2, y + badge, badge, "heart", WZ_HELP, WZ_WHITE);
    y += 2 * badge + t->gap;
    y += wz_text_block(ui, "Worried? Talk to someone", x, y, cw, t->px_h1, 1, WZ_INK,
                       WZ_ALIGN_CENTER) +
         t->gap * 3 / 2;
    /* the help card: the scenario's help passage, or ours */
    const wz_passage *hp = wz_session_help_passage(k->session);
    int ix = x + t->pad * 3 / 2, iw = cw - 3 * t->pad;
    int card_y = y;
    /* measure first, so the card is drawn under its text */
    int h = t->pad;
    const wz_scenario *sc = wz_session_scenario(k->session);
    if (hp) {
        for (int i = 0; i < hp->nparts; i++) {
            const wz_part *pt = &hp->parts[i];
            if (pt->kind == WZ_PART_IMAGE) {
                int used;
                h += card_picture(k, ui, sc, pt, hp->nparts - i, ix, 0, iw, t->px_body, 1, &used) +
                     t->gap * 2 / 3;
                i += used;
                continue;
            }
            int indent = pt->kind == WZ_PART_BULLET ? t->px_body + t->px_body / 3 : 0;
            h += wz_frame_measure(ui->f, pt->text, iw - indent, t->px_body, 0).y + t->gap * 2 / 3;
        }
    } else {
        h += wz_frame_measure(ui->f, default_help_intro, iw, t->px_body, 0).y + t->gap;
        for (size_t i = 0; i < WZ_ARRAY_LEN(default_help); i++)
            h +=
                wz_frame_measure(ui->f, default_help[i], iw - t->px_body * 4 / 3, t->px_body, 0).y +
                t->gap * 2 / 3;
    }
    h += t->pad;
    SDL_Rect cardr = {x, card_y, cw, h};
    wz_panel(ui, cardr, WZ_SURFACE);
    y = card_y + t->pad;
    if (hp) {
        for (int i = 0; i < hp->nparts; i++) {
            const wz_part *pt = &hp->parts[i];
            if (pt->kind == WZ_PART_IMAGE) {
                int used;
                y += card_picture(k, ui, sc, pt, hp->nparts - i, ix, y, iw, t->px_body, 0, &used) +
                     t->gap * 2 / 3;
                i += used;
                continue;
            }
            if (pt->kind == WZ_PART_BULLET)
                y += wz_bullet(ui, pt->text, ix, y, iw, t->px_body, WZ_INK, WZ_HELP) +
                     t->gap * 2 / 3;
            else
                y += wz_text_block(ui, pt->text, ix, y, iw, t->px_body, 0, WZ_INK, WZ_ALIGN_LEFT) +
                     t->gap * 2 / 3;
        }
    } else {
        y +=
            wz_text_block(ui, default_help_intro, ix, y, iw, t->px_body, 0, WZ_INK, WZ_ALIGN_LEFT) +
            t->gap;
        for (size_t i = 0; i < WZ_ARRAY_LEN(default_help); i++)
            y += wz_bullet(ui, default_help[i], ix, y, iw, t->px_body, WZ_INK, WZ_HELP) +
                 t->gap * 2 / 3;
    }
    y = card_y + h + t->gap * 3 / 2;
    const char *local = k->cfg.local_help;
    if (local && *local) {
        SDL_Point ls = wz_frame_measure(ui->f, local, iw - 2 * badge, t->px_body, 0);
        SDL_Point hs = wz_frame_measure(ui->f, "Here at the centre", iw - 2 * badge, t->px_h2, 1);
        SDL_Rect lc = {x, y, cw, WZ_MAX(ls.y + hs.y + t->gap / 2, 2 * badge) + 2 * t->pad};
        wz_frame_rect(ui->f, lc, t->radius, WZ_SAFE_BG);
        wz_icon_badge(ui, lc.x + t->pad + badge * 2 / 3, lc.y + t->pad + badge * 2 / 3,
                      badge * 2 / 3, "person", WZ_SAFE, WZ_WHITE);
        int lx = lc.x + 2 * t->pad + badge * 4 / 3;
        int lw = lc.w - (lx - lc.x) - t->pad;
        int ly = lc.y + t->pad;
        ly += wz_text_block(ui, "Here at the centre", lx, ly, lw, t->px_h2, 1, WZ_INK,
                            WZ_ALIGN_LEFT) +
              t->gap / 2;
        wz_text_block(ui, local, lx, ly, lw, t->px_body, 0, WZ_INK, WZ_ALIGN_LEFT);
        y += lc.h + t->gap;
    }
    wz_frame_scroll_end(ui->f, y + t->margin);
}

/* ---------------- nothing to show ---------------- */

static void empty_build(wz_kiosk *k, wz_ui *ui, long long now)
{
    const wz_theme *t = &ui->th;
    int top = wz_top_bar(ui, "Warning Zone", NULL, 0, WZ_ACT_HELP);
    int badge = wz_px(t, 80);
    const char *h = "Nothing to show right now";
    const char *b =
        "The stories are having a rest. Please ask a member of staff, or come back soon.";
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

/* ---------------- more below ---------------- */

void wz_screen_more_below(wz_kiosk *k, wz_ui *ui)
{
    const wz_theme *t = &ui->th;
    SDL_Rect vp;
    if (!wz_frame_scroll_viewport(ui->f, &vp)) return;
    if (wz_frame_scroll_max(ui->f) - wz_frame_scroll_offset(ui->f) < wz_px(t, 80)) return;
    int r = wz_px(t, 40);
    if (vp.h < 4 * r) return;
    int cx = vp.x + vp.w / 2, cy = vp.y + vp.h - r - wz_px(t, 12);
    int down = wz_ui_is_pressed(ui, WZ_ACT_SCROLL_MORE, 0);
    SDL_Rect sh = {cx - r, cy - r + wz_px(t, 4), 2 * r, 2 * r};
    wz_frame_rect(ui->f, sh, r, WZ_SHADOW);
    wz_icon_badge(ui, cx, cy, r, "down", down ? WZ_PRIMARY_DOWN : WZ_PRIMARY, WZ_WHITE);
    SDL_Rect hit = {cx - r, cy - r, 2 * r, 2 * r};
    wz_frame_control(ui->f, hit, WZ_ACT_SCROLL_MORE, 0, "More below");
}

/* ---------------- still there? ---------------- */

void wz_screen_still_there(wz_kiosk *k, wz_ui *ui, long long now, int seconds_left)
{
    const wz_theme *t = &ui->th;
    SDL_Color dim = {0x0B, 0x1B, 0x3B, 170};
    wz_frame_dim(ui->f, dim);
    wz_frame_modal(ui->f);
    SDL_Rect all = {0, 0, t->w, t->h};
    wz_frame_control(ui->f, all, WZ_ACT_STILL_HERE, 1, "Are you still there?");
    int cw = WZ_MIN(t->w - 2 * t->margin, wz_px(t, 900));
    char line[96];
    snprintf(line, sizeof line, "Going back to the start in %d second%s.", seconds_left,
             seconds_left == 1 ? "" : "s");
    int iw = cw - 2 * t->pad * 2;
    SDL_Point hs = wz_frame_measure(ui->f, "Are you still there?", iw, t->px_h1, 1);
    SDL_Point ls = wz_frame_measure(ui->f, line, iw, t->px_h2, 0);
    int b1 = wz_button_height(ui, iw, "I'm still here", "tick", 0);
    int b2 = wz_button_height(ui, iw, "I've finished", NULL, 0);
    int badge = wz_px(t, 56);
    int h = 2 * t->pad + 2 * badge + t->gap + hs.y + t->gap / 2 + ls.y + 2 * t->gap + b1 + t->gap +
            b2 + t->pad;
    SDL_Rect card = {(t->w - cw) / 2, (t->h - h) / 2, cw, h};
    wz_panel(ui, card, WZ_SURFACE);
    int x = card.x + 2 * t->pad, y = card.y + 2 * t->pad;
    wz_icon_badge(ui, t->w / 2, y + badge, badge, "clock", WZ_PRIMARY, WZ_WHITE);
    y += 2 * badge + t->gap;
    y += wz_text_block(ui, "Are you still there?", x, y, iw, t->px_h1, 1, WZ_INK, WZ_ALIGN_CENTER) +
         t->gap / 2;
    y += wz_text_block(ui, line, x, y, iw, t->px_h2, 0, WZ_MUTED, WZ_ALIGN_CENTER) + 2 * t->gap;
    SDL_Rect r1 = {x, y, iw, b1};
    wz_button(ui, r1, "I'm still here", "tick", WZ_BTN_PRIMARY, 0, WZ_ACT_STILL_HERE, 0);
    y += b1 + t->gap;
    SDL_Rect r2 = {x, y, iw, b2};
    wz_button(ui, r2, "I've finished", NULL, WZ_BTN_SECONDARY, 0, WZ_ACT_FINISHED, 0);
}

void wz_screens_install(wz_kiosk *k)
{
    wz_screen_def attract = {attract_build, attract_action, attract_anim};
    wz_screen_def picker = {picker_build, picker_action, NULL};
    wz_screen_def menu = {menu_build, menu_action, NULL};
    wz_screen_def ending = {ending_build, ending_action, NULL};
    wz_screen_def help = {help_build, NULL, NULL};
    wz_screen_def empty = {empty_build, NULL, NULL};
    wz_kiosk_set_screen(k, WZ_SCREEN_ATTRACT, &attract);
    wz_kiosk_set_screen(k, WZ_SCREEN_PICKER, &picker);
    wz_kiosk_set_screen(k, WZ_SCREEN_MENU, &menu);
    wz_kiosk_set_screen(k, WZ_SCREEN_ENDING, &ending);
    wz_kiosk_set_screen(k, WZ_SCREEN_HELP, &help);
    wz_kiosk_set_screen(k, WZ_SCREEN_EMPTY, &empty);
    wz_screen_player_install(k);
    wz_admin_install(k); /* staff admin mode (admin_screens.c): wraps attract and empty */
}

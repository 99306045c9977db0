/*
 * wz_screen_ending: the ending card (what happened, what to remember, play again or choose
 * another) and the Help screen (the scenario's own help or the default, and the centre's
 * local help); both show a passage's pictures beside its paragraphs.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wz_narration.h"
#include "wz_screens.h"
#include "wz_util.h"
#include "wz_i18n.h"

/* A picture ([img[...]]) in an ending or help card: small, with the paragraphs that follow
 * it (up to the next picture or bullet) beside it, picture on the left as in easy read,
 * when the card leaves that text readable room; otherwise above the text, centred. A
 * picture that does not load shows its description instead. parts[0] is the picture,
 * parts[1..n) what follows. Returns the height used; *used is set to the paragraphs drawn
 * beside the picture (the caller skips them). dry: only measures. */
static int card_picture(wz_screen_ctx *sx, wz_ui *ui, const wz_scenario *sc, const wz_part *parts,
                        int n, int x, int y, int w, int px, int dry, int *used)
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
    int ok = path && wz_image_cache_fit(sx->images, path, bw, bh, &fw) == 0 &&
             wz_image_cache_get(sx->images, path, fw, &iw, &ih) && iw > 0 && ih > 0;
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

/* The banner's words, icon and colours for how the story went. */
static void ending_heading(wz_class out, const char **head, const char **icon, SDL_Color *c,
                           SDL_Color *bg)
{
    *head = wz_tr("You reached the end");
    *icon = "info";
    *c = WZ_PRIMARY;
    *bg = WZ_NEUTRAL_BG;
    if (out == WZ_CLASS_SAFE) {
        *head = wz_tr("You stayed safe");
        *icon = "tick";
        *c = WZ_SAFE;
        *bg = WZ_SAFE_BG;
    } else if (out == WZ_CLASS_RISKY) {
        *head = wz_tr("This time, things went wrong");
        *icon = "warning";
        *c = WZ_RISKY;
        *bg = WZ_RISKY_BG;
    } else if (out == WZ_CLASS_MIXED) {
        *head = wz_tr("Some safe choices, some risky ones");
        *c = WZ_RISKY;
        *bg = WZ_RISKY_BG;
    }
}

static void ending_build(wz_screen_ctx *sx, wz_ui *ui, long long now)
{
    const wz_theme *t = &ui->th;
    const wz_scenario *sc = wz_session_scenario(sx->session);
    const wz_passage *p = wz_session_passage(sx->session);
    int top = wz_top_bar(ui, sc && sc->title ? sc->title : wz_tr("The end"), wz_tr("Back"),
                         WZ_ACT_BACK, WZ_ACT_HELP);
    const char *head, *icon;
    SDL_Color c, bg;
    ending_heading(wz_story_outcome(wz_session_story(sx->session)), &head, &icon, &c, &bg);
    /* side: the three ways on (four with a knowledge check on offer, and Listen first when
     * the ending has narration, docs/narration.md) */
    struct side_button {
        const char *label, *icon;
        wz_button_style st;
        int action;
    } all[5] = {{wz_tr("Listen"), "speaker", WZ_BTN_SECONDARY, WZ_ACT_LISTEN},
                {NULL, "tick", WZ_BTN_SAFE, WZ_ACT_QUIZ_START},
                {wz_tr("Get help"), "heart", WZ_BTN_HELP, WZ_ACT_HELP},
                {wz_tr("Play again"), "replay", WZ_BTN_SECONDARY, WZ_ACT_AGAIN},
                {wz_tr("Choose another"), "grid", WZ_BTN_PRIMARY, WZ_ACT_ANOTHER}};
    char offer[64]; /* the knowledge check on offer ("Check what you know") comes first */
    all[1].label = wz_screen_quiz_offer_label(sx->session, offer, sizeof offer);
    struct side_button btn[5];
    int nbtn = 0;
    for (int i = 0; i < 5; i++)
        if (all[i].label && (i != 0 || (sx->narration && p && p->nclips > 0))) btn[nbtn++] = all[i];
    SDL_Rect main, side;
    int sw = t->portrait ? t->w - 2 * t->margin : (t->w - 2 * t->margin - t->gap) * 2 / 5;
    int bh[5], total = 0;
    for (int i = 0; i < nbtn; i++) {
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
            if (!nb++)
                need += t->gap + wz_frame_measure(ui->f, wz_tr("Remember"), w, t->px_h2, 1).y;
            need += wz_frame_measure(ui->f, pt->text, w - t->px_body * 4 / 3, t->px_body, 0).y +
                    t->gap / 2;
        } else if (pt->kind == WZ_PART_IMAGE) {
            int used;
            need +=
                card_picture(sx, ui, sc, pt, p->nparts - i, x, 0, w, t->px_body, 1, &used) + t->gap;
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
                y += wz_text_block(ui, wz_tr("Remember"), x, y, w, t->px_h2, 1, WZ_INK,
                                   WZ_ALIGN_LEFT) +
                     t->gap / 2;
            }
            y += wz_bullet(ui, pt->text, x, y, w, t->px_body, WZ_INK, c) + t->gap / 2;
        } else if (pt->kind == WZ_PART_IMAGE) {
            int used;
            y +=
                card_picture(sx, ui, sc, pt, p->nparts - i, x, y, w, t->px_body, 0, &used) + t->gap;
            i += used;
        } else {
            y +=
                wz_text_block(ui, pt->text, x, y, w, t->px_body, 0, WZ_INK, WZ_ALIGN_LEFT) + t->gap;
        }
    }
    wz_frame_scroll_end(ui->f, y + t->pad);
    int by = t->portrait ? side.y : side.y + (side.h - total) / 2;
    for (int i = 0; i < nbtn; i++) {
        SDL_Rect b = {side.x, by, side.w, bh[i]};
        wz_button(ui, b, btn[i].label, btn[i].icon, btn[i].st, 0, btn[i].action, 0);
        by += bh[i] + t->gap;
    }
}

static int ending_action(wz_screen_ctx *sx, int action, int arg, long long now)
{
    if (action == WZ_ACT_LISTEN) {
        wz_narration_replay(sx->narration);
        return 1;
    }
    if (action == WZ_ACT_AGAIN) return wz_session_play_again(sx->session, now) == 0;
    if (action == WZ_ACT_ANOTHER) return wz_session_choose_another(sx->session, now) == 0;
    if (action == WZ_ACT_QUIZ_START) return wz_session_quiz_start(sx->session, now) == 0;
    return 0;
}

/* ---------------- help ---------------- */

static const char *const default_help_intro = WZ_N(
    "Worried about something that happened online? You are not alone, and it is not your fault.");
static const char *const default_help[] = {
    WZ_N("Talk to an adult you trust: a parent, carer, teacher or youth worker."),
    WZ_N("Childline: call 0800 1111 or chat at childline.org.uk. It is free."),
    WZ_N("Report worrying contact to CEOP at ceop.police.uk/safety-centre"),
    WZ_N("In danger right now? Call 999."),
};

static void help_build(wz_screen_ctx *sx, wz_ui *ui, long long now)
{
    const wz_theme *t = &ui->th;
    int top = wz_top_bar(ui, wz_tr("Help"), wz_tr("Back"), WZ_ACT_HELP_CLOSE, 0);
    SDL_Rect vp = {0, top, t->w, t->h - top};
    wz_frame_scroll_begin(ui->f, vp);
    int cw = WZ_MIN(t->col_w, wz_px(t, 1200));
    int x = (t->w - cw) / 2;
    int y = t->gap * 2;
    int badge = wz_px(t, 60);
    wz_icon_badge(ui, t->w / 2, y + badge, badge, "heart", WZ_HELP, WZ_WHITE);
    y += 2 * badge + t->gap;
    y += wz_text_block(ui, wz_tr("Worried? Talk to someone"), x, y, cw, t->px_h1, 1, WZ_INK,
                       WZ_ALIGN_CENTER) +
         t->gap * 3 / 2;
    /* the help card: the scenario's help passage, or ours */
    const wz_passage *hp = wz_session_help_passage(sx->session);
    int ix = x + t->pad * 3 / 2, iw = cw - 3 * t->pad;
    int card_y = y;
    /* measure first, so the card is drawn under its text */
    int h = t->pad;
    const wz_scenario *sc = wz_session_scenario(sx->session);
    if (hp) {
        for (int i = 0; i < hp->nparts; i++) {
            const wz_part *pt = &hp->parts[i];
            if (pt->kind == WZ_PART_IMAGE) {
                int used;
                h += card_picture(sx, ui, sc, pt, hp->nparts - i, ix, 0, iw, t->px_body, 1, &used) +
                     t->gap * 2 / 3;
                i += used;
                continue;
            }
            int indent = pt->kind == WZ_PART_BULLET ? t->px_body + t->px_body / 3 : 0;
            h += wz_frame_measure(ui->f, pt->text, iw - indent, t->px_body, 0).y + t->gap * 2 / 3;
        }
    } else {
        h += wz_frame_measure(ui->f, wz_tr(default_help_intro), iw, t->px_body, 0).y + t->gap;
        for (size_t i = 0; i < WZ_ARRAY_LEN(default_help); i++)
            h += wz_frame_measure(ui->f, wz_tr(default_help[i]), iw - t->px_body * 4 / 3,
                                  t->px_body, 0)
                     .y +
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
                y += card_picture(sx, ui, sc, pt, hp->nparts - i, ix, y, iw, t->px_body, 0, &used) +
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
        y += wz_text_block(ui, wz_tr(default_help_intro), ix, y, iw, t->px_body, 0, WZ_INK,
                           WZ_ALIGN_LEFT) +
             t->gap;
        for (size_t i = 0; i < WZ_ARRAY_LEN(default_help); i++)
            y += wz_bullet(ui, wz_tr(default_help[i]), ix, y, iw, t->px_body, WZ_INK, WZ_HELP) +
                 t->gap * 2 / 3;
    }
    y = card_y + h + t->gap * 3 / 2;
    y += wz_screens_local_help(sx, ui, x, y, cw);
    wz_frame_scroll_end(ui->f, y + t->margin);
}

/* ---------------- nothing to show ---------------- */

const wz_screen_def wz_screen_ending = {NULL, ending_build, ending_action, NULL};
const wz_screen_def wz_screen_help = {NULL, help_build, NULL, NULL};

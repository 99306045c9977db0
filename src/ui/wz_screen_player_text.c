/*
 * wz_screen_player_text: narration and feedback passages as a card: paragraphs, bullets,
 * and pictures beside the ideas they show (easy read), with the side column's items at
 * the end when they do not fit beside the card.
 */
#include <stdlib.h>
#include <string.h>

#include "wz_screen_side.h"
#include "wz_util.h"
#include "wz_i18n.h"

/* ---- narration and feedback ---- */

/* The easy-read pattern (a picture, then the idea it shows): the picture on the left in
 * about a third of the width, the paragraphs after it (up to the next picture) beside it
 * on the right, as the UK Department of Health's easy-read guidance asks. parts[0] is the
 * picture, parts[1..n) what follows it. Returns the row's height and sets *used to the
 * paragraphs drawn; returns 0 when the text would be too narrow to read (fewer than about
 * 20 characters a line) or the picture does not load: the caller then stacks them. With
 * dry set it only measures. */
static int picture_beside(wz_screen_ctx *sx, wz_ui *ui, const wz_scenario *sc, const wz_part *parts,
                          int n, int x, int y, int w, int px, int dry, int *used)
{
    const wz_theme *t = &ui->th;
    *used = 0;
    int np = 0;
    while (1 + np < n && parts[1 + np].kind == WZ_PART_PARAGRAPH)
        np++;
    int pw = WZ_MIN(w * 32 / 100, wz_px(t, 240)), gap = t->gap * 3 / 2;
    int tw = w - pw - gap;
    if (np == 0 || tw < 11 * px) return 0;
    char *path = wz_screens_asset(sc, parts[0].image);
    int fw = 0, iw = 0, ih = 0;
    int ok = path && wz_image_cache_fit(sx->images, path, pw, pw, &fw) == 0 &&
             wz_image_cache_get(sx->images, path, fw, &iw, &ih) && iw > 0 && ih > 0;
    if (!ok) {
        free(path);
        return 0;
    }
    int th = 0;
    for (int i = 1; i <= np; i++)
        th += (i > 1 ? t->gap : 0) + wz_frame_measure(ui->f, parts[i].text, tw, px, 0).y;
    int row = WZ_MAX(ih, th);
    if (!dry) {
        /* a short idea is centred on its picture; a long one starts level with it */
        SDL_Rect ir = {x, y, pw, ih};
        wz_frame_image(ui->f, path, ir);
        int ty = y + (th < ih ? (ih - th) / 2 : 0);
        for (int i = 1; i <= np; i++)
            ty += wz_text_block(ui, parts[i].text, x + pw + gap, ty, tw, px, 0, WZ_INK,
                                WZ_ALIGN_LEFT) +
                  t->gap;
    }
    free(path);
    *used = np;
    return row;
}

/* Draws a narration or feedback passage in panel, or with dry set only works out how
 * tall its content is (so a short passage gets a card its own size). Returns that. */
int wz_screen_player_text_panel(wz_screen_ctx *sx, wz_ui *ui, const wz_scenario *sc,
                                const wz_passage *p, const wz_screen_side_item *tail, int ntail,
                                SDL_Rect panel, int dry)
{
    const wz_theme *t = &ui->th;
    SDL_Color bg = WZ_SURFACE;
    const char *head = NULL, *icon = NULL;
    SDL_Color ic = WZ_PRIMARY;
    if (p->role == WZ_ROLE_FEEDBACK) {
        if (p->cls == WZ_CLASS_SAFE) {
            head = wz_tr("Good choice!");
            icon = "tick";
            ic = WZ_SAFE;
            bg = WZ_SAFE_BG;
        } else if (p->cls == WZ_CLASS_RISKY) {
            head = wz_tr("That was risky");
            icon = "warning";
            ic = WZ_RISKY;
            bg = WZ_RISKY_BG;
        } else {
            head = wz_tr("Let's think about that");
            icon = "info";
            bg = WZ_NEUTRAL_BG;
        }
    }
    int inset = wz_px(t, 8);
    if (!dry) {
        wz_panel(ui, panel, bg);
        SDL_Rect vp = {panel.x, panel.y + inset, panel.w, panel.h - 2 * inset};
        wz_frame_scroll_begin(ui->f, vp);
    }
    int x = panel.x + 2 * t->pad, w = panel.w - 4 * t->pad;
    int y = t->pad * 3 / 2;
    if (head) {
        int badge = wz_px(t, 64);
        if (!dry) {
            wz_icon_badge(ui, x + badge, y + badge, badge, icon, ic, WZ_WHITE);
            SDL_Point hs = wz_frame_measure(ui->f, head, w - 2 * badge - t->gap, t->px_h1, 1);
            SDL_Rect hb = {x + 2 * badge + t->gap, y + badge - hs.y / 2, w - 2 * badge - t->gap,
                           hs.y};
            wz_frame_text(ui->f, head, hb, t->px_h1, 1, WZ_INK, WZ_ALIGN_LEFT);
        }
        y += 2 * badge + t->gap * 3 / 2;
    }
    for (int i = 0; i < p->nparts; i++) {
        const wz_part *pt = &p->parts[i];
        const char *text = pt->text;
        int px = t->px_body, align = WZ_ALIGN_LEFT;
        SDL_Color ink = WZ_INK;
        char buf[1200];
        switch (pt->kind) {
        case WZ_PART_BULLET: {
            int indent = t->px_body + t->px_body / 3;
            if (dry)
                y += wz_frame_measure(ui->f, text, w - indent, px, 0).y + t->gap / 2;
            else
                y += wz_bullet(ui, text, x, y, w, px, WZ_INK, ic) + t->gap / 2;
            continue;
        }
        case WZ_PART_IMAGE: {
            int used;
            int row = picture_beside(sx, ui, sc, pt, p->nparts - i, x, y, w,
                                     head ? t->px_h2 : t->px_body, dry, &used);
            if (row > 0) {
                y += row + t->gap;
                i += used; /* the paragraphs beside it are drawn */
                continue;
            }
            char *path = wz_screens_asset(sc, pt->image);
            int iw = WZ_MIN(w, wz_px(t, 640));
            SDL_Rect ir = {x + (w - iw) / 2, y, iw, iw * 9 / 16};
            int fw;
            int ok = path && (dry ? wz_image_cache_fit(sx->images, path, ir.w, ir.h, &fw) == 0
                                  : wz_frame_image(ui->f, path, ir) == 0);
            free(path);
            if (ok) {
                y += ir.h + t->gap;
                continue;
            }
            px = t->px_small; /* the description instead of the picture */
            ink = WZ_MUTED;
            align = WZ_ALIGN_CENTER;
            break;
        }
        case WZ_PART_MESSAGE:
            snprintf(buf, sizeof buf, "%s: %s",
                     pt->from_visitor ? wz_tr("You") : (pt->sender ? pt->sender : "?"), pt->text);
            text = buf;
            break;
        default:
            /* feedback is a few sentences that matter: larger than story text */
            if (head) px = t->px_h2;
            break;
        }
        if (dry)
            y += wz_frame_measure(ui->f, text, w, px, 0).y + t->gap;
        else
            y += wz_text_block(ui, text, x, y, w, px, 0, ink, align) + t->gap;
    }
    if (dry)
        y += ntail ? 2 * t->gap + wz_screen_side_height(ui, tail, ntail, w) : 0;
    else
        y = wz_screen_side_place_tail(ui, tail, ntail, x, y, w);
    y += t->pad;
    if (!dry) wz_frame_scroll_end(ui->f, y);
    return y + 2 * inset;
}

/* ---- the screen ---- */

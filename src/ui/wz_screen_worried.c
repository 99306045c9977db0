/*
 * wz_screen_worried: the page "I'm worried" opens, from every screen but Help.
 *
 * Calm and plain: a large heart, "You did the right thing.", then who is coming (or where
 * to go) in large type on a soft green band, one line of reassurance, the help that fits
 * the story in play and the centre's own contact. It asks nothing: no question, no
 * choice, no "Are you still there?"; Back returns to the screen it came from. What it
 * says is chosen in src/app (wz_worried_page_get); the staff alert went out when the
 * button was pressed (wz_app_worried), never from here.
 */
#include "wz_screens.h"
#include "wz_util.h"
#include "wz_worried.h"
#include "wz_i18n.h"

/* The card of help lines at (x, y), cw wide; returns its height. */
static int help_card(wz_ui *ui, const wz_worried_page *p, int x, int y, int cw)
{
    const wz_theme *t = &ui->th;
    int ix = x + t->pad * 3 / 2, iw = cw - 3 * t->pad;
    int h = t->pad + wz_frame_measure(ui->f, p->help_head, iw, t->px_h2, 1).y + t->gap * 2 / 3;
    for (int i = 0; i < p->nlines; i++)
        h += wz_frame_measure(ui->f, p->lines[i], iw - t->px_body * 4 / 3, t->px_body, 0).y +
             t->gap * 2 / 3;
    h += t->pad;
    SDL_Rect card = {x, y, cw, h};
    wz_panel(ui, card, WZ_SURFACE);
    int cy = y + t->pad;
    cy += wz_text_block(ui, p->help_head, ix, cy, iw, t->px_h2, 1, WZ_INK, WZ_ALIGN_LEFT) +
          t->gap * 2 / 3;
    for (int i = 0; i < p->nlines; i++)
        cy += wz_bullet(ui, p->lines[i], ix, cy, iw, t->px_body, WZ_INK, WZ_SAFE) + t->gap * 2 / 3;
    return h;
}

/* The heart, the heading, who is coming (large, on a soft band) and the reassurance at
 * (x, y), cw wide. dry: only measures. Returns the height. */
static int calm_block(wz_ui *ui, const wz_worried_page *p, int x, int y, int cw, int dry)
{
    const wz_theme *t = &ui->th;
    int y0 = y, badge = wz_px(t, 72), bw = cw - 2 * t->pad;
    if (!dry) wz_icon_badge(ui, x + cw / 2, y + badge, badge, "heart", WZ_SAFE, WZ_WHITE);
    y += 2 * badge + t->gap;
    SDL_Point hs = wz_frame_measure(ui->f, p->heading, cw, t->px_h1, 1);
    if (!dry) wz_text_block(ui, p->heading, x, y, cw, t->px_h1, 1, WZ_INK, WZ_ALIGN_CENTER);
    y += hs.y + t->gap;
    SDL_Point ms = wz_frame_measure(ui->f, p->message, bw, t->px_h1, 1);
    SDL_Rect band = {x, y, cw, ms.y + 2 * t->pad};
    if (!dry) {
        wz_frame_rect(ui->f, band, t->radius, WZ_SAFE_BG);
        wz_text_block(ui, p->message, x + t->pad, y + t->pad, bw, t->px_h1, 1, WZ_INK,
                      WZ_ALIGN_CENTER);
    }
    y += band.h + t->gap;
    SDL_Point rs = wz_frame_measure(ui->f, p->reassure, cw, t->px_body, 0);
    if (!dry) wz_text_block(ui, p->reassure, x, y, cw, t->px_body, 0, WZ_MUTED, WZ_ALIGN_CENTER);
    return y + rs.y - y0;
}

/* Portrait: one column. Landscape: the calm words on the left, centred in the height, the
 * help on the right, so the whole page is seen at once. */
static void worried_build(wz_screen_ctx *sx, wz_ui *ui, long long now)
{
    const wz_theme *t = &ui->th;
    wz_worried_page p;
    wz_worried_page_get(sx->session, wz_app_alert_on(sx->app), &p);
    int top = wz_top_bar(ui, wz_tr("I'm worried"), wz_tr("Back"), WZ_ACT_WORRIED_CLOSE, 0);
    SDL_Rect vp = {0, top, t->w, t->h - top};
    wz_frame_scroll_begin(ui->f, vp);
    int y = t->gap * 2;
    if (t->portrait) {
        int cw = WZ_MIN(t->col_w, wz_px(t, 1100));
        int x = (t->w - cw) / 2;
        y += calm_block(ui, &p, x, y, cw, 0) + t->gap * 3 / 2;
        y += help_card(ui, &p, x, y, cw) + t->gap * 3 / 2;
        y += wz_screens_local_help(sx, ui, x, y, cw);
    } else {
        int all = t->w - 2 * t->margin;
        int lw = (all - 2 * t->gap) * 9 / 20, rw = all - 2 * t->gap - lw;
        int lx = t->margin, rx = lx + lw + 2 * t->gap;
        int lh = calm_block(ui, &p, lx, 0, lw, 1);
        int ly = WZ_MAX(y, (vp.h - lh) / 2 - t->gap);
        calm_block(ui, &p, lx, ly, lw, 0);
        int ry = y + help_card(ui, &p, rx, y, rw) + t->gap * 3 / 2;
        ry += wz_screens_local_help(sx, ui, rx, ry, rw);
        y = WZ_MAX(ly + lh + t->gap, ry);
    }
    wz_frame_scroll_end(ui->f, y + t->margin);
}

const wz_screen_def wz_screen_worried = {NULL, worried_build, NULL, NULL};

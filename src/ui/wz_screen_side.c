/*
 * wz_screen_side: the player's side column (see the header): measured first, then placed,
 * so a column that does not fit beside the passage goes under it.
 */
#include "wz_screen_side.h"

#include "wz_util.h"

static int item_h(wz_ui *ui, const wz_screen_side_item *it, int w)
{
    const wz_theme *t = &ui->th;
    if (it->kind == WZ_SIDE_BUTTON) return wz_button_height(ui, w, it->text, it->icon, 0);
    return wz_frame_measure(ui->f, it->text, w, it->kind == WZ_SIDE_HEAD ? t->px_h2 : t->px_body,
                            it->kind == WZ_SIDE_HEAD)
        .y;
}

int wz_screen_side_height(wz_ui *ui, const wz_screen_side_item *it, int n, int w)
{
    int h = 0;
    for (int i = 0; i < n; i++)
        h += item_h(ui, &it[i], w) + (i ? ui->th.gap : 0);
    return h;
}

void wz_screen_side_place(wz_ui *ui, const wz_screen_side_item *it, int n, SDL_Rect r, int centre)
{
    const wz_theme *t = &ui->th;
    int y = r.y;
    if (centre) y += (r.h - wz_screen_side_height(ui, it, n, r.w)) / 2;
    for (int i = 0; i < n; i++) {
        int h = item_h(ui, &it[i], r.w);
        if (it[i].kind == WZ_SIDE_BUTTON) {
            SDL_Rect b = {r.x, y, r.w, h};
            wz_button(ui, b, it[i].text, it[i].icon, it[i].st, 0, it[i].action, it[i].arg);
        } else {
            SDL_Rect b = {r.x, y, r.w, h};
            wz_frame_text(ui->f, it[i].text, b, it[i].kind == WZ_SIDE_HEAD ? t->px_h2 : t->px_body,
                          it[i].kind == WZ_SIDE_HEAD, it[i].c,
                          t->portrait ? WZ_ALIGN_CENTER : WZ_ALIGN_LEFT);
        }
        y += h + t->gap;
    }
}

/* ---- chat ---- */

/* Places side items at the end of the scrolled content; returns the new bottom. */
int wz_screen_side_place_tail(wz_ui *ui, const wz_screen_side_item *it, int n, int x, int y, int w)
{
    if (!n) return y;
    y += ui->th.gap;
    int h = wz_screen_side_height(ui, it, n, w);
    SDL_Rect r = {x, y, w, h};
    wz_screen_side_place(ui, it, n, r, 0);
    return y + h + ui->th.gap;
}

/*
 * wz_screen_group: group mode's pages, read from wz_group_mode_view only.
 *
 * Made for a guide standing beside a class: big + and - buttons and a large count for
 * each choice, the most hands marked in green, a tie marked in amber and said in words.
 * The passage itself is drawn as the player draws narration (wz_screen_player_text_panel),
 * beside the show of hands in landscape and above it in portrait. The set-up page and the
 * ending are one scrolled column each.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wz_screen_group.h"
#include "wz_screen_side.h"
#include "wz_util.h"

#define ACT WZ_SCREEN_GROUP_ACT

static int col_width(const wz_theme *t)
{
    return WZ_MIN(t->w - 2 * t->margin, wz_px(t, 1400));
}

static int heading(wz_ui *ui, const char *s, int x, int y, int w)
{
    return wz_text_block(ui, s, x, y, w, ui->th.px_h2, 1, WZ_INK, WZ_ALIGN_LEFT) + ui->th.gap / 2;
}

/* A row of equal buttons; returns its height. */
static int button_row(wz_ui *ui, int x, int y, int w, const char *const *labels, int n,
                      const int *actions, const int *args, int selected)
{
    const wz_theme *t = &ui->th;
    int bw = (w - (n - 1) * t->gap / 2) / n, h = 0;
    for (int i = 0; i < n; i++)
        h = WZ_MAX(h, wz_button_height(ui, bw, labels[i], NULL, 0));
    for (int i = 0; i < n; i++) {
        SDL_Rect r = {x + i * (bw + t->gap / 2), y, bw, h};
        wz_button(ui, r, labels[i], i == selected ? "tick" : NULL,
                  i == selected ? WZ_BTN_PRIMARY : WZ_BTN_SECONDARY, 0, actions[i], args[i]);
    }
    return h;
}

static void setup_page(wz_ui *ui, const wz_group_view *v)
{
    const wz_theme *t = &ui->th;
    int top = wz_top_bar(ui, "Group mode", "Staff menu", WZ_ACT_ADMIN_FIRST + WZ_ADMIN_HOME, 0);
    SDL_Rect vp = {0, top, t->w, t->h - top};
    wz_frame_scroll_begin(ui->f, vp);
    int cw = col_width(t), x = (t->w - cw) / 2, y = t->gap;
    y += wz_text_block(ui,
                       "Play a scenario with a group: at each decision, count the hands for "
                       "each choice, or pick the group's choice.",
                       x, y, cw, t->px_body, 0, WZ_MUTED, WZ_ALIGN_LEFT) +
         t->gap;
    y += heading(ui, "1. Scenario", x, y, cw);
    int cols = t->portrait ? 1 : 2, bw = (cw - (cols - 1) * t->gap / 2) / cols;
    for (int i = 0; i < v->nscenarios; i += cols) {
        int h = 0;
        for (int c = 0; c < cols && i + c < v->nscenarios; c++)
            h = WZ_MAX(h, wz_button_height(ui, bw, v->scenarios[i + c]->title, "tick", 0));
        for (int c = 0; c < cols && i + c < v->nscenarios; c++) {
            SDL_Rect r = {x + c * (bw + t->gap / 2), y, bw, h};
            int sel = v->chosen == i + c;
            wz_button(ui, r, v->scenarios[i + c]->title, sel ? "tick" : NULL,
                      sel ? WZ_BTN_PRIMARY : WZ_BTN_CHOICE, 0, ACT(WZ_GROUP_ACT_SCENARIO), i + c);
        }
        y += h + t->gap / 2;
    }
    if (v->chosen >= 0) {
        y += t->gap / 2 + heading(ui, "2. Audience", x, y, cw);
        const char *labels[4];
        int acts[4], args[4], n = 0, sel = -1;
        for (unsigned bit = 1; bit <= WZ_AUD_PARENTS; bit <<= 1)
            if (v->audiences & bit) {
                if (bit == v->audience) sel = n;
                labels[n] = wz_audience_name(bit);
                acts[n] = ACT(WZ_GROUP_ACT_AUDIENCE);
                args[n++] = (int)bit;
            }
        y += button_row(ui, x, y, cw, labels, n, acts, args, sel) + t->gap;
    }
    y += heading(ui, "3. How many in the group?", x, y, cw);
    static const char *const size_labels[] = {"- 5", "- 1", "+ 1", "+ 5"};
    static const int size_args[] = {-5, -1, 1, 5};
    const int size_acts[] = {ACT(WZ_GROUP_ACT_SIZE), ACT(WZ_GROUP_ACT_SIZE), ACT(WZ_GROUP_ACT_SIZE),
                             ACT(WZ_GROUP_ACT_SIZE)};
    char size[64];
    snprintf(size, sizeof size, "%d people", v->size);
    y += wz_text_block(ui, size, x, y, cw, t->px_h1, 1, WZ_INK, WZ_ALIGN_LEFT) + t->gap / 2;
    y += button_row(ui, x, y, WZ_MIN(cw, wz_px(t, 900)), size_labels, 4, size_acts, size_args, -1) +
         t->gap;
    if (v->message[0])
        y += wz_text_block(ui, v->message, x, y, cw, t->px_body, 1, WZ_RISKY_INK, WZ_ALIGN_LEFT) +
             t->gap / 2;
    int sh = wz_button_height(ui, cw, "Start with the group", "next", 0);
    SDL_Rect r = {x, y, cw, sh};
    wz_button(ui, r, "Start with the group", "next", WZ_BTN_SAFE, 0, ACT(WZ_GROUP_ACT_START), 0);
    y += sh + 2 * t->gap;
    wz_frame_scroll_end(ui->f, y);
}

/* A button showing glyph whose control is called name (so that each choice's + and - can
 * be told apart by a screen reader and by scripts): "Add a hand: Tell a teacher". */
static void named_button(wz_ui *ui, SDL_Rect r, const char *glyph, int px, const char *name,
                         int filled, int action, int arg)
{
    const wz_theme *t = &ui->th;
    int down = wz_ui_is_pressed(ui, action, arg);
    int radius = WZ_MIN(t->radius, r.h / 2), sink = down ? wz_px(t, 3) : 0;
    SDL_Rect b = {r.x, r.y + sink, r.w, r.h - sink};
    if (!down) wz_shadow(ui, r, radius, wz_px(t, 4));
    const wz_button_look *look = wz_button_look_of(filled ? WZ_BTN_PRIMARY : WZ_BTN_SECONDARY);
    if (look->border.a)
        wz_frame_rect_border(ui->f, b, radius, WZ_MAX(2, wz_px(t, 3)), look->border,
                             down ? look->fill_down : look->fill);
    else
        wz_frame_rect(ui->f, b, radius, down ? look->fill_down : look->fill);
    SDL_Point sz = wz_frame_measure(ui->f, glyph, b.w, px, 1);
    SDL_Rect box = {b.x, b.y + (b.h - sz.y) / 2, b.w, sz.y};
    wz_frame_text(ui->f, glyph, box, px, 1, look->text, WZ_ALIGN_CENTER);
    wz_frame_control(ui->f, r, action, arg, name);
}

/* One choice's row: its words, then - count + and "Pick". Returns its height (dry:
 * measures only). */
static int vote_row(wz_ui *ui, const wz_group *g, int i, int x, int y, int w, int compact, int dry)
{
    const wz_theme *t = &ui->th;
    const wz_passage *p = wz_group_passage(g);
    const char *label = p->choices[i].label;
    int pad = compact ? t->pad / 2 : t->pad, lpx = compact ? t->px_body : t->px_h2;
    int iw = w - 2 * pad, bh = t->button_h;
    int lh = wz_frame_measure(ui->f, label, iw, lpx, 1).y;
    int h = pad + lh + pad / 2 + bh + pad;
    if (dry) return h;
    int tied[WZ_GROUP_MAX] = {0};
    int most = p->nchoices <= WZ_GROUP_MAX ? wz_group_most_chosen(g, tied) : -1;
    SDL_Color bg = most == i ? WZ_SAFE_BG : tied[i] ? WZ_FLAG_BG : WZ_SURFACE;
    SDL_Rect card = {x, y, w, h};
    wz_panel(ui, card, bg);
    int cx = x + pad, cy = y + pad;
    wz_text_block(ui, label, cx, cy, iw, lpx, 1, WZ_INK, WZ_ALIGN_LEFT);
    cy += lh + pad / 2;
    char name[300], n[16];
    snprintf(name, sizeof name, "Take a hand: %s", label);
    SDL_Rect minus = {cx, cy, bh, bh};
    named_button(ui, minus, "-", t->px_h1, name, 0, ACT(WZ_GROUP_ACT_VOTE), 2 * i);
    snprintf(n, sizeof n, "%d", wz_group_votes(g, i));
    SDL_Point ns = wz_frame_measure(ui->f, n, 0, t->px_huge, 1);
    SDL_Rect count = {cx + bh, cy + (bh - ns.y) / 2, bh * 3 / 2, ns.y};
    wz_frame_text(ui->f, n, count, t->px_huge, 1, WZ_INK, WZ_ALIGN_CENTER);
    snprintf(name, sizeof name, "Add a hand: %s", label);
    SDL_Rect plus = {count.x + count.w, cy, bh, bh};
    named_button(ui, plus, "+", t->px_h1, name, 1, ACT(WZ_GROUP_ACT_VOTE), 2 * i + 1);
    int px = plus.x + bh + t->gap;
    SDL_Rect pick = {px, cy, x + w - pad - px, bh};
    snprintf(name, sizeof name, "Pick: %s", label);
    named_button(ui, pick, "Pick", t->px_button, name, 0, ACT(WZ_GROUP_ACT_PICK), i);
    return h;
}
/* The show of hands: a row per choice, what the hands say, and the button that follows
 * them. Returns its height (dry: measures only). */
static int votes_panel(wz_ui *ui, const wz_group_view *v, int x, int y, int w, int compact, int dry)
{
    const wz_theme *t = &ui->th;
    const wz_group *g = v->group;
    int n = wz_group_passage(g)->nchoices, y0 = y;
    char total[96];
    snprintf(total, sizeof total, "Show of hands: %d of %d counted", wz_group_votes_total(g),
             wz_group_size(g));
    if (dry)
        y += wz_frame_measure(ui->f, total, w, t->px_h2, 1).y + t->gap / 2;
    else
        y += heading(ui, total, x, y, w);
    for (int i = 0; i < n; i++)
        y += vote_row(ui, g, i, x, y, w, compact, dry) + t->gap / 3;
    if (v->message[0]) {
        if (dry)
            y += wz_frame_measure(ui->f, v->message, w, t->px_body, 1).y + t->gap / 2;
        else
            y +=
                wz_text_block(ui, v->message, x, y, w, t->px_body, 1, WZ_RISKY_INK, WZ_ALIGN_LEFT) +
                t->gap / 2;
    }
    const char *go = "Go with the most hands";
    int bh = wz_button_height(ui, w, go, "tick", 0);
    if (!dry) {
        SDL_Rect r = {x, y, w, bh};
        wz_button(ui, r, go, "tick", WZ_BTN_SAFE, 0, ACT(WZ_GROUP_ACT_FOLLOW), 0);
    }
    return y + bh - y0;
}

/* A passage without a decision (feedback, narration) or the ending, in one column. */
static void passage_page(wz_screen_ctx *sx, wz_ui *ui, const wz_group_view *v, int top)
{
    const wz_theme *t = &ui->th;
    const wz_group *g = v->group;
    const wz_passage *p = wz_group_passage(g);
    wz_screen_side_item it[WZ_SCREEN_SIDE_MAX];
    char qbuf[WZ_SCREEN_SIDE_MAX][400];
    int n = 0;
    if (wz_group_is_ended(g)) {
        if (v->nquestions) {
            it[n++] = (wz_screen_side_item){
                .kind = WZ_SIDE_HEAD, .text = "For the group to discuss", .c = WZ_INK};
            for (int i = 0; i < v->nquestions && n < WZ_SCREEN_SIDE_MAX - 2; i++) {
                snprintf(qbuf[i], sizeof qbuf[i], "%d. %s", i + 1, v->questions[i]);
                it[n++] = (wz_screen_side_item){.kind = WZ_SIDE_TEXT, .text = qbuf[i], .c = WZ_INK};
            }
        }
        it[n++] = (wz_screen_side_item){.kind = WZ_SIDE_BUTTON,
                                        .text = "Play another scenario",
                                        .st = WZ_BTN_PRIMARY,
                                        .action = ACT(WZ_GROUP_ACT_ANOTHER)};
        it[n++] = (wz_screen_side_item){.kind = WZ_SIDE_BUTTON,
                                        .text = "End group mode",
                                        .st = WZ_BTN_SECONDARY,
                                        .action = ACT(WZ_GROUP_ACT_LEAVE)};
    } else {
        for (int i = 0; i < p->nchoices && n < WZ_SCREEN_SIDE_MAX; i++)
            it[n++] = (wz_screen_side_item){.kind = WZ_SIDE_BUTTON,
                                            .text = p->choices[i].label,
                                            .st = WZ_BTN_PRIMARY,
                                            .action = ACT(WZ_GROUP_ACT_PICK),
                                            .arg = i};
    }
    int cw = col_width(t);
    SDL_Rect panel = {(t->w - cw) / 2, top + t->gap, cw, t->h - top - 2 * t->gap};
    wz_screen_player_text_panel(sx, ui, wz_group_scenario(g), p, it, n, panel, 0);
}

static void play_page(wz_screen_ctx *sx, wz_ui *ui, const wz_group_view *v)
{
    const wz_theme *t = &ui->th;
    const wz_scenario *sc = wz_group_scenario(v->group);
    int top = wz_top_bar(ui, sc->title ? sc->title : "Group mode", "End group mode",
                         ACT(WZ_GROUP_ACT_LEAVE), 0);
    if (!wz_group_is_decision(v->group)) {
        passage_page(sx, ui, v, top);
        return;
    }
    const wz_passage *p = wz_group_passage(v->group);
    int avail = t->h - top - 2 * t->gap;
    SDL_Rect panel, votes;
    int compact = 0;
    if (t->portrait) {
        int w = t->w - 2 * t->margin;
        int vh = votes_panel(ui, v, 0, 0, w, 0, 1);
        int ph = WZ_MAX(avail / 4, avail - vh - t->gap);
        panel = (SDL_Rect){t->margin, top + t->gap, w, ph};
        votes = (SDL_Rect){t->margin, panel.y + ph + t->gap, w, vh};
    } else {
        int w = t->w - 2 * t->margin - t->gap;
        panel = (SDL_Rect){t->margin, top + t->gap, w * 11 / 20, avail};
        votes = (SDL_Rect){panel.x + panel.w + t->gap, top + t->gap, w - panel.w, avail};
        int vh = votes_panel(ui, v, 0, 0, votes.w, 0, 1);
        if (vh > avail) vh = votes_panel(ui, v, 0, 0, votes.w, compact = 1, 1);
        if (vh < avail) votes.y += (avail - vh) / 2;
    }
    wz_screen_player_text_panel(sx, ui, sc, p, NULL, 0, panel, 0);
    votes_panel(ui, v, votes.x, votes.y, votes.w, compact, 0);
}

void wz_screen_group_build(wz_screen_ctx *sx, wz_ui *ui, const wz_group_mode *m)
{
    wz_group_view v;
    wz_group_mode_view(m, &v);
    if (v.playing)
        play_page(sx, ui, &v);
    else
        setup_page(ui, &v);
}

/*
 * wz_screen_player: one passage of a scenario on screen.
 *
 * Chat and spot passages look like a phone messenger: bubbles with the sender's name and
 * avatar on the left, the visitor's own replies in blue on the right, system notes in the
 * middle. Messages arrive one after another, each preceded by a typing indicator; the
 * times are a pure function of (time since the passage appeared, message lengths), so a
 * fake clock jumps straight to any moment and the loop knows exactly when to wake next.
 * Narration and feedback are readable text in a card.
 *
 * Landscape puts the passage on the left and the choices on the right; portrait stacks
 * them, choices at the bottom within thumb reach. The passage scrolls by dragging when it
 * is longer than its panel; the choices never scroll away.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wz_fair.h"
#include "wz_narration.h"
#include "wz_screen_side.h"
#include "wz_util.h"
#include "wz_i18n.h"

#define FIRST_DELAY_MS 400
#define PAUSE_MS 350
#define DOT_STEP_MS 350

static int is_chat(const wz_passage *p)
{
    return p && (p->role == WZ_ROLE_CHAT || p->role == WZ_ROLE_SPOT);
}

/* How long part i takes to "arrive" after the one before it. */
static long long part_delay(const wz_part *pt)
{
    if (pt->kind != WZ_PART_MESSAGE) return 600;
    if (pt->from_visitor) return 700;
    return 500 + WZ_MIN((long long)strlen(pt->text) * 14, 1100);
}

/* Parts shown at time now; *next gets the time the next one arrives (-1: all shown). */
static int shown_parts(const wz_screen_ctx *sx, const wz_passage *p, long long now, long long *next)
{
    if (next) *next = -1;
    if (!is_chat(p) || sx->skip_anim) return p ? p->nparts : 0;
    long long t = sx->screen_t0 + FIRST_DELAY_MS;
    for (int i = 0; i < p->nparts; i++) {
        t += part_delay(&p->parts[i]);
        if (t > now) {
            if (next) *next = t;
            return i;
        }
        t += PAUSE_MS;
    }
    return p->nparts;
}

int wz_screen_player_shown(const wz_screen_ctx *sx, const wz_passage *p, long long now)
{
    return shown_parts(sx, p, now, NULL);
}

typedef struct chat_ctx {
    wz_screen_ctx *sx;
    wz_ui *ui;
    const wz_scenario *sc;
    const wz_passage *p;
    int spot, rate, revealed, ready; /* spot: tap to pick; rate: rate each message */
    const wz_screen_side_item *tail; /* choices placed at the end of the scroll (no room beside) */
    int ntail;
} chat_ctx;

static void avatar_for(chat_ctx *c, const char *sender, int cx, int cy, int radius)
{
    const wz_character *ch = sender ? wz_scenario_character(c->sc, sender) : NULL;
    char *path = ch ? wz_screens_asset(c->sc, ch->avatar) : NULL;
    wz_avatar(c->ui, cx, cy, radius, path, sender, ch ? ch->colour : NULL);
    free(path);
}

/* One message; returns its height (with what is under it). */
static int bubble(chat_ctx *c, int i, int x, int y, int w, int show_name)
{
    wz_ui *ui = c->ui;
    const wz_theme *t = &ui->th;
    const wz_part *pt = &c->p->parts[i];
    int av = wz_px(t, 34);
    int maxw = w * 3 / 4;
    int bpad = wz_px(t, 22);
    int px = t->px_body;
    int tapped = c->spot && wz_session_spot_tapped(c->sx->session, i);
    int flag = pt->red_flag;
    SDL_Point ts = wz_frame_measure(ui->f, pt->text, maxw - 2 * bpad, px, 0);
    int h0 = y;
    if (show_name && !pt->from_visitor && pt->sender) {
        SDL_Rect nb = {x + 2 * av + t->gap / 2 + bpad / 2, y, maxw, 0};
        y += wz_frame_text(ui->f, pt->sender, nb, t->px_small, 1, WZ_MUTED, WZ_ALIGN_LEFT).y +
             wz_px(t, 4);
    }
    /* never smaller than a touch target: a message "k" can be a warning sign too */
    SDL_Rect b = {0, y, WZ_MAX(ts.x + 2 * bpad, wz_px(t, 88)),
                  WZ_MAX(ts.y + 2 * bpad - wz_px(t, 4), wz_px(t, 72))};
    if (pt->from_visitor) {
        b.x = x + w - b.w;
    } else {
        b.x = x + 2 * av + t->gap / 2;
        if (show_name) avatar_for(c, pt->sender, x + av, y + av, av);
    }
    SDL_Color fill = pt->from_visitor ? WZ_PRIMARY : WZ_SURFACE;
    SDL_Color ink = pt->from_visitor ? WZ_WHITE : WZ_INK;
    int tappable = c->spot && c->ready && !pt->from_visitor && !c->revealed;
    int down = tappable && wz_ui_is_pressed(ui, WZ_ACT_SPOT_TAP, i);
    int border = WZ_MAX(2, wz_px(t, 5));
    if (wz_ui_is_focused(ui, WZ_ACT_SPOT_TAP, i)) {
        int o = wz_px(t, 6);
        SDL_Rect fr = {b.x - o, b.y - o, b.w + 2 * o, b.h + 2 * o};
        wz_frame_rect(ui->f, fr, wz_px(t, 30) + o, WZ_FOCUS);
    }
    if (c->revealed && flag) {
        wz_frame_rect_border(ui->f, b, wz_px(t, 30), border, WZ_FLAG_INK, WZ_FLAG_BG);
    } else if (tapped) {
        wz_frame_rect_border(ui->f, b, wz_px(t, 30), border, WZ_RISKY_INK,
                             down ? WZ_NEUTRAL_BG : WZ_RISKY_BG);
    } else {
        wz_fill(ui, b, wz_px(t, 30), down ? WZ_NEUTRAL_BG : fill);
    }
    SDL_Rect tb = {b.x + bpad, b.y + bpad - wz_px(t, 2), ts.x, ts.y};
    wz_frame_text(ui->f, pt->text, tb, px, 0, (tapped || (c->revealed && flag)) ? WZ_INK : ink,
                  WZ_ALIGN_LEFT);
    if (tappable) wz_frame_control(ui->f, b, WZ_ACT_SPOT_TAP, i, pt->text);
    y += b.h;
    /* the marker beside a picked message */
    if (tapped && !c->revealed) {
        int fs = wz_px(t, 40);
        SDL_Rect fr = {b.x + b.w + t->gap / 2, b.y + (b.h - fs) / 2, fs, fs};
        if (fr.x + fr.w <= x + w)
            wz_icon_badge(ui, fr.x + fs / 2, fr.y + fs / 2, fs / 2, "flag", WZ_RISKY, WZ_WHITE);
    }
    if (c->rate) {
        int ux = pt->from_visitor ? x : x + 2 * wz_px(t, 34) + t->gap / 2;
        y += wz_px(t, 8);
        return y - h0 + wz_screen_rate_under(c->sx, ui, pt, i, ux, y, x + w - ux, c->ready);
    }
    /* the answer under each message after Done */
    if (c->revealed && (flag || tapped)) {
        const char *verdict;
        char buf[1200];
        SDL_Color vc;
        if (flag) {
            snprintf(buf, sizeof buf, "%s%s",
                     tapped ? wz_tr("You spotted it: ") : wz_tr("Warning sign: "),
                     pt->why ? pt->why : wz_tr("this message is a warning sign."));
            verdict = buf;
            vc = WZ_FLAG_INK;
        } else if (pt->why && pt->why[0]) {
            snprintf(buf, sizeof buf, wz_tr("This one was OK: %s"), pt->why);
            verdict = buf;
            vc = WZ_INK;
        } else {
            verdict = wz_tr("This one was OK.");
            vc = WZ_MUTED;
        }
        int vx = b.x;
        int vw = x + w - vx;
        int icon = wz_px(t, 36);
        y += wz_px(t, 8);
        SDL_Rect ir = {vx, y, icon, icon};
        wz_frame_icon(ui->f, flag ? (tapped ? "tick" : "warning") : "info", ir, vc);
        SDL_Rect vb = {vx + icon + t->gap / 3, y, vw - icon - t->gap / 3, 0};
        y += WZ_MAX(icon, wz_frame_text(ui->f, verdict, vb, t->px_small, 1, vc, WZ_ALIGN_LEFT).y);
    }
    return y - h0;
}

static int typing(chat_ctx *c, const wz_part *next, int x, int y, int w, long long now)
{
    wz_ui *ui = c->ui;
    const wz_theme *t = &ui->th;
    int av = wz_px(t, 34);
    int right = next->kind == WZ_PART_MESSAGE && next->from_visitor;
    SDL_Rect b = {right ? x + w - wz_px(t, 130) : x + 2 * av + t->gap / 2, y, wz_px(t, 130),
                  wz_px(t, 70)};
    if (!right && next->kind == WZ_PART_MESSAGE) avatar_for(c, next->sender, x + av, y + av, av);
    wz_fill(ui, b, wz_px(t, 30), right ? WZ_PRIMARY : WZ_SURFACE);
    int phase = (int)((now / DOT_STEP_MS) % 3);
    for (int d = 0; d < 3; d++)
        wz_frame_circle(ui->f, b.x + wz_px(t, 35 + d * 30), b.y + b.h / 2,
                        wz_px(t, d == phase ? 10 : 7), right ? WZ_WHITE : WZ_MUTED);
    return b.h;
}

static void chat_panel(chat_ctx *c, SDL_Rect panel, long long now)
{
    wz_ui *ui = c->ui;
    const wz_theme *t = &ui->th;
    const wz_passage *p = c->p;
    wz_frame_rect(ui->f, panel, t->radius, WZ_CHAT_BG);
    /* header: who this chat is with */
    int hh = wz_px(t, 96);
    SDL_Rect head = {panel.x, panel.y, panel.w, hh};
    wz_frame_rect(ui->f, head, t->radius, WZ_SURFACE);
    SDL_Rect fix = {panel.x, panel.y + hh / 2, panel.w, hh / 2};
    wz_frame_rect(ui->f, fix, 0, WZ_SURFACE);
    /* who the chat is with: one name, or a group's first names */
    const char *with = NULL;
    char title[200] = "";
    int people = 0;
    for (int i = 0; i < p->nparts && people < 4; i++) {
        const wz_part *pt = &p->parts[i];
        if (pt->kind != WZ_PART_MESSAGE || pt->from_visitor || !pt->sender) continue;
        if (strstr(title, pt->sender)) continue;
        if (!with) with = pt->sender;
        size_t len = strlen(title);
        snprintf(title + len, sizeof title - len, "%s%s", people ? ", " : "", pt->sender);
        people++;
    }
    if (!people)
        snprintf(title, sizeof title, "%s", wz_tr("Chat"));
    else if (people > 1) {
        char names[sizeof title];
        snprintf(names, sizeof names, "%s", title);
        /* TRANSLATORS: the heading of a group chat: %s is the other people's names */
        snprintf(title, sizeof title, wz_tr("%s and you"), names);
    }
    int av = wz_px(t, 30);
    if (with) avatar_for(c, with, panel.x + t->pad + av, panel.y + hh / 2, av);
    int tx = panel.x + t->pad + (with ? 2 * av + t->gap / 2 : 0);
    SDL_Point ts = wz_frame_measure(ui->f, title, panel.w - (tx - panel.x) - t->pad, t->px_body, 1);
    SDL_Rect tr = {tx, panel.y + (hh - ts.y) / 2, panel.w - (tx - panel.x) - t->pad, ts.y};
    wz_frame_text(ui->f, title, tr, t->px_body, 1, WZ_INK, WZ_ALIGN_LEFT);

    long long next = -1;
    int shown = shown_parts(c->sx, p, now, &next);
    c->ready = shown >= p->nparts;
    if (shown != c->sx->shown_msgs) {
        wz_frame_scroll_to_end(ui->f);
        c->sx->shown_msgs = shown;
    }
    SDL_Rect vp = {panel.x, panel.y + hh, panel.w, panel.h - hh - wz_px(t, 12)};
    wz_frame_scroll_begin(ui->f, vp);
    int x = panel.x + t->pad, w = panel.w - 2 * t->pad;
    int y = t->gap;
    const char *last = NULL;
    for (int i = 0; i < shown; i++) {
        const wz_part *pt = &p->parts[i];
        if (pt->kind == WZ_PART_MESSAGE) {
            int show_name =
                !pt->from_visitor && (!last || !pt->sender || strcmp(last, pt->sender) != 0);
            y += bubble(c, i, x, y, w, show_name) + wz_px(t, 14);
            last = pt->from_visitor ? "\x01you" : pt->sender;
        } else if (pt->kind == WZ_PART_IMAGE) {
            char *path = wz_screens_asset(c->sc, pt->image);
            SDL_Rect ir = {x + w / 6, y, w * 2 / 3, w * 2 / 3 * 9 / 16};
            if (path && wz_frame_image(ui->f, path, ir) == 0) {
                y += ir.h + t->gap;
            } else {
                y += wz_text_block(ui, pt->text, x, y, w, t->px_small, 0, WZ_MUTED,
                                   WZ_ALIGN_CENTER) +
                     t->gap;
            }
            free(path);
            last = NULL;
        } else {
            /* a system note in the middle */
            SDL_Point ns = wz_frame_measure(ui->f, pt->text, w * 4 / 5, t->px_small, 0);
            SDL_Rect pill = {x + (w - ns.x) / 2 - t->gap, y, ns.x + 2 * t->gap,
                             ns.y + wz_px(t, 16)};
            wz_fill(ui, pill, pill.h / 2, WZ_NOTE_BG);
            SDL_Rect nb = {pill.x + t->gap, pill.y + wz_px(t, 8), ns.x, ns.y};
            wz_frame_text(ui->f, pt->text, nb, t->px_small, 0, WZ_MUTED, WZ_ALIGN_CENTER);
            y += pill.h + wz_px(t, 14);
            last = NULL;
        }
    }
    if (shown < p->nparts) y += typing(c, &p->parts[shown], x, y, w, now) + t->gap;
    y = wz_screen_side_place_tail(ui, c->tail, c->ntail, x, y, w);
    wz_frame_scroll_end(ui->f, y + t->gap);
}

/* The score after Done, kindly: warning signs found, and OK messages picked (their reasons
 * are under them). Tapping everything finds every sign but is told so. */
static int spot_result(wz_screen_ctx *sx, wz_screen_side_item *it, int n, char counts[160],
                       char wrongs[240])
{
    int found, missed, wrong;
    wz_session_spot_counts(sx->session, &found, &missed, &wrong);
    int total = found + missed;
    if (found == total && wrong == 0)
        snprintf(counts, 160,
                 wz_ntr("Well done! You found the %d warning sign.",
                        "Well done! You found all %d warning signs.", (unsigned long)total),
                 total);
    else
        snprintf(counts, 160,
                 wz_ntr("You found %d of %d warning sign.", "You found %d of %d warning signs.",
                        (unsigned long)total),
                 found, total);
    it[n++] = (wz_screen_side_item){WZ_SIDE_HEAD, counts, NULL, 0, 0, 0, WZ_INK};
    /* one item, so the column is no taller than before for a visitor who picked well */
    if (wrong)
        snprintf(wrongs, 240,
                 wz_ntr("%d message you picked was OK: here is why. The red ones were warning "
                        "signs.",
                        "%d messages you picked were OK: here is why. The red ones were warning "
                        "signs.",
                        (unsigned long)wrong),
                 wrong);
    else
        snprintf(wrongs, 240, "%s",
                 wz_tr("The messages in red were warning signs. Read why under each one."));
    it[n++] = (wz_screen_side_item){WZ_SIDE_TEXT, wrongs, NULL, 0, 0, 0, WZ_INK};
    return n;
}

static void player_build(wz_screen_ctx *sx, wz_ui *ui, long long now)
{
    const wz_theme *t = &ui->th;
    const wz_scenario *sc = wz_session_scenario(sx->session);
    const wz_passage *p = wz_session_passage(sx->session);
    int top =
        wz_top_bar(ui, sc && sc->title ? sc->title : "", wz_tr("Back"), WZ_ACT_BACK, WZ_ACT_HELP);
    if (!p) return;
    int rate = wz_passage_is_rate(p);
    int spot = p->role == WZ_ROLE_SPOT && !rate;
    int revealed = wz_session_spot_revealed(sx->session);
    int ready = shown_parts(sx, p, now, NULL) >= p->nparts;

    wz_screen_side_item it[WZ_SCREEN_SIDE_MAX];
    int n = 0;
    char counts[160], wrongs[240];
    /* the speaker: the passage's narration from its start (docs/narration.md) */
    if (sx->narration && p->nclips > 0)
        it[n++] = (wz_screen_side_item){
            WZ_SIDE_BUTTON, wz_tr("Listen"), "speaker", WZ_BTN_SECONDARY, WZ_ACT_LISTEN, 0, WZ_INK};
    if (!ready) {
        it[n++] = (wz_screen_side_item){
            WZ_SIDE_TEXT, wz_tr("New messages are arriving."), NULL, 0, 0, 0, WZ_MUTED};
        it[n++] = (wz_screen_side_item){
            WZ_SIDE_BUTTON, wz_tr("Show all messages"), "chat", WZ_BTN_SECONDARY, WZ_ACT_SKIP, 0,
            WZ_INK};
    } else if (rate && !revealed) {
        n = wz_screen_rate_side(sx, it, n, counts, sizeof counts);
    } else if (spot && !revealed) {
        int picked = 0;
        for (int i = 0; i < p->nparts; i++)
            picked += wz_session_spot_tapped(sx->session, i);
        it[n++] = (wz_screen_side_item){
            WZ_SIDE_HEAD, wz_tr("Spot the warning signs"), NULL, 0, 0, 0, WZ_INK};
        it[n++] =
            (wz_screen_side_item){WZ_SIDE_TEXT,
                                  wz_tr("Tap each message that worries you. Then press Done."),
                                  NULL,
                                  0,
                                  0,
                                  0,
                                  WZ_INK};
        snprintf(counts, sizeof counts,
                 wz_ntr("You picked %d message.", "You picked %d messages.", (unsigned long)picked),
                 picked);
        it[n++] = (wz_screen_side_item){WZ_SIDE_TEXT, counts, NULL, 0, 0, 0, WZ_MUTED};
        it[n++] = (wz_screen_side_item){
            WZ_SIDE_BUTTON, wz_tr("Done"), "tick", WZ_BTN_PRIMARY, WZ_ACT_SPOT_DONE, 0, WZ_INK};
    } else {
        if (rate) {
            n = wz_screen_rate_side(sx, it, n, counts, sizeof counts);
        } else if (spot) {
            n = spot_result(sx, it, n, counts, wrongs);
        } else if (p->nchoices >= 2) {
            it[n++] = (wz_screen_side_item){
                WZ_SIDE_HEAD, wz_tr("What would you do?"), NULL, 0, 0, 0, WZ_INK};
        }
        /* in this visit's order; each button acts by the author's index */
        int *order = wz_xcalloc((size_t)p->nchoices + 1, sizeof *order);
        wz_session_choice_order(sx->session, order);
        for (int k = 0; k < p->nchoices && n < WZ_SCREEN_SIDE_MAX; k++) {
            int single = p->nchoices == 1, i = order[k];
            it[n++] = (wz_screen_side_item){WZ_SIDE_BUTTON,
                                            p->choices[i].label,
                                            single ? "next" : NULL,
                                            single ? WZ_BTN_PRIMARY : WZ_BTN_CHOICE,
                                            WZ_ACT_CHOICE,
                                            i,
                                            WZ_INK};
        }
        free(order);
    }

    SDL_Rect main, side;
    int inline_side = 0;
    int body = t->h - top - t->gap - t->margin;
    if (t->portrait) {
        int sw = t->w - 2 * t->margin;
        int sh = wz_screen_side_height(ui, it, n, sw);
        /* choices that would take more than half the screen go under the passage */
        inline_side = sh > body / 2;
        if (inline_side) sh = -t->gap;
        side = (SDL_Rect){t->margin, t->h - t->margin - sh, sw, sh};
        main = (SDL_Rect){t->margin, top + t->gap, sw, side.y - 2 * t->gap - top};
    } else {
        int avail = t->w - 2 * t->margin - 2 * t->gap;
        int mw = avail * 3 / 5;
        main = (SDL_Rect){t->margin, top + t->gap, mw, body};
        side = (SDL_Rect){main.x + mw + 2 * t->gap, main.y, avail - mw, main.h};
        /* no room beside the passage: one column, the choices under it */
        inline_side = wz_screen_side_height(ui, it, n, side.w) > side.h;
        if (inline_side) main.w = t->w - 2 * t->margin;
    }
    const wz_screen_side_item *tail = inline_side ? it : NULL;
    int ntail = inline_side ? n : 0;
    if (is_chat(p)) {
        chat_ctx c = {sx, ui, sc, p, spot, rate, revealed, ready, tail, ntail};
        chat_panel(&c, main, now);
    } else {
        /* a short passage gets a card its own size, with the choices close by */
        int need = wz_screen_player_text_panel(sx, ui, sc, p, tail, ntail, main, 1);
        if (need < main.h) {
            if (t->portrait && !inline_side) {
                int block = need + 2 * t->gap + side.h;
                main.y = top + t->gap + (side.y + side.h - top - t->gap - block) / 2;
                main.h = need;
                side.y = main.y + need + 2 * t->gap;
            } else {
                main.y += (main.h - need) / 2;
                main.h = need;
            }
        }
        wz_screen_player_text_panel(sx, ui, sc, p, tail, ntail, main, 0);
    }
    if (!inline_side) wz_screen_side_place(ui, it, n, side, !t->portrait);
}

static int player_action(wz_screen_ctx *sx, int action, int arg, long long now)
{
    switch (action) {
    case WZ_ACT_CHOICE:
        return wz_session_choose(sx->session, arg, now) == 0;
    case WZ_ACT_SKIP:
        sx->skip_anim = 1;
        return 1;
    case WZ_ACT_LISTEN:
        wz_narration_replay(sx->narration);
        return 1;
    case WZ_ACT_SPOT_TAP:
        return wz_session_spot_toggle(sx->session, arg) == 0;
    case WZ_ACT_SPOT_DONE:
        return wz_session_spot_done(sx->session, now) == 0;
    case WZ_ACT_RATE:
    case WZ_ACT_RATE_DONE:
        return wz_screen_rate_action(sx, action, arg, now);
    default:
        return 0;
    }
}

static long long player_anim(wz_screen_ctx *sx, long long now)
{
    long long next = -1;
    const wz_passage *p = wz_session_passage(sx->session);
    if (!p || shown_parts(sx, p, now, &next) >= p->nparts) return -1;
    long long dots = (now / DOT_STEP_MS + 1) * DOT_STEP_MS;
    return next >= 0 && next < dots ? next : dots;
}

const wz_screen_def wz_screen_player = {NULL, player_build, player_action, player_anim};

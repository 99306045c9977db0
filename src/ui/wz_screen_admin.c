/*
 * wz_screen_admin: admin mode's pages (PIN pad, staff menu, statistics, choice of stick,
 * import confirm, result, exit) and the hidden corner on the attract and "nothing to show" screens.
 *
 * The import's confirm page shows the result page's text with "Import these" and
 * "Cancel" under it (and Cancel in the top bar).
 *
 * Pages only read the admin view (wz_admin.h) and turn touches into wz_admin_action; the
 * work itself, its threads and child processes live in src/app. The corner is an
 * invisible control over whatever the screen shows there; its press is followed in the
 * screen's update (before the frame is built), so a 3 s hold opens the PIN pad.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wz_screen_group.h"
#include "wz_screens.h"
#include "wz_util.h"

#define ACT(a) (WZ_ACT_ADMIN_FIRST + (a))
#define ACT_CORNER WZ_ACT_ADMIN_FIRST

/* A ring of dots, one of them dark, turning one step every POLL_BUSY_MS. */
static void spinner(wz_ui *ui, int cx, int cy, int radius, long long now)
{
    int step = (int)((now / WZ_ADMIN_POLL_BUSY_MS) % 8);
    static const int ring[8][2] = {{0, -100}, {71, -71}, {100, 0},  {71, 71},
                                   {0, 100},  {-71, 71}, {-100, 0}, {-71, -71}};
    int dot = WZ_MAX(2, radius / 5);
    for (int i = 0; i < 8; i++)
        wz_frame_circle(ui->f, cx + ring[i][0] * radius / 100, cy + ring[i][1] * radius / 100, dot,
                        i == step ? WZ_PRIMARY : WZ_LINE);
}

static int col_width(const wz_theme *t)
{
    return WZ_MIN(t->w - 2 * t->margin, wz_px(t, 1400));
}

static int text(wz_ui *ui, const char *s, int x, int y, int w, int px, int bold, SDL_Color c)
{
    return wz_text_block(ui, s, x, y, w, px, bold, c, WZ_ALIGN_LEFT);
}

static void pin_page(const wz_admin_view *v, wz_ui *ui, long long now)
{
    const wz_theme *t = &ui->th;
    int checking = v->checking;
    int top = wz_top_bar(ui, "Staff only", checking ? NULL : "Close", ACT(WZ_ADMIN_CLOSE), 0);

    int avail_h = t->h - top - 2 * t->gap;
    int key = WZ_MIN(wz_px(t, 150), (avail_h - 3 * t->gap / 2) / 4);
    if (t->portrait) key = WZ_MIN(key, (avail_h * 2 / 3 - 3 * t->gap / 2) / 4);
    key = WZ_MIN(key, (t->w - 2 * t->margin - 2 * t->gap / 2) / 3);
    int pad_w = 3 * key + 2 * (t->gap / 2), pad_h = 4 * key + 3 * (t->gap / 2);
    int info_w, info_x, info_y, pad_x, pad_y;
    if (t->portrait) {
        info_w = t->w - 2 * t->margin;
        info_x = t->margin;
        info_y = top + t->gap;
        pad_x = (t->w - pad_w) / 2;
        /* under the title, the dots and two lines of message; never off the screen */
        int info_h = wz_frame_measure(ui->f, "Enter the staff PIN", info_w, t->px_h1, 1).y +
                     t->gap + wz_px(t, 32) + t->gap + 2 * (t->px_body * 4 / 3) + t->gap;
        pad_y = WZ_MIN(info_y + info_h, t->h - t->gap - pad_h);
    } else {
        info_w = WZ_MIN(wz_px(t, 700), t->w - 3 * t->margin - pad_w);
        int total = info_w + t->margin + pad_w;
        info_x = (t->w - total) / 2;
        pad_x = info_x + info_w + t->margin;
        pad_y = top + (t->h - top - pad_h) / 2;
        info_y = pad_y;
    }
    int y = info_y;
    y += text(ui, "Enter the staff PIN", info_x, y, info_w, t->px_h1, 1, WZ_INK) + t->gap;
    /* one dot per digit typed, never the digits */
    int dot = wz_px(t, 16);
    for (int i = 0; i < v->pin_digits; i++)
        wz_frame_circle(ui->f, info_x + dot + i * 3 * dot, y + dot, dot, WZ_INK);
    if (checking)
        spinner(ui, info_x + 2 * dot, y + dot, 2 * dot, now);
    else if (v->pin_digits == 0)
        text(ui, "Then press OK.", info_x, y, info_w, t->px_body, 0, WZ_MUTED);
    y += 2 * dot + t->gap;
    if (v->message[0])
        text(ui, v->message, info_x, y, info_w, t->px_body, 1, v->message_bad ? WZ_RISKY : WZ_SAFE);

    static const char *labels[] = {"1", "2", "3", "4", "5", "6", "7", "8", "9"};
    int g = t->gap / 2;
    for (int i = 0; i < 12; i++) {
        SDL_Rect r = {pad_x + (i % 3) * (key + g), pad_y + (i / 3) * (key + g), key, key};
        if (i < 9)
            wz_button(ui, r, labels[i], NULL, WZ_BTN_SECONDARY, t->px_h2, ACT(WZ_ADMIN_DIGIT),
                      i + 1);
        else if (i == 9)
            wz_button(ui, r, "Delete", NULL, WZ_BTN_SECONDARY, t->px_small,
                      ACT(WZ_ADMIN_PIN_DELETE), 0);
        else if (i == 10)
            wz_button(ui, r, "0", NULL, WZ_BTN_SECONDARY, t->px_h2, ACT(WZ_ADMIN_DIGIT), 0);
        else
            wz_button(ui, r, "OK", NULL, WZ_BTN_PRIMARY, t->px_h2, ACT(WZ_ADMIN_PIN_OK), 0);
    }
}

/* The "I'm worried" badge: when the last alerts were, and whom to tell. Returns height. */
static int worried_badge(const wz_admin_view *v, wz_ui *ui, int x, int y, int cw)
{
    const wz_theme *t = &ui->th;
    int r = wz_px(t, 40), tx = x + 2 * t->pad + 2 * r, tw = cw - (tx - x) - t->pad;
    const char *who = v->safeguarding_contact
                          ? v->safeguarding_contact
                          : "No safeguarding contact is set: tell your manager.";
    int h = wz_frame_measure(ui->f, v->worried_badge, tw, t->px_body, 1).y + t->gap / 3 +
            wz_frame_measure(ui->f, who, tw, t->px_body, 0).y;
    SDL_Rect band = {x, y, cw, WZ_MAX(h, 2 * r) + 2 * t->pad};
    wz_frame_rect(ui->f, band, t->radius, WZ_FLAG_BG);
    wz_icon_badge(ui, x + t->pad + r, y + t->pad + r, r, "heart", WZ_HELP, WZ_WHITE);
    int ty = y + t->pad;
    ty += text(ui, v->worried_badge, tx, ty, tw, t->px_body, 1, WZ_INK) + t->gap / 3;
    text(ui, who, tx, ty, tw, t->px_body, 0, WZ_INK);
    return band.h;
}

static void home_page(const wz_admin_view *v, wz_ui *ui, long long now)
{
    const wz_theme *t = &ui->th;
    int top = wz_top_bar(ui, "Staff menu", "Close", ACT(WZ_ADMIN_CLOSE), 0);
    SDL_Rect vp = {0, top, t->w, t->h - top};
    wz_frame_scroll_begin(ui->f, vp);
    int cw = col_width(t);
    int x = (t->w - cw) / 2, y = t->gap;
    if (v->worried_alerts) y += worried_badge(v, ui, x, y, cw) + t->gap; /* before all else */

    /* actions first: what staff came for */
    static const struct {
        const char *label;
        int action;
        wz_button_style st;
    } buttons[] = {
        {"Load scenarios from USB", ACT(WZ_ADMIN_IMPORT), WZ_BTN_PRIMARY},
        {"Export figures to USB", ACT(WZ_ADMIN_EXPORT), WZ_BTN_PRIMARY},
        {"Statistics", ACT(WZ_ADMIN_STATS), WZ_BTN_PRIMARY},
        {"Group mode for guides", ACT(WZ_ADMIN_GROUP), WZ_BTN_PRIMARY},
        {"Reload scenarios", ACT(WZ_ADMIN_RELOAD), WZ_BTN_SECONDARY},
        {"Test the upload connection", ACT(WZ_ADMIN_UPLOAD_TEST), WZ_BTN_SECONDARY},
        {"Restart the kiosk", ACT(WZ_ADMIN_RESTART), WZ_BTN_SECONDARY},
        {"Exit the program", ACT(WZ_ADMIN_EXIT), WZ_BTN_SECONDARY},
        {"Close staff menu", ACT(WZ_ADMIN_CLOSE), WZ_BTN_SAFE},
    };
    int n = (int)WZ_ARRAY_LEN(buttons);
    int cols = t->portrait ? 1 : t->w >= t->h * 3 / 2 ? 3 : 2; /* wide: the status shows too */
    int bw = (cw - (cols - 1) * t->gap) / cols;
    for (int i = 0; i < n; i += cols) {
        int h = 0;
        for (int c = 0; c < cols && i + c < n; c++)
            h = WZ_MAX(h, wz_button_height(ui, bw, buttons[i + c].label, NULL, 0));
        for (int c = 0; c < cols && i + c < n; c++) {
            SDL_Rect r = {x + c * (bw + t->gap), y, bw, h};
            wz_button(ui, r, buttons[i + c].label, NULL, buttons[i + c].st, 0,
                      buttons[i + c].action, 0);
        }
        y += h + t->gap / 2;
    }
    y += t->gap;

    /* status */
    char line[600];
    y += text(ui, "Status", x, y, cw, t->px_h2, 1, WZ_INK) + t->gap / 2;
    snprintf(line, sizeof(line), "Kiosk: %s. Program version %s.", v->kiosk_id, WZ_VERSION);
    y += text(ui, line, x, y, cw, t->px_body, 0, WZ_INK) + t->gap / 3;
    const wz_library *lib = v->lib;
    int count = lib ? lib->count : 0, playable = lib ? lib->playable : 0;
    snprintf(line, sizeof(line), "Scenarios: %d of %d file%s ready to play (folder %s).", playable,
             count, count == 1 ? "" : "s", v->scenarios_dir);
    y += text(ui, line, x, y, cw, t->px_body, 0, playable ? WZ_INK : WZ_RISKY) + t->gap / 3;
    int listed = 0;
    for (int i = 0; lib && i < lib->count && listed < 12; i++) {
        const wz_library_entry *e = &lib->entries[i];
        if (e->diags.errors == 0 && e->diags.warnings == 0) continue;
        const char *name = e->path;
        if (wz_str_starts(name, v->scenarios_dir)) name += strlen(v->scenarios_dir) + 1;
        const wz_diag *first = NULL;
        for (int j = 0; j < e->diags.count && !first; j++)
            if (e->diags.items[j].severity == WZ_ERROR) first = &e->diags.items[j];
        if (!first && e->diags.count) first = &e->diags.items[0];
        snprintf(line, sizeof(line), "%s: %s, %d error%s and %d warning%s. %s%s%s", name,
                 e->playable ? "plays" : "NOT PLAYING", e->diags.errors,
                 e->diags.errors == 1 ? "" : "s", e->diags.warnings,
                 e->diags.warnings == 1 ? "" : "s", first ? "First: " : "",
                 first ? first->message : "", first ? "" : "");
        y += wz_bullet(ui, line, x, y, cw, t->px_small, e->playable ? WZ_INK : WZ_RISKY,
                       e->playable ? WZ_MUTED : WZ_RISKY) +
             t->gap / 3;
        listed++;
    }
    snprintf(line, sizeof(line), "Statistics database: %s.", v->db_size);
    y += text(ui, line, x, y, cw, t->px_body, 0, WZ_INK) + t->gap / 3;
    y += text(ui, v->upload, x, y, cw, t->px_body, 0, WZ_INK) + t->gap / 3;
    y += text(ui, v->last_error, x, y, cw, t->px_body, 0, v->last_error_bad ? WZ_RISKY : WZ_INK) +
         t->gap / 3;
    y += text(ui, v->worried_status, x, y, cw, t->px_body, 0,
              v->worried_status_bad ? WZ_RISKY : WZ_INK) +
         t->gap / 3;
    snprintf(line, sizeof(line), "Safeguarding contact: %s",
             v->safeguarding_contact ? v->safeguarding_contact
                                     : "not set ([alert] safeguarding_contact).");
    y += text(ui, line, x, y, cw, t->px_body, 0, WZ_INK) + t->gap;
    wz_frame_scroll_end(ui->f, y + t->margin);
}

/* A bar chart: bars[0..n) as rows (label, bar, number) inside width w. Returns height. */
static int chart_rows(wz_ui *ui, const wz_admin_bar *bars, int n, int x, int y, int w, int two)
{
    const wz_theme *t = &ui->th;
    long long max = 1;
    for (int i = 0; i < n; i++)
        max = WZ_MAX(max, bars[i].value);
    int label_w = w * 2 / 5, num_w = wz_px(t, 260);
    int bar_w = WZ_MAX(wz_px(t, 40), w - label_w - num_w - 2 * t->gap / 2);
    int y0 = y;
    for (int i = 0; i < n; i++) {
        int lh = wz_frame_measure(ui->f, bars[i].label, label_w, t->px_small, 0).y;
        int rh = WZ_MAX(lh, wz_px(t, 44));
        text(ui, bars[i].label, x, y, label_w, t->px_small, 0, WZ_INK);
        int bx = x + label_w + t->gap / 2;
        int len = (int)((long long)bar_w * bars[i].value / max);
        SDL_Rect track = {bx, y + wz_px(t, 6), bar_w, wz_px(t, 32)};
        wz_frame_rect(ui->f, track, wz_px(t, 8), WZ_NEUTRAL_BG);
        if (len > 0) {
            SDL_Rect b = {bx, track.y, WZ_MAX(len, wz_px(t, 8)), track.h};
            wz_frame_rect(ui->f, b, wz_px(t, 8), WZ_PRIMARY);
        }
        if (two && bars[i].value > 0) { /* finished, inside the started bar */
            int len2 = (int)((long long)bar_w * bars[i].value2 / max);
            if (len2 > 0) {
                SDL_Rect b2 = {bx, track.y, WZ_MAX(len2, wz_px(t, 8)), track.h};
                wz_frame_rect(ui->f, b2, wz_px(t, 8), WZ_SAFE);
            }
        }
        char num[64];
        if (two)
            snprintf(num, sizeof(num), "%lld / %lld", bars[i].value, bars[i].value2);
        else
            snprintf(num, sizeof(num), "%lld", bars[i].value);
        text(ui, num, bx + bar_w + t->gap / 2, y, num_w, t->px_small, 1, WZ_INK);
        y += rh + t->gap / 2;
    }
    return y - y0;
}

static void stats_page(const wz_admin_view *v, wz_ui *ui, long long now)
{
    const wz_theme *t = &ui->th;
    int top = wz_top_bar(ui, "Statistics", "Back", ACT(WZ_ADMIN_HOME), 0);
    SDL_Rect vp = {0, top, t->w, t->h - top};
    wz_frame_scroll_begin(ui->f, vp);
    int cw = col_width(t);
    int x = (t->w - cw) / 2, y = t->gap;
    char line[200];
    snprintf(line, sizeof(line), "This week: %lld visit%s", v->week_total,
             v->week_total == 1 ? "" : "s");
    y += text(ui, line, x, y, cw, t->px_h2, 1, WZ_INK) + t->gap / 2;
    y += chart_rows(ui, v->week, 7, x, y, cw, 0) + t->gap;
    snprintf(line, sizeof(line), "Today: %lld visit%s", v->today_total,
             v->today_total == 1 ? "" : "s");
    y += text(ui, line, x, y, cw, t->px_h2, 1, WZ_INK) + t->gap / 2;
    if (v->ntoday == 0) {
        y += text(ui, "No scenario has been played today yet.", x, y, cw, t->px_body, 0, WZ_MUTED) +
             t->gap;
    } else {
        y += text(ui, "Scenarios today: started / finished (green)", x, y, cw, t->px_small, 0,
                  WZ_MUTED) +
             t->gap / 2;
        y += chart_rows(ui, v->today, v->ntoday, x, y, cw, 1) + t->gap;
    }
    y += text(ui,
              "A visit is one person (or group) from touching the screen to leaving. The kiosk "
              "never records who they are.",
              x, y, cw, t->px_small, 0, WZ_MUTED) +
         t->gap;
    wz_frame_scroll_end(ui->f, y + t->margin);
}

static void sources_page(const wz_admin_view *v, wz_ui *ui, long long now)
{
    const wz_theme *t = &ui->th;
    int top = wz_top_bar(ui, "Which USB stick?", "Back", ACT(WZ_ADMIN_HOME), 0);
    SDL_Rect vp = {0, top, t->w, t->h - top};
    wz_frame_scroll_begin(ui->f, vp);
    int cw = col_width(t);
    int x = (t->w - cw) / 2, y = t->gap;
    y += text(ui, "Scenario files were found in more than one place. Choose one:", x, y, cw,
              t->px_body, 0, WZ_INK) +
         t->gap;
    for (int i = 0; i < v->nsources; i++) {
        const char *name = v->sources[i];
        if (wz_str_starts(name, v->mount_root))
            name += strlen(v->mount_root) + (name[strlen(v->mount_root)] == '/');
        int h = wz_button_height(ui, cw, name, NULL, 0);
        SDL_Rect r = {x, y, cw, h};
        wz_button(ui, r, name, NULL, WZ_BTN_CHOICE, 0, ACT(WZ_ADMIN_IMPORT_FROM), i);
        y += h + t->gap / 2;
    }
    wz_frame_scroll_end(ui->f, y + t->margin);
}

/* The result text paragraph by paragraph from y, so long reports wrap and scroll;
 * returns the y under it. */
static int result_paragraphs(const wz_admin_view *v, wz_ui *ui, int x, int y, int cw)
{
    const wz_theme *t = &ui->th;
    const char *p = v->result_text ? v->result_text : "";
    while (*p) {
        size_t n = strcspn(p, "\n");
        char *para = wz_xstrndup(p, n);
        int indented = para[0] == ' ';
        char *trim = wz_str_trim_dup(para, n);
        if (*trim) {
            int bold = !indented && (strstr(trim, "NOT LOADED") || strstr(trim, "Loaded ") ||
                                     strstr(trim, "did not work"));
            SDL_Color c =
                strstr(trim, "NOT LOADED") || wz_str_starts(trim, "Error") ? WZ_RISKY : WZ_INK;
            int ix = indented ? x + t->gap * 2 : x;
            y +=
                text(ui, trim, ix, y, cw - (ix - x), indented ? t->px_small : t->px_body, bold, c) +
                t->gap / 3;
        } else {
            y += t->gap / 2;
        }
        free(trim);
        free(para);
        p += n;
        if (*p == '\n') p++;
    }
    return y;
}

static void result_page(const wz_admin_view *v, wz_ui *ui, long long now)
{
    const wz_theme *t = &ui->th;
    int working = v->busy;
    int top = wz_top_bar(ui, v->result_title ? v->result_title : "", working ? NULL : "Back",
                         ACT(WZ_ADMIN_HOME), 0);
    SDL_Rect vp = {0, top, t->w, t->h - top};
    wz_frame_scroll_begin(ui->f, vp);
    int cw = col_width(t);
    int x = (t->w - cw) / 2;
    int y = result_paragraphs(v, ui, x, t->gap, cw) + t->gap;
    if (working) {
        int rad = wz_px(t, 40);
        spinner(ui, x + rad, y + rad, rad, now);
        y += 2 * rad + t->gap;
    }
    int h = wz_button_height(ui, cw / 2, "Back to the staff menu", NULL, 0);
    SDL_Rect r = {x, y, WZ_MIN(cw, wz_px(t, 700)), h};
    if (!v->job_running && !working) {
        wz_button(ui, r, "Back to the staff menu", NULL, WZ_BTN_PRIMARY, 0, ACT(WZ_ADMIN_HOME), 0);
        y += h;
    }
    wz_frame_scroll_end(ui->f, y + t->margin);
}

/* What a checked import would change, and the choice: import these, or cancel. */
static void confirm_page(const wz_admin_view *v, wz_ui *ui, long long now)
{
    (void)now;
    const wz_theme *t = &ui->th;
    int top = wz_top_bar(ui, "Import these scenarios?", "Cancel", ACT(WZ_ADMIN_IMPORT_CANCEL), 0);
    SDL_Rect vp = {0, top, t->w, t->h - top};
    wz_frame_scroll_begin(ui->f, vp);
    int cw = col_width(t);
    int x = (t->w - cw) / 2;
    int y = result_paragraphs(v, ui, x, t->gap, cw) + t->gap;
    int cols = t->portrait ? 1 : 2;
    int bw = WZ_MIN((cw - (cols - 1) * t->gap) / cols, wz_px(t, 600));
    int h = wz_button_height(ui, bw, "Import these", NULL, 0);
    SDL_Rect r = {x, y, bw, h};
    wz_button(ui, r, "Import these", NULL, WZ_BTN_PRIMARY, 0, ACT(WZ_ADMIN_IMPORT_CONFIRM), 0);
    if (cols == 1)
        r.y += h + t->gap / 2;
    else
        r.x += bw + t->gap;
    wz_button(ui, r, "Cancel", NULL, WZ_BTN_SECONDARY, 0, ACT(WZ_ADMIN_IMPORT_CANCEL), 0);
    wz_frame_scroll_end(ui->f, r.y + h + t->margin);
}

static void exit_page(const wz_admin_view *v, wz_ui *ui, long long now)
{
    const wz_theme *t = &ui->th;
    int top = wz_top_bar(ui, "Exit the program", "Back", ACT(WZ_ADMIN_HOME), 0);
    int cw = WZ_MIN(col_width(t), wz_px(t, 1000));
    int x = (t->w - cw) / 2, y = top + t->gap * 2;
    y += text(ui,
              "The kiosk will stop and the screen will stay empty until the PC is restarted or "
              "an IT technician starts it again. To start it afresh instead, use Restart.",
              x, y, cw, t->px_body, 0, WZ_INK) +
         2 * t->gap;
    int h = wz_button_height(ui, cw, "Yes, exit the program", NULL, 0);
    SDL_Rect r = {x, y, cw, h};
    wz_button(ui, r, "Yes, exit the program", NULL, WZ_BTN_PRIMARY, 0, ACT(WZ_ADMIN_EXIT_CONFIRM),
              0);
    y += h + t->gap;
    SDL_Rect r2 = {x, y, cw, h};
    wz_button(ui, r2, "No, go back", NULL, WZ_BTN_SECONDARY, 0, ACT(WZ_ADMIN_HOME), 0);
}

static void admin_build(wz_screen_ctx *sx, wz_ui *ui, long long now)
{
    wz_admin_view v;
    wz_admin_view_get(wz_app_admin(sx->app), now, &v);
    switch (v.page) {
    case WZ_ADMIN_PAGE_PIN:
        pin_page(&v, ui, now);
        break;
    case WZ_ADMIN_PAGE_HOME:
        home_page(&v, ui, now);
        break;
    case WZ_ADMIN_PAGE_STATS:
        stats_page(&v, ui, now);
        break;
    case WZ_ADMIN_PAGE_SOURCES:
        sources_page(&v, ui, now);
        break;
    case WZ_ADMIN_PAGE_RESULT:
        result_page(&v, ui, now);
        break;
    case WZ_ADMIN_PAGE_EXIT:
        exit_page(&v, ui, now);
        break;
    case WZ_ADMIN_PAGE_GROUP:
        wz_screen_group_build(sx, ui, v.group);
        break;
    case WZ_ADMIN_PAGE_IMPORT_CONFIRM:
        confirm_page(&v, ui, now);
        break;
    }
}

static int admin_action(wz_screen_ctx *sx, int action, int arg, long long now)
{
    wz_admin *a = wz_app_admin(sx->app);
    int serial = wz_admin_page_serial(a);
    int handled = wz_admin_action(a, (wz_admin_act)(action - WZ_ACT_ADMIN_FIRST), arg, now);
    if (wz_admin_page_serial(a) != serial) wz_frame_scroll_reset(sx->frame);
    return handled;
}

static long long admin_anim(wz_screen_ctx *sx, long long now)
{
    return wz_admin_next_deadline(wz_app_admin(sx->app), now);
}

/* ---------------- the hidden corner ---------------- */

SDL_Rect wz_screen_admin_corner(const wz_theme *t)
{
    int side = WZ_MAX(wz_px(t, 140), WZ_MIN(t->w, t->h) / 8);
    SDL_Rect r = {0, 0, side, side};
    return r;
}

static void corner_update(wz_screen_ctx *sx, const wz_ui *ui, long long now)
{
    wz_admin *a = wz_app_admin(sx->app);
    if (wz_ui_is_pressed(ui, ACT_CORNER, 0))
        wz_admin_corner_pressed(a, now);
    else if (wz_admin_corner_held(a))
        wz_admin_corner_cancel(a); /* the finger slid away */
}

/* The screen's own build, then an invisible control on top of whatever is in the corner. */
static void corner_build(const wz_screen_def *orig, wz_screen_ctx *sx, wz_ui *ui, long long now)
{
    if (orig->build) orig->build(sx, ui, now);
    wz_frame_control_hidden(ui->f, wz_screen_admin_corner(&ui->th), ACT_CORNER, 0, "Staff");
}

static int corner_action(const wz_screen_def *orig, wz_screen_ctx *sx, int action, int arg,
                         long long now)
{
    if (action == ACT_CORNER) {
        wz_admin_corner_released(wz_app_admin(sx->app), now);
        return 1;
    }
    return orig->action ? orig->action(sx, action, arg, now) : 0;
}

static long long corner_anim(const wz_screen_def *orig, wz_screen_ctx *sx, long long now)
{
    long long at = orig->next_anim ? orig->next_anim(sx, now) : -1;
    long long g = wz_admin_corner_deadline(wz_app_admin(sx->app));
    if (g >= 0 && (at < 0 || g < at)) at = g;
    return at;
}

static void attract_build(wz_screen_ctx *sx, wz_ui *ui, long long now)
{
    corner_build(&wz_screen_attract, sx, ui, now);
}
static int attract_action(wz_screen_ctx *sx, int action, int arg, long long now)
{
    return corner_action(&wz_screen_attract, sx, action, arg, now);
}
static long long attract_anim(wz_screen_ctx *sx, long long now)
{
    return corner_anim(&wz_screen_attract, sx, now);
}
static void empty_build(wz_screen_ctx *sx, wz_ui *ui, long long now)
{
    corner_build(&wz_screen_empty, sx, ui, now);
}
static int empty_action(wz_screen_ctx *sx, int action, int arg, long long now)
{
    return corner_action(&wz_screen_empty, sx, action, arg, now);
}
static long long empty_anim(wz_screen_ctx *sx, long long now)
{
    return corner_anim(&wz_screen_empty, sx, now);
}

void wz_screen_admin_install(wz_screen_def table[WZ_SCREEN_COUNT])
{
    static const wz_screen_def attract = {corner_update, attract_build, attract_action,
                                          attract_anim};
    static const wz_screen_def empty = {corner_update, empty_build, empty_action, empty_anim};
    static const wz_screen_def admin = {NULL, admin_build, admin_action, admin_anim};
    table[WZ_SCREEN_ATTRACT] = attract;
    table[WZ_SCREEN_EMPTY] = empty;
    table[WZ_SCREEN_ADMIN] = admin;
}

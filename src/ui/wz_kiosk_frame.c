/*
 * wz_kiosk_frame: one frame of the kiosk: notice what changed since the last one (a new
 * screen starts at its top, a new passage restarts its animation), let the screen update
 * and build its display list from the state, draw it (on the software renderer, only
 * what changed) and present it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wz_i18n.h"
#include "wz_kiosk_int.h"
#include "wz_util.h"

/* The theme for the screen; [kiosk] orientation can force one layout whatever the
 * screen's shape (docs/configuration.md). */
void wz_kiosk_frame_theme(const wz_kiosk *k, wz_theme *t, int easy)
{
    wz_theme_compute(t, k->out_w, k->out_h, easy);
    /* the visitor's text size and colours; admin mode keeps the standard ones */
    int visitor = wz_session_screen(k->ctx.session) < WZ_SCREEN_ADMIN;
    wz_theme_text_size(t, visitor ? wz_session_text_size(k->ctx.session) : WZ_TEXT_NORMAL);
    wz_palette_use(visitor && wz_session_contrast(k->ctx.session) ? &wz_palette_high_contrast
                                                                  : &wz_palette_standard);
    const char *o = wz_app_config(k->app)->orientation;
    if (o && strcmp(o, "portrait") == 0)
        t->portrait = 1;
    else if (o && strcmp(o, "landscape") == 0)
        t->portrait = 0;
}
/* Notices what changed since the last frame: a new passage restarts its animation, a new
 * screen starts at its top (Help is a detour: coming back finds the screen scrolled where
 * it was), and the screens ahead are prepared again. */
static void notice_changes(wz_kiosk *k, wz_screen_id id, int serial, int easy, long long now)
{
    int look = wz_session_text_size(k->ctx.session) * 2 + wz_session_contrast(k->ctx.session);
    if (look != k->seen_look) { /* other sizes and colours: prepare again */
        k->seen_look = look;
        k->ahead_next = 0;
        k->ahead_pending = 1;
    }
    if (serial != k->seen_serial) { /* a new passage: its messages arrive afresh */
        k->ahead_next = 0;
        k->ahead_pending = 1;
        k->ctx.screen_t0 = now;
        k->ctx.skip_anim = 0;
        k->ctx.shown_msgs = 0;
    }
    if (id != k->seen_screen) {
        k->text_panel = 0; /* the panel belongs to the screen it was opened on */
        k->ahead_next = 0;
        k->ahead_pending = 1;
        wz_input_cancel(k->input);
        if (id == WZ_SCREEN_HELP) k->saved_scroll = wz_frame_scroll_offset(k->frame);
        wz_frame_scroll_reset(k->frame);
        if (k->seen_screen == WZ_SCREEN_HELP && serial == k->seen_serial)
            wz_frame_scroll_set(k->frame, k->saved_scroll);
    } else if (serial != k->seen_serial) {
        wz_frame_scroll_reset(k->frame);
    }
    const char *lang = wz_session_language(k->ctx.session);
    if (strcmp(lang, k->seen_language) != 0) { /* another language: other words, other fonts */
        wz_i18n_set_language(lang);
        wz_text_set_language(k->text, lang);
        snprintf(k->seen_language, sizeof k->seen_language, "%s", lang);
        k->ahead_next = 0;
        k->ahead_pending = 1;
    }
    if (easy != k->seen_easy) { /* easy read changes every text size: prepare again */
        k->ahead_next = 0;
        k->ahead_pending = 1;
    }
}

/* Draws the frame. The software renderer draws into the window's own surface, which
 * still holds the last frame: there only what changed is drawn again. */
static void draw(wz_kiosk *k)
{
    wz_kiosk_surface_filled(k);
    SDL_Rect dmg[WZ_FRAME_DAMAGE_MAX];
    int n = k->software ? wz_frame_damage(k->frame, dmg) : -1;
    SDL_SetRenderDrawBlendMode(k->ren, SDL_BLENDMODE_NONE);
    SDL_SetRenderDrawColor(k->ren, WZ_BG.r, WZ_BG.g, WZ_BG.b, 255);
    if (n < 0) {
        SDL_RenderClear(k->ren);
        wz_frame_draw(k->frame);
    }
    if (n >= 0) wz_kiosk_bench_partial(k->bench);
    for (int i = 0; i < n; i++) {
        SDL_SetRenderDrawBlendMode(k->ren, SDL_BLENDMODE_NONE);
        SDL_SetRenderDrawColor(k->ren, WZ_BG.r, WZ_BG.g, WZ_BG.b, 255);
        SDL_RenderSetClipRect(k->ren, &dmg[i]);
        SDL_RenderFillRect(k->ren, &dmg[i]);
        wz_frame_draw_clipped(k->frame, dmg[i]);
    }
    SDL_RenderSetClipRect(k->ren, NULL);
    if (k->software) wz_frame_keep(k->frame);
}

/* Rebuilds the frame from the session and draws it; saves a screenshot when shot. */
void wz_kiosk_frame(wz_kiosk *k, long long now, const char *shot)
{
    wz_session *s = k->ctx.session;
    wz_ui ui = {0};
    ui.f = k->frame;
    ui.pressed = wz_input_pressed(k->input, &ui.pressed_action, &ui.pressed_arg);
    ui.focused = wz_input_focus(k->input, &ui.focus_action, &ui.focus_arg);
    wz_screen_id id = wz_session_screen(s);
    if (k->screens[id].update) { /* e.g. a press held in the admin corner */
        wz_kiosk_frame_theme(k, &ui.th, wz_session_easy_read(s));
        k->screens[id].update(&k->ctx, &ui, now);
        id = wz_session_screen(s);
    }
    int serial = wz_session_passage_serial(s);
    int easy = wz_session_easy_read(s);
    int left = 0;
    int still = wz_session_still_there(s, now, &left);
    notice_changes(k, id, serial, easy, now);
    k->seen_screen = id;
    k->seen_serial = serial;
    k->seen_easy = easy;
    k->seen_still = still;
    ui.pressed = wz_input_pressed(k->input, &ui.pressed_action, &ui.pressed_arg);
    ui.focused = wz_input_focus(k->input, &ui.focus_action, &ui.focus_arg);
    wz_kiosk_frame_theme(k, &ui.th, easy);
    /* "I'm worried" beside Help on every visitor screen but Help (and its own page) */
    if (id < WZ_SCREEN_ADMIN && id != WZ_SCREEN_HELP && id != WZ_SCREEN_WORRIED)
        ui.worried_action = WZ_ACT_WORRIED;
    if (id < WZ_SCREEN_ADMIN) ui.text_action = WZ_ACT_TEXT; /* "Aa" on every visitor screen */

    Uint64 t_build = SDL_GetPerformanceCounter();
    wz_frame_begin(k->frame, k->out_w, k->out_h);
    wz_frame_set_min_target(k->frame, wz_px(&ui.th, 64));
    wz_frame_set_scroll_gutter(k->frame,
                               id < WZ_SCREEN_ADMIN ? wz_screens_more_below_room(&ui.th) : 0);
    if (k->screens[id].build) k->screens[id].build(&k->ctx, &ui, now);
    if (id < WZ_SCREEN_ADMIN) wz_screens_more_below(&k->ctx, &ui);
    if (k->text_panel && id < WZ_SCREEN_ADMIN) wz_screen_text_panel(&k->ctx, &ui);
    if (still) wz_screens_still_there(&k->ctx, &ui, now, left);

    Uint64 t_draw = SDL_GetPerformanceCounter();
    draw(k);
    if (shot) wz_kiosk_script_shot(k, shot);
    Uint64 t_present = SDL_GetPerformanceCounter();
    wz_kiosk_surface_ready(k);
    SDL_RenderPresent(k->ren);
    wz_kiosk_bench_frame(k->bench, t_build, t_draw, t_present, wz_screen_name(id));
    k->dirty = 0;
    k->anim_at = k->screens[id].next_anim ? k->screens[id].next_anim(&k->ctx, now) : -1;

    if (k->opts.check_layout) {
        char *report = NULL;
        if (wz_frame_check(k->frame, &report) > 0) {
            wz_kiosk_script_report_layout(k, report);
            k->layout_failures++;
        }
        free(report);
    }
}

/*
 * wz_kiosk: window, main loop and event dispatch (see wz_kiosk.h).
 *
 * One iteration: wait for an event or the next deadline, feed input to wz_input
 * against the controls on screen, let the session's idle timer and the app's work run,
 * and rebuild and draw the frame only when something changed (dirty) or an animation
 * step is due. Script mode (wz_kiosk_script.c) runs one command per iteration after the
 * frame is up to date; while nothing else waits, the caches are warmed (wz_kiosk_warm.c).
 *
 * SDL 2.26 pitfalls handled here (the window's own are in wz_kiosk_window.c): textures
 * rebuilt after render resets, press state reset on focus loss, a 0 from
 * SDL_WaitEventTimeout treated as "recompute".
 */
#include "wz_kiosk.h"

#include <SDL_ttf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wz_i18n.h"
#include "wz_image_lib.h"
#include "wz_kiosk_int.h"
#include "wz_log.h"
#include "wz_paths.h"
#include "wz_util.h"

#define WZ_MAX_WAIT_MS 60000
#define WZ_LOAD_AFTER_MS 150 /* from the first frame to loading the library */

long long wz_kiosk_now(const wz_kiosk *k)
{
    if (k->opts.fake_clock) return k->fake_now + k->offset;
    return (long long)(SDL_GetTicks64() - k->clock_base) + k->offset;
}

void wz_kiosk_request_quit(wz_kiosk *k, int exit_code)
{
    k->quit = 1;
    k->exit_code = exit_code;
}

static void update_geometry(wz_kiosk *k)
{
    int ow = 0, oh = 0, ww = 0, wh = 0;
    SDL_GetRendererOutputSize(k->ren, &ow, &oh);
    SDL_GetWindowSize(k->win, &ww, &wh);
    wz_frame_forget(k->frame); /* the window's pixels may be gone: draw it all */
    if (ow <= 0 || oh <= 0) return;
    /* Said in the journal: what size the kiosk draws for is what a technician compares with
     * the screen (a screenshot can show an older picture than the one on the screen). */
    if ((ow != k->out_w || oh != k->out_h) && !k->script && !k->soak) {
        SDL_RendererInfo info = {0};
        SDL_GetRendererInfo(k->ren, &info);
        wz_log_info("screen", "drawing for a %dx%d screen (%s renderer)", ow, oh,
                    info.name ? info.name : "unknown");
    }
    k->out_w = ow;
    k->out_h = oh;
    wz_input_set_geometry(k->input, ow, oh, ww > 0 ? (float)ow / (float)ww : 1.0f);
    k->dirty = 1;
}

/* The folder holding fonts/ and icons/: given, or found by wz_paths (build tree,
 * make install and the .deb alike). */
static char *find_assets(const char *given)
{
    if (given) return wz_xstrdup(given);
    char *font = wz_paths_asset("fonts/NotoSans-Regular.ttf");
    if (!font) return wz_xstrdup("assets");
    char *fonts = wz_path_dirname(font);
    char *dir = wz_path_dirname(fonts);
    free(font);
    free(fonts);
    return dir;
}

/* The caches and frames. Returns -1 (after printing why) when the fonts do not open. */
static int load_fonts(wz_kiosk *k)
{
    char *reg = wz_path_join(k->asset_dir, "fonts/NotoSans-Regular.ttf");
    char *bold = wz_path_join(k->asset_dir, "fonts/NotoSans-Bold.ttf");
    char *icons = wz_path_join(k->asset_dir, "icons");
    k->draw = wz_draw_create(k->ren);
    k->text = wz_text_cache_create(k->ren, reg, bold);
    k->images = wz_image_cache_create(k->ren);
    /* the icons' rasters kept for the next start; scripts and soaks must not depend on
     * (or leave) files outside their own folders, so they keep them only in a folder
     * WZ_CACHE_DIR names (tests/ui/test_kept_rasters.sh) */
    int scripted = k->opts.script_path || k->opts.soak_visits > 0;
    char *cache = scripted && !getenv("WZ_CACHE_DIR") ? NULL : wz_paths_cache_dir();
    char *rasters = cache ? wz_path_join(cache, "icons") : NULL;
    wz_image_cache_keep_rasters(k->images, icons, rasters);
    free(rasters);
    /* and the attract screen's texts, kept while its first frame is drawn (wz_kiosk_run
     * turns it off after) */
    rasters = cache && k->text ? wz_path_join(cache, "texts") : NULL;
    if (rasters) wz_text_cache_keep_rasters(k->text, rasters);
    free(rasters);
    free(cache);
    k->frame = wz_frame_create(k->ren, k->draw, k->text, k->images, icons);
    k->warm_frame = wz_frame_create(k->ren, k->draw, k->text, k->images, icons);
    k->input = wz_input_create();
    free(reg);
    free(bold);
    free(icons);
    if (!k->text) {
        fprintf(stderr, "wz-kiosk: cannot open the fonts in %s/fonts: %s\n", k->asset_dir,
                TTF_GetError());
        return -1;
    }
    return 0;
}

/* WZ_TOUCH_ROTATE: a touch panel mounted turned by 90, 180 or 270 degrees. */
static void touch_rotation(wz_kiosk *k)
{
    const char *rot = getenv("WZ_TOUCH_ROTATE");
    long deg = 0;
    char *end = NULL;
    if (rot && !k->script && !k->soak) deg = strtol(rot, &end, 10);
    if (rot && !k->script && !k->soak && end != rot && *end == '\0')
        wz_input_set_rotation(k->input, (int)deg);
}

wz_kiosk *wz_kiosk_create(const wz_kiosk_opts *opts)
{
    wz_kiosk *k = wz_xcalloc(1, sizeof *k);
    k->opts = *opts;
    k->bench = wz_kiosk_bench_create();
    wz_app_opts ao = {opts->config_path, opts->scenarios_dir, opts->db_path,
                      opts->quiz_before   ? opts->quiz_before
                      : opts->script_path ? "0"
                                          : NULL};
    k->app = wz_app_create(&ao);
    k->asset_dir = find_assets(opts->asset_dir);
    if (opts->script_path) {
        wz_diags d;
        wz_diags_init(&d);
        k->script = wz_script_load(opts->script_path, &d);
        wz_diags_print(&d, stderr);
        wz_diags_free(&d);
    }
    if (opts->soak_visits > 0) {
        k->soak = wz_kiosk_soak_create(opts->soak_visits, opts->soak_seed, opts->soak_tally);
        k->opts.fake_clock = 1;
    }
    if ((opts->script_path && !k->script) || wz_kiosk_init_sdl() != 0) {
        wz_kiosk_destroy(k);
        return NULL;
    }
    k->clock_base = SDL_GetTicks64();
    wz_kiosk_bench_phase("sdl-init");
    TTF_Init();
    SDL_DisableScreenSaver();
    if (wz_kiosk_open_window(k) != 0 || load_fonts(k) != 0) {
        wz_kiosk_destroy(k);
        return NULL;
    }
    touch_rotation(k);
    wz_kiosk_bench_phase("fonts");
    /* only what the attract screen needs: the library follows its first frame */
    wz_app_begin(k->app, wz_kiosk_now(k));
    /* a script's result must not depend on how fast a thread is */
    wz_admin_set_deterministic(wz_app_admin(k->app), k->script || k->soak);
    /* and so must the order of its choices: a script's screenshots are compared pixel for
     * pixel, so without "seed N" a script plays with seed 0 */
    if (k->script) wz_session_set_seed(wz_app_session(k->app), 0);
    k->ctx.app = k->app;
    k->ctx.session = wz_app_session(k->app);
    k->ctx.cfg = wz_app_config(k->app);
    k->ctx.frame = k->frame;
    k->ctx.images = k->images;
    wz_screens_install(k->screens);
    wz_screen_admin_install(k->screens);
    update_geometry(k);
    k->seen_screen = (wz_screen_id)-1;
    k->load_at = -1;
    k->audio_at = -1;
    k->dirty = 1;
    return k;
}

void wz_kiosk_destroy(wz_kiosk *k)
{
    if (!k) return;
    wz_kiosk_surface_ready(k); /* the surface goes with the renderer */
    wz_kiosk_audio_close(k);   /* before the app: it borrows the library */
    wz_app_destroy(k->app);
    wz_i18n_shutdown();
    wz_frame_destroy(k->frame);
    wz_frame_destroy(k->warm_frame);
    wz_input_destroy(k->input);
    wz_text_cache_destroy(k->text);
    wz_image_cache_destroy(k->images);
    wz_draw_destroy(k->draw);
    if (k->blank_cursor) SDL_FreeCursor(k->blank_cursor);
    if (k->ren) SDL_DestroyRenderer(k->ren);
    if (k->win) SDL_DestroyWindow(k->win);
    wz_script_free(k->script);
    wz_kiosk_soak_destroy(k->soak);
    wz_kiosk_bench_destroy(k->bench);
    free(k->asset_dir);
    free(k);
    TTF_Quit();
    SDL_Quit();
}

/* ---- frames ---- */

/* ---- input ---- */

static void dispatch(wz_kiosk *k, int action, int arg, long long now)
{
    wz_session *s = k->ctx.session;
    k->dirty = 1;
    switch (action) {
    case WZ_ACT_HELP:
        wz_session_open_help(s, now);
        return;
    case WZ_ACT_HELP_CLOSE:
        wz_session_close_help(s, now);
        return;
    case WZ_ACT_WORRIED:
        wz_app_worried(k->app, now); /* the page, the count and the staff alert */
        return;
    case WZ_ACT_WORRIED_CLOSE:
        wz_session_close_worried(s, now);
        return;
    case WZ_ACT_BACK:
        wz_session_back(s, now);
        return;
    case WZ_ACT_STILL_HERE:
        wz_session_touch(s, now);
        return;
    case WZ_ACT_FINISHED:
        wz_session_reset(s, "finished", now);
        return;
    case WZ_ACT_TEXT:
        k->text_panel = !k->text_panel;
        return;
    case WZ_ACT_TEXT_SIZE:
        wz_session_set_text_size(s, arg, now);
        return;
    case WZ_ACT_CONTRAST:
        wz_session_set_contrast(s, arg, now);
        return;
    case WZ_ACT_TEXT_CLOSE:
        k->text_panel = 0;
        return;
    case WZ_ACT_SCROLL_MORE: {
        SDL_Rect vp;
        if (wz_frame_scroll_viewport(k->frame, &vp)) wz_frame_scroll_by(k->frame, vp.h * 2 / 3);
        return;
    }
    default:
        break;
    }
    wz_screen_id id = wz_session_screen(s);
    if (k->screens[id].action) k->screens[id].action(&k->ctx, action, arg, now);
    int code = 0;
    if (wz_app_quit_requested(k->app, &code)) wz_kiosk_request_quit(k, code); /* admin mode */
}

/* An event that can press or choose something (not the pointer moving, which a window
 * manager causes too when it maps the window). */
static int activates(const SDL_Event *ev)
{
    switch (ev->type) {
    case SDL_MOUSEBUTTONDOWN:
    case SDL_MOUSEBUTTONUP:
    case SDL_FINGERDOWN:
    case SDL_FINGERUP:
    case SDL_KEYDOWN:
    case SDL_KEYUP:
    case SDL_MOUSEWHEEL:
        return 1;
    default:
        return 0;
    }
}

void wz_kiosk_handle_event(wz_kiosk *k, const SDL_Event *ev)
{
    long long now = wz_kiosk_now(k);
    switch (ev->type) {
    case SDL_QUIT:
        /* Only signals get here (SIGTERM from systemd, Ctrl+C): closing the window
         * does not quit (SDL_HINT_QUIT_ON_LAST_WINDOW_CLOSE is off). */
        wz_kiosk_request_quit(k, 0);
        return;
    case SDL_WINDOWEVENT:
        switch (ev->window.event) {
        case SDL_WINDOWEVENT_CLOSE:
            /* A visitor cannot quit; an author previewing in a window can. */
            if (!(SDL_GetWindowFlags(k->win) & SDL_WINDOW_FULLSCREEN_DESKTOP) &&
                k->opts.windowed_w > 0)
                wz_kiosk_request_quit(k, 0);
            break;
        case SDL_WINDOWEVENT_FOCUS_LOST:
        case SDL_WINDOWEVENT_LEAVE:
            wz_input_cancel(k->input);
            k->dirty = 1;
            break;
        default:
            update_geometry(k);
            break;
        }
        return;
    case SDL_RENDER_TARGETS_RESET:
    case SDL_RENDER_DEVICE_RESET:
        wz_text_cache_reset(k->text);
        wz_image_cache_reset(k->images);
        wz_draw_reset(k->draw);
        update_geometry(k);
        return;
    default:
        break;
    }
    /* A touch while the library loads waits for it (a moment), so it is never lost and
     * leads where it would a second later. */
    if (!wz_app_loaded(k->app) && activates(ev)) wz_kiosk_wait_loaded(k);
    wz_input_result res = {0};
    int overlay = wz_session_still_there(k->ctx.session, now, NULL);
    if (!wz_input_handle(k->input, ev, k->frame, &res)) return;
    if (res.touch_used && !k->cursor_hidden) wz_kiosk_hide_cursor(k);
    /* While "Are you still there?" shows, only its controls (or a key) answer it. */
    if (res.activity && (!overlay || ev->type == SDL_KEYDOWN))
        wz_session_touch(k->ctx.session, now);
    if (res.dirty) k->dirty = 1;
    if (res.back) {
        if (overlay)
            wz_session_touch(k->ctx.session, now);
        else if (wz_session_screen(k->ctx.session) == WZ_SCREEN_HELP)
            wz_session_close_help(k->ctx.session, now);
        else
            wz_session_back(k->ctx.session, now);
        k->dirty = 1;
    }
    if (res.activated) dispatch(k, res.action, res.arg, now);
}
/* ---- the loop ---- */

static long long min_deadline(long long a, long long b)
{
    if (a < 0) return b;
    if (b < 0) return a;
    return a < b ? a : b;
}

/* How long to wait for an event: not at all while there is something to do, else until
 * the next deadline. A quiet turn on the way warms the caches (one build). */
static long long wait_time(wz_kiosk *k, long long now)
{
    int script_ready = k->soak || (k->script && (k->opts.fake_clock || k->wait_until <= now));
    wz_screen_id on = wz_session_screen(k->ctx.session);
    int quiet = !script_ready && !k->dirty;
    if (quiet && k->warm_pending && on == WZ_SCREEN_ATTRACT) {
        k->warm_pending = wz_kiosk_warm_step(k, now);
        if (!k->warm_pending) wz_kiosk_bench_memory(k->bench, "warmed", k->text, k->images);
        return 0;
    }
    if (quiet && k->ahead_pending && on < WZ_SCREEN_HELP) {
        k->ahead_pending = wz_kiosk_warm_ahead_step(k, now);
        return 0;
    }
    if (k->dirty || script_ready) return 0;
    long long at = -1;
    long long idle = wz_session_next_deadline(k->ctx.session, now);
    if (idle >= 0) at = now + idle;
    at = min_deadline(at, k->anim_at);
    at = min_deadline(at, k->app_at);
    at = min_deadline(at, k->load_at);
    at = min_deadline(at, k->audio_at);
    if (k->script && !k->opts.fake_clock) at = min_deadline(at, k->wait_until);
    return at < 0 ? WZ_MAX_WAIT_MS : WZ_MIN(WZ_MAX(at - now, 0), WZ_MAX_WAIT_MS);
}

/* The session's idle timer and the app's work; marks the frame dirty when they change
 * what it shows. */
static void tick(wz_kiosk *k, long long now)
{
    if (wz_session_tick(k->ctx.session, now)) k->dirty = 1;
    int left = 0;
    if (wz_session_still_there(k->ctx.session, now, &left) != k->seen_still) k->dirty = 1;
    if (k->seen_still) k->dirty = 1; /* the countdown's second changed (woken for it) */
    if (k->anim_at >= 0 && now >= k->anim_at) k->dirty = 1;
    int changed = 0;
    k->app_at = wz_app_tick(k->app, now, &changed);
    if (changed) k->dirty = 1;
    if (wz_app_library_serial(k->app) != k->seen_library) { /* prepare its screens */
        k->seen_library = wz_app_library_serial(k->app);
        wz_frame_forget(k->frame); /* its pictures may be other files under the same names */
        k->warm_next = 0;
        k->warm_pending = 1;
        k->dirty = 1;
    }
    int code = 0;
    if (wz_app_quit_requested(k->app, &code)) wz_kiosk_request_quit(k, code);
}

void wz_kiosk_wait_loaded(wz_kiosk *k)
{
    k->load_at = -1;
    wz_app_wait_loaded(k->app, wz_kiosk_now(k));
    tick(k, wz_kiosk_now(k));
    wz_kiosk_bench_phase("library");
}

int wz_kiosk_run(wz_kiosk *k)
{
    long long now = wz_kiosk_now(k);
    tick(k, now);
    wz_kiosk_frame(k, now, NULL);
    wz_kiosk_bench_phase("presented");
    wz_text_cache_keep_rasters(k->text, NULL); /* the first frame's texts are kept */
    /* The attract screen is up: the rest follows while it shows, once the display has
     * had a moment to show it (loading and warming keep both cores busy for a while). A
     * script always starts on a kiosk with its library, however fast the thread was. */
    k->load_at = now + WZ_LOAD_AFTER_MS;
    if (k->script || k->soak) wz_kiosk_wait_loaded(k);
    while (!k->quit) {
        now = wz_kiosk_now(k);
        long long timeout = wait_time(k, now);
        SDL_Event ev;
        /* 0 means timeout or error alike (pitfall 11): just recompute the deadlines */
        if (timeout > 0 && SDL_WaitEventTimeout(&ev, (int)timeout)) wz_kiosk_handle_event(k, &ev);
        while (!k->quit && SDL_PollEvent(&ev))
            wz_kiosk_handle_event(k, &ev);
        if (k->quit) break;
        now = wz_kiosk_now(k);
        if (k->load_at >= 0 && now >= k->load_at) {
            wz_app_load(k->app);
            /* while the library loads on its thread: the first picture a visitor sees
             * then does not wait for SDL2_image and its decoders to be opened */
            wz_image_lib_open(NULL);
            k->load_at = -1;
        }
        tick(k, now);
        if (k->dirty && !k->quit) wz_kiosk_frame(k, now, NULL);
        if (!k->quit) k->audio_at = wz_kiosk_audio_step(k, now);
        if (k->script && !k->quit && (k->opts.fake_clock || k->wait_until <= wz_kiosk_now(k)))
            wz_kiosk_script_step(k);
        else if (k->soak && !k->quit)
            wz_kiosk_soak_step(k);
    }
    if (k->script) wz_kiosk_bench_report(k->bench, k->text, k->images);
    if (k->layout_failures && k->exit_code == 0) k->exit_code = 1;
    return k->exit_code;
}

/*
 * wz_kiosk: window, main loop, event dispatch and script mode (see wz_kiosk.h).
 *
 * One iteration: wait for an event or the next deadline, feed input to wz_input
 * against the controls on screen, let the session's idle timer run, and rebuild and
 * draw the frame only when something changed (dirty) or an animation step is due.
 * Script mode runs one command per iteration after the frame is up to date, and
 * synthesises finger events through the same handler a real finger goes through.
 *
 * SDL 2.26 pitfalls handled here (code-anchors Part B): hints set before SDL_Init
 * (touch-to-mouse off, mouse auto-capture off, no minimise on focus loss, screensaver
 * off), FULLSCREEN_DESKTOP not exclusive fullscreen, no logical size (layout from the
 * output size, so no letterbox clamping), textures rebuilt after render resets, press
 * state reset on focus loss, a 0 from SDL_WaitEventTimeout treated as "recompute".
 */
#include "wz_kiosk.h"

#include <SDL_image.h>
#include <SDL_ttf.h>
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "wz_kiosk_int.h"
#include "wz_paths.h"
#include "wz_screens.h"
#include "wz_upload.h"
#include "wz_util.h"

#define WZ_LIBRARY_CHECK_MS 10000
#define WZ_FLUSH_MS 5000
#define WZ_MAX_WAIT_MS 60000

long long wz_kiosk_now(const wz_kiosk *k)
{
    if (k->opts.fake_clock) return k->fake_now + k->offset;
    return (long long)(SDL_GetTicks64() - k->clock_base) + k->offset;
}

void wz_kiosk_set_screen(wz_kiosk *k, wz_screen_id id, const wz_screen_def *def)
{
    if (id >= 0 && id < WZ_SCREEN_COUNT && def) k->screens[id] = *def;
    k->dirty = 1;
}

void wz_kiosk_request_quit(wz_kiosk *k, int exit_code)
{
    k->quit = 1;
    k->exit_code = exit_code;
}

static void sink(void *ctx, const wz_event *ev)
{
    wz_kiosk *k = ctx;
    if (k->rec) wz_recorder_record(k->rec, ev);
    /* A finished visit is new data: the upload worker sends it soon (never blocks). */
    if (ev->kind == WZ_EV_SESSION_END) wz_upload_worker_wake(k->upload);
}

static void load_library(wz_kiosk *k)
{
    wz_diags d;
    wz_diags_init(&d);
    wz_library *lib = wz_library_load(k->scenarios_dir, &d);
    if (d.count) wz_diags_print(&d, stderr);
    wz_diags_free(&d);
    for (int i = 0; lib && i < lib->count; i++)
        if (!lib->entries[i].playable) wz_diags_print(&lib->entries[i].diags, stderr);
    wz_library *old = k->lib;
    k->lib = lib;
    k->lib_signature = wz_library_scan_signature(k->scenarios_dir);
    if (k->session) wz_session_set_library(k->session, lib);
    wz_library_free(old);
    k->warm_next = 0;
    k->warm_pending = 1;
}

static void update_geometry(wz_kiosk *k)
{
    int ow = 0, oh = 0, ww = 0, wh = 0;
    SDL_GetRendererOutputSize(k->ren, &ow, &oh);
    SDL_GetWindowSize(k->win, &ww, &wh);
    if (ow <= 0 || oh <= 0) return;
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

/* SDL_ShowCursor(SDL_DISABLE) does not hold on every backend (Wayland, SDL#3576): a
 * transparent 1x1 cursor as well keeps the arrow off the screen there too. */
/* A GL that is itself software (llvmpipe) is the worst of both: slower than SDL's own
 * software renderer for our mostly still screens, and 50 MB of LLVM resident. */
static int gl_is_software(void)
{
    typedef const unsigned char *(*get_string_fn)(unsigned);
    get_string_fn get = (get_string_fn)(uintptr_t)SDL_GL_GetProcAddress("glGetString");
    const char *name = get ? (const char *)get(0x1F01 /* GL_RENDERER */) : NULL;
    return name && (strstr(name, "llvmpipe") || strstr(name, "softpipe") ||
                    strstr(name, "Software Rasterizer") || strstr(name, "SWR"));
}

/* The renderer: a GPU with vsync where there is one; SDL's software renderer (and no
 * GL at all) on machines without a GPU, headless or under Xvfb. SDL_RENDER_DRIVER in
 * the environment overrides the choice. */
static SDL_Renderer *create_renderer(SDL_Window *win)
{
    SDL_Renderer *r = NULL;
    int gpu = getenv("SDL_RENDER_DRIVER") != NULL;
    if (!gpu) {
        struct stat st;
        for (int i = 128; i < 136 && !gpu; i++) {
            char dev[32];
            snprintf(dev, sizeof dev, "/dev/dri/renderD%d", i);
            gpu = stat(dev, &st) == 0;
        }
    }
    if (gpu) {
        r = SDL_CreateRenderer(win, -1, SDL_RENDERER_ACCELERATED | SDL_RENDERER_PRESENTVSYNC);
        SDL_RendererInfo info;
        if (r && !getenv("SDL_RENDER_DRIVER") && SDL_GetRendererInfo(r, &info) == 0 &&
            strstr(info.name, "opengl") && gl_is_software()) {
            SDL_DestroyRenderer(r);
            r = NULL;
        }
    }
    if (!r) {
        SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
        r = SDL_CreateRenderer(win, -1, SDL_RENDERER_SOFTWARE);
    }
    if (!r) r = SDL_CreateRenderer(win, -1, 0);
    return r;
}

/* WZ_KIOSK_BENCH_VERBOSE: where start-up time goes, in ms since the process began. */
static void phase(const char *what)
{
    if (!getenv("WZ_KIOSK_BENCH_VERBOSE")) return;
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    fprintf(stderr, "bench: %-10s at %8.2f ms (cpu %.2f ms)\n", what, (double)SDL_GetTicks64(),
            (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6);
}

static void hide_cursor(wz_kiosk *k)
{
    static const Uint8 blank[1] = {0};
    if (!k->blank_cursor) k->blank_cursor = SDL_CreateCursor(blank, blank, 1, 1, 0, 0);
    if (k->blank_cursor) SDL_SetCursor(k->blank_cursor);
    SDL_ShowCursor(SDL_DISABLE);
    k->cursor_hidden = 1;
}

wz_kiosk *wz_kiosk_create(const wz_kiosk_opts *opts)
{
    wz_kiosk *k = wz_xcalloc(1, sizeof *k);
    k->opts = *opts;
    k->exit_code = 0;
    k->bench = getenv("WZ_KIOSK_BENCH") != NULL;

    wz_config_defaults(&k->cfg);
    if (opts->config_path) {
        wz_diags d;
        wz_diags_init(&d);
        wz_config_load(&k->cfg, opts->config_path, &d);
        wz_diags_print(&d, stderr);
        wz_diags_free(&d);
    }
    k->scenarios_dir = wz_xstrdup(
        opts->scenarios_dir ? opts->scenarios_dir
                            : (k->cfg.scenarios_dir ? k->cfg.scenarios_dir : "scenarios"));
    k->db_path = wz_xstrdup(opts->db_path ? opts->db_path : k->cfg.db_path);
    k->asset_dir = find_assets(opts->asset_dir);

    if (opts->script_path) {
        wz_diags d;
        wz_diags_init(&d);
        k->script = wz_script_load(opts->script_path, &d);
        wz_diags_print(&d, stderr);
        wz_diags_free(&d);
        if (!k->script) {
            k->exit_code = 2;
            wz_kiosk_destroy(k);
            return NULL;
        }
    }

    /* Hints first: most are read at SDL_Init or window creation. */
    SDL_SetHint(SDL_HINT_TOUCH_MOUSE_EVENTS, "0");
    SDL_SetHint(SDL_HINT_MOUSE_TOUCH_EVENTS, "0");
    SDL_SetHint(SDL_HINT_MOUSE_AUTO_CAPTURE, "0");
    SDL_SetHint(SDL_HINT_VIDEO_MINIMIZE_ON_FOCUS_LOSS, "0");
    SDL_SetHint(SDL_HINT_VIDEO_ALLOW_SCREENSAVER, "0");
    SDL_SetHint(SDL_HINT_QUIT_ON_LAST_WINDOW_CLOSE, "0");
    SDL_SetHint(SDL_HINT_RENDER_SCALE_QUALITY, "1");
    if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_EVENTS | SDL_INIT_TIMER) != 0) {
        fprintf(stderr, "wz-kiosk: cannot start the display: %s\n", SDL_GetError());
        free(k->scenarios_dir);
        free(k->db_path);
        free(k->asset_dir);
        wz_script_free(k->script);
        wz_config_free(&k->cfg);
        free(k);
        return NULL;
    }
    k->clock_base = SDL_GetTicks64();
    phase("sdl-init");
    IMG_Init(IMG_INIT_PNG | IMG_INIT_JPG);
    TTF_Init();
    SDL_DisableScreenSaver();

    Uint32 flags = SDL_WINDOW_ALLOW_HIGHDPI | SDL_WINDOW_SHOWN;
    int w = opts->windowed_w, h = opts->windowed_h;
    int full = opts->fullscreen || w <= 0 || h <= 0;
    if (full) {
        flags |= SDL_WINDOW_FULLSCREEN_DESKTOP | SDL_WINDOW_BORDERLESS;
        if (w <= 0 || h <= 0) {
            w = 1920;
            h = 1080;
        }
    } else {
        flags |= SDL_WINDOW_RESIZABLE;
    }
    k->win = SDL_CreateWindow("Warning Zone", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, w, h,
                              flags);
    if (k->win) {
        k->ren = create_renderer(k->win);
    }
    phase("window");
    if (!k->win || !k->ren) {
        fprintf(stderr, "wz-kiosk: cannot open the window: %s\n", SDL_GetError());
        wz_kiosk_destroy(k);
        return NULL;
    }
    if (full) hide_cursor(k);

    char *reg = wz_path_join(k->asset_dir, "fonts/NotoSans-Regular.ttf");
    char *bold = wz_path_join(k->asset_dir, "fonts/NotoSans-Bold.ttf");
    char *icons = wz_path_join(k->asset_dir, "icons");
    k->draw = wz_draw_create(k->ren);
    k->text = wz_text_cache_create(k->ren, reg, bold);
    k->images = wz_image_cache_create(k->ren);
    k->frame = wz_frame_create(k->ren, k->draw, k->text, k->images, icons);
    k->warm_frame = wz_frame_create(k->ren, k->draw, k->text, k->images, icons);
    k->input = wz_input_create();
    free(reg);
    free(bold);
    free(icons);
    if (!k->text) {
        fprintf(stderr, "wz-kiosk: cannot open the fonts in %s/fonts: %s\n", k->asset_dir,
                TTF_GetError());
        wz_kiosk_destroy(k);
        return NULL;
    }
    const char *rot = getenv("WZ_TOUCH_ROTATE");
    if (rot && !k->script) wz_input_set_rotation(k->input, atoi(rot));

    phase("fonts");
    k->rec = k->db_path ? wz_recorder_create(k->db_path) : NULL;
    phase("database");
    if (k->rec) wz_recorder_set_retention(k->rec, k->cfg.retention_days); /* docs/privacy.md */
    /* Uploads run in their own thread with their own connection (NULL when no url). */
    if (k->db_path) k->upload = wz_upload_worker_start(&k->cfg, k->db_path, NULL);
    load_library(k);
    phase("library");
    wz_session_opts so = {
        .idle_timeout_ms = k->cfg.idle_timeout_s > 0 ? k->cfg.idle_timeout_s * 1000 : 90000,
        .idle_countdown_ms = k->cfg.idle_countdown_s > 0 ? k->cfg.idle_countdown_s * 1000 : 15000,
        .language = k->cfg.languages && *k->cfg.languages ? k->cfg.languages : "en"};
    char lang[16];
    snprintf(lang, sizeof lang, "%s", so.language);
    lang[strcspn(lang, ",; ")] = '\0';
    so.language = lang;
    k->session = wz_session_create(k->lib, &so, sink, k);
    wz_screens_install(k);
    update_geometry(k);
    k->seen_screen = (wz_screen_id)-1;
    k->dirty = 1;
    return k;
}

void wz_kiosk_destroy(wz_kiosk *k)
{
    if (!k) return;
    wz_session_destroy(k->session);
    wz_library_free(k->lib);
    wz_upload_worker_stop(k->upload, 2000); /* quitting waits at most 2 s for the network */
    wz_recorder_destroy(k->rec);
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
    wz_config_free(&k->cfg);
    free(k->scenarios_dir);
    free(k->db_path);
    free(k->asset_dir);
    free(k);
    TTF_Quit();
    IMG_Quit();
    SDL_Quit();
}

/* ---- frames ---- */

/* CPU time of this thread: what a touch costs, whatever else the machine is doing. */
static long long thread_cpu_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static long long process_rss_kb(void)
{
    FILE *f = fopen("/proc/self/status", "r");
    if (!f) return -1;
    char line[256];
    long long kb = -1;
    while (fgets(line, sizeof line, f))
        if (strncmp(line, "VmRSS:", 6) == 0) kb = atoll(line + 6);
    fclose(f);
    return kb;
}

static int save_shot(wz_kiosk *k, const char *name)
{
    const char *dir = k->opts.screenshot_dir ? k->opts.screenshot_dir : ".";
    mkdir(dir, 0755);
    char *file = wz_xasprintf("%s.png", name);
    char *path = wz_path_join(dir, file);
    free(file);
    SDL_Surface *s =
        SDL_CreateRGBSurfaceWithFormat(0, k->out_w, k->out_h, 32, SDL_PIXELFORMAT_ARGB8888);
    int rc = -1;
    if (s && SDL_RenderReadPixels(k->ren, NULL, SDL_PIXELFORMAT_ARGB8888, s->pixels, s->pitch) == 0)
        rc = IMG_SavePNG(s, path);
    if (rc != 0) fprintf(stderr, "wz-kiosk: cannot save %s: %s\n", path, SDL_GetError());
    SDL_FreeSurface(s);
    free(path);
    return rc;
}

static void report_layout(wz_kiosk *k, const char *report)
{
    const wz_script_cmd *c = k->script && k->pc > 0 ? &k->script->cmds[k->pc - 1] : NULL;
    if (c)
        fprintf(stderr, "%s:%d:%d: layout check failed on the %s screen (%dx%d):\n%s",
                k->script->file, c->line, c->column, wz_screen_name(wz_session_screen(k->session)),
                k->out_w, k->out_h, report);
    else
        fprintf(stderr, "wz-kiosk: layout check failed on the %s screen (%dx%d):\n%s",
                wz_screen_name(wz_session_screen(k->session)), k->out_w, k->out_h, report);
}

/* Rebuilds the frame from the session and draws it; saves a screenshot when shot. */
/* The theme for the screen; [kiosk] orientation can force one layout whatever the
 * screen's shape (docs/configuration.md). */
static void theme(const wz_kiosk *k, wz_theme *t, int easy)
{
    wz_theme_compute(t, k->out_w, k->out_h, easy);
    const char *o = k->cfg.orientation;
    if (o && strcmp(o, "portrait") == 0)
        t->portrait = 1;
    else if (o && strcmp(o, "landscape") == 0)
        t->portrait = 0;
}

/* ---- warming the caches while nobody is looking ---- */

/* The first touch after the attract screen must not wait for fonts to rasterise or
 * pictures to decode. While the kiosk idles on the attract screen, the picker, every
 * audience's menu and the first passage of each scenario are built (never drawn) into a
 * spare frame with a scratch session that records nothing: one build per loop turn,
 * between events, so a visitor's touch is never delayed by more than one build. */
typedef struct warm_job {
    int easy;
    unsigned band; /* 0: the picker */
    int item;      /* -1: the menu, otherwise that menu item's first passage */
} warm_job;

static int warm_jobs(wz_kiosk *k, warm_job *jobs, int max)
{
    static const unsigned bands[] = {WZ_AUD_8_11, WZ_AUD_12_15, WZ_AUD_16_PLUS, WZ_AUD_PARENTS};
    int n = 0;
    /* the screens every visitor meets first: the picker and the menus, both text sizes */
    for (int easy = 0; easy < 2 && n < max; easy++) {
        jobs[n++] = (warm_job){easy, 0, -1};
        for (size_t b = 0; b < WZ_ARRAY_LEN(bands) && n < max; b++)
            jobs[n++] = (warm_job){easy, bands[b], -1};
    }
    /* then each scenario's first passage (and its easy-read variant's), once each */
    wz_session_opts o = {0};
    wz_session *tmp = wz_session_create(k->lib, &o, NULL, NULL);
    const wz_scenario *seen[64];
    int nseen = 0;
    for (size_t b = 0; b < WZ_ARRAY_LEN(bands) && n < max; b++) {
        wz_session_pick_audience(tmp, bands[b], 0);
        for (int i = 0; i < wz_session_menu_count(tmp) && n + 1 < max && nseen < 64; i++) {
            const wz_scenario *sc = wz_session_menu_item(tmp, i);
            int dup = 0;
            for (int j = 0; j < nseen; j++)
                dup |= seen[j] == sc;
            if (dup) continue;
            seen[nseen++] = sc;
            jobs[n++] = (warm_job){0, bands[b], i};
            if (wz_library_easy_variant(k->lib, sc)) jobs[n++] = (warm_job){1, bands[b], i};
        }
    }
    wz_session_destroy(tmp);
    return n;
}

/* Builds (never draws) what scratch session tmp shows into the spare frame, so that its
 * texts and pictures are in the caches when the real session gets there. */
static void build_scratch(wz_kiosk *k, wz_session *tmp, int easy, long long now)
{
    wz_session *real = k->session;
    wz_frame *real_frame = k->frame;
    long long t0 = k->screen_t0;
    int skip = k->skip_anim, shown = k->shown_msgs;
    k->session = tmp;
    k->frame = k->warm_frame;
    k->skip_anim = 1;
    wz_ui ui = {0};
    ui.f = k->frame;
    theme(k, &ui.th, easy);
    wz_frame_begin(k->frame, k->out_w, k->out_h);
    wz_screen_id id = wz_session_screen(tmp);
    if (k->screens[id].build) k->screens[id].build(k, &ui, now);
    k->session = real;
    k->frame = real_frame;
    k->screen_t0 = t0;
    k->skip_anim = skip;
    k->shown_msgs = shown;
}

/* Runs the next warm-up build; returns 1 while more remain. */
static int warm_step(wz_kiosk *k, long long now)
{
    warm_job jobs[WZ_WARM_MAX];
    int n = warm_jobs(k, jobs, WZ_WARM_MAX);
    if (k->warm_next >= n) return 0;
    /* a budget: warming must never push out what a visitor will see, nor grow memory */
    size_t tb, ib;
    wz_text_cache_stats(k->text, NULL, &tb, NULL);
    wz_image_cache_stats(k->images, NULL, &ib);
    if (tb > WZ_TEXT_CACHE_MAX_BYTES / 2 || ib > WZ_IMAGE_CACHE_MAX_BYTES / 2) return 0;
    warm_job j = jobs[k->warm_next++];
    wz_session_opts o = {0};
    wz_session *tmp = wz_session_create(k->lib, &o, NULL, NULL);
    wz_session_wake(tmp, now);
    wz_session_set_easy_read(tmp, j.easy, now);
    if (j.band) wz_session_pick_audience(tmp, j.band, now);
    if (j.item >= 0) wz_session_play(tmp, j.item, now);
    build_scratch(k, tmp, j.easy, now);
    if (j.item >= 0 || !j.band) { /* Help from there: the scenario's, or the default */
        wz_session_open_help(tmp, now);
        build_scratch(k, tmp, j.easy, now);
    }
    wz_session_destroy(tmp);
    return k->warm_next < n;
}

/* A scratch session in the real one's state: same easy read, audience, scenario and
 * choices so far (replayed; a spot passage on the way is answered). NULL when the
 * state cannot be replayed. The caller destroys it. */
static wz_session *replay(wz_kiosk *k, long long now)
{
    wz_session_opts o = {0};
    wz_session *tmp = wz_session_create(k->lib, &o, NULL, NULL);
    wz_session_wake(tmp, now);
    wz_session_set_easy_read(tmp, wz_session_easy_read(k->session), now);
    unsigned aud = wz_session_audience(k->session);
    if (aud) wz_session_pick_audience(tmp, aud, now);
    const wz_story *st = wz_session_story(k->session);
    if (!st) return tmp;
    const int *hist = NULL, *taken = NULL;
    int ok = wz_story_history(st, &hist) < WZ_STORY_MAX_HISTORY; /* else it was cut */
    int nsteps = wz_story_choices_taken(st, &taken);
    ok = ok && wz_session_play_scenario(tmp, wz_session_scenario(k->session), now) == 0;
    for (int i = 0; ok && i < nsteps; i++) {
        const wz_passage *q = wz_session_passage(tmp);
        if (q && q->role == WZ_ROLE_SPOT) wz_session_spot_done(tmp, now);
        ok = wz_session_choose(tmp, taken[i], now) == 0;
    }
    if (!ok) {
        wz_session_destroy(tmp);
        return NULL;
    }
    return tmp;
}

/* While a visitor reads a screen, the screens its buttons lead to are prepared off
 * screen the same way: the picker's menus, the menu's first passages, a passage's
 * next passages (and a spot passage's answers), the ending's "play again". One build
 * per loop turn, only while nothing else is waiting. Returns 1 while more remain. */
static int ahead_step(wz_kiosk *k, long long now)
{
    static const unsigned bands[] = {WZ_AUD_8_11, WZ_AUD_12_15, WZ_AUD_16_PLUS, WZ_AUD_PARENTS};
    wz_screen_id on = wz_session_screen(k->session);
    int step = k->ahead_next++, more = 0;
    int easy = wz_session_easy_read(k->session);
    wz_session *tmp = replay(k, now);
    if (!tmp) return 0;
    int build = 0;
    if (on == WZ_SCREEN_PICKER && step < 4) {
        build = wz_session_pick_audience(tmp, bands[step], now) == 0;
        more = step + 1 < 4;
    } else if (on == WZ_SCREEN_MENU && step < wz_session_menu_count(tmp)) {
        build = wz_session_play(tmp, step, now) == 0;
        more = step + 1 < wz_session_menu_count(tmp);
    } else if (on == WZ_SCREEN_PLAYER) {
        const wz_passage *p = wz_session_passage(tmp);
        int spot = p && p->role == WZ_ROLE_SPOT;
        if (p && step <= p->nchoices && (step > 0 || spot)) {
            if (spot) wz_session_spot_done(tmp, now);
            build = step == 0 || wz_session_choose(tmp, step - 1, now) == 0;
        }
        more = p && step < p->nchoices;
    } else if (on == WZ_SCREEN_ENDING && step == 0) {
        build = wz_session_play_again(tmp, now) == 0;
    }
    if (build) build_scratch(k, tmp, easy, now);
    wz_session_destroy(tmp);
    return more;
}

static void frame(wz_kiosk *k, long long now, const char *shot)
{
    wz_session *s = k->session;
    wz_screen_id id = wz_session_screen(s);
    int serial = wz_session_passage_serial(s);
    int easy = wz_session_easy_read(s);
    int left = 0;
    int still = wz_session_still_there(s, now, &left);
    if (serial != k->seen_serial) { /* a new passage: its messages arrive afresh */
        k->ahead_next = 0;
        k->ahead_pending = 1;
        k->screen_t0 = now;
        k->skip_anim = 0;
        k->shown_msgs = 0;
    }
    if (id != k->seen_screen) {
        k->ahead_next = 0;
        k->ahead_pending = 1;
        wz_input_cancel(k->input);
        /* Help is a detour: coming back finds the screen scrolled where it was */
        if (id == WZ_SCREEN_HELP) k->saved_scroll = wz_frame_scroll_offset(k->frame);
        wz_frame_scroll_reset(k->frame);
        if (k->seen_screen == WZ_SCREEN_HELP && serial == k->seen_serial)
            wz_frame_scroll_set(k->frame, k->saved_scroll);
    } else if (serial != k->seen_serial) {
        wz_frame_scroll_reset(k->frame);
    }
    if (easy != k->seen_easy) { /* easy read changes every text size: prepare again */
        k->ahead_next = 0;
        k->ahead_pending = 1;
    }
    k->seen_screen = id;
    k->seen_serial = serial;
    k->seen_easy = easy;
    k->seen_still = still;

    wz_ui ui = {0};
    ui.f = k->frame;
    theme(k, &ui.th, easy);
    ui.pressed = wz_input_pressed(k->input, &ui.pressed_action, &ui.pressed_arg);
    ui.focused = wz_input_focus(k->input, &ui.focus_action, &ui.focus_arg);
    Uint64 t_build = SDL_GetPerformanceCounter();
    wz_frame_begin(k->frame, k->out_w, k->out_h);
    wz_frame_set_min_target(k->frame, wz_px(&ui.th, 64));
    if (k->screens[id].build) k->screens[id].build(k, &ui, now);
    if (id < WZ_SCREEN_ADMIN) wz_screen_more_below(k, &ui);
    if (still) wz_screen_still_there(k, &ui, now, left);

    Uint64 t_draw = SDL_GetPerformanceCounter();
    SDL_SetRenderDrawColor(k->ren, WZ_BG.r, WZ_BG.g, WZ_BG.b, 255);
    SDL_RenderClear(k->ren);
    wz_frame_draw(k->frame);
    if (shot) save_shot(k, shot);
    Uint64 t_present = SDL_GetPerformanceCounter();
    SDL_RenderPresent(k->ren);
    if (getenv("WZ_KIOSK_BENCH_VERBOSE")) {
        double f = 1000.0 / (double)SDL_GetPerformanceFrequency();
        fprintf(stderr, "bench: frame build %.2f draw %.2f present %.2f ms\n",
                (double)(t_draw - t_build) * f, (double)(t_present - t_draw) * f,
                (double)(SDL_GetPerformanceCounter() - t_present) * f);
    }
    k->frames++;
    if (k->pending_touch) {
        double ms = (double)(SDL_GetPerformanceCounter() - k->pending_touch) * 1000.0 /
                    (double)SDL_GetPerformanceFrequency();
        if (k->nlatency < WZ_LATENCY_MAX) {
            k->latency_cpu[k->nlatency] = (double)(thread_cpu_ns() - k->pending_touch_cpu) / 1e6;
            /* the same, from the event's own SDL timestamp (whole milliseconds) */
            k->latency_sdl[k->nlatency] = (double)(SDL_GetTicks() - k->pending_touch_ms);
            k->latency[k->nlatency++] = ms;
        }
        if (getenv("WZ_KIOSK_BENCH_VERBOSE"))
            fprintf(stderr, "bench: touch %.2f ms to the %s screen\n", ms, wz_screen_name(id));
        k->pending_touch = 0;
    }
    if (k->frames == 1 && k->bench) {
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        fprintf(stderr, "bench: first_frame_unix_ns=%lld\n",
                (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec);
    }
    k->dirty = 0;
    k->anim_at = k->screens[id].next_anim ? k->screens[id].next_anim(k, now) : -1;

    if (k->opts.check_layout) {
        char *report = NULL;
        if (wz_frame_check(k->frame, &report) > 0) {
            report_layout(k, report);
            k->layout_failures++;
        }
        free(report);
    }
}

/* ---- input ---- */

static void dispatch(wz_kiosk *k, int action, int arg, long long now)
{
    wz_session *s = k->session;
    k->dirty = 1;
    switch (action) {
    case WZ_ACT_HELP:
        wz_session_open_help(s, now);
        return;
    case WZ_ACT_HELP_CLOSE:
        wz_session_close_help(s, now);
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
    case WZ_ACT_SCROLL_MORE: {
        SDL_Rect vp;
        if (wz_frame_scroll_viewport(k->frame, &vp)) wz_frame_scroll_by(k->frame, vp.h * 2 / 3);
        return;
    }
    default:
        break;
    }
    wz_screen_id id = wz_session_screen(s);
    if (k->screens[id].action) k->screens[id].action(k, action, arg, now);
}

static void handle_event(wz_kiosk *k, const SDL_Event *ev)
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
    wz_input_result res = {0};
    int overlay = wz_session_still_there(k->session, now, NULL);
    if (!wz_input_handle(k->input, ev, k->frame, &res)) return;
    if (res.touch_used && !k->cursor_hidden) hide_cursor(k);
    /* While "Are you still there?" shows, only its controls (or a key) answer it. */
    if (res.activity && (!overlay || ev->type == SDL_KEYDOWN)) wz_session_touch(k->session, now);
    if (res.dirty) k->dirty = 1;
    if (res.back) {
        if (overlay)
            wz_session_touch(k->session, now);
        else if (wz_session_screen(k->session) == WZ_SCREEN_HELP)
            wz_session_close_help(k->session, now);
        else
            wz_session_back(k->session, now);
        k->dirty = 1;
    }
    if (res.activated) dispatch(k, res.action, res.arg, now);
}

/* ---- script mode ---- */

static void script_fail(wz_kiosk *k, const wz_script_cmd *c, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void script_fail(wz_kiosk *k, const wz_script_cmd *c, const char *fmt, ...)
{
    fprintf(stderr, "%s:%d:%d: ", k->script->file, c->line, c->column);
    va_list ap;
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    char *texts = wz_frame_texts(k->frame);
    fprintf(stderr, "\n  (on the %s screen; texts shown:)\n%s",
            wz_screen_name(wz_session_screen(k->session)), texts ? texts : "");
    fprintf(stderr, "  controls:");
    for (int i = 0; i < wz_frame_control_count(k->frame); i++)
        fprintf(stderr, " \"%s\"", wz_frame_control_at(k->frame, i)->label);
    fprintf(stderr, "\n");
    free(texts);
    wz_kiosk_request_quit(k, 1);
}

/* One finger event at pixel (x, y), through the same input layer as a real finger. */
static void synth_finger(wz_kiosk *k, Uint32 type, int x, int y)
{
    SDL_Event ev;
    memset(&ev, 0, sizeof ev);
    ev.type = type;
    ev.tfinger.timestamp = SDL_GetTicks();
    ev.tfinger.touchId = 1;
    ev.tfinger.fingerId = 1;
    ev.tfinger.x = ((float)x + 0.5f) / (float)k->out_w;
    ev.tfinger.y = ((float)y + 0.5f) / (float)k->out_h;
    ev.tfinger.pressure = type == SDL_FINGERUP ? 0.0f : 1.0f;
    if (type == SDL_FINGERUP) {
        k->pending_touch = SDL_GetPerformanceCounter();
        k->pending_touch_cpu = thread_cpu_ns();
        k->pending_touch_ms = ev.tfinger.timestamp;
    }
    handle_event(k, &ev);
}

/* A tap exactly as a finger makes it: down, a frame showing the press, then up. */
static void synth_tap(wz_kiosk *k, int x, int y)
{
    synth_finger(k, SDL_FINGERDOWN, x, y);
    if (k->dirty) frame(k, wz_kiosk_now(k), NULL);
    synth_finger(k, SDL_FINGERUP, x, y);
    k->dirty = 1;
}

/* The end of a `hold`: a frame showing the finger still down at the time reached (what
 * the loop would draw for a real finger then), then the finger up where it went down. */
static void hold_release(wz_kiosk *k)
{
    k->holding = 0;
    frame(k, wz_kiosk_now(k), NULL);
    synth_finger(k, SDL_FINGERUP, k->hold_x, k->hold_y);
    k->dirty = 1;
}

static void script_step(wz_kiosk *k)
{
    if (k->holding) { /* a hold's time has passed: lift the finger first */
        hold_release(k);
        return;
    }
    if (k->pc >= k->script->count) {
        wz_kiosk_request_quit(k, k->layout_failures ? 1 : 0);
        return;
    }
    const wz_script_cmd *c = &k->script->cmds[k->pc++];
    long long now = wz_kiosk_now(k);
    switch (c->op) {
    case WZ_SCRIPT_TAP_XY:
        synth_tap(k, WZ_MIN((int)(c->x * k->out_w), k->out_w - 1),
                  WZ_MIN((int)(c->y * k->out_h), k->out_h - 1));
        break;
    case WZ_SCRIPT_TAP_LABEL: {
        const wz_control *ctl = wz_frame_find(k->frame, c->text);
        if (ctl && wz_frame_reveal(k->frame, ctl)) {
            /* scrolled into view first, like a visitor would */
            frame(k, now, NULL);
            ctl = wz_frame_find(k->frame, c->text);
        }
        if (!ctl) {
            script_fail(k, c, "no control labelled \"%s\" on the screen", c->text);
            return;
        }
        SDL_Rect r = wz_frame_screen_rect(k->frame, ctl);
        synth_tap(k, r.x + r.w / 2, r.y + r.h / 2);
        break;
    }
    case WZ_SCRIPT_HOLD:
        /* down now; the loop runs (frames, deadlines) while the time passes, and the next
         * step lifts the finger */
        k->hold_x = WZ_MIN((int)(c->x * k->out_w), k->out_w - 1);
        k->hold_y = WZ_MIN((int)(c->y * k->out_h), k->out_h - 1);
        synth_finger(k, SDL_FINGERDOWN, k->hold_x, k->hold_y);
        frame(k, now, NULL);
        k->holding = 1;
        if (k->opts.fake_clock)
            k->fake_now += c->ms;
        else
            k->wait_until = now + c->ms;
        break;
    case WZ_SCRIPT_WAIT:
        if (k->opts.fake_clock)
            k->fake_now += c->ms;
        else
            k->wait_until = now + c->ms;
        break;
    case WZ_SCRIPT_IDLE:
        k->offset += c->ms;
        break;
    case WZ_SCRIPT_SHOT:
        frame(k, now, c->text);
        break;
    case WZ_SCRIPT_EXPECT:
        if (!wz_frame_has_text(k->frame, c->text))
            script_fail(k, c, "expected \"%s\" on the screen", c->text);
        break;
    case WZ_SCRIPT_QUIT:
        wz_kiosk_request_quit(k, k->layout_failures ? 1 : 0);
        break;
    }
}

static double percentile(double *v, int n, double p)
{
    if (n <= 0) return 0;
    for (int i = 1; i < n; i++) /* insertion sort: a few hundred samples */
        for (int j = i; j > 0 && v[j - 1] > v[j]; j--) {
            double t = v[j];
            v[j] = v[j - 1];
            v[j - 1] = t;
        }
    int i = (int)(p * (double)(n - 1) + 0.5);
    return v[WZ_MIN(i, n - 1)];
}

/* ---- the loop ---- */

static long long min_deadline(long long a, long long b)
{
    if (a < 0) return b;
    if (b < 0) return a;
    return a < b ? a : b;
}

int wz_kiosk_run(wz_kiosk *k)
{
    long long now = wz_kiosk_now(k);
    k->next_library_check = now + WZ_LIBRARY_CHECK_MS;
    k->next_flush = now + WZ_FLUSH_MS;
    frame(k, now, NULL);
    while (!k->quit) {
        now = wz_kiosk_now(k);
        int script_ready = k->script && (k->opts.fake_clock || k->wait_until <= now);
        long long timeout;
        wz_screen_id on = wz_session_screen(k->session);
        int quiet = !script_ready && !k->dirty;
        if (quiet && k->warm_pending && on == WZ_SCREEN_ATTRACT) {
            k->warm_pending = warm_step(k, now);
            timeout = 0;
        } else if (quiet && k->ahead_pending && on < WZ_SCREEN_HELP) {
            k->ahead_pending = ahead_step(k, now);
            timeout = 0;
        } else if (k->dirty || script_ready) {
            timeout = 0;
        } else {
            long long at = -1;
            long long idle = wz_session_next_deadline(k->session, now);
            if (idle >= 0) at = now + idle;
            at = min_deadline(at, k->anim_at);
            at = min_deadline(at, k->next_flush);
            if (wz_session_screen(k->session) == WZ_SCREEN_ATTRACT ||
                wz_session_screen(k->session) == WZ_SCREEN_EMPTY)
                at = min_deadline(at, k->next_library_check);
            if (k->script && !k->opts.fake_clock) at = min_deadline(at, k->wait_until);
            timeout = at < 0 ? WZ_MAX_WAIT_MS : WZ_MIN(WZ_MAX(at - now, 0), WZ_MAX_WAIT_MS);
        }
        SDL_Event ev;
        /* 0 means timeout or error alike (pitfall 11): just recompute the deadlines */
        if (timeout > 0 && SDL_WaitEventTimeout(&ev, (int)timeout)) handle_event(k, &ev);
        while (!k->quit && SDL_PollEvent(&ev))
            handle_event(k, &ev);
        if (k->quit) break;

        now = wz_kiosk_now(k);
        if (wz_session_tick(k->session, now)) k->dirty = 1;
        int left = 0;
        if (wz_session_still_there(k->session, now, &left) != k->seen_still) k->dirty = 1;
        if (k->seen_still) k->dirty = 1; /* the countdown's second changed (woken for it) */
        if (k->anim_at >= 0 && now >= k->anim_at) k->dirty = 1;
        if (now >= k->next_flush) {
            if (k->rec && wz_recorder_pending(k->rec) > 0) wz_recorder_flush(k->rec);
            k->next_flush = now + WZ_FLUSH_MS;
        }
        if (now >= k->next_library_check) {
            k->next_library_check = now + WZ_LIBRARY_CHECK_MS;
            wz_screen_id id = wz_session_screen(k->session);
            if ((id == WZ_SCREEN_ATTRACT || id == WZ_SCREEN_EMPTY) &&
                wz_library_scan_signature(k->scenarios_dir) != k->lib_signature) {
                load_library(k);
                k->dirty = 1;
            }
        }
        if (k->dirty) frame(k, now, NULL);
        if (k->script && !k->quit && (k->opts.fake_clock || k->wait_until <= wz_kiosk_now(k)))
            script_step(k);
    }
    if (k->script && k->bench) {
        double p50 = percentile(k->latency, k->nlatency, 0.50);
        double p99 = percentile(k->latency, k->nlatency, 0.99);
        double max = k->nlatency ? k->latency[k->nlatency - 1] : 0;
        fprintf(stderr, "bench: touches=%d touch_to_frame_ms_p50=%.2f p99=%.2f max=%.2f\n",
                k->nlatency, p50, p99, max);
        double c50 = percentile(k->latency_cpu, k->nlatency, 0.50);
        double c99 = percentile(k->latency_cpu, k->nlatency, 0.99);
        fprintf(stderr, "bench: touch_to_frame_cpu_ms_p50=%.2f p99=%.2f (this thread's CPU time)\n",
                c50, c99);
        fprintf(stderr, "bench: touch_to_frame_sdl_ms_p99=%.0f (from the events' SDL timestamps)\n",
                percentile(k->latency_sdl, k->nlatency, 0.99));
        int tn, in;
        size_t tb, ib;
        wz_text_cache_stats(k->text, &tn, &tb, NULL);
        wz_image_cache_stats(k->images, &in, &ib);
        fprintf(
            stderr,
            "bench: frames=%ld rss_kb=%lld (text cache %d entries %zu kB, pictures %d %zu kB)\n",
            k->frames, process_rss_kb(), tn, tb / 1024, in, ib / 1024);
    }
    if (k->layout_failures && k->exit_code == 0) k->exit_code = 1;
    return k->exit_code;
}

/*
 * wz_kiosk_int: the kiosk's own state, shared by its files (wz_kiosk*.c) and nothing else.
 *
 * wz_kiosk.c holds the loop and dispatch; wz_kiosk_window.c SDL's start and the window;
 * wz_kiosk_frame.c one frame; wz_kiosk_script.c the script mode; wz_kiosk_soak.c the soak;
 * wz_kiosk_warm.c the cache warm-up and look-ahead; wz_kiosk_bench.c the measurements. Screens see
 * only a wz_screen_ctx (wz_screens.h).
 */
#ifndef WZ_KIOSK_INT_H
#define WZ_KIOSK_INT_H

#include <SDL.h>

#include "wz_app.h"
#include "wz_draw.h"
#include "wz_frame.h"
#include "wz_image.h"
#include "wz_input.h"
#include "wz_kiosk.h"
#include "wz_screens.h"
#include "wz_script.h"
#include "wz_text.h"
#include "wz_widgets.h"

typedef struct wz_kiosk_bench wz_kiosk_bench;
typedef struct wz_kiosk_soak wz_kiosk_soak;
typedef struct wz_kiosk_surface wz_kiosk_surface;

struct wz_kiosk {
    wz_kiosk_opts opts;
    wz_app *app;
    char *asset_dir;
    SDL_Window *win;
    SDL_Renderer *ren;
    wz_draw *draw;
    wz_text_cache *text;
    wz_image_cache *images;
    wz_frame *frame;
    wz_input *input;
    wz_screen_ctx ctx; /* what the screens see */
    wz_screen_def screens[WZ_SCREEN_COUNT];
    long long app_at;  /* the app's next deadline */
    long long load_at; /* when the library starts loading; -1: it has */
    int out_w, out_h;
    int dirty, quit, exit_code;
    int cursor_hidden;
    SDL_Cursor *blank_cursor;
    int software; /* SDL's software renderer: frames redraw only what changed */
    /* the window surface made ready on threads while the first frame is built */
    wz_kiosk_surface *surface;
    /* clock */
    Uint64 clock_base;
    long long fake_now, offset;
    /* what the last frame showed, to notice changes */
    wz_screen_id seen_screen;
    int seen_serial, seen_easy, seen_still, seen_library;
    char seen_language[36]; /* the visit's language the kiosk's words and text are set to */
    int seen_look;          /* text size and colours of the last frame (look_of) */
    int text_panel;         /* the "Aa" panel is open */
    long long anim_at;
    int saved_scroll; /* scroll offset of the screen Help was opened from */
    /* cache warm-up on the attract screen, and the screens the current choices lead to */
    wz_frame *warm_frame;
    int warm_next, warm_pending;
    int ahead_next, ahead_pending;
    /* script mode */
    wz_script *script;
    int pc;
    long long wait_until;
    int layout_failures;
    int holding; /* `hold`: the finger is down at (hold_x, hold_y) until the next step */
    int hold_x, hold_y;
    wz_kiosk_bench *bench; /* NULL unless WZ_KIOSK_BENCH or WZ_KIOSK_BENCH_VERBOSE is set */
    wz_kiosk_soak *soak;   /* soak mode, NULL otherwise */
    /* narration (wz_kiosk_audio.c): NULL when off or there is no sound device */
    struct wz_audio *audio;
    struct wz_narration *narration;
    int audio_opened;   /* [audio] was read (once the library is in place) */
    long long audio_at; /* narration's next deadline, -1: none */
};

/* wz_kiosk.c */
long long wz_kiosk_now(const wz_kiosk *k); /* fake or real, plus any `idle` shifts */
void wz_kiosk_handle_event(wz_kiosk *k, const SDL_Event *ev);
/* Waits until the app has its library (wz_app_wait_loaded) and notices it. */
void wz_kiosk_wait_loaded(wz_kiosk *k);

/* wz_kiosk_window.c: SDL_Init with the kiosk's hints; the window (full screen unless
 * --windowed) and its renderer, sets k->win, k->ren, k->software. Each returns -1 after
 * printing why it failed. */
int wz_kiosk_init_sdl(void);
int wz_kiosk_open_window(wz_kiosk *k);
void wz_kiosk_hide_cursor(wz_kiosk *k); /* the pointer off the screen, on every backend */

/* wz_kiosk_surface.c: the software renderer's window surface made ready on threads while
 * the first frame is built (wz_kiosk_open_window starts them). The first draw waits until
 * the surface is filled; the first present, and the renderer's end, until both threads
 * are done. Each does nothing once they are. */
void wz_kiosk_surface_start(wz_kiosk *k);
void wz_kiosk_surface_filled(wz_kiosk *k);
void wz_kiosk_surface_ready(wz_kiosk *k);

/* wz_kiosk_frame.c: rebuilds the frame from the state and draws it (saving a screenshot
 * NAME.png when shot is not NULL); the theme of a frame at the window's size. */
void wz_kiosk_frame(wz_kiosk *k, long long now, const char *shot);
void wz_kiosk_frame_theme(const wz_kiosk *k, wz_theme *t, int easy);

/* wz_kiosk_script.c: runs the next command (one per loop turn); saves the screen as
 * NAME.png in the screenshot folder; says where a frame broke the layout rules. */
void wz_kiosk_script_step(wz_kiosk *k);
/* Taps control ctl of the frame on screen as a finger would, scrolled into view first.
 * Returns -1 (nothing tapped) when it is not there after scrolling or another control
 * covers its middle. */
int wz_kiosk_tap_control(wz_kiosk *k, const wz_control *ctl, long long now);
int wz_kiosk_script_shot(wz_kiosk *k, const char *name);
void wz_kiosk_script_report_layout(wz_kiosk *k, const char *report);

/* wz_kiosk_soak.c: a seeded random visitor playing `visits` visits, one tap (or a walk
 * away) per loop turn; quits when done, writing its tally to tally_path (may be NULL). */
wz_kiosk_soak *wz_kiosk_soak_create(long visits, unsigned long long seed, const char *tally_path);
void wz_kiosk_soak_destroy(wz_kiosk_soak *s); /* accepts NULL */
void wz_kiosk_soak_step(wz_kiosk *k);

/* wz_kiosk_warm.c: one build per call while the kiosk is quiet; each returns 1 while
 * more remain. */
int wz_kiosk_warm_step(wz_kiosk *k, long long now);
int wz_kiosk_warm_ahead_step(wz_kiosk *k, long long now);

/* wz_kiosk_audio.c: after each loop turn's frame, what narration plays (opening the
 * sound device the first time the library is in place); returns its next deadline. */
long long wz_kiosk_audio_step(wz_kiosk *k, long long now);
void wz_kiosk_audio_close(wz_kiosk *k);

/* wz_kiosk_bench.c */
wz_kiosk_bench *wz_kiosk_bench_create(void);
void wz_kiosk_bench_destroy(wz_kiosk_bench *b); /* accepts NULL */
/* Where start-up time goes (WZ_KIOSK_BENCH_VERBOSE). */
void wz_kiosk_bench_phase(const char *what);
/* Memory and what the caches hold at a moment such as the warm-up's end (verbose). */
void wz_kiosk_bench_memory(const wz_kiosk_bench *b, const char *when, wz_text_cache *text,
                           wz_image_cache *images);
/* A finger went up at SDL time sdl_ms: the next frame presented ends its latency. */
void wz_kiosk_bench_touch(wz_kiosk_bench *b, Uint32 sdl_ms);
/* A frame: built from t_build, drawn from t_draw, presented from t_present (performance
 * counter) until now, showing screen. */
void wz_kiosk_bench_frame(wz_kiosk_bench *b, Uint64 t_build, Uint64 t_draw, Uint64 t_present,
                          const char *screen);
/* A frame was drawn in part (only what changed). */
void wz_kiosk_bench_partial(wz_kiosk_bench *b);
/* The summary at the end of a script (WZ_KIOSK_BENCH). */
void wz_kiosk_bench_report(wz_kiosk_bench *b, wz_text_cache *text, wz_image_cache *images);

#endif

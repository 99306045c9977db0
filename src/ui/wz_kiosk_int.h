/*
 * wz_kiosk_int: the kiosk's state as the screens see it (internal to src/ui).
 *
 * The screens are parts of one program sharing one window and one session, so they
 * read this struct directly; everything else uses wz_kiosk.h.
 */
#ifndef WZ_KIOSK_INT_H
#define WZ_KIOSK_INT_H

#include <SDL.h>

#include "wz_config.h"
#include "wz_draw.h"
#include "wz_recorder.h"
#include "wz_frame.h"
#include "wz_image.h"
#include "wz_input.h"
#include "wz_kiosk.h"
#include "wz_library.h"
#include "wz_script.h"
#include "wz_session.h"
#include "wz_text.h"
#include "wz_widgets.h"

typedef struct wz_screen_def {
    /* Emits the frame for the session's state at time now. */
    void (*build)(wz_kiosk *k, wz_ui *ui, long long now);
    /* A control of this screen was activated; returns 1 when it was handled. */
    int (*action)(wz_kiosk *k, int action, int arg, long long now);
    /* Absolute time (ms) of the next change it animates on its own, or -1. */
    long long (*next_anim)(wz_kiosk *k, long long now);
} wz_screen_def;

/* Installs a screen (the admin mode's hook). */
void wz_kiosk_set_screen(wz_kiosk *k, wz_screen_id id, const wz_screen_def *def);
/* The kiosk's clock in ms (fake or real, plus any `idle` shifts). */
long long wz_kiosk_now(const wz_kiosk *k);

#define WZ_LATENCY_MAX 4096
#define WZ_WARM_MAX 128

struct wz_kiosk {
    wz_kiosk_opts opts;
    wz_config cfg;
    char *scenarios_dir, *db_path, *asset_dir;
    SDL_Window *win;
    SDL_Renderer *ren;
    wz_draw *draw;
    wz_text_cache *text;
    wz_image_cache *images;
    wz_frame *frame;
    wz_input *input;
    wz_library *lib;
    long long lib_signature;
    long long next_library_check;
    wz_recorder *rec;
    struct wz_upload_worker *upload; /* NULL when uploads are off (src/net/wz_upload.h) */
    long long next_flush;
    wz_session *session;
    wz_screen_def screens[WZ_SCREEN_COUNT];
    int out_w, out_h;
    int dirty, quit, exit_code;
    int cursor_hidden;
    SDL_Cursor *blank_cursor;
    /* clock */
    Uint64 clock_base;
    long long fake_now, offset;
    /* what the last frame showed, to notice changes */
    wz_screen_id seen_screen;
    int seen_serial, seen_easy, seen_still;
    long long anim_at;
    long long screen_t0; /* when the current screen or passage appeared */
    int skip_anim;       /* player: every chat message shown at once */
    int shown_msgs;      /* player: messages on screen in the last frame */
    int saved_scroll;    /* scroll offset of the screen Help was opened from */
    /* cache warm-up on the attract screen */
    wz_frame *warm_frame;
    int warm_next, warm_pending;
    int ahead_next, ahead_pending; /* preparing the screens the current choices lead to */
    /* script mode */
    wz_script *script;
    int pc;
    long long wait_until;
    int layout_failures;
    int holding; /* `hold`: the finger is down at (hold_x, hold_y) until the next step */
    int hold_x, hold_y;
    /* measurements (printed in script mode when WZ_KIOSK_BENCH is set) */
    int bench;
    Uint64 pending_touch; /* performance counter at the finger-up not yet presented */
    Uint32 pending_touch_ms;
    long long pending_touch_cpu;
    double latency[WZ_LATENCY_MAX];
    double latency_cpu[WZ_LATENCY_MAX];
    double latency_sdl[WZ_LATENCY_MAX];
    int nlatency;
    long frames;
};

#endif

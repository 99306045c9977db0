/*
 * wz_kiosk: the kiosk program's window, main loop and screen table.
 *
 * The loop blocks in SDL_WaitEventTimeout until the next deadline (an animation step, the
 * idle timer, a countdown second), drains the queue and draws only when something changed,
 * for near-zero idle CPU. Input goes through wz_input against the controls of the frame on
 * screen; the screen showing handles a control's action, and the frame is rebuilt from the
 * session. What the kiosk does is a wz_app (src/app); this is only the screen.
 *
 * wz_kiosk_request_quit is the one way to leave the loop besides admin mode: nothing a
 * visitor can touch calls it (no close button, Escape means Back).
 */
#ifndef WZ_KIOSK_H
#define WZ_KIOSK_H

typedef struct wz_kiosk wz_kiosk;

typedef struct wz_kiosk_opts {
    const char *config_path;    /* NULL: defaults */
    const char *scenarios_dir;  /* overrides the config */
    const char *db_path;        /* overrides the config */
    int windowed_w, windowed_h; /* 0: fullscreen */
    int fullscreen;
    const char *script_path;
    const char *screenshot_dir;
    int fake_clock;
    int check_layout;      /* fail a script when a frame breaks the layout rules */
    const char *asset_dir; /* fonts/ and icons/ */
    /* soak mode: a seeded random visitor plays soak_visits visits on the fake clock, then
     * the kiosk quits, its tally of what it played written to soak_tally (may be NULL) */
    long soak_visits;
    unsigned long long soak_seed;
    const char *soak_tally;
    /* Share of visits with the knowledge check before the scenario; overrides the config.
     * Scripts get "0" (always after) unless they say, so that they stay deterministic. */
    const char *quiz_before;
} wz_kiosk_opts;

/* Returns NULL (after printing why) when SDL, the window or the fonts fail. */
wz_kiosk *wz_kiosk_create(const wz_kiosk_opts *opts);
/* Runs until quit is requested or the script ends. Returns the exit code: 0, or 1 when
 * a script expectation or layout check failed, 2 for a script error. */
int wz_kiosk_run(wz_kiosk *k);
void wz_kiosk_destroy(wz_kiosk *k); /* accepts NULL */

/* Leaves the loop after the current frame (admin mode, signals). */
void wz_kiosk_request_quit(wz_kiosk *k, int exit_code);

#endif

/*
 * wz_kiosk_warm: the first touch after the attract screen must not wait for fonts to
 * rasterise or pictures to decode.
 *
 * While the kiosk idles on the attract screen, what a visitor meets first is built (never
 * drawn) into a spare frame with a scratch session that records nothing: the picker, then
 * the audiences' menus, the easy-read ones, and the scenarios' first passages, in that
 * order, until WZ_WARM_BUDGET_BYTES of text and pictures are cached. A menu of a big
 * library holds several megabytes of text, so the budget, not the list, ends the warm-up
 * (about the picker and the first menu): memory at rest stays small however many
 * scenarios there are. While a visitor reads a screen, the screens its buttons lead to are
 * prepared the same way (the look-ahead), which covers the rest before it is needed. One
 * build per loop turn, between events, so a visitor's touch is never delayed by more than
 * one build. When the warm-up ends, the heap's free pages go back to the system.
 */
#include <malloc.h>
#include <stdlib.h>
#include <string.h>

#include "wz_kiosk_int.h"
#include "wz_util.h"

#define WZ_WARM_MAX 128
/* Text and pictures cached before the warm-up stops (a job may go past it). */
#define WZ_WARM_BUDGET_BYTES (6u * 1024u * 1024u)

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
    wz_session *tmp = wz_session_create(wz_app_library(k->app), &o, NULL, NULL);
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
            if (wz_library_easy_variant(wz_app_library(k->app), sc))
                jobs[n++] = (warm_job){1, bands[b], i};
        }
    }
    wz_session_destroy(tmp);
    return n;
}

/* Builds (never draws) what scratch session tmp shows into the spare frame, so that its
 * texts and pictures are in the caches when the real session gets there. */
static void build_scratch(wz_kiosk *k, wz_session *tmp, int easy, long long now)
{
    wz_screen_ctx sx = k->ctx; /* the real one is left as it is */
    sx.session = tmp;
    sx.frame = k->warm_frame;
    sx.skip_anim = 1;
    wz_ui ui = {0};
    ui.f = k->warm_frame;
    wz_kiosk_frame_theme(k, &ui.th, easy);
    wz_frame_begin(k->warm_frame, k->out_w, k->out_h);
    wz_screen_id id = wz_session_screen(tmp);
    if (k->screens[id].build) k->screens[id].build(&sx, &ui, now);
}

/* Runs the next warm-up build; returns 1 while more remain. */
int wz_kiosk_warm_step(wz_kiosk *k, long long now)
{
    warm_job jobs[WZ_WARM_MAX];
    int n = warm_jobs(k, jobs, WZ_WARM_MAX);
    if (k->warm_next >= n) return 0;
    /* a budget: warming must never push out what a visitor will see, nor grow memory */
    size_t tb, ib;
    wz_text_cache_stats(k->text, NULL, &tb, NULL);
    wz_image_cache_stats(k->images, NULL, &ib);
    if (tb + ib > WZ_WARM_BUDGET_BYTES) {
        malloc_trim(0); /* the scratch sessions' and the loading's garbage */
        return 0;
    }
    warm_job j = jobs[k->warm_next++];
    wz_session_opts o = {0};
    wz_session *tmp = wz_session_create(wz_app_library(k->app), &o, NULL, NULL);
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
    if (k->warm_next < n) return 1;
    malloc_trim(0);
    return 0;
}

/* A scratch session in the real one's state: same easy read, audience, scenario and
 * choices so far (replayed; a spot passage on the way is answered). NULL when the
 * state cannot be replayed. The caller destroys it. */
static wz_session *replay(wz_kiosk *k, long long now)
{
    wz_session_opts o = {0};
    wz_session *tmp = wz_session_create(wz_app_library(k->app), &o, NULL, NULL);
    wz_session_wake(tmp, now);
    wz_session_set_easy_read(tmp, wz_session_easy_read(k->ctx.session), now);
    unsigned aud = wz_session_audience(k->ctx.session);
    if (aud) wz_session_pick_audience(tmp, aud, now);
    const wz_story *st = wz_session_story(k->ctx.session);
    if (!st) return tmp;
    const int *hist = NULL, *taken = NULL;
    int ok = wz_story_history(st, &hist) < WZ_STORY_MAX_HISTORY; /* else it was cut */
    int nsteps = wz_story_choices_taken(st, &taken);
    ok = ok && wz_session_play_scenario(tmp, wz_session_scenario(k->ctx.session), now) == 0;
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
int wz_kiosk_warm_ahead_step(wz_kiosk *k, long long now)
{
    static const unsigned bands[] = {WZ_AUD_8_11, WZ_AUD_12_15, WZ_AUD_16_PLUS, WZ_AUD_PARENTS};
    wz_screen_id on = wz_session_screen(k->ctx.session);
    int step = k->ahead_next++, more = 0;
    int easy = wz_session_easy_read(k->ctx.session);
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

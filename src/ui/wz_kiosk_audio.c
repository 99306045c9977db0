/*
 * wz_kiosk_audio: the kiosk's narration. Reads [audio] once the library is in place (so
 * opening the sound device never delays the first frame), then, after each loop turn's
 * frame, tells wz_narration what is on screen: the passage of the player or ending screen
 * (with how many chat messages have arrived) or the scenario's help passage, under a
 * serial that changes whenever one of them appears anew. Audio off, or no device: one log
 * line, no speaker button, silence.
 */
#include <stdlib.h>
#include <string.h>

#include "wz_audio.h"
#include "wz_kiosk_int.h"
#include "wz_log.h"
#include "wz_narration.h"

static void open_audio(wz_kiosk *k)
{
    const wz_config *cfg = wz_app_config(k->app);
    k->audio_opened = 1;
    if (cfg->audio_narration && strcmp(cfg->audio_narration, "off") == 0) {
        wz_log_info("narration", "off in the configuration ([audio] narration = off)");
        return;
    }
    char *err = NULL;
    k->audio = wz_audio_open(cfg->audio_volume, &err);
    if (!k->audio) {
        wz_log_warn("narration", "%s; scenarios play without sound", err ? err : "no sound");
        free(err);
        return;
    }
    wz_narration_auto mode = WZ_NARRATION_AUTO_EASY_READ;
    wz_narration_auto_parse(cfg->audio_autoplay, &mode);
    wz_narration_out out = {wz_audio_play, wz_audio_stop, k->audio};
    k->narration = wz_narration_create(&out, mode);
    k->ctx.narration = k->narration;
    wz_log_info("narration", "on, volume %d%%, plays by itself %s", cfg->audio_volume,
                mode == WZ_NARRATION_AUTO_ALWAYS      ? "always"
                : mode == WZ_NARRATION_AUTO_EASY_READ ? "in easy read"
                                                      : "never");
}

/* What is on screen for narration. */
static void on_screen(wz_kiosk *k, long long now, wz_narration_view *v)
{
    wz_session *s = wz_app_session(k->app);
    wz_screen_id id = wz_session_screen(s);
    const wz_scenario *sc = wz_session_scenario(s);
    const wz_story *st = wz_session_story(s);
    memset(v, 0, sizeof *v);
    v->easy_read = wz_session_easy_read(s);
    v->serial = (long long)wz_session_passage_serial(s) * WZ_SCREEN_COUNT + id;
    if (!sc || !st) return;
    if (id == WZ_SCREEN_PLAYER || id == WZ_SCREEN_ENDING) {
        const wz_passage *p = wz_session_passage(s);
        if (!p) return;
        v->sc = sc;
        v->passage = wz_story_current_index(st);
        v->flags = wz_story_flags(st);
        v->shown = id == WZ_SCREEN_PLAYER ? wz_screen_player_shown(&k->ctx, p, now) : p->nparts;
    } else if (id == WZ_SCREEN_HELP && sc->help_index >= 0 && wz_session_help_passage(s)) {
        v->sc = sc;
        v->passage = sc->help_index;
        v->shown = sc->passages[sc->help_index].nparts;
    }
}

long long wz_kiosk_audio_step(wz_kiosk *k, long long now)
{
    if (!k->audio_opened) {
        if (!wz_app_loaded(k->app)) return -1;
        open_audio(k);
    }
    if (!k->narration) return -1;
    wz_narration_view v;
    on_screen(k, now, &v);
    return wz_narration_update(k->narration, &v, now);
}

void wz_kiosk_audio_close(wz_kiosk *k)
{
    wz_narration_destroy(k->narration);
    k->narration = NULL;
    k->ctx.narration = NULL;
    wz_audio_close(k->audio);
    k->audio = NULL;
}

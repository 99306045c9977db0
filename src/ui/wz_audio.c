/*
 * wz_audio: SDL2_mixer's "music" channel holds the one clip playing: Mix_LoadMUS_RW reads
 * the headers and Mix_PlayMusic hands the stream to the mixer's audio thread, which
 * decodes as it plays, so a clip starts without decoding it first on the UI thread (the
 * time it takes is logged at debug level; docs/narration.md gives the figures).
 */
#include "wz_audio.h"

#include <SDL.h>
#include <SDL_mixer.h>
#include <stdlib.h>

#include "wz_log.h"
#include "wz_util.h"

struct wz_audio {
    Mix_Music *music; /* the clip playing or last played, NULL when none */
};

wz_audio *wz_audio_open(int volume, char **err)
{
    if (SDL_InitSubSystem(SDL_INIT_AUDIO) != 0) {
        if (err) *err = wz_xasprintf("no sound system (%s)", SDL_GetError());
        return NULL;
    }
    Mix_Init(MIX_INIT_OGG);
    if (Mix_OpenAudio(44100, AUDIO_S16SYS, 2, 2048) != 0) {
        if (err) *err = wz_xasprintf("no sound device (%s)", Mix_GetError());
        Mix_Quit();
        SDL_QuitSubSystem(SDL_INIT_AUDIO);
        return NULL;
    }
    Mix_VolumeMusic(WZ_MIN(WZ_MAX(volume, 0), 100) * MIX_MAX_VOLUME / 100);
    return wz_xcalloc(1, sizeof(wz_audio));
}

static void release(wz_audio *a)
{
    if (!a->music) return;
    Mix_HaltMusic();
    Mix_FreeMusic(a->music);
    a->music = NULL;
}

void wz_audio_close(wz_audio *a)
{
    if (!a) return;
    release(a);
    Mix_CloseAudio();
    Mix_Quit();
    SDL_QuitSubSystem(SDL_INIT_AUDIO);
    free(a);
}

int wz_audio_play(void *ctx, const char *path, char **err)
{
    wz_audio *a = ctx;
    Uint64 t0 = SDL_GetPerformanceCounter();
    release(a);
    SDL_RWops *rw = SDL_RWFromFile(path, "rb");
    a->music = rw ? Mix_LoadMUS_RW(rw, 1) : NULL;
    if (!a->music || Mix_PlayMusic(a->music, 0) != 0) {
        if (err) *err = wz_xasprintf("the sound could not be started: %s", Mix_GetError());
        release(a);
        return -1;
    }
    double ms =
        (double)(SDL_GetPerformanceCounter() - t0) * 1000.0 / (double)SDL_GetPerformanceFrequency();
    wz_log_debug("narration", "started in %.2f ms", ms);
    return 0;
}

void wz_audio_stop(void *ctx)
{
    release(ctx);
}

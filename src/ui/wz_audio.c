/*
 * wz_audio: SDL2_mixer's "music" channel holds the one clip playing: Mix_LoadMUS_RW reads
 * the headers and Mix_PlayMusic hands the stream to the mixer's audio thread, which
 * decodes as it plays, so a clip starts without decoding it first on the UI thread (the
 * time it takes is logged at debug level; docs/narration.md gives the figures).
 * SDL2_mixer itself is opened here, with the device (wz_dynlib), not by the loader at
 * start: it brings some thirty libraries (decoders, sound servers) the first frame does
 * not need. Its functions are called through the table `mix`.
 */
#include "wz_audio.h"

#include <SDL.h>
#include <SDL_mixer.h>
#include <stdlib.h>

#include "wz_dynlib.h"
#include "wz_log.h"
#include "wz_util.h"

#ifndef WZ_MIXER_SONAME
#define WZ_MIXER_SONAME "libSDL2_mixer-2.0.so.0"
#endif

/* The SDL2_mixer functions used, filled by load_mixer (on the UI thread only). */
static struct {
    int (*init)(int flags);
    void (*quit)(void);
    int (*open_audio)(int frequency, Uint16 format, int channels, int chunksize);
    void (*close_audio)(void);
    int (*volume_music)(int volume);
    Mix_Music *(*load_mus_rw)(SDL_RWops *src, int freesrc);
    int (*play_music)(Mix_Music *music, int loops);
    int (*halt_music)(void);
    void (*free_music)(Mix_Music *music);
} mix;

static int load_mixer(char **err)
{
    const wz_dynlib_sym syms[] = {
        {"Mix_Init", (void **)&mix.init},
        {"Mix_Quit", (void **)&mix.quit},
        {"Mix_OpenAudio", (void **)&mix.open_audio},
        {"Mix_CloseAudio", (void **)&mix.close_audio},
        {"Mix_VolumeMusic", (void **)&mix.volume_music},
        {"Mix_LoadMUS_RW", (void **)&mix.load_mus_rw},
        {"Mix_PlayMusic", (void **)&mix.play_music},
        {"Mix_HaltMusic", (void **)&mix.halt_music},
        {"Mix_FreeMusic", (void **)&mix.free_music},
    };
    return mix.init ? 0 : wz_dynlib_load(WZ_MIXER_SONAME, syms, sizeof syms / sizeof syms[0], err);
}

struct wz_audio {
    Mix_Music *music; /* the clip playing or last played, NULL when none */
};

wz_audio *wz_audio_open(int volume, char **err)
{
    if (load_mixer(err) < 0) return NULL;
    if (SDL_InitSubSystem(SDL_INIT_AUDIO) != 0) {
        if (err) *err = wz_xasprintf("no sound system (%s)", SDL_GetError());
        return NULL;
    }
    mix.init(MIX_INIT_OGG);
    if (mix.open_audio(44100, AUDIO_S16SYS, 2, 2048) != 0) {
        if (err) *err = wz_xasprintf("no sound device (%s)", Mix_GetError());
        mix.quit();
        SDL_QuitSubSystem(SDL_INIT_AUDIO);
        return NULL;
    }
    mix.volume_music(WZ_MIN(WZ_MAX(volume, 0), 100) * MIX_MAX_VOLUME / 100);
    return wz_xcalloc(1, sizeof(wz_audio));
}

static void release(wz_audio *a)
{
    if (!a->music) return;
    mix.halt_music();
    mix.free_music(a->music);
    a->music = NULL;
}

void wz_audio_close(wz_audio *a)
{
    if (!a) return;
    release(a);
    mix.close_audio();
    mix.quit();
    SDL_QuitSubSystem(SDL_INIT_AUDIO);
    free(a);
}

int wz_audio_play(void *ctx, const char *path, char **err)
{
    wz_audio *a = ctx;
    Uint64 t0 = SDL_GetPerformanceCounter();
    release(a);
    SDL_RWops *rw = SDL_RWFromFile(path, "rb");
    a->music = rw ? mix.load_mus_rw(rw, 1) : NULL;
    if (!a->music || mix.play_music(a->music, 0) != 0) {
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

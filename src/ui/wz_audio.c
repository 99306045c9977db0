/*
 * wz_audio: narration on SDL's own sound device. The one clip playing is decoded as it
 * plays, on SDL's audio thread: Ogg Vorbis by libvorbisfile from the file's bytes in
 * memory, WAV by SDL_LoadWAV_RW when the clip starts (both from the bytes wz_narration
 * read and probed, at most WZ_SOUND_MAX_BYTES). An
 * SDL_AudioStream converts each clip's rate and channels to the device's, and the volume
 * is applied as the samples are mixed in.
 *
 * Why not SDL2_mixer: for these two formats it brought FluidSynth, JACK, readline and
 * glib into the process (and a General MIDI soundfont onto the disc), 3.3 MB more memory
 * on a kiosk at rest. Starting a clip costs the UI thread the decoder's look at its
 * headers; the audio thread only ever sees a clip that is complete, swapped in and out
 * under the device's lock.
 */
#include "wz_audio.h"

#include <SDL.h>
#include <stdlib.h>
#include <string.h>
#include <vorbis/vorbisfile.h>

#include "wz_log.h"
#include "wz_sound.h"
#include "wz_util.h"

/* What the device plays: 44.1 kHz, 16-bit stereo (SDL converts to the hardware's). */
#define WZ_AUDIO_RATE 44100
#define WZ_AUDIO_FORMAT AUDIO_S16SYS
#define WZ_AUDIO_CHANNELS 2
#define WZ_AUDIO_SAMPLES 2048
#define WZ_AUDIO_CHUNK 4096 /* bytes decoded at a time */
/* Bytes handed to the converter at a time: SDL 2.26's stream drops the resampler's last
 * few milliseconds at the flush when every piece put was as large as its staging buffer. */
#define WZ_AUDIO_PUT 1024

typedef struct clip {
    unsigned char *data; /* the file's bytes (Ogg: read by vorbisfile as it decodes) */
    size_t len, pos;
    int ogg;
    OggVorbis_File vf;
    int section;           /* Ogg: the logical stream the format was read from */
    long long frames_left; /* Ogg: what the file's own length allows still to play */
    int frame;             /* bytes of one frame (a sample of every channel) as decoded */
    Uint8 *wav;            /* WAV: the samples, in the file's format */
    Uint32 wav_len, wav_pos;
    SDL_AudioStream *conv; /* the clip's format to the device's */
    int ended;             /* all decoded: what is left is in conv */
} clip;

struct wz_audio {
    SDL_AudioDeviceID dev; /* 0: no device (tests pull the samples themselves) */
    int volume;            /* 0..SDL_MIX_MAXVOLUME */
    clip *playing;         /* changed only with the device locked */
    Uint8 scratch[WZ_AUDIO_CHUNK];
};

/* ---- a clip ---- */

/* vorbisfile reads the file's bytes from memory through these. */
static size_t mem_read(void *ptr, size_t size, size_t n, void *src)
{
    clip *c = src;
    size_t want = size * n, left = c->len - c->pos;
    if (size == 0 || want / size != n) return 0;
    if (want > left) want = left - left % size;
    memcpy(ptr, c->data + c->pos, want);
    c->pos += want;
    return want / size;
}

static int mem_seek(void *src, ogg_int64_t off, int whence)
{
    clip *c = src;
    ogg_int64_t base = whence == SEEK_SET   ? 0
                       : whence == SEEK_CUR ? (ogg_int64_t)c->pos
                                            : (ogg_int64_t)c->len;
    if (off < -base || base + off > (ogg_int64_t)c->len) return -1;
    c->pos = (size_t)(base + off);
    return 0;
}

static long mem_tell(void *src)
{
    return (long)((clip *)src)->pos;
}

static void clip_free(clip *c)
{
    if (!c) return;
    if (c->ogg) ov_clear(&c->vf);
    if (c->wav) SDL_FreeWAV(c->wav);
    if (c->conv) SDL_FreeAudioStream(c->conv);
    free(c->data);
    free(c);
}

static int open_ogg(clip *c, char **err)
{
    ov_callbacks cb = {mem_read, mem_seek, NULL, mem_tell};
    int rc = ov_open_callbacks(c, &c->vf, NULL, 0, cb);
    if (rc != 0) return wz_fail(err, "the Ogg Vorbis decoder refused it (code %d)", rc);
    c->ogg = 1;
    vorbis_info *vi = ov_info(&c->vf, -1);
    c->section = 0; /* a seekable file starts at its first link, whose format this is */
    if (!vi || vi->channels < 1 || vi->rate < 1) return wz_fail(err, "it has no sound to play");
    if (vi->channels > 8) return wz_fail(err, "it has more than 8 channels");
    /* No longer than the length its last page gives (what the probe checked against the
     * limit): packets past it would otherwise decode for as long as the file lasts. */
    c->frames_left = ov_pcm_total(&c->vf, 0);
    if (c->frames_left < 0) return wz_fail(err, "its length cannot be read");
    c->frame = 2 * vi->channels;
    c->conv = SDL_NewAudioStream(AUDIO_S16LSB, (Uint8)vi->channels, (int)vi->rate, WZ_AUDIO_FORMAT,
                                 WZ_AUDIO_CHANNELS, WZ_AUDIO_RATE);
    return c->conv ? 0 : wz_fail(err, "%s", SDL_GetError());
}

static int open_wav(clip *c, char **err)
{
    SDL_AudioSpec spec;
    SDL_RWops *rw = SDL_RWFromConstMem(c->data, (int)c->len);
    if (!rw || !SDL_LoadWAV_RW(rw, 1, &spec, &c->wav, &c->wav_len))
        return wz_fail(err, "the WAV file could not be read (%s)", SDL_GetError());
    free(c->data); /* the samples are in c->wav now */
    c->data = NULL;
    c->frame = SDL_AUDIO_BITSIZE(spec.format) / 8 * spec.channels;
    if (c->frame < 1) return wz_fail(err, "the WAV file has no sound to play");
    c->conv = SDL_NewAudioStream(spec.format, spec.channels, spec.freq, WZ_AUDIO_FORMAT,
                                 WZ_AUDIO_CHANNELS, WZ_AUDIO_RATE);
    return c->conv ? 0 : wz_fail(err, "%s", SDL_GetError());
}

/* A clip of the file's bytes (taken over), probed as info. */
static clip *clip_open(char *data, size_t len, const wz_sound_info *info, char **err)
{
    clip *c = wz_xcalloc(1, sizeof *c);
    c->data = (unsigned char *)data;
    c->len = len;
    int rc = info->format == WZ_SOUND_OGG_VORBIS ? open_ogg(c, err) : open_wav(c, err);
    if (rc == 0) return c;
    clip_free(c);
    return NULL;
}

/* Hands n decoded bytes to the converter, in pieces of whole frames. */
static int put(clip *c, const Uint8 *buf, int n)
{
    int piece = WZ_MAX(WZ_AUDIO_PUT - WZ_AUDIO_PUT % c->frame, c->frame);
    for (int at = 0; at < n; at += piece)
        if (SDL_AudioStreamPut(c->conv, buf + at, WZ_MIN(piece, n - at)) != 0) return -1;
    return 0;
}

/* Decodes the next piece into conv; sets ended (and flushes) at the end of the sound: the
 * end of the data, the file's own length, or where a chained Ogg file goes on to another
 * link (narration is one stream, and the probe's length counts only the first). */
static void decode_some(clip *c, Uint8 *buf)
{
    /* whole frames only: the converter refuses a piece that ends inside one */
    int room = WZ_AUDIO_CHUNK - WZ_AUDIO_CHUNK % c->frame;
    long n = 0;
    if (c->ogg) {
        int section = c->section;
        n = ov_read(&c->vf, (char *)buf, room, 0, 2, 1, &section);
        if (n == OV_HOLE) return; /* a gap in the data: go on with what follows */
        if (n > 0 && section != c->section) n = 0;
        if (n > 0) {
            long long frames = WZ_MIN((long long)n / c->frame, c->frames_left);
            c->frames_left -= frames;
            n = (long)(frames * c->frame);
        }
    } else {
        n = (long)WZ_MIN((Uint32)room, c->wav_len - c->wav_pos);
        n -= n % c->frame;
        memcpy(buf, c->wav + c->wav_pos, (size_t)n);
        c->wav_pos += (Uint32)n;
    }
    if (n <= 0 || put(c, buf, (int)n) != 0) {
        c->ended = 1;
        SDL_AudioStreamFlush(c->conv);
    }
}

/* ---- the device ---- */

/* Mixes up to len bytes of the clip playing into out (which holds silence or more sound).
 * Returns how many bytes of sound it had. */
static int mix(wz_audio *a, Uint8 *out, int len)
{
    clip *c = a->playing;
    int done = 0;
    while (c && done < len) {
        int want = WZ_MIN(len - done, WZ_AUDIO_CHUNK);
        while (!c->ended && SDL_AudioStreamAvailable(c->conv) < want)
            decode_some(c, a->scratch);
        int got = SDL_AudioStreamGet(c->conv, a->scratch, want);
        if (got <= 0) break;
        SDL_MixAudioFormat(out + done, a->scratch, WZ_AUDIO_FORMAT, (Uint32)got, a->volume);
        done += got;
    }
    return done;
}

/* SDL's audio thread, with the device locked. */
static void fill(void *userdata, Uint8 *stream, int len)
{
    memset(stream, 0, (size_t)len);
    mix(userdata, stream, len);
}

static wz_audio *create(int volume)
{
    wz_audio *a = wz_xcalloc(1, sizeof *a);
    a->volume = WZ_MIN(WZ_MAX(volume, 0), 100) * SDL_MIX_MAXVOLUME / 100;
    return a;
}

wz_audio *wz_audio_open(int volume, char **err)
{
    if (SDL_InitSubSystem(SDL_INIT_AUDIO) != 0) {
        if (err) *err = wz_xasprintf("no sound system (%s)", SDL_GetError());
        return NULL;
    }
    wz_audio *a = create(volume);
    SDL_AudioSpec want = {0};
    want.freq = WZ_AUDIO_RATE;
    want.format = WZ_AUDIO_FORMAT;
    want.channels = WZ_AUDIO_CHANNELS;
    want.samples = WZ_AUDIO_SAMPLES;
    want.callback = fill;
    want.userdata = a;
    a->dev = SDL_OpenAudioDevice(NULL, 0, &want, NULL, 0); /* SDL converts to the hardware's */
    if (a->dev == 0) {
        if (err) *err = wz_xasprintf("no sound device (%s)", SDL_GetError());
        free(a);
        SDL_QuitSubSystem(SDL_INIT_AUDIO);
        return NULL;
    }
    SDL_PauseAudioDevice(a->dev, 0);
    return a;
}

wz_audio *wz_audio_open_unplugged(int volume)
{
    return create(volume);
}

int wz_audio_pull(wz_audio *a, unsigned char *out, int len)
{
    memset(out, 0, (size_t)len);
    return mix(a, out, len);
}

/* Makes c the clip playing (NULL: silence) and frees the one it replaces. */
static void swap_in(wz_audio *a, clip *c)
{
    if (a->dev) SDL_LockAudioDevice(a->dev);
    clip *old = a->playing;
    a->playing = c;
    if (a->dev) SDL_UnlockAudioDevice(a->dev);
    clip_free(old);
}

void wz_audio_close(wz_audio *a)
{
    if (!a) return;
    if (a->dev) {
        SDL_CloseAudioDevice(a->dev); /* the audio thread has ended when this returns */
        SDL_QuitSubSystem(SDL_INIT_AUDIO);
    }
    clip_free(a->playing);
    free(a);
}

int wz_audio_play(void *ctx, const char *path, char *data, size_t len, const wz_sound_info *info,
                  char **err)
{
    wz_audio *a = ctx;
    Uint64 t0 = SDL_GetPerformanceCounter();
    char *why = NULL;
    clip *c = clip_open(data, len, info, &why);
    if (!c) {
        swap_in(a, NULL); /* what played before stops all the same */
        if (err) *err = wz_xasprintf("the sound could not be started: %s", why);
        free(why);
        return -1;
    }
    swap_in(a, c);
    double ms =
        (double)(SDL_GetPerformanceCounter() - t0) * 1000.0 / (double)SDL_GetPerformanceFrequency();
    wz_log_debug("narration", "%s started in %.2f ms", path, ms);
    return 0;
}

void wz_audio_stop(void *ctx)
{
    swap_in(ctx, NULL);
}

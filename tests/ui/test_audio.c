/*
 * test_audio: narration's sound (wz_audio.h) without a loudspeaker. A device-less
 * wz_audio gives the samples the device would play. A 440 Hz tone, as Ogg Vorbis and as
 * WAVs written here (22.05 kHz mono, 48 kHz in 6 channels, 8-bit in 5), comes out for as
 * long as it lasts, at its level, with 440 rises a second on both channels alike (wrong
 * byte order, sign or channel count is noise, a square wave or silence). A recording plays
 * for as long as its probe says, and an Ogg file whose packets go on past its stated
 * length stops there. Volume 0 is silence of the same length; a new clip replaces the one
 * playing; stop, and bytes the decoder refuses, leave silence. Then the same with SDL's
 * dummy driver, whose audio thread decodes while the test plays and stops.
 */
#include <SDL.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wz_audio.h"
#include "wz_sound.h"
#include "wz_test.h"
#include "wz_util.h"

#define NARRATION WZ_SOURCE_DIR "/tests/app/data/narration/narration/"
#define SOUNDS WZ_SOURCE_DIR "/tests/ui/data/sound/"
#define BYTES_PER_MS (44100 * 4 / 1000.0)

/* What a clip played: its bytes, whether any sample was not zero, how many times the left
 * channel rose through zero, and whether the right channel always equalled the left. */
typedef struct played {
    long bytes;
    int loud, rises, same, maxdiff, peak;
} played;

static played pull_all(wz_audio *a)
{
    static unsigned char buf[8192];
    played p = {0, 0, 0, 1, 0, 0};
    int prev = 0;
    for (;;) {
        int got = wz_audio_pull(a, buf, (int)sizeof buf);
        for (int i = 0; i + 3 < got; i += 4) {
            Sint16 l, r;
            memcpy(&l, buf + i, 2);
            memcpy(&r, buf + i + 2, 2);
            p.loud |= l != 0 || r != 0;
            p.same &= abs(l - r) <= 2; /* a downmix rounds */
            p.maxdiff = WZ_MAX(p.maxdiff, abs(l - r));
            p.rises += prev < 0 && l >= 0;
            p.peak = WZ_MAX(p.peak, abs(l));
            prev = l;
        }
        p.bytes += got;
        if (got < (int)sizeof buf) return p;
    }
}

/* Reads and probes the file, as wz_narration does, and hands its bytes to the device. */
static int play(wz_audio *a, const char *path, char **err)
{
    char *data = NULL;
    size_t len = 0;
    wz_sound_info info;
    if (wz_sound_read_file(path, &data, &len, &info, err) != 0) return -1;
    return wz_audio_play(a, path, data, len, &info, err);
}

static long long probed_ms(const char *path)
{
    wz_sound_info info;
    char *err = NULL;
    if (wz_sound_check_file(path, &info, &err) != 0) {
        fprintf(stderr, "cannot probe %s: %s\n", path, err);
        free(err);
        return -1;
    }
    return info.ms;
}

/* Half a second of a 440 Hz tone at rate, in channels channels of bits-bit PCM (8 or 16). */
static void write_wav(const char *path, int rate, int channels, int bits)
{
    int n = rate / 2, bytes = bits / 8, frame = channels * bytes;
    Uint32 data = (Uint32)(n * frame), riff = 36 + data;
    unsigned char *f = wz_xcalloc(44 + data, 1);
    memcpy(f, "RIFF....WAVEfmt \x10\0\0\0\x01\0", 22);
    const Uint32 le[] = {riff,          (Uint32)channels, (Uint32)rate, (Uint32)(rate * frame),
                         (Uint32)frame, (Uint32)bits,     data};
    const int at[] = {4, 22, 24, 28, 32, 34, 40}, size[] = {4, 2, 4, 4, 2, 2, 4};
    memcpy(f + 36, "data", 4);
    for (int k = 0; k < 7; k++)
        for (int b = 0; b < size[k]; b++)
            f[at[k] + b] = (unsigned char)(le[k] >> (8 * b));
    for (int i = 0; i < n; i++) {
        double v = 0.3 * sin(2 * M_PI * 440.0 * i / rate);
        for (int c = 0; c < channels; c++) {
            unsigned char *s = f + 44 + (size_t)i * frame + (size_t)c * bytes;
            if (bits == 8) {
                s[0] = (unsigned char)(128 + (int)(127 * v));
            } else {
                Sint16 x = (Sint16)(32767 * v);
                s[0] = (unsigned char)(x & 0xff);
                s[1] = (unsigned char)((x >> 8) & 0xff);
            }
        }
    }
    FILE *out = fopen(path, "wb");
    WZ_CHECK(out != NULL);
    if (out) {
        fwrite(f, 1, 44 + data, out);
        fclose(out);
    }
    free(f);
}

/* The clip came out for ms milliseconds at 44.1 kHz stereo, within 1.5 ms (a resampler
 * rounds by a few frames; SDL 2.26's flush lost 12 to 32 ms when fed large pieces). */
static void expect_length(const played *p, long long ms, const char *what)
{
    double want = (double)ms * BYTES_PER_MS;
    int ok = fabs((double)p->bytes - want) <= 256;
    if (!ok)
        fprintf(stderr, "%s: %ld bytes played, %.0f expected (%lld ms)\n", what, p->bytes, want,
                ms);
    WZ_CHECK(ok);
}

/* Half a second of 440 Hz: 220 rises through zero, its level, the same on both channels. */
static void expect_tone(wz_audio *a, const char *path)
{
    char *err = NULL;
    WZ_CHECK_INT(play(a, path, &err), 0);
    if (err) fprintf(stderr, "%s: %s\n", path, err);
    free(err);
    played p = pull_all(a);
    expect_length(&p, 500, path);
    WZ_CHECK(p.loud && p.same);
    if (!p.same) fprintf(stderr, "%s: left and right differ by up to %d\n", path, p.maxdiff);
    int ok = p.rises >= 218 && p.rises <= 222;
    if (!ok) fprintf(stderr, "%s: %d rises through zero, 220 expected\n", path, p.rises);
    WZ_CHECK(ok);
    /* written at 0.3 of full scale: 9830, give or take what the encoder changes */
    ok = p.peak >= 9000 && p.peak <= 10700;
    if (!ok) fprintf(stderr, "%s: peak %d, about 9830 expected\n", path, p.peak);
    WZ_CHECK(ok);
}

static void test_unplugged(const char *dir)
{
    char *err = NULL;
    wz_audio *a = wz_audio_open_unplugged(100);

    WZ_TEST("a 440 Hz tone comes out as 440 Hz, as long as it lasts: Ogg Vorbis");
    expect_tone(a, SOUNDS "tone440.ogg");
    WZ_TEST("... and WAV: 22.05 kHz mono, 48 kHz in 6 channels, 8-bit in 5 channels");
    const int wavs[][3] = {{22050, 1, 16}, {48000, 6, 16}, {44100, 5, 8}};
    char *wav = NULL;
    for (size_t i = 0; i < WZ_ARRAY_LEN(wavs); i++) {
        char name[64];
        snprintf(name, sizeof name, "tone-%d-%d-%d.wav", wavs[i][0], wavs[i][1], wavs[i][2]);
        free(wav);
        wav = wz_path_join(dir, name);
        write_wav(wav, wavs[i][0], wavs[i][1], wavs[i][2]);
        expect_tone(a, wav);
    }

    WZ_TEST("a recording plays for as long as its probe says, and is not silence");
    long long ms = probed_ms(NARRATION "start.ogg");
    WZ_CHECK(ms > 500);
    WZ_CHECK_INT(play(a, NARRATION "start.ogg", &err), 0);
    played p = pull_all(a);
    expect_length(&p, ms, "start.ogg");
    WZ_CHECK(p.loud);

    WZ_TEST("an Ogg file whose packets go on past its own length stops at that length");
    ms = probed_ms(SOUNDS "overlong.ogg");
    WZ_CHECK_INT(ms, 1000);
    WZ_CHECK_INT(play(a, SOUNDS "overlong.ogg", &err), 0);
    p = pull_all(a);
    expect_length(&p, 1000, "overlong.ogg");

    WZ_TEST("after the end of a clip, silence");
    unsigned char buf[1024];
    WZ_CHECK_INT(wz_audio_pull(a, buf, (int)sizeof buf), 0);

    WZ_TEST("a new clip replaces the one playing, from its own start");
    WZ_CHECK_INT(play(a, NARRATION "start.ogg", &err), 0);
    WZ_CHECK_INT(wz_audio_pull(a, buf, (int)sizeof buf), (int)sizeof buf);
    expect_tone(a, SOUNDS "tone440.ogg");

    WZ_TEST("stop leaves silence");
    WZ_CHECK_INT(play(a, NARRATION "chat.ogg", &err), 0);
    wz_audio_stop(a);
    WZ_CHECK_INT(wz_audio_pull(a, buf, (int)sizeof buf), 0);

    WZ_TEST("bytes the decoder refuses are refused in words, and what played stops");
    WZ_CHECK_INT(play(a, NARRATION "chat.ogg", &err), 0);
    wz_sound_info ogg = {WZ_SOUND_OGG_VORBIS, 1, 44100, 1000};
    WZ_CHECK_INT(wz_audio_play(a, "bad.ogg", wz_xstrdup("OggS, but nothing more"), 22, &ogg, &err),
                 -1);
    WZ_CHECK(err && strstr(err, "the sound could not be started: ") == err);
    free(err);
    err = NULL;
    WZ_CHECK_INT(wz_audio_pull(a, buf, (int)sizeof buf), 0);
    wz_sound_info riff = {WZ_SOUND_WAV, 1, 8000, 1000};
    WZ_CHECK_INT(wz_audio_play(a, "bad.wav", wz_xstrdup("RIFF....WAVE"), 12, &riff, &err), -1);
    WZ_CHECK(err && strstr(err, "the WAV file could not be read") != NULL);
    free(err);
    err = NULL;
    wz_audio_close(a);

    WZ_TEST("volume 0: silence, for the clip's whole length");
    a = wz_audio_open_unplugged(0);
    WZ_CHECK_INT(play(a, SOUNDS "tone440.ogg", &err), 0);
    p = pull_all(a);
    expect_length(&p, 500, "tone440.ogg at volume 0");
    WZ_CHECK(!p.loud);
    WZ_CHECK_INT(play(a, NARRATION "help.ogg", &err), 0);
    wz_audio_close(a); /* closing while a clip plays frees it */
    free(wav);
}

static void test_device(void)
{
    WZ_TEST("with SDL's dummy driver: clips start, change and stop while its thread decodes");
    char *err = NULL;
    wz_audio *a = wz_audio_open(80, &err);
    WZ_CHECK(a != NULL);
    if (!a) {
        fprintf(stderr, "no device: %s\n", err ? err : "?");
        free(err);
        return;
    }
    const char *clips[] = {NARRATION "start.ogg", SOUNDS "tone440.ogg", NARRATION "chat.ogg",
                           SOUNDS "overlong.ogg"};
    for (int round = 0; round < 3; round++)
        for (size_t i = 0; i < WZ_ARRAY_LEN(clips); i++) {
            WZ_CHECK_INT(play(a, clips[i], &err), 0);
            SDL_Delay(15);
        }
    wz_audio_stop(a);
    WZ_CHECK_INT(play(a, NARRATION "yes.ogg", &err), 0);
    SDL_Delay(15);
    wz_audio_close(a);
}

int main(int argc, char **argv)
{
    const char *dir = argc > 1 ? argv[1] : ".";
    if (SDL_Init(0) != 0) return 1;
    test_unplugged(dir);
    test_device();
    SDL_Quit();
    WZ_TEST_END();
}

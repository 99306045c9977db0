/*
 * test_audio: narration's sound (wz_audio.h) without a loudspeaker. A device-less
 * wz_audio gives the samples the device would play: an Ogg Vorbis recording and a WAV
 * written here (22.05 kHz mono, converted to 44.1 kHz stereo) play for as long as their
 * probe says and are not silence; volume 0 is silence of the same length; a new clip
 * replaces the one playing; stop, a broken file and a missing one leave silence. Then the
 * same with SDL's dummy driver, whose audio thread decodes while the test plays and stops.
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
#define BYTES_PER_MS (44100 * 4 / 1000.0)

/* Pulls the whole clip: how many bytes it played and whether any sample was not zero. */
static long pull_all(wz_audio *a, int *loud)
{
    static unsigned char buf[8192];
    long total = 0;
    *loud = 0;
    for (;;) {
        int got = wz_audio_pull(a, buf, (int)sizeof buf);
        for (int i = 0; i < got; i++)
            *loud |= buf[i] != 0;
        total += got;
        if (got < (int)sizeof buf) return total;
    }
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

/* Half a second of a 440 Hz tone, 22.05 kHz mono 16-bit. */
static void write_wav(const char *path)
{
    enum { RATE = 22050, N = RATE / 2 };
    static unsigned char f[44 + 2 * N];
    const unsigned char head[44] = {'R', 'I', 'F', 'F', 0,    0,    0,   0,   'W',  'A',
                                    'V', 'E', 'f', 'm', 't',  ' ',  16,  0,   0,    0,
                                    1,   0,   1,   0,   0x22, 0x56, 0,   0,   0x44, 0xAC,
                                    0,   0,   2,   0,   16,   0,    'd', 'a', 't',  'a'};
    memcpy(f, head, 44);
    Uint32 data = 2 * N, riff = 36 + data;
    for (int i = 0; i < 4; i++) {
        f[4 + i] = (unsigned char)(riff >> (8 * i));
        f[40 + i] = (unsigned char)(data >> (8 * i));
    }
    for (int i = 0; i < N; i++) {
        short v = (short)(8000 * sin(2 * M_PI * 440.0 * i / RATE));
        f[44 + 2 * i] = (unsigned char)(v & 0xff);
        f[45 + 2 * i] = (unsigned char)((v >> 8) & 0xff);
    }
    FILE *out = fopen(path, "wb");
    WZ_CHECK(out != NULL);
    if (!out) return;
    fwrite(f, 1, sizeof f, out);
    fclose(out);
}

static void expect_length(long bytes, long long ms, const char *what)
{
    double want = (double)ms * BYTES_PER_MS;
    int ok = fabs((double)bytes - want) <= want * 0.02 + 4096;
    if (!ok)
        fprintf(stderr, "%s: %ld bytes played, %.0f expected (%lld ms)\n", what, bytes, want, ms);
    WZ_CHECK(ok);
}

static void test_unplugged(const char *wav)
{
    int loud = 0;
    char *err = NULL;
    wz_audio *a = wz_audio_open_unplugged(100);

    WZ_TEST("an Ogg Vorbis recording plays for as long as its probe says, and is not silence");
    long long ms = probed_ms(NARRATION "start.ogg");
    WZ_CHECK(ms > 500);
    WZ_CHECK_INT(wz_audio_play(a, NARRATION "start.ogg", &err), 0);
    expect_length(pull_all(a, &loud), ms, "start.ogg");
    WZ_CHECK(loud);

    WZ_TEST("a WAV at 22.05 kHz mono plays converted to 44.1 kHz stereo, as long as it is");
    WZ_CHECK_INT(wz_audio_play(a, wav, &err), 0);
    expect_length(pull_all(a, &loud), 500, "tone.wav");
    WZ_CHECK(loud);

    WZ_TEST("after the end of a clip, silence");
    unsigned char buf[1024];
    WZ_CHECK_INT(wz_audio_pull(a, buf, (int)sizeof buf), 0);

    WZ_TEST("a new clip replaces the one playing, from its own start");
    WZ_CHECK_INT(wz_audio_play(a, NARRATION "start.ogg", &err), 0);
    WZ_CHECK_INT(wz_audio_pull(a, buf, (int)sizeof buf), (int)sizeof buf);
    WZ_CHECK_INT(wz_audio_play(a, wav, &err), 0);
    expect_length(pull_all(a, &loud), 500, "tone.wav after start.ogg");

    WZ_TEST("stop leaves silence");
    WZ_CHECK_INT(wz_audio_play(a, NARRATION "chat.ogg", &err), 0);
    wz_audio_stop(a);
    WZ_CHECK_INT(wz_audio_pull(a, buf, (int)sizeof buf), 0);

    WZ_TEST("a broken or missing recording is refused in words, and what played stops");
    WZ_CHECK_INT(wz_audio_play(a, NARRATION "chat.ogg", &err), 0);
    WZ_CHECK_INT(wz_audio_play(a, NARRATION "broken.ogg", &err), -1);
    WZ_CHECK(err && strstr(err, "the sound could not be started: ") == err);
    free(err);
    err = NULL;
    WZ_CHECK_INT(wz_audio_pull(a, buf, (int)sizeof buf), 0);
    WZ_CHECK_INT(wz_audio_play(a, NARRATION "no-such.ogg", &err), -1);
    WZ_CHECK(err != NULL);
    free(err);
    err = NULL;
    wz_audio_close(a);

    WZ_TEST("volume 0: silence, for the clip's whole length");
    a = wz_audio_open_unplugged(0);
    WZ_CHECK_INT(wz_audio_play(a, wav, &err), 0);
    expect_length(pull_all(a, &loud), 500, "tone.wav at volume 0");
    WZ_CHECK(!loud);
    WZ_CHECK_INT(wz_audio_play(a, NARRATION "help.ogg", &err), 0);
    wz_audio_close(a); /* closing while a clip plays frees it */
}

static void test_device(const char *wav)
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
    const char *clips[] = {NARRATION "start.ogg", wav, NARRATION "chat.ogg", NARRATION "end.ogg"};
    for (int round = 0; round < 3; round++)
        for (size_t i = 0; i < WZ_ARRAY_LEN(clips); i++) {
            WZ_CHECK_INT(wz_audio_play(a, clips[i], &err), 0);
            SDL_Delay(15);
        }
    wz_audio_stop(a);
    WZ_CHECK_INT(wz_audio_play(a, NARRATION "yes.ogg", &err), 0);
    SDL_Delay(15);
    wz_audio_close(a);
}

int main(int argc, char **argv)
{
    const char *dir = argc > 1 ? argv[1] : ".";
    char *wav = wz_path_join(dir, "tone.wav");
    write_wav(wav);
    if (SDL_Init(0) != 0) return 1;
    test_unplugged(wav);
    test_device(wav);
    SDL_Quit();
    free(wav);
    WZ_TEST_END();
}

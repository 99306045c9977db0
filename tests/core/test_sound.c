/*
 * test_sound: narration clips ("{audio path}" lines) are read with their condition and
 * their place among the parts, leave no trace in the text, and every recording the kiosk
 * could not play (outside the folder, missing, not audio, cut short, damaged, too long)
 * is a warning at its "{audio", never an error: the story plays silently. The probe gives
 * the right length for real files (an Ogg Vorbis made by oggenc, a PCM WAV), and that
 * formats the kiosk cannot play (64-bit float WAV, Ogg with more than 8 channels) fail.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "wz_sound.h"
#include "wz_test.h"
#include "wz_test_scenario.h"
#include "wz_util.h"
#include "wz_validate.h"

#define DATA WZ_TEST_DATA "/sound"

#define HEAD                                                                                       \
    ":: ScenarioInfo\ncharacter: Jo\n"                                                             \
    ":: StoryData\n{\"ifid\": \"0B6E2D43-58C4-4B8E-A0A1-6D1F3E0C9A12\", \"start\": \"Start\"}\n"   \
    ":: End [ending safe]\nDone.\n* a\n* b\n* c\n"
/* HEAD is lines 1-9; the next passage's header is line 10. */

static void test_syntax(void)
{
    parsed p;
    WZ_TEST("an {audio} line is a clip of its passage, with its condition and place");
    parse(&p,
          HEAD ":: Start [chat set:x]\n"              /* 10 */
               "{audio narration/start.ogg}\n"        /* 11 */
               "Jo: hello\n"                          /* 12 */
               "  {if x} {AUDIO  narration/x.wav }\n" /* 13 */
               "{if not x} Jo: not x\n"               /* 14 */
               "Jo: bye {audio bye.ogg}\n"            /* 15 */
               "[[Next->End]]\n",
          0);
    int i = wz_scenario_find(p.sc, "Start");
    const wz_passage *s = &p.sc->passages[i];
    WZ_CHECK_INT(s->nclips, 3);
    if (s->nclips == 3) {
        WZ_CHECK_STR(s->clips[0].path, "narration/start.ogg");
        WZ_CHECK_INT(s->clips[0].line, 11);
        WZ_CHECK_INT(s->clips[0].column, 1);
        WZ_CHECK_INT(s->clips[0].after, 0);
        WZ_CHECK(wz_cond_always(s->clips[0].cond));
        WZ_CHECK_STR(s->clips[1].path, "narration/x.wav");
        WZ_CHECK_INT(s->clips[1].line, 13);
        WZ_CHECK_INT(s->clips[1].column, 10);
        WZ_CHECK_INT(s->clips[1].after, 1);
        WZ_CHECK(!wz_cond_always(s->clips[1].cond));
        WZ_CHECK_STR(s->clips[2].path, "bye.ogg");
        WZ_CHECK_INT(s->clips[2].after, 3); /* on a message's line: once it shows */
        /* with x set, the part "not x" is not shown: the clip after it waits for 2 parts */
        WZ_CHECK_INT(wz_sound_clip_after_shown(s, &s->clips[2], 1), 2);
        WZ_CHECK_INT(wz_sound_clip_after_shown(s, &s->clips[2], 0), 3);
    }
    WZ_CHECK_INT(s->nparts, 3);
    for (int k = 0; k < s->nparts; k++)
        WZ_CHECK(!strstr(s->parts[k].text, "audio"));
    WZ_CHECK_STR(s->parts[2].text, "bye");
    WZ_CHECK(!has(&p.d, 13, 3, "nothing else")); /* {if} with {audio} is not "alone" */
    done(&p);

    WZ_TEST("an empty or unclosed {audio} is a warning at its place");
    parse(&p, HEAD ":: Start\nHi.\n{audio}\n{audio x.ogg\n[[Next->End]]\n", 0);
    WZ_CHECK(has(&p.d, 12, 1, "names no file"));
    WZ_CHECK(has(&p.d, 13, 1, "no closing }"));
    WZ_CHECK_INT(p.sc->passages[wz_scenario_find(p.sc, "Start")].nclips, 0);
    done(&p);

    WZ_TEST("the same in Twine HTML: a clip at its place in the file");
    parse(
        &p,
        "<tw-storydata name=\"S\" startnode=\"1\" ifid=\"0B6E2D43-58C4-4B8E-A0A1-6D1F3E0C9A12\">\n"
        "<tw-passagedata pid=\"1\" name=\"Start\" tags=\"\">{audio a.ogg}\nHi.</tw-passagedata>\n"
        "</tw-storydata>\n",
        1);
    const wz_passage *h = &p.sc->passages[wz_scenario_find(p.sc, "Start")];
    WZ_CHECK_INT(h->nclips, 1);
    if (h->nclips == 1) {
        WZ_CHECK_INT(h->clips[0].line, 2);
        WZ_CHECK_INT(h->clips[0].column, 46);
    }
    done(&p);
}

static void probe_file(const char *path, int ok, long long ms_lo, long long ms_hi, const char *msg)
{
    wz_sound_info info;
    char *err = NULL;
    int rc = wz_sound_check_file(path, &info, &err);
    WZ_CHECK_INT(rc, ok ? 0 : -1);
    if (ok) {
        WZ_CHECK(info.ms >= ms_lo && info.ms <= ms_hi);
        if (!(info.ms >= ms_lo && info.ms <= ms_hi)) fprintf(stderr, "   ms = %lld\n", info.ms);
    } else {
        WZ_CHECK(err && strstr(err, msg));
        if (err && !strstr(err, msg)) fprintf(stderr, "   err = %s\n", err);
    }
    free(err);
}

static char *read_all(const char *path, size_t *len)
{
    char *d = NULL;
    WZ_CHECK_INT(wz_read_file(path, 1 << 20, &d, len), 0);
    return d;
}

static void write_all(const char *path, const void *d, size_t n)
{
    FILE *f = fopen(path, "wb");
    WZ_CHECK(f != NULL);
    if (!f) return;
    fwrite(d, 1, n, f);
    fclose(f);
}

/* An 8 kHz 8-bit mono WAV of `seconds` of silence. */
static void write_wav(const char *path, long seconds)
{
    unsigned n = (unsigned)(8000 * seconds);
    unsigned char h[44] =
        "RIFF....WAVEfmt \x10\0\0\0\x01\0\x01\0\x40\x1f\0\0\x40\x1f\0\0\x01\0\x08\0"
        "data....";
    unsigned riff = n + 36;
    for (int k = 0; k < 4; k++) {
        h[4 + k] = (unsigned char)(riff >> (8 * k));
        h[40 + k] = (unsigned char)(n >> (8 * k));
    }
    unsigned char *d = wz_xmalloc(44 + n);
    memcpy(d, h, 44);
    memset(d + 44, 128, n);
    write_all(path, d, 44 + n);
    free(d);
}

static void test_probe(const char *dir)
{
    WZ_TEST("real files: Ogg Vorbis from oggenc and a PCM WAV, with their lengths");
    probe_file(DATA "/hello.ogg", 1, 1000, 3000, NULL);
    probe_file(DATA "/tone.wav", 1, 500, 500, NULL);

    WZ_TEST("damaged files are refused with a reason");
    size_t len = 0;
    char *ogg = read_all(DATA "/hello.ogg", &len);
    char *path = wz_path_join(dir, "bad.ogg");
    write_all(path, ogg, len / 2);
    probe_file(path, 0, 0, 0, "cut short");
    ogg[len / 2] ^= 0x55;
    write_all(path, ogg, len);
    probe_file(path, 0, 0, 0, "checksum");
    write_all(path, "just some text\n", 15);
    probe_file(path, 0, 0, 0, "not a WAV or Ogg Vorbis");
    write_all(path, "ID3\x03\0\0\0\0\0\0", 10);
    probe_file(path, 0, 0, 0, "MP3");
    write_all(path, "", 0);
    probe_file(path, 0, 0, 0, "empty");
    size_t wl = 0;
    char *wav = read_all(DATA "/tone.wav", &wl);
    write_all(path, wav, wl - 100);
    probe_file(path, 0, 0, 0, "cut short");
    wav[20] = 3; /* IEEE float: 32-bit is played, 64-bit is not (SDL's loader refuses it) */
    wav[32] = 4, wav[34] = 32;
    write_all(path, wav, wl);
    probe_file(path, 1, 125, 125, NULL);
    wav[32] = 8, wav[34] = 64;
    write_all(path, wav, wl);
    probe_file(path, 0, 0, 0, "16-bit PCM");
    wav[32] = 1, wav[34] = 8;
    wav[20] = 2; /* format tag 2: ADPCM */
    write_all(path, wav, wl);
    probe_file(path, 0, 0, 0, "16-bit PCM");
    probe_file(DATA "/nine-channels.ogg", 0, 0, 0, "more than 8 channels");
    write_wav(path, 301);
    probe_file(path, 0, 0, 0, "at most 5 minutes");
    write_wav(path, 299);
    probe_file(path, 1, 299000, 299000, NULL);
    free(wav);
    free(ogg);
    free(path);
}

static void test_check(const char *dir)
{
    WZ_TEST("wz-check: bad recordings are warnings at their {audio}, good ones are silent");
    char *sub = wz_path_join(dir, "story");
    char *nar = wz_path_join(sub, "narration");
    WZ_CHECK_INT(mkdir(sub, 0755), 0);
    WZ_CHECK_INT(mkdir(nar, 0755), 0);
    size_t len = 0;
    char *ogg = read_all(DATA "/hello.ogg", &len);
    char *good = wz_path_join(nar, "good.ogg"), *bad = wz_path_join(nar, "bad.ogg");
    write_all(good, ogg, len);
    write_all(bad, ogg, len - 10);
    char *outside = wz_path_join(dir, "outside.ogg");
    write_all(outside, ogg, len);
    char *twee = wz_path_join(sub, "s.twee");
    const char *text = HEAD ":: Start\n"                     /* 10 */
                            "{audio narration/good.ogg}\n"   /* 11 */
                            "{audio narration/bad.ogg}\n"    /* 12 */
                            "{audio narration/none.ogg}\n"   /* 13 */
                            "{audio ../outside.ogg}\n"       /* 14 */
                            "{audio ../../etc/passwd.ogg}\n" /* 15 */
                            "{audio /etc/passwd}\n"          /* 16 */
                            "{audio narration}\n"            /* 17 */
                            "Hello.\n[[Next->End]]\n";
    write_all(twee, text, strlen(text));
    wz_diags d;
    wz_diags_init(&d);
    wz_scenario *sc = wz_scenario_load(twee, &d);
    WZ_CHECK(sc != NULL);
    WZ_CHECK(!has(&d, 11, 1, "recording"));
    WZ_CHECK(has(&d, 12, 1, "cut short"));
    WZ_CHECK(has(&d, 13, 1, "does not exist"));
    WZ_CHECK(has(&d, 14, 1, "cannot be used"));
    WZ_CHECK(has(&d, 15, 1, "cannot be used"));
    WZ_CHECK(has(&d, 16, 1, "cannot be used"));
    WZ_CHECK(has(&d, 17, 1, "is not a file"));
    for (int i = 0; i < d.count; i++)
        if (strstr(d.items[i].message, "recording")) WZ_CHECK_INT(d.items[i].severity, WZ_WARNING);
    int errors_about_sound = 0;
    for (int i = 0; i < d.count; i++)
        errors_about_sound += d.items[i].severity == WZ_ERROR && d.items[i].line >= 9;
    WZ_CHECK_INT(errors_about_sound, 0);
    wz_scenario_free(sc);
    wz_diags_free(&d);
    unlink(good);
    unlink(bad);
    unlink(outside);
    unlink(twee);
    rmdir(nar);
    rmdir(sub);
    free(ogg);
    free(good);
    free(bad);
    free(outside);
    free(twee);
    free(nar);
    free(sub);
}

int main(void)
{
    char dir[] = "/tmp/wz-test-sound-XXXXXX";
    WZ_CHECK(mkdtemp(dir) != NULL);
    test_syntax();
    test_probe(dir);
    test_check(dir);
    char *bad = wz_path_join(dir, "bad.ogg");
    unlink(bad);
    free(bad);
    rmdir(dir);
    WZ_TEST_END();
}

/*
 * test_narration: what plays when, with a stand-in for the sound device and the
 * narration test story (tests/app/data/narration): in easy read the passage's clips play
 * by themselves in the order written, one after another, each once its lines show;
 * elsewhere only after the speaker; whatever takes the passage away stops the sound; a
 * clip whose {if ...} does not hold, or whose file is broken, is skipped (with a log
 * line) and the rest play.
 */
#include <stdlib.h>
#include <string.h>

#include "wz_narration.h"
#include "wz_test.h"

#define DIR WZ_SOURCE_DIR "/tests/app/data/narration"

typedef struct fake {
    char played[16][64];
    int nplayed, stops;
    int fail; /* the device refuses to play */
} fake;

static int fake_play(void *ctx, const char *path, char *data, size_t len, const wz_sound_info *info,
                     char **err)
{
    fake *f = ctx;
    free(data); /* the device owns the bytes */
    (void)len;
    (void)info;
    if (f->fail) {
        if (err) *err = strdup("the device said no");
        return -1;
    }
    const char *base = strrchr(path, '/');
    if (f->nplayed < 16) snprintf(f->played[f->nplayed++], 64, "%s", base ? base + 1 : path);
    return 0;
}

static void fake_stop(void *ctx)
{
    ((fake *)ctx)->stops++;
}

static const char *playing(const wz_narration *n)
{
    const char *p = wz_narration_playing(n);
    return p ? p : "(nothing)";
}

static wz_scenario *load(void)
{
    wz_diags d;
    wz_diags_init(&d);
    wz_scenario *sc = wz_scenario_load(DIR "/story-easy.twee", &d);
    wz_diags_free(&d);
    WZ_CHECK(sc != NULL);
    return sc;
}

static wz_narration_view view(const wz_scenario *sc, const char *passage, long long serial,
                              int shown, int easy)
{
    wz_narration_view v = {sc, wz_scenario_find(sc, passage), 0, serial, shown, easy};
    return v;
}

static void test_easy_read(const wz_scenario *sc)
{
    WZ_TEST("easy read: the clips play by themselves, in order, a broken one skipped");
    fake f = {0};
    wz_narration_out out = {fake_play, fake_stop, &f};
    wz_narration *n = wz_narration_create(&out, WZ_NARRATION_AUTO_EASY_READ);
    wz_narration_view v = view(sc, "Playing", 1, 1, 1);
    long long at = wz_narration_update(n, &v, 1000);
    WZ_CHECK_STR(playing(n), "narration/start.ogg");
    WZ_CHECK(at > 3000 && at < 8000); /* its length, from the file */
    WZ_CHECK_INT(wz_narration_update(n, &v, 2000) == at, 1);
    WZ_CHECK_STR(playing(n), "narration/start.ogg");
    /* it ends; the next clip (broken.ogg) is skipped after the pause; nothing is left */
    long long gap = wz_narration_update(n, &v, at);
    WZ_CHECK_STR(playing(n), "(nothing)");
    WZ_CHECK_INT(gap, at + WZ_NARRATION_GAP_MS);
    WZ_CHECK_INT(wz_narration_update(n, &v, gap), -1);
    WZ_CHECK_STR(playing(n), "(nothing)");
    WZ_CHECK_INT(f.nplayed, 1);

    WZ_TEST("a chat clip waits for the message above it; the next passage stops the sound");
    v = view(sc, "Gems", 2, 0, 1);
    WZ_CHECK_INT(wz_narration_update(n, &v, 10000), -1);
    WZ_CHECK_STR(playing(n), "(nothing)");
    v.shown = 1;
    wz_narration_update(n, &v, 11000);
    WZ_CHECK_STR(playing(n), "narration/chat.ogg");
    int stops = f.stops;
    v = view(sc, "Told Mum", 3, 1, 1);
    wz_narration_update(n, &v, 11100);
    WZ_CHECK_INT(f.stops, stops + 1);
    WZ_CHECK_STR(playing(n), "narration/told.ogg");

    WZ_TEST("a clip with {if ...} plays only for a visitor who did that");
    v = view(sc, "End", 4, 4, 1);
    wz_narration_update(n, &v, 12000);
    WZ_CHECK_STR(playing(n), "narration/end.ogg");
    long long end = wz_narration_update(n, &v, 12001);
    WZ_CHECK_INT(wz_narration_update(n, &v, end + 5000), -1);
    WZ_CHECK_STR(playing(n), "(nothing)");
    v = view(sc, "End", 5, 4, 1);
    v.flags = 1; /* said-yes, the story's only flag */
    wz_narration_update(n, &v, 30000);
    end = wz_narration_update(n, &v, 30001);
    wz_narration_update(n, &v, end + WZ_NARRATION_GAP_MS);
    WZ_CHECK_STR(playing(n), "narration/yes.ogg");

    WZ_TEST("nothing on screen (the menu, the attract screen): silence");
    stops = f.stops;
    WZ_CHECK_INT(wz_narration_update(n, NULL, 30500), -1);
    WZ_CHECK_STR(playing(n), "(nothing)");
    WZ_CHECK_INT(f.stops, stops + 1);
    wz_narration_destroy(n);
}

static void test_press(const wz_scenario *sc)
{
    WZ_TEST("not in easy read: silence until the speaker is pressed, then from the start");
    fake f = {0};
    wz_narration_out out = {fake_play, fake_stop, &f};
    wz_narration *n = wz_narration_create(&out, WZ_NARRATION_AUTO_EASY_READ);
    wz_narration_view v = view(sc, "Playing", 1, 1, 0);
    WZ_CHECK_INT(wz_narration_update(n, &v, 1000), -1);
    WZ_CHECK_STR(playing(n), "(nothing)");
    wz_narration_replay(n);
    wz_narration_update(n, &v, 1500);
    WZ_CHECK_STR(playing(n), "narration/start.ogg");
    WZ_TEST("pressing again starts it again");
    int stops = f.stops;
    wz_narration_replay(n);
    wz_narration_update(n, &v, 2000);
    WZ_CHECK_STR(playing(n), "narration/start.ogg");
    WZ_CHECK_INT(f.stops, stops + 1);
    WZ_CHECK_INT(f.nplayed, 2);
    WZ_TEST("a new passage after a press is silent again");
    v = view(sc, "Told Mum", 2, 1, 0);
    wz_narration_update(n, &v, 2100);
    WZ_CHECK_STR(playing(n), "(nothing)");
    wz_narration_destroy(n);

    WZ_TEST("autoplay always and never");
    n = wz_narration_create(&out, WZ_NARRATION_AUTO_ALWAYS);
    v = view(sc, "Told Mum", 1, 1, 0);
    wz_narration_update(n, &v, 0);
    WZ_CHECK_STR(playing(n), "narration/told.ogg");
    wz_narration_destroy(n);
    n = wz_narration_create(&out, WZ_NARRATION_AUTO_NEVER);
    v.easy_read = 1;
    wz_narration_update(n, &v, 0);
    WZ_CHECK_STR(playing(n), "(nothing)");
    wz_narration_destroy(n);

    WZ_TEST("a device that cannot play: silence, and the story goes on");
    f.fail = 1;
    n = wz_narration_create(&out, WZ_NARRATION_AUTO_ALWAYS);
    WZ_CHECK_INT(wz_narration_update(n, &v, 0), -1);
    WZ_CHECK_STR(playing(n), "(nothing)");
    wz_narration_destroy(n);

    WZ_TEST("autoplay values");
    wz_narration_auto m;
    WZ_CHECK_INT(wz_narration_auto_parse("Easy-Read", &m), 0);
    WZ_CHECK_INT(m, WZ_NARRATION_AUTO_EASY_READ);
    WZ_CHECK_INT(wz_narration_auto_parse("never", &m), 0);
    WZ_CHECK_INT(m, WZ_NARRATION_AUTO_NEVER);
    WZ_CHECK_INT(wz_narration_auto_parse("sometimes", &m), -1);
}

int main(void)
{
    wz_scenario *sc = load();
    if (!sc) WZ_TEST_END();
    test_easy_read(sc);
    test_press(sc);
    wz_scenario_free(sc);
    WZ_TEST_END();
}

/*
 * test_config_audio: the [audio] settings (docs/configuration.md): narration on or off,
 * when it plays by itself, and the volume; a bad value is an error at its place and the
 * default stays, so a typo never silences or deafens a kiosk.
 */
#include <stdlib.h>
#include <string.h>

#include "wz_config.h"
#include "wz_test.h"

static int load(wz_config *cfg, wz_diags *d, const char *text)
{
    wz_config_defaults(cfg);
    wz_diags_init(d);
    return wz_config_load_string(cfg, text, strlen(text), "k.ini", d);
}

static int has(const wz_diags *d, int line, const char *needle)
{
    for (int i = 0; i < d->count; i++)
        if (d->items[i].line == line && strstr(d->items[i].message, needle)) return 1;
    return 0;
}

int main(void)
{
    wz_config cfg;
    wz_diags d;
    WZ_TEST("defaults: on, in easy read, 80%");
    load(&cfg, &d, "");
    WZ_CHECK_STR(cfg.audio_narration, "on");
    WZ_CHECK_STR(cfg.audio_autoplay, "easy-read");
    WZ_CHECK_INT(cfg.audio_volume, 80);
    wz_config_free(&cfg);
    wz_diags_free(&d);

    WZ_TEST("values as written, any case");
    load(&cfg, &d, "[audio]\nnarration = Off\nautoplay = ALWAYS\nvolume = 0\n");
    WZ_CHECK_INT(d.count, 0);
    WZ_CHECK_STR(cfg.audio_narration, "off");
    WZ_CHECK_STR(cfg.audio_autoplay, "always");
    WZ_CHECK_INT(cfg.audio_volume, 0);
    wz_config_free(&cfg);
    wz_diags_free(&d);

    WZ_TEST("bad values: an error each, the default kept");
    load(&cfg, &d, "[audio]\nnarration = loud\nautoplay = sometimes\nvolume = 101\n");
    WZ_CHECK_INT(d.errors, 3);
    WZ_CHECK(has(&d, 2, "use on or off"));
    WZ_CHECK(has(&d, 3, "use easy-read, always or never"));
    WZ_CHECK(has(&d, 4, "out of range: use 0 to 100"));
    WZ_CHECK_STR(cfg.audio_narration, "on");
    WZ_CHECK_STR(cfg.audio_autoplay, "easy-read");
    WZ_CHECK_INT(cfg.audio_volume, 80);
    wz_config_free(&cfg);
    wz_diags_free(&d);
    load(&cfg, &d, "[audio]\nvolume = loud\n");
    WZ_CHECK_INT(d.errors, 1);
    WZ_CHECK_INT(cfg.audio_volume, 80);
    wz_config_free(&cfg);
    wz_diags_free(&d);
    WZ_TEST_END();
}

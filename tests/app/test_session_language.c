/*
 * test_session_language: the visit's language. The library groups a scenario and its
 * translation (one ifid, two languages: tests/ui/data/languages) as one card; the menu shows
 * it in the visit's language, falls back to English for a scenario with no translation,
 * offers only configured languages with scenarios, records the language with the scenario
 * start under the shared ifid, and goes back to the first configured language for the
 * next visitor.
 */
#include <stdlib.h>
#include <string.h>

#include "wz_i18n.h"
#include "wz_session.h"
#include "wz_test.h"

#define PHONE "5B2E7C1A-3D4F-4A6B-9C8D-7E6F5A4B3C2D"
#define BUS "6C3F8D2B-4E5A-4B7C-8D9E-0F1A2B3C4D5E"

typedef struct rec {
    wz_event_kind kind;
    char ifid[64], language[16], setting[16], value[16];
} rec;

static rec evs[64];
static int nev;

static void sink(void *ctx, const wz_event *ev)
{
    (void)ctx;
    if (nev >= 64) return;
    rec *r = &evs[nev++];
    memset(r, 0, sizeof *r);
    r->kind = ev->kind;
    snprintf(r->ifid, sizeof r->ifid, "%s", ev->ifid ? ev->ifid : "");
    snprintf(r->language, sizeof r->language, "%s", ev->language ? ev->language : "");
    snprintf(r->setting, sizeof r->setting, "%s", ev->setting ? ev->setting : "");
    snprintf(r->value, sizeof r->value, "%s", ev->value ? ev->value : "");
}

static const rec *last(wz_event_kind k)
{
    for (int i = nev - 1; i >= 0; i--)
        if (evs[i].kind == k) return &evs[i];
    return NULL;
}

static int menu_has(const wz_session *s, const char *title, int translated)
{
    for (int i = 0; i < wz_session_menu_count(s); i++) {
        const wz_scenario *sc = wz_session_menu_item(s, i);
        if (strcmp(sc->title, title) == 0) return wz_session_menu_translated(s, i) == translated;
    }
    return 0;
}

static void library(const wz_library *lib)
{
    WZ_TEST("the library keeps both files of one ifid and finds each by language");
    WZ_CHECK_INT(lib->playable, 3);
    const wz_scenario *pl = wz_library_find_language(lib, PHONE, "pl");
    const wz_scenario *en = wz_library_find_language(lib, PHONE, "en");
    WZ_CHECK(pl && en && pl != en);
    WZ_CHECK(pl && strcmp(pl->title, "Znaleziony telefon") == 0);
    WZ_CHECK(en && strcmp(en->title, "The Found Phone") == 0);
    WZ_CHECK(wz_library_find_language(lib, PHONE, "ur") == en); /* no Urdu: English */
    WZ_CHECK(wz_library_find_language(lib, BUS, "pl") != NULL);
    WZ_CHECK(wz_library_has_language(lib, "pl"));
    WZ_CHECK(!wz_library_has_language(lib, "ur"));
}

int main(void)
{
    wz_library *lib = wz_library_load(WZ_SOURCE_DIR "/tests/ui/data/languages", NULL);
    library(lib);
    wz_session_opts o = {.language = "en", .languages = "en, pl,ur,gu"};
    wz_session *s = wz_session_create(lib, &o, sink, NULL);

    WZ_TEST("only configured languages with scenarios are offered, the first always");
    const char *langs[WZ_SESSION_MAX_LANGUAGES];
    WZ_CHECK_INT(wz_session_languages(s, langs, WZ_SESSION_MAX_LANGUAGES), 2);
    WZ_CHECK_STR(langs[0], "en");
    WZ_CHECK_STR(langs[1], "pl");

    WZ_TEST("English: one card per ifid, in English");
    wz_session_wake(s, 0);
    WZ_CHECK_INT(wz_session_pick_audience(s, WZ_AUD_8_11, 10), 0);
    WZ_CHECK_STR(last(WZ_EV_SESSION_START)->language, "en");
    WZ_CHECK_INT(wz_session_menu_count(s), 2);
    WZ_CHECK(menu_has(s, "The Found Phone", 1));
    WZ_CHECK(menu_has(s, "The Bus Stop Chat", 1));

    WZ_TEST("Polish: the translation in place of the original; the other says English");
    WZ_CHECK_INT(wz_session_set_language(s, "pl", 20), 0);
    WZ_CHECK_STR(wz_session_language(s), "pl");
    WZ_CHECK_STR(last(WZ_EV_SETTING)->setting, "language");
    WZ_CHECK_STR(last(WZ_EV_SETTING)->value, "pl");
    WZ_CHECK_INT(wz_session_menu_count(s), 2);
    WZ_CHECK(menu_has(s, "Znaleziony telefon", 1));
    WZ_CHECK(menu_has(s, "The Bus Stop Chat", 0));

    WZ_TEST("a Polish play and an English play count under one ifid, apart by language");
    int phone = strcmp(wz_session_menu_item(s, 0)->ifid, PHONE) == 0 ? 0 : 1;
    WZ_CHECK_INT(wz_session_play(s, phone, 30), 0);
    const rec *start = last(WZ_EV_SCENARIO_START);
    WZ_CHECK_STR(start->ifid, PHONE);
    WZ_CHECK_STR(start->language, "pl");
    WZ_CHECK_INT(wz_session_choose(s, 0, 40), 0);
    WZ_CHECK_STR(last(WZ_EV_CHOICE)->ifid, PHONE);
    WZ_CHECK_STR(last(WZ_EV_ENDING)->ifid, PHONE);
    wz_session_choose_another(s, 50);
    wz_session_set_language(s, "en", 60);
    WZ_CHECK_INT(wz_session_play(s, phone, 70), 0);
    WZ_CHECK_STR(last(WZ_EV_SCENARIO_START)->ifid, PHONE);
    WZ_CHECK_STR(last(WZ_EV_SCENARIO_START)->language, "en");
    WZ_CHECK_STR(wz_session_scenario(s)->title, "The Found Phone");

    WZ_TEST("the next visitor starts in the first configured language");
    wz_session_set_language(s, "pl", 80);
    wz_session_reset(s, "finished", 90);
    WZ_CHECK_STR(wz_session_language(s), "en");
    WZ_CHECK_INT(wz_session_set_language(s, "", 100), -1);
    WZ_CHECK_STR(wz_session_language(s), "en");

    wz_session_destroy(s);
    wz_library_free(lib);
    WZ_TEST_END();
}

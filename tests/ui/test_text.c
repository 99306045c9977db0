/*
 * test_text: the text layer in every script the kiosk's visitors read (wz_text.h): the
 * visit's language and its direction.
 */
#include <SDL.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wz_test.h"
#include "wz_text.h"
#include "wz_util.h"

static void test_language(wz_text_cache *tc)
{
    WZ_CHECK_STR(wz_text_language(tc), "en");
    WZ_CHECK(!wz_text_is_rtl(tc));
    wz_text_set_language(tc, "ur");
    WZ_CHECK_STR(wz_text_language(tc), "ur");
    WZ_CHECK(wz_text_is_rtl(tc));
    wz_text_set_language(tc, "gu");
    WZ_CHECK(!wz_text_is_rtl(tc));
    wz_text_set_language(tc, NULL);
    WZ_CHECK_STR(wz_text_language(tc), "en");
    WZ_CHECK(wz_text_language_is_rtl("ar"));
    WZ_CHECK(wz_text_language_is_rtl("UR-pk"));
    WZ_CHECK(wz_text_language_is_rtl("pa-Arab"));
    WZ_CHECK(!wz_text_language_is_rtl("pa"));
    WZ_CHECK(!wz_text_language_is_rtl("pa-Guru"));
    WZ_CHECK(!wz_text_language_is_rtl("ku-Latn"));
    WZ_CHECK(!wz_text_language_is_rtl("pl"));
    WZ_CHECK(!wz_text_language_is_rtl("u"));
    WZ_CHECK(!wz_text_language_is_rtl("urd"));
    WZ_CHECK(!wz_text_language_is_rtl(""));
}

int main(void)
{
    if (SDL_Init(SDL_INIT_VIDEO) != 0) {
        fprintf(stderr, "SDL_Init: %s\n", SDL_GetError());
        return 1;
    }
    SDL_Surface *surf = SDL_CreateRGBSurfaceWithFormat(0, 800, 600, 32, SDL_PIXELFORMAT_ARGB8888);
    SDL_Renderer *ren = SDL_CreateSoftwareRenderer(surf);
    wz_text_cache *tc =
        wz_text_cache_create(ren, WZ_SOURCE_DIR "/assets/fonts/NotoSans-Regular.ttf",
                             WZ_SOURCE_DIR "/assets/fonts/NotoSans-Bold.ttf");
    WZ_CHECK(tc != NULL);
    if (tc) test_language(tc);
    wz_text_cache_destroy(tc);
    SDL_DestroyRenderer(ren);
    SDL_FreeSurface(surf);
    SDL_Quit();
    WZ_TEST_END();
}

/*
 * test_image: the picture cache never decodes a picture over the limits (wz_image.h).
 * Usage: ui_test_image DIR, DIR holding the pictures tests/pictures/make_pictures.py
 * writes. Every bomb must come back as "cannot be loaded" (the screens then show the
 * description), good pictures must load, and the whole run must stay far below the
 * memory one decoded bomb takes (300 MB peak resident, measured by getrusage).
 */
#include <SDL.h>
#include <SDL_image.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "wz_image.h"
#include "wz_test.h"
#include "wz_util.h"

static const char *const bombs[] = {"svg-viewbox.svg",    "svg-size.svg",        "svg-inches.svg",
                                    "svg-flood.svg",      "svg-bytes.svg",       "png-30000.png",
                                    "png-grey-20000.png", "png-4096-square.png", "png-aspect.png",
                                    "jpeg-30000.jpg",     "webp-vp8x.webp",      "webp-vp8l.webp",
                                    "webp-vp8.webp",      "gif-30000.gif",       "gif-frame.gif"};

static long max_rss_mb(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss / 1024;
}

static void copy_file(const char *from, const char *to)
{
    char *data = NULL;
    size_t len = 0;
    WZ_CHECK(wz_read_file(from, 16u << 20, &data, &len) == 0);
    FILE *f = fopen(to, "wb");
    WZ_CHECK(f != NULL);
    if (f) {
        WZ_CHECK(fwrite(data, 1, len, f) == len);
        fclose(f);
    }
    free(data);
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: ui_test_image DIR\n");
        return 2;
    }
    const char *dir = argv[1];
    if (SDL_Init(SDL_INIT_VIDEO) != 0) {
        fprintf(stderr, "SDL_Init: %s\n", SDL_GetError());
        return 1;
    }
    IMG_Init(IMG_INIT_PNG | IMG_INIT_JPG);
    SDL_Surface *surf = SDL_CreateRGBSurfaceWithFormat(0, 800, 600, 32, SDL_PIXELFORMAT_ARGB8888);
    SDL_Renderer *ren = SDL_CreateSoftwareRenderer(surf);
    wz_image_cache *ic = wz_image_cache_create(ren);

    /* each bomb, at the sizes the screens ask for: fitting, a thumbnail, natural size */
    for (size_t i = 0; i < WZ_ARRAY_LEN(bombs); i++) {
        char *path = wz_path_join(dir, bombs[i]);
        int fw = 0, w = 0, h = 0;
        int fit = wz_image_cache_fit(ic, path, 64, 64, &fw);
        SDL_Texture *t64 = wz_image_cache_get(ic, path, 64, &w, &h);
        SDL_Texture *t0 = wz_image_cache_get(ic, path, 0, &w, &h);
        WZ_CHECK_INT(fit, -1);
        WZ_CHECK(t64 == NULL);
        WZ_CHECK(t0 == NULL);
        if (fit != -1 || t64 || t0) fprintf(stderr, "  %s was loaded\n", bombs[i]);
        fprintf(stderr, "%-20s peak resident %ld MB\n", bombs[i], max_rss_mb());
        wz_image_cache_frame(ic);
        free(path);
    }

    /* good pictures load, at the size asked */
    static const char *const good[] = {"ok.png", "ok.svg"};
    for (size_t i = 0; i < WZ_ARRAY_LEN(good); i++) {
        char *path = wz_path_join(dir, good[i]);
        int fw = 0, w = 0, h = 0;
        WZ_CHECK_INT(wz_image_cache_fit(ic, path, 80, 80, &fw), 0);
        WZ_CHECK_INT(fw, 80); /* 4:3, so as wide as the box */
        WZ_CHECK(wz_image_cache_get(ic, path, fw, &w, &h) != NULL);
        WZ_CHECK_INT(w, 80);
        WZ_CHECK(h == 60 || (h == 61 && i == 1)); /* SVG rounds up */
        free(path);
    }

    /* a picture swapped for a bomb after it was measured: the bytes decoded are checked */
    char *swap = wz_path_join(dir, "swapped.png");
    char *ok = wz_path_join(dir, "ok.png");
    char *bomb = wz_path_join(dir, "png-grey-20000.png");
    copy_file(ok, swap);
    int fw = 0;
    WZ_CHECK_INT(wz_image_cache_fit(ic, swap, 400, 300, &fw), 0);
    copy_file(bomb, swap);
    WZ_CHECK(wz_image_cache_get(ic, swap, fw, NULL, NULL) == NULL);
    free(swap);
    free(ok);
    free(bomb);

    long peak = max_rss_mb();
    fprintf(stderr, "peak resident over the run: %ld MB\n", peak);
    WZ_CHECK(peak < 300);

    wz_image_cache_destroy(ic);
    SDL_DestroyRenderer(ren);
    SDL_FreeSurface(surf);
    IMG_Quit();
    SDL_Quit();
    WZ_TEST_END();
}

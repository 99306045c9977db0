/*
 * test_image: the picture cache never decodes a picture over the limits (wz_image.h).
 * Usage: ui_test_image DIR, DIR holding the pictures tests/pictures/make_pictures.py
 * writes. Every bomb must come back as "cannot be loaded" (the screens then show the
 * description), good pictures must load, and the whole run must stay far below the
 * memory one decoded bomb takes (300 MB peak resident, measured by getrusage).
 */
#include <SDL.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "wz_image.h"
#include "wz_raster.h"
#include "wz_test.h"
#include "wz_util.h"

static const char *const bombs[] = {"svg-viewbox.svg",    "svg-size.svg",        "svg-inches.svg",
                                    "svg-flood.svg",      "svg-bytes.svg",       "png-30000.png",
                                    "png-grey-20000.png", "png-4096-square.png", "png-aspect.png",
                                    "jpeg-30000.jpg",     "webp-vp8x.webp",      "webp-vp8l.webp",
                                    "webp-vp8.webp",      "gif-30000.gif",       "gif-frame.gif"};

/* The picture at path, want_w wide, as drawn by the cache: its pixels, copied 1:1 at the
 * top left of the renderer's (cleared) surface. */
static void draw_one(wz_image_cache *ic, SDL_Renderer *ren, SDL_Surface *surf, const char *path,
                     int want_w, Uint32 *out)
{
    SDL_SetRenderDrawColor(ren, 18, 43, 92, 255);
    SDL_RenderClear(ren);
    int w = 0, h = 0;
    SDL_Texture *t = wz_image_cache_get(ic, path, want_w, &w, &h);
    WZ_CHECK(t != NULL);
    SDL_Rect d = {0, 0, w, h};
    if (t) SDL_RenderCopy(ren, t, NULL, &d);
    SDL_RenderFlush(ren);
    memcpy(out, surf->pixels, (size_t)surf->pitch * (size_t)surf->h);
}

/* draw_one with a fresh cache that keeps the rasters of SVGs under dir in kept. */
static void draw_kept(const char *dir, const char *kept, SDL_Renderer *ren, SDL_Surface *surf,
                      const char *path, int want_w, Uint32 *out)
{
    wz_image_cache *ic = wz_image_cache_create(ren);
    wz_image_cache_keep_rasters(ic, dir, kept);
    draw_one(ic, ren, surf, path, want_w, out);
    wz_image_cache_destroy(ic);
}

static int count_rasters(const char *dir)
{
    char *cmd = wz_xasprintf("ls \"%s\" 2>/dev/null | grep -c '^svg-.*\\.wzr$'", dir);
    FILE *p = popen(cmd, "r");
    int n = -1;
    if (p && fscanf(p, "%d", &n) != 1) n = -1;
    if (p) pclose(p);
    free(cmd);
    return n;
}

/* An icon's kept raster is SDL2_image's own, pixel for pixel; a later cache draws from
 * the file (an altered file shows), and a damaged one is drawn again from the SVG. */
static void test_kept_rasters(const char *dir, SDL_Renderer *ren, SDL_Surface *surf)
{
    char *svg = wz_path_join(dir, "ok.svg");
    char *kept = wz_path_join(dir, "rasters");
    size_t n = (size_t)surf->pitch * (size_t)surf->h;
    Uint32 *ref = wz_xmalloc(n), *got = wz_xmalloc(n);

    wz_image_cache *plain = wz_image_cache_create(ren);
    draw_one(plain, ren, surf, svg, 120, ref);
    wz_image_cache_destroy(plain);

    draw_kept(dir, kept, ren, surf, svg, 120, got);
    WZ_CHECK(memcmp(ref, got, n) == 0);
    WZ_CHECK_INT(count_rasters(kept), 1);
    char *ls = wz_xasprintf("%s/svg-*.wzr", kept);
    char *cmd = wz_xasprintf("ls %s", ls);
    FILE *p = popen(cmd, "r");
    char file[4096] = "";
    if (p && !fgets(file, sizeof file, p)) file[0] = '\0';
    if (p) pclose(p);
    file[strcspn(file, "\n")] = '\0';
    free(cmd);
    free(ls);

    /* from the file: the same pixels; then a file with its pixels altered shows them */
    draw_kept(dir, kept, ren, surf, svg, 120, got);
    WZ_CHECK(memcmp(ref, got, n) == 0);
    wz_raster r;
    WZ_CHECK_INT(wz_raster_open(file, 4096, 4096, &r), 0);
    if (r.s) {
        SDL_Surface *red = SDL_DuplicateSurface(r.s);
        wz_raster_close(&r);
        SDL_FillRect(red, NULL, SDL_MapRGBA(red->format, 255, 0, 0, 255));
        wz_raster_write(file, red, 0, 0);
        SDL_FreeSurface(red);
    }
    draw_kept(dir, kept, ren, surf, svg, 120, got);
    WZ_CHECK(memcmp(ref, got, n) != 0);

    /* a torn file: drawn from the SVG again, and kept whole again */
    FILE *f = fopen(file, "r+b");
    WZ_CHECK(f != NULL);
    if (f) {
        WZ_CHECK(ftruncate(fileno(f), 100) == 0);
        fclose(f);
    }
    draw_kept(dir, kept, ren, surf, svg, 120, got);
    WZ_CHECK(memcmp(ref, got, n) == 0);
    WZ_CHECK_INT(wz_raster_open(file, 4096, 4096, &r), 0);
    wz_raster_close(&r);

    /* another size is another file; a PNG is never kept */
    draw_kept(dir, kept, ren, surf, svg, 64, got);
    char *png = wz_path_join(dir, "ok.png");
    draw_kept(dir, kept, ren, surf, png, 64, got);
    WZ_CHECK_INT(count_rasters(kept), 2);
    free(png);
    free(ref);
    free(got);
    free(svg);
    free(kept);
}

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

    test_kept_rasters(dir, ren, surf);

    long peak = max_rss_mb();
    fprintf(stderr, "peak resident over the run: %ld MB\n", peak);
    WZ_CHECK(peak < 300);

    wz_image_cache_destroy(ic);
    SDL_DestroyRenderer(ren);
    SDL_FreeSurface(surf);
    SDL_Quit();
    WZ_TEST_END();
}

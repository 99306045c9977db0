/*
 * test_text: the text layer in every script the kiosk's visitors read (wz_text.h): the
 * visit's language and its direction, shaping in each script (the shaped line differs from
 * its characters' isolated glyphs laid side by side), the bidi order of a mixed line, line
 * breaking, English staying on SDL_ttf's own path without loading another font, and a
 * frame in a right-to-left language mirroring what a screen lays out left to right.
 */
#include <SDL.h>
#include <SDL_ttf.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wz_test.h"
#include "wz_frame.h"
#include "wz_frame_int.h"
#include "wz_fs.h"
#include "wz_text.h"
#include "wz_text_int.h"
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

/* Sum of the isolated glyph advances of text's characters in font: the width the line
 * would have if nothing were shaped. */
static int isolated_width(TTF_Font *font, const char *text)
{
    int total = 0;
    const unsigned char *p = (const unsigned char *)text;
    while (*p) {
        unsigned cp = wz_text_utf8_next(&p);
        int adv = 0;
        if (TTF_GlyphMetrics32(font, cp, NULL, NULL, NULL, NULL, &adv) == 0) total += adv;
    }
    return total;
}

/* Number of columns of s holding some ink. */
static int inked_columns(wz_text_cache *tc, const char *text)
{
    SDL_Color ink = {0, 0, 0, 255};
    wz_text t = wz_text_cache_get(tc, text, 40, 0, ink, 0, WZ_ALIGN_LEFT);
    if (!t.tex) return -1;
    return t.w;
}

static void test_shaping(wz_text_cache *tc)
{
    static const struct {
        const char *name, *text;
        int face_script; /* 1: drawn with the script's font */
        int shaped;      /* 1: the shaped width must differ from the isolated glyphs' */
    } samples[] = {
        /* Urdu: letters join, so their initial/medial/final forms replace isolated ones */
        {"Urdu", "\u0645\u062D\u0641\u0648\u0638 \u0631\u06C1\u06CC\u06BA", 1, 1},
        {"Arabic", "\u0643\u064A\u0641 \u062D\u0627\u0644\u0643", 1, 1},
        /* Gujarati conjunct: ksha (ka + virama + ssa) is one glyph */
        {"Gujarati",
         "\u0A95\u0ACD\u0AB7\u0AAE\u0ABE \u0AB8\u0AC1\u0AB0\u0A95\u0ACD\u0AB7\u0ABF\u0AA4", 1, 1},
        /* Gurmukhi: pa + virama + ra becomes pa with a subjoined ra */
        {"Gurmukhi", "\u0A2A\u0A4D\u0A30\u0A24\u0A40 \u0A38\u0A41\u0A30\u0A71\u0A16\u0A3F\u0A06", 1,
         1},
        {"Polish", "Za\u017C\u00F3\u0142\u0107 g\u0119\u015Bl\u0105 ja\u017A\u0144", 0, 0},
    };
    for (size_t i = 0; i < WZ_ARRAY_LEN(samples); i++) {
        WZ_TEST(samples[i].name);
        const char *text = samples[i].text;
        SDL_Point shaped = wz_text_cache_measure(tc, text, 40, 0, 0);
        WZ_CHECK(shaped.x > 0);
        WZ_CHECK(inked_columns(tc, text) == shaped.x);
        char *runs = wz_text_shape_runs(tc, text, 40);
        fprintf(stderr, "   runs: %s\n", runs);
        if (samples[i].face_script) {
            /* every run is drawn with the script's font, none with boxes of the kiosk's */
            WZ_CHECK(strstr(runs, "own-font") == NULL);
            WZ_CHECK(strstr(runs, "script-font") != NULL);
        }
        free(runs);
        if (samples[i].shaped) {
            const unsigned char *p = (const unsigned char *)text;
            unsigned first = wz_text_utf8_next(&p);
            (void)first;
            /* the script font, as the runs above use it */
            TTF_Font *f = NULL;
            for (int face = 1; face < WZ_TEXT_MAX_FACES && !f; face++) {
                const char *file = wz_text_face_file(tc, face, 0);
                if (!file) continue;
                TTF_Font *g = TTF_OpenFont(file, 40);
                if (g && TTF_GlyphIsProvided32(g, first)) {
                    f = g;
                } else if (g) {
                    TTF_CloseFont(g);
                }
            }
            WZ_CHECK(f != NULL);
            if (!f) continue;
            int iso = isolated_width(f, text);
            fprintf(stderr, "   shaped %d px, isolated glyphs %d px\n", shaped.x, iso);
            WZ_CHECK(shaped.x != iso);
            TTF_CloseFont(f);
        }
    }
}

static void test_bidi(wz_text_cache *tc)
{
    WZ_TEST("bidi: an Urdu line with a number reads right to left, the number left to right");
    wz_text_set_language(tc, "ur");
    /* "my age is 12 years": runs left to right on screen */
    char *runs = wz_text_shape_runs(
        tc, "\u0645\u06CC\u0631\u06CC \u0639\u0645\u0631 12 \u0633\u0627\u0644 \u06C1\u06D2", 40);
    WZ_CHECK_STR(runs,
                 "[rtl Arab script-font] \u0633\u0627\u0644 \u06C1\u06D2 [ltr Arab script-font]12 "
                 "[rtl Arab script-font]\u0645\u06CC\u0631\u06CC \u0639\u0645\u0631 ");
    free(runs);
    WZ_TEST("bidi: an English name inside Urdu stays left to right, in the kiosk's font");
    runs = wz_text_shape_runs(tc, "\u0645\u06CC\u06BA Instagram \u067E\u0631", 40);
    WZ_CHECK_STR(runs, "[rtl Arab script-font]\u067E\u0631 [rtl Latn own-font]  [ltr Latn "
                       "own-font]Instagram [rtl Arab script-font]\u0645\u06CC\u06BA ");
    free(runs);
    WZ_TEST("bidi: a phone number's groups keep their order in an Urdu line");
    runs = wz_text_shape_runs(tc, "\u0641\u0648\u0646 0800 1111 \u067E\u0631", 40);
    WZ_CHECK_STR(runs,
                 "[rtl Arab script-font] \u067E\u0631 [ltr Arab script-font]0800 1111 [rtl Arab "
                 "script-font]\u0641\u0648\u0646 ");
    free(runs);
    WZ_TEST("bidi: an emoticon put in for an emoji reads left to right in an Urdu line");
    runs = wz_text_shape_runs(tc, "\u062F\u0648\u0633\u062A \u2066:D\u2069", 40);
    WZ_CHECK(strstr(runs, "[ltr Latn own-font]:D") != NULL);
    free(runs);
    WZ_TEST("bidi: an English line in an Urdu visit stays left to right");
    runs = wz_text_shape_runs(tc, "Call 0800 1111 now!", 40);
    WZ_CHECK_STR(runs, "[ltr Latn own-font]Call 0800 1111 now!");
    free(runs);
    wz_text_set_language(tc, "en");
    /* rule W2: digits after an Arabic letter are an Arabic number, so in a left-to-right
     * line they stand left of the Urdu word they follow */
    WZ_TEST("bidi: Urdu then a number inside an English line");
    runs = wz_text_shape_runs(tc, "Say \u0634\u06A9\u0631\u06CC\u06C1 123 to them", 40);
    WZ_CHECK_STR(runs,
                 "[ltr Latn own-font]Say  [ltr Arab script-font]123 [rtl Arab "
                 "script-font]\u0634\u06A9\u0631\u06CC\u06C1  [ltr Arab script-font]  [ltr Latn "
                 "own-font]to them");
    free(runs);
}

static void test_cache_direction(wz_text_cache *tc)
{
    WZ_TEST("a mixed line is cached per direction: an Urdu visit does not reuse the English one");
    const char *mixed = "Instagram \u067E\u0631 \u0645\u062A \u062C\u0627\u0624";
    SDL_Color ink = {0, 0, 0, 255};
    long r0 = 0, r1 = 0, r2 = 0, r3 = 0;
    wz_text_set_language(tc, "en");
    wz_text_cache_get(tc, mixed, 30, 0, ink, 0, WZ_ALIGN_LEFT);
    wz_text_cache_stats(tc, NULL, NULL, &r0);
    wz_text_cache_get(tc, mixed, 30, 0, ink, 0, WZ_ALIGN_LEFT);
    wz_text_cache_stats(tc, NULL, NULL, &r1);
    WZ_CHECK(r1 == r0); /* a hit */
    wz_text_set_language(tc, "ur");
    wz_text_cache_get(tc, mixed, 30, 0, ink, 0, WZ_ALIGN_LEFT);
    wz_text_cache_stats(tc, NULL, NULL, &r2);
    WZ_CHECK(r2 == r1 + 1); /* laid out again, right to left */
    wz_text_cache_get(tc, mixed, 30, 0, ink, 0, WZ_ALIGN_LEFT);
    wz_text_cache_stats(tc, NULL, NULL, &r3);
    WZ_CHECK(r3 == r2);
    wz_text_set_language(tc, "en");
}

/* 1 when two surfaces hold the same pixels. */
static int same_pixels(SDL_Surface *a, SDL_Surface *b)
{
    if (!a || !b || a->w != b->w || a->h != b->h || a->format->format != b->format->format)
        return 0;
    for (int y = 0; y < a->h; y++)
        if (memcmp((Uint8 *)a->pixels + y * a->pitch, (Uint8 *)b->pixels + y * b->pitch,
                   (size_t)a->w * a->format->BytesPerPixel) != 0)
            return 0;
    return 1;
}

static void test_font_state(wz_text_cache *tc)
{
    WZ_TEST("shaping a right-to-left run leaves the kiosk font as SDL_ttf's own path expects");
    SDL_Color ink = {0, 0, 0, 255};
    TTF_Font *own = wz_text_font(tc, 0, 33, 0);
    SDL_Surface *before = TTF_RenderUTF8_Blended(own, "Hello world", ink);
    wz_text_set_language(tc, "ur");
    /* the dash is a right-to-left run in the kiosk's font (the Arabic font has none), drawn
     * last as it is rightmost */
    wz_text_cache_get(tc, "- \u0645\u06CC\u06BA", 33, 0, ink, 0, WZ_ALIGN_LEFT);
    char *runs = wz_text_shape_runs(tc, "- \u0645\u06CC\u06BA", 33);
    WZ_CHECK(strstr(runs, "[rtl Arab own-font]-") != NULL);
    free(runs);
    wz_text_set_language(tc, "en");
    SDL_Surface *after = TTF_RenderUTF8_Blended(own, "Hello world", ink);
    WZ_CHECK(same_pixels(before, after));
    SDL_FreeSurface(before);
    SDL_FreeSurface(after);
}

/* Random mixes of every kind of character the shaping path meets (and broken UTF-8), at
 * random wrap widths: every text is laid out, nothing is wider than its wrap width unless
 * one cluster is, and nothing crashes. */
static void test_random_texts(wz_text_cache *tc)
{
    WZ_TEST("random mixed-script texts and broken UTF-8 lay out within their width");
    static const char *const pieces[] = {"\u0645\u062D\u0641\u0648\u0638",
                                         "\u0A95\u0ACD\u0AB7",
                                         "\u0A2A\u0A4D\u0A30",
                                         "Hello",
                                         " ",
                                         "  ",
                                         "\n",
                                         "0800",
                                         "-",
                                         "(",
                                         ")",
                                         "\u200C",
                                         "\u200D",
                                         "\u2066",
                                         "\u2069",
                                         "\u202E",
                                         "\u200F",
                                         "\u064B",
                                         "\u0ACD",
                                         "\xD8",
                                         "\xE0\xAA",
                                         "\xF0\x9F\x98\x80",
                                         "\xFF",
                                         "!",
                                         "\u0633\u0627\u0644",
                                         "\u05E9\u05DC\u05D5\u05DD"};
    unsigned seed = 12345;
    int wider = 0;
    SDL_Color ink = {0, 0, 0, 255};
    wz_text_set_language(tc, "ur");
    for (int round = 0; round < 400; round++) {
        char buf[512] = "";
        size_t len = 0;
        int n = 1 + (int)((seed = seed * 1103515245u + 12345u) >> 16) % 20;
        for (int i = 0; i < n; i++) {
            const char *pc =
                pieces[((seed = seed * 1103515245u + 12345u) >> 16) % WZ_ARRAY_LEN(pieces)];
            size_t pl = strlen(pc);
            if (len + pl + 1 >= sizeof buf) break;
            memcpy(buf + len, pc, pl);
            len += pl;
            buf[len] = '\0';
        }
        int wrap = (int)((seed = seed * 1103515245u + 12345u) >> 16) % 300;
        if (round == 200) wz_text_set_language(tc, "en");
        wz_text t = wz_text_cache_get(tc, buf, 24, round & 1, ink, wrap, round % 3);
        SDL_Point m = wz_text_cache_measure(tc, buf, 24, round & 1, wrap);
        if (t.tex && (t.w != m.x || t.h != m.y)) wider++;
        if (wrap > 60 && m.x > wrap) wider++;
    }
    WZ_CHECK_INT(wider, 0);
    wz_text_set_language(tc, "en");
}

static void test_wrapping(wz_text_cache *tc)
{
    WZ_TEST("lines break at spaces, each no wider than the wrap width");
    const char *urdu =
        "\u0627\u06AF\u0631 \u06A9\u0648\u0626\u06CC \u0622\u067E \u06A9\u0648 "
        "\u067E\u0631\u06CC\u0634\u0627\u0646 \u06A9\u0631\u06D2 \u062A\u0648 "
        "\u06A9\u0633\u06CC \u0628\u0691\u06D2 \u06A9\u0648 \u0628\u062A\u0627\u0626\u06CC\u06BA";
    SDL_Point one = wz_text_cache_measure(tc, urdu, 40, 0, 0);
    int lh = wz_text_line_height(tc, 40, 0);
    WZ_CHECK(one.y == lh);
    SDL_Point wrapped = wz_text_cache_measure(tc, urdu, 40, 0, one.x / 2);
    WZ_CHECK(wrapped.y >= 2 * lh && wrapped.y <= 4 * lh);
    WZ_CHECK(wrapped.x <= one.x / 2);
    WZ_TEST("a word wider than the line breaks between grapheme clusters only");
    /* Gujarati conjuncts repeated with no space: never a virama at a line's end */
    const char *word = "\u0A95\u0ACD\u0AB7\u0A95\u0ACD\u0AB7\u0A95\u0ACD\u0AB7\u0A95\u0ACD\u0AB7"
                       "\u0A95\u0ACD\u0AB7\u0A95\u0ACD\u0AB7";
    SDL_Point w1 = wz_text_cache_measure(tc, word, 40, 0, 0);
    SDL_Point w2 = wz_text_cache_measure(tc, word, 40, 0, w1.x / 3);
    WZ_CHECK(w2.y >= 3 * lh);
    WZ_CHECK(w2.x <= w1.x / 3);
    /* a line's width is a whole number of conjuncts */
    int one_ksha = wz_text_cache_measure(tc, "\u0A95\u0ACD\u0AB7", 40, 0, 0).x;
    WZ_CHECK(one_ksha > 0 && w2.x % one_ksha <= 2);
}

static void test_english_plain(wz_text_cache *tc)
{
    WZ_TEST("English (and Polish) never load another font nor take the shaping path");
    WZ_CHECK(!wz_text_shape_needed(tc, "Hello, what\u2019s your name? \U0001F600", 40));
    WZ_CHECK(!wz_text_shape_needed(tc, "Za\u017C\u00F3\u0142\u0107", 12));
    WZ_CHECK(wz_text_shape_needed(tc, "Hi \u0A95", 5));
    WZ_CHECK(wz_text_shape_needed(tc, "\u200Fx", 4));
}

/* A little screen as the screens build one: a top bar with Back, a bubble from the other
 * person on the left with left-aligned text, a choice, and a scroll view. */
static void build(wz_frame *f)
{
    SDL_Color ink = {0, 0, 0, 255}, bg = {200, 200, 200, 255};
    wz_frame_begin(f, 800, 600);
    SDL_Rect back = {10, 10, 120, 70};
    wz_frame_rect(f, back, 8, bg);
    wz_frame_icon(f, "back", (SDL_Rect){16, 20, 50, 50}, ink);
    wz_frame_control(f, back, 1, 0, "Back");
    wz_frame_scroll_begin(f, (SDL_Rect){0, 100, 700, 500});
    SDL_Rect bubble = {20, 20, 400, 120};
    wz_frame_rect(f, bubble, 20, bg);
    wz_frame_text(f, "\u0622\u067E \u06A9\u06CC\u0633\u06D2 \u06C1\u06CC\u06BA\u061F",
                  (SDL_Rect){40, 30, 360, 0}, 30, 0, ink, WZ_ALIGN_LEFT);
    wz_frame_control(f, (SDL_Rect){40, 200, 300, 80}, 2, 0, "choice");
    wz_frame_scroll_end(f, 500);
}

static void test_mirroring(wz_frame *f, wz_text_cache *tc)
{
    WZ_TEST("the same screen in English and in Urdu: every rectangle at its mirror image");
    wz_text_set_language(tc, "en");
    build(f);
    WZ_CHECK(!wz_frame_is_rtl(f));
    const wz_control *back = wz_frame_find(f, "Back");
    WZ_CHECK(back && back->r.x == 10 && back->r.w == 120);
    int ncmds = f->ncmds;
    cmd *ltr = wz_xcalloc((size_t)ncmds, sizeof *ltr);
    memcpy(ltr, f->cmds, (size_t)ncmds * sizeof *ltr);
    for (int i = 0; i < ncmds; i++)
        ltr[i].s = NULL;
    SDL_Rect ltr_choice = wz_frame_find(f, "choice")->r;
    wz_text_set_language(tc, "ur");
    build(f);
    WZ_CHECK(wz_frame_is_rtl(f));
    back = wz_frame_find(f, "Back");
    WZ_CHECK(back && back->r.x == 800 - 10 - 120 && back->r.y == 10);
    const wz_control *choice = wz_frame_find(f, "choice");
    WZ_CHECK(choice && choice->r.x == 800 - ltr_choice.x - ltr_choice.w);
    WZ_CHECK(wz_frame_hit(f, 750, 40) == back); /* Back is now at the top right */
    WZ_CHECK(wz_frame_hit(f, 40, 40) == NULL);
    WZ_CHECK_INT(f->ncmds, ncmds);
    for (int i = 0; i < ncmds && i < f->ncmds; i++) {
        const cmd *a = &ltr[i], *b = &f->cmds[i];
        if (a->kind == CMD_TEXT) {
            /* the box mirrors; text aligned left is aligned right inside it */
            WZ_CHECK(b->box.x == 800 - a->box.x - a->box.w);
            WZ_CHECK(b->r.x + b->r.w == b->box.x + b->box.w);
            WZ_CHECK(a->r.x == a->box.x);
        } else {
            WZ_CHECK(b->r.x == 800 - a->r.x - a->r.w && b->r.y == a->r.y && b->r.w == a->r.w);
        }
        WZ_CHECK(b->flip == (a->kind == CMD_ICON)); /* the back arrow points right */
    }
    SDL_Rect vp;
    WZ_CHECK(wz_frame_scroll_viewport(f, &vp) && vp.x == 0); /* as the screen gave it */
    WZ_CHECK(f->vp.x == 100);                                /* on screen */
    char *report = NULL;
    WZ_CHECK(wz_frame_check(f, &report) == 0);
    free(report);
    free(ltr);
    wz_text_set_language(tc, "en");
}

/* The pixels of text drawn through tc at the top left of the renderer's cleared surface. */
static void draw_text(wz_text_cache *tc, SDL_Renderer *ren, SDL_Surface *surf, const char *text,
                      int px, int bold, SDL_Color c, int wrap, Uint32 *out)
{
    SDL_SetRenderDrawColor(ren, 18, 43, 92, 255);
    SDL_RenderClear(ren);
    wz_text t = wz_text_cache_get(tc, text, px, bold, c, wrap, WZ_ALIGN_LEFT);
    WZ_CHECK(t.tex != NULL);
    SDL_Rect d = {0, 0, t.w, t.h};
    if (t.tex) SDL_RenderCopy(ren, t.tex, NULL, &d);
    SDL_RenderFlush(ren);
    memcpy(out, surf->pixels, (size_t)surf->pitch * (size_t)surf->h);
}

static int count_files(const char *dir)
{
    DIR *d = opendir(dir);
    int n = 0;
    struct dirent *e;
    while (d && (e = readdir(d)))
        n += strncmp(e->d_name, "text-", 5) == 0;
    if (d) closedir(d);
    return n;
}

/* Texts kept on disk (wz_text_cache_keep_rasters): the next cache draws them from the files
 * without rendering, pixel for pixel the same; turned off, the files no text used go. */
static void test_kept_rasters(SDL_Renderer *ren, SDL_Surface *surf)
{
    char dir[] = "/tmp/wz-text-XXXXXX";
    WZ_CHECK(mkdtemp(dir) != NULL);
    size_t n = (size_t)surf->pitch * (size_t)surf->h;
    Uint32 *ref[2] = {wz_xmalloc(n), wz_xmalloc(n)}, *got = wz_xmalloc(n);
    const char *title = "Warning Zone";
    const char *para = "Chat, choose what to do, and spot the warning signs.";
    SDL_Color white = {255, 255, 255, 255}, sun = {255, 200, 61, 255};
    long renders = 0;
    for (int round = 0; round < 3; round++) {
        wz_text_cache *tc =
            wz_text_cache_create(ren, WZ_SOURCE_DIR "/assets/fonts/NotoSans-Regular.ttf",
                                 WZ_SOURCE_DIR "/assets/fonts/NotoSans-Bold.ttf");
        WZ_CHECK(tc != NULL);
        if (!tc) break;
        if (round < 2) wz_text_cache_keep_rasters(tc, dir);
        SDL_Point size = wz_text_cache_measure(tc, title, 72, 1, 0);
        WZ_CHECK(size.x > 100);
        draw_text(tc, ren, surf, title, 72, 1, white, 0, round ? got : ref[0]);
        if (round) WZ_CHECK(memcmp(ref[0], got, n) == 0);
        if (round != 1) { /* the second start shows only the title */
            draw_text(tc, ren, surf, para, 30, 0, sun, 300, round ? got : ref[1]);
            if (round) WZ_CHECK(memcmp(ref[1], got, n) == 0);
        }
        wz_text_cache_stats(tc, NULL, NULL, &renders);
        if (round == 0) WZ_CHECK(renders > 0 && count_files(dir) >= 3);
        if (round == 1) WZ_CHECK_INT(renders, 0); /* all three from the files */
        wz_text_cache_keep_rasters(tc, NULL);
        if (round == 1) WZ_CHECK_INT(count_files(dir), 2); /* the paragraph's went */
        wz_text_cache_destroy(tc);
    }
    WZ_CHECK(renders > 0); /* the third, without kept texts, rendered them again */
    free(ref[0]);
    free(ref[1]);
    free(got);
    WZ_CHECK_INT(wz_fs_rm_rf(dir, NULL), 0);
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
    if (tc) {
        test_language(tc);
        test_english_plain(tc);
        int fonts_before = 0;
        for (int i = 0; i < WZ_FONT_SLOTS; i++)
            fonts_before += tc->fonts[i].font != NULL;
        wz_text_cache_measure(tc, "Plain English text, wrapped to a width.", 40, 0, 100);
        int fonts_after = 0;
        for (int i = 0; i < WZ_FONT_SLOTS; i++)
            fonts_after += tc->fonts[i].font && tc->fonts[i].face == 0;
        WZ_CHECK(fonts_after == fonts_before + 1); /* only the kiosk font at 40 px */
        WZ_CHECK(tc->shaped == 0);
        test_shaping(tc);
        test_bidi(tc);
        test_wrapping(tc);
        test_cache_direction(tc);
        test_font_state(tc);
        test_random_texts(tc);
        test_kept_rasters(ren, surf);
        wz_draw *d = wz_draw_create(ren);
        wz_image_cache *ic = wz_image_cache_create(ren);
        wz_frame *f = wz_frame_create(ren, d, tc, ic, WZ_SOURCE_DIR "/assets/icons");
        test_mirroring(f, tc);
        wz_frame_destroy(f);
        wz_image_cache_destroy(ic);
        wz_draw_destroy(d);
    }
    wz_text_cache_destroy(tc);
    SDL_DestroyRenderer(ren);
    SDL_FreeSurface(surf);
    SDL_Quit();
    WZ_TEST_END();
}

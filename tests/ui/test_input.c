/*
 * test_input: the input layer, the frame's controls and layout check, and the text
 * cache, on SDL's software renderer with no window (code-anchors Part B: "target our own
 * input layer with hand-built SDL_Event structs").
 *
 * The SDL 2.26 touch pitfalls each get a case: synthesised mouse events ignored, real
 * mouse quiet after a finger, act on release within the slop radius, a drag scrolls and
 * never taps, a lost finger-up does not block the next press, a second finger cancels,
 * focus loss cancels, a rotated panel maps correctly; and the keyboard path.
 */
#include <SDL.h>
#include <SDL_ttf.h>
#include <unistd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wz_image_lib.h"
#include "wz_draw.h"
#include "wz_frame.h"
#include "wz_image.h"
#include "wz_input.h"
#include "wz_test.h"
#include "wz_text.h"

#define W 1000
#define H 800

static Uint32 clock_ms = 10000;

static SDL_Event finger(Uint32 type, SDL_FingerID id, int x, int y)
{
    SDL_Event e;
    memset(&e, 0, sizeof e);
    e.type = type;
    e.tfinger.timestamp = clock_ms;
    e.tfinger.touchId = 1;
    e.tfinger.fingerId = id;
    e.tfinger.x = ((float)x + 0.5f) / W;
    e.tfinger.y = ((float)y + 0.5f) / H;
    return e;
}

static SDL_Event mouse(Uint32 type, Uint32 which, int x, int y)
{
    SDL_Event e;
    memset(&e, 0, sizeof e);
    e.type = type;
    if (type == SDL_MOUSEMOTION) {
        e.motion.timestamp = clock_ms;
        e.motion.which = which;
        e.motion.x = x;
        e.motion.y = y;
    } else {
        e.button.timestamp = clock_ms;
        e.button.which = which;
        e.button.button = SDL_BUTTON_LEFT;
        e.button.x = x;
        e.button.y = y;
    }
    return e;
}

static SDL_Event key(SDL_Keycode k, Uint16 mod)
{
    SDL_Event e;
    memset(&e, 0, sizeof e);
    e.type = SDL_KEYDOWN;
    e.key.keysym.sym = k;
    e.key.keysym.mod = mod;
    return e;
}

/* Feeds events; returns the action activated (0: none), arg in *arg. */
static int feed(wz_input *in, wz_frame *f, const SDL_Event *evs, int n, int *arg, int *back)
{
    int act = 0;
    for (int i = 0; i < n; i++) {
        wz_input_result r = {0};
        wz_input_handle(in, &evs[i], f, &r);
        if (r.activated) {
            act = r.action;
            if (arg) *arg = r.arg;
        }
        if (back && r.back) *back = 1;
    }
    return act;
}

/* Two buttons at the top, a scroll view below with one control inside it. */
static void build(wz_frame *f)
{
    wz_frame_begin(f, W, H);
    SDL_Rect a = {100, 50, 300, 100}, b = {500, 50, 300, 100};
    wz_frame_control(f, a, 1, 0, "Alpha");
    wz_frame_control(f, b, 2, 7, "Beta");
    SDL_Rect vp = {0, 200, W, 600};
    wz_frame_scroll_begin(f, vp);
    SDL_Rect c = {100, 1000, 300, 100}; /* below the fold */
    wz_frame_control(f, c, 3, 0, "Gamma");
    wz_frame_scroll_end(f, 2000);
}

int main(void)
{
    SDL_SetHint(SDL_HINT_VIDEODRIVER, "dummy");
    if (SDL_Init(SDL_INIT_VIDEO) != 0 || TTF_Init() != 0) {
        fprintf(stderr, "SDL: %s\n", SDL_GetError());
        return 1;
    }
    SDL_Surface *surf = SDL_CreateRGBSurfaceWithFormat(0, W, H, 32, SDL_PIXELFORMAT_ARGB8888);
    SDL_Renderer *ren = SDL_CreateSoftwareRenderer(surf);
    wz_draw *d = wz_draw_create(ren);
    wz_text_cache *tc =
        wz_text_cache_create(ren, WZ_SOURCE_DIR "/assets/fonts/NotoSans-Regular.ttf",
                             WZ_SOURCE_DIR "/assets/fonts/NotoSans-Bold.ttf");
    WZ_CHECK(tc != NULL);
    wz_image_cache *ic = wz_image_cache_create(ren);
    wz_frame *f = wz_frame_create(ren, d, tc, ic, WZ_SOURCE_DIR "/assets/icons");
    wz_input *in = wz_input_create();
    wz_input_set_geometry(in, W, H, 1.0f);
    build(f);
    int arg = -1, back = 0;

    WZ_TEST("a finger tap activates on release, with the control's identity");
    SDL_Event tap[] = {finger(SDL_FINGERDOWN, 5, 600, 100), finger(SDL_FINGERUP, 5, 602, 101)};
    wz_input_result r = {0};
    wz_input_handle(in, &tap[0], f, &r);
    int pa = 0, parg = 0;
    WZ_CHECK(wz_input_pressed(in, &pa, &parg));
    WZ_CHECK_INT(pa, 2);
    WZ_CHECK(r.touch_used && r.activity && !r.activated);
    WZ_CHECK_INT(feed(in, f, &tap[1], 1, &arg, NULL), 2);
    WZ_CHECK_INT(arg, 7);
    WZ_CHECK(!wz_input_pressed(in, &pa, &parg));

    WZ_TEST("mouse events SDL makes from touches are ignored (no double tap)");
    SDL_Event synth[] = {mouse(SDL_MOUSEBUTTONDOWN, SDL_TOUCH_MOUSEID, 200, 100),
                         mouse(SDL_MOUSEBUTTONUP, SDL_TOUCH_MOUSEID, 200, 100)};
    WZ_CHECK_INT(feed(in, f, synth, 2, NULL, NULL), 0);

    WZ_TEST("a real mouse is quiet just after a finger, then works");
    clock_ms += 100;
    SDL_Event m[] = {mouse(SDL_MOUSEBUTTONDOWN, 0, 200, 100),
                     mouse(SDL_MOUSEBUTTONUP, 0, 200, 100)};
    WZ_CHECK_INT(feed(in, f, m, 2, NULL, NULL), 0);
    clock_ms += WZ_INPUT_MOUSE_QUIET_MS;
    m[0] = mouse(SDL_MOUSEBUTTONDOWN, 0, 200, 100);
    m[1] = mouse(SDL_MOUSEBUTTONUP, 0, 200, 100);
    WZ_CHECK_INT(feed(in, f, m, 2, NULL, NULL), 1);

    WZ_TEST("high-DPI: mouse points are scaled to output pixels");
    wz_input_set_geometry(in, W, H, 2.0f);
    m[0] = mouse(SDL_MOUSEBUTTONDOWN, 0, 300, 50);
    m[1] = mouse(SDL_MOUSEBUTTONUP, 0, 300, 50);
    WZ_CHECK_INT(feed(in, f, m, 2, NULL, NULL), 2);
    wz_input_set_geometry(in, W, H, 1.0f);

    WZ_TEST("release outside the slop radius, or on another control, is not a tap");
    SDL_Event slide[] = {finger(SDL_FINGERDOWN, 1, 120, 60), finger(SDL_FINGERMOTION, 1, 390, 140),
                         finger(SDL_FINGERUP, 1, 390, 140)};
    WZ_CHECK_INT(feed(in, f, slide, 3, NULL, NULL), 0);
    SDL_Event across[] = {finger(SDL_FINGERDOWN, 1, 390, 100), finger(SDL_FINGERUP, 1, 510, 100)};
    WZ_CHECK_INT(feed(in, f, across, 2, NULL, NULL), 0);

    WZ_TEST("a drag in the scroll view scrolls and never taps");
    WZ_CHECK_INT(wz_frame_scroll_offset(f), 0);
    SDL_Event drag[] = {finger(SDL_FINGERDOWN, 2, 200, 700), finger(SDL_FINGERMOTION, 2, 200, 600),
                        finger(SDL_FINGERMOTION, 2, 200, 400), finger(SDL_FINGERUP, 2, 200, 400)};
    WZ_CHECK_INT(feed(in, f, drag, 4, NULL, NULL), 0);
    WZ_CHECK_INT(wz_frame_scroll_offset(f), 300);
    /* Gamma (content y 1000) is now at screen y 200 + 1000 - 300 = 900: off screen */
    WZ_CHECK(wz_frame_hit(f, 200, 750) == NULL);
    SDL_Event more[] = {finger(SDL_FINGERDOWN, 2, 200, 700), finger(SDL_FINGERMOTION, 2, 200, 200),
                        finger(SDL_FINGERUP, 2, 200, 200)};
    feed(in, f, more, 3, NULL, NULL);
    WZ_CHECK_INT(wz_frame_scroll_offset(f), 800);
    /* Gamma is at 200 + 1000 - 800 = 400 now, and tappable there */
    SDL_Event g[] = {finger(SDL_FINGERDOWN, 3, 200, 450), finger(SDL_FINGERUP, 3, 200, 450)};
    WZ_CHECK_INT(feed(in, f, g, 2, NULL, NULL), 3);
    WZ_CHECK(wz_frame_scroll_by(f, 100000));
    WZ_CHECK_INT(wz_frame_scroll_offset(f), wz_frame_scroll_max(f));
    WZ_CHECK_INT(wz_frame_scroll_max(f), 1400);
    wz_frame_scroll_reset(f);
    build(f);

    WZ_TEST("a lost finger-up does not block the next press");
    SDL_Event lost[] = {finger(SDL_FINGERDOWN, 8, 200, 100), finger(SDL_FINGERDOWN, 8, 600, 100),
                        finger(SDL_FINGERUP, 8, 600, 100)};
    WZ_CHECK_INT(feed(in, f, lost, 3, NULL, NULL), 2);

    WZ_TEST("a second finger cancels the press; focus loss cancels it too");
    SDL_Event two[] = {finger(SDL_FINGERDOWN, 1, 200, 100), finger(SDL_FINGERDOWN, 2, 600, 100),
                       finger(SDL_FINGERUP, 1, 200, 100), finger(SDL_FINGERUP, 2, 600, 100)};
    WZ_CHECK_INT(feed(in, f, two, 4, NULL, NULL), 0);
    SDL_Event down = finger(SDL_FINGERDOWN, 1, 200, 100), up = finger(SDL_FINGERUP, 1, 200, 100);
    feed(in, f, &down, 1, NULL, NULL);
    wz_input_cancel(in);
    WZ_CHECK_INT(feed(in, f, &up, 1, NULL, NULL), 0);

    WZ_TEST("keyboard: Tab and arrows move focus, Enter activates, Escape is Back");
    SDL_Event k1[] = {key(SDLK_TAB, 0), key(SDLK_RETURN, 0)};
    WZ_CHECK_INT(feed(in, f, k1, 2, NULL, NULL), 1);
    WZ_CHECK(wz_input_focus(in, &pa, &parg) && pa == 1);
    SDL_Event k2[] = {key(SDLK_DOWN, 0), key(SDLK_KP_ENTER, 0)};
    WZ_CHECK_INT(feed(in, f, k2, 2, NULL, NULL), 2);
    SDL_Event k3[] = {key(SDLK_RIGHT, 0), key(SDLK_SPACE, 0)};
    WZ_CHECK_INT(feed(in, f, k3, 2, NULL, NULL), 3);
    WZ_CHECK(wz_frame_scroll_offset(f) > 0); /* focusing Gamma scrolled it into view */
    SDL_Event k4[] = {key(SDLK_TAB, KMOD_SHIFT), key(SDLK_UP, 0), key(SDLK_RETURN, 0)};
    WZ_CHECK_INT(feed(in, f, k4, 3, NULL, NULL), 1);
    SDL_Event esc = key(SDLK_ESCAPE, 0);
    WZ_CHECK_INT(feed(in, f, &esc, 1, NULL, &back), 0);
    WZ_CHECK_INT(back, 1);
    /* a touch hides the focus ring again */
    feed(in, f, tap, 2, NULL, NULL);
    WZ_CHECK(!wz_input_focus(in, &pa, &parg));

    WZ_TEST("a touch panel mounted rotated against the display");
    int x, y;
    wz_input_set_rotation(in, 90);
    wz_input_map_finger(in, 0.0f, 0.0f, &x, &y);
    WZ_CHECK(x == 0 && y == H - 1);
    wz_input_map_finger(in, 1.0f, 0.0f, &x, &y);
    WZ_CHECK(x == 0 && y == 0);
    wz_input_set_rotation(in, 180);
    wz_input_map_finger(in, 0.25f, 0.25f, &x, &y);
    WZ_CHECK(x == 750 && y == 600);
    wz_input_set_rotation(in, -90);
    wz_input_map_finger(in, 0.0f, 0.0f, &x, &y);
    WZ_CHECK(x == W - 1 && y == 0);
    wz_input_set_rotation(in, 0);
    wz_input_map_finger(in, 1.5f, -1.0f, &x, &y); /* out of range: clamped */
    WZ_CHECK(x == W - 1 && y == 0);

    WZ_TEST("finding controls by label; the texts on screen");
    build(f);
    WZ_CHECK(wz_frame_find(f, "Beta") && wz_frame_find(f, "Beta")->action == 2);
    WZ_CHECK(wz_frame_find(f, "beta") && wz_frame_find(f, "beta")->action == 2);
    WZ_CHECK(wz_frame_find(f, "amm") && wz_frame_find(f, "amm")->action == 3);
    WZ_CHECK(wz_frame_find(f, "a") == NULL); /* ambiguous */
    WZ_CHECK(wz_frame_find(f, "Delta") == NULL);
    SDL_Color ink = {0, 0, 0, 255};
    SDL_Rect box = {10, 155, 500, 0}; /* between the fixed controls and the scroll view */
    wz_frame_text(f, "Hello there", box, 30, 0, ink, WZ_ALIGN_LEFT);
    WZ_CHECK(wz_frame_has_text(f, "there"));
    WZ_CHECK(!wz_frame_has_text(f, "nowhere"));
    char *report = NULL;
    WZ_CHECK_INT(wz_frame_check(f, &report), 0);
    WZ_CHECK(report == NULL);

    WZ_TEST("the layout check: a control off screen, text too big for its box");
    SDL_Rect off = {W - 50, 10, 100, 40};
    wz_frame_control(f, off, 9, 0, "Off the edge");
    SDL_Rect tiny = {10, 300, 60, 20};
    wz_frame_text(f, "A sentence far too long for this box", tiny, 30, 0, ink, WZ_ALIGN_LEFT);
    WZ_CHECK_INT(wz_frame_check(f, &report), 2);
    WZ_CHECK(report && strstr(report, "Off the edge") && strstr(report, "overflows"));
    free(report);
    wz_frame_draw(f); /* draws without a window */

    WZ_TEST("the layout check: touch targets smaller than a finger");
    build(f);
    WZ_CHECK_INT(wz_frame_check(f, NULL), 0);
    wz_frame_set_min_target(f, 64);
    WZ_CHECK_INT(wz_frame_check(f, NULL), 0); /* Alpha, Beta and Gamma are 300x100 */
    SDL_Rect small = {10, 10, 40, 100};
    wz_frame_control(f, small, 9, 1, "Tiny");
    WZ_CHECK_INT(wz_frame_check(f, &report), 1);
    WZ_CHECK(report && strstr(report, "smaller than a 64 px touch target"));
    free(report);
    wz_frame_set_min_target(f, 0);

    WZ_TEST("the layout check: a word of a control's label broken across lines");
    build(f);
    SDL_Rect btn = {10, 400, 60, 200}, lbl = {12, 402, 56, 196};
    wz_frame_text(f, "Back", lbl, 40, 1, ink, WZ_ALIGN_LEFT); /* "Back" is wider than 56 */
    wz_frame_control(f, btn, 9, 2, "Back");
    WZ_CHECK_INT(wz_frame_check(f, &report), 1);
    WZ_CHECK(report && strstr(report, "\"Back\" is broken across lines"));
    free(report);
    build(f); /* the same words wrapped between words are fine, and so is plain text */
    SDL_Rect wide = {10, 400, 300, 200}, wlbl = {12, 402, 160, 196};
    wz_frame_text(f, "Back to the start", wlbl, 40, 1, ink, WZ_ALIGN_LEFT);
    wz_frame_control(f, wide, 9, 2, "Back to the start");
    wz_frame_text(f, "Supercalifragilistic", (SDL_Rect){400, 400, 60, 0}, 40, 0, ink,
                  WZ_ALIGN_LEFT);
    WZ_CHECK_INT(wz_frame_check(f, NULL), 0);

    WZ_TEST("the layout check: a control over another control or over text");
    build(f);
    wz_frame_control(f, (SDL_Rect){350, 60, 100, 80}, 9, 3, "Half on Alpha");
    WZ_CHECK_INT(wz_frame_check(f, &report), 1);
    WZ_CHECK(report && strstr(report, "\"Half on Alpha\" overlaps control \"Alpha\""));
    free(report);
    build(f); /* a backdrop holding a button, a label inside its button: fine */
    wz_frame_control(f, (SDL_Rect){520, 60, 100, 80}, 9, 4, "Inside Beta");
    wz_frame_text(f, "Alpha", (SDL_Rect){120, 80, 200, 0}, 30, 1, ink, WZ_ALIGN_LEFT);
    WZ_CHECK_INT(wz_frame_check(f, NULL), 0);
    build(f); /* a hidden hold target (nothing drawn) does not cover the text under it */
    wz_frame_text(f, "Corner", (SDL_Rect){10, 155, 300, 0}, 30, 0, ink, WZ_ALIGN_LEFT);
    wz_frame_control_hidden(f, (SDL_Rect){0, 150, 60, 48}, 9, 6, "Staff");
    WZ_CHECK_INT(wz_frame_check(f, NULL), 0);
    build(f); /* a text sticking out of a button it starts in */
    wz_frame_text(f, "Alpha and more", (SDL_Rect){250, 80, 245, 0}, 30, 1, ink, WZ_ALIGN_LEFT);
    WZ_CHECK_INT(wz_frame_check(f, &report), 1);
    WZ_CHECK(report && strstr(report, "\"Alpha\" overlaps text \"Alpha and more\""));
    free(report);
    /* a fixed button over the scroll view covers the scrolled text and control under it,
     * even when they lie wholly inside it, and only while they show there */
    wz_frame_begin(f, W, H);
    wz_frame_scroll_reset(f);
    wz_frame_scroll_begin(f, (SDL_Rect){0, 200, W, 600});
    wz_frame_text(f, "Under", (SDL_Rect){100, 520, 200, 0}, 30, 0, ink, WZ_ALIGN_LEFT);
    wz_frame_control(f, (SDL_Rect){100, 1000, 300, 100}, 3, 0, "Gamma");
    wz_frame_scroll_end(f, 2000);
    wz_frame_control(f, (SDL_Rect){50, 650, 400, 150}, 9, 5, "More below");
    WZ_CHECK_INT(wz_frame_check(f, &report), 1);
    WZ_CHECK(report && strstr(report, "\"More below\" overlaps text \"Under\""));
    free(report);
    wz_frame_scroll_set(f, 500); /* Gamma comes under it; the text goes out of view */
    WZ_CHECK_INT(wz_frame_check(f, &report), 1);
    WZ_CHECK(report && strstr(report, "\"More below\" overlaps control \"Gamma\""));
    free(report);

    WZ_TEST("the text cache renders a string once, and again after a render reset");
    long renders0, renders1, renders2;
    int entries;
    size_t bytes0, bytes1;
    SDL_Color blue = {0, 0, 255, 255}, red = {255, 0, 0, 255};
    wz_text_cache_stats(tc, &entries, &bytes0, &renders0);
    SDL_Point m1 = wz_text_cache_measure(tc, "Cached", 30, 1, 0);
    SDL_Point m2 = wz_text_cache_measure(tc, "Cached", 30, 1, 0);
    wz_text_cache_stats(tc, NULL, &bytes1, &renders1);
    WZ_CHECK(m1.x > 0 && m1.y > 0 && m1.x == m2.x && m1.y == m2.y);
    WZ_CHECK_INT(renders1 - renders0, 1);
    WZ_CHECK(bytes1 == bytes0); /* a measurement keeps no pixels */
    wz_text a1 = wz_text_cache_get(tc, "Cached", 30, 1, blue, 0, WZ_ALIGN_LEFT);
    wz_text a2 = wz_text_cache_get(tc, "Cached", 30, 1, blue, 0, WZ_ALIGN_LEFT);
    wz_text a3 = wz_text_cache_get(tc, "Cached", 30, 1, blue, 0, WZ_ALIGN_CENTER); /* one line */
    wz_text a5 = wz_text_cache_get(tc, "Cached", 30, 1, red, 0, WZ_ALIGN_LEFT);
    wz_text_cache_stats(tc, NULL, NULL, &renders1);
    WZ_CHECK(a1.tex && a1.tex == a2.tex && a1.tex == a3.tex);
    WZ_CHECK(a5.tex && a5.tex != a1.tex); /* drawn in its own colour, never tinted */
    WZ_CHECK(a1.w == m1.x && a1.h == m1.y);
    WZ_CHECK_INT(renders1 - renders0, 3);
    wz_text_cache_reset(tc);
    wz_text_cache_stats(tc, &entries, NULL, NULL);
    WZ_CHECK_INT(entries, 0);
    wz_text a4 = wz_text_cache_get(tc, "Cached", 30, 1, blue, 0, WZ_ALIGN_LEFT);
    wz_text_cache_stats(tc, NULL, NULL, &renders2);
    WZ_CHECK(a4.tex && a4.w == a1.w);
    WZ_CHECK_INT(renders2 - renders1, 1);
    wz_text wrapped =
        wz_text_cache_get(tc, "one two three four five six", 30, 0, blue, 120, WZ_ALIGN_LEFT);
    WZ_CHECK(wrapped.w <= 120 && wrapped.h > a4.h);
    WZ_CHECK(wz_text_cache_get(tc, "", 30, 0, blue, 0, WZ_ALIGN_LEFT).tex == NULL);

    WZ_TEST("the cache stays bounded");
    for (int i = 0; i < WZ_TEXT_CACHE_MAX_ENTRIES + 50; i++) {
        char s[32];
        snprintf(s, sizeof s, "line %d", i);
        if (i % 100 == 0) wz_text_cache_frame(tc);
        wz_text_cache_get(tc, s, 20, 0, blue, 0, WZ_ALIGN_LEFT);
    }
    wz_text_cache_stats(tc, &entries, NULL, NULL);
    WZ_CHECK(entries <= WZ_TEXT_CACHE_MAX_ENTRIES);

    WZ_TEST("pictures: SVG at the size drawn, missing files remembered as missing");
    int iw = 0, ih = 0;
    WZ_CHECK(wz_image_cache_get(ic, WZ_SOURCE_DIR "/assets/icons/help.svg", 96, &iw, &ih) != NULL);
    WZ_CHECK(iw == 96 && ih == 96);
    WZ_CHECK(wz_image_cache_get(ic, "/nonexistent.png", 0, NULL, NULL) == NULL);
    WZ_CHECK(wz_image_cache_get(ic, "/nonexistent.png", 0, NULL, NULL) == NULL);
    int fw = 0;
    WZ_CHECK_INT(wz_image_cache_fit(ic, "/nonexistent.png", 50, 50, &fw), -1);
    WZ_CHECK_INT(wz_image_cache_fit(ic, WZ_SOURCE_DIR "/assets/icons/help.svg", 96, 48, &fw), 0);
    WZ_CHECK_INT(fw, 48); /* a square icon in a wide box: as tall as the box */

    WZ_TEST("raster pictures are scaled once to the size drawn, proportions kept");
    char png[] = "/tmp/wz-test-input-XXXXXX";
    int fd = mkstemp(png);
    WZ_CHECK(fd >= 0);
    if (fd >= 0) close(fd);
    SDL_Surface *pic = SDL_CreateRGBSurfaceWithFormat(0, 200, 100, 32, SDL_PIXELFORMAT_ARGB8888);
    SDL_FillRect(pic, NULL, 0xFF336699u);
    WZ_CHECK(wz_image_lib_save_png(pic, png) == 0);
    SDL_FreeSurface(pic);
    WZ_CHECK_INT(wz_image_cache_fit(ic, png, 80, 80, &fw), 0);
    WZ_CHECK_INT(fw, 80);
    WZ_CHECK(wz_image_cache_get(ic, png, fw, &iw, &ih) != NULL);
    WZ_CHECK(iw == 80 && ih == 40);
    WZ_CHECK(wz_image_cache_get(ic, png, 0, &iw, &ih) != NULL);
    WZ_CHECK(iw == 200 && ih == 100);
    wz_frame_begin(f, W, H);
    SDL_Rect pbox = {0, 0, 80, 80};
    WZ_CHECK_INT(wz_frame_image(f, png, pbox), 0);
    unlink(png);

    WZ_TEST("keyboard: on a mirrored (Urdu) screen the left arrow moves on, the right one back");
    wz_text_set_language(tc, "ur");
    build(f);
    SDL_Event tab = key(SDLK_TAB, 0), left = key(SDLK_LEFT, 0), right = key(SDLK_RIGHT, 0);
    int f0 = 0, f1 = 0, f2 = 0;
    feed(in, f, &tab, 1, NULL, NULL);
    WZ_CHECK(wz_input_focus(in, &f0, &parg));
    feed(in, f, &left, 1, NULL, NULL);
    WZ_CHECK(wz_input_focus(in, &f1, &parg));
    feed(in, f, &right, 1, NULL, NULL);
    WZ_CHECK(wz_input_focus(in, &f2, &parg));
    WZ_CHECK(f0 >= 1 && f0 <= 2);
    WZ_CHECK_INT(f1, f0 + 1); /* Alpha, Beta, Gamma: left goes on */
    WZ_CHECK_INT(f2, f0);
    wz_text_set_language(tc, "en");
    wz_input_destroy(in);
    wz_frame_destroy(f);
    wz_image_cache_destroy(ic);
    wz_text_cache_destroy(tc);
    wz_draw_destroy(d);
    SDL_DestroyRenderer(ren);
    SDL_FreeSurface(surf);
    TTF_Quit();
    SDL_Quit();
    WZ_TEST_END();
}

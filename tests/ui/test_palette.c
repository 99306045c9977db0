/*
 * test_palette: every text colour on every background the palettes declare
 * (wz_palette_pairs), and the initials on every bundled scenario's character colours as
 * the kiosk draws them, meet WCAG 2.2: 4.5:1 in the standard palette, 7:1 in high
 * contrast. Prints the lowest pair of each palette. No display needed.
 *
 * Usage: ui_test_palette SCENARIOS_DIR
 */
#include <stdio.h>
#include <stdlib.h>

#include "wz_diag.h"
#include "wz_library.h"
#include "wz_palette.h"
#include "wz_test.h"
#include "wz_widgets.h"

/* The pairs of p below its minimum, printed; the lowest ratio into *lowest. */
static int failing_pairs(const wz_palette *p, int quiet, double *lowest, const char **lowest_what)
{
    int bad = 0;
    *lowest = 99;
    for (int i = 0; i < wz_palette_npairs; i++) {
        const wz_palette_pair *pp = &wz_palette_pairs[i];
        double r = wz_contrast(wz_palette_at(p, pp->text), wz_palette_at(p, pp->bg));
        if (r < *lowest) {
            *lowest = r;
            *lowest_what = pp->what;
        }
        if (r < wz_palette_min_ratio(p) && !quiet) {
            fprintf(stderr, "%s: %s is %.2f:1, below %.1f:1\n", p->name, pp->what, r,
                    wz_palette_min_ratio(p));
        }
        if (r < wz_palette_min_ratio(p)) bad++;
    }
    return bad;
}

/* The initial on an avatar of colour c as the kiosk draws it: returns its ratio. */
static double character_ratio(const wz_palette *p, SDL_Color c)
{
    SDL_Color fill, ink, ring;
    wz_palette_character(p, c, &fill, &ink, &ring);
    if (ring.a) WZ_CHECK(wz_contrast(ring, fill) >= 3.0); /* the ring shows on its fill */
    return wz_contrast(ink, fill);
}

static int check_characters(const wz_palette *p, const wz_library *lib, double *lowest)
{
    int bad = 0, n = 0;
    for (int i = 0; i < lib->count; i++) {
        const wz_scenario *sc = lib->entries[i].sc;
        for (int k = 0; sc && k < sc->ncharacters; k++) {
            const wz_character *ch = &sc->characters[k];
            double r = character_ratio(p, wz_colour_for(ch->colour, ch->name));
            n++;
            if (r < *lowest) *lowest = r;
            if (r < wz_palette_min_ratio(p)) {
                fprintf(stderr, "%s: %s's initial in %s is %.2f:1\n", p->name, ch->name, sc->file,
                        r);
                bad++;
            }
        }
    }
    WZ_CHECK(n > 20); /* the bundled scenarios were read */
    return bad;
}

/* Any author colour at all, on a grid of the colour cube. */
static int sweep(const wz_palette *p)
{
    int bad = 0;
    for (int r = 0; r < 256; r += 17)
        for (int g = 0; g < 256; g += 17)
            for (int b = 0; b < 256; b += 17)
                if (character_ratio(p, (SDL_Color){(Uint8)r, (Uint8)g, (Uint8)b, 255}) <
                    wz_palette_min_ratio(p))
                    bad++;
    return bad;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: %s SCENARIOS_DIR\n", argv[0]);
        return 2;
    }
    /* the arithmetic against WCAG's own figures */
    SDL_Color black = {0, 0, 0, 255}, white = {255, 255, 255, 255}, grey = {0x76, 0x76, 0x76, 255};
    WZ_CHECK(wz_contrast(black, white) > 20.99 && wz_contrast(black, white) < 21.01);
    WZ_CHECK(wz_contrast(white, grey) > 4.53 && wz_contrast(white, grey) < 4.55);
    WZ_CHECK(wz_contrast(grey, white) == wz_contrast(white, grey));

    /* the check fails a palette with a pale text colour */
    wz_palette pale = wz_palette_standard;
    pale.muted = (SDL_Color){0x9A, 0xA3, 0xB0, 255};
    double low;
    const char *what = NULL;
    WZ_CHECK(failing_pairs(&pale, 1, &low, &what) >= 1);
    wz_palette dim = wz_palette_high_contrast;
    dim.btn_help.text = (SDL_Color){0x80, 0x80, 0x80, 255};
    WZ_CHECK(failing_pairs(&dim, 1, &low, &what) >= 1);

    wz_diags d;
    wz_diags_init(&d);
    wz_library *lib = wz_library_load(argv[1], &d);
    wz_diags_free(&d);
    WZ_CHECK(lib != NULL);
    const wz_palette *pals[] = {&wz_palette_standard, &wz_palette_high_contrast};
    for (int i = 0; i < 2; i++) {
        const wz_palette *p = pals[i];
        WZ_CHECK_INT(failing_pairs(p, 0, &low, &what), 0);
        printf("%s: %d pairs, lowest %s at %.2f:1 (needs %.1f:1)\n", p->name, wz_palette_npairs,
               what, low, wz_palette_min_ratio(p));
        double clow = 99;
        if (lib) WZ_CHECK_INT(check_characters(p, lib, &clow), 0);
        printf("%s: character initials, lowest %.2f:1\n", p->name, clow);
        WZ_CHECK_INT(sweep(p), 0);
    }
    wz_library_free(lib);
    WZ_TEST_END();
}

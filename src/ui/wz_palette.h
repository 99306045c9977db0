/*
 * wz_palette: the kiosk's colours as named roles (background, text, muted text, each
 * button style's fill and text, bubbles, tints, focus...), in two palettes: standard and
 * high contrast (near-black, white and yellow text, outlines instead of mid-tone fills).
 *
 * Which text is drawn on which background is declared once, in wz_palette_pairs, so the
 * contrast test checks the very pairs the widgets use (WCAG 2.2: 4.5:1 standard, 7:1 high
 * contrast). The palette in use is process-wide (the kiosk's one UI thread picks it for
 * each frame from the visitor's choice); wz_widgets.h names its roles WZ_INK, WZ_SURFACE...
 */
#ifndef WZ_PALETTE_H
#define WZ_PALETTE_H

#include <SDL.h>
#include <stddef.h>

/* A button style's colours; border.a == 0: no border. */
typedef struct wz_button_look {
    SDL_Color fill, fill_down, text, border;
} wz_button_look;

typedef struct wz_palette {
    const char *name; /* "standard", "high contrast" */
    int high_contrast;
    /* backgrounds */
    SDL_Color bg, surface, raised, chat_bg, note_bg, night, glow;
    /* text on backgrounds */
    SDL_Color text, muted, line;
    /* strong fills (buttons, badges, the visitor's own bubbles) and the text on them */
    SDL_Color primary, primary_down, help, help_down, safe, safe_down, risky, flag, amber;
    SDL_Color on_fill;
    /* coloured text and icons on light backgrounds ("About 5 minutes", verdicts) */
    SDL_Color primary_ink, safe_ink, risky_ink, flag_ink, amber_ink;
    /* tinted panels (feedback, tapped messages, model answers) */
    SDL_Color safe_bg, risky_bg, flag_bg, amber_bg;
    /* the picker's age-group tiles (8-11, 12-15, 16+, parents), for on_fill text */
    SDL_Color audience[4];
    /* the attract screen's highlight and the text on it */
    SDL_Color sun, on_sun;
    SDL_Color focus, shadow;
    /* outline drawn around panels, bubbles and filled shapes (a == 0: none) */
    SDL_Color outline;
    wz_button_look btn_primary, btn_secondary, btn_help, btn_safe;
} wz_palette;

extern const wz_palette wz_palette_standard, wz_palette_high_contrast;

/* The palette in use (standard until told otherwise). */
const wz_palette *wz_palette_now(void);
void wz_palette_use(const wz_palette *p); /* NULL: standard */

/* A text colour and the background it is drawn on, as offsets into wz_palette. */
typedef struct wz_palette_pair {
    const char *what;
    size_t text, bg;
} wz_palette_pair;
extern const wz_palette_pair wz_palette_pairs[];
extern const int wz_palette_npairs;
SDL_Color wz_palette_at(const wz_palette *p, size_t offset);

/* WCAG 2.2 relative luminance (sRGB) and contrast ratio (1..21). */
double wz_luminance(SDL_Color c);
double wz_contrast(SDL_Color a, SDL_Color b);
/* The minimum ratio text needs in p: 4.5 standard, 7 high contrast. */
double wz_palette_min_ratio(const wz_palette *p);

/* How a character's avatar is drawn for an author's colour: the fill, the initial's
 * colour (the better of white and near-black, or white on black with the author's
 * colour as a ring in high contrast) and the ring (a == 0: none). */
void wz_palette_character(const wz_palette *p, SDL_Color author, SDL_Color *fill, SDL_Color *ink,
                          SDL_Color *ring);

#endif

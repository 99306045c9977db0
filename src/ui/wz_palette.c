/*
 * wz_palette: the two palettes and the contrast arithmetic (see wz_palette.h).
 *
 * High contrast keeps no text on a mid-tone fill: every fill is black or near-black,
 * shapes are told apart by bright outlines (each button style its own colour), text is
 * white and accents are light (yellow, light green, orange, pink), so text reaches 7:1.
 */
#include "wz_palette.h"

#include <math.h>
#include <string.h>

#define C(hex)                                                                                     \
    {                                                                                              \
        (Uint8)((hex) >> 16), (Uint8)((hex) >> 8), (Uint8)(hex), 255                               \
    }
#define NONE                                                                                       \
    {                                                                                              \
        0, 0, 0, 0                                                                                 \
    }

const wz_palette wz_palette_standard = {
    .name = "standard",
    .bg = C(0xF2F5FA),
    .surface = C(0xFFFFFF),
    .raised = C(0xE6EEFB),
    .chat_bg = C(0xE4EAF3),
    .note_bg = C(0xD3DCEA),
    .night = C(0x122B5C),
    .glow = C(0x2A4A8A),
    .text = C(0x162033),
    .muted = C(0x475266),
    .line = C(0xD5DCE8),
    .primary = C(0x1D4ED8),
    .primary_down = C(0x163BA6),
    .help = C(0x6B2FB3),
    .help_down = C(0x52228C),
    .safe = C(0x157A44),
    .safe_down = C(0x0F5C33),
    .risky = C(0xB44D08),
    .flag = C(0xB42318),
    .amber = C(0x9A4A00),
    .on_fill = C(0xFFFFFF),
    .primary_ink = C(0x1D4ED8),
    .safe_ink = C(0x146C3D),
    .risky_ink = C(0xA14406),
    .flag_ink = C(0xB42318),
    .amber_ink = C(0x9A4A00),
    .safe_bg = C(0xE3F5EA),
    .risky_bg = C(0xFDF0DC),
    .flag_bg = C(0xFDE8E6),
    .amber_bg = C(0xFEF1C7),
    .audience = {C(0x1D4ED8), C(0x0F6E63), C(0x6B2FB3), C(0x9A3412)},
    .sun = C(0xFFC83D),
    .on_sun = C(0x122B5C),
    .focus = C(0xF59E0B),
    .shadow = {0x10, 0x20, 0x40, 28},
    .outline = NONE,
    .btn_primary = {C(0x1D4ED8), C(0x163BA6), C(0xFFFFFF), NONE},
    .btn_secondary = {C(0xFFFFFF), C(0xE6EEFB), C(0x163BA6), C(0x1D4ED8)},
    .btn_help = {C(0x6B2FB3), C(0x52228C), C(0xFFFFFF), NONE},
    .btn_safe = {C(0x157A44), C(0x0F5C33), C(0xFFFFFF), NONE},
};

const wz_palette wz_palette_high_contrast = {
    .name = "high contrast",
    .high_contrast = 1,
    .bg = C(0x000000),
    .surface = C(0x000000),
    .raised = C(0x2E2E2E),
    .chat_bg = C(0x0C0C0C),
    .note_bg = C(0x000000),
    .night = C(0x000000),
    .glow = C(0x161616),
    .text = C(0xFFFFFF),
    .muted = C(0xE2E2E2),
    .line = C(0xFFFFFF),
    .primary = C(0x000000),
    .primary_down = C(0x2E2E2E),
    .help = C(0x000000),
    .help_down = C(0x2E2E2E),
    .safe = C(0x000000),
    .safe_down = C(0x2E2E2E),
    .risky = C(0x000000),
    .flag = C(0x000000),
    .amber = C(0x000000),
    .on_fill = C(0xFFFFFF),
    .primary_ink = C(0xFFE14D),
    .safe_ink = C(0x8CF0A8),
    .risky_ink = C(0xFFB86B),
    .flag_ink = C(0xFFA3A3),
    .amber_ink = C(0xFFD37A),
    .safe_bg = C(0x000000),
    .risky_bg = C(0x000000),
    .flag_bg = C(0x000000),
    .amber_bg = C(0x000000),
    .audience = {C(0x000000), C(0x000000), C(0x000000), C(0x000000)},
    .sun = C(0xFFE14D),
    .on_sun = C(0x000000),
    .focus = C(0x00E5FF),
    .shadow = NONE,
    .outline = C(0xFFFFFF),
    .btn_primary = {C(0x000000), C(0x2E2E2E), C(0xFFFFFF), C(0xFFE14D)},
    .btn_secondary = {C(0x000000), C(0x2E2E2E), C(0xFFFFFF), C(0xFFFFFF)},
    .btn_help = {C(0x000000), C(0x2E2E2E), C(0xFFFFFF), C(0xD9B8FF)},
    .btn_safe = {C(0x000000), C(0x2E2E2E), C(0xFFFFFF), C(0x8CF0A8)},
};

static const wz_palette *current = &wz_palette_standard;

const wz_palette *wz_palette_now(void)
{
    return current;
}

void wz_palette_use(const wz_palette *p)
{
    current = p ? p : &wz_palette_standard;
}

#define PAIR(t, b)                                                                                 \
    {                                                                                              \
#t " on " #b, offsetof(wz_palette, t), offsetof(wz_palette, b)                             \
    }
#define BTN(s) PAIR(s.text, s.fill), PAIR(s.text, s.fill_down)

/* Every text colour the widgets and screens draw, on everything it is drawn on. */
const wz_palette_pair wz_palette_pairs[] = {
    PAIR(text, bg),
    PAIR(text, surface),
    PAIR(text, raised),
    PAIR(text, chat_bg),
    PAIR(text, safe_bg),
    PAIR(text, risky_bg),
    PAIR(text, flag_bg),
    PAIR(text, amber_bg),
    PAIR(muted, bg),
    PAIR(muted, surface),
    PAIR(muted, raised),
    PAIR(muted, chat_bg),
    PAIR(muted, note_bg),
    PAIR(on_fill, primary),
    PAIR(on_fill, primary_down),
    PAIR(on_fill, help),
    PAIR(on_fill, help_down),
    PAIR(on_fill, safe),
    PAIR(on_fill, safe_down),
    PAIR(on_fill, risky),
    PAIR(on_fill, flag),
    PAIR(on_fill, amber),
    PAIR(on_fill, night),
    PAIR(on_fill, audience[0]),
    PAIR(on_fill, audience[1]),
    PAIR(on_fill, audience[2]),
    PAIR(on_fill, audience[3]),
    PAIR(sun, night),
    PAIR(on_sun, sun),
    PAIR(primary_ink, surface),
    PAIR(primary_ink, raised),
    PAIR(safe_ink, surface),
    PAIR(safe_ink, bg),
    PAIR(safe_ink, chat_bg),
    PAIR(safe_ink, safe_bg),
    PAIR(risky_ink, surface),
    PAIR(risky_ink, chat_bg),
    PAIR(risky_ink, risky_bg),
    PAIR(flag_ink, surface),
    PAIR(flag_ink, chat_bg),
    PAIR(flag_ink, flag_bg),
    PAIR(amber_ink, surface),
    PAIR(amber_ink, amber_bg),
    BTN(btn_primary),
    BTN(btn_secondary),
    BTN(btn_help),
    BTN(btn_safe),
};
const int wz_palette_npairs = (int)(sizeof wz_palette_pairs / sizeof wz_palette_pairs[0]);

SDL_Color wz_palette_at(const wz_palette *p, size_t offset)
{
    SDL_Color c;
    memcpy(&c, (const char *)p + offset, sizeof c);
    return c;
}

static double channel(Uint8 v)
{
    double c = v / 255.0;
    return c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4);
}

double wz_luminance(SDL_Color c)
{
    return 0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b);
}

double wz_contrast(SDL_Color a, SDL_Color b)
{
    double la = wz_luminance(a), lb = wz_luminance(b);
    return la > lb ? (la + 0.05) / (lb + 0.05) : (lb + 0.05) / (la + 0.05);
}

double wz_palette_min_ratio(const wz_palette *p)
{
    return p->high_contrast ? 7.0 : 4.5;
}

/* c moved a tenth of the way towards `to` (black or white). */
static SDL_Color towards(SDL_Color c, int to)
{
    c.r = (Uint8)(c.r + (to - c.r) / 10 + (to > c.r ? 1 : to < c.r ? -1 : 0));
    c.g = (Uint8)(c.g + (to - c.g) / 10 + (to > c.g ? 1 : to < c.g ? -1 : 0));
    c.b = (Uint8)(c.b + (to - c.b) / 10 + (to > c.b ? 1 : to < c.b ? -1 : 0));
    return c;
}

void wz_palette_character(const wz_palette *p, SDL_Color author, SDL_Color *fill, SDL_Color *ink,
                          SDL_Color *ring)
{
    author.a = 255;
    if (p->high_contrast) {
        /* black with white initials; the author's colour, lightened until it shows on
         * black (3:1, a shape's minimum), as the ring */
        *fill = p->surface;
        *ink = p->text;
        SDL_Color r = author;
        while (wz_contrast(r, p->surface) < 3.0)
            r = towards(r, 255);
        *ring = r;
        return;
    }
    /* the better of white and the text colour; a fill too mid-toned for either is
     * darkened (for white) or lightened (for dark text) until it reaches the minimum */
    SDL_Color white = C(0xFFFFFF);
    int dark = wz_contrast(p->text, author) > wz_contrast(white, author);
    SDL_Color f = author;
    *ink = dark ? p->text : white;
    while (wz_contrast(*ink, f) < wz_palette_min_ratio(p))
        f = towards(f, dark ? 255 : 0);
    *fill = f;
    *ring = (SDL_Color)NONE;
}

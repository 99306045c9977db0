/*
 * wz_text: text rendered once, kept as textures (SDL_ttf).
 *
 * Rasterising text every frame is the classic slowdown, and TTF_SetFontSize clears
 * SDL_ttf's glyph cache, so each (weight, pixel size) has its own TTF_Font, and every string
 * is kept as a texture keyed by text, size, weight, colour, wrap width, alignment and
 * direction. Text in a complex or right-to-left script is shaped run by run
 * (wz_text_shape.c); other text goes straight to SDL_ttf. The cache is bounded and evicts
 * the least recently used entries, never one used in the current frame.
 */
#ifndef WZ_TEXT_H
#define WZ_TEXT_H

#include <SDL.h>

typedef struct wz_text_cache wz_text_cache;

typedef struct wz_text {
    SDL_Texture *tex; /* NULL for empty text or on failure */
    int w, h;         /* size in pixels */
} wz_text;

enum { WZ_ALIGN_LEFT = 0, WZ_ALIGN_CENTER = 1, WZ_ALIGN_RIGHT = 2 };

#define WZ_TEXT_CACHE_MAX_ENTRIES 600
#define WZ_TEXT_CACHE_MAX_BYTES (24u * 1024u * 1024u)
#define WZ_TEXT_MAX_BYTES 8192 /* longer strings are cut (a passage is ~900 chars) */

/* font_regular and font_bold are .ttf paths (copied). Returns NULL (with SDL_GetError)
 * when a font cannot be opened. The renderer must outlive the cache. */
wz_text_cache *wz_text_cache_create(SDL_Renderer *r, const char *font_regular,
                                    const char *font_bold);
void wz_text_cache_destroy(wz_text_cache *tc); /* accepts NULL */
/* Text of px pixels in colour c; wrap 0 means one line, otherwise lines are broken to
 * fit wrap pixels. Returns the cached or new texture and its size. */
wz_text wz_text_cache_get(wz_text_cache *tc, const char *text, int px, int bold, SDL_Color c,
                          int wrap, int align);
/* The size text takes (as wz_text_cache_get would draw it), without keeping pixels. */
SDL_Point wz_text_cache_measure(wz_text_cache *tc, const char *text, int px, int bold, int wrap);
/* Marks the start of a frame: entries used before it may now be evicted. */
void wz_text_cache_frame(wz_text_cache *tc);
/* Drops every texture (after a render reset); fonts stay open. */
void wz_text_cache_reset(wz_text_cache *tc);
/* Line height of a font size (for layout before any text is rendered). */
int wz_text_line_height(wz_text_cache *tc, int px, int bold);
/* The visit's language, a BCP 47 tag ("en", "ur", "gu", "pa", "pl", "ar"; NULL or "" is
 * English), copied. It sets the direction of paragraphs that do not say theirs (right to left
 * for Urdu, Arabic and the other right-to-left languages) and makes the frame mirror its
 * layout (wz_frame_begin asks wz_text_is_rtl). Fonts for other scripts are still chosen per
 * run of text and loaded only when a text needs them. Cached texts stay valid (each is kept
 * for the direction it was laid out for). */
void wz_text_set_language(wz_text_cache *tc, const char *bcp47);
/* The language last set ("en" by default). */
const char *wz_text_language(const wz_text_cache *tc);
/* 1 when the language set is written right to left. */
int wz_text_is_rtl(const wz_text_cache *tc);
/* 1 when the language of this BCP 47 tag is written right to left ("ur", "ar", "ur-PK",
 * "fa", "he", "ps", "sd", "ug", "yi", "dv", "ku-Arab", "pa-Arab"). */
int wz_text_language_is_rtl(const char *bcp47);
/* For tests and benches: entries held, bytes held, renders done since creation. */
/* Texts looked up while this is on are kept rendered in the folder dir (wz_raster), so that
 * the next start shows them without FreeType: the kiosk turns it on for its first frame
 * (the attract screen's texts) and off after it. Off (dir NULL) removes the kept texts in
 * the folder that none of the texts since it was turned on used. */
void wz_text_cache_keep_rasters(wz_text_cache *tc, const char *dir);
void wz_text_cache_stats(const wz_text_cache *tc, int *entries, size_t *bytes, long *renders);
/* For benches: texts laid out by runs (another script, or a right-to-left visit) since
 * creation, and fonts of other scripts open now (0 while only English was shown). */
void wz_text_shape_stats(const wz_text_cache *tc, long *shaped, int *script_fonts);

#endif

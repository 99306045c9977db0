/*
 * wz_text_int: the text cache's insides, shared by wz_text.c (the cache, fonts, the plain
 * path for text that needs no more than SDL_ttf) and wz_text_shape.c (runs by script and
 * direction, bidi order and line breaking for every other text); nothing else.
 */
#ifndef WZ_TEXT_INT_H
#define WZ_TEXT_INT_H

#include <SDL_ttf.h>
#include <stdint.h>

#include "wz_text.h"

#define WZ_FONT_SLOTS 24
#define WZ_TEXT_BUCKETS 1024
/* Face 0 is the kiosk's own font; faces 1.. are the fonts of other scripts. */
#define WZ_TEXT_MAX_FACES 24

typedef struct font_slot {
    TTF_Font *font;
    int face, px, bold;
    unsigned long long used;
} font_slot;

/* A font file mapped into memory once, shared by every size opened from it. */
typedef struct font_map {
    char *path;
    void *data;
    size_t len;
} font_map;
#define WZ_FONT_MAPS (2 * WZ_TEXT_MAX_FACES + 2)

typedef struct entry {
    struct entry *next; /* bucket chain */
    uint32_t hash;
    char *text;
    int px, bold, wrap, align;
    int rtl; /* laid out for a right-to-left visit (a mixed line may order differently) */
    SDL_Color c;
    SDL_Texture *tex;
    int w, h;
    unsigned long long frame;
} entry;

struct wz_text_cache {
    SDL_Renderer *r;
    char *path[2];
    char *font_dir; /* the folder of the kiosk's font: searched first for script fonts */
    /* a script face's file per weight, found on first use: NULL not looked up yet, "" none */
    char *face_path[WZ_TEXT_MAX_FACES][2];
    font_slot fonts[WZ_FONT_SLOTS];
    font_map maps[WZ_FONT_MAPS];
    int nmaps;
    unsigned long long font_clock;
    entry *buckets[WZ_TEXT_BUCKETS];
    int count;
    size_t bytes;
    unsigned long long frame;
    long renders;
    long shaped;   /* texts laid out by runs (wz_text_shape.c) */
    char lang[36]; /* the visit's language */
    int rtl;
    /* wz_text_cache_keep_rasters: the folder, what the key adds, the files used */
    char *raster_dir;
    unsigned long long raster_salt;
    char **raster_used;
    int nraster_used;
};

/* The font of face at px pixels (opened on first use), or NULL when it cannot be had. */
TTF_Font *wz_text_font(wz_text_cache *tc, int face, int px, int bold);
/* The file of a script face (face >= 1), or NULL when no such font is installed. */
const char *wz_text_face_file(wz_text_cache *tc, int face, int bold);
/* 1 when text must be laid out by runs: a script other than Latin, Greek or Cyrillic, or a
 * right-to-left letter or bidi control. */
int wz_text_shape_needed(const wz_text_cache *tc, const char *text, size_t n);
/* 1 when some font of the chain (the kiosk's, then cp's script font) has cp. */
int wz_text_shape_has_glyph(wz_text_cache *tc, unsigned cp, int px, int bold);
/* Lays out and (surf not NULL) renders text wrapped to wrap pixels (0: one line), lines
 * aligned by align. Returns 0 with the size in *w, *h, or -1. *surf is NULL for an empty
 * text. */
int wz_text_shape(wz_text_cache *tc, const char *text, int px, int bold, SDL_Color ink, int wrap,
                  int align, int *w, int *h, SDL_Surface **surf);
/* For tests: the runs of text's first paragraph as one line, in visual order (left to
 * right), each as "[ltr|rtl SCRIPT own-font|script-font]TEXT", space separated, the run's
 * text in logical order. A new string (caller frees). */
char *wz_text_shape_runs(wz_text_cache *tc, const char *text, int px);
unsigned wz_text_utf8_next(const unsigned char **p);

#endif

/*
 * wz_raster: drawings kept on disk between starts, so that the next start shows them
 * without drawing them again: the interface's SVG icons (wz_image) and the attract
 * screen's texts (wz_text), each at the size and colour it is drawn at.
 *
 * A raster file is a 16-byte header ("WZR2", width, height, pixel format) and the pixels,
 * 32-bit ARGB or ABGR (the drawing's own: a tinted copy of either blends differently),
 * top row first, read through a memory mapping straight into a texture: no
 * decoder, no copy, no system call per row. A file may hold the size alone (what a text
 * measures). Files are named after a key covering everything the pixels depend on (the
 * caller's), so a stale file is never found rather than ever wrong, and written whole or
 * not at all. It is only a cache: a missing, damaged or unwritable file costs a drawing.
 */
#ifndef WZ_RASTER_H
#define WZ_RASTER_H

#include <SDL.h>
#include <stddef.h>

/* A raster read from its file: s is valid until wz_raster_close. */
typedef struct wz_raster {
    SDL_Surface *s;
    void *map;
    size_t len;
} wz_raster;

/* The file for key in dir: "<dir>/<kind>-<key in hex>.wzr". The caller frees it. */
char *wz_raster_file(const char *dir, const char *kind, unsigned long long key);

/* Opens the raster at file, at most max_w x max_h. Returns 0, or -1 (missing, damaged,
 * too large, or holding a size only) with *r cleared. */
int wz_raster_open(const char *file, int max_w, int max_h, wz_raster *r);
void wz_raster_close(wz_raster *r);
/* The size kept at file (with or without its pixels). Returns 0, or -1. */
int wz_raster_size(const char *file, int *w, int *h);

/* Keeps s (any pixel format, kept as it is when ARGB8888 or ABGR8888; NULL: the size
 * w x h alone) at file, its folder made when missing. */
void wz_raster_write(const char *file, SDL_Surface *s, int w, int h);

/* Removes the files of kind in dir that are not among the n files in keep (full paths as
 * wz_raster_file makes them). */
void wz_raster_prune(const char *dir, const char *kind, char *const *keep, int n);

#endif

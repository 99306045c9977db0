/*
 * wz_raster: drawings kept on disk between starts, so that the next start shows them
 * without drawing them again: the interface's SVG icons (wz_image) and the attract
 * screen's texts (wz_text), each at the size and colour it is drawn at.
 *
 * A raster is a 32-bit BMP with its alpha channel, read and written by SDL itself (no
 * decoder library needed), named after a key that covers everything the pixels depend on
 * (the caller's: file contents, size, colour, library versions), so a stale file is never
 * found rather than ever wrong. Files are written whole or not at all. It is only a
 * cache: a missing, damaged or unwritable file costs a drawing, nothing else.
 */
#ifndef WZ_RASTER_H
#define WZ_RASTER_H

#include <SDL.h>

/* The file for key in dir: "<dir>/<kind>-<key in hex>.bmp". The caller frees it. */
char *wz_raster_file(const char *dir, const char *kind, unsigned long long key);

/* The kept raster at file, or NULL (missing, unreadable, no alpha channel, or wider or
 * taller than max_w x max_h). */
SDL_Surface *wz_raster_read(const char *file, int max_w, int max_h);

/* Keeps s at file (its folder made when missing). A surface with no visible pixel is not
 * kept: SDL reads such a BMP back as opaque. */
void wz_raster_write(const char *file, SDL_Surface *s);

/* Removes the files of kind in dir that are not among the n files in keep (full paths as
 * wz_raster_file makes them). */
void wz_raster_prune(const char *dir, const char *kind, char *const *keep, int n);

#endif

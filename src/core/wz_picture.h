/*
 * wz_picture: a picture's size, read from its file's header before anything decodes it.
 *
 * A decoder allocates what a header asks for, and a tiny file can ask for gigabytes. So
 * every picture is measured first with bounded reads and refused when it breaks one of the
 * limits below. The checker, the USB import and the kiosk's picture cache all call this one
 * function, so a picture an author was told is fine is one the kiosk will draw.
 *
 * Formats are recognised by content, never by name: PNG, JPEG, GIF, WebP and SVG. An SVG
 * is sized as the kiosk's renderer (NanoSVG) sizes it: width and height at 96 dpi, else its
 * viewBox, else 0 (the kiosk draws SVG at a size it chooses).
 */
#ifndef WZ_PICTURE_H
#define WZ_PICTURE_H

#include <stddef.h>

/* Limits on every picture (pixels are the SVG's CSS pixels too). */
#define WZ_PICTURE_MAX_SIDE 4096
#define WZ_PICTURE_MAX_PIXELS (4096L * 3072L) /* 12.6 million: a 4032 x 3024 phone photo */
#define WZ_PICTURE_MAX_ASPECT 20              /* the long side at most 20 times the short */
#define WZ_PICTURE_MAX_SVG_BYTES (1024L * 1024L)
#define WZ_PICTURE_MAX_SVG_ELEMENTS 10000
/* Numbers inside the tags (path points, sizes): the renderer's time grows faster than
 * this count, so it bounds the drawing time that the element count alone does not. */
#define WZ_PICTURE_MAX_SVG_NUMBERS 4000

typedef enum wz_picture_format {
    WZ_PICTURE_UNKNOWN = 0,
    WZ_PICTURE_PNG,
    WZ_PICTURE_JPEG,
    WZ_PICTURE_GIF,
    WZ_PICTURE_WEBP,
    WZ_PICTURE_SVG
} wz_picture_format;

/* Why a picture was refused. */
typedef enum wz_picture_problem {
    WZ_PICTURE_OK = 0,
    WZ_PICTURE_UNREADABLE, /* not a picture of a known kind, damaged, or cannot be opened */
    WZ_PICTURE_TOO_BIG     /* readable, but breaks a limit: never to be decoded */
} wz_picture_problem;

typedef struct wz_picture_info {
    wz_picture_format format;
    wz_picture_problem problem;
    int width, height; /* pixels (SVG: 0 x 0 when the drawing does not say) */
    long svg_elements; /* SVG only: elements counted */
    long svg_numbers;  /* SVG only: numbers counted inside the elements' tags */
} wz_picture_info;

/* Measures the picture at path and checks it against the limits. Returns 0 when it may be
 * decoded, -1 otherwise: *err (when err is not NULL) gets a plain message for an author,
 * and out->problem says whether the file is unreadable or too big. out may be NULL. */
int wz_picture_check(const char *path, wz_picture_info *out, char **err);

/* The same for a picture already in memory (the kiosk's cache, fuzzing, tests). */
int wz_picture_check_mem(const void *data, size_t len, wz_picture_info *out, char **err);

/* "PNG", "JPG", "GIF", "WEBP", "SVG" (SDL_image's type names), or NULL for unknown. */
const char *wz_picture_format_name(wz_picture_format f);

#endif

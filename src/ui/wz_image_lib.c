/*
 * wz_image_lib: SDL2_image's functions, looked up once under pthread_once and only read
 * after (pthread_once orders the filling before every caller's reads). The file opened is
 * the SONAME of the library the build found (src/ui/CMakeLists.txt), so the program opens
 * the very ABI its header describes.
 */
#include "wz_image_lib.h"

#include <SDL_image.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#include "wz_dynlib.h"
#include "wz_util.h"

#ifndef WZ_SDL2_IMAGE_SONAME
#define WZ_SDL2_IMAGE_SONAME "libSDL2_image-2.0.so.0"
#endif

static struct {
    SDL_Surface *(*load_typed)(SDL_RWops *, int, const char *);
    SDL_Surface *(*load_svg)(SDL_RWops *, int, int);
    int (*save_png)(SDL_Surface *, const char *);
} fn;

static pthread_once_t once = PTHREAD_ONCE_INIT;
static int load_rc = -1;
static char load_err[300];

static void load(void)
{
    const wz_dynlib_sym syms[] = {
        {"IMG_LoadTyped_RW", (void **)&fn.load_typed},
        {"IMG_LoadSizedSVG_RW", (void **)&fn.load_svg},
        {"IMG_SavePNG", (void **)&fn.save_png},
    };
    char *err = NULL;
    load_rc = wz_dynlib_load(WZ_SDL2_IMAGE_SONAME, syms, sizeof syms / sizeof syms[0], &err);
    if (load_rc != 0)
        snprintf(load_err, sizeof load_err, "%s", err ? err : "SDL2_image could not be loaded");
    free(err);
}

int wz_image_lib_open(char **err)
{
    pthread_once(&once, load);
    if (load_rc == 0) return 0;
    return wz_fail(err, "%s: no picture can be shown", load_err);
}

static int opened(void)
{
    if (wz_image_lib_open(NULL) == 0) return 1;
    SDL_SetError("%s: no picture can be shown", load_err);
    return 0;
}

SDL_Surface *wz_image_lib_load_typed(SDL_RWops *src, int freesrc, const char *type)
{
    if (opened()) return fn.load_typed(src, freesrc, type);
    if (freesrc && src) SDL_RWclose(src);
    return NULL;
}

SDL_Surface *wz_image_lib_load_svg(SDL_RWops *src, int width, int height)
{
    return opened() ? fn.load_svg(src, width, height) : NULL;
}

int wz_image_lib_save_png(SDL_Surface *surface, const char *file)
{
    return opened() ? fn.save_png(surface, file) : -1;
}

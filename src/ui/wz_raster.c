/*
 * wz_raster: kept drawings (see wz_raster.h).
 */
#include "wz_raster.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "wz_fs.h"
#include "wz_log.h"
#include "wz_util.h"

char *wz_raster_file(const char *dir, const char *kind, unsigned long long key)
{
    char name[64];
    snprintf(name, sizeof name, "%s-%016llx.bmp", kind, key);
    return wz_path_join(dir, name);
}

SDL_Surface *wz_raster_read(const char *file, int max_w, int max_h)
{
    SDL_Surface *s = file ? SDL_LoadBMP(file) : NULL;
    if (s && (!s->format->Amask || s->w <= 0 || s->h <= 0 || s->w > max_w || s->h > max_h)) {
        SDL_FreeSurface(s);
        s = NULL;
    }
    return s;
}

/* 1 when some pixel of s is not fully transparent. */
static int visible(SDL_Surface *s)
{
    if (!s->format->Amask || s->format->BytesPerPixel != 4) return 1;
    if (SDL_LockSurface(s) != 0) return 0;
    int any = 0;
    for (int y = 0; y < s->h && !any; y++) {
        const Uint32 *row =
            (const Uint32 *)(const void *)((const Uint8 *)s->pixels + (size_t)y * (size_t)s->pitch);
        for (int x = 0; x < s->w && !any; x++)
            any = (row[x] & s->format->Amask) != 0;
    }
    SDL_UnlockSurface(s);
    return any;
}

void wz_raster_write(const char *file, SDL_Surface *s)
{
    if (!file || !s || !visible(s) || wz_fs_make_parents(file, NULL) != 0) return;
    char *tmp = wz_xasprintf("%s.%ld.tmp", file, (long)getpid());
    if (SDL_SaveBMP(s, tmp) != 0)
        wz_log_warn("raster", "cannot keep %s: %s", file, SDL_GetError());
    else if (rename(tmp, file) != 0)
        wz_log_warn("raster", "cannot keep %s: %s", file, strerror(errno));
    unlink(tmp); /* gone already when renamed */
    free(tmp);
}

void wz_raster_prune(const char *dir, const char *kind, char *const *keep, int n)
{
    DIR *d = dir ? opendir(dir) : NULL;
    if (!d) return;
    size_t k = strlen(kind);
    struct dirent *e;
    while ((e = readdir(d))) {
        if (strncmp(e->d_name, kind, k) != 0 || e->d_name[k] != '-') continue;
        char *path = wz_path_join(dir, e->d_name);
        int kept = 0;
        for (int i = 0; i < n && !kept; i++)
            kept = strcmp(keep[i], path) == 0;
        if (!kept) unlink(path);
        free(path);
    }
    closedir(d);
}

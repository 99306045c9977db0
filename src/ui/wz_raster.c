/*
 * wz_raster: kept drawings (see wz_raster.h). The header's numbers are little-endian
 * 32-bit; a file is checked against its own length before a pixel is read.
 */
#include "wz_raster.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "wz_fs.h"
#include "wz_log.h"
#include "wz_util.h"

#define HEADER 16
#define MAX_SIDE 16384

char *wz_raster_file(const char *dir, const char *kind, unsigned long long key)
{
    char name[64];
    snprintf(name, sizeof name, "%s-%016llx.wzr", kind, key);
    return wz_path_join(dir, name);
}

static uint32_t le32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* The pixel formats a raster may be in: a texture made from either blends differently
 * under a colour modulation (the icons' tint), so a raster keeps its drawing's own. */
static int kept_format(Uint32 format)
{
    return format == SDL_PIXELFORMAT_ARGB8888 || format == SDL_PIXELFORMAT_ABGR8888;
}

/* 1 with the size and format when h is a raster header, else 0. */
static int header(const unsigned char *h, int *w, int *ht, Uint32 *format)
{
    if (memcmp(h, "WZR2", 4) != 0 || !kept_format(le32(h + 12))) return 0;
    uint32_t a = le32(h + 4), b = le32(h + 8);
    if (a == 0 || b == 0 || a > MAX_SIDE || b > MAX_SIDE) return 0;
    *w = (int)a;
    *ht = (int)b;
    *format = le32(h + 12);
    return 1;
}

int wz_raster_size(const char *file, int *w, int *h)
{
    unsigned char hd[HEADER];
    int fd = file ? open(file, O_RDONLY | O_CLOEXEC) : -1;
    if (fd < 0) return -1;
    ssize_t n = read(fd, hd, sizeof hd);
    close(fd);
    Uint32 format;
    return n == HEADER && header(hd, w, h, &format) ? 0 : -1;
}

int wz_raster_open(const char *file, int max_w, int max_h, wz_raster *r)
{
    memset(r, 0, sizeof *r);
    int fd = file ? open(file, O_RDONLY | O_CLOEXEC) : -1;
    if (fd < 0) return -1;
    struct stat st;
    void *map = MAP_FAILED;
    int w = 0, h = 0;
    Uint32 format = 0;
    if (fstat(fd, &st) == 0 && st.st_size > HEADER)
        map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
    close(fd);
    if (map == MAP_FAILED) return -1;
    size_t len = (size_t)st.st_size;
    if (!header(map, &w, &h, &format) || w > max_w || h > max_h ||
        len != HEADER + (size_t)w * (size_t)h * 4u) {
        munmap(map, len);
        return -1;
    }
    /* read only: SDL copies from it into the texture */
    r->s =
        SDL_CreateRGBSurfaceWithFormatFrom((unsigned char *)map + HEADER, w, h, 32, w * 4, format);
    if (!r->s) {
        munmap(map, len);
        return -1;
    }
    r->map = map;
    r->len = len;
    return 0;
}

void wz_raster_close(wz_raster *r)
{
    SDL_FreeSurface(r->s);
    if (r->map) munmap(r->map, r->len);
    memset(r, 0, sizeof *r);
}

static void put32(unsigned char *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (unsigned char)(v >> (8 * i));
}

/* Writes the header and s's rows to f, in s's format when it is one a raster may be in,
 * else in ARGB8888. Returns 0, or -1. */
static int write_to(FILE *f, SDL_Surface *s, int w, int h)
{
    Uint32 format =
        s && kept_format(s->format->format) ? s->format->format : SDL_PIXELFORMAT_ARGB8888;
    unsigned char hd[HEADER];
    memcpy(hd, "WZR2", 4);
    put32(hd + 4, (uint32_t)w);
    put32(hd + 8, (uint32_t)h);
    put32(hd + 12, format);
    if (fwrite(hd, 1, HEADER, f) != HEADER) return -1;
    if (!s) return 0;
    SDL_Surface *c = SDL_ConvertSurfaceFormat(s, format, 0);
    if (!c || SDL_LockSurface(c) != 0) {
        SDL_FreeSurface(c);
        return -1;
    }
    int rc = 0;
    for (int y = 0; y < h && rc == 0; y++)
        if (fwrite((unsigned char *)c->pixels + (size_t)y * (size_t)c->pitch, 4, (size_t)w, f) !=
            (size_t)w)
            rc = -1;
    SDL_UnlockSurface(c);
    SDL_FreeSurface(c);
    return rc;
}

/* Said once per run: a folder that cannot be written fails every file the same way. */
static void cannot_keep(const char *file, const char *why)
{
    static int said;
    if (said++) return;
    wz_log_warn("raster",
                "cannot keep drawings for the next start (%s: %s); the kiosk works, "
                "but draws them again each start",
                file, why);
}

void wz_raster_write(const char *file, SDL_Surface *s, int w, int h)
{
    if (s) {
        w = s->w;
        h = s->h;
    }
    if (!file || w <= 0 || h <= 0 || w > MAX_SIDE || h > MAX_SIDE) return;
    char *err = NULL;
    if (wz_fs_make_parents(file, &err) != 0) {
        cannot_keep(file, err);
        free(err);
        return;
    }
    char *tmp = wz_xasprintf("%s.%ld.tmp", file, (long)getpid());
    FILE *f = fopen(tmp, "wbe");
    const char *why = f ? NULL : strerror(errno);
    errno = 0;
    if (f && write_to(f, s, w, h) != 0) why = errno ? strerror(errno) : "cannot convert";
    if (f && fclose(f) != 0 && !why) why = strerror(errno);
    if (!why && rename(tmp, file) != 0) why = strerror(errno);
    if (why) cannot_keep(file, why);
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

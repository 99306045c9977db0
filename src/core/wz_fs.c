/*
 * wz_fs: copy, remove and sync files for a job that must leave nothing half-done.
 *
 * Each failure keeps errno as the system set it (or as the step function set it) and
 * writes a message naming the file; errno is restored after the message is made, so the
 * caller can still tell a full disk from a stick that went away.
 */
#include "wz_fs.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "wz_util.h"

/* Sets *err (when err is not NULL) to the formatted message plus errno's text; keeps
 * errno; returns -1. */
static int fail(char **err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int fail(char **err, const char *fmt, ...)
{
    int saved = errno;
    if (err) {
        va_list ap;
        va_start(ap, fmt);
        char *what = wz_xvasprintf(fmt, ap);
        va_end(ap);
        free(*err);
        *err = wz_xasprintf("%s: %s", what, strerror(saved));
        free(what);
    }
    errno = saved;
    return -1;
}

static int step(wz_fs_copy *c, wz_fs_step what, const char *src)
{
    return c && c->step ? c->step(c->ctx, what, src) : 0;
}

int wz_fs_is_dir(const char *path)
{
    struct stat st;
    return lstat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

int wz_fs_same_file(const char *a, const char *b)
{
    char *da = NULL, *db = NULL;
    size_t la = 0, lb = 0;
    int same = wz_read_file(a, 64u * 1024 * 1024, &da, &la) == 0 &&
               wz_read_file(b, 64u * 1024 * 1024, &db, &lb) == 0 && la == lb &&
               memcmp(da, db, la) == 0;
    free(da);
    free(db);
    return same;
}

int wz_fs_rm_rf(const char *path, char **err)
{
    struct stat st;
    if (lstat(path, &st) != 0) return errno == ENOENT ? 0 : fail(err, "cannot remove %s", path);
    if (!S_ISDIR(st.st_mode)) return unlink(path) == 0 ? 0 : fail(err, "cannot remove %s", path);
    DIR *d = opendir(path);
    if (!d) return fail(err, "cannot open %s", path);
    int rc = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
        char *p = wz_path_join(path, e->d_name);
        if (wz_fs_rm_rf(p, err) != 0) rc = -1;
        free(p);
    }
    closedir(d);
    if (rmdir(path) != 0) rc = fail(err, "cannot remove %s", path);
    return rc;
}

int wz_fs_make_parents(const char *path, char **err)
{
    char *p = wz_xstrdup(path);
    int rc = 0;
    for (char *s = strchr(p + 1, '/'); s; s = strchr(s + 1, '/')) {
        *s = '\0';
        if (mkdir(p, 0750) != 0 && errno != EEXIST) rc = fail(err, "cannot make the folder %s", p);
        *s = '/';
        if (rc) break;
    }
    free(p);
    return rc;
}

int wz_fs_fsync_path(const char *path, char **err)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return fail(err, "cannot open %s", path);
    int rc = fsync(fd) == 0 ? 0 : fail(err, "cannot save %s to disk", path);
    close(fd);
    return rc;
}

/* Opens src for reading without following a link or blocking, and checks that it is a
 * regular file (and the expected one). Returns the descriptor or -1. */
static int open_source(const char *src, const struct stat *expect, char **err)
{
    int in = open(src, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
    if (in < 0) {
        if (errno == ELOOP) return fail(err, "%s is a link, not a file", src);
        return fail(err, "cannot open %s", src);
    }
    struct stat st;
    if (fstat(in, &st) != 0) {
        int saved = errno;
        close(in);
        errno = saved;
        return fail(err, "cannot read %s", src);
    }
    const char *why = NULL;
    if (!S_ISREG(st.st_mode))
        why = "it is not an ordinary file (a pipe, a device or a socket)";
    else if (expect && (st.st_dev != expect->st_dev || st.st_ino != expect->st_ino))
        why = "it was replaced by another file after it was checked";
    if (why) {
        close(in);
        errno = ESTALE;
        if (err) {
            free(*err);
            *err = wz_xasprintf("cannot copy %s: %s", src, why);
        }
        return -1;
    }
    return in;
}

/* Copies from in to out, counting bytes against the limit. Returns 0 or -1 (errno). */
static int pump(int in, int out, const char *src, wz_fs_copy *c)
{
    char buf[64 * 1024];
    for (;;) {
        ssize_t n = read(in, buf, sizeof(buf));
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return -1;
        if (n == 0) return 0;
        if (c) {
            c->bytes += n;
            if (c->max_bytes > 0 && c->bytes > c->max_bytes) {
                errno = EFBIG;
                return -1;
            }
        }
        for (ssize_t off = 0; off < n;) {
            ssize_t w = write(out, buf + off, (size_t)(n - off));
            if (w < 0 && errno == EINTR) continue;
            if (w < 0) return -1;
            off += w;
        }
        if (step(c, WZ_FS_STEP_PROGRESS, src) != 0) return -1;
    }
}

int wz_fs_copy_file(const char *src, const char *dst, const struct stat *expect, wz_fs_copy *c,
                    char **err)
{
    if (step(c, WZ_FS_STEP_FILE, src) != 0) return fail(err, "copying %s was stopped", src);
    if (c) c->files++;
    if (c && c->max_files > 0 && c->files > c->max_files) {
        errno = EFBIG;
        return fail(err, "cannot copy %s: more than %lld files", src, c->max_files);
    }
    int in = open_source(src, expect, err);
    if (in < 0) return -1;
    if (wz_fs_make_parents(dst, err) != 0) {
        int saved = errno;
        close(in);
        errno = saved;
        return -1;
    }
    int out = open(dst, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0640);
    if (out < 0) {
        int saved = errno;
        close(in);
        errno = saved;
        return fail(err, "cannot create %s", dst);
    }
    int rc = pump(in, out, src, c);
    if (rc == 0 && fsync(out) != 0) rc = -1;
    int saved = errno;
    close(in);
    if (close(out) != 0 && rc == 0) {
        rc = -1;
        saved = errno;
    }
    if (rc) {
        unlink(dst);
        errno = saved;
        return fail(err, "cannot copy %s to %s", src, dst);
    }
    return 0;
}

static int copy_link(const char *src, const char *dst, wz_fs_copy *c, char **err)
{
    if (step(c, WZ_FS_STEP_LINK, src) != 0) return fail(err, "copying %s was stopped", src);
    char link[4096];
    ssize_t n = readlink(src, link, sizeof(link) - 1);
    if (n < 0) return fail(err, "cannot read the link %s", src);
    link[n] = '\0';
    return symlink(link, dst) == 0 ? 0 : fail(err, "cannot make the link %s", dst);
}

static int copy_tree_at(const char *src, const char *dst, wz_fs_copy *c, int depth, char **err)
{
    if (depth > 8) {
        errno = ELOOP;
        return fail(err, "cannot copy %s: folders nested too deep", src);
    }
    if (step(c, WZ_FS_STEP_DIR, src) != 0) return fail(err, "copying %s was stopped", src);
    if (mkdir(dst, 0750) != 0 && errno != EEXIST) return fail(err, "cannot make %s", dst);
    DIR *d = opendir(src);
    if (!d) return fail(err, "cannot open %s", src);
    int rc = 0;
    struct dirent *e;
    while (rc == 0 && (e = readdir(d)) != NULL) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
        char *s = wz_path_join(src, e->d_name);
        char *t = wz_path_join(dst, e->d_name);
        struct stat st;
        if (lstat(s, &st) != 0)
            rc = fail(err, "cannot read %s", s);
        else if (S_ISDIR(st.st_mode))
            rc = copy_tree_at(s, t, c, depth + 1, err);
        else if (S_ISREG(st.st_mode))
            rc = wz_fs_copy_file(s, t, &st, c, err);
        else if (S_ISLNK(st.st_mode))
            rc = copy_link(s, t, c, err);
        /* pipes, sockets, devices: not copied */
        free(s);
        free(t);
    }
    int saved = errno;
    closedir(d);
    errno = saved;
    return rc;
}

int wz_fs_copy_tree(const char *src, const char *dst, wz_fs_copy *c, char **err)
{
    return copy_tree_at(src, dst, c, 0, err);
}

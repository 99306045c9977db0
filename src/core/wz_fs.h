/*
 * wz_fs: the few file-system operations that copy a folder safely.
 *
 * Copies read without following a link or blocking on a pipe, insist on a regular file
 * (and, when asked, on the very file that was checked earlier), and fsync what they write,
 * so a copy a power cut interrupts leaves a file whole or absent. An optional step
 * function, called before each entry and after each chunk, lets the caller count, inject
 * faults in tests and stop a copy, with no state kept here.
 *
 * Every function returns 0 or -1 and takes char **err last; on failure errno also says
 * what happened, so a caller can pick its own words (a full disk, a stick taken out).
 */
#ifndef WZ_FS_H
#define WZ_FS_H

#include <sys/stat.h>

typedef enum {
    WZ_FS_STEP_FILE,     /* about to copy the file src */
    WZ_FS_STEP_DIR,      /* about to create the folder for src */
    WZ_FS_STEP_LINK,     /* about to copy the link src (as a link) */
    WZ_FS_STEP_PROGRESS, /* a chunk of src was read */
} wz_fs_step;

/* Limits on a copy, what it has done so far, and its step function. Zero it, set what you
 * need, and pass the same one to every call that belongs to one job. */
typedef struct wz_fs_copy {
    long long max_files, max_bytes; /* 0: no limit; passing one fails with EFBIG */
    long long files, bytes;         /* counted so far */
    /* Called as described above; returns 0 to go on, or -1 with errno set to stop the copy
     * (the copy then fails with that errno). NULL: none. */
    int (*step)(void *ctx, wz_fs_step what, const char *src);
    void *ctx;
} wz_fs_copy;

/* 1 when path is a folder itself (not a link to one). */
int wz_fs_is_dir(const char *path);
/* 1 when both files can be read and hold the same bytes (up to 64 MB each). */
int wz_fs_same_file(const char *a, const char *b);

/* Removes path and everything under it; never follows links. A missing path is fine. */
int wz_fs_rm_rf(const char *path, char **err);
/* Creates the folders above path (not path itself), like mkdir -p on its dirname. */
int wz_fs_make_parents(const char *path, char **err);
/* fsyncs a file or folder (a folder: so a rename in it survives a power cut). */
int wz_fs_fsync_path(const char *path, char **err);

/*
 * Copies the regular file src to dst, which must not exist (its folders are made), and
 * fsyncs it. src is opened with O_NOFOLLOW | O_NONBLOCK and must be a regular file (ELOOP
 * for a link, ESTALE for anything else); when expect is not NULL it must also be the file
 * with expect's device and inode (ESTALE). A failed copy leaves no dst behind.
 */
int wz_fs_copy_file(const char *src, const char *dst, const struct stat *expect, wz_fs_copy *c,
                    char **err);

/* Copies the folder src into dst (created): folders, regular files and links (as links,
 * unchanged), at most 8 folders deep (ELOOP); pipes, sockets and devices are left out. */
int wz_fs_copy_tree(const char *src, const char *dst, wz_fs_copy *c, char **err);

#endif

/*
 * test_fs: wz_fs copies only the regular file it was asked for (never through a link, never
 * blocking on a pipe, never a file put in its place), copies a tree with its links as
 * links, stops when its step function says so, and removes a tree without following links.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "wz_fs.h"
#include "wz_test.h"
#include "wz_util.h"

static void write_text(const char *path, const char *text)
{
    if (wz_fs_make_parents(path, NULL) != 0 || wz_write_file_atomic(path, text, strlen(text)) != 0)
        fprintf(stderr, "cannot write %s\n", path);
}

static int steps, stop_at;
static int count_steps(void *ctx, wz_fs_step what, const char *src)
{
    (void)ctx, (void)src;
    if (what == WZ_FS_STEP_PROGRESS) return 0;
    if (++steps == stop_at) {
        errno = ECANCELED;
        return -1;
    }
    return 0;
}

int main(void)
{
    char root[] = "/tmp/wz-test-fs-XXXXXX";
    if (!mkdtemp(root)) return 1;
    char *a = wz_path_join(root, "src/a.txt");
    char *b = wz_path_join(root, "src/sub/b.txt");
    char *lnk = wz_path_join(root, "src/link");
    char *fifo = wz_path_join(root, "src/pipe");
    write_text(a, "alpha");
    write_text(b, "beta");
    WZ_CHECK_INT(symlink("a.txt", lnk), 0);
    WZ_CHECK_INT(mkfifo(fifo, 0600), 0);

    WZ_TEST("a regular file is copied, and only the very file that was checked");
    {
        struct stat st;
        WZ_CHECK_INT(lstat(a, &st), 0);
        char *dst = wz_path_join(root, "out/deep/a.txt");
        char *err = NULL;
        WZ_CHECK_INT(wz_fs_copy_file(a, dst, &st, NULL, &err), 0);
        WZ_CHECK(wz_fs_same_file(a, dst));
        free(dst);
        dst = wz_path_join(root, "out/b-as-a.txt");
        WZ_CHECK_INT(wz_fs_copy_file(b, dst, &st, NULL, &err), -1); /* b is not the file checked */
        WZ_CHECK_INT(errno, ESTALE);
        WZ_CHECK(err && strstr(err, "replaced by another file"));
        WZ_CHECK(access(dst, F_OK) != 0);
        free(err);
        free(dst);
    }

    WZ_TEST("a link is refused, a pipe is refused at once (no blocking)");
    {
        char *dst = wz_path_join(root, "out/x");
        char *err = NULL;
        WZ_CHECK_INT(wz_fs_copy_file(lnk, dst, NULL, NULL, &err), -1);
        WZ_CHECK_INT(errno, ELOOP);
        WZ_CHECK(err && strstr(err, "is a link"));
        free(err);
        err = NULL;
        long long t0 = wz_now_ms();
        WZ_CHECK_INT(wz_fs_copy_file(fifo, dst, NULL, NULL, &err), -1);
        WZ_CHECK(wz_now_ms() - t0 < 1000);
        WZ_CHECK_INT(errno, ESTALE);
        WZ_CHECK(err && strstr(err, "not an ordinary file"));
        WZ_CHECK(access(dst, F_OK) != 0);
        free(err);
        free(dst);
    }

    WZ_TEST("a tree: folders, files and links (as links); pipes left out; limits and steps");
    {
        char *src = wz_path_join(root, "src"), *dst = wz_path_join(root, "tree");
        wz_fs_copy c = {0};
        c.step = count_steps;
        WZ_CHECK_INT(wz_fs_copy_tree(src, dst, &c, NULL), 0);
        WZ_CHECK_INT(c.files, 2);
        WZ_CHECK_INT(c.bytes, 9);
        WZ_CHECK_INT(steps, 5); /* 2 folders, 2 files, 1 link */
        char *l = wz_path_join(dst, "link"), *p = wz_path_join(dst, "pipe");
        char target[16] = {0};
        WZ_CHECK(readlink(l, target, sizeof(target) - 1) == 5 && !strcmp(target, "a.txt"));
        WZ_CHECK(access(p, F_OK) != 0);
        free(l);
        free(p);

        /* a step that says stop stops the copy with its errno */
        char *dst2 = wz_path_join(root, "tree2");
        wz_fs_copy c2 = {0};
        c2.step = count_steps;
        steps = 0;
        stop_at = 3;
        char *err = NULL;
        WZ_CHECK_INT(wz_fs_copy_tree(src, dst2, &c2, &err), -1);
        WZ_CHECK_INT(errno, ECANCELED);
        WZ_CHECK(err != NULL);
        free(err);
        stop_at = 0;

        /* more files than allowed: EFBIG */
        char *dst3 = wz_path_join(root, "tree3");
        wz_fs_copy c3 = {.max_files = 1};
        WZ_CHECK_INT(wz_fs_copy_tree(src, dst3, &c3, NULL), -1);
        WZ_CHECK_INT(errno, EFBIG);

        /* removing a tree never follows its links */
        WZ_CHECK_INT(wz_fs_rm_rf(dst, NULL), 0);
        WZ_CHECK_INT(wz_fs_rm_rf(dst2, NULL), 0);
        WZ_CHECK_INT(wz_fs_rm_rf(dst3, NULL), 0);
        WZ_CHECK(access(dst, F_OK) != 0);
        WZ_CHECK(access(a, F_OK) == 0);
        WZ_CHECK_INT(wz_fs_rm_rf(dst, NULL), 0); /* missing: fine */
        WZ_CHECK_INT(wz_fs_fsync_path(root, NULL), 0);
        free(src);
        free(dst);
        free(dst2);
        free(dst3);
    }

    WZ_CHECK_INT(wz_fs_rm_rf(root, NULL), 0);
    free(a);
    free(b);
    free(lnk);
    free(fifo);
    WZ_TEST_END();
}

/*
 * replay_main: the ordinary build's stand-in for libFuzzer. Linked with one harness
 * (tests/fuzz/fuzz_*.c), it feeds that harness's LLVMFuzzerTestOneInput every saved
 * input named on the command line (files, or folders whose files are all read), so the
 * seed corpora and crash reproducers stay tests without clang: a crash or an abort() in
 * the harness's own checks fails the test, and the sanitizer builds check memory too.
 * Each input is an exact-size copy, so a read past its end is caught by ASan.
 *   usage: replay_fuzz_NAME PATH...    (exit 0 when at least one input was replayed)
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "wz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int replay_file(const char *path)
{
    char *data = NULL;
    size_t len = 0;
    if (wz_read_file(path, 64u << 20, &data, &len) != 0) {
        fprintf(stderr, "%s: this saved input could not be read\n", path);
        return -1;
    }
    uint8_t *copy = wz_xmalloc(len ? len : 1);
    if (len) memcpy(copy, data, len);
    free(data);
    LLVMFuzzerTestOneInput(copy, len);
    free(copy);
    return 0;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Replays every regular file in dir (not its sub-folders), in name order so a failing
 * run is repeatable. Returns how many, or -1 when one could not be read. */
static int replay_dir(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d) {
        fprintf(stderr, "%s: this folder of saved inputs could not be opened\n", dir);
        return -1;
    }
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.') continue;
        char *path = wz_path_join(dir, e->d_name);
        struct stat st;
        if (stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
            if (n == cap) {
                cap = cap ? cap * 2 : 64;
                names = wz_xrealloc(names, cap * sizeof *names);
            }
            names[n++] = path;
        } else {
            free(path);
        }
    }
    closedir(d);
    if (n) qsort(names, n, sizeof *names, by_name);
    int count = 0;
    for (size_t i = 0; i < n; i++) {
        if (count >= 0) count = replay_file(names[i]) == 0 ? count + 1 : -1;
        free(names[i]);
    }
    free(names);
    return count;
}

int main(int argc, char **argv)
{
    int total = 0;
    for (int i = 1; i < argc; i++) {
        struct stat st;
        if (stat(argv[i], &st) != 0) {
            fprintf(stderr, "%s: no such file or folder\n", argv[i]);
            return 1;
        }
        int n = S_ISDIR(st.st_mode) ? replay_dir(argv[i]) : replay_file(argv[i]) == 0 ? 1 : -1;
        if (n < 0) return 1;
        total += n;
    }
    printf("%d saved inputs replayed without a crash\n", total);
    if (total == 0) {
        fprintf(stderr, "no saved inputs: every harness needs a seed corpus\n");
        return 1;
    }
    return 0;
}

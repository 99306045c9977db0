/*
 * Replays the fuzzers' saved inputs in the ordinary build: every file in
 * tests/fuzz/corpus/<harness>/ and tests/fuzz/regress/ goes through wz_scenario_parse, as
 * Twee and as HTML, and through the picture header reader (wz_picture_check_mem), so a crash the
 * fuzzer once found stays a test (under the sanitizer build it is checked for memory errors and
 * leaks too) even where clang is not at hand. Inputs are exact-size copies, so a read past the end
 * is caught by ASan.
 */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "wz_picture.h"
#include "wz_scenario.h"
#include "wz_util.h"
#include "wz_test.h"

static int files;

static void replay_file(const char *path)
{
    char *data = NULL;
    size_t len = 0;
    if (wz_read_file(path, WZ_MAX_FILE_BYTES, &data, &len) != 0) {
        WZ_CHECK(!"a saved fuzz input could not be read");
        fprintf(stderr, "  %s\n", path);
        return;
    }
    for (int html = 0; html <= 1; html++) {
        char *copy = wz_xmalloc(len ? len : 1);
        if (len) memcpy(copy, data, len);
        wz_diags diags;
        wz_diags_init(&diags);
        wz_scenario *sc = wz_scenario_parse(path, copy, len, html, &diags);
        /* Either "not text" (NULL with an error), or a model that holds together. */
        int ok = sc ? sc->npassages >= 0 && sc->npassages <= WZ_MAX_PASSAGES : diags.errors > 0;
        for (int i = 0; sc && i < sc->npassages; i++)
            if (wz_scenario_find(sc, sc->passages[i].name) != i) ok = 0;
        WZ_CHECK(ok);
        if (!ok) fprintf(stderr, "  %s (as %s)\n", path, html ? "HTML" : "Twee");
        wz_scenario_free(sc);
        wz_diags_free(&diags);
        free(copy);
    }
    /* as a picture: accepted inside the limits, or refused with a message */
    unsigned char *pic = wz_xmalloc(len ? len : 1);
    if (len) memcpy(pic, data, len);
    wz_picture_info in;
    char *err = NULL;
    int rc = wz_picture_check_mem(pic, len, &in, &err);
    WZ_CHECK(rc == 0 ? err == NULL && in.width <= WZ_PICTURE_MAX_SIDE &&
                           in.height <= WZ_PICTURE_MAX_SIDE
                     : rc == -1 && err != NULL && in.problem != WZ_PICTURE_OK);
    free(err);
    free(pic);
    free(data);
    files++;
}

/* Replays every regular file in dir, and one level of sub-folders when `nested`. */
static void replay_dir(const char *dir, int nested)
{
    DIR *d = opendir(dir);
    if (!d) return;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.') continue;
        char *path = wz_path_join(dir, e->d_name);
        struct stat st;
        if (stat(path, &st) == 0) {
            if (S_ISREG(st.st_mode))
                replay_file(path);
            else if (S_ISDIR(st.st_mode) && nested)
                replay_dir(path, 0);
        }
        free(path);
    }
    closedir(d);
}

int main(void)
{
    WZ_TEST("Every saved fuzz input (seed corpora and crash reproducers) parses without a crash");
    replay_dir(WZ_SOURCE_DIR "/tests/fuzz/corpus", 1);
    replay_dir(WZ_SOURCE_DIR "/tests/fuzz/regress", 0);
    printf("%d saved inputs replayed\n", files);
    WZ_CHECK(files > 0); /* the seed corpora are part of the repository */
    WZ_TEST_END();
}

/*
 * check_convert: wz-check --to-twee and --to-html, the round trip to Twine.
 *
 * --to-twee turns a Twine file (a published story or a library archive, or Twee) into
 * Twee 3: one story goes to standard output, or to a folder given with --out; an archive's
 * stories each go to their own .twee file in that folder, named after their titles. --to-html
 * turns Twee files (or HTML ones) into one Twine 2 library archive on standard output, which
 * Twine's Library > Import reads. The writers are wz_export's; this file only reads,
 * names files and reports in plain words.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "wz_check.h"
#include "wz_export.h"
#include "wz_util.h"

/* Every story of path; prints why on stderr and returns 0 when it cannot be read. */
static int read_all(const char *path, wz_scenario ***scs)
{
    wz_diags fd, *each = NULL;
    wz_diags_init(&fd);
    int n = wz_scenario_load_all(path, &fd, scs, &each);
    fflush(stdout);
    wz_diags_print(&fd, stderr);
    wz_diags_free(&fd);
    for (int i = 0; i < n; i++)
        wz_diags_free(&each[i]);
    free(each);
    return n;
}

static void free_all(wz_scenario **scs, int n)
{
    for (int i = 0; i < n; i++)
        wz_scenario_free(scs[i]);
    free(scs);
}

/* A file name from a title: letters and digits kept, runs of anything else made one '-'. */
static char *file_name(const wz_scenario *sc, int index)
{
    wz_buf b;
    wz_buf_init(&b, 0);
    for (const char *s = sc->title ? sc->title : ""; *s && b.len < 60; s++) {
        char c = *s;
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
            wz_buf_putc(&b, c);
        else if (c >= 'A' && c <= 'Z')
            wz_buf_putc(&b, (char)(c - 'A' + 'a'));
        else if (b.len && b.data[b.len - 1] != '-')
            wz_buf_putc(&b, '-');
    }
    while (b.len && b.data[b.len - 1] == '-')
        b.len--;
    char *base = b.len ? wz_xstrndup(b.data, b.len) : wz_xasprintf("story-%d", index + 1);
    wz_buf_free(&b);
    return base;
}

static int write_file(const char *path, const wz_buf *b)
{
    FILE *f = fopen(path, "wx"); /* never overwrite: an earlier story or the author's file */
    if (!f) {
        fprintf(stderr, "wz-check: cannot write %s: %s\n", path, strerror(errno));
        return -1;
    }
    int rc = fwrite(b->data, 1, b->len, f) == b->len ? 0 : -1;
    if (fclose(f) != 0) rc = -1;
    if (rc) fprintf(stderr, "wz-check: writing %s failed: %s\n", path, strerror(errno));
    return rc;
}

int wz_check_to_twee(const char *path, const char *outdir)
{
    wz_scenario **scs = NULL;
    int n = read_all(path, &scs);
    if (n == 0) return 1;
    if (n > 1 && !outdir) {
        fprintf(stderr,
                "wz-check: %s holds %d stories (a Twine library archive); give --out FOLDER "
                "to write each to its own .twee file\n",
                path, n);
        free_all(scs, n);
        return 1;
    }
    int rc = 0;
    for (int i = 0; i < n && rc == 0; i++) {
        wz_buf b;
        wz_buf_init(&b, 0);
        char *err = NULL;
        if (wz_export_twee(scs[i], &b, &err) != 0) {
            fprintf(stderr, "wz-check: %s: %s\n", path, err);
            free(err);
            rc = 1;
        } else if (!outdir) {
            rc = fwrite(b.data, 1, b.len, stdout) == b.len ? 0 : 1;
        } else {
            char *base = file_name(scs[i], i), *name = wz_xasprintf("%s.twee", base);
            char *out = wz_path_join(outdir, name);
            for (int k = 2; access(out, F_OK) == 0 && k < 1000; k++) {
                free(name);
                free(out);
                name = wz_xasprintf("%s-%d.twee", base, k);
                out = wz_path_join(outdir, name);
            }
            rc = write_file(out, &b) == 0 ? 0 : 1;
            if (rc == 0) printf("%s\n", out);
            free(base);
            free(name);
            free(out);
        }
        wz_buf_free(&b);
    }
    free_all(scs, n);
    return rc;
}

int wz_check_to_html(char **paths, int npaths)
{
    const wz_scenario **all = NULL;
    wz_scenario ***files = wz_xcalloc((size_t)npaths, sizeof(*files));
    int *counts = wz_xcalloc((size_t)npaths, sizeof(*counts));
    int total = 0, rc = 0;
    for (int i = 0; i < npaths; i++) {
        counts[i] = read_all(paths[i], &files[i]);
        if (counts[i] == 0) rc = 1;
        all = wz_xrealloc(all, (size_t)(total + counts[i] + 1) * sizeof(*all));
        for (int k = 0; k < counts[i]; k++)
            all[total++] = files[i][k];
    }
    if (rc == 0) {
        wz_buf b;
        wz_buf_init(&b, 0);
        char *err = NULL;
        if (wz_export_html(all, total, &b, &err) != 0) {
            fprintf(stderr, "wz-check: %s\n", err);
            free(err);
            rc = 1;
        } else if (fwrite(b.data, 1, b.len, stdout) != b.len) {
            rc = 1;
        }
        wz_buf_free(&b);
    }
    for (int i = 0; i < npaths; i++)
        free_all(files[i], counts[i]);
    free(files);
    free(counts);
    free(all);
    return rc;
}

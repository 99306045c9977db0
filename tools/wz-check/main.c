/*
 * wz-check: the scenario checker for authors (docs/interfaces.md, docs/scenario-format.md).
 *
 *   wz-check [--format=text|json] PATH...   check .twee/.html files and folders
 *   wz-check --graph FILE                   Graphviz DOT of the branches
 *   wz-check --play FILE                    play in the terminal
 *   wz-check --guide FILE [-o OUT] [--no-pdf]  the facilitator's sheet (HTML, PDF)
 *   wz-check --new-ifid                     a new random IFID for a hand-written file
 *   wz-check --to-twee FILE [--out FOLDER]  Twine HTML (every story of an archive) as Twee 3
 *   wz-check --to-html FILE...              Twee files as one Twine 2 library archive
 *
 * A folder is checked exactly as the kiosk loads it (wz_library_load: one level of
 * sub-folders, folder-wide ifid checks); files named one by one are checked together,
 * so two files given side by side with the same ifid are caught too. Exit 0 when there
 * are no errors, 1 when there is at least one, 2 for a usage error.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "wz_check.h"
#include "wz_library.h"
#include "wz_util.h"
#include "wz_validate.h"

static void usage(FILE *out)
{
    fputs("Usage: wz-check [--format=text|json] PATH...\n"
          "       wz-check --graph FILE\n"
          "       wz-check --play FILE\n"
          "       wz-check --guide FILE [-o OUT.html] [--no-pdf]\n"
          "       wz-check --new-ifid\n"
          "       wz-check --to-twee FILE [--out FOLDER]\n"
          "       wz-check --to-html FILE...\n"
          "\n"
          "Checks Warning Zone scenarios (.twee, .tw, .html, .htm files, or folders of them)\n"
          "and prints each problem as FILE:LINE:COL: error|warning: message.\n"
          "\n"
          "  --format=text   problems one per line, and a summary on stderr (the default)\n"
          "  --format=json   one JSON document with every scenario read and every problem\n"
          "  --graph FILE    the scenario's map in Graphviz DOT (wz-check --graph f.twee |\n"
          "                  dot -Tsvg > map.svg)\n"
          "  --play FILE     play the scenario in the terminal; type a choice's number\n"
          "  --guide FILE    write a printable facilitator's sheet for the scenario as\n"
          "                  HTML (STEM-guide.html here, or -o OUT.html; -o - for standard\n"
          "                  output) and a PDF beside it when chromium or weasyprint is\n"
          "                  installed (--no-pdf: HTML only)\n"
          "  --new-ifid      print a new random ifid for StoryData\n"
          "  --to-twee FILE  write a Twine story (or every story of a Twine library archive)\n"
          "                  as Twee 3, for version control; an archive's stories need\n"
          "  --out FOLDER    where each is written as its own .twee file\n"
          "  --to-html FILE...  write Twee files as one Twine 2 library archive on standard\n"
          "                  output, for Twine's Library > Import\n"
          "  --help          this text\n"
          "\n"
          "Exit status: 0 no errors (warnings allowed), 1 at least one error, 2 usage error.\n"
          "The rules are in docs/scenario-format.md.\n",
          out);
}

static int new_ifid(void)
{
    unsigned char b[16];
    wz_random_bytes(b, sizeof b);
    b[6] = (unsigned char)((b[6] & 0x0F) | 0x40); /* version 4: random */
    b[8] = (unsigned char)((b[8] & 0x3F) | 0x80); /* RFC 4122 variant */
    for (int i = 0; i < 16; i++) {
        printf("%02X", b[i]);
        if (i == 3 || i == 5 || i == 7 || i == 9) putchar('-');
    }
    putchar('\n');
    return 0;
}

/* Loads one file for --graph or --play; diagnostics go to stderr. */
static wz_scenario *load_one(const char *path, int *errors)
{
    wz_diags d;
    wz_diags_init(&d);
    wz_scenario *sc = wz_scenario_load(path, &d);
    wz_diags_sort(&d);
    fflush(stdout);
    wz_diags_print(&d, stderr);
    *errors = d.errors;
    wz_diags_free(&d);
    return sc;
}

typedef struct loaded {
    wz_library **libs;
    int nlibs;
    wz_scenario **files; /* scenarios of the loose files, in argument and story order */
    wz_diags *file_diags;
    const char **file_paths;
    int nfiles, cap;
    wz_check_item *items;
    int nitems;
    wz_diags extra; /* folder-level problems and missing paths */
} loaded;

static void add_item(loaded *L, const char *file, const wz_scenario *sc, const wz_diags *d)
{
    L->items = wz_xrealloc(L->items, (size_t)(L->nitems + 1) * sizeof(*L->items));
    L->items[L->nitems++] = (wz_check_item){file, sc, d};
}

static const char *plural(int n, const char *one, const char *many)
{
    return n == 1 ? one : many;
}

/* Loads a file named on the command line: one scenario per story it holds (one with no
 * scenario when it cannot be read, so it is still listed). */
static void load_file(loaded *L, const char *path)
{
    wz_scenario **scs = NULL;
    wz_diags *each = NULL, file_diags;
    wz_diags_init(&file_diags);
    int n = wz_scenario_load_all(path, &file_diags, &scs, &each);
    int need = L->nfiles + (n ? n : 1);
    if (need > L->cap) {
        L->cap = need * 2;
        L->files = wz_xrealloc(L->files, (size_t)L->cap * sizeof(*L->files));
        L->file_diags = wz_xrealloc(L->file_diags, (size_t)L->cap * sizeof(*L->file_diags));
        L->file_paths = wz_xrealloc(L->file_paths, (size_t)L->cap * sizeof(*L->file_paths));
    }
    for (int k = 0; k < (n ? n : 1); k++) {
        L->files[L->nfiles] = n ? scs[k] : NULL;
        L->file_diags[L->nfiles] = n ? each[k] : file_diags;
        L->file_paths[L->nfiles] = path;
        L->nfiles++;
    }
    if (n) wz_diags_free(&file_diags);
    free(scs);
    free(each);
}

/* Prints the text verdict: every problem on stdout, then the summary on stderr. stdout is
 * flushed first, so `wz-check ... > log 2>&1` keeps them in order. */
static void print_text(loaded *L, int errors, int warnings)
{
    int nfiles = 0;
    for (int i = 0; i < L->nitems; i++)
        if (i == 0 || strcmp(L->items[i].file, L->items[i - 1].file) != 0) nfiles++;
    wz_diags_print(&L->extra, stdout);
    for (int i = 0; i < L->nitems; i++) {
        const wz_scenario *sc = L->items[i].sc;
        if (sc && sc->nstories > 1 && L->items[i].diags->count > 0) {
            char *label = wz_scenario_label(sc);
            printf("%s:\n", label);
            free(label);
        }
        wz_check_print_story(stdout, sc, L->items[i].diags);
    }
    fflush(stdout);
    if (nfiles == L->nitems)
        fprintf(stderr, "%d %s checked: ", nfiles, plural(nfiles, "file", "files"));
    else
        fprintf(stderr, "%d %s in %d %s checked: ", L->nitems,
                plural(L->nitems, "story", "stories"), nfiles, plural(nfiles, "file", "files"));
    fprintf(stderr, "%d %s, %d %s\n", errors, plural(errors, "error", "errors"), warnings,
            plural(warnings, "warning", "warnings"));
}

static int check_paths(char **paths, int npaths, int json)
{
    loaded L;
    memset(&L, 0, sizeof(L));
    wz_diags_init(&L.extra);
    L.libs = wz_xcalloc((size_t)npaths, sizeof(*L.libs));

    for (int i = 0; i < npaths; i++) {
        struct stat st;
        if (stat(paths[i], &st) != 0) {
            wz_diag_add(&L.extra, WZ_ERROR, paths[i], 1, 1,
                        "there is no file or folder with this name");
        } else if (S_ISDIR(st.st_mode)) {
            L.libs[L.nlibs++] = wz_library_load(paths[i], &L.extra);
        } else {
            load_file(&L, paths[i]);
        }
    }
    /* Files named one by one form a set of their own, like a folder (an archive's stories
     * too). */
    if (L.nfiles > 1) {
        wz_diags set;
        wz_diags_init(&set);
        wz_validate_set(L.files, L.nfiles, &set);
        for (int k = 0; k < set.count; k++) {
            const wz_diag *dg = &set.items[k];
            int f = wz_scenario_pick(L.files, L.nfiles, dg);
            if (f >= 0)
                wz_diag_add(&L.file_diags[f], dg->severity, dg->file, dg->line, dg->column, "%s",
                            dg->message);
        }
        wz_diags_free(&set);
    }
    for (int l = 0; l < L.nlibs; l++)
        for (int e = 0; e < L.libs[l]->count; e++)
            add_item(&L, L.libs[l]->entries[e].path, L.libs[l]->entries[e].sc,
                     &L.libs[l]->entries[e].diags);
    for (int f = 0; f < L.nfiles; f++) {
        wz_diags_sort(&L.file_diags[f]);
        add_item(&L, L.file_paths[f], L.files[f], &L.file_diags[f]);
    }

    int errors = L.extra.errors, warnings = L.extra.warnings;
    for (int i = 0; i < L.nitems; i++) {
        errors += L.items[i].diags->errors;
        warnings += L.items[i].diags->warnings;
    }
    if (json) {
        if (wz_check_json_write(stdout, L.items, L.nitems, &L.extra) != 0) errors++;
    } else {
        print_text(&L, errors, warnings);
    }

    for (int l = 0; l < L.nlibs; l++)
        wz_library_free(L.libs[l]);
    for (int f = 0; f < L.nfiles; f++) {
        wz_scenario_free(L.files[f]);
        wz_diags_free(&L.file_diags[f]);
    }
    wz_diags_free(&L.extra);
    free(L.libs);
    free(L.files);
    free(L.file_diags);
    free(L.file_paths);
    free(L.items);
    return errors ? 1 : 0;
}

int main(int argc, char **argv)
{
    int json = 0;
    const char *graph = NULL, *play = NULL, *to_twee = NULL, *out_dir = NULL;
    const char *guide = NULL, *guide_out = NULL;
    int to_html = 0, pdf = 1;
    char **paths = wz_xcalloc((size_t)argc + 1, sizeof(char *));
    int npaths = 0, rc = 2, only_paths = 0;

    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (only_paths || a[0] != '-' || strcmp(a, "-") == 0) {
            paths[npaths++] = argv[i];
        } else if (strcmp(a, "--") == 0) {
            only_paths = 1;
        } else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            usage(stdout);
            rc = 0;
            goto out;
        } else if (strcmp(a, "--new-ifid") == 0) {
            rc = new_ifid();
            goto out;
        } else if (strcmp(a, "--format=json") == 0) {
            json = 1;
        } else if (strcmp(a, "--format=text") == 0) {
            json = 0;
        } else if (strcmp(a, "--to-twee") == 0 && i + 1 < argc) {
            to_twee = argv[++i];
        } else if (strcmp(a, "--out") == 0 && i + 1 < argc) {
            out_dir = argv[++i];
        } else if (strcmp(a, "--guide") == 0 && i + 1 < argc) {
            guide = argv[++i];
        } else if (strcmp(a, "-o") == 0 && i + 1 < argc) {
            guide_out = argv[++i];
        } else if (strcmp(a, "--no-pdf") == 0) {
            pdf = 0;
        } else if (strcmp(a, "--to-html") == 0) {
            to_html = 1;
        } else if ((strcmp(a, "--graph") == 0 || strcmp(a, "--play") == 0) && i + 1 < argc) {
            if (a[2] == 'g')
                graph = argv[++i];
            else
                play = argv[++i];
        } else if (wz_str_starts(a, "--graph=")) {
            graph = a + 8;
        } else if (wz_str_starts(a, "--play=")) {
            play = a + 7;
        } else {
            fprintf(stderr, "wz-check: unknown option or missing value: %s\n", a);
            usage(stderr);
            goto out;
        }
    }

    if (to_twee || to_html) {
        if ((to_twee && (to_html || npaths > 0)) || (to_html && npaths == 0) ||
            (out_dir && !to_twee)) {
            fprintf(stderr, "wz-check: --to-twee takes one file (and --out FOLDER); --to-html "
                            "takes one or more files\n");
            usage(stderr);
            goto out;
        }
        rc = to_twee ? wz_check_to_twee(to_twee, out_dir) : wz_check_to_html(paths, npaths);
        goto out;
    }
    if ((guide_out || !pdf) && !guide) {
        fprintf(stderr, "wz-check: -o and --no-pdf go with --guide FILE\n");
        usage(stderr);
        goto out;
    }
    if (graph || play || guide) {
        if (npaths > 0 || !!graph + !!play + !!guide > 1) {
            fprintf(stderr, "wz-check: --graph, --play and --guide take exactly one file\n");
            usage(stderr);
            goto out;
        }
        int errors = 0;
        wz_scenario *sc = load_one(graph ? graph : play ? play : guide, &errors);
        if (!sc) {
            rc = 1;
            goto out;
        }
        if (guide)
            rc = wz_check_guide(sc, errors, guide_out, pdf);
        else if (graph)
            rc = wz_check_graph_write(stdout, sc) == 0 && errors == 0 ? 0 : 1;
        else
            rc = wz_check_play(sc, stdin, stdout) == 0 ? 0 : 1;
        wz_scenario_free(sc);
        goto out;
    }
    if (npaths == 0) {
        fprintf(stderr, "wz-check: give at least one file or folder to check\n");
        usage(stderr);
        goto out;
    }
    rc = check_paths(paths, npaths, json);
out:
    free(paths);
    return rc;
}

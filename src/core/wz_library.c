/*
 * wz_library: every scenario in one folder.
 *
 * The folder is walked one level deep (scenarios/<file> and scenarios/<group>/<file>),
 * hidden names skipped, and the paths sorted so that the order, the diagnostics and the
 * "which copy of a duplicate ifid wins" rule are the same on every machine. Each file
 * is loaded on its own: a file that cannot be read or has errors is kept in the list,
 * marked unplayable, and never stops the others.
 *
 * The hot-reload signature walks the same files but only stats them (names, sizes and
 * modification times folded into a 64-bit FNV-1a hash), so the kiosk can poll it between
 * visitors without reading a byte of any scenario.
 */
#include "wz_library.h"

#include <dirent.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "wz_i18n.h"
#include "wz_util.h"
#include "wz_validate.h"

typedef struct path_list {
    char **paths;
    int count, cap;
    int truncated; /* more than WZ_LIBRARY_MAX_FILES were found */
    int found;     /* how many were found, kept or not */
} path_list;

static void list_add(path_list *l, char *path)
{
    l->found++;
    if (l->count >= WZ_LIBRARY_MAX_FILES) {
        l->truncated = 1;
        free(path);
        return;
    }
    if (l->count == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 16;
        l->paths = wz_xrealloc(l->paths, (size_t)l->cap * sizeof(char *));
    }
    l->paths[l->count++] = path;
}

/* Adds dir's scenario files, and (when depth > 0) those of its sub-folders. Returns -1
 * when dir cannot be opened. */
static int walk(const char *dir, int depth, path_list *l)
{
    DIR *d = opendir(dir);
    if (!d) return -1;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.') continue;
        char *path = wz_path_join(dir, e->d_name);
        struct stat st;
        if (stat(path, &st) != 0) {
            free(path);
            continue;
        }
        if (S_ISREG(st.st_mode) && wz_scenario_is_file_name(e->d_name)) {
            list_add(l, path);
        } else {
            if (S_ISDIR(st.st_mode) && depth > 0) walk(path, depth - 1, l);
            free(path);
        }
    }
    closedir(d);
    return 0;
}

/* One entry per scenario: a file gives one, a Twine library archive one per story, and a
 * file that cannot be read one with no scenario (so staff are told about it). */
static void load_entries(wz_library *lib, path_list *l)
{
    int cap = l->count + 1;
    lib->entries = wz_xcalloc((size_t)cap, sizeof(*lib->entries));
    for (int i = 0; i < l->count; i++) {
        wz_scenario **scs = NULL;
        wz_diags *each = NULL, file_diags;
        wz_diags_init(&file_diags);
        int n = wz_scenario_load_all(l->paths[i], &file_diags, &scs, &each);
        if (lib->count + (n ? n : 1) > cap) {
            cap = (lib->count + (n ? n : 1)) * 2;
            lib->entries = wz_xrealloc(lib->entries, (size_t)cap * sizeof(*lib->entries));
        }
        for (int k = 0; k < (n ? n : 1); k++) {
            wz_library_entry *e = &lib->entries[lib->count++];
            memset(e, 0, sizeof(*e));
            e->path = wz_xstrdup(l->paths[i]);
            e->sc = n ? scs[k] : NULL;
            e->diags = n ? each[k] : file_diags;
        }
        if (n) wz_diags_free(&file_diags);
        free(scs);
        free(each);
    }
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void list_free(path_list *l)
{
    for (int i = 0; i < l->count; i++)
        free(l->paths[i]);
    free(l->paths);
}

wz_library *wz_library_load(const char *dir, wz_diags *folder_diags)
{
    wz_library *lib = wz_xcalloc(1, sizeof(*lib));
    lib->dir = wz_xstrdup(dir ? dir : ".");
    path_list l = {0};
    if (walk(lib->dir, 1, &l) != 0) {
        if (folder_diags)
            wz_diag_add(folder_diags, WZ_ERROR, lib->dir, 1, 1,
                        "cannot open the scenario folder; check that it exists and can be read");
        lib->signature = wz_library_scan_signature(lib->dir);
        return lib;
    }
    if (l.count > 1) qsort(l.paths, (size_t)l.count, sizeof(char *), cmp_str);
    if (l.truncated && folder_diags)
        wz_diag_add(folder_diags, WZ_ERROR, lib->dir, 1, 1,
                    "this folder holds more than %d scenario files; only the first %d are "
                    "loaded",
                    WZ_LIBRARY_MAX_FILES, WZ_LIBRARY_MAX_FILES);
    if (l.count == 0 && folder_diags)
        wz_diag_add(folder_diags, WZ_WARNING, lib->dir, 1, 1,
                    "there are no scenario files (.twee, .tw, .html or .htm) in this folder");

    load_entries(lib, &l);
    list_free(&l);

    /* Folder-wide checks, each message handed to the scenario it is about. */
    wz_scenario **all = wz_xcalloc((size_t)lib->count + 1, sizeof(*all));
    for (int i = 0; i < lib->count; i++)
        all[i] = lib->entries[i].sc;
    wz_diags set;
    wz_diags_init(&set);
    wz_validate_set(all, lib->count, &set);
    for (int k = 0; k < set.count; k++) {
        const wz_diag *dg = &set.items[k];
        int i = wz_scenario_pick(all, lib->count, dg);
        if (i >= 0)
            wz_diag_add(&lib->entries[i].diags, dg->severity, dg->file, dg->line, dg->column, "%s",
                        dg->message);
    }
    wz_diags_free(&set);
    free(all);

    for (int i = 0; i < lib->count; i++) {
        wz_library_entry *e = &lib->entries[i];
        wz_diags_sort(&e->diags);
        e->playable = e->sc != NULL && e->diags.errors == 0;
        lib->playable += e->playable;
    }
    lib->signature = wz_library_scan_signature(lib->dir);
    return lib;
}

void wz_library_free(wz_library *lib)
{
    if (!lib) return;
    for (int i = 0; i < lib->count; i++) {
        free(lib->entries[i].path);
        wz_scenario_free(lib->entries[i].sc);
        wz_diags_free(&lib->entries[i].diags);
    }
    free(lib->entries);
    free(lib->dir);
    free(lib);
}

long long wz_library_scan_signature(const char *dir)
{
    path_list l = {0};
    unsigned long long h = WZ_HASH_INIT;
    if (walk(dir ? dir : ".", 1, &l) != 0) return 0;
    if (l.count > 1) qsort(l.paths, (size_t)l.count, sizeof(char *), cmp_str);
    for (int i = 0; i < l.count; i++) {
        struct stat st;
        if (stat(l.paths[i], &st) != 0) continue;
        long long facts[4] = {(long long)st.st_size, (long long)st.st_mtim.tv_sec,
                              (long long)st.st_mtim.tv_nsec, (long long)st.st_ino};
        h = wz_hash(h, l.paths[i], strlen(l.paths[i]) + 1);
        h = wz_hash(h, facts, sizeof(facts));
    }
    h = wz_hash(h, &l.count, sizeof(l.count));
    list_free(&l);
    /* Never 0, so 0 can mean "folder missing". */
    long long sig = (long long)(h & 0x7FFFFFFFFFFFFFFFull);
    return sig ? sig : 1;
}

const wz_scenario *wz_library_find(const wz_library *lib, const char *ifid)
{
    if (!lib || !ifid) return NULL;
    for (int i = 0; i < lib->count; i++) {
        const wz_library_entry *e = &lib->entries[i];
        if (e->playable && e->sc->ifid && wz_str_ieq(e->sc->ifid, ifid)) return e->sc;
    }
    return NULL;
}

const wz_scenario *wz_library_find_language(const wz_library *lib, const char *ifid,
                                            const char *lang)
{
    const wz_scenario *first = NULL, *english = NULL;
    for (int i = 0; lib && ifid && i < lib->count; i++) {
        const wz_library_entry *e = &lib->entries[i];
        if (!e->playable || !e->sc->ifid || !wz_str_ieq(e->sc->ifid, ifid)) continue;
        if (wz_i18n_same_language(e->sc->language, lang)) return e->sc;
        if (!english && wz_i18n_same_language(e->sc->language, "en")) english = e->sc;
        if (!first) first = e->sc;
    }
    return english ? english : first;
}

const wz_scenario *wz_library_easy_variant(const wz_library *lib, const wz_scenario *main)
{
    if (!lib || !main || !main->ifid) return NULL;
    for (int i = 0; i < lib->count; i++) {
        const wz_library_entry *e = &lib->entries[i];
        if (e->playable && e->sc != main && e->sc->easy_read && e->sc->variant_of &&
            wz_str_ieq(e->sc->variant_of, main->ifid) &&
            wz_i18n_same_language(e->sc->language, main->language))
            return e->sc;
    }
    return NULL;
}

int wz_library_has_language(const wz_library *lib, const char *lang)
{
    for (int i = 0; lib && i < lib->count; i++) {
        const wz_library_entry *e = &lib->entries[i];
        if (e->playable && !e->sc->variant_of && !e->sc->easy_read &&
            wz_i18n_same_language(e->sc->language, lang))
            return 1;
    }
    return 0;
}

int wz_library_count_files(const char *dir)
{
    path_list l = {0};
    int rc = walk(dir ? dir : ".", 1, &l);
    list_free(&l);
    return rc != 0 ? -1 : l.found;
}

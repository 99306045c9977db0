/*
 * wz_library: a set of scenarios loaded from one folder (and its sub-folders, one level).
 *
 * Every .twee, .tw, .html and .htm file is read, interpreted and validated; files with
 * errors are kept in the list (so staff can be told about them) but marked unplayable.
 * An entry is one scenario: a Twine library archive gives one entry per story, all with
 * the same path (sc->story and sc->nstories tell them apart; wz_scenario_label names one).
 * A library is immutable once loaded: the kiosk swaps in a whole new library between
 * visitors, so a failed or partial load never disturbs the set that is playing.
 */
#ifndef WZ_LIBRARY_H
#define WZ_LIBRARY_H

#include "wz_scenario.h"

typedef struct wz_library_entry {
    char *path;      /* file path (shared by the stories of an archive) */
    wz_scenario *sc; /* NULL when the file could not be read at all */
    wz_diags diags;  /* this file's errors and warnings */
    int playable;    /* read and no errors */
} wz_library_entry;

typedef struct wz_library {
    char *dir;
    wz_library_entry *entries; /* sorted by path, then story */
    int count;
    int playable;        /* how many entries are playable */
    long long signature; /* changes when any file is added, removed or modified */
} wz_library;

/* Loads dir. Never NULL: a missing or empty folder gives an empty library and a
 * diagnostic in folder_diags (when not NULL). The caller frees with wz_library_free. */
wz_library *wz_library_load(const char *dir, wz_diags *folder_diags);
void wz_library_free(wz_library *lib); /* accepts NULL */
/* Cheap: a signature of the folder's file names, sizes and times, for hot reload. */
long long wz_library_scan_signature(const char *dir);
/* The playable scenario with this ifid, or NULL. A translation shares its original's ifid
 * (and names its `language`): this gives the first in library order. */
const wz_scenario *wz_library_find(const wz_library *lib, const char *ifid);
/* The playable scenario with this ifid in language lang (wz_i18n_same_language), else the
 * English one, else the first; NULL when no playable scenario has the ifid. */
const wz_scenario *wz_library_find_language(const wz_library *lib, const char *ifid,
                                            const char *lang);
/* The easy-read variant of a main scenario in the main scenario's language, or NULL when
 * it has none in that language. */
const wz_scenario *wz_library_easy_variant(const wz_library *lib, const wz_scenario *main);
/* 1 when a playable main scenario (not an easy-read variant) is written in lang. */
int wz_library_has_language(const wz_library *lib, const char *lang);

#define WZ_LIBRARY_MAX_FILES 500
/* How many scenario files wz_library_load would find in dir, counting past
 * WZ_LIBRARY_MAX_FILES (it reads none of them); -1 when dir cannot be opened. */
int wz_library_count_files(const char *dir);

#endif

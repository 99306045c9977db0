/*
 * wz_import: new scenarios from a USB stick, swapped in whole or not at all.
 *
 * Staff plug in a stick and press "Load scenarios from USB". We find the folder on the
 * stick that holds scenario files, check every file with the same code as wz-check
 * (wz_library_load), and build the new set in a staging folder next to the scenarios
 * folder: a copy of the current set, plus the files that passed (and the pictures they
 * use). The staging set is checked again as a whole (a new file must not break one that
 * played before, e.g. by replacing a shared picture or repeating an ifid); only then is
 * it swapped in with one rename (renameat2 RENAME_EXCHANGE, or two renames where that is
 * not supported). Any failure before the swap leaves the old folder exactly as it was;
 * broken files are reported and left out; nothing else in the scenarios folder changes.
 *
 * wz_import_watch decides when the kiosk reloads a folder that changed on disk (files
 * copied in by hand): only between visitors, and only once the folder has stopped
 * changing, so a half-copied file is not read.
 */
#ifndef WZ_IMPORT_H
#define WZ_IMPORT_H

#include "wz_diag.h"

/* Bounds on what one import may copy. */
#define WZ_IMPORT_MAX_FILES 5000
#define WZ_IMPORT_MAX_BYTES (1024LL * 1024 * 1024)
#define WZ_IMPORT_MAX_SOURCES 16

/* ---- finding sticks ---- */

/*
 * Looks under mount_root (e.g. /media) up to 3 folders deep for folders to import from:
 * a "warning-zone" folder, or a folder holding scenario files (.twee .tw .html .htm), or a
 * drive (a mount point) whose sub-folders hold them. Returns how many were found (at most
 * WZ_IMPORT_MAX_SOURCES) and sets *out to a new array of new strings, sorted (the caller
 * frees each and the array; *out is NULL when none). Hidden folders are skipped.
 */
int wz_import_find_sources(const char *mount_root, char ***out);
/* Drives to export onto under mount_root: the drive above each "warning-zone" folder
 * wz_import_find_sources finds (a prepared stick) first, then mount points one or two
 * levels down. Same ownership as wz_import_find_sources (at most WZ_IMPORT_MAX_SOURCES). */
int wz_import_find_drives(const char *mount_root, char ***out);
void wz_import_free_sources(char **sources, int n);

/* ---- importing ---- */

typedef enum {
    WZ_IMPORT_ADDED = 1,    /* new file, imported */
    WZ_IMPORT_REPLACED = 2, /* imported over a file of the same name */
    WZ_IMPORT_SAME = 3,     /* identical to the file already there: nothing to do */
    WZ_IMPORT_REJECTED = 4, /* has errors (or would break the set): left out */
} wz_import_status;

typedef struct wz_import_file {
    char *name;  /* path relative to the source folder, e.g. "stories/new-friend.twee" */
    char *title; /* the scenario's title, or NULL when it could not be read */
    wz_import_status status;
    wz_diags diags; /* its errors and warnings (file names as on the stick) */
} wz_import_file;

typedef struct wz_import_result {
    char *source;          /* folder read */
    wz_import_file *files; /* sorted by name */
    int count;
    int imported; /* ADDED + REPLACED */
    int rejected; /* REJECTED */
    int swapped;  /* 1 when the scenarios folder was replaced */
    char *error;  /* NULL, or why nothing changed, in plain words */
} wz_import_result;

/*
 * Imports the scenario files under source into scenarios_dir (created when missing).
 * Fills *res (the caller frees it with wz_import_result_free). Returns 0 when the new set
 * is in place or there was nothing new to import (res->swapped says which), -1 when
 * nothing changed because of an error (res->error says why). Never leaves the scenarios
 * folder half-changed, and removes its staging folders whatever happens.
 */
int wz_import_run(const char *source, const char *scenarios_dir, wz_import_result *res);
void wz_import_result_free(wz_import_result *res);

/* The result in plain words for the admin screen and the log: one line per file, problems
 * indented under it (at most max_problems per file). Returns a new string; caller frees. */
char *wz_import_summary(const wz_import_result *res, int max_problems);

/* ---- the same, with the slow part off the UI thread ---- */

/* One import in flight. Its thread (pthreads) reads and checks the stick and builds and
 * checks the staging set; the scenarios folder is changed only by wz_import_job_finish, on
 * the thread that calls it (the kiosk's UI thread, between visitors). */
typedef struct wz_import_job wz_import_job;

/* Starts importing source into scenarios_dir. on_done (may be NULL) is called on the job's
 * thread when its part has ended, e.g. to wake the main loop; it must be thread-safe.
 * Returns NULL (logged) only when no thread could be started. */
wz_import_job *wz_import_job_start(const char *source, const char *scenarios_dir,
                                   void (*on_done)(void *), void *ctx);
/* 1 when the job's thread has finished its part, so wz_import_job_finish will not wait.
 * Never blocks. */
int wz_import_job_done(wz_import_job *j);
/* Waits for the thread (not at all once wz_import_job_done said 1), then swaps the new set
 * in on the calling thread, unless the scenarios folder changed meanwhile. Fills *res,
 * frees j, and returns as wz_import_run. */
int wz_import_job_finish(wz_import_job *j, wz_import_result *res);
/* Waits for the thread and throws its work away (the scenarios folder is unchanged);
 * frees j. NULL is a no-op. */
void wz_import_job_cancel(wz_import_job *j);

/* Tests only: hook (NULL: none) is called with ctx before each file is copied, to make a
 * copy slow or hold it until the test says so. */
void wz_import_test_on_copy(void (*hook)(void *), void *ctx);

/* Tests only: make the n-th file operation of the next wz_import_run fail (0: off), to
 * prove that a failure at any step leaves the old set in place. */
void wz_import_test_fail_at(int n);

/* ---- hot reload ---- */

typedef struct wz_import_watch {
    long long loaded_sig; /* signature of the set the kiosk is playing */
    long long seen_sig;   /* last signature seen on disk */
    long long seen_at_ms; /* when seen_sig was first seen */
    long long checked_ms; /* last time the folder was scanned */
} wz_import_watch;

#define WZ_IMPORT_WATCH_EVERY_MS 2000  /* scan at most this often */
#define WZ_IMPORT_WATCH_SETTLE_MS 3000 /* the folder must be unchanged this long */

/* Starts watching; loaded_sig is wz_library's signature of the set now playing. */
void wz_import_watch_init(wz_import_watch *w, long long loaded_sig, long long now_ms);
/* Call from the main loop. Returns 1 when the kiosk should reload the folder now: it
 * changed, has been quiet for WZ_IMPORT_WATCH_SETTLE_MS, and no visitor is in a scenario
 * (between_visitors). Scans (cheaply) at most every WZ_IMPORT_WATCH_EVERY_MS. After
 * reloading, call wz_import_watch_loaded with the new library's signature. */
int wz_import_watch_due(wz_import_watch *w, const char *dir, int between_visitors,
                        long long now_ms);
void wz_import_watch_loaded(wz_import_watch *w, long long sig);

#endif

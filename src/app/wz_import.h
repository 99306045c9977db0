/*
 * wz_import: new scenarios from a USB stick, swapped in whole or not at all.
 *
 * Every file on the stick is checked with the same code as wz-check; the new set (the
 * current one plus the files that passed) is built in a staging folder beside the scenarios
 * folder, checked again as a whole, and only then swapped in with one rename. A failure
 * before the swap leaves the old folder exactly as it was. An import never drops a
 * scenario that plays now without asking, never lets one story overwrite another's
 * picture, and never waits forever on a dead stick.
 *
 * wz_import_watch decides when the kiosk reloads a folder that changed on disk: only
 * between visitors, and only once the folder has stopped changing.
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

/* A scenario that plays now and would not after the import (its file is replaced by one
 * that holds another story). */
typedef struct wz_import_drop {
    char *name;  /* path relative to the scenarios folder */
    char *title; /* its title */
} wz_import_drop;

/*
 * What an import did, for the admin page and the log. `error` is a field of the result,
 * not a char **err: the page shows it above the per-file list it belongs to, and a job's
 * result is handed over whole from its thread.
 */
typedef struct wz_import_result {
    char *source;          /* folder read */
    wz_import_file *files; /* sorted by name */
    int count;
    int imported; /* ADDED + REPLACED */
    int rejected; /* REJECTED */
    int swapped;  /* 1 when the scenarios folder was replaced */
    /* Scenarios that play now and would not after this import. When there are any, the
     * import swaps only when confirmed (needs_confirm says it asked). */
    wz_import_drop *dropped;
    int ndropped;
    int needs_confirm;
    char *error; /* NULL, or why nothing changed, in plain words */
} wz_import_result;

/* Time-outs: no step of an import may show no progress for longer than the stall time (a
 * dead stick), and the whole import has a ceiling. */
#define WZ_IMPORT_STALL_MS 30000
#define WZ_IMPORT_TOTAL_MS (30LL * 60 * 1000)
/* How long wz_import_job_cancel waits for the job's thread before leaving it behind. */
#define WZ_IMPORT_CANCEL_WAIT_MS 2000

/* How one import runs. A NULL pointer means all defaults; a zero field means its default.
 * Each import keeps its own copy, so imports share nothing. */
typedef struct wz_import_opts {
    int stall_ms;       /* WZ_IMPORT_STALL_MS */
    long long total_ms; /* WZ_IMPORT_TOTAL_MS */
    int cancel_wait_ms; /* WZ_IMPORT_CANCEL_WAIT_MS */
    /* wz_import_run only: 1 to swap in even when scenarios that play now would be dropped
     * (a job asks through wz_import_job_finish instead). */
    int confirm;
    /* Tests only: make the n-th file operation fail (0: off), to prove that a failure at
     * any step leaves the old set in place. */
    int fail_at;
    /* Tests only: called (NULL: never) with ctx and the source path before each file is
     * copied, to make a copy slow, hold it, or change the file under the import. It may be
     * called on the job's thread until that thread ends, even after a cancel returned. */
    void (*on_copy)(void *ctx, const char *src);
    void *ctx;
} wz_import_opts;

/*
 * Imports the scenario files under source into scenarios_dir (created when missing).
 * Fills *res (the caller frees it with wz_import_result_free). Returns 0 when the new set
 * is in place or there was nothing new to import (res->swapped says which), -1 when
 * nothing changed because of an error or because scenarios that play now would be dropped
 * without opts->confirm (res->error says why; res->dropped lists them). Never leaves the
 * scenarios folder half-changed, and removes its staging folders whatever happens.
 *
 * Refused before anything is copied: a stick with more than WZ_LIBRARY_MAX_FILES scenario
 * files, or an import after which the folder would hold more than that. A new story whose
 * picture has the path of a different picture that a story already on the kiosk uses is
 * left out, with a message naming both stories and the picture.
 */
int wz_import_run(const char *source, const char *scenarios_dir, const wz_import_opts *opts,
                  wz_import_result *res);
void wz_import_result_free(wz_import_result *res);

/* The result in plain words for the admin screen and the log: one line per file, problems
 * indented under it (at most max_problems per file). Control characters in names, titles
 * and messages are escaped. Returns a new string; caller frees. */
char *wz_import_summary(const wz_import_result *res, int max_problems);

/* ---- the same, with the slow part off the UI thread ---- */

/* One import in flight. Its thread (pthreads) reads and checks the stick and builds and
 * checks the staging set; the scenarios folder is changed only by wz_import_job_finish, on
 * the thread that calls it (the kiosk's UI thread, between visitors).
 *
 * A thread stuck in a read on a dead stick cannot be interrupted. When a step shows no
 * progress for the stall time, or a cancel has waited WZ_IMPORT_CANCEL_WAIT_MS, the job is
 * left behind: the caller gets its answer at once, and the thread frees the job and
 * removes its staging folder itself when (if ever) the kernel gives up on the stick. Until
 * then it costs a thread, the memory of the checked scenarios (a few MB at most), an open
 * file on the stick (which then cannot be unmounted cleanly) and the staging folder (which
 * the next import, or the next start, removes). It never touches the scenarios folder. */
typedef struct wz_import_job wz_import_job;

typedef enum {
    WZ_IMPORT_JOB_WORKING = 0, /* the thread is reading, checking or copying */
    WZ_IMPORT_JOB_READY,       /* wz_import_job_finish will answer at once */
    WZ_IMPORT_JOB_CONFIRM,     /* ready, but scenarios that play now would be dropped: show
                                  wz_import_job_result's list and ask before finishing */
    WZ_IMPORT_JOB_STUCK,       /* a step passed the stall time: finish leaves the thread */
} wz_import_job_state;

/* Starts importing source into scenarios_dir with opts (NULL: defaults; copied). on_done
 * (may be NULL) is called on the job's thread when its part has ended, e.g. to wake the
 * main loop; it must be thread-safe, and it is not called for a job left behind.
 * Returns NULL (logged) only when no thread could be started. */
wz_import_job *wz_import_job_start(const char *source, const char *scenarios_dir,
                                   const wz_import_opts *opts, void (*on_done)(void *), void *ctx);
/* Where the job is. Never blocks. */
wz_import_job_state wz_import_job_poll(wz_import_job *j);
/* 1 when wz_import_job_poll says anything but WORKING, so finish will not wait. */
int wz_import_job_done(wz_import_job *j);
/* The result so far (files, dropped, error) once the job is READY or CONFIRM, owned by
 * the job; NULL while it works or is stuck. */
const wz_import_result *wz_import_job_result(wz_import_job *j);
/* Waits for the thread (not at all once done said 1; never past the stall time), then
 * swaps the new set in on the calling thread, unless the scenarios folder changed
 * meanwhile, or scenarios that play now would be dropped and confirm is 0 (then nothing
 * changes and res says why). Fills *res, frees j, and returns as wz_import_run. */
int wz_import_job_finish(wz_import_job *j, int confirm, wz_import_result *res);
/* Stops the job and throws its work away (the scenarios folder is unchanged); frees j, or
 * leaves it to its thread after WZ_IMPORT_CANCEL_WAIT_MS. Never waits longer. NULL is a
 * no-op. */
void wz_import_job_cancel(wz_import_job *j);

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

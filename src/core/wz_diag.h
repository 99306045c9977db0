/*
 * wz_diag: diagnostics for people who write scenarios and configuration.
 *
 * Every reader reports problems here instead of printing or failing: a list of
 * (file, line, column, severity, message) that wz-check prints in GNU style
 * (FILE:LINE:COL: error: message), the kiosk shows to staff, and tests inspect.
 * Messages are written for a teacher, not a programmer: say what is wrong and what
 * to do about it. Lines and columns count from 1; column counts characters, not bytes.
 */
#ifndef WZ_DIAG_H
#define WZ_DIAG_H

#include <stdio.h>

typedef enum { WZ_WARNING = 1, WZ_ERROR = 2 } wz_severity;

typedef struct wz_diag {
    char *file; /* owned copy */
    int line, column;
    wz_severity severity;
    char *message; /* owned */
} wz_diag;

typedef struct wz_diags {
    wz_diag *items;
    int count, cap;
    int errors, warnings;
} wz_diags;

void wz_diags_init(wz_diags *d);
void wz_diags_free(wz_diags *d);
/* Adds a diagnostic; copies file and the formatted message. Bounded: past
 * WZ_DIAGS_MAX entries further ones are counted but not stored. */
#define WZ_DIAGS_MAX 10000
void wz_diag_add(wz_diags *d, wz_severity sev, const char *file, int line, int column,
                 const char *fmt, ...) __attribute__((format(printf, 6, 7)));
/* Moves every diagnostic of src to the end of dst; src is left empty. */
void wz_diags_move(wz_diags *dst, wz_diags *src);
/* Sorts by file, line, column (stable), so output is in reading order. */
void wz_diags_sort(wz_diags *d);
/* Prints one "FILE:LINE:COL: error|warning: message" line each. */
void wz_diags_print(const wz_diags *d, FILE *out);
const char *wz_severity_name(wz_severity sev);

#endif

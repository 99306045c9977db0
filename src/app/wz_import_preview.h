/*
 * wz_import_preview: what an import would change, in plain words, before it changes it.
 *
 * Admin mode shows this on its confirm page once the import job has checked the stick
 * (wz_import_job_result), so staff see the new scenarios, the ones replaced, the ones
 * left out for their problems and any that would stop playing, each by title, and only
 * then choose to import them or not.
 */
#ifndef WZ_IMPORT_PREVIEW_H
#define WZ_IMPORT_PREVIEW_H

#include "wz_import.h"

/* 1 when the checked result has something to swap in (new or replaced files, no error),
 * so there is something to confirm; 0 otherwise. */
int wz_import_preview_has_changes(const wz_import_result *res);

/* The changes of a checked but not yet finished import, grouped (new, replaced, left out
 * with their first problem, taken off the kiosk), one scenario per line, control
 * characters escaped. Returns a new string; caller frees. */
char *wz_import_preview(const wz_import_result *res);

#endif

/*
 * wz_validate: the checks an author needs before a scenario goes in front of visitors.
 *
 * Errors stop a scenario from being played (the kiosk skips it and keeps the others);
 * warnings are shown to authors and staff but the scenario still plays. The same code
 * serves wz-check, the kiosk's loader and the admin screen's USB import, so an author
 * never sees one verdict at their desk and another on the kiosk. It also owns the one
 * rule for where a scenario's pictures may live (wz_asset_resolve), which the validator
 * checks and the kiosk and the import follow.
 */
#ifndef WZ_VALIDATE_H
#define WZ_VALIDATE_H

#include "wz_scenario.h"

/* Checks one interpreted scenario (links, reachability, dead ends, endings, choices,
 * assets, tags and metadata, text length). Adds to diags; returns the number of errors. */
int wz_validate(const wz_scenario *sc, wz_diags *diags);

/* Checks what only shows across a folder: duplicate ifids, variants whose main scenario
 * is missing. Returns the number of errors added. */
int wz_validate_set(wz_scenario *const *scenarios, int n, wz_diags *diags);

/* Resolves an asset path written in a scenario against its folder. Returns a new absolute
 * or folder-relative path the caller frees, or NULL with *err (a new message saying why,
 * the caller frees; err may be NULL) when the path is empty, absolute, climbs out with
 * "..", or resolves (through a link) outside the scenario's folder. Does not check that
 * the file exists. */
char *wz_asset_resolve(const wz_scenario *sc, const char *rel, char **err);

#endif

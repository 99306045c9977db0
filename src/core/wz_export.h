/*
 * wz_export: writes scenarios back out as Twine reads them, for a round trip to Twine.
 *
 * Staff keep stories in version control as Twee and still edit them in Twine: Twee 3 for
 * the one (wz_export_twee), a Twine 2 library archive for the other (wz_export_html; Twine's
 * Library > Import reads it). Only what the readers read is written: the title, StoryData
 * (ifid, format, format-version, start) and every passage with its tags, text and map
 * position and size. Reading the output back gives the same passages (wz_export_compare),
 * except that an archive keeps a story's script and stylesheet as one <script> and one
 * <style>, as Twine does, so passages tagged script or stylesheet come back merged as
 * StoryScript and StoryStylesheet.
 */
#ifndef WZ_EXPORT_H
#define WZ_EXPORT_H

#include "wz_scenario.h"
#include "wz_util.h"

/* Appends sc as Twee 3 to out. Returns 0, or -1 (with *err) when something in it cannot be
 * written as Twee (a line break in a passage name or tag, a passage called StoryTitle or
 * StoryData). */
int wz_export_twee(const wz_scenario *sc, wz_buf *out, char **err);

/* Appends the n scenarios as one Twine 2 library archive to out. Returns 0, or -1 (with
 * *err) when a script or stylesheet holds its own end tag (</script>, </style>) or a tag
 * holds white space. */
int wz_export_html(const wz_scenario *const *scs, int n, wz_buf *out, char **err);

/* 0 when a and b hold the same passages, in the same order, with the same names, tags,
 * text, position and size, and the same ifid, format, format-version and start; -1 with
 * *err saying the first difference otherwise. `skip_code`: leave passages tagged script
 * or stylesheet out of the comparison (an archive merges them). */
int wz_export_compare(const wz_scenario *a, const wz_scenario *b, int skip_code, char **err);

#endif

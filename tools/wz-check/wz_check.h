/*
 * wz_check: the parts of the wz-check tool (docs/interfaces.md), one file each.
 *
 * main.c parses the command line and runs the checks through the same core code the
 * kiosk uses (wz_scenario_load, wz_library_load, wz_validate_set), so an author sees at
 * their desk exactly the verdict the kiosk will reach. The output forms live apart:
 * check_json.c (--format=json), check_graph.c (--graph), check_play.c (--play).
 * Nothing here owns the scenarios it is given.
 */
#ifndef WZ_CHECK_H
#define WZ_CHECK_H

#include <stdio.h>

#include "wz_diag.h"
#include "wz_scenario.h"

/* One file that was checked: its scenario (NULL when it could not be read) and its
 * diagnostics. Borrowed pointers. */
typedef struct wz_check_item {
    const char *file;
    const wz_scenario *sc;
    const wz_diags *diags;
} wz_check_item;

/* Writes the --format=json document: every item, then every diagnostic (those of the
 * items and the `extra` ones, such as folder problems). Returns 0, or -1 on a write
 * error. */
int wz_check_json_write(FILE *out, const wz_check_item *items, int n, const wz_diags *extra);

/* A sentence saying why sc was not written for the kiosk (a story format's macros or
 * scripts, or no ScenarioInfo), or NULL when it was. New string. */
char *wz_check_foreign(const wz_scenario *sc);
/* Prints one story's diagnostics, after one line (a note) saying why the story was not
 * written for the kiosk when it was not, with how many messages follow from that. */
void wz_check_print_story(FILE *out, const wz_scenario *sc, const wz_diags *d);

/* --to-twee: writes every story of path as Twee 3, to stdout (one story) or to one .twee
 * file each in outdir (NULL: stdout; required for an archive of several). Returns the exit
 * status. */
int wz_check_to_twee(const char *path, const char *outdir);
/* --to-html: writes every story of the files as one Twine 2 library archive on stdout.
 * Returns the exit status. */
int wz_check_to_html(char **paths, int npaths);

/* Writes the scenario's map as Graphviz DOT. Returns 0, or -1 on a write error. */
int wz_check_graph_write(FILE *out, const wz_scenario *sc);

/* --guide: writes the facilitator's sheet for sc (errors: how many wz-check found in it) as
 * HTML to out ("-": standard output; NULL: STEM-guide.html here), and beside it a PDF when
 * pdf is set and a converter is installed. Returns the exit status. */
int wz_check_guide(const wz_scenario *sc, int errors, const char *out, int pdf);

/* Plays the scenario in the terminal: passages on out, numbered choices read from in.
 * Ends cleanly at end of input or on "q". Returns 0, or -1 when there is no start. */
int wz_check_play(const wz_scenario *sc, FILE *in, FILE *out);

#endif

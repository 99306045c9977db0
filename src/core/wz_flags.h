/*
 * wz_flags: story memory (docs/scenario-format.md, "Remembering choices").
 *
 * A scenario may name up to WZ_MAX_FLAGS flags. A passage sets flags with the tag
 * "set:name"; a choice sets them with "{set name}" on its line. A line of text, a chat
 * message or a choice can start with "{if name}", "{if not name}" or "{if a and not b}",
 * and is then shown only when that holds. All of it is plain text inside passages and
 * tags, so Twine opens and keeps it.
 *
 * A set of flags is one 64-bit word and a condition two (must be set, must be clear), so
 * a test is two masks and wz-check can keep many (passage, flags) states. The names, and
 * where each is first set and used, live in a table owned by the scenario.
 */
#ifndef WZ_FLAGS_H
#define WZ_FLAGS_H

#include <stddef.h>
#include <stdint.h>

#include "wz_diag.h"

struct wz_scenario;
struct wz_passage;

/* Bit i: flag i of the scenario is set. */
typedef uint64_t wz_flags;
#define WZ_MAX_FLAGS 64
/* Longest flag name, in characters. */
#define WZ_FLAG_NAME_MAX 40

/* Shown only when every flag of need_set is set and every flag of need_clear is not.
 * All zero: always shown. */
typedef struct wz_cond {
    wz_flags need_set, need_clear;
} wz_cond;

int wz_cond_holds(wz_cond c, wz_flags f);
int wz_cond_always(wz_cond c);

/* Names and first positions of a scenario's flags (owned by the scenario). */
typedef struct wz_flag_table wz_flag_table;
void wz_flag_table_free(wz_flag_table *t); /* accepts NULL */

int wz_flag_count(const struct wz_scenario *sc);
const char *wz_flag_name(const struct wz_scenario *sc, int i);    /* NULL when out of range */
int wz_flag_find(const struct wz_scenario *sc, const char *name); /* index or -1 */
/* Where flag i is first set / first tested: 1 and the position, or 0 when it never is. */
int wz_flag_first_set(const struct wz_scenario *sc, int i, int *line, int *col);
int wz_flag_first_use(const struct wz_scenario *sc, int i, int *line, int *col);
/* The names of the flags in f, separated by ", " ("nothing" when none). New string. */
char *wz_flags_describe(const struct wz_scenario *sc, wz_flags f);
/* A condition in the author's words ("told-school and not said-no"). New string. */
char *wz_cond_describe(const struct wz_scenario *sc, wz_cond c);

/* ---- reading (used by wz_interpret) ---- */

/* 1 when a tag is a "set:name" tag (valid or not). */
int wz_flags_is_tag(const char *tag);
/* Reads the passage's "set:name" tags into p->sets. */
void wz_flags_read_tags(struct wz_scenario *sc, struct wz_passage *p, wz_diags *diags);

/*
 * Reads the "{if ...}" and "{set ...}" groups at the start and end of one line of p's text
 * (s[0..n), line `lineno` of the text). Returns NULL when the line has none; else a new copy
 * of the line with those groups blanked out (so columns stay right), and *cond and *sets
 * say what they mean. Mistakes are reported to diags at their place.
 */
char *wz_flags_read_line(struct wz_scenario *sc, struct wz_passage *p, wz_diags *diags,
                         const char *s, size_t n, int lineno, wz_cond *cond, wz_flags *sets);

/* ---- checking (used by wz_validate) ---- */

/* How many of p's choices have a {if ...}. A passage with some may have more than
 * WZ_MAX_CHOICES choices in all: wz_flags_check counts the ones shown in each state. */
int wz_flags_conditional_choices(const struct wz_passage *p);

/* Most (passage, flags) states wz_flags_check explores before it stops and says so. */
#define WZ_FLAGS_MAX_STATES 100000

/*
 * Explores every (passage, flags) state the visitor can reach, breadth first, and reports:
 * a flag tested but never set, a flag set but never tested, and a reachable state where a
 * passage that is not an ending shows no choice. Does nothing for a scenario without flags.
 * `max_states` bounds the exploration (WZ_FLAGS_MAX_STATES for the kiosk and wz-check).
 */
void wz_flags_check(const struct wz_scenario *sc, wz_diags *diags, int max_states);

#endif

/*
 * wz_reader: what the Twee 3 and Twine 2 HTML readers share (internal to src/core).
 *
 * The two readers must give identical passages for the same story, so every rule that is
 * not about the file syntax lives here once: passage-name checks and limits, the tag
 * limit, duplicate names, the start passage, "no passages at all". Columns count
 * characters with wz_utf8_len (wz_util.h), as every other reader does.
 * Implemented in wz_scenario.c. Not for use outside the readers.
 */
#ifndef WZ_READER_H
#define WZ_READER_H

#include <stddef.h>

#include "wz_scenario.h"

/* Frees a passage's parts and leaves it with none (interpretation may run again). */
void wz_reader_free_parts(wz_passage *p);

/*
 * Adds a passage after checking its name: empty is an error and the passage is left out
 * (returns NULL); so is reaching WZ_MAX_PASSAGES (the reader then stops: it checks
 * npassages itself). Longer than WZ_MAX_NAME_CHARS is an error that says it is a limit,
 * but the passage is kept, so links to it are not reported as misspelt; link
 * metacharacters give a warning.
 * `col` is the column of the name in the source, for messages.
 */
wz_passage *wz_reader_add_passage(wz_scenario *sc, wz_diags *diags, const char *name,
                                  const char *text, int line, int col, int text_line);

/* Adds a tag unless the passage already has WZ_MAX_TAGS: then returns -1 and reports an
 * error unless *reported is set (it is set then, so one passage gives one message). */
int wz_reader_add_tag(wz_scenario *sc, wz_diags *diags, wz_passage *p, const char *tag, int line,
                      int col, int *reported);

/* Returns a new copy of an IFID in capital letters (Twee 3: compilers "must follow suit"). */
char *wz_reader_ifid(const char *s);

/*
 * Last step of both readers: reports and removes later passages whose name repeats an
 * earlier one, gives the passages pids in order when `assign_pids`, sets start to "Start"
 * when the file named none, resolves start_index, and, when no passage is left, reports
 * the error `none` (the reader words it; NULL when it has already said why).
 */
void wz_reader_finish(wz_scenario *sc, wz_diags *diags, int assign_pids, const char *none);

/*
 * A text map: where the text of a passage sits in the file when the reader did not copy it
 * line for line (an HTML passage starts after its tag and entities such as &quot; are
 * longer in the file). An anchor says that from column c of line k of the text (k from 0,
 * c from 1) the text is at `line`:`col` of the file, character for character, until the
 * next anchor; anchors are added in text order. Read with wz_passage_source_pos.
 */
typedef struct wz_text_map wz_text_map;
wz_text_map *wz_text_map_new(void);
void wz_text_map_add(wz_text_map *m, int k, int c, int line, int col);
void wz_text_map_free(wz_text_map *m);

/* Hands each diagnostic in `all` to the story it is about: the last of the n stories whose
 * <tw-storydata> tag (story_line, story_column) is at or before it, else the first. */
void wz_reader_route(wz_diags *all, wz_scenario *const *stories, wz_diags *each, int n);

/* The message for a file that holds nothing but white space. */
#define WZ_READER_EMPTY "this file is empty; a scenario needs at least one passage"

#endif

/*
 * wz_scenario: the in-memory model of one scenario, whatever file it came from.
 *
 * Reading takes two steps, so Twee 3 and Twine 2 HTML give the same model: a reader
 * (wz_twee_read, wz_html_read) fills the raw Twine story, then wz_scenario_interpret applies
 * the Warning Zone conventions (docs/scenario-format.md): metadata, roles and classes from
 * tags, each passage's text as parts and choices. wz_validate then checks the result;
 * wz_scenario_load does all three.
 *
 * The model is plain data, read-only once loaded: the kiosk, the checker and the story
 * runner read the fields directly. Everything in it is owned by the wz_scenario.
 */
#ifndef WZ_SCENARIO_H
#define WZ_SCENARIO_H

#include <stddef.h>

#include "wz_diag.h"
#include "wz_flags.h"

/* Bounds on what we accept from a file (each has a clear error past it, which says that it
 * is a limit). They lie far past anything Twine writes: the largest real stories have a few
 * hundred passages, names of a few hundred characters and a handful of tags. */
#define WZ_MAX_FILE_BYTES (4u * 1024u * 1024u)
#define WZ_MAX_PASSAGES 5000     /* per story */
#define WZ_MAX_STORIES 500       /* per file (a Twine library archive) */
#define WZ_MAX_CHOICES 4         /* more is an error: the screen has room for four */
#define WZ_MAX_NAME_CHARS 10000  /* passage names */
#define WZ_MAX_TAGS 1000         /* per passage */
#define WZ_SCREEN_TEXT_CHARS 900 /* more text than this in one passage: warning */

/* What a passage is for, from its tags. */
typedef enum {
    WZ_ROLE_NARRATION = 0, /* tag "narration", or no role tag: readable text */
    WZ_ROLE_CHAT,          /* "chat": messenger conversation */
    WZ_ROLE_SPOT,          /* "spot": spot-the-warning-signs chat */
    WZ_ROLE_FEEDBACK,      /* "feedback": why the last choice was safe or risky */
    WZ_ROLE_ENDING,        /* "ending": outcome and learning points */
    WZ_ROLE_HELP,          /* "help": where to get help (signposting) */
    WZ_ROLE_SPECIAL        /* StoryTitle, StoryData, ScenarioInfo, script, stylesheet */
} wz_role;

/* Safe / risky / mixed: a feedback passage's class is the class of every choice that
 * leads to it; an ending's class is its outcome. */
typedef enum {
    WZ_CLASS_NONE = 0,
    WZ_CLASS_SAFE,
    WZ_CLASS_RISKY,
    WZ_CLASS_MIXED,
    WZ_CLASS_NEUTRAL
} wz_class;

/* Audience bands, a bit mask. */
enum {
    WZ_AUD_8_11 = 1 << 0,
    WZ_AUD_12_15 = 1 << 1,
    WZ_AUD_16_PLUS = 1 << 2,
    WZ_AUD_PARENTS = 1 << 3,
    WZ_AUD_ALL = 0xF
};

typedef enum {
    WZ_PART_PARAGRAPH = 0, /* text */
    WZ_PART_BULLET,        /* text: "* point" lines (learning points, help entries) */
    WZ_PART_IMAGE,         /* text: alt text; image: path relative to the scenario folder */
    WZ_PART_MESSAGE,       /* chat message: sender, text; from_visitor; red_flag and why */
    WZ_PART_NOTE           /* a system line inside a chat ("Jay is typing", "Photo deleted") */
} wz_part_kind;

/* A message's rating in a rate passage (a spot passage tagged "rate"; see wz_fair.h). */
typedef enum {
    WZ_RATING_NONE = 0,
    WZ_RATING_GREEN, /* OK */
    WZ_RATING_AMBER, /* be careful */
    WZ_RATING_RED    /* a warning sign */
} wz_rating;

typedef struct wz_part {
    wz_part_kind kind;
    char *text;       /* display text, links removed (never NULL) */
    char *sender;     /* MESSAGE: character name as written; NULL otherwise */
    char *image;      /* IMAGE: relative path as written */
    int from_visitor; /* MESSAGE: sent by "You" (drawn on the visitor's side) */
    int red_flag;     /* MESSAGE in a spot passage: this message is a warning sign */
    char *why;        /* spot: the reason shown after "Done", why it is a warning sign
                         (red_flag) or why it is OK (may be NULL) */
    wz_rating rating; /* MESSAGE: its "[green]", "[amber]" or "[red]" model rating */
    int line, column; /* where it starts in the source */
    wz_cond cond;     /* shown only when this holds ("{if ...}", wz_flags.h) */
} wz_part;

typedef struct wz_choice {
    char *label;      /* what the button says */
    char *target;     /* passage name */
    int target_index; /* index into passages, -1 when the target does not exist */
    wz_class cls;     /* SAFE / RISKY / NEUTRAL, from the target passage's tags */
    int line, column; /* of the "[[" */
    wz_cond cond;     /* offered only when this holds ("{if ...}", wz_flags.h) */
    wz_flags sets;    /* flags set when it is taken ("{set ...}") */
} wz_choice;

typedef struct wz_passage {
    char *name;
    char **tags;
    int ntags;
    char *text;              /* raw passage text, as in the file (after Twee unescaping) */
    int line, column;        /* of the "::" header (Twee) or the <tw-passagedata tag (HTML) */
    int text_line;           /* line of the first text line */
    struct wz_text_map *map; /* where text sits in the file when it is not copied line for
                                line (HTML entities, text after the tag); NULL: line
                                text_line + k of text is that file line, same columns */
    int pid;                 /* Twine pid (HTML) or 1-based order (Twee) */
    char *position, *size;   /* Twine map metadata, as written; may be NULL */

    /* From the conventions: */
    wz_role role;
    wz_class cls;
    wz_part *parts;
    int nparts;
    wz_choice *choices;
    int nchoices;
    wz_flags sets;         /* flags set when it is shown (tags "set:name") */
    struct wz_clip *clips; /* narration, "{audio ...}" lines in the order written (wz_sound.h) */
    int nclips;
} wz_passage;

typedef struct wz_character {
    char *name;
    char *avatar; /* relative image path, may be NULL: the kiosk draws initials */
    char *colour; /* "#RRGGBB" or NULL */
} wz_character;

typedef struct wz_scenario {
    char *file; /* path it was read from */
    char *dir;  /* its folder: every asset path is relative to this */
    int from_html;
    int story, nstories;          /* which story of its file (0-based) and how many the file holds
                                     (a Twine library archive holds several) */
    int story_line, story_column; /* the <tw-storydata> tag (HTML), else 1:1: where messages
                                     about the story as a whole are shown */

    /* Twine story data */
    char *title; /* StoryTitle, or tw-storydata name */
    char *ifid;  /* upper-case UUID, NULL when missing */
    char *format, *format_version;
    char *start;     /* start passage name (StoryData start, startnode, or "Start") */
    int start_index; /* -1 when there is none */

    /* Warning Zone metadata (ScenarioInfo passage) */
    char *summary;
    unsigned audiences; /* WZ_AUD_* mask; 0 when not given */
    char *topic;        /* "grooming", "radicalisation", "general" */
    char *language;     /* BCP 47, e.g. "en" */
    int minutes;        /* estimated minutes, 0 when not given */
    char *thumbnail;    /* relative image path */
    char *content_note;
    int easy_read;    /* this is an easy-read version ... */
    char *variant_of; /* ... of the scenario with this ifid (NULL: a main scenario) */
    char *objectives; /* learning objectives (for staff and reviewers) */
    char *review;     /* review status, e.g. "reviewed 2026-11 by Warning Zone education team" */
    wz_character *characters;
    int ncharacters;

    wz_passage *passages;
    int npassages;
    int help_index; /* the help passage, -1 when there is none (the kiosk uses a default) */
    struct wz_flag_table *flags; /* story memory: flag names (wz_flags.h); NULL when none */
} wz_scenario;

/* ---- building (used by the readers) ---- */
wz_scenario *wz_scenario_new(const char *file);
/* Appends a passage with a copy of name and text; returns it (valid until the next add). */
wz_passage *wz_scenario_add_passage(wz_scenario *sc, const char *name, const char *text, int line,
                                    int text_line);
void wz_passage_add_tag(wz_passage *p, const char *tag);
void wz_scenario_free(wz_scenario *sc);

/* ---- reading ---- */
/* Readers: parse data[0..len) (need not be NUL-terminated). They never fail outright: what
 * cannot be read is reported to diags and left out. `file` is used for messages. */
wz_scenario *wz_twee_read(const char *file, const char *data, size_t len, wz_diags *diags);
/* The first story; wz_html_read_all gives every story of the file (returns how many, >= 1,
 * and *out a new array). */
wz_scenario *wz_html_read(const char *file, const char *data, size_t len, wz_diags *diags);
int wz_html_read_all(const char *file, const char *data, size_t len, wz_diags *diags,
                     wz_scenario ***out);
/* Applies the Warning Zone conventions (roles, parts, choices, metadata). */
void wz_scenario_interpret(wz_scenario *sc, wz_diags *diags);
/* Reads a .twee/.tw or .html/.htm file, interprets and validates it. Returns NULL only when
 * the file cannot be read at all (missing, too big, not text); diags says why. */
wz_scenario *wz_scenario_load(const char *path, wz_diags *diags);
/* 1 when a file name is one of a scenario's (.twee .tw .html .htm, any case), else 0. */
int wz_scenario_is_file_name(const char *name);
/* Same, from memory (for tests and fuzzing); `html` picks the reader. */
wz_scenario *wz_scenario_parse(const char *file, const char *data, size_t len, int html,
                               wz_diags *diags);

/*
 * Every story of a file (a Twine library archive holds several; any other file one), each
 * read, interpreted and validated as a scenario of its own, with its own diagnostics.
 * Returns how many (>= 1), with *out a new array of scenarios and *out_diags a new array
 * of as many diagnostic lists (the caller frees each scenario and list, then both arrays);
 * 0 when the file cannot be read at all, with file_diags saying why and *out NULL.
 * wz_scenario_load and wz_scenario_parse keep the first story and say so when a file
 * holds more.
 */
int wz_scenario_load_all(const char *path, wz_diags *file_diags, wz_scenario ***out,
                         wz_diags **out_diags);
int wz_scenario_parse_all(const char *file, const char *data, size_t len, int html,
                          wz_diags *file_diags, wz_scenario ***out, wz_diags **out_diags);
/* A short name for a story in messages and lists: "file" when its file holds one story,
 * "file (story 2 of 3, \"Title\")" otherwise. New string. */
char *wz_scenario_label(const wz_scenario *sc);
/* Which of n scenarios a diagnostic is about: among those read from its file, the last
 * whose story starts (story_line, story_column) at or before it, else the first of them.
 * -1 when none was read from that file. For handing out the messages of wz_validate_set. */
int wz_scenario_pick(wz_scenario *const *scs, int n, const wz_diag *d);
/* Turns a position in p's text (line text_line + k, column c counted in the text as read)
 * into the position in the file as written. */
void wz_passage_source_pos(const wz_passage *p, int *line, int *col);

/* Calls fn for each line of p's text that is not blank, with the blanks at both ends cut:
 * s[0..n), its line (counted like text_line) and the column of its first character. For
 * the readers of line-by-line passages (wz_quiz, wz_discuss). */
typedef void (*wz_line_fn)(void *ctx, const char *s, size_t n, int line, int col);
void wz_passage_each_line(const wz_passage *p, wz_line_fn fn, void *ctx);

/* ---- looking up ---- */
int wz_scenario_find(const wz_scenario *sc, const char *name); /* passage index or -1 */
int wz_passage_has_tag(const wz_passage *p, const char *tag);
const wz_character *wz_scenario_character(const wz_scenario *sc, const char *name);

const char *wz_role_name(wz_role r);   /* "narration", "chat", ... */
const char *wz_class_name(wz_class c); /* "none", "safe", "risky", "mixed", "neutral" */
/* "8-11", "12-15", "16+", "parents" for one WZ_AUD_* bit; NULL for anything else */
const char *wz_audience_name(unsigned bit);
unsigned wz_audience_parse(const char *name); /* 0 when unknown */

#endif

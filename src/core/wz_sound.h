/*
 * wz_sound: narration in scenarios (docs/scenario-format.md, "Narration") and what the
 * kiosk can tell about an audio file from its bytes, without decoding it.
 *
 * A passage names a recording with "{audio path}" on a line of its own (maybe after
 * "{if ...}"), plain text that Twine keeps. Each becomes a clip of the passage: it plays
 * once the parts written above it are on screen, in the order written. The file is probed
 * (WAV or Ogg Vorbis, every Ogg page's checksum, the length) so that wz-check, the loader
 * and the import warn about a file the kiosk could not play; a bad clip is a warning only:
 * the story plays, silently.
 */
#ifndef WZ_SOUND_H
#define WZ_SOUND_H

#include <stddef.h>

#include "wz_diag.h"
#include "wz_flags.h"

struct wz_scenario;
struct wz_passage;

/* Limits on one narration file: larger or longer ones are not played (a warning). */
#define WZ_SOUND_MAX_BYTES (8u * 1024u * 1024u)
#define WZ_SOUND_MAX_MS (5LL * 60 * 1000)
/* Clips in one passage, and probed in one scenario (each probe reads its file). */
#define WZ_SOUND_MAX_CLIPS 32
#define WZ_SOUND_MAX_CHECKED 2000

typedef struct wz_clip {
    char *path;       /* relative to the scenario's folder, as written */
    int line, column; /* of the "{audio" */
    wz_cond cond;     /* played only when this holds ("{if ...}" on its line) */
    int after;        /* plays once the passage's first `after` parts (as written) show */
} wz_clip;

typedef enum { WZ_SOUND_WAV = 1, WZ_SOUND_OGG_VORBIS } wz_sound_format;

typedef struct wz_sound_info {
    wz_sound_format format;
    int channels;
    long rate;    /* samples a second */
    long long ms; /* length */
} wz_sound_info;

/* What data[0..len) holds: 0 and *info, or -1 with *err (new string, plain words) when it
 * is not a WAV or Ogg Vorbis file the kiosk can play, or is damaged. Never reads outside
 * the buffer. */
int wz_sound_probe(const unsigned char *data, size_t len, wz_sound_info *info, char **err);
/* Reads the file (at most WZ_SOUND_MAX_BYTES), probes it and checks WZ_SOUND_MAX_MS: 0 with
 * its bytes in *data (*len of them; the caller frees them) and *info, or -1 with *err. */
int wz_sound_read_file(const char *path, char **data, size_t *len, wz_sound_info *info, char **err);
/* The same, keeping only *info. */
int wz_sound_check_file(const char *path, wz_sound_info *info, char **err);
const char *wz_sound_format_name(wz_sound_format f); /* "WAV", "Ogg Vorbis" */

/* ---- reading (used by wz_interpret) ---- */

/* Takes the "{audio ...}" groups out of one line of p's text (s[0..n), line `lineno`),
 * adding a clip with condition `cond` for each. Returns NULL when there is none, else a new
 * copy of the line with them blanked out (columns stay right). */
char *wz_sound_read_line(struct wz_scenario *sc, struct wz_passage *p, wz_diags *diags,
                         const char *s, size_t n, int lineno, wz_cond cond);
/* After a line's parts are added: its clips play once p's first nparts parts show. */
void wz_sound_place(struct wz_passage *p);
void wz_sound_free_clips(struct wz_passage *p);

/* ---- checking (used by wz_validate) ---- */
/* Warns about every clip that cannot be played: outside the folder, missing, not a file,
 * not WAV or Ogg Vorbis, damaged, too big or too long. */
void wz_sound_check(const struct wz_scenario *sc, wz_diags *diags);

/* ---- playing ---- */
/* How many of the parts before clip c of the passage as written (src) a visitor with
 * `flags` sees: c plays once that many parts of the passage as shown are on screen. */
int wz_sound_clip_after_shown(const struct wz_passage *src, const wz_clip *c, wz_flags flags);

#endif

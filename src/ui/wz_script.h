/*
 * wz_script: the kiosk's script mode language (docs/script-mode.md: tap, hold, wait,
 * idle, shot, expect, expect-audio, seed, language, quit), parsed whole before the kiosk
 * starts, so a typo is reported as FILE:LINE:COL before any window opens.
 *
 * Blank lines and lines starting with # are ignored. Strings are in double quotes with
 * \" and \\ escapes. Bounded: WZ_SCRIPT_MAX_LINES commands, values up to a day.
 */
#ifndef WZ_SCRIPT_H
#define WZ_SCRIPT_H

#include <stddef.h>

#include "wz_diag.h"

typedef enum {
    WZ_SCRIPT_TAP_XY = 1,
    WZ_SCRIPT_TAP_LABEL,
    WZ_SCRIPT_HOLD,
    WZ_SCRIPT_WAIT,
    WZ_SCRIPT_IDLE,
    WZ_SCRIPT_SHOT,
    WZ_SCRIPT_EXPECT,
    WZ_SCRIPT_QUIT,
    WZ_SCRIPT_SEED,
    WZ_SCRIPT_LANGUAGE,     /* the visit's language for the text layer (wz_text_set_language) */
    WZ_SCRIPT_EXPECT_AUDIO, /* text: the clip playing, as the scenario names it; NULL: none */
} wz_script_op;

typedef struct wz_script_cmd {
    wz_script_op op;
    double x, y;  /* TAP_XY, HOLD */
    long long ms; /* WAIT, IDLE, HOLD; SEED: the seed */
    char *text;   /* TAP_LABEL, SHOT, EXPECT, LANGUAGE: owned */
    int line, column;
} wz_script_cmd;

typedef struct wz_script {
    char *file;
    wz_script_cmd *cmds;
    int count;
} wz_script;

#define WZ_SCRIPT_MAX_LINES 10000
#define WZ_SCRIPT_MAX_BYTES (1u << 20)
#define WZ_SCRIPT_MAX_MS 86400000LL
#define WZ_SCRIPT_MAX_SEED 1000000000000LL

/* Parses data[0..len). Returns a new script (free with wz_script_free), or NULL when
 * there were errors (each in diags as FILE:LINE:COL). */
wz_script *wz_script_parse(const char *file, const char *data, size_t len, wz_diags *diags);
/* Reads and parses a file. */
wz_script *wz_script_load(const char *path, wz_diags *diags);
void wz_script_free(wz_script *s); /* accepts NULL */
const char *wz_script_op_name(wz_script_op op);

#endif

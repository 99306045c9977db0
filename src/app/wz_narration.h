/*
 * wz_narration: which recording plays when (docs/narration.md), with no sound device.
 *
 * The kiosk tells it, each loop turn, what is on screen (a passage, how many of its parts
 * show, whether easy read is on); it starts the passage's clips (wz_sound.h) in the order
 * written as their lines show, one after another, and stops the one playing as soon as
 * the passage is no longer on screen, whatever took it away (a choice, Back, Help, "I'm
 * worried", the idle reset, admin mode). In easy read (or always, by configuration) it
 * plays by itself; otherwise the visitor presses the speaker. Each file is resolved inside
 * its scenario's folder and probed again before it is handed to the output, so a file
 * changed since the library was checked is skipped with a log line: silence, never a crash.
 * Lengths come from the probe, so on the fake clock a run is exact.
 */
#ifndef WZ_NARRATION_H
#define WZ_NARRATION_H

#include "wz_scenario.h"
#include "wz_sound.h"

/* The sound device, or a test's stand-in. */
typedef struct wz_narration_out {
    /* Plays a recording from its start, stopping any other: data[0..len) is the file at
     * path as read and probed (info), so what plays is exactly what was checked. The
     * device owns data from here, whatever it returns. 0, or -1 with *err (new string). */
    int (*play)(void *ctx, const char *path, char *data, size_t len, const wz_sound_info *info,
                char **err);
    void (*stop)(void *ctx);
    void *ctx;
} wz_narration_out;

/* When narration starts without a press ([audio] autoplay). */
typedef enum {
    WZ_NARRATION_AUTO_EASY_READ = 0, /* in easy read */
    WZ_NARRATION_AUTO_ALWAYS,
    WZ_NARRATION_AUTO_NEVER
} wz_narration_auto;

/* Pause between two clips of one passage. */
#define WZ_NARRATION_GAP_MS 300

/* What is on screen. */
typedef struct wz_narration_view {
    const wz_scenario *sc; /* NULL: nothing with narration is on screen */
    int passage;           /* index into sc->passages */
    wz_flags flags;        /* the visit's flags (which {if ...} clips play) */
    long long serial;      /* changes whenever a passage appears anew */
    int shown;             /* parts of the passage as shown that are on screen */
    int easy_read;
} wz_narration_view;

typedef struct wz_narration wz_narration;

/* out is copied. */
wz_narration *wz_narration_create(const wz_narration_out *out, wz_narration_auto mode);
void wz_narration_destroy(wz_narration *n); /* stops the sound; accepts NULL */
/* One loop turn: starts, moves on and stops clips. Returns the next time (ms) it needs a
 * call, or -1 (it then waits for what is on screen to change). */
long long wz_narration_update(wz_narration *n, const wz_narration_view *v, long long now);
/* The speaker: the passage's clips again from the first (at the next update). */
void wz_narration_replay(wz_narration *n);
/* The clip playing, as written in the scenario ("narration/start.ogg"), or NULL. */
const char *wz_narration_playing(const wz_narration *n);
/* Reads an [audio] autoplay value; -1 when it is not one. */
int wz_narration_auto_parse(const char *s, wz_narration_auto *out);

#endif

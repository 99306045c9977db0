/*
 * wz_audio: the sound device for narration: one recording at a time (WAV or Ogg Vorbis),
 * decoded as it plays on SDL's audio thread, so starting a clip costs the UI thread only
 * the decoder's look at its headers.
 *
 * It plays only what wz_narration hands it: files resolved inside their scenario's folder
 * and probed (wz_sound.h). No device, or a device that fails, means silence and one log
 * line; nothing here can stop the kiosk.
 */
#ifndef WZ_AUDIO_H
#define WZ_AUDIO_H

#include <stddef.h>

#include "wz_sound.h"

typedef struct wz_audio wz_audio;

/* Opens the default sound device at volume (0..100 per cent). NULL when there is none,
 * with *err (new string) saying why. */
wz_audio *wz_audio_open(int volume, char **err);
void wz_audio_close(wz_audio *a); /* stops the sound; accepts NULL */
/* wz_narration_out's play and stop (ctx is the wz_audio). */
int wz_audio_play(void *ctx, const char *path, char *data, size_t len, const wz_sound_info *info,
                  char **err);
void wz_audio_stop(void *ctx);

/* For tests: a wz_audio with no device, whose sound is taken with wz_audio_pull (only on
 * such a one: a device's own thread takes the sound of the others). */
wz_audio *wz_audio_open_unplugged(int volume);
/* The next len bytes the device would play (44.1 kHz 16-bit stereo, silence after the
 * clip). Returns how many of them came from the clip. */
int wz_audio_pull(wz_audio *a, unsigned char *out, int len);

#endif

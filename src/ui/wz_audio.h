/*
 * wz_audio: the sound device for narration, on SDL2_mixer: one recording at a time,
 * streamed (SDL_mixer decodes WAV and Ogg Vorbis on its audio thread, so starting a clip
 * costs the UI thread only opening the file and reading its headers).
 *
 * It plays only what wz_narration hands it: files resolved inside their scenario's folder
 * and probed (wz_sound.h). No device, or a device that fails, means silence and one log
 * line; nothing here can stop the kiosk.
 */
#ifndef WZ_AUDIO_H
#define WZ_AUDIO_H

typedef struct wz_audio wz_audio;

/* Opens the default sound device at volume (0..100 per cent). NULL when there is none,
 * with *err (new string) saying why. */
wz_audio *wz_audio_open(int volume, char **err);
void wz_audio_close(wz_audio *a); /* stops the sound; accepts NULL */
/* wz_narration_out's play and stop (ctx is the wz_audio). */
int wz_audio_play(void *ctx, const char *path, char **err);
void wz_audio_stop(void *ctx);

#endif

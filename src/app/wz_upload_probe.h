/*
 * wz_upload_probe: admin mode's "Test the upload connection", off the UI thread.
 *
 * One probe asks the configured collector for its health check (wz_upload_check: the
 * kiosk's upload address, token, CA file and proxy) on a thread of its own, so the staff
 * menu keeps drawing while a dead network takes its time-out, and turns the answer into
 * the plain words the result page shows: it works, no network, no collector answering at
 * the address, the token refused, the certificate not trusted, and so on. The probe keeps
 * its own copy of the settings it needs.
 */
#ifndef WZ_UPLOAD_PROBE_H
#define WZ_UPLOAD_PROBE_H

#include "wz_config.h"

typedef struct wz_upload_probe wz_upload_probe;

/* Starts checking the collector of cfg->upload_url, waiting at most timeout_s seconds
 * (0: wz_upload_check's default). Returns NULL (*err says why) when no thread could be
 * started. */
wz_upload_probe *wz_upload_probe_start(const wz_config *cfg, long timeout_s, char **err);
/* 1 once the answer is in (never blocks). */
int wz_upload_probe_done(wz_upload_probe *p);
/* Waits for the answer (at most the time-out), frees p, and returns the result page's
 * text (new string; caller frees); *ok is 1 when the collector answered that it works. */
char *wz_upload_probe_finish(wz_upload_probe *p, int *ok);
/* Lets go of p without waiting: its thread ends on its own and frees it. Accepts NULL. */
void wz_upload_probe_abandon(wz_upload_probe *p);

#endif

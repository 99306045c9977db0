/*
 * wz_upload_check: the staff-facing answers to "do uploads work?" and "is the token file
 * right?", with the uploader's own rules, so a check never passes what an upload refuses.
 *
 * wz_upload_check sends one GET /healthz to the configured collector (the origin of
 * upload_url) with the kiosk's bearer token, CA file and proxy, exactly as an upload
 * would connect, whether or not figures are waiting, and says what happened in words a
 * technician can act on. wz_upload_token_check reads the token file with the uploader's
 * reader (wz_upload_read_token).
 */
#ifndef WZ_UPLOAD_CHECK_H
#define WZ_UPLOAD_CHECK_H

#include "wz_config.h"

/* Asks the collector of cfg->upload_url whether it is there and takes the token. Waits
 * at most timeout_s seconds (0: 15). Returns 0 when the collector answered that it
 * works, -1 otherwise with *err saying why (caller frees; err may be NULL). Also -1 when
 * uploads are not set up (no upload_url). */
int wz_upload_check(const wz_config *cfg, long timeout_s, char **err);

/* 0 when the uploader can use the token file at path; -1 and *err in words otherwise
 * (missing, unreadable, readable by others, empty, several words or lines). */
int wz_upload_token_check(const char *path, char **err);

#endif

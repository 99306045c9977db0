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

/* What a check came to, so a caller can lead with the right words. */
typedef enum {
    WZ_UPLOAD_CHECK_WORKS = 0,     /* the collector answered and took the token */
    WZ_UPLOAD_CHECK_OFF,           /* no upload_url: uploads are not set up */
    WZ_UPLOAD_CHECK_SETTINGS,      /* upload_url, the token file or the clock cannot be used */
    WZ_UPLOAD_CHECK_NO_NETWORK,    /* no route, or the name could not be looked up */
    WZ_UPLOAD_CHECK_NOT_ANSWERING, /* nothing listening, or no answer in time */
    WZ_UPLOAD_CHECK_TLS,           /* the secure connection failed (certificate, CA file) */
    WZ_UPLOAD_CHECK_TOKEN_REFUSED, /* HTTP 401 or 403 */
    WZ_UPLOAD_CHECK_NOT_COLLECTOR, /* HTTP 404: some other web server */
    WZ_UPLOAD_CHECK_ERROR          /* any other status, or the connection broke */
} wz_upload_check_kind;

/* Asks the collector of cfg->upload_url whether it is there and takes the token. Waits
 * at most timeout_s seconds (0: 15). Returns 0 when the collector answered that it
 * works, -1 otherwise with *err saying why (caller frees; err may be NULL). Also -1 when
 * uploads are not set up (no upload_url). */
int wz_upload_check(const wz_config *cfg, long timeout_s, char **err);
/* The same, also saying what it came to in *kind (may be NULL). */
int wz_upload_check_kind_of(const wz_config *cfg, long timeout_s, wz_upload_check_kind *kind,
                            char **err);
/* The address a check asks (upload_url's origin with the path /healthz): a new string,
 * or NULL when upload_url is missing or not an address. */
char *wz_upload_check_url(const char *upload_url);

/* 0 when the uploader can use the token file at path; -1 and *err in words otherwise
 * (missing, unreadable, readable by others, empty, several words or lines). */
int wz_upload_token_check(const char *path, char **err);

#endif

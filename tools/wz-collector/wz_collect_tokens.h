/*
 * wz_collect_tokens: who may upload, for which kiosk.
 *
 * A token file holds one token a line ('#' starts a comment): "TOKEN KIOSK_ID" lets that
 * token upload only for that kiosk (the default `wz-collector token add` writes), so a
 * token taken from one kiosk cannot write another's figures; a bare "TOKEN" may upload
 * for any kiosk (a shared token: possible, and reported by wz_collect_tokens_shared so
 * the server can warn). Every token must carry at least 128 bits: 32 characters when it
 * is only hexadecimal digits, 22 otherwise (base64's 6 bits a character), printable
 * ASCII without spaces. The file must be readable by its owner only. Presented tokens
 * are compared with every entry in constant time, so the time taken says nothing about
 * which entry (or how much of one) matched.
 */
#ifndef WZ_COLLECT_TOKENS_H
#define WZ_COLLECT_TOKENS_H

#include <stddef.h>

#define WZ_COLLECT_TOKENS_MAX 4096 /* entries in one file */
#define WZ_COLLECT_TOKEN_MAX 256   /* characters in one token */
#define WZ_COLLECT_TOKEN_BYTES 24  /* random bytes in a token made by _add (192 bits) */

typedef struct wz_collect_tokens wz_collect_tokens;

/* Reads path. Returns NULL with a new message in *err (caller frees; err may be NULL)
 * when the file is missing, readable by others, empty, or has a bad line (too short a
 * token, a bad kiosk id, the same token twice). */
wz_collect_tokens *wz_collect_tokens_load(const char *path, char **err);
void wz_collect_tokens_free(wz_collect_tokens *t); /* accepts NULL */

int wz_collect_tokens_count(const wz_collect_tokens *t);
/* How many entries have no kiosk id (shared tokens). */
int wz_collect_tokens_shared(const wz_collect_tokens *t);
/* The entry the presented token equals: its index, or -1. */
int wz_collect_tokens_match(const wz_collect_tokens *t, const char *presented, size_t len);
/* The kiosk entry i is bound to, or NULL for a shared token. */
const char *wz_collect_tokens_kiosk(const wz_collect_tokens *t, int i);
/* Does token i allow uploading for kiosk_id? */
int wz_collect_tokens_allows(const wz_collect_tokens *t, int i, const char *kiosk_id);

/* 1 when tok carries at least 128 bits by the rule above, else 0. */
int wz_collect_token_strong(const char *tok);

/*
 * Makes a new random token for kiosk_id and appends "TOKEN KIOSK_ID" to path (created
 * with mode 0600 when missing), refusing a kiosk that already has one unless replace is
 * set (then its old line is dropped). Returns the new token (caller frees) or NULL with
 * *err.
 */
char *wz_collect_tokens_add(const char *path, const char *kiosk_id, int replace, char **err);
/* Drops kiosk_id's lines from path. Returns 0, 1 when it had none, or -1 with *err. */
int wz_collect_tokens_remove(const char *path, const char *kiosk_id, char **err);

#endif

/*
 * wz_pin: the staff PIN, stored only as a salted slow hash, and the wrong-PIN brake.
 *
 * The hash is libsodium's crypto_pwhash_str (Argon2id, interactive cost). A short PIN has
 * little entropy, so the real defence is the limiter: after WZ_PIN_FREE_TRIES wrong PINs
 * the pad refuses every try for 30 s, and each further wrong PIN doubles the wait (at most
 * an hour). It runs on a monotonic clock the caller passes in (tested without waiting; a
 * changed wall clock cannot reset it) and is saved beside the statistics before and after
 * every check, so a power cut neither forgets wrong PINs nor shortens a wait.
 *
 * A PIN is never logged, never kept after the check (callers wipe their buffer with
 * wz_pin_wipe) and never written anywhere but as its hash.
 */
#ifndef WZ_PIN_H
#define WZ_PIN_H

#include <stddef.h>
#include <stdio.h>

#define WZ_PIN_MIN_DIGITS 6 /* a million PINs: with the lock-out, years of tries */
#define WZ_PIN_MAX_DIGITS 12
#define WZ_PIN_HASH_MAX 128 /* crypto_pwhash_STRBYTES, including the NUL */

/* Returns 1 when pin is WZ_PIN_MIN_DIGITS..WZ_PIN_MAX_DIGITS ASCII digits, else 0 and
 * *why (when not NULL) is a static message in plain words. */
int wz_pin_valid(const char *pin, const char **why);

/* Every hash wz_pin_hash makes starts with this tag before libsodium's string: it says the
 * PIN was checked to have WZ_PIN_MIN_DIGITS digits or more. A hash cannot tell a PIN's
 * length, so an untagged one (made before the rule) may hide a shorter PIN. */
#define WZ_PIN_HASH_TAG "min6"
/* 1 when hash carries WZ_PIN_HASH_TAG. */
int wz_pin_hash_tagged(const char *hash);

/* Hashes pin into out (NUL-terminated, at most WZ_PIN_HASH_MAX bytes; out_size must be at
 * least that). Returns 0, or -1 with *why set (an invalid PIN, or out of memory). */
int wz_pin_hash(const char *pin, char *out, size_t out_size, const char **why);

/* Returns 1 when pin matches hash, 0 when it does not (or hash is malformed/NULL). */
int wz_pin_verify(const char *hash, const char *pin);

/* Overwrites n bytes of a buffer that held a PIN (not optimised away). */
void wz_pin_wipe(void *p, size_t n);

/* ---- wrong-PIN limiter (pure: no clock of its own) ---- */
#define WZ_PIN_FREE_TRIES 3
#define WZ_PIN_FIRST_WAIT_MS 30000LL
#define WZ_PIN_MAX_WAIT_MS 3600000LL
#define WZ_PIN_MAX_FAILURES 1000 /* the count stops here (the wait stopped long before) */

typedef struct wz_pin_limiter {
    int failures;           /* wrong PINs since the last right one */
    long long locked_until; /* monotonic ms; no try is accepted before it */
    long long last_failure; /* monotonic ms of the last wrong PIN (when failures > 0) */
} wz_pin_limiter;

void wz_pin_limiter_init(wz_pin_limiter *l);
/* Milliseconds the pad must still wait at now_ms (0: a try is allowed). */
long long wz_pin_limiter_wait_ms(const wz_pin_limiter *l, long long now_ms);
void wz_pin_limiter_failed(wz_pin_limiter *l, long long now_ms);
void wz_pin_limiter_succeeded(wz_pin_limiter *l);

/* ---- the limiter across restarts ---- */
/* The lock-out file for a statistics database: "<db_path>.pin-lock" (caller frees). */
char *wz_pin_lock_path(const char *db_path);

/* Writes the limiter to path (atomically, mode 0600) as it stands at now_ms, which is
 * wall_s in CLOCK_REALTIME seconds. Returns 0, or -1 with *err. */
int wz_pin_limiter_save(const wz_pin_limiter *l, const char *path, long long now_ms,
                        long long wall_s, char **err);

/* Sets l from path at now_ms (monotonic) = wall_s (CLOCK_REALTIME seconds). The wait left
 * is the wait for the saved count minus the wall-clock time since the saved last wrong
 * PIN, and never more than that whole wait. So a restart never shortens a wait; a clock
 * that went backwards (the saved wrong PIN lies in the future) counts as no time passed,
 * the whole wait again; only a clock set forwards while the kiosk was off (which needs
 * root or the network's time server) can end a wait early, and even then the count stays,
 * so the next wrong PIN waits longer still.
 * No file (never saved, or removed by a technician): a fresh limiter, 1. A file that cannot
 * be read or makes no sense: -1 with *err, and l is locked for the first wait as if the
 * free tries were used up, so breaking the file never opens the pad. 0: loaded. */
int wz_pin_limiter_load(wz_pin_limiter *l, const char *path, long long now_ms, long long wall_s,
                        char **err);

typedef enum {
    WZ_PIN_OK = 0,       /* right PIN: open admin mode */
    WZ_PIN_WRONG = 1,    /* wrong PIN (counted) */
    WZ_PIN_LOCKED = 2,   /* too many wrong PINs: not even checked; see *wait_ms */
    WZ_PIN_DISABLED = 3, /* no pin_hash configured: admin mode is off */
} wz_pin_result;

/* One try at the pad: consults the limiter, verifies, updates the limiter. wait_ms (may be
 * NULL) receives how long the pad must wait now (after a wrong PIN: before the next try). */
wz_pin_result wz_pin_try(wz_pin_limiter *l, const char *hash, const char *pin, long long now_ms,
                         long long *wait_ms);

/* wz_pin_try in two halves, for a caller that runs the slow wz_pin_verify (about 0.35 s)
 * on another thread. wz_pin_try_begin consults the limiter: it returns 1 when the PIN
 * should be verified, or 0 with *refused set (WZ_PIN_LOCKED with *wait_ms, or
 * WZ_PIN_DISABLED). After wz_pin_verify, wz_pin_try_end records its answer (matched) at
 * now_ms (the time the answer came) and returns WZ_PIN_OK or WZ_PIN_WRONG, with *wait_ms
 * as wz_pin_try. The caller lets only one try be in flight at a time. */
int wz_pin_try_begin(const wz_pin_limiter *l, const char *hash, long long now_ms,
                     wz_pin_result *refused, long long *wait_ms);
wz_pin_result wz_pin_try_end(wz_pin_limiter *l, int matched, long long now_ms, long long *wait_ms);

/* `wz-kiosk --hash-pin`: reads a PIN from in (a line; on a terminal it is asked twice with
 * echo off, prompts on err), prints "pin_hash = <hash>" on out. Returns the exit status:
 * 0, or 1 with a message on err (not digits, too short, mismatch, no input). */
int wz_pin_hash_cli(FILE *in, FILE *out, FILE *err);

#endif

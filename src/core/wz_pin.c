/*
 * wz_pin: libsodium for the hash, plain arithmetic for the limiter.
 *
 * The limiter refuses tries while locked without running the hash, so a locked pad
 * costs nothing and reveals nothing. The wait after the n-th wrong PIN (n > 3) is
 * 30 s * 2^(n-4), capped, computed with a bounded shift so it never overflows.
 *
 * The lock-out file is a few "key = value" lines (the count and the wall-clock second of
 * the last wrong PIN), read strictly: anything unexpected counts as broken, and broken
 * locks. Seconds are rounded so that a restart can only lengthen a wait.
 */
#include "wz_pin.h"

#include <errno.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <sodium.h>

#include "wz_util.h"

int wz_pin_valid(const char *pin, const char **why)
{
    const char *w = NULL;
    size_t n = pin ? strlen(pin) : 0;
    if (!pin || n == 0) w = "no PIN was typed";
    for (size_t i = 0; !w && i < n; i++)
        if (pin[i] < '0' || pin[i] > '9') w = "a PIN is made of digits only";
    if (!w && n < WZ_PIN_MIN_DIGITS) w = "a PIN needs at least 6 digits";
    if (!w && n > WZ_PIN_MAX_DIGITS) w = "a PIN has at most 12 digits";
    if (why) *why = w;
    return w == NULL;
}

int wz_pin_hash_tagged(const char *hash)
{
    return hash && wz_str_starts(hash, WZ_PIN_HASH_TAG "$");
}

int wz_pin_hash(const char *pin, char *out, size_t out_size, const char **why)
{
    char str[crypto_pwhash_STRBYTES];
    if (out_size < WZ_PIN_HASH_MAX) {
        if (why) *why = "internal error: the hash buffer is too small";
        return -1;
    }
    out[0] = '\0';
    if (!wz_pin_valid(pin, why)) return -1;
    if (sodium_init() < 0) {
        if (why) *why = "the cryptography library could not start";
        return -1;
    }
    if (crypto_pwhash_str(str, pin, strlen(pin), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
        if (why) *why = "not enough memory to hash the PIN";
        return -1;
    }
    int n = snprintf(out, out_size, "%s%s", WZ_PIN_HASH_TAG, str);
    WZ_ASSERT(n > 0 && (size_t)n < out_size); /* libsodium's string is about 100 bytes */
    return 0;
}

int wz_pin_verify(const char *hash, const char *pin)
{
    if (!hash || !pin || !*hash) return 0;
    if (strnlen(hash, WZ_PIN_HASH_MAX) >= WZ_PIN_HASH_MAX) return 0;
    if (!wz_pin_valid(pin, NULL)) return 0;
    if (wz_pin_hash_tagged(hash)) hash += strlen(WZ_PIN_HASH_TAG);
    if (sodium_init() < 0) return 0;
    return crypto_pwhash_str_verify(hash, pin, strlen(pin)) == 0;
}

void wz_pin_wipe(void *p, size_t n)
{
    if (p && n) sodium_memzero(p, n);
}

void wz_pin_limiter_init(wz_pin_limiter *l)
{
    l->failures = 0;
    l->locked_until = 0;
    l->last_failure = 0;
}

/* The wait that follows the failures-th wrong PIN (0 while tries are free). */
static long long wait_after(int failures)
{
    if (failures < WZ_PIN_FREE_TRIES) return 0;
    int doublings = failures - WZ_PIN_FREE_TRIES;
    long long wait = WZ_PIN_FIRST_WAIT_MS;
    while (doublings-- > 0 && wait < WZ_PIN_MAX_WAIT_MS)
        wait *= 2;
    return wait > WZ_PIN_MAX_WAIT_MS ? WZ_PIN_MAX_WAIT_MS : wait;
}

long long wz_pin_limiter_wait_ms(const wz_pin_limiter *l, long long now_ms)
{
    return l->locked_until > now_ms ? l->locked_until - now_ms : 0;
}

void wz_pin_limiter_failed(wz_pin_limiter *l, long long now_ms)
{
    if (l->failures < WZ_PIN_MAX_FAILURES) l->failures++;
    l->last_failure = now_ms;
    if (l->failures >= WZ_PIN_FREE_TRIES) l->locked_until = now_ms + wait_after(l->failures);
}

char *wz_pin_lock_path(const char *db_path)
{
    return wz_xasprintf("%s.pin-lock", db_path);
}

int wz_pin_limiter_save(const wz_pin_limiter *l, const char *path, long long now_ms,
                        long long wall_s, char **err)
{
    /* The whole seconds since the last wrong PIN, rounded down: its saved time is never
     * earlier than the real one, so the wait computed from it is never shorter. */
    long long since = l->failures > 0 && now_ms > l->last_failure ? now_ms - l->last_failure : 0;
    long long last = l->failures > 0 ? wall_s - since / 1000 : 0;
    char text[256];
    int n = snprintf(text, sizeof(text),
                     "# wz-kiosk wrong-PIN lock-out (see docs/deployment.md)\n"
                     "failures = %d\nlast_failure = %lld\n",
                     l->failures, last < 0 ? 0 : last);
    WZ_ASSERT(n > 0 && (size_t)n < sizeof(text));
    if (wz_write_file_atomic_mode(path, text, (size_t)n, 0600) != 0) {
        if (err)
            *err = wz_xasprintf("the wrong-PIN lock-out could not be saved in %s (%s); until it "
                                "can, a restart forgets wrong PINs",
                                path, strerror(errno));
        return -1;
    }
    return 0;
}

/* Reads "key = <digits>" from line; returns 0 and *v, or -1. */
static int parse_field(const char *line, const char *key, long long max, long long *v)
{
    size_t k = strlen(key);
    if (strncmp(line, key, k) != 0 || strncmp(line + k, " = ", 3) != 0) return -1;
    const char *p = line + k + 3;
    if (*p < '0' || *p > '9') return -1;
    char *end = NULL;
    errno = 0;
    long long x = strtoll(p, &end, 10);
    if (errno != 0 || *end != '\0' || x > max) return -1;
    *v = x;
    return 0;
}

/* Parses the file's text into *failures and *last (wall seconds); 0, or -1 when broken. */
static int parse_lock(char *text, long long *failures, long long *last)
{
    int have = 0;
    char *save = NULL;
    for (char *line = text; line; line = save) {
        save = strchr(line, '\n');
        if (save) *save++ = '\0';
        if (*line == '\0' || *line == '#') continue;
        if (parse_field(line, "failures", WZ_PIN_MAX_FAILURES, failures) == 0)
            have |= 1;
        else if (parse_field(line, "last_failure", 1LL << 40, last) == 0)
            have |= 2;
        else
            return -1;
    }
    return have == 3 ? 0 : -1;
}

int wz_pin_limiter_load(wz_pin_limiter *l, const char *path, long long now_ms, long long wall_s,
                        char **err)
{
    char *text = NULL;
    size_t len = 0;
    long long failures = 0, last = 0;
    wz_pin_limiter_init(l);
    int rc = wz_read_file(path, 4096, &text, &len);
    if (rc == -1 && errno == ENOENT) return 1;
    const char *why = rc == -1  ? strerror(errno)
                      : rc != 0 ? "it is far too big"
                      : (strlen(text) != len || parse_lock(text, &failures, &last) != 0)
                          ? "it is not a lock-out file"
                          : NULL;
    if (why) {
        if (err)
            *err = wz_xasprintf("the wrong-PIN lock-out in %s could not be read (%s); the PIN "
                                "pad waits %lld seconds first. To clear it, stop the kiosk and "
                                "delete that file",
                                path, why, WZ_PIN_FIRST_WAIT_MS / 1000);
        free(text);
        l->failures = WZ_PIN_FREE_TRIES;
        l->last_failure = now_ms;
        l->locked_until = now_ms + WZ_PIN_FIRST_WAIT_MS;
        return -1;
    }
    free(text);
    /* A saved wrong PIN in the future means the clock went back: count no time as passed. */
    long long since = wall_s > last ? (wall_s - last) * 1000 : 0;
    l->failures = (int)failures;
    if (failures == 0) return 0;
    l->last_failure = now_ms - since;
    long long left = wait_after(l->failures) - since;
    if (left > 0) l->locked_until = now_ms + left;
    return 0;
}

void wz_pin_limiter_succeeded(wz_pin_limiter *l)
{
    wz_pin_limiter_init(l);
}

int wz_pin_try_begin(const wz_pin_limiter *l, const char *hash, long long now_ms,
                     wz_pin_result *refused, long long *wait_ms)
{
    if (wait_ms) *wait_ms = 0;
    if (!hash || !*hash) {
        *refused = WZ_PIN_DISABLED;
        return 0;
    }
    long long w = wz_pin_limiter_wait_ms(l, now_ms);
    if (w > 0) {
        if (wait_ms) *wait_ms = w;
        *refused = WZ_PIN_LOCKED;
        return 0;
    }
    return 1;
}

wz_pin_result wz_pin_try_end(wz_pin_limiter *l, int matched, long long now_ms, long long *wait_ms)
{
    if (wait_ms) *wait_ms = 0;
    if (matched) {
        wz_pin_limiter_succeeded(l);
        return WZ_PIN_OK;
    }
    wz_pin_limiter_failed(l, now_ms);
    if (wait_ms) *wait_ms = wz_pin_limiter_wait_ms(l, now_ms);
    return WZ_PIN_WRONG;
}

wz_pin_result wz_pin_try(wz_pin_limiter *l, const char *hash, const char *pin, long long now_ms,
                         long long *wait_ms)
{
    wz_pin_result refused;
    if (!wz_pin_try_begin(l, hash, now_ms, &refused, wait_ms)) return refused;
    return wz_pin_try_end(l, wz_pin_verify(hash, pin), now_ms, wait_ms);
}

/* Reads one line (without its newline) into buf; returns 0, or -1 at end of input or when
 * the line does not fit. The rest of an over-long line is consumed. */
static int read_line(FILE *in, char *buf, size_t size)
{
    if (!fgets(buf, (int)size, in)) return -1;
    size_t n = strlen(buf);
    if (n && buf[n - 1] == '\n') {
        buf[--n] = '\0';
        if (n && buf[n - 1] == '\r') buf[--n] = '\0';
        return 0;
    }
    int ch;
    int overlong = 0;
    while ((ch = fgetc(in)) != EOF && ch != '\n')
        overlong = 1;
    return overlong ? -1 : 0;
}

static int ask(FILE *in, FILE *err, int tty, const char *prompt, char *buf, size_t size)
{
    struct termios old, quiet;
    int fd = fileno(in);
    int echo_off = 0;
    if (tty) {
        fputs(prompt, err);
        fflush(err);
        if (tcgetattr(fd, &old) == 0) {
            quiet = old;
            quiet.c_lflag &= ~(tcflag_t)ECHO;
            echo_off = tcsetattr(fd, TCSAFLUSH, &quiet) == 0;
        }
    }
    int rc = read_line(in, buf, size);
    if (echo_off) {
        tcsetattr(fd, TCSAFLUSH, &old);
        fputc('\n', err);
    }
    return rc;
}

int wz_pin_hash_cli(FILE *in, FILE *out, FILE *err)
{
    char pin[64], again[64], hash[WZ_PIN_HASH_MAX];
    const char *why = NULL;
    int status = 1;
    int tty = isatty(fileno(in));
    pin[0] = again[0] = '\0';
    if (ask(in, err, tty, "Type the new admin PIN (6 to 12 digits) and press Enter: ", pin,
            sizeof(pin)) != 0) {
        fputs("wz-kiosk --hash-pin: no PIN was read (type the digits, then Enter)\n", err);
        goto out;
    }
    if (!wz_pin_valid(pin, &why)) {
        fprintf(err, "wz-kiosk --hash-pin: %s\n", why);
        goto out;
    }
    if (tty) {
        if (ask(in, err, tty, "Type it again: ", again, sizeof(again)) != 0 ||
            strcmp(pin, again) != 0) {
            fputs("wz-kiosk --hash-pin: the two PINs are different; nothing was changed\n", err);
            goto out;
        }
    }
    if (wz_pin_hash(pin, hash, sizeof(hash), &why) != 0) {
        fprintf(err, "wz-kiosk --hash-pin: %s\n", why);
        goto out;
    }
    fprintf(out, "pin_hash = %s\n", hash);
    if (tty)
        fputs("Paste that line under [admin] in /etc/wz-kiosk/kiosk.ini, then restart the kiosk "
              "(systemctl restart wz-kiosk).\n",
              err);
    status = 0;
out:
    wz_pin_wipe(pin, sizeof(pin));
    wz_pin_wipe(again, sizeof(again));
    return status;
}

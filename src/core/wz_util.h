/*
 * wz_util: the few helpers every layer uses.
 *
 * Allocation failure aborts through wz_xmalloc and friends (one way to fail, like
 * redis zmalloc): systemd restarts a kiosk faster than any recovery path could, and
 * callers stay free of "if (!p)" noise. wz_buf is a growable byte buffer with a hard
 * size limit, so text that comes from outside can never grow without bound.
 */
#ifndef WZ_UTIL_H
#define WZ_UTIL_H

#include <stdarg.h>
#include <stddef.h>

void *wz_xmalloc(size_t n);
void *wz_xcalloc(size_t count, size_t n);
void *wz_xrealloc(void *p, size_t n);
/* Returns a new copy of s (NULL stays NULL); the caller frees it. */
char *wz_xstrdup(const char *s);
/* Returns a new NUL-terminated copy of the first n bytes of s; the caller frees it. */
char *wz_xstrndup(const char *s, size_t n);
/* Returns a new printf-formatted string; the caller frees it. */
char *wz_xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *wz_xvasprintf(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));

/* The error convention's helper: sets *err (when err is not NULL) to a new printf-formatted
 * message the caller frees, and returns -1, so a failure reads "return wz_fail(err, ...)". */
int wz_fail(char **err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Growable buffer, always NUL-terminated. `limit` 0 means WZ_BUF_DEFAULT_LIMIT. */
#define WZ_BUF_DEFAULT_LIMIT (64u * 1024u * 1024u)
typedef struct wz_buf {
    char *data;
    size_t len, cap, limit;
    int toobig; /* set once an append was refused because of the limit */
} wz_buf;

void wz_buf_init(wz_buf *b, size_t limit);
/* Return 0, or -1 (and set toobig) when the append would pass the limit. */
int wz_buf_append(wz_buf *b, const void *data, size_t n);
int wz_buf_puts(wz_buf *b, const char *s);
int wz_buf_putc(wz_buf *b, char c);
int wz_buf_printf(wz_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Hands the bytes to the caller (who frees them) and empties the buffer. */
char *wz_buf_steal(wz_buf *b);
void wz_buf_free(wz_buf *b);

/*
 * Reads a whole file into a new NUL-terminated buffer (*out, caller frees) of *len bytes.
 * Returns 0, -1 with errno set when it cannot be read, or -2 when it is larger than
 * max_bytes.
 */
int wz_read_file(const char *path, size_t max_bytes, char **out, size_t *len);
/* Writes data to path via a temporary file and rename, so a power cut leaves old or new. */
int wz_write_file_atomic(const char *path, const void *data, size_t len);
/* The same, with the new file's permission bits (before the umask), e.g. 0600. */
int wz_write_file_atomic_mode(const char *path, const void *data, size_t len, unsigned mode);

/*
 * UTF-8: returns the byte offset of the first invalid sequence in s[0..n), or n when the
 * whole text is valid (overlongs, surrogates and code points past U+10FFFF are invalid).
 */
size_t wz_utf8_check(const char *s, size_t n);
/* Number of code points in s[0..n), counted by lead bytes (safe on invalid UTF-8): the
 * one way to count characters, for columns (the byte after them is at that plus one)
 * and length limits. */
size_t wz_utf8_len(const char *s, size_t n);
/* Appends code point cp as UTF-8. */
int wz_buf_put_utf8(wz_buf *b, unsigned cp);
/* Appends one CSV field (RFC 4180: quoted when it holds a comma, quote, CR or LF; a
 * leading = + - @ gets a ' so spreadsheets never run it as a formula). NULL is "". */
void wz_buf_put_csv(wz_buf *b, const char *s);
/* Appends s (NULL: nothing) escaped for HTML text and attribute values: & < > " ' as
 * entities, a control character other than tab and newline as U+FFFD. */
void wz_buf_put_html(wz_buf *b, const char *s);

/* String helpers. */
int wz_str_starts(const char *s, const char *prefix);
int wz_str_ends(const char *s, const char *suffix);
/* Returns a new copy of s[0..n) with leading and trailing ASCII white space removed. */
char *wz_str_trim_dup(const char *s, size_t n);
/* Case-insensitive ASCII comparison. */
int wz_str_ieq(const char *a, const char *b);
/* A command line's option: the value of --name=V or --name V at argv[*i] (moving *i past
 * V), or NULL when argv[*i] is not --name, or is the last argument with no value (then
 * *missing, when not NULL, is set to 1). */
const char *wz_opt_value(int argc, char **argv, int *i, const char *name, int *missing);
/* Returns a new copy of s (NULL stays NULL) that is safe to put in one line of a log or a
 * message: ASCII control characters become \n, \r, \t or \xHH, bytes that are not UTF-8
 * become \xHH, and the Unicode controls that break or reorder a line (U+0080-U+009F,
 * U+2028, U+2029, the bidirectional overrides) become \u{XXXX}. A file name with a
 * newline in it can then never forge a line. The caller frees it. */
char *wz_str_escape_controls(const char *s);

/* Joins dir and name with one '/'; returns a new string the caller frees. */
char *wz_path_join(const char *dir, const char *name);
/* Returns a new copy of the directory part of path ("." when there is none). */
char *wz_path_dirname(const char *path);

/* Monotonic milliseconds, for timers and back-off (never the wall clock). */
long long wz_now_ms(void);

/* FNV-1a, 64 bits: the one hash for caches, maps and signatures (not for security).
 * Start with WZ_HASH_INIT and feed the result back in to hash several pieces. */
#define WZ_HASH_INIT 14695981039346656037ull
unsigned long long wz_hash(unsigned long long h, const void *data, size_t n);

/* Fills buf with n bytes from the operating system's secure random source (libsodium).
 * Never fails. */
void wz_random_bytes(void *buf, size_t n);
/* Writes 2*nbytes lower-case hex digits of fresh random bytes and a NUL to out, which holds
 * at least 2*nbytes+1 chars (e.g. 16 bytes -> a 32-digit id). */
void wz_random_hex(char *out, size_t nbytes);

/*
 * Invariants: WZ_ASSERT(cond) stops the program with file:line and the condition when a
 * rule the code itself keeps is broken (never for bad input: that is an error message).
 * Like microui's expect() and SQLite's assert(), it is on in every build: a kiosk that
 * stops is restarted by systemd, one that goes on with a broken state may show nonsense.
 */
#define WZ_ASSERT(cond) ((cond) ? (void)0 : wz_assert_fail(#cond, __FILE__, __LINE__))
_Noreturn void wz_assert_fail(const char *cond, const char *file, int line);

#define WZ_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))
#define WZ_MIN(a, b) ((a) < (b) ? (a) : (b))
#define WZ_MAX(a, b) ((a) > (b) ? (a) : (b))

#endif

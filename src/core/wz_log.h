/*
 * wz_log: one line per event on stderr, with a level and the module that speaks.
 *
 * Under systemd (journald) lines carry a "<N>" priority prefix; in a terminal they read
 * "warn upload: message". A line is written with one call, so threads never interleave,
 * and control characters are replaced, so outside text cannot forge a second line.
 * Thread-safe; the level starts from $WZ_LOG_LEVEL (error, warn, info, debug; default info).
 * The last error is kept for the admin status screen.
 *
 * THE RULE: never log personal data or secrets: nothing that could identify a visitor, no
 * text a visitor typed, never the admin PIN, the upload token, a proxy password or an
 * Authorization header. Log what happened to the machine: files, counts, status codes.
 */
#ifndef WZ_LOG_H
#define WZ_LOG_H

#include <stddef.h>

typedef enum { WZ_LOG_ERROR = 0, WZ_LOG_WARN = 1, WZ_LOG_INFO = 2, WZ_LOG_DEBUG = 3 } wz_log_level;

/* Longest line written; longer messages are cut and end in "...". */
#define WZ_LOG_MAX_LINE 1024

void wz_log(wz_log_level level, const char *module, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#define wz_log_error(module, ...) wz_log(WZ_LOG_ERROR, module, __VA_ARGS__)
#define wz_log_warn(module, ...) wz_log(WZ_LOG_WARN, module, __VA_ARGS__)
#define wz_log_info(module, ...) wz_log(WZ_LOG_INFO, module, __VA_ARGS__)
#define wz_log_debug(module, ...) wz_log(WZ_LOG_DEBUG, module, __VA_ARGS__)

/* Messages above this level are dropped. */
void wz_log_set_level(wz_log_level level);
wz_log_level wz_log_get_level(void);
/* "error", "warn"/"warning", "info", "debug" (any case). Returns 0, or -1 when unknown. */
int wz_log_level_parse(const char *name, wz_log_level *out);
const char *wz_log_level_name(wz_log_level level);

/* Replaces where lines go (tests, or a screen). fn receives the cleaned message (no
 * prefix, no newline), valid only during the call. NULL restores stderr. */
typedef void (*wz_log_sink)(wz_log_level level, const char *module, const char *msg, void *ud);
void wz_log_set_sink(wz_log_sink fn, void *ud);

/* Copies the last error-level message ("module: message") into buf (always
 * NUL-terminated). Returns its wall-clock time (seconds since 1970), or 0 when no error
 * was logged since start-up. */
long long wz_log_last_error(char *buf, size_t size);

#endif

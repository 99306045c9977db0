/*
 * wz_log: formats into a bounded stack buffer, escapes its control characters the way
 * wz_str_escape_controls does for messages, then writes one line.
 *
 * A mutex guards the sink, the level and the remembered last error: the UI thread and
 * the upload worker both log, and a line must arrive whole. Formatting happens outside
 * the lock so a slow vsnprintf never blocks the other thread for longer than a write.
 */
#include "wz_log.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "wz_util.h"

static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;
static int level_ready;
static wz_log_level current_level = WZ_LOG_INFO;
static wz_log_sink sink_fn;
static void *sink_ud;
static char last_error[WZ_LOG_MAX_LINE + 64];
static long long last_error_time;

static const char *const names[] = {"error", "warn", "info", "debug"};

const char *wz_log_level_name(wz_log_level level)
{
    return (level >= WZ_LOG_ERROR && level <= WZ_LOG_DEBUG) ? names[level] : "?";
}

int wz_log_level_parse(const char *name, wz_log_level *out)
{
    if (!name) return -1;
    for (int i = 0; i < 4; i++) {
        if (wz_str_ieq(name, names[i])) {
            *out = (wz_log_level)i;
            return 0;
        }
    }
    if (wz_str_ieq(name, "warning")) {
        *out = WZ_LOG_WARN;
        return 0;
    }
    return -1;
}

/* Called with the lock held. */
static void ensure_level(void)
{
    if (level_ready) return;
    level_ready = 1;
    wz_log_level l;
    if (wz_log_level_parse(getenv("WZ_LOG_LEVEL"), &l) == 0) current_level = l;
}

void wz_log_set_level(wz_log_level level)
{
    pthread_mutex_lock(&log_lock);
    level_ready = 1;
    current_level = level;
    pthread_mutex_unlock(&log_lock);
}

wz_log_level wz_log_get_level(void)
{
    pthread_mutex_lock(&log_lock);
    ensure_level();
    wz_log_level l = current_level;
    pthread_mutex_unlock(&log_lock);
    return l;
}

void wz_log_set_sink(wz_log_sink fn, void *ud)
{
    pthread_mutex_lock(&log_lock);
    sink_fn = fn;
    sink_ud = ud;
    pthread_mutex_unlock(&log_lock);
}

/* The largest n <= at where s[n] starts a character (never inside a UTF-8 sequence). */
static size_t char_start(const char *s, size_t at)
{
    while (at > 0 && ((unsigned char)s[at] & 0xC0) == 0x80)
        at--;
    return at;
}

/* Escapes s in place the one way every log line and message does (wz_str_escape_controls:
 * a newline becomes \n, ESC \x1B, a stray byte \xHH), cut to fit its size bytes on a
 * character boundary, with "..." when cut. */
static void clean(char *s, size_t size)
{
    char *esc = wz_str_escape_controls(s);
    size_t n = strlen(esc);
    if (n < size) {
        memcpy(s, esc, n + 1);
    } else {
        n = char_start(esc, size - 4); /* never half a character */
        memcpy(s, esc, n);
        memcpy(s + n, "...", 4);
    }
    free(esc);
}

void wz_log(wz_log_level level, const char *module, const char *fmt, ...)
{
    if (level < WZ_LOG_ERROR) level = WZ_LOG_ERROR;
    if (level > WZ_LOG_DEBUG) level = WZ_LOG_DEBUG;
    if (level > wz_log_get_level()) return;

    char msg[WZ_LOG_MAX_LINE];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    if (n < 0) {
        snprintf(msg, sizeof(msg), "(message could not be formatted)");
    } else if ((size_t)n >= sizeof(msg)) {
        memcpy(msg + char_start(msg, sizeof(msg) - 4), "...", 4);
    }
    clean(msg, sizeof(msg));

    char mod[48];
    snprintf(mod, sizeof(mod), "%s", module && *module ? module : "wz");
    clean(mod, sizeof(mod));

    pthread_mutex_lock(&log_lock);
    if (level == WZ_LOG_ERROR) {
        snprintf(last_error, sizeof(last_error), "%s: %s", mod, msg);
        last_error_time = (long long)time(NULL);
    }
    if (sink_fn) {
        sink_fn(level, mod, msg, sink_ud);
    } else {
        /* syslog priorities: err 3, warning 4, info 6, debug 7 */
        static const int prio[] = {3, 4, 6, 7};
        char line[WZ_LOG_MAX_LINE + 80];
        const char *js = getenv("JOURNAL_STREAM");
        if (js && *js)
            snprintf(line, sizeof(line), "<%d>%s: %s\n", prio[level], mod, msg);
        else
            snprintf(line, sizeof(line), "%s %s: %s\n", names[level], mod, msg);
        fputs(line, stderr);
        fflush(stderr);
    }
    pthread_mutex_unlock(&log_lock);
}

long long wz_log_last_error(char *buf, size_t size)
{
    pthread_mutex_lock(&log_lock);
    long long t = last_error_time;
    if (buf && size) snprintf(buf, size, "%s", last_error);
    pthread_mutex_unlock(&log_lock);
    return t;
}

/* wz_collect_log: see wz_collect_log.h. */
#include "wz_collect_log.h"

#include "wz_util.h"

#include <stdarg.h>
#include <stdio.h>
#include <time.h>

void wz_collect_log(const char *fmt, ...)
{
    char when[32], msg[1024];
    time_t t = time(NULL);
    struct tm tm;
    va_list ap;
    gmtime_r(&t, &tm);
    strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    wz_buf b;
    wz_buf_init(&b, 0);
    for (const char *p = msg; *p; p++) {
        unsigned char c = (unsigned char)*p;
        if (c < 0x20 || c == 0x7f || c == '\\')
            wz_buf_printf(&b, "\\x%02x", c);
        else
            wz_buf_putc(&b, *p);
    }
    fprintf(stderr, "%s wz-collector: %s\n", when, b.data ? b.data : "");
    wz_buf_free(&b);
}

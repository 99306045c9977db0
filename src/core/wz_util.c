/*
 * wz_util: allocation that aborts on failure, a bounded growable buffer, whole-file
 * reading with a size limit, atomic file replacement, and UTF-8 checking.
 *
 * The UTF-8 checker follows RFC 3629 table 3-7 exactly (no overlongs, no surrogates,
 * nothing above U+10FFFF), because scenario text comes from anywhere and a renderer
 * fed invalid UTF-8 draws garbage or worse.
 */
#include "wz_util.h"

#include <errno.h>
#include <sodium.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static void wz_oom(size_t n)
{
    fprintf(stderr, "wz: out of memory (%zu bytes); stopping so the service restarts us\n", n);
    abort();
}

void *wz_xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p) wz_oom(n);
    return p;
}

void *wz_xcalloc(size_t count, size_t n)
{
    void *p = calloc(count ? count : 1, n ? n : 1);
    if (!p) wz_oom(count * n);
    return p;
}

void *wz_xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q) wz_oom(n);
    return q;
}

char *wz_xstrdup(const char *s)
{
    return s ? wz_xstrndup(s, strlen(s)) : NULL;
}

char *wz_xstrndup(const char *s, size_t n)
{
    char *p = wz_xmalloc(n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *wz_xvasprintf(const char *fmt, va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n < 0) n = 0;
    char *p = wz_xmalloc((size_t)n + 1);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    return p;
}

char *wz_xasprintf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *p = wz_xvasprintf(fmt, ap);
    va_end(ap);
    return p;
}

/* ---- wz_buf ---- */

void wz_buf_init(wz_buf *b, size_t limit)
{
    b->data = NULL;
    b->len = b->cap = 0;
    b->limit = limit ? limit : WZ_BUF_DEFAULT_LIMIT;
    b->toobig = 0;
}

int wz_buf_append(wz_buf *b, const void *data, size_t n)
{
    if (n > b->limit || b->len > b->limit - n) {
        b->toobig = 1;
        return -1;
    }
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 64;
        while (cap < b->len + n + 1)
            cap *= 2;
        b->data = wz_xrealloc(b->data, cap);
        b->cap = cap;
    }
    if (n) memcpy(b->data + b->len, data, n);
    b->len += n;
    b->data[b->len] = '\0';
    return 0;
}

int wz_buf_puts(wz_buf *b, const char *s)
{
    return wz_buf_append(b, s, strlen(s));
}

int wz_buf_putc(wz_buf *b, char c)
{
    return wz_buf_append(b, &c, 1);
}

int wz_buf_printf(wz_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *s = wz_xvasprintf(fmt, ap);
    va_end(ap);
    int rc = wz_buf_puts(b, s);
    free(s);
    return rc;
}

char *wz_buf_steal(wz_buf *b)
{
    char *p = b->data ? b->data : wz_xstrdup("");
    b->data = NULL;
    b->len = b->cap = 0;
    return p;
}

void wz_buf_free(wz_buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

int wz_buf_put_utf8(wz_buf *b, unsigned cp)
{
    char s[4];
    size_t n;
    if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
    if (cp < 0x80) {
        s[0] = (char)cp;
        n = 1;
    } else if (cp < 0x800) {
        s[0] = (char)(0xC0 | (cp >> 6));
        s[1] = (char)(0x80 | (cp & 0x3F));
        n = 2;
    } else if (cp < 0x10000) {
        s[0] = (char)(0xE0 | (cp >> 12));
        s[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        s[2] = (char)(0x80 | (cp & 0x3F));
        n = 3;
    } else {
        s[0] = (char)(0xF0 | (cp >> 18));
        s[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        s[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
        s[3] = (char)(0x80 | (cp & 0x3F));
        n = 4;
    }
    return wz_buf_append(b, s, n);
}

/* ---- files ---- */

int wz_read_file(const char *path, size_t max_bytes, char **out, size_t *len)
{
    *out = NULL;
    *len = 0;
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC); /* a pipe must not block */
    if (fd < 0) return -1;
    struct stat st;
    if (fstat(fd, &st) != 0) goto fail;
    if (!S_ISREG(st.st_mode)) {
        errno = EISDIR;
        goto fail;
    }
    if ((unsigned long long)st.st_size > max_bytes) {
        close(fd);
        return -2;
    }
    /* Read until EOF rather than trusting st_size: the file may change under us. */
    wz_buf b;
    wz_buf_init(&b, max_bytes ? max_bytes : 1);
    char chunk[65536];
    for (;;) {
        ssize_t n = read(fd, chunk, sizeof chunk);
        if (n < 0) {
            if (errno == EINTR) continue;
            wz_buf_free(&b);
            goto fail;
        }
        if (n == 0) break;
        if (wz_buf_append(&b, chunk, (size_t)n) != 0) {
            wz_buf_free(&b);
            close(fd);
            return -2;
        }
    }
    close(fd);
    *len = b.len;
    *out = wz_buf_steal(&b);
    return 0;
fail:;
    int e = errno;
    close(fd);
    errno = e;
    return -1;
}

int wz_write_file_atomic(const char *path, const void *data, size_t len)
{
    return wz_write_file_atomic_mode(path, data, len, 0644);
}

int wz_write_file_atomic_mode(const char *path, const void *data, size_t len, unsigned mode)
{
    char *tmp = wz_xasprintf("%s.tmp-%ld", path, (long)getpid());
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, (mode_t)mode);
    if (fd < 0) {
        free(tmp);
        return -1;
    }
    const char *p = data;
    size_t left = len;
    while (left) {
        ssize_t n = write(fd, p, left);
        if (n < 0) {
            if (errno == EINTR) continue;
            goto fail;
        }
        p += n;
        left -= (size_t)n;
    }
    if (fsync(fd) != 0) goto fail;
    if (close(fd) != 0) {
        fd = -1;
        goto fail;
    }
    fd = -1;
    if (rename(tmp, path) != 0) goto fail;
    free(tmp);
    return 0;
fail:;
    int e = errno;
    if (fd >= 0) close(fd);
    unlink(tmp);
    free(tmp);
    errno = e;
    return -1;
}

/* ---- UTF-8 ---- */

size_t wz_utf8_check(const char *str, size_t n)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t i = 0;
    while (i < n) {
        unsigned c = s[i];
        if (c < 0x80) {
            i++;
            continue;
        }
        size_t need;
        unsigned lo = 0x80, hi = 0xBF;
        if (c >= 0xC2 && c <= 0xDF) {
            need = 1;
        } else if (c >= 0xE0 && c <= 0xEF) {
            need = 2;
            if (c == 0xE0) lo = 0xA0;
            if (c == 0xED) hi = 0x9F; /* no surrogates */
        } else if (c >= 0xF0 && c <= 0xF4) {
            need = 3;
            if (c == 0xF0) lo = 0x90;
            if (c == 0xF4) hi = 0x8F; /* nothing past U+10FFFF */
        } else {
            return i;
        }
        if (n - i <= need) return i;
        if (s[i + 1] < lo || s[i + 1] > hi) return i;
        for (size_t k = 2; k <= need; k++)
            if (s[i + k] < 0x80 || s[i + k] > 0xBF) return i;
        i += need + 1;
    }
    return n;
}

size_t wz_utf8_len(const char *s, size_t n)
{
    size_t count = 0;
    for (size_t i = 0; i < n; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80) count++;
    return count;
}

/* ---- strings and paths ---- */

int wz_str_starts(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

int wz_str_ends(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && memcmp(s + a - b, suffix, b) == 0;
}

static int wz_is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}

char *wz_str_trim_dup(const char *s, size_t n)
{
    size_t a = 0, b = n;
    while (a < b && wz_is_space(s[a]))
        a++;
    while (b > a && wz_is_space(s[b - 1]))
        b--;
    return wz_xstrndup(s + a, b - a);
}

int wz_str_ieq(const char *a, const char *b)
{
    for (;; a++, b++) {
        char x = *a, y = *b;
        if (x >= 'A' && x <= 'Z') x = (char)(x - 'A' + 'a');
        if (y >= 'A' && y <= 'Z') y = (char)(y - 'A' + 'a');
        if (x != y) return 0;
        if (!x) return 1;
    }
}

const char *wz_opt_value(int argc, char **argv, int *i, const char *name, int *missing)
{
    size_t n = strlen(name);
    if (strncmp(argv[*i], name, n) != 0) return NULL;
    if (argv[*i][n] == '=') return argv[*i] + n + 1;
    if (argv[*i][n] != '\0') return NULL;
    if (*i + 1 < argc) return argv[++*i];
    if (missing) *missing = 1;
    return NULL;
}

/* Length of the valid UTF-8 sequence at s (1-4), or 0 when it is not one; *cp gets its
 * code point. */
static size_t utf8_seq(const unsigned char *s, unsigned *cp)
{
    size_t n = s[0] < 0x80 ? 1 : s[0] < 0xE0 ? 2 : s[0] < 0xF0 ? 3 : 4;
    for (size_t k = 1; k < n; k++)
        if (!s[k]) return 0;
    if (wz_utf8_check((const char *)s, n) != n) return 0;
    static const unsigned lead_mask[] = {0, 0x7F, 0x1F, 0x0F, 0x07};
    unsigned c = s[0] & lead_mask[n];
    for (size_t k = 1; k < n; k++)
        c = (c << 6) | (s[k] & 0x3F);
    *cp = c;
    return n;
}

/* 1 for code points that move the cursor or reorder text: C1 controls, the line and
 * paragraph separators, and the bidirectional overrides and isolates. */
static int is_unicode_control(unsigned cp)
{
    return (cp >= 0x80 && cp <= 0x9F) || cp == 0x2028 || cp == 0x2029 ||
           (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

char *wz_str_escape_controls(const char *s)
{
    if (!s) return NULL;
    wz_buf b;
    wz_buf_init(&b, 0);
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        unsigned cp = 0;
        size_t n = utf8_seq(p, &cp);
        if (n == 0) {
            wz_buf_printf(&b, "\\x%02X", p[0]);
            p++;
        } else if (cp == '\n' || cp == '\r' || cp == '\t') {
            wz_buf_printf(&b, "\\%c", cp == '\n' ? 'n' : cp == '\r' ? 'r' : 't');
            p++;
        } else if (cp < 0x20 || cp == 0x7F) {
            wz_buf_printf(&b, "\\x%02X", cp);
            p++;
        } else if (is_unicode_control(cp)) {
            wz_buf_printf(&b, "\\u{%04X}", cp);
            p += n;
        } else {
            wz_buf_append(&b, p, n);
            p += n;
        }
    }
    return wz_buf_steal(&b);
}

char *wz_path_join(const char *dir, const char *name)
{
    if (!dir || !*dir) return wz_xstrdup(name);
    size_t n = strlen(dir);
    return wz_xasprintf("%s%s%s", dir, dir[n - 1] == '/' ? "" : "/", name);
}

char *wz_path_dirname(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash) return wz_xstrdup(".");
    if (slash == path) return wz_xstrdup("/");
    return wz_xstrndup(path, (size_t)(slash - path));
}

long long wz_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int wz_fail(char **err, const char *fmt, ...)
{
    if (err) {
        va_list ap;
        va_start(ap, fmt);
        *err = wz_xvasprintf(fmt, ap);
        va_end(ap);
    }
    return -1;
}

void wz_buf_put_csv(wz_buf *b, const char *s)
{
    if (!s) s = "";
    int formula = s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@';
    int quote = formula || strpbrk(s, ",\"\r\n") != NULL;
    if (!quote) {
        wz_buf_puts(b, s);
        return;
    }
    wz_buf_putc(b, '"');
    if (formula) wz_buf_putc(b, '\'');
    for (; *s; s++) {
        if (*s == '"') wz_buf_putc(b, '"');
        wz_buf_putc(b, *s);
    }
    wz_buf_putc(b, '"');
}

void wz_buf_put_html(wz_buf *b, const char *s)
{
    static const char *const ent[] = {
        ['&'] = "&amp;", ['<'] = "&lt;", ['>'] = "&gt;", ['"'] = "&quot;", ['\''] = "&#39;"};
    for (; s && *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c < sizeof ent / sizeof ent[0] && ent[c])
            wz_buf_puts(b, ent[c]);
        else if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7f)
            wz_buf_puts(b, "\xEF\xBF\xBD");
        else
            wz_buf_putc(b, (char)c);
    }
}

unsigned long long wz_hash(unsigned long long h, const void *data, size_t n)
{
    const unsigned char *p = data;
    for (size_t i = 0; i < n; i++) {
        h ^= p[i];
        h *= 1099511628211ull;
    }
    return h;
}

void wz_random_bytes(void *buf, size_t n)
{
    /* sodium_init is idempotent and thread-safe; it fails only without an entropy source,
     * and then no secure random bytes can be had at all. */
    if (sodium_init() < 0) wz_assert_fail("sodium_init() >= 0", __FILE__, __LINE__);
    randombytes_buf(buf, n);
}

void wz_random_hex(char *out, size_t nbytes)
{
    static const char hex[] = "0123456789abcdef";
    unsigned char b[64];
    WZ_ASSERT(nbytes <= sizeof b);
    wz_random_bytes(b, nbytes);
    for (size_t i = 0; i < nbytes; i++) {
        out[2 * i] = hex[b[i] >> 4];
        out[2 * i + 1] = hex[b[i] & 15];
    }
    out[2 * nbytes] = '\0';
}

void wz_assert_fail(const char *cond, const char *file, int line)
{
    fprintf(stderr, "wz: broken invariant at %s:%d: %s\n", file, line, cond);
    fflush(stderr);
    abort();
}

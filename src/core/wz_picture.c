/*
 * wz_picture: picture sizes from file headers (see wz_picture.h).
 *
 * Every reader works through one bounded "read these bytes at this offset" call, over a
 * file descriptor (pread) or a buffer, so a JPEG whose size sits after a 200 KB colour
 * profile costs a few small reads, not a read of the whole file. Loops that walk a file
 * (JPEG markers, GIF blocks) have a step limit as well as the file's end.
 *
 * The SVG scan copies NanoSVG's own tokenizer on purpose: a tag runs from '<' to the next
 * '>' whatever the quotes say, tags starting with '/', '?' or '!' are not elements, and
 * every <svg> element met overwrites the sizes it names. Reading the file the way the
 * renderer does means a comment or a stray '>' cannot hide a size from the check.
 */
#include "wz_picture.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "wz_util.h"

/* Steps a JPEG or GIF walk may take before the file is called damaged. */
#define WALK_MAX_STEPS 100000
/* Bytes of garbage libjpeg skips before a marker; we skip as many. */
#define JPEG_MAX_GARBAGE 65536

/* Where bytes come from: a buffer, or a file read with pread. */
typedef struct src {
    const unsigned char *mem;
    int fd;
    uint64_t size;
} src;

static int src_read(const src *s, uint64_t off, void *buf, size_t n)
{
    if (off > s->size || n > s->size - off) return -1;
    if (s->mem) {
        memcpy(buf, s->mem + off, n);
        return 0;
    }
    size_t got = 0;
    while (got < n) {
        ssize_t r = pread(s->fd, (char *)buf + got, n - got, (off_t)(off + got));
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) return -1;
        got += (size_t)r;
    }
    return 0;
}

static unsigned be16(const unsigned char *p)
{
    return (unsigned)p[0] << 8 | p[1];
}

static unsigned le16(const unsigned char *p)
{
    return (unsigned)p[1] << 8 | p[0];
}

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static uint32_t le32(const unsigned char *p)
{
    return (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | p[0];
}

/* Sets the message and the problem; returns -1. */
static int refuse(wz_picture_info *in, wz_picture_problem problem, char **err, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static int refuse(wz_picture_info *in, wz_picture_problem problem, char **err, const char *fmt, ...)
{
    in->problem = problem;
    if (err) {
        va_list ap;
        va_start(ap, fmt);
        *err = wz_xvasprintf(fmt, ap);
        va_end(ap);
    }
    return -1;
}

static int damaged(wz_picture_info *in, char **err)
{
    return refuse(in, WZ_PICTURE_UNREADABLE, err,
                  "This %s picture is damaged: its size cannot be read. Save it again in a "
                  "picture editor.",
                  in->format == WZ_PICTURE_JPEG   ? "JPEG"
                  : in->format == WZ_PICTURE_WEBP ? "WebP"
                                                  : wz_picture_format_name(in->format));
}

/* ---- raster headers ---- */

static int read_png(const src *s, wz_picture_info *in, char **err)
{
    unsigned char h[24];
    if (src_read(s, 0, h, sizeof h) != 0 || memcmp(h + 12, "IHDR", 4) != 0) return damaged(in, err);
    uint32_t w = be32(h + 16), ht = be32(h + 20);
    in->width = w > INT32_MAX ? INT32_MAX : (int)w;
    in->height = ht > INT32_MAX ? INT32_MAX : (int)ht;
    return 0;
}

static int is_jpeg_sof(unsigned m)
{
    return m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC;
}

/* Walks the markers to the first SOFn, the frame header libjpeg takes the size from. */
static int read_jpeg(const src *s, wz_picture_info *in, char **err)
{
    uint64_t off = 2;
    for (int step = 0; step < WALK_MAX_STEPS; step++) {
        unsigned char b;
        int garbage = 0;
        do { /* libjpeg skips bytes that are not 0xFF before a marker */
            if (src_read(s, off++, &b, 1) != 0 || ++garbage > JPEG_MAX_GARBAGE)
                return damaged(in, err);
        } while (b != 0xFF);
        do { /* fill bytes */
            if (src_read(s, off++, &b, 1) != 0) return damaged(in, err);
        } while (b == 0xFF);
        unsigned m = b;
        if (m == 0x01 || m == 0xD8 || (m >= 0xD0 && m <= 0xD7) || m == 0x00) continue;
        if (m == 0xD9 || m == 0xDA) return damaged(in, err); /* image data before a size */
        unsigned char seg[7];
        if (src_read(s, off, seg, 2) != 0) return damaged(in, err);
        unsigned len = be16(seg);
        if (len < 2) return damaged(in, err);
        if (is_jpeg_sof(m)) {
            if (len < 7 || src_read(s, off, seg, 7) != 0) return damaged(in, err);
            in->height = (int)be16(seg + 3);
            in->width = (int)be16(seg + 5);
            return 0;
        }
        off += len;
    }
    return damaged(in, err);
}

/* The logical screen, then the first image's own size (SDL_image draws that one). */
static int read_gif(const src *s, wz_picture_info *in, char **err)
{
    unsigned char h[13];
    if (src_read(s, 0, h, sizeof h) != 0) return damaged(in, err);
    int screen_w = (int)le16(h + 6), screen_h = (int)le16(h + 8);
    uint64_t off = 13;
    if (h[10] & 0x80) off += 3u * (2u << (h[10] & 7));
    for (int step = 0; step < WALK_MAX_STEPS; step++) {
        unsigned char b;
        if (src_read(s, off++, &b, 1) != 0) return damaged(in, err);
        if (b == 0x2C) { /* image descriptor */
            unsigned char d[8];
            if (src_read(s, off, d, sizeof d) != 0) return damaged(in, err);
            int w = (int)le16(d + 4), ht = (int)le16(d + 6);
            /* the larger of the two is what must fit the limits */
            in->width = WZ_MAX(w, screen_w);
            in->height = WZ_MAX(ht, screen_h);
            if (w == 0 || ht == 0) in->width = in->height = 0;
            return 0;
        }
        if (b != 0x21) return damaged(in, err); /* trailer or garbage before any image */
        off++;                                  /* extension label */
        for (;; step++) {                       /* sub-blocks up to an empty one */
            if (step >= WALK_MAX_STEPS || src_read(s, off, &b, 1) != 0) return damaged(in, err);
            off += 1u + b;
            if (b == 0) break;
        }
    }
    return damaged(in, err);
}

static int read_webp(const src *s, wz_picture_info *in, char **err)
{
    unsigned char h[30];
    if (src_read(s, 0, h, sizeof h) != 0) return damaged(in, err);
    const unsigned char *d = h + 20;
    if (memcmp(h + 12, "VP8 ", 4) == 0) {
        if (d[3] != 0x9D || d[4] != 0x01 || d[5] != 0x2A) return damaged(in, err);
        in->width = (int)(le16(d + 6) & 0x3FFF);
        in->height = (int)(le16(d + 8) & 0x3FFF);
    } else if (memcmp(h + 12, "VP8L", 4) == 0) {
        if (d[0] != 0x2F) return damaged(in, err);
        uint32_t bits = le32(d + 1);
        in->width = (int)(bits & 0x3FFF) + 1;
        in->height = (int)((bits >> 14) & 0x3FFF) + 1;
    } else if (memcmp(h + 12, "VP8X", 4) == 0) {
        in->width = (int)((uint32_t)d[4] | (uint32_t)d[5] << 8 | (uint32_t)d[6] << 16) + 1;
        in->height = (int)((uint32_t)d[7] | (uint32_t)d[8] << 8 | (uint32_t)d[9] << 16) + 1;
    } else {
        return damaged(in, err);
    }
    return 0;
}

/* ---- SVG ---- */

typedef struct svg_state {
    double width, height; /* from width= and height= (0: not given) */
    double view_w, view_h;
} svg_state;

static int svg_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* A number as NanoSVG reads one ([sign] digits [. digits] [e [sign] digits]), without
 * the locale. Returns the character after it, or NULL when there is none. */
static const char *svg_number(const char *s, const char *end, double *out)
{
    double sign = 1, v = 0, scale = 1;
    if (s < end && (*s == '+' || *s == '-')) sign = *s++ == '-' ? -1 : 1;
    const char *digits = s;
    while (s < end && is_digit(*s))
        v = v * 10 + (*s++ - '0');
    if (s < end && *s == '.') {
        s++;
        while (s < end && is_digit(*s)) {
            scale /= 10;
            v += (*s++ - '0') * scale;
        }
    }
    if (s == digits || (s == digits + 1 && *digits == '.')) return NULL;
    if (s < end && (*s == 'e' || *s == 'E') && s + 1 < end &&
        (is_digit(s[1]) || ((s[1] == '+' || s[1] == '-') && s + 2 < end && is_digit(s[2])))) {
        s++;
        int esign = 1, e = 0;
        if (*s == '+' || *s == '-') esign = *s++ == '-' ? -1 : 1;
        while (s < end && is_digit(*s)) {
            if (e < 10000) e = e * 10 + (*s - '0');
            s++;
        }
        v *= pow(10, esign * e);
    }
    *out = sign * v;
    return s;
}

/* A length in CSS pixels at 96 dots per inch, 0 when it is not a number (the renderer
 * then falls back to the viewBox). A percentage is of the viewBox read so far, as the
 * renderer computes it (of its diagonal over the square root of 2). */
static double svg_length(const char *s, const char *end, const svg_state *st)
{
    while (s < end && svg_space(*s))
        s++;
    double v;
    s = svg_number(s, end, &v);
    if (!s) return 0;
    static const struct {
        const char *unit;
        double px;
    } units[] = {{"px", 1},         {"pt", 96.0 / 72}, {"pc", 96.0 / 6}, {"mm", 96 / 25.4},
                 {"cm", 96 / 2.54}, {"in", 96},        {"em", 16},       {"ex", 16 * 0.52}};
    if (s < end && *s == '%')
        return v / 100 * sqrt(st->view_w * st->view_w + st->view_h * st->view_h) / sqrt(2);
    for (size_t i = 0; i < WZ_ARRAY_LEN(units); i++)
        if (end - s >= 2 && memcmp(s, units[i].unit, 2) == 0) return v * units[i].px;
    return v;
}

static void svg_viewbox(const char *s, const char *end, svg_state *st)
{
    double v[4];
    for (int i = 0; i < 4; i++) {
        while (s < end && (svg_space(*s) || *s == ',')) /* separators */
            s++;
        s = svg_number(s, end, &v[i]);
        if (!s) return;
    }
    st->view_w = v[2];
    st->view_h = v[3];
}

/* One <svg ...> tag's attributes, read as NanoSVG reads them (tag: after the name). */
static void svg_attributes(const char *s, const char *end, svg_state *st)
{
    for (int nattr = 0; s < end && nattr < 127; nattr++) {
        while (s < end && svg_space(*s))
            s++;
        if (s >= end || *s == '/') return;
        const char *name = s;
        while (s < end && !svg_space(*s) && *s != '=')
            s++;
        size_t nlen = (size_t)(s - name);
        while (s < end && *s != '"' && *s != '\'')
            s++;
        if (s >= end) return;
        char quote = *s++;
        const char *value = s;
        while (s < end && *s != quote)
            s++;
        const char *vend = s;
        if (s < end) s++;
        if (nlen == 5 && memcmp(name, "width", 5) == 0) {
            st->width = svg_length(value, vend, st);
        } else if (nlen == 6 && memcmp(name, "height", 6) == 0) {
            st->height = svg_length(value, vend, st);
        } else if (nlen == 7 && memcmp(name, "viewBox", 7) == 0) {
            svg_viewbox(value, vend, st);
        }
    }
}

/* Numbers in a tag: runs of digits and dots with at least one digit. */
static long svg_count_numbers(const char *s, const char *end)
{
    long n = 0;
    int in_run = 0, digit = 0;
    for (; s < end; s++) {
        int part = is_digit(*s) || *s == '.';
        if (part) {
            in_run = 1;
            digit |= is_digit(*s);
        } else if (in_run) {
            n += digit;
            in_run = digit = 0;
        }
    }
    return n + (in_run && digit);
}

/* Whole pixels for a size (rounded up, as the renderer does), clamped for messages. */
static int svg_pixels(double v)
{
    if (!(v < 1e9)) return 1000000000;
    return (int)ceil(v);
}

static int read_svg(const char *data, size_t len, wz_picture_info *in, char **err)
{
    svg_state st = {0};
    const char *end = memchr(data, '\0', len); /* the renderer stops at a NUL */
    if (!end) end = data + len;
    long elements = 0, svgs = 0, numbers = 0;
    for (const char *s = data; s < end;) {
        const char *lt = memchr(s, '<', (size_t)(end - s));
        if (!lt) break;
        const char *gt = memchr(lt + 1, '>', (size_t)(end - lt - 1));
        if (!gt) break; /* an unfinished tag is never read */
        const char *t = lt + 1;
        while (t < gt && svg_space(*t))
            t++;
        s = gt + 1;
        if (t == gt || *t == '/' || *t == '?' || *t == '!') continue;
        if (++elements > WZ_PICTURE_MAX_SVG_ELEMENTS) {
            in->svg_elements = elements;
            return refuse(in, WZ_PICTURE_TOO_BIG, err,
                          "This SVG drawing has more than %d parts (shapes, groups and the "
                          "like); drawings may have at most %d. Simplify it, or save it as a PNG "
                          "picture.",
                          WZ_PICTURE_MAX_SVG_ELEMENTS, WZ_PICTURE_MAX_SVG_ELEMENTS);
        }
        numbers += svg_count_numbers(t, gt);
        if (numbers > WZ_PICTURE_MAX_SVG_NUMBERS) {
            in->svg_elements = elements;
            in->svg_numbers = numbers;
            return refuse(in, WZ_PICTURE_TOO_BIG, err,
                          "This SVG drawing is too detailed: its shapes hold more than %d "
                          "numbers (points and sizes), and drawings may hold at most %d, or the "
                          "kiosk would be slow to draw them. Simplify it, or save it as a PNG "
                          "picture.",
                          WZ_PICTURE_MAX_SVG_NUMBERS, WZ_PICTURE_MAX_SVG_NUMBERS);
        }
        const char *n = t;
        while (n < gt && !svg_space(*n) && *n != '/')
            n++;
        if (n - t == 3 && memcmp(t, "svg", 3) == 0) {
            svgs++;
            svg_attributes(n, gt, &st);
        }
    }
    in->svg_elements = elements;
    in->svg_numbers = numbers;
    if (svgs == 0)
        return refuse(in, WZ_PICTURE_UNREADABLE, err,
                      "This file has no <svg> element, so it is not an SVG drawing, or it is "
                      "damaged. Save it again as SVG or PNG in a picture editor.");
    /* the renderer's size: width and height, else the viewBox's */
    double w = st.width != 0 ? st.width : st.view_w;
    double h = st.height != 0 ? st.height : st.view_h;
    if (w < 0 || h < 0) return damaged(in, err);
    if (w == 0 || h == 0) { /* sized by its shapes: drawn at the size asked */
        in->width = in->height = 0;
        return 0;
    }
    in->width = WZ_MAX(1, svg_pixels(w));
    in->height = WZ_MAX(1, svg_pixels(h));
    return 0;
}

/* ---- the checks ---- */

static wz_picture_format sniff(const unsigned char *h, size_t n)
{
    if (n >= 8 && memcmp(h, "\x89PNG\r\n\x1a\n", 8) == 0) return WZ_PICTURE_PNG;
    if (n >= 3 && h[0] == 0xFF && h[1] == 0xD8 && h[2] == 0xFF) return WZ_PICTURE_JPEG;
    if (n >= 6 && (memcmp(h, "GIF87a", 6) == 0 || memcmp(h, "GIF89a", 6) == 0))
        return WZ_PICTURE_GIF;
    if (n >= 12 && memcmp(h, "RIFF", 4) == 0 && memcmp(h + 8, "WEBP", 4) == 0)
        return WZ_PICTURE_WEBP;
    /* as SDL_image decides: "<svg" somewhere in the first 4 KB */
    size_t k = n < 4095 ? n : 4095;
    for (size_t i = 0; i + 4 <= k; i++)
        if (h[i] == '<' && memcmp(h + i, "<svg", 4) == 0) return WZ_PICTURE_SVG;
    return WZ_PICTURE_UNKNOWN;
}

static int check_limits(wz_picture_info *in, char **err)
{
    long long w = in->width, h = in->height;
    if (in->format != WZ_PICTURE_SVG && (w <= 0 || h <= 0))
        return refuse(in, WZ_PICTURE_UNREADABLE, err,
                      "This picture says it is %lld × %lld pixels, so it is damaged. Save it "
                      "again in a picture editor.",
                      w, h);
    if (w <= 0 || h <= 0) return 0; /* an SVG sized by its shapes */
    if (w > WZ_PICTURE_MAX_SIDE || h > WZ_PICTURE_MAX_SIDE)
        return refuse(in, WZ_PICTURE_TOO_BIG, err,
                      "This picture is %lld × %lld pixels; pictures may be at most %d pixels on "
                      "each side. Make it smaller in a picture editor.",
                      w, h, WZ_PICTURE_MAX_SIDE);
    if (w * h > WZ_PICTURE_MAX_PIXELS)
        return refuse(in, WZ_PICTURE_TOO_BIG, err,
                      "This picture is %lld × %lld pixels, %.1f million in all; pictures may "
                      "have at most %.1f million (a 4032 × 3024 photo fits). Make it smaller "
                      "in a picture editor.",
                      w, h, (double)(w * h) / 1e6, (double)WZ_PICTURE_MAX_PIXELS / 1e6);
    long long lo = WZ_MIN(w, h), hi = WZ_MAX(w, h);
    if (hi > lo * WZ_PICTURE_MAX_ASPECT)
        return refuse(in, WZ_PICTURE_TOO_BIG, err,
                      "This picture is %lld × %lld pixels, %lld times as long one way as the "
                      "other; a picture's long side may be at most %d times its short side. "
                      "Crop it in a picture editor.",
                      w, h, hi / lo, WZ_PICTURE_MAX_ASPECT);
    return 0;
}

static int svg_too_big(wz_picture_info *in, uint64_t size, char **err)
{
    return refuse(in, WZ_PICTURE_TOO_BIG, err,
                  "This SVG drawing is %.1f MB; drawings may be at most %.0f MB. Simplify it, "
                  "or save it as a PNG picture.",
                  (double)size / (1024.0 * 1024.0),
                  (double)WZ_PICTURE_MAX_SVG_BYTES / (1024.0 * 1024.0));
}

static int check_src(const src *s, const unsigned char *head, size_t nhead, wz_picture_info *in,
                     char **err)
{
    in->format = sniff(head, nhead);
    int rc;
    switch (in->format) {
    case WZ_PICTURE_PNG:
        rc = read_png(s, in, err);
        break;
    case WZ_PICTURE_JPEG:
        rc = read_jpeg(s, in, err);
        break;
    case WZ_PICTURE_GIF:
        rc = read_gif(s, in, err);
        break;
    case WZ_PICTURE_WEBP:
        rc = read_webp(s, in, err);
        break;
    case WZ_PICTURE_SVG: {
        if (s->size > WZ_PICTURE_MAX_SVG_BYTES) return svg_too_big(in, s->size, err);
        if (s->mem) {
            rc = read_svg((const char *)s->mem, (size_t)s->size, in, err);
            break;
        }
        char *buf = wz_xmalloc((size_t)s->size + 1);
        rc = src_read(s, 0, buf, (size_t)s->size) == 0
                 ? read_svg(buf, (size_t)s->size, in, err)
                 : refuse(in, WZ_PICTURE_UNREADABLE, err,
                          "This SVG drawing cannot be read. Copy it again.");
        free(buf);
        break;
    }
    default:
        return refuse(in, WZ_PICTURE_UNREADABLE, err,
                      "This file is not a PNG, JPEG, GIF, WebP or SVG picture (the kinds the "
                      "kiosk shows), or it is damaged. Save it again as PNG or JPEG in a "
                      "picture editor.");
    }
    if (rc != 0) return -1;
    return check_limits(in, err);
}

int wz_picture_check_mem(const void *data, size_t len, wz_picture_info *out, char **err)
{
    wz_picture_info local;
    wz_picture_info *in = out ? out : &local;
    memset(in, 0, sizeof *in);
    if (err) *err = NULL;
    src s = {.mem = data ? data : (const unsigned char *)"", .fd = -1, .size = data ? len : 0};
    return check_src(&s, s.mem, (size_t)s.size, in, err);
}

int wz_picture_check(const char *path, wz_picture_info *out, char **err)
{
    wz_picture_info local;
    wz_picture_info *in = out ? out : &local;
    memset(in, 0, sizeof *in);
    if (err) *err = NULL;
    /* O_NONBLOCK: a FIFO put where a picture should be must not hang the caller */
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        return refuse(in, WZ_PICTURE_UNREADABLE, err,
                      "This picture cannot be opened (%s). Check that the file is there and "
                      "can be read.",
                      strerror(errno));
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        return refuse(in, WZ_PICTURE_UNREADABLE, err,
                      "This is not a file, so it cannot be a picture.");
    }
    src s = {.mem = NULL, .fd = fd, .size = (uint64_t)st.st_size};
    unsigned char head[4096];
    size_t nhead = s.size < sizeof head ? (size_t)s.size : sizeof head;
    int rc;
    if (src_read(&s, 0, head, nhead) != 0)
        rc = refuse(in, WZ_PICTURE_UNREADABLE, err, "This picture cannot be read. Copy it again.");
    else
        rc = check_src(&s, head, nhead, in, err);
    close(fd);
    return rc;
}

const char *wz_picture_format_name(wz_picture_format f)
{
    switch (f) {
    case WZ_PICTURE_PNG:
        return "PNG";
    case WZ_PICTURE_JPEG:
        return "JPG";
    case WZ_PICTURE_GIF:
        return "GIF";
    case WZ_PICTURE_WEBP:
        return "WEBP";
    case WZ_PICTURE_SVG:
        return "SVG";
    default:
        return NULL;
    }
}

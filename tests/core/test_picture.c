/*
 * test_picture: picture sizes from headers, and the limits (wz_picture.h). Every picture
 * here is written by a few lines below: a header is enough for the reader, and a bomb
 * need not be big on disk to ask a decoder for gigabytes.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "wz_picture.h"
#include "wz_test.h"
#include "wz_util.h"

typedef struct buf {
    unsigned char b[80000];
    size_t n;
} buf;

static void put(buf *o, const void *p, size_t n)
{
    memcpy(o->b + o->n, p, n);
    o->n += n;
}

static void put_be(buf *o, unsigned long v, int bytes)
{
    for (int i = bytes - 1; i >= 0; i--)
        o->b[o->n++] = (unsigned char)(v >> (8 * i));
}

static void put_le(buf *o, unsigned long v, int bytes)
{
    for (int i = 0; i < bytes; i++)
        o->b[o->n++] = (unsigned char)(v >> (8 * i));
}

static buf png(unsigned long w, unsigned long h)
{
    buf o = {.n = 0};
    put(&o, "\x89PNG\r\n\x1a\n", 8);
    put_be(&o, 13, 4);
    put(&o, "IHDR", 4);
    put_be(&o, w, 4);
    put_be(&o, h, 4);
    put(&o, "\x08\x02\0\0\0", 5);
    put_be(&o, 0, 4); /* the CRC is not the reader's business */
    return o;
}

/* A JPEG whose frame header comes after `pad` bytes of colour profile. */
static buf jpeg(unsigned w, unsigned h, unsigned pad, int sof)
{
    buf o = {.n = 0};
    put(&o, "\xff\xd8\xff\xe0\0\x10JFIF\0\x01\x01\0\0\x01\0\x01\0\0", 20);
    while (pad > 0) {
        unsigned k = pad > 60000 ? 60000 : pad;
        put(&o, "\xff\xe2", 2);
        put_be(&o, k + 2, 2);
        memset(o.b + o.n, 0xff, k); /* 0xff inside a segment must not look like a marker */
        o.n += k;
        pad -= k;
    }
    put(&o, "\xff\xff", 2); /* a fill byte, then the marker */
    o.b[o.n++] = (unsigned char)sof;
    put_be(&o, 17, 2);
    o.b[o.n++] = 8;
    put_be(&o, h, 2);
    put_be(&o, w, 2);
    put(&o, "\x03\x01\x11\0\x02\x11\0\x03\x11\0\xff\xd9", 12);
    return o;
}

static buf gif(unsigned sw, unsigned sh, unsigned w, unsigned h)
{
    buf o = {.n = 0};
    put(&o, "GIF89a", 6);
    put_le(&o, sw, 2);
    put_le(&o, sh, 2);
    put(&o, "\x81\0\0", 3);
    put(&o, "\0\0\0\xff\xff\xff\0\0\0\xff\xff\xff", 12); /* 4 colours */
    put(&o,
        "\x21\xfe\x03"
        "abc\x02"
        "xy\0",
        10); /* a comment in two blocks */
    put(&o, "\x2c\0\0\0\0", 5);
    put_le(&o, w, 2);
    put_le(&o, h, 2);
    put(&o, "\0\x02\x02\x44\x01\0\x3b", 7);
    return o;
}

static buf webp(const char *kind, unsigned w, unsigned h)
{
    buf o = {.n = 0};
    put(&o, "RIFF\x40\0\0\0WEBP", 12);
    put(&o, kind, 4);
    put_le(&o, 20, 4);
    if (strcmp(kind, "VP8 ") == 0) {
        put(&o, "\x10\x02\0\x9d\x01\x2a", 6);
        put_le(&o, w, 2);
        put_le(&o, h, 2);
    } else if (strcmp(kind, "VP8L") == 0) {
        o.b[o.n++] = 0x2f;
        put_le(&o, (w - 1) | (unsigned long)(h - 1) << 14, 4);
    } else {
        put(&o, "\0\0\0\0", 4);
        put_le(&o, w - 1, 3);
        put_le(&o, h - 1, 3);
    }
    memset(o.b + o.n, 0, 12);
    o.n += 12;
    return o;
}

static int check_mem(const void *p, size_t n, wz_picture_info *in, char **err)
{
    return wz_picture_check_mem(p, n, in, err);
}

static int check_str(const char *s, wz_picture_info *in, char **err)
{
    return check_mem(s, strlen(s), in, err);
}

/* Checks the picture in memory and from a file: both must say the same. */
static int check_both(const buf *b, wz_picture_info *in, char **err)
{
    char path[] = "/tmp/wz_test_picture_XXXXXX";
    int fd = mkstemp(path);
    WZ_CHECK(fd >= 0);
    WZ_CHECK(write(fd, b->b, b->n) == (ssize_t)b->n);
    close(fd);
    wz_picture_info fin;
    char *ferr = NULL;
    int frc = wz_picture_check(path, &fin, &ferr);
    unlink(path);
    int rc = check_mem(b->b, b->n, in, err);
    WZ_CHECK_INT(frc, rc);
    WZ_CHECK_INT(fin.width, in->width);
    WZ_CHECK_INT(fin.height, in->height);
    WZ_CHECK_INT(fin.problem, in->problem);
    free(ferr);
    return rc;
}

static void test_raster_sizes(void)
{
    wz_picture_info in;
    buf b = png(640, 480);
    WZ_CHECK_INT(check_both(&b, &in, NULL), 0);
    WZ_CHECK_INT(in.format, WZ_PICTURE_PNG);
    WZ_CHECK_INT(in.width, 640);
    WZ_CHECK_INT(in.height, 480);
    /* the frame header after 150 KB of colour profile: found with a few small reads */
    b = jpeg(1200, 900, 75000, 0xC2);
    WZ_CHECK_INT(check_both(&b, &in, NULL), 0);
    WZ_CHECK_INT(in.format, WZ_PICTURE_JPEG);
    WZ_CHECK_INT(in.width, 1200);
    WZ_CHECK_INT(in.height, 900);
    b = gif(100, 80, 100, 80);
    WZ_CHECK_INT(check_both(&b, &in, NULL), 0);
    WZ_CHECK_INT(in.format, WZ_PICTURE_GIF);
    WZ_CHECK_INT(in.width, 100);
    WZ_CHECK_INT(in.height, 80);
    const char *kinds[] = {"VP8 ", "VP8L", "VP8X"};
    for (int i = 0; i < 3; i++) {
        b = webp(kinds[i], 321, 123);
        WZ_CHECK_INT(check_both(&b, &in, NULL), 0);
        WZ_CHECK_INT(in.format, WZ_PICTURE_WEBP);
        WZ_CHECK_INT(in.width, 321);
        WZ_CHECK_INT(in.height, 123);
    }
    WZ_CHECK_STR(wz_picture_format_name(WZ_PICTURE_JPEG), "JPG");
}

static void expect_too_big(const buf *b, const char *words)
{
    wz_picture_info in;
    char *err = NULL;
    WZ_CHECK_INT(check_both(b, &in, &err), -1);
    WZ_CHECK_INT(in.problem, WZ_PICTURE_TOO_BIG);
    WZ_CHECK(err && strstr(err, words));
    if (!(err && strstr(err, words))) fprintf(stderr, "  message: %s\n", err ? err : "(none)");
    free(err);
}

static void test_raster_limits(void)
{
    buf b = png(30000, 30000);
    expect_too_big(&b, "This picture is 30000 × 30000 pixels; pictures may be at most 4096 "
                       "pixels on each side. Make it smaller in a picture editor.");
    b = png(4096, 4096); /* each side fits, the pixel count does not */
    expect_too_big(&b, "16.8 million in all");
    b = png(4000, 100); /* 40 to 1 */
    expect_too_big(&b, "40 times as long one way as the other");
    b = png(0xFFFFFFFFul, 1); /* larger than any int */
    expect_too_big(&b, "pixels on each side");
    b = jpeg(30000, 30000, 0, 0xC0);
    expect_too_big(&b, "30000 × 30000");
    b = gif(30000, 30000, 30000, 30000);
    expect_too_big(&b, "30000 × 30000");
    b = gif(10, 10, 30000, 200); /* the image larger than its screen */
    expect_too_big(&b, "30000 × 200");
    b = webp("VP8X", 30000, 30000);
    expect_too_big(&b, "30000 × 30000");
    b = webp("VP8L", 16384, 16384);
    expect_too_big(&b, "16384 × 16384");
    b = webp("VP8 ", 16000, 16000);
    expect_too_big(&b, "16000 × 16000");
    /* at the limits exactly: accepted */
    wz_picture_info in;
    b = png(4096, 3072);
    WZ_CHECK_INT(check_both(&b, &in, NULL), 0);
    b = png(4000, 200);
    WZ_CHECK_INT(check_both(&b, &in, NULL), 0);
}

static void expect_unreadable(const void *p, size_t n)
{
    wz_picture_info in;
    char *err = NULL;
    WZ_CHECK_INT(check_mem(p, n, &in, &err), -1);
    WZ_CHECK_INT(in.problem, WZ_PICTURE_UNREADABLE);
    WZ_CHECK(err && strstr(err, "."));
    free(err);
}

static void test_damaged(void)
{
    buf b = png(10, 10);
    for (size_t n = 0; n < 24; n++) /* every cut before the size */
        expect_unreadable(b.b, n);
    b = png(0, 10);
    expect_unreadable(b.b, b.n);
    b = jpeg(10, 10, 0, 0xC0);
    expect_unreadable(b.b, 28); /* cut inside the frame header */
    /* image data before any frame header */
    expect_unreadable("\xff\xd8\xff\xda\0\x02\xff\xd9", 8);
    b = gif(10, 10, 10, 10);
    expect_unreadable(b.b, 30);
    expect_unreadable("GIF89a\x0a\0\x0a\0\0\0\0\x3b", 14); /* no image at all */
    b = webp("VP8 ", 10, 10);
    b.b[23] = 0; /* no start code */
    expect_unreadable(b.b, b.n);
    expect_unreadable("RIFF\0\0\0\0WEBPVP8Z", 16);
    expect_unreadable("BM", 2);
    expect_unreadable("", 0);
    expect_unreadable(NULL, 0);
    char *err = NULL;
    wz_picture_info in;
    WZ_CHECK_INT(wz_picture_check("/no/such/picture.png", &in, &err), -1);
    WZ_CHECK_INT(in.problem, WZ_PICTURE_UNREADABLE);
    free(err);
    WZ_CHECK_INT(wz_picture_check("/tmp", &in, NULL), -1); /* a folder */
    WZ_CHECK_INT(wz_picture_check("/tmp", NULL, NULL), -1);
}

static void test_svg_sizes(void)
{
    wz_picture_info in;
    WZ_CHECK_INT(
        check_str("<?xml version=\"1.0\"?>\n<svg width=\"320\" height=\"200px\"/>", &in, NULL), 0);
    WZ_CHECK_INT(in.format, WZ_PICTURE_SVG);
    WZ_CHECK_INT(in.width, 320);
    WZ_CHECK_INT(in.height, 200);
    WZ_CHECK_INT(in.svg_elements, 1);
    /* units at 96 dots per inch; a size rounds up */
    WZ_CHECK_INT(check_str("<svg width='1in' height='72pt'><g><rect/></g></svg>", &in, NULL), 0);
    WZ_CHECK_INT(in.width, 96);
    WZ_CHECK_INT(in.height, 96);
    WZ_CHECK_INT(in.svg_elements, 3);
    WZ_CHECK_INT(check_str("<svg width=\"2.54cm\" height=\"10.5mm\"/>", &in, NULL), 0);
    WZ_CHECK_INT(in.width, 96);
    WZ_CHECK_INT(in.height, 40);
    /* the viewBox when there is no width and height */
    WZ_CHECK_INT(check_str("<svg viewBox=\"0,0 64.5 48\"/>", &in, NULL), 0);
    WZ_CHECK_INT(in.width, 65);
    WZ_CHECK_INT(in.height, 48);
    /* a percentage is of the viewBox */
    WZ_CHECK_INT(
        check_str("<svg viewBox=\"0 0 100 100\" width=\"50%\" height=\"100%\"/>", &in, NULL), 0);
    WZ_CHECK_INT(in.width, 50);
    WZ_CHECK_INT(in.height, 100);
    /* neither: sized by its shapes, drawn at the size the kiosk asks for */
    WZ_CHECK_INT(check_str("<svg><circle r=\"5\"/></svg>", &in, NULL), 0);
    WZ_CHECK_INT(in.width, 0);
    WZ_CHECK_INT(in.height, 0);
}

static void expect_svg_too_big(const char *svg, const char *words)
{
    buf b = {.n = 0};
    put(&b, svg, strlen(svg));
    expect_too_big(&b, words);
}

static void test_svg_limits(void)
{
    expect_svg_too_big("<svg viewBox=\"0 0 1 200000\"><rect/></svg>", "1 × 200000 pixels");
    expect_svg_too_big("<svg width=\"100000\" height=\"100000\"/>", "100000 × 100000");
    expect_svg_too_big("<svg width=\"50in\" height=\"50in\"/>", "4800 × 4800");
    expect_svg_too_big("<svg width=\"1e300\" height=\"1\"/>", "pixels on each side");
    expect_svg_too_big("<svg viewBox=\"0 0 4000 100\"/>", "40 times as long");
    /* what the renderer reads, not what XML means: a '>' in a comment ends the tag there */
    expect_svg_too_big("<svg width=\"10\" height=\"10\"><!-- a > b <svg width=\"9000\"> --></svg>",
                       "9000 × 10");
    /* a later <svg> element replaces the size, as in the renderer */
    expect_svg_too_big("<svg width=\"10\" height=\"10\"><svg width=\"5000\" height=\"5\"/></svg>",
                       "5000 × 5");
    /* too many elements */
    size_t n = 20000 * 8 + 64;
    char *flood = wz_xmalloc(n);
    size_t k = (size_t)snprintf(flood, n, "<svg viewBox=\"0 0 9 9\">");
    for (int i = 0; i < 20000; i++)
        k += (size_t)snprintf(flood + k, n - k, "<path/>");
    snprintf(flood + k, n - k, "</svg>");
    wz_picture_info in;
    char *err = NULL;
    WZ_CHECK_INT(check_str(flood, &in, &err), -1);
    WZ_CHECK_INT(in.problem, WZ_PICTURE_TOO_BIG);
    WZ_CHECK(err && strstr(err, "more than 10000 parts"));
    free(err);
    /* 10000 elements: accepted */
    flood[strlen("<svg viewBox=\"0 0 9 9\">") + 9999 * 7] = '\0';
    WZ_CHECK_INT(check_str(flood, &in, NULL), 0);
    WZ_CHECK_INT(in.svg_elements, 10000);
    free(flood);
    /* too many numbers: one long path, few elements (drawing time grows faster) */
    n = 6000 * 10 + 64;
    char *path = wz_xmalloc(n);
    k = (size_t)snprintf(path, n, "<svg viewBox=\"0 0 400 400\"><path d=\"M0 0");
    for (int i = 0; i < 2100; i++)
        k += (size_t)snprintf(path + k, n - k, "L%d %d", i % 397, (i * 7) % 389);
    snprintf(path + k, n - k, "z\"/></svg>");
    err = NULL;
    WZ_CHECK_INT(check_str(path, &in, &err), -1);
    WZ_CHECK_INT(in.problem, WZ_PICTURE_TOO_BIG);
    WZ_CHECK_INT(in.svg_elements, 2);
    WZ_CHECK(err && strstr(err, "more than 4000 numbers"));
    free(err);
    /* 1990 points and the viewBox: accepted */
    k = (size_t)snprintf(path, n, "<svg viewBox=\"0 0 400 400\"><path d=\"M0 0");
    for (int i = 0; i < 1990; i++)
        k += (size_t)snprintf(path + k, n - k, "L%d %d", i % 397, (i * 7) % 389);
    snprintf(path + k, n - k, "z\"/></svg>");
    WZ_CHECK_INT(check_str(path, &in, NULL), 0);
    WZ_CHECK_INT(in.svg_numbers, 4 + 2 + 1990 * 2);
    free(path);
    /* too many bytes, whatever is in them */
    size_t big = WZ_PICTURE_MAX_SVG_BYTES + 1;
    char *pad = wz_xmalloc(big);
    memset(pad, ' ', big);
    memcpy(pad, "<svg width=\"1\" height=\"1\"/>", 27);
    err = NULL;
    WZ_CHECK_INT(check_mem(pad, big, &in, &err), -1);
    WZ_CHECK_INT(in.problem, WZ_PICTURE_TOO_BIG);
    WZ_CHECK(err && strstr(err, "drawings may be at most 1 MB"));
    free(err);
    free(pad);
    /* no <svg> element that the renderer would read */
    expect_unreadable("<svg", 4);
    expect_unreadable("<html><!-- <svg --></html>", 26);
    expect_unreadable("<svg width=\"-5\" height=\"5\"/>", 28);
}

int main(void)
{
    test_raster_sizes();
    test_raster_limits();
    test_damaged();
    test_svg_sizes();
    test_svg_limits();
    WZ_TEST_END();
}

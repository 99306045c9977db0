/*
 * fuzz_picture: libFuzzer harness for the picture header reader (wz_picture_check_mem).
 *
 * Pictures come from authors and USB sticks and are measured before anything decodes
 * them, so the reader must survive any bytes: no crash, no read past the input, and an
 * answer that holds together: accepted pictures are inside every limit, refused ones
 * have a message and a reason. The input is used as-is, in an exact-size copy.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "wz_picture.h"
#include "wz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* an exact-size copy, so any read past the end is caught by ASan */
    unsigned char *copy = wz_xmalloc(size ? size : 1);
    if (size) memcpy(copy, data, size);
    wz_picture_info in;
    char *err = NULL;
    int rc = wz_picture_check_mem(copy, size, &in, &err);
    if (rc == 0) {
        if (err || in.problem != WZ_PICTURE_OK || in.format == WZ_PICTURE_UNKNOWN) abort();
        if (in.width < 0 || in.height < 0 || in.width > WZ_PICTURE_MAX_SIDE ||
            in.height > WZ_PICTURE_MAX_SIDE || (long)in.width * in.height > WZ_PICTURE_MAX_PIXELS)
            abort();
        if (in.format != WZ_PICTURE_SVG && (in.width == 0 || in.height == 0)) abort();
        if ((in.width == 0) != (in.height == 0)) abort();
        if (in.width > 0 &&
            (WZ_MAX(in.width, in.height) > WZ_MIN(in.width, in.height) * WZ_PICTURE_MAX_ASPECT))
            abort();
        if (in.svg_elements > WZ_PICTURE_MAX_SVG_ELEMENTS ||
            in.svg_numbers > WZ_PICTURE_MAX_SVG_NUMBERS)
            abort();
        if (!wz_picture_format_name(in.format)) abort();
    } else {
        if (rc != -1 || !err || !*err || in.problem == WZ_PICTURE_OK) abort();
    }
    free(err);
    /* the same bytes without an error message wanted: the same answer */
    wz_picture_info again;
    if (wz_picture_check_mem(copy, size, &again, NULL) != rc || again.width != in.width ||
        again.height != in.height || again.problem != in.problem)
        abort();
    free(copy);
    return 0;
}

/*
 * fuzz_sound: libFuzzer harness for the audio file probe (wz_sound_probe).
 *
 * Narration files come from authors and USB sticks, and the probe reads them before any
 * decoder does, so it must survive any bytes: no crash, no read past the input, and an
 * answer that holds together: an accepted file has a format, channels, a rate and a
 * length; a refused one has a message. The input is used as-is, in an exact-size copy.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "wz_sound.h"
#include "wz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* an exact-size copy, so any read past the end is caught by ASan */
    unsigned char *copy = wz_xmalloc(size ? size : 1);
    if (size) memcpy(copy, data, size);
    wz_sound_info in;
    char *err = NULL;
    int rc = wz_sound_probe(copy, size, &in, &err);
    if (rc == 0) {
        if (err || (in.format != WZ_SOUND_WAV && in.format != WZ_SOUND_OGG_VORBIS)) abort();
        if (in.channels < 1 || in.rate < 8000 || in.rate > 192000 || in.ms < 0) abort();
    } else if (rc != -1 || !err || !err[0]) {
        abort();
    }
    free(err);
    free(copy);
    return 0;
}

/*
 * fuzz_mo: libFuzzer harness for the .mo catalogue reader (wz_mo_parse) and the
 * Plural-Forms evaluator (wz_mo_plural_eval).
 *
 * A catalogue is read from the installed locale folder, which an administrator or a
 * package can change: any bytes must give a catalogue or a message, never a crash or a
 * read outside the input. An accepted catalogue is then asked for messages and plural
 * forms; every answer must be a string inside the catalogue. The same bytes, made a string,
 * are also evaluated as a plural expression (bounded nesting, no division by zero).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "wz_mo.h"
#include "wz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    unsigned char *copy = wz_xmalloc(size ? size : 1); /* exact size: ASan sees overreads */
    if (size) memcpy(copy, data, size);
    char *err = NULL;
    wz_mo *mo = wz_mo_parse(copy, size, &err);
    if (!mo && !err) abort(); /* a refusal always says why */
    if (mo && err) abort();
    static const char *const ids[] = {"", "Back", "About %d minute", "You picked %d message.",
                                      "Help"};
    for (size_t i = 0; mo && i < sizeof ids / sizeof ids[0]; i++) {
        const char *s = wz_mo_get(mo, ids[i]);
        if (s) (void)strlen(s);
        for (unsigned long n = 0; n < 30; n++) {
            const char *p = wz_mo_nget(mo, ids[i], n);
            if (p) (void)strlen(p);
        }
    }
    wz_mo_free(mo);
    free(err);

    char *expr = wz_xstrndup((const char *)data, size);
    for (unsigned long n = 0; n < 4; n++) {
        int v = wz_mo_plural_eval(expr, n * 7);
        if (v < -1 || v > WZ_MO_MAX_PLURALS) abort();
    }
    free(expr);
    free(copy);
    return 0;
}

/*
 * fuzz_upload_answer: libFuzzer harness for the upload pass's answer reader
 * (wz_upload_parse_answer).
 *
 * Its bytes come from the network (the collector, or whatever answers in its place: a
 * proxy, a login page, an attacker), so it must survive any input: no crash, no read past
 * the body (the input is an exact-size copy without a NUL), and a result that keeps its
 * own rules. The first byte picks the batch size the answer is read against.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "wz_upload.h"
#include "wz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1 || size > WZ_UPLOAD_RESPONSE_MAX) return 0;
    int n = data[0] % 8;
    size_t len = size - 1;
    char *body = wz_xmalloc(len ? len : 1);
    if (len) memcpy(body, data + 1, len);
    wz_upload_answer a;
    wz_upload_parse_answer(body, len, n, &a);
    if (a.index < -1 || a.index >= 1000000) abort();
    if (memchr(a.message, '\0', sizeof a.message) == NULL) abort();
    if ((a.confirms != 0 && a.confirms != 1) || (a.collector_error != 0 && a.collector_error != 1))
        abort();
    free(body);
    return 0;
}

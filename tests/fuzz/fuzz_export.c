/*
 * fuzz_export: libFuzzer harness for the writers (read, write, read again, compare; the
 * body is in fuzz_roundtrip.h). A difference aborts, so the fuzzer keeps the input.
 */
#include "fuzz_roundtrip.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > WZ_MAX_FILE_BYTES) return 0;
    if (wz_roundtrip((const char *)data, size) != 0) abort();
    return 0;
}

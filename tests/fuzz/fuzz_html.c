/*
 * fuzz_html: libFuzzer harness for the Twine 2 HTML reader (the shared body is in fuzz_scenario.h).
 */
#include "fuzz_scenario.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return wz_fuzz_scenario(data, size, "fuzz.html", 1);
}

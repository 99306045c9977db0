/*
 * wz_dynlib: dlopen with RTLD_NOW (a missing function is found at once, not at its first
 * call) and RTLD_LOCAL (the library's names stay out of the program's). The addresses are
 * looked up into a scratch table first, so a library that lacks one function changes
 * nothing. The handle is never closed: a library such as libcurl keeps global state.
 */
#include "wz_dynlib.h"

#include <dlfcn.h>
#include <stdlib.h>

#include "wz_util.h"

int wz_dynlib_load(const char *soname, const wz_dynlib_sym *syms, size_t n, char **err)
{
    void *h = dlopen(soname, RTLD_NOW | RTLD_LOCAL);
    if (!h) {
        const char *why = dlerror();
        return wz_fail(err, "the library %s could not be loaded (%s); is its package installed?",
                       soname, why ? why : "not found");
    }
    void **found = wz_xcalloc(n ? n : 1, sizeof(*found));
    for (size_t i = 0; i < n; i++) {
        dlerror();
        found[i] = dlsym(h, syms[i].name);
        if (!found[i]) {
            free(found);
            return wz_fail(err, "the library %s has no function %s (too old a version?)", soname,
                           syms[i].name);
        }
    }
    for (size_t i = 0; i < n; i++)
        *syms[i].slot = found[i];
    free(found);
    return 0;
}

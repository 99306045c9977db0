/*
 * test_dynlib: a library opened when first needed gives its functions, and a missing
 * library or function is told in words with the table left as it was.
 */
#include <stdlib.h>
#include <string.h>

#include "wz_dynlib.h"
#include "wz_test.h"

typedef double (*math_fn)(double);

int main(void)
{
    WZ_TEST("a library's functions are found and work");
    math_fn c = NULL, s = NULL;
    wz_dynlib_sym syms[] = {{"cos", (void **)&c}, {"sqrt", (void **)&s}};
    char *err = NULL;
    WZ_CHECK_INT(wz_dynlib_load("libm.so.6", syms, 2, &err), 0);
    WZ_CHECK(err == NULL);
    WZ_CHECK(c && c(0.0) == 1.0);
    WZ_CHECK(s && s(16.0) == 4.0);
    WZ_CHECK_INT(wz_dynlib_load("libm.so.6", syms, 2, NULL), 0); /* again: no harm */

    WZ_TEST("a missing library: -1, the table untouched, the library named");
    math_fn none = NULL;
    wz_dynlib_sym missing[] = {{"cos", (void **)&none}};
    WZ_CHECK_INT(wz_dynlib_load("libwz-no-such-library.so.9", missing, 1, &err), -1);
    WZ_CHECK(none == NULL);
    WZ_CHECK(err && strstr(err, "libwz-no-such-library.so.9") && strstr(err, "installed"));
    free(err);
    err = NULL;

    WZ_TEST("a missing function: -1, no slot filled, the function named");
    math_fn c2 = NULL, bad = NULL;
    wz_dynlib_sym partly[] = {{"cos", (void **)&c2}, {"wz_no_such_function", (void **)&bad}};
    WZ_CHECK_INT(wz_dynlib_load("libm.so.6", partly, 2, &err), -1);
    WZ_CHECK(c2 == NULL && bad == NULL);
    WZ_CHECK(err && strstr(err, "wz_no_such_function") && strstr(err, "libm.so.6"));
    free(err);
    WZ_CHECK_INT(wz_dynlib_load("libm.so.6", partly, 2, NULL), -1); /* err may be NULL */
    WZ_TEST_END();
}

/*
 * wz_curl: the table of libcurl's functions, filled once under pthread_once, then only
 * read (pthread_once orders the filling before every caller's reads). The library's
 * file name is its SONAME, read at configure time from the library the build found
 * (src/net/CMakeLists.txt), so the program opens the very ABI its headers describe.
 */
#include "wz_curl.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#include "wz_dynlib.h"
#include "wz_util.h"

#ifndef WZ_CURL_SONAME
#define WZ_CURL_SONAME "libcurl.so.4"
#endif

wz_curl_api wz_curl_fn;

static pthread_once_t once = PTHREAD_ONCE_INIT;
static int load_rc = -1;
static char load_err[300];

#define SYM(name, field)                                                                           \
    {                                                                                              \
        name, (void **)&wz_curl_fn.field                                                           \
    }

static void load(void)
{
    static const wz_dynlib_sym syms[] = {
        SYM("curl_global_init", global_init),
        SYM("curl_easy_init", easy_init),
        SYM("curl_easy_setopt", easy_setopt),
        SYM("curl_easy_getinfo", easy_getinfo),
        SYM("curl_easy_perform", easy_perform),
        SYM("curl_easy_cleanup", easy_cleanup),
        SYM("curl_easy_strerror", easy_strerror),
        SYM("curl_slist_append", slist_append),
        SYM("curl_slist_free_all", slist_free_all),
        SYM("curl_free", free),
        SYM("curl_url", url),
        SYM("curl_url_set", url_set),
        SYM("curl_url_get", url_get),
        SYM("curl_url_cleanup", url_cleanup),
        SYM("curl_multi_init", multi_init),
        SYM("curl_multi_add_handle", multi_add_handle),
        SYM("curl_multi_remove_handle", multi_remove_handle),
        SYM("curl_multi_perform", multi_perform),
        SYM("curl_multi_poll", multi_poll),
        SYM("curl_multi_info_read", multi_info_read),
        SYM("curl_multi_cleanup", multi_cleanup),
    };
    char *err = NULL;
    if (wz_dynlib_load(WZ_CURL_SONAME, syms, sizeof syms / sizeof syms[0], &err) == 0) {
        if (wz_curl_fn.global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK) {
            load_rc = 0;
            return;
        }
        free(err);
        err = wz_xstrdup("libcurl could not start (its global set-up failed)");
    }
    snprintf(load_err, sizeof load_err, "%s", err ? err : "libcurl could not be loaded");
    free(err);
}

int wz_curl_load(char **err)
{
    pthread_once(&once, load);
    if (load_rc == 0) return 0;
    return wz_fail(err, "%s; nothing can be sent", load_err);
}

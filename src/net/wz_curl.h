/*
 * wz_curl: libcurl, opened when the net layer first needs it (wz_dynlib) instead of by the
 * loader before main(): libcurl and the two dozen libraries it brings (TLS, Kerberos, LDAP,
 * SSH, HTTP/2) would otherwise all be opened before the kiosk's first frame, which needs
 * none of them. Only the upload, alert and check threads ever call it.
 *
 * The net layer's files include this header instead of <curl/curl.h> and are written as
 * ordinary libcurl code: each libcurl function they use is a name for the address in
 * wz_curl_fn. wz_curl_load() must have returned 0 before any of them is called.
 */
#ifndef WZ_CURL_H
#define WZ_CURL_H

#include <curl/curl.h>

typedef struct wz_curl_api {
    CURLcode (*global_init)(long flags);
    CURL *(*easy_init)(void);
    CURLcode (*easy_setopt)(CURL *curl, CURLoption option, ...);
    CURLcode (*easy_getinfo)(CURL *curl, CURLINFO info, ...);
    CURLcode (*easy_perform)(CURL *curl);
    void (*easy_cleanup)(CURL *curl);
    const char *(*easy_strerror)(CURLcode code);
    struct curl_slist *(*slist_append)(struct curl_slist *list, const char *s);
    void (*slist_free_all)(struct curl_slist *list);
    void (*free)(void *p);
    CURLU *(*url)(void);
    CURLUcode (*url_set)(CURLU *u, CURLUPart what, const char *part, unsigned int flags);
    CURLUcode (*url_get)(const CURLU *u, CURLUPart what, char **part, unsigned int flags);
    void (*url_cleanup)(CURLU *u);
    CURLM *(*multi_init)(void);
    CURLMcode (*multi_add_handle)(CURLM *m, CURL *e);
    CURLMcode (*multi_remove_handle)(CURLM *m, CURL *e);
    CURLMcode (*multi_perform)(CURLM *m, int *running);
    CURLMcode (*multi_poll)(CURLM *m, struct curl_waitfd *fds, unsigned int nfds, int timeout_ms,
                            int *numfds);
    CURLMsg *(*multi_info_read)(CURLM *m, int *left);
    CURLMcode (*multi_cleanup)(CURLM *m);
} wz_curl_api;

extern wz_curl_api wz_curl_fn;

/* Opens libcurl and sets up its global state, once for the whole program, on whichever
 * thread comes first. Returns 0, or -1 with *err in words (every later call gives the
 * same answer). */
int wz_curl_load(char **err);

/* libcurl's names, as used in src/net (<curl/curl.h> may have made some of them macros). */
#undef curl_global_init
#undef curl_easy_init
#undef curl_easy_setopt
#undef curl_easy_getinfo
#undef curl_easy_perform
#undef curl_easy_cleanup
#undef curl_easy_strerror
#undef curl_slist_append
#undef curl_slist_free_all
#undef curl_free
#undef curl_url
#undef curl_url_set
#undef curl_url_get
#undef curl_url_cleanup
#undef curl_multi_init
#undef curl_multi_add_handle
#undef curl_multi_remove_handle
#undef curl_multi_perform
#undef curl_multi_poll
#undef curl_multi_info_read
#undef curl_multi_cleanup
#define curl_global_init wz_curl_fn.global_init
#define curl_easy_init wz_curl_fn.easy_init
#define curl_easy_setopt wz_curl_fn.easy_setopt
#define curl_easy_getinfo wz_curl_fn.easy_getinfo
#define curl_easy_perform wz_curl_fn.easy_perform
#define curl_easy_cleanup wz_curl_fn.easy_cleanup
#define curl_easy_strerror wz_curl_fn.easy_strerror
#define curl_slist_append wz_curl_fn.slist_append
#define curl_slist_free_all wz_curl_fn.slist_free_all
#define curl_free wz_curl_fn.free
#define curl_url wz_curl_fn.url
#define curl_url_set wz_curl_fn.url_set
#define curl_url_get wz_curl_fn.url_get
#define curl_url_cleanup wz_curl_fn.url_cleanup
#define curl_multi_init wz_curl_fn.multi_init
#define curl_multi_add_handle wz_curl_fn.multi_add_handle
#define curl_multi_remove_handle wz_curl_fn.multi_remove_handle
#define curl_multi_perform wz_curl_fn.multi_perform
#define curl_multi_poll wz_curl_fn.multi_poll
#define curl_multi_info_read wz_curl_fn.multi_info_read
#define curl_multi_cleanup wz_curl_fn.multi_cleanup

#endif

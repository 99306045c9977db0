/*
 * wz_upload_check: one GET /healthz with the upload's own settings, and the token file
 * read by the uploader's own reader (see wz_upload_check.h).
 *
 * The health address is the origin of upload_url with the path /healthz, so a check
 * reaches the same server, through the same proxy rules and TLS checks, as an upload.
 * The answer is sorted into words: 200 works; 401/403 the token is refused; 404 a web
 * server that is not a collector (wrong upload_url); anything else the status. Network
 * and TLS failures are put in words by the uploader's wz_upload_curl_words. Each outcome
 * also has a kind (wz_upload_check_kind), so admin mode can lead with one plain sentence
 * without reading the words back.
 */
#include "wz_upload_check.h"

#include "wz_upload.h"
#include "wz_curl.h"
#include "wz_util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#ifndef WZ_VERSION
#define WZ_VERSION "0"
#endif

static int fail(char **err, char *msg)
{
    if (err)
        *err = msg;
    else
        free(msg);
    return -1;
}

int wz_upload_token_check(const char *path, char **err)
{
    char *token = NULL;
    if (!path || !path[0]) return wz_fail(err, "no token file is named");
    if (wz_upload_read_token(path, &token, err) < 0) return -1;
    memset(token, 0, strlen(token));
    free(token);
    return 0;
}

char *wz_upload_check_url(const char *upload_url)
{
    if (!upload_url || !upload_url[0] || wz_upload_curl_init(NULL) < 0) return NULL;
    CURLU *u = curl_url();
    char *s = NULL, *out = NULL;
    if (u && curl_url_set(u, CURLUPART_URL, upload_url, 0) == CURLUE_OK &&
        curl_url_set(u, CURLUPART_PATH, "/healthz", 0) == CURLUE_OK &&
        curl_url_set(u, CURLUPART_QUERY, NULL, 0) == CURLUE_OK &&
        curl_url_set(u, CURLUPART_FRAGMENT, NULL, 0) == CURLUE_OK &&
        curl_url_get(u, CURLUPART_URL, &s, 0) == CURLUE_OK)
        out = wz_xstrdup(s);
    curl_free(s);
    curl_url_cleanup(u);
    return out;
}

static size_t discard(char *p, size_t size, size_t n, void *ud)
{
    (void)p;
    (void)ud;
    return size * n;
}

/* What a libcurl failure (rc, with the system's errno) came to. */
static wz_upload_check_kind curl_kind(CURLcode rc, long os_errno)
{
    switch (rc) {
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
        return WZ_UPLOAD_CHECK_NO_NETWORK;
    case CURLE_COULDNT_CONNECT:
        return os_errno == ENETUNREACH || os_errno == ENETDOWN || os_errno == EHOSTUNREACH
                   ? WZ_UPLOAD_CHECK_NO_NETWORK
                   : WZ_UPLOAD_CHECK_NOT_ANSWERING;
    case CURLE_OPERATION_TIMEDOUT:
        return WZ_UPLOAD_CHECK_NOT_ANSWERING;
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_SSL_CERTPROBLEM:
        return WZ_UPLOAD_CHECK_TLS;
    default:
        return WZ_UPLOAD_CHECK_ERROR;
    }
}

/* The GET itself: 0 with *status set, or -1 with *err in words and *kind. */
static int get(const wz_config *cfg, const char *url, int is_https, const char *token,
               long timeout_s, long *status, wz_upload_check_kind *kind, char **err)
{
    *kind = WZ_UPLOAD_CHECK_ERROR;
    CURL *curl = curl_easy_init();
    if (!curl) return fail(err, wz_xstrdup("libcurl could not start"));
    char errbuf[CURL_ERROR_SIZE] = "";
    struct curl_slist *headers = NULL;
    char *auth = token ? wz_xasprintf("Authorization: Bearer %s", token) : NULL;
    if (auth) headers = curl_slist_append(headers, auth);
    curl_easy_setopt(curl, CURLOPT_URL, url);
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(curl, CURLOPT_USERAGENT, "wz-kiosk/" WZ_VERSION);
    curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 2L);
    if (cfg->ca_file) curl_easy_setopt(curl, CURLOPT_CAINFO, cfg->ca_file);
    if (!is_https) /* loopback only: never hand the token to a proxy in clear */
        curl_easy_setopt(curl, CURLOPT_NOPROXY, "*");
    else if (cfg->proxy)
        curl_easy_setopt(curl, CURLOPT_PROXY, cfg->proxy);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, timeout_s);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, timeout_s);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, discard);
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, errbuf);
    CURLcode rc = curl_easy_perform(curl);
    int ret = 0;
    if (rc == CURLE_OK) {
        curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, status);
    } else {
        long os_errno = 0;
        curl_easy_getinfo(curl, CURLINFO_OS_ERRNO, &os_errno);
        *kind = curl_kind(rc, os_errno);
        ret = fail(err, wz_upload_curl_words(rc, errbuf, cfg->ca_file));
    }
    curl_slist_free_all(headers);
    if (auth) {
        memset(auth, 0, strlen(auth));
        free(auth);
    }
    curl_easy_cleanup(curl);
    return ret;
}

/* The collector's answer in words: 0 for "it works", -1 and *err otherwise. */
static int judge(long status, const char *url, wz_upload_check_kind *kind, char **err)
{
    *kind = status == 200                    ? WZ_UPLOAD_CHECK_WORKS
            : status == 401 || status == 403 ? WZ_UPLOAD_CHECK_TOKEN_REFUSED
            : status == 404                  ? WZ_UPLOAD_CHECK_NOT_COLLECTOR
                                             : WZ_UPLOAD_CHECK_ERROR;
    if (status == 200) return 0;
    if (status == 401 || status == 403)
        return fail(err, wz_xasprintf("the collector at %s refused the kiosk's token (HTTP %ld): "
                                      "check the token file against the one the collector's "
                                      "operator gave you",
                                      url, status));
    if (status == 404)
        return fail(err, wz_xasprintf("a web server answered at %s, but it is not a Warning Zone "
                                      "collector (HTTP 404): check upload_url",
                                      url));
    return fail(err, wz_xasprintf("the collector at %s answered with an error (HTTP %ld): "
                                  "try again later, or ask the collector's operator",
                                  url, status));
}

int wz_upload_check(const wz_config *cfg, long timeout_s, char **err)
{
    return wz_upload_check_kind_of(cfg, timeout_s, NULL, err);
}

int wz_upload_check_kind_of(const wz_config *cfg, long timeout_s, wz_upload_check_kind *kind,
                            char **err)
{
    int is_https = 0;
    wz_upload_check_kind k_local;
    if (!kind) kind = &k_local;
    *kind = WZ_UPLOAD_CHECK_OFF;
    if (!cfg->upload_url || !cfg->upload_url[0])
        return fail(err, wz_xstrdup("uploads are not set up: kiosk.ini has no upload_url"));
    *kind = WZ_UPLOAD_CHECK_SETTINGS;
    if (wz_upload_url_allowed(cfg->upload_url, &is_https, err) < 0) return -1;
    char *token = NULL;
    if (cfg->token_file && wz_upload_read_token(cfg->token_file, &token, err) < 0) return -1;
    int rc = -1;
    char *url = wz_upload_check_url(cfg->upload_url);
    if (!url) {
        rc = fail(err,
                  wz_xasprintf("upload_url \"%.200s\" is not a valid address", cfg->upload_url));
    } else if (is_https && !wz_upload_clock_ok(time(NULL))) {
        rc = fail(err, wz_xstrdup("this computer's clock is wrong (it says a date before this "
                                  "program was built), so a secure connection cannot be "
                                  "checked: set the time first"));
    } else {
        long status = 0;
        rc = get(cfg, url, is_https, token, timeout_s > 0 ? timeout_s : 15, &status, kind, err);
        if (rc == 0) rc = judge(status, url, kind, err);
    }
    if (token) {
        memset(token, 0, strlen(token));
        free(token);
    }
    free(url);
    return rc;
}

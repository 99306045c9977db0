/*
 * wz_alert: what one alert is and how one attempt goes out on each channel (see the
 * header); the threads, the queue and the once-a-minute rule are wz_alert_worker.c.
 *
 * The command is started with posix_spawn from the full path in the configuration, with
 * its words as given and the facts filled into placeholders: no shell ever reads it, so a
 * site name with ';' or '$' stays a plain word. It gets /dev/null for input and output
 * (its error output goes to the kiosk's log) and a clean signal state, and is ended when
 * it runs too long. The POST follows the uploader's rules (wz_upload.h): the address must
 * be https:// (http:// only to this computer), certificates are always checked, no
 * redirects, the token is read from a 0600 file at each attempt and never logged.
 */
#include "wz_alert.h"

#include "wz_upload.h"
#include "wz_curl.h"
#include "wz_util.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

/* ---- the facts ---- */

static void utc_iso(time_t at, char out[32])
{
    struct tm tm;
    if (!gmtime_r(&at, &tm) || !strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm))
        snprintf(out, 32, "%lld", (long long)at);
}

/* The screen in staff's words. */
static const char *screen_words(const char *screen)
{
    static const char *const names[][2] = {
        {"attract", "start screen"},
        {"picker", "\"who is playing\" screen"},
        {"menu", "story menu"},
        {"player", "story screen"},
        {"ending", "end of a story"},
        {"empty", "\"nothing to show\" screen"},
        {"quiz", "quick questions of a story"},
    };
    for (size_t i = 0; i < WZ_ARRAY_LEN(names); i++)
        if (!strcmp(screen, names[i][0])) return names[i][1];
    return screen;
}

char *wz_alert_json(const wz_alert_facts *f)
{
    char iso[32], hm[16];
    utc_iso(f->at, iso);
    struct tm tm;
    if (!localtime_r(&f->at, &tm) || !strftime(hm, sizeof hm, "%H:%M", &tm))
        snprintf(hm, sizeof hm, "?");
    char *text = wz_xasprintf("Warning Zone: someone pressed \"I'm worried\" on kiosk %s%s%s%s, "
                              "%s, at %s. Please go to them now.",
                              f->kiosk, f->site[0] ? " (" : "", f->site, f->site[0] ? ")" : "",
                              screen_words(f->screen), hm);
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "text", text);
    cJSON_AddStringToObject(o, "kind", "worried");
    cJSON_AddStringToObject(o, "kiosk", f->kiosk);
    if (f->site[0]) cJSON_AddStringToObject(o, "site", f->site);
    cJSON_AddStringToObject(o, "time", iso);
    cJSON_AddStringToObject(o, "screen", f->screen);
    char *out = cJSON_PrintUnformatted(o);
    WZ_ASSERT(out != NULL);
    cJSON_Delete(o);
    free(text);
    return out;
}

/* word with every placeholder replaced: a new string. */
static char *fill(const char *word, const wz_alert_facts *f, const char *iso)
{
    const struct {
        const char *name, *value;
    } ph[] = {{"{kiosk}", f->kiosk}, {"{site}", f->site}, {"{time}", iso}, {"{screen}", f->screen}};
    wz_buf b;
    wz_buf_init(&b, 0);
    for (const char *p = word; *p;) {
        size_t k = 0;
        while (k < WZ_ARRAY_LEN(ph) && !wz_str_starts(p, ph[k].name))
            k++;
        if (k < WZ_ARRAY_LEN(ph)) {
            wz_buf_puts(&b, ph[k].value);
            p += strlen(ph[k].name);
        } else {
            wz_buf_putc(&b, *p++);
        }
    }
    return wz_buf_steal(&b);
}

char **wz_alert_command_argv(const char *command, const wz_alert_facts *f, char **err)
{
    char **argv = NULL;
    if (wz_config_command_split(command, &argv, NULL, err) != 0) return NULL;
    char iso[32];
    utc_iso(f->at, iso);
    for (int i = 1; argv[i]; i++) { /* the program's path is taken as written */
        char *w = fill(argv[i], f, iso);
        free(argv[i]);
        argv[i] = w;
    }
    return argv;
}

/* ---- the command ---- */

static void sleep_ms(int ms)
{
    struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
    }
}

/* Waits for pid up to ms (or *stop); 1 when it ended (*status set), 0 when still running. */
static int reap_within(pid_t pid, int ms, const atomic_int *stop, int *status)
{
    for (int waited = 0;; waited += 10) {
        pid_t r = waitpid(pid, status, WNOHANG);
        if (r == pid || (r < 0 && errno != EINTR)) return 1;
        if (waited >= ms || (stop && atomic_load(stop))) return 0;
        sleep_ms(10);
    }
}

int wz_alert_run_command(char *const argv[], int timeout_ms, const atomic_int *stop, char **err)
{
    posix_spawn_file_actions_t fa;
    posix_spawnattr_t at;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
    posix_spawnattr_init(&at);
    sigset_t none, all;
    sigemptyset(&none);
    sigfillset(&all);
    posix_spawnattr_setsigmask(&at, &none);   /* not the kiosk's blocked signals */
    posix_spawnattr_setsigdefault(&at, &all); /* nor its handlers */
    posix_spawnattr_setflags(&at, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
    pid_t pid;
    int rc = posix_spawn(&pid, argv[0], &fa, &at, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    posix_spawnattr_destroy(&at);
    if (rc != 0)
        return wz_fail(err, "the alert command %s could not start: %s", argv[0], strerror(rc));
    int status = 0;
    if (!reap_within(pid, timeout_ms, stop, &status)) {
        kill(pid, SIGTERM);
        if (!reap_within(pid, 500, NULL, &status)) {
            kill(pid, SIGKILL);
            while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
            }
        }
        return wz_fail(err, "the alert command %s was still running after %d ms and was stopped",
                       argv[0], timeout_ms);
    }
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return 0;
    if (WIFEXITED(status))
        return wz_fail(err, "the alert command %s ended with status %d", argv[0],
                       WEXITSTATUS(status));
    return wz_fail(err, "the alert command %s was ended by signal %d", argv[0],
                   WIFSIGNALED(status) ? WTERMSIG(status) : 0);
}

/* ---- the POST ---- */

static size_t discard(char *p, size_t size, size_t n, void *ud)
{
    (void)p;
    (void)ud;
    return size * n; /* the answer's body is not needed: the status says it all */
}

static int on_progress(void *ud, curl_off_t a, curl_off_t b, curl_off_t c, curl_off_t d)
{
    (void)a;
    (void)b;
    (void)c;
    (void)d;
    const wz_alert_post_opts *o = ud;
    return o->stop && atomic_load(o->stop) ? 1 : 0;
}

static wz_alert_post_result refused(char **err, char *msg)
{
    if (err)
        *err = msg;
    else
        free(msg);
    return WZ_ALERT_REFUSED;
}

wz_alert_post_result wz_alert_post(const wz_alert_post_opts *o, const char *body, long *http_status,
                                   char **err)
{
    *http_status = 0;
    int https = 0;
    char *e = NULL;
    if (wz_upload_curl_init(&e) < 0) return refused(err, e ? e : wz_xstrdup("no libcurl"));
    if (wz_upload_url_allowed(o->url, &https, &e) != 0) {
        free(e);
        return refused(err, wz_xstrdup("[alert] url must start with https:// (plain http is "
                                       "allowed only to this computer, for tests)"));
    }
    char *token = NULL;
    if (o->token_file && wz_upload_read_token(o->token_file, &token, &e) != 0) {
        char *m = wz_xasprintf("[alert] token_file: %s", e ? e : "unreadable");
        free(e);
        return refused(err, m);
    }
    CURL *c = curl_easy_init();
    if (!c) {
        free(token);
        return refused(err, wz_xstrdup("libcurl could not start"));
    }
    struct curl_slist *h = curl_slist_append(NULL, "Content-Type: application/json");
    h = curl_slist_append(h, "Expect:");
    char *auth = token ? wz_xasprintf("Authorization: Bearer %s", token) : NULL;
    if (auth) h = curl_slist_append(h, auth);
    char errbuf[CURL_ERROR_SIZE] = "";
    curl_easy_setopt(c, CURLOPT_URL, o->url);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
    wz_upload_curl_common(c, https, o->ca_file, o->proxy); /* TLS always verified */
    long ms = o->timeout_ms > 0 ? o->timeout_ms : 10000;
    curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, ms);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, ms);
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)strlen(body));
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, discard);
    curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, on_progress);
    wz_alert_post_opts copy = *o; /* curl wants a pointer it may modify */
    curl_easy_setopt(c, CURLOPT_XFERINFODATA, &copy);
    curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
    CURLcode rc = curl_easy_perform(c);
    long st = 0;
    if (rc == CURLE_OK) curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &st);
    curl_slist_free_all(h);
    curl_easy_cleanup(c);
    if (auth) memset(auth, 0, strlen(auth));
    if (token) memset(token, 0, strlen(token));
    free(auth);
    free(token);
    *http_status = st;
    if (rc != CURLE_OK) {
        char *w = wz_upload_curl_words((int)rc, errbuf, o->ca_file);
        if (err)
            *err = w;
        else
            free(w);
        return rc == CURLE_SSL_CACERT_BADFILE || rc == CURLE_UNSUPPORTED_PROTOCOL ? WZ_ALERT_REFUSED
                                                                                  : WZ_ALERT_RETRY;
    }
    if (st >= 200 && st < 300) return WZ_ALERT_SENT;
    int again = st >= 500 || st == 408 || st == 429;
    char *msg = wz_xasprintf("the staff address answered HTTP %ld%s", st,
                             again ? "" : ": check [alert] url and token_file");
    if (!again) return refused(err, msg);
    if (err)
        *err = msg;
    else
        free(msg);
    return WZ_ALERT_RETRY;
}

/*
 * wz_upload_probe: wz_upload_check on a thread of its own (see the header).
 *
 * The thread gets a private wz_config holding only the four upload settings, so nothing
 * it reads can change or be freed under it. The answer is handed back through an atomic
 * flag and read only after the thread is joined. Two references (the thread's and the
 * owner's) decide who frees the probe, so an owner closing down (the kiosk stopping) can
 * let a probe go without waiting out a dead network's time-out.
 */
#include "wz_upload_probe.h"

#include "wz_upload_check.h"
#include "wz_util.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

struct wz_upload_probe {
    pthread_t thread;
    wz_config cfg; /* the probe's own copy of the upload settings */
    long timeout_s;
    atomic_int done;
    atomic_int refs; /* the thread and the owner: the last to let go frees */
    int rc;          /* wz_upload_check's answer, once done */
    wz_upload_check_kind kind;
    char *why; /* and its words when it failed */
};

static char *dup_or_null(const char *s)
{
    return s ? wz_xstrdup(s) : NULL;
}

static void probe_free(wz_upload_probe *p)
{
    wz_config_free(&p->cfg);
    free(p->why);
    free(p);
}

static void probe_release(wz_upload_probe *p)
{
    if (atomic_fetch_sub(&p->refs, 1) == 1) probe_free(p);
}

static void *probe_main(void *arg)
{
    wz_upload_probe *p = arg;
    p->rc = wz_upload_check_kind_of(&p->cfg, p->timeout_s, &p->kind, &p->why);
    atomic_store(&p->done, 1);
    probe_release(p);
    return NULL;
}

wz_upload_probe *wz_upload_probe_start(const wz_config *cfg, long timeout_s, char **err)
{
    wz_upload_probe *p = wz_xcalloc(1, sizeof(*p));
    wz_config_defaults(&p->cfg);
    p->cfg.upload_url = dup_or_null(cfg->upload_url);
    p->cfg.token_file = dup_or_null(cfg->token_file);
    p->cfg.ca_file = dup_or_null(cfg->ca_file);
    p->cfg.proxy = dup_or_null(cfg->proxy);
    p->timeout_s = timeout_s;
    atomic_init(&p->done, 0);
    atomic_init(&p->refs, 2);
    int rc = pthread_create(&p->thread, NULL, probe_main, p);
    if (rc != 0) {
        probe_free(p);
        wz_fail(err, "no thread could be started (%s)", strerror(rc));
        return NULL;
    }
    return p;
}

int wz_upload_probe_done(wz_upload_probe *p)
{
    return atomic_load(&p->done);
}

void wz_upload_probe_abandon(wz_upload_probe *p)
{
    if (!p) return;
    pthread_detach(p->thread);
    probe_release(p);
}

/* The first sentence of a failure: what it came to, at which address. */
static char *headline(wz_upload_check_kind kind, const char *url)
{
    switch (kind) {
    case WZ_UPLOAD_CHECK_OFF:
        return wz_xstrdup("Uploads are not set up on this kiosk (no upload address).");
    case WZ_UPLOAD_CHECK_SETTINGS:
        return wz_xstrdup("The upload settings of this kiosk cannot be used.");
    case WZ_UPLOAD_CHECK_NO_NETWORK:
        return wz_xasprintf("This kiosk has no working network to reach %s: is the network "
                            "cable in, and is the network set up?",
                            url);
    case WZ_UPLOAD_CHECK_NOT_ANSWERING:
        return wz_xasprintf("No collector is answering at %s.", url);
    case WZ_UPLOAD_CHECK_TLS:
        return wz_xasprintf("The certificate of the server at %s is not trusted, so nothing "
                            "was sent to it.",
                            url);
    case WZ_UPLOAD_CHECK_TOKEN_REFUSED:
        return wz_xasprintf("The collector at %s refused this kiosk's token.", url);
    case WZ_UPLOAD_CHECK_NOT_COLLECTOR:
        return wz_xasprintf("A web server answered at %s, but it is not a Warning Zone "
                            "collector.",
                            url);
    default:
        return wz_xasprintf("Something went wrong talking to the collector at %s.", url);
    }
}

char *wz_upload_probe_finish(wz_upload_probe *p, int *ok)
{
    pthread_join(p->thread, NULL);
    char *url = wz_upload_check_url(p->cfg.upload_url);
    const char *where = url ? url : "the upload address";
    char *text;
    if (p->rc == 0) {
        text = wz_xasprintf("The connection works: the collector at %s answered and accepted "
                            "this kiosk's token. Figures waiting to be sent go on their own.",
                            where);
    } else {
        char *head = headline(p->kind, where);
        text = wz_xasprintf("The connection does not work. %s\n\nWhat happened: %s.\n\nNo "
                            "figures are lost: they stay on this kiosk until an upload works.",
                            head, p->why ? p->why : "no reason was given");
        free(head);
    }
    *ok = p->rc == 0;
    free(url);
    probe_release(p);
    return text;
}

/*
 * wz_narration: the decision of what plays, as a small state machine over "what is on
 * screen" (wz_narration_view). A change of view serial is the one event that matters:
 * whatever the reason the passage left the screen, its sound stops there, so no verb of
 * the session needs to know about sound. Within a passage a cursor walks the clips whose
 * condition holds; a clip starts once its parts show and the one before it has finished
 * (its length from the probe) plus a short pause.
 */
#include "wz_narration.h"

#include <stdlib.h>
#include <string.h>

#include "wz_log.h"
#include "wz_sound.h"
#include "wz_util.h"
#include "wz_validate.h"

typedef struct clip_ref {
    const wz_clip *clip;
    int after; /* parts of the passage as shown before it */
} clip_ref;

struct wz_narration {
    wz_narration_out out;
    wz_narration_auto mode;
    /* the passage on screen */
    const wz_scenario *sc;
    long long serial;
    int on_screen;
    clip_ref clips[WZ_SOUND_MAX_CLIPS];
    int nclips;
    int next;           /* next clip to start */
    int playing;        /* clip playing, -1 when none */
    char *playing_path; /* its path, owned: the library may be swapped under the clips */
    int active;         /* clips start by themselves (autoplay, or after a press) */
    int replay;         /* the speaker was pressed */
    long long ends_at, gap_until;
};

wz_narration *wz_narration_create(const wz_narration_out *out, wz_narration_auto mode)
{
    wz_narration *n = wz_xcalloc(1, sizeof(*n));
    n->out = *out;
    n->mode = mode;
    n->playing = -1;
    return n;
}

static void stop(wz_narration *n)
{
    if (n->playing < 0) return;
    n->out.stop(n->out.ctx);
    wz_log_info("narration", "stopped %s", n->playing_path);
    n->playing = -1;
    free(n->playing_path);
    n->playing_path = NULL;
}

void wz_narration_destroy(wz_narration *n)
{
    if (!n) return;
    stop(n);
    free(n);
}

/* A new passage (or none) is on screen. */
static void take_view(wz_narration *n, const wz_narration_view *v)
{
    stop(n);
    n->sc = v ? v->sc : NULL;
    n->serial = v ? v->serial : 0;
    n->on_screen = v && v->sc && v->passage >= 0 && v->passage < v->sc->npassages;
    n->nclips = n->next = 0;
    n->replay = 0;
    if (!n->on_screen) return;
    const wz_passage *p = &v->sc->passages[v->passage];
    for (int i = 0; i < p->nclips && n->nclips < WZ_SOUND_MAX_CLIPS; i++) {
        if (!wz_cond_holds(p->clips[i].cond, v->flags)) continue;
        n->clips[n->nclips].clip = &p->clips[i];
        n->clips[n->nclips++].after = wz_sound_clip_after_shown(p, &p->clips[i], v->flags);
    }
    n->active = n->mode == WZ_NARRATION_AUTO_ALWAYS ||
                (n->mode == WZ_NARRATION_AUTO_EASY_READ && v->easy_read);
}

/* Starts clip i: checked inside the folder, read and probed again (the file may have
 * changed since the library was read), and those very bytes handed to the device.
 * Returns 0, or -1 after saying why. */
static int start(wz_narration *n, int i, long long now)
{
    const wz_clip *c = n->clips[i].clip;
    char *why = NULL;
    wz_sound_info info;
    char *data = NULL;
    size_t len = 0;
    char *path = wz_asset_resolve(n->sc, c->path, &why);
    int rc = -1;
    if (path && wz_sound_read_file(path, &data, &len, &info, &why) == 0 &&
        n->out.play(n->out.ctx, path, data, len, &info, &why) == 0) {
        n->playing = i;
        n->playing_path = wz_xstrdup(c->path);
        n->ends_at = now + info.ms;
        wz_log_info("narration", "playing %s", c->path);
        rc = 0;
    } else {
        wz_log_warn("narration", "cannot play %s (%s: %s); going on without it", c->path,
                    n->sc->file, why ? why : "unknown reason");
    }
    free(why);
    free(path);
    return rc;
}

long long wz_narration_update(wz_narration *n, const wz_narration_view *v, long long now)
{
    int here = v && v->sc && v->passage >= 0 && v->passage < v->sc->npassages;
    if (here != n->on_screen || (here && (v->sc != n->sc || v->serial != n->serial)))
        take_view(n, here ? v : NULL);
    if (!n->on_screen) return -1;
    if (n->replay) {
        stop(n);
        n->replay = 0;
        n->next = 0;
        n->active = 1;
        n->gap_until = now;
    }
    if (n->playing >= 0 && now >= n->ends_at) {
        wz_log_info("narration", "finished %s", n->playing_path);
        n->playing = -1;
        free(n->playing_path);
        n->playing_path = NULL;
        n->gap_until = n->ends_at + WZ_NARRATION_GAP_MS;
    }
    while (n->active && n->playing < 0 && n->next < n->nclips &&
           n->clips[n->next].after <= v->shown && now >= n->gap_until)
        start(n, n->next++, now);
    if (n->playing >= 0) return n->ends_at;
    if (n->active && n->next < n->nclips && n->clips[n->next].after <= v->shown)
        return n->gap_until;
    return -1;
}

void wz_narration_replay(wz_narration *n)
{
    if (n) n->replay = 1;
}

const char *wz_narration_playing(const wz_narration *n)
{
    return n && n->playing >= 0 ? n->playing_path : NULL;
}

int wz_narration_auto_parse(const char *s, wz_narration_auto *out)
{
    static const struct {
        const char *name;
        wz_narration_auto mode;
    } modes[] = {{"easy-read", WZ_NARRATION_AUTO_EASY_READ},
                 {"always", WZ_NARRATION_AUTO_ALWAYS},
                 {"never", WZ_NARRATION_AUTO_NEVER}};
    for (size_t i = 0; s && i < WZ_ARRAY_LEN(modes); i++) {
        if (wz_str_ieq(s, modes[i].name)) {
            *out = modes[i].mode;
            return 0;
        }
    }
    return -1;
}

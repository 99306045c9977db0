/*
 * wz_kiosk_soak: the soak mode (`wz-kiosk --soak N --seed S`): a seeded random visitor plays
 * N visits in one process through the real screens, input layer and app, on the fake clock.
 *
 * Each loop turn it looks at the controls of the frame on screen and taps one, chosen at
 * random with weights per kind (choices, spot-the-signs taps, the knowledge check, Help,
 * Back, play again...),
 * or walks away (the idle timeout and its countdown run out); between visits the library
 * is now and then reloaded the way admin mode does it. It keeps its own tally of what it
 * played, written with --soak-tally as one "key<TAB>count" line per figure, so a test can
 * compare it with what the kiosk recorded (tests/ui/soak.py against `wz-stats summary`).
 * Resident memory is read from /proc/self/statm after visit min(1000, N/5) and visit N
 * (and printed after every tenth of the visits).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "wz_kiosk_int.h"
#include "wz_map.h"
#include "wz_util.h"

#define MAX_STEPS_PER_VISIT 80
#define RELOAD_EVERY 97 /* visits, on average */

struct wz_kiosk_soak {
    long visits, done;          /* asked for; finished (back on the attract screen) */
    unsigned long long rng;     /* splitmix64 state */
    char *tally_path;           /* NULL: no tally file */
    wz_map tally;               /* "kind\tfields..." -> count */
    long sample_at, rss_kib[2]; /* resident memory after visit sample_at and visit N */
    long reloads;
    /* the visit in progress, as the visitor knows it */
    int in_visit, steps, easy, started, leaving;
    int text_size, contrast; /* chosen with "Aa" */
    unsigned audience;
    int playing; /* a scenario started and not yet ended */
    char ifid[128];
    int spot[WZ_SPOT_MAX_PARTS];
};

static unsigned long long next_random(wz_kiosk_soak *s)
{
    unsigned long long z = (s->rng += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

/* A number in [0, n). */
static int below(wz_kiosk_soak *s, int n)
{
    return n > 0 ? (int)(next_random(s) % (unsigned long long)n) : 0;
}

wz_kiosk_soak *wz_kiosk_soak_create(long visits, unsigned long long seed, const char *tally_path)
{
    wz_kiosk_soak *s = wz_xcalloc(1, sizeof *s);
    s->visits = visits;
    s->rng = seed;
    s->tally_path = tally_path ? wz_xstrdup(tally_path) : NULL;
    s->sample_at = WZ_MIN(1000, visits / 5);
    return s;
}

void wz_kiosk_soak_destroy(wz_kiosk_soak *s)
{
    if (!s) return;
    wz_map_clear(&s->tally);
    free(s->tally_path);
    free(s);
}

static void count(wz_kiosk_soak *s, long long n, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void count(wz_kiosk_soak *s, long long n, const char *fmt, ...)
{
    char key[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(key, sizeof key, fmt, ap);
    va_end(ap);
    unsigned long long h = wz_map_hash(key);
    long long *v = wz_map_find(&s->tally, key, h);
    wz_map_put(&s->tally, key, h, (v ? *v : 0) + n);
}

static long rss_kib(void)
{
    FILE *f = fopen("/proc/self/statm", "r");
    long size = 0, resident = 0;
    if (!f) return -1;
    int ok = fscanf(f, "%ld %ld", &size, &resident) == 2;
    fclose(f);
    return ok ? resident * (sysconf(_SC_PAGESIZE) / 1024) : -1;
}

static int key_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The tally, sorted, one "key\tcount" a line. Returns -1 when the file cannot be written. */
static int write_tally(const wz_kiosk_soak *s)
{
    if (!s->tally_path) return 0;
    FILE *f = fopen(s->tally_path, "w");
    if (!f) {
        fprintf(stderr, "wz-kiosk: cannot write the soak tally %s\n", s->tally_path);
        return -1;
    }
    char **keys = wz_xcalloc(s->tally.count + 1, sizeof *keys);
    size_t n = 0;
    for (size_t i = 0; i < s->tally.cap; i++)
        if (s->tally.keys[i]) keys[n++] = s->tally.keys[i];
    qsort(keys, n, sizeof *keys, key_cmp);
    for (size_t i = 0; i < n; i++)
        fprintf(f, "%s\t%lld\n", keys[i], *wz_map_find(&s->tally, keys[i], wz_map_hash(keys[i])));
    free(keys);
    return fclose(f) == 0 ? 0 : -1;
}

/* The visit ends (idle, "I'm finished" or Back from the picker): an unfinished scenario is
 * abandoned, and everything the visitor chose is forgotten. */
static void visit_reset(wz_kiosk_soak *s)
{
    if (s->playing) count(s, 1, "abandoned\t%s\t%s", s->ifid, wz_audience_name(s->audience));
    s->playing = s->started = s->easy = s->leaving = 0;
    s->text_size = s->contrast = 0;
    s->audience = 0;
}

/* A passage was entered: an ending completes the scenario. */
static void entered(wz_kiosk_soak *s, wz_session *ss)
{
    memset(s->spot, 0, sizeof s->spot);
    if (wz_session_screen(ss) != WZ_SCREEN_ENDING || !s->playing) return;
    const char *aud = wz_audience_name(s->audience);
    const wz_passage *p = wz_session_passage(ss);
    count(s, 1, "completed\t%s\t%s", s->ifid, aud);
    if (p && (p->cls == WZ_CLASS_SAFE || p->cls == WZ_CLASS_RISKY || p->cls == WZ_CLASS_MIXED))
        count(s, 1, "ending\t%s\t%s\t%s", s->ifid, aud, wz_class_name(p->cls));
    s->playing = 0;
}

static void started_scenario(wz_kiosk_soak *s, wz_session *ss)
{
    const wz_scenario *sc = wz_session_scenario(ss);
    snprintf(s->ifid, sizeof s->ifid, "%s", sc && sc->ifid ? sc->ifid : "unknown");
    count(s, 1, "started\t%s\t%s", s->ifid, wz_audience_name(s->audience));
    s->playing = 1;
    entered(s, ss);
}

/* The spot result of the taps made, before Done reveals it. */
static void count_spot(wz_kiosk_soak *s, const wz_passage *p)
{
    int found = 0, missed = 0, wrong = 0;
    for (int i = 0; p && i < p->nparts && i < WZ_SPOT_MAX_PARTS; i++) {
        if (p->parts[i].kind != WZ_PART_MESSAGE) continue;
        found += p->parts[i].red_flag && s->spot[i];
        missed += p->parts[i].red_flag && !s->spot[i];
        wrong += !p->parts[i].red_flag && s->spot[i];
    }
    const char *aud = wz_audience_name(s->audience);
    count(s, found, "spot\t%s\t%s\tfound", s->ifid, aud);
    count(s, missed, "spot\t%s\t%s\tmissed", s->ifid, aud);
    count(s, wrong, "spot\t%s\t%s\twrong", s->ifid, aud);
}

/* How much the visitor wants to tap control c on this screen (0: never). */
static int weight(const wz_kiosk_soak *s, const wz_control *c, wz_session *ss)
{
    switch (c->action) {
    case WZ_ACT_WAKE:
        return 40;
    case WZ_ACT_HELP:
    case WZ_ACT_SCROLL_MORE:
        return 1;
    case WZ_ACT_HELP_CLOSE:
        return 30;
    case WZ_ACT_BACK:
        return wz_session_screen(ss) == WZ_SCREEN_ENDING || wz_session_screen(ss) == WZ_SCREEN_QUIZ
                   ? 3
                   : 1;
    case WZ_ACT_STILL_HERE:
        return c->arg == 0 ? 3 : 0; /* the button, not the dimmed screen around it */
    case WZ_ACT_FINISHED:
        return 2;
    case WZ_ACT_EASY:
        return s->steps < 6 ? 4 : 0;
    case WZ_ACT_AUDIENCE:
    case WZ_ACT_PLAY:
        return 6;
    case WZ_ACT_SKIP:
        return 20;
    case WZ_ACT_CHOICE:
        return 12;
    case WZ_ACT_SPOT_TAP:
        return wz_session_spot_revealed(ss) ? 0 : 8;
    case WZ_ACT_SPOT_DONE:
        return 10;
    case WZ_ACT_AGAIN:
        return 3;
    case WZ_ACT_ANOTHER:
        return 6;
    case WZ_ACT_QUIZ_START: /* the knowledge check: answered more often than skipped */
        return 4;
    case WZ_ACT_QUIZ_ANSWER:
        return 8;
    case WZ_ACT_QUIZ_NEXT:
        return 10;
    case WZ_ACT_QUIZ_SKIP:
        return 2;
    case WZ_ACT_TEXT: /* "Aa", now and then; in its panel, a choice or two, then Done */
        return 1;
    case WZ_ACT_TEXT_SIZE:
        return 4;
    case WZ_ACT_CONTRAST:
        return 3;
    case WZ_ACT_TEXT_CLOSE:
        return c->arg == 0 ? 5 : 0; /* Done, not the dimmed screen around the panel */
    default:
        return 0; /* admin mode's hidden corner and pages */
    }
}

/* Counts what tapping c (on the screen before the tap) means, after the kiosk acted. */
static void tapped(wz_kiosk_soak *s, int action, int arg, wz_screen_id was, const wz_passage *p,
                   wz_session *ss)
{
    switch (action) {
    case WZ_ACT_HELP:
        count(s, 1, "help\t%s", wz_screen_name(was));
        break;
    case WZ_ACT_BACK: /* Back from the check before a scenario leaves the scenario too */
        if (was == WZ_SCREEN_PLAYER || was == WZ_SCREEN_ENDING ||
            (was == WZ_SCREEN_QUIZ && wz_session_screen(ss) == WZ_SCREEN_MENU)) {
            if (s->playing)
                count(s, 1, "abandoned\t%s\t%s", s->ifid, wz_audience_name(s->audience));
            s->playing = 0;
        } else if (was == WZ_SCREEN_PICKER) {
            visit_reset(s);
        }
        break;
    case WZ_ACT_FINISHED:
        visit_reset(s);
        break;
    case WZ_ACT_EASY:
        s->easy = !s->easy;
        if (s->started) count(s, 1, "setting\teasy-read=%s", s->easy ? "on" : "off");
        break;
    case WZ_ACT_AUDIENCE:
        if (!s->started || s->audience != (unsigned)arg) {
            count(s, 1, "sessions");
            count(s, 1, "audience\t%s", wz_audience_name((unsigned)arg));
            if (s->easy) count(s, 1, "easy_read_sessions");
            /* text size and colours chosen before are recorded as the visit starts */
            if (s->text_size)
                count(s, 1, "setting\ttext-size=%s", wz_session_text_size_name(s->text_size));
            if (s->contrast) count(s, 1, "setting\tcontrast=high");
        }
        s->started = 1;
        s->audience = (unsigned)arg;
        break;
    case WZ_ACT_PLAY:
    case WZ_ACT_AGAIN:
        started_scenario(s, ss);
        break;
    case WZ_ACT_TEXT_SIZE:
        if (arg != s->text_size && wz_session_text_size_name(arg)) {
            s->text_size = arg;
            if (s->started) count(s, 1, "setting\ttext-size=%s", wz_session_text_size_name(arg));
        }
        break;
    case WZ_ACT_CONTRAST:
        if (arg != s->contrast && (arg == 0 || arg == 1)) {
            s->contrast = arg;
            if (s->started) count(s, 1, "setting\tcontrast=%s", arg ? "high" : "standard");
        }
        break;
    case WZ_ACT_SPOT_TAP:
        if (arg >= 0 && arg < WZ_SPOT_MAX_PARTS) s->spot[arg] = !s->spot[arg];
        break;
    case WZ_ACT_SPOT_DONE:
        count_spot(s, p);
        break;
    case WZ_ACT_CHOICE:
        if (p && arg >= 0 && arg < p->nchoices) {
            const wz_choice *c = &p->choices[arg];
            wz_class cls = c->cls == WZ_CLASS_NONE ? WZ_CLASS_NEUTRAL : c->cls;
            count(s, 1, "choice\t%s\t%s\t%d\t%s\t%s", s->ifid, p->name, arg, c->target,
                  wz_class_name(cls));
        }
        entered(s, ss);
        break;
    default:
        break;
    }
}

/* Taps one control of the frame, chosen by weight. Returns 0, or -1 when none was tapped. */
static int tap_one(wz_kiosk *k, wz_kiosk_soak *s, long long now)
{
    wz_session *ss = wz_app_session(k->app);
    int n = wz_frame_control_count(k->frame), total = 0;
    for (int i = 0; i < n; i++)
        total += weight(s, wz_frame_control_at(k->frame, i), ss);
    int pick = below(s, total);
    for (int i = 0; i < n; i++) {
        const wz_control *c = wz_frame_control_at(k->frame, i);
        pick -= weight(s, c, ss);
        if (pick >= 0 || weight(s, c, ss) == 0) continue;
        int action = c->action, arg = c->arg;
        wz_screen_id was = wz_session_screen(ss);
        const wz_passage *p = wz_session_passage(ss);
        if (wz_kiosk_tap_control(k, c, now) != 0) return -1;
        tapped(s, action, arg, was, p, ss);
        return 0;
    }
    return -1;
}

/* The visitor walks away: the idle timeout passes, then (unless they come back or press
 * "I'm finished") its countdown. */
static void walk_away(wz_kiosk *k, wz_kiosk_soak *s)
{
    const wz_config *cfg = wz_app_config(k->app);
    k->offset += (long long)cfg->idle_timeout_s * 1000;
    s->leaving = 1;
}

/* On the attract screen between visits: a finished visit is counted (memory read at the
 * sample points), the library reloaded now and then, and the next visitor arrives. */
static void between_visits(wz_kiosk *k, wz_kiosk_soak *s, long long now)
{
    if (s->in_visit) {
        s->in_visit = 0;
        visit_reset(s); /* whatever ended it (idle, Back, "I'm finished") */
        s->done++;
        if (s->done == s->sample_at) s->rss_kib[0] = rss_kib();
        if (s->done == s->visits) s->rss_kib[1] = rss_kib();
        if (s->visits >= 10 && s->done % (s->visits / 10) == 0) /* the curve, for people */
            printf("soak: after visit %ld: %ld KiB resident\n", s->done, rss_kib());
    }
    /* no reset otherwise: a text size chosen with "Aa" on the attract screen stays for
     * the visit that starts next, as in the session */
    if (s->done >= s->visits) {
        printf("soak: %ld visits, %ld library reloads; resident memory %ld KiB after visit %ld, "
               "%ld KiB after visit %ld (%+ld KiB)\n",
               s->done, s->reloads, s->rss_kib[0], s->sample_at, s->rss_kib[1], s->visits,
               s->rss_kib[1] - s->rss_kib[0]);
        fflush(stdout);
        wz_kiosk_request_quit(k, write_tally(s) == 0 ? 0 : 1);
        return;
    }
    if (below(s, RELOAD_EVERY) == 0) {
        wz_app_reload_library(k->app);
        s->reloads++;
        k->dirty = 1;
        return;
    }
    if (tap_one(k, s, now) == 0 && wz_session_screen(wz_app_session(k->app)) != WZ_SCREEN_ATTRACT) {
        s->in_visit = 1;
        s->steps = 0;
    }
}

void wz_kiosk_soak_step(wz_kiosk *k)
{
    wz_kiosk_soak *s = k->soak;
    wz_session *ss = wz_app_session(k->app);
    long long now = wz_kiosk_now(k);
    k->fake_now += 100 + below(s, 2400); /* reading time: animations move on */
    if (wz_session_screen(ss) == WZ_SCREEN_ATTRACT) {
        between_visits(k, s, now);
        return;
    }
    if (!s->in_visit) { /* after a library reload: the visitor arrived on the same turn */
        s->in_visit = 1;
        s->steps = 0;
    }
    s->steps++;
    if (wz_session_still_there(ss, now, NULL)) {
        if (s->leaving && below(s, 5) > 0) { /* the countdown runs out */
            k->offset += (long long)wz_app_config(k->app)->idle_countdown_s * 1000;
            return; /* counted as the attract screen shows again */
        }
        if (tap_one(k, s, now) == 0) s->leaving = 0;
        return;
    }
    if (s->leaving || s->steps > MAX_STEPS_PER_VISIT ||
        below(s, wz_session_screen(ss) == WZ_SCREEN_ENDING ? 4 : 60) == 0) {
        walk_away(k, s);
        return;
    }
    tap_one(k, s, now);
}

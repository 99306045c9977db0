/*
 * wz_group: a scenario played by a group, decided by a show of hands (see the header).
 *
 * The story (wz_story) does the playing; this adds the hands counted for the current
 * passage's choices and the rule that picks the most chosen. Nothing about who voted is
 * kept: a count per choice, cleared when the passage changes.
 */
#include "wz_group.h"

#include <stdlib.h>
#include <string.h>

#include "wz_story.h"
#include "wz_util.h"

struct wz_group {
    const wz_scenario *sc;
    wz_story *story;
    unsigned audience;
    int size;
    int serial;
    int *votes; /* one per choice of the current passage */
    int nvotes;
};

const char *wz_group_size_band(int size)
{
    if (size <= 5) return "2-5";
    if (size <= 10) return "6-10";
    if (size <= 20) return "11-20";
    if (size <= 35) return "21-35";
    return "36+";
}

/* A new passage: no hands counted for its choices yet. */
static void entered(wz_group *g)
{
    const wz_passage *p = wz_story_current(g->story);
    free(g->votes);
    g->nvotes = p ? p->nchoices : 0;
    g->votes = g->nvotes ? wz_xcalloc((size_t)g->nvotes, sizeof *g->votes) : NULL;
    g->serial++;
}

wz_group *wz_group_create(const wz_scenario *sc, unsigned audience, int size, char **err)
{
    if (!sc) {
        wz_fail(err, "no scenario was chosen");
        return NULL;
    }
    wz_group *g = wz_xcalloc(1, sizeof *g);
    g->sc = sc;
    g->audience = audience;
    g->size = WZ_MAX(WZ_GROUP_MIN_SIZE, WZ_MIN(WZ_GROUP_MAX, size));
    g->story = wz_story_create(sc);
    if (wz_story_start(g->story) != 0 || !wz_story_current(g->story)) {
        wz_fail(err, "\"%s\" cannot be played: it has no start passage",
                sc->title ? sc->title : sc->file);
        wz_group_destroy(g);
        return NULL;
    }
    entered(g);
    return g;
}

void wz_group_destroy(wz_group *g)
{
    if (!g) return;
    wz_story_destroy(g->story);
    free(g->votes);
    free(g);
}

const wz_scenario *wz_group_scenario(const wz_group *g)
{
    return g->sc;
}

unsigned wz_group_audience(const wz_group *g)
{
    return g->audience;
}

int wz_group_size(const wz_group *g)
{
    return g->size;
}

const wz_passage *wz_group_passage(const wz_group *g)
{
    return wz_story_current(g->story);
}

int wz_group_serial(const wz_group *g)
{
    return g->serial;
}

int wz_group_is_decision(const wz_group *g)
{
    return g->nvotes >= 2;
}

int wz_group_is_ended(const wz_group *g)
{
    return wz_story_is_ended(g->story);
}

int wz_group_votes(const wz_group *g, int i)
{
    return i >= 0 && i < g->nvotes ? g->votes[i] : 0;
}

int wz_group_votes_total(const wz_group *g)
{
    int n = 0;
    for (int i = 0; i < g->nvotes; i++)
        n += g->votes[i];
    return n;
}

int wz_group_vote(wz_group *g, int i, int delta)
{
    if (i < 0 || i >= g->nvotes) return -1;
    int v = g->votes[i] + (delta > 0 ? 1 : delta < 0 ? -1 : 0);
    g->votes[i] = WZ_MAX(0, WZ_MIN(WZ_GROUP_MAX, v));
    return g->votes[i];
}

int wz_group_most_chosen(const wz_group *g, int *tied)
{
    int best = 0, at = WZ_GROUP_NO_VOTES, n = 0;
    for (int i = 0; i < g->nvotes; i++) {
        if (g->votes[i] > best) {
            best = g->votes[i];
            at = i;
            n = 1;
        } else if (g->votes[i] == best && best > 0) {
            n++;
        }
    }
    if (tied)
        for (int i = 0; i < g->nvotes; i++)
            tied[i] = n > 1 && g->votes[i] == best;
    return n > 1 ? WZ_GROUP_TIE : at;
}

int wz_group_choose(wz_group *g, int i)
{
    if (i < 0 || i >= g->nvotes || wz_story_choose(g->story, i) != 0) return -1;
    entered(g);
    return 0;
}

int wz_group_follow_votes(wz_group *g)
{
    int i = wz_group_most_chosen(g, NULL);
    if (i < 0) return i;
    return wz_group_choose(g, i) == 0 ? i : WZ_GROUP_NO_VOTES;
}

int wz_group_restart(wz_group *g)
{
    if (wz_story_restart(g->story) != 0) return -1;
    entered(g);
    return 0;
}

void wz_group_event(const wz_group *g, const char *session, wz_event *out)
{
    memset(out, 0, sizeof *out);
    out->kind = WZ_EV_GROUP;
    out->session = session;
    out->ifid = g->sc->ifid;
    out->audience = wz_audience_name(g->audience);
    out->value = wz_group_size_band(g->size);
}

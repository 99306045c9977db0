/*
 * wz_story: the story runner.
 *
 * A story is a position in a borrowed scenario plus the path that led there. There is
 * no randomness, clock or hidden state, so a list of choice indices replays exactly
 * (tests and wz-check --play rely on that). The history is two fixed arrays of
 * WZ_STORY_MAX_HISTORY entries: a scenario with a loop can be played for ever, and
 * when the arrays are full the oldest step is dropped, which costs one memmove of a few
 * kilobytes per step and never allocates while a visitor plays.
 *
 * Story memory (wz_flags.h): the story holds the flags of this visit, and what it hands out
 * as the current passage is a view of it: a copy of the passage whose parts and choices are
 * only those whose {if ...} holds. So the kiosk's screens and wz-check --play show a
 * passage as this visitor sees it without knowing about flags, and choice numbers are
 * numbers among the choices shown (wz_story_choice_id gives the author's). The views'
 * arrays are allocated once, at their largest, and there are two, used in turn, so the
 * passage a caller held before a choice stays valid until the next one.
 */
#include "wz_story.h"

#include <stdlib.h>
#include <string.h>

#include "wz_util.h"

struct wz_story {
    const wz_scenario *sc;
    int current; /* passage index, -1 before start */
    int visited[WZ_STORY_MAX_HISTORY];
    int nvisited;
    int taken[WZ_STORY_MAX_HISTORY]; /* taken[i] led from visited[i] to visited[i+1] */
    int ntaken;
    wz_flags flags; /* what this visit remembers */
    struct view {
        wz_passage p;   /* the current passage as shown */
        int *choice_id; /* choice k of the view is choice choice_id[k] of the passage */
    } views[2];
    int view; /* which of views is current */
};

/* Makes the other view the current passage as the flags show it. */
static void make_view(wz_story *st)
{
    st->view ^= 1;
    struct view *v = &st->views[st->view];
    const wz_passage *p = &st->sc->passages[st->current];
    wz_part *parts = v->p.parts;
    wz_choice *choices = v->p.choices;
    v->p = *p;
    v->p.parts = parts;
    v->p.choices = choices;
    v->p.nparts = v->p.nchoices = 0;
    for (int i = 0; i < p->nparts; i++)
        if (wz_cond_holds(p->parts[i].cond, st->flags)) parts[v->p.nparts++] = p->parts[i];
    for (int i = 0; i < p->nchoices; i++) {
        if (!wz_cond_holds(p->choices[i].cond, st->flags)) continue;
        v->choice_id[v->p.nchoices] = i;
        choices[v->p.nchoices++] = p->choices[i];
    }
}

wz_story *wz_story_create(const wz_scenario *sc)
{
    wz_story *st = wz_xcalloc(1, sizeof(*st));
    st->sc = sc;
    st->current = -1;
    int np = 1, nc = 1;
    for (int i = 0; sc && i < sc->npassages; i++) {
        if (sc->passages[i].nparts > np) np = sc->passages[i].nparts;
        if (sc->passages[i].nchoices > nc) nc = sc->passages[i].nchoices;
    }
    for (int k = 0; k < 2; k++) {
        st->views[k].p.parts = wz_xcalloc((size_t)np, sizeof(wz_part));
        st->views[k].p.choices = wz_xcalloc((size_t)nc, sizeof(wz_choice));
        st->views[k].choice_id = wz_xcalloc((size_t)nc, sizeof(int));
    }
    return st;
}

void wz_story_destroy(wz_story *st)
{
    if (!st) return;
    for (int k = 0; k < 2; k++) {
        free(st->views[k].p.parts);
        free(st->views[k].p.choices);
        free(st->views[k].choice_id);
    }
    free(st);
}

int wz_story_start(wz_story *st)
{
    st->current = -1;
    st->nvisited = 0;
    st->ntaken = 0;
    st->flags = 0;
    if (!st->sc || st->sc->start_index < 0 || st->sc->start_index >= st->sc->npassages) return -1;
    st->current = st->sc->start_index;
    st->visited[st->nvisited++] = st->current;
    st->flags = st->sc->passages[st->current].sets;
    make_view(st);
    return 0;
}

int wz_story_restart(wz_story *st)
{
    return wz_story_start(st);
}

const wz_scenario *wz_story_scenario(const wz_story *st)
{
    return st->sc;
}

const wz_passage *wz_story_current(const wz_story *st)
{
    if (st->current < 0) return NULL;
    return &st->views[st->view].p;
}

int wz_story_current_index(const wz_story *st)
{
    return st->current;
}

int wz_story_choose(wz_story *st, int index)
{
    const wz_passage *p = wz_story_current(st);
    if (!p || index < 0 || index >= p->nchoices) return -1;
    const wz_choice *c = &p->choices[index];
    int target = c->target_index;
    if (target < 0 || target >= st->sc->npassages) return -1;
    st->flags |= c->sets | st->sc->passages[target].sets;
    if (st->nvisited == WZ_STORY_MAX_HISTORY) {
        /* Forget the oldest step: visited[0] and the choice that left it. */
        memmove(st->visited, st->visited + 1, (size_t)(st->nvisited - 1) * sizeof(int));
        memmove(st->taken, st->taken + 1, (size_t)(st->ntaken - 1) * sizeof(int));
        st->nvisited--;
        st->ntaken--;
    }
    st->taken[st->ntaken++] = index;
    st->visited[st->nvisited++] = target;
    st->current = target;
    make_view(st);
    return 0;
}

int wz_story_choice_id(const wz_story *st, int index)
{
    const wz_passage *p = wz_story_current(st);
    if (!p || index < 0 || index >= p->nchoices) return -1;
    return st->views[st->view].choice_id[index];
}

wz_flags wz_story_flags(const wz_story *st)
{
    return st->flags;
}

int wz_story_set_flags(wz_story *st, wz_flags flags)
{
    if (st->current < 0) return -1;
    st->flags = flags;
    make_view(st);
    return 0;
}

int wz_story_history(const wz_story *st, const int **indices)
{
    if (indices) *indices = st->visited;
    return st->nvisited;
}

int wz_story_choices_taken(const wz_story *st, const int **choices)
{
    if (choices) *choices = st->taken;
    return st->ntaken;
}

int wz_story_is_ended(const wz_story *st)
{
    const wz_passage *p = wz_story_current(st);
    if (!p) return 0;
    return p->role == WZ_ROLE_ENDING || p->nchoices == 0;
}

wz_class wz_story_outcome(const wz_story *st)
{
    const wz_passage *p = wz_story_current(st);
    if (!p || !wz_story_is_ended(st) || p->role != WZ_ROLE_ENDING) return WZ_CLASS_NONE;
    if (p->cls == WZ_CLASS_SAFE || p->cls == WZ_CLASS_RISKY || p->cls == WZ_CLASS_MIXED)
        return p->cls;
    return WZ_CLASS_NONE;
}

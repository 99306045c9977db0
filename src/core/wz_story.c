/*
 * wz_story: the story runner.
 *
 * A story is a position in a borrowed scenario plus the path that led there. There is
 * no randomness, clock or hidden state, so a list of choice indices replays exactly
 * (tests and wz-check --play rely on that). The history is two fixed arrays of
 * WZ_STORY_MAX_HISTORY entries: a scenario with a loop can be played for ever, and
 * when the arrays are full the oldest step is dropped, which costs one memmove of a few
 * kilobytes per step and never allocates while a visitor plays.
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
};

wz_story *wz_story_create(const wz_scenario *sc)
{
    wz_story *st = wz_xcalloc(1, sizeof(*st));
    st->sc = sc;
    st->current = -1;
    return st;
}

void wz_story_destroy(wz_story *st)
{
    free(st);
}

int wz_story_start(wz_story *st)
{
    st->current = -1;
    st->nvisited = 0;
    st->ntaken = 0;
    if (!st->sc || st->sc->start_index < 0 || st->sc->start_index >= st->sc->npassages) return -1;
    st->current = st->sc->start_index;
    st->visited[st->nvisited++] = st->current;
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
    return &st->sc->passages[st->current];
}

int wz_story_current_index(const wz_story *st)
{
    return st->current;
}

int wz_story_choose(wz_story *st, int index)
{
    const wz_passage *p = wz_story_current(st);
    if (!p || index < 0 || index >= p->nchoices) return -1;
    int target = p->choices[index].target_index;
    if (target < 0 || target >= st->sc->npassages) return -1;
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

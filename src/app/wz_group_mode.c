/*
 * wz_group_mode: the guide's set-up and play pages as a state machine (see the header).
 *
 * The set-up lists the library's playable main scenarios (easy-read variants are for
 * single visitors) and keeps the audience among the chosen scenario's own. Starting a play
 * records the group visit at once, so a group that stops half-way still counts as a
 * visit, as a single visitor's does.
 */
#include "wz_group_mode.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wz_discuss.h"
#include "wz_log.h"
#include "wz_util.h"

#define LOG "group"

struct wz_group_mode {
    const wz_library *lib;
    wz_recorder *rec;
    const wz_scenario *scenarios[WZ_GROUP_MODE_MAX_SCENARIOS];
    int nscenarios, chosen;
    unsigned audience;
    int size, serial;
    wz_group *group;
    wz_discuss *discuss; /* the scenario's discussion questions, NULL: none */
    char message[200];
};

static unsigned first_audience(unsigned mask)
{
    for (unsigned bit = 1; bit <= WZ_AUD_PARENTS; bit <<= 1)
        if (mask & bit) return bit;
    return WZ_AUD_8_11;
}

static unsigned audiences_of(const wz_scenario *sc)
{
    return sc && sc->audiences ? sc->audiences : WZ_AUD_ALL;
}

wz_group_mode *wz_group_mode_create(const wz_library *lib, wz_recorder *rec)
{
    wz_group_mode *m = wz_xcalloc(1, sizeof *m);
    m->lib = lib;
    m->rec = rec;
    m->chosen = -1;
    m->size = WZ_GROUP_MODE_DEFAULT_SIZE;
    m->audience = WZ_AUD_8_11;
    for (int i = 0; lib && i < lib->count && m->nscenarios < WZ_GROUP_MODE_MAX_SCENARIOS; i++) {
        const wz_library_entry *e = &lib->entries[i];
        if (e->playable && e->sc && !e->sc->variant_of) m->scenarios[m->nscenarios++] = e->sc;
    }
    if (m->nscenarios == 1) { /* nothing to choose */
        m->chosen = 0;
        m->audience = first_audience(audiences_of(m->scenarios[0]));
    }
    return m;
}

static void free_play(wz_group_mode *m)
{
    wz_group_destroy(m->group);
    m->group = NULL;
    wz_discuss_free(m->discuss);
    m->discuss = NULL;
}

void wz_group_mode_destroy(wz_group_mode *m)
{
    if (!m) return;
    free_play(m);
    free(m);
}

static void start(wz_group_mode *m)
{
    if (m->chosen < 0) {
        snprintf(m->message, sizeof m->message, "Choose a scenario first.");
        return;
    }
    const wz_scenario *sc = m->scenarios[m->chosen];
    char *err = NULL;
    wz_group *g = wz_group_create(sc, m->audience, m->size, &err);
    if (!g) {
        snprintf(m->message, sizeof m->message, "%s", err ? err : "It cannot be played.");
        free(err);
        return;
    }
    free_play(m);
    m->group = g;
    m->discuss = wz_discuss_read(sc, NULL); /* for the ending; its warnings are wz-check's */
    char sid[33];
    wz_recorder_visit_id(sid);
    wz_event ev;
    wz_group_event(g, sid, &ev);
    if (m->rec) wz_recorder_record(m->rec, &ev);
    wz_log_info(LOG, "group visit started (%s people)", ev.value);
    m->serial++;
}

/* Follows the show of hands; says so when there is none yet, or a tie (the guide picks). */
static void follow(wz_group_mode *m)
{
    int r = wz_group_follow_votes(m->group);
    if (r == WZ_GROUP_NO_VOTES) {
        snprintf(m->message, sizeof m->message,
                 "No hands counted yet: press + for each hand, or pick the group's choice.");
    } else if (r == WZ_GROUP_TIE) {
        int n = wz_group_passage(m->group)->nchoices, k = 0, hands = 0;
        int *tied = wz_xcalloc((size_t)n, sizeof *tied);
        wz_group_most_chosen(m->group, tied);
        for (int i = 0; i < n; i++)
            if (tied[i]) {
                k++;
                hands = wz_group_votes(m->group, i);
            }
        free(tied);
        snprintf(m->message, sizeof m->message,
                 "It's a tie: %d choices have %d hands each. Pick the group's choice.", k, hands);
    } else {
        m->serial++;
    }
}

static int play_action(wz_group_mode *m, wz_group_act act, int arg)
{
    switch (act) {
    case WZ_GROUP_ACT_VOTE:
        wz_group_vote(m->group, arg / 2, arg % 2 ? 1 : -1);
        return 0;
    case WZ_GROUP_ACT_PICK:
        if (wz_group_choose(m->group, arg) == 0) m->serial++;
        return 0;
    case WZ_GROUP_ACT_FOLLOW:
        follow(m);
        return 0;
    case WZ_GROUP_ACT_ANOTHER:
        free_play(m);
        m->serial++;
        return 0;
    default:
        return 0;
    }
}

int wz_group_mode_action(wz_group_mode *m, wz_group_act act, int arg)
{
    m->message[0] = '\0';
    if (act == WZ_GROUP_ACT_LEAVE) return 1;
    if (m->group) return play_action(m, act, arg);
    switch (act) {
    case WZ_GROUP_ACT_SCENARIO:
        if (arg >= 0 && arg < m->nscenarios) {
            m->chosen = arg;
            unsigned mask = audiences_of(m->scenarios[arg]);
            if (!(mask & m->audience)) m->audience = first_audience(mask);
        }
        return 0;
    case WZ_GROUP_ACT_AUDIENCE:
        if (m->chosen >= 0 && (audiences_of(m->scenarios[m->chosen]) & (unsigned)arg) &&
            wz_audience_name((unsigned)arg))
            m->audience = (unsigned)arg;
        return 0;
    case WZ_GROUP_ACT_SIZE:
        m->size = WZ_MAX(WZ_GROUP_MIN_SIZE, WZ_MIN(WZ_GROUP_MAX, m->size + arg));
        return 0;
    case WZ_GROUP_ACT_START:
        start(m);
        return 0;
    default:
        return 0;
    }
}

void wz_group_mode_view(const wz_group_mode *m, wz_group_view *out)
{
    memset(out, 0, sizeof *out);
    out->playing = m->group != NULL;
    memcpy(out->scenarios, m->scenarios, sizeof m->scenarios);
    out->nscenarios = m->nscenarios;
    out->chosen = m->chosen;
    out->audiences = m->chosen >= 0 ? audiences_of(m->scenarios[m->chosen]) : 0;
    out->audience = m->audience;
    out->size = m->size;
    out->group = m->group;
    if (m->discuss) {
        out->questions = (const char *const *)m->discuss->questions;
        out->nquestions = m->discuss->nquestions;
    }
    snprintf(out->message, sizeof out->message, "%s", m->message);
}

int wz_group_mode_serial(const wz_group_mode *m)
{
    return m->serial;
}

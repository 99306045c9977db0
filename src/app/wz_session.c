/*
 * wz_session: the kiosk's visit state machine (see wz_session.h).
 *
 * Design: every public verb first counts as activity (idle timer), then changes the
 * screen and records events through emit(), which fills in the session id and ifid so
 * no caller can forget them. Timing is kept as absolute times in milliseconds given by
 * the caller, so a test can jump hours ahead in one call and a scripted kiosk with a
 * fake clock behaves exactly like a real one.
 */
#include "wz_session.h"

#include <stdlib.h>
#include <string.h>

#include "wz_fair.h"
#include "wz_i18n.h"
#include "wz_quiz_run.h"
#include "wz_util.h"

/* Scenarios whose knowledge check a visit remembers having done (a visit plays a few). */
#define WZ_SESSION_QUIZ_MAX 64

struct wz_session {
    const wz_library *lib;
    wz_session_opts opts;
    char *language;                            /* this visit's */
    char *first_language;                      /* every visit's at first */
    char *languages[WZ_SESSION_MAX_LANGUAGES]; /* configured */
    int nlanguages;
    wz_event_sink sink;
    void *sink_ctx;

    wz_screen_id screen, previous;
    wz_screen_id worried_from; /* where "I'm worried" was pressed */
    long long last_input_ms;
    int still_there;
    long long still_there_since;

    /* the visit */
    int started;
    char id[33];
    long long started_ms;
    unsigned audience;
    int easy_read;
    int text_size, contrast; /* the visitor's text size and colours */

    /* the scenario */
    const wz_scenario **menu;
    int nmenu;
    const wz_scenario *sc;
    wz_story *story;
    long long scenario_started_ms;
    int in_progress; /* started and not ended */
    int serial;

    /* spot the signs, and rating rounds */
    unsigned char tapped[WZ_SPOT_MAX_PARTS];
    unsigned char rated[WZ_SPOT_MAX_PARTS]; /* wz_rating */
    int revealed;
    int found, missed, wrong;
    int agreed, nrated;

    /* the order choices are shown in */
    unsigned long long seed, fixed_seed;
    int has_fixed_seed;

    /* the knowledge check (the end of this file) */
    struct wz_quiz_run *quiz;
    int quiz_group;                           /* this visit: 1 before, 0 after, -1 not drawn */
    const char *quizzed[WZ_SESSION_QUIZ_MAX]; /* ifids checked this visit */
    int nquizzed;
};

static const char *const screen_names[WZ_SCREEN_COUNT] = {
    "attract", "picker", "menu", "player", "ending", "help", "empty", "worried", "quiz", "admin"};

const char *wz_screen_name(wz_screen_id id)
{
    return (id >= 0 && id < WZ_SCREEN_COUNT) ? screen_names[id] : "unknown";
}

static void emit(wz_session *s, wz_event *ev)
{
    if (!s->sink) return;
    ev->session = s->id;
    int about_scenario = ev->kind != WZ_EV_SESSION_START && ev->kind != WZ_EV_SESSION_END &&
                         ev->kind != WZ_EV_SETTING;
    if (!ev->ifid && s->sc && about_scenario) ev->ifid = s->sc->ifid;
    s->sink(s->sink_ctx, ev);
}

/* One card per ifid, at the place of its first file, in the visit's language when there is
 * a translation (wz_library_find_language). */
static void rebuild_menu(wz_session *s)
{
    free(s->menu);
    s->menu = NULL;
    s->nmenu = 0;
    if (!s->lib || s->lib->count <= 0) return;
    s->menu = wz_xcalloc((size_t)s->lib->count, sizeof *s->menu);
    for (int i = 0; i < s->lib->count; i++) {
        const wz_library_entry *e = &s->lib->entries[i];
        if (!e->playable || !e->sc || e->sc->variant_of || e->sc->easy_read) continue;
        const wz_scenario *sc = e->sc;
        if (sc->ifid) {
            sc = wz_library_find_language(s->lib, sc->ifid, s->language);
            int seen = 0;
            for (int k = 0; k < s->nmenu && !seen; k++)
                seen = s->menu[k]->ifid && wz_str_ieq(s->menu[k]->ifid, sc->ifid);
            if (seen || !sc) continue;
        }
        /* A scenario with no audience given is for everyone. */
        if (s->audience && sc->audiences && !(sc->audiences & s->audience)) continue;
        s->menu[s->nmenu++] = sc;
    }
}

static void read_languages(wz_session *s, const char *list)
{
    const char *p = list ? list : "";
    while (*p && s->nlanguages < WZ_SESSION_MAX_LANGUAGES) {
        size_t n = strcspn(p, ",; ");
        if (n > 0 && n < 36) s->languages[s->nlanguages++] = wz_xstrndup(p, n);
        p += n;
        p += strspn(p, ",; ");
    }
    if (s->nlanguages == 0) s->languages[s->nlanguages++] = wz_xstrdup(s->first_language);
}

int wz_session_languages(const wz_session *s, const char **out, int max)
{
    int n = 0;
    for (int i = 0; i < s->nlanguages && n < max; i++)
        if (i == 0 || wz_library_has_language(s->lib, s->languages[i])) out[n++] = s->languages[i];
    return n;
}

int wz_session_set_language(wz_session *s, const char *lang, long long now_ms)
{
    wz_session_touch(s, now_ms);
    if (!lang || !*lang || strlen(lang) >= 36) return -1;
    if (strcmp(lang, s->language) == 0) return 0;
    free(s->language);
    s->language = wz_xstrdup(lang);
    s->opts.language = s->language;
    if (s->started) {
        wz_event ev = {.kind = WZ_EV_SETTING, .setting = "language", .value = s->language};
        emit(s, &ev);
    }
    if (s->menu) rebuild_menu(s);
    return 0;
}

const char *wz_session_language(const wz_session *s)
{
    return s->language;
}

int wz_session_menu_translated(const wz_session *s, int i)
{
    const wz_scenario *sc = wz_session_menu_item(s, i);
    return sc && wz_i18n_same_language(sc->language, s->language);
}

static void clear_spot(wz_session *s)
{
    memset(s->tapped, 0, sizeof s->tapped);
    memset(s->rated, 0, sizeof s->rated);
    s->revealed = 0;
    s->found = s->missed = s->wrong = 0;
    s->agreed = s->nrated = 0;
}

/* A new visit, a new order of choices (unless a test fixed it). */
static void draw_seed(wz_session *s)
{
    if (s->has_fixed_seed)
        s->seed = s->fixed_seed;
    else
        wz_random_bytes(&s->seed, sizeof s->seed);
}

/* Wipes the scenario in play (no events). */
static void drop_scenario(wz_session *s)
{
    wz_quiz_run_destroy(s->quiz);
    s->quiz = NULL;
    wz_story_destroy(s->story);
    s->story = NULL;
    s->sc = NULL;
    s->in_progress = 0;
    clear_spot(s);
    s->serial++;
}

wz_session *wz_session_create(const wz_library *lib, const wz_session_opts *opts,
                              wz_event_sink sink, void *sink_ctx)
{
    wz_session *s = wz_xcalloc(1, sizeof *s);
    s->lib = lib;
    s->opts = *opts;
    if (s->opts.idle_timeout_ms <= 0) s->opts.idle_timeout_ms = 90000;
    if (s->opts.idle_countdown_ms <= 0) s->opts.idle_countdown_ms = 15000;
    s->language = wz_xstrdup(opts->language ? opts->language : "en");
    s->first_language = wz_xstrdup(s->language);
    s->opts.language = s->language;
    read_languages(s, opts->languages);
    s->opts.languages = NULL;
    s->sink = sink;
    s->sink_ctx = sink_ctx;
    s->screen = s->previous = WZ_SCREEN_ATTRACT;
    draw_seed(s);
    s->quiz_group = -1;
    return s;
}

void wz_session_destroy(wz_session *s)
{
    if (!s) return;
    wz_quiz_run_destroy(s->quiz);
    wz_story_destroy(s->story);
    free(s->menu);
    free(s->language);
    free(s->first_language);
    for (int i = 0; i < s->nlanguages; i++)
        free(s->languages[i]);
    free(s);
}

int wz_session_set_library(wz_session *s, const wz_library *lib)
{
    if (s->screen != WZ_SCREEN_ATTRACT && s->screen != WZ_SCREEN_EMPTY) return -1;
    s->lib = lib;
    free(s->menu);
    s->menu = NULL;
    s->nmenu = 0;
    return 0;
}

wz_screen_id wz_session_screen(const wz_session *s)
{
    return s->screen;
}

wz_screen_id wz_session_previous_screen(const wz_session *s)
{
    return s->previous;
}

void wz_session_goto(wz_session *s, wz_screen_id id)
{
    if (id < 0 || id >= WZ_SCREEN_COUNT) return;
    s->previous = s->screen;
    s->screen = id;
}

void wz_session_touch(wz_session *s, long long now_ms)
{
    s->last_input_ms = now_ms;
    s->still_there = 0;
}

void wz_session_wake(wz_session *s, long long now_ms)
{
    wz_session_touch(s, now_ms);
    if (s->screen != WZ_SCREEN_ATTRACT) return;
    s->screen = (s->lib && s->lib->playable > 0) ? WZ_SCREEN_PICKER : WZ_SCREEN_EMPTY;
}

void wz_session_set_easy_read(wz_session *s, int on, long long now_ms)
{
    wz_session_touch(s, now_ms);
    s->easy_read = on ? 1 : 0;
    if (s->started) {
        wz_event ev = {.kind = WZ_EV_SETTING, .setting = "easy-read", .value = on ? "on" : "off"};
        emit(s, &ev);
    }
}

int wz_session_easy_read(const wz_session *s)
{
    return s->easy_read;
}

static const char *const text_sizes[] = {"normal", "large", "largest"};

static void emit_setting(wz_session *s, const char *setting, const char *value)
{
    wz_event ev = {.kind = WZ_EV_SETTING, .setting = setting, .value = value};
    emit(s, &ev);
}

void wz_session_set_text_size(wz_session *s, int size, long long now_ms)
{
    wz_session_touch(s, now_ms);
    if (size < 0 || size >= (int)WZ_ARRAY_LEN(text_sizes) || size == s->text_size) return;
    s->text_size = size;
    if (s->started) emit_setting(s, "text-size", wz_session_text_size_name(size));
}

int wz_session_text_size(const wz_session *s)
{
    return s->text_size;
}

const char *wz_session_text_size_name(int size)
{
    return size >= 0 && size < (int)WZ_ARRAY_LEN(text_sizes) ? text_sizes[size] : NULL;
}

void wz_session_set_contrast(wz_session *s, int high, long long now_ms)
{
    wz_session_touch(s, now_ms);
    if ((high != 0 && high != 1) || high == s->contrast) return;
    s->contrast = high;
    if (s->started) emit_setting(s, "contrast", high ? "high" : "standard");
}

int wz_session_contrast(const wz_session *s)
{
    return s->contrast;
}

int wz_session_pick_audience(wz_session *s, unsigned audience, long long now_ms)
{
    wz_session_touch(s, now_ms);
    const char *name = wz_audience_name(audience);
    if (!name) return -1;
    if (!s->started || s->audience != audience) {
        if (s->started) { /* a new group at the same kiosk: a new visit */
            wz_event end = {.kind = WZ_EV_SESSION_END, .duration_ms = now_ms - s->started_ms};
            emit(s, &end);
        }
        wz_recorder_visit_id(s->id);
        draw_seed(s);
        s->started = 1;
        s->started_ms = now_ms;
        s->audience = audience;
        wz_event ev = {.kind = WZ_EV_SESSION_START,
                       .audience = name,
                       .language = s->language,
                       .easy_read = s->easy_read};
        emit(s, &ev);
        /* chosen before the visit started (on the attract screen or the picker) */
        if (s->text_size) emit_setting(s, "text-size", wz_session_text_size_name(s->text_size));
        if (s->contrast) emit_setting(s, "contrast", "high");
    }
    rebuild_menu(s);
    s->screen = WZ_SCREEN_MENU;
    return 0;
}

unsigned wz_session_audience(const wz_session *s)
{
    return s->audience;
}

int wz_session_menu_count(const wz_session *s)
{
    return s->nmenu;
}

const wz_scenario *wz_session_menu_item(const wz_session *s, int i)
{
    return (i >= 0 && i < s->nmenu) ? s->menu[i] : NULL;
}

static const wz_passage *current(const wz_session *s)
{
    return s->story ? wz_story_current(s->story) : NULL;
}

/* After every passage change: the screen, and the events the new passage implies. */
static void entered_passage(wz_session *s, long long now_ms)
{
    clear_spot(s);
    s->serial++;
    const wz_passage *p = current(s);
    if (!p) return;
    if (p->role == WZ_ROLE_FEEDBACK) {
        wz_event ev = {.kind = WZ_EV_FEEDBACK, .passage = p->name, .cls = wz_class_name(p->cls)};
        emit(s, &ev);
    }
    if (wz_story_is_ended(s->story)) {
        wz_class out = wz_story_outcome(s->story);
        wz_event ev = {.kind = WZ_EV_ENDING,
                       .passage = p->name,
                       .outcome = wz_class_name(out == WZ_CLASS_NONE ? WZ_CLASS_NEUTRAL : out),
                       .duration_ms = now_ms - s->scenario_started_ms};
        emit(s, &ev);
        s->in_progress = 0;
        s->screen = WZ_SCREEN_ENDING;
    } else {
        s->screen = WZ_SCREEN_PLAYER;
    }
}

static void quiz_prepare(wz_session *s);

static int start_scenario(wz_session *s, const wz_scenario *sc, long long now_ms)
{
    drop_scenario(s);
    s->story = wz_story_create(sc);
    if (wz_story_start(s->story) != 0) {
        wz_story_destroy(s->story);
        s->story = NULL;
        return -1;
    }
    s->sc = sc;
    s->scenario_started_ms = now_ms;
    s->in_progress = 1;
    /* the language it is played in: a translation shares its original's ifid */
    wz_event ev = {.kind = WZ_EV_SCENARIO_START, .language = sc->language ? sc->language : "en"};
    emit(s, &ev);
    entered_passage(s, now_ms);
    quiz_prepare(s);
    return 0;
}

int wz_session_play(wz_session *s, int i, long long now_ms)
{
    wz_session_touch(s, now_ms);
    const wz_scenario *sc = wz_session_menu_item(s, i);
    if (!sc) return -1;
    if (s->easy_read) {
        const wz_scenario *easy = wz_library_easy_variant(s->lib, sc);
        if (easy) sc = easy;
    }
    return start_scenario(s, sc, now_ms);
}

int wz_session_play_scenario(wz_session *s, const wz_scenario *sc, long long now_ms)
{
    wz_session_touch(s, now_ms);
    if (!sc) return -1;
    return start_scenario(s, sc, now_ms);
}

const wz_scenario *wz_session_scenario(const wz_session *s)
{
    return s->sc;
}

const wz_story *wz_session_story(const wz_session *s)
{
    return s->story;
}

const wz_passage *wz_session_passage(const wz_session *s)
{
    return current(s);
}

int wz_session_passage_serial(const wz_session *s)
{
    return s->serial;
}

void wz_session_choice_order(const wz_session *s, int *out)
{
    const wz_passage *p = current(s);
    if (p) wz_fair_order(p, s->seed, out);
}

void wz_session_set_seed(wz_session *s, unsigned long long seed)
{
    s->fixed_seed = seed;
    s->has_fixed_seed = 1;
    s->seed = seed;
}

int wz_session_choose(wz_session *s, int i, long long now_ms)
{
    wz_session_touch(s, now_ms);
    const wz_passage *p = current(s);
    if (!p || s->screen != WZ_SCREEN_PLAYER || i < 0 || i >= p->nchoices) return -1;
    if (p->role == WZ_ROLE_SPOT && !s->revealed) return -1;
    const wz_choice *c = &p->choices[i];
    const char *from = p->name;
    int id = wz_story_choice_id(s->story, i); /* i counts only the choices shown */
    if (wz_story_choose(s->story, i) != 0) return -1;
    wz_event ev = {.kind = WZ_EV_CHOICE,
                   .passage = from,
                   .choice_index = id,
                   .target = c->target,
                   .cls = wz_class_name(c->cls == WZ_CLASS_NONE ? WZ_CLASS_NEUTRAL : c->cls)};
    emit(s, &ev);
    entered_passage(s, now_ms);
    return 0;
}

/* A message the visitor can tap (rate: 0) or rate (rate: 1) in the current passage. */
static int part_ok(const wz_session *s, int part, int rate)
{
    const wz_passage *p = current(s);
    return p && p->role == WZ_ROLE_SPOT && wz_passage_is_rate(p) == rate && part >= 0 &&
           part < p->nparts && part < WZ_SPOT_MAX_PARTS && p->parts[part].kind == WZ_PART_MESSAGE &&
           !p->parts[part].from_visitor;
}

static int spot_part_ok(const wz_session *s, int part)
{
    return part_ok(s, part, 0);
}

int wz_session_spot_toggle(wz_session *s, int part)
{
    if (!spot_part_ok(s, part) || s->revealed) return -1;
    s->tapped[part] = !s->tapped[part];
    return 0;
}

int wz_session_spot_tapped(const wz_session *s, int part)
{
    return spot_part_ok(s, part) && s->tapped[part];
}

int wz_session_spot_done(wz_session *s, long long now_ms)
{
    wz_session_touch(s, now_ms);
    const wz_passage *p = current(s);
    if (!p || p->role != WZ_ROLE_SPOT || wz_passage_is_rate(p) || s->revealed) return -1;
    s->found = s->missed = s->wrong = 0;
    for (int i = 0; i < p->nparts && i < WZ_SPOT_MAX_PARTS; i++) {
        if (p->parts[i].kind != WZ_PART_MESSAGE) continue;
        int flag = p->parts[i].red_flag, tap = s->tapped[i];
        if (flag && tap)
            s->found++;
        else if (flag)
            s->missed++;
        else if (tap)
            s->wrong++;
    }
    s->revealed = 1;
    wz_event ev = {.kind = WZ_EV_SPOT_RESULT,
                   .passage = p->name,
                   .found = s->found,
                   .missed = s->missed,
                   .wrong = s->wrong};
    emit(s, &ev);
    return 0;
}

int wz_session_spot_revealed(const wz_session *s)
{
    return s->revealed;
}

void wz_session_spot_counts(const wz_session *s, int *found, int *missed, int *wrong)
{
    if (found) *found = s->found;
    if (missed) *missed = s->missed;
    if (wrong) *wrong = s->wrong;
}

int wz_session_rate(wz_session *s, int part, wz_rating r)
{
    if (!part_ok(s, part, 1) || s->revealed || !wz_rating_name(r)) return -1;
    s->rated[part] = (unsigned char)r;
    return 0;
}

wz_rating wz_session_rating(const wz_session *s, int part)
{
    return part_ok(s, part, 1) ? (wz_rating)s->rated[part] : WZ_RATING_NONE;
}

int wz_session_rate_done(wz_session *s, long long now_ms)
{
    wz_session_touch(s, now_ms);
    const wz_passage *p = current(s);
    if (!p || !wz_passage_is_rate(p) || s->revealed) return -1;
    s->agreed = s->nrated = 0;
    for (int i = 0; i < p->nparts && i < WZ_SPOT_MAX_PARTS; i++) {
        const char *mine = wz_rating_name((wz_rating)s->rated[i]);
        if (!part_ok(s, i, 1) || !mine) continue;
        s->nrated++;
        s->agreed += s->rated[i] == p->parts[i].rating;
        wz_event ev = {.kind = WZ_EV_RATING,
                       .passage = p->name,
                       .choice_index = i,
                       .value = mine,
                       .cls = wz_rating_name(p->parts[i].rating)};
        emit(s, &ev);
    }
    s->revealed = 1;
    return 0;
}

void wz_session_rate_counts(const wz_session *s, int *agreed, int *rated, int *total)
{
    int n = 0;
    const wz_passage *p = current(s);
    for (int i = 0; p && i < p->nparts; i++)
        n += part_ok(s, i, 1);
    if (agreed) *agreed = s->agreed;
    if (rated) *rated = s->nrated;
    if (total) *total = n;
}

int wz_session_play_again(wz_session *s, long long now_ms)
{
    wz_session_touch(s, now_ms);
    if (!s->sc) return -1;
    const wz_scenario *sc = s->sc;
    if (s->in_progress) {
        wz_event ev = {.kind = WZ_EV_ABANDON,
                       .passage = current(s) ? current(s)->name : NULL,
                       .reason = "restart",
                       .duration_ms = now_ms - s->scenario_started_ms};
        emit(s, &ev);
    }
    return start_scenario(s, sc, now_ms);
}

static void abandon(wz_session *s, const char *reason, long long now_ms)
{
    if (!s->in_progress) return;
    const wz_passage *p = current(s);
    wz_event ev = {.kind = WZ_EV_ABANDON,
                   .passage = p ? p->name : NULL,
                   .reason = reason,
                   .duration_ms = now_ms - s->scenario_started_ms};
    emit(s, &ev);
    s->in_progress = 0;
}

int wz_session_choose_another(wz_session *s, long long now_ms)
{
    wz_session_touch(s, now_ms);
    abandon(s, "menu", now_ms);
    drop_scenario(s);
    if (!s->started) {
        s->screen = WZ_SCREEN_PICKER;
        return 0;
    }
    rebuild_menu(s);
    s->screen = WZ_SCREEN_MENU;
    return 0;
}

void wz_session_open_help(wz_session *s, long long now_ms)
{
    wz_session_touch(s, now_ms);
    if (s->screen == WZ_SCREEN_HELP) return;
    wz_event ev = {.kind = WZ_EV_HELP, .screen = wz_screen_name(s->screen)};
    emit(s, &ev);
    s->previous = s->screen;
    s->screen = WZ_SCREEN_HELP;
}

void wz_session_close_help(wz_session *s, long long now_ms)
{
    wz_session_touch(s, now_ms);
    if (s->screen != WZ_SCREEN_HELP) return;
    s->screen = s->previous;
    s->previous = WZ_SCREEN_HELP;
}

const wz_passage *wz_session_help_passage(const wz_session *s)
{
    if (!s->sc || s->sc->help_index < 0 || s->sc->help_index >= s->sc->npassages) return NULL;
    return &s->sc->passages[s->sc->help_index];
}

void wz_session_open_worried(wz_session *s, long long now_ms)
{
    wz_session_touch(s, now_ms);
    if (s->screen == WZ_SCREEN_WORRIED || s->screen >= WZ_SCREEN_ADMIN) return;
    wz_event ev = {.kind = WZ_EV_WORRIED, .screen = wz_screen_name(s->screen)};
    emit(s, &ev);
    s->worried_from = s->screen;
    s->screen = WZ_SCREEN_WORRIED;
}

void wz_session_close_worried(wz_session *s, long long now_ms)
{
    wz_session_touch(s, now_ms);
    if (s->screen != WZ_SCREEN_WORRIED) return;
    s->screen = s->worried_from;
}

wz_screen_id wz_session_worried_from(const wz_session *s)
{
    return s->worried_from;
}

void wz_session_back(wz_session *s, long long now_ms)
{
    wz_session_touch(s, now_ms);
    switch (s->screen) {
    case WZ_SCREEN_PLAYER:
    case WZ_SCREEN_ENDING:
        abandon(s, "back", now_ms);
        drop_scenario(s);
        rebuild_menu(s);
        s->screen = WZ_SCREEN_MENU;
        break;
    case WZ_SCREEN_MENU:
        s->screen = WZ_SCREEN_PICKER;
        break;
    case WZ_SCREEN_PICKER:
    case WZ_SCREEN_EMPTY:
        wz_session_reset(s, "back", now_ms);
        break;
    case WZ_SCREEN_HELP:
        wz_session_close_help(s, now_ms);
        break;
    case WZ_SCREEN_WORRIED:
        wz_session_close_worried(s, now_ms);
        break;
    case WZ_SCREEN_QUIZ: { /* after: to the ending; before: to the menu, as from the story */
        int before = s->quiz && wz_quiz_run_before(s->quiz);
        wz_session_quiz_skip(s, now_ms);
        if (before) wz_session_back(s, now_ms);
        break;
    }
    default:
        break;
    }
}

int wz_session_tick(wz_session *s, long long now_ms)
{
    if (s->screen == WZ_SCREEN_ATTRACT || s->screen >= WZ_SCREEN_ADMIN) return 0;
    if (s->screen == WZ_SCREEN_WORRIED) { /* asks nothing: ends quietly after a long while */
        if (now_ms - s->last_input_ms < WZ_SESSION_WORRIED_IDLE_MS) return 0;
        wz_session_reset(s, "idle", now_ms);
        return 1;
    }
    if (!s->still_there) {
        if (now_ms - s->last_input_ms >= s->opts.idle_timeout_ms) {
            s->still_there = 1;
            /* The countdown starts when the timeout passed, not when we noticed. */
            s->still_there_since = s->last_input_ms + s->opts.idle_timeout_ms;
            if (now_ms - s->still_there_since >= s->opts.idle_countdown_ms) {
                wz_session_reset(s, "idle", now_ms);
            }
            return 1;
        }
        return 0;
    }
    if (now_ms - s->still_there_since >= s->opts.idle_countdown_ms) {
        wz_session_reset(s, "idle", now_ms);
        return 1;
    }
    return 0;
}

long long wz_session_next_deadline(const wz_session *s, long long now_ms)
{
    if (s->screen == WZ_SCREEN_ATTRACT || s->screen >= WZ_SCREEN_ADMIN) return -1;
    long long at;
    if (s->screen == WZ_SCREEN_WORRIED) {
        at = s->last_input_ms + WZ_SESSION_WORRIED_IDLE_MS;
        return at > now_ms ? at - now_ms : 0;
    }
    if (!s->still_there) {
        at = s->last_input_ms + s->opts.idle_timeout_ms;
    } else {
        /* the countdown shows whole seconds: wake at each second boundary */
        long long end = s->still_there_since + s->opts.idle_countdown_ms;
        long long left = end - now_ms;
        at = left > 1000 ? now_ms + ((left - 1) % 1000) + 1 : end;
    }
    return at > now_ms ? at - now_ms : 0;
}

int wz_session_still_there(const wz_session *s, long long now_ms, int *seconds_left)
{
    if (!s->still_there) return 0;
    if (seconds_left) {
        long long left = s->still_there_since + s->opts.idle_countdown_ms - now_ms;
        *seconds_left = left <= 0 ? 0 : (int)((left + 999) / 1000);
    }
    return 1;
}

void wz_session_reset(wz_session *s, const char *reason, long long now_ms)
{
    abandon(s, reason, now_ms);
    if (s->started) {
        wz_event ev = {.kind = WZ_EV_SESSION_END, .duration_ms = now_ms - s->started_ms};
        emit(s, &ev);
    }
    drop_scenario(s);
    free(s->menu);
    s->menu = NULL;
    s->nmenu = 0;
    s->started = 0;
    s->audience = 0;
    s->easy_read = 0;
    free(s->language);
    s->language = wz_xstrdup(s->first_language);
    s->opts.language = s->language;
    s->text_size = 0;
    s->contrast = 0;
    s->quiz_group = -1;
    s->nquizzed = 0;
    memset(s->id, 0, sizeof s->id);
    s->still_there = 0;
    s->last_input_ms = now_ms;
    s->previous = WZ_SCREEN_ATTRACT;
    s->screen = WZ_SCREEN_ATTRACT;
}

const char *wz_session_id(const wz_session *s)
{
    return s->id;
}

/* ---- the knowledge check ---- */

static int quizzed(const wz_session *s, const char *ifid)
{
    for (int i = 0; i < s->nquizzed; i++)
        if (strcmp(s->quizzed[i], ifid) == 0) return 1;
    return 0;
}

static void mark_quizzed(wz_session *s)
{
    if (s->sc && s->sc->ifid && !quizzed(s, s->sc->ifid) && s->nquizzed < WZ_SESSION_QUIZ_MAX)
        s->quizzed[s->nquizzed++] = s->sc->ifid;
}

/* At a scenario's start: its check, if it has a usable one not yet done this visit. */
static void quiz_prepare(wz_session *s)
{
    if (!s->sc || !s->sc->ifid || quizzed(s, s->sc->ifid)) return;
    wz_quiz *q = wz_quiz_read(s->sc, NULL);
    if (!q || !q->usable) {
        wz_quiz_free(q);
        return;
    }
    if (s->quiz_group < 0) {
        unsigned r;
        wz_random_bytes(&r, sizeof r);
        double share = s->opts.quiz_before_share;
        s->quiz_group = share >= 1 || (double)r < share * 4294967296.0;
    }
    s->quiz = wz_quiz_run_create(q, s->quiz_group, s->quiz_group);
    if (s->quiz_group == 1 && s->screen == WZ_SCREEN_PLAYER) {
        mark_quizzed(s);
        s->screen = WZ_SCREEN_QUIZ;
    }
}

const struct wz_quiz_run *wz_session_quiz(const wz_session *s)
{
    return s->quiz;
}

int wz_session_quiz_group(const wz_session *s)
{
    return s->quiz_group;
}

int wz_session_quiz_offered(const wz_session *s)
{
    return s->screen == WZ_SCREEN_ENDING && s->quiz && !wz_quiz_run_before(s->quiz) &&
           wz_quiz_run_step(s->quiz) == WZ_QUIZ_QUESTION && wz_quiz_run_question(s->quiz) == 0;
}

int wz_session_quiz_start(wz_session *s, long long now_ms)
{
    wz_session_touch(s, now_ms);
    if (wz_session_quiz_offered(s)) {
        mark_quizzed(s);
        s->screen = WZ_SCREEN_QUIZ;
        return 0;
    }
    if (s->screen != WZ_SCREEN_QUIZ || !s->quiz || wz_quiz_run_accept(s->quiz) != 0) return -1;
    s->serial++; /* each step of the check is a new page (shown from its top) */
    return 0;
}

int wz_session_quiz_answer(wz_session *s, int i, long long now_ms)
{
    wz_session_touch(s, now_ms);
    int right = 0;
    if (s->screen != WZ_SCREEN_QUIZ || !s->quiz || wz_quiz_run_answer(s->quiz, i, &right) != 0)
        return -1;
    wz_event ev = {.kind = WZ_EV_QUIZ,
                   .choice_index = wz_quiz_run_question(s->quiz),
                   .value = wz_quiz_run_before(s->quiz) ? "before" : "after",
                   .found = right};
    emit(s, &ev);
    s->serial++;
    return 0;
}

/* Out of the check: to the story's first passage (before) or back to the ending (after). */
static void quiz_leave(wz_session *s)
{
    int before = wz_quiz_run_before(s->quiz);
    wz_quiz_run_destroy(s->quiz);
    s->quiz = NULL;
    s->screen = before ? WZ_SCREEN_PLAYER : WZ_SCREEN_ENDING;
    s->serial++; /* the passage shows afresh (its chat animation starts now) */
}

int wz_session_quiz_next(wz_session *s, long long now_ms)
{
    wz_session_touch(s, now_ms);
    if (s->screen != WZ_SCREEN_QUIZ || !s->quiz || wz_quiz_run_next(s->quiz) != 0) return -1;
    if (wz_quiz_run_step(s->quiz) == WZ_QUIZ_DONE)
        quiz_leave(s);
    else
        s->serial++;
    return 0;
}

int wz_session_quiz_skip(wz_session *s, long long now_ms)
{
    wz_session_touch(s, now_ms);
    if (s->screen != WZ_SCREEN_QUIZ || !s->quiz) return -1;
    quiz_leave(s);
    return 0;
}

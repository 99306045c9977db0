/*
 * wz_session: one visitor's time at the kiosk, with no screen attached.
 *
 * A small state machine: which screen shows, what the visitor picked (audience, easy
 * read), the story being played, the spot-the-signs taps, and the idle timer that ends a
 * forgotten visit. Everything a visitor does arrives as a verb (pick, play, choose, help,
 * back...), and each verb decides which anonymous events to record. The clock is a
 * parameter and events go to a sink callback, so tests drive a visit without SDL or SQLite.
 *
 * Privacy: a reset (idle timeout or end of visit) wipes everything the visitor chose and
 * draws a new random session id. The session borrows the library (it must outlive the
 * session or be swapped with wz_session_set_library between visitors) and owns its story.
 */
#ifndef WZ_SESSION_H
#define WZ_SESSION_H

#include "wz_recorder.h"
#include "wz_library.h"
#include "wz_story.h"

/* Screens, in the order a visitor meets them; admin mode's pages all show as
 * WZ_SCREEN_ADMIN. The UI keeps a table indexed by it. */
typedef enum {
    WZ_SCREEN_ATTRACT = 0, /* animated invitation to touch; nobody is using the kiosk */
    WZ_SCREEN_PICKER,      /* who are you? (audience band, easy read) */
    WZ_SCREEN_MENU,        /* cards of the scenarios for that audience */
    WZ_SCREEN_PLAYER,      /* the current passage: chat, spot, narration, feedback */
    WZ_SCREEN_ENDING,      /* outcome and learning points */
    WZ_SCREEN_HELP,        /* "Worried? Talk to someone" */
    WZ_SCREEN_EMPTY,       /* the scenario folder is missing, empty or broken */
    WZ_SCREEN_WORRIED,     /* "I'm worried" was pressed: a calm page, help, staff alerted */
    WZ_SCREEN_QUIZ,        /* the knowledge check: offer, questions, explanations */
    WZ_SCREEN_ADMIN,       /* reserved: first admin screen */
    WZ_SCREEN_COUNT
} wz_screen_id;

/* "attract", "picker", ...: the name recorded with help events. */
const char *wz_screen_name(wz_screen_id id);

typedef void (*wz_event_sink)(void *ctx, const wz_event *ev);

typedef struct wz_session_opts {
    int idle_timeout_ms;   /* no input for this long: "Are you still there?" */
    int idle_countdown_ms; /* then back to the attract screen */
    const char *language;  /* each visit's first language, recorded with session start; copied */
    /* The configured languages ([kiosk] languages, comma-separated; copied): the ones the
     * language choice offers (wz_session_languages). NULL: only `language`. */
    const char *languages;
    /* Share (0..1) of visits whose knowledge check comes before the scenario; 0: always
     * after ([kiosk] knowledge_before_share). */
    double quiz_before_share;
} wz_session_opts;

typedef struct wz_session wz_session;

/* sink may be NULL (nothing recorded). */
wz_session *wz_session_create(const wz_library *lib, const wz_session_opts *opts,
                              wz_event_sink sink, void *sink_ctx);
void wz_session_destroy(wz_session *s); /* accepts NULL */
/* Swaps the library (e.g. after a hot reload). Only between visitors: returns -1 (and
 * keeps the old one) unless the session is on the attract or empty screen. */
int wz_session_set_library(wz_session *s, const wz_library *lib);

wz_screen_id wz_session_screen(const wz_session *s);
/* Where Help or Back returns to. */
wz_screen_id wz_session_previous_screen(const wz_session *s);
/* Goes to another screen without any visitor meaning (the admin hook). */
void wz_session_goto(wz_session *s, wz_screen_id id);

/* ---- the visitor's verbs (each counts as activity for the idle timer) ---- */
/* Any touch or key: restarts the idle timer and dismisses "Are you still there?". */
void wz_session_touch(wz_session *s, long long now_ms);
/* Attract screen touched: to the picker (or the empty screen when nothing is playable). */
void wz_session_wake(wz_session *s, long long now_ms);
/* Picker: an easy-read toggle, kept until the visit ends. */
void wz_session_set_easy_read(wz_session *s, int on, long long now_ms);
int wz_session_easy_read(const wz_session *s);
/* Text size (0 normal, 1 large, 2 largest) and high contrast (0/1), chosen by touch on any
 * screen and kept until the visit ends. Recorded as settings "text-size" (normal, large,
 * largest) and "contrast" (standard, high) when chosen during a visit; chosen before it
 * starts, they are recorded when it does. Out-of-range values are ignored. */
void wz_session_set_text_size(wz_session *s, int size, long long now_ms);
int wz_session_text_size(const wz_session *s);
/* "normal", "large", "largest" (the recorded value), or NULL out of range. */
const char *wz_session_text_size_name(int size);
void wz_session_set_contrast(wz_session *s, int high, long long now_ms);
int wz_session_contrast(const wz_session *s);
/* Picker: a WZ_AUD_* bit; starts the visit (session start event) and shows the menu. */
int wz_session_pick_audience(wz_session *s, unsigned audience, long long now_ms);
unsigned wz_session_audience(const wz_session *s);

/* ---- the visit's language ----
 * The menu shows each scenario (one per ifid) in the visit's language, or in English when
 * it has no translation (wz_session_menu_translated says which). A reset goes back to the
 * first configured language. */
#define WZ_SESSION_MAX_LANGUAGES 8
/* The configured languages that have at least one playable scenario, in configured order
 * (the first configured always, even without scenarios); returns how many (<= max). The
 * strings live until the session is destroyed. */
int wz_session_languages(const wz_session *s, const char **out, int max);
/* Sets the visit's language (recorded as a setting once the visit started). */
int wz_session_set_language(wz_session *s, const char *lang, long long now_ms);
const char *wz_session_language(const wz_session *s);
/* 1 when menu item i is in the visit's language, 0 when it is shown in another (English). */
int wz_session_menu_translated(const wz_session *s, int i);

/* Menu: the main scenarios for the chosen audience, in library order. */
int wz_session_menu_count(const wz_session *s);
const wz_scenario *wz_session_menu_item(const wz_session *s, int i);
/* Starts menu item i (its easy-read variant when easy read is on and one exists). */
int wz_session_play(wz_session *s, int i, long long now_ms);
/* Starts sc (a playable scenario of the library) directly, whatever the menu shows: for
 * the kiosk's off-screen preparation of the next screens, and for tests. */
int wz_session_play_scenario(wz_session *s, const wz_scenario *sc, long long now_ms);
/* The scenario being played (or just finished), NULL when none. */
const wz_scenario *wz_session_scenario(const wz_session *s);
const wz_story *wz_session_story(const wz_session *s);
const wz_passage *wz_session_passage(const wz_session *s);
/* Rises every time the passage changes (also for "play again"), so the UI can tell. */
int wz_session_passage_serial(const wz_session *s);

/* The order the current passage's choices are shown in: out[k] (out holds its nchoices) is
 * the author's index of the k-th button. Drawn once per visit (wz_fair_order); passages
 * tagged keep-order keep the author's order. Choices are always chosen and recorded by
 * the author's index, whatever their place on screen. */
void wz_session_choice_order(const wz_session *s, int *out);
/* Fixes the seed of the choice order for this visit and every later one (script mode and
 * tests: the same seed, the same screens); without it each visit draws a random one. */
void wz_session_set_seed(wz_session *s, unsigned long long seed);

/* Player: follows choice i of the current passage. Records the choice, and the feedback
 * or ending it leads to. A spot passage must be revealed (wz_session_spot_done) first. */
int wz_session_choose(wz_session *s, int i, long long now_ms);

/* Spot the warning signs: part indices of the current spot passage (parts from
 * WZ_SPOT_MAX_PARTS on cannot be tapped). */
#define WZ_SPOT_MAX_PARTS 128
int wz_session_spot_toggle(wz_session *s, int part);
int wz_session_spot_tapped(const wz_session *s, int part);
/* Done: counts found / missed / wrong, records them, and reveals the answers. */
int wz_session_spot_done(wz_session *s, long long now_ms);
int wz_session_spot_revealed(const wz_session *s);
void wz_session_spot_counts(const wz_session *s, int *found, int *missed, int *wrong);

/* Rate each message (a spot passage tagged rate, wz_fair.h): part indices as above. */
int wz_session_rate(wz_session *s, int part, wz_rating r);
wz_rating wz_session_rating(const wz_session *s, int part);
/* Check: records one rating event per rated message and reveals the model answers. */
int wz_session_rate_done(wz_session *s, long long now_ms);
/* After the check: messages rated as the model rated them, messages rated, and messages
 * there were to rate. */
void wz_session_rate_counts(const wz_session *s, int *agreed, int *rated, int *total);

/* Ending: same scenario from the start; or back to the menu. */
int wz_session_play_again(wz_session *s, long long now_ms);
int wz_session_choose_another(wz_session *s, long long now_ms);

/* Help from any screen (records where from); close returns to that screen. */
void wz_session_open_help(wz_session *s, long long now_ms);
void wz_session_close_help(wz_session *s, long long now_ms);
/* The help passage of the scenario in play, or NULL: the UI then uses the default. */
const wz_passage *wz_session_help_passage(const wz_session *s);

/* "I'm worried" from any screen but Help (records WZ_EV_WORRIED with where from); close
 * returns to that screen. The page asks nothing: it has no "Are you still there?"; after
 * WZ_SESSION_WORRIED_IDLE_MS without a touch the visit ends quietly. The staff alert is
 * wz_app's (wz_app_worried). */
#define WZ_SESSION_WORRIED_IDLE_MS 300000
void wz_session_open_worried(wz_session *s, long long now_ms);
void wz_session_close_worried(wz_session *s, long long now_ms);
/* Where "I'm worried" was pressed (the screen close returns to). */
wz_screen_id wz_session_worried_from(const wz_session *s);

/* Back: player -> menu (abandons the scenario), menu -> picker, picker -> attract; the
 * knowledge check -> the ending after the story, the menu before it. */
void wz_session_back(wz_session *s, long long now_ms);

/* ---- the knowledge check (wz_quiz_run.h) ----
 * When a scenario with a usable knowledge check starts, the visit is put in a group once,
 * at random with opts.quiz_before_share: "before" shows the check (as an offer) on
 * WZ_SCREEN_QUIZ before the first passage; "after" offers it on the ending screen. Each
 * answer is recorded (WZ_EV_QUIZ); a scenario's check is done at most once a visit. */
struct wz_quiz_run;
/* The check showing or on offer, NULL when none. */
const struct wz_quiz_run *wz_session_quiz(const wz_session *s);
/* 1 when the ending screen should offer the check ("Three quick questions?"). */
int wz_session_quiz_offered(const wz_session *s);
/* Yes to the offer (from the ending screen or the before offer). */
int wz_session_quiz_start(wz_session *s, long long now_ms);
/* Picks answer i of the question showing; records it. */
int wz_session_quiz_answer(wz_session *s, int i, long long now_ms);
/* From an explanation to the next question, or out of the check after the last. */
int wz_session_quiz_next(wz_session *s, long long now_ms);
/* No thanks / stop: out of the check (to the story before it, to the ending after it). */
int wz_session_quiz_skip(wz_session *s, long long now_ms);
/* For tests: the group of this visit, 1 before, 0 after, -1 not drawn yet. */
int wz_session_quiz_group(const wz_session *s);

/* ---- time ---- */
/* Moves the idle timer on. Returns 1 when the screen or overlay changed. */
int wz_session_tick(wz_session *s, long long now_ms);
/* Milliseconds until the next idle transition (or -1 when none is pending). */
long long wz_session_next_deadline(const wz_session *s, long long now_ms);
/* "Are you still there?" is showing; *seconds_left gets the countdown when not NULL. */
int wz_session_still_there(const wz_session *s, long long now_ms, int *seconds_left);
/* Ends the visit: an unfinished scenario is recorded as abandoned with `reason`, the
 * session end is recorded, and every choice is wiped. Back to the attract screen. */
void wz_session_reset(wz_session *s, const char *reason, long long now_ms);
/* The random id of this visit ("" before the visit starts). */
const char *wz_session_id(const wz_session *s);

#endif

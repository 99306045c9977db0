/*
 * wz_screens: the kiosk's screens. Each screen is a state with up to four functions
 * (raylib's screen manager): update (optional: react to what the frame on screen shows,
 * e.g. a press held down, before the next build), build (emit the frame from the state;
 * it changes no state), action (a control of this screen was activated) and next_anim
 * (when its picture next changes on its own, for the loop's deadline). Screens never draw
 * or read input themselves; the kiosk does that through wz_frame and wz_input.
 *
 * Screens see a wz_screen_ctx: the session they show, the picture cache, the settings
 * and, for admin mode, the app; never the kiosk itself.
 */
#ifndef WZ_SCREENS_H
#define WZ_SCREENS_H

#include "wz_app.h"
#include "wz_config.h"
#include "wz_frame.h"
#include "wz_image.h"
#include "wz_session.h"
#include "wz_widgets.h"

/* Actions of controls. Shared ones are handled by the kiosk for every screen. */
enum {
    WZ_ACT_NONE = 0,
    WZ_ACT_HELP,       /* the persistent Help button */
    WZ_ACT_BACK,       /* top bar Back */
    WZ_ACT_STILL_HERE, /* "Are you still there?" -> yes */
    WZ_ACT_FINISHED,   /* "Are you still there?" -> I'm finished */
    WZ_ACT_WAKE,       /* attract: touch anywhere */
    WZ_ACT_EASY,       /* picker: easy read toggle */
    WZ_ACT_AUDIENCE,   /* picker: arg = WZ_AUD_* bit */
    WZ_ACT_PLAY,       /* menu: arg = menu index */
    WZ_ACT_CHOICE,     /* player: arg = choice index */
    WZ_ACT_SKIP,       /* player: show every chat message now */
    WZ_ACT_SPOT_TAP,   /* player: arg = part index */
    WZ_ACT_SPOT_DONE,
    WZ_ACT_AGAIN,   /* ending */
    WZ_ACT_ANOTHER, /* ending */
    WZ_ACT_HELP_CLOSE,
    WZ_ACT_SCROLL_MORE,       /* the "more below" button of a scroll view */
    WZ_ACT_RATE,              /* player, rating round: arg = part * 4 + wz_rating */
    WZ_ACT_RATE_DONE,         /* player, rating round: check my answers */
    WZ_ACT_WORRIED,           /* "I'm worried", beside Help on every screen but Help */
    WZ_ACT_WORRIED_CLOSE,     /* the "I'm worried" page's Back */
    WZ_ACT_QUIZ_START,        /* knowledge check: yes to the offer */
    WZ_ACT_QUIZ_ANSWER,       /* knowledge check: arg = answer index */
    WZ_ACT_QUIZ_NEXT,         /* knowledge check: on from an explanation */
    WZ_ACT_QUIZ_SKIP,         /* knowledge check: no thanks / skip the rest */
    WZ_ACT_LANGUAGE,          /* picker: arg = index in wz_session_languages */
    WZ_ACT_TEXT,              /* "Aa" on every visitor screen: the text panel opens/closes */
    WZ_ACT_TEXT_SIZE,         /* text panel: arg = WZ_TEXT_NORMAL.. */
    WZ_ACT_CONTRAST,          /* text panel: arg = 1 high contrast, 0 standard */
    WZ_ACT_TEXT_CLOSE,        /* text panel: Done, or a touch outside it */
    WZ_ACT_LISTEN,            /* player: the speaker (narration from the start) */
    WZ_ACT_ADMIN_FIRST = 1000 /* actions of admin screens start here */
};

typedef struct wz_screen_ctx {
    wz_app *app;
    wz_session *session; /* the session shown (a scratch one while caches are warmed) */
    const wz_config *cfg;
    wz_frame *frame; /* the frame being built */
    wz_image_cache *images;
    /* the player's chat animation, kept across frames by the kiosk */
    long long screen_t0; /* when the current screen or passage appeared */
    int skip_anim;       /* every chat message shown at once */
    int shown_msgs;      /* messages on screen in the last frame */

    /* narration (wz_narration.h); NULL when it is off or there is no sound device */
    struct wz_narration *narration;
} wz_screen_ctx;

typedef struct wz_screen_def {
    void (*update)(wz_screen_ctx *sx, const wz_ui *ui, long long now);
    void (*build)(wz_screen_ctx *sx, wz_ui *ui, long long now);
    /* Returns 1 when the action was handled. */
    int (*action)(wz_screen_ctx *sx, int action, int arg, long long now);
    /* Absolute time (ms) of the next change it animates on its own, or -1. */
    long long (*next_anim)(wz_screen_ctx *sx, long long now);
} wz_screen_def;

/* The visitor screens, each from its own file. */
extern const wz_screen_def wz_screen_attract, wz_screen_picker, wz_screen_menu, wz_screen_player,
    wz_screen_ending, wz_screen_help, wz_screen_empty, wz_screen_worried, wz_screen_quiz;
/* wz_screen_quiz.c: the ending's offer of the knowledge check ("Check what you know: 3
 * quick questions")
 * written into buf, or NULL when there is none to offer. */
const char *wz_screen_quiz_offer_label(const wz_session *s, char *buf, int size);

/* wz_screen_language.c: the row of languages at y (one button each, in its own script);
 * returns its height with a gap below, 0 when only one language is offered. dry: measure
 * only. The action sets the visit's language; returns 1 when it was WZ_ACT_LANGUAGE. */
int wz_screen_language_row(wz_screen_ctx *sx, wz_ui *ui, int y, int dry);
int wz_screen_language_action(wz_screen_ctx *sx, int action, int arg, long long now);
/* wz_screen_player.c: parts of passage p on screen at now (chat messages arrive one by
 * one; any other passage shows whole). */
int wz_screen_player_shown(const wz_screen_ctx *sx, const wz_passage *p, long long now);

/* Puts every visitor screen into table. */
void wz_screens_install(wz_screen_def table[WZ_SCREEN_COUNT]);
/* Puts admin mode into table (wz_screen_admin.c): its pages as WZ_SCREEN_ADMIN, and the
 * hidden corner onto the attract and "nothing to show" screens. After wz_screens_install. */
void wz_screen_admin_install(wz_screen_def table[WZ_SCREEN_COUNT]);
/* That hidden corner (top left, held for 3 s to open admin mode): screens keep their own
 * buttons out of it. */
SDL_Rect wz_screen_admin_corner(const wz_theme *t);

/* A picture a scenario names, resolved inside its folder by wz_asset_resolve (never opened
 * without that check); a new path the caller frees, or NULL when it is missing or unsafe. */
char *wz_screens_asset(const wz_scenario *sc, const char *rel);
/* A round "more below" button under the scroll view while there is more, in the strip
 * the frame keeps for it (wz_frame_set_scroll_gutter with wz_screens_more_below_room). */
int wz_screens_more_below_room(const wz_theme *t);
void wz_screens_more_below(wz_screen_ctx *sx, wz_ui *ui);
/* The "Here at the centre" card with the configured local contact ([kiosk] local_help)
 * at (x, y), cw wide; returns its height plus a gap (0 when none is configured). */
int wz_screens_local_help(wz_screen_ctx *sx, wz_ui *ui, int x, int y, int cw);
/* An overlay's start: the screen dimmed, its controls hidden, and a touch anywhere
 * outside what the overlay adds next activates action/arg (its control named label). */
void wz_screens_overlay(wz_ui *ui, int action, int arg, const char *label);
/* The text panel (wz_screen_text.c): text size and colours, over any visitor screen. */
void wz_screen_text_panel(wz_screen_ctx *sx, wz_ui *ui);
/* The "Are you still there?" overlay, drawn over any screen. */
void wz_screens_still_there(wz_screen_ctx *sx, wz_ui *ui, long long now, int seconds_left);

#endif

/*
 * wz_screens: the kiosk's screens. Each screen is a state with three functions
 * (raylib's screen manager): build (emit the frame from the session state), action
 * (a control of this screen was activated) and next_anim (when its picture next
 * changes on its own, for the loop's deadline). Screens never draw or read input
 * themselves; the kiosk does that through wz_frame and wz_input.
 */
#ifndef WZ_SCREENS_H
#define WZ_SCREENS_H

#include "wz_kiosk_int.h"

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
    WZ_ACT_ADMIN_FIRST = 1000 /* actions of admin screens start here */
};

/* Installs every visitor screen into the kiosk's table (the player from its own file). */
void wz_screens_install(wz_kiosk *k);
void wz_screen_player_install(wz_kiosk *k);
/* A picture a scenario names, resolved inside its folder by wz_asset_resolve (never opened
 * without that check); a new path the caller frees, or NULL when it is missing or unsafe. */
char *wz_screens_asset(const wz_scenario *sc, const char *rel);
/* A round "more below" button at the foot of the scroll view while there is more. */
void wz_screen_more_below(wz_kiosk *k, wz_ui *ui);
/* The "Are you still there?" overlay, drawn over any screen. */
void wz_screen_still_there(wz_kiosk *k, wz_ui *ui, long long now, int seconds_left);

#endif

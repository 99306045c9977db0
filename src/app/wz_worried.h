/*
 * wz_worried: what the "I'm worried" page says, chosen without a screen.
 *
 * The page is calm and asks nothing. It says the visitor did the right thing, then either
 * that someone from the team is coming (a staff alert is on its way) or to go to the
 * front desk (none is configured, or it could not go out), and lists the help that fits the story
 * in play: its topic (grooming, radicalisation; anything else or no story: general) and, for
 * parents, the adults' helpline. The facts are the national services on the Help screen; the
 * kiosk's own local contact ([kiosk] local_help) is added by the screen.
 */
#ifndef WZ_WORRIED_H
#define WZ_WORRIED_H

#include "wz_session.h"

#define WZ_WORRIED_MAX_LINES 6

typedef struct wz_worried_page {
    const char *heading;   /* "You did the right thing." */
    const char *message;   /* who comes, or where to go */
    const char *reassure;  /* "You are not in trouble..." */
    const char *help_head; /* the heading above the help lines */
    const char *lines[WZ_WORRIED_MAX_LINES];
    int nlines;
} wz_worried_page;

/* Fills *out for session s (its story's topic and the audience picked). alert_on: a staff
 * alert channel is configured. Strings are static. */
void wz_worried_page_get(const wz_session *s, int alert_on, wz_worried_page *out);

#endif

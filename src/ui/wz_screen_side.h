/*
 * wz_screen_side: a column of headings, text and buttons beside (or under) a passage: the
 * player's choices and feedback, shared by its chat and text panels.
 */
#ifndef WZ_SCREEN_SIDE_H
#define WZ_SCREEN_SIDE_H

#include "wz_screens.h"

enum { /* kinds of item */ WZ_SIDE_HEAD, WZ_SIDE_TEXT, WZ_SIDE_BUTTON };

typedef struct wz_screen_side_item {
    int kind;
    const char *text, *icon;
    wz_button_style st;
    int action, arg;
    SDL_Color c;
} wz_screen_side_item;

#define WZ_SCREEN_SIDE_MAX 12

/* Height of items[0..n) in a column w wide. */
int wz_screen_side_height(wz_ui *ui, const wz_screen_side_item *it, int n, int w);
/* Places them in r (vertically centred in it when centre is set). */
void wz_screen_side_place(wz_ui *ui, const wz_screen_side_item *it, int n, SDL_Rect r, int centre);
/* Places them at the end of the scrolled content from y; returns the new bottom. */
int wz_screen_side_place_tail(wz_ui *ui, const wz_screen_side_item *it, int n, int x, int y, int w);

/* wz_screen_player_text.c: draws a narration or feedback passage in panel, or with dry set
 * only works out how tall its content is. Returns that. */
int wz_screen_player_text_panel(wz_screen_ctx *sx, wz_ui *ui, const wz_scenario *sc,
                                const wz_passage *p, const wz_screen_side_item *tail, int ntail,
                                SDL_Rect panel, int dry);

/* wz_screen_rate.c: a rating round (a spot passage tagged rate). Under message `part`, at
 * (x, y) and w wide: the three rating buttons, or after the check the model answer; returns
 * the height used (0 for messages that are not rated, or before every message is shown). */
int wz_screen_rate_under(wz_screen_ctx *sx, wz_ui *ui, const wz_part *pt, int part, int x, int y,
                         int w, int ready);
/* Appends the side column's items (heading, how far the visitor is, Check); buf (size
 * bytes) holds their text. Returns the new count. */
int wz_screen_rate_side(wz_screen_ctx *sx, wz_screen_side_item *it, int n, char *buf, size_t size);
/* WZ_ACT_RATE and WZ_ACT_RATE_DONE; 1 when something changed. */
int wz_screen_rate_action(wz_screen_ctx *sx, int action, int arg, long long now);

#endif

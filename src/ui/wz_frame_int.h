/*
 * wz_frame_int: the display list's commands, shared by wz_frame.c (building, drawing),
 * wz_frame_check.c (reading it back as text, checking its layout) and wz_frame_damage.c
 * (what changed since the last frame drawn); nothing else.
 */
#ifndef WZ_FRAME_INT_H
#define WZ_FRAME_INT_H

#include "wz_frame.h"

typedef enum { CMD_RECT, CMD_TEXT, CMD_IMAGE, CMD_ICON, CMD_DIM } cmd_kind;

typedef struct cmd {
    cmd_kind kind;
    SDL_Rect r;   /* where (content coordinates when scroll) */
    SDL_Rect box; /* text: the box it must fit (h 0: any height) */
    int radius, px, bold, align, wrap;
    SDL_Color c;
    char *s; /* text, or picture path */
    int scroll;
    int flip; /* icon: drawn mirrored (an arrow in a right-to-left frame) */
} cmd;

struct wz_frame {
    SDL_Renderer *r;
    wz_draw *d;
    wz_text_cache *tc;
    wz_image_cache *ic;
    char *icon_dir;
    int w, h;
    cmd *cmds;
    int ncmds;
    wz_control *ctls;
    int nctls;
    int modal_from; /* controls below this index are hidden by an overlay */
    int rtl;        /* mirrored: screens lay out left to right, the frame flips every x */
    /* scroll view */
    int in_scroll, has_scroll;
    SDL_Rect vp;        /* on screen */
    SDL_Rect vp_layout; /* as the screen gave it */
    int content_h, offset, to_end;
    /* the strip kept free under the view ("more below"): asked, and taken this frame */
    int gutter, gutter_used;
    int overflow; /* commands or controls dropped for the bounds */
    int min_target;
    /* the list drawn last, as placed on screen (wz_frame_damage.c) */
    cmd *prev;
    int nprev, prev_w, prev_h, prev_valid;
};

/* Where a command lands on screen, and whether any of it is visible there. */
SDL_Rect wz_frame_placed(const wz_frame *f, const cmd *c);
int wz_frame_visible(const wz_frame *f, const cmd *c);

#endif

/*
 * wz_widgets: the kiosk's look, in one place: colours, sizes, and the widgets built
 * from wz_frame commands (button, card, chat bubble, avatar, text blocks, top bar).
 *
 * Sizes are design units at 1080 pixels on the short side, multiplied by the theme's
 * scale, so the same layout works from 1024x600 to 3840x2160 in landscape and portrait
 * (touch targets stay >= 64 px at 1080p: buttons are 96). Easy read raises text sizes.
 * Colours meet WCAG AA against what they sit on (text on buttons >= 4.5:1).
 *
 * A widget emits its commands and, when it can be touched, a control with its label,
 * so a script can press it by what it says. Widgets take the height their text needs:
 * callers ask (wz_button_height and friends) before placing them.
 */
#ifndef WZ_WIDGETS_H
#define WZ_WIDGETS_H

#include "wz_frame.h"
#include "wz_i18n.h"

typedef struct wz_theme {
    float s;  /* scale: short side / 1080 */
    int w, h; /* screen */
    int portrait;
    int easy; /* easy read: larger text */
    int margin, gap, pad, radius;
    int px_small, px_body, px_button, px_h2, px_h1, px_huge;
    int bar_h, button_h, icon;
    int col_x, col_w; /* the reading column */
} wz_theme;

void wz_theme_compute(wz_theme *t, int w, int h, int easy);
/* Design units to pixels. */
int wz_px(const wz_theme *t, int units);

/* Palette */
extern const SDL_Color WZ_BG, WZ_SURFACE, WZ_INK, WZ_MUTED, WZ_LINE, WZ_PRIMARY, WZ_PRIMARY_DOWN,
    WZ_HELP, WZ_HELP_DOWN, WZ_SAFE, WZ_SAFE_BG, WZ_RISKY, WZ_RISKY_BG, WZ_FLAG, WZ_FLAG_BG,
    WZ_WHITE, WZ_CHAT_BG, WZ_NIGHT, WZ_SUN, WZ_FOCUS, WZ_SHADOW, WZ_NEUTRAL_BG;

/* What the widgets need to know about the frame being built. */
typedef struct wz_ui {
    wz_frame *f;
    wz_theme th;
    int pressed, pressed_action, pressed_arg;
    int focused, focus_action, focus_arg;
    int worried_action; /* non-zero: "I'm worried" sits beside Help (every screen but Help) */
} wz_ui;

typedef enum {
    WZ_BTN_PRIMARY = 0, /* filled blue */
    WZ_BTN_SECONDARY,   /* white with a blue outline */
    WZ_BTN_HELP,        /* filled purple */
    WZ_BTN_SAFE,        /* filled green */
    WZ_BTN_CHOICE       /* white, large, left-aligned text */
} wz_button_style;

int wz_ui_is_pressed(const wz_ui *ui, int action, int arg);
int wz_ui_is_focused(const wz_ui *ui, int action, int arg);

/* Height a button of width w needs for its label. */
int wz_button_height(wz_ui *ui, int w, const char *label, const char *icon, int px);
/* A button; icon may be NULL (an assets/icons name). px 0: the theme's button size. */
void wz_button(wz_ui *ui, SDL_Rect r, const char *label, const char *icon, wz_button_style st,
               int px, int action, int arg);
/* Paragraph of text at (x, y) wrapped to w; returns its height. */
int wz_text_block(wz_ui *ui, const char *text, int x, int y, int w, int px, int bold, SDL_Color c,
                  int align);
/* A bullet point; returns its height. */
int wz_bullet(wz_ui *ui, const char *text, int x, int y, int w, int px, SDL_Color c, SDL_Color dot);
/* A round avatar: the picture when path loads, otherwise initials on `colour`. */
void wz_avatar(wz_ui *ui, int cx, int cy, int radius, const char *path, const char *name,
               const char *colour);
/* Parses "#RRGGBB"; otherwise a calm colour picked from the name. */
SDL_Color wz_colour_for(const char *hex, const char *name);
/* An icon in a filled circle. */
void wz_icon_badge(wz_ui *ui, int cx, int cy, int radius, const char *icon, SDL_Color bg,
                   SDL_Color fg);
/* The soft shadow under a rounded shape, `drop` pixels deep. */
void wz_shadow(wz_ui *ui, SDL_Rect r, int radius, int drop);
/* A card's shadow and surface. */
void wz_panel(wz_ui *ui, SDL_Rect r, SDL_Color fill);
/* The persistent top bar: Back on the left (when back_label), the title, Help on the
 * right and, when ui->worried_action is set, "I'm worried" to its left. The title stays
 * centred on the screen when there is room, otherwise centred between the buttons.
 * Returns the bar's height. */
int wz_top_bar(wz_ui *ui, const char *title, const char *back_label, int back_action,
               int help_action);

/* The "I'm worried" button of a bar whose buttons are bh high at y, its right edge at
 * right (nothing when ui->worried_action is 0). px 0: the bar's text size. Returns the
 * width it took (0: none). */
int wz_worried_button(wz_ui *ui, int right, int y, int bh, int px);
#define WZ_WORRIED_LABEL WZ_N("I'm worried")

#endif

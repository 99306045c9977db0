/*
 * wz_widgets: the kiosk's look, in one place: sizes, the colours of the palette in use
 * (wz_palette.h) by role, and the widgets built from wz_frame commands (button, card,
 * chat bubble, avatar, text blocks, top bar).
 *
 * Sizes are design units at 1080 pixels on the short side, multiplied by the theme's
 * scale, so the same layout works from 1024x600 to 3840x2160 in landscape and portrait
 * (touch targets stay >= 64 px at 1080p: buttons are 96). Easy read and the visitor's
 * text size raise text sizes. Text meets WCAG 4.5:1 (7:1 in high contrast): ui.contrast.
 *
 * A widget emits its commands and, when it can be touched, a control with its label,
 * so a script can press it by what it says. Widgets take the height their text needs:
 * callers ask (wz_button_height and friends) before placing them.
 */
#ifndef WZ_WIDGETS_H
#define WZ_WIDGETS_H

#include "wz_frame.h"
#include "wz_i18n.h"
#include "wz_palette.h"

typedef struct wz_theme {
    float s;  /* scale: short side / 1080 */
    int w, h; /* screen */
    int portrait;
    int easy;      /* easy read: larger text */
    int text_size; /* the visitor's text size, WZ_TEXT_NORMAL.. */
    int margin, gap, pad, radius;
    int px_small, px_body, px_button, px_h2, px_h1, px_huge;
    int bar_h, button_h, icon;
    int col_x, col_w; /* the reading column */
} wz_theme;

void wz_theme_compute(wz_theme *t, int w, int h, int easy);
/* The visitor's text size: normal, large, largest. Multiplies the text sizes (easy read's
 * included, the product held to WZ_TEXT_MAX_SCALE of the normal ones); the top bar's
 * buttons keep their size, so Back, Help and the text button stay where they were. */
enum { WZ_TEXT_NORMAL = 0, WZ_TEXT_LARGE, WZ_TEXT_LARGEST, WZ_TEXT_SIZES };
#define WZ_TEXT_MAX_SCALE 1.6f
void wz_theme_text_size(wz_theme *t, int size);
/* Design units to pixels. */
int wz_px(const wz_theme *t, int units);

/* The palette in use (wz_palette.h), by role. The strong fills (PRIMARY, HELP, SAFE,
 * RISKY, FLAG, NIGHT) carry WZ_WHITE text; the *_INK colours are text and icons on light
 * backgrounds; the *_BG colours are tinted panels for WZ_INK text. */
#define WZ_PAL (wz_palette_now())
#define WZ_BG (WZ_PAL->bg)
#define WZ_SURFACE (WZ_PAL->surface)
#define WZ_INK (WZ_PAL->text)
#define WZ_MUTED (WZ_PAL->muted)
#define WZ_LINE (WZ_PAL->line)
#define WZ_PRIMARY (WZ_PAL->primary)
#define WZ_PRIMARY_DOWN (WZ_PAL->primary_down)
#define WZ_HELP (WZ_PAL->help)
#define WZ_HELP_DOWN (WZ_PAL->help_down)
#define WZ_SAFE (WZ_PAL->safe)
#define WZ_SAFE_BG (WZ_PAL->safe_bg)
#define WZ_RISKY (WZ_PAL->risky)
#define WZ_RISKY_BG (WZ_PAL->risky_bg)
#define WZ_FLAG (WZ_PAL->flag)
#define WZ_FLAG_BG (WZ_PAL->flag_bg)
#define WZ_WHITE (WZ_PAL->on_fill)
#define WZ_CHAT_BG (WZ_PAL->chat_bg)
#define WZ_NOTE_BG (WZ_PAL->note_bg)
#define WZ_NIGHT (WZ_PAL->night)
#define WZ_GLOW (WZ_PAL->glow)
#define WZ_SUN (WZ_PAL->sun)
#define WZ_ON_SUN (WZ_PAL->on_sun)
#define WZ_FOCUS (WZ_PAL->focus)
#define WZ_SHADOW (WZ_PAL->shadow)
#define WZ_NEUTRAL_BG (WZ_PAL->raised)
#define WZ_PRIMARY_INK (WZ_PAL->primary_ink)
#define WZ_SAFE_INK (WZ_PAL->safe_ink)
#define WZ_RISKY_INK (WZ_PAL->risky_ink)
#define WZ_FLAG_INK (WZ_PAL->flag_ink)
#define WZ_AMBER (WZ_PAL->amber)
#define WZ_AMBER_INK (WZ_PAL->amber_ink)
#define WZ_AMBER_BG (WZ_PAL->amber_bg)

/* What the widgets need to know about the frame being built. */
typedef struct wz_ui {
    wz_frame *f;
    wz_theme th;
    int pressed, pressed_action, pressed_arg;
    int focused, focus_action, focus_arg;
    int worried_action; /* non-zero: "I'm worried" sits beside Help (every screen but Help) */
    int text_action;    /* non-zero: the "Aa" button (text size and colours) in the top bar */
} wz_ui;

typedef enum {
    WZ_BTN_PRIMARY = 0, /* filled blue */
    WZ_BTN_SECONDARY,   /* white with a blue outline */
    WZ_BTN_HELP,        /* filled purple */
    WZ_BTN_SAFE,        /* filled green */
    WZ_BTN_CHOICE       /* white, large, left-aligned text */
} wz_button_style;

int wz_ui_is_pressed(const wz_ui *ui, int action, int arg);
/* A button style's colours in the palette in use. */
const wz_button_look *wz_button_look_of(wz_button_style st);
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
/* A filled shape: the fill, or in high contrast the background with an outline (no
 * text sits on a mid-tone fill there). */
void wz_fill(wz_ui *ui, SDL_Rect r, int radius, SDL_Color fill);
/* The persistent top bar: Back on the left (when back_label), the title, Help on the
 * right and, when ui->worried_action is set, "I'm worried" to its left, and "Aa" (when
 * ui->text_action is set) left of those. The title stays
 * centred on the screen when there is room, otherwise centred between the buttons.
 * Returns the bar's height. */
int wz_top_bar(wz_ui *ui, const char *title, const char *back_label, int back_action,
               int help_action);

/* The "I'm worried" button of a bar whose buttons are bh high at y, its right edge at
 * right (nothing when ui->worried_action is 0). px 0: the bar's text size. Returns the
 * width it took (0: none). */
int wz_worried_button(wz_ui *ui, int right, int y, int bh, int px);
#define WZ_WORRIED_LABEL WZ_N("I'm worried")

/* The "Aa" button (text size and colours) of a bar whose buttons are bh high at y, its
 * right edge at right (nothing when ui->text_action is 0). Returns the width it took. */
int wz_text_button(wz_ui *ui, int right, int y, int bh);
/* The width wz_text_button would take (0 when there is no "Aa" on this screen). */
int wz_text_button_w(wz_ui *ui, int bh);
#define WZ_TEXT_LABEL "Aa"

#endif

/*
 * wz_kiosk_window: SDL's start, the kiosk's window and its renderer.
 *
 * Full screen under X11 (a window manager, or cage's Xwayland): SDL 2.26 maps a
 * fullscreen window and then asks the window manager for fullscreen again, waiting up to
 * 100 ms for the window to move or change size. A window created at the display's size
 * never does, so every start waited the whole 100 ms. The window is therefore made
 * borderless at the display's size with _NET_WM_STATE_FULLSCREEN set before it is
 * mapped, which is what the window manager reads to make a window fullscreen; SDL's own
 * fullscreen is left to the other backends (Wayland, KMS, the headless tests) and to
 * Xwayland under a compositor (cage), which sizes the window itself.
 *
 * SDL 2.26 pitfalls handled here: hints set before SDL_Init (touch-to-mouse off, mouse
 * auto-capture off, no minimise on focus loss, screensaver off), FULLSCREEN_DESKTOP not
 * exclusive fullscreen, no logical size (layout from the output size, so no letterbox
 * clamping).
 */
#include <SDL_syswm.h>
#include <X11/Xatom.h>
#include <X11/Xlib.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "wz_kiosk_int.h"
#include "wz_util.h"

/* A GL that is itself software (llvmpipe) is the worst of both: slower than SDL's own
 * software renderer for our mostly still screens, and 50 MB of LLVM resident. */
static int gl_is_software(void)
{
    typedef const unsigned char *(*get_string_fn)(unsigned);
    get_string_fn get = (get_string_fn)(uintptr_t)SDL_GL_GetProcAddress("glGetString");
    const char *name = get ? (const char *)get(0x1F01 /* GL_RENDERER */) : NULL;
    return name && (strstr(name, "llvmpipe") || strstr(name, "softpipe") ||
                    strstr(name, "Software Rasterizer") || strstr(name, "SWR"));
}

/* The renderer: a GPU with vsync where there is one; SDL's software renderer (and no
 * GL at all) on machines without a GPU, headless or under Xvfb. SDL_RENDER_DRIVER in
 * the environment overrides the choice. */
static SDL_Renderer *create_renderer(SDL_Window *win)
{
    SDL_Renderer *r = NULL;
    int gpu = getenv("SDL_RENDER_DRIVER") != NULL;
    if (!gpu) {
        struct stat st;
        for (int i = 128; i < 136 && !gpu; i++) {
            char dev[32];
            snprintf(dev, sizeof dev, "/dev/dri/renderD%d", i);
            gpu = stat(dev, &st) == 0;
        }
    }
    if (gpu) {
        r = SDL_CreateRenderer(win, -1, SDL_RENDERER_ACCELERATED | SDL_RENDERER_PRESENTVSYNC);
        SDL_RendererInfo info;
        if (r && !getenv("SDL_RENDER_DRIVER") && SDL_GetRendererInfo(r, &info) == 0 &&
            strstr(info.name, "opengl") && gl_is_software()) {
            SDL_DestroyRenderer(r);
            r = NULL;
        }
    }
    if (!r) {
        SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
        r = SDL_CreateRenderer(win, -1, SDL_RENDERER_SOFTWARE);
    }
    if (!r) r = SDL_CreateRenderer(win, -1, 0);
    return r;
}

/* SDL_ShowCursor(SDL_DISABLE) does not hold on every backend (Wayland, SDL#3576): a
 * transparent 1x1 cursor as well keeps the arrow off the screen there too. */
void wz_kiosk_hide_cursor(wz_kiosk *k)
{
    static const Uint8 blank[1] = {0};
    if (!k->blank_cursor) k->blank_cursor = SDL_CreateCursor(blank, blank, 1, 1, 0, 0);
    if (k->blank_cursor) SDL_SetCursor(k->blank_cursor);
    SDL_ShowCursor(SDL_DISABLE);
    k->cursor_hidden = 1;
}

/* Marks the (not yet mapped) X11 window fullscreen, as SDL does for its own fullscreen
 * windows; the window manager reads the state when it maps the window. Returns -1 when
 * the window is not an X11 one. */
static int x11_mark_fullscreen(SDL_Window *win)
{
    SDL_SysWMinfo info;
    SDL_VERSION(&info.version);
    if (!SDL_GetWindowWMInfo(win, &info) || info.subsystem != SDL_SYSWM_X11) return -1;
    Display *dpy = info.info.x11.display;
    Atom state = XInternAtom(dpy, "_NET_WM_STATE", False);
    Atom full = XInternAtom(dpy, "_NET_WM_STATE_FULLSCREEN", False);
    XChangeProperty(dpy, info.info.x11.window, state, XA_ATOM, 32, PropModeReplace,
                    (unsigned char *)&full, 1);
    return 0;
}

/* A fullscreen window: under X11 borderless at the display's size and marked
 * fullscreen for the window manager before it shows (see the top of this file),
 * elsewhere SDL's FULLSCREEN_DESKTOP. */
static SDL_Window *fullscreen_window(void)
{
    const char *driver = SDL_GetCurrentVideoDriver();
    SDL_Rect r = {0, 0, 1920, 1080};
    /* Xwayland under a Wayland compositor (cage): the compositor, not a window manager,
     * sizes the window, so SDL's own fullscreen, which follows its resize */
    const char *wl = getenv("WAYLAND_DISPLAY");
    int xwayland = wl && *wl;
    if (!xwayland && driver && strcmp(driver, "x11") == 0 && SDL_GetDisplayBounds(0, &r) == 0) {
        SDL_Window *win = SDL_CreateWindow("Warning Zone", r.x, r.y, r.w, r.h,
                                           SDL_WINDOW_BORDERLESS | SDL_WINDOW_HIDDEN);
        if (win && x11_mark_fullscreen(win) == 0) {
            SDL_ShowWindow(win);
            return win;
        }
        if (win) SDL_DestroyWindow(win);
    }
    Uint32 flags = SDL_WINDOW_ALLOW_HIGHDPI | SDL_WINDOW_SHOWN | SDL_WINDOW_FULLSCREEN_DESKTOP |
                   SDL_WINDOW_BORDERLESS;
    return SDL_CreateWindow("Warning Zone", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, r.w,
                            r.h, flags);
}

int wz_kiosk_open_window(wz_kiosk *k)
{
    const wz_kiosk_opts *opts = &k->opts;
    int full = opts->fullscreen || opts->windowed_w <= 0 || opts->windowed_h <= 0;
    if (full)
        k->win = fullscreen_window();
    else
        k->win = SDL_CreateWindow(
            "Warning Zone", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, opts->windowed_w,
            opts->windowed_h, SDL_WINDOW_ALLOW_HIGHDPI | SDL_WINDOW_SHOWN | SDL_WINDOW_RESIZABLE);
    if (k->win) k->ren = create_renderer(k->win);
    wz_kiosk_bench_phase("window");
    if (!k->win || !k->ren) {
        fprintf(stderr, "wz-kiosk: cannot open the window: %s\n", SDL_GetError());
        return -1;
    }
    if (full) wz_kiosk_hide_cursor(k);
    SDL_RendererInfo info;
    /* WZ_KIOSK_FULL_REDRAW=1: every frame drawn whole (tests compare the two) */
    const char *whole = getenv("WZ_KIOSK_FULL_REDRAW");
    k->software = SDL_GetRendererInfo(k->ren, &info) == 0 && (info.flags & SDL_RENDERER_SOFTWARE) &&
                  !(whole && *whole == '1');
    if (info.flags & SDL_RENDERER_SOFTWARE) wz_kiosk_surface_start(k);
    return 0;
}

/* SDL_Init connects to the session bus (to keep a desktop's screensaver off). Without
 * one (no DBUS_SESSION_BUS_ADDRESS, no $XDG_RUNTIME_DIR/bus: cage, Xvfb) libdbus forks
 * the whole process to run dbus-launch, which at best starts a bus nobody listens on: a
 * start-up address that fails at once spares that. */
static void no_bus_autolaunch(void)
{
    if (getenv("DBUS_SESSION_BUS_ADDRESS")) return;
    const char *run = getenv("XDG_RUNTIME_DIR");
    if (run && *run) {
        char *bus = wz_path_join(run, "bus");
        struct stat st;
        int there = stat(bus, &st) == 0;
        free(bus);
        if (there) return;
    }
    setenv("DBUS_SESSION_BUS_ADDRESS", "disabled:", 0);
}

/* Hints first: most are read at SDL_Init or window creation. */
int wz_kiosk_init_sdl(void)
{
    SDL_SetHint(SDL_HINT_TOUCH_MOUSE_EVENTS, "0");
    SDL_SetHint(SDL_HINT_MOUSE_TOUCH_EVENTS, "0");
    SDL_SetHint(SDL_HINT_MOUSE_AUTO_CAPTURE, "0");
    SDL_SetHint(SDL_HINT_VIDEO_MINIMIZE_ON_FOCUS_LOSS, "0");
    SDL_SetHint(SDL_HINT_VIDEO_ALLOW_SCREENSAVER, "0");
    SDL_SetHint(SDL_HINT_QUIT_ON_LAST_WINDOW_CLOSE, "0");
    SDL_SetHint(SDL_HINT_RENDER_SCALE_QUALITY, "1");
    /* The kiosk takes no typed text, so X's input method needs no compose table: without
     * this it parses the locale's (thousands of lines) at every start. */
    setenv("XCOMPOSEFILE", "/dev/null", 0);
    no_bus_autolaunch();
    /* no SDL_INIT_TIMER: the kiosk sets no SDL timers, and it would start a thread */
    if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_EVENTS) != 0) {
        fprintf(stderr, "wz-kiosk: cannot start the display: %s\n", SDL_GetError());
        return -1;
    }
    return 0;
}

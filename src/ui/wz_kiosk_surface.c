/*
 * wz_kiosk_surface: the software renderer's window surface made ready while the first
 * frame is built.
 *
 * The surface is 8 MB at 1920x1080, and the first touch of each of its pages is slow: a
 * page fault, and in a virtual machine the host's own mapping too (5-20 us a page on the
 * kiosk VMs measured, against 0.2 us on bare metal). Both sides pay: this process when it
 * first writes a page, the X server when it first reads it. Left to the first frame,
 * that was 25-50 ms of its present on a virtual kiosk.
 *
 * So two threads start with the window. One maps the pages band by band (one
 * MADV_POPULATE_WRITE call instead of a fault per page) and clears them, which makes the
 * host map them; under X11 the other presents each band, still black, as soon as it is
 * cleared, so that the server takes its own faults on the other core, in step, while the
 * UI thread builds the frame. (One thread mapping and presenting the whole surface at
 * once was 7 ms slower: the server then took the host's mappings too, after ours.) The
 * first draw waits for the clearing, the first present for both threads: the early
 * bands never land over the frame. Black, not the attract screen's navy: the screen is
 * black until the first frame anyway, and a mostly navy screen without its words would
 * pass for the attract screen with some watchers (the start benchmark's among them).
 *
 * Presenting from a thread is safe under X11 only: SDL makes Xlib thread-safe
 * (XInitThreads), and SDL_UpdateWindowSurfaceRects there only sends the band and waits
 * for the server. Other backends may present through a GL context of the UI thread's.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "wz_kiosk_int.h"
#include "wz_util.h"

#define BANDS 8

struct wz_kiosk_surface {
    SDL_Window *win;
    SDL_Surface *s;
    SDL_Rect band[BANDS];
    pthread_t fill_thread, present_thread;
    int filling, presenting;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    int filled; /* bands cleared so far */
};

/* Maps a band's pages in one call (a hint: without it the clearing faults them in) and
 * clears it: mapping alone leaves the host's side to the first access. */
static void fill_band(wz_kiosk_surface *w, const SDL_Rect *b)
{
    uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
    uintptr_t first = (uintptr_t)w->s->pixels + (uintptr_t)b->y * (uintptr_t)w->s->pitch;
    uintptr_t end = first + (uintptr_t)b->h * (uintptr_t)w->s->pitch;
    uintptr_t start = first & ~(page - 1); /* madvise wants a page boundary */
    madvise((void *)start, end - start, MADV_POPULATE_WRITE);
    SDL_FillRect(w->s, b, SDL_MapRGB(w->s->format, 0, 0, 0));
}

static void *fill(void *arg)
{
    wz_kiosk_surface *w = arg;
    for (int i = 0; i < BANDS; i++) {
        fill_band(w, &w->band[i]);
        pthread_mutex_lock(&w->mu);
        w->filled = i + 1;
        pthread_cond_broadcast(&w->cv);
        pthread_mutex_unlock(&w->mu);
    }
    return NULL;
}

static void wait_filled(wz_kiosk_surface *w, int bands)
{
    pthread_mutex_lock(&w->mu);
    while (w->filled < bands)
        pthread_cond_wait(&w->cv, &w->mu);
    pthread_mutex_unlock(&w->mu);
}

static void *present(void *arg)
{
    wz_kiosk_surface *w = arg;
    for (int i = 0; i < BANDS; i++) {
        wait_filled(w, i + 1);
        SDL_UpdateWindowSurfaceRects(w->win, &w->band[i], 1);
    }
    return NULL;
}

void wz_kiosk_surface_start(wz_kiosk *k)
{
    SDL_Surface *s = SDL_GetWindowSurface(k->win);
    if (!s || !s->pixels || s->pitch <= 0 || s->h < BANDS || sysconf(_SC_PAGESIZE) <= 0) return;
    wz_kiosk_surface *w = wz_xcalloc(1, sizeof *w);
    w->win = k->win;
    w->s = s;
    for (int i = 0; i < BANDS; i++) {
        int y0 = s->h * i / BANDS, y1 = s->h * (i + 1) / BANDS;
        w->band[i] = (SDL_Rect){0, y0, s->w, y1 - y0};
    }
    pthread_mutex_init(&w->mu, NULL);
    pthread_cond_init(&w->cv, NULL);
    w->filling = pthread_create(&w->fill_thread, NULL, fill, w) == 0;
    const char *driver = SDL_GetCurrentVideoDriver();
    if (w->filling && driver && strcmp(driver, "x11") == 0)
        w->presenting = pthread_create(&w->present_thread, NULL, present, w) == 0;
    k->surface = w;
    if (!w->filling) wz_kiosk_surface_ready(k);
}

void wz_kiosk_surface_filled(wz_kiosk *k)
{
    if (k->surface) wait_filled(k->surface, BANDS);
}

void wz_kiosk_surface_ready(wz_kiosk *k)
{
    wz_kiosk_surface *w = k->surface;
    if (!w) return;
    if (w->filling) pthread_join(w->fill_thread, NULL);
    if (w->presenting) pthread_join(w->present_thread, NULL);
    pthread_cond_destroy(&w->cv);
    pthread_mutex_destroy(&w->mu);
    free(w);
    k->surface = NULL;
}

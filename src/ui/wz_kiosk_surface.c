/*
 * wz_kiosk_surface: the software renderer's window surface made ready while the first
 * frame is built.
 *
 * The surface is 8 MB at 1920x1080, and the first touch of each of its pages is slow: a
 * page fault, and in a virtual machine the host's own mapping too (about 15 us a page on
 * the kiosk VMs measured, against 0.2 us on bare metal). Both sides pay: this process
 * when it first writes a page, the X server when it first reads it. Left to the first
 * frame, that was 25-50 ms of its present on a virtual kiosk.
 *
 * So a thread starts with the window: it maps all the pages in one call
 * (MADV_POPULATE_WRITE, a tenth of the cost of faulting them one by one) and, under X11,
 * presents the still black surface at once, so that the server takes its faults, and the
 * host its mappings, on the other core while the UI thread builds the frame. The first
 * draw waits for the mapping, the first present for the thread: the black never lands
 * over the frame. (Cleared first, the pages cost this process the host's mappings too:
 * 11 ms more on the thread, which then held up the first frame.)
 *
 * Presenting from a thread is safe under X11 only: SDL makes Xlib thread-safe
 * (XInitThreads), and SDL_UpdateWindowSurface there only sends the image and waits for
 * the server. Other backends may present through a GL context of the UI thread's.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "wz_kiosk_int.h"
#include "wz_util.h"

struct wz_kiosk_surface {
    SDL_Window *win;
    SDL_Surface *s;
    int present; /* X11: present the mapped surface from the thread */
    pthread_t thread;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    int mapped;
};

static void *prepare(void *arg)
{
    wz_kiosk_surface *w = arg;
    uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
    uintptr_t first = (uintptr_t)w->s->pixels;
    uintptr_t end = first + (uintptr_t)w->s->h * (uintptr_t)w->s->pitch;
    uintptr_t start = first & ~(page - 1);                    /* madvise wants a page boundary */
    madvise((void *)start, end - start, MADV_POPULATE_WRITE); /* a hint only */
    pthread_mutex_lock(&w->mu);
    w->mapped = 1;
    pthread_cond_broadcast(&w->cv);
    pthread_mutex_unlock(&w->mu);
    if (w->present) SDL_UpdateWindowSurface(w->win);
    return NULL;
}

void wz_kiosk_surface_start(wz_kiosk *k)
{
    SDL_Surface *s = SDL_GetWindowSurface(k->win);
    if (!s || !s->pixels || s->pitch <= 0 || s->h <= 0 || sysconf(_SC_PAGESIZE) <= 0) return;
    wz_kiosk_surface *w = wz_xcalloc(1, sizeof *w);
    const char *driver = SDL_GetCurrentVideoDriver();
    w->win = k->win;
    w->s = s;
    w->present = driver && strcmp(driver, "x11") == 0;
    pthread_mutex_init(&w->mu, NULL);
    pthread_cond_init(&w->cv, NULL);
    if (pthread_create(&w->thread, NULL, prepare, w) != 0) {
        pthread_cond_destroy(&w->cv);
        pthread_mutex_destroy(&w->mu);
        free(w);
        return;
    }
    k->surface = w;
}

void wz_kiosk_surface_filled(wz_kiosk *k)
{
    wz_kiosk_surface *w = k->surface;
    if (!w) return;
    pthread_mutex_lock(&w->mu);
    while (!w->mapped)
        pthread_cond_wait(&w->cv, &w->mu);
    pthread_mutex_unlock(&w->mu);
}

void wz_kiosk_surface_ready(wz_kiosk *k)
{
    wz_kiosk_surface *w = k->surface;
    if (!w) return;
    pthread_join(w->thread, NULL);
    pthread_cond_destroy(&w->cv);
    pthread_mutex_destroy(&w->mu);
    free(w);
    k->surface = NULL;
}

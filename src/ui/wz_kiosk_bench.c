/*
 * wz_kiosk_bench: what a touch costs and where start-up time goes, printed on stderr in
 * script mode when WZ_KIOSK_BENCH is set (bench/ reads these lines), and for every frame
 * and start-up phase when WZ_KIOSK_BENCH_VERBOSE is set. Nothing is measured otherwise.
 *
 * A touch's latency runs from the finger going up to the next frame presented: in wall
 * time, in this thread's CPU time (what it costs whatever else the machine is doing), and
 * from the event's own SDL timestamp (whole milliseconds).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "wz_kiosk_int.h"
#include "wz_util.h"

#define LATENCY_MAX 4096

struct wz_kiosk_bench {
    int report, verbose;
    Uint64 pending_touch; /* performance counter at the finger-up not yet presented */
    Uint32 pending_touch_ms;
    long long pending_touch_cpu;
    double latency[LATENCY_MAX], latency_cpu[LATENCY_MAX], latency_sdl[LATENCY_MAX];
    int nlatency;
    long frames, partial;
};

wz_kiosk_bench *wz_kiosk_bench_create(void)
{
    int report = getenv("WZ_KIOSK_BENCH") != NULL;
    int verbose = getenv("WZ_KIOSK_BENCH_VERBOSE") != NULL;
    if (!report && !verbose) return NULL;
    wz_kiosk_bench *b = wz_xcalloc(1, sizeof(*b));
    b->report = report;
    b->verbose = verbose;
    return b;
}

void wz_kiosk_bench_destroy(wz_kiosk_bench *b)
{
    free(b);
}

/* Each phase: SDL's clock (from SDL_Init), the process's CPU, and, when a launcher gave the
 * moment of exec in WZ_BENCH_EXEC_NS (CLOCK_MONOTONIC, bench/kiosk/phases.py), the time
 * since then, which includes the loader's. */
void wz_kiosk_bench_phase(const char *what)
{
    if (!getenv("WZ_KIOSK_BENCH_VERBOSE")) return;
    struct timespec ts, now;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    clock_gettime(CLOCK_MONOTONIC, &now);
    const char *exec_ns = getenv("WZ_BENCH_EXEC_NS");
    double since = -1;
    if (exec_ns)
        since = ((double)now.tv_sec * 1e9 + (double)now.tv_nsec - strtod(exec_ns, NULL)) / 1e6;
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    fprintf(stderr, "bench: %-10s at %8.2f ms (cpu %.2f ms, %ld page faults)", what,
            (double)SDL_GetTicks64(), (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6,
            ru.ru_minflt + ru.ru_majflt);
    if (since >= 0) fprintf(stderr, " %.2f ms after exec", since);
    fputc('\n', stderr);
}

/* CPU time of this thread: what a touch costs, whatever else the machine is doing. */
static long long thread_cpu_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static long long process_rss_kb(void)
{
    FILE *f = fopen("/proc/self/status", "r");
    if (!f) return -1;
    char line[256];
    long long kb = -1;
    while (fgets(line, sizeof line, f))
        if (strncmp(line, "VmRSS:", 6) == 0) kb = strtoll(line + 6, NULL, 10);
    fclose(f);
    return kb;
}

/* The rest of a "bench:" line: the process's memory and what the caches hold. */
static void print_memory(wz_text_cache *text, wz_image_cache *images)
{
    int tn, in;
    size_t tb, ib;
    wz_text_cache_stats(text, &tn, &tb, NULL);
    wz_image_cache_stats(images, &in, &ib);
    fprintf(stderr, "rss_kb=%lld (text cache %d entries %zu kB, pictures %d %zu kB)\n",
            process_rss_kb(), tn, tb / 1024, in, ib / 1024);
}

void wz_kiosk_bench_memory(const wz_kiosk_bench *b, const char *when, wz_text_cache *text,
                           wz_image_cache *images)
{
    if (!b || !b->verbose) return;
    fprintf(stderr, "bench: %s at %.2f ms ", when, (double)SDL_GetTicks64());
    print_memory(text, images);
}

void wz_kiosk_bench_touch(wz_kiosk_bench *b, Uint32 sdl_ms)
{
    if (!b) return;
    b->pending_touch = SDL_GetPerformanceCounter();
    b->pending_touch_cpu = thread_cpu_ns();
    b->pending_touch_ms = sdl_ms;
}

void wz_kiosk_bench_frame(wz_kiosk_bench *b, Uint64 t_build, Uint64 t_draw, Uint64 t_present,
                          const char *screen)
{
    if (!b) return;
    if (b->verbose) {
        double f = 1000.0 / (double)SDL_GetPerformanceFrequency();
        fprintf(stderr, "bench: frame build %.2f draw %.2f present %.2f ms\n",
                (double)(t_draw - t_build) * f, (double)(t_present - t_draw) * f,
                (double)(SDL_GetPerformanceCounter() - t_present) * f);
    }
    b->frames++;
    if (b->pending_touch) {
        double ms = (double)(SDL_GetPerformanceCounter() - b->pending_touch) * 1000.0 /
                    (double)SDL_GetPerformanceFrequency();
        if (b->nlatency < LATENCY_MAX) {
            b->latency_cpu[b->nlatency] = (double)(thread_cpu_ns() - b->pending_touch_cpu) / 1e6;
            b->latency_sdl[b->nlatency] = (double)(SDL_GetTicks() - b->pending_touch_ms);
            b->latency[b->nlatency++] = ms;
        }
        if (b->verbose) fprintf(stderr, "bench: touch %.2f ms to the %s screen\n", ms, screen);
        b->pending_touch = 0;
    }
    if (b->frames == 1 && b->report) {
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        fprintf(stderr, "bench: first_frame_unix_ns=%lld\n",
                (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec);
    }
}

void wz_kiosk_bench_partial(wz_kiosk_bench *b)
{
    if (b) b->partial++;
}

static double percentile(double *v, int n, double p)
{
    if (n <= 0) return 0;
    for (int i = 1; i < n; i++) /* insertion sort: a few hundred samples */
        for (int j = i; j > 0 && v[j - 1] > v[j]; j--) {
            double t = v[j];
            v[j] = v[j - 1];
            v[j - 1] = t;
        }
    int i = (int)(p * (double)(n - 1) + 0.5);
    return v[WZ_MIN(i, n - 1)];
}

void wz_kiosk_bench_report(wz_kiosk_bench *b, wz_text_cache *text, wz_image_cache *images)
{
    if (!b || !b->report) return;
    double p50 = percentile(b->latency, b->nlatency, 0.50);
    double p99 = percentile(b->latency, b->nlatency, 0.99);
    double max = b->nlatency ? b->latency[b->nlatency - 1] : 0;
    fprintf(stderr, "bench: touches=%d touch_to_frame_ms_p50=%.2f p99=%.2f max=%.2f\n", b->nlatency,
            p50, p99, max);
    double c50 = percentile(b->latency_cpu, b->nlatency, 0.50);
    double c99 = percentile(b->latency_cpu, b->nlatency, 0.99);
    fprintf(stderr, "bench: touch_to_frame_cpu_ms_p50=%.2f p99=%.2f (this thread's CPU time)\n",
            c50, c99);
    fprintf(stderr, "bench: touch_to_frame_sdl_ms_p99=%.0f (from the events' SDL timestamps)\n",
            percentile(b->latency_sdl, b->nlatency, 0.99));
    fprintf(stderr, "bench: frames=%ld ", b->frames);
    print_memory(text, images);
    fprintf(stderr, "bench: frames_drawn_in_part=%ld\n", b->partial);
    long shaped = 0;
    int script_fonts = 0;
    wz_text_shape_stats(text, &shaped, &script_fonts);
    fprintf(stderr, "bench: texts_shaped=%ld script_fonts_open=%d\n", shaped, script_fonts);
}

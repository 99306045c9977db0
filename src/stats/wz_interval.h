/*
 * wz_interval: how sure a share is, for the knowledge check's before and after groups.
 *
 * The one place the interval maths lives, so wz-stats and the collector can never give
 * different figures for the same counts:
 *   - a share's 95% interval is Wilson's score interval (Wilson 1927), which stays inside
 *     0..1 and behaves with small counts and with shares near 0 or 1;
 *   - the difference between two independent shares (after minus before) gets Newcombe's
 *     hybrid score interval (Newcombe 1998, "method 10"), built from the two Wilson
 *     intervals; no continuity correction.
 * Figures from fewer than WZ_INTERVAL_MIN_ANSWERS answers in a group are not shown at all.
 */
#ifndef WZ_INTERVAL_H
#define WZ_INTERVAL_H

#define WZ_INTERVAL_Z95 1.959963984540054 /* the normal quantile for 95% two-sided */
#define WZ_INTERVAL_MIN_ANSWERS 10

/* Wilson score interval of k successes in n trials (0 <= k <= n, n > 0) at z. */
void wz_interval_wilson(long long k, long long n, double z, double *low, double *high);
/* Newcombe's hybrid score interval for p1 - p2 (p1 = k1/n1, p2 = k2/n2, both n > 0). */
void wz_interval_newcombe(long long k1, long long n1, long long k2, long long n2, double z,
                          double *low, double *high);

/* The knowledge check's figures for one question: right answers out of answers, before
 * and after the scenario. A share is shown only when its group has at least
 * WZ_INTERVAL_MIN_ANSWERS answers; the difference (after - before) and its 95% interval
 * only when both are. Every figure is a share rounded to 3 decimals (0.417), the same
 * everywhere it is printed. */
typedef struct wz_before_after {
    long long answered[2], right[2]; /* [0] before, [1] after */
    int shown[2], diff_shown;
    double share[2];
    double diff, low, high;
} wz_before_after;
void wz_before_after_compute(wz_before_after *f, long long right_before, long long answered_before,
                             long long right_after, long long answered_after);
/* A share as a whole percentage ("42%") and a difference in percentage points ("+12",
 * "-3", "0"), into buf. */
void wz_interval_percent(char *buf, int size, double share);
void wz_interval_points(char *buf, int size, double diff);

#endif

/*
 * wz_interval: Wilson and Newcombe intervals (see wz_interval.h). Plain double arithmetic;
 * results are rounded to 3 decimals before anyone sees them, so the last bits of the
 * machine's arithmetic never show.
 */
#include "wz_interval.h"

#include <math.h>
#include <stdio.h>

void wz_interval_wilson(long long k, long long n, double z, double *low, double *high)
{
    if (n <= 0) {
        *low = 0;
        *high = 1;
        return;
    }
    double nn = (double)n, p = (double)k / nn, z2 = z * z;
    double d = 1 + z2 / nn;
    double centre = (p + z2 / (2 * nn)) / d;
    double half = z * sqrt(p * (1 - p) / nn + z2 / (4 * nn * nn)) / d;
    *low = centre - half < 0 ? 0 : centre - half;
    *high = centre + half > 1 ? 1 : centre + half;
    if (k == 0) *low = 0; /* exact at the edges, whatever the rounding */
    if (k == n) *high = 1;
}

void wz_interval_newcombe(long long k1, long long n1, long long k2, long long n2, double z,
                          double *low, double *high)
{
    double l1, u1, l2, u2;
    wz_interval_wilson(k1, n1, z, &l1, &u1);
    wz_interval_wilson(k2, n2, z, &l2, &u2);
    double p1 = (double)k1 / (double)n1, p2 = (double)k2 / (double)n2, d = p1 - p2;
    *low = d - sqrt((p1 - l1) * (p1 - l1) + (u2 - p2) * (u2 - p2));
    *high = d + sqrt((u1 - p1) * (u1 - p1) + (p2 - l2) * (p2 - l2));
}

static double round3(double x)
{
    double r = round(x * 1000.0) / 1000.0;
    return r == 0 ? 0 : r; /* never "-0" */
}

void wz_before_after_compute(wz_before_after *f, long long right_before, long long answered_before,
                             long long right_after, long long answered_after)
{
    f->answered[0] = answered_before;
    f->answered[1] = answered_after;
    f->right[0] = right_before;
    f->right[1] = right_after;
    for (int i = 0; i < 2; i++) {
        if (f->right[i] < 0) f->right[i] = 0;
        if (f->right[i] > f->answered[i]) f->right[i] = f->answered[i];
        f->shown[i] = f->answered[i] >= WZ_INTERVAL_MIN_ANSWERS;
        f->share[i] = f->shown[i] ? round3((double)f->right[i] / (double)f->answered[i]) : 0;
    }
    f->diff_shown = f->shown[0] && f->shown[1];
    f->diff = f->low = f->high = 0;
    if (!f->diff_shown) return;
    double lo, hi;
    wz_interval_newcombe(f->right[1], f->answered[1], f->right[0], f->answered[0], WZ_INTERVAL_Z95,
                         &lo, &hi);
    f->diff = round3((double)f->right[1] / (double)f->answered[1] -
                     (double)f->right[0] / (double)f->answered[0]);
    f->low = round3(lo);
    f->high = round3(hi);
}

void wz_interval_percent(char *buf, int size, double share)
{
    snprintf(buf, (size_t)size, "%.0f%%", share * 100.0);
}

void wz_interval_points(char *buf, int size, double diff)
{
    double pts = round(diff * 100.0);
    if (pts == 0)
        snprintf(buf, (size_t)size, "0");
    else
        snprintf(buf, (size_t)size, "%+.0f", pts);
}

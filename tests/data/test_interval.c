/*
 * test_interval: the knowledge check's interval maths against published worked values
 * (Newcombe 1998: "Two-sided confidence intervals for the single proportion", Table I,
 * Wilson score method; "Interval estimation for the difference between independent
 * proportions", Table II, method 10), and the rule that nothing is shown below ten answers.
 */
#include <math.h>

#include "wz_interval.h"
#include "wz_test.h"

static int near4(double a, double b)
{
    return fabs(a - b) < 0.00005 + 1e-12;
}

static void check_wilson(long long k, long long n, double lo, double hi)
{
    double l, h;
    wz_interval_wilson(k, n, WZ_INTERVAL_Z95, &l, &h);
    if (!near4(l, lo) || !near4(h, hi))
        fprintf(stderr, "   %lld/%lld: got %.4f to %.4f, want %.4f to %.4f\n", k, n, l, h, lo, hi);
    WZ_CHECK(near4(l, lo) && near4(h, hi));
}

static void check_newcombe(long long k1, long long n1, long long k2, long long n2, double lo,
                           double hi)
{
    double l, h;
    wz_interval_newcombe(k1, n1, k2, n2, WZ_INTERVAL_Z95, &l, &h);
    if (!near4(l, lo) || !near4(h, hi))
        fprintf(stderr, "   %lld/%lld - %lld/%lld: got %.4f to %.4f, want %.4f to %.4f\n", k1, n1,
                k2, n2, l, h, lo, hi);
    WZ_CHECK(near4(l, lo) && near4(h, hi));
}

int main(void)
{
    WZ_TEST("Wilson score interval: Newcombe (1998) Table I");
    check_wilson(81, 263, 0.2553, 0.3662);
    check_wilson(15, 148, 0.0624, 0.1605);
    check_wilson(0, 20, 0.0000, 0.1611);
    check_wilson(1, 29, 0.0061, 0.1718);

    WZ_TEST("Newcombe hybrid score interval for a difference: Newcombe (1998) Table II");
    check_newcombe(56, 70, 48, 80, 0.0524, 0.3339);
    check_newcombe(9, 10, 3, 10, 0.1705, 0.8090);
    check_newcombe(5, 56, 0, 29, -0.0381, 0.1926);
    check_newcombe(0, 10, 0, 20, -0.1611, 0.2775);
    check_newcombe(0, 10, 0, 10, -0.2775, 0.2775);
    check_newcombe(10, 10, 0, 20, 0.6791, 1.0000);
    check_newcombe(10, 10, 0, 10, 0.6075, 1.0000);

    WZ_TEST("before and after: shares rounded to 3 decimals, difference after minus before");
    wz_before_after f;
    wz_before_after_compute(&f, 48, 80, 56, 70);
    WZ_CHECK(f.shown[0] && f.shown[1] && f.diff_shown);
    WZ_CHECK(f.share[0] == 0.6 && f.share[1] == 0.8);
    WZ_CHECK(f.diff == 0.2);
    WZ_CHECK(f.low == 0.052 && f.high == 0.334);
    char buf[16];
    wz_interval_percent(buf, sizeof buf, f.share[1]);
    WZ_CHECK_STR(buf, "80%");
    wz_interval_points(buf, sizeof buf, f.diff);
    WZ_CHECK_STR(buf, "+20");
    wz_interval_points(buf, sizeof buf, -0.034);
    WZ_CHECK_STR(buf, "-3");
    wz_interval_points(buf, sizeof buf, 0.001);
    WZ_CHECK_STR(buf, "0");

    WZ_TEST("fewer than 10 answers in a group: that share and the difference are not shown");
    wz_before_after_compute(&f, 5, 9, 30, 40);
    WZ_CHECK(!f.shown[0] && f.shown[1] && !f.diff_shown);
    WZ_CHECK(f.share[0] == 0 && f.diff == 0);
    wz_before_after_compute(&f, 9, 10, 3, 10);
    WZ_CHECK(f.shown[0] && f.shown[1] && f.diff_shown);
    WZ_CHECK(f.diff == -0.6 && f.low == -0.809 && f.high == -0.171);

    WZ_TEST("more right than answered (never from a kiosk) is clamped, not shown as over 100%");
    wz_before_after_compute(&f, 20, 10, 0, 10);
    WZ_CHECK(f.share[0] == 1.0);
    WZ_TEST_END();
}

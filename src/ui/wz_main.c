/*
 * wz-kiosk: the touchscreen program (its options: --help and docs/script-mode.md).
 *
 * main only reads the command line and hands over to wz_kiosk; every option is checked
 * here so that a typo gives a clear message and exit 2 before any window opens.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wz_app.h"
#include "wz_config.h"
#include "wz_kiosk.h"
#include "wz_kiosk_int.h"
#include "wz_pin.h"

static void usage(FILE *out)
{
    fprintf(out,
            "usage: wz-kiosk [--config FILE] [--scenarios DIR] [--db FILE] [--windowed WxH]\n"
            "                [--fullscreen] [--script FILE] [--screenshot-dir DIR] [--fake-clock]\n"
            "                [--check-layout] [--soak N [--seed S] [--soak-tally FILE]]\n"
            "                [--quiz-before SHARE]\n"
            "\n"
            "  --config FILE         settings (default: built-in defaults)\n"
            "  --scenarios DIR       folder of scenarios (overrides the config)\n"
            "  --db FILE             statistics database (overrides the config)\n"
            "  --windowed WxH        a window instead of full screen, e.g. 1280x800\n"
            "  --fullscreen          full screen (the default)\n"
            "  --script FILE         drive the kiosk from a script, then exit\n"
            "  --screenshot-dir DIR  where `shot NAME` saves NAME.png (default .)\n"
            "  --fake-clock          time passes only through `wait` and `idle`\n"
            "  --check-layout        fail when a control or text does not fit the screen\n"
            "  --soak N              a random visitor plays N visits (fake clock), then exit\n"
            "  --seed S              the soak's random seed (default 1)\n"
            "  --soak-tally FILE     write what the soak played, one figure a line\n"
            "  --quiz-before SHARE   share of visits with the knowledge check before the\n"
            "                        scenario: 0 (after), 1 (before), 1/3 (overrides the\n"
            "                        config; a --script gets 0 unless it says)\n"
            "  --hash-pin            read an admin PIN on stdin, print the pin_hash line\n"
            "  --check-config [FILE] check the settings file (default: --config, or\n"
            "                        /etc/wz-kiosk/kiosk.ini) and the upload token file,\n"
            "                        and print what is in effect\n"
            "\n"
            "script commands (one a line, # starts a comment; docs/script-mode.md):\n"
            "  tap X Y          a tap at fractions 0..1 of the screen\n"
            "  tap \"Label\"      press the control showing that text\n"
            "  hold X Y MS      press at X Y, keep the finger down MS ms, then release\n"
            "  wait MS          let MS ms pass (instantly with --fake-clock)\n"
            "  idle MS          move the idle clock on by MS ms\n"
            "  shot NAME        save NAME.png in the screenshot folder\n"
            "  expect \"text\"    fail unless that text is on the screen (a picture reads\n"
            "                   as \"[picture FILE]\")\n"
            "  quit             stop here\n");
}

/* A whole number from 0 to max, or -1. */
static long long parse_count(const char *s, long long max)
{
    char *end;
    long long v = strtoll(s, &end, 10);
    return (end == s || *end || v < 0 || v > max) ? -1 : v;
}

static int parse_size(const char *s, int *w, int *h)
{
    char *end;
    long a = strtol(s, &end, 10);
    if (end == s || (*end != 'x' && *end != 'X')) return -1;
    const char *p = end + 1;
    long b = strtol(p, &end, 10);
    if (end == p || *end) return -1;
    if (a < 320 || b < 240 || a > 8192 || b > 8192) return -1;
    *w = (int)a;
    *h = (int)b;
    return 0;
}

int main(int argc, char **argv)
{
    wz_kiosk_bench_phase("main");
    wz_kiosk_opts o = {0};
    o.soak_seed = 1;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char **val = NULL;
        if (strcmp(a, "--config") == 0)
            val = &o.config_path;
        else if (strcmp(a, "--scenarios") == 0)
            val = &o.scenarios_dir;
        else if (strcmp(a, "--db") == 0)
            val = &o.db_path;
        else if (strcmp(a, "--script") == 0)
            val = &o.script_path;
        else if (strcmp(a, "--quiz-before") == 0)
            val = &o.quiz_before;
        else if (strcmp(a, "--screenshot-dir") == 0)
            val = &o.screenshot_dir;
        else if (strcmp(a, "--soak-tally") == 0)
            val = &o.soak_tally;
        else if (strcmp(a, "--soak") == 0 || strcmp(a, "--seed") == 0) {
            int soak = strcmp(a, "--soak") == 0; /* at least one visit; any seed */
            long long v = i + 1 < argc ? parse_count(argv[i + 1], 1000000000LL) : -1;
            if (v < soak) {
                fprintf(stderr, "wz-kiosk: %s needs a whole number such as 500\n", a);
                return 2;
            }
            if (soak)
                o.soak_visits = (long)v;
            else
                o.soak_seed = (unsigned long long)v;
            i++;
            continue;
        } else if (strcmp(a, "--fullscreen") == 0) {
            o.fullscreen = 1;
            continue;
        } else if (strcmp(a, "--fake-clock") == 0) {
            o.fake_clock = 1;
            continue;
        } else if (strcmp(a, "--check-layout") == 0) {
            o.check_layout = 1;
            continue;
        } else if (strcmp(a, "--windowed") == 0) {
            if (i + 1 >= argc || parse_size(argv[i + 1], &o.windowed_w, &o.windowed_h) != 0) {
                fprintf(stderr, "wz-kiosk: --windowed needs a size such as 1280x800 "
                                "(from 320x240 to 8192x8192)\n");
                return 2;
            }
            i++;
            continue;
        } else if (strcmp(a, "--hash-pin") == 0) { /* staff operations (wz_pin.h) */
            return wz_pin_hash_cli(stdin, stdout, stderr);
        } else if (strcmp(a, "--check-config") == 0) { /* wz_config.h */
            int has_file = i + 1 < argc && strncmp(argv[i + 1], "--", 2) != 0;
            return wz_app_check_config_cli(has_file ? argv[i + 1] : o.config_path, stdout);
        } else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            usage(stdout);
            return 0;
        } else {
            fprintf(stderr, "wz-kiosk: unknown option \"%s\"\n", a);
            usage(stderr);
            return 2;
        }
        if (i + 1 >= argc || !argv[i + 1][0]) {
            fprintf(stderr, "wz-kiosk: %s needs a value\n", a);
            return 2;
        }
        *val = argv[++i];
    }
    if (o.soak_visits && o.script_path) {
        fprintf(stderr, "wz-kiosk: --soak and --script cannot go together\n");
        return 2;
    }
    double share;
    if (o.quiz_before && wz_config_share(o.quiz_before, &share) != 0) {
        fprintf(stderr, "wz-kiosk: --quiz-before needs a share from 0 to 1, such as 0, 1 or 1/3\n");
        return 2;
    }
    if (o.fake_clock && !o.script_path) {
        fprintf(stderr, "wz-kiosk: --fake-clock only makes sense with --script\n");
        return 2;
    }
    if (o.fullscreen) o.windowed_w = o.windowed_h = 0;
    wz_kiosk *k = wz_kiosk_create(&o);
    if (!k) return o.script_path ? 2 : 1;
    int rc = wz_kiosk_run(k);
    wz_kiosk_destroy(k);
    return rc;
}

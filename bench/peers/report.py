#!/usr/bin/python3
"""Prints wz-kiosk's figures beside Chromium's from one bench/peers/run.sh run: the
median over the measured runs of each, the ratio, and whether each target is met.

Reads the JSON files measure.py wrote (NAME-ROUND.json, one measured run each).
Start is process start to the first screen in the framebuffer; CPU the process tree's
CPU time up to then; PSS the tree's proportional memory after 10 s on that screen; idle
the tree's CPU from 10 s to 20 s on it (the first 10 s still hold start-up work: loading
and warming the caches here, Chromium's own background work there).
"""
import glob
import json
import os
import statistics
import sys

METRICS = [  # key, label, format, unit
    ("first_frame_ms", "start to first screen", "{:.0f}", "ms"),
    ("cpu_to_frame_s", "CPU up to it", "{:.3f}", "s"),
    ("pss_10s_MB", "PSS after 10 s", "{:.1f}", "MiB"),
    ("cpu_pct_20s", "idle CPU, 10-20 s", "{:.2f}", "% of a core"),
]
# wz-kiosk's targets: start at most 1/15 of Chromium's, PSS at most 32 MiB, idle <= 0.3 %.
TARGETS = {
    "first_frame_ms": ("at most 1/15 of Chromium's", lambda ours, peer: ours * 15 <= peer),
    "pss_10s_MB": ("at most 32 MiB", lambda ours, peer: ours <= 32.0),
    "cpu_pct_20s": ("at most 0.3% of a core", lambda ours, peer: ours <= 0.3),
}


def runs_of(folder, name):
    out = []
    for f in sorted(glob.glob(os.path.join(folder, name + "-*.json"))):
        with open(f) as fh:
            out += [r for r in json.load(fh)["runs"]]
    return out


def median(runs, key):
    v = [r[key] for r in runs if r.get("ok") and key in r]
    return (statistics.median(v), len(v)) if v else (None, 0)


def main():
    folder = sys.argv[1]
    ours, peer = runs_of(folder, "wz-kiosk"), runs_of(folder, "chromium")
    failed = [r.get("error", "?") for r in ours + peer if not r.get("ok")]
    print(f"{'':32s} {'wz-kiosk':>9s} {'Chromium':>9s} {'ratio':>7s}  target")
    for key, label, fmt, unit in METRICS:
        a, na = median(ours, key)
        b, nb = median(peer, key)
        cells = [fmt.format(x) if x is not None else "-" for x in (a, b)]
        ratio = f"1/{b / a:.1f}" if a and b else "-"
        verdict = ""
        if key in TARGETS and a is not None and b is not None:
            what, ok = TARGETS[key]
            verdict = f"{what}: {'met' if ok(a, b) else 'NOT met'}"
        print(f"{label + ' (' + unit + ')':32s} {cells[0]:>9s} {cells[1]:>9s} {ratio:>7s}  {verdict}")
    print(f"(medians of {median(ours, 'first_frame_ms')[1]} wz-kiosk and "
          f"{median(peer, 'first_frame_ms')[1]} Chromium runs; Xvfb and the window manager "
          "are not counted)")
    for e in failed:
        print("a run failed:", e)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""The soak: a random visitor plays N visits through the real kiosk (wz-kiosk --soak, headless),
then the kiosk's own totals (`wz-stats summary`, from its database) must equal the visitor's tally
of what it played: visits, scenario starts, choices by passage and target, endings by outcome,
spot-the-signs counts, Help by screen, abandons. Prints resident memory after visit min(1000,
N/5) and visit N; with --max-growth-kib, fails when it grew by more than that.

Usage: soak.py --build DIR [--visits N] [--seed S] [--size WxH] [--max-growth-kib K]
               [--scenarios DIR]
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def totals_lines(doc):
    """The summary document as the soak's tally lines: {key: count}, zeros left out."""
    out = {}

    def put(key, n):
        if n:
            out[key] = out.get(key, 0) + n

    put("sessions", doc["sessions"])
    put("easy_read_sessions", doc["easy_read_sessions"])
    for kind in ("audiences", "settings", "help"):
        name = {"audiences": "audience", "settings": "setting", "help": "help"}[kind]
        for label, n in doc[kind].items():
            put(f"{name}\t{label}", n)
    for sc in doc["scenarios"]:
        ifid = sc["ifid"]
        for b in sc["by_audience"]:
            aud = b["audience"]
            for what in ("started", "completed", "abandoned"):
                put(f"{what}\t{ifid}\t{aud}", b[what])
            for outcome, n in b["endings"].items():
                put(f"ending\t{ifid}\t{aud}\t{outcome}", n)
            for what, n in b["spot"].items():
                put(f"spot\t{ifid}\t{aud}\t{what}", n)
        for c in sc["choices"]:
            put(f"choice\t{ifid}\t{c['passage']}\t{c['index']}\t{c['target']}\t{c['class']}",
                c["count"])
    return out


def read_tally(path):
    out = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            key, _, n = line.rstrip("\n").rpartition("\t")
            if int(n):
                out[key] = int(n)
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", required=True)
    ap.add_argument("--visits", type=int, default=500)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--size", default="540x960")
    ap.add_argument("--max-growth-kib", type=int, default=None)
    ap.add_argument("--scenarios", default=os.path.join(ROOT, "scenarios"))
    a = ap.parse_args()

    with tempfile.TemporaryDirectory(prefix="wz-soak-") as tmp:
        db, tally = os.path.join(tmp, "kiosk.db"), os.path.join(tmp, "tally.tsv")
        env = dict(os.environ, SDL_VIDEODRIVER="dummy", WZ_DATA_DIR=ROOT)
        cmd = [os.path.join(a.build, "wz-kiosk"), "--windowed", a.size,
               "--scenarios", a.scenarios, "--db", db,
               "--soak", str(a.visits), "--seed", str(a.seed), "--soak-tally", tally]
        t0 = time.monotonic()
        run = subprocess.run(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True)
        took = time.monotonic() - t0
        sys.stdout.write(run.stdout)
        if run.returncode != 0:
            sys.stderr.write(run.stderr[-20000:])
            print(f"FAIL: wz-kiosk --soak exited with {run.returncode}")
            return 1
        m = re.search(r"resident memory (-?\d+) KiB after visit (\d+), (-?\d+) KiB after visit "
                      r"(\d+)", run.stdout)
        if not m:
            print("FAIL: the soak did not report its resident memory")
            return 1
        first, last = int(m.group(1)), int(m.group(3))
        summary = subprocess.run([os.path.join(a.build, "wz-stats"), "--db", db, "summary",
                                  "--format=json"], env=env, stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE, text=True)
        if summary.returncode != 0:
            sys.stderr.write(summary.stderr)
            print("FAIL: wz-stats summary failed")
            return 1
        kiosk = totals_lines(json.loads(summary.stdout))
        played = read_tally(tally)

    bad = 0
    for key in sorted(set(kiosk) | set(played)):
        if kiosk.get(key, 0) != played.get(key, 0):
            bad += 1
            if bad <= 30:
                print(f"  {key!r}: played {played.get(key, 0)}, kiosk counted {kiosk.get(key, 0)}")
    print(f"{a.visits} visits (seed {a.seed}) in {took:.1f} s; {len(played)} figures compared; "
          f"resident memory {first} KiB after visit {m.group(2)}, {last} KiB after visit "
          f"{m.group(4)}: {last - first:+d} KiB")
    if bad:
        print(f"FAIL: {bad} figures differ between what the soak played and the kiosk's totals")
        return 1
    if not played.get("sessions"):
        print("FAIL: the soak played no session")
        return 1
    if a.max_growth_kib is not None and last - first > a.max_growth_kib:
        print(f"FAIL: resident memory grew by {last - first} KiB, over {a.max_growth_kib} KiB")
        return 1
    print("the kiosk's totals equal what the soak played")
    return 0


if __name__ == "__main__":
    sys.exit(main())

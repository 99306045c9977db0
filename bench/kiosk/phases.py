#!/usr/bin/python3
"""Where wz-kiosk's start goes, phase by phase, counted from exec (the loader included).

Runs the kiosk RUNS times on DISPLAY (an X server such as Xvfb, ideally with a window
manager, as bench/peers/run.sh has), each with a fresh database, for 1 s, with
WZ_KIOSK_BENCH_VERBOSE; this launcher notes CLOCK_MONOTONIC just before exec and passes it
in WZ_BENCH_EXEC_NS, so each "bench:" phase line says how long after exec it came (the
time is taken in the child, just before it becomes the kiosk, so Python's fork is not
counted). Prints the median of each phase (with the page faults so far: on a virtual
machine each costs 10-20 us) and of the first frame's build, draw and present.

Usage: DISPLAY=:7 bench/kiosk/phases.py BUILD_DIR [RUNS]
"""
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
build = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, "build")
runs = int(sys.argv[2]) if len(sys.argv) > 2 else 7
# the child notes the moment and becomes the kiosk
LAUNCH = ("import os, sys, time; os.environ['WZ_BENCH_EXEC_NS'] = str(time.monotonic_ns()); "
          "os.execv(sys.argv[1], sys.argv[1:])")
phases, faults, frame = {}, {}, {"build": [], "draw": [], "present": []}
for _ in range(runs):
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, WZ_KIOSK_BENCH_VERBOSE="1", WZ_DATA_DIR=root)
        cmd = [os.path.join(build, "wz-kiosk"), "--scenarios", os.path.join(root, "scenarios"),
               "--db", os.path.join(tmp, "kiosk.db")]
        p = subprocess.Popen([sys.executable, "-S", "-c", LAUNCH] + cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                             text=True)
        time.sleep(1)
        p.terminate()
        err = p.communicate()[1]
    first = True
    for line in err.splitlines():
        m = re.match(r"bench: (\S+) +at .* ([0-9.]+) ms after exec$", line)
        if m:
            phases.setdefault(m.group(1), []).append(float(m.group(2)))
            f = re.search(r"([0-9]+) page faults", line)
            if f:
                faults.setdefault(m.group(1), []).append(int(f.group(1)))
        m = re.match(r"bench: frame build ([0-9.]+) draw ([0-9.]+) present ([0-9.]+) ms", line)
        if m and first:
            first = False
            for k, v in zip(("build", "draw", "present"), m.groups()):
                frame[k].append(float(v))
if not phases:
    sys.exit("no phase lines: is DISPLAY an X server, and the kiosk built?")
print(f"wz-kiosk start, median of {runs} runs, ms after exec (and page faults so far, the launcher's before exec included):")
for name, v in phases.items():
    pf = f"  ({statistics.median(faults[name]):.0f})" if faults.get(name) else ""
    print(f"  {name:<10} {statistics.median(v):7.2f}{pf}")
print("first frame:", ", ".join(f"{k} {statistics.median(v):.2f}" for k, v in frame.items() if v), "ms")

#!/bin/sh
# wz-kiosk beside a Chromium kiosk, measured in one run by the peer harness (measure.py,
# the same script that measured Chromium and Ren'Py for the project's baselines): each
# program starts under a fresh Xvfb at 1920x1080 with a window manager; "start" lasts
# until its first screen is in the framebuffer (wz-kiosk: the attract screen, navy #122B5C
# with white text; Chromium: a one-page story, #1E3A5F with #FFE08A text). The two are
# interleaved run by run (a warm-up round first, not counted), so that a busy machine
# weighs on both alike; report.py prints the medians, the ratios and the targets.
# Usage: bench/peers/run.sh [BUILD_DIR]
#   WZ_PEER_BENCH  folder holding measure.py and stories/ (default: shared/bench beside
#                  the checkout)      WZ_PEER_RUNS  measured rounds (default 5)
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$root/build}
case $build in /*) ;; *) build=$root/$build ;; esac
kiosk=$build/wz-kiosk
runs=${WZ_PEER_RUNS:-5}
peer=${WZ_PEER_BENCH:-}
if [ -z "$peer" ]; then
  for d in "$root/../shared/bench" "$root/../../shared/bench"; do
    [ -f "$d/measure.py" ] && peer=$(cd "$d" && pwd) && break
  done
fi
py=/usr/bin/python3
missing=""
[ -x "$kiosk" ] || missing="$missing wz-kiosk (make)"
[ -n "$peer" ] && [ -f "$peer/measure.py" ] || missing="$missing measure.py (set WZ_PEER_BENCH)"
for t in Xvfb xdpyinfo matchbox-window-manager chromium; do
  command -v $t >/dev/null 2>&1 || missing="$missing $t"
done
$py -c 'import numpy' 2>/dev/null || missing="$missing python3-numpy"
if [ -n "$missing" ]; then
  echo "beside Chromium: not measured, missing:$missing (scripts/install-deps.sh)"
  exit 0
fi
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT INT TERM
cp "$peer/stories/web/story.html" "$out/story.html"
wm="matchbox-window-manager -use_titlebar no -use_cursor no"

measure() { # $1 name, $2 round, $3 warm-up runs, $4 bg, $5 text, then measure.py's options
  name=$1 round=$2 warm=$3 bg=$4 text=$5
  shift 5
  $py "$peer/measure.py" --name "$name" --bg "$bg" --text "$text" --runs 1 --warmup "$warm" \
    --wm "$wm" --out "$out/$name-$round.json" "$@" > "$out/$name-$round.log" 2>&1 || true
  grep -h 'FAIL' "$out/$name-$round.log" || true
}

echo "wz-kiosk beside Chromium, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $runs rounds + 1 warm-up"
i=1
while [ $i -le "$runs" ]; do
  warm=0
  [ $i -eq 1 ] && warm=1
  measure wz-kiosk $i $warm 122B5C FFFFFF --env WZ_DATA_DIR="$root" -- "$kiosk" \
    --scenarios "$root/scenarios" --db "{tmpdir}/kiosk.db"
  measure chromium $i $warm 1E3A5F FFE08A -- chromium --no-sandbox --disable-gpu --disable-quic \
    --no-first-run --disable-background-networking --disable-component-update --disable-sync \
    "--user-data-dir={tmpdir}" --kiosk --window-position=0,0 --window-size=1920,1080 \
    "--host-resolver-rules=MAP * ~NOTFOUND" "file://$out/story.html"
  i=$((i + 1))
done
$py "$root/bench/peers/report.py" "$out"

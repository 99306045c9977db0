#!/bin/sh
# wz-kiosk speed and footprint (targets in brackets):
#   start-up to the first presented frame      (< 300 ms)
#   resident memory after a whole scenario     (< 80 MB)
#   idle CPU on the attract and player screens (< 2% of one core, over 30 s, under Xvfb:
#                                               the dummy driver polls every millisecond)
#   touch to the next presented frame, p99     (< 16.7 ms), also in Urdu and Gujarati
#   fonts of other scripts opened with only English shown (0: loaded only when needed)
#   resident memory with five languages configured and each chosen once, against English
#                                              only (< 15 MB more)
# Usage: bench/kiosk/run.sh [BUILD_DIR]   (a release build gives the honest figures)
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$root/build}
case $build in /*) ;; *) build=$root/$build ;; esac
kiosk=$build/wz-kiosk
here=$root/bench/kiosk
[ -x "$kiosk" ] || { echo "build wz-kiosk first: make" >&2; exit 1; }
tmp=$(mktemp -d)
xpid=""
cleanup() { [ -n "$xpid" ] && kill "$xpid" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT INT TERM
scen=$root/scenarios
examples=$root/scenarios/examples
export WZ_KIOSK_BENCH=1
hz=$(getconf CLK_TCK)

now_ns() { date +%s%N; }

startup() { # $1: label; SDL_VIDEODRIVER set by the caller
  i=0
  : > "$tmp/st"
  while [ $i -lt 10 ]; do
    t0=$(now_ns)
    "$kiosk" --windowed 1920x1080 --scenarios "$scen" --db "$tmp/db" --script "$here/quit.script" \
      2> "$tmp/err" || { cat "$tmp/err" >&2; exit 1; }
    t1=$(sed -n 's/^bench: first_frame_unix_ns=//p' "$tmp/err")
    echo $(( (t1 - t0) / 1000 )) >> "$tmp/st"
    i=$((i + 1))
  done
  sort -n "$tmp/st" | awk -v l="$1" '{v[NR]=$1} END {printf "start-up to first frame (%s): median %.1f ms, max %.1f ms over %d runs\n", l, v[int((NR+1)/2)]/1000, v[NR]/1000, NR}'
}

walk() { # $1: label, $2: size, $3: script (default touch.script), $4: scenarios folder
  "$kiosk" --windowed "$2" --scenarios "${4:-$scen}" --db "$tmp/db" \
    --script "$here/${3:-touch.script}" 2> "$tmp/err" || { cat "$tmp/err" >&2; exit 1; }
  rss=$(sed -n 's/^bench: frames=[0-9]* rss_kb=\([0-9]*\).*/\1/p' "$tmp/err")
  lat=$(sed -n 's/^bench: //p' "$tmp/err" | grep touches)
  cpu=$(sed -n 's/^bench: touch_to_frame_cpu/cpu/p' "$tmp/err")
  sdl=$(sed -n 's/^bench: touch_to_frame_sdl/sdl/p' "$tmp/err")
  echo "after a whole scenario (${1}, $2): resident memory $((rss / 1024)) MB"
  echo "touch to next presented frame (${1}, $2): $lat; $cpu; $sdl"
  echo "text in other scripts (${1}, $2): $(sed -n 's/^bench: texts_shaped/texts_shaped/p' "$tmp/err")"
}

rss_of() { # $1: config's languages, $2: script; resident kB at the end
  printf '[kiosk]\nlanguages = %s\n' "$1" > "$tmp/lang.ini"
  "$kiosk" --windowed 1920x1080 --scenarios "$scen" --db "$tmp/db" --config "$tmp/lang.ini" \
    --script "$here/$2" 2> "$tmp/err" || { cat "$tmp/err" >&2; exit 1; }
  sed -n 's/^bench: frames=[0-9]* rss_kb=\([0-9]*\).*/\1/p' "$tmp/err"
}

languages() { # three interleaved pairs: English only, and all five languages tried
  for i in 1 2 3; do
    echo "$(rss_of en touch.script) $(rss_of en,ur,gu,pa,pl touch-languages.script)"
  done | awk '{d = $2 - $1; printf "%s%.1f", (NR > 1 ? ", " : ""), d / 1024; s = s sprintf(" %.1f/%.1f", $1 / 1024, $2 / 1024)}
    END {printf " MB more with en,ur,gu,pa,pl configured and each tried (English only / five, MB:%s)\n", s}' |
    sed 's/^/resident memory after a whole scenario, languages (dummy, 1920x1080): /'
}

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

idle_cpu() { # $1: screen name, $2: script
  "$kiosk" --windowed 1920x1080 --scenarios "$scen" --db "$tmp/db" --script "$2" 2> "$tmp/err" &
  pid=$!
  sleep 8 # start-up, and the chat's messages arriving
  a=$(cpu_ticks $pid)
  sleep 30
  b=$(cpu_ticks $pid)
  kill $pid 2>/dev/null || true
  wait $pid 2>/dev/null || true
  awk -v t=$((b - a)) -v hz="$hz" -v s="$1" 'BEGIN {printf "idle CPU on the %s screen (Xvfb, 30 s): %.2f%% of one core\n", s, 100 * t / hz / 30}'
}

echo "wz-kiosk bench, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, build $build"
SDL_VIDEODRIVER=dummy startup dummy
SDL_VIDEODRIVER=dummy walk "dummy, software" 1920x1080
SDL_VIDEODRIVER=dummy walk "dummy, software" 3840x2160
# the Urdu and Gujarati stories of the script-mode tests, three plays each
SDL_VIDEODRIVER=dummy walk "dummy, Urdu" 1920x1080 touch-ur.script "$root/tests/ui/data/scripts"
SDL_VIDEODRIVER=dummy walk "dummy, Gujarati" 1920x1080 touch-gu.script "$root/tests/ui/data/scripts"
SDL_VIDEODRIVER=dummy languages

if command -v Xvfb >/dev/null 2>&1; then
  . "$root/scripts/xvfb.sh"
  wz_xvfb_start "$tmp" 1920x1080x24
  unset SDL_VIDEODRIVER
  startup Xvfb
  walk Xvfb 1920x1080
  idle_cpu attract "$here/attract.script"
  idle_cpu player "$here/player.script"
else
  echo "Xvfb not installed: idle CPU not measured (apt-get install xvfb)"
fi

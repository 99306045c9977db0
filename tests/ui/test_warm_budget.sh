#!/bin/sh
# The warm-up on the attract screen is bounded by its budget (wz_kiosk_warm.c), whatever
# the size of the library: with the bundled scenarios (35+ files) it must end, and hold
# no more than the budget plus one screen's worth (12 MB of text and pictures in all).
# Usage: test_warm_budget.sh WZ_KIOSK SOURCE_DIR WORK_DIR
set -eu
kiosk=$1 src=$2 work=$3
rm -rf "$work" && mkdir -p "$work"
printf 'wait 8000\nquit\n' > "$work/idle.script"
WZ_KIOSK_BENCH_VERBOSE=1 WZ_DATA_DIR=$src "$kiosk" --windowed 1920x1080 \
  --scenarios "$src/scenarios" --db "$work/db" --script "$work/idle.script" 2> "$work/err"
line=$(grep '^bench: warmed' "$work/err" || true)
[ -n "$line" ] || { echo "FAIL: the warm-up did not end within 8 s"; exit 1; }
kb=$(echo "$line" | sed 's/.*text cache [0-9]* entries \([0-9]*\) kB, pictures [0-9]* \([0-9]*\) kB.*/\1 \2/' |
  awk '{print $1 + $2}')
echo "warm-up ended holding $kb kB of text and pictures"
[ "$kb" -le 12288 ] || { echo "FAIL: more than 12 MB warmed"; exit 1; }

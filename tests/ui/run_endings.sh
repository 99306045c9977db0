#!/bin/sh
# Plays every ending of every scenario in a folder on the kiosk, headless, with the
# layout check on: gen_ending_scripts writes one script per ending, then each runs.
#   run_endings.sh KIOSK GENERATOR SCENARIO_DIR WORK_DIR WxH
set -eu
kiosk=$1 gen=$2 dir=$3 work=$4 size=$5
rm -rf "$work"
mkdir -p "$work"
"$gen" "$dir" "$work" > "$work/list"
n=0
fail=0
while read -r script; do
  n=$((n + 1))
  if ! "$kiosk" --windowed "$size" --scenarios "$dir" --db "$work/kiosk.db" \
      --script "$script" --fake-clock --check-layout --screenshot-dir "$work"; then
    echo "FAILED: $script" >&2
    sed 's/^/    /' "$script" >&2
    fail=$((fail + 1))
  fi
done < "$work/list"
echo "$n endings played at $size, $fail failed"
[ "$n" -gt 0 ] && [ "$fail" -eq 0 ]

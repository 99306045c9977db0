#!/bin/sh
# Runs every benchmark and prints its figures (`make bench`). Benchmarks are programs
# that print numbers, never tests that pass or fail on a stopwatch: a shared CI machine
# would make those flake. Each prints the target it is measured against. The one that
# fails `make bench` is the soak, on memory, not time: 10,000 random visits through the
# real kiosk, its totals equal to what was played, resident memory after visit 10,000
# within 2 MB (2048 KiB) of visit 1,000 (tests/ui/soak.py).
# Usage: bench/run.sh [BUILD_DIR]
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
case $build in /*) ;; *) build=$root/$build ;; esac

run() {
    echo
    echo "== $*"
    "$@" || echo "(benchmark failed: $1)"
}

cd "$root"
run "$build/bench/readers/bench_readers"
run "$build/bench/engine/bench_engine"
run "$build/bench/data/bench_events"
run "$build/bench/data/bench_aggregate" 500
run "$build/bench/collector/bench_collector"
run sh "$root/bench/kiosk/run.sh" "$build"
run sh "$root/bench/peers/run.sh" "$build"

echo
echo "== soak: 10,000 visits (resident memory at visit 1,000 and 10,000; at most +2048 KiB)"
python3 "$root/tests/ui/soak.py" --build "$build" --visits 10000 --seed 1 --size 360x640 \
    --max-growth-kib 2048

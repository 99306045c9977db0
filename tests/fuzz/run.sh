#!/bin/sh
# Runs every libFuzzer harness in BUILD_DIR for SECONDS each (default 60), one after the
# other (the machine is shared), starting from its seed corpus in tests/fuzz/corpus/<name>/
# and the folders listed in tests/fuzz/<name>.seeds (test files shared with other tests).
# New interesting inputs go to a scratch corpus, not the repository; a crash leaves its
# reproducer in tests/fuzz/regress/ so it is replayed by the ordinary test suite (test
# fuzz.<name>, tests/fuzz/replay_main.c) once fixed. Exit status: non-zero if any failed.
#   usage: tests/fuzz/run.sh BUILD_DIR [SECONDS]
set -u
build=${1:?usage: run.sh BUILD_DIR [SECONDS]}
seconds=${2:-60}
here=$(cd "$(dirname "$0")" && pwd)
scratch=${WZ_FUZZ_SCRATCH:-$build/fuzz-corpus}
# UBSan only prints by default; stop on the first report so it is saved as a crash.
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}"
status=0
found=0
for harness in "$build"/tests/fuzz/fuzz_*; do
    [ -x "$harness" ] || continue
    found=1
    name=$(basename "$harness")
    mkdir -p "$scratch/$name" "$here/corpus/$name" "$here/regress"
    seeds=""
    if [ -f "$here/$name.seeds" ]; then
        for d in $(grep -v '^#' "$here/$name.seeds"); do
            [ -d "$here/../../$d" ] && seeds="$seeds $here/../../$d"
        done
    fi
    dict=""
    [ -f "$here/$name.dict" ] && dict="-dict=$here/$name.dict"
    echo "== $name for ${seconds}s"
    # shellcheck disable=SC2086
    if ! "$harness" -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
        -artifact_prefix="$here/regress/$name-" -print_final_stats=1 $dict \
        "$scratch/$name" "$here/corpus/$name" $seeds; then
        echo "!! $name failed: reproducer in $here/regress/" >&2
        status=1
    fi
done
if [ "$found" = 0 ]; then
    echo "no fuzz harnesses in $build/tests/fuzz (configure with CC=clang -DWZ_FUZZ=ON)" >&2
    exit 1
fi
exit $status

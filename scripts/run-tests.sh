#!/bin/sh
# `make test`: runs each part (a make target) in turn, keeps going after a failure, and
# ends with one line per part: its time and ctest's own summary line.
#   usage: scripts/run-tests.sh MAKE TARGET...
set -u
make=$1
shift
log=$(mktemp)
summary=$(mktemp)
rcfile=$(mktemp)
trap 'rm -f "$log" "$summary" "$rcfile"' EXIT
status=0
all_start=$(date +%s)
for target in "$@"; do
    echo "==== make $target"
    start=$(date +%s)
    { "$make" --no-print-directory "$target" 2>&1; echo $? > "$rcfile"; } | tee "$log"
    rc=$(cat "$rcfile")
    line=$(grep -E '^[0-9]+% tests passed' "$log" | tail -n 1)
    [ -n "$line" ] || { line="no tests ran"; rc=1; }
    secs=$(($(date +%s) - start))
    echo "==== make $target: ${secs} s"
    if [ "$rc" != 0 ]; then status=1; line="FAILED: $line"; fi
    printf '%-11s %5d s  %s\n' "$target" "$secs" "$line" >> "$summary"
done
echo "==== make test: every part"
cat "$summary"
printf '%-11s %5d s  %s\n' "total" "$(($(date +%s) - all_start))" \
    "$([ "$status" = 0 ] && echo "all parts passed" || echo "SOME PARTS FAILED")"
exit "$status"

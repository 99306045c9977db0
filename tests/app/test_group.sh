#!/bin/sh
# test_group.sh WZ_KIOSK WZ_STATS SOURCE_DIR WORK_DIR [WxH]: group mode through the real
# kiosk's script mode (headless, with the layout check): a guide plays the group test
# scenario with a show of hands, a tie and the ending's discussion questions; then the
# database holds one group visit (in its size band) and no single visit, as wz-stats
# summary says.
set -eu
KIOSK=$1
STATS=$2
SRC=$3
SIZE=${5:-1920x1080}
WORK=$4/group-$SIZE
rm -rf "$WORK"
mkdir -p "$WORK/shots" "$WORK/scenarios"
export SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy
cp -R "$SRC/scenarios/examples" "$WORK/scenarios/examples"
cp -R "$SRC/tests/app/data/group" "$WORK/scenarios/group"
HASH=$(printf '258014\n' | "$KIOSK" --hash-pin)
printf '[kiosk]\nid = group-test\n[admin]\n%s\n' "$HASH" >"$WORK/kiosk.ini"
"$KIOSK" --windowed "$SIZE" --config "$WORK/kiosk.ini" --scenarios "$WORK/scenarios" \
    --db "$WORK/kiosk.db" --script "$SRC/tests/app/scripts/group-mode.script" \
    --screenshot-dir "$WORK/shots" --check-layout --fake-clock 2>"$WORK/stderr.log" || {
    cat "$WORK/stderr.log"
    exit 1
}
"$STATS" --db "$WORK/kiosk.db" summary --format=text >"$WORK/summary.txt" 2>&1 || {
    cat "$WORK/summary.txt"
    exit 1
}
fail=0
grep -q '^Group visits (by group size): 21-35 1$' "$WORK/summary.txt" ||
    { echo "FAIL the group visit is not counted in its size band"; fail=1; }
grep -q '^Sessions: 0' "$WORK/summary.txt" ||
    { echo "FAIL the group visit was counted as a single visit"; fail=1; }
"$STATS" --db "$WORK/kiosk.db" summary --format=json >"$WORK/summary.json"
python3 - "$WORK/summary.json" <<'PY' || fail=1
import json, sys
d = json.load(open(sys.argv[1]))
ok = d.get("groups") == {"21-35": 1} and d.get("sessions") == 0
ok = ok and all(not s.get("started") for s in d.get("scenarios", []))
if not ok:
    print("FAIL summary: groups %s, sessions %s" % (d.get("groups"), d.get("sessions")))
    sys.exit(1)
PY
[ $fail = 0 ] || cat "$WORK/summary.txt"
exit $fail

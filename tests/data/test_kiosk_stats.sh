#!/bin/sh
# Play N scripted visits in the real wz-kiosk (headless, fake clock)
# with known choices on the example scenario "The Gift in the Game", then check that
# `wz-stats summary --format=json` counts exactly N: by scenario, by ending and by choice.
#
#   test_kiosk_stats.sh WZ_KIOSK WZ_STATS SOURCE_DIR [N]
#
# Visit i (1..N) says yes to the gems when i is odd (risky) and no otherwise (safe); in the
# spot-the-signs chat it taps one of the two warning signs; at the end it tells Mum (safe
# ending) when i is a multiple of 3, otherwise gives Jordan the app name (risky ending).
# Between visits nobody touches the screen: the idle timeout takes the kiosk back to the
# start screen, which ends the visit. The JSON is compared as exact substrings: the totals
# document's fields are in a fixed order (docs/upload-protocol.md).
set -eu
KIOSK=$1
STATS=$2
SRC=$3
N=${4:-6}
IFID=9F3B6C2E-4A1D-4C8B-9E57-1D2A3B4C5D6E
WORK=$(mktemp -d /tmp/wz-kiosk-stats-XXXXXX)
trap 'rm -rf "$WORK"' EXIT
DB=$WORK/kiosk.db
SCRIPT=$WORK/visits.script

i=1
while [ "$i" -le "$N" ]; do
    if [ $((i % 2)) -eq 1 ]; then gems="Say yes please"; else gems="Say no thanks"; fi
    if [ $((i % 3)) -eq 0 ]; then last="Tell Mum about Jordan"; else last="Give Jordan your app name"; fi
    cat >>"$SCRIPT" <<EOF
# visit $i
expect "Touch to start"
tap 0.5 0.5
tap "Age 8 to 11"
tap "The Gift in the Game"
wait 12000
tap "$gems"
tap "Continue"
tap "Show all messages"
tap "don't tell your mum we talk ok? she wouldn't get it"
tap "Done"
tap "Next"
wait 6000
tap "$last"
tap "Continue"
idle 95000
idle 20000
EOF
    i=$((i + 1))
done
echo 'expect "Touch to start"' >>"$SCRIPT"
echo 'quit' >>"$SCRIPT"

SDL_VIDEODRIVER=${SDL_VIDEODRIVER:-dummy} "$KIOSK" --windowed 1280x800 --fake-clock \
    --scenarios "$SRC/scenarios/examples" --db "$DB" --script "$SCRIPT" \
    --screenshot-dir "$WORK" >"$WORK/kiosk.log" 2>&1 || {
    echo "wz-kiosk failed:"; cat "$WORK/kiosk.log"; exit 1; }

"$STATS" --db "$DB" summary --format=json >"$WORK/summary.json"
"$STATS" --db "$DB" summary --format=csv >"$WORK/summary.csv"
"$STATS" --db "$DB" export "$WORK/export" 2>/dev/null

odd=$(( (N + 1) / 2 )); even=$(( N / 2 ))
mum=$(( N / 3 )); app=$(( N - N / 3 ))
fail=0
want() { # want DESCRIPTION SUBSTRING
    if grep -qF -- "$2" "$WORK/summary.json"; then
        echo "ok   $1"
    else
        echo "FAIL $1: summary has no $2"; fail=1
    fi
}
want "sessions" "\"sessions\":$N,"
want "visits are all 8-11" "\"audiences\":{\"8-11\":$N}"
want "scenario started/completed/abandoned" \
    "{\"ifid\":\"$IFID\",\"started\":$N,\"completed\":$N,\"abandoned\":0,"
want "endings by outcome" "\"endings\":{\"safe\":$mum,\"risky\":$app,\"mixed\":0}"
want "spot the signs" "\"spot\":{\"found\":$N,\"missed\":$N,\"wrong\":0}"
want "choice: took the gems (risky)" \
    "{\"passage\":\"Lobby\",\"index\":0,\"target\":\"Took gems\",\"class\":\"risky\",\"count\":$odd}"
want "choice: said no (safe)" \
    "{\"passage\":\"Lobby\",\"index\":1,\"target\":\"Said no\",\"class\":\"safe\",\"count\":$even}"
want "choice: told Mum (safe)" \
    "{\"passage\":\"What now\",\"index\":0,\"target\":\"Tell Mum\",\"class\":\"safe\",\"count\":$mum}"
want "choice: gave the app name (risky)" \
    "{\"passage\":\"What now\",\"index\":1,\"target\":\"Give app\",\"class\":\"risky\",\"count\":$app}"
want "by audience" \
    "\"by_audience\":[{\"audience\":\"8-11\",\"started\":$N,\"completed\":$N,\"abandoned\":0,"
# No other scenario was touched.
others=$(grep -o '"ifid":"[^"]*"' "$WORK/summary.json" | grep -vc "$IFID" || true)
if [ "$others" -eq 0 ]; then echo "ok   only the played scenario"; else echo "FAIL other scenarios counted"; fail=1; fi
# The CSV and the export say the same.
if grep -q "^started,$IFID,,,,,,,$N" "$WORK/summary.csv"; then echo "ok   csv started"; else echo "FAIL csv started"; fail=1; fi
if grep -q ",$IFID,8-11,Lobby,1,Took gems,risky,$odd" "$WORK/export/choices.csv"; then
    echo "ok   export choices.csv"
else
    echo "FAIL export choices.csv"; fail=1
fi
# The text summary names the scenario by its title when the scenario files are at hand.
printf '[paths]\nscenarios_dir = %s\n' "$SRC/scenarios/examples" >"$WORK/kiosk.ini"
"$STATS" --config "$WORK/kiosk.ini" --db "$DB" summary >"$WORK/summary.txt"
if grep -qF "The Gift in the Game ($IFID)" "$WORK/summary.txt" &&
    grep -q "^Sessions: $N " "$WORK/summary.txt"; then
    echo "ok   text summary with titles"
else
    echo "FAIL text summary"; cat "$WORK/summary.txt"; fail=1
fi
if [ "$fail" -ne 0 ]; then
    echo "--- summary.json"; cat "$WORK/summary.json"
    exit 1
fi
echo "all $N scripted visits counted exactly"

#!/bin/sh
# wz-stats as staff use it: exit codes (0 done, 1 failed, 2 usage), the three summary
# formats, --from/--to, and export's files (UTF-8 with BOM, CRLF, README.txt).
#   test_wz_stats.sh WZ_STATS WZ_RECORD_DRIVER
set -u
STATS=$1
DRIVER=$2
WORK=$(mktemp -d /tmp/wz-stats-cli-XXXXXX)
trap 'rm -rf "$WORK"' EXIT
DB=$WORK/kiosk.db
fail=0
check() { # check DESCRIPTION EXPECTED_EXIT COMMAND...
    desc=$1; want=$2; shift 2
    "$@" >"$WORK/out" 2>"$WORK/err"; got=$?
    if [ "$got" -eq "$want" ]; then echo "ok   $desc"; else
        echo "FAIL $desc: exit $got, wanted $want"; cat "$WORK/err"; fail=1; fi
}
"$DRIVER" "$DB" 10 3 >/dev/null || { echo "driver failed"; exit 1; }
TODAY=$(date +%Y-%m-%d)

check "help" 0 "$STATS" --help
grep -q "Exit status" "$WORK/out" || { echo "FAIL help lacks exit codes"; fail=1; }
check "no command" 2 "$STATS"
check "unknown command" 2 "$STATS" --db "$DB" frobnicate
check "bad format" 2 "$STATS" --db "$DB" summary --format=xml
check "bad day" 2 "$STATS" --db "$DB" summary --from 2026-02-30
check "from after to" 2 "$STATS" --db "$DB" summary --from 2026-03-02 --to 2026-03-01
check "option without value" 2 "$STATS" summary --db
check "missing database" 1 "$STATS" --db "$WORK/none.db" summary
[ ! -e "$WORK/none.db" ] || { echo "FAIL summary created a database"; fail=1; }
check "export needs a folder" 2 "$STATS" --db "$DB" export

check "summary text" 0 "$STATS" --db "$DB" summary
grep -q "^Sessions: 10 " "$WORK/out" || { echo "FAIL text sessions"; fail=1; }
check "summary json, options after the command" 0 "$STATS" summary --format=json --db "$DB"
grep -q '"sessions":10,' "$WORK/out" || { echo "FAIL json sessions"; fail=1; }
check "summary csv" 0 "$STATS" --db "$DB" summary --format csv
grep -q "^sessions,,,,,,,,10" "$WORK/out" || { echo "FAIL csv sessions"; fail=1; }
check "today only" 0 "$STATS" --db "$DB" summary --format=json --from "$TODAY" --to "$TODAY"
grep -q '"sessions":10,' "$WORK/out" || { echo "FAIL --from/--to today"; fail=1; }
check "a range with no data" 0 "$STATS" --db "$DB" summary --format=json --to 2001-01-01
grep -q '"sessions":0,' "$WORK/out" || { echo "FAIL empty range"; fail=1; }

check "export" 0 "$STATS" --db "$DB" export "$WORK/usb"
for f in README.txt days.csv hours.csv scenarios.csv choices.csv help.csv audiences.csv \
    languages.csv settings.csv worried.csv groups.csv totals.csv; do
    [ -s "$WORK/usb/$f" ] || { echo "FAIL export lacks $f"; fail=1; }
done
head -c 3 "$WORK/usb/days.csv" | od -An -tx1 | grep -q "ef bb bf" || { echo "FAIL no BOM"; fail=1; }
head -1 "$WORK/usb/days.csv" | tail -c 2 | od -An -tx1 | grep -q "0d 0a" || { echo "FAIL no CRLF"; fail=1; }
grep -q "^$TODAY,10," "$WORK/usb/days.csv" || { echo "FAIL days.csv row"; fail=1; }
for col in sessions started completed abandoned ending_safe choice_number spot_missed; do
    grep -q "$col" "$WORK/usb/README.txt" || { echo "FAIL README does not explain $col"; fail=1; }
done
# The Partnership's tables, as the collector draws them; 10 visits are shown, smaller
# figures are not (the e2e test compares them with the collector's byte for byte).
for t in periods audiences topics scenarios choices spot ratings; do
    [ -s "$WORK/usb/report-$t.csv" ] || { echo "FAIL export lacks report-$t.csv"; fail=1; }
done
grep -q "fewer than 10" "$WORK/usb/README.txt" || { echo "FAIL README does not explain suppression"; fail=1; }
check "report json" 0 "$STATS" --db "$DB" summary --report --table periods
grep -q '"table":"periods","suppressed_below":10' "$WORK/out" || { echo "FAIL report json"; fail=1; }
grep -q ',"rows":\[\["[A-Z][a-z][a-z] [0-9]*",10,' "$WORK/out" || { echo "FAIL report visits"; cat "$WORK/out"; fail=1; }
check "report csv" 0 "$STATS" --db "$DB" summary --report --format=csv --table=periods --view day
grep -q "^\"$TODAY\",10," "$WORK/out" || { echo "FAIL report csv by day"; cat "$WORK/out"; fail=1; }
check "report csv is the exported file" 0 "$STATS" --db "$DB" summary --report --format csv --table choices
printf '\357\273\277' | cat - "$WORK/out" | cmp -s - "$WORK/usb/report-choices.csv" || { echo "FAIL report-choices.csv differs"; fail=1; }
check "report html" 0 "$STATS" --db "$DB" summary --report --format html
grep -q "Spotting the warning signs" "$WORK/out" || { echo "FAIL report page"; fail=1; }
check "report csv needs a table" 2 "$STATS" --db "$DB" summary --report --format csv
grep -q "table" "$WORK/err" || { echo "FAIL csv without a table says why"; fail=1; }
check "report bad view" 2 "$STATS" --db "$DB" summary --report --view week
check "--table only with --report" 2 "$STATS" --db "$DB" summary --table periods
check "prune keeps totals" 0 "$STATS" --db "$DB" prune --days 1
check "prune needs a number" 2 "$STATS" --db "$DB" prune --days soon
[ "$fail" -eq 0 ] && echo "wz-stats behaves" || exit 1

#!/bin/sh
# run_admin_hold.sh WZ_KIOSK SOURCE_DIR WORK_DIR SIZE: the admin gesture as a person makes
# it (scripts/admin-hold.script: `hold` in the corner), with a real staff PIN (258014) set
# in a kiosk.ini written here, since the PIN pad only opens the staff menu with one.
set -eu
KIOSK=$1
SRC=$2
WORK=$3
SIZE=$4
rm -rf "$WORK"
mkdir -p "$WORK"
HASH=$(printf '258014\n' | "$KIOSK" --hash-pin)
printf '[kiosk]\nid = hold-test\n[admin]\n%s\n' "$HASH" >"$WORK/kiosk.ini"
exec "$KIOSK" --windowed "$SIZE" --config "$WORK/kiosk.ini" --scenarios "$SRC/scenarios/examples" \
    --db "$WORK/kiosk.db" --script "$SRC/tests/ui/scripts/admin-hold.script" \
    --screenshot-dir "$WORK" --fake-clock --check-layout

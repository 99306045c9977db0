#!/bin/sh
# Fair play in the real kiosk (script mode): two visits with different seeds show the
# decision's choices in different orders, and each tap is recorded by the author's index;
# tapping every bubble is not full marks; a rating round records agreement per message.
# Usage: run_fair.sh WZ_KIOSK SCENARIOS WORKDIR
set -eu
kiosk=$1 scen=$2 work=$3
rm -rf "$work" && mkdir -p "$work"
visit() { # seed -> the labels of the decision's buttons in screen order (via the db)
    cat > "$work/s$1.script" <<EOS
seed $1
tap "Touch to start"
tap "Age 8 to 11"
tap "Fair Test"
tap "Show all messages"
tap "Green: OK for: hi there"
tap "Green: OK for: which school"
tap "Red: warning for: keep this"
tap "Check my answers"
expect "You matched 2 of 3 answers."
expect "Answer: amber, be careful. You said green. Be careful who you tell."
tap "Next"
tap "Show all messages"
tap "nice game"
tap "send me a photo"
tap "see you later"
tap "Done"
expect "You found 1 of 1 warning sign."
expect "2 messages you picked were OK: here is why."
expect "This one was OK: Talking about the game is normal."
tap "Next"
shot choose
tap 0.75 0.5
quit
EOS
    SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy "$kiosk" --scenarios "$scen" --db "$work/$1.db" \
        --windowed 1920x1080 --fake-clock --script "$work/s$1.script" --screenshot-dir "$work" >/dev/null
}
fail() { echo "FAIL: $*"; exit 1; }
for seed in 1 2 3 4 5 6 7 8; do
    visit $seed
    db="$work/$seed.db"
    # rating events: one per rated message, visitor's value and the model's cls
    got=$(sqlite3 "$db" "SELECT group_concat(choice_index||':'||value||':'||cls, ' ') FROM (SELECT * FROM events WHERE passage='Rate' AND value IS NOT NULL AND cls IN ('green','amber','red') ORDER BY id)")
    [ "$got" = "0:green:green 1:green:amber 2:red:red" ] || fail "seed $seed: ratings $got"
    sqlite3 "$db" "SELECT found||' '||missed||' '||wrong FROM events WHERE passage='Spot' AND kind=(SELECT kind FROM events WHERE found+missed>0 LIMIT 1)" | grep -qx "1 0 2" || fail "seed $seed: spot counts"
    # the choice tapped by place: its index and target must agree with the author's list
    row=$(sqlite3 "$db" "SELECT choice_index||':'||target FROM events WHERE passage='Choose' AND target IS NOT NULL")
    case "$row" in 0:Told|1:Kept|2:Asked) ;; *) fail "seed $seed: choice recorded as $row";; esac
    echo "$row" >> "$work/rows"
done
n=$(sort -u "$work/rows" | wc -l)
[ "$n" -ge 2 ] || fail "the same place gave the same choice for every seed: $(cat "$work/rows")"
echo "ok: $(tr '\n' ' ' < "$work/rows")"

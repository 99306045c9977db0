#!/bin/sh
# test_admin.sh NAME WZ_KIOSK SOURCE_DIR WORK_DIR: the staff-operations tests that drive
# the real kiosk headless through its script mode (scripts/NAME.script):
#   admin-right-pin, admin-wrong-pin  the hidden corner and the PIN pad
#   admin-pin-restart  the wrong-PIN pause survives a restart and a broken lock-out file
#   admin-usb-import   a stick with one good and one broken scenario; afterwards the
#                      scenarios folder must differ from before by the good one only
#   admin-import-archive a Twine library archive with three stories: each its own scenario
#   admin-import-bombs a picture bomb of each kind on the stick: refused before copying
#   admin-first-import from "nothing to show" (an empty folder) to a playable kiosk
#   admin-export       figures exported onto a (prepared) stick through wz-stats
#   admin-bad-config   a kiosk.ini full of mistakes: the kiosk starts, says where
#   check-config-token --check-config fails on a token file the uploader would refuse
#   admin-upload-test  "Test the upload connection" with nothing listening says so
#   hot-reload         a scenario copied in mid-visit appears for the next visitor
#   worried-alert      "I'm worried" with a command channel: twenty presses in a minute run
#                      the command once with the right words, a press a minute later once
#                      more; the staff menu's badge; the presses in wz-stats summary
#   NAME@WxH           the same at another screen size (default 1280x800)
set -eu
NAME=${1%@*}
SIZE=1280x800
case $1 in *@*) SIZE=${1#*@} ;; esac
KIOSK=$2
SRC=$3
WORK=$4/$1
HERE=$(cd "$(dirname "$0")" && pwd)
rm -rf "$WORK"
mkdir -p "$WORK/media" "$WORK/shots"
export SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy
cp -R "$SRC/scenarios/examples" "$WORK/scenarios"
HASH=$(printf '258014\n' | "$KIOSK" --hash-pin)
CFG=$WORK/kiosk.ini

# A scenario from the test fixture with its own title and ifid (and, when $3 is set, a picture).
make_story() { # make_story FILE TITLE IFID
    mkdir -p "$(dirname "$1")"
    sed -e "s/The Gift in the Game/$2/" \
        -e "s/9F3B6C2E-4A1D-4C8B-9E57-1D2A3B4C5D6E/$3/" \
        "$SRC/tests/core/data/gift.twee" >"$1"
}
run() { # run SCRIPT [extra kiosk args...]
    script=$1
    shift
    "$KIOSK" --windowed "$SIZE" --config "$CFG" --scenarios "$WORK/scenarios" \
        --db "$WORK/kiosk.db" --script "$HERE/scripts/$script" --screenshot-dir "$WORK/shots" \
        --check-layout "$@" 2>"$WORK/stderr.log"
}
tree_sum() { (cd "$1" && find . -type f -exec md5sum {} + | sort -k 2); }

case $NAME in
admin-right-pin | admin-wrong-pin)
    printf '[kiosk]\nid = admin-test\n[admin]\n%s\n' "$HASH" >"$CFG"
    run "$NAME.script" --fake-clock || { cat "$WORK/stderr.log"; exit 1; }
    if grep -q 258014 "$WORK/stderr.log"; then echo "the PIN appeared in the log"; exit 1; fi
    ;;
admin-pin-restart)
    printf '[kiosk]\nid = admin-test\n[admin]\n%s\n' "$HASH" >"$CFG"
    LOCK=$WORK/kiosk.db.pin-lock
    run admin-pin-restart-1.script --fake-clock || { cat "$WORK/stderr.log"; exit 1; }
    grep -q '^failures = 3$' "$LOCK" || { echo "no lock-out file"; cat "$LOCK"; exit 1; }
    [ "$(stat -c %a "$LOCK")" = 600 ] || { echo "the lock-out file is not 0600"; exit 1; }
    run admin-pin-restart-2.script --fake-clock || { cat "$WORK/stderr.log"; exit 1; }
    grep -q '^failures = 0$' "$LOCK" || { echo "the right PIN did not clear it"; exit 1; }
    printf 'garbage\n' >"$LOCK"
    run admin-pin-restart-2.script --fake-clock || { cat "$WORK/stderr.log"; exit 1; }
    grep -q 'lock-out in .* could not be read' "$WORK/stderr.log" || {
        echo "the broken lock-out file was not logged"
        exit 1
    }
    ;;
admin-usb-import)
    printf '[kiosk]\nid = admin-test\n[admin]\n%s\n[paths]\nusb_mount_root = %s\n' \
        "$HASH" "$WORK/media" >"$CFG"
    STICK=$WORK/media/wz-kiosk/sdb1/warning-zone
    make_story "$STICK/usb-story/usb-story.twee" "USB Test Story" \
        "0C0FFEE0-1234-4567-89AB-0123456789AB"
    printf ':: StoryTitle\nBroken Story\n\n:: StoryData\n{"ifid": "DEADBEEF-1234-4567-89AB-0123456789AB", "start": "Start"}\n\n:: Start [chat]\nSam: hi\n[[Reply->Nowhere at all]]\n' \
        >"$STICK/broken.twee"
    echo "holiday photo" >"$WORK/media/wz-kiosk/sdb1/holiday.jpg"
    before=$(tree_sum "$WORK/scenarios")
    run admin-usb-import.script --fake-clock || { cat "$WORK/stderr.log"; exit 1; }
    after=$(tree_sum "$WORK/scenarios")
    added=$(printf '%s\n' "$after" | grep -v -F -x "$before" || true)
    removed=$(printf '%s\n' "$before" | grep -v -F -x "$after" || true)
    echo "added: $added"
    [ -z "$removed" ] || { echo "files changed or removed: $removed"; exit 1; }
    [ "$(printf '%s\n' "$added" | wc -l)" -eq 1 ] || { echo "expected one new file"; exit 1; }
    printf '%s\n' "$added" | grep -q './usb-story/usb-story.twee$' || exit 1
    [ ! -e "$WORK/scenarios/broken.twee" ] || { echo "the broken file was imported"; exit 1; }
    ls -a "$WORK" | grep -q '^\.scenarios\.' && { echo "a staging folder was left"; exit 1; }
    ;;
admin-import-archive)
    printf '[kiosk]\nid = admin-test\n[admin]\n%s\n[paths]\nusb_mount_root = %s\n' \
        "$HASH" "$WORK/media" >"$CFG"
    STICK=$WORK/media/wz-kiosk/sdb1/warning-zone
    mkdir -p "$STICK"
    # the fixture's two stories renamed, and a third made from the second
    python3 - "$SRC/tests/core/data/gift-archive.html" "$STICK/library.html" <<'PY'
import re, sys
text = open(sys.argv[1], encoding="utf-8").read()
stories = re.findall(r"<tw-storydata .*?</tw-storydata>", text, re.S)
assert len(stories) == 2, len(stories)
names = ["Archive Story One", "Archive Story Two", "Archive Story Three"]
ifids = ["0C0FFEE0-1111-4567-89AB-0123456789AB", "0C0FFEE0-2222-4567-89AB-0123456789AB",
         "0C0FFEE0-3333-4567-89AB-0123456789AB"]
out = []
for i, name in enumerate(names):
    s = stories[min(i, 1)]
    s = re.sub(r'name="[^"]*"', 'name="%s"' % name, s, count=1)
    s = re.sub(r'ifid="[^"]*"', 'ifid="%s"' % ifids[i], s, count=1)
    out.append(s)
open(sys.argv[2], "w", encoding="utf-8").write("\n".join(out) + "\n")
PY
    before=$(tree_sum "$WORK/scenarios")
    run admin-import-archive.script --fake-clock || { cat "$WORK/stderr.log"; exit 1; }
    [ -f "$WORK/scenarios/library.html" ] || { echo "the archive was not copied"; exit 1; }
    removed=$(printf '%s\n' "$before" | grep -v -F -x "$(tree_sum "$WORK/scenarios")" || true)
    [ -z "$removed" ] || { echo "files changed or removed: $removed"; exit 1; }
    ;;
admin-import-bombs)
    printf '[kiosk]\nid = admin-test\n[admin]\n%s\n[paths]\nusb_mount_root = %s\n' \
        "$HASH" "$WORK/media" >"$CFG"
    STICK=$WORK/media/wz-kiosk/sdb1/warning-zone
    python3 "$SRC/tests/pictures/make_pictures.py" "$WORK/pictures" >/dev/null
    n=0
    for pic in $(cd "$WORK/pictures" && ls); do
        case $pic in
        ok.png) dir=good title="Good Picture Story" ifid=0C0FFEE0-0000-4567-89AB-0123456789AB ;;
        ok.*) continue ;;
        *)
            n=$((n + 1))
            dir=bomb-$n title="Bomb Story $n" ifid=0C0FFEE0-$(printf '%04d' $n)-4567-89AB-0123456789AB
            ;;
        esac
        make_story "$STICK/$dir/$([ "$dir" = good ] && echo good || echo story).twee" "$title" "$ifid"
        sed -i "s%^minutes: 4\$%minutes: 4\nthumbnail: images/$pic%" "$STICK/$dir/"*.twee
        mkdir -p "$STICK/$dir/images"
        cp "$WORK/pictures/$pic" "$STICK/$dir/images/"
    done
    [ "$n" = 15 ] || { echo "make_pictures.py made $n bombs: update the script's counts"; exit 1; }
    before=$(tree_sum "$WORK/scenarios")
    run admin-import-bombs.script --fake-clock || { cat "$WORK/stderr.log"; exit 1; }
    grep -q 'imported 1 scenario file(s) from .*, left out 15$' "$WORK/stderr.log" ||
        { echo "the log does not say 15 were left out"; exit 1; }
    after=$(tree_sum "$WORK/scenarios")
    added=$(printf '%s\n' "$after" | grep -v -F -x "$before" | sed 's/.* \.\///' || true)
    [ "$(printf '%s\n' "$added" | sort | tr '\n' ' ')" = "good/good.twee good/images/ok.png " ] ||
        { echo "added, not just the good story: $added"; exit 1; }
    ;;
admin-first-import)
    printf '[kiosk]\nid = admin-test\n[admin]\n%s\n[paths]\nusb_mount_root = %s\n' \
        "$HASH" "$WORK/media" >"$CFG"
    rm -rf "$WORK/scenarios"
    mkdir "$WORK/scenarios"
    make_story "$WORK/media/alice/STICK/usb-story.twee" "USB Test Story" \
        "0C0FFEE0-1234-4567-89AB-0123456789AB"
    run admin-first-import.script --fake-clock || { cat "$WORK/stderr.log"; exit 1; }
    [ -f "$WORK/scenarios/usb-story.twee" ] || { echo "not imported"; exit 1; }
    ;;
admin-export)
    printf '[kiosk]\nid = admin-test\n[admin]\n%s\n[paths]\nusb_mount_root = %s\n' \
        "$HASH" "$WORK/media" >"$CFG"
    mkdir -p "$WORK/media/wz-kiosk/sdb1/warning-zone"
    run admin-export.script || { cat "$WORK/stderr.log"; exit 1; }
    out=$(ls -d "$WORK"/media/wz-kiosk/sdb1/warning-zone-figures/admin-test-*)
    for f in README.txt days.csv scenarios.csv; do
        [ -s "$out/$f" ] || { echo "missing $out/$f"; exit 1; }
    done
    ;;
admin-bad-config)
    printf '[kiosk]\nid = Leics WZ 01\nidle_timeout = ninety\ncolour = blue\n[upload]\nurl = http://stats.example.org/v1/snapshots\n[admin]\n%s\n' \
        "$HASH" >"$CFG"
    run admin-bad-config.script --fake-clock || { cat "$WORK/stderr.log"; exit 1; }
    cat "$WORK/stderr.log"
    grep -q "kiosk.ini:2:6: error: \[kiosk\] id:" "$WORK/stderr.log"
    grep -q "kiosk.ini:3:16: error: \[kiosk\] idle_timeout: .*using the default 90" "$WORK/stderr.log"
    grep -q "kiosk.ini:4:1: warning: unknown setting 'colour'" "$WORK/stderr.log"
    grep -q "kiosk.ini:6:7: error: \[upload\] url: the address must start with https://" \
        "$WORK/stderr.log"
    ;;
check-config-token)
    # --check-config fails, in the uploader's words, on a token file the uploader refuses
    TOK=$WORK/token
    printf '[kiosk]\nid = admin-test\n[upload]\nurl = http://127.0.0.1:9/v1/snapshots\ntoken_file = %s\n' \
        "$TOK" >"$CFG"
    expect_check() { # expect_check STATUS WORDS
        st=0
        "$KIOSK" --check-config "$CFG" >"$WORK/check.log" 2>&1 || st=$?
        [ "$st" -eq "$1" ] || { echo "exit $st, not $1:"; cat "$WORK/check.log"; exit 1; }
        [ -z "$2" ] || grep -q "error: \[upload\] token_file: .*$2" "$WORK/check.log" || {
            echo "no \"$2\" in:"
            cat "$WORK/check.log"
            exit 1
        }
    }
    expect_check 1 "cannot read"
    printf 'right-token-5d0c8e2a9b7f\n' >"$TOK"
    chmod 644 "$TOK"
    expect_check 1 "chmod 600"
    chmod 600 "$TOK"
    expect_check 0 ""
    printf 'two words\n' >"$TOK"
    expect_check 1 "token"
    if grep -q "two words" "$WORK/check.log"; then echo "the token was printed"; exit 1; fi
    printf 'right-token-5d0c8e2a9b7f\n' >"$TOK"
    chmod 000 "$TOK"
    if [ "$(id -u)" -ne 0 ]; then expect_check 1 "cannot read"; fi
    ;;
admin-upload-test)
    # port 9 (discard) on this computer: nothing listens there
    TOK=$WORK/token
    printf 'right-token-5d0c8e2a9b7f4e6a\n' >"$TOK"
    chmod 600 "$TOK"
    printf '[kiosk]\nid = admin-test\n[admin]\n%s\n[upload]\nurl = http://127.0.0.1:9/v1/snapshots\ntoken_file = %s\n' \
        "$HASH" "$TOK" >"$CFG"
    run admin-upload-test.script --fake-clock || { cat "$WORK/stderr.log"; exit 1; }
    grep -q 'upload connection test: it does not work' "$WORK/stderr.log" ||
        { echo "no log line for the test"; cat "$WORK/stderr.log"; exit 1; }
    if grep -q right-token "$WORK/stderr.log"; then echo "the token appeared in the log"; exit 1; fi
    ;;
hot-reload)
    printf '[kiosk]\nid = admin-test\n' >"$CFG"
    run hot-reload.script &
    pid=$!
    i=0
    while [ ! -f "$WORK/shots/mid.png" ] && [ $i -lt 600 ]; do sleep 0.05; i=$((i + 1)); done
    # copied under a hidden name, then renamed: the kiosk never sees half a file
    make_story "$WORK/scenarios/.hot.twee.part" "Hot Reload Story" \
        "0C0FFEE0-AAAA-4567-89AB-0123456789AB"
    mv "$WORK/scenarios/.hot.twee.part" "$WORK/scenarios/hot.twee"
    wait $pid || { cat "$WORK/stderr.log"; exit 1; }
    ;;
worried-alert)
    REC=$WORK/record.sh
    printf '#!/bin/sh\necho "$#|$1|$2|$3|$4" >>%s/calls\n' "$WORK" >"$REC"
    chmod 700 "$REC"
    printf '[kiosk]\nid = admin-test\nsite = Zone 3\n[admin]\n%s\n[alert]\ncommand = %s {kiosk} "{site}" {screen} {time}\nsafeguarding_contact = Designated safeguarding lead: Sam Patel, ext. 214\n' \
        "$HASH" "$REC" >"$CFG"
    run worried-alert.script --fake-clock || { cat "$WORK/stderr.log"; exit 1; }
    n=$(wc -l <"$WORK/calls")
    [ "$n" = 2 ] || { echo "the command ran $n times, not 2 (one a minute)"; cat "$WORK/calls"; exit 1; }
    grep -Eq '^4\|admin-test\|Zone 3\|menu\|20[0-9]{2}-[0-9]{2}-[0-9]{2}T[0-9:]{8}Z$' "$WORK/calls" ||
        { echo "the command's words are wrong:"; cat "$WORK/calls"; exit 1; }
    grep -q 'staff alerted' "$WORK/stderr.log" || { echo "no log line for the alert"; exit 1; }
    sum=$("$(dirname "$KIOSK")/wz-stats" summary --db "$WORK/kiosk.db")
    printf '%s\n' "$sum" | grep -q "\"I'm worried\" pressed (by screen): menu 20, picker 1" ||
        { echo "wz-stats summary does not count the presses:"; printf '%s\n' "$sum"; exit 1; }
    ;;
*)
    echo "unknown test $NAME"
    exit 2
    ;;
esac
echo "ok $NAME"

#!/bin/sh
# Tests of the wz-check tool as authors and scripts use it (docs/interfaces.md).
# Usage: test_wz_check.sh TEST WZ_CHECK SOURCE_DIR. Each test exits 0 on success and
# prints what it expected on failure. python3 (in scripts/install-deps.sh) parses JSON.
set -u
t=$1
WZ=$2
SRC=$3
DATA=$SRC/tests/core/data
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

fail() {
    echo "FAIL ($t): $*" >&2
    exit 1
}

# Runs wz-check, keeping stdout, stderr and the exit code.
run() {
    "$WZ" "$@" >"$TMP/out" 2>"$TMP/err"
    echo $? >"$TMP/rc"
}
rc() { cat "$TMP/rc"; }

good_story() {
    cat >"$1" <<'EOF'
:: StoryTitle
Tiny

:: StoryData
{"ifid": "0B6E2D43-58C4-4B8E-A0A1-6D1F3E0C9A11", "start": "Start"}

:: ScenarioInfo
summary: A tiny test story.
audience: 8-11
topic: general
minutes: 1
character: Sam | | #3B82C4

:: Start [chat]
Sam: hi "friend" \ back\slash
You: hi
[[Be kind->Kind]]
[[Be rude|Rude]]

:: Kind [feedback safe]
Good.
[[Continue->End]]

:: Rude [feedback risky]
Not good.
[[End<-Continue]]

:: End [ending mixed]
Done.

* One.
* Two.
* Three.

:: Help [help]
* Ask an adult.
EOF
}

# A story with story memory: telling Ace the school sets a flag the ending reads.
flag_story() {
    cat >"$1" <<'EOF'
:: StoryTitle
Memory

:: StoryData
{"ifid": "0B6E2D43-58C4-4B8E-A0A1-6D1F3E0C9A13", "start": "Start"}

:: ScenarioInfo
summary: A tiny story that remembers.
audience: 8-11
topic: general
minutes: 1
character: Ace | | #3B82C4

:: Start [chat]
Ace: which school do you go to?
[[Tell Ace->Told]] {set told-school}
[[Do not say->Kept]]

:: Told [feedback risky]
It is OK to tell someone.
[[Continue->End]]

:: Kept [feedback safe]
Good.
[[Continue->End]]

:: End [ending mixed]
The chat ended.
{if told-school} You told Ace your school's name, and that is OK to tell someone about.
{if not told-school} You kept your school's name to yourself.

* One.
* Two.
* Three.

:: Help [help]
* Ask an adult.
EOF
}

case $t in
usage)
    run
    [ "$(rc)" = 2 ] || fail "no PATH should exit 2, got $(rc)"
    run --bogus x.twee
    [ "$(rc)" = 2 ] || fail "unknown option should exit 2, got $(rc)"
    run --help
    [ "$(rc)" = 0 ] || fail "--help should exit 0"
    grep -q -- "--format=json" "$TMP/out" || fail "--help does not describe --format"
    ;;
ok-exit)
    good_story "$TMP/tiny.twee"
    run "$TMP/tiny.twee"
    [ "$(rc)" = 0 ] || fail "a good story should exit 0, got $(rc): $(cat "$TMP/out")"
    [ ! -s "$TMP/out" ] || fail "a good story printed diagnostics: $(cat "$TMP/out")"
    grep -q "^1 file checked: 0 errors, 0 warnings$" "$TMP/err" || fail "summary: $(cat "$TMP/err")"
    ;;
error-exit)
    good_story "$TMP/tiny.twee"
    sed 's/\[\[Be kind->Kind\]\]/[[Be kind->Kindd]]/' "$TMP/tiny.twee" >"$TMP/broken.twee"
    run "$TMP/broken.twee"
    [ "$(rc)" = 1 ] || fail "a broken link should exit 1, got $(rc)"
    grep -q "^$TMP/broken.twee:17:1: error: the choice \"Be kind\" leads to \"Kindd\"" "$TMP/out" ||
        fail "expected a GNU-style broken-link error at 17:1, got: $(cat "$TMP/out")"
    ;;
picture-bombs)
    # Each picture bomb, as a thumbnail and as a picture in a passage, is an error at the
    # place it is named; a good picture of each kind passes.
    python3 "$SRC/tests/pictures/make_pictures.py" "$TMP/p/images" || fail "cannot make pictures"
    good_story "$TMP/tiny.twee"
    for pic in $(cd "$TMP/p/images" && ls); do
        sed -e "s%^minutes: 1\$%minutes: 1\nthumbnail: images/$pic%" \
            -e "s%^Good\.\$%Good.\n[img[what it shows|images/$pic]]%" "$TMP/tiny.twee" >"$TMP/p/s.twee"
        tl=$(grep -n '^thumbnail:' "$TMP/p/s.twee" | cut -d: -f1)
        il=$(grep -n '^\[img\[' "$TMP/p/s.twee" | cut -d: -f1)
        run "$TMP/p/s.twee"
        case $pic in
        ok.*)
            [ "$(rc)" = 0 ] || fail "$pic should pass, got $(rc): $(cat "$TMP/out")"
            ;;
        *)
            [ "$(rc)" = 1 ] || fail "$pic should be refused, got $(rc): $(cat "$TMP/out")"
            grep -q "^$TMP/p/s.twee:$tl:12: error: the thumbnail \"images/$pic\" is too big" \
                "$TMP/out" || fail "$pic: no error at $tl:12: $(cat "$TMP/out")"
            grep -q "^$TMP/p/s.twee:$il:1: error: the picture \"images/$pic\" is too big" \
                "$TMP/out" || fail "$pic: no error at $il:1: $(cat "$TMP/out")"
            ;;
        esac
    done
    ;;
discuss)
    # Discussion questions (passage tagged discuss): good ones pass clean, kept out of the
    # story; each broken line is a warning at its FILE:LINE:COL and the story still plays.
    good_story "$TMP/tiny.twee"
    L=$(wc -l <"$TMP/tiny.twee")
    cp "$TMP/tiny.twee" "$TMP/good.twee"
    printf '\n:: Talk about it [discuss]\n- Why did Sam answer?\n- Who could Sam tell?\n' >>"$TMP/good.twee"
    run "$TMP/good.twee"
    [ "$(rc)" = 0 ] || fail "good discussion questions should pass, got $(rc): $(cat "$TMP/out")"
    [ ! -s "$TMP/out" ] || fail "good discussion questions printed: $(cat "$TMP/out")"
    cp "$TMP/tiny.twee" "$TMP/bad.twee"
    printf '\n:: Talk [discuss]\n- One?\n  * not a dash\n-\n' >>"$TMP/bad.twee"
    printf '\n:: Empty [discuss]\n' >>"$TMP/bad.twee"
    run "$TMP/bad.twee"
    [ "$(rc)" = 0 ] || fail "warnings only: exit should be 0, got $(rc): $(cat "$TMP/out")"
    for want in \
        "$((L + 4)):3: warning: this line of the discussion questions does not start with" \
        "$((L + 5)):1: warning: this discussion question has no words" \
        "$((L + 7)):1: warning: \"Empty\" is a second passage of discussion questions"; do
        grep -qF "$TMP/bad.twee:$want" "$TMP/out" || fail "expected $want, got: $(cat "$TMP/out")"
    done
    ;;
quiz)
    # A knowledge check (passage tagged quiz): a good one passes clean; each broken rule is
    # a warning at its FILE:LINE:COL, and the story still plays (exit 0, no error).
    good_story "$TMP/tiny.twee"
    L=$(wc -l <"$TMP/tiny.twee")
    cp "$TMP/tiny.twee" "$TMP/good.twee"
    cat >>"$TMP/good.twee" <<'EOF'

:: Knowledge check [quiz]
Q: Who can you tell?
+ A parent or carer
+ A teacher
- Nobody
Why: Any adult you trust can help.
Q: Is it your fault?
- Yes
+ No
Why: It is never your fault.
Q: A stranger offers gifts. Why?
- To be kind
+ To make you feel you owe them
Why: Gifts can be a trick.
EOF
    run "$TMP/good.twee"
    [ "$(rc)" = 0 ] || fail "a good knowledge check should pass, got $(rc): $(cat "$TMP/out")"
    [ ! -s "$TMP/out" ] || fail "a good knowledge check printed: $(cat "$TMP/out")"
    cp "$TMP/tiny.twee" "$TMP/bad.twee"
    cat >>"$TMP/bad.twee" <<'EOF'

:: Knowledge check [quiz]
Q: Only one answer?
+ Yes
Why: A reason.
Q: No right answer?
- a
- b
Why: A reason.
  Q: No explanation?
  + a
  - b
Hello there
EOF
    run "$TMP/bad.twee"
    [ "$(rc)" = 0 ] || fail "warnings only: exit should be 0, got $(rc): $(cat "$TMP/out")"
    for want in \
        "$((L + 3)):1: warning: question 1 of the knowledge check has 1 answer; give it 2 to 4" \
        "$((L + 6)):1: warning: question 2 of the knowledge check has no right answer" \
        "$((L + 10)):3: warning: question 3 of the knowledge check has no explanation" \
        "$((L + 13)):1: warning: this line of the knowledge check is not a question"; do
        grep -qF "$TMP/bad.twee:$want" "$TMP/out" || fail "expected $want, got: $(cat "$TMP/out")"
    done
    grep -q "questions; give it" "$TMP/out" && fail "three questions are allowed: $(cat "$TMP/out")"
    cp "$TMP/tiny.twee" "$TMP/few.twee"
    printf '\n:: Check [quiz]\nQ: a?\n+ a\n- b\nWhy: c\n' >>"$TMP/few.twee"
    run "$TMP/few.twee"
    grep -qF "$TMP/few.twee:$((L + 2)):1: warning: the knowledge check \"Check\" has 1 question; give it 3 to 5" \
        "$TMP/out" || fail "too few questions: $(cat "$TMP/out")"
    ;;
missing-path)
    run "$TMP/nothing-here.twee"
    [ "$(rc)" = 1 ] || fail "a missing file should exit 1, got $(rc)"
    grep -q "nothing-here.twee:1:1: error:" "$TMP/out" || fail "no diagnostic: $(cat "$TMP/out")"
    ;;
json-parses)
    good_story "$TMP/tiny.twee"
    printf ':: Start\nno links here\n' >"$TMP/bad.twee"
    run --format=json "$TMP/tiny.twee" "$TMP/bad.twee"
    [ "$(rc)" = 1 ] || fail "bad.twee has errors: exit should be 1, got $(rc)"
    python3 - "$TMP/out" <<'EOF' || fail "JSON document wrong"
import json, sys
d = json.load(open(sys.argv[1]))
files = [s["file"] for s in d["scenarios"]]
assert len(files) == 2, files                      # listed even with errors
tiny = d["scenarios"][0]
assert tiny["title"] == "Tiny" and tiny["start"] == "Start", tiny
assert tiny["ifid"] == "0B6E2D43-58C4-4B8E-A0A1-6D1F3E0C9A11"
names = [p["name"] for p in tiny["passages"]]
assert names == ["End", "Help", "Kind", "Rude", "Start"], names   # by name, as Twine exports
byname = {p["name"]: p for p in tiny["passages"]}
start = byname["Start"]
assert start["links"] == ["Kind", "Rude"] and start["tags"] == ["chat"] and start["line"] == 14
assert [c["class"] for c in start["choices"]] == ["safe", "risky"]
assert byname["Rude"]["links"] == ["End"]
sev = {x["severity"] for x in d["diagnostics"]}
assert "error" in sev
for x in d["diagnostics"]:
    assert set(x) == {"file", "line", "column", "severity", "message"}, x
EOF
    ;;
json-twee-html)
    [ -f "$DATA/gift.twee" ] && [ -f "$DATA/gift.html" ] || fail "fixtures missing in $DATA"
    run --format=json "$DATA/gift.twee"
    cp "$TMP/out" "$TMP/twee.json"
    run --format=json "$DATA/gift.html"
    cp "$TMP/out" "$TMP/html.json"
    # "line" is where each passage starts in its own file, so it differs by design;
    # everything else about the passages must be identical.
    python3 - "$TMP/twee.json" "$TMP/html.json" <<'EOF' || fail "Twee and HTML passages differ"
import json, sys
a, b = (json.load(open(f))["scenarios"][0] for f in sys.argv[1:3])
def strip(ps):
    return [{k: v for k, v in p.items() if k != "line"} for p in ps]
assert len(a["passages"]) >= 5, a["passages"]
assert strip(a["passages"]) == strip(b["passages"]), (a["passages"], b["passages"])
for k in ("title", "ifid", "start", "summary", "audiences", "topic", "minutes"):
    assert a[k] == b[k], (k, a[k], b[k])
EOF
    ;;
graph)
    good_story "$TMP/tiny.twee"
    run --graph "$TMP/tiny.twee"
    [ "$(rc)" = 0 ] || fail "--graph exit $(rc): $(cat "$TMP/err")"
    grep -q '^digraph' "$TMP/out" || fail "not DOT"
    grep -q 'label="Be kind"' "$TMP/out" || fail "edge label missing"
    if command -v dot >/dev/null; then
        dot -Tsvg "$TMP/out" >"$TMP/map.svg" 2>"$TMP/doterr" || fail "dot rejected it: $(cat "$TMP/doterr")"
    fi
    # A name with quotes and backslashes must not break the syntax.
    printf ':: StoryData\n{"ifid":"0B6E2D43-58C4-4B8E-A0A1-6D1F3E0C9A12"}\n:: Start\n[[Go "there" \\\\ now->Q"uote\\\\]]\n' >"$TMP/q.twee"
    run --graph "$TMP/q.twee"
    if command -v dot >/dev/null; then
        dot -Tsvg "$TMP/out" >/dev/null 2>"$TMP/doterr" || fail "escaping broke DOT: $(cat "$TMP/out")"
    fi
    ;;
play)
    good_story "$TMP/tiny.twee"
    printf '2\n1\nq\n' | "$WZ" --play "$TMP/tiny.twee" >"$TMP/out" 2>"$TMP/err" || fail "play exit $?"
    grep -q 'Sam: hi' "$TMP/out" || fail "chat not shown"
    grep -q '2) Be rude' "$TMP/out" || fail "choices not numbered"
    grep -q 'That was a risky choice' "$TMP/out" || fail "feedback class not shown"
    grep -q 'The end (mixed outcome)' "$TMP/out" || fail "ending outcome not shown: $(cat "$TMP/out")"
    grep -q '\* Three.' "$TMP/out" || fail "learning points not shown"
    # End of input in the middle ends cleanly.
    printf '' | "$WZ" --play "$TMP/tiny.twee" >"$TMP/out" 2>&1 || fail "EOF should end cleanly"
    # Nonsense input is answered, not crashed on.
    printf 'x\n99\n\n1\n' | "$WZ" --play "$TMP/tiny.twee" >"$TMP/out" 2>&1 || fail "bad input exit"
    grep -q 'Type a number from 1 to 2' "$TMP/out" || fail "bad input not explained"
    ;;
flags-clean)
    flag_story "$TMP/m.twee"
    run "$TMP/m.twee"
    [ "$(rc)" = 0 ] || fail "a story using its flags well should exit 0, got $(rc): $(cat "$TMP/out")"
    [ ! -s "$TMP/out" ] || fail "a story using its flags well printed: $(cat "$TMP/out")"
    ;;
flags-diags)
    # Each flag diagnostic at its file:line:col, from one misspelling and one bad condition.
    flag_story "$TMP/m.twee"
    sed -i -e 's/{set told-school}/{set told-scool}/' \
        -e '25s/.*/{if told-school} [[Continue->End]]/' "$TMP/m.twee"
    run "$TMP/m.twee"
    [ "$(rc)" = 1 ] || fail "a state with no choice is an error, exit 1 expected, got $(rc)"
    grep -q 'm.twee:16:25: warning: the flag "told-scool" is set here but nothing tests it' "$TMP/out" ||
        fail "set but never used not reported at 16:25: $(cat "$TMP/out")"
    grep -q 'm.twee:25:5: warning: nothing sets the flag "told-school"' "$TMP/out" ||
        fail "used but never set not reported at 25:5: $(cat "$TMP/out")"
    grep -q 'm.twee:23:1: error: the passage "Kept" shows no choice to a visitor who reaches it remembering nothing' "$TMP/out" ||
        fail "a reachable state with no choice not reported at 23:1: $(cat "$TMP/out")"
    ;;
flags-play)
    flag_story "$TMP/m.twee"
    printf '1\n1\nq\n' | "$WZ" --play "$TMP/m.twee" >"$TMP/out" 2>"$TMP/err" || fail "play exit $?"
    grep -q '\[Remembered: told-school\]' "$TMP/out" || fail "flags not shown: $(cat "$TMP/out")"
    grep -q "You told Ace your school's name" "$TMP/out" || fail "the ending ignores the flag"
    ! grep -q "kept your school" "$TMP/out" || fail "the ending shows the other line too"
    printf '2\n1\n+told-school\nq\n' | "$WZ" --play "$TMP/m.twee" >"$TMP/out" 2>"$TMP/err" || fail "play exit $?"
    grep -q "kept your school's name to yourself" "$TMP/out" || fail "the ending without the flag"
    grep -q "You told Ace your school's name" "$TMP/out" || fail "+told-school did not show the ending again with it"
    printf '+nope\nq\n' | "$WZ" --play "$TMP/m.twee" >"$TMP/out" 2>"$TMP/err" || fail "play exit $?"
    grep -q 'no flag "nope"; its flags are: told-school' "$TMP/out" || fail "an unknown flag not explained"
    ;;
flags-graph)
    flag_story "$TMP/m.twee"
    sed -i '25s/.*/{if not told-school} [[Continue->End]]/' "$TMP/m.twee"
    run --graph "$TMP/m.twee"
    [ "$(rc)" = 0 ] || fail "--graph exit $(rc): $(cat "$TMP/err")"
    grep -q 'label="Tell Ace\\n{set told-school}"' "$TMP/out" || fail "the edge that sets a flag: $(cat "$TMP/out")"
    grep -q 'label="Continue\\n{if not told-school}".*style=dashed' "$TMP/out" || fail "the conditional choice: $(cat "$TMP/out")"
    if command -v dot >/dev/null; then
        dot -Tsvg "$TMP/out" >/dev/null 2>"$TMP/doterr" || fail "dot rejected it: $(cat "$TMP/doterr")"
    fi
    ;;
new-ifid)
    run --new-ifid
    [ "$(rc)" = 0 ] || fail "exit $(rc)"
    grep -Eq '^[0-9A-F]{8}-[0-9A-F]{4}-4[0-9A-F]{3}-[89AB][0-9A-F]{3}-[0-9A-F]{12}$' "$TMP/out" ||
        fail "not an upper-case v4 UUID: $(cat "$TMP/out")"
    a=$(cat "$TMP/out")
    run --new-ifid
    [ "$a" != "$(cat "$TMP/out")" ] || fail "two ifids were the same"
    ;;
archive)
    # Every story of a Twine library archive is its own scenario, with its own verdict.
    run --format=json "$DATA/gift-archive.html"
    [ "$(rc)" = 0 ] || fail "the archive's stories are fine: exit $(rc)"
    python3 - "$TMP/out" <<'EOF' || fail "archive not read story by story: $(cat "$TMP/out")"
import json, sys
d = json.load(open(sys.argv[1]))
s = d["scenarios"]
assert [x["title"] for x in s] == ["The Gift in the Game", "Second story"], s
assert [(x["story"], x["stories"]) for x in s] == [(1, 2), (2, 2)]
assert s[0]["ifid"] != s[1]["ifid"] and all(x["playable"] for x in s)
EOF
    # Two stories of one archive with the same ifid: the same rule as two files.
    sed 's/11111111-2222-4333-8444-555555555555/9F3B6C2E-4A1D-4C8B-9E57-1D2A3B4C5D6E/' \
        "$DATA/gift-archive.html" >"$TMP/same.html"
    run "$TMP/same.html"
    [ "$(rc)" = 1 ] || fail "a repeated ifid inside an archive is an error: exit $(rc)"
    line=$(grep -n '<tw-storydata name="Second' "$TMP/same.html" | cut -d: -f1)
    grep -q "^$TMP/same.html:$line:1: error: the ifid .* is also used by $TMP/same.html (story 1 of 2" \
        "$TMP/out" || fail "ifid clash not at the second story: $(cat "$TMP/out")"
    grep -q "^2 stories in 1 file checked: 1 error, 0 warnings$" "$TMP/err" ||
        fail "summary: $(cat "$TMP/err")"
    ;;
foreign)
    # A Harlowe story: one plain note at the top, with a count; [[[x]]] is a link to x.
    printf ':: StoryData\n{"ifid":"0B6E2D43-58C4-4B8E-A0A1-6D1F3E0C9A11","format":"Harlowe"}\n:: Start\n(set: $x to 1)[[[Go]]]\n(link-goto: "A", "Hidden")\n:: Go [ending]\nhi\n:: Hidden [ending]\nx\n' >"$TMP/h.twee"
    run "$TMP/h.twee"
    below=$(($(wc -l <"$TMP/out") - 1))
    head -n 1 "$TMP/out" | grep -qF "$TMP/h.twee:1:1: note: This story uses Harlowe macros (the first, \"(set:\", is on line 4), which the kiosk does not run; passages reached only through them are shown as never reached. The $below messages below follow from that." ||
        fail "no note at the top: $(cat "$TMP/out")"
    [ "$(grep -c 'note:' "$TMP/out")" = 1 ] || fail "the note is said more than once"
    grep -q 'no passage with that name' "$TMP/out" && fail "[[[Go]]] read as a misspelt passage"
    grep -q 'never see it' "$TMP/out" || fail "Hidden should be reported as never reached"
    good_story "$TMP/tiny.twee"
    run "$TMP/tiny.twee"
    grep -q 'note:' "$TMP/out" && fail "a kiosk story got a note: $(cat "$TMP/out")"
    # Each format's markup, and a story with none but no ScenarioInfo.
    for pair in '<<goto "X">>|uses SugarCube macros (the first, "<<goto", is on line 2)' \
        '<% if (s.x) { %>|uses Snowman templates' '{back link}|uses Chapbook inserts' \
        'Just text.|note: This story has no ScenarioInfo passage, so it was not written for the kiosk'; do
        printf ':: Start\n%s\n' "${pair%%|*}" >"$TMP/f.twee"
        run "$TMP/f.twee"
        grep -qF "${pair#*|}" "$TMP/out" || fail "${pair#*|}: $(cat "$TMP/out")"
    done
    ;;
log-order)
    # Redirected to one file, the summary comes after every diagnostic.
    printf ':: Start\nno links here\n' >"$TMP/bad.twee"
    good_story "$TMP/tiny.twee"
    "$WZ" "$TMP/bad.twee" "$TMP/tiny.twee" >"$TMP/log" 2>&1
    tail -n 1 "$TMP/log" | grep -q "^2 files checked: " || fail "summary not last: $(cat "$TMP/log")"
    [ "$(grep -c 'files checked' "$TMP/log")" = 1 ] || fail "summary mixed in: $(cat "$TMP/log")"
    ;;
entities)
    # Every named character reference of HTML, and numeric ones, decode as a browser does
    # (Python's html.unescape follows the same WHATWG rules; the control characters it
    # drops, which browsers keep, are left out).
    python3 - "$TMP" <<'EOF' || fail "could not write the test page"
import html.entities, sys
names = sorted(n for n, v in html.entities.html5.items() if "\n" not in v and "\r" not in v)
nums = ["&#0;", "&#65;", "&#x42", "&#150;", "&#x80;", "&#159;", "&#xD800;", "&#xDFFF;",
        "&#x10FFFD;", "&#x110000;", "&#99999999999;", "&#233", "&#xe9;", "&#X1F600;"]
words = ["&" + n for n in names] + nums + ["&bogus;", "&#;", "&#x;", "&notit;", "&copyx"]
text = "\n".join(w + " x" for w in words)
open(sys.argv[1] + "/words.txt", "w", encoding="utf-8").write(text)
page = ('<tw-storydata name="E" startnode="1"><tw-passagedata pid="1" name="E">'
        + text.replace("<", "&lt;") + "</tw-passagedata></tw-storydata>")
open(sys.argv[1] + "/e.html", "w", encoding="utf-8").write(page)
EOF
    "$WZ" --to-twee "$TMP/e.html" >"$TMP/e.twee" || fail "--to-twee"
    python3 - "$TMP" <<'EOF' || fail "an entity decoded differently from a browser"
import html, sys
words = open(sys.argv[1] + "/words.txt", encoding="utf-8").read().split("\n")
got = open(sys.argv[1] + "/e.twee", encoding="utf-8").read().split(":: E\n", 1)[1].split("\n")
assert len(got) >= len(words), (len(got), len(words))
bad = [(w, g, html.unescape(w)) for w, g in zip(words, got) if g != html.unescape(w)]
assert not bad, bad[:10]
assert len(words) > 2200
EOF
    ;;
roundtrip)
    # HTML -> Twee -> HTML -> Twee gives identical Twee, for one story and for an archive.
    for pair in gift.html:1 twine-quirks.html:1 gift-archive.html:2; do
        f=${pair%:*}
        mkdir -p "$TMP/$f.1" "$TMP/$f.2"
        "$WZ" --to-twee "$DATA/$f" --out "$TMP/$f.1" >/dev/null || fail "--to-twee $f"
        "$WZ" --to-html "$TMP/$f.1"/*.twee >"$TMP/$f.html" || fail "--to-html $f"
        "$WZ" --to-twee "$TMP/$f.html" --out "$TMP/$f.2" >/dev/null || fail "--to-twee again $f"
        [ "$(ls "$TMP/$f.1" | wc -l)" = "${pair#*:}" ] ||
            fail "$f: not one .twee per story: $(ls "$TMP/$f.1")"
        diff -r "$TMP/$f.1" "$TMP/$f.2" >"$TMP/diff" || fail "$f: Twee changed: $(cat "$TMP/diff")"
    done
    # Positions and tags are kept.
    grep -q '^:: Lobby \[chat\] {"position":"250,100","size":"100,100"}$' \
        "$TMP/gift.html.1/the-gift-in-the-game.twee" || fail "position or tags lost"
    # One story goes to standard output; an archive needs a folder.
    "$WZ" --to-twee "$DATA/gift.html" | grep -q '^:: StoryTitle$' || fail "no Twee on stdout"
    run --to-twee "$DATA/gift-archive.html"
    [ "$(rc)" = 1 ] && grep -q 'give --out FOLDER' "$TMP/err" || fail "archive without --out"
    # What Twine's Library > Import looks for (src/util/import.ts): tw-storydata with name
    # and ifid, tw-passagedata with pid, name, tags, position, size, escaped text.
    grep -q '<tw-storydata name="The Gift in the Game" startnode="[0-9]*" .*ifid="9F3B6C2E-4A1D-4C8B-9E57-1D2A3B4C5D6E"' \
        "$TMP/gift.html.html" || fail "archive story data"
    grep -q '<tw-passagedata pid="[0-9]*" name="Lobby" tags="chat" position="250,100" size="100,100">Jordan: gg! you&#39;re' \
        "$TMP/gift.html.html" || fail "archive passage data"
    ;;
roundtrip-examples)
    # Every bundled scenario survives Twee -> HTML -> Twee with an identical verdict:
    # --format=json is the same apart from file names and positions.
    cp -r "$SRC/scenarios" "$TMP/s"
    find "$TMP/s" -name '*.twee' | sort >"$TMP/list"
    while read -r f; do
        "$WZ" --to-html "$f" >"${f%.twee}.rt.html" || fail "--to-html $f"
        "$WZ" --to-twee "${f%.twee}.rt.html" >"${f%.twee}.rt.tw" || fail "--to-twee $f"
    done <"$TMP/list"
    [ "$(wc -l <"$TMP/list")" -gt 5 ] || fail "too few scenarios tried"
    "$WZ" --format=json $(cat "$TMP/list") >"$TMP/a.json"
    "$WZ" --format=json $(sed 's/\.twee$/.rt.html/' "$TMP/list") >"$TMP/b.json"
    "$WZ" --format=json $(sed 's/\.twee$/.rt.tw/' "$TMP/list") >"$TMP/c.json"
    python3 - "$TMP/a.json" "$TMP/b.json" "$TMP/c.json" <<'EOF' || fail "a scenario changed in the round trip"
import json, sys
def norm(path):
    d = json.load(open(path))
    def strip(x):
        if isinstance(x, dict):
            return {k: strip(v) for k, v in x.items() if k not in ("file", "line", "column")}
        if isinstance(x, list):
            return [strip(v) for v in x]
        return x
    d["diagnostics"] = sorted(json.dumps(strip(x), sort_keys=True) for x in d["diagnostics"])
    d["scenarios"] = strip(d["scenarios"])
    return d
a, b, c = (norm(p) for p in sys.argv[1:4])
assert len(a["scenarios"]) > 5
for x, y, z in zip(a["scenarios"], b["scenarios"], c["scenarios"]):
    assert x == y, ("HTML", x, y)
    assert x == z, ("Twee", x, z)
assert a["diagnostics"] == b["diagnostics"] == c["diagnostics"], (a["diagnostics"], b["diagnostics"])
EOF
    ;;
examples)
    run "$SRC/scenarios"
    [ "$(rc)" = 0 ] || fail "wz-check scenarios/ must exit 0: $(cat "$TMP/out")"
    ;;
*)
    fail "unknown test"
    ;;
esac
exit 0

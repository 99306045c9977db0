#!/bin/sh
# Tests of the wz-check tool as authors and scripts use it (INTERFACES.md).
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
new-ifid)
    run --new-ifid
    [ "$(rc)" = 0 ] || fail "exit $(rc)"
    grep -Eq '^[0-9A-F]{8}-[0-9A-F]{4}-4[0-9A-F]{3}-[89AB][0-9A-F]{3}-[0-9A-F]{12}$' "$TMP/out" ||
        fail "not an upper-case v4 UUID: $(cat "$TMP/out")"
    a=$(cat "$TMP/out")
    run --new-ifid
    [ "$a" != "$(cat "$TMP/out")" ] || fail "two ifids were the same"
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

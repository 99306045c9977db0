#!/usr/bin/env python3
"""The knowledge check through the real wz-kiosk (headless, fake clock, script mode).

Usage: test_quiz_kiosk.py WZ_KIOSK WZ_STATS SOURCE_DIR WORK_DIR

Plays the test scenario tests/app/data/quiz (three questions) at four screen sizes, every
frame checked by --check-layout: visits in the "before" group (--quiz-before 1) answer
before the story, say no, or skip halfway; visits in the "after" group (--quiz-before 0)
answer from the ending's "Check what you know: 3 quick questions", walk away on the quiz screen (the idle
reset must bring back the attract screen) or decline. Each screen is checked with
`expect`: the kind "Not quite" and the Why line after a wrong answer. Then the database
must hold exactly one WZ_EV_QUIZ row per answer given (question, before/after, right or
wrong, audience), nothing for a skip, and `wz-stats summary` must hide figures from fewer
than 10 answers.
"""
import json
import os
import shutil
import sqlite3
import subprocess
import sys

WZ_EV_QUIZ = 13  # src/data/wz_recorder.h
IFID = "4B8E2D71-5C3A-4F09-8D6B-2A1E7C9F3B54"
SIZES = ["1920x1080", "1080x1920", "1024x600", "600x1024"]
RIGHT = ["Say no and tell a grown-up you trust", "A teacher", "No, it is a warning sign"]
WRONG = ["Send one, they seem nice", "Nobody, you would be in trouble", "Yes, friends keep secrets"]
WHY = ["A photo request from someone you only know online is a warning sign",
       "Any adult you trust can help", "Someone who asks you to hide things"]


def start(audience):
    return ['expect "Touch to start"', "tap 0.5 0.5", f'tap "{audience}"',
            'tap "The Photo Request"']


def story():
    return ["wait 12000", 'expect "send me a photo of you?"', 'tap "Tell a grown-up"',
            'tap "Continue"', 'expect "Your grown-up helped you block and report Sam"']


def answer(q, right):
    lines = [f'expect "Question {q + 1} of 3"', f'tap "{(RIGHT if right else WRONG)[q]}"',
             'expect "That\'s right!"' if right else 'expect "Not quite, and that\'s OK"',
             f'expect "{WHY[q]}"']
    if not right:
        lines.append(f'expect "You picked: {WRONG[q]}"')
    return lines


def walk_away():
    return ["idle 95000", 'expect "Are you still there?"', "idle 20000",
            'expect "Touch to start"']


def before_script():
    s = start("Age 8 to 11")  # all three, the second wrong
    s += ['expect "Three quick questions before you start?"', 'tap "Yes, ask me"']
    s += answer(0, True) + ['tap "Next question"'] + answer(1, False) + ['tap "Next question"']
    s += answer(2, True) + ['tap "Start the story"'] + story() + walk_away()
    s += start("Age 12 to 15")  # the first wrong, then skips the rest
    s += ['tap "Yes, ask me"'] + answer(0, False) + ['tap "Next question"']
    s += ['tap "Skip the questions"'] + story() + walk_away()
    s += start("Age 8 to 11")  # says no
    s += ['tap "No thanks, start the story"'] + story() + walk_away()
    return s + ["quit"]


def after_script():
    s = start("Age 8 to 11")  # all three, the third wrong
    s += story() + ['tap "Check what you know: 3 quick questions"'] + answer(0, True)
    s += ['tap "Next question"']
    s += answer(1, True) + ['tap "Next question"'] + answer(2, False) + ['tap "Finish"']
    s += ['expect "Your grown-up helped you block and report Sam"'] + walk_away()
    s += start("Age 8 to 11")  # one answer, then walks away on the quiz screen
    s += story() + ['tap "Check what you know: 3 quick questions"'] + answer(0, True)
    s += walk_away()
    s += start("Age 8 to 11") + story() + ['tap "Choose another"'] + walk_away()  # declines
    return s + ["quit"]


# (question, phase, audience) -> (answers, right) for one size
ONE_SIZE = {
    (0, "before", "8-11"): (1, 1), (1, "before", "8-11"): (1, 0), (2, "before", "8-11"): (1, 1),
    (0, "before", "12-15"): (1, 0),
    (0, "after", "8-11"): (2, 2), (1, "after", "8-11"): (1, 1), (2, "after", "8-11"): (1, 0),
}


def main():
    kiosk, stats, src, work = sys.argv[1:5]
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    db = os.path.join(work, "kiosk.db")
    scen = os.path.join(src, "tests", "app", "data", "quiz")
    env = dict(os.environ, SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy")
    ok = True
    for size in SIZES:
        for group, share, lines in (("before", "1", before_script()),
                                    ("after", "0", after_script())):
            script = os.path.join(work, f"{group}.script")
            with open(script, "w") as f:
                f.write("\n".join(lines) + "\n")
            r = subprocess.run([kiosk, "--windowed", size, "--fake-clock", "--check-layout",
                                "--quiz-before", share, "--scenarios", scen, "--db", db,
                                "--script", script, "--screenshot-dir", work],
                               env=env, capture_output=True, text=True, timeout=300)
            if r.returncode != 0:
                print(f"FAIL {group} at {size} (exit {r.returncode}):\n{r.stdout}{r.stderr}")
                ok = False
            else:
                print(f"ok   {group} at {size}")
    rows = sqlite3.connect(db).execute(
        "SELECT choice_index, value, found, audience, ifid FROM events WHERE kind = ?",
        (WZ_EV_QUIZ,)).fetchall()
    got = {}
    for q, phase, right, aud, ifid in rows:
        if ifid != IFID:
            print(f"FAIL an answer recorded for {ifid}")
            ok = False
        a, n = got.get((q, phase, aud), (0, 0))
        got[(q, phase, aud)] = (a + 1, n + (1 if right else 0))
    want = {k: (a * len(SIZES), n * len(SIZES)) for k, (a, n) in ONE_SIZE.items()}
    if got == want:
        print(f"ok   {len(rows)} answers recorded, one per answer given")
    else:
        print(f"FAIL recorded answers:\n  got  {sorted(got.items())}\n  want {sorted(want.items())}")
        ok = False
    out = subprocess.run([stats, "--db", db, "summary", "--format=json"], capture_output=True,
                         text=True, check=True).stdout
    k = json.loads(out).get("knowledge") or {}
    few = {"fewer_than": 10}
    q1 = [q for q in k.get("questions", []) if q["ifid"] == IFID and q["question"] == 1]
    if q1 and q1[0]["before"]["answered"] == few and q1[0]["difference"] == few:
        print("ok   wz-stats hides figures from fewer than 10 answers")
    else:
        print(f"FAIL wz-stats knowledge: {k}")
        ok = False
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()

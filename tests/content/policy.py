#!/usr/bin/env python3
"""Content policy test for the scenario library (issue 7; docs/content-guidelines.md).

wz-check judges whether the kiosk can play a file. This test judges what the education
team asked of the library, which a player-side checker has no business knowing:

  * ScenarioInfo is complete: summary, audience, topic, minutes (3 to 8), thumbnail,
    content-note, objectives and review, and every character has an avatar picture;
  * at least 3 decision points (passages with 2 or more choices);
  * every choice of a decision point leads to a feedback passage (feedback on every choice);
  * at least one safe ending and at least one risky ending; every ending has 3 to 5
    learning points and points to help (a trusted adult, talking, telling, reporting or a
    named service); risky and mixed endings also reassure (not your fault, not in trouble,
    never too late);
  * a help passage naming the services the content brief gives for its topic and
    audience (see REQUIRED below), and 999 for emergencies;
  * every phone number anywhere in the text is one of the numbers in the content brief
    (a typo in a helpline number is the worst mistake this library could make);
  * an easy-read file points at an existing main scenario (variant-of) and has a
    picture in front of every paragraph of its narration and feedback passages.

Two rules read English words (KIND and HELP_POINTER below): a file whose ScenarioInfo
`language:` is not en is spared those two, and the skip is printed. Every other rule holds
for every language; a translation's endings are its original's, line for line, which
translation_parity.py checks.

Usage: policy.py FOLDER   (checks every .twee below it except the folders in SKIP)
Exit 0 when every rule holds; otherwise prints FILE:LINE: message lines and exits 1.
"""
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from twee_text import AUTHOR_ONLY, IMAGE, Scenario  # noqa: E402

SKIP = AUTHOR_ONLY  # format examples for authors: never installed for visitors

# The numbers the content brief lists (section 3), spaces as published.
KNOWN_NUMBERS = {"0800 1111", "0808 800 5000", "0800 011 3764", "999", "101", "18001 101",
                 "0800 789 321"}
PHONE = re.compile(r"\b(?:0\d{3}(?: \d{3,4}){1,2}|18001 101|999|101)\b")
LOOSE_PHONE = re.compile(r"\b0\d[\d ]{6,}\d\b")

# What each help passage must name, by topic and audience. Each entry is a list of
# alternatives: any one of them is enough.
REQUIRED = {
    ("grooming", "young"): [["0800 1111"], ["ceop"], ["999"]],
    ("grooming", "parents"): [["0808 800 5000"], ["ceop"], ["999"], ["0800 1111"]],
    ("radicalisation", "young"): [["0800 1111", "0800 011 3764"], ["0800 011 3764"], ["999"]],
    ("radicalisation", "parents"): [["0800 011 3764"], ["999"]],
}
KIND = re.compile(r"not your fault|not the child's fault|not to blame|never the child's fault|"
                  r"did nothing wrong|done nothing wrong|not your fault|not in trouble|"
                  r"not getting into trouble|is not a failing|never too late|help is there|"
                  r"you will not be in trouble|not getting your child into trouble",
                  re.IGNORECASE)

HELP_POINTER = re.compile(r"trusted adult|talk(ing)? to|tell(ing)? (a|an|someone|your)|told|"
                          r"childline|nspcc|ceop|act early|999|101|report", re.IGNORECASE)


def check(sc, main_ifids):
    out = []
    def err(line, msg):
        out.append(f"{sc.path}:{line}: {msg}")
    info_line = sc.passages["ScenarioInfo"].line if "ScenarioInfo" in sc.passages else 1
    for key in ("summary", "audience", "topic", "minutes", "thumbnail", "content-note",
                "objectives", "review"):
        if not sc.info.get(key):
            err(info_line, f"ScenarioInfo has no {key}")
    try:
        minutes = int(sc.info.get("minutes", "0"))
    except ValueError:
        minutes = 0
    if not 3 <= minutes <= 8:
        err(info_line, f"minutes is {sc.info.get('minutes')}; scenarios take 3 to 8 minutes")
    for c in sc.characters:
        if len(c) < 2 or not c[1]:
            err(info_line, f"character {c[0]} has no avatar picture")
    story = sc.story()
    decisions = [p for p in story if len(p.choices()) >= 2]
    if len(decisions) < 3:
        err(1, f"only {len(decisions)} decision points; give at least 3")
    for p in decisions:
        for label, target in p.choices():
            t = sc.passages.get(target)
            if t is None or t.role != "feedback":
                err(p.line, f"the choice \"{label}\" in \"{p.name}\" does not lead to feedback")
    english = sc.english
    endings = [p for p in story if p.role == "ending"]
    classes = {p.cls for p in endings}
    for need in ("safe", "risky"):
        if need not in classes:
            err(1, f"no {need} ending")
    for p in endings:
        bullets = [t for _, t in p.lines if t.startswith("* ")]
        if not 3 <= len(bullets) <= 5:
            err(p.line, f"ending \"{p.name}\" has {len(bullets)} learning points (3 to 5)")
        text = " ".join(t for _, t in p.lines)
        if not english:
            continue  # KIND and HELP_POINTER are English words (see the module comment)
        if p.cls in ("risky", "mixed") and not KIND.search(text):
            err(p.line, f"{p.cls} ending \"{p.name}\" never says it is not the visitor's fault, "
                        "that they are not in trouble, or that it is never too late")
        if not HELP_POINTER.search(text):
            err(p.line, f"ending \"{p.name}\" does not point to help (a trusted adult, talking "
                        "to someone, or a named service)")
    helps = [p for p in story if p.role == "help"]
    if len(helps) != 1:
        err(1, f"{len(helps)} help passages; give exactly one")
    topic = sc.info.get("topic", "")
    audience = "parents" if sc.info.get("audience", "").strip() == "parents" else "young"
    for p in helps:
        text = " ".join(t for _, t in p.lines).lower()
        for alts in REQUIRED.get((topic, audience), []):
            if not any(a in text for a in alts):
                err(p.line, f"the help passage names none of {alts} (needed for {topic}, {audience})")
    for p in story:
        for no, t in p.lines:
            for m in LOOSE_PHONE.finditer(t):
                num = m.group(0).strip()
                if num not in KNOWN_NUMBERS:
                    err(no, f"\"{num}\" looks like a phone number that is not in the content brief")
    if sc.easy_read:
        if sc.info.get("variant-of") not in main_ifids:
            err(info_line, "variant-of does not name the ifid of a main scenario in the library")
        for p in story:
            if p.role not in ("narration", "feedback", "ending", "help"):
                continue
            last_was_image = False
            for no, t in p.lines:
                s = t.strip()
                if not s or s.startswith("[[") or s.startswith("* "):
                    continue
                if IMAGE.match(s):
                    last_was_image = True
                    continue
                if not last_was_image:
                    err(no, f"easy read: the paragraph in \"{p.name}\" has no picture in front of it")
                last_was_image = False
    return out


def main(argv):
    if len(argv) != 2 or not os.path.isdir(argv[1]):
        print(__doc__, file=sys.stderr)
        return 2
    scenarios = []
    for root, dirs, names in os.walk(argv[1]):
        dirs[:] = sorted(d for d in dirs if d not in SKIP)
        for n in sorted(names):
            if n.endswith((".twee", ".tw")):
                scenarios.append(Scenario(os.path.join(root, n)))
    main_ifids = {sc.data.get("ifid") for sc in scenarios if not sc.easy_read}
    problems = []
    for sc in scenarios:
        if not sc.english:
            print(f"{sc.path}: written in \"{sc.language}\": the English-words rules for endings skipped")
        problems += check(sc, main_ifids)
    for p in problems:
        print(p)
    mains = sum(1 for sc in scenarios if not sc.easy_read)
    print(f"{len(scenarios)} file(s) ({mains} main, {len(scenarios) - mains} easy read), "
          f"{len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

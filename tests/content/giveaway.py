#!/usr/bin/env python3
"""The give-away measure over the scenario library (docs/content-guidelines.md, section 9).

A 12-year-old should not be able to win by picking the longest button. For every decision
(a passage with 2 or more choices, at least one of them safe and one not: a choice is safe
when it leads to a feedback passage tagged `safe`), this test asks two questions:

  * is a safe label the longest of the decision's labels (ties count: a safe label as long
    as the longest other one gives as much away)?
  * is the safe choice written first? (The kiosk shows choices in a random order, so this
    only matters in Twine, on paper and in `keep-order` passages; it is printed, not judged.)

It prints both shares for every file and for the whole library, and fails when more than a
third of the library's decisions have the safe label as the longest. It also prints, without
judging it, how often a knowledge check's (`quiz`) right answer is its longest.

Usage: giveaway.py FOLDER   (every .twee below it except the author-only folders)
"""
import os
import sys
from fractions import Fraction

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from twee_text import AUTHOR_ONLY, Scenario  # noqa: E402

LIMIT = Fraction(1, 3)


def decisions(sc):
    """(passage, safe_longest, safe_first) for every decision with a safe and an other choice."""
    out = []
    for p in sc.story():
        choices = p.choices()
        if len(choices) < 2:
            continue
        safe = []
        for label, target in choices:
            t = sc.passages.get(target)
            safe.append(t is not None and t.role == "feedback" and t.cls == "safe")
        if not any(safe) or all(safe):
            continue
        longest_other = max(len(lab) for (lab, _), s in zip(choices, safe) if not s)
        longest_safe = max(len(lab) for (lab, _), s in zip(choices, safe) if s)
        out.append((p, longest_safe >= longest_other, safe[0]))
    return out


def quiz_questions(sc):
    """right_longest for every question of the knowledge check (ties count)."""
    out = []
    for p in sc.story():
        if p.role != "quiz":
            continue
        answers = None
        for _, raw in p.lines:
            s = raw.strip()
            if s[:2].upper() == "Q:":
                answers = []
                out.append(answers)
            elif s[:2] in ("+ ", "- ") and answers is not None:
                answers.append((s[0] == "+", len(s[2:].strip())))
    return [max(n for r, n in a if r) >= max(n for r, n in a if not r)
            for a in out if any(r for r, _ in a) and not all(r for r, _ in a)]


def files_under(folder):
    found = []
    for root, dirs, names in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if d not in AUTHOR_ONLY)
        found += [os.path.join(root, n) for n in sorted(names) if n.endswith((".twee", ".tw"))]
    return found


def pct(n, d):
    return f"{100 * n / d:.0f}%" if d else "-"


def main(argv):
    if len(argv) != 2 or not os.path.isdir(argv[1]):
        print(__doc__, file=sys.stderr)
        return 2
    total = longest = first = questions = right_longest = 0
    for path in files_under(argv[1]):
        sc = Scenario(path)
        ds = decisions(sc)
        qs = quiz_questions(sc)
        questions, right_longest = questions + len(qs), right_longest + sum(qs)
        n_long = sum(1 for _, lg, _ in ds if lg)
        n_first = sum(1 for _, _, f in ds if f)
        rel = os.path.relpath(path, argv[1])
        print(f"{rel}: {len(ds)} decisions, safe label longest in {n_long} ({pct(n_long, len(ds))}), "
              f"safe choice first in {n_first} ({pct(n_first, len(ds))})")
        for p, lg, _ in ds:
            if lg:
                print(f"  {path}:{p.line}: \"{p.name}\": the safe label is the longest")
        total, longest, first = total + len(ds), longest + n_long, first + n_first
    print(f"library: {total} decisions; safe label longest in {longest} ({pct(longest, total)}); "
          f"safe choice first in {first} ({pct(first, total)}); limit: a third")
    print(f"knowledge checks: {questions} questions; right answer longest in {right_longest} "
          f"({pct(right_longest, questions)}) (printed, not judged)")
    if total == 0:
        print("no decisions found: is this the scenarios folder?")
        return 1
    if Fraction(longest, total) > LIMIT:
        print(f"FAIL: the safe label is the longest in more than a third of the decisions")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

#!/usr/bin/env python3
"""Readability test for the easy-read scenarios (issue 7, content brief section 6).

Holds every easy-read variant to the brief's limits on the text a visitor actually sees
(paragraphs, chat messages and notes, spot reasons, bullets and choice labels; picture
descriptions are not shown, so they are not counted):

  * no sentence longer than MAX_SENTENCE words (the UK government / Department of Health
    easy-read guidance: 10 to 15 words, one idea each);
  * average sentence length at most MAX_AVERAGE words (the bottom of the 10 to 15 band,
    so that most sentences are well under the limit, not at it);
  * long words at most MAX_LONG_SHARE of all words (6%: our plain-English main scenarios
    for 8-16-year-olds and parents measure 4-7%, and easy-read must do better than those). A "long word" is one of three or more
    syllables (the measure used by the Gunning fog and SMOG indexes), counted by the
    vowel-group rule in syllables() below. Web addresses, e-mail addresses and numbers
    (0800 1111, childline.org.uk) are counted as words but never as long words: a reader
    copies them, they do not read them as prose.

Sentences are split at . ! ? followed by a space or the end; every message, bullet, label
and note is at least its own sentence. A word is a run of letters, digits and the
characters ' . / @ - £ inside it (so a web address is one word).

The measures are for English (the syllable count, the word pattern): a file whose
ScenarioInfo `language:` is not en is skipped, and the skip is printed. A translated
easy-read file is held to the same structure as its English original by
translation_parity.py, and its words are for a native-speaking reviewer to judge.

Usage: readability.py [--all] PATH...   (files, or folders searched recursively)
  Folders: only files whose ScenarioInfo says "easy-read: yes" are checked (--all: every
  file). Files named directly are always checked. Exit 0 when all pass, 1 when any text
  breaks a limit (each problem printed as FILE:LINE: message), 2 on usage errors.
  readability.py --self-test   checks the syllable counter and sentence splitter.
  readability.py --expect=sentence|average|long FILE   negative test: exit 0 only when FILE
  breaks that particular limit (so each limit is shown to bite on its own fixture).
"""
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from twee_text import Scenario  # noqa: E402

MAX_SENTENCE = 15
MAX_AVERAGE = 10.0
MAX_LONG_SHARE = 0.06

WORD = re.compile(r"[A-Za-z0-9£][A-Za-z0-9'’./@£-]*")
SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def words(text):
    out = []
    for w in WORD.findall(text):
        w = w.rstrip(".-'’")
        if w:
            out.append(w)
    return out


def is_address_or_number(w):
    return any(c.isdigit() for c in w) or "@" in w or ("." in w and len(w) > 3)


def syllables(word):
    """Vowel groups, less a silent final e, at least one. A heuristic, right for the
    plain words easy-read uses; it errs on the side of counting more."""
    w = re.sub(r"[^a-z]", "", word.lower())
    if not w:
        return 0
    groups = re.findall(r"[aeiouy]+", w)
    n = len(groups)
    if w.endswith("e") and not w.endswith(("le", "ee", "ye")) and n > 1:
        n -= 1
    if w.endswith(("es", "ed")) and n > 1 and not re.search(r"(t|d|s|x|z|ch|sh|c|g)e[sd]$", w):
        n -= 1
    return max(n, 1)


def is_long(w):
    return not is_address_or_number(w) and syllables(w) >= 3


def sentences(text):
    return [s.strip() for s in SENTENCE_END.split(text.strip()) if words(s)]


def check(sc, out):
    """Returns (problems, stats) for one scenario."""
    problems = []
    lengths, nwords, nlong = [], 0, 0
    for p, line, kind, text in sc.visible_units():
        for s in sentences(text):
            ws = words(s)
            lengths.append(len(ws))
            nwords += len(ws)
            nlong += sum(1 for w in ws if is_long(w))
            if len(ws) > MAX_SENTENCE:
                problems.append(f"{sc.path}:{line}: [sentence] {kind} in \"{p.name}\" has a sentence of "
                                f"{len(ws)} words (at most {MAX_SENTENCE}): \"{s}\"")
    avg = sum(lengths) / len(lengths) if lengths else 0.0
    share = nlong / nwords if nwords else 0.0
    if not lengths:
        problems.append(f"{sc.path}:1: no visible text found")
    if avg > MAX_AVERAGE:
        problems.append(f"{sc.path}:1: [average] average sentence length {avg:.1f} words (at most {MAX_AVERAGE})")
    if share > MAX_LONG_SHARE:
        problems.append(f"{sc.path}:1: [long] {share:.1%} of words are long (3+ syllables; at most "
                        f"{MAX_LONG_SHARE:.0%})")
    out.write(f"{sc.path}: {len(lengths)} sentences, average {avg:.1f} words, longest "
              f"{max(lengths) if lengths else 0}, long words {share:.1%}\n")
    return problems


def self_test():
    cases = {"cat": 1, "game": 1, "message": 2, "someone": 2, "trusted": 2, "private": 2,
             "computer": 3, "information": 4, "different": 3, "people": 2, "Childline": 2,
             "asked": 1, "warning": 2, "everyone": 3, "dangerous": 3, "photo": 2}
    bad = [f"{w}: {syllables(w)} != {n}" for w, n in cases.items() if syllables(w) != n]
    if sentences("One two. Three four! Five?") != ["One two.", "Three four!", "Five?"]:
        bad.append("sentence split")
    if words("Call 0800 1111 or go to childline.org.uk.") != ["Call", "0800", "1111", "or", "go", "to", "childline.org.uk"]:
        bad.append("word split: " + repr(words("Call 0800 1111 or go to childline.org.uk.")))
    if is_long("childline.org.uk") or not is_long("information"):
        bad.append("long-word rule")
    for b in bad:
        print("self-test:", b)
    return 1 if bad else 0


def main(argv):
    if argv[1:] == ["--self-test"]:
        return self_test()
    expect = [a.split("=", 1)[1] for a in argv[1:] if a.startswith("--expect=")]
    args = [a for a in argv[1:] if a != "--all" and not a.startswith("--expect=")]
    every = "--all" in argv[1:]
    if not args:
        print(__doc__, file=sys.stderr)
        return 2
    files = []
    for a in args:
        if os.path.isdir(a):
            for root, _, names in sorted(os.walk(a)):
                for n in sorted(names):
                    if n.endswith((".twee", ".tw")):
                        sc = Scenario(os.path.join(root, n))
                        if every or sc.easy_read:
                            files.append(sc)
        elif os.path.isfile(a):
            files.append(Scenario(a))
        else:
            print(f"{a}: no such file or folder", file=sys.stderr)
            return 2
    if not files:
        print("no easy-read scenarios found", file=sys.stderr)
        return 1
    problems = []
    english = []
    for sc in files:
        if not sc.english:
            print(f"{sc.path}: skipped, written in \"{sc.language}\": these measures are for English")
            continue
        english.append(sc)
    if not english:
        print("no English easy-read scenarios found", file=sys.stderr)
        return 1
    files = english
    for sc in files:
        problems += check(sc, sys.stdout)
    for p in problems:
        print(p)
    print(f"{len(files)} file(s), {len(problems)} problem(s)")
    if expect:
        hit = all(any(f"[{e}]" in p for p in problems) for e in expect)
        print(("as expected, " if hit else "NOT as expected: ") + "the fixture breaks the "
              + ", ".join(expect) + " limit")
        return 0 if hit else 1
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

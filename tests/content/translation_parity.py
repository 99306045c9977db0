#!/usr/bin/env python3
"""Translation parity: every translated scenario keeps its English original's structure.

A translated scenario (ScenarioInfo `language:` other than en) shares its original's ifid,
so the statistics, story memory and the kiosk's links treat both as one story. Only the
words a visitor reads may differ. For each translation this test finds the English file
with the same ifid (and the same easy-read setting) and fails, at FILE:LINE, when:

  * there is no English original with that ifid, or the file is not named like the
    original with its language before the ending (friendly-gamer.pl.twee);
  * StoryData differs in anything (ifid, start, format, tag colours);
  * ScenarioInfo differs in a key that is not words: the keys present, audience, topic,
    minutes, thumbnail, easy-read, variant-of, or any character (name, avatar, colour);
  * the language is missing, "en", or not the one in the file name, or the review line
    does not say it is awaiting review by a native speaker (REVIEW_MARK);
  * the passages differ in names, order or tags;
  * within a passage, the skeleton differs: line by line, the kind of each line (text,
    blank, picture path, bullet, chat message and its sender, note, a rate passage's
    [green]/[amber]/[red], a spot's "!", Why:, a quiz's Q:/+/-, a discussion question),
    every link's target in order and the {set ...} on it, and every {if ...} condition.
    So the same choices, flags, pictures, ratings, quiz answers (and which are right) and
    the same number of paragraphs, bullets and questions.

Usage: translation_parity.py FOLDER      check every translation below FOLDER
       translation_parity.py --self-test FOLDER
           copies one real translation and its original into a scratch folder, checks the
           pair is clean, then breaks the copy in each way listed in MUTATIONS and fails
           unless every break is reported.
"""
import json
import os
import re
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from twee_text import IMAGE, LINK, RATING, SPECIAL, Scenario, library_files, link_parts  # noqa: E402

REVIEW_MARK = "awaiting review by a native speaker"
# ScenarioInfo keys whose values are words for people (translated) or staff notes.
WORDS_KEYS = {"summary", "content-note", "objectives", "review", "language"}
FLAG = re.compile(r"\{(if|set)\s+([^{}]*)\}", re.IGNORECASE)
LANG_CODE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$")


def raw_lines(path):
    with open(path, encoding="utf-8") as f:
        return f.read().split("\n")


def line_skeleton(p, raw, names):
    """What a line is, without its words: flags, links and their targets, the line kind."""
    flags = [(k.lower(), " ".join(v.lower().split())) for k, v in FLAG.findall(raw)]
    text = FLAG.sub("", raw).strip()
    links = [link_parts(i)[1] for i in LINK.findall(text)]
    rest = LINK.sub("", text).strip()
    if not text:
        kind = "blank" if not flags else "flags-only"
    elif IMAGE.match(text):
        inner = IMAGE.match(text).group(1)
        kind = "picture " + (inner.rsplit("|", 1)[1].strip() if "|" in inner else "?")
    elif not rest:
        kind = "links"
    elif p.role in ("quiz", "discuss"):
        m = re.match(r"^(Q:|Why:|[+-] )", rest, re.IGNORECASE)
        kind = "list " + (m.group(1).strip().lower() if m else "text")
    elif p.role in ("chat", "spot"):
        marks = []
        body = rest
        if body.startswith("! "):
            marks.append("!")
            body = body[2:]
        m = RATING.match(body)
        if m:
            marks.append(m.group(1).lower())
            body = body[m.end():]
        if body.startswith("Why:"):
            kind = "why"
        else:
            m = re.match(r"^([^:]{1,30}):\s*(.*)$", body)
            sender = m.group(1).strip() if m else None
            if sender is not None and sender.lower() in names:
                kind = "message from " + sender.lower()
            else:
                kind = "note"
        kind = " ".join(marks + [kind])
    elif rest.startswith("* "):
        kind = "bullet"
    else:
        kind = "text"
    return (kind, tuple(links), tuple(flags))


def passage_skeleton(sc, p, lines):
    names = {c[0].lower() for c in sc.characters} | {"you"}
    out = []
    for no, _ in p.lines:
        out.append((no, line_skeleton(p, lines[no - 1].rstrip("\r"), names)))
    while out and out[-1][1][0] == "blank":  # Twee ignores blank lines at a passage's end
        out.pop()
    return out


def describe(sk):
    kind, links, flags = sk
    parts = [kind]
    if links:
        parts.append("links to " + ", ".join(f'"{t}"' for t in links))
    if flags:
        parts.append(" ".join("{%s %s}" % f for f in flags))
    return "; ".join(parts)


def compare(tr, orig):
    """Problems (FILE:LINE: message) with translation tr against its original orig."""
    out = []
    def err(line, msg):
        out.append(f"{tr.path}:{line}: {msg}")
    info_line = tr.passages["ScenarioInfo"].line if "ScenarioInfo" in tr.passages else 1
    lang = tr.language
    if not LANG_CODE.match(lang) or tr.english:
        err(info_line, f"language is \"{lang}\"; a translation names its own language, e.g. pl")
    ostem, oext = os.path.splitext(os.path.basename(orig.path))
    want = f"{ostem}.{lang}{oext}"
    if os.path.basename(tr.path) != want:
        err(1, f"a translation of {os.path.basename(orig.path)} into \"{lang}\" should be named {want}")
    if REVIEW_MARK not in tr.info.get("review", "").lower():
        err(info_line, f"the review line must say \"{REVIEW_MARK}\" until a native speaker has read it")
    if tr.data != orig.data:
        err(tr.passages["StoryData"].line if "StoryData" in tr.passages else 1,
            "StoryData differs from the original's (ifid, start, format and tag colours stay the same)")
    tkeys, okeys = set(tr.info), set(orig.info)
    if tkeys != okeys:
        err(info_line, f"ScenarioInfo keys differ from the original's: missing {sorted(okeys - tkeys)}, "
                       f"extra {sorted(tkeys - okeys)}")
    for k in sorted(okeys & tkeys - WORDS_KEYS):
        if tr.info[k] != orig.info[k]:
            err(info_line, f"ScenarioInfo {k} is \"{tr.info[k]}\", the original's is \"{orig.info[k]}\"")
    if tr.characters != orig.characters:
        err(info_line, "the characters differ from the original's (keep each name, avatar and colour)")
    tnames = [n for n in tr.order if n not in SPECIAL]
    onames = [n for n in orig.order if n not in SPECIAL]
    if tnames != onames:
        err(1, f"the passages differ from the original's: missing {[n for n in onames if n not in tnames]}, "
               f"extra {[n for n in tnames if n not in onames]}"
               + ("" if set(tnames) != set(onames) else ", or in another order"))
    if "StoryTitle" not in tr.passages or not tr.title:
        err(1, "the StoryTitle passage is missing or empty")
    tlines, olines = raw_lines(tr.path), raw_lines(orig.path)
    for name in tnames:
        tp, op = tr.passages[name], orig.passages.get(name)
        if op is None:
            continue
        if tp.tags != op.tags:
            err(tp.line, f"passage \"{name}\" has tags [{' '.join(tp.tags)}], the original [{' '.join(op.tags)}]")
        ts, os_ = passage_skeleton(tr, tp, tlines), passage_skeleton(orig, op, olines)
        for i in range(max(len(ts), len(os_))):
            if i >= len(ts):
                err(tp.line, f"passage \"{name}\" ends early: the original goes on with "
                             f"{describe(os_[i][1])} (line {os_[i][0]} of {orig.path})")
                break
            if i >= len(os_):
                err(ts[i][0], f"passage \"{name}\" has more than the original: {describe(ts[i][1])}")
                break
            if ts[i][1] != os_[i][1]:
                err(ts[i][0], f"in \"{name}\" this line is {describe(ts[i][1])}; the original's "
                              f"(line {os_[i][0]}) is {describe(os_[i][1])}")
                break  # one report a passage: the rest would follow from it
    return out


def check_folder(folder):
    """(problems, number of translations checked)."""
    scs = [Scenario(f) for f in library_files(folder)]
    originals = {}
    problems = []
    for sc in scs:
        if sc.english:
            key = sc.data.get("ifid", "").upper()
            if key in originals:
                problems.append(f"{sc.path}:1: another English file, {originals[key].path}, has this ifid")
            originals[key] = sc
    count = 0
    for sc in scs:
        if sc.english:
            continue
        count += 1
        orig = originals.get(sc.data.get("ifid", "").upper())
        if orig is None:
            problems.append(f"{sc.path}:1: a translation, but no English scenario in the library has "
                            f"its ifid {sc.data.get('ifid')}")
            continue
        problems += compare(sc, orig)
    return problems, count


# Each way a translation can drift: (what it breaks, text in the translation, replacement).
MUTATIONS = [
    ("a choice's target", "->Took phone]]", "->Left it]]"),
    ("a choice's flag", "[feedback risky set:took-phone]", "[feedback risky]"),
    ("a passage's tags", ":: Deleted [feedback risky]", ":: Deleted [feedback neutral]"),
    ("a passage's name", ":: Lectured [", ":: Lectured him ["),
    ("a condition", "{if read-messages}", "{if took-phone}"),
    ("a picture", "images/pic-secret.svg", "images/pic-stop.svg"),
    ("a rating", "[amber] Bolt_77:", "[green] Bolt_77:"),
    ("a sender", "[red] Dex:", "[red] Bolt_77:"),
    ("a right answer", "\n+ ", "\n- "),
    ("a quiz answer dropped", "\n- ", "\n"),
    ("a Why line dropped", "\nWhy: ", "\n"),
    ("the ifid", "FDA16444-EA9E-48FA-9948-2672553B6BCA", "FDA16444-EA9E-48FA-9948-2672553B6BCB"),
    ("the start passage", '"start": "Start"', '"start": "First step"'),
    ("the language", "language: ", "language: en-x-"),
    ("the review mark", REVIEW_MARK, "reviewed"),
    ("the audience", "audience: parents", "audience: 16+"),
    ("a character's colour", "#E4572E", "#E4572F"),
    ("a bullet turned into text", "\n* ", "\n"),
    ("a paragraph added", "images/pic-thinking.svg]]\n", "images/pic-thinking.svg]]\nx\n\n"),
]


def break_each_way(orig, base):
    """Number of MUTATIONS (and language breaks) of translation base not reported."""
    text = open(base.path, encoding="utf-8").read()
    lang = base.language
    breaks = MUTATIONS + [("the language set to en", f"language: {lang}\n", "language: en\n")]
    bad = 0
    with tempfile.TemporaryDirectory() as tmp:
        shutil.copy(orig.path, tmp)
        target = os.path.join(tmp, os.path.basename(base.path))
        shutil.copy(base.path, target)
        problems, n = check_folder(tmp)
        if problems or n != 1:
            print(f"self-test: the untouched copy of {base.path} should be clean:", *problems, sep="\n  ")
            return 1
        for what, old, new in breaks:
            if old not in text:
                print(f"self-test: cannot break {what}: \"{old.strip()}\" is not in {base.path}")
                bad += 1
                continue
            with open(target, "w", encoding="utf-8") as f:
                f.write(text.replace(old, new, 1))
            problems, _ = check_folder(tmp)
            print(f"  {'caught' if problems else 'MISSED'}: {what}" + (f" ({problems[0]})" if problems else ""))
            bad += 0 if problems else 1
        os.remove(target)  # the same words under a name without the language
        with open(os.path.join(tmp, "renamed.twee"), "w", encoding="utf-8") as f:
            f.write(text)
        problems, _ = check_folder(tmp)
        print(f"  {'caught' if problems else 'MISSED'}: a file name without its language")
        bad += 0 if problems else 1
    print(f"{base.path}: {len(breaks) + 1 - bad} of {len(breaks) + 1} breaks caught")
    return bad


def self_test(folder):
    scs = [Scenario(f) for f in library_files(folder)]
    ifid = "FDA16444-EA9E-48FA-9948-2672553B6BCA"  # Something's Changed: the mutations fit it
    orig = next((sc for sc in scs if sc.english and sc.data.get("ifid") == ifid), None)
    bases = [sc for sc in scs if not sc.english and sc.data.get("ifid") == ifid]
    if orig is None or not bases:
        print("self-test: no translation of Something's Changed with its original in", folder)
        return 1
    bad = sum(break_each_way(orig, b) for b in bases)
    print(f"self-test: {len(bases)} translation(s) broken in every way, {bad} break(s) missed")
    return 1 if bad else 0


def main(argv):
    if len(argv) == 3 and argv[1] == "--self-test":
        return self_test(argv[2])
    if len(argv) != 2 or not os.path.isdir(argv[1]):
        print(__doc__, file=sys.stderr)
        return 2
    problems, count = check_folder(argv[1])
    for p in problems:
        print(p)
    print(f"{count} translation(s) checked, {len(problems)} problem(s)")
    if count == 0:
        print("no translated scenario found (a file whose ScenarioInfo language is not en)")
        return 1
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

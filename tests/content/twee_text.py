"""Shared by the content tests: reads a Twee 3 scenario the way docs/scenario-format.md
describes it and returns what a visitor sees, as plain text units.

This is deliberately a small, independent reading of the format (not a call into the
kiosk's C reader): the content tests judge the words an author wrote, and a second,
simple reader also catches drift between the format document and the files.
"""
import json
import os
import re

SPECIAL = {"StoryTitle", "StoryData", "ScenarioInfo", "StoryScript", "StoryStylesheet"}
# "[green] Name: message" in a rate passage (docs/scenario-format.md)
RATING = re.compile(r"^\[(green|amber|red)\]\s*", re.IGNORECASE)
ROLES = {"narration", "chat", "spot", "feedback", "ending", "help", "quiz", "discuss"}
# The knowledge check ("Q:", "+ ", "- ", "Why:") and the discussion questions ("- "): one
# visible unit a line, its marker taken off.
LIST_LINE = re.compile(r"^(?:Q:|Why:|[+-] )\s*", re.IGNORECASE)
LINK = re.compile(r"\[\[(.*?)\]\]")
IMAGE = re.compile(r"^\[img\[(.*)\]\]\s*$")
# Folders of scenarios/ that hold worked examples for authors (docs/scenario-format.md).
# They are not part of the library: the content checks skip them, so they must never be
# installed for visitors (installed.py checks the install tree for this).
AUTHOR_ONLY = {"examples"}
# Story memory (docs/scenario-format.md, "Remembering choices"): a "{if ...}" or "{set ...}"
# group at the start or the end of a line is not text a visitor reads.
FLAG_GROUP = re.compile(r"^\s*\{(?:if|set)\s[^{}]*\}\s*|\s*\{(?:if|set)\s[^{}]*\}\s*$", re.IGNORECASE)
# Narration (docs/scenario-format.md, "Narration"): "{audio FILE}" is heard, not read.
AUDIO_GROUP = re.compile(r"\{audio\b[^{}]*\}", re.IGNORECASE)
HEADER = re.compile(r"^::\s*(.*?)\s*(?:\[(.*?)\])?\s*(?:\{.*\})?\s*$")


def library_files(folder):
    """Every .twee/.tw file below folder, sorted, outside the author-only folders."""
    files = []
    for root, dirs, names in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if d not in AUTHOR_ONLY)
        for n in sorted(names):
            if n.endswith((".twee", ".tw")):
                files.append(os.path.join(root, n))
    return files


def link_parts(inner):
    """Twine link grammar -> (label, target)."""
    if "->" in inner:
        label, target = inner.split("->", 1)
    elif "<-" in inner:
        target, label = inner.split("<-", 1)
    elif "|" in inner:
        label, target = inner.split("|", 1)
    else:
        label = target = inner
    return label.strip(), target.strip()


class Passage:
    def __init__(self, name, tags, line):
        self.name, self.tags, self.line = name, tags, line
        self.lines = []  # (line number, text)

    @property
    def role(self):
        for t in self.tags:
            if t in ROLES:
                return t
        return "narration"

    @property
    def cls(self):
        for t in self.tags:
            if t in ("safe", "risky", "neutral", "mixed"):
                return t
        return None

    def choices(self):
        out = []
        for _, text in self.lines:
            for inner in LINK.findall(text):
                out.append(link_parts(inner))
        return out


class Scenario:
    def __init__(self, path):
        self.path = path
        self.passages = {}
        self.order = []
        cur = None
        with open(path, encoding="utf-8") as f:
            for no, raw in enumerate(f.read().split("\n"), 1):
                m = HEADER.match(raw)
                if raw.startswith("::") and m:
                    cur = Passage(m.group(1), (m.group(2) or "").split(), no)
                    self.passages[cur.name] = cur
                    self.order.append(cur.name)
                elif cur is not None:
                    cur.lines.append((no, AUDIO_GROUP.sub("", FLAG_GROUP.sub("", raw.rstrip("\r")))))
        self.data = {}
        if "StoryData" in self.passages:
            try:
                self.data = json.loads("\n".join(t for _, t in self.passages["StoryData"].lines))
            except ValueError:
                self.data = {}
        self.info = {}
        self.characters = []
        if "ScenarioInfo" in self.passages:
            for _, t in self.passages["ScenarioInfo"].lines:
                if ":" not in t:
                    continue
                k, v = t.split(":", 1)
                k, v = k.strip(), v.strip()
                if k == "character":
                    self.characters.append([x.strip() for x in v.split("|")])
                else:
                    self.info[k] = v
        self.title = " ".join(t for _, t in self.passages.get("StoryTitle", Passage("", [], 0)).lines).strip()

    @property
    def language(self):
        """The ScenarioInfo language, "en" when absent (docs/scenario-format.md)."""
        return self.info.get("language", "").strip() or "en"

    @property
    def english(self):
        return self.language.split("-")[0].lower() == "en"

    @property
    def easy_read(self):
        return self.info.get("easy-read", "").lower() in ("yes", "true", "1")

    def story(self):
        return [self.passages[n] for n in self.order if n not in SPECIAL
                and "script" not in self.passages[n].tags and "stylesheet" not in self.passages[n].tags]

    def visible_units(self):
        """Yields (passage, line, kind, text) for every piece of text a visitor reads:
        paragraphs, chat messages, notes, spot reasons, bullets and choice labels.
        Picture descriptions are left out (they are read by screen readers, not shown)."""
        names = {c[0] for c in self.characters} | {"You"}
        for p in self.story():
            para, para_line = [], 0
            def flush():
                if para:
                    yield (p, para_line, "paragraph", " ".join(para))
            for no, text in p.lines:
                s = text.strip()
                if not s:
                    yield from flush()
                    para, para_line = [], 0
                    continue
                if IMAGE.match(s):
                    yield from flush()
                    para, para_line = [], 0
                    continue
                labels = [link_parts(i)[0] for i in LINK.findall(s)]
                rest = LINK.sub("", s).strip()
                for lab in labels:
                    yield (p, no, "choice", lab)
                if not rest:
                    continue
                if p.role in ("quiz", "discuss"):
                    yield (p, no, "question", LIST_LINE.sub("", rest, count=1))
                    continue
                if p.role in ("chat", "spot"):
                    body = rest[2:] if rest.startswith("! ") else rest
                    body = RATING.sub("", body, count=1)
                    if body.startswith("Why:"):
                        yield (p, no, "why", body[4:].strip())
                        continue
                    m = re.match(r"^([^:]{1,30}):\s*(.*)$", body)
                    if m and m.group(1).strip() in names:
                        yield (p, no, "message", m.group(2))
                    else:
                        yield (p, no, "note", body)
                    continue
                if rest.startswith("* "):
                    yield from flush()
                    para, para_line = [], 0
                    yield (p, no, "bullet", rest[2:])
                    continue
                if not para:
                    para_line = no
                para.append(rest)
            yield from flush()

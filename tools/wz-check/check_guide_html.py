#!/usr/bin/env python3
"""Checks a guide sheet written by wz-check --guide: it parses as HTML, has every section
heading in order, loads nothing (no script, link, image, frame, object, src or href) and
holds each expected text (given after the file, as it should read on the page).
Usage: check_guide_html.py SHEET.html [TEXT...]; exit 0 when it is right."""
import sys
from html.parser import HTMLParser

SECTIONS = ["Summary", "Audience", "Learning objectives", "Content note", "Learning points",
            "Discussion questions", "Decision map", "Knowledge check, with answers",
            "Help numbers", "If a child tells you something"]
FORBIDDEN_TAGS = {"script", "link", "img", "iframe", "frame", "object", "embed", "base",
                  "form", "input", "video", "audio", "source"}


class Sheet(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.h2, self.problems, self.text = [], [], []
        self.in_h2 = False

    def handle_starttag(self, tag, attrs):
        if tag in FORBIDDEN_TAGS:
            self.problems.append("a <%s> element" % tag)
        for name, value in attrs:
            if name in ("src", "href") or name.startswith("on"):
                self.problems.append("an attribute %s=%r" % (name, value))
        if tag == "h2":
            self.in_h2 = True
            self.h2.append("")

    def handle_endtag(self, tag):
        if tag == "h2":
            self.in_h2 = False

    def handle_data(self, data):
        if self.in_h2:
            self.h2[-1] += data
        self.text.append(data)


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        html = f.read()
    s = Sheet()
    s.feed(html)
    s.close()
    bad = list(s.problems)
    if s.h2 != SECTIONS:
        bad.append("the section headings are %r, not %r" % (s.h2, SECTIONS))
    text = " ".join("".join(s.text).split())
    for want in sys.argv[2:]:
        if " ".join(want.split()) not in text:
            bad.append("the text %r is missing" % want)
    if "@page" not in html or "A4" not in html:
        bad.append("no A4 print style")
    for b in bad:
        print("%s: %s" % (sys.argv[1], b), file=sys.stderr)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())

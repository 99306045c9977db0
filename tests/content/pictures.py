#!/usr/bin/env python3
"""Checks the scenario pictures (SVG) for what the kiosk can draw and what the library
promises (docs/content-guidelines.md, "Pictures").

The kiosk rasterises SVG with SDL2_image's built-in nanosvg, which draws shapes, paths
and gradients but ignores text, CSS style sheets, <use>, filters, masks and clip paths,
and never fetches anything. A picture using those would look different on the kiosk
than in a browser, so each SVG under scenarios/ must:

  * be well-formed XML with an <svg> root, a viewBox, and a width and height;
  * use only the elements in ALLOWED, and no external or embedded references (href);
  * be small (at most MAX_BYTES), since a kiosk library is copied around on USB sticks;
  * be byte-identical to every other copy with the same file name in other scenario
    folders: pictures cannot be shared between folders, so each folder holds copies, and
    an edit must reach every copy (otherwise the cast changes look between stories).

Usage: pictures.py SCENARIOS_DIR   (exit 0 when all pictures pass, 1 otherwise)
"""
import hashlib
import os
import sys
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from twee_text import AUTHOR_ONLY  # noqa: E402

SVG_NS = "{http://www.w3.org/2000/svg}"
ALLOWED = {"svg", "g", "rect", "circle", "ellipse", "line", "polyline", "polygon", "path",
           "title", "desc", "defs", "linearGradient", "radialGradient", "stop"}
MAX_BYTES = 20000
SKIP = AUTHOR_ONLY  # format examples for authors: never installed for visitors


def check(path):
    problems = []
    data = open(path, "rb").read()
    if len(data) > MAX_BYTES:
        problems.append(f"{len(data)} bytes (at most {MAX_BYTES})")
    try:
        root = ET.fromstring(data)
    except ET.ParseError as e:
        return [f"not well-formed XML: {e}"]
    if root.tag != SVG_NS + "svg":
        problems.append(f"root element is {root.tag}, not svg in the SVG namespace")
    for attr in ("viewBox", "width", "height"):
        if attr not in root.attrib:
            problems.append(f"the svg element has no {attr}")
    for el in root.iter():
        name = el.tag.replace(SVG_NS, "")
        if name not in ALLOWED:
            problems.append(f"<{name}> is not drawn by the kiosk's SVG renderer")
        for k in el.attrib:
            if k.endswith("href"):
                problems.append(f"<{name}> refers to another file or data ({k})")
    return problems


def main(argv):
    if len(argv) != 2 or not os.path.isdir(argv[1]):
        print(__doc__, file=sys.stderr)
        return 2
    problems, copies, n = [], {}, 0
    for root, dirs, names in os.walk(argv[1]):
        dirs[:] = sorted(d for d in dirs if d not in SKIP)
        for name in sorted(names):
            if not name.lower().endswith(".svg"):
                continue
            path = os.path.join(root, name)
            n += 1
            problems += [f"{path}: {p}" for p in check(path)]
            # thumbnails are one per story; every other picture is shared by name
            if name != "thumb.svg":
                digest = hashlib.sha256(open(path, "rb").read()).hexdigest()
                copies.setdefault(name, {}).setdefault(digest, []).append(path)
    for name, versions in sorted(copies.items()):
        if len(versions) > 1:
            where = "; ".join(f"{len(p)} like {p[0]}" for p in versions.values())
            problems.append(f"{name}: the copies differ ({where}); copy the edited one to every folder")
    for p in problems:
        print(p)
    print(f"{n} pictures, {len(copies)} distinct names, {len(problems)} problem(s)")
    return 1 if problems or n == 0 else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

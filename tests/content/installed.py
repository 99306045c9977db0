#!/usr/bin/env python3
"""What the package gives visitors is what the content checks have checked.

policy.py, pictures.py and make_scripts.py skip the author-only folders of scenarios/
(twee_text.AUTHOR_ONLY: the format guide's worked examples), because those are not held
to the library's rules. That is only safe if they never reach a kiosk. This test looks
at an install tree and fails when a scenario file in an author-only folder is installed
anywhere a kiosk would load scenarios from (a folder named "scenarios", or below it).

Usage:
  installed.py TREE                      check an existing install tree (DESTDIR)
  installed.py --install CMAKE BUILD DIR  run `cmake --install BUILD` into DIR (as DESTDIR,
                                          emptied first), then check it
Exit 0 when no author-only scenario is installed and at least one library scenario is;
otherwise prints what is wrong, in plain words, and exits 1.
"""
import os
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from twee_text import AUTHOR_ONLY  # noqa: E402

SCENARIO_ENDINGS = (".twee", ".tw", ".html", ".htm")


def installed_scenarios(tree):
    """Every scenario file below a folder named "scenarios" in tree, as paths relative
    to that folder (e.g. "examples/game-gift.twee"), with the full path."""
    found = []
    for root, dirs, names in os.walk(tree):
        dirs.sort()
        if os.path.basename(root) != "scenarios":
            continue
        for sub_root, sub_dirs, sub_names in os.walk(root):
            sub_dirs.sort()
            for n in sorted(sub_names):
                if n.lower().endswith(SCENARIO_ENDINGS):
                    full = os.path.join(sub_root, n)
                    found.append((os.path.relpath(full, root), full))
        dirs[:] = []  # the walk above already covered everything below
    return found


def check(tree):
    files = installed_scenarios(tree)
    problems = []
    library = 0
    for rel, full in files:
        top = rel.split(os.sep)[0]
        if top in AUTHOR_ONLY:
            problems.append(f"{full}: the author-only folder \"{top}\" is installed, so "
                            "visitors would see scenarios the content checks skip. Leave "
                            "it out of the install rules (or hold it to the checks).")
        else:
            library += 1
    if library == 0:
        problems.append(f"{tree}: no library scenario is installed under a \"scenarios\" "
                        "folder, so there is nothing for visitors (or this test looked in "
                        "the wrong place).")
    for p in problems:
        print(p)
    print(f"{library} library scenario file(s) installed, {len(problems)} problem(s)")
    return 1 if problems else 0


def install(cmake, build, dest):
    if os.path.isdir(dest):
        shutil.rmtree(dest)
    os.makedirs(dest)
    env = dict(os.environ, DESTDIR=os.path.abspath(dest))
    r = subprocess.run([cmake, "--install", build], env=env, stdout=subprocess.DEVNULL,
                       stderr=subprocess.PIPE, text=True)
    if r.returncode != 0:
        print(f"installing {build} into {dest} failed:\n{r.stderr}")
        return 1
    return 0


def main(argv):
    if len(argv) == 5 and argv[1] == "--install":
        if install(argv[2], argv[3], argv[4]) != 0:
            return 1
        return check(argv[4])
    if len(argv) == 2 and not argv[1].startswith("-"):
        return check(argv[1])
    print("usage: installed.py TREE\n       installed.py --install CMAKE BUILD_DIR DEST_DIR")
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))

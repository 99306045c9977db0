#!/usr/bin/env python3
"""Runs wz-check on the scenario library and fails on any error OR warning.

wz-check exits 0 when there are only warnings (they are advice to authors); for the
library we ship, the issue asks for none at all, so this wrapper counts the diagnostics
in its JSON output. Usage: check_clean.py WZ_CHECK FOLDER
"""
import json
import subprocess
import sys


def main(argv):
    if len(argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    run = subprocess.run([argv[1], "--format=json", argv[2]], capture_output=True, text=True)
    try:
        doc = json.loads(run.stdout)
    except ValueError:
        print("wz-check did not print JSON:", run.stdout[:500], run.stderr[:500])
        return 1
    diags = doc.get("diagnostics", [])
    for d in diags:
        print(f"{d.get('file')}:{d.get('line')}:{d.get('column')}: {d.get('severity')}: {d.get('message')}")
    n = len(doc.get("scenarios", []))
    print(f"{n} scenario file(s), {len(diags)} diagnostic(s), wz-check exit {run.returncode}")
    return 0 if not diags and run.returncode == 0 and n > 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))

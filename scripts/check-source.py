#!/usr/bin/env python3
"""Source checks that keep the C code the way docs/architecture.md describes it.

  check-source.py format     clang-format finds nothing to change in any tracked *.c/*.h
  check-source.py banned     no call to a banned C library function (atoi, sprintf, ...),
                             except those named in scripts/banned-calls.txt (the same rule:
                             a name there that is no longer called is an error)
  check-source.py length     no function in src/ or tools/ longer than MAX_LINES, except
                             those named in scripts/long-functions.txt; a name there that
                             is no longer long is an error too, so the list only shrinks
  check-source.py headers    each header in src/ and tools/ opens with a comment that says
                             what and why in at most HEADER_LINES lines (between /* and
                             */), and no header speaks of issues ("issue 10", "a later
                             issue"): history belongs in git, detail in the function
                             comments or docs/architecture.md
  check-source.py all        all four

The banned and length checks read the code with comments, string and character literals
blanked out (line numbers kept), so a word in a comment or a message is not a call and a
brace in a string is not a block. Files are the ones git tracks, or every *.c/*.h under
the source tree when it is not a git checkout. Exit status: 0 clean, 1 findings, 2 error.
"""
import os
import re
import shutil
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ALLOW_FILE = os.path.join(ROOT, "scripts", "long-functions.txt")
BANNED_ALLOW_FILE = os.path.join(ROOT, "scripts", "banned-calls.txt")
MAX_LINES = 120
LENGTH_DIRS = ("src/", "tools/")
HEADER_LINES = 12
ISSUE_TALK = re.compile(r"\b(issue\s*#?\d+|(a|an|the)\s+(later|earlier|future|previous)\s+issue)",
                        re.IGNORECASE)

# Each banned function, and what to use instead (in plain words for the message).
BANNED = {
    "atoi": "strtol with an end pointer (atoi cannot report bad input)",
    "atol": "strtol with an end pointer",
    "atoll": "strtoll with an end pointer",
    "atof": "strtod with an end pointer",
    "sprintf": "snprintf or a wz_buf",
    "vsprintf": "vsnprintf",
    "strcpy": "wz_xstrdup, memcpy with a known length, or snprintf",
    "stpcpy": "memcpy with a known length",
    "strcat": "a wz_buf or snprintf",
    "strncpy": "memcpy with a known length, or snprintf (strncpy may leave no NUL)",
    "strncat": "a wz_buf or snprintf",
    "gets": "fgets",
    "strtok": "strtok_r, or walking the string with strchr",
    "tmpnam": "mkstemp",
    "tempnam": "mkstemp",
    "mktemp": "mkstemp",
    "asctime": "strftime",
    "ctime": "strftime",
    "gmtime": "gmtime_r",
    "localtime": "localtime_r",
}


def tracked_sources():
    try:
        out = subprocess.run(["git", "-C", ROOT, "ls-files", "*.c", "*.h"], check=True,
                             capture_output=True, text=True).stdout.split()
        if out:
            return sorted(out)
    except (OSError, subprocess.CalledProcessError):
        pass
    found = []
    for top in ("src", "tools", "tests", "bench"):
        for d, _, files in os.walk(os.path.join(ROOT, top)):
            found += [os.path.relpath(os.path.join(d, f), ROOT) for f in files
                      if f.endswith((".c", ".h"))]
    return sorted(found)


def blank_code(text, directives=True):
    """Returns text with comments, string and char literals (and, when `directives`,
    preprocessor lines) replaced by spaces; newlines stay, so offsets keep their lines."""
    out = list(text)
    i, n = 0, len(text)
    at_line_start = True
    while i < n:
        c = text[i]
        if at_line_start and c == "#" and directives:
            # a directive, with its continuation lines
            j = i
            while j < n and not (text[j] == "\n" and text[j - 1] != "\\"):
                j += 1
            for k in range(i, j):
                if out[k] != "\n":
                    out[k] = " "
            i = j
            continue
        if c == "\n":
            at_line_start = True
            i += 1
            continue
        if not c.isspace():
            at_line_start = False
        if text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
        elif text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
        elif c in "\"'":
            j = i + 1
            while j < n and text[j] != c and text[j] != "\n":
                j += 2 if text[j] == "\\" else 1
            j = min(j + 1, n)
            # keep the quotes so the code still reads as an expression
            for k in range(i + 1, j - 1):
                if out[k] != "\n":
                    out[k] = " "
            i = j
            continue
        else:
            i += 1
            continue
        for k in range(i, j):
            if out[k] != "\n":
                out[k] = " "
        i = j
    return "".join(out)


def read(path):
    with open(os.path.join(ROOT, path), encoding="utf-8", errors="replace") as f:
        return f.read()


def check_format(files):
    exe = shutil.which("clang-format")
    if not exe:
        print("check-source: clang-format is not installed (scripts/install-deps.sh)")
        return 2
    res = subprocess.run([exe, "--dry-run", "-Werror", "--style=file"] + files, cwd=ROOT,
                         capture_output=True, text=True)
    if res.returncode != 0:
        sys.stdout.write(res.stderr[-20000:])
        bad = sorted(set(re.findall(r"^(\S+?):\d+:\d+: error", res.stderr, re.M)))
        print(f"{len(bad)} file(s) are not formatted: run `make format` and commit the result")
        return 1
    print(f"format: {len(files)} files as .clang-format wants them")
    return 0


CALL = re.compile(r"(?<![\w.>])(%s)\s*\(" % "|".join(sorted(BANNED, key=len, reverse=True)))


def check_banned(files):
    allowed = read_allow_list(BANNED_ALLOW_FILE)
    seen = set()
    found = 0
    for path in files:
        code = blank_code(read(path), directives=False)  # a macro may call them too
        for m in CALL.finditer(code):
            line = code.count("\n", 0, m.start()) + 1
            name = m.group(1)
            key = f"{path}:{name}"
            seen.add(key)
            listed = " (in the allow-list)" if key in allowed else ""
            print(f"{path}:{line}: {name}() is not allowed here: use {BANNED[name]}{listed}")
            found += 0 if listed else 1
    rel = os.path.relpath(BANNED_ALLOW_FILE, ROOT)
    for key, no in sorted(allowed.items()):
        if key not in seen:
            print(f"{rel}:{no}: {key} is no longer called: delete its line")
            found += 1
    if found:
        print(f"{found} finding(s) about banned functions")
        return 1
    print(f"banned: no call of the {len(BANNED)} banned functions in {len(files)} files "
          f"outside {rel}")
    return 0


NAME_BEFORE_PAREN = re.compile(r"([A-Za-z_]\w*)\s*$")


def functions(path):
    """Yields (name, first line, length in lines) of every function defined in path: a
    block at file level whose head ends in a parameter list and has no '='."""
    code = blank_code(read(path))
    depth = 0
    head_start = 0
    start = None
    name = None
    for i, c in enumerate(code):
        if c == "{":
            if depth == 0:
                head = code[head_start:i]
                name = None
                if "=" not in head and head.rstrip().endswith(")"):
                    p = head.find("(")
                    m = NAME_BEFORE_PAREN.search(head[:p]) if p > 0 else None
                    if m and m.group(1) not in ("if", "while", "for", "switch"):
                        name = m.group(1)
                        start = head_start + m.start(1)
            depth += 1
        elif c == "}":
            depth -= 1
            if depth == 0:
                if name:
                    first = code.count("\n", 0, start) + 1
                    last = code.count("\n", 0, i) + 1
                    yield name, first, last - first + 1
                name = None
                head_start = i + 1
        elif c == ";" and depth == 0:
            head_start = i + 1


def read_allow_list(path):
    allowed = {}
    if not os.path.exists(path):
        return allowed
    with open(path, encoding="utf-8") as f:
        for no, line in enumerate(f, 1):
            line = line.split("#", 1)[0].strip()
            if line:
                allowed[line] = no
    return allowed


def check_length(files):
    allowed = read_allow_list(ALLOW_FILE)
    long_ones = {}
    for path in files:
        if not path.startswith(LENGTH_DIRS) or not path.endswith(".c"):
            continue
        for name, line, length in functions(path):
            if length > MAX_LINES:
                long_ones[f"{path}:{name}"] = (line, length)
    status = 0
    for key, (line, length) in sorted(long_ones.items(), key=lambda kv: -kv[1][1]):
        path, name = key.split(":")
        listed = " (in the allow-list)" if key in allowed else ""
        print(f"{path}:{line}: {name}() is {length} lines, over {MAX_LINES}{listed}")
        if not listed:
            status = 1
    rel = os.path.relpath(ALLOW_FILE, ROOT)
    for key, no in sorted(allowed.items()):
        if key not in long_ones:
            print(f"{rel}:{no}: {key} is no longer over {MAX_LINES} lines (or gone): "
                  "delete its line")
            status = 1
    if status:
        print(f"Split a new long function, or, only for today's ones, see {rel}")
    else:
        print(f"length: {len(long_ones)} function(s) over {MAX_LINES} lines, "
              f"all in {rel}")
    return status


def check_headers(files):
    status = 0
    count = 0
    for path in files:
        if not path.startswith(LENGTH_DIRS) or not path.endswith(".h"):
            continue
        count += 1
        text = read(path)
        lines = text.split("\n")
        if not text.startswith("/*") or "*/" not in text:
            print(f"{path}:1: a header opens with a comment saying what it is and why")
            status = 1
        else:
            body = text[: text.index("*/")].count("\n") - 1
            if body > HEADER_LINES:
                print(f"{path}:1: the top comment is {body} lines, over {HEADER_LINES}: say "
                      "what and why; move detail to the function comments or "
                      "docs/architecture.md")
                status = 1
        for no, line in enumerate(lines, 1):
            m = ISSUE_TALK.search(line)
            if m:
                print(f"{path}:{no}: \"{m.group(0)}\": a header says what the code is, "
                      "not its history")
                status = 1
    if not status:
        print(f"headers: {count} headers with a top comment of at most {HEADER_LINES} lines, "
              "no history")
    return status


def main(argv):
    what = argv[1] if len(argv) > 1 else "all"
    checks = {"format": check_format, "banned": check_banned, "length": check_length,
              "headers": check_headers}
    if what != "all" and what not in checks:
        print(__doc__)
        return 2
    files = tracked_sources()
    status = 0
    for name, fn in checks.items():
        if what in ("all", name):
            status = max(status, fn(files))
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv))

#!/usr/bin/env python3
"""Plays a translated scenario in its language, the way a visitor would, with the layout check.

The visitor chooses the language on "Who is playing?" (the config lists every language),
then the audience, the scenario's card, a safe path to its ending and its help page. The
script is written at test time from the translated scenario file (the path and texts of
tests/content/make_scripts.py: choices tapped by their label, the opening words of each
screen expected) and from the language's compiled catalogue (the kiosk's own words:
"Who is playing?", the audience, the feedback and ending headings, "Check my answers",
"Get help", the "Aa" panel's words), so it follows the translation as its reviewers
change it; every one of those words must show in the language, or the run fails.

Usage: play_translated.py KIOSK SCENARIO_FILE LOCALE_DIR LANG SIZE WORK_DIR [--swap OTHER]
(--swap OTHER, the self-test: the kiosk is given OTHER's catalogue under LANG's name, so it
shows the wrong language and the run must fail.)
"""
import gettext
import os
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "content"))
import make_scripts as ms  # noqa: E402
from twee_text import Scenario  # noqa: E402

NATIVE = {"ur": "اردو", "gu": "ગુજરાતી", "pa": "ਪੰਜਾਬੀ", "pl": "Polski"}
LANGUAGES = "en,ur,gu,pa,pl"


def translate_words(tr):
    """Points make_scripts' kiosk words at the language's catalogue; fails on a missing one."""
    def t(msgid):
        s = tr.gettext(msgid)
        if s == msgid:
            raise SystemExit(f"no translation of {msgid!r} in the catalogue")
        return s
    for table in (ms.AUDIENCE_LABEL, ms.FEEDBACK_HEAD, ms.ENDING_HEAD):
        for k, v in table.items():
            table[k] = t(v)
    for k, v in ms.RATE_WORDS.items():
        ms.RATE_WORDS[k] = t(v)
    return t


def script(sc, rel, t, lang):
    lines, got = ms.script_for(sc, rel, "safe", {})
    if got != "safe":
        raise SystemExit(f"{rel}: the safe path ends in a {got} ending")
    out, passage, shots = [], None, 0
    for line in lines:
        if line.startswith("tap ") and " for: " in line:
            # a rating button: the kiosk's "%s for: %s" in the language
            word, msg = line[5:-1].split(" for: ", 1)
            line = "tap " + ms.q(t("%s for: %s") % (word, msg))
        elif line in ('tap "Check my answers"', 'tap "Get help"', 'tap "Done"'):
            line = "tap " + ms.q(t(line[5:-1]))
        out.append(line)
        if line.startswith("# ") and not line.startswith("# Plays") and "Generated" not in line:
            passage = line[2:].split(" (")[0]
        elif passage and line.startswith("expect "):  # each screen once, for a reviewer
            shots += 1
            out.append(f"shot {lang}-{shots:02d}-{passage.lower().replace(' ', '-').replace(chr(39), '')}")
            passage = None
        if line == "wait 500" and len(out) == 4:  # after "Touch to start": the language
            out += ['expect "Who is playing?"', f"tap {ms.q(NATIVE[lang])}", "wait 300",
                    f"expect {ms.q(t('Who is playing?'))}",
                    # the text panel in the language, laid out and checked like the rest
                    'tap "Aa"', f"expect {ms.q(t('Text size'))}", f"expect {ms.q(t('Largest'))}",
                    f"expect {ms.q(t('High contrast'))}", f"shot {lang}-00-text-panel",
                    f"tap {ms.q(t('Done'))}", "wait 300"]
        if line.startswith("tap ") and line[5:-1] == sc.title:
            out.insert(len(out) - 1, f"expect {ms.q(t('Choose a story'))}")
    out.insert(len(out) - 1, f"shot {lang}-help")
    return "\n".join(out) + "\n"


def main(argv):
    if len(argv) not in (7, 9) or (len(argv) == 9 and argv[7] != "--swap"):
        print(__doc__, file=sys.stderr)
        return 2
    kiosk, twee, locale, lang, size, work = argv[1:7]
    kiosk_locale = locale
    mo = os.path.join(locale, lang, "LC_MESSAGES", "wz-kiosk.mo")
    with open(mo, "rb") as f:
        tr = gettext.GNUTranslations(f)
    t = translate_words(tr)
    sc = Scenario(twee)
    if sc.info.get("language") != lang:
        raise SystemExit(f"{twee}: its language is {sc.info.get('language')!r}, not {lang!r}")
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    # the scenario's folder, this translation and its English original (one ifid)
    src = os.path.dirname(os.path.abspath(twee))
    lib = os.path.join(work, "scenarios", os.path.basename(src))
    shutil.copytree(src, lib, ignore=shutil.ignore_patterns("*.twee"))
    base = os.path.basename(twee)
    shutil.copy(twee, lib)
    shutil.copy(os.path.join(src, base.rsplit(".", 2)[0] + ".twee"), lib)
    if len(argv) == 9:
        kiosk_locale = os.path.join(work, "locale")
        os.makedirs(os.path.join(kiosk_locale, lang, "LC_MESSAGES"))
        shutil.copy(os.path.join(locale, argv[8], "LC_MESSAGES", "wz-kiosk.mo"),
                    os.path.join(kiosk_locale, lang, "LC_MESSAGES", "wz-kiosk.mo"))
    with open(os.path.join(work, "kiosk.ini"), "w", encoding="utf-8") as f:
        f.write(f"[kiosk]\nlanguages = {LANGUAGES}\n")
    path = os.path.join(work, "play.script")
    with open(path, "w", encoding="utf-8") as f:
        f.write(script(sc, base, t, lang))
    env = dict(os.environ, SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy",
               WZ_LOCALE_DIR=kiosk_locale)
    cmd = [kiosk, "--windowed", size, "--scenarios", os.path.join(work, "scenarios"),
           "--db", os.path.join(work, "play.db"), "--config", os.path.join(work, "kiosk.ini"),
           "--script", path, "--screenshot-dir", work, "--fake-clock", "--check-layout"]
    print(" ".join(cmd), flush=True)
    return subprocess.call(cmd, env=env)


if __name__ == "__main__":
    sys.exit(main(sys.argv))

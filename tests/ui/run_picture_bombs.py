#!/usr/bin/env python3
"""The kiosk survives picture bombs, shows their descriptions, and stays under 300 MB.

Usage: run_picture_bombs.py WZ_KIOSK SOURCE_DIR WORK_DIR

One scenario names bombs outright (the kiosk refuses it at loading); another names good
pictures that are swapped for bombs after the kiosk has loaded and checked them, so its
picture cache meets the bombs themselves (tests/ui/scripts/picture-bombs.script).
The peak resident memory of the kiosk is measured with wait4's resource usage.
"""
import os
import shutil
import subprocess
import sys
import time

MAX_RSS_MB = 300

STORY = """:: StoryTitle
{title}

:: StoryData
{{"ifid": "{ifid}", "start": "Start"}}

:: ScenarioInfo
summary: A test of pictures that are far too big.
audience: 8-11
topic: general
minutes: 2
thumbnail: images/{thumb}

:: Start
The story starts here.
[[Next->Two]]

:: Two
[img[A phone showing a kind message|images/{picture}]]
[[Finish->End]]

:: End [ending safe]
You finished.

* One.
* Two.
* Three.
"""


def main():
    kiosk, src, work = sys.argv[1:4]
    shutil.rmtree(work, ignore_errors=True)
    scen = os.path.join(work, "scenarios")
    images = os.path.join(scen, "images")
    pics = os.path.join(work, "pictures")
    shots = os.path.join(work, "shots")
    os.makedirs(shots)
    subprocess.run([sys.executable, os.path.join(src, "tests/pictures/make_pictures.py"), pics],
                   check=True)
    shutil.copytree(pics, images)
    shutil.copy(os.path.join(pics, "ok.svg"), os.path.join(images, "thumb.svg"))
    shutil.copy(os.path.join(pics, "ok.png"), os.path.join(images, "story.png"))
    with open(os.path.join(scen, "bombs.twee"), "w") as f:
        f.write(STORY.format(title="Picture bombs", ifid="5A0C6F1E-2B7D-4C3A-9E8F-1D2C3B4A5E6F",
                             thumb="svg-viewbox.svg", picture="png-grey-20000.png"))
    with open(os.path.join(scen, "swap.twee"), "w") as f:
        f.write(STORY.format(title="Swapped pictures", ifid="6B1D7A2F-3C8E-4D4B-8F9A-2E3D4C5B6A7F",
                             thumb="thumb.svg", picture="story.png"))
    cmd = [kiosk, "--windowed", "1280x800", "--scenarios", scen,
           "--db", os.path.join(work, "kiosk.db"), "--script",
           os.path.join(src, "tests/ui/scripts/picture-bombs.script"),
           "--screenshot-dir", shots, "--check-layout"]
    proc = subprocess.Popen(cmd)
    loaded = os.path.join(shots, "loaded.png")
    deadline = time.time() + 60
    while not os.path.exists(loaded) and proc.poll() is None and time.time() < deadline:
        time.sleep(0.05)
    if not os.path.exists(loaded):
        proc.kill()
        sys.exit("FAIL: the kiosk never showed its first screen")
    # the kiosk has loaded and checked the library: now the pictures become bombs
    for good, bomb in (("thumb.svg", "svg-viewbox.svg"), ("story.png", "png-grey-20000.png")):
        tmp = os.path.join(images, good + ".new")
        shutil.copy(os.path.join(pics, bomb), tmp)
        os.replace(tmp, os.path.join(images, good))
    _, status, usage = os.wait4(proc.pid, 0)
    rss_mb = usage.ru_maxrss / 1024
    print("kiosk exit status %d, peak resident %.0f MB" % (os.waitstatus_to_exitcode(status),
                                                         rss_mb))
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit("FAIL: the kiosk did not finish the script")
    if rss_mb >= MAX_RSS_MB:
        sys.exit("FAIL: the kiosk used %.0f MB, more than %d MB" % (rss_mb, MAX_RSS_MB))


if __name__ == "__main__":
    main()

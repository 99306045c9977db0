"""Snapshots for the Partnership's report: five kiosks at three sites over two quarters.

Made by hand to the snapshot contract (docs/upload-protocol.md) so that the report can be
shown with titles, topics, sites and figures large and small. Four kiosks send the
optional public facts ("site", "scenario_info") and the knowledge check's answers for
the first two scenarios ("quiz": a third of the plays answer before the scenario, the rest
after, more of them right after); the fifth is an older kiosk that does not, and must
still be counted (under its id and the scenarios' ifids).
"""
import datetime
import random

LIMITS = [15, 30, 45, 60, 90, 120, 150, 180, 240, 300, 360, 420, 480, 600, 900, 1200]
SCENARIOS = [
    ("0A1B2C3D-0000-4000-8000-000000000001", "The new friend in the game", "Online grooming",
     "en"),
    ("0A1B2C3D-0000-4000-8000-000000000002", "Send me a picture", "Sharing images", "en"),
    ("0A1B2C3D-0000-4000-8000-000000000003", "You have won a phone!", "Scams and phishing",
     "en"),
    ("0A1B2C3D-0000-4000-8000-000000000004", "The group chat", "Cyberbullying", "en"),
    ("0A1B2C3D-0000-4000-8000-000000000005", "Nowy znajomy w grze", "Online grooming", "pl"),
    ("0A1B2C3D-0000-4000-8000-000000000006", "Free gems, just log in", "Scams and phishing",
     "en"),
]
DECISIONS = [("A message from a stranger", [("Reply and share", "risky"),
                                            ("Tell a trusted adult", "safe"),
                                            ("Ignore it", "mixed")]),
             ("They ask to move to a private chat", [("Go private", "risky"),
                                                     ("Say no and block", "safe")])]
KIOSKS = [("leics-wz-01", "Leicester Central Library", 1.0),
          ("leics-wz-02", "Leicester Central Library", 0.7),
          ("leics-wz-03", "Loughborough Library", 0.8),
          ("leics-wz-04", "Hinckley Hub", 0.5),
          ("leics-wz-05", None, 0.3)]  # an older kiosk: no site, no scenario_info
AUDIENCES = ["12-15", "8-11", "parents"]


def split(rnd, n, k):
    """n as k non-negative parts."""
    cuts = sorted(rnd.randint(0, n) for _ in range(k - 1))
    return [b - a for a, b in zip([0] + cuts, cuts + [n])]


QUIZ_RIGHT = {"before": (0.55, 0.45, 0.7), "after": (0.8, 0.75, 0.85)}


def quiz_list(qrnd, scen):
    """The day's "quiz" entries for the first two scenarios' plays (its own generator, so
    the other figures are those of a day without a knowledge check)."""
    out = []
    for s in scen:
        if s["ifid"] not in (SCENARIOS[0][0], SCENARIOS[1][0]):
            continue
        before = sum(qrnd.random() < 1 / 3 for _ in range(s["started"]))
        for phase, n in (("before", before), ("after", s["completed"] - before)):
            for q, p in enumerate(QUIZ_RIGHT[phase]):
                if n > 0:
                    out.append({"ifid": s["ifid"], "audience": s["audience"], "question": q,
                                "phase": phase, "answered": n,
                                "right": sum(qrnd.random() < p for _ in range(n))})
    return out


def day_snapshot(rnd, kiosk, site, scale, day, qrnd=None):
    weekend = day.weekday() >= 5
    sessions = max(0, int(rnd.gauss(14 if weekend else 9, 3) * scale))
    hours = [0] * 24
    for _ in range(sessions):
        hours[rnd.randint(9, 18)] += 1
    aud = dict(zip(AUDIENCES, split(rnd, sessions, 3)))
    pl = rnd.randint(0, sessions // 6) if sessions else 0
    langs = {k: v for k, v in (("en", sessions - pl), ("pl", pl)) if v}
    durs = [0] * 17
    for _ in range(sessions):
        durs[rnd.randint(4, 12)] += 1
    scen = []
    for a in AUDIENCES:
        # About 1.3 plays a visit, spread over the scenarios for that audience.
        mine = [s for s in SCENARIOS if s[3] == "en" or a == "12-15"]
        plays = [0] * len(mine)
        for _ in range(int(aud[a] * 1.3)):
            plays[rnd.choices(range(len(mine)), [6, 5, 4, 4, 1, 3][:len(mine)])[0]] += 1
        for (ifid, _t, _top, lang), started in zip(mine, plays):
            if not started:
                continue
            completed = sum(rnd.random() < 0.82 for _ in range(started))
            kinds = [rnd.choices(("safe", "mixed", "risky"), (0.58, 0.17, 0.25))[0]
                     for _ in range(completed)]
            safe, mixed, risky = (kinds.count(k) for k in ("safe", "mixed", "risky"))
            pdurs = [0] * 17
            for _ in range(completed):
                pdurs[rnd.randint(3, 9)] += 1
            choices = []
            for passage, opts in DECISIONS:
                weights = [rnd.uniform(0.5, 1) * (1.8 if c == "safe" else 1) for _, c in opts]
                picks = [rnd.choices(range(len(opts)), weights)[0] for _ in range(started)]
                for i, (target, cls) in enumerate(opts):
                    n = picks.count(i)
                    if n:
                        choices.append({"passage": passage, "index": i, "target": target,
                                        "class": cls, "count": n})
            choices.sort(key=lambda c: (c["passage"].encode(), c["index"]))
            scen.append({"ifid": ifid, "audience": a, "started": started,
                         "completed": completed, "abandoned": started - completed,
                         "endings": {"safe": safe, "risky": risky, "mixed": mixed},
                         "durations": pdurs, "choices": choices,
                         "spot": {"found": 0, "missed": 0, "wrong": 0}})
    scen.sort(key=lambda s: (s["ifid"].encode(), s["audience"].encode()))
    snap = {"schema": 1, "kiosk_id": kiosk, "day": day.isoformat(), "revision": 1,
            "sessions": sessions, "visits_by_hour": hours, "session_durations": durs,
            "duration_limits_s": LIMITS, "audiences": {k: v for k, v in aud.items() if v},
            "languages": langs, "easy_read_sessions": sessions // 10,
            "settings": {}, "help": {}, "scenarios": scen}
    if site:
        snap["site"] = site
        counted = {s["ifid"] for s in scen}  # facts only for what the day counts
        snap["scenario_info"] = {i: {"title": t, "topic": top, "language": lang}
                                 for i, t, top, lang in SCENARIOS if i in counted}
        quiz = quiz_list(qrnd, scen) if qrnd else []
        if quiz:
            snap["quiz"] = quiz
    return snap


def snapshots(first="2026-07-01", last="2026-12-04", seed=7):
    """{kiosk_id: [snapshot, ...]} for every day from first to last."""
    rnd, qrnd = random.Random(seed), random.Random(seed + 1)
    d0, d1 = datetime.date.fromisoformat(first), datetime.date.fromisoformat(last)
    out = {k: [] for k, _s, _x in KIOSKS}
    d = d0
    while d <= d1:
        for kiosk, site, scale in KIOSKS:
            out[kiosk].append(day_snapshot(rnd, kiosk, site, scale, d, qrnd))
        d += datetime.timedelta(days=1)
    return out

#!/usr/bin/env python3
"""End-to-end upload tests over loopback with the real wz-collector and wz-stats.

    run_e2e.py BIN_DIR CASE

BIN_DIR holds wz-collector, wz-stats and e2e_gen. Each CASE makes its own temporary
directory, kiosk database (events written by e2e_gen through the data layer), collector
(port chosen by the kernel, written to a port file) and, where needed, the fault proxy
(faultproxy.py). Every upload case ends with the same check: the collector's
`report --format=json` equals the kiosk's `summary --format=json`, byte for byte
(db_reset: the two database files' summaries added up, the old file being moved aside
as corrupt and a new one started the same day).
"""
import base64
import http.client
import json
import os
import re
import shutil
import signal
import sqlite3
import ssl
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from faultproxy import FaultProxy  # noqa: E402

BIN = os.path.abspath(sys.argv[1])
CASE = sys.argv[2]
GEN = os.environ.get("WZ_E2E_GEN") or os.path.join(BIN, "e2e_gen")
TOKEN = "e2e-token-4f1c9a7b2d-8e0d5a3c61"
KIOSK = "unnamed-kiosk"  # the id wz-stats uploads under without a configuration
KIOSK_DB = None
WORK = tempfile.mkdtemp(prefix="wz-e2e-")
procs = []
# Under the sanitizers a report must not pass for an ordinary "exit 1" of the uploader.
os.environ["ASAN_OPTIONS"] = (os.environ.get("ASAN_OPTIONS", "") + ":exitcode=86").lstrip(":")
os.environ["UBSAN_OPTIONS"] = (os.environ.get("UBSAN_OPTIONS", "") +
                               ":halt_on_error=1:exitcode=86").lstrip(":")


def fail(msg):
    print("FAIL: " + msg, file=sys.stderr)
    sys.exit(1)


def check(cond, msg):
    if not cond:
        fail(msg)
    print("ok: " + msg)


def run(*args, **kw):
    return subprocess.run(list(args), capture_output=True, text=True, timeout=kw.pop("timeout", 60),
                          **kw)


def gen(days=30, per_day=6, seed=1, first_ago=None):
    args = [GEN, KIOSK_DB, str(days), str(per_day), str(seed)]
    if first_ago is not None:
        args.append(str(first_ago))
    r = run(*args)
    check(r.returncode == 0, "events generated (%d days x %d, seed %d)" % (days, per_day, seed))


def write_secret(name, text):
    path = os.path.join(WORK, name)
    with open(path, "w") as f:
        f.write(text + "\n")
    os.chmod(path, 0o600)
    return path


class Collector:
    def __init__(self, db=None, tls=None, report_token=None, tokens_text=TOKEN + " " + KIOSK,
                 extra=(), preexec=None):
        self.db = db or os.path.join(WORK, "collector.db")
        self.port_file = os.path.join(WORK, "port-%d" % len(procs))
        if os.path.exists(self.port_file):
            os.unlink(self.port_file)
        args = [os.path.join(BIN, "wz-collector"), "serve", "--listen", "127.0.0.1:0",
                "--db", self.db, "--token-file", write_secret("token", tokens_text),
                "--port-file", self.port_file]
        if tls:
            args += ["--tls-cert", tls[0], "--tls-key", tls[1]]
        if report_token:
            args += ["--report-token-file", write_secret("report-token", report_token)]
        self.log = open(os.path.join(WORK, "collector-%d.log" % len(procs)), "w")
        args += list(extra)
        self.proc = subprocess.Popen(args, stdout=self.log, stderr=self.log, preexec_fn=preexec)
        procs.append(self.proc)
        for _ in range(1500):  # 30 s at most: a loaded machine starts slowly
            if os.path.exists(self.port_file):
                with open(self.port_file) as f:
                    txt = f.read().strip()
                if txt:
                    self.port = int(txt)
                    return
            if self.proc.poll() is not None:
                fail("the collector did not start (see %s)" % self.log.name)
            time.sleep(0.02)
        fail("the collector did not write its port")

    def url(self, scheme="http"):
        return "%s://127.0.0.1:%d/v1/snapshots" % (scheme, self.port)

    def alive(self):
        return self.proc.poll() is None

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        self.proc.wait(timeout=30)


def upload(url, *extra, expect=None, timeout=None):
    args = [os.path.join(BIN, "wz-stats"), "--db", KIOSK_DB, "upload", "--url", url,
            "--token-file", write_secret("kiosk-token", TOKEN)]
    if timeout:
        args += ["--timeout", str(timeout)]
    args += list(extra)
    r = run(*args, timeout=120)
    sys.stdout.write(r.stdout)
    sys.stdout.write(r.stderr)
    if expect is not None:
        check(r.returncode == expect, "upload exit %d (wanted %d)" % (r.returncode, expect))
    return r


def report_equals_summary(collector_db):
    rep = run(os.path.join(BIN, "wz-collector"), "report", "--db", collector_db, "--format=json")
    summ = run(os.path.join(BIN, "wz-stats"), "--db", KIOSK_DB, "summary", "--format=json")
    check(rep.returncode == 0 and summ.returncode == 0, "report and summary ran")
    if rep.stdout != summ.stdout:
        print("collector report:\n" + rep.stdout + "\nkiosk summary:\n" + summ.stdout,
              file=sys.stderr)
    check(rep.stdout == summ.stdout, "collector report equals the kiosk summary exactly")
    doc = json.loads(rep.stdout)
    check(doc.get("sessions", 0) > 0, "the totals are not empty (%s sessions)" % doc.get("sessions"))
    return doc


def other_formats_equal(collector_db):
    for fmt in ("csv", "text"):
        rep = run(os.path.join(BIN, "wz-collector"), "report", "--db", collector_db,
                  "--format=" + fmt)
        summ = run(os.path.join(BIN, "wz-stats"), "--db", KIOSK_DB, "summary", "--format=" + fmt)
        check(rep.returncode == 0 and rep.stdout == summ.stdout,
              "report --format=%s equals summary --format=%s" % (fmt, fmt))


def post(port, body, token=TOKEN, ctype="application/json", source=None, headers_out=None):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=10,
                                   source_address=(source, 0) if source else None)
    headers = {"Content-Type": ctype}
    if token:
        headers["Authorization"] = "Bearer " + token
    c.request("POST", "/v1/snapshots", body=body, headers=headers)
    r = c.getresponse()
    data = r.read()
    if headers_out is not None:
        headers_out.update(r.getheaders())
    c.close()
    return r.status, data


def get(port, path, source=None, timeout=10, token=None):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout,
                                   source_address=(source, 0) if source else None)
    c.request("GET", path, headers={"Authorization": "Bearer " + token} if token else {})
    r = c.getresponse()
    data = r.read()
    c.close()
    return r.status, data


def kiosk_snapshot():
    """One real snapshot document, as the kiosk made it (after an upload pass)."""
    db = sqlite3.connect(KIOSK_DB)
    snap = json.loads(db.execute("SELECT json FROM snapshots ORDER BY day DESC LIMIT 1")
                      .fetchone()[0])
    db.close()
    return snap


def request_of(*snaps):
    return json.dumps({"schema": 1, "kiosk_id": snaps[0]["kiosk_id"],
                       "snapshots": list(snaps)}).encode()


# ---- cases ----

def case_normal():
    gen(days=60)
    col = Collector()
    r = upload(col.url(), expect=0)
    check("acknowledged in" in r.stdout, "upload said what it did")
    doc = report_equals_summary(col.db)
    check(doc.get("worried", {}).get("player", 0) > 0,
          "\"I'm worried\" presses arrive in the report (%s)" % doc.get("worried"))
    check(sum(doc.get("groups", {}).values()) > 0,
          "group visits arrive in the report, apart from visits (%s)" % doc.get("groups"))
    # Nothing changed: a second pass sends nothing.
    r = upload(col.url(), expect=0)
    check("0 snapshot(s) acknowledged in 0 request(s)" in r.stdout, "nothing resent when done")
    # New events on old and new days raise revisions; the collector keeps the newest.
    gen(days=5, per_day=3, seed=2)
    upload(col.url(), expect=0)
    report_equals_summary(col.db)
    other_formats_equal(col.db)


def case_down_up():
    gen()
    col = Collector()
    port = col.port
    col.stop()
    r = upload("http://127.0.0.1:%d/v1/snapshots" % port, expect=1)
    check("could not connect" in r.stderr, "a refused connection is explained")
    col2 = Collector(db=col.db)
    upload(col2.url(), expect=0)
    report_equals_summary(col2.db)
    # Nothing is waiting now: the pass asks the collector's health check instead.
    r = upload(col2.url(), expect=0)
    check("answered its health check" in r.stdout, "nothing waiting: the collector was asked")
    port = col2.port
    col2.stop()
    r = upload("http://127.0.0.1:%d/v1/snapshots" % port, expect=1)
    check("could not connect" in r.stderr, "nothing waiting and no collector: exit 1, explained")


def case_status_500():
    gen()
    col = Collector()
    px = FaultProxy(col.port, ["status:500", "status:503", "status:200"])
    url = "http://127.0.0.1:%d/v1/snapshots" % px.port
    r = upload(url, expect=1)
    check("500" in r.stderr, "a 500 is reported and kept for later")
    upload(url, expect=1)
    # A 200 that is not the collector's confirmation (a captive portal) acks nothing.
    r = upload(url, expect=1)
    check("not the collector's" in r.stderr, "a foreign 200 is not taken as stored")
    check("0 snapshot(s) acknowledged" in r.stdout, "and nothing is acknowledged")
    upload(url, expect=0)
    report_equals_summary(col.db)


def case_429():
    gen()
    col = Collector()
    px = FaultProxy(col.port, ["status:429:7"])
    url = "http://127.0.0.1:%d/v1/snapshots" % px.port
    r = upload(url, expect=1)
    check("wait 7 s" in r.stderr, "Retry-After is read and reported")
    px.push("status:429:999999")
    r = upload(url, expect=1)
    check("wait 86400 s" in r.stderr, "Retry-After is capped at 24 h")
    upload(url, expect=0)
    report_equals_summary(col.db)


def case_slow():
    gen()
    col = Collector()
    px = FaultProxy(col.port, ["slow:30"])
    url = "http://127.0.0.1:%d/v1/snapshots" % px.port
    t0 = time.monotonic()
    r = upload(url, expect=1, timeout=2)
    check(time.monotonic() - t0 < 25, "a stalled answer is cut off by the timeout")
    check("did not answer in time" in r.stderr, "the timeout is explained")
    upload(url, expect=0, timeout=10)
    report_equals_summary(col.db)
    px.close()


def case_reset():
    gen()
    col = Collector()
    px = FaultProxy(col.port, ["reset", "drop_response"])
    url = "http://127.0.0.1:%d/v1/snapshots" % px.port
    r = upload(url, expect=1)
    check("connection broke" in r.stderr or "failed" in r.stderr, "a reset is reported")
    # The collector commits but the answer never arrives: sent again, counted once.
    upload(url, expect=1)
    upload(url, expect=0)
    report_equals_summary(col.db)


def case_sigkill():
    gen(days=90)
    col = Collector()
    px = FaultProxy(col.port, ["hang"])
    url = "http://127.0.0.1:%d/v1/snapshots" % px.port
    p = subprocess.Popen([os.path.join(BIN, "wz-stats"), "--db", KIOSK_DB, "upload", "--url", url,
                          "--token-file", write_secret("kiosk-token", TOKEN)],
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    check(px.seen.wait(30), "the uploader is mid-request")
    p.kill()
    p.wait()
    check(p.returncode == -signal.SIGKILL, "uploader killed with SIGKILL")
    db = sqlite3.connect(KIOSK_DB)
    check(db.execute("PRAGMA integrity_check").fetchone()[0] == "ok", "kiosk database intact")
    db.close()
    px.close()
    # Killed at random moments: refreshing the outbox, sending, or noting the answer.
    import random
    rnd = random.Random(os.getpid())
    for i in range(8):
        gen(days=10, per_day=1, seed=100 + i)  # new revisions to send
        p = subprocess.Popen([os.path.join(BIN, "wz-stats"), "--db", KIOSK_DB, "upload", "--url",
                              col.url(), "--token-file", write_secret("kiosk-token", TOKEN)],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rnd.uniform(0, 0.06))
        p.kill()
        p.wait()
        db = sqlite3.connect(KIOSK_DB)
        check(db.execute("PRAGMA integrity_check").fetchone()[0] == "ok",
              "kiosk database intact after kill %d" % (i + 1))
        db.close()
    # Killed again after the collector committed but before the kiosk noted it. New
    # revisions first: a random kill above may have come after a whole pass finished,
    # leaving nothing pending to lose the answer of.
    gen(days=10, per_day=1, seed=200)
    px2 = FaultProxy(col.port, ["drop_response"])
    upload("http://127.0.0.1:%d/v1/snapshots" % px2.port, expect=1)
    upload(col.url(), expect=0)
    report_equals_summary(col.db)


def case_replay():
    gen(days=20)
    col = Collector()
    px = FaultProxy(col.port)
    url = "http://127.0.0.1:%d/v1/snapshots" % px.port
    upload(url, expect=0)
    old = list(px.bodies)
    check(len(old) >= 1, "first upload recorded")
    gen(days=20, per_day=2, seed=7)  # the same days get more visits: new revisions
    upload(url, expect=0)
    new = px.bodies[len(old):]
    # Out of order: the old revisions arrive after the new ones. Ignored, answered 200.
    for body in old:
        status, data = post(col.port, body)
        check(status == 200, "an old snapshot replayed is answered 200")
        check(b'"older"' in data, "and recognised as older")
    # Twice: the newest again. Unchanged.
    for body in new:
        status, data = post(col.port, body)
        check(status == 200 and b'"unchanged"' in data, "the same snapshot twice is harmless")
    # The same revision with other content is a kiosk bug: 409, nothing changes.
    doc = json.loads(new[0])
    doc["snapshots"][0]["sessions"] += 1
    doc["snapshots"][0]["visits_by_hour"][12] += 1
    status, data = post(col.port, json.dumps(doc).encode())
    check(status == 409, "same revision, different content: 409")
    report_equals_summary(col.db)


def case_bad_input():
    # A token bound to one kiosk may not upload for another: 403.
    bound = Collector(db=os.path.join(WORK, "bound.db"),
                      tokens_text="# fleet\n%s\nkiosk-a-token-7c2e9b41d0f3 kiosk-a\n" % TOKEN)
    gen(days=2, per_day=1)
    upload(bound.url(), expect=0)  # the shared token: any kiosk
    db = sqlite3.connect(KIOSK_DB)
    snap = json.loads(db.execute("SELECT json FROM snapshots LIMIT 1").fetchone()[0])
    db.close()
    snap["kiosk_id"] = "kiosk-b"
    doc = {"schema": 1, "kiosk_id": "kiosk-b", "snapshots": [snap]}
    status, data = post(bound.port, json.dumps(doc).encode(), token="kiosk-a-token-7c2e9b41d0f3")
    check(status == 403, "a token bound to kiosk-a cannot upload for kiosk-b: 403")
    snap["kiosk_id"] = "kiosk-a"
    doc = {"schema": 1, "kiosk_id": "kiosk-a", "snapshots": [snap]}
    status, data = post(bound.port, json.dumps(doc).encode(), token="kiosk-a-token-7c2e9b41d0f3")
    check(status == 200, "... and can for kiosk-a")
    col = Collector()
    check(post(col.port, b"{not json")[0] == 400, "malformed JSON: 400")
    check(post(col.port, b"{}", ctype="text/plain")[0] == 415, "wrong content type: 415")
    check(post(col.port, b"{}", token="wrong")[0] == 401, "bad token: 401")
    check(post(col.port, b"{}", token=None)[0] == 401, "no token: 401")
    check(post(col.port, b"[" * 5000 + b"]" * 5000)[0] in (400, 422), "deep nesting refused")
    big = b'{"schema":1,"kiosk_id":"k","snapshots":["' + b"a" * (3 << 20) + b'"]}'
    try:
        status = post(col.port, big)[0]
    except (ConnectionError, OSError):
        status = 413
    check(status == 413, "a huge body: 413")
    snap = {"schema": 1, "kiosk_id": "k-1", "snapshots": [{"schema": 1, "kiosk_id": "k-1",
                                                           "day": "1999-01-01"}]}
    check(post(col.port, json.dumps(snap).encode())[0] == 422, "implausible day: 422")
    snap["kiosk_id"] = "bad id!"
    check(post(col.port, json.dumps(snap).encode())[0] == 422, "bad kiosk id: 422")
    # What a client sends cannot forge lines in the collector's log.
    db = sqlite3.connect(KIOSK_DB)
    real = json.loads(db.execute("SELECT json FROM snapshots LIMIT 1").fetchone()[0])
    db.close()
    real["x\n2026-01-01T00:00:00Z wz-collector: FORGED"] = 1
    doc = {"schema": 1, "kiosk_id": real["kiosk_id"], "snapshots": [real]}
    check(post(col.port, json.dumps(doc).encode())[0] == 422, "an unknown field: 422")
    with open(col.log.name) as f:
        forged = [ln for ln in f if ln.startswith("2026-01-01T00:00:00Z wz-collector: FORGED")]
    check(not forged, "a field name with a line break does not forge a log line")
    status, data = post(col.port, b"{}")
    check(json.loads(data).get("error"), "errors come as a JSON body")
    # A flood: many connections at once, some left open and silent.
    import socket
    idle = []
    for _ in range(300):
        try:
            s = socket.create_connection(("127.0.0.1", col.port), timeout=2)
            idle.append(s)
        except OSError:
            break
    for s in idle:
        s.close()
    answered = refused = 0
    for _ in range(200):
        try:
            answered += post(col.port, b"{bad")[0] == 400
        except OSError:
            refused += 1  # over the connection limits: refused, which is the point
    print("flood: %d answered 400, %d refused at the door" % (answered, refused))
    check(answered > 0, "bad requests in a flood are answered")
    healthy = False
    for _ in range(100):
        try:
            c = http.client.HTTPConnection("127.0.0.1", col.port, timeout=10)
            c.request("GET", "/healthz")
            healthy = c.getresponse().status == 200
            c.close()
        except OSError:
            pass
        if healthy:
            break
        time.sleep(0.05)
    check(healthy, "still answering after the flood")
    check(col.alive(), "the collector is still running")


def _summary(db):
    r = run(os.path.join(BIN, "wz-stats"), "--db", db, "summary", "--format=json")
    check(r.returncode == 0, "summary of %s ran" % os.path.basename(db))
    return json.loads(r.stdout)


def _add_summaries(a, b):
    """The additive parts of two summaries, added: every count. Medians are left out
    (they are checked against a database holding both files' events); names and the
    schema are not added."""
    ident = {"scenarios": ("ifid",), "by_audience": ("audience",),
             "choices": ("passage", "index", "target", "class")}
    names = {"schema", "ifid", "audience", "passage", "index", "target", "class"}

    def strip(x):
        if isinstance(x, dict):
            return {k: strip(v) for k, v in x.items() if "median" not in k}
        if isinstance(x, list):
            return [strip(v) for v in x]
        return x

    def add(x, y, key=None):
        if isinstance(x, dict):
            return {k: (x[k] if k in names else add(x[k], y[k], k)) if k in x and k in y
                    else (x[k] if k in x else y[k]) for k in set(x) | set(y)}
        if key in ident:
            merged = {}
            for e in x + y:
                k = tuple(e[f] for f in ident[key])
                merged[k] = add(merged[k], e) if k in merged else e
            return [merged[k] for k in sorted(merged)]
        if isinstance(x, list):
            return [p + q for p, q in zip(x, y)]
        return x + y
    return add(strip(a), strip(b))


def case_db_reset():
    """The kiosk's database is found corrupt and started afresh the same day: the new
    file's revisions start again at 1, and the collector must keep both files' visits
    (key: kiosk_id, instance, day)."""
    gen(days=3, per_day=5, seed=1)
    col = Collector()
    upload(col.url(), expect=0)
    report_equals_summary(col.db)
    # The first file as it was, for the expected totals: a consistent copy.
    before = os.path.join(WORK, "before.db")
    src = sqlite3.connect(KIOSK_DB)
    dst = sqlite3.connect(before)
    src.backup(dst)
    dst.close()
    src.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    inst_before = src.execute("SELECT id FROM instance").fetchone()[0]
    src.close()
    # Damage the file's header: the next open finds "not a database" and moves it aside.
    with open(KIOSK_DB, "r+b") as f:
        f.write(b"this is no longer an SQLite database header" * 4)
    gen(days=1, per_day=4, seed=9)  # the last day again, in the new file
    aside = [n for n in os.listdir(WORK) if n.startswith("kiosk.db.corrupt-")]
    check(len(aside) >= 1, "the damaged file was moved aside (%s)" % aside)
    db = sqlite3.connect(KIOSK_DB)
    inst_after = db.execute("SELECT id FROM instance").fetchone()[0]
    days_after = [r[0] for r in db.execute("SELECT DISTINCT day FROM events")]
    db.close()
    check(inst_after != inst_before, "the new file has a new instance id")
    upload(col.url(), expect=0)
    c = sqlite3.connect(col.db)
    both = c.execute("SELECT count(*) FROM (SELECT day FROM snapshots GROUP BY kiosk_id, day"
                     " HAVING count(DISTINCT instance) = 2)").fetchone()[0]
    revs = c.execute("SELECT instance, revision FROM snapshots WHERE day = ?",
                     (days_after[0],)).fetchall()
    c.close()
    check(len(days_after) == 1 and both == 1,
          "the collector holds the reset day under both instances: %s" % revs)
    rep = run(os.path.join(BIN, "wz-collector"), "report", "--db", col.db, "--format=json")
    check(rep.returncode == 0, "report ran")
    got = json.loads(rep.stdout)
    s_before, s_after = _summary(before), _summary(KIOSK_DB)
    want = _add_summaries(s_before, s_after)
    want["days"] = s_before["days"]  # the new file's day is one of the first file's
    want["kiosks"] = 1
    want["first_day"], want["last_day"] = s_before["first_day"], s_before["last_day"]
    got_counts = _add_summaries(got, {"sessions": 0})
    if got_counts != want:
        print("collector report:\n%s\nsum of the summaries:\n%s" %
              (json.dumps(got_counts, sort_keys=True), json.dumps(want, sort_keys=True)),
              file=sys.stderr)
    check(got_counts == want, "the report's counts equal the two files' summaries added up "
          "(%d + %d sessions)" % (s_before["sessions"], s_after["sessions"]))
    # Exactly, medians included: a database holding both files' events.
    both_db = os.path.join(WORK, "both.db")
    r = run(GEN, both_db, "1", "0", "1")
    check(r.returncode == 0, "an empty reference database")
    ref = sqlite3.connect(both_db)
    cols = [r[1] for r in ref.execute("PRAGMA table_info(events)") if r[1] not in ("id", "labels")]
    for path in (before, KIOSK_DB):
        ref.execute("ATTACH DATABASE ? AS src", (path,))
        ref.execute("INSERT INTO events(%s) SELECT %s FROM src.events ORDER BY id" %
                    (", ".join(cols), ", ".join(cols)))
        ref.commit()
        ref.execute("DETACH DATABASE src")
    ref.close()
    s_both = _summary(both_db)
    s_both["snapshots"] = s_before["snapshots"] + s_after["snapshots"]
    check(got == s_both, "the report equals, medians included, the summary of one database "
          "holding both files' events")


# ---- availability, forged figures, storage: the collector's defences ----

def case_slow_clients():
    """600 slow clients from 40 addresses, each sending a header line a second, hold
    every place there is; a good client from another address is still served at once,
    and a slow one is cut at its deadline (WZ_COLLECT_HEADER_S, 10 s)."""
    import socket
    import threading
    gen(days=2, per_day=2)
    col = Collector()
    upload(col.url(), expect=0)
    body = request_of(kiosk_snapshot())
    # One address may hold 16 connections; the 17th is closed at once.
    mine = [socket.create_connection(("127.0.0.1", col.port), source_address=("127.0.0.3", 0))
            for _ in range(16)]
    extra = socket.create_connection(("127.0.0.1", col.port), source_address=("127.0.0.3", 0))
    extra.settimeout(3)
    try:
        closed = extra.recv(1) == b""
    except (ConnectionError, socket.timeout):
        closed = True
    check(closed, "the 17th connection from one address is closed at once")
    for x in mine + [extra]:
        x.close()
    slow, t_first = [], time.monotonic()
    for i in range(600):
        try:
            x = socket.create_connection(("127.0.0.1", col.port), timeout=5,
                                         source_address=("127.0.0.%d" % (10 + i % 40), 0))
            x.sendall(b"POST /v1/snapshots HTTP/1.1\r\nHost: x\r\n")
            slow.append(x)
        except OSError:
            pass
    check(len(slow) >= 500, "%d slow connections opened" % len(slow))
    stop = threading.Event()

    def dribble():  # a header line a second on every slow connection
        while not stop.wait(1):
            for x in slow:
                try:
                    x.send(b"X-Slow: 1\r\n")
                except OSError:
                    pass
    th = threading.Thread(target=dribble, daemon=True)
    th.start()
    t0 = time.monotonic()
    served = None
    while served is None and time.monotonic() - t0 < 5:
        try:
            status, _ = post(col.port, body, source="127.0.0.2")
            served = status
        except OSError:
            time.sleep(0.1)
    took = time.monotonic() - t0
    print("good client answered %s after %.2f s" % (served, took))
    # By ordering: answered while the slow ones still hold their places (the last one
    # opened is cut 10 s after it came, never before); the bound is only a safety net.
    def open_count(socks):  # how many are still open (not closed by the collector)
        n = 0
        for x in socks:
            x.setblocking(False)
            try:
                n += x.recv(1) != b""
            except BlockingIOError:
                n += 1
            except OSError:
                pass
            x.setblocking(True)
        return n
    still = open_count(slow[-20:])
    check(served == 200 and took < 9, "a good client is served among 600 slow ones")
    check(still > 0, "while slow connections still held their places (%d of 20)" % still)
    check(get(col.port, "/healthz", source="127.0.0.2")[0] == 200, "and /healthz answers")
    # Deadlines: none of the first slow connections outlives 10 s (+ the guard's round).
    # Waits until 13 s, then (a loaded machine runs the guard's round late) up to 60 s.
    while time.monotonic() - t_first < 13:
        time.sleep(0.5)
    alive = open_count(slow[:100])
    while alive and time.monotonic() - t_first < 60:
        time.sleep(0.5)
        alive = open_count(slow[:100])
    stop.set()
    th.join()
    for x in slow:
        x.close()
    check(alive == 0, "slow connections are cut at their deadline (%d of 100 still open)" % alive)
    check(col.alive(), "the collector is still running")


def case_smuggle():
    """A request with both Content-Length and chunked: refused, and nothing hidden in its
    body is answered."""
    import socket
    col = Collector()
    smuggled = b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"
    chunk = b"0\r\n\r\n"
    req = (b"POST /v1/snapshots HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " +
           TOKEN.encode() + b"\r\nContent-Type: application/json\r\nContent-Length: %d\r\n"
           b"Transfer-Encoding: chunked\r\n\r\n" % len(chunk) + chunk + smuggled)
    x = socket.create_connection(("127.0.0.1", col.port), timeout=5)
    x.sendall(req)
    got = b""
    try:
        while True:
            d = x.recv(65536)
            if not d:
                break
            got += d
    except socket.timeout:
        pass
    x.close()
    print(got.decode(errors="replace"))
    check(got.startswith(b"HTTP/1.1 400"), "Content-Length with chunked: 400")
    check(got.count(b"HTTP/1.1 ") == 1, "the request hidden in its body is not answered")
    x = socket.create_connection(("127.0.0.1", col.port), timeout=5)
    x.sendall(b"POST /v1/snapshots HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n"
              b"Content-Length: 40\r\n\r\n{}")
    got = x.recv(65536)
    x.close()
    check(got.startswith(b"HTTP/1.1 400"), "two Content-Lengths: 400")


def case_tokens():
    """Per-kiosk tokens from `wz-collector token add`; a short token stops the start;
    wrong tokens are slowed."""
    tf = os.path.join(WORK, "tokens")
    r = run(os.path.join(BIN, "wz-collector"), "token", "add", "kiosk-a", "--token-file", tf)
    check(r.returncode == 0 and len(r.stdout.strip()) >= 32, "token add printed a token")
    tok_a = r.stdout.strip()
    check(os.stat(tf).st_mode & 0o777 == 0o600, "the token file is made 0600")
    r = run(os.path.join(BIN, "wz-collector"), "token", "add", KIOSK, "--token-file", tf)
    tok_k = r.stdout.strip()
    r = run(os.path.join(BIN, "wz-collector"), "token", "add", "kiosk-a", "--token-file", tf)
    check(r.returncode != 0 and "already has a token" in r.stderr, "one token per kiosk")
    with open(tf) as f:
        text = f.read()
    col = Collector(tokens_text=text)
    with open(col.log.name) as f:
        check("shared" not in f.read(), "no warning about shared tokens")
    gen(days=2, per_day=2)
    r = upload(col.url(), expect=None)
    check(r.returncode == 1, "the kiosk's old token (not in the file) is refused")
    with open(os.path.join(WORK, "kiosk-token"), "w") as f:
        f.write(tok_k + "\n")
    r = run(os.path.join(BIN, "wz-stats"), "--db", KIOSK_DB, "upload", "--url", col.url(),
            "--token-file", os.path.join(WORK, "kiosk-token"))
    check(r.returncode == 0, "the kiosk's own token uploads")
    snap = kiosk_snapshot()
    status, data = post(col.port, request_of(snap), token=tok_a)
    check(status == 403, "kiosk-a's token cannot write for %s: 403" % KIOSK)
    snap["kiosk_id"] = "kiosk-a"
    status, data = post(col.port, request_of(snap), token=tok_a)
    check(status == 200, "kiosk-a's token writes for kiosk-a")
    # Slowed: after 3 free wrong tokens, the 4th makes the address wait, right token or not.
    for i in range(4):
        check(post(col.port, b"{}", token="x" * 40, source="127.0.0.5")[0] == 401,
              "wrong token %d: 401" % (i + 1))
    hdrs = {}
    status, _ = post(col.port, request_of(snap), token=tok_a, source="127.0.0.5",
                     headers_out=hdrs)
    check(status == 429 and int(hdrs.get("Retry-After", "0")) >= 1,
          "then even the right token waits: 429, Retry-After %s" % hdrs.get("Retry-After"))
    check(post(col.port, request_of(snap), token=tok_a, source="127.0.0.6")[0] == 200,
          "another address is not slowed")
    time.sleep(int(hdrs.get("Retry-After", "1")) + 0.2)
    check(post(col.port, request_of(snap), token=tok_a, source="127.0.0.5")[0] == 200,
          "after the wait the right token is accepted")
    # /healthz: no token is monitoring (200); a right token 200; a wrong one 401, and
    # wrong ones there count toward the same slow-down as on uploads.
    check(get(col.port, "/healthz", source="127.0.0.7")[0] == 200, "/healthz without a token")
    check(get(col.port, "/healthz", source="127.0.0.7", token=tok_k)[0] == 200,
          "/healthz with a right token: 200")
    for i in range(4):
        check(get(col.port, "/healthz", source="127.0.0.7", token="y" * 40)[0] == 401,
              "/healthz with wrong token %d: 401" % (i + 1))
    check(post(col.port, request_of(snap), token=tok_a, source="127.0.0.7")[0] == 429,
          "wrong tokens at /healthz slow the address's uploads too: 429")
    check(get(col.port, "/healthz", source="127.0.0.7", token=tok_k)[0] == 429,
          "and its health checks with a token")
    check(get(col.port, "/healthz", source="127.0.0.7")[0] == 200,
          "monitoring without a token still gets its answer")
    # A shared token works, with a warning; a short one stops the start.
    shared = Collector(db=os.path.join(WORK, "shared.db"), tokens_text=TOKEN)
    with open(shared.log.name) as f:
        check("shared" in f.read(), "a shared token is warned about in the log")
    short = write_secret("short-tokens", "s3cret kiosk-a")
    p = subprocess.run([os.path.join(BIN, "wz-collector"), "serve", "--listen", "127.0.0.1:0",
                        "--db", os.path.join(WORK, "short.db"), "--token-file", short],
                       capture_output=True, text=True, timeout=20)
    print(p.stderr)
    check(p.returncode != 0 and "128 bits" in p.stderr, "a token under 128 bits stops the start")


def case_forged():
    """Revision ceiling, inconsistent figures and the instance limit: 422, with words."""
    gen(days=2, per_day=3)
    col = Collector()
    upload(col.url(), expect=0)
    real = kiosk_snapshot()
    snap = dict(real, revision=2 ** 53 - 1)
    status, data = post(col.port, request_of(snap))
    check(status == 422 and b"revision" in data, "revision 2^53-1 is refused: %s" % data)
    sc = json.loads(json.dumps(real))
    s0 = sc["scenarios"][0]
    delta = s0["started"] + 5 - s0["completed"]
    s0["completed"] += delta
    s0["durations"][0] += delta
    status, data = post(col.port, request_of(sc))
    check(status == 422 and b"started" in data, "completed > started is refused: %s" % data)
    sc = json.loads(json.dumps(real))
    sc["scenarios"][0]["endings"]["safe"] = sc["scenarios"][0]["completed"] + 1
    status, data = post(col.port, request_of(sc))
    check(status == 422 and b"endings" in data, "endings > completed is refused: %s" % data)
    answers = []
    for i in range(10):
        snap = dict(real, instance="%032x" % (i + 1), revision=1)
        answers.append(post(col.port, request_of(snap)))
    print([a[0] for a in answers])
    # The kiosk's own instance is one of the 8 already.
    check(all(a[0] == 200 for a in answers[:7]) and answers[7][0] == 422 and
          b"instances" in answers[7][1], "the 9th database instance of a kiosk's day: 422")
    report_equals_summary_of_stored(col)


def report_equals_summary_of_stored(col):
    check(run(os.path.join(BIN, "wz-collector"), "report", "--db", col.db).returncode == 0,
          "what was stored still adds up")


def case_storage():
    """Database files are the owner's only; /healthz fails when storage cannot be
    written (here: a file-size limit, as a full disk), and errors carry no SQLite words."""
    import resource
    old = os.path.join(WORK, "old.db")
    sqlite3.connect(old).close()
    os.chmod(old, 0o644)
    c0 = Collector(db=old)
    check(os.stat(old).st_mode & 0o777 == 0o600, "an existing 0644 database is made 0600")
    c0.stop()
    gen(days=10, per_day=3)
    limit = 1024 * 1024

    def small_files():
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    col = Collector(preexec=small_files, tokens_text=TOKEN)  # shared: writes for any kiosk
    upload(col.url(), expect=0)
    for suffix in ("", "-wal", "-shm"):
        path = col.db + suffix
        if os.path.exists(path):
            check(os.stat(path).st_mode & 0o777 == 0o600, "collector.db%s is 0600" % suffix)
    check(get(col.port, "/healthz")[0] == 200, "healthy while it can write")
    real = kiosk_snapshot()
    failed = None
    for k in range(60):
        snaps = [dict(real, kiosk_id="fill-%d" % k, day=d) for d in
                 sorted({real["day"]} | {"2024-%02d-%02d" % (m, dd) for m in range(1, 13)
                                         for dd in range(1, 29)})[:300]]
        for sn in snaps:
            sn["kiosk_id"] = "fill-%d" % k
        status, data = post(col.port, request_of(*snaps))
        if status != 200:
            print(status, data[:300])
        if status >= 500:
            failed = (status, data)
            break
    check(failed is not None, "the store fills up: %s" % (failed,))
    check(b"could not store" in failed[1] and b"disk" not in failed[1].lower() and
          b"sqlite" not in failed[1].lower() and b"I/O" not in failed[1],
          "the error says it in words of its own, not SQLite's")
    status, data = get(col.port, "/healthz")
    check(status == 503, "/healthz fails when storage cannot be written: %s" % data)


def case_report_off_thread():
    """A report page being made does not hold uploads: shown by ordering, not timing.
    WZ_COLLECT_TEST_HOLD_REPORT (for tests only) holds the report thread until a file
    exists; an upload is answered 200 while the report request is still open."""
    import threading
    gen(days=3, per_day=3)
    release = os.path.join(WORK, "release-report")
    os.environ["WZ_COLLECT_TEST_HOLD_REPORT"] = release
    try:
        col = Collector(report_token="read-token-8812-4b7e1f0a9c")
    finally:
        del os.environ["WZ_COLLECT_TEST_HOLD_REPORT"]
    upload(col.url(), expect=0)
    page = {}

    def read_report():
        page["status"] = get(col.port, "/report?token=read-token-8812-4b7e1f0a9c",
                             timeout=300)[0]
    th = threading.Thread(target=read_report)
    th.start()
    for _ in range(3000):  # the thread has started making the page (safety net: 60 s)
        if os.path.exists(release + ".held"):
            break
        time.sleep(0.02)
    check(os.path.exists(release + ".held"), "the report thread began a page")
    status, _ = post(col.port, request_of(dict(kiosk_snapshot(), day="2025-01-02")))
    check(status == 200, "an upload is answered while the report is being made (%s)" % status)
    check(th.is_alive() and "status" not in page, "the report request was still open then")
    with open(release, "w"):
        pass
    th.join(timeout=300)
    check(page.get("status") == 200, "the report is answered once made (%s)" % page)


def make_certs():
    d = os.path.join(WORK, "tls")
    os.mkdir(d)

    def ossl(*a):
        r = run("openssl", *a, cwd=d)
        if r.returncode != 0:
            fail("openssl: " + r.stderr)

    def ext(name, san):
        with open(os.path.join(d, name), "w") as f:
            f.write("subjectAltName=%s\n" % san)

    ossl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem",
         "-days", "2", "-subj", "/CN=Warning Zone test CA")
    ext("ok.cnf", "IP:127.0.0.1,DNS:localhost")
    ext("other.cnf", "DNS:stats.example.org")
    for name, cnf in (("server", "ok.cnf"), ("wrongname", "other.cnf")):
        ossl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", name + ".key", "-out",
             name + ".csr", "-subj", "/CN=" + name)
        ossl("x509", "-req", "-in", name + ".csr", "-CA", "ca.pem", "-CAkey", "ca.key",
             "-CAcreateserial", "-out", name + ".pem", "-days", "2", "-extfile", cnf)
    ossl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "self.key", "-out",
         "self.pem", "-days", "2", "-subj", "/CN=127.0.0.1", "-addext",
         "subjectAltName=IP:127.0.0.1")
    return d


def case_tls():
    gen()
    d = make_certs()
    ca = os.path.join(d, "ca.pem")
    # A self-signed certificate: refused, whatever CA file the kiosk has.
    selfc = Collector(db=os.path.join(WORK, "self.db"),
                      tls=(os.path.join(d, "self.pem"), os.path.join(d, "self.key")))
    r = upload(selfc.url("https"), expect=1)
    check("not trusted" in r.stderr, "a self-signed certificate is refused, in words")
    r = upload(selfc.url("https"), "--ca-file", ca, expect=1)
    check("not trusted" in r.stderr, "... also with another authority's CA file")
    # Signed by the test CA but for another host name: refused (host verification).
    other = Collector(db=os.path.join(WORK, "other.db"),
                      tls=(os.path.join(d, "wrongname.pem"), os.path.join(d, "wrongname.key")))
    r = upload(other.url("https"), "--ca-file", ca, expect=1)
    check("not trusted" in r.stderr, "a certificate for another name is refused")
    # Signed by the test CA for 127.0.0.1: refused without the CA file, accepted with it.
    col = Collector(tls=(os.path.join(d, "server.pem"), os.path.join(d, "server.key")))
    r = upload(col.url("https"), expect=1)
    check("not trusted" in r.stderr, "an unknown authority is refused")
    upload(col.url("https"), "--ca-file", ca, expect=0)
    report_equals_summary(col.db)
    # Through the configured proxy (CONNECT tunnel): verification still end to end.
    gen(days=3, per_day=2, seed=31)
    px = FaultProxy(col.port)
    cfg = os.path.join(WORK, "kiosk.ini")
    with open(cfg, "w") as f:
        f.write("[kiosk]\nid = unnamed-kiosk\n[paths]\ndb = %s\n[upload]\nurl = %s\n"
                "token_file = %s\nca_file = %s\nproxy = http://127.0.0.1:%d\n"
                % (KIOSK_DB, col.url("https"), write_secret("kiosk-token", TOKEN), ca, px.port))
    r = run(os.path.join(BIN, "wz-stats"), "--config", cfg, "upload")
    sys.stdout.write(r.stdout + r.stderr)
    check(r.returncode == 0, "an upload through the configured proxy succeeds")
    check(px.tunnels >= 1, "it went through the proxy")
    report_equals_summary(col.db)
    # TLS 1.0 and 1.1 are refused; 1.2 and 1.3 are spoken.
    for ver, want in (("-tls1", False), ("-tls1_1", False), ("-tls1_2", True), ("-tls1_3", True)):
        r = subprocess.run(["openssl", "s_client", ver, "-cipher", "DEFAULT:@SECLEVEL=0",
                            "-connect", "127.0.0.1:%d" % col.port, "-CAfile", ca],
                           input="", capture_output=True, text=True, timeout=20)
        spoke = r.returncode == 0 and "Cipher is (NONE)" not in r.stdout
        check(spoke == want, "TLS %s: %s" % (ver, "spoken" if spoke else "refused"))
    # Plain http to a non-loopback address is refused before any connection.
    r = upload("http://192.0.2.1/v1/snapshots", expect=1)
    check("https://" in r.stderr, "plain http off the machine is refused")


def case_report_page():
    """The Partnership's report, as a board paper needs it: filters, suppression, CSV per
    table, and an A4 print, checked in headless Chromium against a real collector."""
    import board_data
    snaps = board_data.snapshots()
    toks = {k: "board-token-%s-7c2e9a41b05d" % k for k in snaps}
    col = Collector(report_token="read-token-8812-4b7e1f0a9c",
                    tokens_text="\n".join("%s %s" % (t, k) for k, t in toks.items()))
    for k, docs in snaps.items():
        for i in range(0, len(docs), 200):
            status, _ = post(col.port, request_of(*docs[i:i + 200]), token=toks[k])
            check(status == 200, "the snapshots of %s are stored (%s %s)" % (k, status, _))
    c = http.client.HTTPConnection("127.0.0.1", col.port, timeout=60)
    c.request("GET", "/report")
    r = c.getresponse()
    r.read()
    check(r.status == 401, "the report needs its password")
    auth = {"Authorization": "Basic " +
            base64.b64encode(b"partnership:read-token-8812-4b7e1f0a9c").decode()}
    q = "from=2026-10-01&to=2026-12-31&view=month&by=site"
    c.request("GET", "/report?" + q, headers=auth)
    r = c.getresponse()
    page = r.read().decode()
    check(r.status == 200 and "<svg" in page, "HTTP basic authentication opens it")
    check("<script" not in page and "http://" not in page.replace("http://www.w3.org", ""),
          "no scripts and nothing from elsewhere")
    check("The new friend in the game" in page and "Hinckley Hub" in page,
          "scenarios by title, kiosks by site")
    check("Kiosk leics-wz-05 (no site sent)" in page, "an older kiosk is counted by its id")
    check("fewer than 10" in page, "small figures are suppressed")
    link = re.search(r'href="\?([^"]*table=topics)"', page)
    check(link is not None, "each table has a CSV link")
    c.request("GET", "/report?" + link.group(1).replace("&amp;", "&"), headers=auth)
    r = c.getresponse()
    csv = r.read().decode()
    check(r.status == 200 and r.getheader("Content-Type").startswith("text/csv") and
          csv.startswith('"Topic","Plays started"') and "Online grooming" in csv,
          "the topics CSV downloads with the page's filters")
    c.request("GET", "/report?view=week", headers=auth)
    r = c.getresponse()
    r.read()
    check(r.status == 400, "a query it does not understand is refused in words")
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        fail("chromium is not installed (scripts/install-deps.sh installs it)")
    url = "http://127.0.0.1:%d/report?token=read-token-8812-4b7e1f0a9c&%s" % (col.port, q)
    base = [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--disable-dev-shm-usage", "--user-data-dir=" + os.path.join(WORK, "chromium")]
    r = run(*base, "--dump-dom", url, timeout=120)
    dom = r.stdout
    check(r.returncode == 0 and 'id="chart-visits"' in dom and 'id="chart-endings"' in dom,
          "chromium rendered the charts")
    check(all('id="table-%s"' % t in dom for t in
              ("periods", "audiences", "topics", "scenarios", "choices")), "all five tables")
    know = re.search(r'<table id="table-knowledge">.*?</table>', dom, re.S)
    check(know and "The new friend in the game" in know.group(0) and
          re.search(r'<td class="n">[+-]\d+</td>', know.group(0)),
          "the knowledge table shows a difference in points for a scenario with answers")
    shot = os.path.join(WORK, "report-page.png")
    r = run(*base, "--window-size=1366,768", "--hide-scrollbars", "--screenshot=" + shot, url,
            timeout=120)
    check(os.path.exists(shot) and os.path.getsize(shot) > 20000, "a screenshot was taken")
    pdf = os.path.join(WORK, "report.pdf")
    r = run(*base, "--no-pdf-header-footer", "--print-to-pdf=" + pdf, url, timeout=120)
    check(os.path.exists(pdf), "chromium printed the page")
    info = run("pdfinfo", pdf).stdout
    check("(A4)" in info, "the print is A4:\n" + info)
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    check(1 <= pages <= 4, "a quarter's summary prints on %d A4 pages" % pages)
    text = run("pdftotext", "-layout", pdf, "-").stdout
    check("Warning Zone e-safety kiosks" in text and "Completion rate" in text and
          "How to read this report" in text, "the print has the title, tables and the guide")
    check("Show by" not in text and "Download this table" not in text,
          "no filters or links when printed")
    png = os.path.join(WORK, "print")
    check(run("pdftoppm", "-r", "70", "-png", "-f", "1", "-l", "1", pdf, png).returncode == 0,
          "the first page renders")
    keep = os.environ.get("WZ_E2E_SHOT")  # a directory: keep the images for the docs
    if keep:
        shutil.copy(shot, os.path.join(keep, "report-page.png"))
        first = [f for f in sorted(os.listdir(WORK)) if f.startswith("print")][0]
        shutil.copy(os.path.join(WORK, first), os.path.join(keep, "report-print.png"))


REPORT_TABLES = ("periods", "audiences", "topics", "scenarios", "choices", "spot", "ratings",
                 "knowledge")


def case_partnership():
    """The Partnership's tables on both sides: days sent before the kiosk had any public
    facts (old snapshots: no site, no titles, no ratings), then days with spot-the-signs,
    rating rounds, a site and scenario titles. The collector's report (JSON and each
    table's CSV, every view and grouping) equals `wz-stats summary --report` and the
    exported report-*.csv for the same days, small figures suppressed alike."""
    gen(days=40, per_day=3, seed=5, first_ago=60)   # days 60..21 ago: no facts at all
    read_token = "read-token-5a1e-77c3b9d20f"
    col = Collector(report_token=read_token)
    upload(col.url(), expect=0)
    db = sqlite3.connect(KIOSK_DB)
    old = [json.loads(j) for (j,) in db.execute("SELECT json FROM snapshots")]
    db.close()
    check(old and all("site" not in d and "scenario_info" not in d and
                      all("ratings" not in e for e in d["scenarios"]) for d in old),
          "the first %d days went up as old snapshots, without the new fields" % len(old))
    run_gen = run(GEN, KIOSK_DB, "20", "4", "6", "20", "partnership")
    check(run_gen.returncode == 0, "visits with spot screens and rating rounds, facts saved")
    upload(col.url(), expect=0)
    db = sqlite3.connect(KIOSK_DB)
    new = [json.loads(j) for (j,) in db.execute("SELECT json FROM snapshots WHERE json LIKE "
                                                 "'%scenario_info%'")]
    db.close()
    check(len(new) >= 20 and all(d["site"] == "E2E Central Library" for d in new),
          "the new days carry the site and the scenarios' facts")
    check(any("ratings" in e for d in new for e in d["scenarios"]), "and the ratings")
    report_equals_summary(col.db)

    def collector(query):
        status, body = get(col.port, "/report?token=%s&%s" % (read_token, query), timeout=60)
        check(status == 200, "the collector answers %s" % query)
        return body.decode()

    def kiosk(*args):
        r = run(os.path.join(BIN, "wz-stats"), "--db", KIOSK_DB, "summary", "--report", *args)
        check(r.returncode == 0, "wz-stats summary --report %s" % " ".join(args))
        return r.stdout

    for view in ("month", "day", "quarter"):
        for by in ("all", "kiosk", "site"):
            q = "view=%s&by=%s" % (view, by)
            a, b = collector(q + "&format=json"), kiosk("--view", view, "--by", by)
            if a != b:
                print("collector:\n%s\nkiosk:\n%s" % (a, b), file=sys.stderr)
            check(a == b, "report JSON (%s) equals the kiosk's" % q)
    for t in REPORT_TABLES:
        a = collector("format=csv&table=" + t).replace("\r\n", "\n")  # run() reads text
        b = kiosk("--format=csv", "--table", t)
        check(a == b and a.count("\n") > 1, "the %s CSV equals the kiosk's" % t)
    a = collector("from=%s&format=json" % new[0]["day"])
    check(a == kiosk("--from", new[0]["day"]), "a date range gives the same on both sides")
    out = os.path.join(WORK, "usb")
    check(run(os.path.join(BIN, "wz-stats"), "--db", KIOSK_DB, "export", out).returncode == 0,
          "export")
    for t in REPORT_TABLES:
        with open(os.path.join(out, "report-%s.csv" % t), "rb") as f:
            raw = f.read()
        check(raw == b"\xef\xbb\xbf" + collector("format=csv&table=" + t).encode(),
              "report-%s.csv is the collector's download, byte for byte" % t)
    doc = json.loads(collector("format=json"))
    tables = {t["table"]: t for t in doc["tables"]}
    flat = json.dumps(doc)
    check("The Gift in the Game" in flat and "Group Chat Check" in flat,
          "scenarios are named by title, old days included")
    check(all(t["suppressed_below"] == 10 for t in doc["tables"]), "every table says its rule")
    know = tables["knowledge"]["rows"]
    check(any(isinstance(r[6], (int, float)) for r in know) and
          all(isinstance(r[6], dict) == (isinstance(r[2], dict) or isinstance(r[4], dict))
              for r in know),
          "the knowledge table shows a difference only where both groups have 10 answers")
    scen = {r[0]: r for r in tables["scenarios"]["rows"]}
    check(scen["The Gift in the Game"][1] == "8-11, 12-15" and
          scen["The Gift in the Game"][2] == "grooming", "with its audience and topic")
    check(scen["0A1B2C3D-0000-4000-8000-00000000E2E3"][2] == "general",
          "a scenario without a title keeps its id, with its topic")
    check(any(r[1] == "Rate the messages" for r in tables["ratings"]["rows"]),
          "rating rounds are reported by screen and message")
    check(len(tables["spot"]["rows"]) == 3, "spot-the-signs results for each scenario")
    small = '{"fewer_than": 10}'
    daily = json.loads(collector("view=day&format=json"))
    check(small in json.dumps(daily), "figures under 10 are suppressed on both sides")
    # No count from 1 to 9 anywhere: a number is a count of 10 or more, or a share (0..1),
    # or in the knowledge table's last three columns a difference of shares (-1..1).
    nums = [(t["table"] == "knowledge" and i >= 6, c)
            for t in daily["tables"] for r in t["rows"] for i, c in enumerate(r)
            if isinstance(c, (int, float)) and not isinstance(c, bool)]
    check(nums and all(-1 <= n <= 1 if diff else (n >= 10 or 0 <= n <= 1) for diff, n in nums),
          "no figure about fewer than 10 is shown")


CASES = {n[5:]: f for n, f in list(globals().items()) if n.startswith("case_")}

if __name__ == "__main__":
    if CASE not in CASES:
        fail("unknown case %s (have: %s)" % (CASE, ", ".join(sorted(CASES))))
    KIOSK_DB = os.path.join(WORK, "kiosk.db")
    try:
        CASES[CASE]()
        # Every collector still running stops cleanly (and, under ASan, without leaks).
        for p in procs:
            if p.poll() is None:
                p.send_signal(signal.SIGTERM)
                p.wait(timeout=20)
                check(p.returncode == 0, "the collector stopped cleanly (exit %d)" % p.returncode)
        print("PASS " + CASE)
    finally:
        for p in procs:
            if p.poll() is None:
                p.kill()
                p.wait()
        if os.environ.get("WZ_E2E_KEEP"):
            print("kept " + WORK)
        else:
            shutil.rmtree(WORK, ignore_errors=True)

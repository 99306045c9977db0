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
TOKEN = "e2e-token-4f1c9a7b2d"
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
    def __init__(self, db=None, tls=None, report_token=None, tokens_text=TOKEN):
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
        self.proc = subprocess.Popen(args, stdout=self.log, stderr=self.log)
        procs.append(self.proc)
        for _ in range(200):
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
        self.proc.wait(timeout=10)


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


def other_formats_equal(collector_db):
    for fmt in ("csv", "text"):
        rep = run(os.path.join(BIN, "wz-collector"), "report", "--db", collector_db,
                  "--format=" + fmt)
        summ = run(os.path.join(BIN, "wz-stats"), "--db", KIOSK_DB, "summary", "--format=" + fmt)
        check(rep.returncode == 0 and rep.stdout == summ.stdout,
              "report --format=%s equals summary --format=%s" % (fmt, fmt))


def post(port, body, token=TOKEN, ctype="application/json"):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    headers = {"Content-Type": ctype}
    if token:
        headers["Authorization"] = "Bearer " + token
    c.request("POST", "/v1/snapshots", body=body, headers=headers)
    r = c.getresponse()
    data = r.read()
    c.close()
    return r.status, data


# ---- cases ----

def case_normal():
    gen(days=60)
    col = Collector()
    r = upload(col.url(), expect=0)
    check("acknowledged in" in r.stdout, "upload said what it did")
    report_equals_summary(col.db)
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
                      tokens_text="# fleet\n%s\nkiosk-a-token kiosk-a\n" % TOKEN)
    gen(days=2, per_day=1)
    upload(bound.url(), expect=0)  # the shared token: any kiosk
    db = sqlite3.connect(KIOSK_DB)
    snap = json.loads(db.execute("SELECT json FROM snapshots LIMIT 1").fetchone()[0])
    db.close()
    snap["kiosk_id"] = "kiosk-b"
    doc = {"schema": 1, "kiosk_id": "kiosk-b", "snapshots": [snap]}
    status, data = post(bound.port, json.dumps(doc).encode(), token="kiosk-a-token")
    check(status == 403, "a token bound to kiosk-a cannot upload for kiosk-b: 403")
    snap["kiosk_id"] = "kiosk-a"
    doc = {"schema": 1, "kiosk_id": "kiosk-a", "snapshots": [snap]}
    status, data = post(bound.port, json.dumps(doc).encode(), token="kiosk-a-token")
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
    # Plain http to a non-loopback address is refused before any connection.
    r = upload("http://192.0.2.1/v1/snapshots", expect=1)
    check("https://" in r.stderr, "plain http off the machine is refused")


def case_report_page():
    gen(days=14)
    col = Collector(report_token="read-token-8812")
    upload(col.url(), expect=0)
    c = http.client.HTTPConnection("127.0.0.1", col.port, timeout=10)
    c.request("GET", "/report")
    r = c.getresponse()
    r.read()
    check(r.status == 401, "the report needs its password")
    auth = base64.b64encode(b"partnership:read-token-8812").decode()
    c.request("GET", "/report", headers={"Authorization": "Basic " + auth})
    r = c.getresponse()
    page = r.read().decode()
    check(r.status == 200 and "<svg" in page, "HTTP basic authentication opens it")
    check("<script" not in page and "http://" not in page.replace("http://www.w3.org", ""),
          "no scripts and nothing from elsewhere")
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        fail("chromium is not installed (scripts/install-deps.sh installs it)")
    prof = os.path.join(WORK, "chromium-profile")
    r = run(chromium, "--headless", "--no-sandbox", "--disable-gpu",
            "--disable-background-networking", "--disable-dev-shm-usage",
            "--user-data-dir=" + prof, "--dump-dom",
            "http://127.0.0.1:%d/report?token=read-token-8812" % col.port, timeout=90)
    dom = r.stdout
    check(r.returncode == 0 and "<svg" in dom, "chromium rendered the page")
    check('id="chart-visits-per-day"' in dom, "visits per day chart present")
    check('id="chart-scenario-0"' in dom, "per scenario chart present")
    check('id="chart-choices-0-0"' in dom, "choices at a decision chart present")
    check(dom.count("<title") >= 4 and "<desc" in dom, "charts have titles and descriptions")
    shot = os.path.join(WORK, "report.png")
    r = run(chromium, "--headless", "--no-sandbox", "--disable-gpu",
            "--disable-background-networking", "--disable-dev-shm-usage",
            "--user-data-dir=" + prof, "--window-size=1000,1600", "--screenshot=" + shot,
            "http://127.0.0.1:%d/report?token=read-token-8812" % col.port, timeout=90)
    check(os.path.exists(shot) and os.path.getsize(shot) > 10000, "a screenshot was taken")
    keep = os.environ.get("WZ_E2E_SHOT")
    if keep:
        shutil.copy(shot, keep)


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

#!/usr/bin/env python3
"""End-to-end staff alert tests: the real kiosk (headless, script mode, real clock) presses
"I'm worried" and POSTs its alert through the fault-injecting proxy (faultproxy.py) to a
small staff service on 127.0.0.1 that records what it gets.

    run_alert.py WZ_KIOSK SOURCE_DIR CASE

  delivered  the first POST gets a 500 from the proxy; the retry a second later is
             delivered: one alert, with the kiosk id, site, time and screen only, and
             the bearer token from the 0600 file
  give_up    every POST gets a 500: retried until the retry window (3 s) has passed, then
             given up cleanly (logged), no request after it, the page now sends the
             visitor to the front desk, the kiosk exits normally
"""
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from faultproxy import FaultProxy  # noqa: E402

KIOSK, SRC, CASE = sys.argv[1], sys.argv[2], sys.argv[3]
WORK = tempfile.mkdtemp(prefix="wz-alert-")
TOKEN = "alert-token-7c1e0b9a55"


def fail(msg):
    print("FAIL: " + msg, file=sys.stderr)
    sys.exit(1)


def check(cond, msg):
    if not cond:
        fail(msg)
    print("ok: " + msg)


class Staff:
    """The staff service: records every POST, answers 200."""

    def __init__(self):
        self.got = []
        staff = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                n = int(self.headers.get("Content-Length", "0"))
                staff.got.append((self.path, dict(self.headers), self.rfile.read(n),
                                  time.monotonic()))
                self.send_response(200)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *a):
                pass

        self.srv = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.srv.server_address[1]
        threading.Thread(target=self.srv.serve_forever, daemon=True).start()


def run_kiosk(proxy_port, retry_window, wait_ms, then=""):
    tok = os.path.join(WORK, "alert-token")
    with open(tok, "w") as f:
        f.write(TOKEN + "\n")
    os.chmod(tok, 0o600)
    ini = os.path.join(WORK, "kiosk.ini")
    with open(ini, "w") as f:
        f.write("[kiosk]\nid = e2e-kiosk\nsite = Zone 3\n[alert]\n"
                "url = http://127.0.0.1:%d/hook\ntoken_file = %s\ntimeout = 5\n"
                "retry_window = %d\nsafeguarding_contact = DSL, ext. 214\n"
                % (proxy_port, tok, retry_window))
    script = os.path.join(WORK, "press.script")
    with open(script, "w") as f:
        f.write('tap 0.5 0.5\ntap "Age 8 to 11"\ntap "I\'m worried"\n'
                'expect "Someone from the team is coming to you."\nwait %d\n%s' % (wait_ms, then))
    env = dict(os.environ, SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy")
    t0 = time.monotonic()
    r = subprocess.run([KIOSK, "--windowed", "1080x1920", "--config", ini, "--scenarios",
                        os.path.join(SRC, "scenarios", "examples"), "--db",
                        os.path.join(WORK, "kiosk.db"), "--script", script, "--check-layout"],
                       capture_output=True, text=True, timeout=120, env=env)
    sys.stdout.write(r.stderr)
    return r, t0


def case_delivered():
    staff = Staff()
    px = FaultProxy(staff.port, ["status:500"])
    r, _ = run_kiosk(px.port, 20, 4000)
    check(r.returncode == 0, "the kiosk ran the script and exited normally")
    check(len(px.bodies) == 2, "the proxy saw two POSTs: the 500, then the retry (%d)"
          % len(px.bodies))
    check(len(staff.got) == 1, "the staff service got the alert once (%d)" % len(staff.got))
    path, headers, body, _ = staff.got[0]
    check(path == "/hook", "at the configured address")
    check(headers.get("Authorization") == "Bearer " + TOKEN, "with the token from the 0600 file")
    check(headers.get("Content-Type") == "application/json", "as JSON")
    doc = json.loads(body)
    check(set(doc) == {"text", "kind", "kiosk", "site", "time", "screen"},
          "the alert holds only where and when: %s" % sorted(doc))
    check(doc["kiosk"] == "e2e-kiosk" and doc["site"] == "Zone 3" and doc["screen"] == "menu",
          "kiosk, site and screen are right")
    check(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", doc["time"]) is not None,
          "the time is UTC ISO 8601")
    check("I'm worried" in doc["text"] and "e2e-kiosk" in doc["text"], "a sentence for a chat")
    check("delivered to the staff address (HTTP 200, attempt 2)" in r.stderr,
          "the log says it was delivered on the second attempt")
    check(TOKEN not in r.stderr, "the token is never logged")


def case_give_up():
    staff = Staff()
    px = FaultProxy(staff.port, ["status:500"] * 50)
    # once given up, the page no longer promises that someone is coming
    r, t0 = run_kiosk(px.port, 3, 6000,
                      'expect "Please go to the front desk and say you pressed the button."\n')
    check(r.returncode == 0, "the kiosk ran the script and exited normally")
    check(len(staff.got) == 0, "nothing got through the failing proxy")
    check(len(px.bodies) == 2, "retried within the 3 s window, then stopped (%d POSTs)"
          % len(px.bodies))
    check("not delivered to the staff address" in r.stderr and "given up after 2 attempts"
          in r.stderr, "the log says it was given up")
    n = len(px.bodies)
    time.sleep(1.5)
    check(len(px.bodies) == n, "no request after giving up")


{"delivered": case_delivered, "give_up": case_give_up}[CASE]()
print("ok " + CASE)

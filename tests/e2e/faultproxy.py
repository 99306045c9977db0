#!/usr/bin/env python3
"""A small fault-injecting HTTP/1.1 proxy for the upload end-to-end tests.

It sits between the uploader and the real collector on 127.0.0.1 (a port the kernel
picks) and treats each request according to the next mode in a queue; when the queue
is empty every request passes. Modes:

  pass                 forward to the collector and back
  status:CODE[:SECS]   answer CODE itself (with Retry-After: SECS), collector not told
  reset                read the headers and part of the body, then reset the connection
  slow:SECS            read the request, say nothing for SECS, then close
  drop_response        forward (the collector commits), then reset instead of answering:
                       the acknowledgement is lost on the way back
  hang                 read the request and hold the connection until the proxy stops

A CONNECT request (the kiosk's [upload] proxy setting with an https:// address) is
tunnelled to the port it names on 127.0.0.1 whatever the mode, and counted in
`tunnels`.

Every request body seen is kept in `bodies` (in arrival order) so a test can replay an
old snapshot later. Only plain HTTP: the TLS test talks to the collector directly.
"""
import socket
import struct
import threading
import time


def _read_request(conn, data=b"", limit=8 << 20):
    """Returns (head bytes, body bytes) of one request (data: bytes already read), or
    None at EOF."""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(65536)
        if not chunk:
            return None
        data += chunk
        if len(data) > limit:
            return None
    head, _, rest = data.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
    while len(rest) < length:
        chunk = conn.recv(65536)
        if not chunk:
            break
        rest += chunk
    return head + b"\r\n\r\n", rest[:length]


def _read_response(sock):
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            return data
        data += chunk
    head, _, rest = data.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
    while len(rest) < length:
        chunk = sock.recv(65536)
        if not chunk:
            break
        rest += chunk
    return head + b"\r\n\r\n" + rest


def _reset(conn):
    try:
        conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    except OSError:
        pass
    conn.close()


class FaultProxy:
    def __init__(self, upstream_port, modes=()):
        self.upstream_port = upstream_port
        self.modes = list(modes)
        self.bodies = []
        self.tunnels = 0
        self.seen = threading.Event()  # set when a request has arrived
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.port = self.sock.getsockname()[1]
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def push(self, *modes):
        with self.lock:
            self.modes.extend(modes)

    def _next_mode(self):
        with self.lock:
            return self.modes.pop(0) if self.modes else "pass"

    def _accept(self):
        while not self.stopping.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn):
        try:
            while True:
                # Wait for the next request before taking a mode, so a client that just
                # closes its idle connection does not use one up.
                first = conn.recv(200)
                if not first:
                    return
                if first.startswith(b"CONNECT "):
                    self._tunnel(conn, first)
                    return
                mode = self._next_mode()
                if mode == "reset":  # headers and a little of the body read: reset
                    self.seen.set()
                    _reset(conn)
                    return
                req = _read_request(conn, first)
                if req is None:
                    return
                head, body = req
                with self.lock:
                    self.bodies.append(body)
                self.seen.set()
                if mode.startswith("status:"):
                    parts = mode.split(":")
                    extra = "Retry-After: %s\r\n" % parts[2] if len(parts) > 2 else ""
                    msg = b'{"error":"injected","message":"injected by the test proxy"}'
                    conn.sendall(("HTTP/1.1 %s Injected\r\nContent-Type: application/json\r\n"
                                  "%sContent-Length: %d\r\n\r\n" % (parts[1], extra, len(msg)))
                                 .encode() + msg)
                    continue
                if mode.startswith("slow:"):
                    self.stopping.wait(float(mode.split(":")[1]))
                    conn.close()
                    return
                if mode == "hang":
                    self.stopping.wait()
                    conn.close()
                    return
                up = socket.create_connection(("127.0.0.1", self.upstream_port), timeout=30)
                up.sendall(head + body)
                resp = _read_response(up)
                up.close()
                if mode == "drop_response":
                    _reset(conn)
                    return
                conn.sendall(resp)
        except OSError:
            pass
        finally:
            try:
                conn.close()
            except OSError:
                pass

    def _tunnel(self, conn, first):
        req = _read_request(conn, first)
        if req is None:
            return
        target = req[0].split(b" ")[1].decode()
        port = int(target.rsplit(":", 1)[1])
        up = socket.create_connection(("127.0.0.1", port), timeout=30)
        with self.lock:
            self.tunnels += 1
        conn.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")

        def pump(src, dst):
            try:
                while True:
                    data = src.recv(65536)
                    if not data:
                        break
                    dst.sendall(data)
            except OSError:
                pass
            for s in (src, dst):
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

        t = threading.Thread(target=pump, args=(up, conn), daemon=True)
        t.start()
        pump(conn, up)
        t.join(30)
        up.close()

    def close(self):
        self.stopping.set()
        try:
            self.sock.close()
        except OSError:
            pass


if __name__ == "__main__":
    import sys
    p = FaultProxy(int(sys.argv[1]), sys.argv[2:])
    print(p.port, flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        p.close()

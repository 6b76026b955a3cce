#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
# ratesink.py DIR: TCP on port 7101 takes a stream and writes "BYTES
# SECONDS" (from its first byte to its end) to DIR/up; port 7102 sends
# for 5 s, then shuts its side and waits for the client's close (so the
# bytes still queued count with the time they took), writing "BYTES
# SECONDS" to DIR/down. For t_rate.sh: what a rate-limited VM gets each
# way.
import os, socket, sys, threading, time

d = sys.argv[1]


def up(c):
    n, t0 = 0, None
    while True:
        b = c.recv(65536)
        if not b:
            break
        if t0 is None:
            t0 = time.monotonic()
        n += len(b)
    t = time.monotonic() - t0 if t0 else 0
    with open(os.path.join(d, "up"), "a") as f:
        f.write(f"{n} {t:.3f}\n")


def down(c):
    t0 = time.monotonic()
    n, end, buf = 0, t0 + 5, b"\0" * 16384
    while time.monotonic() < end:
        n += c.send(buf)
    c.shutdown(socket.SHUT_WR)
    while c.recv(4096):
        pass
    with open(os.path.join(d, "down"), "a") as f:
        f.write(f"{n} {time.monotonic() - t0:.3f}\n")


def serve(port, fn):
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("0.0.0.0", port))
    s.listen(4)
    while True:
        c, _ = s.accept()
        threading.Thread(target=lambda: (fn(c), c.close()), daemon=True).start()


threading.Thread(target=serve, args=(7102, down), daemon=True).start()
serve(7101, up)

#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
# callhelper.py MODE HELPER ARGS...: run a bridge helper the way QEMU does
# and check what comes back. "{fd}" in ARGS is replaced by the socket's fd.
#   MODE ok        expect exit 0 and one byte with one fd; print the tap's
#                  name; keep the fd until stdin is closed (to inspect it)
#   MODE plain     just run it with a stream socketpair (for refusals)
#   MODE dgram     ... with a datagram socketpair
#   MODE file      ... with {fd} being /dev/null
#   MODE pipe      ... with {fd} being the read end of a pipe
#   MODE full      as ok, but the socket is full when the helper starts (its
#                  send blocks until the caller reads): prints "blocked"
#                  once it has started, drains the socket when stdin closes
#   MODE persist   as ok, then makes the tap persistent (TUNSETPERSIST) and
#                  keeps it open until stdin is closed; then closes it
import array, fcntl, os, socket, struct, subprocess, sys, time

mode, helper, args = sys.argv[1], sys.argv[2], sys.argv[3:]
if mode == "dgram":
    a, b = socket.socketpair(socket.AF_UNIX, socket.SOCK_DGRAM)
    fd = b.fileno()
elif mode == "file":
    a = None
    fd = os.open("/dev/null", os.O_RDWR)
elif mode == "pipe":
    a = None
    fd, _w = os.pipe()
    os.set_inheritable(fd, True)
else:
    a, b = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
    fd = b.fileno()
if mode == "full":
    # what a caller can do to the helper: fill the socket it sends on
    b.setblocking(False)
    try:
        while True:
            b.send(b"x" * 4096)
    except BlockingIOError:
        pass
    b.setblocking(True)
argv = [helper] + [x.replace("{fd}", str(fd)) for x in args]
p = subprocess.Popen(argv, pass_fds=(fd,))
if mode == "full":
    print("blocked", flush=True)
    sys.stdin.read()
    # drain: the filler bytes, then the helper's byte with the fd
    a.settimeout(10)
    fds = array.array("i")
    while not fds:
        msg, anc, flags, _ = a.recvmsg(65536, socket.CMSG_LEN(4 * 4))
        for level, typ, data in anc:
            if level == socket.SOL_SOCKET and typ == socket.SCM_RIGHTS:
                fds.frombytes(data[: len(data) - len(data) % fds.itemsize])
        if not msg:
            break
    sys.exit(p.wait() or (0 if fds else "callhelper: no fd came"))
rc = p.wait()
if mode not in ("ok", "persist"):
    sys.exit(rc)
if rc != 0:
    sys.exit(f"callhelper: helper exited {rc}")
os.close(fd)
fds = array.array("i")
msg, anc, flags, _ = a.recvmsg(16, socket.CMSG_LEN(4 * fds.itemsize))
for level, typ, data in anc:
    if level == socket.SOL_SOCKET and typ == socket.SCM_RIGHTS:
        fds.frombytes(data[: len(data) - len(data) % fds.itemsize])
if len(msg) != 1 or len(fds) != 1:
    sys.exit(f"callhelper: got {len(msg)} bytes and {len(fds)} fds")
TUNGETIFF = 0x800454D2
name = fcntl.ioctl(fds[0], TUNGETIFF, b"\0" * 18)[:16].rstrip(b"\0").decode()
if mode == "persist":
    TUNSETPERSIST = 0x400454CB
    fcntl.ioctl(fds[0], TUNSETPERSIST, 1)
print(name, flush=True)
sys.stdin.read()

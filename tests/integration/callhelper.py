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
import array, fcntl, os, socket, struct, subprocess, sys

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
argv = [helper] + [x.replace("{fd}", str(fd)) for x in args]
p = subprocess.Popen(argv, pass_fds=(fd,))
rc = p.wait()
if mode != "ok":
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
print(name, flush=True)
sys.stdin.read()

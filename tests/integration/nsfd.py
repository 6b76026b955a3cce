#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
# nsfd.py NAME CMD...: what any user can do on Debian 12: in a user and
# network namespace of their own (unshare -Urn), create a tap called NAME,
# bring its fd back to this process, in the host's namespaces, and run CMD
# with it inherited, as QEMU would pass a tap fd to its scripts. The name
# may be that of someone else's tap in the host's namespace.
import ctypes, fcntl, os, socket, struct, sys

CLONE_NEWUSER, CLONE_NEWNET = 0x10000000, 0x40000000
TUNSETIFF = 0x400454CA
IFF_TAP, IFF_NO_PI = 0x0002, 0x1000
name, cmd = sys.argv[1], sys.argv[2:]
a, b = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
pid = os.fork()
if pid == 0:
    a.close()
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.unshare(CLONE_NEWUSER | CLONE_NEWNET) != 0:
        sys.stderr.write("nsfd.py: unshare: %s\n" % os.strerror(ctypes.get_errno()))
        os._exit(2)
    fd = os.open("/dev/net/tun", os.O_RDWR)
    fcntl.ioctl(fd, TUNSETIFF, struct.pack("16sH", name.encode(), IFF_TAP | IFF_NO_PI))
    socket.send_fds(b, [b"x"], [fd])
    b.recv(1)           # the namespace lives until the parent is done
    os._exit(0)
b.close()
_, fds, _, _ = socket.recv_fds(a, 1, 1)
if not fds:
    sys.exit("nsfd.py: no fd from the namespace")
os.set_inheritable(fds[0], True)
rc = os.spawnvp(os.P_WAIT, cmd[0], cmd)
a.send(b"x")
os.waitpid(pid, 0)
sys.exit(rc)

#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
# withtun.py TAP USER CMD...: as root, open /dev/net/tun attached to the
# existing tap TAP (as QEMU does), become USER and exec CMD with that fd
# inherited, the way QEMU runs its script= and downscript=.
import fcntl, os, pwd, struct, sys

TUNSETIFF = 0x400454CA
IFF_TAP, IFF_NO_PI = 0x0002, 0x1000
tap, user, cmd = sys.argv[1], sys.argv[2], sys.argv[3:]
fd = os.open("/dev/net/tun", os.O_RDWR)
fcntl.ioctl(fd, TUNSETIFF, struct.pack("16sH", tap.encode(), IFF_TAP | IFF_NO_PI))
os.set_inheritable(fd, True)
pw = pwd.getpwnam(user)
os.initgroups(user, pw.pw_gid)
os.setresgid(pw.pw_gid, pw.pw_gid, pw.pw_gid)
os.setresuid(pw.pw_uid, pw.pw_uid, pw.pw_uid)
os.execvp(cmd[0], cmd)

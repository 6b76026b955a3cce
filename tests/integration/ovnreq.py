#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
# ovnreq.py OP IFINDEX: speak to vmnetd's request socket as the calling
# user does (core/ovnreq.h), the way an attacker would: OP is bind,
# unbind, badmagic, badop or short. Prints vmnetd's status and line.
import socket, struct, sys

MAGIC, VERSION = 0x6F6E6D76, 1
op, ifindex = sys.argv[1], int(sys.argv[2])
ops = {"bind": 1, "unbind": 2, "badop": 7}
s = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
s.settimeout(45)
s.connect("/run/vmnetd/ovn.sock")
if op == "short":
    s.send(struct.pack("=II", MAGIC, VERSION))
elif op == "badmagic":
    s.send(struct.pack("=IIIi", 0x41414141, VERSION, 1, ifindex))
else:
    s.send(struct.pack("=IIIi", MAGIC, VERSION, ops[op], ifindex))
a = s.recv(256)
status = struct.unpack("=i", a[:4])[0]
print(status, a[4:].split(b"\0")[0].decode(errors="replace"))

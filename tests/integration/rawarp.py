#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
# rawarp.py IFACE SRCMAC SRCIP DSTIP - send one ARP request out of IFACE
# with the given source MAC (as a bridge without MAC translation would
# forward a VM's frame) and print "reply" if an answer for SRCMAC comes
# back within a second, else "none".
import socket
import sys
import time

ifc, smac, sip, dip = sys.argv[1:5]
mac = bytes.fromhex(smac.replace(":", ""))
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(0x0806))
s.bind((ifc, 0))
frame = (b"\xff" * 6 + mac + b"\x08\x06" + b"\x00\x01\x08\x00\x06\x04\x00\x01"
         + mac + socket.inet_aton(sip) + b"\x00" * 6 + socket.inet_aton(dip))
s.send(frame)
s.settimeout(0.2)
end = time.time() + 1
while time.time() < end:
    try:
        f = s.recv(2048)
    except socket.timeout:
        continue
    if f[0:6] == mac and f[20:22] == b"\x00\x02" and f[28:32] == socket.inet_aton(dip):
        print("reply")
        sys.exit(0)
print("none")

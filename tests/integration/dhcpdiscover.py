#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""dhcpdiscover.py IFACE - broadcast one DHCPDISCOVER (broadcast flag set)
from port 68 on IFACE, as a new VM would; answers are not read here."""
import os, socket, struct, sys

s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, 1)
s.setsockopt(socket.SOL_SOCKET, socket.SO_BINDTODEVICE, sys.argv[1].encode())
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("0.0.0.0", 68))
chaddr = bytes.fromhex("020000000099") + bytes(10)
pkt = struct.pack("!BBBB4sHH4s4s4s4s16s64s128s", 1, 1, 6, 0, os.urandom(4), 0,
                  0x8000, bytes(4), bytes(4), bytes(4), bytes(4), chaddr,
                  bytes(64), bytes(128))
pkt += bytes([0x63, 0x82, 0x53, 0x63, 53, 1, 1, 255])
s.sendto(pkt, ("255.255.255.255", 67))

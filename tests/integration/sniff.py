#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""sniff.py IFACE OUT - record every frame IFACE receives, one line each:
"SRC_MAC arp SPA", "SRC_MAC ip SRC DST [udp SPORT DPORT]" or
"SRC_MAC other ETHERTYPE",
until killed. On a bridge device this shows what a bridge port's frames
delivered to the host after the bridge's netfilter hooks."""
import errno, socket, struct, sys

ETH_P_ALL = 3
PACKET_OUTGOING = 4

def mac(b):
    return ":".join("%02x" % x for x in b)

s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ALL))
s.bind((sys.argv[1], 0))
with open(sys.argv[2], "a", buffering=1) as out:
    while True:
        try:
            frame, addr = s.recvfrom(65535)
        except OSError as e:
            # bound while the interface was down (it comes up later)
            if e.errno == errno.ENETDOWN:
                continue
            raise
        if addr[2] == PACKET_OUTGOING or len(frame) < 14:
            continue
        src, etype = frame[6:12], struct.unpack("!H", frame[12:14])[0]
        body = frame[14:]
        if etype == 0x0806 and len(body) >= 28:
            out.write("%s arp %s\n" % (mac(src), socket.inet_ntoa(body[14:18])))
        elif etype == 0x0800 and len(body) >= 20:
            ihl = (body[0] & 15) * 4
            udp = ""
            if body[9] == 17 and len(body) >= ihl + 4:
                udp = " udp %d %d" % struct.unpack("!HH", body[ihl:ihl + 4])
            out.write("%s ip %s %s%s\n" % (mac(src), socket.inet_ntoa(body[12:16]),
                                            socket.inet_ntoa(body[16:20]), udp))
        else:
            out.write("%s other %04x\n" % (mac(src), etype))

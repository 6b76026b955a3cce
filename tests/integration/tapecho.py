#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
# tapecho.py TAP MAC IP: as root, attach to the existing tap TAP (as QEMU
# does) and be a VM of MAC and IP that answers ARP requests and ICMP echo
# requests for IP, until killed. For bench/ovn: a VM whose first reply
# can be timed without booting one.
import fcntl, os, struct, sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from frames import csum, eth, ip, ip_str, mac, mac_str  # noqa: E402

TUNSETIFF = 0x400454CA
IFF_TAP, IFF_NO_PI = 0x0002, 0x1000
tap, my_mac, my_ip = sys.argv[1:4]
fd = os.open("/dev/net/tun", os.O_RDWR)
fcntl.ioctl(fd, TUNSETIFF, struct.pack("16sH", tap.encode(), IFF_TAP | IFF_NO_PI))
while True:
    f = os.read(fd, 65536)
    et, p = struct.unpack("!H", f[12:14])[0], f[14:]
    src = mac_str(f[6:12])
    if et == 0x0806 and struct.unpack("!H", p[6:8])[0] == 1 and \
            ip_str(p[24:28]) == my_ip:
        body = struct.pack("!HHBBH", 1, 0x0800, 6, 4, 2) + mac(my_mac) + \
            ip(my_ip) + p[8:14] + p[14:18]
        os.write(fd, eth(src, my_mac, 0x0806, body))
    elif et == 0x0800 and p[9] == 1 and ip_str(p[16:20]) == my_ip:
        hl = (p[0] & 15) * 4
        icmp = p[hl:struct.unpack("!H", p[2:4])[0]]
        if icmp[0] != 8:
            continue
        icmp = b"\0\0\0\0" + icmp[4:]
        icmp = icmp[:2] + struct.pack("!H", csum(icmp)) + icmp[4:]
        h = p[:12] + p[16:20] + p[12:16]
        h = h[:10] + b"\0\0" + h[12:hl]
        h = h[:10] + struct.pack("!H", csum(h)) + h[12:]
        os.write(fd, eth(src, my_mac, 0x0800, h + icmp))

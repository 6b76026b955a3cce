# SPDX-License-Identifier: GPL-2.0-or-later
"""frames.py - a hostile guest at the frame level, for the attack tests.

A guest is nothing but the frames it writes to its tap, so a test can be
the guest: Tap(name) attaches to an existing tap the way QEMU does
(TUNSETIFF on /dev/net/tun) and writes and reads raw Ethernet frames. The
tap, the bridge, nf_tables and dnsmasq are all real; only the guest's
kernel is left out. Helpers build the frames an attacker needs: ARP with
any sender, IPv4/UDP/ICMP with any source, DHCP with any chaddr and
client-id, BOOTREPLYs from any port, STP BPDUs.

Used from the tests as: python3 - <<'EOF' ... import frames ... EOF
(with PYTHONPATH=tests/integration).
"""
import fcntl, json, os, select, socket, struct, subprocess, time

TUNSETIFF = 0x400454CA
IFF_TAP, IFF_NO_PI = 0x0002, 0x1000
BCAST = "ff:ff:ff:ff:ff:ff"


def mac(s):
    return bytes(int(x, 16) for x in s.split(":"))


def ip(s):
    return bytes(int(x) for x in s.split("."))


def mac_str(b):
    return ":".join("%02x" % x for x in b)


def ip_str(b):
    return ".".join(str(x) for x in b)


def csum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


def eth(dst, src, ethertype, payload):
    f = mac(dst) + mac(src) + struct.pack("!H", ethertype) + payload
    return f + b"\0" * max(0, 60 - len(f))


def arp(src_mac, op, sha, spa, tha, tpa, dst=None):
    """ARP (op 1 request, 2 reply) in an Ethernet frame from src_mac."""
    body = struct.pack("!HHBBH", 1, 0x0800, 6, 4, op) + mac(sha) + ip(spa) + \
        mac(tha) + ip(tpa)
    return eth(dst or (BCAST if op == 1 else tha), src_mac, 0x0806, body)


def ipv4(src, dst, proto, payload, ttl=64):
    h = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(payload), 0x1234, 0,
                    ttl, proto, 0, ip(src), ip(dst))
    h = h[:10] + struct.pack("!H", csum(h)) + h[12:]
    return h + payload


def ipv4_frags(src, dst, proto, payload, first=8, ident=0x4242, ttl=64):
    """An IPv4 datagram cut into fragments: the first carries @first bytes
    (a multiple of 8) of the payload (8: a UDP header and nothing of what
    it carries), the second the rest. Returns the packets, in order."""
    out = []
    for off, chunk, more in ((0, payload[:first], 1),
                             (first, payload[first:], 0)):
        fo = (more << 13) | (off // 8)
        h = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(chunk), ident,
                        fo, ttl, proto, 0, ip(src), ip(dst))
        h = h[:10] + struct.pack("!H", csum(h)) + h[12:]
        out.append(h + chunk)
    return out


def vlan(frame, vid=1):
    """@frame with an 802.1Q tag (VLAN @vid) after its MAC addresses."""
    return frame[:12] + struct.pack("!HH", 0x8100, vid) + frame[12:]


def udp(sport, dport, payload):
    return struct.pack("!HHHH", sport, dport, 8 + len(payload), 0) + payload


def tcp(src, dst, sport, dport, flags, seq=1000, ack=0):
    """A TCP segment without options (flags: "S", "SA", "A", "R"...), its
    checksum right for the IPv4 pair @src, @dst."""
    f = sum({"F": 1, "S": 2, "R": 4, "P": 8, "A": 16}[c] for c in flags)
    h = struct.pack("!HHIIBBHHH", sport, dport, seq, ack, 5 << 4, f, 65535,
                    0, 0)
    pseudo = ip(src) + ip(dst) + struct.pack("!BBH", 0, 6, len(h))
    return h[:16] + struct.pack("!H", csum(pseudo + h)) + h[18:]


def ip6(s):
    return socket.inet_pton(socket.AF_INET6, s)


def ipv6(src, dst, nh, payload, hlim=64):
    return struct.pack("!IHBB", 6 << 28, len(payload), nh, hlim) + \
        ip6(src) + ip6(dst) + payload


def udp6(src, dst, sport, dport, payload):
    """A UDP datagram over IPv6 (its checksum is mandatory there)."""
    h = struct.pack("!HHHH", sport, dport, 8 + len(payload), 0)
    pseudo = ip6(src) + ip6(dst) + struct.pack("!I3xB", 8 + len(payload), 17)
    c = csum(pseudo + h + payload) or 0xFFFF
    return h[:6] + struct.pack("!H", c) + payload


def icmp6(src, dst, typ, code, body):
    h = struct.pack("!BBH", typ, code, 0) + body
    pseudo = ip6(src) + ip6(dst) + struct.pack("!I3xB", len(h), 58)
    return h[:2] + struct.pack("!H", csum(pseudo + h)) + h[4:]


def router_advert(src_mac, prefix="2001:db8:bad::", src="fe80::bad"):
    """A router advertisement from @src_mac announcing itself as default
    router (lifetime 1800 s) and @prefix/64 for autoconfiguration."""
    ra = struct.pack("!BBHII", 64, 0, 1800, 0, 0)
    ra += struct.pack("!BB6s", 1, 1, mac(src_mac))          # source lladdr
    ra += struct.pack("!BBBBIII16s", 3, 4, 64, 0xC0, 86400, 14400, 0,
                      ip6(prefix))                           # prefix info
    pkt = ipv6(src, "ff02::1", 58, icmp6(src, "ff02::1", 134, 0, ra), 255)
    return eth("33:33:00:00:00:01", src_mac, 0x86DD, pkt)


def solicited(addr):
    """The solicited-node multicast address of addr, and its MAC."""
    b = ip6(addr)
    return socket.inet_ntop(socket.AF_INET6, bytes.fromhex(
        "ff0200000000000000000001ff") + b[13:]), \
        "33:33:ff:%02x:%02x:%02x" % (b[13], b[14], b[15])


def mcast_mac(addr):
    """The MAC an IPv6 multicast address goes to."""
    b = ip6(addr)
    return "33:33:%02x:%02x:%02x:%02x" % tuple(b[12:16])


def nd(src_mac, src, dst, typ, target=None, opt=None, flags=0,
       dst_mac=None, hlim=255):
    """A neighbour discovery message typ (133 RS, 135 NS, 136 NA) from
    (src_mac, src) to dst, with target (NS, NA) and one option opt
    (type, bytes) when given: (1, mac) SLLA, (2, mac) TLLA, (14, nonce)."""
    body = struct.pack("!I", flags)
    if target:
        body += ip6(target)
    if opt:
        body += struct.pack("!BB", opt[0], 1) + opt[1]
    pkt = ipv6(src, dst, 58, icmp6(src, dst, typ, 0, body), hlim)
    return eth(dst_mac or mcast_mac(dst), src_mac, 0x86DD, pkt)


def ns(src_mac, src, target, lla=None, dst=None, dst_mac=None):
    """A neighbour solicitation for target (to its solicited-node address
    unless dst), with lla (default: src_mac) as its SLLA option; from ::
    with no option unless lla is given."""
    if dst is None:
        dst, m = solicited(target)
        dst_mac = dst_mac or m
    if lla is None and src != "::":
        lla = src_mac
    return nd(src_mac, src, dst, 135, target, (1, mac(lla)) if lla else None,
              dst_mac=dst_mac)


def na(src_mac, src, target, dst="ff02::1", dst_mac=None, lla=None,
       solicited_flag=False):
    """A neighbour advertisement for target with lla (default: src_mac)
    as its TLLA option, override set."""
    flags = 0x20000000 | (0x40000000 if solicited_flag else 0)
    return nd(src_mac, src, dst, 136, target, (2, mac(lla or src_mac)),
              flags, dst_mac)


def echo6(src_mac, src, dst_mac, dst, ident, seq=1, payload=b"vmnet"):
    body = struct.pack("!HH", ident, seq) + payload
    return eth(dst_mac, src_mac, 0x86DD,
               ipv6(src, dst, 58, icmp6(src, dst, 128, 0, body)))


def ipv6_frags(src, dst, nh, payload, first, ident=0x4242, hlim=64):
    """The IPv6 packet (nh, payload) in two fragments, the first carrying
    payload[:first] (first: a multiple of 8)."""
    out = []
    for off, part, more in ((0, payload[:first], 1),
                            (first, payload[first:], 0)):
        fh = struct.pack("!BBHI", nh, 0, off | more, ident)
        out.append(ipv6(src, dst, 44, fh + part, hlim))
    return out


def icmp_echo(ident, seq, payload=b"vmnet"):
    h = struct.pack("!BBHHH", 8, 0, 0, ident, seq) + payload
    return h[:2] + struct.pack("!H", csum(h)) + h[4:]


def bootp(op, chaddr, xid=0x1234, msgtype=1, client_id=None, flags=0,
          ciaddr="0.0.0.0", yiaddr="0.0.0.0", options=b""):
    """A BOOTP/DHCP message: op 1 request, 2 reply; msgtype 1 DISCOVER."""
    m = struct.pack("!BBBBIHH4s4s4s4s", op, 1, 6, 0, xid, 0, flags,
                    ip(ciaddr), ip(yiaddr), b"\0" * 4, b"\0" * 4)
    m += mac(chaddr) + b"\0" * 10 + b"\0" * 192 + b"\x63\x82\x53\x63"
    m += bytes([53, 1, msgtype])
    if client_id is not None:
        m += bytes([61, len(client_id)]) + client_id
    m += options + b"\xff"
    return m


def dhcp_discover(src_mac, chaddr=None, client_id=None, xid=0x1234, flags=0,
                  options=b""):
    """A DHCPDISCOVER sent from src_mac asking for chaddr (flags 0x8000:
    answer by broadcast)."""
    msg = bootp(1, chaddr or src_mac, xid=xid, client_id=client_id,
                flags=flags, options=options)
    return eth(BCAST, src_mac, 0x0800,
               ipv4("0.0.0.0", "255.255.255.255", 17, udp(68, 67, msg)))


def bpdu(src_mac, root_prio=0):
    """An STP configuration BPDU claiming root priority root_prio."""
    root = struct.pack("!H", root_prio) + mac(src_mac)
    body = struct.pack("!HBB", 0, 0, 0) + bytes([0]) + root + \
        struct.pack("!I", 0) + root + struct.pack("!HHHHH", 0x8001, 0,
                                                   20 * 256, 2 * 256,
                                                   15 * 256)
    llc = b"\x42\x42\x03" + body
    f = mac("01:80:c2:00:00:00") + mac(src_mac) + struct.pack("!H", len(llc))
    f += llc
    return f + b"\0" * max(0, 60 - len(f))


def dhcp_request(src_mac, req_ip, server, chaddr=None, client_id=None,
                 xid=0x1234, flags=0, options=b""):
    """A DHCPREQUEST (selecting) for req_ip from server."""
    opts = bytes([50, 4]) + ip(req_ip) + bytes([54, 4]) + ip(server) + \
        options
    msg = bootp(1, chaddr or src_mac, xid=xid, msgtype=3,
                client_id=client_id, options=opts, flags=flags)
    return eth(BCAST, src_mac, 0x0800,
               ipv4("0.0.0.0", "255.255.255.255", 17, udp(68, 67, msg)))


class Tap:
    """The guest side of an existing tap (as QEMU opens it). With @mac and
    @ip it answers ARP requests for @ip, as a guest's kernel would."""

    def __init__(self, name, mac=None, ip=None, ip6s=()):
        self.name, self.mac, self.ip, self.ip6s = name, mac, ip, list(ip6s)
        self.fd = os.open("/dev/net/tun", os.O_RDWR | os.O_NONBLOCK)
        fcntl.ioctl(self.fd, TUNSETIFF,
                    struct.pack("16sH", name.encode(), IFF_TAP | IFF_NO_PI))
        self.wait_forwarding()

    def wait_forwarding(self, seconds=5):
        """The fd brings the tap's carrier up; a bridge port forwards only
        once the kernel has noticed (linkwatch, up to a second later), as
        for a booting guest. Wait for that, when the tap is a port."""
        end = time.time() + seconds
        while time.time() < end:
            out = subprocess.run(["bridge", "-j", "link", "show", "dev",
                                  self.name], capture_output=True,
                                 text=True).stdout
            try:
                ports = json.loads(out or "[]")
            except ValueError:
                ports = []
            if not ports or ports[0].get("state") == "forwarding":
                return
            time.sleep(0.05)

    def send(self, frame):
        os.write(self.fd, frame)

    def _answer(self, f):
        if len(f) < 42:
            return
        src, _, et, p = parse(f)
        if et == 0x86DD and len(p) >= 64 and p[6] == 58 and p[40] == 135:
            target = socket.inet_ntop(socket.AF_INET6, p[48:64])
            if target in self.ip6s:
                asker = socket.inet_ntop(socket.AF_INET6, p[8:24])
                self.send(na(self.mac, target, target, asker, src,
                             solicited_flag=True))
            return
        if not self.ip:
            return
        if et == 0x0806 and struct.unpack("!H", p[6:8])[0] == 1 and \
                ip_str(p[24:28]) == self.ip:
            self.send(arp(self.mac, 2, self.mac, self.ip, mac_str(p[8:14]),
                          ip_str(p[14:18])))

    def frames(self, seconds):
        """Every frame the bridge sends to this guest within @seconds (at
        least those already queued)."""
        out, end = [], time.time() + seconds
        while True:
            try:
                f = os.read(self.fd, 65536)
                self._answer(f)
                out.append(f)
                continue
            except BlockingIOError:
                pass
            left = end - time.time()
            if left <= 0:
                return out
            select.select([self.fd], [], [], left)

    def close(self):
        os.close(self.fd)


def parse(f):
    """(src mac, dst mac, ethertype, payload) of a frame."""
    return mac_str(f[6:12]), mac_str(f[0:6]), struct.unpack("!H", f[12:14])[0], \
        f[14:]


def arp_answer(t, frames, want_spa):
    """Whether an ARP reply with sender want_spa came back."""
    for f in frames:
        _, _, et, p = parse(f)
        if et == 0x0806 and struct.unpack("!H", p[6:8])[0] == 2 and \
                ip_str(p[14:18]) == want_spa:
            return mac_str(p[8:14])
    return None


def resolve(t, my_mac, my_ip, target, seconds=1.0):
    """ARP for target from (my_mac, my_ip): the MAC that answered, or None."""
    t.send(arp(my_mac, 1, my_mac, my_ip, "00:00:00:00:00:00", target))
    return arp_answer(t, t.frames(seconds), target)


def ping(t, my_mac, my_ip, dst_mac, dst_ip, seconds=1.0, ident=0x77):
    """One ICMP echo; True if the echo reply came back."""
    t.send(eth(dst_mac, my_mac, 0x0800,
               ipv4(my_ip, dst_ip, 1, icmp_echo(ident, 1))))
    for f in t.frames(seconds):
        _, _, et, p = parse(f)
        if et == 0x0800 and p[9] == 1 and ip_str(p[12:16]) == dst_ip and \
                p[20] == 0:
            return True
    return False


def ping6(t, my_mac, my_ip, dst_mac, dst_ip, seconds=1.0, ident=0x77):
    """One ICMPv6 echo; True if the echo reply came back."""
    t.send(echo6(my_mac, my_ip, dst_mac, dst_ip, ident))
    for f in t.frames(seconds):
        _, _, et, p = parse(f)
        if et == 0x86DD and len(p) >= 44 and p[6] == 58 and p[40] == 129 \
                and p[8:24] == ip6(dst_ip) and \
                struct.unpack("!H", p[44:46])[0] == ident:
            return True
    return False


def dhcp_offer(frames):
    """The address in the first DHCP reply (an offer, an ack) among frames,
    or None."""
    r = dhcp_reply(frames)
    return r[0] if r else None


def dhcp_reply(frames, msgtype=None):
    """(yiaddr, server) of the first DHCP reply of msgtype (2 OFFER, 5 ACK,
    6 NAK; None: any BOOTREPLY) among frames, or None."""
    for f in frames:
        u = udp_of(f)
        if not u:
            continue
        sport, dport, m, src = u
        if sport == 67 and dport == 68 and len(m) > 240 and m[0] == 2 and \
                (msgtype is None or m[240:243] == bytes([53, 1, msgtype])):
            return ip_str(m[16:20]), src
    return None


def udp_of(f):
    """(source port, destination port, payload, source address) of an
    IPv4 UDP frame f, or None."""
    _, _, et, p = parse(f)
    if et != 0x0800 or p[9] != 17:
        return None
    ihl = (p[0] & 15) * 4
    sport, dport = struct.unpack("!HH", p[ihl:ihl + 4])
    return sport, dport, p[ihl + 8:], ip_str(p[12:16])


def wait_reply(t, msgtype, seconds):
    """The first DHCP reply of msgtype to reach tap t within seconds."""
    end = time.time() + seconds
    while time.time() < end:
        r = dhcp_reply(t.frames(0.1), msgtype)
        if r:
            return r
    return None


def dhcp_lease(t, src_mac, seconds=3.0, xid=0x4321, flags=0, hostname=None):
    """A whole DHCP exchange (DISCOVER, OFFER, REQUEST, ACK) from the
    guest side of tap t (sending a host name, if given): the acked
    address, or None."""
    opts = bytes([12, len(hostname)]) + hostname.encode() if hostname else b""
    t.send(dhcp_discover(src_mac, xid=xid, flags=flags, options=opts))
    offer = wait_reply(t, 2, seconds)
    if not offer:
        return None
    t.send(dhcp_request(src_mac, offer[0], offer[1], xid=xid, flags=flags,
                        options=opts))
    ack = wait_reply(t, 5, seconds)
    return ack[0] if ack else None


def dns_query(t, my_mac, my_ip, dst_mac, server, name, seconds=2.0,
              ident=0x5353):
    """Ask server for name's A records from the guest side of tap t: the
    list of addresses (empty: an answer without any), or None for no
    answer at all."""
    q = struct.pack("!HHHHHH", ident, 0x0100, 1, 0, 0, 0)
    for label in name.split("."):
        q += bytes([len(label)]) + label.encode()
    q += b"\0" + struct.pack("!HH", 1, 1)
    t.send(eth(dst_mac, my_mac, 0x0800,
               ipv4(my_ip, server, 17, udp(ident, 53, q))))
    end = time.time() + seconds
    while time.time() < end:
        for f in t.frames(0.1):
            u = udp_of(f)
            if u and u[:2] == (53, ident) and u[2][:2] == q[:2]:
                return dns_a_records(u[2])
    return None


def dns_a_records(m):
    """The A records of the answer section of DNS message m."""
    ancount = struct.unpack("!H", m[6:8])[0]
    at, out = 12, []
    while m[at]:			# the question's name
        at += 1 + m[at]
    at += 5
    for _ in range(ancount):
        if m[at] & 0xc0 == 0xc0:
            at += 2
        else:
            while m[at]:
                at += 1 + m[at]
            at += 1
        typ, _, _, rdlen = struct.unpack("!HHIH", m[at:at + 10])
        at += 10
        if typ == 1 and rdlen == 4:
            out.append(ip_str(m[at:at + 4]))
        at += rdlen
    return out

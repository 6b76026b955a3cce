# SPDX-License-Identifier: GPL-2.0-or-later
# t_secondline.sh - at no instant may a VM of an isolated network reach
# what vmnet's rules forbid, with or without those rules: the same hostile
# probes with the nf_tables state in place, after "nft flush ruleset",
# with only "table inet vmnet" deleted and with only "table bridge vmnet"
# deleted (no vmnetd: nothing repairs it meanwhile), counted where they
# would arrive. IPv4 and IPv6 to the LAN host, the host's LAN and
# link-local addresses, a 127.0.0.1-only service with route_localnet=1
# (as kube-proxy sets it), the host's other services on the bridge
# address, broadcast and multicast to host services, the host's ARP
# answers for its LAN address, router advertisements to the host, and
# spoofed identities toward another VM. Then:
# nothing opened in a window outlives the repair.
. tests/integration/topo.sh
topo_up
add_user bob 2002
add_user mallory 2003
acl <<'A'
allow bob default ip=192.168.100.50 mac=52:54:00:00:00:0b/48
allow mallory default ip=192.168.100.77 mac=52:54:00:00:00:66/48
A
"$VMNETCTL" up default >/dev/null
ip tuntap add tapB mode tap user bob
ip tuntap add tapM mode tap user mallory
check "the victim attaches" as bob "$IFUP" tapB
check "the attacker attaches" as mallory "$IFUP" tapM
BR=$(mac_of vmnet0)
UP_LL=$(ip -6 -o addr show dev uplink0 scope link | awk '{print $4}' | cut -d/ -f1)
sysctl -qw net.ipv4.conf.all.route_localnet=1
# a host that routes IPv6 (as Docker and libvirt hosts do) and takes
# router advertisements on the bridge where IPv6 is on
sysctl -qw net.ipv6.conf.all.forwarding=1 net.ipv6.conf.vmnet0.accept_ra=2

# The host's services, each counting what reaches it from the VMs'
# subnet (or from anywhere, for the loopback one).
python3 - "$W" <<'PY' &
import os, select, socket, sys
w = sys.argv[1]
def tcp(fam, addr, port, name):
    s = socket.socket(fam, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((addr, port)); s.listen(64); s.setblocking(False)
    return s, name
def udp(fam, addr, port, name):
    s = socket.socket(fam, socket.SOCK_DGRAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((addr, port)); s.setblocking(False)
    return s, name
socks = dict([tcp(socket.AF_INET, "10.0.0.2", 2222, "tcp-lanaddr"),
              tcp(socket.AF_INET, "127.0.0.1", 2223, "tcp-loopback"),
              tcp(socket.AF_INET, "0.0.0.0", 2224, "tcp-any"),
              tcp(socket.AF_INET6, "::", 2225, "tcp6-any"),
              udp(socket.AF_INET, "0.0.0.0", 9999, "udp-any"),
              udp(socket.AF_INET6, "::", 9999, "udp6-any")])
count = {n: 0 for n in socks.values()}
open(w + "/svc.ready", "w").close()
while True:
    r, _, _ = select.select(list(socks), [], [], 1)
    for s in r:
        n = socks[s]
        try:
            if s.type == socket.SOCK_STREAM:
                c, a = s.accept(); c.close()
            else:
                _, a = s.recvfrom(2048)
        except BlockingIOError:
            continue
        if a[0].startswith("192.168.100.") or n == "tcp-loopback":
            count[n] += 1
    with open(w + "/svc.tmp", "w") as f:
        for k, v in count.items():
            f.write("%s %d\n" % (k, v))
    os.rename(w + "/svc.tmp", w + "/svc")
PY
svc_pid=$!
wait_for test -e "$W/svc.ready"
: >"$W/svc"
svc() { awk -v k="$1" '$1 == k { print $2 }' "$W/svc"; }
svc_total() { awk '{ n += $2 } END { print n + 0 }' "$W/svc"; }
ip netns exec $NS_L nft -f - <<'N'
table inet seen {
	counter v4 { }
	counter v6 { }
	chain in {
		type filter hook input priority 0; policy accept;
		ip saddr 192.168.100.0/24 counter name "v4"
		ip6 saddr != fd00:10::/64 ip6 saddr != fe80::/10 counter name "v6"
	}
}
N
lan_seen() { ip netns exec $NS_L nft list counter inet seen "$1" | awk '/packets/ {print $2}'; }
lan_reset() { ip netns exec $NS_L nft reset counters >/dev/null; }

# The attacker's probes: one round each (see the comments); prints what
# came back to it, and what its victim received from it.
probe() {	# NAME
	py "$1" "$BR" "$UP_LL" <<'PY'
import socket, sys, frames as F
br, up_ll = sys.argv[1], sys.argv[2]
M = F.Tap("tapM", "52:54:00:00:00:66", "192.168.100.77")
B = F.Tap("tapB", "52:54:00:00:00:0b", "192.168.100.50")
M6 = "fe80::5054:ff:fe00:66"
B.frames(0)
answered = 0
def tcp_syn(dst, port):
    M.send(F.eth(br, M.mac, 0x0800, F.ipv4(M.ip, dst, 6,
                                           F.tcp(M.ip, dst, 40000, port, "S"))))
def udp4(dst, dmac=br):
    M.send(F.eth(dmac, M.mac, 0x0800, F.ipv4(M.ip, dst, 17,
                                             F.udp(40001, 9999, b"probe"))))
def udp6(dst, dmac=br, src=M6):
    M.send(F.eth(dmac, M.mac, 0x86DD, F.ipv6(src, dst, 17,
                                             F.udp6(src, dst, 40002, 9999, b"x"))))
for _ in range(3):
    # the LAN, IPv4 and IPv6
    udp4("10.0.0.20")
    udp6("fd00:10::20", src="fd00:100::77")     # (a routable source)
    # the host's LAN address, loopback-only and other services
    tcp_syn("10.0.0.2", 2222)
    tcp_syn("127.0.0.1", 2223)
    tcp_syn("192.168.100.1", 2224)
    tcp_syn("10.0.0.2", 2224)
    udp6("fd00:10::2")
    udp6(up_ll)
    # broadcast and multicast to host services
    udp4("255.255.255.255", F.BCAST)
    udp4("192.168.100.255", F.BCAST)
    udp4("224.0.0.251", "01:00:5e:00:00:fb")
    udp6("ff02::1", "33:33:00:00:00:01")
    # the host's ARP answer for its LAN address
    M.send(F.arp(M.mac, 1, M.mac, M.ip, "00:00:00:00:00:00", "10.0.0.2"))
    # router advertisements (to the host and to the victim)
    M.send(F.router_advert(M.mac))
    # the victim: the gateway's address claimed, a rogue DHCP offer
    M.send(F.arp(M.mac, 2, M.mac, "192.168.100.1", B.mac, B.ip))
    M.send(F.eth(B.mac, M.mac, 0x0800, F.ipv4(M.ip, B.ip, 17, F.udp(
        67, 68, F.bootp(2, B.mac, msgtype=2, yiaddr="192.168.100.66")))))
    for f in M.frames(0.2):
        s, d, et, p = F.parse(f)
        if et == 0x0806 and p[7] == 2 and F.ip_str(p[14:18]) == "10.0.0.2":
            answered += 1           # ARP reply for the host's LAN address
        elif et == 0x0800 and p[9] == 6 and p[20 + 13] & 0x12 == 0x12:
            answered += 1           # a SYN-ACK
print("answered", answered)
def forbidden(f):       # what the victim may never get from another VM
    s, d, et, p = F.parse(f)
    if et == 0x0806:
        return F.ip_str(p[14:18]) != M.ip           # a claimed address
    if et == 0x0800:
        ihl = (p[0] & 15) * 4
        return p[9] == 17 and p[ihl:ihl + 2] == b"\x00\x43"  # from port 67
    if et == 0x86DD:        # (the network carries IPv6: the attacker's
                            # own link-local address may reach the victim)
        return (p[6] == 58 and p[40] in (134, 137) or     # an RA, a redirect
                socket.inet_ntop(socket.AF_INET6, p[8:24]) != M6)
    return True                                     # any other protocol
print("victim-got", sum(1 for f in B.frames(0.3)
                        if F.parse(f)[0] == M.mac and forbidden(f)))
PY
}
# One window: everything counted from zero, the probes, the counts.
window() {	# HOW
	local how=$1 name
	name=$(echo "$how" | tr -c 'a-z0-9\n' '-')
	lan_reset
	: >"$W/svc"
	probe "p.$name"
	sleep 0.5
	check "$how: no probe got an answer (SYN-ACK, ARP for the LAN address)" [ "$(res "p.$name" answered)" = 0 ]
	check "$how: the victim got no spoofed ARP, rogue DHCP or RA" [ "$(res "p.$name" victim-got)" = 0 ]
	check "$how: nothing reached the LAN host over IPv4" [ "$(lan_seen v4)" = 0 ]
	check "$how: nor over IPv6" [ "$(lan_seen v6)" = 0 ]
	check "$how: no host service saw anything of the VMs ($(cat "$W/svc" | tr '\n' ' '))" [ "$(svc_total)" = 0 ]
	check "$how: the host took no route from a router advertisement" \
		sh -c "! ip -6 route | grep -q 'proto ra\|2001:db8:bad'"
}

# controls, with the rules in place: what the VMs may do, they do
py ctl "$BR" <<'PY'
import sys, subprocess, frames as F
br = sys.argv[1]
M = F.Tap("tapM", "52:54:00:00:00:66", "192.168.100.77")
B = F.Tap("tapB", "52:54:00:00:00:0b", "192.168.100.50")
print("inet", F.ping(M, M.mac, M.ip, br, "198.51.100.10", ident=1))
print("gw", F.ping(B, B.mac, B.ip, br, "192.168.100.1", ident=2))
# the host opens a connection to the victim: its SYN-ACK is a reply
p = subprocess.Popen(["python3", "-c", "import socket; socket.create_connection(('192.168.100.50', 22), 3); print('yes')"],
                     stdout=subprocess.PIPE, text=True)
for _ in range(30):
    for f in B.frames(0.1):
        s, d, et, q = F.parse(f)
        if et == 0x0800 and q[9] == 6 and q[20 + 13] & 0x02:
            sport = int.from_bytes(q[20:22], "big")
            seq = int.from_bytes(q[24:28], "big")
            B.send(F.eth(s, B.mac, 0x0800, F.ipv4(B.ip, "192.168.100.1", 6,
                   F.tcp(B.ip, "192.168.100.1", 22, sport, "SA", 7, seq + 1))))
    if p.poll() is not None:
        break
print("host-conn", (p.communicate()[0] or "no").strip())
PY
check "control: the attacker's VM reaches the internet" [ "$(res ctl inet)" = True ]
check "control: the victim reaches its gateway" [ "$(res ctl gw)" = True ]
check "control: the host's own connection to a VM gets its reply" [ "$(res ctl host-conn)" = yes ]
window "with the rules"

nft flush ruleset
window "nft flush ruleset"
"$VMNETCTL" up default >/dev/null
nft delete table inet vmnet
window "only table inet vmnet deleted"
"$VMNETCTL" up default >/dev/null
nft delete table bridge vmnet
window "only table bridge vmnet deleted"
"$VMNETCTL" up default >/dev/null
check "up repairs it" quiet "$VMNETCTL" check
check "nothing of the windows is left in conntrack (to the LAN or the host)" \
	sh -c "! grep -E 'src=192\.168\.100\.77 dst=(10\.|127\.|192\.168\.100\.(1|255) |255\.|224\.)' /proc/net/nf_conntrack 2>/dev/null"

# the same with vmnetd repairing, probes every millisecond meanwhile
start_vmnetd
wait_for quiet "$VMNETCTL" check
lan_reset
: >"$W/svc"
py storm "$BR" <<'PY' &
import sys, time, frames as F
br = sys.argv[1]
M = F.Tap("tapM", "52:54:00:00:00:66", "192.168.100.77")
end, n = time.time() + 4, 0
while time.time() < end:
    n += 1
    M.send(F.eth(br, M.mac, 0x0800, F.ipv4(M.ip, "10.0.0.20", 17, F.udp(40001, 9999, b"p"))))
    M.send(F.eth(br, M.mac, 0x86DD, F.ipv6("fe80::5054:ff:fe00:66", "fd00:10::20", 17,
           F.udp6("fe80::5054:ff:fe00:66", "fd00:10::20", 40002, 9999, b"x"))))
    M.send(F.eth(br, M.mac, 0x0800, F.ipv4(M.ip, "127.0.0.1", 6,
           F.tcp(M.ip, "127.0.0.1", 40000 + n % 1000, 2223, "S"))))
    M.frames(0.001)
print("sent", n)
PY
storm_pid=$!
sleep 1
for i in 1 2 3; do nft flush ruleset; sleep 0.7; done
wait "$storm_pid"
check "vmnetd: $(res storm sent) rounds of probes through 3 flushes" [ "$(res storm sent)" -gt 500 ]
check "vmnetd: none reached the LAN host, IPv4 or IPv6" [ "$(lan_seen v4)$(lan_seen v6)" = 00 ]
check "vmnetd: none reached the host's loopback service" [ "$(svc tcp-loopback)" = 0 ]
kill "$dpid"
kill "$svc_pid"
test_cleanup() { topo_down; }

# SPDX-License-Identifier: GPL-2.0-or-later
# t_conns.sh - one VM cannot fill the host's connection tracking table: a
# guest of an isolated network opens new UDP flows to the internet host as
# fast as it can write frames (its own MAC and address, nothing spoofed).
# Its ACL rule's max-conns, or the default, bounds what it holds in the
# host's conntrack table and what reaches the target; the other VM, the
# host's own connections and DNS keep working; its IPv6 flows count
# against the same limit. Counted at the target and in the table.
. tests/integration/topo.sh
topo_up
add_user alice 2001
add_user bob 2002
acl <<'A'
allow alice default ip=192.168.100.50 mac=52:54:00:00:00:0a/48 max-conns=50
allow bob default ip=192.168.100.60 mac=52:54:00:00:00:0b/48
A
"$VMNETCTL" up default >/dev/null
mktap tapA alice
mktap tapB bob
check "alice's VM attaches" as alice "$IFUP" tapA
check "bob's VM attaches" as bob "$IFUP" tapB
check "alice's record holds her limit" sh -c "ip -d link show tapA | grep -Eq ' conns=50( |$)'"
check "  and bob's the default" sh -c "ip -d link show tapB | grep -Eq ' conns=4096( |$)'"
check "  as do the port's elements" sh -c "nft list map bridge vmnet portlim_default | grep -q '\"tapA\" : 0:32'"
# the same counters in a table of each family (ip, ip6)
for fam in ip ip6; do
	ip netns exec $NS_I nft -f - <<N
table $fam seen {
	counter from_a { }
	counter from_b { }
	chain in {
		type filter hook input priority 0; policy accept;
		udp dport 9 @th,64,8 0x61 counter name "from_a"
		udp dport 9 @th,64,8 0x62 counter name "from_b"
	}
}
N
done
inet_counter() { ip netns exec $NS_I nft list counter ip${2:-} seen "$1" | awk '/packets/ {print $2}'; }
# flows SRC: the host's conntrack entries of a VM's address (the table
# writes IPv6 addresses in full)
flows() {
	local a
	a=$(python3 -c 'import ipaddress, sys; print(ipaddress.ip_address(sys.argv[1]).exploded)' "$1")
	grep -c " src=$a " /proc/net/nf_conntrack || true
}

# flood TAP MAC IP N TAG [PORT]: N new UDP flows (one source port each,
# from PORT on) to the internet host, the payload's first byte naming the
# VM
flood() {
	py flood "$(mac_of vmnet0)" "$@" <<'PY'
import sys, frames as F
br, tap, mac, ip, n, tag = sys.argv[1:7]
port = int(sys.argv[7]) if len(sys.argv) > 7 else 10000
T = F.Tap(tap, mac, ip)
for i in range(int(n)):
    T.send(F.eth(br, mac, 0x0800, F.ipv4(ip, "198.51.100.10", 17,
                                         F.udp(port + i, 9, tag.encode()))))
T.frames(0.5)
PY
}
flood tapA 52:54:00:00:00:0a 192.168.100.50 300 a
check "alice's 300 new flows: 50 in the host's table ($(flows 192.168.100.50))" [ "$(flows 192.168.100.50)" = 50 ]
check "  and 50 reached the internet host ($(inet_counter from_a))" [ "$(inet_counter from_a)" = 50 ]
flood tapB 52:54:00:00:00:0b 192.168.100.60 300 b
check "control: bob's 300 all pass ($(inet_counter from_b))" [ "$(inet_counter from_b)" = 300 ]
py others "$(mac_of vmnet0)" <<'PY'
import sys, frames as F
B = F.Tap("tapB", "52:54:00:00:00:0b", "192.168.100.60")
print("b-gw", F.ping(B, B.mac, B.ip, sys.argv[1], "192.168.100.1", ident=1))
# a DNS query to dnsmasq for the name the host's /etc/hosts gives
q = b"\x12\x34\x01\x00\x00\x01\x00\x00\x00\x00\x00\x00\x08internet\x04test\x00\x00\x01\x00\x01"
B.send(F.eth(sys.argv[1], B.mac, 0x0800,
             F.ipv4(B.ip, "192.168.100.1", 17, F.udp(5353, 53, q))))
ans = [f for f in B.frames(2) if F.parse(f)[2] == 0x0800 and f[23] == 17
       and f[34:36] == b"\x00\x35"]
print("b-dns", bool(ans))
PY
# IPv6: the same limit, the same count (alice's 50 IPv4 flows are still
# held: none of her IPv6 ones may pass); each VM sends from an address of
# the network's prefix, which its first packet claims
P6=$("$VMNETCTL" status --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["networks"][0]["address6"].split("::")[0])')
flood6() {	# TAP MAC IP N TAG
	py flood6 "$(mac_of vmnet0)" "$INET_IP6" "$@" <<'PY'
import sys, frames as F
br, dst, tap, mac, ip, n, tag = sys.argv[1:8]
T = F.Tap(tap, mac, "0.0.0.0")
for i in range(int(n)):
    T.send(F.eth(br, mac, 0x86DD, F.ipv6(ip, dst, 17,
                 F.udp6(ip, dst, 10000 + i, 9, tag.encode()))))
T.frames(0.5)
PY
}
flood6 tapA 52:54:00:00:00:0a "$P6::a" 300 a
check "alice's 300 new IPv6 flows, her 50 IPv4 ones held: none passes ($(inet_counter from_a 6))" [ "$(inet_counter from_a 6)" = 0 ]
check "  none in the host's table ($(flows "$P6::a"))" [ "$(flows "$P6::a")" = 0 ]
flood6 tapB 52:54:00:00:00:0b "$P6::b" 300 b
check "control: bob's 300 IPv6 flows all pass ($(inet_counter from_b 6))" [ "$(inet_counter from_b 6)" = 300 ]
check "bob's VM still reaches the gateway" [ "$(res others b-gw)" = True ]
check "  and gets DNS answers" [ "$(res others b-dns)" = True ]
check "the host's own new connections work" \
	python3 -c "import socket; socket.create_connection(('$INET_IP', 8080), 2)"

# bob, at the default limit
# (his flows: IPv4's and IPv6's, one count)
bflows() { echo $(($(flows 192.168.100.60) + $(flows "$P6::b"))); }
held=$(bflows) seen=$(inet_counter from_b)
flood tapB 52:54:00:00:00:0b 192.168.100.60 5000 b 20000
check "bob's 5000 more new flows: the default 4096 in the table, both families ($(bflows))" [ "$(bflows)" = 4096 ]
check "  and only those reached the target ($((4096 - held)) new)" [ "$(inet_counter from_b)" = $((seen + 4096 - held)) ]
check "the host's own new connections still work" \
	python3 -c "import socket; socket.create_connection(('$INET_IP', 8080), 2)"

# a flush and "up": the limits are back (the count starts again: what a
# VM held before the flush no longer counts against it)
nft flush ruleset
"$VMNETCTL" up default >/dev/null
held=$(flows 192.168.100.50)
flood tapA 52:54:00:00:00:0a 192.168.100.50 100 a 30000
check "after a flush and 'up', alice gets 50 new flows, no more ($(($(flows 192.168.100.50) - held)))" [ $(($(flows 192.168.100.50) - held)) = 50 ]

for t in tapA tapB; do "$IFDOWN" $t >/dev/null; done
"$VMNETCTL" down default >/dev/null

# SPDX-License-Identifier: GPL-2.0-or-later
# t_ipv6_guard.sh - IPv6 on a bridged network: a real guest takes its
# addresses from the LAN router's advertisements (SLAAC) and reaches the
# LAN host; hostile guests (frames.py on real taps) send router
# advertisements, redirects, DHCPv6 replies, forged neighbour
# advertisements and solicitations, the victim's, the host's and a live
# LAN host's addresses, a flood of new addresses and an RA split over
# fragments (RFC 7113). A LAN host in its own namespace counts what
# arrives; its router (dnsmasq) advertises fd00:1::/64, which the host's
# bridge takes too.
. tests/integration/topo.sh

add_user bob 2002
add_user mallory 2003
add_user carol 2004
conf <<'C'
[network lan]
mode = bridged
bridge = br0
C
acl <<'A'
allow bob lan mac=52:54:00:00:00:0b/48
allow carol lan ip6=fd00:1::c0 mac=52:54:00:00:00:0c/48
allow mallory * max-taps=6
A
NS=vmnet-lan6
BR0_SETUP="sysctl -qw net.ipv6.conf.br0.accept_ra=2" bridged_lan $NS
# the LAN's router: advertises fd00:1::/64 for SLAAC (and itself as the
# default router), also to the host
ip netns exec $NS /usr/sbin/dnsmasq --conf-file=/dev/null --no-resolv \
	--no-hosts --interface=l0 --bind-interfaces --port=0 --enable-ra \
	--dhcp-range=fd00:1::,ra-only,64 --ra-param=l0,10 \
	--pid-file="$W/lanra.pid"
M=52:54:00:00:00:66
ip netns exec $NS nft -f - <<N
table netdev seen {
	counter ra { }
	counter redir { }
	counter dhcp6 { }
	counter as_victim { }
	counter as_host { }
	counter as_lanhost { }
	counter na_from_m { }
	counter ns_foreign_lla { }
	counter dad { }
	counter frags { }
	counter flood { }
	counter m2 { }
	counter victim_new { }
	counter g_as_host { }
	counter as_carol { }
	counter carol { }
	chain in {
		type filter hook ingress device "l0" priority 0; policy accept;
		ether type ip6 icmpv6 type nd-router-advert counter name "ra"
		ether type ip6 icmpv6 type nd-redirect counter name "redir"
		ether type ip6 udp sport 547 counter name "dhcp6"
		ether type ip6 udp dport 546 counter name "dhcp6"
		ether type ip6 icmpv6 type echo-request icmpv6 id 0x4242 counter name "as_victim"
		ether type ip6 icmpv6 type echo-request icmpv6 id 0x4343 counter name "as_host"
		ether type ip6 icmpv6 type echo-request icmpv6 id 0x4444 counter name "as_lanhost"
		ether type ip6 ether saddr $M icmpv6 type nd-neighbor-advert counter name "na_from_m"
		ether type ip6 ether saddr $M icmpv6 type nd-neighbor-solicit @th,208,48 0x52540000000b counter name "ns_foreign_lla"
		ether type ip6 ip6 saddr :: icmpv6 type nd-neighbor-solicit counter name "dad"
		ether type ip6 ether saddr $M ip6 nexthdr 44 counter name "frags"
		ether type ip6 icmpv6 type echo-request icmpv6 id 0x5151 counter name "flood"
		ether type ip6 icmpv6 type echo-request icmpv6 id 0x6666 counter name "m2"
		ether type ip6 icmpv6 type echo-request icmpv6 id 0x7777 counter name "victim_new"
		ether type ip6 ether saddr 52:54:00:00:00:0b ip6 saddr fd00:1::2 counter name "g_as_host"
		ether type ip6 icmpv6 type echo-request icmpv6 id 0x8888 counter name "as_carol"
		ether type ip6 icmpv6 type echo-request icmpv6 id 0x9999 counter name "carol"
	}
}
N
lan_counter() { ip netns exec $NS nft list counter netdev seen "$1" | awk '/packets/ {print $2}'; }
# the host knows the LAN host before "up" (its neighbour entry seeds
# lanip6_lan), and has taken an address and a default route from the RA
ping -6 -c 1 -W 2 -q fd00:1::20 >/dev/null
check "the host took an address from the LAN's RA" wait_for sh -c "ip -6 addr show dev br0 scope global | grep -q 'fd00:1::.*dynamic'"
check "  and its default route" wait_for sh -c "ip -6 route show default | grep -q 'dev br0'"
# addr6 DEV SCOPE [dynamic]: the first IPv6 address of DEV in SCOPE
addr6() { ip -6 -j addr show dev "$1" scope "$2" | python3 -c '
import json, sys
print([a["local"] for l in json.load(sys.stdin) for a in l.get("addr_info", [])
       if "local" in a and (len(sys.argv) < 2 or a.get("dynamic"))][0])' ${3:+dynamic}; }
HOST_SLAAC=$(addr6 br0 global dynamic)
HOST_LL=$(addr6 br0 link)
GW_LL=$(ip -6 route show default | awk '{print $3; exit}')
LAN_LL=$(ip netns exec $NS bash -c "$(declare -f addr6); addr6 l0 link")

check "up" "$VMNETCTL" up lan
check "  check finds nothing wrong right after up" quiet "$VMNETCTL" check
# on_port SET TAP: how many elements of SET name TAP
on_port() { nft list set bridge vmnet "$1" 2>/dev/null | grep -o "\"$2\"" | wc -l; }
for a in fd00:1::2 "$HOST_SLAAC" "$HOST_LL" "$GW_LL"; do
	check "hostips6 holds the host's and its gateway's address $a" sh -c "nft list set bridge vmnet hostips6_lan | grep -qw '$a'"
done
check "infra holds the IPv6 gateway's MAC (no VM may take it)" sh -c "nft list set bridge vmnet infra_lan | grep -qi '$LAN_MAC'"
check "subnet6 is the LAN's prefix and fe80::/64" sh -c "nft list set bridge vmnet subnet6_lan | grep -q 'fd00:1::/64' && nft list set bridge vmnet subnet6_lan | grep -q 'fe80::/64'"
check "hostips6 holds every address the host knows of its gateway's MAC (the router's global one)" sh -c "nft list set bridge vmnet hostips6_lan | grep -qw fd00:1::20"

# print's nft script loads into exactly what up installed
"$VMNETCTL" print lan >"$W/print"
sed -n "/^nft -f - <<'EOF'\$/,/^EOF\$/p" "$W/print" | sed '1d;$d' >"$W/print.nft"
ip netns add vmnet-scratch
ip netns exec vmnet-scratch nft -f "$W/print.nft"
check "print: its nft script gives exactly the installed table (IPv6 rules and sets)" \
	[ "$(nft list table bridge vmnet | nft_nocache)" = "$(ip netns exec vmnet-scratch nft list table bridge vmnet | nft_nocache)" ]
check "  and the same kernel expressions, rule by rule ($(nft_exprs bridge | wc -l))" \
	same_exprs bridge
ip netns del vmnet-scratch

for t in tapB tapM tapM2; do ip tuntap add $t mode tap user $([ $t = tapB ] && echo bob || echo mallory); done
check "the victim attaches" as bob "$IFUP" tapB
check "the attacker attaches a learning tap" as mallory env VMNET_NETWORK=lan "$IFUP" tapM
check "  and a second one" as mallory env VMNET_NETWORK=lan "$IFUP" tapM2
# the LAN host talks: its addresses are the LAN's (lanip6)
ip netns exec $NS ping -6 -c 1 -W 1 -q fd00:1::2 >/dev/null
ip -n $NS neigh replace fd00:1::66 lladdr $M dev l0
ip -n $NS neigh replace fd00:1::67 lladdr 52:54:00:00:00:67 dev l0
ip -n $NS neigh replace fd00:1::b2 lladdr 52:54:00:00:00:0b dev l0
py lan "$LAN_MAC" "$HOST_SLAAC" "$HOST_LL" "$LAN_LL" <<'PY'
import sys, time, struct, frames as F
lan, host_slaac, host_ll, lan_ll = sys.argv[1:5]
B = F.Tap("tapB", "52:54:00:00:00:0b", ip6s=["fd00:1::b", "fe80::5054:ff:fe00:b"])
M = F.Tap("tapM", "52:54:00:00:00:66")
M2 = F.Tap("tapM2", "52:54:00:00:00:67")
mm = M.mac
# duplicate address detection from :: (with its nonce), then the victim
# answers the LAN host's solicitations (NA for its own address) and pings
B.send(F.nd(B.mac, "::", F.solicited("fd00:1::b")[0], 135, "fd00:1::b",
            (14, b"\1\2\3\4\5\6"), dst_mac=F.solicited("fd00:1::b")[1]))
print("victim-lan", F.ping6(B, B.mac, "fd00:1::b", lan, "fd00:1::20", 2.0, ident=1))
print("victim-ll", F.ping6(B, B.mac, "fe80::5054:ff:fe00:b", lan, lan_ll,
                           ident=2))
print("attacker-lan", F.ping6(M, mm, "fd00:1::66", lan, "fd00:1::20", ident=3))
# router advertisements, redirects, DHCPv6 replies, from its own address
M.send(F.router_advert(mm, prefix="2001:db8:bad::", src="fe80::5054:ff:fe00:66"))
red = struct.pack("!I", 0) + F.ip6("fe80::5054:ff:fe00:66") + F.ip6("fd00:1::2")
M.send(F.eth(lan, mm, 0x86DD, F.ipv6("fe80::5054:ff:fe00:66", "fe80::1", 58,
             F.icmp6("fe80::5054:ff:fe00:66", "fe80::1", 137, 0, red), 255)))
for sport, dport in ((547, 546), (547, 547), (5470, 546)):
    M.send(F.eth("33:33:00:01:00:02", mm, 0x86DD, F.ipv6(
        "fe80::5054:ff:fe00:66", "ff02::1:2", 17,
        F.udp6("fe80::5054:ff:fe00:66", "ff02::1:2", sport, dport, b"\x07" + b"\0" * 40))))
# the victim's, the host's, the LAN host's addresses as sources
M.send(F.echo6(mm, "fd00:1::b", lan, "fd00:1::20", 0x4242))
M.send(F.echo6(mm, "fe80::5054:ff:fe00:b", lan, "fd00:1::20", 0x4242))
for a in ("fd00:1::2", host_slaac, host_ll):
    M.send(F.echo6(mm, a, lan, "fd00:1::20", 0x4343))
M.send(F.echo6(mm, "fd00:1::20", lan, "fd00:1::2", 0x4444))
# forged neighbour advertisements: the victim's, the host's and the LAN
# host's address, unsolicited to all nodes and solicited to the LAN host;
# one with the victim's MAC as its link-layer address option
for tgt in ("fd00:1::b", "fd00:1::2", "fd00:1::20"):
    M.send(F.na(mm, "fd00:1::66", tgt))
    M.send(F.na(mm, "fd00:1::66", tgt, dst="fd00:1::20", dst_mac=lan,
                solicited_flag=True))
    M.send(F.na(mm, tgt, tgt))
M.send(F.na(mm, "fd00:1::66", "fd00:1::66", lla="52:54:00:00:00:0b"))
# a solicitation carrying the victim's MAC
M.send(F.ns(mm, "fd00:1::66", "fd00:1::20", lla="52:54:00:00:00:0b"))
time.sleep(0.3)
# an RA in fragments: the ICMPv6 header in the first; then the RFC 7113
# evasion, a first fragment of a destination options header only
ra = F.router_advert(mm, src="fe80::5054:ff:fe00:66")[14:]
body = ra[40:]
for f in F.ipv6_frags("fe80::5054:ff:fe00:66", "ff02::1", 58, body, 16):
    M.send(F.eth("33:33:00:00:00:01", mm, 0x86DD, f))
dst = bytes([58, 21]) + bytes([1, 166]) + b"\0" * 166	# 176 bytes of PadN
for f in F.ipv6_frags("fe80::5054:ff:fe00:66", "ff02::1", 60, dst + body, 176,
                      ident=0x4343):
    M.send(F.eth("33:33:00:00:00:01", mm, 0x86DD, f))
time.sleep(0.3)
# control: a fragmented UDP datagram from its own address passes whole
for f in F.ipv6_frags("fd00:1::66", "fd00:1::20", 17,
                      F.udp6("fd00:1::66", "fd00:1::20", 9, 9, b"x" * 64), 32,
                      ident=0x4444):
    M.send(F.eth(lan, mm, 0x86DD, f))
# a flood of new addresses
for i in range(20):
    M.send(F.echo6(mm, "fd00:1::1:%x" % i, lan, "fd00:1::20", 0x5151))
time.sleep(0.3)
# the victim still claims a new address of its own
B.ip6s.append("fd00:1::b2")
B.send(F.echo6(B.mac, "fd00:1::b2", lan, "fd00:1::20", 0x7777))
# the other tap of the attacker's, from the first one's address
M2.send(F.echo6(M2.mac, "fd00:1::66", lan, "fd00:1::20", 0x6666))
time.sleep(0.3)
print("victim-after", F.ping6(B, B.mac, "fd00:1::b", lan, "fd00:1::20", ident=4))
PY
check "control: the victim reaches the LAN host over IPv6 (it answered the LAN's solicitation)" [ "$(res lan victim-lan)" = True ]
check "control: so does the attacker, from its own address" [ "$(res lan attacker-lan)" = True ]
check "the DAD probe from :: reached the LAN" [ "$(lan_counter dad)" -ge 1 ]
check "no router advertisement from a VM reached the LAN" [ "$(lan_counter ra)" = 0 ]
check "no redirect reached the LAN" [ "$(lan_counter redir)" = 0 ]
check "no DHCPv6 server or relay message reached the LAN" [ "$(lan_counter dhcp6)" = 0 ]
check "nothing sent from the victim's addresses reached the LAN" [ "$(lan_counter as_victim)" = 0 ]
check "nothing sent from the host's addresses reached the LAN" [ "$(lan_counter as_host)" = 0 ]
check "nothing sent from the LAN host's own address reached the LAN" [ "$(lan_counter as_lanhost)" = 0 ]
check "no forged neighbour advertisement reached the LAN" [ "$(lan_counter na_from_m)" = 0 ]
check "no solicitation with another port's MAC as its link-layer address reached the LAN" [ "$(lan_counter ns_foreign_lla)" = 0 ]
check "the LAN never took the attacker's MAC for the victim's address" sh -c "! ip -n $NS neigh show fd00:1::b | grep -q $M"
check "  nor for the host's" sh -c "! ip -n $NS neigh show fd00:1::2 | grep -q $M"
check "the fragmented UDP datagram (the control) passed, and no RA fragment did" [ "$(lan_counter frags)" = 2 ]
check "the flood of new addresses: the attacker's tap holds 8 claims, its burst ($(on_port own6_lan tapM))" [ "$(on_port own6_lan tapM)" = 8 ]
check "  so only 6 packets from new addresses passed after its first two ($(lan_counter flood))" [ "$(lan_counter flood)" = 6 ]
check "  control: some did" [ "$(lan_counter flood)" -ge 1 ]
check "status shows the victim's IPv6 addresses under its tap" sh -c "'$VMNETCTL' status | grep -A1 '^  tapB ' | grep -q 'ipv6 .*fd00:1::b\*'"
check "  status --json as learned_ip6" sh -c "'$VMNETCTL' status --json | python3 -c 'import json,sys; d=json.load(sys.stdin); t=[t for n in d[\"networks\"] for t in n[\"taps\"] if t[\"name\"]==\"tapB\"][0]; assert \"fd00:1::b\" in t[\"learned_ip6\"] and \"fe80::5054:ff:fe00:b\" in t[\"learned_ip6\"], t'"
check "the victim still claims a new address" [ "$(lan_counter victim_new)" = 1 ]
check "the attacker's second tap cannot use the first one's address" [ "$(lan_counter m2)" = 0 ]
check "the victim still works" [ "$(res lan victim-after)" = True ]

# a legitimate advertisement passes (the NA counter counts)
py na "$LAN_MAC" <<'PY'
import sys, time, frames as F
M = F.Tap("tapM", "52:54:00:00:00:66")
M.send(F.na(M.mac, "fd00:1::66", "fd00:1::66"))
time.sleep(0.3)
PY
check "control: an NA for its own address reaches the LAN" [ "$(lan_counter na_from_m)" = 1 ]

# a configured IPv6 address: the ACL pins fd00:1::c0 to carol
ip tuntap add tapX6 mode tap user mallory
refuse "VMNET_IP6 pinned to another user" "VMNET_IP6 fd00:1::c0 is pinned to other users by /etc/vmnet/acl:2" \
	as mallory env VMNET_NETWORK=lan VMNET_IP6=fd00:1::c0 "$IFUP" tapX6
refuse "VMNET_IP6 of the host" "VMNET_IP6 fd00:1::2 is the host's or a gateway's address" \
	as mallory env VMNET_NETWORK=lan VMNET_IP6=fd00:1::2 "$IFUP" tapX6
# (the LAN host is the router: every address of its MAC is a gateway's)
refuse "VMNET_IP6 of the router's global address" "VMNET_IP6 fd00:1::20 is the host's or a gateway's address" \
	as mallory env VMNET_NETWORK=lan VMNET_IP6=fd00:1::20 "$IFUP" tapX6
refuse "VMNET_IP6 another tap holds" "VMNET_IP6 fd00:1::b is in use by another VM" \
	as mallory env VMNET_NETWORK=lan VMNET_IP6=fd00:1::b "$IFUP" tapX6
refuse "VMNET_IP6 link-local" "VMNET_IP6 'fe80::1' is not a global or unique local IPv6 address" \
	as mallory env VMNET_NETWORK=lan VMNET_IP6=fe80::1 "$IFUP" tapX6
refuse "VMNET_IP6 outside the LAN's prefixes" "VMNET_IP6 fd00:99::5 is outside network 'lan''s IPv6 prefixes" \
	as mallory env VMNET_NETWORK=lan VMNET_IP6=fd00:99::5 "$IFUP" tapX6
check "a fresh learning tap of the attacker's" as mallory env VMNET_NETWORK=lan "$IFUP" tapX6
py mal "$LAN_MAC" <<'PY'
import sys, time, frames as F
X = F.Tap("tapX6", "52:54:00:00:00:68")
X.send(F.echo6(X.mac, "fd00:1::c0", sys.argv[1], "fd00:1::20", 0x8888))
X.send(F.echo6(X.mac, "fd00:1::68", sys.argv[1], "fd00:1::20", 0x8888))
time.sleep(0.3)
PY
check "while carol is away, nobody claims her pinned address (the control from its own passes)" [ "$(lan_counter as_carol)" = 1 ]
ip tuntap add tapC mode tap user carol
check "carol attaches: her pinned IPv6 address is hers" as carol "$IFUP" tapC
check "  her record holds it" sh -c "ip -d link show tapC | grep -q 'ip6=fd00:1::c0'"
out=$("$VMNETCTL" check --as carol lan 2>&1 || true)
check "  check --as carol: the rule pins her IPv6 address, her tap holds it" \
	sh -c "echo '$out' | grep -q 'the rule pins IPv6 address fd00:1::c0' && echo '$out' | grep -q 'tap tapC: .*IPv6 address fd00:1::c0'"
rc=0; out=$("$VMNETCTL" check --as mallory lan --ip6 fd00:1::c0 2>&1) || rc=$?
check "  check --as mallory --ip6 it: refused, pinned ($out)" sh -c "[ $rc = 1 ] && echo '$out' | grep -q 'pinned to other users by /etc/vmnet/acl:2'"
ip -n $NS neigh replace fd00:1::c0 lladdr 52:54:00:00:00:0c dev l0
py carol "$LAN_MAC" <<'PY'
import sys, time, frames as F
lan = sys.argv[1]
C = F.Tap("tapC", "52:54:00:00:00:0c")
X = F.Tap("tapX6", "52:54:00:00:00:68")
X.send(F.echo6(X.mac, "fd00:1::c0", lan, "fd00:1::20", 0x8888))
C.send(F.echo6(C.mac, "fd00:1::c0", lan, "fd00:1::20", 0x9999))
time.sleep(0.3)
PY
check "  she sends from it" [ "$(lan_counter carol)" = 1 ]
check "  nobody else does" [ "$(lan_counter as_carol)" = 1 ]
check "  and it never expires, used or not" sh -c "nft list map bridge vmnet claimed6_lan | grep -q 'fd00:1::c0 : \"tapC\"' && ! nft list map bridge vmnet claimed6_lan | grep -q 'fd00:1::c0 expires'"
check "  status shows it configured" sh -c "'$VMNETCTL' status --json | python3 -c 'import json,sys; d=json.load(sys.stdin); t=[t for n in d[\"networks\"] for t in n[\"taps\"] if t[\"name\"]==\"tapC\"][0]; assert t[\"ip6\"]==\"fd00:1::c0\" and t[\"learned_ip6\"]==[], t'"

# detach releases the port's claims, at once
check "the attacker detaches its first tap" as mallory "$IFDOWN" tapM
check "  none of its claims is left" [ "$(on_port own6_lan tapM)$(on_port claimed6_lan tapM)$(on_port rate6_lan tapM)" = 000 ]
check "  control: the victim's are" [ "$(on_port own6_lan tapB)" -ge 2 ]
py m2 "$LAN_MAC" <<'PY'
import sys, time, frames as F
M2 = F.Tap("tapM2", "52:54:00:00:00:67")
M2.send(F.echo6(M2.mac, "fd00:1::66", sys.argv[1], "fd00:1::20", 0x6666))
time.sleep(0.3)
PY
check "  and the second tap may now claim it" [ "$(lan_counter m2)" = 1 ]
check "gc finds no litter" sh -c "'$VMNETCTL' gc 2>&1 | grep -qv 'removed [1-9]'"

# a tap that vanishes without vmnet-ifdown (its QEMU killed, the tap
# deleted): its claims go with its other elements
nelems() { nft -j list set bridge vmnet "$1" | python3 -c 'import json,sys; print(sum(len(o.get("set", {}).get("elem", [])) for o in json.load(sys.stdin)["nftables"]))'; }
own_before=$(nelems own6_lan)
ip tuntap add tapV mode tap user mallory
check "a tap that will vanish attaches" as mallory env VMNET_NETWORK=lan "$IFUP" tapV
py v "$LAN_MAC" <<'PY'
import sys, time, frames as F
V = F.Tap("tapV", "52:54:00:00:00:69")
V.send(F.echo6(V.mac, "fd00:1::77", sys.argv[1], "fd00:1::20", 0x7070))
time.sleep(0.3)
PY
check "  it claimed fd00:1::77" sh -c "nft list map bridge vmnet claimed6_lan | grep -Eq 'fd00:1::77 .*: \"tapV\"'"
ip link del tapV
"$VMNETCTL" gc >/dev/null 2>&1 || true
check "gc removes the vanished tap's IPv6 claims" sh -c "! nft list map bridge vmnet claimed6_lan | grep -q 'fd00:1::77'"
check "  from own6 too ($(nelems own6_lan) elements, $own_before before)" [ "$(nelems own6_lan)" = "$own_before" ]

# --- vmnetd follows the host's IPv6 and repairs the IPv6 rules ---------------
start_vmnetd
check "vmnetd starts" wait_for grep -q "vmnetd\[[0-9]*\]: started: 1 network" "$W/syslog"
ip addr add fd00:2::2/64 dev br0 nodad
check "vmnetd: a new IPv6 address on the bridge becomes the host's" \
	wait_for sh -c "nft list set bridge vmnet hostips6_lan | grep -qw fd00:2::2"
check "  and its prefix a VM's" sh -c "nft list set bridge vmnet subnet6_lan | grep -q 'fd00:2::/64'"
ip addr del fd00:2::2/64 dev br0
check "  and both go when the address goes" wait_for sh -c "! nft list set bridge vmnet hostips6_lan | grep -qw fd00:2::2 && ! nft list set bridge vmnet subnet6_lan | grep -q 'fd00:2::/64'"
nft flush ruleset
check "vmnetd: after a flush the IPv6 rules and sets are back" wait_for sh -c "nft list chain bridge vmnet spoof_lan 2>/dev/null | grep -q '@own6_lan accept' && nft list set bridge vmnet hostips6_lan | grep -qw fd00:1::2"
check "  and carol's configured address, from her record" wait_for sh -c "nft list map bridge vmnet claimed6_lan | grep -q 'fd00:1::c0 : \"tapC\"'"
check "  and check is clean" wait_for quiet "$VMNETCTL" check
kill -- -"$dpid" 2>/dev/null || true
wait "$dpid" 2>/dev/null || true

# --- a real guest: SLAAC from the LAN's router, ping over IPv6 --------------
for t in tapB tapM2 tapX6; do "$IFDOWN" $t >/dev/null; done
check "carol detaches" as carol "$IFDOWN" tapC
check "  her configured address is free" sh -c "! nft list map bridge vmnet claimed6_lan | grep -q 'fd00:1::c0'"
nft -f - <<'N'
table inet g6 {
	counter from_lanhost { }
	chain in {
		type filter hook input priority 0; policy accept;
		ip6 saddr fd00:1::20 icmpv6 type echo-request counter name "from_lanhost"
	}
}
N
ip tuntap add tapG mode tap user bob
cat >"$W/g6.sh" <<'G'
# (an address is usable once duplicate address detection is over)
i=0
while ! ip -6 addr show dev eth0 scope global | grep 'fd00:1::' | grep -vq tentative && [ $i -lt 150 ]; do sleep 0.1; i=$((i + 1)); done
say addr6 "$(ip -6 addr show dev eth0 scope global | awk '/inet6/ {print $2; exit}')"
ping6s() { for _ in 1 2 3; do ping6 -c 1 -W 2 "$@" && return 0; done; return 1; }
try lan6 ping6s fd00:1::20
try host6 ping6s fd00:1::2
ip -6 addr add fd00:1::20/128 dev eth0 nodad
try spoof-lanhost ping6 -c 1 -W 1 -I fd00:1::20 fd00:1::2
ip -6 addr del fd00:1::20/128 dev eth0
ip -6 addr add fd00:1::2/128 dev eth0 nodad
try spoof-host ping6 -c 1 -W 1 -I fd00:1::2 fd00:1::20
ip -6 addr del fd00:1::2/128 dev eth0
try lan6-after ping6s fd00:1::20
say ready
G
guest_image g6 "$W/g6.sh"
guest_start g6 bob tapG 52:54:00:00:00:0b
gpid=$GUEST_PID
check "the guest boots and runs its probes" guest_wait g6 ready 120
check "the guest took an address from the LAN router's advertisement ($(grep -a '^VMNET addr6' "$W/g6.log" | tr -d '\r'))" grep -aq '^VMNET addr6 fd00:1::' "$W/g6.log"
check "the guest pings the LAN host over IPv6" [ "$(guest_try g6 lan6)" = yes ]
check "  and the host" [ "$(guest_try g6 host6)" = yes ]
check "the guest cannot send as the LAN host (to the host)" [ "$(nft list counter inet g6 from_lanhost | awk '/packets/ {print $2}')" = 0 ]
check "  nor as the host (to the LAN host)" [ "$(lan_counter g_as_host)" = 0 ]
check "  and still works" [ "$(guest_try g6 lan6-after)" = yes ]
wait $gpid 2>/dev/null || true
nft delete table inet g6

check "down" "$VMNETCTL" down lan
check "  no vmnet table is left" sh -c "! nft list tables | grep -q vmnet"
kill "$(cat "$W/lanra.pid")" 2>/dev/null || true
ip netns del $NS
ip link del br0

# SPDX-License-Identifier: GPL-2.0-or-later
# t_isolated6.sh - IPv6 on an isolated network, with a real guest: its
# prefix (a ULA derived from the machine id and the name), SLAAC and DNS
# from vmnet's dnsmasq, the IPv6 internet through NAT66, and the LAN
# block both ways (the LAN host's ULA and global addresses, the router,
# the host's own LAN addresses), also with "table inet vmnet" deleted and
# after "nft flush ruleset" (the BPF second line). The world (topo.sh)
# has IPv6 on every link: the host a ULA and a global LAN address and an
# IPv6 default route, the LAN host both kinds, the internet host one.
. tests/integration/topo.sh

# The prefix is derived from the machine id: a machine without one (a
# bare container) gets one here, in the world's own /etc.
[ -s /etc/machine-id ] ||
	python3 -c 'import uuid; print(uuid.uuid4().hex)' >/etc/machine-id

add_user bob 2002
add_user mallory 2003
acl <<'A'
allow bob default
allow mallory default
A
topo_up

# --- up: the prefix, the bridge's addresses, forwarding, dnsmasq ----------
check "up" "$VMNETCTL" up default
# addr6 NETWORK: its address6 as status --json shows it
addr6() { { "$VMNETCTL" status --json || true; } | python3 -c 'import json,sys; print([n for n in json.load(sys.stdin)["networks"] if n["name"] == sys.argv[1]][0].get("address6", ""))' "$1"; }
P6=$(addr6 default)
BR6=${P6%/*}
check "the prefix is a ULA /64 with the bridge at ::1 ($P6)" sh -c "echo '$P6' | grep -Eq '^fd[0-9a-f]{2}:[0-9a-f]{1,4}:[0-9a-f]{1,4}::1/64\$'"
check "  the bridge holds it and fe80::1, and no other address" \
	[ "$(ip -6 -o addr show dev vmnet0 | awk '{print $4}' | sort | tr '\n' ' ')" = "$P6 fe80::1/64 " ]
"$VMNETCTL" up default >/dev/null
check "  the same prefix on the next up" [ "$(addr6 default)" = "$P6" ]
# conf_default [KEY = VALUE...]: vmnet.conf with network default (and
# these keys), then what stdin adds
conf_default() {
	{ printf '[network default]\nmode = isolated\nbridge = vmnet0\n'
	  printf 'address = 192.168.100.1/24\n'
	  printf 'dhcp = 192.168.100.100-192.168.100.199\n'
	  printf '%s\n' "$@"; cat; } >/etc/vmnet/vmnet.conf
}
conf_default <<'C'
[network other]
mode = isolated
bridge = vmnet9
address = 192.168.109.1/24
C
P9=$(addr6 other)
check "  another network gets another prefix ($P9)" sh -c "echo '$P9' | grep -q '^fd' && [ '$P9' != '$P6' ]"
check "check sees that dnsmasq's configuration is stale" sh -c "'$VMNETCTL' check 2>&1 | grep -q \"dnsmasq's configuration is not what\""
check "up with it" "$VMNETCTL" up default
check "IPv6 forwarding on" [ "$(cat /proc/sys/net/ipv6/conf/all/forwarding)" = 1 ]
check "the bridge takes no router advertisement" [ "$(cat /proc/sys/net/ipv6/conf/vmnet0/accept_ra)" = 0 ]
check "dnsmasq advertises the prefix, as a default router" grep -qx "ra-param=vmnet0,mtu:1500,60,1800" /run/vmnet/default/dnsmasq.conf
check "  and answers DNS on the bridge's address" grep -qx "dhcp-option=option6:dns-server,\[$BR6\]" /run/vmnet/default/dnsmasq.conf
check "  never with an address in the LAN's IPv6 ranges" grep -qx "bogus-nxdomain=2001:db8:10::/64" /run/vmnet/default/dnsmasq.conf
check "status shows the prefix and the IPv6 internet" sh -c "'$VMNETCTL' status | grep -q 'address6 $P6' && ! '$VMNETCTL' status | grep -q 'no IPv6 internet'"
check "check is clean" quiet "$VMNETCTL" check
check "the LAN set holds the ULA, link-local and multicast space and the host's prefixes" \
	sh -c "nft list set inet vmnet lan6_default | tr -d '\n\t ' | grep -q '2001:db8:10::/64,fc00::/7,fe80::/10,ff00::/8'"

# Counted where they would arrive: the LAN host (echo requests from
# anywhere but the router's own), the internet host (from the VMs'
# prefix, or masqueraded from the host).
ip netns exec $NS_L nft -f - <<'N'
table inet seen {
	counter echo { }
	chain in {
		type filter hook input priority 0; policy accept;
		icmpv6 type echo-request counter name "echo"
	}
}
N
ip netns exec $NS_I nft -f - <<N
table inet seen {
	counter from_prefix { }
	counter from_host { }
	counter spoofed { }
	chain in {
		type filter hook input priority 0; policy accept;
		ip6 saddr ${BR6%::1}::/64 icmpv6 type echo-request counter name "from_prefix"
		ip6 saddr { $HOST_LAN_IP6, $HOST_LAN_GIP6 } icmpv6 type echo-request counter name "from_host"
		ip6 saddr 2001:db8:99::5 counter name "spoofed"
	}
}
N
# ... and the host itself, after vmnet's input chain (priority 0), for
# its own addresses other than the bridge's (a table of its own, put back
# after a flush)
host_seen() {
	nft -f - <<N
table inet hostseen {
	counter from_vm { }
	chain in {
		type filter hook input priority 10; policy accept;
		ip6 saddr ${BR6%::1}::/64 ip6 daddr != { $BR6, fe80::/10, ff00::/8 } counter name "from_vm"
	}
}
N
}
host_seen
host_count() { nft list counter inet hostseen from_vm | awk '/packets/ {print $2}'; }
lan_echo() { ip netns exec $NS_L nft list counter inet seen echo | awk '/packets/ {print $2}'; }
inet_count() { ip netns exec $NS_I nft list counter inet seen "$1" | awk '/packets/ {print $2}'; }

# --- a real guest ----------------------------------------------------------
ip tuntap add tapG mode tap user bob
cat >"$W/g.sh" <<G
lease
i=0
# (up to 40 s: a router solicitation sent before the port forwarded is
# lost, and then the next unsolicited advertisement is what comes)
while ! ip -6 addr show dev eth0 scope global | grep -q '${BR6%::1}:' && [ \$i -lt 400 ]; do sleep 0.1; i=\$((i + 1)); done
i=0
while ip -6 addr show dev eth0 | grep -q tentative && [ \$i -lt 50 ]; do sleep 0.1; i=\$((i + 1)); done
say addr6 "\$(ip -6 addr show dev eth0 scope global | awk '/inet6/ {print \$2; exit}')"
say route6 "\$(ip -6 route show default | head -n1)"
ping6s() { for _ in 1 2 3; do ping6 -c 1 -W 2 "\$@" && return 0; done; return 1; }
try bridge6 ping6s $BR6
try bridge-ll ping6s -I eth0 fe80::1
try dns6 sh -c "nslookup internet.test $BR6 | grep -q 2001:db8:51::10"
try inet6 ping6s $INET_IP6
probes() {
	try \$1-lan-ula ping6 -c 1 -W 1 $LAN_IP6
	try \$1-lan-global ping6 -c 1 -W 1 $LAN_GIP6
	try \$1-router ping6 -c 1 -W 1 $ROUTER_IP6
	try \$1-host-lan ping6 -c 1 -W 1 $HOST_LAN_IP6
	try \$1-host-global ping6 -c 1 -W 1 $HOST_LAN_GIP6
	try \$1-host-tcp nc -w 2 $HOST_LAN_GIP6 7777
}
probes rules
ip -6 addr add 2001:db8:99::5/128 dev eth0 nodad
try spoof-src ping6 -c 1 -W 1 -I 2001:db8:99::5 $INET_IP6
ip -6 addr del 2001:db8:99::5/128 dev eth0
say ready
wait_go
probes nobpf
say nobpf
wait_go
probes noinet
try noinet-bridge6 ping6 -c 1 -W 2 $BR6
say noinet
wait_go
probes flushed
say flushed
wait_go
try routed-inet6 ping6 -c 1 -W 1 $INET_IP6
try routed-inet ping -c 1 -W 1 $INET_IP
say routed
wait_go
try inet6-after ping6s $INET_IP6
say done
G
guest_image g "$W/g.sh"
# a host service on every address, which no VM may reach
python3 -c '
import socket, time
s = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("::", 7777)); s.listen(8); time.sleep(600)' &
svc_pid=$!
guest_start g bob tapG 52:54:00:00:00:0b
gpid=$GUEST_PID
check "the guest boots and runs its probes" guest_wait g ready 150
GADDR=$(grep -a '^VMNET addr6' "$W/g.log" | awk '{print $3}' | tr -d '\r' | cut -d/ -f1)
check "the guest took a SLAAC address in the prefix ($GADDR)" sh -c "echo '$GADDR' | grep -q '^${BR6%::1}:'"
check "  and a default route from the advertisement" grep -aq '^VMNET route6 default via fe80::1' "$W/g.log"
check "the guest pings the bridge's address" [ "$(guest_try g bridge6)" = yes ]
check "  and its link-local address" [ "$(guest_try g bridge-ll)" = yes ]
check "  resolves a name to an IPv6 address over IPv6" [ "$(guest_try g dns6)" = yes ]
check "  and reaches the internet host over IPv6" [ "$(guest_try g inet6)" = yes ]
check "  masqueraded: the internet host saw the host's address" [ "$(inet_count from_host)" -ge 1 ]
check "  and never the VM's prefix" [ "$(inet_count from_prefix)" = 0 ]
for p in lan-ula lan-global router host-lan host-global host-tcp; do
	check "the guest cannot reach $p" [ "$(guest_try g rules-$p)" = no ]
done
check "  nor send from outside its prefix" [ "$(guest_try g spoof-src)" = no ]
check "  (which never left the host)" [ "$(inet_count spoofed)" = 0 ]
check "  nothing arrived at the LAN host" [ "$(lan_echo)" = 0 ]
check "  nor at the host's other addresses" [ "$(host_count)" = 0 ]
check "status shows the address the guest's tap holds" sh -c "'$VMNETCTL' status | grep -A1 '^  tapG ' | grep -q 'ipv6 .*$GADDR\\*'"
lan_ping() { ip netns exec $NS_L ping6 -c 1 -W 1 "$GADDR" >/dev/null 2>&1; }
check "the LAN host cannot reach the guest" not lan_ping

# Each line on its own: the rules without the BPF filters, the filters
# without "table inet vmnet" (the guard still marks what it lets up),
# then everything flushed.
# phase NAME WHAT: the guest's probes NAME-*, run after "go": nothing
# gets through, nothing arrives, the LAN host cannot reach the guest
phase() {
	guest_go g
	check "$2: the guest runs its probes" guest_wait g "$1" 60
	for p in lan-ula lan-global router host-lan host-global host-tcp; do
		check "  it cannot reach $p" [ "$(guest_try g "$1-$p")" = no ]
	done
	check "  nothing arrived at the LAN host" [ "$(lan_echo)" = 0 ]
	check "  nor at the host's other addresses" [ "$(host_count)" = 0 ]
	check "  the LAN host cannot reach the guest" not lan_ping
}
tc filter del dev vmnet0 ingress
tc filter del dev vmnet0 egress
phase nobpf "the rules alone (no BPF filter)"
check "up puts the filters back" sh -c "'$VMNETCTL' up default >/dev/null && tc filter show dev vmnet0 ingress | grep -q vmnet_lan_in"
nft delete table inet vmnet
phase noinet "the BPF filters alone (no table inet vmnet)"
check "  but it still reaches the bridge (the second line lets through what the rules do)" [ "$(guest_try g noinet-bridge6)" = yes ]
nft flush ruleset
host_seen
phase flushed "after nft flush ruleset"
check "up repairs" "$VMNETCTL" up default
check "  check is clean" quiet "$VMNETCTL" check
# the internet host's prefixes routed through the LAN's router: that is
# the LAN's side now (a subnet behind a LAN router, as a VPN's would be)
ip route add ${INET_IP%.*}.0/24 via $ROUTER_IP
ip -6 route add ${INET_IP6%::*}::/64 via $ROUTER_IP6
check "up: the destinations of the host's routes join the LAN ranges" sh -c \
	"'$VMNETCTL' up default >/dev/null && nft list set inet vmnet lan_default | grep -q '${INET_IP%.*}.0/24' && nft list set inet vmnet lan6_default | grep -q '${INET_IP6%::*}::/64'"
check "  check is clean (the second line's ranges too)" quiet "$VMNETCTL" check
guest_go g
check "  the guest runs its probes" guest_wait g routed 60
check "  it cannot reach the internet host through that route, IPv6" [ "$(guest_try g routed-inet6)" = no ]
check "  nor IPv4" [ "$(guest_try g routed-inet)" = no ]
ip route del ${INET_IP%.*}.0/24 via $ROUTER_IP
ip -6 route del ${INET_IP6%::*}::/64 via $ROUTER_IP6
check "  without the routes, up takes them out again" sh -c \
	"'$VMNETCTL' up default >/dev/null && ! nft list set inet vmnet lan6_default | grep -q '${INET_IP6%::*}::/64'"
guest_go g
check "the guest finishes" guest_wait g done 60
check "  and reaches the internet host over IPv6 again" [ "$(guest_try g inet6-after)" = yes ]
kill $svc_pid 2>/dev/null || true
wait $gpid 2>/dev/null || true

# --- vmnetd follows the host's IPv6 --------------------------------------
start_vmnetd
check "vmnetd starts" wait_for grep -q "vmnetd\[[0-9]*\]: started: 2 networks" "$W/syslog"
ip addr add 2001:db8:77:5::2/64 dev uplink0 nodad
check "vmnetd: a new IPv6 prefix on the host joins the LAN ranges" \
	wait_for sh -c "nft list set inet vmnet lan6_default | grep -q '2001:db8:77:5::/64'"
check "  and dnsmasq's (no answer may point there)" wait_for grep -qx "bogus-nxdomain=2001:db8:77:5::/64" /run/vmnet/default/dnsmasq.conf
check "  and check is clean" wait_for quiet "$VMNETCTL" check
ip -6 route del default
check "vmnetd: without the IPv6 default route the advertisements offer none" \
	wait_for grep -qx "ra-param=vmnet0,mtu:1500,60,0" /run/vmnet/default/dnsmasq.conf
ip -6 route add default via $ROUTER_IP6
check "  and with it back, one again" wait_for grep -qx "ra-param=vmnet0,mtu:1500,60,1800" /run/vmnet/default/dnsmasq.conf
ip addr del 2001:db8:77:5::2/64 dev uplink0
check "  the prefix leaves the LAN ranges with the address" \
	wait_for sh -c "! nft list set inet vmnet lan6_default | grep -q '2001:db8:77:5::/64'"
ip -6 route add 2001:db8:99::/48 via $ROUTER_IP6
check "vmnetd: a new route's destination joins the LAN ranges" \
	wait_for sh -c "nft list set inet vmnet lan6_default | grep -q '2001:db8:99::/48'"
ip -6 route del 2001:db8:99::/48 via $ROUTER_IP6
check "  and leaves them with the route" \
	wait_for sh -c "! nft list set inet vmnet lan6_default | grep -q '2001:db8:99::/48'"
kill -- -"$dpid" 2>/dev/null || true
wait "$dpid" 2>/dev/null || true

# --- without an IPv6 default route: no IPv6 internet, and status says so --
ip -6 route del default
check "up without an IPv6 default route" "$VMNETCTL" up default
check "  the advertisements offer no default route" grep -qx "ra-param=vmnet0,mtu:1500,60,0" /run/vmnet/default/dnsmasq.conf
check "  status says why" sh -c "'$VMNETCTL' status | grep -q 'no IPv6 internet: the host has no IPv6 default route'"
ip -6 route add default via $ROUTER_IP6

# --- forwarding would cost the host its own IPv6: not turned on ------------
sysctl -qw net.ipv6.conf.all.forwarding=0
sysctl -qw net.ipv6.conf.uplink0.accept_ra=1
ip -6 route add 2001:db8:70::/64 via $ROUTER_IP6 dev uplink0 proto ra
out=$("$VMNETCTL" up default 2>&1)
check "up warns that it leaves IPv6 forwarding off ($out)" sh -c "echo '$out' | grep -q 'no IPv6 internet for the VMs: forwarding would make uplink0 ignore router advertisements (set net.ipv6.conf.uplink0.accept_ra=2)'"
check "  and leaves it off" [ "$(cat /proc/sys/net/ipv6/conf/all/forwarding)" = 0 ]
check "  status says why" sh -c "'$VMNETCTL' status | grep -q 'no IPv6 internet: forwarding would make uplink0'"
sysctl -qw net.ipv6.conf.uplink0.accept_ra=2
check "  with accept_ra = 2 up turns it on" sh -c "'$VMNETCTL' up default 2>&1 && [ \"\$(cat /proc/sys/net/ipv6/conf/all/forwarding)\" = 1 ]"
ip -6 route del 2001:db8:70::/64

# --- a hostile VM: the router's part, the bridge's addresses ---------------
ip tuntap add tapV mode tap user bob
ip tuntap add tapM mode tap user mallory
check "a victim attaches" as bob "$IFUP" tapV
check "an attacker attaches" as mallory "$IFUP" tapM
py hostile "$(mac_of vmnet0)" "$BR6" <<'PY'
import sys, frames as F
br, br6 = sys.argv[1:3]
V = F.Tap("tapV", "52:54:00:00:00:21", "0.0.0.0")
M = F.Tap("tapM", "52:54:00:00:00:66", "0.0.0.0")
m6, v6 = "fe80::5054:ff:fe00:66", "fe80::5054:ff:fe00:21"
V.frames(0.2)
# control: the attacker's echo from its own link-local address
M.send(F.echo6(M.mac, m6, "33:33:00:00:00:01", "ff02::1", 1))
print("control", any(F.parse(f)[0] == M.mac for f in V.frames(0.5)))
for _ in range(3):
    M.send(F.router_advert(M.mac))                          # a router
    M.send(F.router_advert(M.mac, src="fe80::1"))           # the bridge's
    for t in ("fe80::1", br6):                              # its addresses
        M.send(F.na(M.mac, m6, t))
        M.send(F.na(M.mac, t, t))
        M.send(F.echo6(M.mac, t, V.mac, v6, 2))
got = 0
for f in V.frames(0.5):
    s, d, et, p = F.parse(f)
    if s != M.mac or et != 0x86DD:
        continue
    src = F.socket.inet_ntop(F.socket.AF_INET6, p[8:24])
    got += (p[6] == 58 and p[40] in (134, 136)) or src in ("fe80::1", br6)
print("victim-got", got)
PY
check "control: the attacker's own IPv6 reaches the victim" [ "$(res hostile control)" = True ]
check "  its router advertisements, its NAs for the bridge's addresses and packets from them: none" [ "$(res hostile victim-got)" = 0 ]
check "  the host took no route from them" sh -c "! ip -6 route | grep -q 'proto ra\|2001:db8:bad'"
check "  the bridge's addresses are no port's" sh -c "! nft list map bridge vmnet claimed6_default | grep -q -e 'fe80::1 ' -e '$BR6 '"
for t in tapV tapM; do "$IFDOWN" $t >/dev/null; done

# --- a configured address (VMNET_IP6) ---------------------------------------
ip tuntap add tapC mode tap user bob
ip tuntap add tapD mode tap user bob
refuse "VMNET_IP6 outside the prefix is refused with one line" \
	"VMNET_IP6 2001:db8:99::5 is outside network 'default''s IPv6 prefixes" \
	as bob env VMNET_IP6=2001:db8:99::5 "$IFUP" tapC
refuse "  so is the bridge's address" "VMNET_IP6 $BR6 is the host's" \
	as bob env VMNET_IP6=$BR6 "$IFUP" tapC
check "VMNET_IP6 in the prefix: attached" as bob env VMNET_IP6=${BR6%::1}::c0 "$IFUP" tapC
check "  the address is the tap's" sh -c "nft list map bridge vmnet claimed6_default | grep -q '${BR6%::1}::c0 : \"tapC\"'"
refuse "  and no other tap's" "VMNET_IP6 ${BR6%::1}::c0 is in use by another VM" \
	as bob env VMNET_IP6=${BR6%::1}::c0 "$IFUP" tapD
check "  status shows it" sh -c "'$VMNETCTL' status | grep -A1 '^  tapC ' | grep -q 'ipv6 ${BR6%::1}::c0'"
check "  detach" as bob "$IFDOWN" tapC
check "  frees it" sh -c "! nft list map bridge vmnet claimed6_default | grep -q '${BR6%::1}::c0'"

# --- address6 = none: no IPv6 at all ---------------------------------------
"$VMNETCTL" down default >/dev/null
conf_default "address6 = none" </dev/null
check "address6 = none: up" "$VMNETCTL" up default
check "  the bridge has no IPv6" [ "$(cat /proc/sys/net/ipv6/conf/vmnet0/disable_ipv6)" = 1 ]
check "  dnsmasq sends no advertisement" not grep -q enable-ra /run/vmnet/default/dnsmasq.conf
check "  status says so" sh -c "'$VMNETCTL' status | grep -q 'no IPv6 (address6 = none)'"
ip tuntap add tapN mode tap user bob
refuse "  VMNET_IP6 is refused with one line" "VMNET_IP6: network 'default' carries no IPv6 \\(address6 = none\\)" as bob env VMNET_IP6=fd00:64::9 "$IFUP" tapN
check "  check is clean" quiet "$VMNETCTL" check
"$VMNETCTL" down default >/dev/null

# --- address6 = auto without a machine id: IPv4 only, and status says why --
rm /etc/machine-id
sed -i '/^address6/d' /etc/vmnet/vmnet.conf
check "no machine id: up" "$VMNETCTL" up default
check "  status says why there is no IPv6" sh -c "'$VMNETCTL' status | grep -q 'no IPv6 (no machine id to derive a prefix from: set address6)'"
check "  the bridge has none" [ "$(cat /proc/sys/net/ipv6/conf/vmnet0/disable_ipv6)" = 1 ]
check "  check is clean" quiet "$VMNETCTL" check
"$VMNETCTL" down default >/dev/null
topo_down

# SPDX-License-Identifier: GPL-2.0-or-later
# t_wlan_identity.sh - a hostile guest on a wlan network, both methods,
# behind the emulated access point (aptopo.sh): it clones another user's
# pinned MAC, takes the access point's and the station's MACs, serves
# DHCP from any port, and uses addresses no DHCPACK gave it: a free one,
# and a LAN host's. The victim's traffic counted at the attacker stays
# at zero, the bridge keeps every MAC on its own port, the LAN sees none
# of it, the victim and the host keep working. Frames are written to the
# real taps (frames.py) after real setuid attaches.
. tests/integration/aptopo.sh

add_user bob 2002
add_user mallory 2003
acl <<'A'
allow bob wifi ip=192.168.50.60 mac=52:54:00:00:00:0b/48
allow mallory wifi max-taps=4
A
B_MAC=52:54:00:00:00:0b B_IP=192.168.50.60 M_MAC=52:54:00:00:00:66

for METHOD in netdev 4addr; do
	ap_wifi_conf "$METHOD"
	ap_up
	[ $METHOD = 4addr ] && ap_4addr_bridge vmw
	AP_MAC=$(ip -n $NS_AP -j link show apbr | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["address"])')
	ip netns exec $NS_L nft -f - <<N
table inet seen {
	counter as_victim { }
	counter dhcp_client { }
	counter as_victim6 { }
	counter as_taken6 { }
	counter dhcp6_server { }
	counter ra { }
	chain in {
		type filter hook input priority 0; policy accept;
		icmp type echo-request icmp id 0x4242 counter name "as_victim"
		udp dport 68 counter name "dhcp_client"
		icmpv6 type echo-request icmpv6 id 0x4242 counter name "as_victim6"
		icmpv6 type echo-request icmpv6 id 0x4343 counter name "as_taken6"
		udp sport 547 counter name "dhcp6_server"
		icmpv6 type nd-router-advert ether saddr != $AP_MAC counter name "ra"
	}
}
N
	lan_counter() { ip netns exec $NS_L nft list counter inet seen "$1" | awk '/packets/ {print $2}'; }
	# The laptop has talked to its gateway and to a LAN host before the
	# network comes up: the kernel knows their MACs (neighbour table,
	# the 4addr bridge's forwarding table), and up hands them to the
	# port guard, whose learning rule did not exist yet.
	quiet ping -c 1 -W 2 $AP_IP
	quiet ping -c 1 -W 2 $LAN_IP
	quiet ping -6 -c 1 -W 2 $AP_IP6
	quiet ping -6 -c 1 -W 2 $LAN_IP6
	LAN_MAC=$(ip -n $NS_L -j link show l0 | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["address"])')
	"$VMNETCTL" up wifi >/dev/null
	check "$METHOD: up gives the port guard the LAN host's MAC the kernel saw before" \
		sh -c "nft list set bridge vmnet lanmac_wifi | grep -qi '$LAN_MAC'"
	ip tuntap add tapB mode tap user bob
	ip tuntap add tapM mode tap user mallory
	ip tuntap add tapM2 mode tap user mallory
	ip tuntap add tapM3 mode tap user mallory
	check "$METHOD: the victim attaches (pinned)" as bob "$IFUP" tapB
	check "$METHOD: the attacker attaches (learning)" as mallory "$IFUP" tapM
	check "$METHOD: and a second, fresh learning tap" as mallory "$IFUP" tapM2
	check "$METHOD: and a third" as mallory "$IFUP" tapM3
	SIDE=$([ $METHOD = 4addr ] && echo wlan0 || echo vmw-v)
	GW=$LAN_IP	# both reach the LAN host directly (it is on-link)
	# the attacker's address: a lease from the LAN's server (answered by
	# broadcast, as the access point delivers nothing to a VM's MAC)
	py lease.$METHOD <<'PY'
import frames as F
M = F.Tap("tapM", "52:54:00:00:00:66")
print("m", F.dhcp_lease(M, M.mac, seconds=5, flags=0x8000))
PY
	M_IP=$(res lease.$METHOD m)
	check "$METHOD: the attacker's port gets a lease from the LAN's server ($M_IP)" \
		sh -c "nft list set bridge vmnet leases_wifi | grep -q 0x$(echo $M_MAC | tr -d :)"
	dhcp0=$(lan_counter dhcp_client)
	py r.$METHOD "$AP_MAC" "$STA_MAC" "$SIDE" "$M_IP" <<'PY'
import subprocess, sys, frames as F
ap, sta, side, m_ip = sys.argv[1:5]
B = F.Tap("tapB", "52:54:00:00:00:0b", "192.168.50.60")
M = F.Tap("tapM", "52:54:00:00:00:66", m_ip)
def lan_mac(t):
    return F.resolve(t, t.mac, t.ip, "192.168.50.20", 2) or "none"
# controls: both reach the LAN host, from their own MAC and address
lm = lan_mac(B)
print("victim-lan", F.ping(B, B.mac, B.ip, lm, "192.168.50.20", 2, ident=1))
print("attacker-lan", F.ping(M, M.mac, M.ip, lan_mac(M), "192.168.50.20", 2,
                             ident=2))
# the LAN host pings the victim while the attacker sends as the victim
lan = subprocess.Popen(["ip", "netns", "exec", "vmnet-lanhost", "ping", "-c",
                        "8", "-i", "0.2", "-W", "1", "-q", "192.168.50.60"],
                       stdout=subprocess.DEVNULL)
at_victim = at_attacker = 0
while lan.poll() is None:
    M.send(F.eth(lm, B.mac, 0x0800, F.ipv4(B.ip, "192.168.50.20", 1,
                                          F.icmp_echo(0x4242, 1))))
    M.send(F.arp(B.mac, 2, B.mac, B.ip, lm, "192.168.50.20"))
    for f in B.frames(0.05):
        s, d, et, p = F.parse(f)
        at_victim += et == 0x0800 and F.ip_str(p[16:20]) == B.ip and p[9] == 1
    for f in M.frames(0):
        s, d, et, p = F.parse(f)
        at_attacker += d == B.mac or (et == 0x0800 and
                                      F.ip_str(p[16:20]) == B.ip)
print("lan-pings-at-victim", at_victim)
print("victim-traffic-at-attacker", at_attacker)
# infrastructure MACs as a learning port's very first source
M2 = F.Tap("tapM2", "52:54:00:00:00:67", "192.168.50.71")
for name, src in (("ap", ap), ("station", sta)):
    print("as-" + name, F.ping(M2, src, M2.ip, lm, "192.168.50.20", 1, ident=3))
# addresses no ACK gave a port: a free one, and (a third, fresh port) the
# LAN host's, asking the access point for its MAC from it
print("free", F.ping(M2, M2.mac, M2.ip, lm, "192.168.50.20", 1, ident=8))
M3 = F.Tap("tapM3", "52:54:00:00:00:68", "192.168.50.20")
print("lanhost", F.resolve(M3, M3.mac, M3.ip, "192.168.50.1", 1) is not None)
# rogue DHCP server messages, any source port
for sport in (67, 1067):
    msg = F.bootp(2, B.mac, msgtype=2, yiaddr="192.168.50.66")
    M.send(F.eth(F.BCAST, M.mac, 0x0800, F.ipv4(M.ip, "255.255.255.255", 17,
                                                 F.udp(sport, 68, msg))))
# DHCP REQUESTs for other MACs to the LAN's server, from the attacker's
# own address, each cut into fragments (the first without the chaddr)
for i in range(6):
    opts = bytes([50, 4]) + F.ip("192.168.50.%d" % (180 + i)) + \
        bytes([54, 4]) + F.ip("192.168.50.1")
    msg = F.bootp(1, "02:00:00:00:04:%02x" % i, xid=700 + i, msgtype=3,
                  options=opts)
    for p in F.ipv4_frags(M.ip, "255.255.255.255", 17, F.udp(68, 67, msg),
                          first=32):
        M.send(F.eth(F.BCAST, M.mac, 0x0800, p))
M.frames(1)
fdb = subprocess.run(["bridge", "fdb", "show", "br", "vmw"], capture_output=True,
                     text=True).stdout.splitlines()
where = [l.split()[2] for l in fdb if l.lower().startswith(ap.lower() + " dev ")]
print("fdb-ap", ",".join(where) or "none")
print("victim-lan-after", F.ping(B, B.mac, B.ip, lm, "192.168.50.20", 2, ident=5))
PY
	r=r.$METHOD
	check "$METHOD: control: the victim reaches the LAN host" [ "$(res $r victim-lan)" = True ]
	check "$METHOD: control: the attacker does, from its own address" [ "$(res $r attacker-lan)" = True ]
	check "$METHOD: control: the LAN host's pings reached the victim ($(res $r lan-pings-at-victim))" [ "$(res $r lan-pings-at-victim)" -gt 0 ]
	check "$METHOD: none of the victim's traffic reached the attacker" [ "$(res $r victim-traffic-at-attacker)" = 0 ]
	check "$METHOD: nothing the attacker sent as the victim reached the LAN" [ "$(lan_counter as_victim)" = 0 ]
	check "$METHOD: a first frame from the access point's MAC gets nothing through" [ "$(res $r as-ap)" = False ]
	check "$METHOD:   from the station's MAC neither" [ "$(res $r as-station)" = False ]
	check "$METHOD: a free address no DHCPACK gave the port gets nothing through" [ "$(res $r free)" = False ]
	check "$METHOD: the LAN host's address gets nothing through" [ "$(res $r lanhost)" = False ]
	check "$METHOD:   the ports hold neither" not sh -c "nft list table $([ $METHOD = 4addr ] && echo bridge || echo netdev) vmnet | grep -Eq '192.168.50.(71|20) : '"
	"$IFDOWN" tapM3 >/dev/null
	# (where the access point has sent nothing since up, the bridge has
	# no entry for its MAC at all: "none")
	check "$METHOD: the bridge keeps the access point's MAC off the VMs' ports ($(res $r fdb-ap))" \
		sh -c "[ '$(res $r fdb-ap)' = '$SIDE' ] || [ '$(res $r fdb-ap)' = none ]"
	check "$METHOD: no rogue DHCP message reached the LAN" [ "$(lan_counter dhcp_client)" = "$dhcp0" ]
	check "$METHOD: fragmented DHCP requests for other MACs got no lease from the LAN's server" \
		sh -c "! grep -q ' 02:00:00:00:04:' '$W/ap.leases'"
	check "$METHOD: the victim still works" [ "$(res $r victim-lan-after)" = True ]
	check "$METHOD: the host still reaches the access point" quiet ping -c 1 -W 2 $AP_IP
	refuse "$METHOD: VMNET_IP6 of a live LAN host" "VMNET_IP6 $LAN_IP6 is in use by another machine on the LAN" \
		as mallory env VMNET_IP6=$LAN_IP6 "$IFUP" tapM3
	refuse "$METHOD: VMNET_IP6 of the gateway, which is no IPv6 default route here" "VMNET_IP6 $AP_IP6 is the host's or a gateway's address" \
		as mallory env VMNET_IP6=$AP_IP6 "$IFUP" tapM3
	refuse "$METHOD: the victim's pinned MAC, asked for by another user" \
		"^vmnet-ifup: tapM3: MAC $B_MAC is pinned to other users by /etc/vmnet/acl:1$" \
		as mallory env VMNET_MAC=$B_MAC "$IFUP" tapM3
	refuse "$METHOD: the station's MAC, asked for" \
		"^vmnet-ifup: tapM3: MAC $STA_MAC is the host's, the network's or another machine's on the LAN; a VM may not use it$" \
		as mallory env VMNET_MAC=$STA_MAC "$IFUP" tapM3
	refuse "$METHOD: the access point's MAC, asked for" \
		"^vmnet-ifup: tapM3: MAC $AP_MAC is the host's, the network's or another machine's on the LAN; a VM may not use it$" \
		as mallory env VMNET_MAC=$AP_MAC "$IFUP" tapM3
	refuse "$METHOD: the LAN host's MAC, seen before up, asked for" \
		"^vmnet-ifup: tapM3: MAC $LAN_MAC is the host's, the network's or another machine's on the LAN; a VM may not use it$" \
		as mallory env VMNET_MAC=$LAN_MAC "$IFUP" tapM3
	# IPv6, where nothing leases: every address is claimed by use, so
	# the identity a port may take is what the guard learned (the LAN's
	# addresses seen, the host's, other ports' claims)
	quiet ip netns exec $NS_L ping -6 -c 1 -W 2 $AP_IP6
	# the gateway takes a new address after up, and solicits a VM's
	# from it: the port guard learns it there (its MAC is the gateway's)
	ip -n $NS_AP addr add fd00:50::a1/64 dev apbr nodad
	ip netns exec $NS_AP ping -6 -c 1 -W 1 -I fd00:50::a1 fd00:50::b >/dev/null 2>&1 || true
	check "$METHOD: the port guard learned the gateway's new address from its frames" \
		sh -c "nft list set bridge vmnet lanip6_wifi | grep -qw fd00:50::a1"
	flood0=$(lan_counter as_taken6) ra0=$(lan_counter ra)
	py r6.$METHOD "$STA_IP6" "$AP_IP6" "$LAN_IP6" <<'PY'
import subprocess, sys, frames as F
sta6, ap6, lan6 = sys.argv[1:4]
B = F.Tap("tapB", "52:54:00:00:00:0b", None, ["fd00:50::b"])
M = F.Tap("tapM", "52:54:00:00:00:66", None, ["fd00:50::66"])
def lan_mac(t, me):
    """The LAN host's MAC, from its answer to a solicitation from me."""
    t.send(F.ns(t.mac, me, lan6))
    for f in t.frames(2):
        s, d, et, p = F.parse(f)
        if et == 0x86DD and len(p) >= 64 and p[6] == 58 and p[40] == 136 \
                and p[48:64] == F.ip6(lan6):
            return s
    return "none"
lm = lan_mac(B, "fd00:50::b")
print("victim-lan6", F.ping6(B, B.mac, "fd00:50::b", lm, lan6, 2, ident=1))
print("attacker-lan6", F.ping6(M, M.mac, "fd00:50::66", lan_mac(M, "fd00:50::66"),
                               lan6, 2, ident=2))
# as the victim, the LAN host, its gateway and the host; each address's
# first frame is a solicitation, as a guest's would be
for i in range(3):
    M.send(F.echo6(M.mac, "fd00:50::b", lm, lan6, 0x4242, i))
for src in (lan6, ap6, sta6, "fd00:50::a1"):
    M.send(F.ns(M.mac, src, lan6))
    M.send(F.echo6(M.mac, src, lm, lan6, 0x4343))
# neighbour advertisements that would take the gateway's, the LAN
# host's and the victim's addresses; a router advertisement; a DHCPv6
# server's reply
for target in (ap6, lan6, "fd00:50::b"):
    M.send(F.na(M.mac, target, target))
    M.send(F.na(M.mac, "fd00:50::66", target))
M.send(F.router_advert(M.mac))
M.send(F.eth(lm, M.mac, 0x86DD, F.ipv6("fd00:50::66", lan6, 17,
             F.udp6("fd00:50::66", lan6, 547, 546, b"\x07" + b"\0" * 11))))
# a flood of new privacy addresses
for i in range(40):
    M.send(F.echo6(M.mac, "fd00:50::66:%x" % (i + 1), lm, lan6, 0x4444, i))
M.frames(1)
print("victim-lan6-after", F.ping6(B, B.mac, "fd00:50::b", lm, lan6, 2,
                                   ident=5))
PY
	r=r6.$METHOD
	fam=$([ $METHOD = 4addr ] && echo bridge || echo netdev)
	check "$METHOD: IPv6 control: the victim reaches the LAN host" [ "$(res $r victim-lan6)" = True ]
	check "$METHOD: IPv6 control: the attacker does, from its own address" [ "$(res $r attacker-lan6)" = True ]
	check "$METHOD: nothing the attacker sent from the victim's IPv6 address reached the LAN" [ "$(lan_counter as_victim6)" = 0 ]
	check "$METHOD:   nor from the LAN host's, the gateway's (old and new) or the host's" [ "$(lan_counter as_taken6)" = "$flood0" ]
	check "$METHOD: the LAN host's entry for its gateway still holds the gateway's MAC" \
		sh -c "ip -n $NS_L -6 neigh show $AP_IP6 | grep -qi '$AP_MAC'"
	check "$METHOD: no router advertisement of a VM reached the LAN" [ "$(lan_counter ra)" = "$ra0" ]
	check "$METHOD:   and the LAN host took no prefix from it" not sh -c "ip -n $NS_L -6 addr | grep -q 2001:db8:bad"
	check "$METHOD: no DHCPv6 server message of a VM reached the LAN" [ "$(lan_counter dhcp6_server)" = 0 ]
	n6=$(nft list map $fam vmnet ip6mac_wifi | grep -oi '52:54:00:00:00:66' | wc -l)
	check "$METHOD: a flood of new addresses: the attacker's port holds at most 8 ($n6)" [ "$n6" -le 8 ]
	check "$METHOD: the map holds the victim's address for the victim alone" \
		sh -c "nft get element $fam vmnet ip6mac_wifi '{ fd00:50::b }' | grep -qi '52:54:00:00:00:0b'"
	check "$METHOD: the victim still works over IPv6" [ "$(res $r victim-lan6-after)" = True ]
	for t in tapB tapM tapM2; do "$IFDOWN" $t >/dev/null; done
	check "$METHOD: ifdown leaves no IPv6 translation entry of the ports" \
		not sh -c "nft list map $fam vmnet ip6mac_wifi | grep -qi -e 52:54:00:00:00:0b -e 52:54:00:00:00:66"
	"$VMNETCTL" down wifi >/dev/null
	ip tuntap del tapB mode tap; ip tuntap del tapM mode tap; ip tuntap del tapM2 mode tap; ip tuntap del tapM3 mode tap
	[ $METHOD = 4addr ] && ip link del vmw
	ap_down
done

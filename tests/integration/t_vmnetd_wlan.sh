# SPDX-License-Identifier: GPL-2.0-or-later
# t_vmnetd_wlan.sh - vmnetd keeps a wlan network (method netdev) working
# while the laptop's Wi-Fi changes under it, behind the emulated access
# point (aptopo.sh): the station's MAC randomised, wlan0 deleted and
# recreated (new ifindex and MAC, as after a driver reload), a new address
# from DHCP, a new IPv6 prefix. The VM (a real tap, written by frames.py)
# reaches the LAN host again each time, over IPv4 and IPv6, with no
# manual step, and the LAN's neighbour entry for its IPv6 address holds
# the station's MAC of the moment.
. tests/integration/aptopo.sh
add_user bob 2002
ap_wifi_conf netdev
acl <<'A'
allow bob wifi ip=192.168.50.60 mac=52:54:00:00:00:0b/48
A
ap_up

# ap_station MAC: the AP now accepts station MAC (it associated again)
ap_station() {
	ip netns exec $NS_AP nft delete table netdev ap
	ip netns exec $NS_AP nft -f - <<N
table netdev ap {
	counter foreign { }
	chain radio_in {
		type filter hook ingress device "ap-sta" priority 0; policy accept;
		ether saddr != $1 counter name "foreign" drop
	}
	chain radio_out {
		type filter hook egress device "ap-sta" priority 0; policy accept;
		ether daddr & 01:00:00:00:00:00 == 00:00:00:00:00:00 ether daddr != $1 drop
	}
}
N
}
# vm_reaches: the VM resolves and pings the LAN host (retrying 10 s)
vm_reaches() {
	python3 - "$LAN_IP" <<'PY'
import sys, time
sys.path.insert(0, "tests/integration")
import frames as F
B = F.Tap("tapB", "52:54:00:00:00:0b", "192.168.50.60")
end = time.time() + 10
while time.time() < end:
    lm = F.resolve(B, B.mac, B.ip, sys.argv[1], 0.3)
    if lm and F.ping(B, B.mac, B.ip, lm, sys.argv[1], 0.3):
        sys.exit(0)
sys.exit(1)
PY
}

# vm_reaches6 STATION_MAC: the same over IPv6 (neighbour discovery
# through the translation), and the LAN host's entry for the VM holds
# STATION_MAC
vm_reaches6() {
	python3 - "$LAN_IP6" <<'PY' &&
import sys, time
sys.path.insert(0, "tests/integration")
import frames as F
B = F.Tap("tapB", "52:54:00:00:00:0b", "192.168.50.60", ["fd00:50::b"])
lan6 = sys.argv[1]
end = time.time() + 10
while time.time() < end:
    B.send(F.ns(B.mac, "fd00:50::b", lan6))
    lm = None
    for f in B.frames(0.3):
        s, d, et, p = F.parse(f)
        if et == 0x86DD and len(p) >= 64 and p[40] == 136 and \
                p[48:64] == F.ip6(lan6):
            lm = s
    if lm and F.ping6(B, B.mac, "fd00:50::b", lm, lan6, 0.3):
        sys.exit(0)
sys.exit(1)
PY
	ip -n $NS_L -6 neigh show fd00:50::b | grep -qi "$1"
}

start_vmnetd
check "vmnetd brings the wlan network up" wait_for quiet ip link show vmw-v
check "  check is clean" wait_for quiet "$VMNETCTL" check
ip tuntap add tapB mode tap user bob
check "bob's VM attaches" as bob "$IFUP" tapB
ip link set tapB up
check "control: the VM reaches the LAN host" vm_reaches
check "  over IPv6, the LAN host's entry for it the station's MAC" vm_reaches6 $STA_MAC

NEW1=02:5a:00:00:00:1b
ip link set wlan0 down
ip link set wlan0 address $NEW1
ip link set wlan0 up
ap_station $NEW1
check "the station's MAC changed: the VM reaches the LAN host again" vm_reaches
check "  over IPv6, through the new MAC" vm_reaches6 $NEW1
check "  the translation uses the new MAC" \
	sh -c "nft list table netdev vmnet | grep -qi '$NEW1'"
check "  check is clean" wait_for quiet "$VMNETCTL" check

old_idx=$(link_field wlan0 ifindex)
NEW2=02:5a:00:00:00:2c
ip link del wlan0
check "wlan0 deleted: vmnetd notices (check reports it)" \
	wait_for not quiet "$VMNETCTL" check
ip link add name wlan0 address $NEW2 type veth peer name ap-sta netns $NS_AP
ip -n $NS_AP link set ap-sta master apbr up
ap_station $NEW2
sysctl -qw net.ipv6.conf.wlan0.accept_ra=0
ip link set wlan0 up
ip addr add $STA_IP/24 dev wlan0
ip addr add $STA_IP6/64 dev wlan0 nodad
ip route add default via $AP_IP
check "  recreated with a new ifindex" [ "$(link_field wlan0 ifindex)" != "$old_idx" ]
check "wlan0 recreated: the VM reaches the LAN host again" vm_reaches
check "  the new wlan0 has the neighbour discovery filter" \
	wait_for sh -c "tc filter show dev wlan0 egress | grep -q vmnet_wlan_nd"
check "  over IPv6, through the new MAC" vm_reaches6 $NEW2
check "  check is clean" wait_for quiet "$VMNETCTL" check
check "  the repair is logged" grep -q "vmnetd\[[0-9]*\]: wifi: .*repairing" "$W/syslog"

ip addr flush dev wlan0
ip addr add 192.168.50.11/24 dev wlan0
ip route add default via $AP_IP
check "a new address from DHCP: the VM reaches the LAN host again" vm_reaches
check "  the host's address in the rules is the new one" \
	sh -c "nft list ruleset | grep -q 192.168.50.11 && ! nft list ruleset | grep -qw '$STA_IP'"
check "  check is clean" wait_for quiet "$VMNETCTL" check

# roaming to a network with another IPv6 prefix: the port guard's
# prefixes and the host's addresses follow
ip addr add fd00:51::10/64 dev wlan0 nodad
check "a new IPv6 prefix: vmnetd adds it where a VM's address may lie" \
	wait_for sh -c "nft list set bridge vmnet subnet6_wifi | grep -q fd00:51::/64"
check "  and the host's new address to those no VM may take" \
	sh -c "nft list set bridge vmnet hostips6_wifi | grep -qw fd00:51::10"
check "  check is clean" wait_for quiet "$VMNETCTL" check

kill -TERM $dpid
wait $dpid
check "vmnetd stops cleanly" [ $? = 0 ]
as bob "$IFDOWN" tapB
"$VMNETCTL" down wifi >/dev/null
ap_down

# SPDX-License-Identifier: GPL-2.0-or-later
# t_vmnetd_wlan.sh - vmnetd keeps a wlan network (method netdev) working
# while the laptop's Wi-Fi changes under it, behind the emulated access
# point (aptopo.sh): the station's MAC randomised, wlan0 deleted and
# recreated (new ifindex and MAC, as after a driver reload), a new address
# from DHCP. The VM (a real tap, written by frames.py) reaches the LAN
# host again each time with no manual step.
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

start_vmnetd
check "vmnetd brings the wlan network up" wait_for quiet ip link show vmw-v
check "  check is clean" wait_for quiet "$VMNETCTL" check
ip tuntap add tapB mode tap user bob
check "bob's VM attaches" as bob "$IFUP" tapB
ip link set tapB up
check "control: the VM reaches the LAN host" vm_reaches

NEW1=02:5a:00:00:00:1b
ip link set wlan0 down
ip link set wlan0 address $NEW1
ip link set wlan0 up
ap_station $NEW1
check "the station's MAC changed: the VM reaches the LAN host again" vm_reaches
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
ip link set wlan0 up
ip addr add $STA_IP/24 dev wlan0
ip route add default via $AP_IP
check "  recreated with a new ifindex" [ "$(link_field wlan0 ifindex)" != "$old_idx" ]
check "wlan0 recreated: the VM reaches the LAN host again" vm_reaches
check "  check is clean" wait_for quiet "$VMNETCTL" check
check "  the repair is logged" grep -q "vmnetd\[[0-9]*\]: wifi: .*repairing" "$W/syslog"

ip addr flush dev wlan0
ip addr add 192.168.50.11/24 dev wlan0
ip route add default via $AP_IP
check "a new address from DHCP: the VM reaches the LAN host again" vm_reaches
check "  the host's address in the rules is the new one" \
	sh -c "nft list ruleset | grep -q 192.168.50.11 && ! nft list ruleset | grep -qw '$STA_IP'"
check "  check is clean" wait_for quiet "$VMNETCTL" check

kill -TERM $dpid
wait $dpid
check "vmnetd stops cleanly" [ $? = 0 ]
as bob "$IFDOWN" tapB
"$VMNETCTL" down wifi >/dev/null
ap_down

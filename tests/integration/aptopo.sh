# SPDX-License-Identifier: GPL-2.0-or-later
# aptopo.sh - an emulated Wi-Fi access point for wlan-mode tests (sourced).
# Inside the world's network namespace (the "host", a laptop):
#
#   host wlan0 (veth, MAC $STA_MAC) 192.168.50.10/24, fd00:50::10/64 --
#   the station
#     |
#   AP (netns vmnet-ap): bridge apbr 192.168.50.1/24, fd00:50::1/64, the
#   gateway, with a DHCP server (dnsmasq, 192.168.50.100-199) that also
#   sends router advertisements for fd00:50::/64 every few seconds
#   (SLAAC; the host itself takes none: its address is configured)
#     |-- ap-sta: the station's radio link. Like a real AP with one
#     |   associated station, its ingress drops every frame whose source MAC
#     |   is not the station's (counted in "foreign"), and its egress drops
#     |   unicast to any MAC but the station's (counted in "undeliverable").
#     `-- LAN host (netns vmnet-lanhost) 192.168.50.20, fd00:50::20
#
# No traffic leaves these namespaces.
NS_AP=vmnet-ap NS_L=vmnet-lanhost
STA_MAC=02:5a:00:00:00:0a STA_IP=192.168.50.10
AP_IP=192.168.50.1 LAN_IP=192.168.50.20
STA_IP6=fd00:50::10 AP_IP6=fd00:50::1 LAN_IP6=fd00:50::20

ap_up() {
	local n
	for n in $NS_AP $NS_L; do
		ip netns add $n
		ip -n $n link set lo up
	done
	ip -n $NS_AP link add apbr type bridge
	ip link add name wlan0 address $STA_MAC type veth peer name ap-sta \
		netns $NS_AP
	ip -n $NS_L link add name l0 type veth peer name ap-lan netns $NS_AP
	ip -n $NS_AP link set ap-sta master apbr
	ip -n $NS_AP link set ap-lan master apbr
	for n in apbr ap-sta ap-lan; do ip -n $NS_AP link set $n up; done
	ip -n $NS_AP addr add $AP_IP/24 dev apbr
	ip -n $NS_AP addr add $AP_IP6/64 dev apbr nodad
	ip netns exec $NS_AP nft -f - <<N
table netdev ap {
	counter foreign { }
	counter undeliverable { }
	chain radio_in {
		type filter hook ingress device "ap-sta" priority 0; policy accept;
		ether saddr != $STA_MAC counter name "foreign" drop
	}
	chain radio_out {
		type filter hook egress device "ap-sta" priority 0; policy accept;
		ether daddr & 01:00:00:00:00:00 == 00:00:00:00:00:00 ether daddr != $STA_MAC counter name "undeliverable" drop
	}
}
N
	ip netns exec $NS_AP /usr/sbin/dnsmasq --conf-file=/dev/null \
		--interface=apbr --bind-interfaces --port=0 \
		--dhcp-range=192.168.50.100,192.168.50.199,255.255.255.0,1h \
		--enable-ra --dhcp-range=fd00:50::,ra-only,64 --ra-param=apbr,4 \
		--dhcp-leasefile="$W/ap.leases" --pid-file="$W/ap.pid" \
		--dhcp-authoritative
	ip -n $NS_L link set l0 up
	ip -n $NS_L addr add $LAN_IP/24 dev l0
	ip -n $NS_L route add default via $AP_IP
	ip -n $NS_L addr add $LAN_IP6/64 dev l0 nodad
	sysctl -qw net.ipv6.conf.wlan0.accept_ra=0
	ip link set wlan0 up
	ip addr add $STA_IP/24 dev wlan0
	ip addr add $STA_IP6/64 dev wlan0 nodad
	ip route add default via $AP_IP
}

ap_down() {
	[ -f "$W/ap.pid" ] && kill "$(cat "$W/ap.pid")" 2>/dev/null
	ip link del wlan0 2>/dev/null
	for n in $NS_AP $NS_L; do ip netns del $n 2>/dev/null; done
	true
}

# ap_4addr_bridge BR: what an administrator does for method 4addr: the
# station (in 4-address mode) becomes a port of bridge BR, which takes the
# station's MAC and the host's address
ap_4addr_bridge() {
	ip link add "$1" address $STA_MAC type bridge
	ip link set wlan0 master "$1"
	ip addr del $STA_IP/24 dev wlan0
	ip addr del $STA_IP6/64 dev wlan0
	sysctl -qw net.ipv6.conf."$1".accept_ra=0
	ip link set "$1" up
	ip addr add $STA_IP/24 dev "$1"
	ip addr add $STA_IP6/64 dev "$1" nodad
	ip route add default via $AP_IP
}

# ap_wifi_conf METHOD: vmnet.conf with the laptop's network "wifi" on
# the station wlan0, vmnet's bridge vmw, method METHOD
ap_wifi_conf() {
	conf <<C
[network wifi]
mode = wlan
uplink = wlan0
bridge = vmw
method = $1
C
}

# ap_counter NAME: packets the AP's filter counted
ap_counter() {
	ip netns exec $NS_AP nft list counter netdev ap "$1" |
		awk '/packets/ {print $2}'
}

# ap_saw MAC: whether the AP's bridge or neighbour table holds MAC
ap_saw() {
	{ bridge -n $NS_AP fdb show br apbr; ip -n $NS_AP neigh; } |
		grep -qi "$1"
}

# SPDX-License-Identifier: GPL-2.0-or-later
# wlan_body.sh - the wlan-mode test, for the method in $METHOD (sourced by
# t_wlan_netdev.sh and t_wlan_4addr.sh): real QEMU guests attached through
# the setuid vmnet-ifup as unprivileged users, behind an emulated access
# point that accepts only the station's MAC (aptopo.sh).
. tests/integration/topo.sh
. tests/integration/aptopo.sh

add_user alice 2001
add_user bob 2002
ap_wifi_conf "$METHOD"
acl <<'A'
allow alice wifi
allow bob   wifi ip=192.168.50.60 mac=52:54:00:00:00:0b/48
A
ap_up
MAC_A=52:54:00:00:00:0a MAC_B=52:54:00:00:00:0b

if [ "$METHOD" = 4addr ]; then
	# The administrator's bridge, with the station in 4-address mode as a
	# port and the host's address moved to the bridge.
	ap_4addr_bridge vmw
	# Control: a frame source the AP does not know, sent through the
	# bridge without vmnet's translation, gets nothing through.
	ip netns add vmnet-fake
	ip link add fake0 type veth peer name f0 netns vmnet-fake
	ip link set fake0 master vmw up
	ip -n vmnet-fake link set lo up
	ip -n vmnet-fake link set f0 address 52:54:00:00:00:ff up
	ip -n vmnet-fake addr add 192.168.50.70/24 dev f0
	before=$(ap_counter foreign)
	check "control: without vmnet's translation a VM's frame is dropped by the AP" \
		not quiet ip netns exec vmnet-fake ping -c 1 -W 1 $LAN_IP
	check "control: the AP counted the foreign MAC" [ "$(ap_counter foreign)" -gt "$before" ]
	ip link del fake0
	ip netns del vmnet-fake
else
	# Control: what a VM would send without translation, put on the
	# station link with the VM's MAC, is dropped by the AP; the same
	# request from the station's MAC is answered.
	before=$(ap_counter foreign)
	check "control: an ARP request from a VM's MAC gets no answer through the AP" \
		[ "$(python3 tests/integration/rawarp.py wlan0 52:54:00:00:00:ff 192.168.50.70 $LAN_IP)" = none ]
	check "control: the AP counted the foreign MAC" [ "$(ap_counter foreign)" -gt "$before" ]
	check "control: from the station's MAC it is answered" \
		[ "$(python3 tests/integration/rawarp.py wlan0 $STA_MAC $STA_IP $LAN_IP)" = reply ]
fi

# Refusals of "vmnetctl up": one line, nothing created.
write_file /etc/vmnet/empty.acl 0644 </dev/null
write_file /etc/vmnet/bad.conf 0644 <<C
[network nouplink]
mode = wlan
uplink = wlan9
bridge = vmw9
method = $METHOD
[network noaddr]
mode = wlan
uplink = lanx
bridge = vmw8
method = $METHOD
C
refuse "up: the uplink does not exist" "^vmnetctl: nouplink: uplink wlan9: no such interface$" \
	"$VMNETCTL" --config /etc/vmnet/bad.conf --acl /etc/vmnet/empty.acl up nouplink
ip link add lanx type veth peer name lany
if [ "$METHOD" = netdev ]; then
	refuse "up: the uplink has no IPv4 address" "^vmnetctl: noaddr: lanx has no IPv4 address; connect it, then run 'vmnetctl up noaddr' again$" \
		"$VMNETCTL" --config /etc/vmnet/bad.conf --acl /etc/vmnet/empty.acl up noaddr
	ip link add vmw8 type bridge
	ip link set lanx master vmw8
	refuse "up: netdev never takes an enslaved uplink" "uplink lanx is a port of another device; method netdev never enslaves it" \
		"$VMNETCTL" --config /etc/vmnet/bad.conf --acl /etc/vmnet/empty.acl up noaddr
else
	refuse "up: 4addr needs the administrator's bridge" "bridge vmw8 does not exist; method 4addr uses a bridge the administrator creates" \
		"$VMNETCTL" --config /etc/vmnet/bad.conf --acl /etc/vmnet/empty.acl up noaddr
	ip link add vmw8 type bridge
	refuse "up: 4addr needs the uplink in the bridge" "uplink lanx is not a port of vmw8; method 4addr needs it in 4-address mode and enslaved" \
		"$VMNETCTL" --config /etc/vmnet/bad.conf --acl /etc/vmnet/empty.acl up noaddr
fi
ip link del vmw8
ip link del lanx

foreign0=$(ap_counter foreign)
check "up" "$VMNETCTL" up wifi
state1=$(kstate)
check "up again" "$VMNETCTL" up wifi
check "up twice changes nothing" [ "$(kstate)" = "$state1" ]
wlan_ids() {	# the programs the filters run, by id
	tc filter show dev wlan0 egress | grep -o ' id [0-9]*'
	if [ "$METHOD" = netdev ]; then tc filter show dev vmw-u ingress | grep -o ' id [0-9]*'; fi
}
ids=$(wlan_ids | tr -d '\n')
nft flush ruleset
"$VMNETCTL" up wifi >/dev/null
check "up after a flush leaves the BPF filters as they were ($ids)" [ -n "$ids" -a "$(wlan_ids | tr -d '\n')" = "$ids" ]
check "check finds nothing wrong right after up (status neither)" sh -c "'$VMNETCTL' check >/dev/null && '$VMNETCTL' status >/dev/null"
if [ "$METHOD" = netdev ]; then
	check "netdev: the uplink is not enslaved" sh -c "! ip -o link show wlan0 | grep -q master"
	check "netdev: the veth pair exists, one end in the bridge" sh -c "ip -o link show vmw-v | grep -q 'master vmw'"
fi

# print gives exactly the installed tables
"$VMNETCTL" print wifi >"$W/print"
sed -n "/^nft -f - <<'EOF'\$/,/^EOF\$/p" "$W/print" | sed '1d;$d' >"$W/print.nft"
ip netns add vmnet-scratch
if [ "$METHOD" = netdev ]; then
	# its ip and sysctl commands make the links "up" made
	ip -n vmnet-scratch link add name wlan0 type veth peer name wlan0p
	ip netns exec vmnet-scratch sh -e -c "$(grep -E '^(ip|sysctl) ' "$W/print")" >/dev/null
	check "print: its ip and sysctl commands make the links up made ($(grep -cE '^(ip|sysctl) ' "$W/print") commands)" \
		[ "$(link_facts vmw vmw-v vmw-u)" = "$(ip netns exec vmnet-scratch bash -c "$(declare -f link_facts); link_facts vmw vmw-v vmw-u")" ]
else
	ip -n vmnet-scratch link add name wlan0 type veth peer name vmw-u
fi
ip netns exec vmnet-scratch nft -f "$W/print.nft"
tables() { { nft list table bridge vmnet; [ "$METHOD" = 4addr ] || nft list table netdev vmnet; } | nft_nocache; }
check "print: its nft script gives exactly the installed tables" \
	[ "$(tables)" = "$(ip netns exec vmnet-scratch bash -c "$(declare -f tables nft_nocache); METHOD=$METHOD; tables")" ]
check "  and the same kernel expressions, rule by rule ($(nft_exprs bridge netdev | wc -l))" \
	same_exprs bridge netdev
ip netns del vmnet-scratch
if [ "$METHOD" = 4addr ]; then
	check "print: the ebtables recipe" grep -q "ebtables -t nat -A POSTROUTING -o wlan0 -j snat --to-src $STA_MAC --snat-arp" "$W/print"
fi

# The LAN host counts echo requests by source address.
ip netns exec $NS_L nft -f - <<'N'
table ip seen {
	counter from_host { }
	counter from_gw { }
	counter from_b { }
	chain in {
		type filter hook input priority 0; policy accept;
		icmp type echo-request ip saddr 192.168.50.10 counter name "from_host"
		icmp type echo-request ip saddr 192.168.50.1 counter name "from_gw"
		icmp type echo-request ip saddr 192.168.50.60 counter name "from_b"
	}
}
N
lan_counter() { ip netns exec $NS_L nft list counter ip seen "$1" | awk '/packets/ {print $2}'; }

# a host service on every address, which the VMs reach at the host's LAN
# addresses (and which answers, unlike the AP's world)
python3 -c '
import socket
s = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("::", 7777)); s.listen(8)
while True:
    c, _ = s.accept(); c.sendall(b"vmnet-host\n"); c.close()' &
svc_pid=$!
# host_get ADDR: the page of A's web server, over TCP
host_get() {
	python3 -c '
import socket, sys
s = socket.create_connection((sys.argv[1], 7001), timeout=3)
s.sendall(b"GET /index.html HTTP/1.0\r\n\r\n")
print(s.makefile("rb").read().decode(errors="replace"))' "$1" 2>/dev/null | grep -q vmnet-guest-a
}
ip tuntap add tapA mode tap user alice
ip tuntap add tapB mode tap user bob
guest_image wa tests/integration/guest/wa.sh
guest_image wb tests/integration/guest/wb.sh
guest_start wa alice tapA $MAC_A VMNET_MAC=$MAC_A
apid=$GUEST_PID
# B gives no VMNET_*: its ACL rule allows exactly one MAC and one address,
# which vmnet-ifup applies.
guest_start wb bob tapB $MAC_B
bpid=$GUEST_PID
check "A: boots and runs its probes" guest_wait wa ready 120
check "B: boots and runs its probes" guest_wait wb ready 120
IP_A=$(grep -a '^VMNET lease ' "$W/wa.log" | awk '{print $3}' | cut -d/ -f1)
check "A: a lease from the AP's DHCP server ($IP_A)" grep -q "$MAC_A" "$W/ap.leases"
check "A: reaches the LAN host" [ "$(guest_try wa lan)" = yes ]
check "A: reaches the gateway" [ "$(guest_try wa gateway)" = yes ]
check "B: reaches the LAN host (address and MAC pinned by the ACL)" [ "$(guest_try wb lan)" = yes ]
check "B's record holds the pinned MAC and address" sh -c "ip -d link show tapB | grep -q 'mac=$MAC_B ip=192.168.50.60'"
check "the LAN host reaches A by its IP" quiet ip netns exec $NS_L ping -c 1 -W 2 "$IP_A"
check "the LAN host reaches B by its IP" quiet ip netns exec $NS_L ping -c 1 -W 2 192.168.50.60
# IPv6: A's address from the access point's advertisements (SLAAC), its
# neighbour discovery translated as ARP is.
IP6_A=$(grep -a '^VMNET addr6' "$W/wa.log" | awk '{print $3}' | tr -d '\r' | cut -d/ -f1)
check "A: an IPv6 address from the AP's router advertisements ($IP6_A)" sh -c "echo '$IP6_A' | grep -q '^fd00:50:'"
if ! echo "$IP6_A" | grep -q '^fd00:50:'; then
	grep -a '^VMNET diag' "$W/wa.log" | sed 's/^/# /'
	IP6_A=fd00:50::bad	# (the checks that use it fail, as they must)
fi
check "A: reaches the LAN host over IPv6" [ "$(guest_try wa lan6)" = yes ]
check "A: reaches the gateway over IPv6" [ "$(guest_try wa gateway6)" = yes ]
check "the LAN host reaches A over IPv6" quiet ip netns exec $NS_L ping -6 -c 1 -W 2 "$IP6_A"
check "  its neighbour entry for A's IPv6 address holds the station's MAC" \
	sh -c "ip -n $NS_L -6 neigh show $IP6_A | grep -qi '$STA_MAC'"
check "  and no neighbour entry of the LAN host holds a VM's MAC" \
	sh -c "! ip -n $NS_L neigh | grep -qi -e '$MAC_A' -e '$MAC_B'"
check "A's IPv6 address is in the translation map" sh -c "nft list map $([ $METHOD = 4addr ] && echo bridge || echo netdev) vmnet ip6mac_wifi | grep -q '$IP6_A'"
check "status shows A's IPv6 address" sh -c "'$VMNETCTL' status | grep -A1 '^  tapA ' | grep -q '$IP6_A'"
# The host and its VMs, in the kernel, at their LAN addresses (none of it
# through the access point, which would not bring it back).
ip netns exec $NS_AP nft -f - <<N
table netdev hostvm {
	counter to_vm { }
	chain in {
		type filter hook ingress device "ap-sta" priority 0; policy accept;
		ip daddr { $IP_A, 192.168.50.60 } counter name "to_vm"
		ip6 daddr $IP6_A counter name "to_vm"
		ether daddr $STA_MAC counter name "to_vm"
		arp daddr ip { $IP_A, 192.168.50.60 } arp saddr ip $STA_IP counter name "to_vm"
	}
}
N
nft -f - <<'N'
table inet marked {
	counter in { }
	chain in {
		type filter hook input priority 0; policy accept;
		meta mark 0x766d6e68 counter name "in"
	}
}
N
check "A: reaches the host at its LAN address" [ "$(guest_try wa host)" = yes ]
check "  and at its IPv6 address" [ "$(guest_try wa host6)" = yes ]
check "  opens TCP to a host service at both" sh -c "[ '$(guest_try wa host-tcp)' = yes ] && [ '$(guest_try wa host6-tcp)' = yes ]"
check "the host reaches A at its LAN address" quiet ping -c 1 -W 2 "$IP_A"
check "  opens TCP to A's web server there" host_get "$IP_A"
check "  and at A's IPv6 address" host_get "$IP6_A"
check "  and B" quiet ping -c 1 -W 2 192.168.50.60
ip -6 neigh flush dev $([ $METHOD = 4addr ] && echo vmw || echo wlan0)
check "the host reaches A at its IPv6 address (its neighbour entry resolved anew)" quiet ping -6 -c 1 -W 2 "$IP6_A"
if [ $METHOD = netdev ]; then	# (4addr: the host is on the VMs' bridge)
	check "  none of it through the access point" [ "$(ip netns exec $NS_AP nft list counter netdev hostvm to_vm | awk '/packets/ {print $2}')" = 0 ]
	check "  and nothing of the VMs reached the host with vmnet's mark on it" [ "$(nft list counter inet marked in | awk '/packets/ {print $2}')" = 0 ]
	check "  the host's neighbour entry for A holds the station's MAC, as the LAN's do" \
		sh -c "ip neigh show $IP_A | grep -qi '$STA_MAC' && ! ip neigh | grep -qi '$MAC_A'"
	check "  and so does its entry for A's IPv6 address" \
		sh -c "ip -6 neigh show $IP6_A | grep -qi '$STA_MAC' && ! ip -6 neigh | grep -qi '$MAC_A'"
	# a VM the maps do not know yet (it has sent nothing to the LAN
	# lately): the host's ARP and solicitations reach it, and its
	# answers teach the maps
	nft delete element netdev vmnet ip4mac_wifi "{ $IP_A }" 2>/dev/null || true
	nft delete element netdev vmnet ip6mac_wifi "{ $IP6_A }" 2>/dev/null || true
	ip neigh flush dev wlan0
	check "the host reaches A, which the maps had forgotten" quiet ping -c 1 -W 2 "$IP_A"
	check "  over IPv6 too" quiet ping -6 -c 1 -W 2 "$IP6_A"
	check "  and A's answers taught the maps again" sh -c \
		"nft get element netdev vmnet ip4mac_wifi '{ $IP_A }' >/dev/null && nft get element netdev vmnet ip6mac_wifi '{ $IP6_A }' >/dev/null"
	tc filter del dev vmw-u ingress
	check "check sees the host's path to the VMs gone" sh -c "'$VMNETCTL' check 2>&1 | grep -q \"the host's path to its VMs (a BPF filter on the veth end) is missing\""
	check "  up puts it back" sh -c "'$VMNETCTL' up wifi >/dev/null && '$VMNETCTL' check >/dev/null"
	ip neigh flush dev wlan0
	check "  and the host reaches A again" quiet ping -c 1 -W 2 "$IP_A"
fi
ip netns exec $NS_AP nft delete table netdev hostvm
nft delete table inet marked
# Without the filter that writes the station's MAC into neighbour
# discovery, the LAN would learn A's MAC: check sees it, up restores it.
tc filter del dev wlan0 egress
check "check sees the neighbour discovery filter gone" sh -c "'$VMNETCTL' check 2>&1 | grep -q \"the VMs' neighbour discovery would show the access point their MACs (a BPF filter on wlan0's egress is missing)\""
check "  up puts it back" sh -c "'$VMNETCTL' up wifi >/dev/null && '$VMNETCTL' check >/dev/null"
ip -n $NS_L -6 neigh flush all
check "  and the LAN host reaches A over IPv6 again" quiet ip netns exec $NS_L ping -6 -c 1 -W 2 "$IP6_A"
check "  through the station's MAC" sh -c "ip -n $NS_L -6 neigh show $IP6_A | grep -qi '$STA_MAC'"

check "the host's own traffic is unaffected" quiet ping -c 1 -W 2 $LAN_IP
check "the AP never saw a VM's MAC as a source" [ "$(ap_counter foreign)" = "$foreign0" ]
check "the AP never had to deliver to a VM's MAC" [ "$(ap_counter undeliverable)" = 0 ]
check "the AP's tables hold no VM MAC" not ap_saw $MAC_A
check "  nor B's" not ap_saw $MAC_B
check "status shows A's leased address" sh -c "'$VMNETCTL' status | grep -q '^  tapA .* $MAC_A *$IP_A\\* *attached'"
check "status --json too" sh -c "'$VMNETCTL' status --json | grep -q '\"learned_ip\":\"$IP_A\"'"
check "the port guard read the AP's ACK into leases_wifi" sh -c "nft list set bridge vmnet leases_wifi | grep -q 0x$(echo $MAC_A | tr -d :)"
check "A's leased address is in the map" sh -c "nft list map $([ $METHOD = 4addr ] && echo bridge || echo netdev) vmnet ip4mac_wifi | grep -q '$IP_A'"
ip tuntap add tapX mode tap user bob
out=$(as bob env VMNET_MAC=52:54:00:00:00:0b VMNET_IP=192.168.50.60 "$IFUP" tapX 2>&1 >/dev/null || true)
check "a second claim of B's configured MAC is refused ($out)" \
	[ "$out" = "vmnet-ifup: tapX: MAC 52:54:00:00:00:0b is in use by another VM of network 'wifi'" ]
out=$(env VMNET_MAC=52:54:00:00:00:1b VMNET_IP=192.168.50.60 "$IFUP" tapX 2>&1 >/dev/null || true)
check "a second claim of B's configured address is refused, even for root ($out)" \
	[ "$out" = "vmnet-ifup: tapX: VMNET_IP 192.168.50.60 is in use by another VM" ]
check "  and nothing of tapX stays" sh -c "! nft list table bridge vmnet | grep -q tapX && ! ip -o link show tapX | grep -q master"
ip tuntap del tapX mode tap
# A hostile user's requests: one line each, nothing changed.
ip tuntap add tapX mode tap user alice
refuse "wlan: VMNET_IP without VMNET_MAC" "VMNET_IP needs VMNET_MAC on network 'wifi'" \
	as alice env VMNET_IP=192.168.50.61 "$IFUP" tapX
refuse "wlan: the host's address" "VMNET_IP 192.168.50.10 is the host's or the gateway's address" \
	as alice env VMNET_MAC=52:54:00:00:00:0c VMNET_IP=192.168.50.10 "$IFUP" tapX
refuse "wlan: the subnet's broadcast address" "VMNET_IP 192.168.50.255 is the host's or the gateway's address" \
	as alice env VMNET_MAC=52:54:00:00:00:0c VMNET_IP=192.168.50.255 "$IFUP" tapX
refuse "wlan: A's leased address" "VMNET_IP $IP_A is leased to another VM by the DHCP server" \
	as alice env VMNET_MAC=52:54:00:00:00:0c VMNET_IP=$IP_A "$IFUP" tapX
refuse "wlan: VMNET_IP6 outside the LAN's prefixes" "VMNET_IP6 fd00:99::5 is outside network 'wifi''s IPv6 prefixes" \
	as alice env VMNET_MAC=52:54:00:00:00:0c VMNET_IP6=fd00:99::5 "$IFUP" tapX
refuse "wlan: VMNET_IP6 the host's" "VMNET_IP6 $STA_IP6 is" \
	as alice env VMNET_MAC=52:54:00:00:00:0c VMNET_IP6=$STA_IP6 "$IFUP" tapX
check "wlan: VMNET_IP6 in the LAN's prefix is held for the tap" \
	as alice env VMNET_MAC=52:54:00:00:00:0c VMNET_IP6=fd00:50::77 "$IFUP" tapX
check "  in its claims, without expiry" sh -c "nft get element bridge vmnet claimed6_wifi '{ fd00:50::77 }' | grep -q 'fd00:50::77' && ! nft get element bridge vmnet claimed6_wifi '{ fd00:50::77 }' | grep -q expires"
as alice "$IFDOWN" tapX
check "  and released by ifdown" sh -c "! nft list table bridge vmnet | grep -q 'fd00:50::77'"
ip tuntap del tapX mode tap
ip tuntap add tapX mode tap user bob
refuse "wlan: outside the ACL's ip=" "VMNET_IP 192.168.50.61 is outside the addresses /etc/vmnet/acl:2 allows" \
	as bob env VMNET_MAC=52:54:00:00:00:0b VMNET_IP=192.168.50.61 "$IFUP" tapX
ip tuntap del tapX mode tap
ip tuntap add tapR mode tap user root
out=$(env VMNET_MAC=52:54:00:00:00:0e VMNET_IP=192.168.50.1 "$IFUP" tapR 2>&1 >/dev/null || true)
check "a configured gateway address is refused, even for root ($out)" \
	[ "$out" = "vmnet-ifup: tapR: VMNET_IP 192.168.50.1 is the host's or the gateway's address" ]
ip tuntap del tapR mode tap
ip tuntap add tapH mode tap user alice
out=$(as alice env VMNET_MAC=52:54:00:00:00:0c "$IFUP" tapH 2>&1 >/dev/null || true)
check "ifup without VMNET_IP works for a second tap of alice" [ -z "$out" ]
as alice "$IFDOWN" tapH
ip tuntap del tapH mode tap

# A claims the host's, the gateway's and B's addresses.
h0=$(lan_counter from_host) g0=$(lan_counter from_gw) b0=$(lan_counter from_b)
guest_go wa
check "A: finished its claims" guest_wait wa probed 60
check "A claiming the host's address gets nothing through" [ "$(lan_counter from_host)" = "$h0" ]
check "A claiming the gateway's address gets nothing through" [ "$(lan_counter from_gw)" = "$g0" ]
check "A claiming B's address gets nothing through" [ "$(lan_counter from_b)" = "$b0" ]
check "A still works with its own address" [ "$(guest_try wa after-claims)" = yes ]
check "the host still works" quiet ping -c 1 -W 2 $LAN_IP
# A tap that vanishes without vmnet-ifdown (QEMU killed, helper taps):
# gc removes its elements and frees its address.
ip tuntap add tapG mode tap user alice
check "ifup of a tap with a configured address" \
	as alice env VMNET_MAC=52:54:00:00:00:0d VMNET_IP=192.168.50.77 "$IFUP" tapG
ip tuntap del tapG mode tap
check "gc removes the elements of the vanished tap" \
	sh -c "'$VMNETCTL' gc | grep -q 'removed the anti-spoofing state of 1 tap that is gone'"
check "  all of them" sh -c "! nft list table bridge vmnet | grep -q -e tapG -e 192.168.50.77"
ip tuntap add tapG mode tap user alice
check "  and its address is free again" \
	as alice env VMNET_MAC=52:54:00:00:00:0d VMNET_IP=192.168.50.77 "$IFUP" tapG
as alice "$IFDOWN" tapG
ip tuntap del tapG mode tap

# Another tool flushes the ruleset; vmnetd restores service: B's
# configured elements from its record, A's lease from vmnetd's copy of the
# leases (its first pass makes one).
start_vmnetd
check "vmnetd keeps a copy of the LAN's leases" \
	wait_for sh -c "grep -q ' $MAC_A $IP_A ' /run/vmnetd/leases-wifi"
check "  root's alone" [ "$(stat -c %U:%a /run/vmnetd/leases-wifi)" = root:600 ]
nft flush ruleset
check "after 'nft flush ruleset', vmnetd restores the network" \
	wait_for sh -c "nft list set bridge vmnet leases_wifi 2>/dev/null | grep -q 0x$(echo $MAC_A | tr -d :)"
ip -n $NS_L neigh flush all
check "  the LAN host reaches A again, its lease kept" quiet ip netns exec $NS_L ping -c 2 -W 2 "$IP_A"
check "  and over IPv6" quiet ip netns exec $NS_L ping -6 -c 2 -W 2 "$IP6_A"
kill "$dpid"; wait "$dpid" || true
guest_go wb
check "B: finished" guest_wait wb probed 60
check "B, the victim, still works" [ "$(guest_try wb victim-after)" = yes ]
check "the AP still never saw a VM's MAC" [ "$(ap_counter foreign)" = "$foreign0" ]

guest_go wa
guest_go wb
wait "$apid" || true
wait "$bpid" || true
# Elements of every set and map but the network-wide ones (the host's
# addresses and MACs, the ACL's pins, the LAN side's ports, MACs and
# addresses, the DHCP server's leases, which outlive a port).
elements() {
	{ nft list table bridge vmnet
	  [ "$METHOD" = 4addr ] || nft list table netdev vmnet; } |
		awk '/^\t(set|map) / {name = $2} /elements = / && name !~ /^(hostips6?|subnet6?|infra|pinmac|pinip6?|lanports|lanmac|lanip6?|leases)_/ {n++} END {print n + 0}'
}
check "ifdown leaves no per-VM element behind" [ "$(elements)" = 0 ]

if [ "$METHOD" = netdev ]; then
	# Control for the BOOTP broadcast flag: without it, the LAN's DHCP
	# server answers to the VM's MAC, which the access point never
	# delivers.
	conf <<C
[network wifi]
mode = wlan
uplink = wlan0
bridge = vmw
method = netdev
dhcp-broadcast = no
C
	"$VMNETCTL" up wifi >/dev/null
	u0=$(ap_counter undeliverable)
	guest_image wc tests/integration/guest/wc.sh
	guest_start wc alice tapA 52:54:00:00:00:0c VMNET_MAC=52:54:00:00:00:0c
	cpid=$GUEST_PID
	check "dhcp-broadcast = no: the VM boots" guest_wait wc done 120
	check "  and gets no lease through the access point" grep -aq "^VMNET lease none" "$W/wc.log"
	check "  because the AP could not deliver the unicast offers" [ "$(ap_counter undeliverable)" -gt "$u0" ]
	wait "$cpid" || true
	ip link del vmw-v
	check "up repairs a deleted veth pair" "$VMNETCTL" up wifi
	check "  its end is a port again, the chains send to the new one" sh -c \
		"ip -o link show vmw-v | grep -q 'master vmw' && nft list chain netdev vmnet up_wifi | grep -q 'fwd to \"vmw-u\"'"
fi
kill "$svc_pid" 2>/dev/null; wait "$svc_pid" 2>/dev/null || true
check "down" "$VMNETCTL" down wifi
check "down leaves no vmnet table" sh -c "! nft list tables | grep -q vmnet"
if [ "$METHOD" = netdev ]; then
	check "down removes the bridge and the veth pair" sh -c "! ip link show vmw 2>/dev/null && ! ip link show vmw-v 2>/dev/null"
else
	check "down leaves the administrator's bridge" quiet ip link show vmw
fi
ap_down

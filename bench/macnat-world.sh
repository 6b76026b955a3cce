# SPDX-License-Identifier: GPL-2.0-or-later
# macnat-world.sh - the body of bench/macnat, run inside world.sh.
. tests/integration/aptopo.sh
T=${BENCH_TIME:-3}
REPEAT=${BENCH_REPEAT:-2}
SIZES=${BENCH_SIZES:-1 1000 4000}	# VMs' entries: the first is the base
VM_IP=192.168.50.60 VM_MAC=52:54:00:00:00:01 VM_IP6=fd00:50::60

conf <<'C'
[network wifi]
mode = wlan
uplink = wlan0
bridge = vmw
method = 4addr
C
ap_up
ap_4addr_bridge vmw
ip netns add vmnet-vm
ip link add tapv type veth peer name v0 netns vmnet-vm
ip -n vmnet-vm link set v0 address $VM_MAC up
ip -n vmnet-vm link set lo up
ip -n vmnet-vm addr add $VM_IP/24 dev v0
ip -n vmnet-vm addr add $VM_IP6/64 dev v0 nodad
ip -n vmnet-vm route add default via $AP_IP
ip link set tapv master vmw up
ip netns exec vmnet-vm iperf3 -s -D -1 >/dev/null 2>&1 || true
ip netns exec vmnet-vm taskset -c 1 "$W/rr" -s 7001 &

# filler N: N-1 other VMs' entries (addresses that carry no traffic)
filler_ip() { echo "10.$((($1 >> 8) & 255)).$(($1 & 255)).7"; }
filler_mac() { printf '52:54:01:00:%02x:%02x' $((($1 >> 8) & 255)) $(($1 & 255)); }
filler_ip6() { printf 'fd00:50::1:%x' "$1"; }
# (own6_NET's key: the port, and the address as one 128-bit number)
filler_own6() { printf '%d . 0xfd00005000000000000000000001%04x' $((100000 + $1)) "$1"; }

# mbps ADDR [-R]: one iperf3 run to ADDR, Mbit/s received
mbps() {
	local a=$1
	shift
	ip netns exec $NS_L iperf3 -J -t "$T" "$@" -c "$a" |
		python3 -c 'import json,sys; print(round(json.load(sys.stdin)["end"]["sum_received"]["bits_per_second"]/1e6))'
}

# measure ADDR: Mbit/s LAN host -> VM, then VM -> LAN host, to the VM's
# ADDR, and the request/response time in microseconds (bench/rr.c, both
# ends pinned to one CPU), each the best of $REPEAT runs (the least
# disturbed by the rest of the machine)
measure() {
	local in=0 out=0 rr=999999 i v
	ip netns exec vmnet-vm pkill iperf3 2>/dev/null || true
	ip netns exec vmnet-vm iperf3 -s -D >/dev/null 2>&1
	sleep 0.3
	for i in $(seq "$REPEAT"); do
		v=$(mbps "$1"); [ "$v" -gt "$in" ] && in=$v
		v=$(mbps "$1" -R); [ "$v" -gt "$out" ] && out=$v
		v=$(ip netns exec $NS_L taskset -c 1 "$W/rr" -c "$1" 7001 "$T" | cut -d' ' -f1)
		awk -v a="$v" -v b="$rr" 'BEGIN { exit !(a < b) }' && rr=$v
	done
	echo "$in $out $rr"
}

vmnet_setup() {
	local n=$1 i g
	"$VMNETCTL" up wifi >/dev/null
	# (awk reads to the end: nft must not die of a closed pipe)
	g=$(nft list chain bridge vmnet spoof_wifi | awk '/iifgroup/ && !g {g = $3} END {print g}')
	ip link set tapv group "$g"
	{
		echo "add element bridge vmnet ports_wifi { \"tapv\" }"
		echo "add element bridge vmnet pairs_wifi { \"tapv\" . $VM_MAC }"
		echo "add element bridge vmnet chaddr_wifi { \"tapv\" . 0x$(echo $VM_MAC | tr -d :) }"
		echo "add element bridge vmnet macs_wifi { $VM_MAC }"
		echo "add element bridge vmnet tapip_wifi { \"tapv\" : $VM_IP }"
		echo "add element bridge vmnet tapset_wifi { \"tapv\" . $VM_IP }"
		echo "add element bridge vmnet claimed_wifi { $VM_IP }"
		echo "add element bridge vmnet ip4mac_wifi { $VM_IP : $VM_MAC }"
		for i in $(seq 2 "$n"); do
			echo "add element bridge vmnet ports_wifi { $((100000 + i)) }"
			echo "add element bridge vmnet pairs_wifi { $((100000 + i)) . $(filler_mac "$i") }"
			echo "add element bridge vmnet tapset_wifi { $((100000 + i)) . $(filler_ip "$i") }"
			echo "add element bridge vmnet ip4mac_wifi { $(filler_ip "$i") : $(filler_mac "$i") }"
			echo "add element bridge vmnet own6_wifi { $(filler_own6 "$i") }"
			echo "add element bridge vmnet claimed6_wifi { $(filler_ip6 "$i") : $((100000 + i)) }"
			echo "add element bridge vmnet ip6mac_wifi { $(filler_ip6 "$i") : $(filler_mac "$i") }"
		done
	} | nft -f -
}

vmnet_teardown() {
	ip link set tapv group 0
	"$VMNETCTL" down wifi >/dev/null
}

ebt_setup() {
	local n=$1 i
	{
		echo "*nat"
		echo ":PREROUTING ACCEPT"
		echo ":OUTPUT ACCEPT"
		echo ":POSTROUTING ACCEPT"
		echo "-A POSTROUTING -o wlan0 -j snat --to-src $STA_MAC --snat-arp --snat-target ACCEPT"
		for i in $(seq 2 "$n"); do
			echo "-A PREROUTING -i wlan0 -p IPv4 --ip-dst $(filler_ip "$i") -j dnat --to-dst $(filler_mac "$i") --dnat-target ACCEPT"
			echo "-A PREROUTING -i wlan0 -p ARP --arp-ip-dst $(filler_ip "$i") -j dnat --to-dst $(filler_mac "$i") --dnat-target ACCEPT"
			echo "-A PREROUTING -i wlan0 -p IPv6 --ip6-dst $(filler_ip6 "$i") -j dnat --to-dst $(filler_mac "$i") --dnat-target ACCEPT"
		done
		echo "-A PREROUTING -i wlan0 -p IPv4 --ip-dst $VM_IP -j dnat --to-dst $VM_MAC --dnat-target ACCEPT"
		echo "-A PREROUTING -i wlan0 -p ARP --arp-ip-dst $VM_IP -j dnat --to-dst $VM_MAC --dnat-target ACCEPT"
		echo "-A PREROUTING -i wlan0 -p IPv6 --ip6-dst $VM_IP6 -j dnat --to-dst $VM_MAC --dnat-target ACCEPT"
	} | ebtables-nft-restore
	# The recipe cannot translate neighbour discovery (the VM's MAC
	# would reach the LAN in its options): the LAN host's entry for the
	# VM is pinned to the station's MAC, as vmnet's translation makes it.
	ip -n $NS_L -6 neigh replace $VM_IP6 lladdr $STA_MAC dev l0 nud permanent
}

ebt_teardown() {
	nft delete table bridge nat
	ip -n $NS_L -6 neigh del $VM_IP6 dev l0
}

# the plain bridge: no translation at all, through an AP that takes any
# MAC from the station (a 4-address link to an AP built for it; the
# emulated AP's radio filters go, so this runs last): the floor of what
# translating costs
plain_setup() {
	ip netns exec $NS_AP nft flush chain netdev ap radio_in
	ip netns exec $NS_AP nft flush chain netdev ap radio_out
	ip -n $NS_L neigh flush dev l0
}
plain_teardown() { :; }

# run VARIANT N: set up, warm up (neighbours), measure over IPv4 and
# IPv6, check that the AP saw no VM MAC meanwhile (nor the LAN host's
# neighbour table), tear down
declare -A R
run() {
	local f0 a
	"$1_setup" "$2"
	for a in $VM_IP $VM_IP6; do
		ip netns exec $NS_L ping -c 2 -W 1 $a >/dev/null ||
			{ echo "no path to $a ($1, $2 VMs)" >&2; exit 1; }
	done
	f0=$(ap_counter foreign)
	R[$1,$2,4]=$(measure $VM_IP)
	R[$1,$2,6]=$(measure $VM_IP6)
	if [ "$1" != plain ]; then
		[ "$(ap_counter foreign)" = "$f0" ] ||
			{ echo "the AP saw a VM MAC ($1, $2 VMs)" >&2; exit 1; }
		! ip -n $NS_L neigh | grep -qi $VM_MAC ||
			{ echo "the LAN host learned a VM MAC ($1, $2 VMs)" >&2; exit 1; }
	fi
	"$1_teardown"
	sleep 0.5	# frames in flight leave before the next variant
}
for n in $SIZES; do
	run vmnet "$n"
	run ebt "$n"
done
run plain "${SIZES%% *}"	# (no per-VM state: one size says it all)
ap_down

ratio() { python3 -c "print(f'{$1 / $2:.2f}')"; }
printf '%-34s' "TCP Mbit/s (LAN->VM, VM->LAN)"
for n in $SIZES; do printf ' %11s' "$n VMs"; done
echo
for f in 4 6; do
	for v in vmnet ebt; do
		name=$([ $v = vmnet ] && echo "vmnet (one map)" || echo "ebtables (rule pair per VM)")
		printf '%-34s' "IPv$f $name"
		for n in $SIZES; do
			read -r a b _ <<<"${R[$v,$n,$f]}"
			printf ' %11s' "$a,$b"
		done
		echo
	done
done
read -r a b _ <<<"${R[plain,${SIZES%% *},4]}"
read -r c d _ <<<"${R[plain,${SIZES%% *},6]}"
printf '%-34s %11s (IPv6: %s)\n' "plain bridge, no translation" "$a,$b" "$c,$d"
printf '%-34s' "request/response us (IPv4, IPv6)"
for n in $SIZES; do printf ' %11s' "$n VMs"; done
echo
for v in vmnet ebt; do
	name=$([ $v = vmnet ] && echo "vmnet (one map)" || echo "ebtables (rule pair per VM)")
	printf '%-34s' "$name"
	for n in $SIZES; do
		read -r _ _ a <<<"${R[$v,$n,4]}"
		read -r _ _ b <<<"${R[$v,$n,6]}"
		printf ' %11s' "$a,$b"
	done
	echo
done
read -r _ _ a <<<"${R[plain,${SIZES%% *},4]}"
read -r _ _ b <<<"${R[plain,${SIZES%% *},6]}"
printf '%-34s %11s\n' "plain bridge, no translation" "$a,$b"
first=${SIZES%% *} last=${SIZES##* }
for f in 4 6; do
	for v in vmnet ebt; do
		read -r a1 b1 _ <<<"${R[$v,$first,$f]}"
		printf 'IPv%s %s:' "$f" "$v"
		for n in ${SIZES#* }; do
			read -r a b _ <<<"${R[$v,$n,$f]}"
			printf ' %s/%s = %s (in) %s (out);' "$n" "$first" "$(ratio "$a" "$a1")" "$(ratio "$b" "$b1")"
		done
		echo
	done
	read -r va _ vr <<<"${R[vmnet,$last,$f]}"
	read -r ea _ er <<<"${R[ebt,$last,$f]}"
	read -r pa _ pr <<<"${R[plain,$first,$f]}"
	echo "IPv$f at $last VMs, vmnet / ebtables (LAN->VM) = $(ratio "$va" "$ea"), RR $(ratio "$vr" "$er"); vmnet / plain bridge = $(ratio "$va" "$pa"), RR $(ratio "$vr" "$pr")"
done

# SPDX-License-Identifier: GPL-2.0-or-later
# macnat-world.sh - the body of bench/macnat, run inside world.sh.
. tests/integration/aptopo.sh
T=${BENCH_TIME:-3}
REPEAT=${BENCH_REPEAT:-2}
VM_IP=192.168.50.60 VM_MAC=52:54:00:00:00:01

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
ip -n vmnet-vm route add default via $AP_IP
ip link set tapv master vmw up
ip netns exec vmnet-vm iperf3 -s -D -1 >/dev/null 2>&1 || true

# filler N: N-1 other VMs' entries (addresses that carry no traffic)
filler_ip() { echo "10.$((($1 >> 8) & 255)).$(($1 & 255)).7"; }
filler_mac() { printf '52:54:01:00:%02x:%02x' $((($1 >> 8) & 255)) $(($1 & 255)); }

# mbps [-R]: one iperf3 run, Mbit/s received
mbps() {
	ip netns exec $NS_L iperf3 -J -t "$T" "$@" -c $VM_IP |
		python3 -c 'import json,sys; print(round(json.load(sys.stdin)["end"]["sum_received"]["bits_per_second"]/1e6))'
}

# measure: Mbit/s LAN host -> VM, then VM -> LAN host, each the best of
# $REPEAT runs (the least disturbed by the rest of the machine)
measure() {
	local in=0 out=0 i v
	ip netns exec vmnet-vm pkill iperf3 2>/dev/null || true
	ip netns exec vmnet-vm iperf3 -s -D >/dev/null 2>&1
	sleep 0.3
	for i in $(seq "$REPEAT"); do
		v=$(mbps); [ "$v" -gt "$in" ] && in=$v
		v=$(mbps -R); [ "$v" -gt "$out" ] && out=$v
	done
	echo "$in $out"
}

vmnet_setup() {
	local n=$1 i g
	"$VMNETCTL" up wifi >/dev/null
	g=$(nft list chain bridge vmnet spoof_wifi | awk '/iifgroup/ {print $3; exit}')
	ip link set tapv group "$g"
	{
		echo "add element bridge vmnet ports_wifi { \"tapv\" }"
		echo "add element bridge vmnet pairs_wifi { \"tapv\" . $VM_MAC }"
		echo "add element bridge vmnet tapip_wifi { \"tapv\" : $VM_IP }"
		echo "add element bridge vmnet tapset_wifi { \"tapv\" . $VM_IP }"
		echo "add element bridge vmnet claimed_wifi { $VM_IP }"
		echo "add element bridge vmnet ip4mac_wifi { $VM_IP : $VM_MAC }"
		for i in $(seq 2 "$n"); do
			echo "add element bridge vmnet ports_wifi { $((100000 + i)) }"
			echo "add element bridge vmnet pairs_wifi { $((100000 + i)) . $(filler_mac "$i") }"
			echo "add element bridge vmnet tapset_wifi { $((100000 + i)) . $(filler_ip "$i") }"
			echo "add element bridge vmnet ip4mac_wifi { $(filler_ip "$i") : $(filler_mac "$i") }"
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
		done
		echo "-A PREROUTING -i wlan0 -p IPv4 --ip-dst $VM_IP -j dnat --to-dst $VM_MAC --dnat-target ACCEPT"
		echo "-A PREROUTING -i wlan0 -p ARP --arp-ip-dst $VM_IP -j dnat --to-dst $VM_MAC --dnat-target ACCEPT"
	} | ebtables-nft-restore
}

ebt_teardown() { nft delete table bridge nat; }

# run VARIANT N: set up, warm up (neighbours), measure, check that the
# AP saw no VM MAC meanwhile, tear down
declare -A R
run() {
	local f0
	"$1_setup" "$2"
	ip netns exec $NS_L ping -c 2 -W 1 $VM_IP >/dev/null ||
		{ echo "no path ($1, $2 VMs)" >&2; exit 1; }
	f0=$(ap_counter foreign)
	R[$1,$2]=$(measure)
	[ "$(ap_counter foreign)" = "$f0" ] ||
		{ echo "the AP saw a VM MAC ($1, $2 VMs)" >&2; exit 1; }
	"$1_teardown"
	sleep 0.5	# frames in flight leave before the next variant
}
for n in 1 1000 4000; do
	run vmnet "$n"
	run ebt "$n"
done
ap_down

ratio() { python3 -c "print(f'{$1 / $2:.2f}')"; }
printf '%-28s %10s %10s %10s\n' "TCP Mbit/s (LAN->VM, VM->LAN)" "1 VM" "1000 VMs" "4000 VMs"
for v in vmnet ebt; do
	name=$([ $v = vmnet ] && echo "vmnet (one map)" || echo "ebtables (rule pair per VM)")
	printf '%-28s' "$name"
	for n in 1 1000 4000; do
		read -r a b <<<"${R[$v,$n]}"
		printf ' %10s' "$a,$b"
	done
	echo
done
for v in vmnet ebt; do
	read -r a1 b1 <<<"${R[$v,1]}"
	read -r a4 b4 <<<"${R[$v,4000]}"
	read -r am bm <<<"${R[$v,1000]}"
	echo "$v: 1000/1 = $(ratio "$am" "$a1") (in) $(ratio "$bm" "$b1") (out); 4000/1 = $(ratio "$a4" "$a1") (in) $(ratio "$b4" "$b1") (out)"
done
read -r va _ <<<"${R[vmnet,4000]}"
read -r ea _ <<<"${R[ebt,4000]}"
echo "at 4000 VMs, vmnet / ebtables (LAN->VM) = $(ratio "$va" "$ea")"

# SPDX-License-Identifier: GPL-2.0-or-later
# guard-world.sh - the body of bench/guard, run inside world.sh.
T=${BENCH_TIME:-3}
REPEAT=${BENCH_REPEAT:-2}
conf <<'C'
[network lan]
mode = bridged
bridge = br0
C
NS=vmnet-lan
bridged_lan $NS
ip netns add vmnet-vm
ip link add tapv type veth peer name v0 netns vmnet-vm
ip -n vmnet-vm link set lo up
ip -n vmnet-vm link set v0 address 52:54:00:00:00:01 up
ip -n vmnet-vm addr add 10.1.0.60/24 dev v0
ip -n vmnet-vm addr add fd00:1::60/64 dev v0 nodad
ip netns exec $NS iperf3 -s -D >/dev/null 2>&1

# mbps DST [-R]: one iperf3 run from the VM, Mbit/s received
mbps() {
	ip netns exec vmnet-vm iperf3 -J -t "$T" -c "$@" |
		python3 -c 'import json,sys; print(round(json.load(sys.stdin)["end"]["sum_received"]["bits_per_second"]/1e6))'
}

# measure DST: Mbit/s VM -> LAN host, then back, each the best of
# $REPEAT runs (the least disturbed by the rest of the machine)
measure() {
	local out=0 in=0 v
	for _ in $(seq "$REPEAT"); do
		v=$(mbps "$1"); [ "$v" -gt "$out" ] && out=$v
		v=$(mbps "$1" -R); [ "$v" -gt "$in" ] && in=$v
	done
	echo "$out $in"
}

# the port as vmnet-ifup leaves a learning tap, after "up": registered,
# in the network's group, learning its MAC and addresses
guard_setup() {
	local g
	"$VMNETCTL" up lan >/dev/null
	# (awk reads to the end: nft must not die of a closed pipe)
	g=$(nft list chain bridge vmnet spoof_lan | awk '/iifgroup/ && !g {g = $3} END {print g}')
	nft -f - <<N
add element bridge vmnet ports_lan { "tapv" }
add element bridge vmnet learn_lan { "tapv" }
add element bridge vmnet iplearn_lan { "tapv" }
N
	ip link set tapv group "$g" master br0 up
}

guard_teardown() {
	ip link set tapv nomaster group 0
	"$VMNETCTL" down lan >/dev/null
}

bare_setup() { ip link set tapv master br0 up; }
bare_teardown() { ip link set tapv nomaster; }

declare -A R
run() {
	local dst
	"$1_setup"
	for dst in 10.1.0.20 fd00:1::20; do
		ip netns exec vmnet-vm ping -c 2 -W 1 "$dst" >/dev/null ||
			{ echo "no path ($1, $dst)" >&2; exit 1; }
		R[$1,$dst]=$(measure "$dst")
	done
	if [ "$1" = guard ]; then
		nft list set bridge vmnet own6_lan | grep -q '"tapv"' ||
			{ echo "the guard never saw the VM's IPv6" >&2; exit 1; }
	fi
	"$1_teardown"
	sleep 0.5
}
run guard
run bare

ratio() { python3 -c "print(f'{$1 / $2:.2f}')"; }
printf '%-30s %14s %14s\n' "TCP Mbit/s (VM->LAN, LAN->VM)" "IPv4" "IPv6"
for v in guard bare; do
	name=$([ $v = guard ] && echo "vmnet's port guard (bridged)" || echo "the bare bridge")
	printf '%-30s %14s %14s\n' "$name" "${R[$v,10.1.0.20]/ /, }" "${R[$v,fd00:1::20]/ /, }"
done
for dst in 10.1.0.20 fd00:1::20; do
	read -r go gi <<<"${R[guard,$dst]}"
	read -r bo bi <<<"${R[bare,$dst]}"
	echo "ratio guard/bare $([ $dst = 10.1.0.20 ] && echo IPv4 || echo IPv6): VM->LAN $(ratio "$go" "$bo"), LAN->VM $(ratio "$gi" "$bi")"
done

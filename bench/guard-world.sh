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
# two VMs: vmnet-vm (tapv) and vmnet-vm2 (tapw), both ports of br0
vm_ns() {
	ip netns add "$1"
	ip link add "$2" type veth peer name v0 netns "$1"
	ip -n "$1" link set lo up
	ip -n "$1" link set v0 address "$3" up
	ip -n "$1" addr add "$4/24" dev v0
	ip -n "$1" addr add "$5/64" dev v0 nodad
}
vm_ns vmnet-vm tapv 52:54:00:00:00:01 10.1.0.60 fd00:1::60
vm_ns vmnet-vm2 tapw 52:54:00:00:00:02 10.1.0.61 fd00:1::61
ip netns exec $NS iperf3 -s -D >/dev/null 2>&1
ip netns exec vmnet-vm2 iperf3 -s -D >/dev/null 2>&1
ip netns exec $NS taskset -c 1 "$W/rr" -s 7001 &
ip netns exec vmnet-vm2 taskset -c 1 "$W/rr" -s 7001 &

# mbps DST [-R]: one iperf3 run from the VM, Mbit/s received
mbps() {
	ip netns exec vmnet-vm iperf3 -J -t "$T" -c "$@" |
		python3 -c 'import json,sys; print(round(json.load(sys.stdin)["end"]["sum_received"]["bits_per_second"]/1e6))'
}

# measure KEY DST: one round: Mbit/s VM -> DST, then back, and the
# request/response time in microseconds (bench/rr.c, both ends on one
# CPU), each kept in R[KEY] if the best of the rounds so far (the least
# disturbed by the rest of the machine)
declare -A R
measure() {
	local out=0 in=0 rr=999999 v
	[ -z "${R[$1]:-}" ] || read -r out in rr <<<"${R[$1]}"
	v=$(mbps "$2"); [ "$v" -gt "$out" ] && out=$v
	v=$(mbps "$2" -R); [ "$v" -gt "$in" ] && in=$v
	v=$(ip netns exec vmnet-vm taskset -c 1 "$W/rr" -c "$2" 7001 "$T" | cut -d' ' -f1)
	awk -v a="$v" -v b="$rr" 'BEGIN { exit !(a < b) }' && rr=$v
	R[$1]="$out $in $rr"
}

# the ports as vmnet-ifup leaves learning taps, after "up": registered,
# in the network's group, learning their MACs and addresses
guard_setup() {
	local g t
	"$VMNETCTL" up lan >/dev/null
	# (awk reads to the end: nft must not die of a closed pipe)
	g=$(nft list chain bridge vmnet spoof_lan | awk '/iifgroup/ && !g {g = $3} END {print g}')
	for t in tapv tapw; do
		nft -f - <<N
add element bridge vmnet ports_lan { "$t" }
add element bridge vmnet learn_lan { "$t" }
add element bridge vmnet iplearn_lan { "$t" }
N
		ip link set $t group "$g" master br0 up
	done
}

guard_teardown() {
	ip link set tapv nomaster group 0
	ip link set tapw nomaster group 0
	"$VMNETCTL" down lan >/dev/null
}

bare_setup() { ip link set tapv master br0 up; ip link set tapw master br0 up; }
bare_teardown() { ip link set tapv nomaster; ip link set tapw nomaster; }

DSTS="10.1.0.20 fd00:1::20 10.1.0.61 fd00:1::61"
label() {
	case $1 in
	10.1.0.20) echo "VM -> LAN host, IPv4" ;;
	fd00:1::20) echo "VM -> LAN host, IPv6" ;;
	10.1.0.61) echo "VM -> VM, IPv4" ;;
	fd00:1::61) echo "VM -> VM, IPv6" ;;
	esac
}

run() {
	local dst
	"$1_setup"
	ip netns exec vmnet-vm2 ping -c 1 -W 1 10.1.0.20 >/dev/null || true
	ip netns exec vmnet-vm2 ping -c 1 -W 1 fd00:1::20 >/dev/null || true
	for dst in $DSTS; do
		ip netns exec vmnet-vm ping -c 2 -W 1 "$dst" >/dev/null ||
			{ echo "no path ($1, $dst)" >&2; exit 1; }
		measure "$1,$dst" "$dst"
	done
	if [ "$1" = guard ]; then
		for t in tapv tapw; do
			nft list set bridge vmnet own6_lan | grep -q "\"$t\"" ||
				{ echo "the guard never saw $t's IPv6" >&2; exit 1; }
		done
	fi
	"$1_teardown"
	sleep 0.5
}
# (the rounds alternate: a disturbance that lasts falls on both)
for _ in $(seq "$REPEAT"); do
	run guard
	run bare
done

ratio() { python3 -c "print(f'{$1 / $2:.2f}')"; }
printf '%-22s %30s %30s\n' "" "vmnet's port guard (bridged)" "the bare bridge"
printf '%-22s %30s %30s\n' "" "out, in Mbit/s, RR us" "out, in Mbit/s, RR us"
for dst in $DSTS; do
	printf '%-22s %30s %30s\n' "$(label $dst)" "${R[guard,$dst]// /, }" "${R[bare,$dst]// /, }"
done
for dst in $DSTS; do
	read -r go gi gr <<<"${R[guard,$dst]}"
	read -r bo bi br <<<"${R[bare,$dst]}"
	echo "guard/bare, $(label $dst): out $(ratio "$go" "$bo"), in $(ratio "$gi" "$bi"), RR $(ratio "$gr" "$br")"
done

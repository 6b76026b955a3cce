# SPDX-License-Identifier: GPL-2.0-or-later
# rate-world.sh - the body of bench/rate, run inside world.sh.
RATES=${BENCH_RATES:-"10mbit 100mbit 250mbit"}
T=${BENCH_TIME:-5}
REPEAT=${BENCH_REPEAT:-3}
add_user alice 2001
ip link add br0 type bridge
ip link set br0 up
ip addr add 10.50.0.1/24 dev br0
conf <<'C'
[network lan]
mode = bridged
bridge = br0
guard = no
C
ip netns add vm
ip -n vm link set lo up
ip link add p-vm type veth peer name v0 netns vm
ip link set p-vm up
ip -n vm link set v0 address 52:54:00:00:00:50 up
ip -n vm addr add 10.50.0.2/24 dev v0
for x in "" "ip netns exec vm"; do
	d=p-vm; [ -n "$x" ] && d=v0
	$x ethtool -K $d tso off gso off gro off tx off >/dev/null 2>&1 || true
done
iperf3 -s -D -B 10.50.0.1 >/dev/null 2>&1
mktap tb alice
sleep 0.3

# mbit WAY: median Mbit/s of REPEAT iperf3 runs from the VM (up: VM to
# host; down: host to VM)
mbit() {
	local i v out=() flag=
	[ "$1" = down ] && flag=-R
	for i in $(seq "$REPEAT"); do
		v=$(ip netns exec vm iperf3 -J -t "$T" -c 10.50.0.1 $flag 2>/dev/null |
			python3 -c 'import json,sys; print(round(json.load(sys.stdin)["end"]["sum_received"]["bits_per_second"]/1e6, 1))')
		out+=("$v")
	done
	printf '%s\n' "${out[@]}" | sort -n | sed -n "$(((REPEAT + 1) / 2))p"
}

row() {	# RATE|none
	local pump up down lim
	if [ "$1" = none ]; then
		echo "allow alice lan" | acl
	else
		echo "allow alice lan rate=$1" | acl
	fi
	"$W/tappump" tb p-vm &
	pump=$!
	as alice env VMNET_MAC=52:54:00:00:00:50 "$IFUP" tb
	ip netns exec vm ping -c 1 -W 2 10.50.0.1 >/dev/null
	up=$(mbit up)
	down=$(mbit down)
	as alice "$IFDOWN" tb >/dev/null
	kill "$pump"
	wait "$pump" 2>/dev/null || true
	lim=$(python3 -c "
r = '$1'
print(int(r[:-4]) * {'k': 1e-3, 'm': 1, 'g': 1e3}[r[-4]] if r != 'none' else 0)")
	if [ "$1" = none ]; then
		printf '%-10s %12s %8s %12s %8s\n' "none" "$up" "-" "$down" "-"
	else
		printf '%-10s %12s %8s %12s %8s\n' "$1" "$up" \
			"$(python3 -c "print(f'{$up / $lim:.3f}')")" "$down" \
			"$(python3 -c "print(f'{$down / $lim:.3f}')")"
	fi
}

echo "TCP goodput in Mbit/s (median of $REPEAT runs of $T s) and its ratio to the limit;"
echo "the limit counts whole frames: 1448 bytes of payload ride in 1514, so 0.956 is the limit exactly"
printf '%-10s %12s %8s %12s %8s\n' "rate=" "VM->host" "/limit" "host->VM" "/limit"
row none
for r in $RATES; do
	row "$r"
done
ok "benchmark completed"

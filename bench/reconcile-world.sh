# SPDX-License-Identifier: GPL-2.0-or-later
# Sourced by tests/integration/world.sh inside throwaway namespaces: the
# reconcile benchmark (see bench/reconcile). BENCH_ONLY=storms runs only
# the storms, BENCH_ONLY=repairs only the repairs.
ITER=${BENCH_ITER:-15}
conf <<'C'
[network iso]
mode = isolated
bridge = vmnetb
address = 10.88.0.1/16
C
add_user vmbench 3000
acl <<'A'
allow vmbench iso
A
CORE=$(pwd)/bench/reconcile_core.py
# The uplink side: an address and a default route, as on a host.
ip link add up0 type veth peer name up0p
ip link set up0 up
ip link set up0p up
ip addr add 10.0.0.2/24 dev up0
ip route add default via 10.0.0.1
"$VMNETCTL" up iso >/dev/null

# add_taps FROM TO [USERS]: taps attached with records, as vmnet-ifup
# leaves them (learning; uid 3000, or one of USERS uids from 3000 on);
# their elements come from vmnetd's repair
record() { echo "vmnet1 net=iso uid=$1 mac=- ip=- omtu=1500 omac=02:00:00:00:00:01 oup=0 fw=isolated"; }
add_taps() {
	local i
	for i in $(seq "$1" "$2"); do
		echo "tuntap add bg$i mode tap user 3000"
		echo "link set bg$i master vmnetb alias \"$(record 3000)\""
	done | ip -batch -
}
# spread_taps N USERS: the records of taps 1..N name USERS users in turn
spread_taps() {
	local i
	for i in $(seq 1 "$1"); do
		echo "link set bg$i alias \"$(record $((3000 + i % $2)))\""
	done | ip -batch -
}

VMNETD=$T_ROOT/usr/sbin/vmnetd
have=0
[ "${BENCH_ONLY:-}" = storms ] || for n in 1 100 1000; do
	add_taps $((have + 1)) $n
	have=$n
	python3 "$CORE" "$VMNETD" "$VMNETCTL" "$n" "$ITER"
done
# the same thousand taps, of a hundred users: a repair takes each user's
# lock once and reads that user's taps again under it
if [ "${BENCH_ONLY:-}" != storms ]; then
	spread_taps 1000 100
	nft flush ruleset	# vmnetd starts with a repair, as for each row
	python3 "$CORE" "$VMNETD" "$VMNETCTL" 1000 "$ITER" 100
	spread_taps 1000 1
fi
[ "${BENCH_ONLY:-}" != repairs ] || exit 0
python3 "$CORE" "$VMNETD" "$VMNETCTL" storm "$ITER"
# a user's storms: their own tap, attached
ip tuntap add bgu mode tap user vmbench
as vmbench "$IFUP" bgu
python3 "$CORE" "$VMNETD" "$VMNETCTL" reopen "$ITER" "$IFUP" "$IFDOWN"
as vmbench "$IFDOWN" bgu
python3 "$CORE" "$VMNETD" "$VMNETCTL" attach "$ITER" "$IFUP" "$IFDOWN"

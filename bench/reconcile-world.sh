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

# add_taps FROM TO: taps attached with records, as vmnet-ifup leaves them
# (learning, uid 3000); their elements come from vmnetd's repair
add_taps() {
	local i
	for i in $(seq "$1" "$2"); do
		echo "tuntap add bg$i mode tap user 3000"
		echo "link set bg$i master vmnetb alias \"vmnet1 net=iso uid=3000 mac=- ip=- omtu=1500 omac=02:00:00:00:00:01 oup=0 fw=isolated\""
	done | ip -batch -
}

VMNETD=$T_ROOT/usr/sbin/vmnetd
have=0
[ "${BENCH_ONLY:-}" = storms ] || for n in 1 100 1000; do
	add_taps $((have + 1)) $n
	have=$n
	python3 "$CORE" "$VMNETD" "$VMNETCTL" "$n" "$ITER"
done
[ "${BENCH_ONLY:-}" != repairs ] || exit 0
python3 "$CORE" "$VMNETD" "$VMNETCTL" storm "$ITER"
# a user's storms: their own tap, attached
ip tuntap add bgu mode tap user vmbench
as vmbench "$IFUP" bgu
python3 "$CORE" "$VMNETD" "$VMNETCTL" reopen "$ITER" "$IFUP" "$IFDOWN"
as vmbench "$IFDOWN" bgu
python3 "$CORE" "$VMNETD" "$VMNETCTL" attach "$ITER" "$IFUP" "$IFDOWN"

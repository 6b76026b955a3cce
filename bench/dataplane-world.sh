# SPDX-License-Identifier: GPL-2.0-or-later
# dataplane-world.sh - the body of bench/dataplane, run inside world.sh.
#
#   VM (netns vmnet-vm, v0 192.168.100.60) == tapv -- bridge -- host
#   host uplink0 10.0.0.2/24 == i0 in netns vmnet-inet: 10.0.0.1, the
#   "internet" host 198.51.100.10 on its loopback
#
# Every path below carries the same TCP stream between the same two
# namespaces' sockets; only what lies between them changes.
T=${BENCH_TIME:-3}
REPEAT=${BENCH_REPEAT:-3}
SIZES=${BENCH_SIZES:-1 1000 4000}	# VMs' entries in vmnet's sets
RR=$W/rr
INET=198.51.100.10 VM_IP=192.168.100.60 VM_MAC=52:54:00:00:00:01
NS_I=vmnet-inet NS_V=vmnet-vm

conf <<'C'
[network default]
mode = isolated
bridge = vmnet0
address = 192.168.100.1/24
dhcp = 192.168.100.100-192.168.100.199
C

ip netns add $NS_I
ip -n $NS_I link set lo up
ip link add uplink0 type veth peer name i0 netns $NS_I
ip -n $NS_I link set i0 up
ip -n $NS_I addr add 10.0.0.1/24 dev i0
ip -n $NS_I addr add $INET/32 dev lo
ip link set uplink0 up
ip addr add 10.0.0.2/24 dev uplink0
ip route add default via 10.0.0.1
sysctl -qw net.ipv4.ip_forward=1
ip netns exec $NS_I iperf3 -s -D >/dev/null 2>&1
ip netns exec $NS_I taskset -c 1 "$RR" -s 7001 &

ip netns add $NS_V
ip -n $NS_V link set lo up
ip link add tapv type veth peer name v0 netns $NS_V
ip -n $NS_V link set v0 address $VM_MAC up
ip -n $NS_V addr add $VM_IP/24 dev v0
ip -n $NS_V route add default via 192.168.100.1

# busy: the CPU time all CPUs spent busy so far, in clock ticks
busy() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 }' /proc/stat; }

# tput DIR CMD... : one iperf3 run from the VM side (CMD runs the
# client there; DIR "-R" for the internet host sending), printed as "Mbit/s CPU-ms-per-Gbit", the CPU being the whole
# machine's (both ends, the path between, any userspace relay)
tput() {
	local dir=$1 b0 b1 hz
	shift
	hz=$(getconf CLK_TCK)
	b0=$(busy)
	"$@" iperf3 -J -t "$T" $dir -c $INET >"$W/iperf.json"
	b1=$(busy)
	python3 - "$W/iperf.json" "$((b1 - b0))" "$hz" <<'P'
import json, sys
e = json.load(open(sys.argv[1]))["end"]
bits = e["sum_received"]["bits_per_second"]
secs = e["sum_received"]["seconds"]
cpu_ms = int(sys.argv[2]) * 1000 / int(sys.argv[3])
print(round(bits / 1e6), round(cpu_ms / (bits * secs / 1e9), 1))
P
}

# measure LABEL CMD... : one round's figures added to LABEL's: out and
# in as Mbit/CPU, rr as mean-us
declare -A OUT IN RRUS
measure() {
	local l=$1
	shift
	OUT[$l]+="$(tput "" "$@" | tr ' ' /) "
	IN[$l]+="$(tput -R "$@" | tr ' ' /) "
	RRUS[$l]+="$("$@" taskset -c 1 "$RR" -c $INET 7001 "$T" | cut -d' ' -f1) "
}

# reachable CMD...: the path carries TCP (pasta of Debian 12 spins on
# ping)
reachable() { "$@" timeout 5 "$RR" -c $INET 7001 0.1 >/dev/null; }

# --- the variants: NAME_setup / NAME_teardown, run from the VM side ----
vm() { ip netns exec $NS_V "$@"; }
host() { "$@"; }

host_setup() { :; }
host_teardown() { :; }

# the same bridge and masquerade vmnet makes, nothing else
plain_bridge() {
	ip link add br0 type bridge
	ip link set br0 up
	ip addr add 192.168.100.1/24 dev br0
	ip link set tapv master br0 up
}
bare_setup() {
	plain_bridge
	nft -f - <<'N'
table ip bare {
	chain post {
		type nat hook postrouting priority srcnat; policy accept;
		oifname "uplink0" ip saddr 192.168.100.0/24 masquerade
	}
}
N
}
bare_teardown() { nft delete table ip bare; ip link del br0; }

# bare plus a flowtable over the VM's port and the uplink: what
# offloading established flows could buy (not what vmnet does)
flow_setup() {
	bare_setup
	nft -f - 2>/dev/null <<'N' || {
table inet fastpath {
	flowtable ft {
		hook ingress priority 0; devices = { tapv, uplink0 };
	}
	chain forward {
		type filter hook forward priority 0; policy accept;
		meta l4proto tcp flow add @ft
	}
}
N
		bare_teardown
		SKIP="this kernel has no nf_tables flowtable (CONFIG_NF_FLOW_TABLE)"
		return 1
	}
}
flow_teardown() { nft delete table inet fastpath; bare_teardown; }

# the shell recipe isolated mode replaces: iptables NAT, LAN prefixes
# rejected, nothing in from outside but replies
recipe_setup() {
	local p
	plain_bridge
	iptables -t nat -A POSTROUTING -s 192.168.100.0/24 ! -d 192.168.100.0/24 -j MASQUERADE
	iptables -A FORWARD -o br0 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
	iptables -A FORWARD -o br0 -j REJECT
	for p in 10.0.0.0/8 172.16.0.0/12 192.168.0.0/16 169.254.0.0/16 100.64.0.0/10; do
		iptables -A FORWARD -i br0 -d $p -j REJECT
	done
}
recipe_teardown() {
	iptables -F FORWARD
	iptables -t nat -F POSTROUTING
	ip link del br0
}

# vmnet, with the elements vmnet-ifup and the guard leave for an
# attached port that took its lease (its MAC, address, mark, class),
# and those of N-1 other ports
filler_ip() { echo "10.$((($1 >> 8) & 255)).$(($1 & 255)).7"; }
filler_mac() { printf '52:54:01:00:%02x:%02x' $((($1 >> 8) & 255)) $(($1 & 255)); }
vmnet_setup() {
	local n=$1 i g
	"$VMNETCTL" up default >/dev/null
	# (awk reads to the end: nft must not die of a closed pipe)
	g=$(nft list chain bridge vmnet spoof_default | awk '/iifgroup/ && !g {g = $3} END {print g}')
	ip link set tapv group "$g" master vmnet0 up
	{
		echo "add element bridge vmnet ports_default { \"tapv\" }"
		echo "add element bridge vmnet pairs_default { \"tapv\" . $VM_MAC }"
		echo "add element bridge vmnet seen_default { \"tapv\" : $VM_MAC }"
		echo "add element bridge vmnet chaddr_default { \"tapv\" . 0x${VM_MAC//:/} }"
		echo "add element bridge vmnet macs_default { $VM_MAC }"
		echo "add element bridge vmnet tapip_default { \"tapv\" : $VM_IP }"
		echo "add element bridge vmnet tapset_default { \"tapv\" . $VM_IP }"
		echo "add element bridge vmnet claimed_default { $VM_IP }"
		echo "add element bridge vmnet portmark_default { \"tapv\" : 0x4 }"
		echo "add element bridge vmnet portlim_default { \"tapv\" : 0:1000 }"
		for i in $(seq 2 "$n"); do
			echo "add element bridge vmnet ports_default { $((100000 + i)) }"
			echo "add element bridge vmnet pairs_default { $((100000 + i)) . $(filler_mac "$i") }"
			echo "add element bridge vmnet tapset_default { $((100000 + i)) . $(filler_ip "$i") }"
			echo "add element bridge vmnet macs_default { $(filler_mac "$i") }"
			echo "add element bridge vmnet portmark_default { $((100000 + i)) : $((i + 4)) }"
		done
	} | nft -f -
}
vmnet_teardown() {
	ip link set tapv nomaster group 0
	"$VMNETCTL" down default >/dev/null
}

# userspace relays: the VM's namespace is theirs (pasta as the
# unprivileged user it is made for: as root it gives up its mappings)
add_user benchu 2001
pasta_setup() { :; }
pasta_teardown() { :; }
pastavm() { as benchu pasta -q --config-net -- "$@" 2> >(grep -v "^No external routable interface for IPv6" >&2); }
slirp_setup() {
	ip netns add vmnet-slirp
	slirp4netns --configure --mtu=65520 --disable-host-loopback \
		--netns-type=path /run/netns/vmnet-slirp tap0 >/dev/null 2>&1 &
	echo $! >"$W/slirp.pid"
	for _ in $(seq 50); do
		ip -n vmnet-slirp -4 route | grep -q default && return
		sleep 0.1
	done
	echo "slirp4netns did not come up" >&2
	exit 1
}
slirp_teardown() {
	kill "$(cat "$W/slirp.pid")"
	ip netns del vmnet-slirp
}
slirpvm() { ip netns exec vmnet-slirp "$@"; }

declare -A SKIPPED
# run VARIANT LABEL RUNNER [N]: one round of VARIANT
run() {
	SKIP=""
	[ -z "${SKIPPED[$2]:-}" ] || return 0
	if ! "$1_setup" "${4:-1}"; then
		echo "skip - $2: $SKIP"
		SKIPPED[$2]=1
		return
	fi
	# (each variant's bridge has its own MAC)
	ip -n $NS_V neigh flush dev v0
	reachable "$3" || { echo "no path ($2)" >&2; exit 1; }
	case $1 in
	vmnet | recipe)
		! "$3" ping -c 1 -W 1 10.0.0.1 >/dev/null ||
			{ echo "the VM reached the LAN ($2)" >&2; exit 1; } ;;
	esac
	measure "$2" "$3"
	"$1_teardown"
	sleep 0.5
}
# The rounds go over every variant in turn: what disturbs the machine
# for a while (this is a VM among others) is spread over all of them.
CEIL="the host's own TCP (ceiling)" BARE="bare bridge + masquerade"
for _ in $(seq "$REPEAT"); do
	run host "$CEIL" host
	run bare "$BARE" vm
	run flow "bare + flowtable (not vmnet)" vm
	run recipe "iptables recipe" vm
	for n in $SIZES; do
		run vmnet "vmnet isolated, $n VMs" vm "$n"
	done
	run pasta "pasta" pastavm
	run slirp "slirp4netns" slirpvm
done
ORDER=("$CEIL" "$BARE" "bare + flowtable (not vmnet)" "iptables recipe")
for n in $SIZES; do ORDER+=("vmnet isolated, $n VMs"); done
ORDER+=(pasta slirp4netns)

python3 - "$T" "$REPEAT" <<P
import statistics as st
rows = [$(for k in "${ORDER[@]}"; do [ -n "${OUT[$k]:-}" ] && printf '("%s", "%s|%s|%s"),' "$k" "${OUT[$k]% }" "${IN[$k]% }" "${RRUS[$k]% }"; done)]
def split(s):
    return [[float(x) for x in f.split("/")] for f in s.split()]
res = {}
for name, s in rows:
    out, inn, rr = s.split("|")
    res[name] = (split(out), split(inn), [float(x) for x in rr.split()])
ceil, bare = "$CEIL", "$BARE"
med = lambda v, i: st.median(x[i] for x in v)
def rng(v, i):
    lo, hi = min(x[i] for x in v), max(x[i] for x in v)
    return f"{lo:.0f}-{hi:.0f}"
print(f"isolated mode, TCP VM <-> internet host; medians of $REPEAT rounds of $T s "
      "(range); CPU: the machine's busy ms per Gbit moved")
print(f"{'path':32} {'out Mbit/s':>17} {'in Mbit/s':>17} {'RR us':>6}"
      f" {'CPU out':>8} {'CPU in':>7} {'out/ceil':>8} {'in/ceil':>7}"
      f" {'out/bare':>8} {'in/bare':>7} {'RR/bare':>7}")
for name, (o, i, r) in res.items():
    co, ci, cr = res[ceil]
    bo, bi, br = res[bare]
    print(f"{name:32} {med(o,0):6.0f} ({rng(o,0):>9}) {med(i,0):6.0f} ({rng(i,0):>9})"
          f" {st.median(r):6.1f} {med(o,1):8.1f} {med(i,1):7.1f}"
          f" {med(o,0)/med(co,0):8.2f} {med(i,0)/med(ci,0):7.2f}"
          f" {med(o,0)/med(bo,0):8.2f} {med(i,0)/med(bi,0):7.2f}"
          f" {st.median(r)/st.median(br):7.2f}")
P

# SPDX-License-Identifier: GPL-2.0-or-later
# Sourced by tests/integration/world.sh inside throwaway namespaces: the
# side-by-side attach benchmark (see bench/attach).
ITER=${BENCH_ITER:-200}
ROUNDS=${BENCH_ROUNDS:-4}	# the variants take turns: a disturbance of
				# this machine falls on all of them alike
add_user benchu 2201
# qemu-bridge-helper as distributions install it for users: setuid root,
# with /etc/qemu/bridge.conf. The setuid copy lives only in this world.
install -m 4755 /usr/lib/qemu/qemu-bridge-helper "$W/qemu-bridge-helper"
mkdir -p /etc/qemu
echo "allow br0" | write_file /etc/qemu/bridge.conf 0644
conf <<'C'
[network lan]
mode = bridged
bridge = br0

[network iso]
mode = isolated
bridge = vmnetb
address = 10.88.0.1/16

[network wifi]
mode = wlan
uplink = wlan0
bridge = vmwb
method = netdev
C
ip link add br0 type bridge
ip link set br0 up
echo "allow benchu lan" | acl
"$VMNETCTL" up lan >/dev/null	# a bridged network's port guard
"$VMNETCTL" up iso >/dev/null
. tests/integration/aptopo.sh
ap_up
"$VMNETCTL" up wifi >/dev/null
CORE=$(pwd)/bench/attach_core.py
printf '#!/bin/sh\nip link set "$1" up\nip link set "$1" master br0\n' >"$W/qemu-ifup.sh"
printf '#!/bin/sh\nip link set "$1" nomaster\nip link set "$1" down\n' >"$W/qemu-ifdown.sh"
chmod 755 "$W/qemu-ifup.sh" "$W/qemu-ifdown.sh"
results=()

# measure LABEL N VARIANT ACL [PROGS...]: one round of LABEL's cycles,
# its samples added to LABEL's at N
measure() {
	local label=$1 n=$2 variant=$3 acl_text=$4 it out
	shift 4
	it=$(((ITER + ROUNDS - 1) / ROUNDS))
	[ "$it" -ge 2 ] || it=2	# (quartiles need two)
	printf '%s\n' "$acl_text" | acl
	if [ "$variant" = recipe ] || [ "$variant" = scripts ]; then
		ip tuntap add benchtap mode tap user benchu
		out=$(python3 "$CORE" "$variant" "$it" benchtap br0 "$@")
		ip link del benchtap
	elif [ "$variant" = vmnet ]; then
		ip tuntap add benchtap mode tap user benchu
		out=$(setpriv --reuid=benchu --regid="$(id -g benchu)" --init-groups -- \
			/usr/bin/python3 "$CORE" vmnet "$it" benchtap br0 "$@")
		ip link del benchtap
	else
		out=$(setpriv --reuid=benchu --regid="$(id -g benchu)" --init-groups -- \
			env RSS="$W/rss" /usr/bin/python3 "$CORE" qbh "$it" - br0 "$@")
	fi
	printf '%s\t%s\t%s\n' "$label" "$n" "$out" >>"$W/samples"
}

# the rounds' samples, pooled: a line per LABEL and N, and results[]
report() {
	local line
	while IFS= read -r line; do
		printf '%s\n' "$line" | cut -d'|' -f5
		results+=("$(printf '%s\n' "$line" | cut -d'|' -f1-4)")
	done < <(python3 - "$W/samples" <<'P'
import json, statistics, sys
pool, rss, order = {}, {}, []
for l in open(sys.argv[1]):
    label, n, out = l.rstrip("\n").split("\t")
    o = json.loads(out)
    if (label, n) not in pool:
        order.append((label, n))
    pool.setdefault((label, n), []).extend(o["samples_us"])
    rss[(label, n)] = max(rss.get((label, n), 0), o["peak_rss_kb"])
for k in order:
    s = pool[k]
    q = statistics.quantiles(s, n=4)
    med = round(statistics.median(s))
    text = f"{k[0]:<34} N={k[1]:<5} median {med:7} us  q1 {q[0]:.0f} q3 {q[2]:.0f} n {len(s)}"
    print(f"{k[0]}|{k[1]}|{med}|{rss[k]}|{text}")
P
)
}

add_background() {	# N BRIDGE NET: taps already attached, recorded by vmnet for another user
	local n=$1 br=$2 net=$3 i m
	{	# (a bridge takes 1024 ports: past 1000, the taps are on others)
		for i in $(seq 1000 1000 "$n"); do
			echo "link add bgx$net$((i / 1000)) type bridge"
		done
		for i in $(seq 1 "$n"); do
			m=$br
			[ "$i" -le 1000 ] || m=bgx$net$(((i - 1) / 1000))
			echo "tuntap add bg$net$i mode tap user 3000"
			echo "link set bg$net$i master $m up alias \"vmnet1 net=$net uid=3000 mac=- ip=- omtu=1500 omac=02:00:00:00:00:01 oup=0\""
		done
	} | ip -batch -
	[ "$net" = lan ] && return 0
	{	# and their elements, as vmnet-ifup adds them
		for i in $(seq 1 "$n"); do
			printf 'add element bridge vmnet ports_%s { "bg%s%s" }\n' "$net" "$net" "$i"
			printf 'add element bridge vmnet pairs_%s { "bg%s%s" . 52:54:00:00:%02x:%02x }\n' "$net" "$net" "$i" $((i / 256)) $((i % 256))
			[ "$net" = wifi ] || continue
			ip=10.77.$((i / 256)).$((i % 256))
			printf 'add element bridge vmnet tapip_wifi { "bgwifi%s" : %s }\n' "$i" "$ip"
			printf 'add element bridge vmnet tapset_wifi { "bgwifi%s" . %s }\n' "$i" "$ip"
			printf 'add element bridge vmnet claimed_wifi { %s }\n' "$ip"
			printf 'add element netdev vmnet ip4mac_wifi { %s : 52:54:00:00:%02x:%02x }\n' "$ip" $((i / 256)) $((i % 256))
		done
	} | nft -f -
}

SIZES=${BENCH_SIZES:-1 1000 4000}
for n in $SIZES; do
	for net in "br0 lan" "vmnetb iso" "vmwb wifi"; do
		# shellcheck disable=SC2086
		add_background $((n == 1 ? 1 : n - 1)) $net
	done
	for _ in $(seq "$ROUNDS"); do
		measure "vmnet-ifup+ifdown" $n vmnet "allow benchu lan" "$IFUP" "$IFDOWN"
		BENCH_NETWORK=iso measure "vmnet-ifup+ifdown (isolated)" $n vmnet "allow benchu iso" "$IFUP" "$IFDOWN"
		BENCH_NETWORK=wifi measure "vmnet-ifup+ifdown (wlan, learned)" $n vmnet "allow benchu wifi" "$IFUP" "$IFDOWN"
		BENCH_NETWORK=wifi BENCH_MAC=52:54:00:99:00:01 BENCH_IP=192.168.50.99 \
			measure "vmnet-ifup+ifdown (wlan, VMNET_IP)" $n vmnet "allow benchu wifi" "$IFUP" "$IFDOWN"
		measure "vmnet-ifup+ifdown (max-taps)" $n vmnet "allow benchu lan max-taps=4096" "$IFUP" "$IFDOWN"
		measure "qemu-bridge-helper (attach only)" $n qbh "allow benchu lan" "$W/qemu-bridge-helper"
		measure "vmnet-helper (attach only)" $n qbh "allow benchu lan" "$HELPER"
		measure "shell recipe (4 x ip, as root)" $n recipe "allow benchu lan"
		measure "shell recipe as QEMU scripts" $n scripts "allow benchu lan" "$W/qemu-ifup.sh" "$W/qemu-ifdown.sh"
	done
	# clean the background for the next N
	ip -o link show | awk -F': ' '/ bgx?(lan|iso|wifi)[0-9]+[:@]/ {print $2}' | cut -d@ -f1 |
		sed 's/^/link del /' | ip -batch - 2>/dev/null || true
	for set in ports_iso pairs_iso ports_wifi pairs_wifi tapset_wifi claimed_wifi; do
		nft flush set bridge vmnet $set
	done
	nft flush map bridge vmnet tapip_wifi
	nft flush map netdev vmnet ip4mac_wifi
done

report
python3 - "$SIZES" "${results[@]}" <<'PY'
import sys
sizes = sys.argv[1].split()
big = sizes[-1]
sys.argv[1:] = sys.argv[2:]
r = {}
m = {}
for s in sys.argv[1:]:
    label, n, med, rss = s.split("|")
    r[(label, n)] = int(med)
    m[(label, n)] = int(rss)
v, vq, q, s, sc = ("vmnet-ifup+ifdown", "vmnet-ifup+ifdown (max-taps)",
                   "qemu-bridge-helper", "shell recipe (4 x ip, as root)",
                   "shell recipe as QEMU scripts")
print("\nratios (lower is better for vmnet):")
q = "qemu-bridge-helper (attach only)"
for n in sizes:
    print(f"  N={n:<4}  vmnet-ifup+ifdown / qemu-bridge-helper attach = {r[(v,n)]/r[(q,n)]:.2f}"
          f"   vmnet / shell recipe = {r[(v,n)]/r[(s,n)]:.2f}"
          f"   vmnet / recipe as scripts = {r[(v,n)]/r[(sc,n)]:.2f}")
    print(f"          max-taps: vmnet / qemu-bridge-helper attach = {r[(vq,n)]/r[(q,n)]:.2f}"
          f"   vmnet / shell recipe = {r[(vq,n)]/r[(s,n)]:.2f}"
          f"   / vmnet without max-taps = {r[(vq,n)]/r[(v,n)]:.2f}")
vh = "vmnet-helper (attach only)"
for n in sizes:
    print(f"  N={n:<4}  vmnet-helper / qemu-bridge-helper: time {r[(vh,n)]/r[(q,n)]:.2f}"
          f", peak RSS {m[(vh,n)]/m[(q,n)]:.2f} ({m[(vh,n)]} KB vs {m[(q,n)]} KB)")
vi = "vmnet-ifup+ifdown (isolated)"
for n in sizes:
    print(f"  N={n:<4}  isolated (anti-spoofing elements) / bridged vmnet-ifup+ifdown = {r[(vi,n)]/r[(v,n)]:.2f}")
print(f"  vmnet isolated N={big} / N=1 = {r[(vi,big)]/r[(vi,'1')]:.2f}")
for w in ("vmnet-ifup+ifdown (wlan, learned)", "vmnet-ifup+ifdown (wlan, VMNET_IP)"):
    print(f"  {w[18:]:<17} / bridged: " + ", ".join(f"N={n} {r[(w,n)]/r[(v,n)]:.2f}" for n in sizes) +
          f";  N={big} / N=1 = {r[(w,big)]/r[(w,'1')]:.2f}")
print(f"  vmnet N={big} / N=1 = {r[(v,big)]/r[(v,'1')]:.2f}"
      f"   vmnet(max-taps) N={big} / N=1 = {r[(vq,big)]/r[(vq,'1')]:.2f}"
      f"   qemu-bridge-helper N={big} / N=1 = {r[(q,big)]/r[(q,'1')]:.2f}")
PY
ok "benchmark completed"

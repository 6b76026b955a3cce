# SPDX-License-Identifier: GPL-2.0-or-later
# ovn-world.sh - the body of bench/ovn, run inside world.sh.
#
# VMs (tests/integration/ovntopo.sh): a on hv1 (the one attached and
# detached), b on hv2, c on hv1, all on logical switch "net"; s1 and s2
# on a Linux bridge in the world's own namespace: the single-host path.
. tests/integration/ovntopo.sh
ITER=${BENCH_ITER:-20}
T=${BENCH_TIME:-3}
REPEAT=${BENCH_REPEAT:-3}

ovn_up
nbctl ls-add net
ovn_vm a hv1 52:54:00:0a:00:0a 10.9.0.11
ovn_vm b hv2 52:54:00:0a:00:0b 10.9.0.12
ovn_vm c hv1 52:54:00:0a:00:0c 10.9.0.13
ovn_lsp net lp-a 52:54:00:0a:00:0a 10.9.0.11
ovn_lsp net lp-b 52:54:00:0a:00:0b 10.9.0.12
ovn_lsp net lp-c 52:54:00:0a:00:0c 10.9.0.13
ovn_bind hv2 t-b lp-b
ovn_bind hv1 t-c lp-c

ip link add sbr type bridge
ip link set sbr up
for v in s1:10.8.0.1 s2:10.8.0.2; do
	ip netns add "${v%:*}"
	ip -n "${v%:*}" link set lo up
	ip link add "t-${v%:*}" type veth peer name v0 netns "${v%:*}"
	ip link set "t-${v%:*}" master sbr up
	ip -n "${v%:*}" link set v0 up
	ip -n "${v%:*}" addr add "${v#*:}/24" dev v0
done

now_ms() { date +%s%3N; }
lsp_up() { [ "$(nbctl get logical_switch_port "$1" up 2>/dev/null)" = true ]; }
installed() {
	[ "$(vsctl "$1" --if-exists get interface "$2" external_ids:ovn-installed 2>/dev/null)" = '"true"' ]
}

# first_ms FILE CMD...: the time (ms since the epoch) CMD first
# succeeds, written to FILE (0: not within 20 s); polled every 2 ms
first_ms() {
	local f=$1 end=$(($(now_ms) + 20000))
	shift
	while [ "$(now_ms)" -lt $end ]; do
		if "$@"; then now_ms >"$f"; return 0; fi
		sleep 0.002
	done
	echo 0 >"$f"
}

# attach: lp-a bound on hv1 from nothing; the times (ms) until
# ovn-controller says it installed the port (ovn-installed), until the
# northbound database says it is up, and until b on hv2 gets a reply from
# a: "installed up traffic"
attach() {
	local t0 p i u
	ip netns exec a ip neigh flush dev v0
	ip netns exec b ip neigh flush dev v0
	t0=$(now_ms)
	ovn_bind hv1 t-a lp-a
	first_ms "$W/inst" installed hv1 t-a &
	i=$!
	first_ms "$W/up" lsp_up lp-a &
	u=$!
	ip netns exec b ping -D -n -i 0.002 -c 10000 -w 20 10.9.0.11 >"$W/ping" &
	p=$!
	wait_for grep -q "bytes from" "$W/ping" || true
	kill $p 2>/dev/null || true
	wait $i $u $p || true
	python3 - "$t0" "$W/inst" "$W/up" "$W/ping" <<'P'
import re, sys
t0 = int(sys.argv[1])
inst, up = (int(open(f).read()) for f in sys.argv[2:4])
m = re.search(r"^\[(\d+\.\d+)\] \d+ bytes from", open(sys.argv[4]).read(), re.M)
tr = round(float(m.group(1)) * 1000) if m else 0
print(*(v - t0 if v else -1 for v in (inst, up, tr)))
P
}

detach() {
	vsctl hv1 del-port br-int t-a
	for _ in $(seq 400); do lsp_up lp-a || return 0; sleep 0.005; done
	echo "lp-a still up after its detach" >&2
	return 1
}

for _ in $(seq 200); do lsp_up lp-b && lsp_up lp-c && break; sleep 0.05; done
: >"$W/attach"
for i in $(seq "$ITER"); do
	attach >>"$W/attach"
	detach
done
ovn_bind hv1 t-a lp-a
wait_for lsp_up lp-a

# --- the same through vmnet: vmnet-ifup run by an unprivileged user,
# vmnetd binding the tap (mode ovn), to VM w on hv2. The "VM" behind the
# tap is tapecho.py (ARP and ICMP echo). Times from the start of
# vmnet-ifup, in ms: "ifup-returned first-reply detach-took"; the VM
# across pings from the moment vmnet-ifup returns.
add_user alice 2001
ovn_vmnet_host hv1
write_file "$OVN_D/hv1/etc/vmnet.conf" 0644 <<EOF
[network vnet]
mode = ovn
lan = allow
northbound = tcp:172.31.0.1:6641
ovsdb = unix:$OVN_D/hv1/db.sock
EOF
echo "allow alice vnet" | write_file "$OVN_D/hv1/etc/acl" 0644
hv hv1 "$VMNETCTL" up vnet >/dev/null
hv hv1 setsid "$VMNETD" 2>>"$W/vmnetd.err" &
wait_for hv hv1 test -S /run/vmnetd/ovn.sock
ovn_vm w hv2 52:54:00:0b:00:0b 10.10.0.12
ovn_lsp vnet lp-w 52:54:00:0b:00:0b 10.10.0.12
ovn_bind hv2 t-w lp-w
wait_for lsp_up lp-w
hv hv1 ip tuntap add tv mode tap user alice
hv hv1 python3 "$PWD/tests/integration/tapecho.py" tv 52:54:00:0b:00:0a 10.10.0.11 &
vattach() {
	local t0 t1 t2 p
	ip netns exec w ip neigh flush dev v0
	t0=$(now_ms)
	hv_as hv1 alice env VMNET_MAC=52:54:00:0b:00:0a VMNET_IP=10.10.0.11 "$IFUP" tv
	t1=$(now_ms)
	# the VM on the other chassis starts at once (its ARP for an address
	# OVN does not know yet would wait a second for its retry)
	ip netns exec w ping -D -n -i 0.002 -c 10000 -w 30 10.10.0.11 >"$W/vping" &
	p=$!
	wait_for grep -q "bytes from" "$W/vping" || true
	kill $p 2>/dev/null || true
	wait $p || true
	hv_as hv1 alice "$IFDOWN" tv >/dev/null
	t2=$(now_ms)
	python3 - "$t0" "$t1" "$t2" "$W/vping" <<'P'
import re, sys
t0, t1, t2 = (int(x) for x in sys.argv[1:4])
m = re.search(r"^\[(\d+\.\d+)\] \d+ bytes from", open(sys.argv[4]).read(), re.M)
tr = round(float(m.group(1)) * 1000) - t0 if m else -1
print(t1 - t0, tr, t2 - t1)
P
}
: >"$W/vattach"
for i in $(seq "$ITER"); do
	vattach >>"$W/vattach"
done

# the request/response time (bench/rr.c, both ends on CPU 1) and TCP
# throughput each way between two VMs, best of the rounds
for v in a b c s1 s2; do
	ip netns exec $v iperf3 -s -D >/dev/null 2>&1
	ip netns exec $v taskset -c 1 "$W/rr" -s 7001 &
done
sleep 0.3
declare -A R
path() {	# LABEL FROM TO-ADDRESS
	local out=0 in=0 rr=999999 i v
	ip netns exec "$2" ping -c 2 -W 2 "$3" >/dev/null ||
		{ echo "no path: $1" >&2; exit 1; }
	for i in $(seq "$REPEAT"); do
		v=$(ip netns exec "$2" iperf3 -J -t "$T" -c "$3" | python3 -c 'import json,sys; print(round(json.load(sys.stdin)["end"]["sum_received"]["bits_per_second"]/1e6))')
		[ "$v" -gt "$out" ] && out=$v
		v=$(ip netns exec "$2" iperf3 -J -t "$T" -R -c "$3" | python3 -c 'import json,sys; print(round(json.load(sys.stdin)["end"]["sum_received"]["bits_per_second"]/1e6))')
		[ "$v" -gt "$in" ] && in=$v
		v=$(ip netns exec "$2" taskset -c 1 "$W/rr" -c "$3" 7001 "$T" | cut -d' ' -f1)
		awk -v a="$v" -v b="$rr" 'BEGIN { exit !(a < b) }' && rr=$v
	done
	R[$1]="$out $in $rr"
}
path "Linux bridge, one host" s1 10.8.0.2
path "OVN, same chassis" c 10.9.0.11
path "OVN, across chassis (Geneve)" b 10.9.0.11

python3 - "$W/attach" "$W/vattach" <<'P'
import statistics, sys
rows = [list(map(int, l.split())) for l in open(sys.argv[1]) if l.strip()]
print(f"OVN attach (ovs-vsctl add-port with iface-id) to, in ms over {len(rows)} attaches:")
for i, what in enumerate(("ovn-installed set on the interface",
                          "the logical port up in the northbound db",
                          "first reply across chassis")):
    v = [r[i] for r in rows if r[i] >= 0]
    if not v:
        print(f"  {what:44} never")
        continue
    print(f"  {what:44} median {statistics.median(v):6.0f}  min {min(v):5}  max {max(v):5}")
early = sum(1 for r in rows if r[0] >= 0 and r[2] >= 0 and r[0] < r[2])
print(f"  ovn-installed before the first reply: {early} of {len(rows)}")
base = statistics.median([r[2] for r in rows if r[2] >= 0] or [0])
rows = [list(map(int, l.split())) for l in open(sys.argv[2]) if l.strip()]
print(f"vmnet (vmnet-ifup as a user, vmnetd binds) in ms over {len(rows)} attaches:")
for i, what in enumerate(("vmnet-ifup returned (OVN has it up)",
                          "first reply across chassis",
                          "vmnet-ifdown returned (all removed)")):
    v = [r[i] for r in rows if r[i] >= 0]
    if not v:
        print(f"  {what:44} never")
        continue
    print(f"  {what:44} median {statistics.median(v):6.0f}  min {min(v):5}  max {max(v):5}")
v = [r[1] - r[0] for r in rows if r[1] >= 0]
if v:
    print(f"  {'first reply after vmnet-ifup returned':44} median {statistics.median(v):6.0f}  min {min(v):5}  max {max(v):5}")
v = [r[1] for r in rows if r[1] >= 0]
if v and base:
    print(f"  vmnet / bare binding, to the first reply: {statistics.median(v) / base:.2f}")
P

printf '%-32s %10s %10s %8s\n' "path" "out Mbit/s" "in Mbit/s" "RR us"
base_rr=
for l in "Linux bridge, one host" "OVN, same chassis" "OVN, across chassis (Geneve)"; do
	read -r o i r <<<"${R[$l]}"
	printf '%-32s %10s %10s %8s\n' "$l" "$o" "$i" "$r"
	[ -n "$base_rr" ] || base_rr=$r
done
for l in "OVN, same chassis" "OVN, across chassis (Geneve)"; do
	read -r _ _ r <<<"${R[$l]}"
	echo "$l / Linux bridge: RR $(python3 -c "print(f'{$r / $base_rr:.2f}')")"
done
ok "benchmark completed"

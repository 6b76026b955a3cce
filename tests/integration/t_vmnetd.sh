# SPDX-License-Identifier: GPL-2.0-or-later
# t_vmnetd.sh - vmnetd keeps an isolated network's guarantees while the
# host changes, with real events: "nft flush ruleset" and deleted tables
# while a VM (a real tap, written by frames.py) probes the LAN without
# pause; QEMU SIGKILLed with a helper tap; libvirt's order (tap deleted,
# then the downscript); foreign ports; new uplink addresses; "vmnetctl
# down" honoured; vmnetd SIGKILLed in the middle of a repair; its log and
# "vmnetctl status".
. tests/integration/topo.sh
topo_up
add_user alice 2001
add_user bob 2002
acl <<'A'
allow alice default
allow bob default ip=192.168.100.50 mac=52:54:00:00:00:0b/48
A
ip netns exec $NS_L nft -f - <<'N'
table ip seen {
	counter probe { }
	chain in {
		type filter hook input priority 0; policy accept;
		udp dport 9999 counter name "probe"
	}
}
N
probes() { ip netns exec $NS_L nft list counter ip seen probe | awk '/packets/ {print $2}'; }
log_has() { grep -q "vmnetd\[[0-9]*\]: $1" "$W/syslog"; }
restored() { nft list set bridge vmnet ports_default 2>/dev/null | grep -qw tapB; }

out=$(as bob "$VMNETD" 2>&1) && fail "vmnetd runs as a non-root user"
check "vmnetd refuses a non-root user, in one line" grep -qx "vmnetd\[[0-9]*\]: must be run as root" <<<"$out"
start_vmnetd
check "vmnetd brings the configured network up" \
	wait_for sh -c "nft list table inet vmnet >/dev/null 2>&1 && pgrep -x dnsmasq >/dev/null"
check "  and logs it" wait_for log_has "default: is not up: bringing it up"
check "  check finds nothing wrong" wait_for quiet "$VMNETCTL" check
# CHOWN KILL SETGID SETUID NET_BIND_SERVICE NET_ADMIN NET_RAW BPF PERFMON: what
# vmnet.service's CapabilityBoundingSet= says (t_unit.sh)
caps=c0000034e1
for f in CapEff CapPrm CapBnd; do
	check "vmnetd's $f is exactly its capabilities" \
		grep -qx "$f:	000000$caps" /proc/$dpid/status
done
check "status shows it running, with its pid" \
	sh -c "'$VMNETCTL' status | grep -q '^vmnetd: running (pid $dpid)'"
check "status --json too" sh -c "'$VMNETCTL' status --json | python3 -c '
import json, sys; d = json.load(sys.stdin)[\"vmnetd\"]
sys.exit(not (d[\"running\"] and d[\"pid\"] == $dpid and \"what\" in d[\"last_repair\"]))'"
out=$("$VMNETD" 2>&1 || true)
check "a second vmnetd refuses to start" grep -q "already running (pid $dpid)" <<<"$out"
# Its environment is read once: JOURNAL_STREAM counts only when it names
# the stream standard error is (then lines go to syslog alone, not twice)
: >"$W/second.err"
js=$(stat -c %d:%i "$W/second.err")
JOURNAL_STREAM=$js "$VMNETD" 2>>"$W/second.err" || true
check "  with JOURNAL_STREAM naming its standard error, it says so once (syslog)" \
	[ ! -s "$W/second.err" ]
JOURNAL_STREAM=1:2 "$VMNETD" 2>>"$W/second.err" || true
check "  control: naming another stream, standard error has it too" \
	grep -q "already running (pid $dpid)" "$W/second.err"

ip tuntap add tapB mode tap user bob
check "bob's VM attaches" as bob "$IFUP" tapB
ip link set tapB up
BR_MAC=$(mac_of vmnet0)
# The VM: every 2 ms a UDP probe to the LAN host and an echo request to
# the internet host; it counts the replies.
python3 - "$BR_MAC" "$LAN_IP" "$INET_IP" "$W" <<'PY' &
import os, sys
sys.path.insert(0, "tests/integration")
import frames as F
br, lan, inet, w = sys.argv[1:5]
B = F.Tap("tapB", "52:54:00:00:00:0b", "192.168.100.50")
sent = replies = seq = 0
while not os.path.exists(w + "/stop"):
    seq = (seq + 1) & 0xffff
    B.send(F.eth(br, B.mac, 0x0800, F.ipv4(B.ip, lan, 17,
                                          F.udp(4000, 9999, b"probe"))))
    B.send(F.eth(br, B.mac, 0x0800, F.ipv4(B.ip, inet, 1,
                                          F.icmp_echo(0x55, seq))))
    sent += 1
    for f in B.frames(0.002):
        _, _, et, p = F.parse(f)
        replies += et == 0x0800 and p[9] == 1 and \
            F.ip_str(p[12:16]) == inet and p[20] == 0
    with open(w + "/vm.tmp", "w") as f:
        f.write("%d %d\n" % (sent, replies))
    os.rename(w + "/vm.tmp", w + "/vm")
PY
vm_pid=$!
replies() { awk '{print $2}' "$W/vm" 2>/dev/null || echo 0; }
sent() { awk '{print $1}' "$W/vm" 2>/dev/null || echo 0; }
more_replies() { [ "$(replies)" -gt "$1" ]; }
check "control: the VM reaches the internet host" wait_for more_replies 3

for cmd in "nft flush ruleset" "nft delete table inet vmnet" \
	"nft delete table bridge vmnet" "nft delete chain inet vmnet fwd_default"; do
	r=$(replies)
	$cmd
	check "$cmd: restored, the VM's elements too" wait_for restored
	check "  the VM's traffic resumes by itself" wait_for more_replies $((r + 3))
	check "  check is clean again" wait_for quiet "$VMNETCTL" check
done
s=$(sent)
check "the VM probed the LAN all along ($s probes)" [ "$s" -gt 50 ]
check "  and no probe ever reached the LAN host" [ "$(probes)" = 0 ]
check "a repair is logged with what was wrong" \
	log_has "default: chain inet vmnet [a-z_]* is missing.*: repairing"
check "status shows the last repair" \
	sh -c "'$VMNETCTL' status | grep -q '^vmnetd: running (pid $dpid), last repair [0-9-]* [0-9:]*: default: '"
touch "$W/stop"
wait $vm_pid

# A repair causes events, and so one more pass; that pass finds nothing
# to do and causes none: vmnetd goes quiet.
sleep 0.3
n=$(grep -c "vmnetd\[" "$W/syslog")
sleep 0.5
check "after a repair, vmnetd goes quiet" [ "$(grep -c "vmnetd\[" "$W/syslog")" = "$n" ]
check "  having needed no backoff" not log_has ".*in a row"

# QEMU SIGKILLed with a helper tap: its elements go without gc.
setpriv --reuid=alice --regid="$(id -g alice)" --init-groups -- \
	qemu-system-x86_64 -name vmnet-world-qemu -S -nodefaults \
	-display none -serial none -monitor none -m 64 \
	-netdev "bridge,id=n0,br=default,helper=$HELPER" \
	-device virtio-net-pci,netdev=n0,mac=52:54:00:00:00:0a \
	>"$W/qemu.out" 2>&1 &
qpid=$!
check "QEMU -netdev bridge: its tap is on vmnet0" \
	wait_for sh -c "bridge link show master vmnet0 | grep -q vmtap"
tap=$(bridge link show master vmnet0 | grep -o 'vmtap[0-9]*' | head -1)
idx=$(link_field "$tap" ifindex)
check "  registered" sh -c "nft list set bridge vmnet ports_default | grep -qw $tap"
kill -KILL $qpid
wait $qpid 2>/dev/null || true
check "QEMU SIGKILLed: the tap's elements go without gc" \
	wait_for sh -c "! nft list set bridge vmnet ports_default | grep -qw -e $tap -e $idx"
check "  logged" wait_for log_has "default: removed the elements of 1 tap that is gone"

# libvirt's system mode deletes the tap, then runs the downscript.
ip tuntap add tapL mode tap user alice
check "alice attaches tapL" as alice "$IFUP" tapL
idx=$(link_field tapL ifindex)
ip link del tapL
check "libvirt's order: the downscript after the tap is gone exits 0" \
	as alice "$IFDOWN" tapL
check "  and nothing of tapL is left" \
	wait_for sh -c "! nft list set bridge vmnet ports_default | grep -qw -e tapL -e $idx"

# Foreign ports: a tap is adopted, anything else taken off the bridge.
ip tuntap add tapF mode tap
ip link add vfA type veth peer name vfB
ip link set tapF master vmnet0
ip link set vfA master vmnet0
check "a foreign tap on vmnet0 is adopted by itself (owner unknown)" \
	wait_for sh -c "ip -d link show tapF | grep -q 'alias vmnet1 net=default uid=0 .* via=adopted'"
check "  with anti-spoofing" sh -c "nft list set bridge vmnet ports_default | grep -q 'uid=0 name=tapF'"
no_master() { [ -z "$(master_of "$1")" ]; }
check "a foreign veth is taken off vmnet0" wait_for no_master vfA
check "  logged" log_has "default: took foreign port vfA (veth) off vmnet0"
"$IFDOWN" tapF
ip link del tapF
ip link del vfA

# The uplink changes: a new connected subnet (outside the private
# ranges the LAN set always has) joins the LAN set; the address and
# subnet changed, the set follows; check stays clean.
lan_has() { nft list set inet vmnet lan_default | grep -q "$1"; }
ip addr add 198.18.5.2/24 dev uplink0
check "a new connected subnet on the uplink joins the LAN set" \
	wait_for lan_has 198.18.5.0/24
check "  check is clean" wait_for quiet "$VMNETCTL" check
ip addr del 198.18.5.2/24 dev uplink0
ip addr add 198.18.6.9/23 dev uplink0
check "the address and subnet changed: the LAN set follows" \
	wait_for lan_has 198.18.6.0/23
check "  without the old subnet" not lan_has 198.18.5.0/24
ip addr del 198.18.6.9/23 dev uplink0
check "a removed subnet leaves it" wait_for not lan_has 198.18.6.0/23
check "  check is clean" wait_for quiet "$VMNETCTL" check

# "vmnetctl down" is honoured; "up" brings it back under vmnetd.
check "vmnetctl down default (tapB detached first)" \
	sh -c "as() { setpriv --reuid=\$1 --regid=\$(id -g \$1) --init-groups -- \"\$2\" \"\$3\"; }; as bob '$IFDOWN' tapB && '$VMNETCTL' down default >/dev/null"
sleep 0.5
check "  vmnetd keeps it down" sh -c "! ip link show vmnet0 2>/dev/null && ! nft list table inet vmnet 2>/dev/null"
nft add table inet other
sleep 0.3
check "  even after unrelated nf_tables events" not quiet ip link show vmnet0
nft delete table inet other
check "vmnetctl up default" quiet "$VMNETCTL" up default
check "  the marker is gone" [ ! -e /run/vmnetd/down/default ]
nft flush ruleset
check "  vmnetd repairs it again" wait_for quiet "$VMNETCTL" check

# SIGKILL in the middle of a repair (vmnetd and its job), then a restart.
as bob "$IFUP" tapB >/dev/null
nft flush ruleset
for _ in $(seq 400); do
	pgrep -P $dpid >/dev/null && break
	sleep 0.005
done
disown $dpid
kill -KILL -- -$dpid
while kill -0 $dpid 2>/dev/null; do sleep 0.01; done
check "vmnetd SIGKILLed: status says it is not running" \
	sh -c "'$VMNETCTL' status 2>/dev/null | grep -q '^vmnetd: not running'"
nft flush ruleset
start_vmnetd
check "restarted: it restores everything" wait_for restored
check "  check is clean" wait_for quiet "$VMNETCTL" check

# A vmnet.conf (there was none: the embedded one holds) broken on its
# first line, then SIGHUP: vmnetd says so and keeps the configuration it
# had, not what it read of the new one (none of its networks): a flush is
# still repaired.
echo 'mode = isolated' | conf
kill -HUP $dpid
check "a broken vmnet.conf on SIGHUP is refused, in the log" \
	wait_for log_has "/etc/vmnet/vmnet.conf:1: setting outside a \[network NAME\] section (keeping the configuration loaded before)"
nft flush ruleset
check "  the configuration before it still holds: a flush is repaired" wait_for restored
check "  the repair says why it used that" \
	log_has "/etc/vmnet/vmnet.conf:1: setting outside a \[network NAME\] section (going on with the configuration loaded before)"
rm /etc/vmnet/vmnet.conf
kill -HUP $dpid
check "  the mended file is loaded" wait_for sh -c "[ \$(grep -c 'vmnetd\[[0-9]*\]: SIGHUP: reloading' '$W/syslog') = 2 ]"

# A record forged by root claiming bob's pinned MAC and address, next to
# a learning tap of bob's: after a flush, the one-transaction restore of
# bob's taps cannot be; each is then restored alone: tapB and tapC get
# theirs, tapX is refused and said so (its frames stay dropped); vmnetd
# stops retrying it until its backoff, and after tapX goes all is clean.
rec() { echo "vmnet1 net=default uid=2002 mac=$1 ip=$2 omtu=1500 omac=02:00:00:00:00:01 oup=0 fw=isolated"; }
ip tuntap add tapC mode tap user bob
ip tuntap add tapX mode tap user bob
ip link set tapC master vmnet0 alias "$(rec - -)"
ip link set tapX master vmnet0 alias "$(rec 52:54:00:00:00:0b 192.168.100.50)"
registered() { nft list set bridge vmnet ports_default 2>/dev/null | grep -qw "$1"; }
check "a forged record's tap is refused its elements" \
	wait_for grep -q "vmnetd\[[0-9]*\]: default: tapX: not restored: another port holds its MAC or address now" "$W/syslog"
nft flush ruleset
check "after a flush: tapB restored" wait_for registered tapB
check "  tapC too" wait_for registered tapC
check "  tapX not" not registered tapX
check "  the repair that cannot hold is said so" \
	wait_for log_has "default: still wrong after the repair: tap tapX has no firewall elements"
# while tapX waits out its backoff (4 s now), a flush is repaired at once
check "  retried with a growing delay" \
	wait_for log_has "default: left as it is until the next try in 4000 ms"
t0=$(date +%s%N)
nft flush ruleset
wait_for sh -c "nft list set bridge vmnet ports_default 2>/dev/null | grep -qw tapB"
dt=$((($(date +%s%N) - t0) / 1000000))
check "  a flush meanwhile is repaired at once (${dt} ms, not after the 4 s)" [ $dt -lt 2000 ]
ip link del tapX
check "tapX gone: check is clean again" wait_for quiet "$VMNETCTL" check
"$IFDOWN" tapC 2>/dev/null || ip link set tapC nomaster
ip link del tapC

# Taps restored together are checked against one snapshot of the sets
# (one dump per set, not a round trip per tap): it must see what the
# kernel holds. Two of bob's taps wait for their elements at once; one's
# record claims the bridge's own MAC, which the commit of the pair would
# not refuse (infra_NET is not a set the port is added to): only the
# check can, so it must have read infra_NET.
brmac=$(mac_of vmnet0)
ip tuntap add tapD mode tap user bob
ip tuntap add tapY mode tap user bob
ip link set tapD master vmnet0 alias "$(rec - -)"
ip link set tapY master vmnet0 alias "$(rec "$brmac" -)"
check "taps restored together: the learning one gets its elements" \
	wait_for registered tapD
check "  the one claiming the bridge's MAC does not" \
	wait_for grep -q "vmnetd\[[0-9]*\]: default: tapY: not restored: another port holds its MAC or address now" "$W/syslog"
check "  and stays without" not registered tapY
ip link del tapY
ip link del tapD
check "  gone: check is clean again" wait_for quiet "$VMNETCTL" check


# SIGTERM: it stops, the network stays up, dnsmasq with it.
kill -TERM $dpid
wait $dpid
check "SIGTERM: vmnetd exits 0" [ $? = 0 ]
check "  the network stays up" quiet "$VMNETCTL" check
check "  dnsmasq runs on" quiet pgrep -x dnsmasq
check "  logged" log_has "stopping; the networks stay up"
check "  nothing went to vmnetd's standard error but its log lines" \
	not grep -v "^vmnetd\[[0-9]*\]: " "$W/vmnetd.err"

# /run/vmnetd must be root's own: handed to a user, or replaced by a
# symlink, neither vmnetd nor vmnetctl's writers use it
why="/run/vmnetd: must be a directory owned by root, not writable by others"
chown bob /run/vmnetd
refuse "down refuses /run/vmnetd owned by a user" "$why" "$VMNETCTL" down default
out=$("$VMNETD" 2>&1) && fail "vmnetd starts with /run/vmnetd owned by a user"
check "  and so does vmnetd" grep -q "vmnetd\[[0-9]*\]: $why" <<<"$out"
chown root /run/vmnetd
mv /run/vmnetd /run/vmnetd.real
mkdir -m 700 "$W/fake"
ln -s "$W/fake" /run/vmnetd
refuse "up refuses /run/vmnetd as a symlink" "$why" "$VMNETCTL" up default
check "  nothing was written through it" [ -z "$(ls -A "$W/fake")" ]
rm /run/vmnetd
mv /run/vmnetd.real /run/vmnetd

# Control: with vmnetd stopped, nf_tables flushed and the second line
# removed, the same probes do reach the LAN host.
nft flush ruleset
tc qdisc del dev vmnet0 clsact
python3 - "$(mac_of vmnet0)" "$LAN_IP" <<'PY'
import sys, time
sys.path.insert(0, "tests/integration")
import frames as F
B = F.Tap("tapB", "52:54:00:00:00:0b", "192.168.100.50")
for _ in range(20):
    B.send(F.eth(sys.argv[1], B.mac, 0x0800, F.ipv4(B.ip, sys.argv[2], 17,
                                                    F.udp(4000, 9999, b"x"))))
    B.frames(0.01)
PY
check "control: unprotected, the probes reach the LAN host" [ "$(probes)" -gt 0 ]
"$VMNETCTL" up default >/dev/null
as bob "$IFDOWN" tapB
"$VMNETCTL" down default >/dev/null

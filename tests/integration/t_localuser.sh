# SPDX-License-Identifier: GPL-2.0-or-later
# t_localuser.sh - a hostile local user against the administrator's paths:
# a user with no rights at all holding files that were vmnetd's lock; a
# user the ACL allows holding their own lock (their vmnet-helper blocked
# on a socket they filled, their own vmnet-ifup stopped with SIGSTOP)
# while a flush, gc, up and down --force run; taps from vmnet-helper made
# persistent to escape max-taps; taps a foreign setuid
# qemu-bridge-helper puts on vmnet's bridge. No user may stall, blind or
# outgrow them; others' repairs never wait for a user.
. tests/integration/topo.sh
topo_up
add_user alice 2001
add_user bob 2002
add_user carol 2003
add_user dave 2004
add_user eve 2009	# no ACL rule, no group: a local account
acl <<'A'
allow alice default max-taps=8
allow bob default ip=192.168.100.50 mac=52:54:00:00:00:0b/48
allow carol default max-taps=1
allow dave default
A
CALL=$PWD/tests/integration/callhelper.py
log_has() { grep -q "vmnetd\[[0-9]*\]: $1" "$W/syslog"; }
ms_since() { echo $((($(date +%s%N) - $1) / 1000000)); }
has_elems() { nft list set bridge vmnet ports_default 2>/dev/null | grep -qw "$1"; }

# --- 23.1: vmnetd's single-instance lock is no file a user can open ------
# What an earlier vmnet (or a chmod) left: a lock file and a pid file that
# everyone can read. eve opens both read-only and holds an exclusive lock
# on each, as the old vmnetd's lock was.
mkdir -p /run/vmnetd
printf '4242\n' >/run/vmnetd/vmnetd.pid
: >/run/vmnetd/vmnetd.lock
: >/run/vmnetd/admin.lock
chmod 644 /run/vmnetd/vmnetd.pid /run/vmnetd/vmnetd.lock /run/vmnetd/admin.lock
as eve python3 - "$W/eve.stop" <<'PY' >"$W/eve.out" 2>&1 &
import fcntl, os, sys, time
held = []
for p in ("/run/vmnetd/vmnetd.pid", "/run/vmnetd/vmnetd.lock",
          "/run/vmnetd/admin.lock"):
    f = open(p)
    fcntl.flock(f, fcntl.LOCK_EX)
    held.append(f)
print("holding", flush=True)
while not os.path.exists(sys.argv[1]):
    time.sleep(0.1)
PY
evepid=$!
check "control: eve holds all three files locked" wait_for grep -q holding "$W/eve.out"
start_vmnetd
check "vmnetd starts all the same" \
	wait_for sh -c "'$VMNETCTL' status 2>/dev/null | grep -q '^vmnetd: running (pid $dpid)'"
check "  and brings the network up" wait_for quiet "$VMNETCTL" check
for f in vmnetd.lock admin.lock; do
	check "  $f is a new file, root's, mode 0600" \
		sh -c "[ \"\$(stat -c '%U %a %h' /run/vmnetd/$f)\" = 'root 600 1' ]"
	check "  eve cannot open it" \
		sh -c "setpriv --reuid=eve --regid=\$(id -g eve) --init-groups -- python3 -c \"open('/run/vmnetd/$f')\" 2>&1 | grep -q PermissionError"
done
check "  the pid file is readable, names vmnetd, and nobody locks it" \
	sh -c "[ \"\$(setpriv --reuid=eve --regid=\$(id -g eve) --init-groups -- cat /run/vmnetd/vmnetd.pid)\" = $dpid ] && python3 -c '
import fcntl; fcntl.flock(open(\"/run/vmnetd/vmnetd.pid\"), fcntl.LOCK_EX | fcntl.LOCK_NB)'"
check "vmnetctl up, gc and down take the administrators' lock (eve holds the old one)" \
	sh -c "'$VMNETCTL' gc >/dev/null && '$VMNETCTL' up default >/dev/null"
out=$("$VMNETD" 2>&1 || true)
check "a second vmnetd still refuses to start" grep -q "already running (pid $dpid)" <<<"$out"
touch "$W/eve.stop"
wait "$evepid" 2>/dev/null
kill -TERM "$dpid"; wait "$dpid" 2>/dev/null
check "status: not running once it stopped (its pid file stays)" \
	sh -c "'$VMNETCTL' status | grep -q '^vmnetd: not running'"
# a pid file naming another process: a root shell, and eve's own
# process named vmnetd
echo $$ >/run/vmnetd/vmnetd.pid
check "  a pid file naming another process is not a running vmnetd" \
	sh -c "'$VMNETCTL' status | grep -q '^vmnetd: not running'"
cp /bin/sleep "$W/vmnetd"
chmod 755 "$W/vmnetd"
setpriv --reuid=eve --regid="$(id -g eve)" --init-groups -- "$W/vmnetd" 600 &
fake=$!
wait_for sh -c "[ \"\$(cat /proc/$fake/comm)\" = vmnetd ]"
echo "$fake" >/run/vmnetd/vmnetd.pid
check "  nor eve's process named vmnetd (as root)" \
	sh -c "'$VMNETCTL' status | grep -q '^vmnetd: not running'"
check "  nor for eve herself" \
	sh -c "setpriv --reuid=eve --regid=\$(id -g eve) --init-groups -- '$VMNETCTL' status 2>/dev/null | grep -q '^vmnetd: not running'"
kill "$fake"; wait "$fake" 2>/dev/null || true
start_vmnetd
check "vmnetd runs again" wait_for sh -c "'$VMNETCTL' status 2>/dev/null | grep -q '^vmnetd: running (pid $dpid)'"

# --- 23.2: one user's lock delays nobody else ------------------------------
ip tuntap add tapA mode tap user alice
ip tuntap add tapB mode tap user bob
check "alice attaches" as alice "$IFUP" tapA
check "bob attaches" as bob "$IFUP" tapB
# (1) alice's vmnet-helper, blocked sending its tap on a socket she filled
mkfifo -m 666 "$W/full.in"
as alice python3 "$CALL" full "$HELPER" --use-vnet --br=default '--fd={fd}' \
	<"$W/full.in" >"$W/full.out" 2>&1 &
fullpid=$!
exec 7<>"$W/full.in"
helper_tap() { ip -d link show | grep -B1 "alias vmnet1 net=default uid=2001 .* via=helper" | grep -o 'vmtap[0-9]*' | head -1; }
check "alice's vmnet-helper attached a tap and blocks sending it" wait_for sh -c "[ -n \"\$(ip -d link show | grep 'via=helper')\" ]"
check "  (its send really blocks: it has not exited)" sh -c "sleep 0.3; kill -0 $fullpid && pgrep -x vmnet-helper >/dev/null"
check "  and it holds no lock while it waits" not quiet nft list table inet vmnet_lock_2001
t0=$(date +%s%N)
nft flush ruleset
check "after a flush, bob's tap gets its elements back (vmnetd)" wait_for has_elems tapB
echo "# restored in $(ms_since $t0) ms with alice's helper blocked"
check "  within a second" [ "$(ms_since $t0)" -lt 1000 ]
check "  and alice's too (her lock is free)" wait_for has_elems tapA
exec 7>&-
check "alice's helper finishes when she reads" wait "$fullpid"

# (2) alice's own vmnet-ifup stopped (SIGSTOP) while it holds her lock: a
# user may stop their own processes. strace stops it at its first netlink
# request after taking the lock, so that the test does not depend on
# winning that race; the lock table shows it held.
hold_lock() {	# TAP
	strace -f -qq -o /dev/null -e trace=sendmsg \
		-e inject=sendmsg:signal=SIGSTOP:when=3 \
		setpriv --reuid=alice --regid="$(id -g alice)" --init-groups -- \
		"$IFUP" "$1" >"$W/hold.out" 2>&1 &
	HOLD=$!
	wait_for sh -c "nft list table inet vmnet_lock_2001 >/dev/null 2>&1 &&
		grep -q '^State:[[:space:]]*[tT]' /proc/\$(pgrep -nx vmnet-ifup)/status"
}
release_lock() { pkill -CONT -x vmnet-ifup; wait "$HOLD"; }
# alice has K ports that gc must restore: taps of hers taken off the
# bridge behind vmnet's back (what a killed detach leaves)
K=6
for i in $(seq $K); do
	ip tuntap add tapK$i mode tap user alice
	as alice "$IFUP" tapK$i >/dev/null
done
ip tuntap add tapH mode tap user alice
check "alice's own vmnet-ifup stopped while it holds her lock" hold_lock tapH
for i in $(seq $K); do ip link set tapK$i nomaster; done
ip tuntap add tapD mode tap user dave
t0=$(date +%s%N)
nft flush ruleset
check "after a flush, bob's tap gets its elements back" wait_for has_elems tapB
ms=$(ms_since $t0)
echo "# restored in $ms ms with alice's run stopped holding her lock"
check "  within a second, not after alice's lock" [ "$ms" -lt 1000 ]
check "  alice's attached tap waits for her lock" not has_elems tapA
check "  vmnetd says so" wait_for log_has "tapA: a vmnet run of uid 2001 holds its lock: its taps come last"
check "dave attaches a tap meanwhile" as dave "$IFUP" tapD
# the administrator's commands: one bounded wait for alice, not one per port
kill -STOP "$dpid"	# (vmnetd would race them for the same work)
t0=$(date +%s%N)
rc=0
"$VMNETCTL" gc >"$W/gc.out" 2>&1 || rc=$?
ms=$(ms_since $t0)
echo "# gc took $ms ms with $K stale ports of alice's and her lock held"
check "gc skips alice's $K stale ports, says so, exits 1" \
	sh -c "[ $rc = 1 ] && grep -q 'some skipped: try again' '$W/gc.out'"
check "  after one bounded wait (< 3 s, not $K x 3 s)" [ "$ms" -lt 3000 ]
check "  asking her lock once" [ "$(grep -c 'holds its lock' "$W/gc.out")" = 1 ]
t0=$(date +%s%N)
"$VMNETCTL" up default >"$W/up.out" 2>&1 || true
ms=$(ms_since $t0)
check "up finishes in < 3 s with alice's lock held" [ "$ms" -lt 3000 ]
kill -CONT "$dpid"

# --- 23.3: down --force is all or nothing -----------------------------------
kill -STOP "$dpid"
refuse "down --force while alice's run holds her lock changes nothing" \
	"^vmnetctl: default: a vmnet run of uid 2001 holds its lock; nothing was changed; try again$" \
	"$VMNETCTL" down --force default
check "  no kept-down marker" [ ! -e /run/vmnetd/down/default ]
kill -CONT "$dpid"
check "alice's stopped run finishes when continued" release_lock
check "  and vmnetd restores her taps then" wait_for has_elems tapA
check "  and gc cleans her $K stale ports" \
	wait_for sh -c "'$VMNETCTL' gc | grep -q '^gc: 0 stale taps cleaned' && [ -z \"\$(ip -d -o link show | grep 'net=default uid=2001' | grep -v master)\" ]"

# --- 23.4: every tap vmnet-helper made is counted until it is gone ---------
mkfifo -m 666 "$W/p.in"
as carol python3 "$CALL" persist "$HELPER" --use-vnet --br=default '--fd={fd}' \
	<"$W/p.in" >"$W/p.out" 2>&1 &
ppid=$!
exec 8<>"$W/p.in"
check "carol's helper tap, made persistent by her" wait_for sh -c "[ -n \"\$(cat '$W/p.out')\" ]"
ctap=$(cat "$W/p.out")
refuse "vmnet-ifdown of it is refused" \
	"^vmnet-ifdown: $ctap: created by vmnet-helper: it leaves its network when QEMU closes it, not by vmnet-ifdown$" \
	as carol "$IFDOWN" "$ctap"
ip tuntap add tapC mode tap user carol
refuse "  so it still counts: carol is at max-taps=1" \
	"^vmnet-ifup: tapC: carol already has 1 tap attached, the limit of max-taps=1" \
	as carol "$IFUP" tapC
exec 8>&-
wait "$ppid"
check "closed by carol, the persistent tap is deleted (vmnetd)" \
	wait_for sh -c "! ip link show $ctap >/dev/null 2>&1"
check "  logged" wait_for log_has "gc: $ctap: deleted: a tap vmnet-helper made for uid 2003"
check "  its elements are gone too" wait_for sh -c "! nft list set bridge vmnet ports_default | grep -qw $ctap"
check "carol may attach a tap again" as carol "$IFUP" tapC
check "  and detach it" as carol "$IFDOWN" tapC
# the loop of the report: persist, try to detach, close; 20 rounds
carol_taps() {	# taps (of any record) whose tun owner is carol
	local n=0 f
	for f in /sys/class/net/vmtap*/owner; do
		[ -f "$f" ] && [ "$(cat "$f")" = 2003 ] && n=$((n + 1))
	done
	echo $n
}
n=0
for i in $(seq 20); do
	mkfifo -m 666 "$W/q$i.in"
	as carol python3 "$CALL" persist "$HELPER" --use-vnet --br=default '--fd={fd}' \
		<"$W/q$i.in" >"$W/q$i.out" 2>&1 &
	qp=$!
	exec 9<>"$W/q$i.in"
	wait_for sh -c "[ -n \"\$(cat '$W/q$i.out')\" ] || ! kill -0 $qp 2>/dev/null"
	t=$(cat "$W/q$i.out")
	[ -z "$t" ] || as carol "$IFDOWN" "$t" >/dev/null 2>&1 || true
	exec 9>&-
	wait "$qp" 2>/dev/null || true
	n=$(carol_taps)
	[ "$n" -gt 1 ] && break
done
check "20 rounds of persist + ifdown + close: never more than one of carol's taps ($n)" [ "$n" -le 1 ]
no_carol_taps() { [ "$(carol_taps)" = 0 ]; }
check "  and none left in the end" wait_for no_carol_taps

# --- 23.6: taps that reach vmnet's bridge by another path ------------------
# qemu-bridge-helper made setuid root beside vmnet (inside this world only:
# a bind mount), its bridge.conf allowing vmnet0
cp /usr/lib/qemu/qemu-bridge-helper "$W/qbh"
chmod 4755 "$W/qbh"
mount --bind "$W/qbh" /usr/lib/qemu/qemu-bridge-helper
mkdir -p /etc/qemu
echo "allow vmnet0" | write_file /etc/qemu/bridge.conf 0644
check "check names the other helper and its bridge.conf line" sh -c "
	'$VMNETCTL' check 2>&1 | grep -q 'warning: /usr/lib/qemu/qemu-bridge-helper is setuid root and /etc/qemu/bridge.conf:1 lets every user put taps on vmnet0 (network default) with it, past vmnet.s ACL, max-taps and pins'"
for i in 1 2; do
	setpriv --reuid=eve --regid="$(id -g eve)" --init-groups -- \
		qemu-system-x86_64 -name vmnet-world-qemu -S -nodefaults \
		-display none -serial none -monitor none -m 64 \
		-netdev "bridge,id=n0,br=vmnet0,helper=/usr/lib/qemu/qemu-bridge-helper" \
		-device virtio-net-pci,netdev=n0,mac=52:54:00:00:0e:0$i \
		>"$W/qemu$i.out" 2>&1 &
done
adopted() { [ "$(ip -d -o link show | grep -c 'master vmnet0 .*via=adopted')" = 2 ]; }
check "eve, whom the ACL denies, got two taps on vmnet0 that way; vmnetd adopts them" wait_for adopted
check "  as of unknown owner, never root's" sh -c "
	'$VMNETCTL' status | grep -E '^  tap[0-9]+ ' | grep -q '(adopted)' &&
	! '$VMNETCTL' status | grep -E '^  tap[0-9]+ ' | grep -q ' root '"
check "  and vmnetd names the helper that let them in" \
	wait_for log_has "default: /usr/lib/qemu/qemu-bridge-helper is setuid root and /etc/qemu/bridge.conf:1"
check "  they count against nobody: carol attaches her one tap" as carol "$IFUP" tapC
as carol "$IFDOWN" tapC >/dev/null
pkill -f "name vmnet-world-qemu" || true

test_cleanup() { kill "$dpid" 2>/dev/null; topo_down; }

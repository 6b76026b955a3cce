# SPDX-License-Identifier: GPL-2.0-or-later
# Capabilities are zero once setup is done. vmnet-ifup logs only after the
# final drop; stalling the syslog reader (its queue full) freezes the
# process right there, so /proc shows its state after setup.

add_user alice 2001
conf <<'C'
[network lan]
mode = bridged
bridge = br0
C
acl <<'A'
allow alice lan
A
ip link add br0 type bridge
"$VMNETCTL" up --all >/dev/null
mktap tap0 alice

stall_syslog() {
	kill -STOP "$syslog_pid"
	python3 - <<'PY'
import socket
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.connect("/dev/log")
s.setblocking(False)
try:
    for _ in range(100000):
        s.send(b"<13>filler")
except BlockingIOError:
    pass
PY
}

run_frozen() {	# PROG: start it as alice with syslog stalled, print its status
	stall_syslog
	# setpriv and env exec, so $! is the vmnet process itself
	setpriv --reuid=alice --regid="$(id -g alice)" --init-groups -- \
		env VMNET_NETWORK=lan "$1" tap0 &
	pid=$!
	for _ in $(seq 200); do
		st=$(cat /proc/$pid/task/*/wchan 2>/dev/null | head -1)
		case "$st" in unix_wait_for_peer|*wait_for_peer*) break ;; esac
		sleep 0.02
	done
	grep -E '^(Uid|Gid|CapInh|CapPrm|CapEff|CapBnd|CapAmb|NoNewPrivs):' /proc/$pid/status >"$W/status"
	cat /proc/$pid/task/*/wchan >"$W/wchan" 2>/dev/null || true
	kill -CONT "$syslog_pid"
	wait $pid
	echo "exit=$?" >>"$W/status"
}

for prog in "$IFUP" "$IFDOWN"; do
	p=${prog##*/}
	run_frozen "$prog"
	check "$p blocked in syslog after setup" grep -q wait_for_peer "$W/wchan"
	check "$p: CapEff is zero" grep -q "^CapEff:.*0000000000000000" "$W/status"
	check "$p: CapPrm is zero" grep -q "^CapPrm:.*0000000000000000" "$W/status"
	check "$p: CapInh and CapAmb are zero" sh -c "grep -q '^CapInh:.*0000000000000000' '$W/status' && grep -q '^CapAmb:.*0000000000000000' '$W/status'"
	check "$p: bounding set cleared" grep -q "^CapBnd:.*0000000000000000" "$W/status"
	check "$p: no_new_privs set" grep -q "^NoNewPrivs:.*1" "$W/status"
	check "$p: all uids are alice's" grep -Eq "^Uid:\s+2001\s+2001\s+2001\s+2001" "$W/status"
	check "$p: exit status 0" grep -q "exit=0" "$W/status"
done
check "tap0 detached after the frozen ifdown" [ -z "$(master_of tap0)" ]

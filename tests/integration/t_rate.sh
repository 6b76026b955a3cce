# SPDX-License-Identifier: GPL-2.0-or-later
# t_rate.sh - bandwidth limits from the ACL (rate=): a real guest's TCP to
# and from the internet host measured against the limit each way; the
# limit removed by hand (the guest then goes faster: the control), seen
# by check and put back by vmnetd; status shows it; detach, a user
# without a limit and a SIGKILLed QEMU's helper tap leave no rate device.
. tests/integration/topo.sh
TI=$PWD/tests/integration
topo_up
add_user alice 2001
add_user bob 2002
acl <<'A'
allow alice default rate=8mbit max-taps=3
allow bob default
A
check "check: rate= is valid" "$VMNETCTL" check
"$VMNETCTL" up default >/dev/null
start_vmnetd
mkdir -m 777 "$W/sink"
ip netns exec $NS_I python3 "$TI/ratesink.py" "$W/sink" &
SINK=$!
test_cleanup() { kill "$SINK" 2>/dev/null; topo_down; }

# Mbit/s of "BYTES SECONDS" line N of the sink's record of each way
mbit_up() { sed -n "${1}p" "$W/sink/up" | awk '{ printf "%.2f", $1 * 8 / $2 / 1e6 }'; }
mbit_down() { sed -n "${1}p" "$W/sink/down" | awk '{ printf "%.2f", $1 * 8 / $2 / 1e6 }'; }
within() { awk -v v="$1" -v want="$2" -v tol="$3" 'BEGIN { exit !(v >= want * (1 - tol) && v <= want * (1 + tol)) }'; }
above() { awk -v v="$1" -v x="$2" 'BEGIN { exit !(v > x) }'; }
ifbs() { ip -o link show type ifb | grep -c vmrate || true; }

mktap tapR alice
guest_image ra "$TI/guest/ra.sh"
guest_start ra alice tapR 52:54:00:00:00:2a
QR=$GUEST_PID
check "the guest boots and takes a lease" guest_wait ra ready 150
check "tc: the tap's root qdisc is vmnet's tbf at 8 Mbit/s" \
	grep -q "qdisc tbf 766d: root .* rate 8Mbit" <<<"$(tc qdisc show dev tapR)"
check "tc: the tap's ingress goes to its rate device, shaped at 8 Mbit/s" \
	eval 'tc filter show dev tapR ingress | grep -q "Egress Redirect to device vmrate" && tc qdisc show dev "$(ip -o link show type ifb | awk -F": " "/vmrate/ {print \$2; exit}")" | grep -q "rate 8Mbit"'
"$VMNETCTL" status >"$W/status" 2>&1
check "status: the tap's limit" grep -q "tapR .* attached, 8mbit each way" "$W/status"
check "status --json: rate_kbit" grep -q '"rate_kbit": *8000' <<<"$("$VMNETCTL" status --json)"

guest_go ra
check "the guest's first round" guest_wait ra probed1 60
wait_for test -s "$W/sink/down"
up1=$(mbit_up 1) down1=$(mbit_down 1)
check "from the VM, TCP holds 8 Mbit/s within 10 % ($up1)" within "$up1" 8 0.10
check "to the VM, TCP holds 8 Mbit/s within 10 % ($down1)" within "$down1" 8 0.10

# the control: without the limit (removed by hand, vmnetd stopped) the
# same guest goes faster; check names what is missing
kill "$dpid"
wait "$dpid" 2>/dev/null || true
tc qdisc del dev tapR root
tc filter del dev tapR ingress pref 2 || true
check "check: names the missing limit" \
	eval '! "$VMNETCTL" check 2>"$W/check" && grep -q "tap tapR lacks its rate limit (8mbit each way)" "$W/check"'
guest_go ra
check "the guest's second round" guest_wait ra probed2 60
up2=$(mbit_up 2)
check "control: without the limit the VM sends faster ($up2 Mbit/s)" above "$up2" 12
check "gc puts the limit back" eval '"$VMNETCTL" gc | grep -q "gc: tapR: put back its rate limit (8mbit each way)" && "$VMNETCTL" check >/dev/null'
tc filter del dev tapR ingress pref 2 || true
start_vmnetd
limited() { tc filter show dev tapR ingress | grep -q "Egress Redirect" && "$VMNETCTL" check >/dev/null 2>&1; }
check "vmnetd puts the limit back" wait_for limited
check "vmnetd says so" grep -aq "tapR: put back its rate limit (8mbit each way)" "$W/syslog"
guest_go ra
check "the guest's last round" guest_wait ra done 60
for _ in $(seq 100); do [ "$(wc -l <"$W/sink/down")" -ge 2 ] && break; sleep 0.1; done
up3=$(mbit_up 3) down3=$(mbit_down 2)
check "after the repair, from the VM: 8 Mbit/s within 10 % ($up3)" within "$up3" 8 0.10
check "after the repair, to the VM: 8 Mbit/s within 10 % ($down3)" within "$down3" 8 0.10
ended() { ! kill -0 "$1" 2>/dev/null; }
check "the guest powers off (QEMU runs vmnet-ifdown)" wait_for ended "$QR"
check "detached: no rate device, the tap's own qdisc back" \
	eval '[ "$(ifbs)" = 0 ] && ! tc qdisc show dev tapR | grep -q tbf && ! tc filter show dev tapR ingress | grep -q .'

# a user without a limit: nothing of it
mktap tapB bob
check "bob attaches" as bob env VMNET_MAC=52:54:00:00:00:2b "$IFUP" tapB
check "no rate=: no tbf, no rate device" eval '! tc qdisc show dev tapB | grep -q tbf && [ "$(ifbs)" = 0 ]'

# a helper tap of a QEMU that is SIGKILLed: vmnetd deletes its rate device
mkfifo "$W/helper.in"
exec 7<>"$W/helper.in"
as alice env VMNET_MAC=52:54:00:00:00:2c python3 "$TI/callhelper.py" ok "$HELPER" --br=default --fd={fd} \
	<"$W/helper.in" >"$W/helper.out" 2>&1 &
HP=$!
wait_for grep -q . "$W/helper.out"
check "vmnet-helper's tap gets its rate device" [ "$(ifbs)" = 1 ]
kill -KILL "$(pgrep -f "callhelper.py ok $HELPER")"
wait "$HP" 2>/dev/null || true
exec 7>&-
no_ifb() { [ "$(ifbs)" = 0 ]; }
check "SIGKILL: vmnetd deletes the rate device of the tap that went" wait_for no_ifb
kill "$dpid"

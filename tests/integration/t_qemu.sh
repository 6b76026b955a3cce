# SPDX-License-Identifier: GPL-2.0-or-later
# Real QEMU, run as an unprivileged user, attaches and detaches through
# -netdev tap,script=vmnet-ifup,downscript=vmnet-ifdown (paused guest).

add_user alice 2001
conf <<'C'
[network lan]
mode = bridged
bridge = br0

[network default]
mode = isolated
bridge = vmnet0
address = 192.168.100.1/24
C
acl <<'A'
allow alice lan max-taps=2
allow alice default max-taps=2
A
ip link add br0 type bridge
ip link set br0 mtu 1450 up
"$VMNETCTL" up --all >/dev/null

run_qemu() {	# TAP NETWORK: start QEMU as alice in the background
	setpriv --reuid=alice --regid="$(id -g alice)" --init-groups -- \
		env VMNET_NETWORK="$2" VMNET_MAC=52:54:00:12:34:56 \
		qemu-system-x86_64 -name vmnet-world-qemu -S -nodefaults \
		-display none -serial none -monitor none -m 64 \
		-netdev "tap,id=n0,ifname=$1,script=$IFUP,downscript=$IFDOWN" \
		-device virtio-net-pci,netdev=n0,mac=52:54:00:12:34:56 \
		>"$W/qemu.out" 2>&1 &
	qpid=$!
}

for net in lan default; do
	br=br0; [ $net = default ] && br=vmnet0
	mktap tapq0 alice
	run_qemu tapq0 $net
	check "QEMU ($net): tap attached to $br by script=" wait_for sh -c "[ \"\$(ip -j link show tapq0 | python3 -c 'import json,sys; print(json.load(sys.stdin)[0].get(\"master\",\"\"))')\" = $br ]"
	check "QEMU ($net): QEMU still running" kill -0 "$qpid"
	check "QEMU ($net): record names alice and the VM MAC" sh -c "ip -d link show tapq0 | grep -q 'alias vmnet1 net=$net uid=2001 mac=52:54:00:12:34:56'"
	check "QEMU ($net): tap MTU follows the bridge" [ "$(mtu_of tapq0)" = "$(mtu_of $br)" ]
	check "QEMU ($net): status lists the tap" sh -c "'$VMNETCTL' status | grep -Eq 'tapq0 +alice +$net +52:54:00:12:34:56 .*attached'"
	kill -TERM "$qpid"
	wait "$qpid" || true
	check "QEMU ($net): downscript= detached the tap" [ -z "$(master_of tapq0)" ]
	check "QEMU ($net): record removed" [ -z "$(alias_of tapq0)" ]
	check "QEMU ($net): no error from the scripts" sh -c "! grep -q vmnet- '$W/qemu.out'"
	ip link del tapq0
done

# A refusal stops QEMU: it treats a failing script as fatal
mktap tapq1 alice
run_qemu tapq1 nonet
wait "$qpid" && rc=0 || rc=$?
check "QEMU exits non-zero when vmnet-ifup refuses" [ "$rc" -ne 0 ]
check "QEMU shows vmnet's one-line reason" grep -q "vmnet-ifup: tapq1: no network 'nonet' in vmnet.conf" "$W/qemu.out"
check "tap untouched after the refusal" [ -z "$(master_of tapq1)$(alias_of tapq1)" ]

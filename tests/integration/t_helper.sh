# SPDX-License-Identifier: GPL-2.0-or-later
# vmnet-helper: the qemu-bridge-helper protocol, as an unprivileged user,
# with real QEMU (-netdev bridge,helper=) and directly.

add_user alice 2001
add_user bob 2002
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
allow bob default
A
ip link add br0 type bridge
ip link set br0 mtu 1400 up
"$VMNETCTL" up --all >/dev/null
CALL=tests/integration/callhelper.py

taps_on() { bridge link show master "$1" 2>/dev/null | grep -c vmtap || true; }

# --- real QEMU, unprivileged, -netdev bridge
for net in lan default; do
	br=br0; [ $net = default ] && br=vmnet0
	setpriv --reuid=alice --regid="$(id -g alice)" --init-groups -- \
		qemu-system-x86_64 -name vmnet-world-qemu -S -nodefaults \
		-display none -serial none -monitor none -m 64 \
		-netdev "bridge,id=n0,br=$net,helper=$HELPER" \
		-device virtio-net-pci,netdev=n0,mac=52:54:00:12:34:56 \
		>"$W/qemu.out" 2>&1 &
	qpid=$!
	check "QEMU -netdev bridge,br=$net: a tap appears on $br" wait_for sh -c "[ \"\$(bridge link show master $br | grep -c vmtap)\" = 1 ]"
	tap=$(bridge link show master $br | grep -o 'vmtap[0-9]*' | head -1)
	check "QEMU ($net): still running" kill -0 "$qpid"
	check "QEMU ($net): tap MTU is the bridge's" [ "$(mtu_of "$tap")" = "$(mtu_of $br)" ]
	check "QEMU ($net): tap owned by alice" sh -c "ip -d link show $tap | grep -q 'user alice'"
	check "QEMU ($net): tap is not persistent" sh -c "ip -d link show $tap | grep -q 'persist off'"
	check "QEMU ($net): record in the alias" sh -c "ip -d link show $tap | grep -q 'alias vmnet1 net=$net uid=2001'"
	check "QEMU ($net): helper decision logged" grep -Eq "vmnet-helper\[[0-9]+\]: uid=2001 pid=[0-9]+ tap=$tap network=$net verdict=allow" "$W/syslog"
	idx=$(link_field "$tap" ifindex)
	check "QEMU ($net): the port guard knows the tap (by ifindex $idx)" sh -c "nft list set bridge vmnet ports_$net | grep -qw $tap"
	kill -KILL "$qpid"
	wait "$qpid" 2>/dev/null || true
	check "QEMU ($net) SIGKILLed: the tap is gone" wait_for sh -c "! ip link show $tap 2>/dev/null"
	check "QEMU ($net) SIGKILLed: no record left" sh -c "! ip -d link show | grep -q 'alias vmnet1 '"
	# A helper's tap dies with QEMU and no downscript runs: its elements
	# stay until gc, keyed by an ifindex no interface has any more (so
	# they can never apply to another one).
	check "QEMU ($net) SIGKILLed: elements of the gone tap remain, by ifindex" sh -c "nft list set bridge vmnet ports_$net | grep -qw $idx"
	check "QEMU ($net) SIGKILLed: gc removes them" sh -c "'$VMNETCTL' gc | grep -q '^gc: $net: removed the anti-spoofing state of 1 tap that is gone'"
	check "QEMU ($net) SIGKILLed: no element left" sh -c "! nft list table bridge vmnet | grep -qw $tap && for s in ports seen pairs learn iplearn tapip; do nft list set bridge vmnet \${s}_$net | sed -n '/elements/,\$p' | grep -qw $idx && exit 1; done; true"
	check "QEMU ($net) SIGKILLed: gc finds nothing" sh -c "'$VMNETCTL' gc | grep -q '^gc: 0 stale taps cleaned'"
done

# a refusal makes QEMU fail with vmnet's reason
setpriv --reuid=bob --regid="$(id -g bob)" --init-groups -- \
	qemu-system-x86_64 -S -nodefaults -display none -serial none -monitor none \
	-netdev "bridge,id=n0,br=lan,helper=$HELPER" -device virtio-net-pci,netdev=n0 \
	>"$W/qemu.out" 2>&1 && rc=0 || rc=$?
check "QEMU as bob on lan fails" [ "$rc" -ne 0 ]
check "QEMU shows the helper's reason" grep -q "vmnet-helper: lan: network 'lan' is not allowed for user bob" "$W/qemu.out"

# --- direct protocol checks
exec 9> >(as alice "$CALL" ok "$HELPER" --use-vnet --br=br0 --fd={fd} >"$W/tapname")
check "direct: --br names a bridge" wait_for sh -c "[ -s '$W/tapname' ]"
tap=$(cat "$W/tapname")
check "direct: the sent fd is the tap on br0" [ "$(master_of "$tap")" = br0 ]
exec 9>&-
check "direct: closing the fd removes the tap" wait_for sh -c "! ip link show $tap 2>/dev/null"

# quota across vmnet-helper taps
exec 7> >(as alice "$CALL" ok "$HELPER" --use-vnet --br=lan --fd={fd} >"$W/t1")
exec 8> >(as alice "$CALL" ok "$HELPER" --use-vnet --br=lan --fd={fd} >"$W/t2")
wait_for sh -c "[ -s '$W/t1' ] && [ -s '$W/t2' ]"
check "two helper taps held" [ "$(taps_on br0)" = 2 ]
refuse "third helper tap over max-taps=2" "alice already has 2 taps attached, the limit of max-taps=2" \
	as alice "$CALL" plain "$HELPER" --use-vnet --br=lan --fd={fd}
exec 7>&- 8>&-
wait_for sh -c "[ \"\$(bridge link show master br0 | grep -c vmtap)\" = 0 ]"

refuse "network not granted" "vmnet-helper: lan: network 'lan' is not allowed for user bob" \
	as bob "$CALL" plain "$HELPER" --use-vnet --br=lan --fd={fd}
refuse "unknown --br" "vmnet-helper: nonet: no network or bridge 'nonet' in vmnet.conf" \
	as alice "$CALL" plain "$HELPER" --use-vnet --br=nonet --fd={fd}
refuse "--br of 16 bytes" "invalid --br" as alice "$CALL" plain "$HELPER" --use-vnet --br=lan4567890123456 --fd={fd}
refuse "--br of 200 bytes" "invalid --br" as alice "$CALL" plain "$HELPER" --use-vnet "--br=$(printf 'a%.0s' $(seq 200))" --fd={fd}
refuse "--fd not a number" "invalid --fd 'abc'" as alice "$CALL" plain "$HELPER" --use-vnet --br=lan --fd=abc
refuse "--fd with a sign" "invalid --fd '\+3'" as alice "$CALL" plain "$HELPER" --use-vnet --br=lan --fd=+3
refuse "--fd not open" "--fd 77 is not open" as alice "$CALL" plain "$HELPER" --use-vnet --br=lan --fd=77
refuse "--fd on a file" "is not a socket" as alice "$CALL" file "$HELPER" --use-vnet --br=lan --fd={fd}
refuse "--fd on a datagram socket" "is not a unix stream socket" as alice "$CALL" dgram "$HELPER" --use-vnet --br=lan --fd={fd}
refuse "unknown option" "unknown option '--bridge=lan'" as alice "$CALL" plain "$HELPER" --use-vnet --bridge=lan --fd={fd}
refuse "--br twice" "--br given twice" as alice "$CALL" plain "$HELPER" --br=lan --br=default --fd={fd}
refuse "missing --fd" "^usage: vmnet-helper" as alice "$CALL" plain "$HELPER" --use-vnet --br=lan
refuse "VMNET_NETWORK contradicting --br" "VMNET_NETWORK 'default' contradicts --br=lan" \
	as alice env VMNET_NETWORK=default "$CALL" plain "$HELPER" --use-vnet --br=lan --fd={fd}
check "no tap left behind by the refusals" [ "$(ip -o link show | grep -c vmtap)" = 0 ]

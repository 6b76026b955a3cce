# SPDX-License-Identifier: GPL-2.0-or-later
# vmnet-helper honours /etc/qemu/bridge.conf when /etc/vmnet/acl does not
# exist, with vmnet's strictness (errors fatal, includes checked, names
# never truncated: no CVE-2019-13164 style bypass).

add_user alice 2001
ip link add br0 type bridge
ip link add br1 type bridge
ip link set br0 mtu 1300
mkdir -p /etc/qemu
mount -t tmpfs -o mode=755 tmpfs /etc/qemu	# whatever the host has there
bconf() { write_file /etc/qemu/bridge.conf 0644; }
CALL=tests/integration/callhelper.py
helper_as_alice() { as alice "$CALL" plain "$HELPER" --use-vnet "--br=$1" --fd={fd}; }

bconf <<'B'
# qemu-bridge-helper syntax
allow br0
B
setpriv --reuid=alice --regid="$(id -g alice)" --init-groups -- \
	qemu-system-x86_64 -name vmnet-world-qemu -S -nodefaults -display none \
	-serial none -monitor none -m 64 \
	-netdev "bridge,id=n0,br=br0,helper=$HELPER" -device virtio-net-pci,netdev=n0 \
	>"$W/qemu.out" 2>&1 &
qpid=$!
check "bridge.conf 'allow br0': QEMU's tap on br0 (not in vmnet.conf)" wait_for sh -c "bridge link show master br0 | grep -q vmtap"
tap=$(bridge link show master br0 | grep -o 'vmtap[0-9]*' | head -1)
check "implicit network named after the bridge, MTU of br0" sh -c "ip -d link show $tap | grep -q 'mtu 1300' && ip -d link show $tap | grep -q 'alias vmnet1 net=br0 uid=2001'"
kill -KILL "$qpid"; wait "$qpid" 2>/dev/null || true
wait_for sh -c "! ip link show $tap 2>/dev/null"

refuse "bridge not listed" "vmnet-helper: br1: bridge br1 is not allowed by /etc/qemu/bridge.conf" helper_as_alice br1
bconf <<'B'
allow all
deny br1
B
refuse "deny wins over allow all" "bridge br1 is denied by /etc/qemu/bridge.conf:2" helper_as_alice br1
bconf <<'B'
allow aaaaaaaaaaaaaaaXYZ
B
refuse "over-long bridge name in bridge.conf is fatal (never truncated)" \
	"/etc/qemu/bridge.conf:1: invalid bridge name 'aaaaaaaaaaaaaaaXYZ'" helper_as_alice br0
bconf <<'B'
allow all
B
ip link add aaaaaaaaaaaaaaa type bridge
refuse "over-long --br refused, not truncated to an existing bridge" "invalid --br" \
	helper_as_alice aaaaaaaaaaaaaaaXYZ
ip link del aaaaaaaaaaaaaaa
write_file /etc/qemu/extra.conf 0644 <<'B'
allow br1
B
bconf <<'B'
include /etc/qemu/extra.conf
B
exec 9> >(as alice "$CALL" ok "$HELPER" --use-vnet --br=br1 --fd={fd} >"$W/tapname")
check "include: allowed through an included file" wait_for sh -c "[ -s '$W/tapname' ]"
exec 9>&-
chmod 0664 /etc/qemu/extra.conf
refuse "group-writable include is fatal" "cannot include /etc/qemu/extra.conf: file /etc/qemu/extra.conf is writable by group or others" helper_as_alice br1
chmod 0644 /etc/qemu/extra.conf
bconf <<'B'
include extra.conf
B
refuse "relative include is fatal" "/etc/qemu/bridge.conf:1: include path must be absolute" helper_as_alice br1
bconf <<'B'
allow br0
include /etc/qemu/missing.conf
B
refuse "missing include is fatal (qemu-bridge-helper ignored it)" "/etc/qemu/bridge.conf:2: cannot include /etc/qemu/missing.conf" helper_as_alice br0
bconf <<'B'
include /etc/qemu/bridge.conf
B
refuse "include cycle is fatal" "include cycle: /etc/qemu/bridge.conf is already being read" helper_as_alice br0
bconf <<'B'
permit br0
B
refuse "unknown verb is fatal" "/etc/qemu/bridge.conf:1: unknown verb 'permit'" helper_as_alice br0
chmod 0666 /etc/qemu/bridge.conf
refuse "world-writable bridge.conf is fatal" "/etc/qemu/bridge.conf is writable by group or others" helper_as_alice br0
bconf <<'B'
allow br0
B
acl <<'A'
allow alice default
A
refuse "with /etc/vmnet/acl present, bridge.conf is not used" "no network or bridge 'br0' in vmnet.conf" helper_as_alice br0
check "no tap left behind" [ "$(ip -o link show | grep -c vmtap)" = 0 ]

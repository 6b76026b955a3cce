# SPDX-License-Identifier: GPL-2.0-or-later
# t_firewalld.sh - a real firewalld (nftables backend, its own D-Bus system
# bus in this world) next to vmnet: with vmnet0 in no zone, its default
# zone rejects the VMs' traffic, and "vmnetctl check" says so with the
# fix; with the zone vmnet installs, the VM reaches the internet host, and
# firewalld's reload leaves vmnet's tables alone.
for t in firewalld firewall-cmd dbus-daemon; do
	if ! command -v $t >/dev/null; then
		skip "firewalld" "$t is not installed"
		return 0
	fi
done
. tests/integration/topo.sh
topo_up
mkdir -p /run/dbus
dbus-daemon --system --fork --print-pid >"$W/dbus.pid"
firewalld --nofork --nopid >"$W/firewalld.log" 2>&1 &
fwpid=$!
test_cleanup() {
	kill "$fwpid" "$(cat "$W/dbus.pid" 2>/dev/null)" 2>/dev/null || true
}
check "firewalld runs (nftables backend)" \
	wait_for sh -c "firewall-cmd --state >/dev/null 2>&1 && nft list table inet firewalld >/dev/null"
"$VMNETCTL" up default >/dev/null
ip tuntap add tapV mode tap
# (its address configured: DHCP is one of what the default zone rejects)
VMNET_MAC=52:54:00:00:00:77 VMNET_IP=192.168.100.77 "$IFUP" tapV
ip link set tapV up
vm_ping() {
	python3 - "$(mac_of vmnet0)" "$INET_IP" <<'PY'
import sys, time
sys.path.insert(0, "tests/integration")
import frames as F
V = F.Tap("tapV", "52:54:00:00:00:77", "192.168.100.77")
ok = any(F.ping(V, V.mac, V.ip, sys.argv[1], sys.argv[2], 0.5, ident=i)
         for i in range(1, 5))
sys.exit(0 if ok else 1)
PY
}
check "control: in firewalld's default zone the VM does not reach the internet host" not vm_ping
out=$("$VMNETCTL" check 2>&1 >/dev/null)
check "check names it, with the fix" grep -qx "warning: firewalld runs and vmnet0 (network default) is in none of its zones: its default zone rejects the VMs' DHCP, DNS and forwarded traffic (fix: firewall-cmd --permanent --zone=vmnet --add-interface=vmnet0 && firewall-cmd --reload)" <<<"$out"
check "  and vmnet left firewalld's table alone" sh -c "nft list chain inet firewalld filter_FORWARD | grep -q 'reject with icmpx admin-prohibited'"

# the zone vmnet installs (here into /etc/firewalld: /usr is the host's)
check "make install installs vmnet's zone" [ -r "$T_ROOT/usr/lib/firewalld/zones/vmnet.xml" ]
mkdir -p /etc/firewalld/zones
cp "$T_ROOT/usr/lib/firewalld/zones/vmnet.xml" /etc/firewalld/zones/vmnet.xml
check "firewall-cmd --reload with vmnet's zone" quiet firewall-cmd --reload
check "  vmnet0 is in zone vmnet" [ "$(firewall-cmd --get-zone-of-interface=vmnet0)" = vmnet ]
check "  firewalld's reload left vmnet's tables as they were" quiet "$VMNETCTL" check
check "  the VM reaches the internet host" vm_ping
out=$("$VMNETCTL" check 2>&1 >/dev/null)
check "  check has nothing to say" [ -z "$out" ]
[ -n "$out" ] && echo "$out"
"$IFDOWN" tapV
ip link del tapV
"$VMNETCTL" down default >/dev/null

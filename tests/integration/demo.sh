# SPDX-License-Identifier: GPL-2.0-or-later
# The README demo, run by demo.sh inside throwaway namespaces (world.sh):
# no /etc/vmnet/vmnet.conf, so the embedded "default" network is used; an
# unprivileged user's QEMU (paused guest) attaches through vmnet-ifup.

say() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }
add_user vmdemo 2101
acl <<'A'
allow vmdemo default max-taps=2
A
say "vmnetctl check (no vmnet.conf: the embedded default network)"
"$VMNETCTL" check
say "vmnetctl up default"
"$VMNETCTL" up default
ip -br addr show vmnet0
say "a tap for user vmdemo (as a distribution's /dev/net/tun 0666 allows QEMU to open)"
ip tuntap add tap0 mode tap user vmdemo
say "QEMU as vmdemo: -netdev tap,ifname=tap0,script=vmnet-ifup,downscript=vmnet-ifdown"
setpriv --reuid=vmdemo --regid="$(id -g vmdemo)" --init-groups -- \
	env VMNET_MAC=52:54:00:12:34:56 \
	qemu-system-x86_64 -name vmnet-world-qemu -S -nodefaults -display none \
	-serial none -monitor none -m 64 \
	-netdev "tap,id=n0,ifname=tap0,script=$IFUP,downscript=$IFDOWN" \
	-device virtio-net-pci,netdev=n0,mac=52:54:00:12:34:56 &
qpid=$!
for _ in $(seq 200); do
	ip -d link show tap0 | grep -q "alias vmnet1" && break
	sleep 0.05
done
say "vmnetctl status"
"$VMNETCTL" status
check "tap0 attached to vmnet0" sh -c 'ip -o link show tap0 | grep -q "master vmnet0"'
say "syslog (LOG_AUTHPRIV)"
cat "$W/syslog"
say "stop QEMU: downscript vmnet-ifdown detaches"
kill -TERM "$qpid"
wait "$qpid" || true
"$VMNETCTL" status
check "tap0 detached" sh -c '! ip -o link show tap0 | grep -q master'
say "vmnetctl down default"
"$VMNETCTL" down default

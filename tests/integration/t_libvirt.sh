# SPDX-License-Identifier: GPL-2.0-or-later
# t_libvirt.sh - a real libvirt (Debian's libvirtd 9.0, domain type qemu,
# direct kernel boot of the test guest) with vmnet, vmnetd running.
# Session mode (qemu:///session, as GNOME Boxes and virt-manager's user
# session use it): bridge_helper in the user's qemu.conf points at
# vmnet-helper, <interface type='bridge'><source bridge='default'/>
# starts, leases, reaches the internet host, not the LAN; a user the ACL
# refuses sees vmnet's one-line reason in virsh's error; virsh destroy
# leaves nothing. System mode (qemu:///system, its own libvirtd as root):
# type='ethernet' with vmnet-ifup/ifdown as script and downscript (libvirt
# deletes the tap before its downscript), and type='bridge' onto vmnet0 (a
# foreign tap, adopted by vmnetd).
if ! command -v libvirtd >/dev/null || ! command -v virsh >/dev/null; then
	skip "libvirt" "libvirt-daemon and libvirt-clients are not installed"
	return 0
fi
. tests/integration/topo.sh
topo_up
add_user alice 2001
add_user bob 2002
acl <<'A'
allow alice default
A
start_vmnetd
wait_for quiet "$VMNETCTL" check
wait_for sh -c "nft list table inet vmnet >/dev/null 2>&1"
guest_image lv tests/integration/guest/lv.sh

# domain_xml NAME LOG MAC INTERFACE-XML: a guest booting the test image
domain_xml() {
	cat <<X
<domain type='qemu'>
  <name>$1</name>
  <memory unit='MiB'>192</memory>
  <os><type arch='x86_64' machine='q35'>hvm</type>
    <kernel>$W/vmlinuz</kernel><initrd>$W/lv.cpio</initrd>
    <cmdline>console=ttyS0 quiet panic=-1</cmdline></os>
  <on_reboot>destroy</on_reboot>
  <devices>
    $4
    <serial type='file'><source path='$2'/></serial>
  </devices>
</domain>
X
}
# session USER: that user's session environment (its own home and
# runtime directory, in this world)
session_env() {
	local h=$W/home/$1
	if [ ! -d "$h" ]; then
		mkdir -p "$h/.config/libvirt" "$W/xdg-$1"
		printf 'bridge_helper = "%s"\n' "$HELPER" >"$h/.config/libvirt/qemu.conf"
		chown -R "$1" "$h" "$W/xdg-$1"
		chmod 700 "$W/xdg-$1"
	fi
	echo "HOME=$h XDG_RUNTIME_DIR=$W/xdg-$1 XDG_CONFIG_HOME=$h/.config"
}
vs() { local u=$1; shift; as "$u" env $(session_env "$u") virsh -q -c qemu:///session "$@"; }
ms_since() { echo $((($(date +%s%N) - $1) / 1000000)); }
ready() { grep -aq "^VMNET ready" "$1" 2>/dev/null; }
lv_try() { grep -a "^VMNET try $2 " "$1" | tail -n1 | awk '{print $4}' | tr -d '\r'; }
# guest_works LOG: the guest whose console is LOG boots (up to 2 min),
# leases, reaches the internet host and not the LAN host
guest_works() {
	for _ in $(seq 240); do ready "$1" && break; sleep 0.5; done
	check "  the guest leases an address" grep -aq "^VMNET lease 192.168.100." "$1"
	check "  reaches the internet host" [ "$(lv_try "$1" internet)" = yes ]
	check "  not the LAN host" [ "$(lv_try "$1" lan-host)" = no ]
}

# --- session mode -----------------------------------------------------
H=$W/home/alice
session_env alice >/dev/null
domain_xml vmnet-s "$H/s.log" 52:54:00:12:34:61 \
	"<interface type='bridge'><source bridge='default'/><model type='virtio'/><mac address='52:54:00:12:34:61'/></interface>" \
	>"$W/s.xml"
chmod 644 "$W/s.xml"
t0=$(date +%s%N)
check "session: virsh create with <interface type='bridge'><source bridge='default'/>" \
	vs alice create "$W/s.xml"
echo "# session start: $(ms_since $t0) ms (the session daemon's own start included)"
tap=$(bridge link show master vmnet0 | grep -o 'vmtap[0-9]*' | head -1)
check "  a tap of alice's on vmnet0, recorded" \
	sh -c "ip -d link show '$tap' | grep -q 'alias vmnet1 net=default uid=2001 '"
guest_works "$H/s.log"
idx=$(link_field "$tap" ifindex)
t0=$(date +%s%N)
check "virsh destroy" vs alice destroy vmnet-s
echo "# session destroy: $(ms_since $t0) ms"
check "  leaves no tap" wait_for sh -c "! ip link show '$tap' 2>/dev/null"
check "  no record" not sh -c "ip -d link show | grep -q 'alias vmnet1 '"
check "  and no element (vmnetd removed them)" \
	wait_for sh -c "! nft list set bridge vmnet ports_default | grep -qw -e '$tap' -e '$idx'"
check "  check is clean" wait_for quiet "$VMNETCTL" check
t0=$(date +%s%N)
vs alice create "$W/s.xml" >/dev/null
echo "# session start, daemon running: $(ms_since $t0) ms"
vs alice destroy vmnet-s >/dev/null

# a user the ACL refuses: vmnet's reason in virsh's error
session_env bob >/dev/null
domain_xml vmnet-b "$W/home/bob/b.log" 52:54:00:12:34:62 \
	"<interface type='bridge'><source bridge='default'/><model type='virtio'/><mac address='52:54:00:12:34:62'/></interface>" \
	>"$W/b.xml"
chmod 644 "$W/b.xml"
out=$(vs bob create "$W/b.xml" 2>&1) && fail "session: a user the ACL refuses starts a VM"
check "session: bob (not in the ACL) is refused, with vmnet's reason in virsh's error" \
	grep -q "stderr=vmnet-helper: default: network 'default' is not allowed for user bob (see /etc/vmnet/acl)" <<<"$out"
check "  nothing of his is left" not sh -c "bridge link show master vmnet0 | grep -q vmtap"

# --- system mode ----------------------------------------------------------
# libvirtd as root in this world: its state under overlays of /var (and
# /etc, as always); QEMU runs as root without cgroups, namespaces or a
# security driver (none of them is what is tested here)
mkdir -p "$W/var-up" "$W/var-work"
mount -t overlay overlay -o "lowerdir=/var,upperdir=$W/var-up,workdir=$W/var-work" /var
mkdir -p /etc/libvirt
cat >/etc/libvirt/qemu.conf <<'C'
user = "root"
group = "root"
dynamic_ownership = 0
remember_owner = 0
cgroup_controllers = [ ]
namespaces = [ ]
security_driver = "none"
swtpm_user = "root"
swtpm_group = "root"
stdio_handler = "file"
C
# (the QEMU driver resolves its compiled-in user before reading qemu.conf;
# Debian's libvirt-daemon-system creates it)
groupadd -r libvirt-qemu
useradd -r -M -N -g libvirt-qemu -s /usr/sbin/nologin libvirt-qemu
setsid libvirtd >"$W/libvirtd.log" 2>&1 &
lvpid=$!
test_cleanup() { kill -KILL "$lvpid" 2>/dev/null || true; }
check "system: libvirtd runs" wait_for test -S /run/libvirt/libvirt-sock
vsys() { virsh -q -c qemu:///system "$@"; }

# type='ethernet': libvirt creates the tap and runs vmnet-ifup as root; on
# destroy it deletes the tap, then runs vmnet-ifdown
domain_xml vmnet-e "$W/e.log" 52:54:00:12:34:63 \
	"<interface type='ethernet'><target dev='vmlv0' managed='yes'/><model type='virtio'/><mac address='52:54:00:12:34:63'/><script path='$IFUP'/><downscript path='$IFDOWN'/></interface>" \
	>"$W/e.xml"
t0=$(date +%s%N)
check "system: type='ethernet' with vmnet-ifup/ifdown as script/downscript" vsys create "$W/e.xml"
echo "# system start (ethernet): $(ms_since $t0) ms"
check "  vmlv0 is on vmnet0, recorded as root's" \
	sh -c "ip -d link show vmlv0 | grep -q 'master vmnet0' && ip -d link show vmlv0 | grep -q 'alias vmnet1 net=default uid=0 '"
guest_works "$W/e.log"
idx=$(link_field vmlv0 ifindex)
check "virsh destroy" vsys destroy vmnet-e
check "  the downscript ran after the tap was gone and said so" \
	wait_for grep -q "vmnet-ifdown\[[0-9]*\]: uid=0 .*tap=vmlv0 .*the tap is gone" "$W/syslog"
check "  nothing is left" \
	wait_for sh -c "! ip link show vmlv0 2>/dev/null && ! nft list set bridge vmnet ports_default | grep -qw -e vmlv0 -e '$idx'"

# type='bridge' onto vmnet0: libvirt attaches a tap of its own, which
# vmnetd adopts (learned anti-spoofing, recorded as adopted)
domain_xml vmnet-r "$W/r.log" 52:54:00:12:34:64 \
	"<interface type='bridge'><source bridge='vmnet0'/><target dev='vmlv1'/><model type='virtio'/><mac address='52:54:00:12:34:64'/></interface>" \
	>"$W/r.xml"
check "system: type='bridge' onto vmnet0" vsys create "$W/r.xml"
check "  vmnetd adopts the foreign tap" \
	wait_for sh -c "ip -d link show vmlv1 | grep -q 'alias vmnet1 net=default uid=0 .* via=adopted'"
guest_works "$W/r.log"
check "  held to the MAC it used: learned (status marks it *)" \
	sh -c "'$VMNETCTL' status | grep -q '^  vmlv1 .*52:54:00:12:34:64\*'"
idx=$(link_field vmlv1 ifindex)
check "virsh destroy: nothing is left" vsys destroy vmnet-r
check "  (vmnetd removed its elements)" \
	wait_for sh -c "! ip link show vmlv1 2>/dev/null && ! nft list set bridge vmnet ports_default | grep -qw -e vmlv1 -e '$idx'"
check "  check is clean" wait_for quiet "$VMNETCTL" check
kill -TERM "$lvpid"
wait "$lvpid" 2>/dev/null || true
kill -TERM "$dpid"
wait "$dpid" 2>/dev/null || true

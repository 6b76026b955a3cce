# SPDX-License-Identifier: GPL-2.0-or-later
# ovntopo.sh - OVN across emulated hypervisors, for OVN tests and
# bench/ovn (sourced inside a world). Debian 12's Open vSwitch 3.1 and
# OVN 23.03, without the kernel module: every OVS bridge is on the
# userspace datapath (datapath_type=netdev).
#
#   underlay: bridge ovnul in the world's namespace, 172.31.0.0/24
#     |-- netns ovn-central 172.31.0.1: the northbound and southbound
#     |   databases (TCP 6641, 6642) and ovn-northd
#     |-- netns ovn-hv1 172.31.0.2: a hypervisor (chassis "hv1"): its own
#     |   ovsdb-server, ovs-vswitchd and ovn-controller; br-int, and
#     |   br-phy holding the underlay address (the userspace datapath
#     |   routes its Geneve tunnels by the addresses of its own bridges)
#     `-- netns ovn-hv2 172.31.0.3: another
#
# Each daemon keeps its databases, sockets, pid files and logs in
# $W/ovn/NODE; they die with the world's PID namespace. The underlay's
# veths send with full checksums (tx offload off): the userspace datapath
# forwards what it reads from a veth as it is, and a checksum left
# partial there is wrong by the time it reaches a kernel again (TCP to
# the databases hangs while ping works). A "VM" is a namespace behind a
# veth whose other end, in a hypervisor's namespace, stands for its tap;
# its MTU leaves room for Geneve (58 bytes) and it too sends full
# checksums (OVS 3.1 drops tunnelled packets whose checksum is partial).
# No traffic leaves these namespaces.
OVN_D=$W/ovn
OVN_NB=unix:$OVN_D/central/nb.sock
OVN_SB=unix:$OVN_D/central/sb.sock
OVN_MTU=1442

# on NODE CMD...: CMD in NODE's namespace, with its own OVS/OVN directories
on() {
	local n=$1 d=$OVN_D/$1
	shift
	ip netns exec "ovn-$n" env OVS_RUNDIR="$d" OVS_LOGDIR="$d" OVS_DBDIR="$d" \
		OVN_RUNDIR="$d" OVN_LOGDIR="$d" OVN_DBDIR="$d" "$@"
}
nbctl() { on central ovn-nbctl --db="$OVN_NB" "$@"; }
sbctl() { on central ovn-sbctl --db="$OVN_SB" "$@"; }
vsctl() { local n=$1; shift; on "$n" ovs-vsctl --db="unix:$OVN_D/$n/db.sock" "$@"; }

# ovn_node NAME ADDR: a namespace on the underlay with ADDR (on eth0)
ovn_node() {
	ip netns add "ovn-$1"
	ip -n "ovn-$1" link set lo up
	ip link add "ul-$1" type veth peer name eth0 netns "ovn-$1"
	ip link set "ul-$1" master ovnul up
	ethtool -K "ul-$1" tx off >/dev/null
	ip netns exec "ovn-$1" ethtool -K eth0 tx off >/dev/null
	mkdir -p "$OVN_D/$1"
}

ovn_central() {
	local d=$OVN_D/central db
	ovn_node central
	ip -n ovn-central link set eth0 up
	ip -n ovn-central addr add 172.31.0.1/24 dev eth0
	for db in nb:6641 sb:6642; do
		ovsdb-tool create "$d/${db%:*}.db" "/usr/share/ovn/ovn-${db%:*}.ovsschema"
		on central ovsdb-server --detach --no-chdir -vconsole:off \
			--pidfile="$d/${db%:*}.pid" --log-file="$d/${db%:*}.log" \
			--unixctl="$d/${db%:*}.ctl" --remote="punix:$d/${db%:*}.sock" \
			--remote="ptcp:${db#*:}:172.31.0.1" "$d/${db%:*}.db"
	done
	on central ovn-northd --detach --no-chdir -vconsole:off --pidfile="$d/northd.pid" \
		--log-file="$d/northd.log" --unixctl="$d/northd.ctl" \
		--ovnnb-db="$OVN_NB" --ovnsb-db="$OVN_SB"
}

# ovn_chassis NAME ADDR: a hypervisor registered as chassis NAME
ovn_chassis() {
	local n=$1 d=$OVN_D/$1
	ovn_node "$n"
	ovsdb-tool create "$d/conf.db" /usr/share/openvswitch/vswitch.ovsschema
	on "$n" ovsdb-server --detach --no-chdir -vconsole:off --pidfile="$d/ovsdb.pid" \
		--log-file="$d/ovsdb.log" --unixctl="$d/ovsdb.ctl" \
		--remote="punix:$d/db.sock" "$d/conf.db"
	vsctl "$n" --no-wait init
	on "$n" ovs-vswitchd --detach --no-chdir -vconsole:off --pidfile="$d/vswitchd.pid" \
		--log-file="$d/vswitchd.log" --unixctl="$d/vswitchd.ctl" \
		"unix:$d/db.sock"
	vsctl "$n" add-br br-phy -- set bridge br-phy datapath_type=netdev \
		-- add-port br-phy eth0
	ip -n "ovn-$n" link set eth0 up
	ip -n "ovn-$n" link set br-phy up
	ip -n "ovn-$n" addr add "$2/24" dev br-phy
	vsctl "$n" set open . external_ids:system-id="$n" \
		external_ids:ovn-remote=tcp:172.31.0.1:6642 \
		external_ids:ovn-encap-type=geneve external_ids:ovn-encap-ip="$2" \
		external_ids:ovn-bridge-datapath-type=netdev
	on "$n" ovn-controller --detach --no-chdir -vconsole:off \
		--pidfile="$d/ovn-controller.pid" --log-file="$d/ovn-controller.log" \
		"unix:$d/db.sock"
}

# ovn_up: the central node and chassis hv1 and hv2, both registered
ovn_up() {
	ip link add ovnul type bridge
	ip link set ovnul up
	ovn_central
	ovn_chassis hv1 172.31.0.2
	ovn_chassis hv2 172.31.0.3
	for _ in $(seq 200); do
		[ "$(sbctl --bare --columns=name list chassis | grep -c .)" = 2 ] && return 0
		sleep 0.05
	done
	echo "ovntopo: the chassis did not register" >&2
	return 1
}

# ovn_vm NAME HV MAC IP: netns NAME, its v0 (MAC, IP/24) behind veth
# "t-NAME" in HV's namespace, not yet on any bridge
ovn_vm() {
	ip netns add "$1"
	ip -n "$1" link set lo up
	ip link add "t-$1" type veth peer name v0 netns "$1"
	ip link set "t-$1" netns "ovn-$2"
	ip -n "ovn-$2" link set "t-$1" up
	ip -n "$1" link set v0 address "$3" mtu $OVN_MTU up
	ip netns exec "$1" ethtool -K v0 tx off >/dev/null
	ip -n "$1" addr add "$4/24" dev v0
}

# ovn_lsp SWITCH PORT MAC IP: a logical port with those addresses and
# port security
ovn_lsp() {
	nbctl lsp-add "$1" "$2" -- lsp-set-addresses "$2" "$3 $4" \
		-- lsp-set-port-security "$2" "$3 $4"
}

# ovn_bind HV TAP PORT: TAP on HV's br-int as logical port PORT
ovn_bind() {
	vsctl "$1" add-port br-int "$2" -- set interface "$2" \
		external_ids:iface-id="$3"
}

# --- vmnet on the chassis (t_ovn.sh) ---------------------------------------

# ovn_vmnet_host HV: HV's own /etc/vmnet ($OVN_D/HV/etc) and /run/vmnetd,
# in a mount namespace of its own kept by a holder process, so that each
# chassis has its own vmnet.conf, ACL, vmnetd and request socket; "hv HV
# CMD..." runs CMD there (HV's network and mount namespaces).
ovn_vmnet_host() {
	local n=$1 pid
	mkdir -p "$OVN_D/$n/etc" /run/vmnetd
	ip netns exec "ovn-$n" unshare --mount --propagation private sleep infinity &
	pid=$!
	for _ in $(seq 100); do
		[ "$(readlink "/proc/$pid/ns/mnt")" != "$(readlink /proc/self/ns/mnt)" ] && break
		sleep 0.02
	done
	nsenter -t "$pid" -m -- mount --bind "$OVN_D/$n/etc" /etc/vmnet
	nsenter -t "$pid" -m -- mount -t tmpfs -o mode=755 tmpfs /run/vmnetd
	eval "OVN_HOLDER_${n}=$pid"
}
hv() {
	local pid
	eval "pid=\$OVN_HOLDER_$1"
	shift
	nsenter -t "$pid" -m -n --wd="$PWD" -- "$@"
}
# hv_as HV USER CMD...: CMD there as USER (real ids and groups)
hv_as() {
	local h=$1 u=$2
	shift 2
	hv "$h" setpriv --reuid="$u" --regid="$(id -g "$u")" --init-groups -- "$@"
}

# ovn_outside GW: the outside of gateway chassis GW, for "lan = block":
# its bridge br-ex (localnet "physnet") on segment ovnext, 172.30.0.0/24,
# the LAN: the outside router ovn-out (172.30.0.1) and a LAN host ovn-lan
# (172.30.0.20, with a route to the VMs' 10.7.0.0/24 through the OVN
# router's outside address 172.30.0.10, as an attacker would add); behind
# ovn-out the "internet", ovn-inet (198.51.100.10).
ovn_outside() {
	local g=$1 ns n a
	ip link add ovnext type bridge
	ip link set ovnext up
	ip link add "ex-$g" type veth peer name ex0 netns "ovn-$g"
	ip link set "ex-$g" master ovnext up
	ethtool -K "ex-$g" tx off >/dev/null
	ip netns exec "ovn-$g" ethtool -K ex0 tx off >/dev/null
	vsctl "$g" add-br br-ex -- set bridge br-ex datapath_type=netdev \
		-- add-port br-ex ex0
	ip -n "ovn-$g" link set ex0 up
	ip -n "ovn-$g" link set br-ex up
	vsctl "$g" set open . external_ids:ovn-bridge-mappings=physnet:br-ex
	for ns in ovn-out:172.30.0.1 ovn-lan:172.30.0.20; do
		n=${ns%:*} a=${ns#*:}
		ip netns add "$n"
		ip -n "$n" link set lo up
		ip link add "x-$n" type veth peer name e0 netns "$n"
		ip link set "x-$n" master ovnext up
		ethtool -K "x-$n" tx off >/dev/null
		ip netns exec "$n" ethtool -K e0 tx off >/dev/null
		ip -n "$n" link set e0 up
		ip -n "$n" addr add "$a/24" dev e0
	done
	ip netns exec ovn-out sysctl -qw net.ipv4.ip_forward=1
	ip netns add ovn-inet
	ip -n ovn-inet link set lo up
	ip link add i0 netns ovn-out type veth peer name e0 netns ovn-inet
	ip -n ovn-out addr add 198.51.100.1/24 dev i0
	ip -n ovn-out link set i0 up
	ip -n ovn-inet addr add 198.51.100.10/24 dev e0
	ip -n ovn-inet link set e0 up
	ip -n ovn-inet route add default via 198.51.100.1
	ip -n ovn-lan route add default via 172.30.0.1
	ip -n ovn-lan route add 10.7.0.0/24 via 172.30.0.10
}

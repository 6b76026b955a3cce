# SPDX-License-Identifier: GPL-2.0-or-later
# t_ovn.sh - mode ovn: one network across two emulated hypervisors on OVN
# (tests/integration/ovntopo.sh: Debian's Open vSwitch and OVN on the
# userspace datapath, a central node and chassis hv1 and hv2, each with
# its own vmnet.conf, ACL, vmnetd and request socket). Real QEMU guests
# of two users, attached by the real setuid vmnet-ifup: an address from
# OVN's DHCP, ICMP, TCP and a full-MTU frame across the Geneve tunnel,
# port security against a spoofed MAC and address. Refusals (the ACL, no
# MAC, no vmnetd, and requests forged on vmnetd's socket: someone else's
# tap, a tap without a record, a bound one, garbage, an ACL changed since
# the attach) change nothing. Detach, a SIGKILLed QEMU's helper tap and
# "vmnetctl down" leave no OVS interface and no logical port.
if ! command -v ovn-nbctl >/dev/null || ! command -v ovs-vswitchd >/dev/null; then
	skip "t_ovn" "Open vSwitch and OVN are not installed (openvswitch-switch, ovn-central, ovn-host: scripts/deps.sh)"
	return 0
fi
. tests/integration/ovntopo.sh
. tests/integration/topo.sh
TI=$PWD/tests/integration

check "OVN: the central node and two chassis come up" ovn_up
add_user alice 2001
add_user bob 2002
add_user mallory 2003
ovn_outside hv1
for h in hv1 hv2; do
	ovn_vmnet_host $h
	write_file "$OVN_D/$h/etc/vmnet.conf" 0644 <<EOF
[network ovn1]
mode = ovn
lan = block
address = 10.7.0.1/24
gateway-chassis = hv1
external = 172.30.0.10/24
external-gateway = 172.30.0.1
northbound = tcp:172.31.0.1:6641
ovsdb = unix:$OVN_D/$h/db.sock
EOF
	write_file "$OVN_D/$h/etc/acl" 0644 <<EOF
allow alice ovn1 max-taps=3
allow bob ovn1 ip=10.7.0.50
EOF
done

# What a refusal must leave as it was: this chassis's links and taps'
# records, its OVS interfaces, and every logical port.
ovn_state() {
	hv "$1" ip -o link show | sed 's/ qlen [0-9]*//' | sort
	vsctl "$1" --bare --columns=name,external_ids list Interface | sort
	nbctl --bare --columns=name,addresses,port_security,up list Logical_Switch_Port | sort
}
# hv_refuse HV DESC REGEX CMD...: refuse() for a chassis
hv_refuse() {
	local h=$1 desc=$2 re=$3 before after err rc=0
	shift 3
	before=$(ovn_state "$h")
	"$@" >"$W/stdout" 2>"$W/stderr" || rc=$?
	err=$(cat "$W/stderr")
	after=$(ovn_state "$h")
	if [ "$rc" -eq 0 ]; then
		fail "$desc: exit status 0"
	elif [ "$(printf '%s\n' "$err" | wc -l)" -ne 1 ] || [ -z "$err" ]; then
		fail "$desc: want one error line, got: $err"
	elif ! printf '%s\n' "$err" | grep -Eq -- "$re"; then
		fail "$desc: error '$err' does not match /$re/"
	elif [ -s "$W/stdout" ]; then
		fail "$desc: unexpected stdout: $(cat "$W/stdout")"
	elif [ "$before" != "$after" ]; then
		fail "$desc: state changed"
		diff <(echo "$before") <(echo "$after") | head -20 || true
	else
		ok "$desc ($err)"
	fi
}
ifindex_of() { hv "$1" cat "/sys/class/net/$2/ifindex"; }
lsp_of() { echo "vmnet-$1-$(ifindex_of "$1" "$2")"; }
lsp_field() { nbctl --if-exists get Logical_Switch_Port "$1" "$2" 2>/dev/null | tr -d '"'; }
vmnet_ifaces() { vsctl "$1" --bare --columns=name find Interface external_ids:vmnet-network=ovn1; }
no_iface() { [ -z "$(vsctl "$1" --bare --columns=name find Interface "name=$2")" ]; }
no_lsp() { [ -z "$(nbctl --bare --columns=name find Logical_Switch_Port "name=$1")" ]; }
# refused_req HV USER OP IFINDEX WANT: a forged request is refused with
# WANT in its line, and changes nothing
refused_req() {
	local before after out
	before=$(ovn_state "$1")
	out=$(hv_as "$1" "$2" python3 "$TI/ovnreq.py" "$3" "$4" 2>&1)
	after=$(ovn_state "$1")
	echo "  ($out)"
	[ "${out%% *}" -lt 0 ] 2>/dev/null && [[ $out == *"$5"* ]] &&
		[ "$before" = "$after" ]
}

check "check: mode ovn is valid" hv hv1 "$VMNETCTL" check
check "up on hv1" hv hv1 "$VMNETCTL" up ovn1
check "up on hv1 makes the logical switch, this network's, up on hv1" [ "$(nbctl --bare --columns=external_ids find Logical_Switch name=ovn1)" = "vmnet-network=ovn1 vmnet-up-hv1=true" ]
check "up on hv1: OVN's subnet" [ "$(nbctl get Logical_Switch ovn1 other_config:subnet)" = '"10.7.0.0/24"' ]
check "up on hv1: DHCP options with the tap's MTU" grep -q 'mtu=1442' <<<"$(nbctl --bare --columns=options list DHCP_Options)"
check "up on hv1: the router, SNAT to its outside address, on gateway chassis hv1" \
	eval '[ "$(nbctl lr-nat-list ovn1-vmnet-lr | awk "/snat/ {print \$2, \$3}")" = "172.30.0.10 10.7.0.0/24" ] && nbctl lrp-get-gateway-chassis ovn1-vmnet-lrp-out | grep -q "^ovn1-vmnet-lrp-out-hv1 "'
check "up on hv1: four ACLs, the LAN dropped both ways" [ "$(nbctl --bare --columns=action find ACL external_ids:vmnet-network=ovn1 | grep -c drop)" = 2 ]
check "check: the isolated topology is what vmnet writes" hv hv1 "$VMNETCTL" check
check "up on hv2 finds the switch as this network's" hv hv2 "$VMNETCTL" up ovn1
nbctl ls-add foreign >/dev/null
cp "$OVN_D/hv2/etc/vmnet.conf" "$W/hv2.conf"
write_file "$OVN_D/hv2/etc/vmnet.conf" 0644 <<EOF
$(cat "$W/hv2.conf")
[network taken]
mode = ovn
lan = allow
switch = foreign
northbound = tcp:172.31.0.1:6641
ovsdb = unix:$OVN_D/hv2/db.sock
EOF
hv_refuse hv2 "up refuses a logical switch that is not vmnet's" "switch foreign exists and is not this network's" hv hv2 "$VMNETCTL" up taken
write_file "$OVN_D/hv2/etc/vmnet.conf" 0644 <"$W/hv2.conf"

# hv2 without vmnetd: an OVN attach needs it, and says so
hv hv2 ip tuntap add tapr mode tap user alice
hv_refuse hv2 "no vmnetd: refused, nothing attached" "tapr: vmnetd is not reachable at /run/vmnetd/ovn.sock" \
	hv hv2 env VMNET_MAC=52:54:00:07:00:01 python3 "$TI/withtun.py" tapr alice "$IFUP" tapr

for h in hv1 hv2; do
	hv $h setsid "$VMNETD" 2>>"$W/vmnetd-$h.err" &
	wait_for hv $h test -S /run/vmnetd/ovn.sock
	eval "VMNETD_$h=$(hv $h cat /run/vmnetd/vmnetd.pid)"
done

# --- refusals, on taps without guests -------------------------------------
hv hv1 ip tuntap add tapm mode tap user mallory
hv_refuse hv1 "a user the ACL refuses" "tapm: .*mallory" \
	hv hv1 env VMNET_MAC=52:54:00:07:00:02 python3 "$TI/withtun.py" tapm mallory "$IFUP" tapm
hv hv1 ip tuntap add tapx mode tap user alice
hv_refuse hv1 "no MAC: OVN's port security needs one" "tapx: network 'ovn1' is OVN's, whose port security needs the VM's MAC" \
	hv hv1 python3 "$TI/withtun.py" tapx alice "$IFUP" tapx

# an attach returns when OVN installed the port
t0=$(date +%s%N)
rc=0
hv hv1 env VMNET_MAC=52:54:00:07:00:03 python3 "$TI/withtun.py" tapx alice "$IFUP" tapx || rc=$?
t1=$(date +%s%N)
LX=$(lsp_of hv1 tapx)
check "attach: exit 0 ($(( (t1 - t0) / 1000000 )) ms)" [ $rc -eq 0 ]
check "attach: OVN has the port up when vmnet-ifup returns" [ "$(lsp_field "$LX" up)" = true ]
check "attach: ovn-controller installed it on hv1" [ "$(vsctl hv1 --if-exists get Interface tapx external_ids:ovn-installed | tr -d '"')" = true ]
check "attach: port security is the VM's MAC and OVN's address" grep -Eq '^\["52:54:00:07:00:03 10\.7\.0\.[0-9]+"\]$' <<<"$(nbctl get Logical_Switch_Port "$LX" port_security)"
check "attach: the tap's MTU fits Geneve (1442)" [ "$(hv hv1 cat /sys/class/net/tapx/mtu)" = 1442 ]
hv hv1 "$VMNETCTL" status >"$W/status" 2>&1
check "status: the logical port, installed and up" grep -q "logical port $LX: installed on this chassis, up, port security '52:54:00:07:00:03 10.7.0" "$W/status"
check "check: what OVN holds is vmnet's promise" hv hv1 "$VMNETCTL" check

# a user in more groups than a page of SO_PEERGROUPS holds (vmnetd reads
# the caller's groups from the socket)
add_user carol 2004
for i in $(seq 300); do echo "vmg$i:x:$((6000 + i)):carol"; done >>/etc/group
write_file "$OVN_D/hv1/etc/acl" 0644 <<EOF
allow alice ovn1 max-taps=3
allow bob ovn1 ip=10.7.0.50
allow @vmg300 ovn1
EOF
kill -HUP "$VMNETD_hv1"	# (vmnetd decides with what it loaded)
sleep 0.5
hv hv1 ip tuntap add tapc mode tap user carol
check "a user in 300 groups, allowed by the last, attaches" \
	hv_as hv1 carol env VMNET_MAC=52:54:00:07:00:0c "$IFUP" tapc
check "... and detaches" hv_as hv1 carol "$IFDOWN" tapc

# requests forged on vmnetd's socket
IX=$(ifindex_of hv1 tapx)
hv hv1 ip tuntap add tapn mode tap user bob
for a in "garbage:short:$IX:not a request" "bad magic:badmagic:$IX:not a request" \
	 "unknown operation:badop:$IX:not a request" \
	 "another user's tap:bind:$IX:tapx is not yours" \
	 "another user's unbind:unbind:$IX:tapx is not yours" \
	 "a tap without a record:bind:$(ifindex_of hv1 tapn):tapn is not a tap attached to an OVN network" \
	 "no such interface:bind:99999:no interface 99999"; do
	IFS=: read -r desc op ix want <<<"$a"
	check "request socket, $desc: refused, nothing changed" refused_req hv1 bob "$op" "$ix" "$want"
done
check "request socket, a bound port: refused, the binding stays" refused_req hv1 alice bind "$IX" "exists already"
check "a second vmnet-ifup on a bound tap is refused" not hv hv1 env VMNET_MAC=52:54:00:07:00:03 python3 "$TI/withtun.py" tapx alice "$IFUP" tapx
# vmnetd decides again: unbound by its owner, then the ACL changes
out=$(hv_as hv1 alice python3 "$TI/ovnreq.py" unbind "$IX" 2>&1)
check "request socket: the owner may unbind ($out)" [ "${out%% *}" = 0 ]
check "unbound: no interface, no logical port" eval 'no_iface hv1 tapx && no_lsp "$LX"'
write_file "$OVN_D/hv1/etc/acl" 0644 <<EOF
allow bob ovn1 ip=10.7.0.50
EOF
kill -HUP "$VMNETD_hv1"
sleep 0.5
out=$(hv_as hv1 alice python3 "$TI/ovnreq.py" bind "$IX" 2>&1)
check "request socket: a bind the ACL no longer allows is refused ($out)" eval '[ "${out%% *}" -lt 0 ] && no_lsp "$LX"'
write_file "$OVN_D/hv1/etc/acl" 0644 <<EOF
allow alice ovn1 max-taps=3
allow bob ovn1 ip=10.7.0.50
EOF
kill -HUP "$VMNETD_hv1"
check "vmnet-ifdown of the unbound tap detaches it" hv hv1 python3 "$TI/withtun.py" tapx alice "$IFDOWN" tapx
check "detached: no record, MTU back" eval '[ -z "$(hv hv1 cat /sys/class/net/tapx/ifalias)" ] && [ "$(hv hv1 cat /sys/class/net/tapx/mtu)" = 1500 ]'

# --- two guests, two users, two chassis -----------------------------------
guest_image oa "$TI/guest/oa.sh"
guest_image ob "$TI/guest/ob.sh"
hv hv1 ip tuntap add tapA mode tap user alice
hv hv2 ip tuntap add tapB mode tap user bob
ovn_guest() {	# NAME HV USER TAP MAC [VAR=VALUE...]
	local name=$1 h=$2 u=$3 tap=$4 mac=$5
	shift 5
	mkfifo -m 666 "$W/$name.ctl.in" "$W/$name.ctl.out"
	: >"$W/$name.log"
	chmod 666 "$W/$name.log"
	hv_as "$h" "$u" env VMNET_MAC="$mac" "$@" qemu-system-x86_64 \
		-name vmnet-world-qemu -machine q35,accel=tcg -m 192 -nodefaults \
		-display none -no-reboot -serial "file:$W/$name.log" \
		-chardev "pipe,id=ctl,path=$W/$name.ctl" -serial chardev:ctl \
		-kernel "$W/vmlinuz" -initrd "$W/$name.cpio" \
		-append "console=ttyS0 quiet panic=-1" \
		-netdev "tap,id=n0,ifname=$tap,script=$IFUP,downscript=$IFDOWN,vnet_hdr=off" \
		-device "virtio-net-pci,netdev=n0,mac=$mac" >"$W/$name.qemu" 2>&1 &
	GUEST_PID=$!
}
ovn_guest oa hv1 alice tapA 52:54:00:07:00:0a
QA=$GUEST_PID
ovn_guest ob hv2 bob tapB 52:54:00:07:00:0b VMNET_IP=10.7.0.50
QB=$GUEST_PID
check "A (alice, hv1) boots and takes a lease" guest_wait oa ready 150
check "B (bob, hv2) boots and takes a lease" guest_wait ob ready 150
check "A: an address of OVN's DHCP, MTU 1442" grep -aq "^VMNET lease 10\.7\.0\.[0-9]*/24 mtu=1442" "$W/oa.log"
check "B: its pinned address from OVN's DHCP" grep -aq "^VMNET lease 10\.7\.0\.50/24 mtu=1442" "$W/ob.log"
LA=$(lsp_of hv1 tapA)
LB=$(lsp_of hv2 tapB)
check "B's port is held to its pinned address" [ "$(lsp_field "$LB" port_security)" = "[52:54:00:07:00:0b 10.7.0.50]" ]
lan_echos() { ip netns exec ovn-lan awk '/^Icmp:/ { if (!h) { for (i = 1; i <= NF; i++) if ($i == "InEchos") c = i; h = 1 } else print $c }' /proc/net/snmp; }
LAN_ECHOS0=$(lan_echos)
guest_go oa
check "A: runs its probes" guest_wait oa done 90
for p in peer tcp full-mtu after-spoof; do
	check "A: $p across chassis" [ "$(guest_try oa $p)" = yes ]
done
check "A: reaches its router" [ "$(guest_try oa gateway)" = yes ]
check "A: reaches the internet through SNAT on hv1" [ "$(guest_try oa internet)" = yes ]
for p in lan-host lan-router router-outside lan-private; do
	check "A: $p blocked" [ "$(guest_try oa $p)" = no ]
done
for p in spoof-mac spoof-ip; do
	check "A: $p dropped by port security" [ "$(guest_try oa $p)" = no ]
done
guest_go ob
check "B: runs its probes" guest_wait ob probed 60
check "B: reaches the internet through the gateway chassis hv1" [ "$(guest_try ob internet)" = yes ]
check "B: the LAN host blocked" [ "$(guest_try ob lan-host)" = no ]
check "no echo request of A's or B's reached the LAN host (from-lport alone)" [ "$(lan_echos)" = "$LAN_ECHOS0" ]
check "control: the LAN host reaches the router's outside address" ip netns exec ovn-lan ping -c 1 -W 2 172.30.0.10
check "the LAN host cannot reach a VM through the router" not ip netns exec ovn-lan ping -c 2 -W 1 10.7.0.50
guest_go ob
check "B: counts its echo requests again" guest_wait ob echos-after 30
b0=$(grep -a "^VMNET echos-before" "$W/ob.log" | awk '{print $3}' | tr -d '\r')
b1=$(grep -a "^VMNET echos-after" "$W/ob.log" | awk '{print $3}' | tr -d '\r')
check "control: B counted A's echo requests ($b0)" [ "${b0:-0}" -gt 0 ]
check "none of the LAN host's reached B (to-lport alone)" [ "$b1" = "$b0" ]

# OVN's state removed under vmnet: vmnetd hears the northbound database
# and repairs, with the guests' traffic flowing again
acls4() { [ "$(nbctl --bare --columns=_uuid find ACL external_ids:vmnet-network=ovn1 | grep -c .)" = 4 ]; }
router_back() { nbctl --bare --columns=name find Logical_Router name=ovn1-vmnet-lr | grep -q .; }
nbctl acl-del ovn1
check "vmnetd puts back the ACLs deleted from the switch" wait_for acls4
nbctl lr-del ovn1-vmnet-lr
check "vmnetd puts back the deleted router" wait_for router_back
check "the gateway chassis's vmnetd logged the repair" grep -aq "ovn1: logical router ovn1-vmnet-lr is missing: repairing" "$W/syslog"
check "the LAN host still cannot reach a VM" not ip netns exec ovn-lan ping -c 2 -W 1 10.7.0.50

# a tampered port security: check names it
nbctl lsp-set-port-security "$LB" "52:54:00:07:00:0b"
hv hv2 "$VMNETCTL" check >"$W/check" 2>&1 || true
check "check: names a port security OVN no longer holds" grep -q "logical port $LB's port security is '52:54:00:07:00:0b', not '52:54:00:07:00:0b 10.7.0.50'" "$W/check"
nbctl lsp-set-port-security "$LB" "52:54:00:07:00:0b 10.7.0.50"

# --- what detach, SIGKILL and down leave -----------------------------------
ended() { ! kill -0 "$1" 2>/dev/null; }
check "A's QEMU ends" wait_for ended "$QA"
check "A's QEMU ended: vmnet-ifdown left no interface and no logical port on hv1" \
	eval '[ -z "$(vmnet_ifaces hv1)" ] && no_lsp "$LA"'

# vmnet-helper's tap, QEMU SIGKILLed: vmnetd removes what is left
mkfifo "$W/helper.in"
exec 7<>"$W/helper.in"
hv_as hv2 alice env VMNET_MAC=52:54:00:07:00:0c python3 "$TI/callhelper.py" ok "$HELPER" --br=ovn1 --fd={fd} \
	<"$W/helper.in" >"$W/helper.out" 2>&1 &
HP=$!
wait_for grep -q . "$W/helper.out"
HT=$(head -1 "$W/helper.out")
LH=$(lsp_of hv2 "$HT")
check "vmnet-helper: its tap $HT is bound to a logical port that is up" [ "$(lsp_field "$LH" up)" = true ]
kill -KILL "$(pgrep -f "callhelper.py ok $HELPER")"
wait "$HP" 2>/dev/null || true
exec 7>&-
gone_h() { no_iface hv2 "$HT" && no_lsp "$LH"; }
check "SIGKILL: vmnetd removed the helper tap's interface and logical port" wait_for gone_h

hv_refuse hv2 "down while a tap is attached, without --force" "ovn1: 1 tap is still attached" hv hv2 "$VMNETCTL" down ovn1
check "down --force on hv2" hv hv2 "$VMNETCTL" down --force ovn1
check "down on hv2: B unbound and detached, its logical port gone" \
	eval '[ -z "$(vmnet_ifaces hv2)" ] && no_lsp "$LB" && [ -z "$(hv hv2 cat /sys/class/net/tapB/ifalias)" ]'
check "down on hv2: the switch stays for the other chassis" [ "$(nbctl --bare --columns=name find Logical_Switch name=ovn1)" = ovn1 ]
check "down on hv1: the last chassis takes the switch and DHCP options" hv hv1 "$VMNETCTL" down ovn1
check "nothing of vmnet's left in OVN or OVS" \
	eval '[ -z "$(nbctl --bare --columns=name list Logical_Switch | grep -v foreign)$(nbctl --bare --columns=_uuid list DHCP_Options)$(nbctl --bare --columns=name list Logical_Switch_Port)$(vmnet_ifaces hv1)$(vmnet_ifaces hv2)" ]'
sleep 1
check "vmnetd keeps a network that is down down" [ -z "$(nbctl --bare --columns=name find Logical_Switch name=ovn1)" ]
pkill -f "$W/ob.log" || true
wait "$QB" 2>/dev/null || true
kill "$VMNETD_hv1" "$VMNETD_hv2"

# SPDX-License-Identifier: GPL-2.0-or-later
# t_vanished.sh - libvirt's order: the tap is deleted first, then the
# downscript runs. vmnet-ifdown finds the vanished tap's firewall elements
# by the name it was attached under and removes them if they are the
# caller's (root: anyone's), and exits 0; another user's stay.
add_user alice 2001
add_user bob 2002
acl <<'A'
allow alice default max-taps=4
allow bob default max-taps=4
A
"$VMNETCTL" up default >/dev/null
elems() {	# IFINDEX: how many elements of the network are keyed by it (a
		# gone interface's index is listed as a number)
	nft list table bridge vmnet | grep -oE "(\{ |, )$1( [.:]|,| \})" | wc -l
}
ifindex_of() { link_field "$1" ifindex; }
base=$(kstate)

ip tuntap add tapA mode tap user alice
check "alice attaches tapA" as alice env VMNET_MAC=52:54:00:00:00:0a "$IFUP" tapA
A=$(ifindex_of tapA)
check "  its registration names it (uid=2001 name=tapA)" \
	sh -c "nft list set bridge vmnet ports_default | grep -q 'comment \"uid=2001 name=tapA\"'"
ip link del tapA
check "libvirt deletes tapA: its elements are still there ($(elems $A))" [ "$(elems $A)" -gt 0 ]
refuse_ok() {	# DESC WANT-NOTE CMD...: exit 0, stderr exactly WANT-NOTE
	local desc=$1 want=$2 out rc=0
	shift 2
	out=$("$@" 2>&1) || rc=$?
	check "$desc (exit $rc${out:+, \"$out\"})" [ "$rc:$out" = "0:$want" ]
}
refuse_ok "bob's ifdown of the name: nothing of his" \
	"vmnet-ifdown: tapA: no such interface; nothing of yours to detach" as bob "$IFDOWN" tapA
check "  alice's elements stay ($(elems $A))" [ "$(elems $A)" -gt 0 ]
refuse_ok "alice's ifdown of the vanished tap" "" as alice "$IFDOWN" tapA
check "  removed every element of it" [ "$(elems $A)" = 0 ]
check "  the state is as before the attach" [ "$(kstate)" = "$base" ]
check "  logged" grep -q "vmnet-ifdown\[[0-9]*\]: uid=2001 .* tap=tapA network=default verdict=allow: the tap is gone; removed its state" "$W/syslog"
refuse_ok "a second ifdown: nothing left" \
	"vmnet-ifdown: tapA: no such interface; nothing of yours to detach" as alice "$IFDOWN" tapA

# a tap that was renamed is not vanished: its elements are not the old name's
ip tuntap add tapB mode tap user alice
check "alice attaches tapB" as alice env VMNET_MAC=52:54:00:00:00:0b "$IFUP" tapB
ip link set tapB down; ip link set tapB name tapR
refuse_ok "ifdown of the old name of a renamed tap: nothing" \
	"vmnet-ifdown: tapB: no such interface; nothing of yours to detach" as alice "$IFDOWN" tapB
check "  the renamed tap keeps its elements" sh -c "nft list set bridge vmnet ports_default | grep -q '\"tapR\"'"
check "  control: ifdown by its name now detaches it" as alice "$IFDOWN" tapR
ip link del tapR

# root may remove another user's vanished tap's state
ip tuntap add tapC mode tap user bob
check "bob attaches tapC" as bob env VMNET_MAC=52:54:00:00:00:0c "$IFUP" tapC
C=$(ifindex_of tapC)
ip link del tapC
refuse_ok "root's ifdown of bob's vanished tap" "" "$IFDOWN" tapC
check "  removed its elements" [ "$(elems $C)" = 0 ]

# VMNET_NETWORK limits the search to that network
ip tuntap add tapD mode tap user alice
check "alice attaches tapD" as alice env VMNET_MAC=52:54:00:00:00:0d "$IFUP" tapD
D=$(ifindex_of tapD)
ip link del tapD
conf <<'C'
[network default]
mode = isolated
bridge = vmnet0
address = 192.168.100.1/24

[network other]
mode = isolated
bridge = vmnet1
address = 192.168.101.1/24
C
refuse_ok "ifdown with VMNET_NETWORK of another network: nothing" \
	"vmnet-ifdown: tapD: no such interface; nothing of yours to detach" as alice env VMNET_NETWORK=other "$IFDOWN" tapD
check "  tapD's elements stay" [ "$(elems $D)" -gt 0 ]
refuse_ok "with its own network: removed" "" as alice env VMNET_NETWORK=default "$IFDOWN" tapD
check "  gone" [ "$(elems $D)" = 0 ]
"$VMNETCTL" down default >/dev/null

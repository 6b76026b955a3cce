# SPDX-License-Identifier: GPL-2.0-or-later
# The wlan demo, run by "demo.sh wlan" inside throwaway namespaces
# (world.sh): a laptop whose uplink wlan0 is associated to an emulated
# access point that accepts only the station's MAC (aptopo.sh), with a DHCP
# server and a LAN host behind it. A real QEMU guest, run by an
# unprivileged user on a wlan network (method netdev), leases from the
# AP's DHCP server, reaches the LAN host and is reached by it, while the AP
# only ever sees the station's MAC.
. tests/integration/topo.sh
. tests/integration/aptopo.sh

say() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }
result() { printf '    %-48s %s\n' "$1" "$2"; }

add_user vmdemo 2101
conf <<'C'
[network wifi]
mode   = wlan
uplink = wlan0
bridge = vmwifi
method = netdev
C
acl <<'A'
allow vmdemo wifi
A
ap_up
say "the world: wlan0 $STA_IP (MAC $STA_MAC) associated to an access point that drops every other source MAC; gateway and DHCP server $AP_IP, LAN host $LAN_IP"
cat /etc/vmnet/vmnet.conf
say "vmnetctl up wifi: bridge vmwifi, veth vmwifi-v/vmwifi-u, nf_tables (wlan0 is never enslaved)"
"$VMNETCTL" up wifi
ip -br link show type bridge
nft list tables

say "QEMU as vmdemo with script=vmnet-ifup downscript=vmnet-ifdown"
ip tuntap add tap0 mode tap user vmdemo
guest_image demo tests/integration/guest/wdemo.sh
guest_start demo vmdemo tap0 52:54:00:12:34:56 VMNET_MAC=52:54:00:12:34:56
qpid=$GUEST_PID
if ! guest_wait demo ready 120; then
	echo "the guest did not finish booting; its console:" >&2
	cat "$W/demo.log" >&2
	fail "guest boots"
	exit 1
fi
say "vmnetctl status (* = learned from the VM's own frames)"
"$VMNETCTL" status

say "results"
vm_ip=$(grep -a '^VMNET lease ' "$W/demo.log" | awk '{print $3}' | cut -d/ -f1)
result "VM lease from the AP's DHCP server:" "${vm_ip:-none}"
check "the VM got a lease through the access point" [ -n "$vm_ip" ] && [ "$vm_ip" != none ]
r=$(guest_try demo lan-host)
result "VM -> LAN host $LAN_IP:" "$([ "$r" = yes ] && echo reachable || echo BLOCKED)"
check "the VM reaches the LAN host" [ "$r" = yes ]
if ip netns exec $NS_L ping -c 1 -W 2 -q "$vm_ip" >/dev/null 2>&1; then r=yes; else r=no; fi
result "LAN host -> VM $vm_ip:" "$([ "$r" = yes ] && echo reachable || echo BLOCKED)"
check "the LAN host reaches the VM by its address" [ "$r" = yes ]
result "frames with a foreign source MAC at the AP:" "$(ap_counter foreign)"
check "the access point never saw the VM's MAC" [ "$(ap_counter foreign)" = 0 ]
result "the AP's neighbour entry for the VM:" "$(ip -n $NS_AP neigh show "$vm_ip" | awk '{print $5}') (the station's MAC)"

say "stop the guest: QEMU runs vmnet-ifdown"
guest_go demo
wait "$qpid" || true
say "vmnetctl down wifi"
"$VMNETCTL" down wifi
nft list tables
ap_down

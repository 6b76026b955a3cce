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
demo_say "the world: wlan0 $STA_IP (MAC $STA_MAC) associated to an access point that drops every other source MAC; gateway and DHCP server $AP_IP, LAN host $LAN_IP"
cat /etc/vmnet/vmnet.conf
demo_say "vmnetctl up wifi: bridge vmwifi, veth vmwifi-v/vmwifi-u, nf_tables (wlan0 is never enslaved)"
"$VMNETCTL" up wifi
ip -br link show type bridge
nft list tables

demo_say "QEMU as vmdemo with script=vmnet-ifup downscript=vmnet-ifdown"
demo_boot tests/integration/guest/wdemo.sh
qpid=$GUEST_PID
demo_say "vmnetctl status (* = learned from the VM's own frames)"
"$VMNETCTL" status

demo_say "results"
vm_ip=$(grep -a '^VMNET lease ' "$W/demo.log" | awk '{print $3}' | cut -d/ -f1)
demo_result "VM lease from the AP's DHCP server:" "${vm_ip:-none}"
check "the VM got a lease through the access point" [ -n "$vm_ip" ] && [ "$vm_ip" != none ]
r=$(guest_try demo lan-host)
demo_result "VM -> LAN host $LAN_IP:" "$([ "$r" = yes ] && echo reachable || echo BLOCKED)"
check "the VM reaches the LAN host" [ "$r" = yes ]
if ip netns exec $NS_L ping -c 1 -W 2 -q "$vm_ip" >/dev/null 2>&1; then r=yes; else r=no; fi
demo_result "LAN host -> VM $vm_ip:" "$([ "$r" = yes ] && echo reachable || echo BLOCKED)"
check "the LAN host reaches the VM by its address" [ "$r" = yes ]
demo_result "frames with a foreign source MAC at the AP:" "$(ap_counter foreign)"
check "the access point never saw the VM's MAC" [ "$(ap_counter foreign)" = 0 ]
demo_result "the AP's neighbour entry for the VM:" "$(ip -n $NS_AP neigh show "$vm_ip" | awk '{print $5}') (the station's MAC)"

demo_say "stop the guest: QEMU runs vmnet-ifdown"
guest_go demo
wait "$qpid" || true
demo_say "vmnetctl down wifi"
"$VMNETCTL" down wifi
nft list tables
ap_down

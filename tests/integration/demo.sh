# SPDX-License-Identifier: GPL-2.0-or-later
# The README demo, run by demo.sh inside throwaway namespaces (world.sh):
# no /etc/vmnet/vmnet.conf, so the embedded "default" network (isolated)
# is used. Around the host: a LAN (a router and a LAN host) and an
# "internet" host, each in its own namespace (topo.sh). A real QEMU guest,
# run by an unprivileged user and attached through the setuid vmnet-ifup,
# boots, leases an address from vmnet's dnsmasq, reaches the internet host
# through vmnet's NAT, and cannot reach the LAN, nor the LAN it.
. tests/integration/topo.sh


add_user vmdemo 2101
acl <<'A'
allow vmdemo default max-taps=2
A
topo_up
demo_say "the world: host uplink0 $HOST_LAN_IP on a LAN with router $ROUTER_IP and LAN host $LAN_IP; internet host $INET_IP behind the router"
demo_say "vmnetctl check (no vmnet.conf: the embedded default network)"
"$VMNETCTL" check
demo_say "vmnetctl up default: bridge, forwarding, nf_tables, dnsmasq"
"$VMNETCTL" up default
ip -br addr show vmnet0
nft list tables

demo_say "a tap for user vmdemo; QEMU as vmdemo with script=vmnet-ifup downscript=vmnet-ifdown"
demo_boot tests/integration/guest/demo.sh
qpid=$GUEST_PID
demo_say "vmnetctl status"
"$VMNETCTL" status

demo_say "results"
vm_ip=$(grep -a '^VMNET lease ' "$W/demo.log" | awk '{print $3}' | cut -d/ -f1)
demo_result "VM lease from dnsmasq:" "${vm_ip:-none}"
check "the VM got a lease" [ -n "$vm_ip" ] && [ "$vm_ip" != none ]
r=$(guest_try demo internet)
demo_result "VM -> internet host $INET_IP:" "$([ "$r" = yes ] && echo reachable || echo BLOCKED)"
check "the VM reaches the internet host" [ "$r" = yes ]
seen=$(awk '/GET \/\?from-the-vm/ {print $1; exit}' "$W/http.log")
demo_result "VM -> internet host, HTTP; the server saw:" "${seen:-nothing} (the host's address: NAT)"
check "the internet host saw the host's address" [ "$seen" = "$HOST_LAN_IP" ]
r=$(guest_try demo lan-host)
demo_result "VM -> LAN host $LAN_IP:" "$([ "$r" = yes ] && echo REACHABLE || echo blocked)"
check "the VM cannot reach the LAN host" [ "$r" = no ]
if ip netns exec $NS_L ping -c 1 -W 1 -q "$vm_ip" >/dev/null 2>&1; then r=yes; else r=no; fi
demo_result "LAN host -> VM $vm_ip (routed via the host):" "$([ "$r" = yes ] && echo REACHABLE || echo blocked)"
check "the LAN host cannot reach the VM" [ "$r" = no ]
# VMs by name: getaddrinfo through vmnet's NSS module (the world's own
# /etc/nsswitch.conf; a Debian install puts "vmnet" there itself)
grep -Eq '^hosts:.*[[:space:]]vmnet' /etc/nsswitch.conf ||
	sed -i 's/^hosts:.*/hosts: files vmnet dns/' /etc/nsswitch.conf
nss=$(dirname "$(ls -d "$(dirname "$VMNETCTL")"/../lib/*/libnss_vmnet.so.2 | head -n1)")
byname() { LD_LIBRARY_PATH=$nss getent ahostsv4 demo.default.internal | awk 'NR == 1 { print $1 }'; }
wait_for sh -c "[ -n \"\$(LD_LIBRARY_PATH=$nss getent ahostsv4 demo.default.internal)\" ]" || true
r=$(byname)
demo_result "host -> demo.default.internal (the name the VM sent):" "${r:-does not resolve}"
check "the host resolves the VM by the name it sent" sh -c "[ -n '$r' ] && [ '$r' = '$vm_ip' ]"

demo_say "syslog (LOG_AUTHPRIV)"
cat "$W/syslog"
demo_say "stop the guest: QEMU runs vmnet-ifdown, which detaches the tap"
guest_go demo
wait "$qpid" || true
"$VMNETCTL" status
check "tap0 detached" sh -c '! ip -o link show tap0 | grep -q master'
demo_say "vmnetctl down default"
"$VMNETCTL" down default
nft list tables
topo_down

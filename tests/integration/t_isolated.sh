# SPDX-License-Identifier: GPL-2.0-or-later
# t_isolated.sh - mode isolated with real traffic: two real QEMU guests
# (tests/guest) attached through the setuid vmnet-ifup as unprivileged
# users, dnsmasq, nf_tables; a LAN and an "internet" in namespaces (topo.sh).
. tests/integration/topo.sh

add_user alice 2001
add_user bob 2002
conf <<'C'
[network default]
mode = isolated
bridge = vmnet0
address = 192.168.100.1/24
dhcp = 192.168.100.100-192.168.100.199
block-extra = 192.0.2.0/24
C
acl <<'A'
allow alice default ip=192.168.100.50 mac=52:54:00:00:00:0a/48
allow bob   default
A
topo_up
# Another tool's tables, which vmnet must never touch.
nft -f - <<'N'
table inet othertool {
	chain forward_hook {
		type filter hook forward priority 10; policy accept;
		ip daddr 203.0.113.99 drop
	}
}
table ip nat {
	chain POSTROUTING {
		type nat hook postrouting priority srcnat; policy accept;
	}
}
N
others() { nft list table inet othertool; nft list table ip nat; }
others_before=$(others)

# --- vmnetctl up: idempotent; print is what up installs ------------------
check "up" "$VMNETCTL" up default
check "dnsmasq runs" [ -n "$(cat /run/vmnet/default/dnsmasq.pid 2>/dev/null)" ]
check "dnsmasq config has the static lease from the ACL" grep -qx 'dhcp-host=52:54:00:00:00:0a,192.168.100.50' /run/vmnet/default/dnsmasq.conf
check "IPv4 forwarding on" [ "$(cat /proc/sys/net/ipv4/ip_forward)" = 1 ]
state1=$(kstate)
pid1=$(cat /run/vmnet/default/dnsmasq.pid)
check "up again" "$VMNETCTL" up default
check "  check finds nothing wrong right after up" quiet "$VMNETCTL" check
check "up twice changes nothing" [ "$(kstate)" = "$state1" ]
check "up twice keeps the same dnsmasq" [ "$(cat /run/vmnet/default/dnsmasq.pid)" = "$pid1" ]

"$VMNETCTL" print default >"$W/print"
sed -n "/^nft -f - <<'EOF'\$/,/^EOF\$/p" "$W/print" | sed '1d;$d' >"$W/print.nft"
ip netns add vmnet-scratch
# its ip and sysctl commands make the links "up" made
ip netns exec vmnet-scratch sh -e -c "$(grep -E '^(ip|sysctl) ' "$W/print")" >/dev/null
check "print: its ip and sysctl commands make the links up made ($(grep -cE '^(ip|sysctl) ' "$W/print") commands)" \
	[ "$(link_facts --forward vmnet0)" = "$(ip netns exec vmnet-scratch bash -c "$(declare -f link_facts); link_facts --forward vmnet0")" ]
ip netns add vmnet-scratch2
ip netns exec vmnet-scratch2 sh -e -c "$(grep -E '^ip ' "$W/print")" >/dev/null
check "  control: without its sysctl commands they differ" \
	[ "$(link_facts --forward vmnet0)" != "$(ip netns exec vmnet-scratch2 bash -c "$(declare -f link_facts); link_facts --forward vmnet0")" ]
ip netns del vmnet-scratch2
ip netns exec vmnet-scratch nft -f "$W/print.nft"
# (without what the kernel learns on its own: countdowns, dnsmasq's leases)
vmnet_tables() { { nft list table inet vmnet; nft list table bridge vmnet; } | nft_nocache; }
check "print: its nft script gives exactly the installed tables" \
	[ "$(vmnet_tables)" = "$(ip netns exec vmnet-scratch sh -c 'nft list table inet vmnet; nft list table bridge vmnet' | nft_nocache)" ]
check "  and the same kernel expressions, rule by rule ($(nft_exprs inet bridge | wc -l))" \
	same_exprs inet bridge
ip netns del vmnet-scratch
check "print: dnsmasq.conf as installed" sh -c "sed -n '/^cat > .*dnsmasq.conf/,/^EOF\$/p' '$W/print' | sed '1d;\$d' | cmp -s - /run/vmnet/default/dnsmasq.conf"

# check verifies the same steps: one undone is named, up redoes it
echo 0 >/proc/sys/net/ipv4/conf/vmnet0/arp_ignore
check "check names a link step undone ($("$VMNETCTL" check 2>&1 | grep -o 'net.ipv4.conf.vmnet0.arp_ignore[^;]*'))" \
	sh -c "'$VMNETCTL' check 2>&1 | grep -q 'default: net.ipv4.conf.vmnet0.arp_ignore is not 1'"
"$VMNETCTL" up default >/dev/null
check "  up redoes it" [ "$(cat /proc/sys/net/ipv4/conf/vmnet0/arp_ignore)" = 1 ]
check "  and check finds nothing wrong" quiet "$VMNETCTL" check

# --- a TCP listener on the host, and the frames the host receives ------------
python3 -c '
import socket
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("0.0.0.0", 7777)); s.listen(8)
while True: s.accept()[0].close()' &
listener=$!
wait_for python3 -c 'import socket; socket.create_connection(("127.0.0.1", 7777), 1)' 2>/dev/null
python3 tests/integration/sniff.py vmnet0 "$W/sniff" &
sniffer=$!
check "control: the LAN host reaches the host's listener" ip netns exec $NS_L python3 -c 'import socket; socket.create_connection(("10.0.0.2", 7777), 2)'

# --- VM A: configured MAC, static lease ------------------------------------
ip tuntap add tapA mode tap user alice
ip tuntap add tapB mode tap user bob
guest_image a tests/integration/guest/a.sh
guest_image b tests/integration/guest/b.sh
guest_start a alice tapA 52:54:00:00:00:0a VMNET_MAC=52:54:00:00:00:0a VMNET_IP=192.168.100.50
apid=$GUEST_PID
check "A: boots and runs its probes" guest_wait a ready 120
check "A: lease 192.168.100.50 (static, from the ACL)" grep -aq "^VMNET lease 192.168.100.50/24" "$W/a.log"
for p in gateway dns internet http; do
	check "A: $p reachable" [ "$(guest_try a $p)" = yes ]
done
check "internet host saw the host's address (masquerade)" grep -q "^$HOST_LAN_IP .*GET /?from-vm-a" "$W/http.log"
for p in lan-private lan-router lan-linklocal lan-shared lan-connected block-extra host-lan-tcp host-bridge-tcp; do
	check "A: $p blocked" [ "$(guest_try a $p)" = no ]
done
for ip in 10.0.0.20 10.0.0.1 169.254.7.20 100.64.0.20 203.0.113.20 192.0.2.10; do
	check "control: the host itself reaches $ip" sh -c "ping -c 1 -W 2 -q $ip >/dev/null"
done
check "A's tap is registered with its MAC" sh -c "nft list set bridge vmnet pairs_default | grep -q '\"tapA\" . 52:54:00:00:00:0a'"

# --- inbound: LAN and internet hosts cannot reach the VM ---------------------
check "control: the host reaches A" sh -c "ping -c 1 -W 2 -q 192.168.100.50 >/dev/null"
for src in 10.0.0.20 169.254.7.20 100.64.0.20 203.0.113.20; do
	check "LAN host from $src cannot reach A (it routes via the host)" sh -c "! ip netns exec $NS_L ping -I $src -c 1 -W 1 -q 192.168.100.50 >/dev/null 2>&1"
done
check "internet host from 192.0.2.10 (block-extra) cannot reach A" sh -c "! ip netns exec $NS_I ping -I 192.0.2.10 -c 1 -W 1 -q 192.168.100.50 >/dev/null 2>&1"
check "LAN host cannot reach A by TCP" sh -c "! ip netns exec $NS_L python3 -c 'import socket; socket.create_connection((\"192.168.100.50\", 22), 2)' 2>/dev/null"
check "internet host cannot reach A" sh -c "! ip netns exec $NS_I ping -c 1 -W 1 -q 192.168.100.50 >/dev/null 2>&1"

# --- VM B: MAC learned from its first frame, dynamic lease, reaches A -------
python3 tests/integration/sniff.py tapB "$W/sniff.tapB" &
sniffer_b=$!
guest_start b bob tapB 52:54:00:00:00:0b
bpid=$GUEST_PID
check "B: boots and starts a rogue DHCP server" guest_wait b rogue 120
python3 tests/integration/dhcpdiscover.py vmnet0
# What B sends is seen on tapB before the bridge's hooks; what passes,
# on vmnet0.
check "B's rogue server answered a discover (seen on its tap)" wait_for grep -q '^52:54:00:00:00:0b ip .* udp 67 68$' "$W/sniff.tapB"
sleep 0.5
check "no offer from B got through the bridge" sh -c "! grep -q '^52:54:00:00:00:0b ip .* udp 67 ' '$W/sniff'"
check "control: B's other frames reach the host" grep -q '^52:54:00:00:00:0b ' "$W/sniff"
guest_go b
check "B: runs its last probes" guest_wait b probed 60
check "B: lease from the dynamic range" grep -aqE "^VMNET lease 192\.168\.100\.1[0-9][0-9]/24" "$W/b.log"
check "B: reaches VM A (VM to VM)" [ "$(guest_try b peer)" = yes ]
check "B: reaches the gateway" [ "$(guest_try b gateway)" = yes ]
check "B: its first MAC was learned" sh -c "nft list set bridge vmnet pairs_default | grep -q '\"tapB\" . 52:54:00:00:00:0b'"
check "B: another MAC after learning gets nothing through" [ "$(guest_try b learned-spoof)" = no ]
guest_go b
wait "$bpid" || true
check "B: downscript removed its elements" sh -c "! nft list table bridge vmnet | grep -qw tapB"
check "B: detached" [ -z "$(alias_of tapB)$(master_of tapB)" ]

check "another tool's tables untouched" [ "$(others)" = "$others_before" ]

# --- a port without its elements fails closed; gc restores them ----------
check "A's tap is in the network's interface group" sh -c "ip -d link show tapA | grep -q ' group 1983601630 '"
nft delete element bridge vmnet ports_default '{ "tapA" }'
check "A without its elements: its frames are dropped" sh -c "! ping -c 1 -W 1 -q 192.168.100.50 >/dev/null 2>&1"
check "gc restores A's elements" sh -c "'$VMNETCTL' gc | grep -q '^gc: default: restored the anti-spoofing state of 1 attached tap$'"
check "A reachable again" sh -c "ping -c 2 -W 2 -q 192.168.100.50 >/dev/null 2>&1"

# --- nft flush ruleset, then vmnetctl up: the same state, A's included ----
before=$(vmnet_tables)
# the second line's programs, by id (tc says which program a filter runs)
bpf_ids() { for d in ingress egress; do tc filter show dev vmnet0 $d | grep -o ' id [0-9]*'; done | tr -d '\n'; }
ids=$(bpf_ids)
nft flush ruleset
check "flush removed vmnet's tables" sh -c "! nft list tables | grep -q vmnet"
refuse "ifup while the firewall state is missing fails closed" \
	"^vmnet-ifup: tapB: network 'default' is not up: its firewall state is missing \(run 'vmnetctl up default'\)$" \
	as bob "$IFUP" tapB
check "up after the flush" "$VMNETCTL" up default
check "up restored the same tables and A's elements" [ "$(vmnet_tables)" = "$before" ]
check "  and left the second line as it was, the same programs ($ids)" [ -n "$ids" -a "$(bpf_ids)" = "$ids" ]
# ... but a LAN that changed gets new filters, and so does a state file
# that is not root's alone, and a filter someone took off
ip route add 198.18.7.0/24 via 10.0.0.1
"$VMNETCTL" up default >/dev/null
check "a route to a new LAN prefix: up loads the second line anew" [ "$(bpf_ids)" != "$ids" ]
check "  which holds it (check is clean)" quiet "$VMNETCTL" check
ip route del 198.18.7.0/24 via 10.0.0.1
"$VMNETCTL" up default >/dev/null
ids=$(bpf_ids)
chmod 666 /run/vmnetd/lanbpf-default
"$VMNETCTL" up default >/dev/null
check "a state file others may write is not believed" [ "$(bpf_ids)" != "$ids" ]
check "  and is replaced by root's own" sh -c "[ \"\$(stat -c '%U %a' /run/vmnetd/lanbpf-default)\" = 'root 644' ]"
tc filter del dev vmnet0 egress
"$VMNETCTL" up default >/dev/null
check "a filter taken off: up puts both back" [ "$(bpf_ids | grep -o id | wc -l)" = 2 ]
check "  and check is clean" quiet "$VMNETCTL" check

# --- A spoofs; afterwards it still works ------------------------------------
guest_go a
check "A: finishes" guest_wait a done 60
for p in spoof-mac spoof-ip spoof-arp; do
	check "A: $p gets nothing through" [ "$(guest_try a $p)" = no ]
done
check "A: reaches the gateway after spoofing" [ "$(guest_try a after-spoof)" = yes ]
check "A: reaches the internet after flush + up" [ "$(guest_try a internet-after)" = yes ]
kill "$sniffer" "$sniffer_b"
check "sniffer saw A's real frames (control)" grep -q '^52:54:00:00:00:0a ip 192.168.100.50 ' "$W/sniff"
check "no frame with A's spoofed MAC reached the host" sh -c "! grep -q '^52:54:00:66:66:66 ' '$W/sniff'"
check "no frame with B's spoofed MAC reached the host" sh -c "! grep -q '^52:54:00:77:77:77 ' '$W/sniff'"
check "no IPv4 from outside the subnet reached the host" sh -c "! grep -q ' ip 172.30.0.5 ' '$W/sniff'"
check "no ARP from outside the subnet reached the host" sh -c "! grep -q ' arp 172.30.0.5$' '$W/sniff'"
wait "$apid" || true
check "A: downscript removed its elements" sh -c "! nft list table bridge vmnet | grep -qw tapA"

# --- vmnetctl down removes exactly vmnet's state ----------------------------
kill "$listener"
nft -f - <<'N'
table inet othertool {
	chain forward_hook {
		type filter hook forward priority 10; policy accept;
	}
}
N
others_before=$(nft list table inet othertool)
check "down" "$VMNETCTL" down default
check "down: no vmnet table" sh -c "! nft list tables | grep -q vmnet"
check "down: dnsmasq stopped" sh -c "! kill -0 $pid1 2>/dev/null"
check "down: no bridge" sh -c "! ip link show vmnet0 2>/dev/null"
check "down: /run/vmnet/default removed" [ ! -e /run/vmnet/default ]
check "down: the second line's state file removed" [ ! -e /run/vmnetd/lanbpf-default ]
check "down: another tool's table untouched" [ "$(nft list table inet othertool)" = "$others_before" ]

# --- lan = allow: plain NAT (no LAN set, no input restriction) --------------
conf <<'C'
[network open]
mode = isolated
bridge = vmnet1
address = 10.99.0.1/24
dhcp = 10.99.0.10-10.99.0.20
lan = allow
C
acl <<'A'
allow alice open
A
check "lan = allow: up" "$VMNETCTL" up open
check "lan = allow: masquerade" sh -c "nft list chain inet vmnet nat_open | grep -q 'ip saddr 10.99.0.0/24 .* masquerade'"
check "lan = allow: new connections into the bridge still rejected" sh -c "nft list chain inet vmnet fwd_open | grep -q 'oifname \"vmnet1\" reject'"
check "lan = allow: no LAN set" sh -c "! nft list set inet vmnet lan_open 2>/dev/null"
check "lan = allow: the host is still closed to VMs but for DHCP, DNS and ping on the bridge address" \
	sh -c "nft list chain inet vmnet in_open | grep -q 'iifname \"vmnet1\" reject'"
check "lan = allow: forward has no LAN reject" sh -c "! nft list chain inet vmnet fwd_open | grep -q '@lan_'"
check "lan = allow: down" "$VMNETCTL" down open
check "lan = allow: nothing left" sh -c "! nft list tables | grep -q vmnet"
topo_down

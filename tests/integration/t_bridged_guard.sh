# SPDX-License-Identifier: GPL-2.0-or-later
# t_bridged_guard.sh - bridged networks hold their VMs to their identity:
# a hostile guest on the administrator's bridge claims the host's and
# another user's address, runs a DHCP server, sends router advertisements
# and LLDP, loops the LAN through two of its taps, and sends BPDUs to make
# itself the root bridge. A LAN host in its own namespace counts what
# arrives. Frames are written to the real taps (frames.py).

add_user bob 2002
add_user mallory 2003
conf <<'C'
[network lan]
mode = bridged
bridge = br0

[network stp]
mode = bridged
bridge = br1

[network open]
mode = bridged
bridge = br2
guard = no
C
acl <<'A'
allow bob lan ip=10.1.0.50 mac=52:54:00:00:00:0b/48
allow mallory * max-taps=6
A
# the administrator's bridge with the wired uplink to the LAN, the host's
# address on it
NS=vmnet-lan
bridged_lan $NS
ip netns exec $NS nft -f - <<N
table netdev seen {
	counter as_victim { }
	counter dhcp_client { }
	counter ipv6 { }
	counter lldp { }
	counter own_echo { }
	chain in {
		type filter hook ingress device "l0" priority 0; policy accept;
		ether type ip icmp type echo-request icmp id 0x4242 counter name "as_victim"
		ether type ip udp dport 68 counter name "dhcp_client"
		ether type ip6 ether saddr != $HOST_MAC counter name "ipv6"
		ether type 0x88cc counter name "lldp"
		ether saddr $LAN_MAC counter name "own_echo"
	}
}
N
lan_counter() { ip netns exec $NS nft list counter netdev seen "$1" | awk '/packets/ {print $2}'; }
# br1 runs STP, the host being its root
ip link add br1 address 02:00:00:00:01:01 type bridge stp_state 1
ip link set br1 up
ip link add br2 type bridge
ip link set br2 up
check "up: the bridged networks' port guards" "$VMNETCTL" up --all
check "  check finds nothing wrong right after up" quiet "$VMNETCTL" check
for t in tapB tapM tapM2 tapS tapO; do ip tuntap add $t mode tap user $([ $t = tapB ] && echo bob || echo mallory); done
check "the victim attaches (pinned)" as bob "$IFUP" tapB
check "the attacker attaches a learning tap" as mallory env VMNET_NETWORK=lan "$IFUP" tapM
check "  and a second one" as mallory env VMNET_NETWORK=lan "$IFUP" tapM2
ip netns exec $NS ping -c 1 -W 1 -q 10.1.0.2 >/dev/null
py lan "$LAN_MAC" <<'PY'
import sys, threading, time, subprocess, frames as F
lan = sys.argv[1]
B = F.Tap("tapB", "52:54:00:00:00:0b", "10.1.0.50")
M = F.Tap("tapM", "52:54:00:00:00:66", "10.1.0.70")
M2 = F.Tap("tapM2", "52:54:00:00:00:67", "10.1.0.71")
print("victim-lan", F.ping(B, B.mac, B.ip, lan, "10.1.0.20", ident=1))
print("attacker-lan", F.ping(M, M.mac, M.ip, lan, "10.1.0.20", ident=2))
print("attacker2-lan", F.ping(M2, M2.mac, M2.ip, lan, "10.1.0.20", ident=3))
# the host's and the victim's addresses, claimed toward the LAN host
for who in ("10.1.0.2", "10.1.0.50"):
    M.send(F.arp(M.mac, 2, M.mac, who, lan, "10.1.0.20"))
    M.send(F.arp(M.mac, 2, M.mac, who, F.BCAST, who, dst=F.BCAST))
M.send(F.eth(lan, M.mac, 0x0800, F.ipv4("10.1.0.50", "10.1.0.20", 1,
                                        F.icmp_echo(0x4242, 1))))
# a DHCP server on any port, a router advertisement, LLDP
for sport in (67, 1067):
    M.send(F.eth(F.BCAST, M.mac, 0x0800, F.ipv4(M.ip, "255.255.255.255", 17,
               F.udp(sport, 68, F.bootp(2, "02:00:00:00:00:99", msgtype=2)))))
ra = bytes([134, 0, 0, 0, 64, 0, 0x07, 0x08]) + b"\0" * 8
ip6 = b"\x60\0\0\0" + len(ra).to_bytes(2, "big") + bytes([58, 255]) + \
    bytes.fromhex("fe800000000000000000000000000001") + \
    bytes.fromhex("ff020000000000000000000000000001") + ra
M.send(F.eth("33:33:00:00:00:01", M.mac, 0x86dd, ip6))
M.send(F.eth("01:80:c2:00:00:0e", M.mac, 0x88cc, b"\x02\x07\x04" + b"\0" * 40))
# a loop: everything that reaches one tap goes out of the other, while the
# LAN host broadcasts
stop = time.time() + 2.5
def relay(a, b):
    while time.time() < stop:
        for f in a.frames(0.05):
            b.send(f)
ts = [threading.Thread(target=relay, args=(M, M2)),
      threading.Thread(target=relay, args=(M2, M))]
for t in ts:
    t.start()
time.sleep(0.3)
subprocess.run(["ip", "netns", "exec", "vmnet-lan", "ping", "-c", "2", "-W",
                "1", "-b", "-q", "10.1.0.255"], stdout=subprocess.DEVNULL,
               stderr=subprocess.DEVNULL)
for t in ts:
    t.join()
print("victim-lan-after", F.ping(B, B.mac, B.ip, lan, "10.1.0.20", ident=4))
PY
check "control: the victim reaches the LAN host" [ "$(res lan victim-lan)" = True ]
check "control: so do the attacker's taps, from their own addresses" [ "$(res lan attacker-lan)$(res lan attacker2-lan)" = TrueTrue ]
check "the LAN still has the host's MAC for the host's address" sh -c "ip -n $NS neigh show 10.1.0.2 | grep -q $HOST_MAC"
check "the LAN never took the attacker's MAC for the victim's address" sh -c "! ip -n $NS neigh show 10.1.0.50 | grep -q 52:54:00:00:00:66"
check "nothing sent as the victim reached the LAN" [ "$(lan_counter as_victim)" = 0 ]
check "no DHCP server message reached the LAN, from any port" [ "$(lan_counter dhcp_client)" = 0 ]
check "no router advertisement from a VM reached the LAN (no IPv6 from a VM did: the RA was its only IPv6)" [ "$(lan_counter ipv6)" = 0 ]
check "no LLDP reached the LAN" [ "$(lan_counter lldp)" = 0 ]
check "the loop through two taps sent none of the LAN host's frames back" [ "$(lan_counter own_echo)" = 0 ]
check "the victim still works" [ "$(res lan victim-lan-after)" = True ]

# BPDUs toward an STP bridge: vmnet's port is shut, the host stays root
# (its root port 0). Read while the fd is held: a tap without its fd has
# no carrier, and its port is disabled anyway.
check "a tap attaches to the STP bridge" as mallory env VMNET_NETWORK=stp "$IFUP" tapS
bpdu() {	# TAP: send root-claiming BPDUs, print the port state and root port
	PYTHONPATH=tests/integration python3 -c '
import json, subprocess, sys, time, frames as F
t = F.Tap(sys.argv[1])
time.sleep(0.3)
for _ in range(3):
    t.send(F.bpdu("52:54:00:00:00:66", 0))
    time.sleep(0.1)
port = json.loads(subprocess.run(["bridge", "-j", "link", "show", "dev", sys.argv[1]],
                                 capture_output=True, text=True).stdout)[0]
br = json.loads(subprocess.run(["ip", "-d", "-j", "link", "show", "br1"],
                               capture_output=True, text=True).stdout)[0]
print(port["state"], br["linkinfo"]["info_data"]["root_port"])' "$1"; }
check "before: the host is the STP root" sh -c "ip -d -j link show br1 | grep -q '\"root_port\":0'"
out=$(bpdu tapS)
check "a root-claiming BPDU shut vmnet's port (BPDU guard): $out" [ "${out% *}" = disabled ]
check "  and the host is still the root" [ "${out#* }" = 0 ]
ip tuntap add tapX mode tap
ip link set tapX master br1 up
out=$(bpdu tapX)
check "control: the same BPDUs on a port vmnet did not attach make it the root port: $out" [ "${out#* }" != 0 ]
ip link del tapX

# guard = no: explicit, shown and warned about
check "guard = no: a tap attaches without firewall state" as mallory env VMNET_NETWORK=open "$IFUP" tapO
check "  status says the network is unguarded" sh -c "'$VMNETCTL' status | grep -q '^network open: .*unguarded (guard = no)'"
check "  check warns, and passes" sh -c "'$VMNETCTL' check 2>&1 >/dev/null | grep -q \"warning: network 'open' has guard = no\""
check "  status --json says guard false" sh -c "'$VMNETCTL' status --json | python3 -c 'import json,sys; d=json.load(sys.stdin); assert [n for n in d[\"networks\"] if n[\"name\"]==\"open\"][0][\"guard\"] is False'"
for t in tapB tapM tapM2 tapS tapO; do "$IFDOWN" $t >/dev/null; done
check "down --all" "$VMNETCTL" down --all
check "  no vmnet table is left" sh -c "! nft list tables | grep -q vmnet"
check "  the administrator's bridges stay" sh -c "ip link show br0 && ip link show br1" >/dev/null
ip netns del $NS

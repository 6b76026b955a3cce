# SPDX-License-Identifier: GPL-2.0-or-later
# t_authority.sh - a VM's address is only ever one an authority gave it,
# never one it took first: on an isolated network dnsmasq's lease (the
# port guard reads its DHCPACKs and, after a flush, its lease file), on a
# bridged network the first address it uses, but never one a LAN host was
# seen using (the host's neighbours, the LAN side's frames). The hostile
# guest squats an address before its owner returns, takes a free one
# without asking, forges an ACK for itself, and claims a live LAN host's
# address; each must get nothing through while the owners keep working.
# Frames are written to the real taps (frames.py).

add_user alice 2001
add_user bob 2002
add_user mallory 2003
conf <<'C'
[network default]
mode = isolated
bridge = vmnet0
address = 192.168.100.1/24
dhcp = 192.168.100.100-192.168.100.199

[network lan]
mode = bridged
bridge = br0
C
acl <<'A'
allow bob lan ip=10.1.0.22
allow alice *
allow mallory * max-taps=8
A
"$VMNETCTL" up default >/dev/null
for t in tapA tapA2; do mktap $t alice; done
for t in tapM tapM2 tapM3 tapL1 tapL2 tapL3; do mktap $t mallory; done
check "alice attaches, learning her MAC" as alice "$IFUP" tapA
check "mallory attaches two taps" as mallory "$IFUP" tapM
check "  and the second" as mallory "$IFUP" tapM2
BR=$(mac_of vmnet0)
A_MAC=52:54:00:00:00:0a M_MAC=52:54:00:00:00:66

# lease_in MAC IP: leases_default holds MAC . IP (raw integers in the
# listing); both_leases: alice's and mallory's
lease_in() {
	nft list set bridge vmnet leases_default |
		grep -q "0x$(echo "$1" | tr -d :) \. 0x$(printf '%02x' $(echo "$2" | tr . ' '))"
}
both_leases() { lease_in $A_MAC "$A_IP" && lease_in $M_MAC "$M_IP"; }

# --- isolated: the lease is the authority ----------------------------------
py lease "$BR" <<'PY'
import sys, frames as F
br = sys.argv[1]
A = F.Tap("tapA", "52:54:00:00:00:0a")
M = F.Tap("tapM", "52:54:00:00:00:66")
M2 = F.Tap("tapM2", "52:54:00:00:00:67")
a = A.ip = F.dhcp_lease(A, A.mac, seconds=5)
m = M.ip = F.dhcp_lease(M, M.mac, seconds=5, xid=0x99)
print("a", a)
print("m", m)
print("a-gw", F.ping(A, A.mac, a, br, "192.168.100.1", ident=1))
print("m-gw", F.ping(M, M.mac, m, br, "192.168.100.1", ident=2))
# a fresh port takes a free address without asking (and answers ARP for
# it, as a guest would)
M2.ip = "192.168.100.50"
print("m2-free", F.ping(M2, M2.mac, M2.ip, br, "192.168.100.1", ident=3))
# ... or the other VMs' leased ones
print("m-as-a", F.ping(M, M.mac, a, br, "192.168.100.1", ident=4))
print("m2-as-a", F.ping(M2, M2.mac, a, br, "192.168.100.1", ident=5))
# mallory forges a DHCPACK of .160 for her second port, from her first
ack = F.bootp(2, M2.mac, xid=7, msgtype=5, yiaddr="192.168.100.160")
M.send(F.eth(F.BCAST, M.mac, 0x0800,
             F.ipv4(m, "255.255.255.255", 17, F.udp(67, 68, ack))))
print("m2-forged", F.ping(M2, M2.mac, "192.168.100.160", br,
                          "192.168.100.1", ident=6))
PY
A_IP=$(res lease a) M_IP=$(res lease m)
check "alice's VM gets a lease from dnsmasq ($A_IP)" [ -n "$A_IP" ] && [ "$A_IP" != None ]
check "mallory's too ($M_IP)" [ -n "$M_IP" ] && [ "$M_IP" != None ] && [ "$M_IP" != "$A_IP" ]
check "the port guard read both ACKs into leases_default" both_leases
check "  for as long as dnsmasq's lease lasts (an hour)" sh -c "nft list set bridge vmnet leases_default | grep -Eq 'timeout 1h expires (59m|1h)'"
check "control: alice reaches the gateway from her lease" [ "$(res lease a-gw)" = True ]
check "control: mallory from hers" [ "$(res lease m-gw)" = True ]
check "a port that takes a free address without DHCP gets nothing" [ "$(res lease m2-free)" = False ]
check "  and holds no address" not sh -c "nft list set bridge vmnet leases_default | grep -q 0xc0a86432"
check "sending from alice's leased address gets nothing (from either port)" [ "$(res lease m-as-a)$(res lease m2-as-a)" = FalseFalse ]
check "an ACK a VM forges for another teaches nothing" [ "$(res lease m2-forged)" = False ]
check "  leases_default holds only dnsmasq's two" [ "$(nft list set bridge vmnet leases_default | grep -o '0x5254[0-9a-f]*' | wc -l)" = 2 ]

# the owner goes away (its VM is off); the squatter moves in before it
# returns, then the owner comes back on a new tap with its MAC
"$IFDOWN" tapA >/dev/null
check "mallory attaches a third, fresh port" as mallory "$IFUP" tapM3
py squat "$BR" "$A_IP" <<'PY'
import sys, frames as F
br, a = sys.argv[1], sys.argv[2]
M3 = F.Tap("tapM3", "52:54:00:00:00:68", a)
M3.send(F.arp(M3.mac, 2, M3.mac, a, F.BCAST, a, dst=F.BCAST))
print("squat", F.ping(M3, M3.mac, a, br, "192.168.100.1", ident=7))
PY
check "squatting the address while its owner is away gets nothing" [ "$(res squat squat)" = False ]
check "  and the host's ARP entry for it is not the squatter's" not sh -c "ip neigh show $A_IP dev vmnet0 | grep -q 52:54:00:00:00:68"
check "alice's VM comes back on a new tap" as alice "$IFUP" tapA2
py back "$BR" "$A_IP" <<'PY'
import sys, frames as F
br, a = sys.argv[1], sys.argv[2]
A = F.Tap("tapA2", "52:54:00:00:00:0a", a)
print("back", F.ping(A, A.mac, a, br, "192.168.100.1", ident=8))
PY
check "  and has its address at once, lease unchanged" [ "$(res back back)" = True ]

# the whole bridge table goes (a flush); "up" rebuilds it, and the leases
# come back from dnsmasq's lease file, not from the VMs' frames
nft delete table bridge vmnet
"$VMNETCTL" up default >/dev/null
check "after a flush and 'up' the leases are back from dnsmasq's file" both_leases
check "  counting down what is left of them" sh -c "nft list set bridge vmnet leases_default | grep -Eq 'timeout [0-9hms]+ expires (59m|[0-9]m|[1-5][0-9]m)'"
py flushed "$BR" "$A_IP" "$M_IP" <<'PY'
import sys, frames as F
br, a, m = sys.argv[1:4]
A = F.Tap("tapA2", "52:54:00:00:00:0a", a)
M2 = F.Tap("tapM2", "52:54:00:00:00:67")
print("a", F.ping(A, A.mac, a, br, "192.168.100.1", ident=9))
print("m2-as-a", F.ping(M2, M2.mac, a, br, "192.168.100.1", ident=10))
print("m2-as-m", F.ping(M2, M2.mac, m, br, "192.168.100.1", ident=11))
PY
check "  alice's VM works on" [ "$(res flushed a)" = True ]
check "  and mallory's second port holds neither lease" [ "$(res flushed m2-as-a)$(res flushed m2-as-m)" = FalseFalse ]

# --- bridged: not a live LAN host's address --------------------------------
NS=vmnet-lan
ip netns add $NS
ip -n $NS link set lo up
ip link add br0 type bridge
ip link add lanup type veth peer name l0 netns $NS
ip link set lanup master br0 up
ip link set br0 up
ip addr add 10.1.0.2/24 dev br0
ip -n $NS link set l0 up
ip -n $NS addr add 10.1.0.20/24 dev l0
ip -n $NS addr add 10.1.0.22/24 dev l0
# the host talks to the LAN host before the network is up: its
# neighbour table knows it (and the isolated network's port guard, which
# sees every bridge's frames, leaves another bridge's ports alone)
check "another bridge works while an isolated network is up" quiet ping -c1 -W2 10.1.0.20
check "  (twice)" quiet ping -c1 -W2 10.1.0.22
"$VMNETCTL" up lan >/dev/null
check "'up' starts lanip_lan with the LAN host the host knows" sh -c "nft list set bridge vmnet lanip_lan | grep -q '10.1.0.20'"
check "  but not the host's own address" not sh -c "nft list set bridge vmnet lanip_lan | grep -q '10.1.0.2[^0-9]'"
mktap tapB bob
refuse "a VM's configured address a LAN host uses is refused" \
	"vmnet-ifup: tapB: VMNET_IP 10.1.0.22 is in use by another machine on the LAN \(seen in the last 10 minutes\)$" \
	as bob "$IFUP" tapB
# another LAN address, first seen after "up": its ARP request teaches it
ip -n $NS addr add 10.1.0.21/24 dev l0
ip netns exec $NS ping -c1 -W2 -I 10.1.0.21 10.1.0.2 >/dev/null || true
check "a LAN address first seen after 'up' joins lanip_lan" sh -c "nft list set bridge vmnet lanip_lan | grep -q '10.1.0.21'"
for t in tapL1 tapL2 tapL3; do
	check "mallory attaches $t to the bridged network" as mallory env VMNET_NETWORK=lan "$IFUP" $t
done
BRL=$(mac_of br0)
py lanhost "$BRL" <<'PY'
import sys, frames as F
br = sys.argv[1]
for tap, mac, ip, n in (("tapL1", "52:54:00:00:01:01", "10.1.0.20", 1),
                        ("tapL2", "52:54:00:00:01:02", "10.1.0.21", 2),
                        ("tapL3", "52:54:00:00:01:03", "10.1.0.77", 3)):
    T = F.Tap(tap, mac, ip)
    # (an ARP request from the address: the host answers the asker)
    print(tap, F.resolve(T, mac, ip, "10.1.0.2") == br)
    print(tap + "-ping", F.ping(T, mac, ip, br, "10.1.0.2", ident=20 + n))
PY
check "claiming the address of the LAN host the host knew gets nothing" [ "$(res lanhost tapL1)" = False ]
check "claiming one the LAN side's frames showed gets nothing" [ "$(res lanhost tapL2)" = False ]
check "  neither port holds an address" not sh -c "nft list map bridge vmnet tapip_lan | grep -Eq '10.1.0.2[01]'"
check "  the LAN host's address still resolves to the LAN host" sh -c "ip neigh show 10.1.0.20 dev br0 | grep -q \"\$(ip -n $NS -j link show l0 | python3 -c 'import json,sys; print(json.load(sys.stdin)[0][\"address\"])')\""
check "control: a free address is the port's on first use" [ "$(res lanhost tapL3)$(res lanhost tapL3-ping)" = TrueTrue ]
check "  held in tapip_lan" sh -c "nft list map bridge vmnet tapip_lan | grep -q '10.1.0.77'"

for t in tapL1 tapL2 tapL3 tapA2 tapM tapM2 tapM3; do "$IFDOWN" $t >/dev/null; done
"$VMNETCTL" down --all >/dev/null
ip netns del $NS

# SPDX-License-Identifier: GPL-2.0-or-later
# t_adopt.sh - a port someone else put on vmnet's own bridge ("ip link set
# X master vmnet0", libvirt's <interface type='bridge'>). Unguarded, it may
# use any MAC and address and serve DHCP to the VMs. vmnetctl gc (and up,
# and every vmnetd pass) adopts a foreign tap with learned anti-spoofing,
# recorded as adopted (owner unknown: counted for nobody, only root may
# detach it), and takes any other foreign port off the bridge.
add_user bob 2002
acl <<'A'
allow bob default ip=192.168.100.50 mac=52:54:00:00:00:0b/48
A
"$VMNETCTL" up default >/dev/null
base=$(kstate)
ip tuntap add tapB mode tap user bob
check "bob's VM attaches" as bob "$IFUP" tapB
ip tuntap add tapF mode tap
ip link set tapF master vmnet0 up
ip link add vfA type veth peer name vfB
ip link set vfA master vmnet0 up

# Until it is adopted, a foreign port gets nothing through (the port
# guard drops what any port outside the network's group sends on
# vmnet's own bridge). Only there: the guard's chains see every
# bridge's frames, and another bridge's ports are not vmnet's business.
ip netns add vmnet-other
ip link add br9 type bridge
ip link add o9 type veth peer name p9 netns vmnet-other
ip link set o9 master br9 up
ip link set br9 up
ip addr add 10.9.0.1/24 dev br9
ip -n vmnet-other link set p9 up
ip -n vmnet-other addr add 10.9.0.2/24 dev p9
check "another bridge's ports work while vmnet guards its own" quiet ping -c1 -W2 10.9.0.2
ip link del br9; ip link del o9; ip netns del vmnet-other
py before "$(mac_of vmnet0)" <<'PY'
import sys, frames as F
Fg = F.Tap("tapF", "52:54:00:00:00:f1", "192.168.100.71")
print("foreign", F.ping(Fg, Fg.mac, Fg.ip, sys.argv[1], "192.168.100.1", ident=7))
Fg.close()
PY
check "an unadopted foreign tap gets nothing through" [ "$(res before foreign)" = False ]
out=$("$VMNETCTL" gc 2>&1)
check "gc adopts the foreign tap" grep -q "default: adopted foreign tap tapF on vmnet0" <<<"$out"
check "gc takes the foreign veth off the bridge" grep -q "default: took foreign port vfA (veth) off vmnet0" <<<"$out"
check "  vfA has no master now" [ -z "$(master_of vfA)" ]
check "  tapF stays on vmnet0" [ "$(master_of tapF)" = vmnet0 ]
check "  its record says adopted (root's lock guards it)" sh -c "ip -d link show tapF | grep -q 'alias vmnet1 net=default uid=0 .* via=adopted'"
check "  its registration is root's" \
	sh -c "nft list set bridge vmnet ports_default | grep -q 'comment \"uid=0 name=tapF\"'"
check "  in the network's interface group" [ "$(link_field tapF group)" = "$(link_field tapB group)" ]
check "  BPDU guard and root block on it" sh -c "ip -d link show tapF | grep -q 'guard on root_block on'"
out=$("$VMNETCTL" gc 2>&1)
check "a second gc finds nothing foreign" not grep -q "foreign" <<<"$out"
check "status lists tapF as adopted, no user's" sh -c "'$VMNETCTL' status | grep -qE 'tapF +\(adopted\) '"
check "  and --json gives it no uid" sh -c "'$VMNETCTL' status --json | python3 -c '
import json, sys
t = [t for n in json.load(sys.stdin)[\"networks\"] for t in n[\"taps\"] if t[\"name\"] == \"tapF\"][0]
sys.exit(not (t[\"uid\"] is None and t[\"via\"] == \"adopted\"))'"

py guard "$(mac_of vmnet0)" <<'PY'
import sys, frames as F
Fg = F.Tap("tapF", "52:54:00:00:00:f1")
B = F.Tap("tapB", "52:54:00:00:00:0b", "192.168.100.50")
br = sys.argv[1]
Fg.ip = F.dhcp_lease(Fg, Fg.mac, seconds=5)
B.frames(0.1)	# (its DHCP client's broadcasts reached B: not counted)
print("own", F.ping(Fg, Fg.mac, Fg.ip, br, "192.168.100.1", ident=1))
print("other-mac", F.ping(Fg, "52:54:00:00:00:f2", Fg.ip, br,
                          "192.168.100.1", ident=2))
print("victim-ip", F.ping(Fg, Fg.mac, B.ip, br, "192.168.100.1", ident=3))
for sport in (67, 1067):
    msg = F.bootp(2, B.mac, msgtype=2, yiaddr="192.168.100.66")
    Fg.send(F.eth(F.BCAST, Fg.mac, 0x0800, F.ipv4(Fg.ip, "255.255.255.255",
                                                  17, F.udp(sport, 68, msg))))
def rogue(f):
    s, d, et, p = F.parse(f)
    return s == Fg.mac and et == 0x0800 and p[9] == 17
print("victim-saw-rogue", sum(1 for f in B.frames(1) if rogue(f)))
print("victim", F.ping(B, B.mac, B.ip, br, "192.168.100.1", ident=4))
PY
check "control: the adopted tap's VM reaches the gateway, from its lease" [ "$(res guard own)" = True ]
check "  held to the MAC it used first" [ "$(res guard other-mac)" = False ]
check "  and to its address" [ "$(res guard victim-ip)" = False ]
check "  its DHCP server messages reach no VM" [ "$(res guard victim-saw-rogue)" = 0 ]
check "  the other VM keeps working" [ "$(res guard victim)" = True ]

# (the guard's fd closed: the port goes disabled, by itself)
wait_for sh -c "ip -d link show tapF | grep -q 'state disabled'"
refuse "bob may not detach an adopted tap" "tapF" as bob "$IFDOWN" tapF
check "root detaches it" "$IFDOWN" tapF
check "  off the bridge, record gone" [ -z "$(master_of tapF)$(alias_of tapF)" ]
check "bob detaches his" as bob "$IFDOWN" tapB
ip link del tapB; ip link del tapF; ip link del vfA
check "the state is as before" [ "$(kstate)" = "$base" ]

# up adopts too, and a foreign tap on a bridged network's own bridge is
# not vmnet's to adopt (that bridge is the administrator's)
ip tuntap add tapG mode tap
ip link set tapG master vmnet0
out=$("$VMNETCTL" up default 2>&1)
check "vmnetctl up adopts a foreign tap" grep -q "adopted foreign tap tapG" <<<"$out"

# an adoption killed between its elements and its record leaves elements
# registered as root's and no record (made here by clearing the record of
# a tap that has learned its MAC and address): the next pass adopts it,
# in one pass
ip link set tapG up
py learn "$(mac_of vmnet0)" <<'PY'
import sys, frames as F
G = F.Tap("tapG", "52:54:00:00:00:f7")
G.ip = F.dhcp_lease(G, G.mac, seconds=5, xid=0x77)
print("own", F.ping(G, G.mac, G.ip, sys.argv[1], "192.168.100.1", ident=7))
PY
check "the adopted tapG learns its MAC and gets a lease" [ "$(res learn own)" = True ]
ip link set tapG alias ""
out=$("$VMNETCTL" gc 2>&1)
check "  record lost: one gc adopts it again" grep -q "adopted foreign tap tapG" <<<"$out"
check "  with its record" sh -c "ip -d link show tapG | grep -q 'alias vmnet1 net=default uid=0 '"
check "  a second gc finds nothing to do" [ "$("$VMNETCTL" gc 2>&1)" = "gc: 0 stale taps cleaned" ]
"$IFDOWN" tapG; ip link del tapG
"$VMNETCTL" down default >/dev/null

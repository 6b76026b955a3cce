# SPDX-License-Identifier: GPL-2.0-or-later
# t_identity.sh - a hostile guest on an isolated network, against another
# user's VM, the gateway, the host and the LAN: frames written straight to
# the taps (frames.py) after real setuid attaches. bob's VM is the victim,
# its MAC and address pinned by the ACL; mallory's learns its MAC and
# leases its address from dnsmasq. Each
# attack must get nothing through, the victim must keep working, and the
# LAN block must hold while nf_tables state is flushed.
. tests/integration/topo.sh

add_user alice 2001
add_user bob 2002
add_user mallory 2003
conf <<'C'
[network default]
mode = isolated
bridge = vmnet0
address = 192.168.100.1/24
dhcp = 192.168.100.100-192.168.100.199
C
acl <<'A'
allow bob default ip=192.168.100.50 mac=52:54:00:00:00:0b/48
allow alice default
allow mallory default max-taps=4
A
topo_up
"$VMNETCTL" up default >/dev/null
ip tuntap add tapB mode tap user bob
ip tuntap add tapM mode tap user mallory
ip tuntap add tapM2 mode tap user mallory
ip tuntap add tapA mode tap user alice
check "the victim attaches, MAC and address pinned by the ACL" as bob "$IFUP" tapB
check "the attacker attaches, learning its MAC" as mallory "$IFUP" tapM
BR=$(mac_of vmnet0)
B_MAC=52:54:00:00:00:0b B_IP=192.168.100.50 M_MAC=52:54:00:00:00:66
py mlease <<'PY'
import frames as F
M = F.Tap("tapM", "52:54:00:00:00:66")
print("m", F.dhcp_lease(M, M.mac, seconds=5, xid=0x66))
PY
M_IP=$(res mlease m)
export M_IP	# (the frames below are the attacker's, from its lease)
# py NAME: run the python on stdin with frames.py, results as "key value"
# lines in $W/NAME

# --- 11.2: a VM holds its own address only ---------------------------------
py claims "$BR" <<'PY'
import sys, frames as F
B = F.Tap("tapB", "52:54:00:00:00:0b", "192.168.100.50")
M = F.Tap("tapM", "52:54:00:00:00:66", __import__("os").environ["M_IP"])
br = sys.argv[1]
print("victim-gw", F.ping(B, B.mac, B.ip, br, "192.168.100.1", ident=1))
print("attacker-gw", F.ping(M, M.mac, M.ip, br, "192.168.100.1", ident=2))
# M claims B's address, and the gateway's, toward the host and toward B
M.send(F.arp(M.mac, 2, M.mac, B.ip, F.BCAST, B.ip, dst=F.BCAST))
M.send(F.arp(M.mac, 1, M.mac, B.ip, "00:00:00:00:00:00", "192.168.100.1"))
M.send(F.arp(M.mac, 2, M.mac, "192.168.100.1", B.mac, B.ip))
M.send(F.arp(M.mac, 2, M.mac, "192.168.100.1", F.BCAST, "192.168.100.1",
             dst=F.BCAST))
print("send-as-victim", F.ping(M, M.mac, B.ip, br, "192.168.100.1", ident=3))
print("send-as-gateway", F.ping(M, M.mac, "192.168.100.1", br,
                                "192.168.100.1", ident=4))
print("victim-saw", sum(1 for f in B.frames(0.5) if F.parse(f)[0] == M.mac))
print("victim-gw-after", F.ping(B, B.mac, B.ip, br, "192.168.100.1", ident=5))
PY
check "control: the victim reaches the gateway" [ "$(res claims victim-gw)" = True ]
check "control: the attacker reaches it from its lease ($M_IP)" [ "$(res claims attacker-gw)" = True ]
check "the attacker was held to that address" sh -c "nft list set bridge vmnet leases_default | grep -q '0x$(echo $M_MAC | tr -d :) . 0x$(printf '%02x' $(echo "$M_IP" | tr . ' '))'"
check "sending from the victim's address gets no answer" [ "$(res claims send-as-victim)" = False ]
check "sending from the gateway's address gets no answer" [ "$(res claims send-as-gateway)" = False ]
check "the victim saw none of the attacker's ARP claims" [ "$(res claims victim-saw)" = 0 ]
check "the host still has the victim's MAC for its address" sh -c "ip neigh show $B_IP dev vmnet0 | grep -q $B_MAC"
check "the victim still works" [ "$(res claims victim-gw-after)" = True ]

# --- 11.3 and 15.3: DHCP ------------------------------------------------
py dhcp <<'PY'
import frames as F
M = F.Tap("tapM", "52:54:00:00:00:66", __import__("os").environ["M_IP"])
B = F.Tap("tapB", "52:54:00:00:00:0b", "192.168.100.50")
# (dnsmasq pings an address, up to 3 s, before it offers it)
M.send(F.dhcp_discover(M.mac, xid=10))
print("own-offer", F.dhcp_offer(M.frames(4.5)) or "none")
for i in range(16):
    M.send(F.dhcp_discover(M.mac, chaddr="02:00:00:00:01:%02x" % i, xid=100 + i))
print("forged-offers", sum(1 for f in M.frames(4.5) if F.dhcp_offer([f])))
# one lease per MAC whatever the client-id: take a lease as "x" ...
M.send(F.dhcp_discover(M.mac, client_id=b"\x01x", xid=20))
first = F.dhcp_offer(M.frames(4.5))
M.send(F.dhcp_request(M.mac, first, "192.168.100.1", client_id=b"\x01x", xid=20))
print("lease", F.dhcp_offer(M.frames(2)) or "none")
# ... and ask again as "y"
M.send(F.dhcp_discover(M.mac, client_id=b"\x01y", xid=21))
print("other-clientid-offer", F.dhcp_offer(M.frames(4.5)) or "none")
# rogue server messages from any source port, and a BOOTREPLY to port 67
for sport in (67, 1067, 5353):
    msg = F.bootp(2, B.mac, msgtype=2, yiaddr="192.168.100.66")
    M.send(F.eth(F.BCAST, M.mac, 0x0800, F.ipv4(M.ip, "255.255.255.255", 17,
                                                 F.udp(sport, 68, msg))))
M.send(F.eth(F.BCAST, M.mac, 0x0800, F.ipv4(M.ip, "255.255.255.255", 17,
                                             F.udp(68, 67, F.bootp(2, B.mac)))))
def server_msg(f):
    s, d, et, p = F.parse(f)
    if s != M.mac or et != 0x0800 or p[9] != 17:
        return False
    ihl = (p[0] & 15) * 4
    dport = int.from_bytes(p[ihl + 2:ihl + 4], "big")
    return dport == 68 or p[ihl + 8] == 2
print("victim-saw-rogue", sum(1 for f in B.frames(1) if server_msg(f)))
PY
check "control: a DHCP request as itself is answered ($(res dhcp own-offer))" [ "$(res dhcp own-offer)" != none ]
check "requests for 16 other client MACs get no offer" [ "$(res dhcp forged-offers)" = 0 ]
check "control: the attacker leased $(res dhcp lease)" [ "$(res dhcp lease)" != none ]
check "another client-id gets the same address, not a second one" [ "$(res dhcp other-clientid-offer)" = "$(res dhcp lease)" ]
check "no lease for a forged client MAC" sh -c "! grep -q ' 02:00:00:00:01:' /run/vmnet/default/leases"
check "the victim saw no rogue DHCP message, from any source port" [ "$(res dhcp victim-saw-rogue)" = 0 ]

# --- 22.1: a check that cannot see its field drops, never passes ---------
# what reaches the host's stack from the attacker's tap: DHCP messages too
# short to hold a chaddr
nft -f - <<'N'
table bridge seen {
	counter short_dhcp { }
	chain in {
		type filter hook input priority 0; policy accept;
		ether saddr 52:54:00:00:00:66 udp dport 67 udp length < 100 counter name "short_dhcp"
	}
}
N
py frag "$BR" <<'PY'
import sys, frames as F
M = F.Tap("tapM", "52:54:00:00:00:66", __import__("os").environ["M_IP"])
B = F.Tap("tapB", "52:54:00:00:00:0b", "192.168.100.50")
br = sys.argv[1]
# the victim leases its (pinned) address
B.send(F.dhcp_discover(B.mac, xid=300))
off = F.dhcp_offer(B.frames(4.5))
B.send(F.dhcp_request(B.mac, off or B.ip, "192.168.100.1", xid=300))
print("victim-lease", F.dhcp_offer(B.frames(2)) or "none")
# DISCOVERs for 8 other MACs from the attacker's own address, each cut
# into two fragments, the first holding the UDP header and the BOOTP
# fields up to (not including) the chaddr: long enough that the frame
# has no Ethernet padding a check could read instead
def frag_send(msg, dst, dmac):
    for p in F.ipv4_frags(M.ip, dst, 17, F.udp(68, 67, msg), first=32):
        M.send(F.eth(dmac, M.mac, 0x0800, p))
for i in range(8):
    frag_send(F.bootp(1, "02:00:00:00:02:%02x" % i, xid=400 + i),
              "255.255.255.255", F.BCAST)
print("frag-offers", sum(1 for f in M.frames(4.5) if F.dhcp_offer([f])))
# ... and REQUESTs for free addresses, which the authoritative server
# would simply grant (dnsmasq pings before an offer, not before an ACK)
for i in range(8):
    opts = bytes([50, 4]) + F.ip("192.168.100.%d" % (180 + i)) + \
        bytes([54, 4]) + F.ip("192.168.100.1")
    frag_send(F.bootp(1, "02:00:00:00:02:%02x" % i, xid=450 + i, msgtype=3,
                      options=opts), "255.255.255.255", F.BCAST)
print("frag-acks", sum(1 for f in M.frames(2) if F.dhcp_offer([f])))
# the victim's lease released by the attacker: fragmented, and whole
rel = F.bootp(1, B.mac, xid=500, msgtype=7, ciaddr=B.ip,
              options=bytes([54, 4]) + F.ip("192.168.100.1"))
for p in F.ipv4_frags(M.ip, "192.168.100.1", 17, F.udp(68, 67, rel),
                      first=32):
    M.send(F.eth(br, M.mac, 0x0800, p))
M.send(F.eth(br, M.mac, 0x0800, F.ipv4(M.ip, "192.168.100.1", 17,
                                       F.udp(68, 67, rel))))
# VLAN-tagged frames, otherwise the attacker's own, to the victim
M.send(F.vlan(F.eth(B.mac, M.mac, 0x0800,
                    F.ipv4(M.ip, B.ip, 1, F.icmp_echo(0x99, 1)))))
M.send(F.vlan(F.arp(M.mac, 2, M.mac, M.ip, B.mac, B.ip)))
print("victim-saw-tagged", sum(1 for f in B.frames(1)
                               if f[12:14] == b"\x81\x00"))
# a DHCP request from 0.0.0.0 cut short before its chaddr
msg = F.bootp(1, "02:00:00:00:03:01", xid=600)[:20]
M.send(F.eth(F.BCAST, M.mac, 0x0800, F.ipv4("0.0.0.0", "255.255.255.255",
                                             17, F.udp(68, 67, msg))))
M.frames(0.5)
PY
check "control: the victim leased $(res frag victim-lease)" [ "$(res frag victim-lease)" = "$B_IP" ]
check "fragmented DHCP requests for 8 other MACs get no offer" [ "$(res frag frag-offers)" = 0 ]
check "  nor an ACK ($(res frag frag-acks))" [ "$(res frag frag-acks)" = 0 ]
check "  and no lease" sh -c "! grep -q ' 02:00:00:00:02:' /run/vmnet/default/leases"
check "the victim's lease survives a forged release, fragmented or whole" \
	grep -qi " $B_MAC $B_IP " /run/vmnet/default/leases
check "a VLAN-tagged frame reaches no VM" [ "$(res frag victim-saw-tagged)" = 0 ]
check "a DHCP request too short for its fields never reaches the host" \
	sh -c "[ \"\$(nft list counter bridge seen short_dhcp | awk '/packets/ {print \$2}')\" = 0 ]"
nft delete table bridge seen

# --- 11.4: of the host, only DHCP, DNS and ping on the bridge address --------
py host "$BR" <<'PY'
import sys, frames as F
M = F.Tap("tapM", "52:54:00:00:00:66", __import__("os").environ["M_IP"])
br = sys.argv[1]
print("bridge", F.ping(M, M.mac, M.ip, br, "192.168.100.1", ident=6))
print("lan-address", F.ping(M, M.mac, M.ip, br, "10.0.0.2", ident=7))
print("other-address", F.ping(M, M.mac, M.ip, br, "203.0.113.2", ident=8))
PY
check "control: ping of the bridge address" [ "$(res host bridge)" = True ]
check "no ping of the host's LAN address" [ "$(res host lan-address)" = False ]
check "no ping of the host's other addresses" [ "$(res host other-address)" = False ]

# --- 15.1 and 15.2: one MAC per port, never the network's -----------------
refuse "the victim's pinned MAC, asked for by another user" \
	"^vmnet-ifup: tapM2: MAC 52:54:00:00:00:0b is pinned to other users by /etc/vmnet/acl:1$" \
	as mallory env VMNET_MAC=$B_MAC "$IFUP" tapM2
refuse "a MAC another port learned" \
	"^vmnet-ifup: tapA: MAC 52:54:00:00:00:66 is in use by another VM of network 'default'$" \
	as alice env VMNET_MAC=$M_MAC "$IFUP" tapA
refuse "the bridge's own MAC" \
	"^vmnet-ifup: tapA: MAC $BR is the host's, the network's or another machine's on the LAN; a VM may not use it$" \
	as alice env VMNET_MAC=$BR "$IFUP" tapA
check "alice attaches a learning tap" as alice "$IFUP" tapA
py clone "$BR" <<'PY'
import subprocess, sys, frames as F
A = F.Tap("tapA", "52:54:00:00:00:aa", "192.168.100.88")
B = F.Tap("tapB", "52:54:00:00:00:0b", "192.168.100.50")
br = sys.argv[1]
print("victim-gw", F.ping(B, B.mac, B.ip, br, "192.168.100.1", ident=13))
for name, src in (("pinned", "52:54:00:00:00:0b"), ("learned", "52:54:00:00:00:66"),
                  ("bridge", br)):
    print("as-" + name, F.ping(A, src, A.ip, br, "192.168.100.1", ident=9))
# hairpin frames with another port's MAC as source and destination
for m in ("52:54:00:00:00:0b", br):
    A.send(F.eth(m, m, 0x0800, F.ipv4(A.ip, "192.168.100.1", 1, F.icmp_echo(1, 1))))
A.frames(0.3)
fdb = subprocess.run(["bridge", "fdb", "show", "br", "vmnet0"],
                     capture_output=True, text=True).stdout.splitlines()
def where(m):
    return [l.split()[2] for l in fdb if l.lower().startswith(m.lower() + " dev ")]
print("fdb-victim", ",".join(where(B.mac)) or "none")
print("fdb-bridge", ",".join(where(br)) or "none")
A.ip = F.dhcp_lease(A, A.mac, seconds=5, xid=0xaa)
print("own", F.ping(A, A.mac, A.ip, br, "192.168.100.1", ident=10))
PY
check "control: the victim reaches the gateway" [ "$(res clone victim-gw)" = True ]
check "a first frame with the victim's pinned MAC gets nothing through" [ "$(res clone as-pinned)" = False ]
check "  with the attacker's learned MAC neither" [ "$(res clone as-learned)" = False ]
check "  with the bridge's MAC neither" [ "$(res clone as-bridge)" = False ]
check "  and the tap can still learn its own, and lease an address" [ "$(res clone own)" = True ]
check "the bridge forwards the victim's MAC only to the victim ($(res clone fdb-victim))" [ "$(res clone fdb-victim)" = tapB ]
check "  and keeps the bridge's MAC its own ($(res clone fdb-bridge))" [ "$(res clone fdb-bridge)" = vmnet0 ]
check "a refused attach left nothing" sh -c "! nft list table bridge vmnet | grep -qw tapM2"

# --- 11.5: the LAN block holds while vmnet's nf_tables state is gone ---------
ip netns exec $NS_L nft -f - <<'N'
table ip seen {
	counter vmprobe { }
	counter fromvm { }
	chain in {
		type filter hook input priority 0; policy accept;
		icmp type echo-request icmp id 0x4242 counter name "vmprobe"
		ip saddr 192.168.100.0/24 counter name "fromvm"
	}
}
N
lan_counter() { ip netns exec $NS_L nft list counter ip seen "$1" | awk '/packets/ {print $2}'; }
probe() {	# SECONDS: the attacker probes the LAN and the host all along
	PYTHONPATH=tests/integration python3 - "$BR" "$1" >"$W/probe" <<'PY' &
import sys, time, frames as F
M = F.Tap("tapM", "52:54:00:00:00:66", __import__("os").environ["M_IP"])
B = F.Tap("tapB", "52:54:00:00:00:0b", "192.168.100.50")
br, end = sys.argv[1], time.time() + float(sys.argv[2])
sent = answered = inbound = 0
while time.time() < end:
    sent += 1
    for dst in ("10.0.0.20", "10.0.0.2", "10.0.0.1"):
        M.send(F.eth(br, M.mac, 0x0800, F.ipv4(M.ip, dst, 1,
                                               F.icmp_echo(0x4242, sent))))
    for f in M.frames(0.02):
        s, d, et, p = F.parse(f)
        if et == 0x0800 and p[9] == 1 and p[20] == 0:
            answered += 1
    for f in B.frames(0):
        s, d, et, p = F.parse(f)
        if et == 0x0800 and F.ip_str(p[12:16]).startswith("10."):
            inbound += 1
print("sent", sent)
print("answered", answered)
print("inbound", inbound)
PY
	PROBE_PID=$!
}
for how in "nft flush ruleset" "nft delete table inet vmnet"; do
	probe 4
	sleep 0.5
	$how
	ip netns exec $NS_L ping -c 10 -i 0.1 -W 1 -q $B_IP >/dev/null 2>&1 || true
	check "$how: status says what is missing and how to repair it" sh -c "
		out=\$('$VMNETCTL' status); rc=\$?
		[ \$rc = 1 ] && echo \"\$out\" | grep -q \"^  problem: chain inet vmnet fwd_default is missing\" &&
		echo \"\$out\" | grep -q \"^  run 'vmnetctl up default' to repair\""
	refuse "$how: check fails with one line naming the repair" \
		"^vmnetctl: default: chain inet vmnet (in|fwd)_default is missing \(and [0-9]+ more\); run 'vmnetctl up default'\$" \
		"$VMNETCTL" check
	wait "$PROBE_PID" || true
	check "$how: the probes ran ($(res probe sent) rounds)" [ "$(res probe sent)" -gt 50 ]
	check "$how: no probe to the LAN or the host was answered" [ "$(res probe answered)" = 0 ]
	check "$how: the LAN host received no probe" [ "$(lan_counter vmprobe)" = 0 ]
	check "$how: nor anything from the VMs' subnet" [ "$(lan_counter fromvm)" = 0 ]
	check "$how: no LAN packet reached the victim" [ "$(res probe inbound)" = 0 ]
	check "$how: up repairs it" "$VMNETCTL" up default
	check "$how: status is clean again" "$VMNETCTL" status
	check "$how: the victim's elements are back" sh -c "nft list set bridge vmnet pairs_default | grep -q '\"tapB\" . $B_MAC'"
done
py after "$BR" <<'PY'
import sys, frames as F
B = F.Tap("tapB", "52:54:00:00:00:0b", "192.168.100.50")
print("victim-gw", F.ping(B, B.mac, B.ip, sys.argv[1], "192.168.100.1", ident=11))
PY
check "the victim works after the repairs" [ "$(res after victim-gw)" = True ]
# The second line alone: remove the nf_tables state, keep it removed.
nft delete table inet vmnet
check "without nf_tables, the LAN is still blocked for a VM" sh -c "
	PYTHONPATH=tests/integration python3 -c '
import frames as F, sys
M = F.Tap(\"tapM\", \"52:54:00:00:00:66\", __import__(\"os\").environ[\"M_IP\"])
sys.exit(F.ping(M, M.mac, M.ip, \"$BR\", \"10.0.0.20\", ident=12))'"
check "  and the LAN cannot reach a VM" sh -c "! ip netns exec $NS_L ping -c 2 -W 1 -q $B_IP >/dev/null 2>&1"
"$VMNETCTL" up default >/dev/null
for t in tapA tapM tapB; do "$IFDOWN" $t >/dev/null; done
check "after every ifdown no per-VM element is left" sh -c "[ \"\$(nft -j list set bridge vmnet ports_default | grep -c elem)\" = 0 ]"
"$VMNETCTL" down default >/dev/null
topo_down

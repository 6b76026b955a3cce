# SPDX-License-Identifier: GPL-2.0-or-later
# t_dns.sh - what an isolated network's resolver (vmnet's dnsmasq) tells
# its VMs: the internet's names, a name a VM gave itself in DHCP only as
# vmnet gives it (never another VM's, never "wpad" for everyone's proxy
# auto-discovery: t_names.sh tests the rest), never the
# host's /etc/hosts, and no upstream answer that points into the LAN
# (DNS rebinding: private, loopback, the LAN's and the host's connected
# subnets). The internet's DNS server is in the internet's namespace
# (topo.sh); queries are written to the real taps (frames.py).
. tests/integration/topo.sh
topo_up
add_user alice 2001
add_user mallory 2003
acl <<'A'
allow alice default
allow mallory default max-taps=2
A
"$VMNETCTL" up default >/dev/null
mktap tapA alice
mktap tapM mallory
check "alice's VM attaches" as alice "$IFUP" tapA
check "mallory's VM attaches" as mallory "$IFUP" tapM
py dns "$(mac_of vmnet0)" <<'PY'
import sys, frames as F
br = sys.argv[1]
A = F.Tap("tapA", "52:54:00:00:00:0a")
M = F.Tap("tapM", "52:54:00:00:00:66")
A.ip = F.dhcp_lease(A, A.mac, seconds=5, hostname="victim")
M.ip = F.dhcp_lease(M, M.mac, seconds=5, xid=0x99, hostname="victim")
M.frames(0.2)
# a second exchange, as "wpad"
F.dhcp_lease(M, M.mac, seconds=5, xid=0x9a, hostname="wpad")
A.frames(0.3)
def ask(name):
    r = F.dns_query(A, A.mac, A.ip, br, "192.168.100.1", name)
    return "none" if r is None else ",".join(r) or "empty"
print("leases", A.ip, M.ip)
for name in ("internet.test", "victim", "wpad", "hostsfile.test",
             "lanhost.test", "private.test", "loop.test", "lanpub.test"):
    print(name, ask(name))
PY
r() { res dns "$1"; }
check "control: the VMs lease addresses ($(sed -n 's/^leases //p' "$W/dns"))" grep -q '^leases 192.168.100.[0-9]* 192.168.100.[0-9]*$' "$W/dns"
check "control: an internet name resolves ($(r internet.test))" [ "$(r internet.test)" = "$INET_IP" ]
check "a name two VMs sent in DHCP is the first's, not the second's ($(r victim))" [ "$(r victim)" = "$(sed -n 's/^leases \([0-9.]*\) .*/\1/p' "$W/dns")" ]
check "'wpad' is no VM's ($(r wpad))" [ "$(r wpad)" = empty ]
check "the host's /etc/hosts is not served ($(r hostsfile.test))" [ "$(r hostsfile.test)" = empty ]
check "an upstream answer in the LAN is not passed on ($(r lanhost.test))" [ "$(r lanhost.test)" = empty ]
check "  nor a private one ($(r private.test))" [ "$(r private.test)" = empty ]
check "  nor loopback ($(r loop.test))" [ "$(r loop.test)" = empty ]
check "  nor one in the host's connected public subnet ($(r lanpub.test))" [ "$(r lanpub.test)" = empty ]
check "dnsmasq.conf says so" sh -c "grep -qx no-hosts /run/vmnet/default/dnsmasq.conf && grep -qx dhcp-ignore-names /run/vmnet/default/dnsmasq.conf && grep -qx 'bogus-nxdomain=203.0.113.0/24' /run/vmnet/default/dnsmasq.conf"
for t in tapA tapM; do "$IFDOWN" $t >/dev/null; done
"$VMNETCTL" down default >/dev/null
topo_down

# SPDX-License-Identifier: GPL-2.0-or-later
# t_names.sh - VMs by name: NAME.NETWORK.internal, from the host through
# the NSS module (getaddrinfo, no systemd-resolved) and from the
# network's VMs through its dnsmasq. A real guest names itself in DHCP;
# hostile VMs (frames.py) try to take its name, a name the ACL pins to
# another VM, the host's name and "wpad"; a name must stop resolving the
# moment its tap is gone; a names file someone else could have written,
# or a line whose lease has ended, is never believed.
. tests/integration/topo.sh
NSSLIB=$(ls -d "$T_ROOT"/usr/lib/*/libnss_vmnet.so.2 2>/dev/null | head -n1)
if [ -z "$NSSLIB" ]; then
	skip "t_names" "libnss_vmnet.so.2 is not installed under $T_ROOT"
	return 0 2>/dev/null || exit 0
fi
topo_up
add_user alice 2001
add_user bob 2002
add_user mallory 2003
acl <<'A'
allow alice default
allow bob default mac=52:54:00:00:00:0c name=db
allow mallory default max-taps=3
A
# the world's /etc is an overlay: the host's resolver takes vmnet's names
sed -i 's/^hosts:.*/hosts: files vmnet/' /etc/nsswitch.conf
grep -q '^hosts:' /etc/nsswitch.conf || echo 'hosts: files vmnet' >>/etc/nsswitch.conf
NSSDIR=$(dirname "$NSSLIB")
# resolve NAME [USER]: what getaddrinfo gives, as the host's programs see it
resolve() {
	local out
	if [ -n "${2:-}" ]; then
		out=$(as "$2" env LD_LIBRARY_PATH="$NSSDIR" getent ahostsv4 "$1")
	else
		out=$(LD_LIBRARY_PATH="$NSSDIR" getent ahostsv4 "$1")
	fi
	echo "$out" | awk 'NR == 1 { print $1 }'
}
HOSTS=/run/vmnet/default/names.d/hosts
# is WANT GOT: GOT is WANT, which is known (a comparison of two empty
# strings proves nothing)
is() { [ -n "$1" ] && [ "$1" = "$2" ]; }
"$VMNETCTL" up default >/dev/null
check "the network's dnsmasq takes its names from vmnet" sh -c "grep -qx 'domain=default.internal' /run/vmnet/default/dnsmasq.conf && grep -qx 'local=/default.internal/' /run/vmnet/default/dnsmasq.conf && grep -q '^dhcp-script=.*/vmnet-dhcp-event$' /run/vmnet/default/dnsmasq.conf"
start_vmnetd
# dnsmasq runs the script as root: never one that someone else could swap
d=$(mktemp -d /tmp/vmnet-names.XXXXXX)
mkdir "$d/sbin" "$d/libexec"
cp "$VMNETCTL" "$d/sbin/"
cp "$T_ROOT/usr/libexec/vmnet-dhcp-event" "$d/libexec/"
chmod 755 "$d" "$d/sbin" "$d/libexec"
"$d/sbin/vmnetctl" print default >"$W/print1" 2>&1 || true
chown mallory "$d/libexec"
"$d/sbin/vmnetctl" print default >"$W/print2" 2>&1 || true
rm -rf "$d"
check "control: a root-only copy names its script" grep -q "^dhcp-script=$d/libexec/vmnet-dhcp-event\$" "$W/print1"
check "a script in a directory another user owns is never named" sh -c "grep -q '^local=/default.internal/' '$W/print2' && ! grep -q '^dhcp-script=' '$W/print2'"

BR6=$("$VMNETCTL" status --json | python3 -c 'import json,sys; print([n for n in json.load(sys.stdin)["networks"] if n["name"] == "default"][0].get("address6", "").split("/")[0])')
sed "s|@BR6@|$BR6|" tests/integration/guest/n.sh >"$W/n.sh"
guest_image n "$W/n.sh"
mktap tapN alice
guest_start n alice tapN 52:54:00:00:00:0a VMNET_MAC=52:54:00:00:00:0a
gpid=$GUEST_PID
check "the guest boots and leases" guest_wait n ready 120
gip=$(sed -n 's/^VMNET lease \([0-9.]*\)\/.*/\1/p' "$W/n.log" | tr -d '\r' | head -n1)
check "control: it has an address ($gip)" [ -n "$gip" ]
wait_for sh -c "[ \"\$(LD_LIBRARY_PATH=$NSSDIR getent ahostsv4 web.default.internal | awk 'NR==1{print \$1}')\" = '$gip' ]"
check "the host resolves the name it sent ($(resolve web.default.internal))" is "$gip" "$(resolve web.default.internal)"
check "  in any case, with a final dot ($(resolve WEB.Default.Internal.))" is "$gip" "$(resolve WEB.Default.Internal.)"
check "  for any user of the host ($(resolve web.default.internal bob))" is "$gip" "$(resolve web.default.internal bob)"
check "  not under another domain ($(resolve web.other.internal))" [ -z "$(resolve web.other.internal)" ]
gip6=$(sed -n 's/^VMNET ip6 \([0-9a-f:]*\).*/\1/p' "$W/n.log" | tr -d '\r' | head -n1)
all6() { LD_LIBRARY_PATH="$NSSDIR" getent ahosts web.default.internal | awk '{print $1}' | sort -u | tr '\n' ' '; }
# (a claim makes no event: vmnetd's periodic pass, or gc, names it)
"$VMNETCTL" gc >/dev/null 2>&1
check "  and to the IPv6 address it claimed ($gip6: $(all6))" sh -c "[ -n '$gip6' ] && LD_LIBRARY_PATH=$NSSDIR getent ahosts web.default.internal | grep -qi '^$gip6 '"
check "  and to no other IPv6 address ($(all6))" sh -c "[ \"\$(LD_LIBRARY_PATH=$NSSDIR getent ahostsv6 web.default.internal | awk '{print \$1}' | grep -v '^::ffff:' | sort -u)\" = '$gip6' ]"
"$VMNETCTL" status >"$W/status" 2>&1 || true
as bob "$VMNETCTL" status >"$W/ustatus" 2>&1 || true
check "status shows the tap's name" sh -c "grep -A4 '^  tapN ' '$W/status' | grep -q '^    name web.default.internal\$'"
check "  to users too" grep -q '^    name web.default.internal$' "$W/ustatus"

# D: bob's VM, whose name the ACL pins (db); it asks for none
mktap tapD bob
check "the pinned VM attaches" as bob "$IFUP" tapD
mktap tapM mallory
check "mallory's VM attaches" as mallory "$IFUP" tapM
hn=$(hostname -s | tr 'A-Z' 'a-z')
export LD_LIBRARY_PATH=$NSSDIR
py names "$hn" <<'PY'
import subprocess, sys, time, frames as F
host = sys.argv[1]
D = F.Tap("tapD", "52:54:00:00:00:0c")
M = F.Tap("tapM", "52:54:00:00:00:66")
print("dip", F.dhcp_lease(D, D.mac, seconds=5))
def resolve(q):
    r = subprocess.run(["getent", "ahostsv4", q + ".default.internal"],
                       capture_output=True, text=True).stdout.split()
    return r[0] if r else "none"
for x, want in enumerate(("web", "db", host, "wpad", "bad_name", "Mallory1")):
    print("mip", F.dhcp_lease(M, M.mac, seconds=5, xid=0x700 + x,
                              hostname=want))
    time.sleep(0.5)
    print("asked-%d" % x, resolve(want.lower()))
D.frames(0.2)
M.frames(0.2)
PY
unset LD_LIBRARY_PATH
dip=$(res names dip) mip=$(res names mip | head -n1)
r() { res names "asked-$1"; }
check "control: the pinned VM and mallory's VM lease ($dip, $mip)" sh -c "[ -n '$dip' ] && [ '$dip' != None ] && [ -n '$mip' ] && [ '$mip' != None ]"
check "the ACL pins 'db' to bob's VM, which asked for no name ($(resolve db.default.internal))" is "$dip" "$(resolve db.default.internal)"
check "mallory's VM cannot take the guest's name (web: $(r 0))" is "$gip" "$(r 0)"
check "  nor the name the ACL pins (db: $(r 1))" is "$dip" "$(r 1)"
check "  nor the host's name ($hn: $(r 2))" [ "$(r 2)" = none ]
check "  nor wpad ($(r 3))" [ "$(r 3)" = none ]
check "  nor a name that is no DNS label (bad_name: $(r 4))" [ "$(r 4)" = none ]
check "control: a free name is its own (mallory1: $(r 5))" is "$mip" "$(r 5)"
check "the refusals are in syslog" sh -c "grep -q \"gets no name 'web': another VM holds it\" '$W/syslog' && grep -q \"gets no name 'db': an ACL rule pins it\" '$W/syslog'"

kill -0 "$gpid" 2>/dev/null && guest_go n
check "the guest ran its probes" guest_wait n probed 60
check "the guest resolves the pinned VM through dnsmasq" [ "$(guest_try n db)" = yes ]
check "  by its short name too" [ "$(guest_try n db-short)" = yes ]
check "  but not a name no VM holds" [ "$(guest_try n nosuch)" = no ]

# The names file as only root writes it; one a user could have written,
# or a line whose lease ended, is not believed.
lo_idx=$(ip -j link show lo | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["ifindex"])')
mkdir -p /run/vmnet/zz/names.d
ln -s ../zz/names.d/hosts /run/vmnet/_domains/zz.test
echo "192.0.2.99 forged.zz.test forged # vmnet $lo_idx 0" >/run/vmnet/zz/names.d/hosts
chmod 644 /run/vmnet/zz/names.d/hosts
check "control: a root-owned line resolves ($(resolve forged.zz.test))" [ "$(resolve forged.zz.test)" = 192.0.2.99 ]
chown mallory /run/vmnet/zz/names.d/hosts
check "a names file another user owns is not read ($(resolve forged.zz.test))" [ -z "$(resolve forged.zz.test)" ]
chown root /run/vmnet/zz/names.d/hosts
chmod 666 /run/vmnet/zz/names.d/hosts
check "  nor one others may write ($(resolve forged.zz.test))" [ -z "$(resolve forged.zz.test)" ]
chmod 644 /run/vmnet/zz/names.d/hosts
echo "192.0.2.99 forged.zz.test forged # vmnet $lo_idx $(( $(date +%s) - 5 ))" >/run/vmnet/zz/names.d/hosts
check "a line whose lease has ended is not believed ($(resolve forged.zz.test))" [ -z "$(resolve forged.zz.test)" ]
check "a name under no network's domain reads no file" sh -c "LD_LIBRARY_PATH=$NSSDIR strace -f -e trace=openat getent ahostsv4 forged.other.test 2>&1 | grep -q '_domains/other.test' && ! LD_LIBRARY_PATH=$NSSDIR strace -f -e trace=openat getent ahostsv4 forged.other.test 2>&1 | grep -q 'names.d/hosts'"
rm -rf /run/vmnet/zz /run/vmnet/_domains/zz.test

# A tap gone: its name goes at once, even with vmnetd stopped.
kill "$dpid"; wait "$dpid" 2>/dev/null || true
check "control: mallory1 still resolves" is "$mip" "$(resolve mallory1.default.internal)"
ip link del tapM
check "  and stops the moment its tap is gone ($(resolve mallory1.default.internal))" [ -z "$(resolve mallory1.default.internal)" ]
check "  (the file still names it: vmnetd was stopped)" grep -q mallory1 "$HOSTS"
"$VMNETCTL" gc >/dev/null 2>&1
check "gc writes the file again without it" not grep -q mallory1 "$HOSTS"
start_vmnetd
# (the guest powers off after its probes: QEMU ends, its downscript runs)
kill "$gpid" 2>/dev/null || true
wait "$gpid" 2>/dev/null || true
wait_for sh -c "! grep -q ' web.default.internal' /run/vmnet/default/names.d/hosts"
check "the guest's name goes when QEMU ends ($(resolve web.default.internal))" [ -z "$(resolve web.default.internal)" ]
check "  and vmnetd writes the file without it" not grep -q ' web\.' "$HOSTS"
# Its MAC's lease is still held, and so is the name it asked for: a VM of
# another user with that MAC must not inherit it.
mktap tapR mallory
check "mallory attaches a VM with the departed guest's MAC" as mallory env VMNET_MAC=52:54:00:00:00:0a "$IFUP" tapR
"$VMNETCTL" gc >/dev/null 2>&1
check "  (control: the file is written again, with the lease of that MAC held)" sh -c "grep -q ' db\.' '$HOSTS' && grep -q '^52:54:00:00:00:0a 2001 web$' /run/vmnet/default/names.wish"
check "  which does not inherit the guest's name ($(resolve web.default.internal))" [ -z "$(resolve web.default.internal)" ]
# A pinned name stays its VM's while that VM is away
"$IFDOWN" tapD >/dev/null 2>&1
py away <<'PY'
import frames as F
R = F.Tap("tapR", "52:54:00:00:00:0a")
print("rip", F.dhcp_lease(R, R.mac, seconds=5, xid=0x800, hostname="db"))
PY
"$VMNETCTL" gc >/dev/null 2>&1
check "control: mallory's VM leases again ($(res away rip))" sh -c "[ -n '$(res away rip)' ] && [ '$(res away rip)' != None ]"
check "  and cannot take the pinned name while its VM is away ($(resolve db.default.internal))" [ -z "$(resolve db.default.internal)" ]
"$IFDOWN" tapR >/dev/null 2>&1 || true
kill "$dpid"; wait "$dpid" 2>/dev/null || true
"$VMNETCTL" down default >/dev/null
check "down removes the names" sh -c "[ ! -e /run/vmnet/default/names.d ] && [ ! -L /run/vmnet/_domains/default.internal ]"
topo_down

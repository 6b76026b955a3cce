# SPDX-License-Identifier: GPL-2.0-or-later
# Every refusal: non-zero exit, one error line, no change to the kernel.

add_user alice 2001
add_user bob 2002
add_user mallory 2003
conf <<'C'
[network lan]
mode = bridged
bridge = br0

[network other]
mode = bridged
bridge = br1
C
acl <<'A'
allow alice lan
allow mallory lan
deny  mallory *
allow bob other
A
ip link add br0 type bridge
ip link add br1 type bridge
"$VMNETCTL" up --all >/dev/null
ip link add veth0 type veth peer name veth1
mktap tap0 alice
mktap tapbob bob
mktap tapnone
TUNPY=tests/integration/withtun.py

# --- foreign interfaces
for cmd in "$IFUP" "$IFDOWN"; do
	p=${cmd##*/}
	refuse "$p of lo" "^$p: lo: not a tap device" as alice "$cmd" lo
	refuse "$p of a veth" "^$p: veth0: not a tap device \(it is veth\)" as alice "$cmd" veth0
	refuse "$p of a bridge" "^$p: br0: not a tap device \(it is bridge\)" as alice "$cmd" br0
	refuse "$p of another user's tap" "^$p: tapbob: tap belongs to uid 2002, not to alice" as alice "$cmd" tapbob
	refuse "$p of an owner-less tap without fd" "^$p: tapnone: tap has no owner and no open tap file descriptor" as alice "$cmd" tapnone
	[ "$p" = vmnet-ifup ] &&
		refuse "$p of a missing interface" "^$p: nosuch0: no such interface" as alice "$cmd" nosuch0
done
# (vmnet-ifdown of a missing interface succeeds: libvirt deletes a tap
# before its downscript; t_vanished.sh)
before=$(kstate)
out=$(as alice "$IFDOWN" nosuch0 2>&1) && rc=0 || rc=$?
after=$(kstate)
check "vmnet-ifdown of a missing interface: exit 0 ($rc), one note" \
	[ "$rc:$out" = "0:vmnet-ifdown: nosuch0: no such interface; nothing of yours to detach" ]
check "  and nothing changed" [ "$before" = "$after" ]
refuse "forged fd: fd on alice's tap0, ifup of bob's tap" "tapbob: tap belongs to uid 2002" \
	"$TUNPY" tap0 alice "$IFUP" tapbob

# --- ACL decisions
refuse "network not granted" "^vmnet-ifup: tap0: network 'other' is not allowed for user alice \(see /etc/vmnet/acl\)" \
	as alice env VMNET_NETWORK=other "$IFUP" tap0
refuse "unknown network" "no network 'nope' in vmnet.conf" as alice env VMNET_NETWORK=nope "$IFUP" tap0
mktap tapm mallory
refuse "deny overrides an earlier allow" "network 'lan' is denied to user mallory by /etc/vmnet/acl:3" \
	as mallory env VMNET_NETWORK=lan "$IFUP" tapm
check "deny logged to syslog" grep -Eq "vmnet-ifup\[[0-9]+\]: uid=2003 pid=[0-9]+ tap=tapm network=lan verdict=deny" "$W/syslog"

# --- names
refuse "16-byte name" "invalid interface name" as alice "$IFUP" tap0123456789abc
refuse "200-byte name" "invalid interface name" as alice "$IFUP" "$(printf 'a%.0s' $(seq 200))"
refuse "name with /" "invalid interface name" as alice "$IFUP" "ta/p0"
refuse "name .." "invalid interface name" as alice "$IFUP" ".."
refuse "name with a space" "invalid interface name" as alice "$IFUP" "tap 0"
refuse "name with a newline" 'tap\\x0a0: invalid interface name' as alice "$IFUP" "tap
0"
refuse "non-ASCII name" 'tap\\xc3\\xa9: invalid interface name' as alice "$IFUP" "tapé"
refuse "name starting with -" "invalid interface name" as alice "$IFUP" "-tap0"
refuse "empty name" "invalid interface name" as alice "$IFUP" ""
refuse "no argument" "^usage: vmnet-ifup IFNAME \(called by QEMU" as alice "$IFUP"
refuse "two arguments" "^usage: vmnet-ifup IFNAME \(called by QEMU" as alice "$IFUP" tap0 tap0
refuse "argc == 0" "^vmnet-ifup: refusing to run without argv\[0\]" as alice "$T_ROOT/argv0" "$IFUP"

# --- environment
refuse "malformed VMNET_MAC" "VMNET_MAC '52:54:00:12:34' is not a MAC address" \
	as alice env VMNET_MAC=52:54:00:12:34 "$IFUP" tap0
refuse "multicast VMNET_MAC" "VMNET_MAC '01:00:5e:00:00:01' is not a unicast address" \
	as alice env VMNET_MAC=01:00:5e:00:00:01 "$IFUP" tap0
refuse "malformed VMNET_IP" "VMNET_IP '1.2.3.04' is not an IPv4 address" \
	as alice env VMNET_IP=1.2.3.04 "$IFUP" tap0
refuse "VMNET_NETWORK with a slash" "VMNET_NETWORK 'lan/x' is not a valid network name" \
	as alice env VMNET_NETWORK=lan/x "$IFUP" tap0
refuse "unknown VMNET_ variable" "unknown variable in the environment: VMNET_NETWROK=lan" \
	as alice env VMNET_NETWROK=lan "$IFUP" tap0
refuse "huge VMNET_NETWORK" "VMNET_NETWORK is too long" \
	as alice env VMNET_NETWORK="$(head -c 100000 /dev/zero | tr '\0' a)" "$IFUP" tap0

# --- ifdown of something not ours
refuse "ifdown of a tap vmnet did not attach" "tap0: not attached by vmnet" as alice "$IFDOWN" tap0
env VMNET_NETWORK=lan "$IFUP" tap0    # root attaches alice's tap
refuse "ifdown of a tap root attached" "tap0: attached by uid 0, not by alice" as alice "$IFDOWN" tap0
"$IFDOWN" tap0
check "alice attaches tap0" as alice env VMNET_NETWORK=lan "$IFUP" tap0
refuse "ifup of an attached tap" "already attached by vmnet" as alice env VMNET_NETWORK=lan "$IFUP" tap0
as alice "$IFDOWN" tap0
ip link set tap0 master br1
refuse "tap already a port of another bridge" "already a port of another device" as alice env VMNET_NETWORK=lan "$IFUP" tap0
ip link set tap0 nomaster

# --- the inherited tun fd proves ownership of an owner-less tap
check "fd proof: ifup of an owner-less tap with its fd" "$TUNPY" tapnone alice env VMNET_NETWORK=lan "$IFUP" tapnone
check "fd proof: tapnone on br0" [ "$(master_of tapnone)" = br0 ]
check "fd proof: ifdown with the fd" "$TUNPY" tapnone alice "$IFDOWN" tapnone
check "fd proof: tapnone released" [ -z "$(master_of tapnone)" ]

# --- configuration files
chmod 0664 /etc/vmnet/acl
refuse "group-writable ACL" "/etc/vmnet/acl is writable by group or others" as alice "$IFUP" tap0
chmod 0646 /etc/vmnet/acl
refuse "world-writable ACL" "/etc/vmnet/acl is writable by group or others" as alice "$IFUP" tap0
chmod 0644 /etc/vmnet/acl
chmod 0666 /etc/vmnet/vmnet.conf
refuse "world-writable vmnet.conf" "/etc/vmnet/vmnet.conf is writable by group or others" as alice "$IFUP" tap0
chmod 0644 /etc/vmnet/vmnet.conf
chown alice /etc/vmnet/acl
refuse "ACL owned by a user" "/etc/vmnet/acl is not owned by root" as alice "$IFUP" tap0
chown root /etc/vmnet/acl
mv /etc/vmnet/acl /etc/vmnet/acl.real
ln -s /etc/vmnet/acl.real /etc/vmnet/acl
refuse "symlinked ACL" "/etc/vmnet/acl is a symbolic link" as alice "$IFUP" tap0
rm /etc/vmnet/acl
ln /etc/vmnet/acl.real /etc/vmnet/acl
refuse "hard-linked ACL" "/etc/vmnet/acl has more than one hard link" as alice "$IFUP" tap0
rm /etc/vmnet/acl.real
chmod 0777 /etc/vmnet
refuse "world-writable /etc/vmnet" "directory of /etc/vmnet/vmnet.conf is not root-owned or is writable" as alice "$IFUP" tap0
chmod 0755 /etc/vmnet
mkdir -p /etc/vmnet/acl.d
write_file /etc/vmnet/acl.d/a 0644 <<'A'
include /etc/vmnet/acl.d/b
A
write_file /etc/vmnet/acl.d/b 0644 <<'A'
include /etc/vmnet/acl.d/a
A
acl <<'A'
allow alice lan
include /etc/vmnet/acl.d/a
A
refuse "include cycle" "include cycle: /etc/vmnet/acl.d/a is already being read" as alice "$IFUP" tap0
acl <<'A'
include acl.d/a
A
refuse "relative include" "/etc/vmnet/acl:1: include path must be absolute" as alice "$IFUP" tap0
acl <<'A'
allow alice lan
include /etc/vmnet/acl.d/missing
A
refuse "missing include" "/etc/vmnet/acl:2: cannot include /etc/vmnet/acl.d/missing" as alice "$IFUP" tap0
acl <<'A'
allow alice lan
alow bob lan
A
refuse "syntax error is fatal" "/etc/vmnet/acl:2: unknown verb" as alice "$IFUP" tap0
acl <<'A'
allow alice lan
deny @nosuchgroup lan
A
refuse "unresolvable deny group fails closed" "cannot resolve group 'nosuchgroup' of a deny rule" as alice "$IFUP" tap0
printf 'allow alice lan\n# %s\n' "$(head -c 2000 /dev/zero | tr '\0' x)" | acl
refuse "over-long line" "/etc/vmnet/acl:2: line is longer than 1024 bytes" as alice "$IFUP" tap0
printf 'allow alice lan\0\n' | acl
refuse "NUL byte" "/etc/vmnet/acl:1: NUL byte in line" as alice "$IFUP" tap0
acl <<'A'
allow alice lan mac=52:54:00:ab:00:00/24
A
refuse "mac prefix with bits past its length" "/etc/vmnet/acl:1: mac prefix '52:54:00:ab:00:00/24' has bits set past /24" \
	as alice env VMNET_NETWORK=lan VMNET_MAC=52:54:00:ab:00:01 "$IFUP" tap0
acl <<'A'
allow alice lan mac=52:54:00:ab:00:00/32
A
refuse "mac= needs VMNET_MAC" "requires VMNET_MAC" as alice env VMNET_NETWORK=lan "$IFUP" tap0
refuse "VMNET_MAC outside mac=" "VMNET_MAC is outside the MACs /etc/vmnet/acl:1 allows" \
	as alice env VMNET_NETWORK=lan VMNET_MAC=52:54:00:ac:00:01 "$IFUP" tap0
conf <<'C'
[network lan]
mode = bridged
bridge = br0
address = 10.0.0.1/24
C
refuse "bad vmnet.conf" "/etc/vmnet/vmnet.conf:4: network 'lan': key 'address' is not valid for mode bridged" as alice "$IFUP" tap0

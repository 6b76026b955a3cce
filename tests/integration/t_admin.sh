# SPDX-License-Identifier: GPL-2.0-or-later
# t_admin.sh - the administrator's commands keep the guarantees the setuid
# programs keep: gc never acts on a stale snapshot while a user detaches
# and attaches again, never touches an interface that is not a tap, and a
# configuration edit cannot put a bridged network on vmnet's own bridge or
# leave a detached tap's elements behind.

add_user mallory 2003
conf <<'C'
[network default]
mode = isolated
bridge = vmnet0
address = 192.168.100.1/24

[network lan]
mode = bridged
bridge = br0
C
acl <<'A'
allow mallory * max-taps=4
A
ip link add br0 type bridge
ip link set br0 up
"$VMNETCTL" up --all >/dev/null
ip tuntap add tapR mode tap user mallory
REQ="VMNET_NETWORK=default VMNET_MAC=52:54:00:00:00:42"
GROUP=$(ip -d -j link show vmnet0 >/dev/null; "$VMNETCTL" print default | sed -n 's/.* group \([0-9]*\) alias.*/\1/p')

# --- 16.1: gc racing a user's ifdown + ifup ------------------------------
check "mallory attaches tapR" as mallory env $REQ "$IFUP" tapR
# What a vmnet-ifdown killed between its two steps leaves: off the
# bridge, its record still there (t_crash.sh makes this state by SIGKILL).
ip link set tapR nomaster
check "control: status calls the record stale" sh -c "'$VMNETCTL' status | grep -q 'tapR .*stale'"
# gc takes its snapshot, then every netlink message it sends after the
# first waits 1.5 s (strace, from outside: no hook in vmnetctl); meanwhile
# the user detaches and attaches again.
strace -f -qq -o /dev/null -e trace=sendmsg -e inject=sendmsg:delay_enter=1500000:when=2+ \
	"$VMNETCTL" gc >"$W/gc.out" 2>&1 &
gcpid=$!
sleep 0.7
as mallory "$IFDOWN" tapR >/dev/null 2>&1 || true
as mallory env $REQ "$IFUP" tapR >"$W/ifup.out" 2>&1 || true
wait "$gcpid" || true
check "after the race tapR is attached, with its record" sh -c "ip -d link show tapR | grep -q 'master vmnet0' && ip -d link show tapR | grep -q 'alias vmnet1 net=default uid=2003'"
check "  in the network's interface group ($GROUP)" sh -c "ip -d link show tapR | grep -q ' group $GROUP '"
check "  with its elements" sh -c "nft list set bridge vmnet pairs_default | grep -q '\"tapR\" . 52:54:00:00:00:42'"
check "  status shows it attached" sh -c "'$VMNETCTL' status | grep -q 'tapR .*attached'"
check "  and the next gc finds nothing to do" sh -c "'$VMNETCTL' gc | grep -q '^gc: 0 stale taps cleaned'"

# --- 16.2: an interface that is not a tap ------------------------------------
ip link add up0 type veth peer name up1
ip link set up0 master br0 mtu 1400 up
ip link set up0 alias "vmnet1 net=lan uid=0 mac=- ip=- omtu=1500 omac=02:00:00:00:00:09 oup=0 fw=none"
up0_before=$(ip -d link show up0)
"$VMNETCTL" gc >"$W/gc2.out"
check "gc reports a non-tap with a record-looking alias" grep -q "^gc: up0: has a vmnet-looking alias but is not a tap; left alone$" "$W/gc2.out"
check "  and leaves it exactly as it was" [ "$(ip -d link show up0)" = "$up0_before" ]
check "down --force detaches only vmnet's taps" "$VMNETCTL" down --force lan
check "  the uplink is untouched" [ "$(ip -d link show up0)" = "$up0_before" ]
"$VMNETCTL" up lan >/dev/null

# --- 16.3: a configuration edit --------------------------------------------
conf <<'C'
[network default]
mode = bridged
bridge = vmnet0

[network lan]
mode = bridged
bridge = br0
C
refuse "check: a bridged network on vmnet's own bridge" \
	"^/etc/vmnet/vmnet.conf:1: error: network 'default' is bridged but vmnet0 is vmnet's own bridge \(vmnet1-bridge net=default\)$" \
	"$VMNETCTL" check
refuse "up refuses it" "^vmnetctl: default: bridge vmnet0 is vmnet's own \(vmnet1-bridge net=default\); a bridged network needs a bridge of the administrator's$" \
	"$VMNETCTL" up default
ip tuntap add tapN mode tap user mallory
refuse "ifup refuses it" "^vmnet-ifup: tapN: bridge vmnet0 is vmnet's own \(vmnet1-bridge net=default\); a bridged network needs a bridge of the administrator's" \
	as mallory env VMNET_NETWORK=default "$IFUP" tapN
check "ifdown after the edit removes what the attach added (its record says isolated)" as mallory "$IFDOWN" tapR
check "  no element of tapR is left" sh -c "! nft list table bridge vmnet | grep -qw tapR"
ip link del up0

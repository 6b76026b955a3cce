# SPDX-License-Identifier: GPL-2.0-or-later
# vmnetctl: check, up (idempotent, never takes over a foreign bridge),
# down (refuses while taps are attached unless --force), status, print, gc.

add_user alice 2001
conf <<'C'
[network default]
mode = isolated
bridge = vmnet0
address = 192.168.100.1/24

[network lan]
mode = bridged
bridge = br0

[network lab]
mode = isolated
bridge = vmnet1
address = 10.77.0.1/24
C
acl <<'A'
allow alice *
allow ghost lan
A
"$VMNETCTL" check >"$W/check.out" 2>&1
check "check: ok" grep -q '^ok: 3 networks, 2 ACL rules in 1 file' "$W/check.out"
check "check: warns about the unknown user" grep -q "/etc/vmnet/acl:2: warning: no such user 'ghost'" "$W/check.out"
acl <<'A'
allow alice *
deny @ghosts lan
A
refuse "check: unresolvable deny is an error" "/etc/vmnet/acl:2: error: no such group 'ghosts'" "$VMNETCTL" check
acl <<'A'
allow alice *
A
check "up --all (lan's bridge missing) fails" sh -c "! '$VMNETCTL' up --all 2>/dev/null"
ip link add br0 type bridge
check "up --all" "$VMNETCTL" up --all
state1=$(kstate)
check "up --all again changes nothing" "$VMNETCTL" up --all
check "kernel state identical after the second up" [ "$state1" = "$(kstate)" ]
ip addr del 192.168.100.1/24 dev vmnet0
ip link set vmnet0 down
check "up repairs a half-present network" "$VMNETCTL" up default
check "address back" sh -c 'ip -o addr show dev vmnet0 | grep -q 192.168.100.1/24'
check "bridge up again" sh -c 'ip -o link show vmnet0 | grep -q "UP"'
ip link del vmnet1
ip link add vmnet1 type bridge
refuse "up refuses a bridge vmnet did not create" "lab: vmnet1 exists and was not created by vmnet" "$VMNETCTL" up lab
refuse "down refuses a bridge vmnet did not create" "lab: vmnet1 was not created by vmnet; not removing it" "$VMNETCTL" down lab
ip link del vmnet1
refuse "up of an unknown network" "no network 'nope' in /etc/vmnet/vmnet.conf" "$VMNETCTL" up nope
refuse "up without a network" "up: give one NETWORK or --all" "$VMNETCTL" up
refuse "non-root up" "this command must be run as root" as alice "$VMNETCTL" up default

mktap tap0 alice
mktap tap1 alice
as alice env VMNET_NETWORK=default "$IFUP" tap0
as alice env VMNET_NETWORK=default VMNET_MAC=52:54:00:00:00:07 VMNET_IP=192.168.100.7 "$IFUP" tap1
refuse "down refuses while taps are attached" "default: 2 interfaces are still attached to vmnet0; detach them or use --force" "$VMNETCTL" down default
check "status --json lists both taps" sh -c "'$VMNETCTL' status --json | python3 -c 'import json,sys; d=json.load(sys.stdin); n=[x for x in d[\"networks\"] if x[\"name\"]==\"default\"][0]; assert sorted(t[\"name\"] for t in n[\"taps\"])==[\"tap0\",\"tap1\"]; t=[t for t in n[\"taps\"] if t[\"name\"]==\"tap1\"][0]; assert t[\"ip\"]==\"192.168.100.7\" and t[\"mac\"]==\"52:54:00:00:00:07\" and t[\"attached\"] and n[\"bridge_state\"]==\"up\"'"
check "status works as a user" as alice "$VMNETCTL" status
check "print shows the ip commands" sh -c "'$VMNETCTL' print default | grep -q '^ip address add 192.168.100.1/24 dev vmnet0$'"

# gc: a tap whose bridge went away keeps a stale record until gc
ip link set tap1 nomaster
check "status marks tap1 stale" sh -c "'$VMNETCTL' status | grep -E 'tap1 .*stale'"
check "gc cleans it" sh -c "'$VMNETCTL' gc | grep -q 'gc: tap1: removed vmnet state (not attached to its network.s bridge)'"
check "tap1 record gone" [ -z "$(alias_of tap1)" ]
check "tap0 untouched by gc" sh -c "ip -d link show tap0 | grep -q 'alias vmnet1 net=default'"
check "gc again: nothing to do" sh -c "'$VMNETCTL' gc | grep -q '^gc: 0 stale taps cleaned'"
check "down --force detaches and removes the bridge" "$VMNETCTL" down --force default
check "vmnet0 gone" sh -c '! ip link show vmnet0 2>/dev/null'
check "tap0 restored by down --force" [ -z "$(alias_of tap0)$(master_of tap0)" ]
check "down of a bridged network removes nothing" "$VMNETCTL" down lan
check "br0 still there" ip link show br0

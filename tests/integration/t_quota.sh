# SPDX-License-Identifier: GPL-2.0-or-later
# max-taps: counted across all networks, exact under 20 parallel runs.

add_user alice 2001
add_user bob 2002
conf <<'C'
[network lan]
mode = bridged
bridge = br0

[network lab]
mode = bridged
bridge = br1
C
acl <<'A'
allow alice lan max-taps=2
allow alice lab max-taps=3
allow bob   lan max-taps=5
A
ip link add br0 type bridge
ip link add br1 type bridge
"$VMNETCTL" up --all >/dev/null
for i in 0 1 2 3; do mktap "ta$i" alice; done
check "first tap" as alice env VMNET_NETWORK=lan "$IFUP" ta0
check "second tap" as alice env VMNET_NETWORK=lan "$IFUP" ta1
refuse "third tap over max-taps=2" "alice already has 2 taps attached, the limit of max-taps=2 \(/etc/vmnet/acl:1\)" \
	as alice env VMNET_NETWORK=lan "$IFUP" ta2
check "lab allows 3, counting lan's taps too" as alice env VMNET_NETWORK=lab "$IFUP" ta2
refuse "fourth tap over max-taps=3 across networks" "alice already has 3 taps attached, the limit of max-taps=3" \
	as alice env VMNET_NETWORK=lab "$IFUP" ta3
check "ifdown frees a slot" as alice "$IFDOWN" ta0
check "slot reused" as alice env VMNET_NETWORK=lab "$IFUP" ta3

# "check --as": the decision vmnet-ifup would take, and why
rc=0; out=$("$VMNETCTL" check --as alice lab) || rc=$?
check "check --as: at the quota, the attach is refused for now (rc $rc)" [ $rc = 1 ]
check "  with the message vmnet-ifup gives" grep -q "^refused for now: alice already has 3 taps attached, the limit of max-taps=3 (/etc/vmnet/acl:2)" <<<"$out"
check "  after the rule that allows it" grep -q "^allowed: alice on network 'lab': allowed by /etc/vmnet/acl:2" <<<"$out"
check "  listing the taps that count" [ "$(grep -c "^  tap ta[123]: network la[nb], MAC -, address -" <<<"$out")" = 3 ]
refuse "  and vmnet-ifup agrees" "alice already has 3 taps attached" \
	as alice env VMNET_NETWORK=lab "$IFUP" ta0
rc=0; out=$("$VMNETCTL" check --as bob lab) || rc=$?
check "check --as: a network the ACL does not grant (rc $rc)" \
	grep -q "^refused: bob: network 'lab' is not allowed for user bob (see /etc/vmnet/acl)" <<<"$out"
mktap tbx bob
refuse "  and vmnet-ifup agrees" "network 'lab' is not allowed for user bob" \
	as bob env VMNET_NETWORK=lab "$IFUP" tbx
ip link del tbx
as alice "$IFDOWN" ta3
rc=0; out=$(as alice "$VMNETCTL" check --as alice lab) || rc=$?
check "check --as, by alice herself: below the quota it is allowed (rc $rc)" [ $rc = 0 ]
check "  with the limits that apply" grep -q "^  max-taps: 3" <<<"$out"
check "  and vmnet-ifup agrees" as alice env VMNET_NETWORK=lab "$IFUP" ta3
refuse "check --as: an unknown user is one line" "check: no such user 'nobody-here'" \
	"$VMNETCTL" check --as nobody-here
refuse "check --as: a bad MAC is one line" "check: 'zz' is not a unicast MAC address" \
	"$VMNETCTL" check --as alice --mac zz

# 20 runs at once for bob with max-taps=5: exactly 5 succeed
for i in $(seq 0 19); do mktap "tb$i" bob; done
pids=()
for i in $(seq 0 19); do
	(rc=0; as bob env VMNET_NETWORK=lan "$IFUP" "tb$i" >/dev/null 2>"$W/p$i.err" || rc=$?; echo $rc >"$W/p$i.rc") &
	pids+=($!)
done
for p in "${pids[@]}"; do wait "$p" || true; done
okc=0 quota=0 other=0
for i in $(seq 0 19); do
	if [ "$(cat "$W/p$i.rc")" = 0 ]; then okc=$((okc + 1))
	elif grep -q "already has 5 taps attached" "$W/p$i.err"; then quota=$((quota + 1))
	else other=$((other + 1)); cat "$W/p$i.err"; fi
done
attached=$(ip -d link show | grep -c "alias vmnet1 net=lan uid=2002")
check "20 parallel: exactly 5 succeeded ($okc)" [ "$okc" -eq 5 ]
check "20 parallel: 15 refused by the quota ($quota), no other errors ($other)" [ "$quota-$other" = 15-0 ]
check "20 parallel: exactly 5 records in the kernel ($attached)" [ "$attached" -eq 5 ]
check "20 parallel: exactly 5 ports on br0 for bob" [ "$(bridge link show master br0 | grep -c ' tb')" -eq 5 ]
check "no lock table left behind" sh -c '! nft list tables | grep -q vmnet_lock'

# The count comes from bob's slots (core/slots.c), not from every link:
# they must be exact whatever happens to them or to the taps.
bob_taps() { ip -d -o link show | grep "alias vmnet1 net=lan uid=2002" | sed -E 's/^[0-9]+: ([^:@]+).*/\1/' | sort; }
want=$( (echo 0; bob_taps) | sort)
check "bob's slots: his 5 attached taps and the mark" [ "$(slots_of 2002)" = "$want" ]
free_tap() {	# an existing tap of bob's without a record
	local i l
	for i in $(seq 0 19); do
		l=$(ip -d link show "tb$i" 2>/dev/null) || continue
		grep -q "alias vmnet1" <<<"$l" || { echo "tb$i"; return; }
	done
}
nft flush ruleset
"$VMNETCTL" up --all >/dev/null
refuse "after 'nft flush ruleset': still over the quota (slots rebuilt from the links)" "bob already has 5 taps attached" \
	as bob env VMNET_NETWORK=lan "$IFUP" "$(free_tap)"
check "  and the rebuilt slots are his 5 taps and the mark" [ "$(slots_of 2002)" = "$want" ]
nft flush set inet vmnet_slots uid_2002
refuse "a flushed slot set is not trusted either" "bob already has 5 taps attached" \
	as bob env VMNET_NETWORK=lan "$IFUP" "$(free_tap)"
check "  it is rebuilt" [ "$(slots_of 2002)" = "$want" ]
# (the set made by an attach before any count: the taps attached before
# it, by an older vmnet, have no slot)
nft delete element inet vmnet_slots uid_2002 "{ 0, $(bob_taps | head -n1) }"
refuse "a slot set without its mark is not trusted (slots missing)" "bob already has 5 taps attached" \
	as bob env VMNET_NETWORK=lan "$IFUP" "$(free_tap)"
check "  it is rebuilt" [ "$(slots_of 2002)" = "$want" ]
nft add element inet vmnet_slots uid_2002 "{ 999999 }"
gone=$(bob_taps | head -n1)
gone_ix=$(ip -o link show dev "$gone" | cut -d: -f1)
ip link del "$gone"	# (QEMU killed: the kernel deletes its tap, no ifdown)
t=$(free_tap)
check "a tap deleted without ifdown frees its slot at the limit" as bob env VMNET_NETWORK=lan "$IFUP" "$t"
check "  the stale slots went (the deleted tap's, a made-up one)" not grep -qx -e "$gone_ix" -e 999999 <<<"$(slots_of 2002)"
refuse "  and the quota stays exact" "bob already has 5 taps attached" \
	as bob env VMNET_NETWORK=lan "$IFUP" "$(free_tap)"
gone=$(bob_taps | head -n1)
gone_ix=$(ip -o link show dev "$gone" | cut -d: -f1)
ip link del "$gone"
out=$("$VMNETCTL" gc)
check "gc drops the slot of a tap deleted without ifdown (${out//$'\n'/; })" grep -q "^gc: uid 2002: dropped 1 stale slot (taps gone without vmnet-ifdown)" <<<"$out"
check "  bob's slots are his 4 taps and the mark" [ "$(slots_of 2002)" = "$( (echo 0; bob_taps) | sort)" ]
check "  gc again drops nothing" sh -c "! '$VMNETCTL' gc | grep -q slot"

# SIGKILLed runs (a user may kill their own vmnet-ifup at any point): 8
# rounds of 10 runs of bob's at once, each killed after 0-150 ms; after
# each, every record must have its slot; then attach until refused:
# exactly 5 records.
for i in $(seq 20 29); do mktap "tb$i" bob; done
missing=0 attached=0
for round in $(seq 8); do
	for t in $(bob_taps); do as bob "$IFDOWN" "$t" >/dev/null; done
	pids=() killers=()
	for i in $(seq 20 29); do
		setpriv --reuid=bob --regid="$(id -g bob)" --init-groups -- env VMNET_NETWORK=lan "$IFUP" "tb$i" >/dev/null 2>&1 &
		pids+=($!)
	done
	for p in "${pids[@]}"; do (sleep "$(printf '0.%03d' $((RANDOM % 150)))"; kill -KILL "$p" 2>/dev/null || true) & killers+=($!); done
	wait "${pids[@]}" "${killers[@]}" 2>/dev/null || true
	attached=$((attached + $(bob_taps | wc -l)))
	missing=$((missing + $(comm -23 <(bob_taps) <(slots_of 2002) | wc -l)))
done
check "8 rounds of 10 runs SIGKILLed at random ($attached attached when killed): every record has its slot" [ "$missing" = 0 ]
for i in $(seq 20 29); do as bob env VMNET_NETWORK=lan "$IFUP" "tb$i" >/dev/null 2>&1 || true; done
check "  then attach until refused: exactly 5 records" [ "$(bob_taps | wc -l)" = 5 ]
check "  and no lock table is left behind" sh -c '! nft list tables | grep -q vmnet_lock'

# "check --as": what a rule pins, and refusals by a deny rule and by the
# rule's MAC range, each with the file:line vmnet-ifup names
acl <<'A'
allow alice lan max-taps=9 mac=52:54:00:00:00:0b/48 ip=10.1.2.3
deny bob lan
A
rc=0; out=$("$VMNETCTL" check --as alice lan) || rc=$?
check "check --as: allowed (rc $rc)" [ $rc = 0 ]
check "  the rule's pinned MAC is shown" grep -q "^  the rule pins MAC 52:54:00:00:00:0b$" <<<"$out"
check "  and its pinned address" grep -q "^  the rule pins address 10.1.2.3$" <<<"$out"
rc=0; out=$("$VMNETCTL" check --as bob lan) || rc=$?
check "check --as: a deny rule, with its line (rc $rc)" \
	grep -q "^refused: bob: network 'lan' is denied to user bob by /etc/vmnet/acl:2$" <<<"$out"
rc=0; out=$("$VMNETCTL" check --as alice lan --mac 52:54:00:00:00:0c) || rc=$?
check "check --as: a MAC outside the rule's (rc $rc)" \
	grep -q "^refused: alice: VMNET_MAC is outside the MACs /etc/vmnet/acl:1 allows for user alice$" <<<"$out"

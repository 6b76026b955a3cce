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

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

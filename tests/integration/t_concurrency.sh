# SPDX-License-Identifier: GPL-2.0-or-later
# t_concurrency.sh - 200 calls at once: 4 users, 25 taps each, max-taps=10,
# on one isolated network. 100 vmnet-ifup in parallel, then 100
# vmnet-ifdown in parallel. Quotas must be exact, every exit status right,
# every attached tap registered exactly once (record, port, MAC pair), and
# afterwards nothing left.
for u in 1 2 3 4; do add_user "cu$u" "$((2300 + u))"; done
acl <<'A'
allow cu1 default max-taps=10
allow cu2 default max-taps=10
allow cu3 default max-taps=10
allow cu4 default max-taps=10
A
"$VMNETCTL" up default >/dev/null
for u in 1 2 3 4; do
	for t in $(seq -w 1 25); do
		ip tuntap add "c${u}t$t" mode tap user "cu$u"
	done
done
base=$(kstate)

run_all() {	# PROGRAM: one call per tap, all at once
	local prog=$1 u t pids=()
	for u in 1 2 3 4; do
		for t in $(seq -w 1 25); do
			(
				rc=0
				as "cu$u" env "VMNET_MAC=52:54:00:0$u:00:$t" "$prog" "c${u}t$t" \
					>/dev/null 2>"$W/err.$u.$t" || rc=$?
				echo "$rc" >"$W/rc.$u.$t"
			) &
			pids+=($!)
		done
	done
	wait "${pids[@]}"
}
count() { cat "$W"/rc.* | grep -cx "$1" || true; }

run_all "$IFUP"
check "100 parallel ifup: 40 succeed" [ "$(count 0)" = 40 ]
check "100 parallel ifup: 60 refused" [ "$(count 1)" = 60 ]
for u in 1 2 3 4; do
	ok_u=$(cat "$W"/rc.$u.* | grep -cx 0 || true)
	check "cu$u: exactly max-taps=10 attached" [ "$ok_u" = 10 ]
	other=$(for f in "$W"/err.$u.*; do
		[ -s "$f" ] || continue
		if [ "$(wc -l <"$f")" != 1 ] ||
		   ! grep -q "cu$u already has 10 taps attached, the limit of max-taps=10" "$f"; then
			head -3 "$f"
		fi
	done | head -3)
	check "cu$u: every refusal is the quota, in one line${other:+ (not: $other)}" [ -z "$other" ]
done
attached=$(for f in "$W"/rc.*; do
	if [ "$(cat "$f")" = 0 ]; then basename "$f" | sed -E 's/rc\.([0-9])\.([0-9]+)/c\1t\2/'; fi
done | sort)
records=$(ip -d -o link show | { grep -o '^[0-9]*: c[0-9]t[0-9]*:.*alias vmnet1 ' || true; } | sed -E 's/^[0-9]+: ([^:]+):.*/\1/' | sort)
ports=$(nft -j list set bridge vmnet ports_default | python3 -c 'import json,sys; d=json.load(sys.stdin); print("\n".join(sorted(e if isinstance(e, str) else e["elem"]["val"] for x in d["nftables"] if "set" in x for e in x["set"].get("elem", []))))')
pairs=$(nft -j list set bridge vmnet pairs_default | python3 -c '
import json,sys
d=json.load(sys.stdin)
for x in d["nftables"]:
    if "set" in x:
        for e in x["set"].get("elem", []):
            print(e["concat"][0], e["concat"][1])' | sort)
want_pairs=$(for t in $attached; do u=${t:1:1}; n=${t#c?t}; echo "$t 52:54:00:0$u:00:$n"; done | sort)
check "records: exactly the 40 attached taps" [ "$records" = "$attached" ]
check "ports: exactly the 40 attached taps" [ "$ports" = "$attached" ]
check "pairs: one per attached tap, with its VMNET_MAC" [ "$pairs" = "$want_pairs" ]
check "every attached tap is on the bridge" sh -c "[ \"\$(bridge link show master vmnet0 | grep -c 'c[0-9]t')\" = 40 ]"

rm -f "$W"/rc.* "$W"/err.*
run_all "$IFDOWN"
check "100 parallel ifdown: 40 succeed" [ "$(count 0)" = 40 ]
check "100 parallel ifdown: 60 refused (not attached)" sh -c "[ \"\$(grep -l 'not attached by vmnet; nothing to detach' '$W'/err.* | wc -l)\" = 60 ]"
check "afterwards the state is exactly the starting one" [ "$(kstate)" = "$base" ]

# A line that moves: the user's lock changes hands every second for 13 s
# (each taking is a new table: delete and add in one transaction, so the
# waiter never sees it free). A waiting run does not give up at 10 s, as
# it would behind one holder, and attaches once the line has passed.
nft add table inet vmnet_lock_2301
( for i in $(seq 13); do
	sleep 1
	nft 'delete table inet vmnet_lock_2301; add table inet vmnet_lock_2301'
  done
  nft delete table inet vmnet_lock_2301 ) &
turns=$!
start=$(date +%s%N)
rc=0; as cu1 "$IFUP" c1t01 >"$W/line.out" 2>&1 || rc=$?
took=$(( ($(date +%s%N) - start) / 1000000 ))
wait $turns
check "a run waits while its user's lock changes hands for 13 s, then attaches (${took} ms: $(head -c 120 "$W/line.out"))" \
	sh -c "[ $rc = 0 ] && [ $took -ge 12000 ]"
as cu1 "$IFDOWN" c1t01 >/dev/null 2>&1
# Control: one holder keeping it fails the waiter after 10 s, in one line.
nft add table inet vmnet_lock_2301
start=$(date +%s%N)
rc=0; as cu1 "$IFUP" c1t01 >"$W/line.out" 2>&1 || rc=$?
took=$(( ($(date +%s%N) - start) / 1000000 ))
nft delete table inet vmnet_lock_2301
check "  control: behind one holder it gives up after 10 s (${took} ms: $(head -c 120 "$W/line.out"))" \
	sh -c "[ $rc = 1 ] && [ $took -ge 10000 ] && [ $took -lt 12000 ] && grep -q 'held the lock for more than 10 s' '$W/line.out'"
"$VMNETCTL" down default >/dev/null

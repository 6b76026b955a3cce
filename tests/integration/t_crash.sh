# SPDX-License-Identifier: GPL-2.0-or-later
# t_crash.sh - crash consistency: vmnet-ifup, vmnet-ifdown and vmnet-helper
# SIGKILLed at random points of their run (a run, started through setpriv
# and timeout, takes 10-25 ms here; the kill comes after 0-25 ms, 10-60 ms
# for the helper, which is started through python),
# hundreds of times, on an isolated network (links, records, lock,
# anti-spoofing elements). After each kill, the next run (vmnet-ifdown)
# plus "vmnetctl gc" must bring the kernel state back to exactly what it
# was: no port, alias, element, rule or tap left behind.
ROUNDS=${CRASH_ROUNDS:-60}
add_user alice 2001
acl <<'A'
allow alice default max-taps=8
A
"$VMNETCTL" up default >/dev/null
ip tuntap add tapc mode tap user alice
base=$(kstate)

# What a kill left, before recovery: nothing, elements only, or attached.
left() {
	if [ -n "$(master_of tapc)" ] || [ -n "$(alias_of tapc)" ]; then
		echo attached
	elif nft list table bridge vmnet | grep -qw tapc; then
		echo elements
	else
		echo nothing
	fi
}
recover() {
	as alice "$IFDOWN" tapc >/dev/null 2>&1 || true
	"$VMNETCTL" gc >/dev/null
}
declare -A seen
bad=0
diverged() {
	bad=$((bad + 1))
	if [ "$bad" = 1 ]; then
		echo "# state after recovery differs ($1):"
		diff <(printf '%s\n' "$base") <(kstate) | head -20
	fi
}
for i in $(seq "$ROUNDS"); do
	d=$(printf '0.%04d' $((RANDOM % 250)))
	( timeout -s KILL "$d" setpriv --reuid=alice --regid="$(id -g alice)" \
		--init-groups -- "$IFUP" tapc >/dev/null 2>&1 ) 2>/dev/null || true
	s=$(left)
	seen[ifup-$s]=$((${seen[ifup-$s]:-0} + 1))
	recover
	[ "$(kstate)" = "$base" ] || diverged "ifup killed after $d s, $s"

	as alice "$IFUP" tapc >/dev/null 2>&1 || diverged "ifup failed"
	d=$(printf '0.%04d' $((RANDOM % 250)))
	( timeout -s KILL "$d" setpriv --reuid=alice --regid="$(id -g alice)" \
		--init-groups -- "$IFDOWN" tapc >/dev/null 2>&1 ) 2>/dev/null || true
	s=$(left)
	seen[ifdown-$s]=$((${seen[ifdown-$s]:-0} + 1))
	recover
	[ "$(kstate)" = "$base" ] || diverged "ifdown killed after $d s, $s"

	d=$(printf '0.%04d' $((100 + RANDOM % 500)))
	( timeout -s KILL "$d" setpriv --reuid=alice --regid="$(id -g alice)" \
		--init-groups -- /usr/bin/python3 tests/integration/callhelper.py \
		plain "$HELPER" --use-vnet --br=default '--fd={fd}' >/dev/null 2>&1 ) 2>/dev/null || true
	s=$(if nft list table bridge vmnet | grep -qw vmtap0; then echo elements; else echo nothing; fi)
	seen[helper-$s]=$((${seen[helper-$s]:-0} + 1))
	wait_for sh -c '! ip link show vmtap0 >/dev/null 2>&1'
	recover
	[ "$(kstate)" = "$base" ] || diverged "helper killed after $d s, $s"
done
echo "# what the kills left before recovery: $(for k in "${!seen[@]}"; do printf '%s=%s ' "$k" "${seen[$k]}"; done)"
check "$((ROUNDS * 3)) kills: state restored after every one" [ "$bad" = 0 ]
check "ifup kills landed before and after the attach" [ -n "${seen[ifup-nothing]:-}" ] && [ -n "${seen[ifup-attached]:-}" ]
check "ifdown kills landed before and after the detach" [ -n "${seen[ifdown-nothing]:-}" ] && [ -n "${seen[ifdown-attached]:-}" ]
check "helper kills left elements of a dead tap (gc removed them)" [ -n "${seen[helper-elements]:-}" ]
"$VMNETCTL" down default >/dev/null

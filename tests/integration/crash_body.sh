# SPDX-License-Identifier: GPL-2.0-or-later
# crash_body.sh - the crash-consistency loop of t_crash.sh and
# t_crash_wlan.sh (sourced): network $NET is configured, user alice may use
# it, REQ holds the VMNET_* variables of each vmnet-ifup call, ROUNDS the
# rounds (three kills each).
"$VMNETCTL" up "$NET" >/dev/null
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
# A kill delay for ifup/ifdown: 0-25 ms, every other round 0-8 ms, so that
# kills before the attach (or detach) are not left to chance.
delay() { printf '0.%04d' $((RANDOM % (i % 2 ? 250 : 80))); }
both() { [ -n "$1" ] && [ -n "$2" ]; }
# (The braces send bash's "Killed" notices to /dev/null too.)
for i in $(seq "$ROUNDS"); do
	d=$(delay)
	{ ( timeout -s KILL "$d" setpriv --reuid=alice --regid="$(id -g alice)" \
		--init-groups -- env "${REQ[@]}" "$IFUP" tapc >/dev/null 2>&1 ); } 2>/dev/null || true
	s=$(left)
	seen[ifup-$s]=$((${seen[ifup-$s]:-0} + 1))
	recover
	[ "$(kstate)" = "$base" ] || diverged "ifup killed after $d s, $s"

	as alice env "${REQ[@]}" "$IFUP" tapc >/dev/null 2>&1 || diverged "ifup failed"
	d=$(delay)
	{ ( timeout -s KILL "$d" setpriv --reuid=alice --regid="$(id -g alice)" \
		--init-groups -- "$IFDOWN" tapc >/dev/null 2>&1 ); } 2>/dev/null || true
	s=$(left)
	seen[ifdown-$s]=$((${seen[ifdown-$s]:-0} + 1))
	recover
	[ "$(kstate)" = "$base" ] || diverged "ifdown killed after $d s, $s"

	# 0.1-0.6 s, every fourth round 0.8-1.6 s: a loaded machine may start
	# the helper late, so kills after its attach are not left to chance
	if [ $((i % 4)) = 0 ]; then
		r=$((800 + RANDOM % 800))
		d=$(printf '%d.%03d' $((r / 1000)) $((r % 1000)))
	else
		d=$(printf '0.%04d' $((100 + RANDOM % 500)))
	fi
	{ ( timeout -s KILL "$d" setpriv --reuid=alice --regid="$(id -g alice)" \
		--init-groups -- /usr/bin/python3 tests/integration/callhelper.py \
		plain "$HELPER" --use-vnet --br="$NET" '--fd={fd}' >/dev/null 2>&1 ); } 2>/dev/null || true
	# (timeout kills the whole process group, the helper too; the world's
	# own PID namespace makes pgrep see only this test's processes. Once
	# the helper is gone its tap is too: its elements show by ifindex.)
	wait_for sh -c '! pgrep -x vmnet-helper >/dev/null && ! ip link show vmtap0 >/dev/null 2>&1'
	s=$(if nft list set bridge vmnet "ports_$NET" | grep -q 'elements = '; then echo elements; else echo nothing; fi)
	seen[helper-$s]=$((${seen[helper-$s]:-0} + 1))
	recover
	[ "$(kstate)" = "$base" ] || diverged "helper killed after $d s, $s"
done
echo "# what the kills left before recovery: $(for k in "${!seen[@]}"; do printf '%s=%s ' "$k" "${seen[$k]}"; done)"
check "$((ROUNDS * 3)) kills: state restored after every one" [ "$bad" = 0 ]
check "ifup kills landed before and after the attach" both "${seen[ifup-nothing]:-}" "${seen[ifup-attached]:-}"
check "ifdown kills landed before and after the detach" both "${seen[ifdown-nothing]:-}" "${seen[ifdown-attached]:-}"
check "helper kills left elements of a dead tap (gc removed them)" [ -n "${seen[helper-elements]:-}" ]
"$VMNETCTL" down "$NET" >/dev/null

# SPDX-License-Identifier: GPL-2.0-or-later
# names-world.sh - the body of bench/names, run inside world.sh.
SIZES=${BENCH_SIZES:-"1 100 500"}
ITER=${BENCH_ITER:-2000}
EVENTS=${BENCH_EVENTS:-21}
NSSDIR=$(dirname "$(ls -d "$T_ROOT"/usr/lib/*/libnss_vmnet.so.2 | head -n1)")
EVENT=$T_ROOT/usr/libexec/vmnet-dhcp-event
add_user benchu 2001
conf <<'C'
[network iso]
mode = isolated
bridge = vmbr0
address = 10.77.0.1/16
dhcp = 10.77.0.10-10.77.250.250
C
acl <<'A'
allow benchu iso max-taps=4096
A
"$VMNETCTL" up iso >/dev/null
cp /etc/hosts "$W/hosts.orig"
mac() { printf '52:54:00:00:%02x:%02x' $(($1 / 256)) $(($1 % 256)); }
ipof() { echo "10.77.$(($1 / 200 + 1)).$(($1 % 200 + 10))"; }
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
us() { echo "${EPOCHREALTIME/./}"; }
have=0
printf '%-6s %-28s %12s %12s %8s\n' N measure vmnet anchor ratio
for n in $SIZES; do
	while [ "$have" -lt "$n" ]; do
		t=t$have
		mktap "$t" benchu
		as benchu env VMNET_NETWORK=iso VMNET_MAC="$(mac $have)" \
			VMNET_IP="$(ipof $have)" "$IFUP" "$t" >/dev/null
		DNSMASQ_SUPPLIED_HOSTNAME=vm$have "$EVENT" add "$(mac $have)" \
			"$(ipof $have)" >/dev/null
		echo "$(ipof $have) host$have.iso.internal" >>"$W/hosts.n"
		have=$((have + 1))
	done
	last=$((n - 1))
	cat "$W/hosts.orig" >/etc/hosts
	echo 'hosts: files vmnet' >/etc/nsswitch.conf
	LD_LIBRARY_PATH=$NSSDIR getent hosts "vm$last.iso.internal" >/dev/null ||
		{ echo "vm$last.iso.internal does not resolve" >&2; exit 1; }
	# lookups: vmnet's module (with "files" first, as configured), and
	# "files" alone with N lines in /etc/hosts
	v=$(for _ in 1 2 3; do LD_LIBRARY_PATH=$NSSDIR "$W/nsslookup" "vm$last.iso.internal" "$ITER"; done | median)
	cat "$W/hosts.orig" "$W/hosts.n" >/etc/hosts
	echo 'hosts: files' >/etc/nsswitch.conf
	a=$(for _ in 1 2 3; do "$W/nsslookup" "host$last.iso.internal" "$ITER"; done | median)
	printf '%-6s %-28s %10sus %10sus %8s\n' "$n" "lookup (getaddrinfo)" "$v" "$a" \
		"$(python3 -c "print(round($v / $a, 2))")"
	# what every other name pays: one that is nobody's, with and
	# without vmnet in the hosts line
	cat "$W/hosts.orig" >/etc/hosts
	echo 'hosts: files vmnet' >/etc/nsswitch.conf
	v=$(for _ in 1 2 3; do LD_LIBRARY_PATH=$NSSDIR "$W/nsslookup" www.example.test "$ITER" miss; done | median)
	echo 'hosts: files' >/etc/nsswitch.conf
	a=$(for _ in 1 2 3; do "$W/nsslookup" www.example.test "$ITER" miss; done | median)
	printf '%-6s %-28s %10sus %10sus %8s\n' "$n" "other name (no answer)" "$v" "$a" \
		"$(python3 -c "print(round($v / $a, 2))")"
	# one lease event, against one attach and detach
	v=$(for i in $(seq "$EVENTS"); do
		s=$(us); DNSMASQ_SUPPLIED_HOSTNAME=vm$last "$EVENT" old "$(mac $last)" "$(ipof $last)"
		echo $(( $(us) - s )); done | median)
	mktap tb0 benchu
	a=$(for i in $(seq "$EVENTS"); do
		s=$(us); as benchu env VMNET_NETWORK=iso "$IFUP" tb0 >/dev/null
		"$IFDOWN" tb0 >/dev/null; echo $(( $(us) - s )); done | median)
	ip link del tb0
	printf '%-6s %-28s %10sus %10sus %8s\n' "$n" "lease event" "$v" "$a" \
		"$(python3 -c "print(round($v / $a, 2))")"
done
cat "$W/hosts.orig" >/etc/hosts

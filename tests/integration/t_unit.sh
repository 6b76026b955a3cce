# SPDX-License-Identifier: GPL-2.0-or-later
# t_unit.sh - the installed vmnet.service: "systemd-analyze verify" finds
# nothing to say about it (with the installed vmnetd in place of
# /usr/sbin's), and its capability bounding set is exactly what vmnetd
# keeps (t_vmnetd.sh reads that from the running daemon) and CAP_SETPCAP.
# t_systemd.sh runs it under a real systemd.
UNIT=$T_ROOT/usr/lib/systemd/system/vmnet.service
if ! command -v systemd-analyze >/dev/null; then
	skip "vmnet.service" "systemd-analyze is not installed"
	return 0
fi
mkdir -p "$W/sbin-up" "$W/sbin-work"
mount -t overlay overlay -o \
	"lowerdir=/usr/sbin,upperdir=$W/sbin-up,workdir=$W/sbin-work" /usr/sbin
cp "$T_ROOT/usr/sbin/vmnetd" /usr/sbin/vmnetd
check "make install installs vmnet.service, running the installed vmnetd" \
	grep -qx "ExecStart=/usr/sbin/vmnetd" "$UNIT"
out=$(systemd-analyze verify --man=no "$UNIT" 2>&1)
check "systemd-analyze verify: clean, not a word" [ -z "$out" ]
[ -n "$out" ] && echo "$out"
# control: the same check speaks up about a broken unit
sed 's/^Type=notify/Type=notyfi/' "$UNIT" >"$W/vmnet.service"
out=$(systemd-analyze verify --man=no "$W/vmnet.service" 2>&1 || true)
check "control: verify reports a broken unit" grep -q "Failed to parse service type" <<<"$out"
check "the man pages it names exist" sh -c "for m in \$(sed -n 's/^Documentation=//p' '$UNIT'); do p=\${m#man:}; f=man/\${p%%(*}.\$(echo \$p | tr -dc 0-9); [ -f \"\$f\" ] || { echo missing \$f; exit 1; }; done"
check "its bounding set is what vmnetd keeps, and CAP_SETPCAP to drop the rest" \
	[ "$(sed -n 's/^CapabilityBoundingSet=//p' "$UNIT")" = \
	"CAP_NET_ADMIN CAP_NET_RAW CAP_NET_BIND_SERVICE CAP_SETUID CAP_SETGID CAP_CHOWN CAP_KILL CAP_BPF CAP_PERFMON CAP_SETPCAP" ]
check "Type=notify, and vmnetd links libsystemd for it" \
	sh -c "grep -qx Type=notify '$UNIT' && ldd '$T_ROOT/usr/sbin/vmnetd' | grep -q libsystemd"

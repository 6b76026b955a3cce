# SPDX-License-Identifier: GPL-2.0-or-later
# t_systemd.sh - the installed vmnet.service under a real systemd: systemd
# runs as PID 1 of its own PID and mount namespaces, in a cgroup this
# test creates under its own and removes (systemd takes the cgroup it
# starts in as its root; a cgroup namespace would make it write at the
# real root, through the host's /sys/fs/cgroup), starts only a test target
# that wants vmnet.service, with every hardening setting of the unit.
# Type=notify reaches "running", the network comes up, a flush is
# repaired, reload is SIGHUP, a SIGKILLed vmnetd is restarted, stop leaves
# the network and its dnsmasq up.
SD=/lib/systemd/systemd
if [ ! -x $SD ]; then
	skip "vmnet.service under systemd" "systemd is not installed"
	return 0
fi
mkdir -p "$W/sbin-up" "$W/sbin-work"
mount -t overlay overlay -o \
	"lowerdir=/usr/sbin,upperdir=$W/sbin-up,workdir=$W/sbin-work" /usr/sbin
cp "$T_ROOT/usr/sbin/vmnetd" "$T_ROOT/usr/sbin/vmnetctl" /usr/sbin/
# no unit of this host's: an empty /etc/systemd/system; the unit as
# installed, started without the boot's dependencies (no udev, no
# journald: its log goes to the world's syslog recorder)
mount -t tmpfs tmpfs /etc/systemd/system
mkdir -p /run/systemd/system/vmnet.service.d
cp "$T_ROOT/usr/lib/systemd/system/vmnet.service" /run/systemd/system/
printf '[Unit]\nDefaultDependencies=no\n' >/run/systemd/system/vmnet.service.d/test.conf
printf '[Unit]\nDescription=vmnet test\nDefaultDependencies=no\nWants=vmnet.service\n' \
	>/run/systemd/system/vmnet-test.target

# its cgroups: a child of this test's own in every hierarchy, removed by
# test_cleanup (world.sh runs it however the test ends)
CG=vmnet-t$(date +%s%N)
cgdirs=()
sdwrap=
test_cleanup() {
	local d _
	if [ -n "$sdwrap" ]; then
		kill -KILL "$sdwrap" $(sd_pid 2>/dev/null) 2>/dev/null || true
	fi
	for d in "${cgdirs[@]}"; do
		for _ in $(seq 100); do
			[ -s "$d/cgroup.procs" ] || break
			sleep 0.02
		done
		find "$d" -depth -type d -exec rmdir {} \; 2>/dev/null || true
	done
	return 0
}
while IFS=: read -r _ ctrl path; do
	h=${ctrl#name=}
	[ -z "$h" ] && h=unified
	# (cpuset: a new cgroup has no CPUs until given some; systemd
	# does not use it)
	[ "$h" != cpuset ] && [ -d "/sys/fs/cgroup/$h$path" ] || continue
	mkdir "/sys/fs/cgroup/$h$path/$CG" && cgdirs+=("/sys/fs/cgroup/$h$path/$CG")
done </proc/self/cgroup
# (its /tmp and /var/tmp, where PrivateTmp= makes the service's, are the
# test's own)
mkdir -p "$W/tmp" "$W/vartmp"
chmod 1777 "$W/tmp" "$W/vartmp"
sh -c 'for d; do echo $$ >"$d/cgroup.procs"; done
	exec unshare --pid --fork --mount-proc sh -c "mount --bind $0/vartmp /var/tmp &&
		mount --bind $0/tmp /tmp && exec '"$SD"' --system \
		--unit=vmnet-test.target"' "$W" "${cgdirs[@]}" >"$W/systemd.out" 2>&1 &
sdwrap=$!
in_sd() { nsenter -t "$sdpid" -p -m "$@"; }
sd_pid() { pgrep -x systemd | while read -r p; do [ "$(ps -o ppid= -p "$p" | tr -d ' ')" = "$sdwrap" ] && echo "$p"; done | grep .; }
wait_for sd_pid >/dev/null || cat "$W/systemd.out"
sdpid=$(sd_pid | head -1)
state() { in_sd systemctl show -P "$1" vmnet.service 2>/dev/null; }
check "systemd runs vmnet.service to 'running' (Type=notify: READY=1)" \
	wait_for sh -c "[ \"\$(nsenter -t $sdpid -p -m systemctl show -P SubState vmnet.service 2>/dev/null)\" = running ]"
check "  its status text is vmnetd's" sh -c "nsenter -t $sdpid -p -m systemctl show -P StatusText vmnet.service | grep -q 'passes, .* repairs'"
check "  the network is up and clean" wait_for quiet in_sd vmnetctl check
check "  dnsmasq runs" wait_for quiet pgrep -x dnsmasq
main=$(state MainPID)
check "  vmnetd's capabilities: exactly its own, bounding set too" \
	in_sd sh -c "grep -qx 'CapBnd:	000000c0000034e1' /proc/$main/status && grep -qx 'CapEff:	000000c0000034e1' /proc/$main/status"
check "  NoNewPrivs" in_sd grep -qx 'NoNewPrivs:	1' /proc/$main/status
check "  its own /tmp (PrivateTmp), / read-only (ProtectSystem=strict)" \
	in_sd sh -c "grep -q 'systemd-private-.* /tmp ' /proc/$main/mountinfo && awk '\$5 == \"/\" && \$6 ~ /^ro/ { f = 1 } END { exit !f }' /proc/$main/mountinfo"
check "  control: this shell has neither" \
	not in_sd sh -c "grep -q 'systemd-private-.* /tmp ' /proc/self/mountinfo || awk '\$5 == \"/\" && \$6 ~ /^ro/ { f = 1 } END { exit !f }' /proc/self/mountinfo"
nft flush ruleset
check "a flush is repaired under systemd" wait_for quiet in_sd vmnetctl check
in_sd systemctl reload vmnet.service
check "reload is SIGHUP" wait_for grep -q "vmnetd\[$main\]: SIGHUP: reloading" "$W/syslog"
in_sd kill -KILL "$main"
check "a SIGKILLed vmnetd is restarted (Restart=on-failure)" \
	wait_for sh -c "p=\$(nsenter -t $sdpid -p -m systemctl show -P MainPID vmnet.service); [ \"\$p\" != 0 ] && [ \"\$p\" != $main ]"
check "  and it is running again" \
	wait_for sh -c "[ \"\$(nsenter -t $sdpid -p -m systemctl show -P SubState vmnet.service)\" = running ]"
in_sd systemctl stop vmnet.service
check "stop: vmnetd is gone" wait_for sh -c "[ \"\$(nsenter -t $sdpid -p -m systemctl show -P ActiveState vmnet.service)\" = inactive ]"
check "  the network stays up (KillMode=process)" quiet in_sd vmnetctl check
check "  dnsmasq too" quiet pgrep -x dnsmasq
check "  stopping is logged" grep -q "vmnetd\[[0-9]*\]: stopping; the networks stay up" "$W/syslog"

# systemd, its namespace and its cgroups go
kill -KILL "$sdpid" 2>/dev/null
wait $sdwrap 2>/dev/null || true
test_cleanup
left=0
for d in "${cgdirs[@]}"; do
	if [ -d "$d" ]; then left=$((left + 1)); fi
done
check "its cgroups are removed" [ $left = 0 ]
check "  nothing of it in this host's /tmp" sh -c "! ls -d /tmp/systemd-private-* /var/tmp/systemd-private-* 2>/dev/null"

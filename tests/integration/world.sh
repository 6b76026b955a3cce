#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# world.sh TEST - run one integration test inside its own world. Called by
# run.sh through "unshare --mount --net --pid --fork --mount-proc", so
# every link, address, nf_tables table, mount and process made here
# vanishes with it, and /proc shows only this world's processes.
#
# The world: /etc overlaid (test users and /etc/vmnet exist only here),
# a private /dev (with /dev/net/tun mode 0666 as distributions ship it,
# and /dev/log served by a recorder so syslog lines can be checked), and
# the installed vmnet tree from $T_ROOT.
set -euo pipefail
# The same commands for every caller, whatever the invoking user's PATH
# (a root login's own python, say, that test users could not run).
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
test_file=$1
W=$2	# scratch directory, created and removed by run.sh
export W

mkdir -p "$W/upper" "$W/work"
mount -t overlay overlay -o "lowerdir=/etc,upperdir=$W/upper,workdir=$W/work" /etc

mkdir -p "$W/dev"
mount -t tmpfs -o mode=755 tmpfs "$W/dev"
for n in null:1:3 zero:1:5 full:1:7 random:1:8 urandom:1:9 tty:5:0; do
	IFS=: read -r name maj min <<<"$n"
	mknod -m 666 "$W/dev/$name" c "$maj" "$min"
done
mkdir -p "$W/dev/net" "$W/dev/shm" "$W/dev/pts"
chmod 1777 "$W/dev/shm"
mknod -m 666 "$W/dev/net/tun" c 10 200
ln -s /proc/self/fd "$W/dev/fd"
ln -s /proc/self/fd/0 "$W/dev/stdin"
ln -s /proc/self/fd/1 "$W/dev/stdout"
ln -s /proc/self/fd/2 "$W/dev/stderr"
mount --bind "$W/dev" /dev

# syslog recorder on /dev/log
python3 - "$W/syslog" <<'PY' &
import os, socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind("/dev/log")
os.chmod("/dev/log", 0o666)
with open(sys.argv[1], "ab", buffering=0) as f:
    while True:
        f.write(s.recv(65536).rstrip(b"\0\n") + b"\n")
PY
syslog_pid=$!
for _ in $(seq 100); do [ -S /dev/log ] && break; sleep 0.02; done

ip link set lo up
# IPv6 is on, as on any host: a test world that cannot carry IPv6 cannot
# see a guest reach something over it. (A test that needs some interface
# without it turns it off there.)
# A plain host: br_netfilter, where this machine has it loaded (Docker
# does that), passes bridged frames to iptables by default in every new
# namespace; "vmnetctl check" warns about it (t_hostfw.sh tests that).
for f in iptables ip6tables arptables; do
	[ -e /proc/sys/net/bridge/bridge-nf-call-$f ] &&
		sysctl -qw net.bridge.bridge-nf-call-$f=0
done
# An empty /etc/vmnet, whatever the host has there, and a private /run
# (vmnetctl keeps dnsmasq's config, pid and leases in /run/vmnet).
mkdir -p /etc/vmnet
mount -t tmpfs -o mode=755 tmpfs /etc/vmnet
mount -t tmpfs -o mode=755 tmpfs /run

cleanup() {
	# a test's own cleanup first (what lives outside the namespaces)
	if declare -F test_cleanup >/dev/null; then test_cleanup || true; fi
	kill "$syslog_pid" 2>/dev/null || true
	pkill -KILL -f "name vmnet-world-qemu" 2>/dev/null || true
	# dnsmasq of "vmnetctl up", found through the world's own /run
	# (a pid written in a nested PID namespace, t_systemd.sh, means
	# another process here, or none)
	for f in /run/vmnet/*/dnsmasq.pid; do
		[ -f "$f" ] || continue
		p=$(cat "$f")
		[ "$(cat "/proc/$p/comm" 2>/dev/null)" = dnsmasq ] &&
			kill -KILL "$p" 2>/dev/null || true
	done
	true
}
trap cleanup EXIT

# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck disable=SC1090
. "$test_file"

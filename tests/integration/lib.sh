# SPDX-License-Identifier: GPL-2.0-or-later
# lib.sh - helpers for integration tests; sourced by world.sh inside the
# test's own namespaces. Every check prints "ok - ...", "FAIL - ..." or,
# when this machine cannot run it, "skip - ..."; the counts go to
# $W/results for run.sh.

IFUP=$T_ROOT/usr/libexec/vmnet-ifup
IFDOWN=$T_ROOT/usr/libexec/vmnet-ifdown
HELPER=$T_ROOT/usr/libexec/vmnet-helper
VMNETCTL=$T_ROOT/usr/sbin/vmnetctl
VMNETD=$T_ROOT/usr/sbin/vmnetd
PASS=0
FAILED=0
SKIPPED=0

_record() { echo "$PASS $FAILED $SKIPPED" >"$W/results"; }
_record

ok() { PASS=$((PASS + 1)); echo "ok - $*"; _record; }
fail() { FAILED=$((FAILED + 1)); echo "FAIL - $*"; _record; }
# skip DESC REASON: checks this machine cannot run (as iproute2's
# ts_skip): counted and printed apart, never as passed
skip() { SKIPPED=$((SKIPPED + 1)); echo "skip - $1: $2"; _record; }

# lacks FEATURE [USER]: print why and succeed when the kernel or the
# machine does not have FEATURE, for "if why=$(lacks ...); then skip ..."
lacks() {
	case $1 in
	userns)	# unprivileged user + network namespaces (unshare -Urn)
		as "$2" unshare -Urn true 2>/dev/null ||
			echo "unprivileged user namespaces are disabled (sysctl kernel.unprivileged_userns_clone)" ;;
	*)	echo "unknown feature $1"; return 1 ;;
	esac | grep . # succeed only if a reason was printed
}

# check DESC CMD...: CMD must succeed
check() {
	local desc=$1
	shift
	if "$@"; then ok "$desc"; else fail "$desc"; fi
}

# not CMD...: CMD fails (for check); quiet CMD...: without its output
not() { ! "$@"; }
quiet() { "$@" >/dev/null 2>&1; }

# add_user NAME UID [GROUPS]: a test user that exists only in this world
add_user() {
	useradd -M -N -l -s /usr/sbin/nologin -u "$2" ${3:+-G "$3"} "$1"
}

# as USER CMD...: run CMD with the user's real ids and groups
as() {
	local u=$1
	shift
	setpriv --reuid="$u" --regid="$(id -g "$u")" --init-groups -- "$@"
}

# write_file PATH MODE: root-owned file from stdin
write_file() {
	cat >"$1"
	chown root:root "$1"
	chmod "$2" "$1"
}
conf() { write_file /etc/vmnet/vmnet.conf 0644; }
acl() { write_file /etc/vmnet/acl 0644; }

# link_facts [--forward] DEV...: what "up" makes of vmnet's links, in the
# namespace this runs in (kind, alias, master, admin state, addresses of
# both families, the sysctls vmnet sets; forwarding), to compare the
# real ones with those "print"'s commands make
link_facts() {
	fwd=false
	[ "$1" = --forward ] && { fwd=true; shift; }
	for d in "$@"; do
		ip -j -d addr show dev "$d" | python3 -c '
import json, sys
l = json.load(sys.stdin)[0]
print(l["ifname"], l.get("linkinfo", {}).get("info_kind"),
      repr(l.get("ifalias", "")), l.get("master", "-"), "UP" in l["flags"],
      sorted("%s/%s" % (a["local"], a["prefixlen"])
             for a in l.get("addr_info", [])))'
		echo "$d: arp_ignore=$(cat /proc/sys/net/ipv4/conf/$d/arp_ignore)" \
			$(for k in disable_ipv6 accept_ra autoconf addr_gen_mode; do
				echo "$k=$(cat /proc/sys/net/ipv6/conf/$d/$k)"; done)
	done
	! $fwd || echo "ip_forward=$(cat /proc/sys/net/ipv4/ip_forward)" \
		"forwarding6=$(cat /proc/sys/net/ipv6/conf/all/forwarding)"
}

# nft_nocache: an nft listing on stdin without what is time passing or a
# cache: a learned element's countdown, the MACs and addresses the port
# guard saw on the LAN side (lanmac_NET, lanip_NET: like the bridge's
# forwarding database, filled by "up" with what the kernel knows then, and
# by the LAN's frames), the DHCP server's leases (leases_NET, from its
# ACKs), the VMs' connection counts (conns_NET) and the IPv6 addresses
# the kernel learned (lanip6_NET, own6_NET, claimed6_NET, rate6_NET)
# slots_of UID: the ifindexes in the user's tap slots (core/slots.c), one
# per line, sorted; "0" is the mark of a complete set
slots_of() {
	nft -j list set inet vmnet_slots "uid_$1" 2>/dev/null | python3 -c '
import json, sys
for x in json.load(sys.stdin)["nftables"]:
    if "set" in x:
        for e in x["set"].get("elem", []):
            print(e)' | sort
}

nft_nocache() {
	sed -E 's/ expires [0-9dhms]+//g' |
		awk '/^\t(set|map) / { name = $2 } /^\t\t(elements = |size|type|flags|timeout)/ { inel = 0 }
		     /^\t\telements = / && name ~ /^(lanmac|lanip|leases|conns|lanip6|own6|claimed6|rate6)_/ { inel = 1 }
		     !inel { print } inel && /}$/ { inel = 0 }'
}

# nft_exprs FAMILY...: the kernel expressions of every rule of vmnet's
# tables of those families, in order (what "print" must load back into
# exactly, not only into rules that list the same); the ifindex a "fwd"
# or "dup" sends to is this namespace's, so it reads IFINDEX
nft_exprs() {
	for f in "$@"; do nft -d netlink list table "$f" vmnet 2>/dev/null; done |
		grep '^  \[' | awk '/^  \[ (fwd|dup) / { sub(/0x[0-9a-f]+ \]$/, "IFINDEX ]", prev) }
			{ if (NR > 1) print prev; prev = $0 } END { if (NR) print prev }'
}

# same_exprs FAMILY...: nft_exprs here and in namespace vmnet-scratch
# are the same (what differs goes to stderr)
same_exprs() {
	local a b
	a=$(nft_exprs "$@")
	b=$(ip netns exec vmnet-scratch bash -c "$(declare -f nft_exprs); nft_exprs $*")
	[ "$a" = "$b" ] || { diff <(echo "$a") <(echo "$b") | head -20 >&2; return 1; }
}

# kstate: everything a vmnet run could change in the kernel
kstate() {
	# carrier and operstate follow asynchronously (linkwatch) from what
	# happened earlier, and so does a bridge port's state (disabled once
	# its tap's fd is closed); the kernel gives a link its default qdisc
	# the first time it is up and keeps it; vmnet sets none of them, so
	# they are not compared
	ip -d -o link show | sed -E 's/NO-CARRIER,//; s/,LOWER_UP//; s/ state [A-Z]+ / /; s/ bridge_slave state [a-z]+ / bridge_slave /; s/ qdisc [a-z_]+ / /; s/ [a-z_]+_timer +[0-9.]+//g; s/ (qlen|numtxqueues|numrxqueues|gso_max_size|gso_max_segs|tso_max_size|tso_max_segs|gro_max_size|gso_ipv4_max_size|gro_ipv4_max_size) [0-9]+//g'
	# (an IPv6 address is "tentative" until duplicate address detection
	# ends, a second after its interface came up)
	ip -o addr show | sed 's/ tentative / /'
	# (the users' tap slots, core/slots.c, stay once made; the tests
	# that attach check them by themselves: slots_of)
	nft list ruleset 2>/dev/null | awk '/^table inet vmnet_slots /,/^}/ {next} {print}' | nft_nocache
	# (dnsmasq's lease file changes with the guests' DHCP, not vmnet's runs)
	find /run/vmnet /etc/vmnet ! -path '/run/vmnet/*/leases' -ls 2>/dev/null || true
	# vmnet's processes and dnsmasq: none left behind, none started
	pgrep -a -f '^[^ ]*(vmnet-ifup|vmnet-ifdown|vmnet-helper|dnsmasq)( |$)' || true
}

# refuse DESC REGEX CMD...: CMD must exit non-zero, print exactly one
# line on stderr matching REGEX, nothing on stdout, and change nothing
refuse() {
	local desc=$1 re=$2 before after out err rc=0
	shift 2
	before=$(kstate)
	out=$("$@" 2>"$W/stderr") || rc=$?
	err=$(cat "$W/stderr")
	after=$(kstate)
	if [ "$rc" -eq 0 ]; then
		fail "$desc: exit status 0"
	elif [ "$(printf '%s\n' "$err" | wc -l)" -ne 1 ] || [ -z "$err" ]; then
		fail "$desc: want one error line, got: $err"
	elif ! printf '%s\n' "$err" | grep -Eq -- "$re"; then
		fail "$desc: error '$err' does not match /$re/"
	elif [ -n "$out" ]; then
		fail "$desc: unexpected stdout: $out"
	elif [ "$before" != "$after" ]; then
		fail "$desc: kernel state changed"
		diff <(echo "$before") <(echo "$after") | head -20 || true
	else
		ok "$desc ($err)"
	fi
}

# mktap NAME [OWNER]: a persistent tap, owned by OWNER if given
mktap() {
	if [ -n "${2:-}" ]; then
		ip tuntap add "$1" mode tap user "$2"
	else
		ip tuntap add "$1" mode tap
	fi
}

link_field() { ip -d -j link show "$1" | python3 -c "import json,sys; d=json.load(sys.stdin)[0]; print(d.get('$2', ''))"; }
master_of() { link_field "$1" master; }
alias_of() { link_field "$1" ifalias; }
mtu_of() { link_field "$1" mtu; }
mac_of() { link_field "$1" address; }

# bridged_lan NS: the administrator's bridge br0 with a wired uplink to
# a LAN in namespace NS (its end l0 at 10.1.0.20/24 and fd00:1::20/64),
# the host's addresses 10.1.0.2/24 and fd00:1::2/64 on the bridge; sets
# LAN_MAC and HOST_MAC. (Before br0 comes up: whatever the caller sets
# on it with BR0_SETUP, say its sysctls.)
bridged_lan() {
	ip netns add "$1"
	ip -n "$1" link set lo up
	ip link add br0 type bridge
	ip link add lanup type veth peer name l0 netns "$1"
	ip link set lanup master br0 up
	${BR0_SETUP:-true}
	ip link set br0 up
	ip addr add 10.1.0.2/24 dev br0
	ip addr add fd00:1::2/64 dev br0 nodad
	ip -n "$1" link set l0 up
	ip -n "$1" addr add 10.1.0.20/24 dev l0
	ip -n "$1" addr add fd00:1::20/64 dev l0 nodad
	LAN_MAC=$(ip -n "$1" -j link show l0 | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["address"])')
	HOST_MAC=$(mac_of br0)
}

# py NAME [ARG...]: a hostile guest's frames (frames.py), the python on
# stdin run with ARGs; it prints "key value" lines, read back with
# res NAME KEY
py() { local out=$1; shift; PYTHONPATH=tests/integration python3 - "$@" >"$W/$out"; }
res() { awk -v k="$2" '$1 == k { print $2 }' "$W/$1"; }

# start_vmnetd: vmnetd in its own session (so that kill -- -$dpid ends
# it and its job), its standard error in $W/vmnetd.err; sets dpid
start_vmnetd() {
	setsid "$VMNETD" 2>>"$W/vmnetd.err" &
	dpid=$!
}

# wait_for CMD...: poll CMD for up to 10 s
wait_for() {
	for _ in $(seq 200); do "$@" && return 0; sleep 0.05; done
	return 1
}

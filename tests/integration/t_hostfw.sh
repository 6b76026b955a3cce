# SPDX-License-Identifier: GPL-2.0-or-later
# t_hostfw.sh - other firewalls and host settings that silently break
# vmnet's networks: "vmnetctl check" names each in one warning line with
# the command that fixes it, and never changes another tool's state.
# (world.sh turns br_netfilter's iptables calls off; tested below)
BRNF=/proc/sys/net/bridge/bridge-nf-call-iptables
"$VMNETCTL" up default >/dev/null
# warns ERE: check's stderr has exactly one line matching ERE
warns() {
	local n
	n=$("$VMNETCTL" check 2>&1 >/dev/null | grep -cE -- "$1") || true
	[ "$n" = 1 ]
}
quiet_check() { local e; e=$("$VMNETCTL" check 2>&1 >/dev/null); [ -z "$e" ] || { echo "$e"; return 1; }; }
check "control: a clean host gives no warning" quiet_check

nft add table ip filter
nft add chain ip filter FORWARD '{ type filter hook forward priority 0; policy accept; }'
check "control: a forward chain with policy accept gives none" quiet_check
nft add chain ip filter FORWARD '{ policy drop; }'
check "a forward chain with policy drop (Docker) is named, with the fix" \
	warns "^warning: table ip filter, chain FORWARD: forward hook with policy drop; .*iptables -I DOCKER-USER -i vmnet0 -j ACCEPT"
check "  check still exits 0 (a warning)" quiet "$VMNETCTL" check
check "  status says it too, on stderr" sh -c "'$VMNETCTL' status 2>&1 >/dev/null | grep -q '^warning: table ip filter, chain FORWARD'"
check "  status --json stays valid JSON" sh -c "'$VMNETCTL' status --json 2>/dev/null | python3 -m json.tool >/dev/null"
nft add table inet fw
nft add chain inet fw forward_all '{ type filter hook forward priority 0; policy drop; }'
check "  an inet one too" warns "^warning: table inet fw, chain forward_all: forward hook"
check "  vmnet left both alone" sh -c "nft list chain ip filter FORWARD | grep -q 'policy drop' && nft list chain inet fw forward_all | grep -q 'policy drop'"
nft delete table ip filter; nft delete table inet fw
check "gone when they are" quiet_check

# the same, made the way Docker makes it (iptables-nft)
if command -v iptables-nft >/dev/null; then
	iptables-nft -N DOCKER-USER
	iptables-nft -A DOCKER-USER -j RETURN
	iptables-nft -A FORWARD -j DOCKER-USER
	iptables-nft -P FORWARD DROP
	check "Docker's iptables-nft FORWARD policy drop is named" \
		warns "^warning: table ip filter, chain FORWARD: forward hook with policy drop; VMs lose the internet unless it accepts their traffic \(Docker: iptables -I DOCKER-USER -i vmnet0 -j ACCEPT; iptables -I DOCKER-USER -o vmnet0 -j ACCEPT\)$"
	iptables-nft -P FORWARD ACCEPT
	iptables-nft -F
	iptables-nft -X
	nft delete table ip filter
	check "  gone with it" quiet_check
else
	skip "Docker's iptables-nft rules" "iptables is not installed"
fi

sysctl -qw net.ipv4.ip_forward=0
check "IPv4 forwarding turned off is named, with the fix" \
	warns "^warning: IPv4 forwarding is off \(net.ipv4.ip_forward=0\): VMs of default cannot reach the internet \(fix: vmnetctl up default\)$"
"$VMNETCTL" up default >/dev/null
check "  vmnetctl up fixes it" quiet_check

if [ -e $BRNF ]; then
	sysctl -qw net.bridge.bridge-nf-call-iptables=1
	check "br_netfilter calling iptables is named, with the fix" \
		warns "^warning: br_netfilter is loaded with net.bridge.bridge-nf-call-iptables=1: .*sysctl -w net.bridge.bridge-nf-call-iptables=0\)$"
	sysctl -qw net.bridge.bridge-nf-call-iptables=0
else
	skip "br_netfilter diagnosis" "br_netfilter is not loaded on this machine"
fi
"$VMNETCTL" down default >/dev/null
check "with no network up, nothing to warn about" quiet_check

# dnsmasq missing (here: hidden by an empty file bound over it)
mount --bind /dev/null /usr/sbin/dnsmasq
check "a missing dnsmasq is named, with the fix, before any network is up" \
	warns "^warning: /usr/sbin/dnsmasq is not installed: network default gets no DHCP or DNS, and 'vmnetctl up default' fails \(fix: apt-get install dnsmasq-base\)$"
umount /usr/sbin/dnsmasq
check "  gone when it is back" quiet_check

# what "up" needs of the host and is missing: a wlan uplink, a bridged
# network's bridge
conf <<'C'
[network wifi]
mode = wlan
uplink = wlan9
bridge = vmw
method = netdev

[network lan]
mode = bridged
bridge = br9
C
check "a wlan network's missing uplink is named" \
	warns "^warning: network wifi: its uplink wlan9 does not exist, so 'vmnetctl up wifi' fails"
check "a bridged network's missing bridge is named, with the fix" \
	warns "^warning: network lan: its bridge br9 does not exist, so 'vmnetctl up lan' fails \(fix: ip link add br9 type bridge"
ip link add wlan9 type veth peer name wlan9p
ip link add br9 type bridge
check "  gone when they exist" quiet_check
ip link del wlan9; ip link del br9
rm /etc/vmnet/vmnet.conf

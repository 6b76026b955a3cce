# SPDX-License-Identifier: GPL-2.0-or-later
# topo.sh - the world around the host for isolated-network traffic, used by
# t_isolated.sh and the demo (sourced). Inside the world's own network
# namespace (the "host"):
#
#   host uplink0 10.0.0.2/24 (+ 169.254.7.2/16, 100.64.0.2/10, 203.0.113.2/24,
#     fd00:10::2/64, 2001:db8:10::2/64 and its link-local address; IPv6
#     default route via the router)
#     |
#   router (netns vmnet-router): bridge lanbr 10.0.0.1/24, fd00:10::1/64,
#   2001:db8:10::1/64, the LAN segment, IPv4 and IPv6 (both forwarded)
#     |-- LAN host (netns vmnet-lanhost) 10.0.0.20, 169.254.7.20,
#     |   100.64.0.20, 203.0.113.20, fd00:10::20, 2001:db8:10::20; it routes
#     |   192.168.100.0/24 and fd00::/8 to the host, as an attacker on the
#     |   LAN would
#     `-- r-inet 198.51.100.1/24, 2001:db8:51::1/64 -- internet host (netns
#         vmnet-inet) 198.51.100.10, 192.0.2.10 and 2001:db8:51::10, an HTTP
#         server on port 8080
#
# The router does not NAT and has no route back to the VMs' subnet except
# through the host, so a VM reaches the internet host only through vmnet's
# masquerade. No traffic leaves these namespaces.
NS_R=vmnet-router NS_L=vmnet-lanhost NS_I=vmnet-inet
INET_IP=198.51.100.10 EXTRA_IP=192.0.2.10 LAN_IP=10.0.0.20 ROUTER_IP=10.0.0.1
HOST_LAN_IP=10.0.0.2
LAN_IP6=fd00:10::20 ROUTER_IP6=fd00:10::1 HOST_LAN_IP6=fd00:10::2
LAN_GIP6=2001:db8:10::20 HOST_LAN_GIP6=2001:db8:10::2
INET_IP6=2001:db8:51::10

topo_up() {
	local n
	for n in $NS_R $NS_L $NS_I; do
		ip netns add $n
		ip -n $n link set lo up
	done
	ip -n $NS_R link add lanbr type bridge
	ip link add uplink0 type veth peer name r-host netns $NS_R
	ip -n $NS_L link add l0 type veth peer name r-lan netns $NS_R
	ip -n $NS_R link add r-inet type veth peer name i0 netns $NS_I
	ip -n $NS_R link set r-host master lanbr
	ip -n $NS_R link set r-lan master lanbr
	for n in lanbr r-host r-lan r-inet; do ip -n $NS_R link set $n up; done
	ip -n $NS_R addr add $ROUTER_IP/24 dev lanbr
	ip -n $NS_R addr add 198.51.100.1/24 dev r-inet
	ip -n $NS_R route add 192.0.2.0/24 via $INET_IP
	ip -n $NS_R route add 192.168.100.0/24 via $HOST_LAN_IP
	ip netns exec $NS_R sysctl -qw net.ipv4.ip_forward=1 \
		net.ipv6.conf.all.forwarding=1
	ip -n $NS_R addr add $ROUTER_IP6/64 dev lanbr nodad
	ip -n $NS_R addr add 2001:db8:51::1/64 dev r-inet nodad
	ip -n $NS_R addr add 2001:db8:10::1/64 dev lanbr nodad

	ip link set uplink0 up
	ip addr add $HOST_LAN_IP/24 dev uplink0
	ip addr add 169.254.7.2/16 dev uplink0
	ip addr add 100.64.0.2/10 dev uplink0
	ip addr add 203.0.113.2/24 dev uplink0
	ip route add default via $ROUTER_IP
	ip addr add $HOST_LAN_IP6/64 dev uplink0 nodad
	ip addr add $HOST_LAN_GIP6/64 dev uplink0 nodad
	ip -6 route add default via $ROUTER_IP6

	ip -n $NS_L link set l0 up
	for a in $LAN_IP/24 169.254.7.20/16 100.64.0.20/10 203.0.113.20/24; do
		ip -n $NS_L addr add $a dev l0
	done
	ip -n $NS_L route add default via $ROUTER_IP
	ip -n $NS_L route add 192.168.100.0/24 via $HOST_LAN_IP
	ip -n $NS_L addr add $LAN_IP6/64 dev l0 nodad
	ip -n $NS_L addr add $LAN_GIP6/64 dev l0 nodad
	ip -n $NS_L -6 route add default via $ROUTER_IP6
	ip -n $NS_L -6 route add fd00::/8 via $HOST_LAN_IP6

	ip -n $NS_I link set i0 up
	ip -n $NS_I addr add $INET_IP/24 dev i0
	ip -n $NS_I addr add $EXTRA_IP/24 dev i0
	ip -n $NS_I route add default via 198.51.100.1
	ip -n $NS_I addr add $INET_IP6/64 dev i0 nodad
	ip -n $NS_I -6 route add default via 2001:db8:51::1
	ip netns exec $NS_I python3 -m http.server -b 0.0.0.0 8080 \
		>"$W/http.log" 2>&1 &
	TOPO_HTTP_PID=$!
	# The internet's DNS server, the host's resolver (vmnet's dnsmasq
	# forwards to it): names of the internet, and names an attacker's
	# domain could point into the LAN (DNS rebinding). The host's own
	# /etc/hosts knows a name too, which vmnet's dnsmasq must not serve.
	ip netns exec $NS_I dnsmasq --conf-file=/dev/null --no-resolv \
		--no-hosts --bind-interfaces --listen-address=$INET_IP \
		--pid-file="$W/updns.pid" \
		--host-record=internet.test,$INET_IP,$INET_IP6 \
		--host-record=lanhost.test,$LAN_IP \
		--host-record=private.test,192.168.7.7 \
		--host-record=loop.test,127.0.0.1 \
		--host-record=lanpub.test,203.0.113.20
	rm -f /etc/resolv.conf
	echo "nameserver $INET_IP" >/etc/resolv.conf
	echo "$LAN_IP hostsfile.test" >>/etc/hosts
	for _ in $(seq 100); do
		ip netns exec $NS_I python3 -c 'import socket; socket.create_connection(("127.0.0.1", 8080), 1)' 2>/dev/null && break
		sleep 0.05
	done
}

topo_down() {
	kill "$TOPO_HTTP_PID" 2>/dev/null
	wait "$TOPO_HTTP_PID" 2>/dev/null || true
	kill "$(cat "$W/updns.pid" 2>/dev/null)" 2>/dev/null || true
	ip link del uplink0 2>/dev/null
	for n in $NS_R $NS_L $NS_I; do ip netns del $n 2>/dev/null; done
	true
}

# --- the test guest (tests/guest): QEMU under TCG as an unprivileged user --

# guest_image NAME PROBE: $W/NAME.cpio = base initramfs + /probe.sh
guest_image() {
	python3 tests/guest/mkcpio.py "$W/$1.probe.cpio" - "/probe.sh=$2"
	cat "$GUEST/initrd.cpio" "$W/$1.probe.cpio" >"$W/$1.cpio"
	cp "$GUEST/vmlinuz" "$W/vmlinuz"
	chmod 644 "$W/$1.cpio" "$W/vmlinuz"
}

# guest_start NAME USER TAP MAC [VAR=VALUE...]: boot it attached through
# vmnet-ifup/ifdown; sets GUEST_PID. The guest reads "go" lines from its
# second serial port ($W/NAME.ctl.in).
guest_start() {
	local name=$1 user=$2 tap=$3 mac=$4
	shift 4
	mkfifo -m 666 "$W/$name.ctl.in" "$W/$name.ctl.out"
	: >"$W/$name.log"
	chmod 666 "$W/$name.log"
	as "$user" env "$@" qemu-system-x86_64 -name vmnet-world-qemu \
		-machine q35,accel=tcg -m 192 -nodefaults -display none \
		-no-reboot -serial "file:$W/$name.log" \
		-chardev "pipe,id=ctl,path=$W/$name.ctl" -serial chardev:ctl \
		-kernel "$W/vmlinuz" -initrd "$W/$name.cpio" \
		-append "console=ttyS0 quiet panic=-1" \
		-netdev "tap,id=n0,ifname=$tap,script=$IFUP,downscript=$IFDOWN" \
		-device "virtio-net-pci,netdev=n0,mac=$mac" \
		>"$W/$name.qemu" 2>&1 &
	GUEST_PID=$!
}

# guest_wait NAME TEXT [SECONDS]: until the console shows "VMNET TEXT"
guest_wait() {
	local i
	for i in $(seq $((${3:-60} * 10))); do
		grep -aq "^VMNET $2" "$W/$1.log" 2>/dev/null && return 0
		sleep 0.1
	done
	return 1
}

# guest_go NAME: let the guest past its next wait_go
guest_go() { echo go >"$W/$1.ctl.in"; }

# guest_try NAME PROBE: "yes" or "no" as the guest reported it
guest_try() {
	grep -a "^VMNET try $2 " "$W/$1.log" | tail -n1 | awk '{print $4}' | tr -d '\r'
}

# --- the demos (demo.sh, demo_wlan.sh) ------------------------------------

demo_say() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }
demo_result() { printf '    %-48s %s\n' "$1" "$2"; }

# demo_boot PROBE: boot the demo guest as vmdemo on a new tap0 with PROBE
# as its /probe.sh; sets GUEST_PID; shows the console and stops the demo
# if it does not get ready
demo_boot() {
	ip tuntap add tap0 mode tap user vmdemo
	guest_image demo "$1"
	guest_start demo vmdemo tap0 52:54:00:12:34:56 VMNET_MAC=52:54:00:12:34:56
	if ! guest_wait demo ready 120; then
		echo "the guest did not finish booting; its console:" >&2
		cat "$W/demo.log" >&2
		fail "guest boots"
		exit 1
	fi
}

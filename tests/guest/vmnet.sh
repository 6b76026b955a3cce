# Functions for a test's /probe.sh inside the guest.
say() { echo "VMNET $*"; }
# lease: DHCP on eth0; prints "VMNET lease IP" or "VMNET lease none".
lease() {
	if udhcpc -i eth0 -n -q -t 6 -T 1 -s /lib/dhcp-event "$@" >/dev/null 2>&1; then
		say lease "$(ip -4 -o addr show eth0 | awk '{print $4}')" \
			mtu="$(cat /sys/class/net/eth0/mtu)"
	else
		say lease none
	fi
}
# try NAME CMD...: prints "VMNET try NAME yes" when CMD succeeds, else "no".
try() {
	n=$1; shift
	if "$@" </dev/null >/dev/null 2>&1; then say try "$n" yes; else say try "$n" no; fi
}
# reach NAME IP: one ping, two seconds.
reach() { try "$1" ping -c 1 -W 2 "$2"; }
# wait_go: block until the test writes a line to the second serial port.
wait_go() { read -r _ </dev/ttyS1; }
# blocked NAME IP: one ping, one second (for probes expected to fail).
blocked() { try "$1" ping -c 1 -W 1 "$2"; }
# settle IP: up to five pings, until one answers (neighbour entries that
# failed during a test recover)
settle() {
	i=0
	while ! ping -c 1 -W 1 "$1" >/dev/null 2>&1 && [ $i -lt 5 ]; do i=$((i + 1)); done
}

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
	if "$@" >/dev/null 2>&1; then say try "$n" yes; else say try "$n" no; fi
}
# reach NAME IP: one ping, two seconds.
reach() { try "$1" ping -c 1 -W 2 "$2"; }

# VM A of the wlan tests: a configured MAC, no configured address: it
# leases from the LAN's DHCP server behind the access point, and its
# address is learned. Then it tries to claim the host's, the gateway's and
# VM B's addresses.
lease
reach lan 192.168.50.20
reach gateway 192.168.50.1
reach host 192.168.50.10
say ready
wait_go
for claim in host:192.168.50.10 gateway:192.168.50.1 peer:192.168.50.60; do
	ip addr add "${claim#*:}/32" dev eth0
	try "claim-${claim%%:*}" ping -c 2 -W 1 -I "${claim#*:}" 192.168.50.20
	arping -c 1 -w 1 -s "${claim#*:}" 192.168.50.20 >/dev/null 2>&1
	ip addr del "${claim#*:}/32" dev eth0
done
settle 192.168.50.20
reach after-claims 192.168.50.20
say probed
wait_go

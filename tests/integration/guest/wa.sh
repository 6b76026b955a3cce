# VM A of the wlan tests: a configured MAC, no configured address: it
# leases from the LAN's DHCP server behind the access point, and its
# address is learned; it takes an IPv6 address from the access point's
# router advertisements. Then it tries to claim the host's, the
# gateway's and VM B's addresses.
mkdir -p /tmp/www && echo vmnet-guest-a >/tmp/www/index.html
httpd -p 7001 -h /tmp/www
lease
reach lan 192.168.50.20
reach gateway 192.168.50.1
reach host 192.168.50.10
# (up to a minute: a loaded machine; what it had, when it has none)
t0=$(cut -d' ' -f1 /proc/uptime)
i=0
while ! ip -6 addr show dev eth0 scope global | grep -v tentative | grep -q 'inet6 fd00:50:' && [ $i -lt 600 ]; do sleep 0.1; i=$((i + 1)); done
a6=$(ip -6 addr show dev eth0 scope global | grep -v tentative | awk '/inet6 fd00:50:/ {print $2; exit}')
say addr6 "${a6:-none}" "waited=$(awk -v t0="$t0" '{print $1 - t0}' /proc/uptime)s"
[ -n "$a6" ] || { ip -6 addr show dev eth0; ip -6 route; } | sed 's/^/VMNET diag /'
ping6s() { for _ in 1 2 3; do ping6 -c 1 -W 2 "$@" && return 0; done; return 1; }
try lan6 ping6s fd00:50::20
try gateway6 ping6s fd00:50::1
try host6 ping6s fd00:50::10
try host-tcp sh -c "nc -w 3 192.168.50.10 7777 | grep -q vmnet-host"
try host6-tcp sh -c "nc -w 3 fd00:50::10 7777 | grep -q vmnet-host"
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

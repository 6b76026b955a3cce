# VM B of t_isolated.sh: no MAC given to vmnet (learned from its first
# frame), a lease from the dynamic range; it pings VM A, then waits for the
# test to look at the learned MAC.
lease
i=0
while ! ping -c 1 -W 1 192.168.100.50 >/dev/null 2>&1 && [ $i -lt 10 ]; do
	i=$((i + 1))
done
reach peer 192.168.100.50
reach gateway 192.168.100.1
# A rogue DHCP server: its offers must never leave the tap.
printf 'start 192.168.100.220\nend 192.168.100.230\ninterface eth0\nlease_file /tmp/udhcpd.leases\noption router 192.168.100.111\n' >/tmp/udhcpd.conf
: >/tmp/udhcpd.leases
udhcpd -f /tmp/udhcpd.conf 2>&1 | sed 's/^/VMNET udhcpd: /' &
sleep 1
say rogue
wait_go
ip link set eth0 address 52:54:00:77:77:77
blocked learned-spoof 192.168.100.1
say probed
wait_go

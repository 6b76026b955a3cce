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
ip link set eth0 address 52:54:00:77:77:77
blocked learned-spoof 192.168.100.1
say probed
wait_go

# VM B of the wlan tests: configured MAC and address (VMNET_IP), set
# statically in the guest.
ip addr add 192.168.50.60/24 dev eth0
ip route add default via 192.168.50.1
settle 192.168.50.20
reach lan 192.168.50.20
say ready
wait_go
settle 192.168.50.20
reach victim-after 192.168.50.20
say probed
wait_go

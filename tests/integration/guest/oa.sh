# VM A of t_ovn.sh, on chassis hv1: an address from OVN's DHCP (dynamic),
# VM B on hv2 across the Geneve tunnel, the internet through the OVN
# router's SNAT and never the LAN (lan = block), then spoofing.
lease -O mtu
say ready
wait_go
settle 10.7.0.50
reach peer 10.7.0.50
try tcp sh -c "nc -w 3 10.7.0.50 7000 </dev/null | grep -q from-b"
# a full-size frame: 1442 bytes of IP (the tap's MTU) in one Geneve packet
try full-mtu ping -c 1 -W 2 -s 1414 10.7.0.50
reach gateway 10.7.0.1
settle 198.51.100.10
reach internet 198.51.100.10
blocked lan-host 172.30.0.20
blocked lan-router 172.30.0.1
blocked router-outside 172.30.0.10
blocked lan-private 192.168.1.1
# port security: another MAC, then an address OVN did not give
ip link set eth0 address 52:54:00:66:66:66
blocked spoof-mac 10.7.0.50
ip link set eth0 address 52:54:00:07:00:0a
ip addr add 10.7.0.99/32 dev eth0
try spoof-ip ping -c 1 -W 1 -I 10.7.0.99 10.7.0.50
ip addr del 10.7.0.99/32 dev eth0
settle 10.7.0.50
reach after-spoof 10.7.0.50
say done

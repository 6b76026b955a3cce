# VM A of t_isolated.sh and the demo: a configured MAC, a static lease.
# Runs in the guest's /init (tests/guest), functions from vmnet.sh.
lease
reach gateway 192.168.100.1
try dns nslookup internet.test 192.168.100.1
reach internet 198.51.100.10
# (busybox's static wget crashes in name-service code; nc speaks HTTP too)
try http sh -c "printf 'GET /?from-vm-a HTTP/1.0\r\n\r\n' | nc -w 5 198.51.100.10 8080 | grep -q '200 OK'"
blocked lan-private 10.0.0.20
blocked lan-router 10.0.0.1
blocked lan-linklocal 169.254.7.20
blocked lan-shared 100.64.0.20
blocked lan-connected 203.0.113.20
blocked block-extra 192.0.2.10
try host-lan-tcp nc -w 2 10.0.0.2 7777
try host-bridge-tcp nc -w 2 192.168.100.1 7777
say ready
wait_go
# Spoofing: another MAC, then a source address outside the subnet.
ip link set eth0 address 52:54:00:66:66:66
blocked spoof-mac 192.168.100.1
ip link set eth0 address 52:54:00:00:00:0a
ip addr add 172.30.0.5/32 dev eth0
try spoof-ip ping -c 1 -W 1 -I 172.30.0.5 192.168.100.1
try spoof-arp arping -c 1 -w 1 -s 172.30.0.5 192.168.100.1
ip addr del 172.30.0.5/32 dev eth0
settle 192.168.100.1
reach after-spoof 192.168.100.1
reach internet-after 198.51.100.10

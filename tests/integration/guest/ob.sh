# VM B of t_ovn.sh, on chassis hv2: its address pinned (VMNET_IP), given by
# OVN's DHCP; serves TCP on port 7000 for VM A; reaches the internet
# through the gateway chassis hv1, never the LAN.
lease -O mtu
(while :; do echo from-b | nc -l -p 7000 >/dev/null 2>&1; done) &
say ready
wait_go
settle 198.51.100.10
reach internet 198.51.100.10
blocked lan-host 172.30.0.20
say probed
wait_go

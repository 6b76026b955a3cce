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
# echo requests received so far (VM A's), then after the LAN host tried:
# one-way, so that each direction's ACL is seen alone
echos() { awk '/^Icmp:/ { if (!h) { for (i = 1; i <= NF; i++) if ($i == "InEchos") c = i; h = 1 } else print $c }' /proc/net/snmp; }
say echos-before "$(echos)"
say probed
wait_go
say echos-after "$(echos)"
wait_go

# VM B of t_ovn.sh, on chassis hv2: its address pinned (VMNET_IP), given by
# OVN's DHCP; serves TCP on port 7000 for VM A.
lease -O mtu
(while :; do echo from-b | nc -l -p 7000 >/dev/null 2>&1; done) &
say ready
wait_go
say done
wait_go

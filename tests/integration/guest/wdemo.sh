# The wlan demo's guest: lease through the access point, the LAN host;
# then wait while the LAN host reaches it.
lease
settle 192.168.50.20
reach lan-host 192.168.50.20
say ready
wait_go

# The VM of t_names.sh: it names itself "Web" in DHCP, then resolves the
# network's other VMs through vmnet's dnsmasq.
lease -x hostname:Web
say ready
wait_go
try db nslookup db.default.internal 192.168.100.1
try db-short nslookup db 192.168.100.1
try nosuch nslookup nosuch.default.internal 192.168.100.1
say probed

# The VM of t_names.sh: it names itself "Web" in DHCP, claims its SLAAC
# address with one packet to the bridge (@BR6@, filled in by the test),
# then resolves the network's other VMs through vmnet's dnsmasq.
lease -x hostname:Web
# (up to 40 s: a router solicitation sent before the port forwarded is
# lost, and then the next unsolicited advertisement is what comes)
i=0
while ! ip -6 addr show dev eth0 scope global | grep -q inet6 && [ $i -lt 400 ]; do sleep 0.1; i=$((i + 1)); done
i=0
while ip -6 addr show dev eth0 | grep -q tentative && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
a6=$(ip -6 addr show dev eth0 scope global | awk '/inet6/ {print $2; exit}' | cut -d/ -f1)
for _ in 1 2 3 4 5; do ping6 -c 1 -W 1 @BR6@ >/dev/null 2>&1 && break; sleep 1; done
say ip6 "${a6:-none}"
say ready
wait_go
try db nslookup db.default.internal 192.168.100.1
try db-short nslookup db 192.168.100.1
try nosuch nslookup nosuch.default.internal 192.168.100.1
say probed

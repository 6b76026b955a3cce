# The libvirt guest (t_libvirt.sh): lease, internet host, LAN host; then
# it stays up until libvirt destroys it.
lease
reach internet 198.51.100.10
blocked lan-host 10.0.0.20
say ready
sleep 600

# SPDX-License-Identifier: GPL-2.0-or-later
# t_wlan_4addr.sh - mode wlan, method 4addr (see wlan_body.sh)
METHOD=4addr
# Reverse path filtering as laptops set it (loose here, the other method
# has the other setting): it must not matter, the VMs'
# frames are bridged or forwarded at the netdev hook, never routed.
sysctl -qw net.ipv4.conf.all.rp_filter=2 net.ipv4.conf.default.rp_filter=2
. tests/integration/wlan_body.sh

# SPDX-License-Identifier: GPL-2.0-or-later
# t_wlan_netdev.sh - mode wlan, method netdev (see wlan_body.sh)
METHOD=netdev
# Reverse path filtering as laptops set it (strict here, the other method
# has the other setting): it must not matter, the VMs'
# frames are bridged or forwarded at the netdev hook, never routed.
sysctl -qw net.ipv4.conf.all.rp_filter=1 net.ipv4.conf.default.rp_filter=1
. tests/integration/wlan_body.sh

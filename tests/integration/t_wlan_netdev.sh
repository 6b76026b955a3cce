# SPDX-License-Identifier: GPL-2.0-or-later
# t_wlan_netdev.sh - mode wlan, method netdev (see wlan_body.sh)
METHOD=netdev
. tests/integration/wlan_body.sh

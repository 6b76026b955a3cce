# SPDX-License-Identifier: GPL-2.0-or-later
# t_wlan_4addr.sh - mode wlan, method 4addr (see wlan_body.sh)
METHOD=4addr
. tests/integration/wlan_body.sh

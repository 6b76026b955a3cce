# SPDX-License-Identifier: GPL-2.0-or-later
# t_crash_wlan.sh - the crash-consistency loop of t_crash.sh (see
# crash_body.sh) on a wlan network (method netdev, behind the emulated
# access point), with a configured address, so that every kill also lands
# around the address elements (tapip, tapset, claimed and the ip4mac map).
. tests/integration/aptopo.sh
ROUNDS=${CRASH_ROUNDS:-40}
NET=wifi
REQ=(VMNET_MAC=52:54:00:00:00:0a VMNET_IP=192.168.50.60)
add_user alice 2001
ap_wifi_conf netdev
acl <<'A'
allow alice wifi max-taps=8
A
ap_up
. tests/integration/crash_body.sh
ap_down

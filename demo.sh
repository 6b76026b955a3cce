#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# demo.sh - quick start 1: build vmnet and show it attach a real QEMU VM,
# run as an unprivileged user, to the embedded default network. Everything
# happens in throwaway network and mount namespaces: nothing on the host
# changes. Run as root on Debian 12. "demo.sh wlan" shows the wlan mode
# instead, behind an emulated Wi-Fi access point.
set -eu
cd "$(dirname "$0")"
sh scripts/deps.sh
make -s
case "${1:-}" in
"") exec tests/integration/run.sh tests/integration/demo.sh ;;
wlan) exec tests/integration/run.sh tests/integration/demo_wlan.sh ;;
*) echo "usage: demo.sh [wlan]" >&2; exit 2 ;;
esac

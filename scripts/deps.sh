#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# deps.sh - install what vmnet needs to build, test and demo on Debian 12.
# Only missing packages are installed, so a prepared machine stays offline.
set -eu
PKGS="build-essential pkg-config libnl-3-dev libnl-route-3-dev libcap-ng-dev
libnftnl-dev libmnl-dev libbpf-dev libcmocka-dev qemu-system-x86 qemu-system-common
qemu-utils iproute2 nftables python3 libcap2-bin passwd util-linux procps
dnsmasq-base iputils-ping clang libclang-rt-14-dev strace cppcheck clang-tidy
libsystemd-dev systemd bash-completion debhelper lintian adduser
libvirt-daemon libvirt-daemon-driver-qemu libvirt-clients firewalld iptables
iperf3 openvswitch-switch ovn-central ovn-host ethtool"
missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
		missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
	echo "deps.sh: missing packages:$missing (run as root to install them)" >&2
	exit 1
fi
echo "deps.sh: installing$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing >/dev/null

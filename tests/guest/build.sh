#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# build.sh OUTDIR - the tiny test guest of DESIGN.md section 7: the kernel
# of Debian's linux-image-cloud-amd64 and a busybox-static initramfs.
# Writes OUTDIR/vmlinuz and OUTDIR/initrd.cpio; the .debs are kept there, so
# a second run is offline.
set -eu
out=$1
here=$(cd "$(dirname "$0")" && pwd)
if [ -f "$out/vmlinuz" ] && [ -f "$out/initrd.cpio" ] &&
	[ -z "$(find "$here" -newer "$out/initrd.cpio")" ]; then
	exit 0
fi
mkdir -p "$out/debs"
cd "$out/debs"
if ! ls linux-image-*.deb >/dev/null 2>&1 || ! ls busybox-static_*.deb >/dev/null 2>&1; then
	kpkg=$(apt-cache depends linux-image-cloud-amd64 2>/dev/null |
		awk '/Depends: linux-image-[0-9]/ {print $2; exit}')
	if [ -z "$kpkg" ]; then
		apt-get update -qq
		kpkg=$(apt-cache depends linux-image-cloud-amd64 |
			awk '/Depends: linux-image-[0-9]/ {print $2; exit}')
	fi
	[ -n "$kpkg" ] || { echo "build.sh: cannot resolve linux-image-cloud-amd64 (apt-get update?)" >&2; exit 1; }
	chmod 777 .	# apt-get download drops to user _apt
	apt-get download -qq "$kpkg" busybox-static 2>&1 | grep -v '^W: Download is performed unsandboxed' >&2 || true
fi
rm -rf ../x ../root
dpkg -x linux-image-*.deb ../x
dpkg -x busybox-static_*.deb ../x
root=../root
mkdir -p $root/bin $root/lib/modules $root/proc $root/sys $root/dev $root/etc $root/tmp
cp ../x/bin/busybox $root/bin/busybox
for a in $(../x/bin/busybox --list); do
	[ "$a" = busybox ] || ln -s busybox "$root/bin/$a"
done
for m in virtio_ring virtio virtio_pci_modern_dev virtio_pci_legacy_dev \
	virtio_pci failover net_failover virtio_net; do
	f=$(find ../x/lib/modules -name "$m.ko*" | head -n1)
	[ -n "$f" ] || { echo "build.sh: module $m not in the kernel package" >&2; exit 1; }
	case $f in
	*.xz) xz -dc "$f" >"$root/lib/modules/$m.ko" ;;
	*) cp "$f" "$root/lib/modules/$m.ko" ;;
	esac
done
cp "$here/init" $root/init
cp "$here/vmnet.sh" "$here/dhcp-event" $root/lib/
cp ../x/boot/vmlinuz-* ../vmlinuz.tmp
python3 "$here/mkcpio.py" ../initrd.tmp $root
rm -rf ../x $root
mv ../vmlinuz.tmp ../vmlinuz
mv ../initrd.tmp ../initrd.cpio

# SPDX-License-Identifier: GPL-2.0-or-later
# t_deb.sh - the Debian package: built with dpkg-buildpackage from a copy
# of this tree, lintian clean, installed with dpkg into this world (its
# /usr, /var and /etc are overlays, so the host's stay untouched): the
# vmnet group, the privileged programs 4750 root:vmnet (dpkg-statoverride
# honoured), vmnet.service enabled; the README demo runs against the
# installed files; a user outside the group cannot run them; a purge
# leaves nothing behind.
for t in dpkg-buildpackage dh lintian; do
	if ! command -v $t >/dev/null; then
		skip "the Debian package" "$t is not installed (scripts/deps.sh installs it)"
		return 0
	fi
done
mkdir -p "$W/src" "$W/tmp"
export TMPDIR=$W/tmp	# lintian leaves files in it
tar --exclude=./build --exclude=./.git -cf - . | tar -C "$W/src" -xf -
start=$(date +%s%N)
check "dpkg-buildpackage -us -uc -b builds it" \
	sh -c "cd '$W/src' && dpkg-buildpackage -us -uc -b >'$W/build.log' 2>&1" ||
	tail -20 "$W/build.log"
echo "# built in $((($(date +%s%N) - start) / 1000000)) ms"
DEB=$(ls "$W"/vmnet_*_*.deb)
lint=$(lintian -I --pedantic --suppress-tags renamed-tag "$W"/vmnet_*.changes 2>&1 |
	grep -v "running with root privileges" || true)
check "lintian: no error, warning, info or pedantic tag (overrides justified in debian/)" [ -z "$lint" ]
[ -n "$lint" ] && echo "$lint"
check "  control: lintian speaks up about a broken package" sh -c "
	mkdir '$W/bad' && dpkg-deb -R '$DEB' '$W/bad/x' && chmod 4755 '$W/bad/x/usr/sbin/vmnetd' &&
	dpkg-deb -b '$W/bad/x' '$W/bad/vmnet.deb' >/dev/null 2>&1 &&
	lintian '$W/bad/vmnet.deb' 2>&1 | grep -q '^W: vmnet: elevated-privileges 4755 root/root \[usr/sbin/vmnetd\]'"

# the install root: this world's /usr and /var as overlays too
for d in usr var; do
	mkdir -p "$W/$d-up" "$W/$d-work"
	mount -t overlay overlay -o \
		"lowerdir=/$d,upperdir=$W/$d-up,workdir=$W/$d-work" /$d
done
# (the world's /etc is an overlay: a Debian default hosts line)
sed -i 's/^hosts:.*/hosts:          files dns/' /etc/nsswitch.conf
named() { find "$W/upper" "$W/usr-up" "$W/var-up" -name '*vmnet*' | grep -v "^$W/var-up/log/" | sort; }
named >"$W/named.before"
check "dpkg -i installs it" sh -c "dpkg -i '$DEB' >'$W/dpkg.log' 2>&1" || cat "$W/dpkg.log"
dpkg -L vmnet >"$W/files"
check "the vmnet group exists" getent group vmnet
for p in vmnet-ifup vmnet-ifdown vmnet-helper; do
	check "/usr/libexec/$p is 4750 root:vmnet" \
		[ "$(stat -c '%a %U %G' /usr/libexec/$p)" = "4750 root vmnet" ]
done
check "vmnet.service is enabled" [ -L /etc/systemd/system/multi-user.target.wants/vmnet.service ]
check "vmnetd and vmnetctl are installed" sh -c "/usr/sbin/vmnetd --version && /usr/sbin/vmnetctl --version" >/dev/null
check "the man pages too" sh -c "man -w vmnetd vmnetctl vmnet-ifup vmnet.conf >/dev/null"
check "the bash completion" [ -r /usr/share/bash-completion/completions/vmnetctl ]
check "the firewalld zone" [ -r /usr/lib/firewalld/zones/vmnet.xml ]
check "the NSS module, in the hosts line after files ($(grep '^hosts:' /etc/nsswitch.conf | tr -s ' '))" sh -c "[ -r /usr/lib/$(gcc -print-multiarch)/libnss_vmnet.so.2 ] && grep -Eq '^hosts:[[:space:]]+files vmnet dns\$' /etc/nsswitch.conf"

# dpkg-statoverride is honoured: an administrator's choice survives a
# reinstall
dpkg-statoverride --add root root 0755 /usr/libexec/vmnet-helper
check "dpkg -i again, with a statoverride for vmnet-helper" sh -c "dpkg -i '$DEB' >'$W/dpkg2.log' 2>&1"
check "  vmnet-helper keeps the administrator's 0755 root:root" \
	[ "$(stat -c '%a %U %G' /usr/libexec/vmnet-helper)" = "755 root root" ]
check "  vmnet-ifup stays 4750 root:vmnet" \
	[ "$(stat -c '%a %U %G' /usr/libexec/vmnet-ifup)" = "4750 root vmnet" ]
dpkg-statoverride --remove /usr/libexec/vmnet-helper
dpkg -i "$DEB" >/dev/null 2>&1

# a user outside the group cannot even run them
add_user outsider 2301
ip tuntap add tapO mode tap user outsider
# (through a shell: setpriv, which "as" uses, opens the program before it
# changes its uid, so the kernel's exec check would not be the user's)
out=$(as outsider sh -c '/usr/libexec/vmnet-ifup tapO' 2>&1) &&
	fail "a user outside group vmnet runs vmnet-ifup"
check "a user outside group vmnet cannot run vmnet-ifup" grep -q "Permission denied" <<<"$out"
ip link del tapO

# the README demo, against the installed programs, its user in the group
IFUP=/usr/libexec/vmnet-ifup IFDOWN=/usr/libexec/vmnet-ifdown
HELPER=/usr/libexec/vmnet-helper VMNETCTL=/usr/sbin/vmnetctl
eval "orig_$(declare -f add_user)"
add_user() { orig_add_user "$@"; usermod -aG vmnet "$1"; }
. tests/integration/demo.sh

# purge: nothing of it is left
"$VMNETCTL" down --all >/dev/null 2>&1 || true
check "dpkg --purge removes it" sh -c "dpkg --purge vmnet >'$W/purge.log' 2>&1" || cat "$W/purge.log"
left=$(while read -r f; do
	# (a symlink to a directory is the system's: /lib, merged /usr)
	if [ -f "$f" ] || { [ -L "$f" ] && [ ! -d "$f" ]; }; then echo "$f"; fi
done <"$W/files")
check "  none of its files is left" [ -z "$left" ]
[ -n "$left" ] && echo "$left"
check "  the group is gone" not getent group vmnet
check "  nor the NSS module in the hosts line ($(grep '^hosts:' /etc/nsswitch.conf | tr -s ' '))" grep -Eq '^hosts:[[:space:]]+files dns$' /etc/nsswitch.conf
check "  no statoverride is left" sh -c "! dpkg-statoverride --list | grep -q vmnet"
check "  nor the unit's symlink" [ ! -e /etc/systemd/system/multi-user.target.wants/vmnet.service ]
check "  nor anything named vmnet in /etc, /usr or /var that was not before" \
	[ "$(named)" = "$(cat "$W/named.before")" ]

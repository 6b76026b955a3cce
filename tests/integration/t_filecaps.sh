# SPDX-License-Identifier: GPL-2.0-or-later
# make install CAPS=1: the same behaviour with a file capability
# (cap_net_admin+ep) instead of setuid root.

CR=$W/capsroot
make -s install DESTDIR="$CR" PREFIX=/usr CAPS=1 >/dev/null
chmod 755 "$W" "$CR"
check "CAPS=1 installs without the setuid bit" sh -c "[ ! -u '$CR/usr/libexec/vmnet-ifup' ]"
check "CAPS=1 sets cap_net_admin+ep" sh -c "getcap '$CR/usr/libexec/vmnet-ifup' | grep -q 'cap_net_admin=ep'"
IFUP=$CR/usr/libexec/vmnet-ifup
IFDOWN=$CR/usr/libexec/vmnet-ifdown
add_user alice 2001
add_user bob 2002
conf <<'C'
[network lan]
mode = bridged
bridge = br0
C
acl <<'A'
allow alice lan max-taps=1
A
ip link add br0 type bridge
"$VMNETCTL" up --all >/dev/null
mktap tap0 alice
mktap tap1 alice
mktap tapb bob
check "file caps: ifup" as alice "$IFUP" tap0
check "file caps: tap0 on br0" [ "$(master_of tap0)" = br0 ]
refuse "file caps: quota still enforced" "alice already has 1 tap attached, the limit of max-taps=1" as alice "$IFUP" tap1
refuse "file caps: another user's tap refused" "tapb: tap belongs to uid 2002" as alice "$IFUP" tapb
refuse "file caps: ACL still enforced" "network 'lan' is not allowed for user bob" as bob env VMNET_NETWORK=lan "$IFUP" tapb
check "file caps: ifdown" as alice "$IFDOWN" tap0
check "file caps: tap0 released" [ -z "$(master_of tap0)$(alias_of tap0)" ]

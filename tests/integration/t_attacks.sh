# SPDX-License-Identifier: GPL-2.0-or-later
# t_attacks.sh - a hostile local user against the setuid programs, beyond
# t_refusals.sh and t_helper.sh: odd names, the dynamic loader and locale,
# closed standard fds, pipes as --fd, resource limits, stopping and killing
# a run, deep includes, foreign devices of every kind, an isolated network.
# Each refusal: non-zero exit, one error line, no change to the kernel
# state (links, addresses, nf_tables, /run/vmnet).
add_user alice 2001
add_user bob 2002
conf <<'C'
[network default]
mode = isolated
bridge = vmnet0
address = 192.168.100.1/24
dhcp = 192.168.100.2-192.168.100.254
C
acl <<'A'
allow alice default max-taps=4
A
"$VMNETCTL" up default >/dev/null
mktap tap0 alice
mktap tapbob bob
ip tuntap add tun0 mode tun user alice
ip link add uplink0 type veth peer name uplink1
CALL=tests/integration/callhelper.py

# --- foreign devices of every kind
refuse "a tun (not tap) device of the caller" "^vmnet-ifup: tun0: not a tap device" as alice "$IFUP" tun0
refuse "the uplink" "^vmnet-ifup: uplink0: not a tap device \(it is veth\)" as alice "$IFUP" uplink0
refuse "vmnet's own bridge" "^vmnet-ifup: vmnet0: not a tap device \(it is bridge\)" as alice "$IFUP" vmnet0
refuse "ifdown of the bridge" "^vmnet-ifdown: vmnet0: not a tap device \(it is bridge\)" as alice "$IFDOWN" vmnet0
refuse "another user's tap, by the helper's naming" "^vmnet-ifdown: tapbob: tap belongs to uid 2002" as alice "$IFDOWN" tapbob

# --- a name is not an identity: a tap of the same name in the caller's own
# user and network namespace, its fd passed in as QEMU passes a tap's fd
NSFD=tests/integration/nsfd.py
if why=$(lacks userns alice); then
	skip "a same-named tap in the caller's own namespace (4 attacks)" "$why"
else
	mktap tapnone
	refuse "fd of a same-named tap in the caller's own namespace: another user's tap" \
		"^vmnet-ifup: tapbob: the tap file descriptor passed in belongs to a device in another network namespace" \
		as alice "$NSFD" tapbob "$IFUP" tapbob
	refuse "  ... an owner-less tap root created" \
		"^vmnet-ifup: tapnone: the tap file descriptor passed in belongs to a device in another network namespace" \
		as alice "$NSFD" tapnone "$IFUP" tapnone
	refuse "  ... the helper's naming, with no tap of that name here" \
		"^vmnet-ifup: vmtap7: the tap file descriptor passed in belongs to a device in another network namespace" \
		as alice "$NSFD" vmtap7 "$IFUP" vmtap7
	acl <<-'A'
	allow alice default max-taps=4
	allow bob default max-taps=4
	A
	check "control: bob attaches his own tap" as bob env VMNET_MAC=52:54:00:00:00:0b "$IFUP" tapbob
	refuse "  ifdown of it with a same-named tap's fd from alice's namespace" \
		"^vmnet-ifdown: tapbob: the tap file descriptor passed in belongs to a device in another network namespace" \
		as alice "$NSFD" tapbob "$IFDOWN" tapbob
	check "  bob's tap is still attached, recorded as bob's" sh -c "ip -d link show tapbob | grep -q 'alias vmnet1 net=default uid=2002 '"
	check "control: bob detaches it" as bob "$IFDOWN" tapbob
	acl <<-'A'
	allow alice default max-taps=4
	A
	ip link del tapnone
fi

# --- name games
refuse "name with %d" "invalid interface name" as alice "$IFUP" "tap%d"
refuse "name with a colon (alias syntax)" "invalid interface name" as alice "$IFUP" "tap0:1"
refuse "name with a tab" "invalid interface name" as alice "$IFUP" "$(printf 'tap\t0')"
refuse "15 bytes that do not exist" "no such interface" as alice "$IFUP" "tap012345678901"

# --- the environment, as raw strings
refuse "VMNET_NETWORK given twice" "VMNET_NETWORK" \
	as alice "$T_ROOT/rawenv" VMNET_NETWORK=default VMNET_NETWORK=default -- "$IFUP" tap0
refuse "VMNET_MAC twice, different values" "VMNET_MAC" \
	as alice "$T_ROOT/rawenv" VMNET_MAC=52:54:00:00:00:01 VMNET_MAC=52:54:00:00:00:02 -- "$IFUP" tap0
refuse "empty VMNET_MAC" "VMNET_MAC" as alice "$T_ROOT/rawenv" VMNET_MAC= -- "$IFUP" tap0
refuse "a string without '='" "^vmnet-ifup: tap0: environment entry VMNET_NETWORK has no '='$" as alice "$T_ROOT/rawenv" VMNET_NETWORK -- "$IFUP" tap0
refuse "a 100 KB variable name" "^vmnet-ifup: tap0: unknown variable in the environment" \
	as alice "$T_ROOT/rawenv" "VMNET_$(head -c 102400 /dev/zero | tr '\0' A)=x" -- "$IFUP" tap0

# --- the dynamic loader and the locale: ignored by a setuid program
printf '#include <stdio.h>\n#include <stdlib.h>\n__attribute__((constructor)) static void pwn(void) { FILE *f = fopen("%s/pwned", "w"); if (f) fclose(f); }\n' "$W" >"$W/evil.c"
cc -shared -fPIC -o "$W/evil.so" "$W/evil.c"
chmod 755 "$W/evil.so"
refuse "LD_PRELOAD of the caller's library" "^vmnet-ifup: lo: not a tap device" \
	as alice env LD_PRELOAD="$W/evil.so" "$IFUP" lo
refuse "LD_AUDIT and LD_LIBRARY_PATH" "^vmnet-ifup: lo: not a tap device" \
	as alice env LD_AUDIT="$W/evil.so" LD_LIBRARY_PATH="$W" "$IFUP" lo
check "the preloaded constructor never ran" [ ! -e "$W/pwned" ]
check "control: the same library runs in an ordinary program" sh -c "as() { :; }; env LD_PRELOAD='$W/evil.so' true && [ -e '$W/pwned' ]"
rm -f "$W/pwned"
refuse "a foreign locale" "^vmnet-ifup: lo: not a tap device" \
	as alice env LANG=de_DE.UTF-8 LC_ALL=tr_TR.UTF-8 LANGUAGE=de "$IFUP" lo

# --- standard fds closed
refuse "stdin and stdout closed" "^vmnet-ifup: lo: not a tap device" \
	as alice sh -c 'exec "$0" lo <&- >&-' "$IFUP"
before=$(kstate)
rc=0; as alice sh -c 'exec "$0" lo <&- >&- 2>&-' "$IFUP" || rc=$?
check "all of 0-2 closed: refused" [ "$rc" -ne 0 ]
check "all of 0-2 closed: nothing changed" [ "$(kstate)" = "$before" ]
check "all of 0-2 closed: the refusal still logged" grep -q "vmnet-ifup\[[0-9]*\]: uid=2001 .* tap=lo .*verdict=deny" "$W/syslog"

# --- the helper's --fd on a pipe
refuse "--fd on a pipe" "is not a socket" as alice "$CALL" pipe "$HELPER" --use-vnet --br=default --fd={fd}

# --- resource limits
# (with too few fds or too little memory the dynamic loader may already
# fail, before vmnet runs: still one line, non-zero, nothing changed)
refuse "RLIMIT_NOFILE 3" "^vmnet-ifup: tap0: |error while loading shared libraries" \
	as alice prlimit --nofile=3 "$IFUP" tap0
refuse "RLIMIT_NOFILE 4" "^vmnet-ifup: tap0: |error while loading shared libraries" \
	as alice prlimit --nofile=4 "$IFUP" tap0
check "RLIMIT_NOFILE 5 is enough (one rtnetlink, one nfnetlink socket): attach" \
	as alice prlimit --nofile=5 env VMNET_MAC=52:54:00:00:00:03 "$IFUP" tap0
check "RLIMIT_NOFILE 5: detach" as alice prlimit --nofile=5 "$IFDOWN" tap0
refuse "RLIMIT_AS 2 MB" "vmnet-ifup|error while loading shared libraries|cannot|memory" \
	as alice prlimit --as=2097152 "$IFUP" tap0
check "RLIMIT_AS 24 MB is enough: attach" as alice prlimit --as=25165824 env VMNET_MAC=52:54:00:00:00:03 "$IFUP" tap0
check "RLIMIT_AS 24 MB is enough: detach" as alice prlimit --as=25165824 "$IFDOWN" tap0
check "RLIMIT_FSIZE 0: vmnet writes no file, so the attach works" as alice prlimit --fsize=0 env VMNET_MAC=52:54:00:00:00:01 "$IFUP" tap0
check "RLIMIT_FSIZE 0: and the detach" as alice prlimit --fsize=0 "$IFDOWN" tap0
check "RLIMIT_FSIZE 0: nothing left" sh -c "! nft list table bridge vmnet | grep -qw tap0"

# --- stopping a run in the middle, killing it, retrying
before=$(kstate)
# (in a subshell whose stderr takes bash's "Killed" notice)
(
	as alice env VMNET_MAC=52:54:00:00:00:02 "$IFUP" tap0 >/dev/null 2>&1 &
	p=$!
	kill -STOP "$p" 2>/dev/null || true
	sleep 0.2
	kill -KILL "$p" 2>/dev/null || true
	wait "$p"
) 2>/dev/null || true
as alice "$IFDOWN" tap0 >/dev/null 2>&1 || true
"$VMNETCTL" gc >/dev/null
check "SIGSTOP then SIGKILL, then ifdown + gc: state as before" [ "$(kstate)" = "$before" ]
check "and a retry attaches" as alice env VMNET_MAC=52:54:00:00:00:02 "$IFUP" tap0
check "... with exactly one MAC pair" sh -c "[ \"\$(nft list set bridge vmnet pairs_default | grep -o '\"tap0\" . [0-9a-f:]*' | wc -l)\" = 1 ]"
check "and detaches" as alice "$IFDOWN" tap0

# --- a run stopped while holding its user's lock stalls only that user
# (a user can SIGSTOP their own setuid run: it runs with their uid). A
# table of that name, made by root, stands for bob's stopped run.
acl <<'A'
allow alice default max-taps=4
allow bob default max-taps=4
A
nft add table inet vmnet_lock_2002
start=$(date +%s%N)
check "alice attaches while bob's lock is held" as alice env VMNET_MAC=52:54:00:00:00:04 "$IFUP" tap0
check "... without waiting (< 2 s)" [ $(( ($(date +%s%N) - start) / 1000000 )) -lt 2000 ]
check "alice detaches" as alice "$IFDOWN" tap0
refuse "bob waits for his own lock, then gives up" \
	"^vmnet-ifup: tapbob: another vmnet run of this user held the lock for more than 10 s; try again$" \
	as bob env VMNET_MAC=52:54:00:00:00:0b "$IFUP" tapbob
nft delete table inet vmnet_lock_2002
acl <<'A'
allow alice default max-taps=4
A

# --- deep include nesting
mkdir -p /etc/vmnet/acl.d
for i in 1 2 3 4 5 6 7 8 9 10; do
	echo "include /etc/vmnet/acl.d/n$((i + 1))" | write_file "/etc/vmnet/acl.d/n$i" 0644
done
echo "allow alice default" | write_file /etc/vmnet/acl.d/n11 0644
echo "include /etc/vmnet/acl.d/n1" | acl
refuse "includes nested 11 deep" "includes nested deeper than 8" as alice "$IFUP" tap0

# --- an isolated network: what a VM may claim
acl <<'A'
allow alice default ip=192.168.100.50-192.168.100.59
A
refuse "VMNET_IP outside the subnet" "VMNET_IP" as alice env VMNET_IP=10.0.0.5 "$IFUP" tap0
refuse "VMNET_IP of the gateway" "VMNET_IP" as alice env VMNET_IP=192.168.100.1 "$IFUP" tap0
refuse "VMNET_IP outside the ACL's ip=" "VMNET_IP" as alice env VMNET_IP=192.168.100.60 "$IFUP" tap0
"$VMNETCTL" down default >/dev/null

# SPDX-License-Identifier: GPL-2.0-or-later
# t_hardening.sh - the installed binaries are built hardened (STYLE.md
# item 9): PIE, full RELRO (BIND_NOW), stack protector, FORTIFY_SOURCE, no
# executable stack; the privileged ones are setuid root and nothing else
# is. A deliberately unhardened binary must fail every check (control).

# (no grep -q: with pipefail, readelf would die of SIGPIPE)
pie() { readelf -h "$1" | grep 'Type:.*DYN' >/dev/null; }
relro() { readelf -lW "$1" | grep GNU_RELRO >/dev/null; }
bindnow() { readelf -dW "$1" | grep -E '\((FLAGS|FLAGS_1)\).*(BIND_NOW|NOW)' >/dev/null; }
canary() { readelf -sW --dyn-syms "$1" | grep __stack_chk_fail >/dev/null; }
fortify() { readelf -sW --dyn-syms "$1" | grep -E '__[a-z_]+_chk(@|$| )' >/dev/null; }
nxstack() { readelf -lW "$1" | awk '$1 == "GNU_STACK" {print $7}' | grep -x RW >/dev/null; }
hardened() { pie "$1" && relro "$1" && bindnow "$1" && canary "$1" && fortify "$1" && nxstack "$1"; }

for f in "$T_ROOT/usr/libexec/vmnet-ifup" "$T_ROOT/usr/libexec/vmnet-ifdown" \
	"$T_ROOT/usr/libexec/vmnet-helper" "$T_ROOT/usr/sbin/vmnetctl"; do
	b=$(basename "$f")
	for p in pie relro bindnow canary fortify nxstack; do
		check "$b: $p" $p "$f"
	done
done
for b in vmnet-ifup vmnet-ifdown vmnet-helper; do
	check "$b: setuid root, not writable by others" \
		[ "$(stat -c '%U %a' "$T_ROOT/usr/libexec/$b")" = "root 4755" ]
done
check "vmnetctl: not setuid" [ "$(stat -c '%a' "$T_ROOT/usr/sbin/vmnetctl")" = 755 ]

# Control: the checks catch a binary built without any of it.
printf '#include <stdio.h>\n#include <string.h>\nint main(int c, char **v) { char b[8]; strcpy(b, v[0]); puts(b); return 0; }\n' >"$W/soft.c"
cc -O0 -U_FORTIFY_SOURCE -fno-stack-protector -no-pie -Wl,-z,norelro,-z,lazy,-z,execstack \
	-o "$W/soft" "$W/soft.c" 2>/dev/null
for p in pie relro bindnow canary fortify nxstack; do
	check "control: $p detects it" sh -c "$(declare -f $p); ! $p '$W/soft'"
done
check "control: hardened() rejects it" sh -c "$(declare -f pie relro bindnow canary fortify nxstack hardened); ! hardened '$W/soft'"

# A setuid binary holds only what it runs (STYLE.md item 13): none of the
# administrator's code - every function engine/'s headers declare:
# building a network's firewall, its BPF filters, dnsmasq (fork, execve),
# bridges, veths and addresses, repairs - is linked into the privileged
# programs. vmnetctl has all of it (control).
ADMIN_SYMS=$(scripts/adminsyms.py . | tr '\n' ' ')
check "control: the administrator's functions are read from engine/ ($(echo $ADMIN_SYMS | wc -w))" \
	sh -c "for s in fw_up fw_vm_ensure nft_chain_add nft_rule_append lanbpf_install dnsmasq_up link_bridge_add taps_sync ctl_up_one; do echo ' $ADMIN_SYMS ' | grep -q \" \$s \" || exit 1; done"
# No program is started either: nothing that executes or spawns.
SPAWN="execve execv execvp execvpe execl execlp execle fexecve system popen posix_spawn posix_spawnp fork _Fork vfork clone3"
admin_code() {	# BINARY: the administrator's symbols it defines or imports
	{ nm "$1"; nm -D "$1"; } 2>/dev/null | awk -v want="$ADMIN_SYMS $SPAWN bpf_prog_load" '
		BEGIN { n = split(want, w, " "); for (i = 1; i <= n; i++) s[w[i]] = 1 }
		{ sym = $NF; sub(/@.*/, "", sym); if (sym in s) print sym }' | sort -u
}
# clone() is called from one place only: the child that closes the
# nf_tables socket after the program exits (nft_close_detached(), see
# SECURITY.md), never to run anything; fork() from nowhere
fork_callers() {	# BINARY [CALLEE]: the functions that call fork (or CALLEE)
	objdump -d --no-show-raw-insn "$1" | awk -v c="${2:-fork|_Fork}" '
		/^[0-9a-f]+ <.*>:$/ { fn = $2 }
		$0 ~ "call.*<(" c ")(@plt)?>" { print fn }' | sort -u | tr -d '<>:' | tr '\n' ' '
}
for b in vmnet-ifup vmnet-ifdown vmnet-helper; do
	syms=$(admin_code "$T_ROOT/usr/libexec/$b")
	check "$b: no administrator's code (nm: ${syms:-none})" [ -z "$syms" ]
	callers=$(fork_callers "$T_ROOT/usr/libexec/$b" clone)
	check "$b: clone only to close the nf_tables socket (${callers:-none})" \
		[ "$callers" = "nft_close_detached " ]
done
check "control: vmnetctl forks elsewhere too (dnsmasq)" \
	sh -c "$(declare -f fork_callers); fork_callers '$T_ROOT/usr/sbin/vmnetctl' | grep -q dnsmasq_up"
check "control: vmnetctl has it" sh -c "$(declare -f admin_code); ADMIN_SYMS='$ADMIN_SYMS'; [ \"\$(admin_code '$T_ROOT/usr/sbin/vmnetctl' | wc -l)\" -ge 100 ]"

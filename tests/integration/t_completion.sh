# SPDX-License-Identifier: GPL-2.0-or-later
# t_completion.sh - the installed bash completion of vmnetctl: commands,
# options, the network names of the configuration in use (--config too),
# each command's own arguments, nothing offered twice.
BC=/usr/share/bash-completion/bash_completion
COMP=$T_ROOT/usr/share/bash-completion/completions/vmnetctl
if [ ! -r $BC ]; then
	skip "bash completion" "the bash-completion package is not installed"
	return 0
fi
check "make install installs the completion" [ -r "$COMP" ]
# complete WORDS...: what bash offers for the last word
complete_of() {
	bash -c '. "$1"; . "$2"; shift 2; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
		COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}; _vmnetctl
		[ ${#COMPREPLY[@]} -eq 0 ] || printf "%s\n" "${COMPREPLY[@]}" |
			sort | tr "\n" " "' _ $BC "$COMP" "$@"
}
conf <<'C'
[network lan]
mode = bridged
bridge = br0

[network wifi]
mode = wlan
uplink = wlan0
bridge = vmw
C
write_file /etc/vmnet/other.conf 0644 <<'C'
[network lab]
mode = isolated
bridge = vmlab
address = 10.9.0.1/24
C
check "commands" [ "$(complete_of vmnetctl '')" = "check down gc print status up " ]
check "a prefix" [ "$(complete_of vmnetctl st)" = "status " ]
check "global options" [ "$(complete_of vmnetctl --)" = "--acl --config --help --version " ]
check "up: --all and the configured networks" [ "$(complete_of vmnetctl up '')" = "--all lan wifi " ]
check "down: and --force" [ "$(complete_of vmnetctl down '')" = "--all --force lan wifi " ]
check "down NET: only --force is left" [ "$(complete_of vmnetctl down lan '')" = "--force " ]
check "print: networks only" [ "$(complete_of vmnetctl print w)" = "wifi " ]
check "status: --json, once" [ "$(complete_of vmnetctl status '')" = "--json " ]
check "check: --as" [ "$(complete_of vmnetctl check '')" = "--as " ]
check "check --as: user names" [ "$(complete_of vmnetctl check --as roo)" = "root " ]
check "check --as USER: a network, --mac, --ip, --ip6" \
	[ "$(complete_of vmnetctl check --as root '')" = "--ip --ip6 --mac lan wifi " ]
check "  each once" [ "$(complete_of vmnetctl check --as root lan --mac 52:54:00:00:00:01 --ip6 fd00::1 '')" = "--ip " ]
check "  not twice" [ "$(complete_of vmnetctl status --json '')" = "" ]
check "--config PATH: that file's networks" \
	[ "$(complete_of vmnetctl --config /etc/vmnet/other.conf up '')" = "--all lab " ]
rm /etc/vmnet/vmnet.conf
check "no vmnet.conf: the embedded default network" [ "$(complete_of vmnetctl up '')" = "--all default " ]

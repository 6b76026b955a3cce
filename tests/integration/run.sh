#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# run.sh [TEST...] - run integration tests, each in fresh namespaces
# (see world.sh), against a real install of vmnet (setuid root) into a
# scratch tree. Needs root. Prints "N passed, N failed" last.
#
# The tests run from a copy of this tree that everyone may read: they run
# helpers (python, the guest's files) as their unprivileged test users,
# and a checkout may well be private (a clone in root's 0700 home).
set -uo pipefail
cd "$(dirname "$0")/../.."
if [ "$(id -u)" -ne 0 ]; then
	echo "integration tests need root (namespaces, setuid install)" >&2
	exit 1
fi
ROOT=$(mktemp -d /tmp/vmnet-install.XXXXXX)
chmod 755 "$ROOT"
trap 'rm -rf "$ROOT"' EXIT
make -s install DESTDIR="$ROOT" PREFIX=/usr >/dev/null || exit 1
cc -o "$ROOT/argv0" tests/integration/argv0.c || exit 1
cc -o "$ROOT/rawenv" tests/integration/rawenv.c || exit 1
export T_ROOT=$ROOT
# The tiny test guest (kernel + busybox initramfs from Debian packages).
tests/guest/build.sh build/guest || exit 1
mkdir -p "$ROOT/src/build/guest"
cp build/guest/vmlinuz build/guest/initrd.cpio "$ROOT/src/build/guest/"
tar --exclude=./build --exclude=./.git -cf - . | tar -C "$ROOT/src" -xf -
chmod -R a+rX,go-w "$ROOT/src"
cd "$ROOT/src" || exit 1
export GUEST=$PWD/build/guest

tests=("$@")
[ ${#tests[@]} -eq 0 ] && tests=(tests/integration/t_*.sh)
pass=0 failed=0 skipped=0
for t in "${tests[@]}"; do
	echo "# $t"
	W=$(mktemp -d /tmp/vmnet-world.XXXXXX)
	chmod 755 "$W"
	start=$(date +%s%N)
	# its own mount, network and PID namespaces: what it starts, sees
	# (pgrep, /proc) and leaves behind is its own; its processes end
	# with it
	timeout 600 unshare --mount --net --pid --fork --mount-proc \
		--propagation private bash tests/integration/world.sh "$t" "$W"
	rc=$?
	read -r p f s <"$W/results" 2>/dev/null || { p=0; f=0; s=0; }
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		echo "FAIL - $t exited with status $rc"
		f=1
	fi
	ms=$((($(date +%s%N) - start) / 1000000))
	printf '# %s: %d passed, %d failed, %d skipped, %d.%03ds\n' "$t" \
		"$p" "$f" "$s" $((ms / 1000)) $((ms % 1000))
	pass=$((pass + p))
	failed=$((failed + f))
	skipped=$((skipped + s))
	# (KEEP_WORLD=1: kept, for a failure's logs)
	[ -n "${KEEP_WORLD:-}" ] && echo "# kept $W" || rm -rf "$W"
done
echo "$pass passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]

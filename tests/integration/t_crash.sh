# SPDX-License-Identifier: GPL-2.0-or-later
# t_crash.sh - crash consistency: vmnet-ifup, vmnet-ifdown and vmnet-helper
# SIGKILLed at random points of their run (a run, started through setpriv
# and timeout, takes 10-25 ms here; the kill comes after 0-25 ms, 10-60 ms
# for the helper, which is started through python),
# hundreds of times, on an isolated network (links, records, lock,
# anti-spoofing elements). After each kill, the next run (vmnet-ifdown)
# plus "vmnetctl gc" must bring the kernel state back to exactly what it
# was: no port, alias, element, rule or tap left behind.
ROUNDS=${CRASH_ROUNDS:-60}
NET=default
REQ=()
add_user alice 2001
acl <<'A'
allow alice default max-taps=8
A
. tests/integration/crash_body.sh

#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# check.sh - quick start 2: install build dependencies, then run every test
# (unit tests plain and under ASan+UBSan, integration tests in throwaway
# namespaces with the real setuid binaries and real QEMU). Run as root.
set -eu
cd "$(dirname "$0")"
sh scripts/deps.sh
make -s check

// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vmnet-ifup IFNAME - QEMU's script= for -netdev tap.
 *
 * Attaches the caller's tap to the bridge of a network the ACL grants,
 * records what it did in the tap's alias, then drops every capability.
 * The stages are described in core/run.c.
 */
#include <stdio.h>
#include <string.h>

#include "attach.h"
#include "run.h"

int main(int argc, char **argv)
{
	struct acl_decision d;
	static struct run r;

	run_start(&r, "vmnet-ifup", argc, argv);
	run_drop_to_caller(&r);
	run_load_config(&r);
	run_prove_tap(&r);
	run_decide(&r, r.env.has_network ? r.env.network : NULL, &d);
	attach_tap(&r, &d);
	run_finish(&r, "attached to bridge %s (%s)", d.net->bridge, d.why);
}

// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vmnet-ifup IFNAME - QEMU's script= for -netdev tap.
 *
 * Attaches the caller's tap to the bridge of a network the ACL grants,
 * records what it did in the tap's alias, then drops every capability.
 * The stages are described in helper/run.c.
 */
#include <stdio.h>
#include <string.h>

#include "attach.h"
#include "run.h"

static void decide(struct run *r, struct acl_decision *d)
{
	static const struct acl_resolver res = {
		.user = run_resolve_user, .group = run_resolve_group,
	};
	struct acl_ident who = {
		.uid = r->id.uid, .gids = r->id.gids, .ngids = r->id.ngids,
		.name = r->user[0] ? r->user : NULL,
	};
	struct acl_request req = {
		.network = r->env.has_network ? r->env.network : NULL,
		.has_mac = r->env.has_mac, .has_ip = r->env.has_ip,
		.ip = r->env.ip,
	};
	struct vm_err err;

	memcpy(req.mac, r->env.mac, 6);
	if (r->env.has_network)
		r->network = r->env.network;
	if (acl_decide(&r->acl, &r->conf, &who, &res, &req, d, &err))
		run_fail(r, "%s", err.msg);
	if (d->net)
		r->network = d->net->name;
	if (!d->allow)
		run_fail(r, "%s", d->why);
	if (d->net->mode == CONF_WLAN)
		run_fail(r, "network '%s': mode wlan is not supported by this "
			    "version of vmnet", d->net->name);
}

int main(int argc, char **argv)
{
	struct acl_decision d;
	struct run r;

	run_start(&r, "vmnet-ifup", argc, argv);
	run_drop_to_caller(&r);
	run_load_config(&r);
	run_prove_tap(&r);
	decide(&r, &d);
	attach_tap(&r, &d);
	run_finish(&r, "attached to bridge %s (%s)", d.net->bridge, d.why);
}

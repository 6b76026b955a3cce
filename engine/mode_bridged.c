// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * mode_bridged.c - a bridged network: the administrator's bridge with the
 * LAN on it; vmnet adds only the port guard.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "modeops.h"

/* The host's addresses on the bridge: the LAN's side. */
static void bridged_facts(struct ctl *c, const struct conf_network *n,
			  const struct link_info *br, struct fw_host *h)
{
	host_lan_side(c, n, br ? br->ifindex : -1, -1, h);
}

static void up_bridged(struct ctl *c, const struct conf_network *n)
{
	struct link_info br;
	char what[96];
	int rc;

	rc = link_get(c->sk, 0, n->bridge, &br);
	if (rc < 0)
		ctl_die("%s: bridge %s does not exist; bridged networks use a "
			"bridge the administrator creates", n->name, n->bridge);
	switch (bridge_verdict(n, br.kind, br.alias)) {
	case BRIDGE_OK:
		break;
	case BRIDGE_NOT_BRIDGE:
		ctl_die("%s: %s is not a bridge", n->name, n->bridge);
	case BRIDGE_VMNETS:
		ctl_die("%s: bridge %s is vmnet's own (%s); a bridged network "
			"needs a bridge of the administrator's", n->name,
			n->bridge, br.alias);
	}
	if (!n->guard) {
		/* Unguarded: no state of an earlier, guarded configuration. */
		rc = fw_down(c->nft, n, what, sizeof(what));
		if (rc)
			ctl_die("%s: cannot remove the nf_tables state%s%s: %s",
				n->name, what[0] ? " at " : "", what,
				strerror(-rc));
		return;
	}
	up_guard(c, n, br.ifindex);
}

const struct mode_ops mode_bridged_ops = {
	.facts = bridged_facts,
	.up = up_bridged,
};

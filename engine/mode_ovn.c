// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * mode_ovn.c - mode ovn: the network is an OVN logical switch (ovn.c);
 * nothing of it is in this host's kernel but the taps.
 */
#include "modeops.h"
#include "ovn.h"

static void ovn_facts(struct ctl *c, const struct conf_network *n,
		      const struct link_info *br, struct fw_host *h)
{
	(void)c, (void)n, (void)br, (void)h;
}

const struct mode_ops mode_ovn_ops = {
	.facts = ovn_facts,
	.up = ovn_up,
};

// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * up.c - bring a network up, or repair it ("vmnetctl up", vmnetd).
 *
 * Everything is read and checked before anything is created. Then, per
 * mode (mode_*.c, through mode_ops_of()): the network's bridge (and veth
 * pair), its address, forwarding, the LAN block's second line, the
 * nf_tables state in one transaction, every attached tap's elements
 * (taps.c), dnsmasq. Running it again changes nothing; after "nft flush
 * ruleset" it restores the same state, the running VMs' elements
 * included. This file holds the steps the modes share.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "engine.h"
#include "linkadm.h"
#include "linkplan.h"
#include "modeops.h"

/**
 * up_links() - network @n's links as its link plan says (linkplan.h),
 * and its bridge as it is then
 * @c:		the run
 * @n:		a network on a bridge of vmnet's
 * @br:		result: the bridge
 */
void up_links(struct ctl *c, const struct conf_network *n,
	      struct link_info *br)
{
	struct step plan[LINKPLAN_MAX];
	int rc;

	linkplan_do(c, n, plan, linkplan_of(n, plan, LINKPLAN_MAX));
	rc = link_get(c->sk, 0, n->bridge, br);
	if (rc < 0)
		ctl_die("%s: cannot read %s: %s", n->name, n->bridge,
			strerror(-rc));
}

/**
 * up_guard() - the rules of network @n from the host's facts as of now,
 * and every tap's elements (the networks without host state of their
 * own: bridged, wlan)
 * @c:		the run
 * @n:		network
 * @br:		its bridge's ifindex
 */
void up_guard(struct ctl *c, const struct conf_network *n, int br)
{
	static struct fw_host h;

	ctl_read_links(c);
	ctl_host(c, n, &h);
	up_install_fw(c, n, &h);
	ctl_up_taps(c, n, br);
}

/* Network @n's nf_tables state from the host's facts @h, or die. */
void up_install_fw(struct ctl *c, const struct conf_network *n,
		   const struct fw_host *h)
{
	char what[96];
	int rc = fw_up(c->nft, n, h, what, sizeof(what));

	if (rc)
		ctl_die("%s: cannot install the nf_tables state%s%s: %s",
			n->name, what[0] ? " at " : "", what, strerror(-rc));
}

/**
 * ctl_up_taps() - give every tap of network @n on bridge @br its state
 * @c:		the run
 * @n:		network
 * @br:		the bridge's ifindex
 *
 * @c's links must have been read after the last change the run made to
 * links (each mode's up reads them after making the bridge).
 * Users whose lock is held are put on @c's contended list and skipped.
 */
void ctl_up_taps(struct ctl *c, const struct conf_network *n, int br)
{
	struct taps_stats st = { 0 };

	taps_sync(c, n, br, true, &st);
}

/**
 * ctl_up_one() - bring network @n up, or repair it (dies on failure)
 */
void ctl_up_one(struct ctl *c, const struct conf_network *n)
{
	struct taps_stats st = { 0 };

	mode_ops_of(n)->up(c, n);
	taps_rates(c, n, &st);
	printf("%s: up\n", n->name);
}

/**
 * mode_ops_of() - what the engine does for network @n's mode
 * @n:	network
 *
 * Return: the mode's operations, never NULL
 */
const struct mode_ops *mode_ops_of(const struct conf_network *n)
{
	static const struct mode_ops *const ops[MODE_N] = {
		[MODE_ISOLATED] = &mode_isolated_ops,
		[MODE_BRIDGED] = &mode_bridged_ops,
		[MODE_WLAN_NETDEV] = &mode_wlan_ops,
		[MODE_WLAN_4ADDR] = &mode_wlan_ops,
		[MODE_OVN] = &mode_ovn_ops,
	};

	return ops[mode_of(n)->id];
}

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
#include "modeops.h"

void up_set_forwarding(const struct conf_network *n)
{
	FILE *f = fopen("/proc/sys/net/ipv4/ip_forward", "w");

	if (!f || fputs("1\n", f) == EOF || fclose(f))
		ctl_die("%s: cannot enable IPv4 forwarding "
			"(net.ipv4.ip_forward): %s", n->name, strerror(errno));
}

/* Write "1" to net.@family.conf.@ifname.@key; a setting this host does
 * not have (no IPv6) is left alone when @optional. */
void up_netconf_on(const char *family, const char *ifname,
		       const char *key, bool optional)
{
	char path[112];
	FILE *f;

	snprintf(path, sizeof(path), "/proc/sys/net/%s/conf/%s/%s", family,
		 ifname, key);
	f = fopen(path, "w");
	if (!f) {
		if (errno == ENOENT && optional)
			return;
		ctl_die("cannot write %s: %s", path, strerror(errno));
	}
	if (fputs("1\n", f) == EOF || fclose(f))
		ctl_die("cannot write %s: %s", path, strerror(errno));
}

void up_no_ipv6(const char *ifname)
{
	up_netconf_on("ipv6", ifname, "disable_ipv6", true);
}

/* The network's own bridge (created when missing), up. */
void up_our_bridge(struct ctl *c, const struct conf_network *n,
		       struct link_info *out)
{
	struct link_delta ch = { .set_up = true, .up = true };
	struct link_info br;
	char tag[64];
	int rc;

	snprintf(tag, sizeof(tag), REC_BRIDGE_TAG "%s", n->name);
	rc = link_get(c->sk, 0, n->bridge, &br);
	if (rc == -ENODEV) {
		rc = link_bridge_add(c->sk, n->bridge, tag);
		if (rc < 0)
			ctl_die("%s: cannot create bridge %s: %s", n->name,
				n->bridge, strerror(-rc));
		rc = link_get(c->sk, 0, n->bridge, &br);
	}
	if (rc < 0)
		ctl_die("%s: cannot read %s: %s", n->name, n->bridge,
			strerror(-rc));
	if (!ctl_our_bridge(&br, n))
		ctl_die("%s: %s exists and was not created by vmnet; remove it "
			"or choose another bridge name", n->name, n->bridge);
	rc = link_apply(c->sk, br.ifindex, &ch);
	if (rc < 0)
		ctl_die("%s: cannot bring %s up: %s", n->name, n->bridge,
			strerror(-rc));
	*out = br;
}

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
 * Users whose lock is held are put on @c's contended list and skipped.
 */
void ctl_up_taps(struct ctl *c, const struct conf_network *n, int br)
{
	struct taps_stats st = { 0 };

	taps_sync(c, n, br, &st);
}

/**
 * ctl_up_one() - bring network @n up, or repair it (dies on failure)
 */
void ctl_up_one(struct ctl *c, const struct conf_network *n)
{
	mode_ops_of(n)->up(c, n);
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
	};

	return ops[mode_of(n)->id];
}

// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * firewalld.c - whether firewalld runs and leaves a vmnet bridge to its
 * default zone, which rejects the VMs' DHCP, DNS and forwarded traffic
 * (its nftables backend ends filter_FORWARD with "reject"). A bridge bound
 * to a zone appears in its dispatch chain filter_FORWARD_ZONES as an
 * "iifname" match. vmnet reads firewalld's table, never writes it.
 */
#include <errno.h>
#include <libmnl/libmnl.h>
#include <libnftnl/expr.h>
#include <libnftnl/rule.h>
#include <linux/netfilter.h>
#include <string.h>

#include "cmds.h"
#include "nftadm.h"

#define FWD_TABLE "firewalld"
#define FWD_ZONES "filter_FORWARD_ZONES"

struct zone_ctx {
	const char *ifname;
	bool found;
};

static int cmp_cb(struct nftnl_expr *e, void *arg)
{
	struct zone_ctx *z = arg;
	size_t n = strlen(z->ifname);
	const char *name = nftnl_expr_get_str(e, NFTNL_EXPR_NAME);
	const char *d;
	uint32_t len = 0;

	if (!name || strcmp(name, "cmp"))
		return MNL_CB_OK;
	d = nftnl_expr_get(e, NFTNL_EXPR_CMP_DATA, &len);
	if (d && len >= n && !memcmp(d, z->ifname, n) &&
	    (len == n || d[n] == '\0'))
		z->found = true;
	return MNL_CB_OK;
}

static int rule_cb(const struct nftnl_rule *r, void *arg)
{
	nftnl_expr_foreach((struct nftnl_rule *)r, cmp_cb, arg);
	return 0;
}

/**
 * ctl_firewalld_zoneless() - whether firewalld runs with interface
 * @ifname in none of its zones
 *
 * Return: 1 (it runs, and @ifname has no zone), 0, -errno
 */
int ctl_firewalld_zoneless(struct ctl *c, const char *ifname)
{
	struct zone_ctx z = { ifname, false };
	int rc = nft_exists_table(c->nft, NFPROTO_INET, FWD_TABLE);

	if (rc <= 0)
		return rc == -ENOENT ? 0 : rc;
	rc = nft_dump_foreign_rules(c->nft, NFPROTO_INET, FWD_TABLE, FWD_ZONES,
				    rule_cb, &z);
	if (rc == -ENOENT)
		return 0;	/* not firewalld's layout: nothing to say */
	return rc ? rc : !z.found;
}

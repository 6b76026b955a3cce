// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * mode_isolated.c - an isolated network: vmnet's own bridge with the
 * network's address, NAT to the internet, the LAN block (nf_tables and
 * the bridge's BPF second line), dnsmasq for DHCP and DNS.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "dnsconf.h"
#include "dnsmasq.h"
#include "lanbpf.h"
#include "linkadm.h"
#include "linkplan.h"
#include "modeops.h"

/* The leases dnsmasq granted (h->leases). */
static void dns_leases(const struct conf_network *n, struct fw_host *h)
{
	static struct lease l[FW_MAX_SEEDS];
	ssize_t k;

	if (!n->has_dhcp)
		return;
	k = dnsmasq_leases(n, l, FW_MAX_SEEDS);
	if (k < 0)
		ctl_die("%s: cannot read dnsmasq's leases: %s", n->name,
			strerror((int)-k));
	ctl_host_leases(h, l, (size_t)k);
}

static void isolated_facts(struct ctl *c, const struct conf_network *n,
		     const struct link_info *br, struct fw_host *h)
{
	struct host_addrs a = { .c = c, .n = n,
				.skip = br ? br->ifindex : -1, .h = h };
	struct inany_prefix self = n->address;
	int rc;

	host_read_addrs(c, &a);
	rc = lan_ranges(n, a.p, a.np, h->lan, LAN_MAX_RANGES);
	if (rc < 0)
		ctl_die("%s: too many LAN prefixes", n->name);
	h->nlan = (size_t)rc;
	lan_subnets(&self, 1, h->subnets, LAN_MAX_RANGES);
	h->nsubnets = 1;
	host_ips(h, &self);
	dns_leases(n, h);
}

static void up_isolated(struct ctl *c, const struct conf_network *n)
{
	static struct fw_host h;
	static char text[DNS_CONF_MAX];
	struct link_info br;
	char why[160], err[256];
	bool started;
	int rc;

	/* The bridge, its address, forwarding; IPv6 off (vmnet gives
	 * isolated networks no IPv6 yet: the host takes none of the VMs'
	 * router advertisements, answers none of their NDP, and its second
	 * line drops the rest, lanbpf.c); the host answers ARP there for
	 * the bridge's address only, not for its LAN address. */
	up_links(c, n, &br);
	ctl_read_links(c);
	ctl_host(c, n, &h);
	/* The second line first: it holds while nf_tables is rebuilt. */
	rc = lanbpf_install(br.ifindex, &n->address.addr, h.lan,
			    n->lan_block ? h.nlan : 0, why, sizeof(why));
	if (rc)
		ctl_die("%s: %s", n->name, why);
	up_install_fw(c, n, &h);
	ctl_up_taps(c, n, br.ifindex);
	if (dns_conf(n, &c->acl, br.mtu, h.lan, n->lan_block ? h.nlan : 0,
		     text, sizeof(text)))
		ctl_die("%s: dnsmasq configuration too large", n->name);
	rc = dnsmasq_up(n, text, &started, err, sizeof(err));
	if (rc)
		ctl_die("%s: %s", n->name, err);
}

/* netdev: the veth pair between the VMs' bridge and the uplink's side. */

const struct mode_ops mode_isolated_ops = {
	.facts = isolated_facts,
	.up = up_isolated,
};

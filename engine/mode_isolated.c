// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * mode_isolated.c - an isolated network: vmnet's own bridge with the
 * network's address, NAT to the internet, the LAN block (nf_tables and
 * the bridge's BPF second line), dnsmasq for DHCP and DNS.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "dnsconf.h"
#include "dnsmasq.h"
#include "lanbpf.h"
#include "linkadm.h"
#include "linkplan.h"
#include "modeops.h"
#include "names.h"

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

/* IPv6: the LAN's prefixes (those of the host's other links), where a
 * VM's addresses lie (the network's /64 and fe80::/64), and the bridge's
 * addresses, which no VM may take: its /64 address, the subnet-router
 * anycast address, fe80::1 and whatever else the kernel gave it. */
static void isolated_facts6(struct ctl *c, const struct conf_network *n,
			    struct host_addrs *a, struct fw_host *h)
{
	struct inany_prefix sub[2] = { n->address6, bridge_ll6 };
	char why[160];
	int rc;

	if (a->np6 == LAN_MAX_RANGES)
		ctl_die("%s: too many IPv6 prefixes on the host", n->name);
	rc = lan_ranges6(n, a->p6, a->np6, h->lan6, LAN_MAX_RANGES);
	if (rc < 0)
		ctl_die("%s: too many LAN prefixes", n->name);
	h->nlan6 = (size_t)rc;
	rc = lan_subnets(sub, 2, h->subnets6, LAN_MAX_RANGES);
	h->nsubnets6 = (size_t)(rc < 0 ? 0 : rc);
	host_ips(h, &n->address6);
	fw_host_add_ip(h, &bridge_ll6.addr);
	h->inet6 = net6_internet(c, why, sizeof(why));
}

static void isolated_facts(struct ctl *c, const struct conf_network *n,
		     const struct link_info *br, struct fw_host *h)
{
	struct host_addrs a = { .c = c, .n = n, .v6 = net_v6(n),
				.skip = br ? br->ifindex : -1, .h = h };
	struct inany_prefix self = n->address;
	int rc;

	host_read_addrs(c, &a);
	host_read_routes(c, &a);
	rc = lan_ranges(n, a.p, a.np, h->lan, LAN_MAX_RANGES);
	if (rc < 0)
		ctl_die("%s: too many LAN prefixes", n->name);
	h->nlan = (size_t)rc;
	lan_subnets(&self, 1, h->subnets, LAN_MAX_RANGES);
	h->nsubnets = 1;
	host_ips(h, &self);
	if (a.v6)
		isolated_facts6(c, n, &a, h);
	dns_leases(n, h);
}

/**
 * isolated_bpf() - what network @n's second line holds, from the host's
 * facts @h (lanbpf.h)
 */
void isolated_bpf(const struct conf_network *n, const struct fw_host *h,
		  struct lanbpf_net *out)
{
	*out = (struct lanbpf_net){
		.addr = n->address.addr, .lan = h->lan,
		.nlan = n->lan_block ? h->nlan : 0, .v6 = net_v6(n),
		.addr6 = n->address6.addr, .lan6 = h->lan6,
		.nlan6 = n->lan_block ? h->nlan6 : 0, .own6 = h->hostips6,
		.nown6 = h->nhostips6,
	};
}

/**
 * isolated_dns() - network @n's dnsmasq.conf into @text (DNS_CONF_MAX
 * bytes), for a bridge of MTU @mtu and the host's facts @h; dies when it
 * does not fit
 */
void isolated_dns(struct ctl *c, const struct conf_network *n, unsigned mtu,
		  const struct fw_host *h, char *text)
{
	int rc;

	char script[PATH_MAX];

	rc = dns_conf(n, &c->acl, mtu, h->lan, n->lan_block ? h->nlan : 0,
		      text, DNS_CONF_MAX);
	if (!rc && n->has_dhcp)
		rc = dns_conf_names(n, names_script(script, sizeof(script)) ?
				    NULL : script, text, DNS_CONF_MAX);
	if (!rc && net_v6(n))
		rc = dns_conf6(n, mtu, h->inet6, h->lan6,
			       n->lan_block ? h->nlan6 : 0, text,
			       DNS_CONF_MAX);
	if (rc)
		ctl_die("%s: dnsmasq configuration too large", n->name);
}

static void up_isolated(struct ctl *c, const struct conf_network *n)
{
	static struct fw_host h;
	static char text[DNS_CONF_MAX];
	struct lanbpf_net bpf;
	struct link_info br;
	char why[160], err[256];
	bool started;
	int rc;

	/* The bridge, its addresses, forwarding (IPv6's where it is safe,
	 * fwd6.c); the host answers ARP there for the bridge's address
	 * only, not for its LAN address, and NDP only for the bridge's own
	 * addresses (which the kernel does on its own); it takes no router
	 * advertisement from a VM. */
	up_links(c, n, &br);
	ctl_read_links(c);
	ctl_host(c, n, &h);
	/* The second line first: it holds while nf_tables is rebuilt. */
	isolated_bpf(n, &h, &bpf);
	rc = lanbpf_install(br.ifindex, &bpf, n->name, why, sizeof(why));
	if (rc)
		ctl_die("%s: %s", n->name, why);
	up_install_fw(c, n, &h);
	ctl_up_taps(c, n, br.ifindex);
	isolated_dns(c, n, br.mtu, &h, text);
	rc = dnsmasq_up(n, text, &started, err, sizeof(err));
	if (rc)
		ctl_die("%s: %s", n->name, err);
	rc = names_sync(c, n);
	if (rc)
		ctl_die("%s: cannot write its VMs' names: %s", n->name,
			strerror(-rc));
}

/* netdev: the veth pair between the VMs' bridge and the uplink's side. */

const struct mode_ops mode_isolated_ops = {
	.facts = isolated_facts,
	.up = up_isolated,
};

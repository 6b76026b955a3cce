// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * hostcheck.c - other firewalls and host settings that silently break
 * vmnet's networks ("vmnetctl check", as root). vmnet never writes another
 * tool's state: it names the problem and the command that fixes it, one
 * line each, as warnings.
 *
 *   - another table's forward base chain with policy drop (Docker's
 *     iptables-nft FORWARD chain): an isolated network's forwarded
 *     traffic passes every forward base chain, so it is dropped there
 *     unless a rule of that chain accepts it;
 *   - br_netfilter with bridge-nf-call-iptables = 1: bridged frames then
 *     traverse the ip family's hooks (iptables) as well;
 *   - IPv4 forwarding turned off by someone else after "vmnetctl up";
 *   - a privileged qemu-bridge-helper whose bridge.conf lets users onto a
 *     network's bridge past vmnet's ACL (otherhelper.c).
 */
#include <libnftnl/chain.h>
#include <linux/netfilter.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cmds.h"
#include "dnsmasq.h"
#include "nftadm.h"

struct fwd_ctx {
	const char *bridge;	/* an isolated network's bridge, for the fix */
	int n;
};

static const char *family_name(uint32_t f)
{
	switch (f) {
	case NFPROTO_IPV4: return "ip";
	case NFPROTO_IPV6: return "ip6";
	case NFPROTO_INET: return "inet";
	case NFPROTO_BRIDGE: return "bridge";
	case NFPROTO_ARP: return "arp";
	case NFPROTO_NETDEV: return "netdev";
	default: return "?";
	}
}

static int forward_drop_cb(const struct nftnl_chain *o, void *arg)
{
	struct fwd_ctx *x = arg;
	uint32_t fam = nftnl_chain_get_u32(o, NFTNL_CHAIN_FAMILY);

	if (fam != NFPROTO_IPV4 && fam != NFPROTO_INET)
		return 0;
	if (nftnl_chain_get_u32(o, NFTNL_CHAIN_HOOKNUM) != NF_INET_FORWARD ||
	    !nftnl_chain_is_set(o, NFTNL_CHAIN_POLICY) ||
	    nftnl_chain_get_u32(o, NFTNL_CHAIN_POLICY) != NF_DROP)
		return 0;
	fprintf(stderr, "warning: table %s %s, chain %s: forward hook with "
		"policy drop; VMs lose the internet unless it accepts their "
		"traffic (Docker: iptables -I DOCKER-USER -i %s -j ACCEPT; "
		"iptables -I DOCKER-USER -o %s -j ACCEPT)\n",
		family_name(fam), nftnl_chain_get_str(o, NFTNL_CHAIN_TABLE),
		nftnl_chain_get_str(o, NFTNL_CHAIN_NAME), x->bridge, x->bridge);
	x->n++;
	return 0;
}

/* The first up network (a routed one, when @routed), or NULL. */
static const struct conf_network *up_network(struct ctl *c, bool routed)
{
	size_t i;

	for (i = 0; i < c->conf.n; i++) {
		const struct conf_network *n = &c->conf.nets[i];

		if ((!routed || mode_of(n)->routed) && ctl_net_is_up(c, n))
			return n;
	}
	return NULL;
}

/* A wlan network's uplink, or a bridged network's bridge, that does not
 * exist: "up" fails (one line each). */
static int missing_links(struct ctl *c)
{
	size_t i;
	int n = 0;

	ctl_read_links(c);
	for (i = 0; i < c->conf.n; i++) {
		const struct conf_network *net = &c->conf.nets[i];

		if (mode_of(net)->port == PORT_OVN)
			continue;	/* OVS's bridge: "up" checks it */
		if (mode_of(net)->needs_uplink && !ctl_link(c, net->uplink)) {
			fprintf(stderr, "warning: network %s: its uplink %s does "
				"not exist, so 'vmnetctl up %s' fails (fix: the "
				"uplink's name in vmnet.conf, see ip link)\n",
				net->name, net->uplink, net->name);
			n++;
		} else if (!mode_of(net)->owns_bridge &&
			   !ctl_link(c, net->bridge)) {
			fprintf(stderr, "warning: network %s: its bridge %s does "
				"not exist, so 'vmnetctl up %s' fails (fix: ip "
				"link add %s type bridge, with the uplink as a "
				"port)\n", net->name, net->bridge, net->name,
				net->bridge);
			n++;
		}
	}
	return n;
}

/* firewalld with a vmnet-owned bridge of a network that is up in none
 * of its zones. */
static int firewalld_zones(struct ctl *c)
{
	size_t i;
	int n = 0, rc;

	for (i = 0; i < c->conf.n; i++) {
		const struct conf_network *net = &c->conf.nets[i];
		const struct link_info *br = ctl_link(c, net->bridge);

		if (!br || !ctl_our_bridge(br, net))
			continue;
		rc = ctl_firewalld_zoneless(c, net->bridge);
		if (rc < 0) {
			fprintf(stderr, "warning: cannot read firewalld's "
				"table: %s\n", strerror(-rc));
			return n + 1;
		}
		if (!rc)
			continue;
		fprintf(stderr, "warning: firewalld runs and %s (network %s) is "
			"in none of its zones: its default zone rejects the "
			"VMs' DHCP, DNS and forwarded traffic (fix: "
			"firewall-cmd --permanent --zone=vmnet "
			"--add-interface=%s && firewall-cmd --reload)\n",
			net->bridge, net->name, net->bridge);
		n++;
	}
	return n;
}

/**
 * ctl_host_diagnose() - warn, one line each, about host state of other
 * tools that breaks the networks that are up (and a missing dnsmasq,
 * which breaks isolated ones before they are)
 * Return: the number of warnings.
 */
int ctl_host_diagnose(struct ctl *c)
{
	const struct conf_network *iso = up_network(c, true);
	struct fwd_ctx x = { .n = missing_links(c) };
	size_t i;
	int rc;

	x.n += firewalld_zones(c);
	for (i = 0; i < c->conf.n; i++) {
		char why[512];

		if (ctl_other_helper(&c->conf.nets[i], why, sizeof(why))) {
			fprintf(stderr, "warning: %s\n", why);
			x.n++;
		}
	}

	for (i = 0; i < c->conf.n; i++) {
		const struct conf_network *n = &c->conf.nets[i];

		if (!mode_of(n)->runs_dnsmasq || !n->has_dhcp ||
		    !access(DNSMASQ_PATH, X_OK))
			continue;
		fprintf(stderr, "warning: %s is not installed: network %s "
			"gets no DHCP or DNS, and 'vmnetctl up %s' fails (fix: "
			"apt-get install dnsmasq-base)\n", DNSMASQ_PATH,
			n->name, n->name);
		x.n++;
		break;
	}

	if (up_network(c, false) &&
	    ctl_sysctl_char("net/bridge/bridge-nf-call-iptables") == '1') {
		fprintf(stderr, "warning: br_netfilter is loaded with "
			"net.bridge.bridge-nf-call-iptables=1: bridged VM "
			"traffic traverses iptables too (fix: sysctl -w "
			"net.bridge.bridge-nf-call-iptables=0)\n");
		x.n++;
	}
	if (!iso)
		return x.n;
	if (ctl_sysctl_char("net/ipv4/ip_forward") == '0') {
		fprintf(stderr, "warning: IPv4 forwarding is off "
			"(net.ipv4.ip_forward=0): VMs of %s cannot reach the "
			"internet (fix: vmnetctl up %s)\n", iso->name,
			iso->name);
		x.n++;
	}
	x.bridge = iso->bridge;
	rc = nft_dump_foreign_base_chains(c->nft, forward_drop_cb, &x);
	if (rc)
		fprintf(stderr, "warning: cannot list other tables' chains: "
			"%s\n", strerror(-rc));
	return x.n;
}

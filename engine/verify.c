// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * verify.c - whether a network that is up has all the kernel state "up"
 * gives it: its bridge and address, every nf_tables chain (hooked, with
 * exactly its rules), set and network-wide element, the LAN block's
 * second line, every attached tap's elements, dnsmasq. "status" and
 * "check" report what is missing or altered, one line per network with
 * the command that repairs it.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "engine.h"
#include "dnsconf.h"
#include "dnsmasq.h"
#include "fw/vmscan.h"
#include "lanbpf.h"
#include "linkadm.h"
#include "linkplan.h"
#include "ovn.h"

/**
 * ctl_net_is_up() - whether network @n has been brought up (any of its
 * state exists), from the link snapshot and nf_tables
 */
bool ctl_net_is_up(struct ctl *c, const struct conf_network *n)
{
	const struct link_info *br = ctl_link(c, n->bridge);
	size_t i;

	if (mode_of(n)->port == PORT_OVN)
		return ovn_is_up(n);
	if (br && ctl_our_bridge(br, n))
		return true;
	if (mode_of(n)->owns_bridge && br)
		return false;	/* someone else's: up refuses it */
	if (fw_present(c->nft, n) == 1)
		return true;
	for (i = 0; i < c->nlinks; i++) {
		struct rec rec;

		if (ctl_tap_of(&c->links[i], n->name, &rec))
			return true;
	}
	return false;
}

/* The taps whose record asks for a rate limit they lack. */
static void check_rates(struct ctl *c, const struct conf_network *n,
			struct fw_problems *p)
{
	size_t i;

	for (i = 0; i < c->nlinks; i++) {
		const struct link_info *t = &c->links[i];
		struct rec rec;
		char r[24];

		if (!ctl_tap_of(t, n->name, &rec) || ctl_rate_ok(c, t, &rec))
			continue;
		val_rate_str(rec.rate, r, sizeof(r));
		fw_problem(p, "tap %s lacks its rate limit (%s each way)",
			   t->name, r);
	}
}

static void check_taps(struct ctl *c, const struct conf_network *n,
		       const struct link_info *br, struct fw_problems *p)
{
	struct fw_vm_scan scan;
	struct fw_net fn;
	size_t i, bare = 0;
	const char *first = NULL;

	fw_net_of(n, &fn);
	if (!fw_guarded(&fn) || !br)
		return;
	if (fw_vm_scan(c->nft, &fn, &scan))
		return;		/* the set checks report what is missing */
	for (i = 0; i < c->nlinks; i++) {
		const struct link_info *t = &c->links[i];
		const struct fw_vm_state *st;
		struct rec rec;

		if (t->master != br->ifindex || !ctl_tap_of(t, n->name, &rec))
			continue;
		st = fw_vm_scan_find(&scan, t->ifindex);
		if (st && st->registered)
			continue;
		if (!bare++)
			first = t->name;
	}
	fw_vm_scan_free(&scan);
	if (bare)
		fw_problem(p, "%s %s%s no firewall elements (%s frames are "
			"dropped)", bare > 1 ? "taps" : "tap", first,
			bare > 1 ? " and others have" : " has",
			bare > 1 ? "their" : "its");
}

/* The tc BPF filters: an isolated network's second line, a wlan
 * network's. */
static void verify_filters(struct ctl *c, const struct conf_network *n,
			   const struct link_info *br,
			   const struct fw_host *h, struct fw_problems *p)
{
	const struct mode_desc *d = mode_of(n);
	const struct link_info *u;
	char why[160];
	int rc;

	if (d->bpf_second_line) {
		struct lanbpf_net bpf;

		isolated_bpf(n, h, &bpf);
		rc = lanbpf_verify(br->ifindex, &bpf, why, sizeof(why));
		if (rc < 0)
			fw_problem(p, "cannot read the second line's filters: %s",
				strerror(-rc));
		else if (rc)
			fw_problem(p, "%s", why);
	}
	if (d->has_veth && (!(u = ctl_vm_end(c, n)) ||
			    !lanbpf_wlan_present(u->ifindex, false)))
		fw_problem(p, "the host's path to its VMs (a BPF filter on the "
			   "veth end) is missing");
	if (d->mac_nat && (!(u = ctl_link(c, n->uplink)) ||
			   !lanbpf_wlan_present(u->ifindex, true)))
		fw_problem(p, "the VMs' neighbour discovery would show the "
			   "access point their MACs (a BPF filter on %s's "
			   "egress is missing)", n->uplink);
}

/**
 * ctl_verify() - what is wrong with network @n's kernel state, if it is
 * up (nothing when it is down)
 * @c:	the run
 * @n:	network
 * @p:	the problems, one line each
 *
 * Return: 0 (see @p)
 */
int ctl_verify(struct ctl *c, const struct conf_network *n,
	       struct fw_problems *p)
{
	const struct mode_desc *d = mode_of(n);
	struct step plan[LINKPLAN_MAX];
	const struct link_info *br;
	struct fw_problems fp;
	static struct fw_host h;
	size_t i;
	int rc;

	memset(p, 0, sizeof(*p));
	ctl_read_links(c);
	if (!ctl_net_is_up(c, n))
		return 0;
	check_rates(c, n, p);
	if (d->port == PORT_OVN)
		return ovn_verify(c, n, p);
	br = ctl_link(c, n->bridge);
	if (!br || strcmp(br->kind, "bridge")) {
		fw_problem(p, "bridge %s is missing", n->bridge);
		return 0;
	}
	/* the links, addresses and sysctls, as the plan "up" performs */
	linkplan_verify(c, plan, linkplan_of(n, plan, LINKPLAN_MAX), p);
	if (d->runs_dnsmasq && (n->has_dhcp || net_v6(n)) && !dnsmasq_pid(n))
		fw_problem(p, "dnsmasq is not running");
	if (d->needs_uplink && !ctl_link(c, n->uplink)) {
		fw_problem(p, "uplink %s is missing", n->uplink);
		return 0;
	}
	ctl_host(c, n, &h);
	rc = fw_verify(c->nft, n, &h, &fp);
	if (rc)
		ctl_die("%s: cannot read nf_tables: %s", n->name,
			strerror(-rc));
	for (i = 0; i < fp.n && i < sizeof(fp.text) / sizeof(fp.text[0]); i++)
		fw_problem(p, "%s", fp.text[i]);
	p->n += fp.n - i;
	verify_filters(c, n, br, &h, p);
	if (d->runs_dnsmasq && dnsmasq_pid(n)) {
		static char text[DNS_CONF_MAX];

		isolated_dns(c, n, br->mtu, &h, text);
		if (!dnsmasq_current(n, text))
			fw_problem(p, "dnsmasq's configuration is not what the "
				   "host's addresses and routes now call for");
	}
	check_taps(c, n, br, p);
	return 0;
}

/**
 * ctl_problem_line() - one line for network @n's problems
 */
void ctl_problem_line(FILE *f, const struct conf_network *n,
		      const struct fw_problems *p)
{
	if (p->n > 1)
		fprintf(f, "vmnetctl: %s: %s (and %zu more); run 'vmnetctl up "
			"%s'\n", n->name, p->text[0], p->n - 1, n->name);
	else
		fprintf(f, "vmnetctl: %s: %s; run 'vmnetctl up %s'\n",
			n->name, p->text[0], n->name);
}

// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * host.c - what a network's rules need to know of the host, as of now
 * (struct fw_host): read from the kernel (addresses, routes, neighbours,
 * the bridge's ports) and the ACL (pinned MACs and addresses). "up"
 * installs from it, "status" and "check" compare the kernel with it, so
 * a host that changed (a new DHCP address, another Wi-Fi network) shows
 * as a difference until "up" (or vmnetd) follows it.
 */
#include <errno.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <string.h>
#include <time.h>

#include "engine.h"
#include "dnsconf.h"
#include "dnsmasq.h"
#include "grow.h"
#include "linkadm.h"
#include "modeops.h"

static int addr_cb(int ifindex, const struct inany_prefix *p, void *arg)
{
	static const struct inany_prefix loopback = { INANY_V4(127, 0, 0, 0),
						       8 };
	struct host_addrs *a = arg;

	if (inany_prefix_contains(&loopback, &p->addr))
		return 0;	/* loopback is never forwarded to */
	if (a->skip > 0 && ifindex == a->skip) {
		/* an isolated network's bridge: its own IPv6 addresses
		 * (whatever else the kernel gave it) are no VM's */
		if (!inany_is_v4(&p->addr) && a->v6)
			fw_host_add_ip(a->h, &p->addr);
		return 0;
	}
	if (a->skip <= 0 && ifindex != a->only[0] && ifindex != a->only[1])
		return 0;
	if (!inany_is_v4(&p->addr)) {
		if (a->np6 == LAN_MAX_RANGES)
			return -ERANGE;
		a->p6[a->np6++] = *p;
		return 0;
	}
	if (a->np == LAN_MAX_RANGES)
		return -ERANGE;
	a->p[a->np++] = *p;
	return 0;
}

/* The host's address, its subnet's network and broadcast address (IPv6:
 * the subnet-router anycast address, RFC 4291 2.6.1). */
void host_ips(struct fw_host *h, const struct inany_prefix *p)
{
	struct inany_range r;

	fw_host_add_ip(h, &p->addr);
	if (p->len < inany_bits(&p->addr) - 1) {
		inany_prefix_range(p, &r);
		fw_host_add_ip(h, &r.lo);
		if (inany_is_v4(&p->addr))
			fw_host_add_ip(h, &r.hi);
	}
}

#define MAX_GATEWAYS 16

static bool has_mac(const uint8_t (*v)[6], size_t n, const uint8_t *mac)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!memcmp(v[i], mac, 6))
			return true;
	return false;
}

struct gw_ctx {
	struct fw_host *h;
	union inany gw[MAX_GATEWAYS];	/* whose MAC to look up */
	size_t n;
	struct gw_neigh {		/* the LAN side's neighbour entries */
		union inany ip;
		uint8_t mac[6];
	} *ent;
	size_t nent, cap;
};

/* A gateway: never a VM's address, and its MAC never a VM's. */
static int gw_cb(const union inany *gw, void *arg)
{
	struct gw_ctx *g = arg;

	fw_host_add_ip(g->h, gw);
	if (g->n < MAX_GATEWAYS)
		g->gw[g->n++] = *gw;
	return 0;
}

/* A neighbour entry of the LAN side, kept for gw_facts(). */
static int gw_neigh_cb(const union inany *ip, const uint8_t *mac, void *arg)
{
	struct gw_ctx *g = arg;
	void *nv = grow(g->ent, g->nent, &g->cap, sizeof(*g->ent), 32);

	if (!nv)
		return -ENOMEM;
	g->ent = nv;
	g->ent[g->nent].ip = *ip;
	memcpy(g->ent[g->nent++].mac, mac, 6);
	return 0;
}

/* From the neighbour entries: the gateways' MACs (never a VM's), then
 * every address an entry gives one of those MACs, which is the
 * gateway's too (its other IPv4 addresses, its IPv6 ones; IPv4 only
 * unless @v6): never a VM's. */
static void gw_facts(const struct gw_ctx *g, bool v6, struct fw_host *h)
{
	size_t i, j;

	for (i = 0; i < g->nent; i++)
		for (j = 0; j < g->n; j++)
			if (inany_equal(&g->gw[j], &g->ent[i].ip) &&
			    !has_mac(h->gwmac, h->ngwmac, g->ent[i].mac) &&
			    h->ngwmac < FW_MAX_MACS) {
				fw_host_add_mac(h, false, g->ent[i].mac);
				memcpy(h->gwmac[h->ngwmac++], g->ent[i].mac, 6);
			}
	for (i = 0; i < g->nent; i++)
		if (has_mac(h->gwmac, h->ngwmac, g->ent[i].mac) &&
		    (v6 || inany_is_v4(&g->ent[i].ip)))
			fw_host_add_ip(h, &g->ent[i].ip);
}

/* The gateways of both families, their MACs and every address of those
 * MACs as the neighbour tables of @ifindex (two, or -1) hold them: one
 * dump of the routes of each family, one of the neighbours of each
 * link. */
static void gateways(struct ctl *c, const struct conf_network *n,
		     const int ifindex[2], bool v6, struct fw_host *h)
{
	struct gw_ctx g = { .h = h };
	int i, rc;

	rc = link_gateways(c->sk, AF_INET, gw_cb, &g);
	if (!rc && v6)
		rc = link_gateways(c->sk, AF_INET6, gw_cb, &g);
	for (i = 0; i < 2 && !rc && g.n; i++)
		if (ifindex[i] > 0)
			rc = link_neigh(c->sk, ifindex[i], AF_UNSPEC,
					gw_neigh_cb, &g);
	if (!rc)
		gw_facts(&g, v6, h);
	free(g.ent);
	if (rc < 0)
		ctl_die("%s: cannot read the host's routes: %s", n->name,
			strerror(-rc));
}

static int seen_cb(const uint8_t *mac, void *arg)
{
	struct fw_host *h = arg;

	if (h->nseen < FW_MAX_MACS)
		memcpy(h->seen[h->nseen++], mac, 6);
	return 0;
}

/* What the kernel saw behind the LAN side's interfaces (h->seen). */
void host_lan_seen(struct ctl *c, const struct conf_network *n,
		     const int *ifindex, size_t nif, struct fw_host *h)
{
	int rc;

	if (!nif)
		return;
	rc = link_seen_macs(c->sk, ifindex, nif, seen_cb, h);
	if (rc < 0)
		ctl_die("%s: cannot read the neighbour and forwarding tables: "
			"%s", n->name, strerror(-rc));
}

static int lanip_cb(const union inany *ip, const uint8_t *mac, void *arg)
{
	struct fw_host *h = arg;

	if (h->nlanip < FW_MAX_SEEDS && has_mac(h->seen, h->nseen, mac) &&
	    !has_mac(h->infra, h->ninfra, mac))
		h->lanip[h->nlanip++] = *ip;
	return 0;
}

/*
 * The addresses of the LAN hosts among the host's neighbours on
 * @ifindex (the bridge, or a wlan uplink) (h->lanip): entries whose MAC
 * the kernel saw on the LAN side (h->seen), so never a VM's, whose MAC
 * the bridge learned on its tap.
 */
void host_lan_ips(struct ctl *c, const struct conf_network *n, int ifindex,
		    struct fw_host *h)
{
	int rc;

	if (ifindex <= 0 || !mode_of(n)->sees_lan)
		return;
	rc = link_neigh(c->sk, ifindex, AF_UNSPEC, lanip_cb, h);
	if (rc < 0)
		ctl_die("%s: cannot read the neighbour table: %s", n->name,
			strerror(-rc));
}

/* The MACs of the bridge and of every port that is not one of the
 * network's VMs (the uplink side): never a VM's. Those ports' frames also
 * teach lanmac_NET, and what the bridge learned on them before goes there
 * too. */
static void infra_ports(struct ctl *c, const struct conf_network *n,
			const struct link_info *br, struct fw_host *h)
{
	uint32_t group = conf_port_group(n->name);
	int ifs[FW_MAX_MACS];
	struct fw_net fn;
	size_t i;

	if (!br)
		return;
	fw_net_of(n, &fn);
	if (br->has_mac)
		fw_host_add_mac(h, false, br->mac);
	for (i = 0; i < c->nlinks; i++) {
		const struct link_info *l = &c->links[i];

		if (l->master != br->ifindex || l->group == group)
			continue;
		/* on vmnet's own bridge only its veth end is the LAN side;
		 * any other port is foreign (taps_adopt()) */
		if (fw_owns_bridge(&fn) && !ctl_our_veth(l, n))
			continue;
		if (l->has_mac && !ctl_is_tap(l))
			fw_host_add_mac(h, false, l->mac);
		if (h->nlanports == FW_MAX_MACS)
			continue;
		ifs[h->nlanports] = l->ifindex;
		snprintf(h->lanports[h->nlanports++], sizeof(h->lanports[0]),
			 "%s", l->name);
	}
	host_lan_seen(c, n, ifs, h->nlanports, h);
	host_lan_ips(c, n, br->ifindex, h);
}

/* A connection limit of the network's (h->conns, ascending, once). */
static void conn_limit(const struct conf_network *n, struct fw_host *h,
		       uint32_t v)
{
	size_t i = 0;

	while (i < h->nconns && h->conns[i] < v)
		i++;
	if (i < h->nconns && h->conns[i] == v)
		return;
	if (h->nconns == FW_MAX_CONN_LIMITS)
		ctl_die("%s: more than %d different max-conns values in the "
			"ACL", n->name, FW_MAX_CONN_LIMITS - 1);
	memmove(&h->conns[i + 1], &h->conns[i],
		(h->nconns - i) * sizeof(h->conns[0]));
	h->conns[i] = v;
	h->nconns++;
}

/* An address an allow rule pins, into @v (@n of them), once. */
static void pin_ip(union inany *v, size_t *n, const union inany *ip)
{
	size_t j;

	for (j = 0; j < *n; j++)
		if (inany_equal(&v[j], ip))
			return;
	if (*n < FW_MAX_HOSTIPS)
		v[(*n)++] = *ip;
}

/* MACs and addresses an allow rule pins for this network: only that
 * rule's users may use them. Its connection limits too. */
static void pins(struct ctl *c, const struct conf_network *n,
		 struct fw_host *h)
{
	size_t i;

	bool routed = mode_of(n)->routed;

	if (routed)
		conn_limit(n, h, ACL_DEFAULT_CONNS);
	for (i = 0; i < c->acl.n; i++) {
		const struct acl_rule *r = &c->acl.rules[i];

		if (r->verb != ACL_ALLOW || (strcmp(r->network, "*") &&
					     strcmp(r->network, n->name)))
			continue;
		if (r->max_conns && routed)
			conn_limit(n, h, r->max_conns);
		if (r->has_mac && r->mac.bits == 48)
			fw_host_add_mac(h, true, r->mac.mac);
		if (r->has_ip && inany_equal(&r->ip.lo, &r->ip.hi))
			pin_ip(h->pinip, &h->npinip, &r->ip.lo);
		if (r->has_ip6 && inany_equal(&r->ip6.lo, &r->ip6.hi))
			pin_ip(h->pinip6, &h->npinip6, &r->ip6.lo);
	}
}

static int routed_cb(const struct inany_prefix *p, void *arg)
{
	struct host_addrs *a = arg;
	bool v4 = inany_is_v4(&p->addr);
	size_t *n = v4 ? &a->np : &a->np6;

	if (!v4 && !a->v6)
		return 0;
	if (*n == LAN_MAX_RANGES)
		return -ENOSPC;
	(v4 ? a->p : a->p6)[(*n)++] = *p;
	return 0;
}

/* isolated: the destinations of the host's routes (but the default, and
 * those through the network's own bridge) are the LAN's too: a subnet
 * behind a LAN router, a VPN's. Appended to @a's prefixes. */
void host_read_routes(struct ctl *c, struct host_addrs *a)
{
	int rc = link_routed(c->sk, AF_INET, a->skip, routed_cb, a);

	if (!rc && a->v6)
		rc = link_routed(c->sk, AF_INET6, a->skip, routed_cb, a);
	if (rc == -ENOSPC)
		ctl_die("%s: too many LAN prefixes (the host's routes)",
			a->n->name);
	if (rc < 0)
		ctl_die("%s: cannot read the host's routes: %s", a->n->name,
			strerror(-rc));
}

/* The host's addresses that @a selects into a->p, or die. */
void host_read_addrs(struct ctl *c, struct host_addrs *a)
{
	int rc = link_addr_dump(c->sk, a->v6 ? AF_UNSPEC : AF_INET, addr_cb,
				a);

	if (rc < 0)
		ctl_die("%s: cannot list the host's addresses: %s", a->n->name,
			strerror(-rc));
}

/* Where a VM of a bridged network without a host address may live: any
 * unicast address (not 0/8, loopback, multicast or reserved). */
static void any_unicast(struct fw_host *h)
{
	static const struct inany_range unicast[] = {
		{ INANY_V4(1, 0, 0, 0), INANY_V4(126, 255, 255, 255) },
		{ INANY_V4(128, 0, 0, 0), INANY_V4(223, 255, 255, 255) },
	};

	h->subnets[0] = unicast[0];
	h->subnets[1] = unicast[1];
	h->nsubnets = 2;
}

/**
 * ctl_host_leases() - the leases of @l (@k of them) that have not
 * expired, into h->leases (expiry 0: a lease that does not expire, taken
 * as one of dnsmasq's)
 */
void ctl_host_leases(struct fw_host *h, const struct lease *l, size_t k)
{
	uint64_t now = (uint64_t)time(NULL);
	size_t i;

	for (i = 0; i < k && h->nleases < FW_MAX_SEEDS; i++) {
		struct fw_lease *f = &h->leases[h->nleases];

		if (l[i].expiry && l[i].expiry <= now)
			continue;
		memcpy(f->mac, l[i].mac, 6);
		f->ip = l[i].ip;
		f->ms_left = (l[i].expiry ? l[i].expiry - now :
					    DNS_LEASE_SECS) * 1000;
		h->nleases++;
	}
}

/*
 * Where a VM's IPv6 addresses may lie (h->subnets6): fe80::/64, and the
 * on-link prefixes of the host's addresses @p (@np of them), or any
 * global unicast or unique local address when the host has none there
 * (the LAN's prefixes are then unknown).
 */
static void subnets6(const struct conf_network *n, struct inany_prefix *p,
		     size_t np, struct fw_host *h)
{
	static const struct inany_prefix linklocal = {
		{ .b = { 0xfe, 0x80 } }, 64 };
	static const struct inany_prefix anywhere[] = {
		{ { .b = { 0x20 } }, 3 },	/* global unicast */
		{ { .b = { 0xfc } }, 7 },	/* unique local */
	};
	struct inany_prefix ll10 = { { .b = { 0xfe, 0x80 } }, 10 };
	size_t i, k = 0;
	int rc;

	for (i = 0; i < np; i++)
		if (!inany_prefix_contains(&ll10, &p[i].addr) &&
		    p[i].len < 128)
			p[k++] = p[i];
	if (!k)
		for (i = 0; i < 2; i++)
			p[k++] = anywhere[i];
	p[k++] = linklocal;
	rc = lan_subnets(p, k, h->subnets6, LAN_MAX_RANGES);
	if (rc < 0)
		ctl_die("%s: too many IPv6 prefixes on the LAN side", n->name);
	h->nsubnets6 = (size_t)rc;
}

/* wlan and bridged: the host's addresses on the side of the LAN, its
 * gateways (bridged: IPv6's too), and the subnets a VM's address may lie
 * in. One dump of the addresses for both families. */
void host_lan_side(struct ctl *c, const struct conf_network *n,
		     int ifindex1, int ifindex2, struct fw_host *h)
{
	struct host_addrs a = { .c = c, .n = n, .only = { ifindex1, ifindex2 },
				.h = h };
	struct fw_net fn;
	bool v6;
	size_t i;
	int rc;

	fw_net_of(n, &fn);
	v6 = fw_has_set(&fn, FS_SUBNET6);
	a.v6 = v6;
	host_read_addrs(c, &a);
	for (i = 0; i < a.np; i++)
		host_ips(h, &a.p[i]);
	for (i = 0; v6 && i < a.np6; i++)
		host_ips(h, &a.p6[i]);
	gateways(c, n, a.only, v6, h);
	if (v6) {
		if (a.np6 == LAN_MAX_RANGES)
			ctl_die("%s: too many IPv6 addresses on the LAN side",
				n->name);
		subnets6(n, a.p6, a.np6, h);
	}
	if (!a.np) {
		if (mode_of(n)->needs_uplink)
			ctl_die("%s: %s has no IPv4 address; connect it, then "
				"run 'vmnetctl up %s' again", n->name,
				mode_of(n)->has_veth ? n->uplink : n->bridge,
				n->name);
		any_unicast(h);
		return;
	}
	rc = lan_subnets(a.p, a.np, h->subnets, LAN_MAX_RANGES);
	if (rc < 0)
		ctl_die("%s: too many subnets on the uplink", n->name);
	h->nsubnets = (size_t)rc;
}

/**
 * ctl_host() - the host's facts for network @n, from the link snapshot
 * (ctl_read_links()) and the kernel; dies when they cannot be read or
 * the network cannot work (a wlan uplink missing or without address)
 * @h:	result
 */
void ctl_host(struct ctl *c, const struct conf_network *n, struct fw_host *h)
{
	const struct link_info *br = ctl_link(c, n->bridge);

	memset(h, 0, sizeof(*h));
	ctl_open(c);
	if (br && strcmp(br->kind, "bridge"))
		br = NULL;
	pins(c, n, h);
	infra_ports(c, n, br, h);
	mode_ops_of(n)->facts(c, n, br, h);
}

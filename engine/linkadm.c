// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * linkadm.c - the link operations of the administrator's commands
 * (vmnetctl, vmnetd): bridges, veth pairs, addresses, routes and
 * neighbours. Never linked into the setuid programs, which only read taps
 * and change them (link.c). Like link.c, returns 0 or -errno, never
 * libnl's codes.
 */
#include "linkadm.h"

#include <errno.h>
#include <linux/neighbour.h>
#include <linux/rtnetlink.h>
#include <netlink/cache.h>
#include <netlink/netlink.h>
#include <netlink/route/addr.h>
#include <netlink/route/link.h>
#include <netlink/route/link/bridge.h>
#include <netlink/route/link/veth.h>
#include <netlink/route/neighbour.h>
#include <netlink/route/route.h>
#include <string.h>

/**
 * link_bridge_add() - create a bridge with an alias (the vmnet record that
 * it was created by vmnet), leaving it down
 * @sk:		socket
 * @name:	bridge name
 * @alias:	alias text
 *
 * Return: 0, -EEXIST if the name is taken, other -errno
 */
int link_bridge_add(struct nl_sock *sk, const char *name, const char *alias)
{
	struct link_delta c = { .alias = alias };
	struct rtnl_link *link;
	struct link_info l = { .ifindex = 0 };
	int rc;

	link = rtnl_link_bridge_alloc();
	if (!link)
		return -ENOMEM;
	rtnl_link_set_name(link, name);
	rc = rtnl_link_add(sk, link, NLM_F_CREATE | NLM_F_EXCL);
	rtnl_link_put(link);
	if (rc < 0)
		return -link_errno(rc);
	/*
	 * The kernel ignores IFLA_IFALIAS when creating a link. Setting the
	 * bridge's own (random) MAC pins it: otherwise the bridge takes the
	 * lowest MAC of its ports, so the VMs' gateway MAC would change
	 * whenever a VM comes or goes (and becomes 00:00:00:00:00:00 when
	 * the last one leaves).
	 */
	rc = link_get(sk, 0, name, &l);
	if (rc == 0 && !l.has_mac)
		rc = -EIO;
	if (rc == 0) {
		c.set_mac = true;
		memcpy(c.mac, l.mac, 6);
		rc = link_apply(sk, l.ifindex, &c);
	}
	if (rc < 0 && l.ifindex > 0)
		link_delete(sk, l.ifindex);
	return rc;
}

/**
 * link_delete() - delete a link
 * @sk:		socket
 * @ifindex:	link
 *
 * Return: 0 or -errno
 */
int link_delete(struct nl_sock *sk, int ifindex)
{
	struct rtnl_link *link;
	int rc;

	link = rtnl_link_alloc();
	if (!link)
		return -ENOMEM;
	rtnl_link_set_ifindex(link, ifindex);
	rc = rtnl_link_delete(sk, link);
	rtnl_link_put(link);
	return rc < 0 ? -link_errno(rc) : 0;
}

/* @a as an address of @family (AF_INET, AF_INET6; AF_UNSPEC: either),
 * when it is one. */
static bool addr_of(struct nl_addr *a, int family, union inany *out)
{
	int f = a ? nl_addr_get_family(a) : AF_UNSPEC;

	return (f == AF_INET || f == AF_INET6) &&
	       (family == AF_UNSPEC || f == family) &&
	       !inany_from_bytes(out, nl_addr_get_binary_addr(a),
				 nl_addr_get_len(a)) &&
	       inany_is_v4(out) == (f == AF_INET);
}

static int prefix_to_addr(const struct inany_prefix *p, struct rtnl_addr **out)
{
	struct nl_addr *a;
	uint32_t len;
	const uint8_t *bytes = inany_bytes(&p->addr, &len);
	int rc;

	*out = rtnl_addr_alloc();
	a = nl_addr_build(len == 4 ? AF_INET : AF_INET6, bytes, len);
	if (!*out || !a) {
		nl_addr_put(a);
		rtnl_addr_put(*out);
		return -ENOMEM;
	}
	nl_addr_set_prefixlen(a, p->len);
	rc = rtnl_addr_set_local(*out, a);
	nl_addr_put(a);
	if (rc < 0) {
		rtnl_addr_put(*out);
		return -link_errno(rc);
	}
	rtnl_addr_set_prefixlen(*out, p->len);
	return 0;
}

/**
 * link_addr_add() - add an address with its prefix to a link
 * @sk:		socket
 * @ifindex:	link
 * @p:		host address and prefix length
 *
 * Return: 0, -EEXIST if present, other -errno
 */
int link_addr_add(struct nl_sock *sk, int ifindex,
		  const struct inany_prefix *p)
{
	struct rtnl_addr *addr;
	int rc;

	rc = prefix_to_addr(p, &addr);
	if (rc < 0)
		return rc;
	rtnl_addr_set_ifindex(addr, ifindex);
	/* vmnet's own bridge: its address is usable at once (dnsmasq
	 * binds it), and no VM can be on it before it is */
	if (!inany_is_v4(&p->addr))
		rtnl_addr_set_flags(addr, IFA_F_NODAD);
	rc = rtnl_addr_add(sk, addr, NLM_F_EXCL);
	rtnl_addr_put(addr);
	return rc < 0 ? -link_errno(rc) : 0;
}

struct has_ctx {
	int ifindex;
	const struct inany_prefix *p;
	bool found;
};

static void addr_match(struct nl_object *obj, void *arg)
{
	struct rtnl_addr *a = (struct rtnl_addr *)obj;
	struct has_ctx *h = arg;
	struct nl_addr *local = rtnl_addr_get_local(a);
	uint32_t len;
	const uint8_t *want = inany_bytes(&h->p->addr, &len);

	if (rtnl_addr_get_ifindex(a) == h->ifindex && local &&
	    rtnl_addr_get_family(a) == (len == 4 ? AF_INET : AF_INET6) &&
	    nl_addr_get_len(local) == len &&
	    !memcmp(nl_addr_get_binary_addr(local), want, len) &&
	    rtnl_addr_get_prefixlen(a) == h->p->len)
		h->found = true;
}

/**
 * link_addr_has() - does a link have exactly this address and prefix
 * @sk:		socket
 * @ifindex:	link
 * @p:		address and prefix length
 *
 * Return: 1 yes, 0 no, -errno on failure
 */
int link_addr_has(struct nl_sock *sk, int ifindex,
		  const struct inany_prefix *p)
{
	struct has_ctx h = { .ifindex = ifindex, .p = p };
	struct nl_cache *cache;
	int rc;

	rc = rtnl_addr_alloc_cache(sk, &cache);
	if (rc < 0)
		return -link_errno(rc);
	nl_cache_foreach(cache, addr_match, &h);
	nl_cache_free(cache);
	return h.found;
}

struct addr_dump_ctx {
	int family;
	link_addr_cb cb;
	void *ctx;
	int rc;
};

static void addr_each(struct nl_object *obj, void *arg)
{
	struct rtnl_addr *a = (struct rtnl_addr *)obj;
	struct addr_dump_ctx *d = arg;
	struct inany_prefix p;

	if (d->rc || !addr_of(rtnl_addr_get_local(a), d->family, &p.addr))
		return;
	p.len = (uint8_t)rtnl_addr_get_prefixlen(a);
	d->rc = d->cb(rtnl_addr_get_ifindex(a), &p, d->ctx);
}

/**
 * link_addr_dump() - call @cb for every address of @family (AF_INET,
 * AF_INET6; AF_UNSPEC: both, in one dump) of the namespace
 *
 * Return: 0, what @cb returned when non-zero, or -errno
 */
int link_addr_dump(struct nl_sock *sk, int family, link_addr_cb cb, void *ctx)
{
	struct addr_dump_ctx d = { family, cb, ctx, 0 };
	struct nl_cache *cache;
	int rc;

	rc = rtnl_addr_alloc_cache(sk, &cache);
	if (rc < 0)
		return -link_errno(rc);
	nl_cache_foreach(cache, addr_each, &d);
	nl_cache_free(cache);
	return d.rc;
}

/**
 * link_veth_add() - create a veth pair @name / @peer with an alias on
 * @name (the vmnet record that it was created by vmnet), both down
 *
 * Return: 0, -EEXIST if a name is taken, other -errno
 */
int link_veth_add(struct nl_sock *sk, const char *name, const char *peer,
		  const char *alias)
{
	struct link_delta c = { .alias = alias };
	struct rtnl_link *link, *p;
	struct link_info l;
	int rc;

	link = rtnl_link_veth_alloc();
	if (!link)
		return -ENOMEM;
	rtnl_link_set_name(link, name);
	p = rtnl_link_veth_get_peer(link);
	rtnl_link_set_name(p, peer);
	rtnl_link_put(p);
	rc = rtnl_link_add(sk, link, NLM_F_CREATE | NLM_F_EXCL);
	rtnl_link_veth_release(link);
	if (rc < 0)
		return -link_errno(rc);
	rc = link_get(sk, 0, name, &l);
	if (rc == 0)
		rc = link_apply(sk, l.ifindex, &c);
	if (rc < 0 && rc != -ENODEV)
		link_delete(sk, l.ifindex);
	return rc;
}

struct gw_ctx {
	int family;
	link_gw_cb cb;
	void *ctx;
	int rc;
};

static void nh_each(struct rtnl_nexthop *nh, void *arg)
{
	struct gw_ctx *g = arg;
	union inany gw;

	if (g->rc || !addr_of(rtnl_route_nh_get_gateway(nh), g->family, &gw))
		return;
	g->rc = g->cb(&gw, g->ctx);
}

static void route_each(struct nl_object *obj, void *arg)
{
	rtnl_route_foreach_nexthop((struct rtnl_route *)obj, nh_each, arg);
}

/* One dump of the routes of @family, @each called for every one. */
static int route_dump(struct nl_sock *sk, int family,
		      void (*each)(struct nl_object *, void *), void *arg)
{
	struct nl_cache *cache;
	int rc;

	rc = rtnl_route_alloc_cache(sk, family, 0, &cache);
	if (rc < 0)
		return -link_errno(rc);
	nl_cache_foreach(cache, each, arg);
	nl_cache_free(cache);
	return 0;
}

/**
 * link_gateways() - call @cb for the gateway of every route of @family
 *
 * Return: 0, what @cb returned when non-zero, or -errno
 */
int link_gateways(struct nl_sock *sk, int family, link_gw_cb cb, void *ctx)
{
	struct gw_ctx g = { family, cb, ctx, 0 };
	int rc = route_dump(sk, family, route_each, &g);

	return rc ? rc : g.rc;
}

struct routed_ctx {
	int skip;
	link_prefix_cb cb;
	void *ctx;
	int rc;
};

/* Shorter routes are the internet's, not a LAN's: the halves (and
 * quarters) a VPN that takes all traffic installs in the main table. */
#define ROUTED_MIN4 8
#define ROUTED_MIN6 16

static void routed_each(struct nl_object *obj, void *arg)
{
	struct rtnl_route *r = (struct rtnl_route *)obj;
	struct nl_addr *dst = rtnl_route_get_dst(r);
	struct routed_ctx *g = arg;
	struct inany_prefix p;
	int i, n;

	if (g->rc || !dst || rtnl_route_get_table(r) != RT_TABLE_MAIN ||
	    rtnl_route_get_type(r) != RTN_UNICAST)
		return;
	p.len = (uint8_t)nl_addr_get_prefixlen(dst);
	if (p.len < (nl_addr_get_family(dst) == AF_INET6 ? ROUTED_MIN6 :
						       ROUTED_MIN4))
		return;
	n = rtnl_route_get_nnexthops(r);
	for (i = 0; i < n; i++)
		if (rtnl_route_nh_get_ifindex(rtnl_route_nexthop_n(r, i)) ==
		    g->skip)
			return;
	if (inany_from_bytes(&p.addr, nl_addr_get_binary_addr(dst),
			     nl_addr_get_len(dst)))
		return;
	g->rc = g->cb(&p, g->ctx);
}

/**
 * link_routed() - call @cb for the destination of every unicast route of
 * @family in the main table that is not a default route (nor shorter
 * than a /8, IPv6 a /16) and does not go through link @skip
 *
 * Return: 0, what @cb returned when non-zero, or -errno
 */
int link_routed(struct nl_sock *sk, int family, int skip, link_prefix_cb cb,
		void *ctx)
{
	struct routed_ctx g = { skip, cb, ctx, 0 };
	int rc = route_dump(sk, family, routed_each, &g);

	return rc ? rc : g.rc;
}

static void route6_each(struct nl_object *obj, void *arg)
{
	struct rtnl_route *r = (struct rtnl_route *)obj;
	struct link_routes6 *o = arg;
	struct rtnl_nexthop *nh;
	size_t i;
	int oif;

	if (rtnl_route_get_table(r) != RT_TABLE_MAIN ||
	    rtnl_route_get_type(r) != RTN_UNICAST)
		return;
	if (!nl_addr_get_prefixlen(rtnl_route_get_dst(r)))
		o->has_default = true;
	if (rtnl_route_get_protocol(r) != RTPROT_RA ||
	    !rtnl_route_get_nnexthops(r))
		return;
	nh = rtnl_route_nexthop_n(r, 0);
	oif = rtnl_route_nh_get_ifindex(nh);
	for (i = 0; i < o->nra; i++)
		if (o->ra[i] == oif)
			return;
	if (o->nra < LINK_MAX_RA)
		o->ra[o->nra++] = oif;
}

/**
 * link_routes6() - what the host's IPv6 routes say about forwarding to
 * and from an isolated network: whether the main table has a default
 * route, and which links have routes the kernel learned from router
 * advertisements (enabling IPv6 forwarding makes a link with accept_ra
 * = 1 ignore them, and the routes expire)
 * @sk:		socket
 * @out:	result
 *
 * Return: 0 or -errno
 */
int link_routes6(struct nl_sock *sk, struct link_routes6 *out)
{
	memset(out, 0, sizeof(*out));
	return route_dump(sk, AF_INET6, route6_each, out);
}

struct neigh_ctx {
	int ifindex, family;
	link_neigh_cb cb;
	void *ctx;
	int rc;
};

static void neigh_each(struct nl_object *obj, void *arg)
{
	struct rtnl_neigh *n = (struct rtnl_neigh *)obj;
	struct neigh_ctx *c = arg;
	struct nl_addr *ll = rtnl_neigh_get_lladdr(n);
	union inany dst;

	if (c->rc || !ll || rtnl_neigh_get_ifindex(n) != c->ifindex ||
	    !addr_of(rtnl_neigh_get_dst(n), c->family, &dst) ||
	    nl_addr_get_len(ll) != 6 ||
	    (rtnl_neigh_get_state(n) & (NUD_INCOMPLETE | NUD_FAILED)))
		return;
	c->rc = c->cb(&dst, nl_addr_get_binary_addr(ll), c->ctx);
}

/**
 * link_neigh() - call @cb for each neighbour entry of @family (AF_INET,
 * AF_INET6; AF_UNSPEC: both, in one dump) of @ifindex that holds a MAC
 * (not incomplete or failed; stale ones too)
 *
 * Return: 0, what @cb returned when non-zero, or -errno
 */
int link_neigh(struct nl_sock *sk, int ifindex, int family, link_neigh_cb cb,
	       void *ctx)
{
	struct neigh_ctx c = { ifindex, family, cb, ctx, 0 };
	struct nl_cache *cache;
	int rc;

	rc = rtnl_neigh_alloc_cache(sk, &cache);
	if (rc < 0)
		return -link_errno(rc);
	nl_cache_foreach(cache, neigh_each, &c);
	nl_cache_free(cache);
	return c.rc;
}

struct seen_ctx {
	const int *ifindex;
	size_t n;
	link_mac_cb cb;
	void *ctx;
	int rc;
};

static void seen_each(struct nl_object *obj, void *arg)
{
	struct rtnl_neigh *e = (struct rtnl_neigh *)obj;
	struct seen_ctx *c = arg;
	struct nl_addr *ll = rtnl_neigh_get_lladdr(e);
	int family = rtnl_neigh_get_family(e), state = rtnl_neigh_get_state(e);
	const uint8_t *mac;
	size_t i;

	if (c->rc || !ll || nl_addr_get_len(ll) != 6 ||
	    (family != AF_BRIDGE && family != AF_INET &&
	     family != AF_INET6) ||
	    (state & (NUD_INCOMPLETE | NUD_FAILED)))
		return;
	mac = nl_addr_get_binary_addr(ll);
	if (mac[0] & 1)
		return;		/* multicast and broadcast entries */
	for (i = 0; i < c->n; i++)
		if (rtnl_neigh_get_ifindex(e) == c->ifindex[i]) {
			c->rc = c->cb(mac, c->ctx);
			return;
		}
}

/**
 * link_seen_macs() - call @cb for every MAC the kernel has seen behind the
 * interfaces @ifindex: forwarding entries a bridge learned on those ports
 * (learned ones age out after the bridge's ageing time, 300 s by
 * default; static ones an administrator added stay) and the IPv4
 * neighbour entries of those interfaces; never multicast
 *
 * Return: 0, what @cb returned when non-zero, or -errno
 */
int link_seen_macs(struct nl_sock *sk, const int *ifindex, size_t n,
		   link_mac_cb cb, void *ctx)
{
	struct seen_ctx c = { ifindex, n, cb, ctx, 0 };
	struct nl_cache *cache;
	int rc;

	/* every family's table: IPv4 neighbours and the bridges' entries */
	rc = rtnl_neigh_alloc_cache_flags(sk, &cache, NL_CACHE_AF_ITER);
	if (rc < 0)
		return -link_errno(rc);
	nl_cache_foreach(cache, seen_each, &c);
	nl_cache_free(cache);
	return c.rc;
}

/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * linkadm.h - link operations of the administrator's commands only
 * (bridges, veth pairs, addresses, routes, neighbours). Functions return
 * 0 or -errno.
 */
#ifndef VMNET_LINKADM_H
#define VMNET_LINKADM_H

#include "inany.h"
#include "link.h"

int link_bridge_add(struct nl_sock *sk, const char *name, const char *alias);
int link_delete(struct nl_sock *sk, int ifindex);
int link_addr_add(struct nl_sock *sk, int ifindex,
		  const struct inany_prefix *p);
typedef int (*link_addr_cb)(int ifindex, const struct inany_prefix *p,
			    void *ctx);
int link_addr_dump(struct nl_sock *sk, int family, link_addr_cb cb,
		   void *ctx);
int link_addr_has(struct nl_sock *sk, int ifindex,
		  const struct inany_prefix *p);
int link_veth_add(struct nl_sock *sk, const char *name, const char *peer,
		  const char *alias);
typedef int (*link_gw_cb)(const union inany *gw, void *ctx);
int link_gateways(struct nl_sock *sk, int family, link_gw_cb cb, void *ctx);

typedef int (*link_prefix_cb)(const struct inany_prefix *p, void *ctx);
int link_routed(struct nl_sock *sk, int family, int skip, link_prefix_cb cb,
		void *ctx);

#define LINK_MAX_RA 8
struct link_routes6 {
	bool has_default;	/* a default route in the main table */
	int ra[LINK_MAX_RA];	/* links with routes from RAs */
	size_t nra;
};
int link_routes6(struct nl_sock *sk, struct link_routes6 *out);

typedef int (*link_neigh_cb)(const union inany *ip, const uint8_t *mac,
			     void *ctx);
int link_neigh(struct nl_sock *sk, int ifindex, int family, link_neigh_cb cb,
	       void *ctx);
typedef int (*link_mac_cb)(const uint8_t *mac, void *ctx);
int link_seen_macs(struct nl_sock *sk, const int *ifindex, size_t n,
		   link_mac_cb cb, void *ctx);

#endif

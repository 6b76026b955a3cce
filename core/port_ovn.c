// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * port_ovn.c - the OVN port backend (see port.h): in the kernel, the tap
 * only takes the network's MTU (room for Geneve's 58 bytes); it becomes
 * an interface of OVS's integration bridge, bound to a logical port, by
 * vmnetd (ovnreq.h), after the record is written. Open vSwitch, not
 * IFLA_MASTER, holds the port, so for the kernel it is never one.
 */
#include "port.h"

#include <stdio.h>

static int ovn_target(struct nl_sock *sk, const struct conf_network *net,
		      struct port_target *t, char *why, size_t size)
{
	(void)sk, (void)why, (void)size;
	t->ifindex = 0;		/* OVS's: vmnetd checks it */
	t->mtu = net->mtu;
	snprintf(t->name, sizeof(t->name), "%s", net->bridge);
	return 0;
}

static void ovn_join(const struct conf_network *net,
		     const struct port_target *t, bool guarded,
		     struct link_delta *c, struct link_delta *undo)
{
	(void)net, (void)guarded, (void)undo;
	c->set_mtu = true;
	c->mtu = t->mtu;
}

static int ovn_harden(struct nl_sock *sk, int ifindex)
{
	(void)sk, (void)ifindex;
	return 0;
}

static bool ovn_is_port(const struct link_info *l)
{
	(void)l;
	return false;
}

static void ovn_leave(const struct link_info *l, bool regroup,
		      struct link_delta *c)
{
	(void)l, (void)regroup, (void)c;
}

const struct port_ops port_ovn_ops = {
	.target = ovn_target,
	.join = ovn_join,
	.harden = ovn_harden,
	.is_port = ovn_is_port,
	.leave = ovn_leave,
};

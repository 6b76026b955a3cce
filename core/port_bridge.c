// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * port_bridge.c - the Linux bridge port backend (see port.h): the tap
 * becomes a port of the network's bridge (IFLA_MASTER) in the network's
 * interface group, which the bridge-family port guard keys on; a guarded
 * port gets BPDU guard and root block before it goes up.
 */
#include "port.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "verdict.h"

static int bridge_target(struct nl_sock *sk, const struct conf_network *net,
			 struct port_target *t, char *why, size_t size)
{
	struct link_info br;
	int rc = link_get(sk, 0, net->bridge, &br);

	if (rc == -ENODEV) {
		snprintf(why, size, "bridge %s of network '%s' does not exist "
			 "(run 'vmnetctl up %s')", net->bridge, net->name,
			 net->name);
		return rc;
	}
	if (rc < 0) {
		snprintf(why, size, "cannot read bridge %s: %s", net->bridge,
			 strerror(-rc));
		return rc;
	}
	switch (bridge_verdict(net, br.kind, br.alias)) {
	case BRIDGE_OK:
		break;
	case BRIDGE_NOT_BRIDGE:
		snprintf(why, size, "%s of network '%s' is not a bridge",
			 net->bridge, net->name);
		return -EPERM;
	case BRIDGE_VMNETS:
		snprintf(why, size, "bridge %s is vmnet's own (%s); a "
			 "bridged network needs a bridge of the "
			 "administrator's (see vmnet.conf(5))", net->bridge,
			 br.alias);
		return -EPERM;
	}
	t->ifindex = br.ifindex;
	t->mtu = br.mtu;
	snprintf(t->name, sizeof(t->name), "%s", br.name);
	return 0;
}

/* The bridge's MTU (so the bridge's own does not drop), the master, and
 * for a guarded network the interface group; undone by leaving, back in
 * group 0 (a tap is attached only from group 0). */
static void bridge_join(const struct conf_network *net,
			const struct port_target *t, bool guarded,
			struct link_delta *c, struct link_delta *undo)
{
	c->set_mtu = true;
	c->mtu = t->mtu;
	c->set_master = true;
	c->master = t->ifindex;
	if (guarded) {
		c->set_group = true;
		c->group = conf_port_group(net->name);
	}
	undo->set_master = true;
	undo->master = 0;
	undo->set_group = true;
	undo->group = 0;
}

static int bridge_harden(struct nl_sock *sk, int ifindex)
{
	return link_port_guard(sk, ifindex);
}

static bool bridge_is_port(const struct link_info *l)
{
	return l->master != 0;
}

static void bridge_leave(const struct link_info *l, bool regroup,
			 struct link_delta *c)
{
	c->set_master = true;
	c->master = 0;
	if (regroup && (l->group & CONF_GROUP_MASK) == CONF_GROUP_BASE) {
		c->set_group = true;	/* it was 0 before the attach */
		c->group = 0;
	}
}

static const struct port_ops bridge_ops = {
	.target = bridge_target,
	.join = bridge_join,
	.harden = bridge_harden,
	.is_port = bridge_is_port,
	.leave = bridge_leave,
};

/**
 * port_ops_of() - the operations of port backend @b
 * @b:	backend
 *
 * Return: the operations, never NULL
 */
const struct port_ops *port_ops_of(enum port_backend b)
{
	switch (b) {
	case PORT_LINUX_BRIDGE:
		break;
	case PORT_OVN:
		return &port_ovn_ops;
	}
	return &bridge_ops;
}

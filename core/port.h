/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * port.h - how a tap joins its network and leaves it: the port backend
 * of the network's mode (policy/mode.h). attach.c proves, decides,
 * records and orders the steps; the backend does the link work that
 * depends on what the tap joins. A Linux bridge is the only backend
 * today (port_bridge.c).
 */
#ifndef VMNET_PORT_H
#define VMNET_PORT_H

#include <stdbool.h>
#include <stddef.h>

#include "conf.h"
#include "link.h"
#include "mode.h"

/* What a tap of a network joins. */
struct port_target {
	int ifindex;
	unsigned mtu;
	char name[VAL_IFNAME_MAX + 1];
};

struct port_ops {
	/*
	 * Find and check what a tap of @net joins. Return: 0, -ENODEV
	 * when it does not exist, -EPERM when it may not be used, or
	 * -errno; @why says it in one line.
	 */
	int (*target)(struct nl_sock *sk, const struct conf_network *net,
		      struct port_target *t, char *why, size_t size);
	/* Add to @c what makes the tap a port of @t, in the network's
	 * interface group when @guarded; and to @undo what takes the
	 * tap's part of it back (the caller restores MAC, MTU, state). */
	void (*join)(const struct conf_network *net,
		     const struct port_target *t, bool guarded,
		     struct link_delta *c, struct link_delta *undo);
	/* Harden a guarded port after it joined, before it goes up.
	 * Return: 0 or -errno. */
	int (*harden)(struct nl_sock *sk, int ifindex);
	/* Whether @l is a port of something (a tap that is one is not
	 * free to attach, and a detach releases it first). */
	bool (*is_port)(const struct link_info *l);
	/* Add to @c what makes a port leave; with @regroup, also what
	 * gives back the interface group the join set. */
	void (*leave)(const struct link_info *l, bool regroup,
		      struct link_delta *c);
};

const struct port_ops *port_ops_of(enum port_backend b);
extern const struct port_ops port_ovn_ops;

#endif

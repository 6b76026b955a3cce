/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * linkplan.h - the links, addresses and sysctls "vmnetctl up" makes for a
 * network, as one list of steps: "up" performs them (linkplan_do()),
 * "print" prints them as ip and sysctl commands (linkplan_print()), and
 * t_isolated.sh / wlan_body.sh run the printed commands in a scratch
 * namespace and compare the links with what "up" made. As fw_rule is one
 * description of a rule for the kernel and for nft, this is one of the
 * links for netlink and for ip(8).
 */
#ifndef VMNET_LINKPLAN_H
#define VMNET_LINKPLAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "engine.h"

enum step_kind {
	STEP_BRIDGE,	/* vmnet's bridge: created when missing (with its
			 * tag), refused when someone else's, set up */
	STEP_VETH,	/* vmnet's veth pair dev/peer, likewise */
	STEP_ADDR,	/* an address on dev, added when missing */
	STEP_SYSCTL,	/* net.KEY = VALUE (optional: left alone where
			 * the host does not have it, as IPv6's) */
	STEP_PORT,	/* dev becomes a port of bridge peer, and up */
	STEP_UP,	/* dev up */
};

struct step {
	enum step_kind kind;
	char dev[VAL_IFNAME_MAX + 1];
	char peer[VAL_IFNAME_MAX + 1];	/* VETH: the peer; PORT: the bridge */
	char tag[64];			/* BRIDGE, VETH: the alias */
	struct inany_prefix addr;	/* ADDR */
	char key[96];			/* SYSCTL: below net/, '/'-separated */
	char value;			/* SYSCTL: '0' or '1' */
	bool optional;			/* SYSCTL */
	bool fwd6;			/* SYSCTL: IPv6 forwarding, set
					 * only where it is safe (fwd6.c) */
	bool host_wide;			/* SYSCTL: the host's, not the
					 * network's (forwarding): "check"
					 * warns about it, verify leaves it */
};

#define LINKPLAN_MAX 24

extern const struct inany_prefix bridge_ll6;

size_t linkplan_of(const struct conf_network *n, struct step *out,
		   size_t max);
void linkplan_print(FILE *f, const struct step *s, size_t n);
void linkplan_do(struct ctl *c, const struct conf_network *n,
		 const struct step *s, size_t k);
void linkplan_verify(struct ctl *c, const struct step *s, size_t k,
		     struct fw_problems *p);

#endif

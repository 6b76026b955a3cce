/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * events.h - vmnetd's netlink subscriptions (events.c).
 */
#ifndef VMNETD_EVENTS_H
#define VMNETD_EVENTS_H

#include <stdbool.h>
#include <stddef.h>

#include "conf.h"

struct mnl_socket;

/* What a burst of events asks for. */
enum {
	EV_NONE = 0,
	EV_INFRA = 1,	/* vmnet's own state or the host's: repair at once */
	EV_TAPS = 2,	/* users' taps (attach, detach, a helper tap that was
			 * left behind): a pass, at a bounded rate */
};

/* What vmnet keeps of one link, as last seen: an event that leaves it
 * the same (carrier, statistics, a QEMU re-opening its tap) is none. */
struct ev_link {
	int ifindex;
	uint32_t sum;
};

struct ev {
	struct mnl_socket *rt;	/* rtnetlink: links, addresses, routes */
	struct mnl_socket *nf;	/* nf_tables */
	struct ev_link *links;	/* by ifindex, a cache: losing it only
				 * costs one more pass */
	size_t nlinks, cap;
};

/* The interface names whose changes matter (bridge, uplink, veth ends). */
struct ev_names {
	char name[CONF_MAX_NETWORKS * 4][VAL_IFNAME_MAX + 1];
	size_t n;
};

int ev_open(struct ev *e);
void ev_close(struct ev *e);
int ev_drain(struct ev *e, bool nf, const struct ev_names *w,
	     unsigned long *count);

#endif

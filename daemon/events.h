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

struct ev {
	struct mnl_socket *rt;	/* rtnetlink: links, addresses, routes */
	struct mnl_socket *nf;	/* nf_tables */
};

/* The interface names whose changes matter (bridge, uplink, veth ends). */
struct ev_names {
	char name[CONF_MAX_NETWORKS * 4][VAL_IFNAME_MAX + 1];
	size_t n;
};

int ev_open(struct ev *e);
void ev_close(struct ev *e);
int ev_drain(struct mnl_socket *s, bool nf, const struct ev_names *w,
	     unsigned long *count);

#endif

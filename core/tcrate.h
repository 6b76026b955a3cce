/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * tcrate.h - a tap's bandwidth limit each way (tcrate.c).
 */
#ifndef VMNET_TCRATE_H
#define VMNET_TCRATE_H

#include <sys/types.h>

struct nl_sock;

/* what vmnet puts on a limited tap, for the engine's reads */
#define TCRATE_QDISC 0x766d0000U	/* the tbf root qdiscs, "vm:" */
#define TCRATE_PRIO 2			/* the redirect, clsact ingress */
#define TCRATE_IFB "vmrate"		/* and the tap's ifindex */

int tcrate_add(struct nl_sock *sk, int ifindex, unsigned kbit, uid_t uid);
int tcrate_del(struct nl_sock *sk, int ifindex);
int tcrate_del_ifb(struct nl_sock *sk, int ifb);

#endif

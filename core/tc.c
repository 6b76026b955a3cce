// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tc.c - the tc messages vmnet sends for a tap (tcseal.c, tcrate.c):
 * built by hand with libnl's message helpers, sent synchronously on the
 * run's rtnetlink socket.
 */
#include "tc.h"

#include <errno.h>
#include <linux/pkt_sched.h>
#include <linux/rtnetlink.h>
#include <netlink/msg.h>
#include <netlink/netlink.h>

#include "link.h"

/* The netlink message of a tc object on @ifindex, or NULL. */
struct nl_msg *tc_msg(int type, int flags, int ifindex, uint32_t parent,
		      uint32_t handle, uint32_t info)
{
	struct tcmsg t = {
		.tcm_family = AF_UNSPEC, .tcm_ifindex = ifindex,
		.tcm_parent = parent, .tcm_handle = handle, .tcm_info = info,
	};
	struct nl_msg *m = nlmsg_alloc_simple(type, flags);

	if (m && nlmsg_append(m, &t, sizeof(t), NLMSG_ALIGNTO) < 0) {
		nlmsg_free(m);
		m = NULL;
	}
	return m;
}

/* Send @m (freed) and wait for the kernel's answer. */
int tc_send(struct nl_sock *sk, struct nl_msg *m)
{
	int rc;

	if (!m)
		return -ENOMEM;
	rc = nl_send_sync(sk, m);
	return rc < 0 ? -link_errno(rc) : 0;
}

/* A clsact qdisc on @ifindex (one there already is fine). */
int tc_clsact(struct nl_sock *sk, int ifindex)
{
	struct nl_msg *m = tc_msg(RTM_NEWQDISC, NLM_F_CREATE | NLM_F_EXCL,
				  ifindex, TC_H_CLSACT,
				  TC_H_MAKE(TC_H_CLSACT, 0), 0);
	int rc;

	if (m && nla_put_string(m, TCA_KIND, "clsact") < 0) {
		nlmsg_free(m);
		m = NULL;
	}
	rc = tc_send(sk, m);
	return rc == -EEXIST ? 0 : rc;
}

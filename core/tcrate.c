// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tcrate.c - a tap's bandwidth limit, each way (ACL rate=, vmnet.acl(5)),
 * with tc alone and shaping both ways, so that TCP sees delay, not loss:
 *   - to the VM, the tap's egress: a tbf root qdisc (handle 766d:) with
 *     about 50 ms of queue;
 *   - from the VM, the tap's ingress, where nothing can queue: a u32
 *     filter in the clsact qdisc's ingress (prio 2) redirects every
 *     packet to the tap's own ifb device, "vmrate" and the tap's ifindex
 *     (its alias says whose), whose tbf root qdisc shapes it; the ifb
 *     hands it back to the tap's ingress path, where the bridge and the
 *     port guard see it as the tap's.
 * (A policer would drop instead of queue, and this kernel, like many,
 * has no act_police; ifb and mirred are the long-standing way.)
 * Sent as netlink messages on the run's socket, like the seal filter
 * (tcseal.c): CAP_NET_ADMIN is all it takes. The ifb is named by the
 * tap's ifindex, which the kernel does not reuse while the tap lives; one
 * left by a crash is vmnetd's and gc's to delete once its tap is gone.
 */
#include "tcrate.h"

#include <errno.h>
#include <linux/if_ether.h>
#include <linux/pkt_cls.h>
#include <linux/pkt_sched.h>
#include <linux/rtnetlink.h>
#include <linux/tc_act/tc_mirred.h>
#include <netlink/msg.h>
#include <netlink/netlink.h>
#include <netlink/route/link.h>
#include <stdio.h>
#include <string.h>

#include "link.h"
#include "record.h"
#include "tc.h"

#define RATE_QDISC TCRATE_QDISC
#define RATE_PRIO TCRATE_PRIO

/* bytes/s of @kbit */
static uint64_t bytes_per_s(unsigned kbit)
{
	return (uint64_t)kbit * 1000 / 8;
}

static uint64_t max_u64(uint64_t a, uint64_t b)
{
	return a > b ? a : b;
}

/* The 32-bit rate field of a tc_ratespec: the rate, or all ones when the
 * 64-bit attribute carries it. */
static struct tc_ratespec ratespec(uint64_t bps)
{
	struct tc_ratespec r = {
		.rate = bps >= ~0U ? ~0U : (uint32_t)bps,
		.linklayer = TC_LINKLAYER_ETHERNET, .cell_log = 3,
	};

	return r;
}

static int add_tbf(struct nl_sock *sk, int ifindex, uint64_t bps)
{
	struct tc_tbf_qopt q = {
		.rate = ratespec(bps),
		.limit = (uint32_t)max_u64(bps / 20, 64 * 1024),
	};
	uint32_t burst = (uint32_t)max_u64(bps / 100, 32 * 1024);
	struct nl_msg *m = tc_msg(RTM_NEWQDISC, NLM_F_CREATE | NLM_F_REPLACE,
				  ifindex, TC_H_ROOT, RATE_QDISC, 0);
	struct nlattr *opt;

	if (!m)
		return -ENOMEM;
	if (nla_put_string(m, TCA_KIND, "tbf") < 0 ||
	    !(opt = nla_nest_start(m, TCA_OPTIONS)) ||
	    nla_put(m, TCA_TBF_PARMS, sizeof(q), &q) < 0 ||
	    nla_put_u32(m, TCA_TBF_BURST, burst) < 0 ||
	    (bps >= ~0U && nla_put_u64(m, TCA_TBF_RATE64, bps) < 0) ||
	    nla_nest_end(m, opt) < 0) {
		nlmsg_free(m);
		return -ENOMEM;
	}
	return tc_send(sk, m);
}

/* Ignore what says "not there". */
static int gone_ok(int rc)
{
	return rc == -ENOENT || rc == -EINVAL || rc == -ENODEV ? 0 : rc;
}

/* The tap's rate device: the ifb its ingress is redirected to. */
static void ifb_name(int tap, char name[IFNAMSIZ])
{
	snprintf(name, IFNAMSIZ, TCRATE_IFB "%d", tap);
}

/* "vmnet1-rate tap=IFINDEX uid=UID": whose lock covers it */
static void ifb_alias(int tap, uid_t uid, char *buf, size_t size)
{
	snprintf(buf, size, REC_RATE_TAG "%d uid=%u", tap, (unsigned)uid);
}

/*
 * Tap @tap's ifb, made (or found, left by a run that crashed: it is ours
 * when its alias says so), up, with its alias: its ifindex in @ifb.
 * The kernel ignores IFLA_IFALIAS when creating a link: it is set after.
 */
static int add_ifb(struct nl_sock *sk, int tap, uid_t uid, int *ifb)
{
	char name[IFNAMSIZ], alias[64];
	struct rtnl_link *l = rtnl_link_alloc();
	struct link_delta c = { .set_up = true, .up = true, .alias = alias };
	struct link_info now;
	int rc;

	if (!l)
		return -ENOMEM;
	ifb_name(tap, name);
	ifb_alias(tap, uid, alias, sizeof(alias));
	rtnl_link_set_name(l, name);
	rc = rtnl_link_set_type(l, "ifb");
	if (!rc)
		rc = rtnl_link_add(sk, l, NLM_F_CREATE | NLM_F_EXCL);
	rtnl_link_put(l);
	rc = rc < 0 ? -link_errno(rc) : 0;
	if (rc && rc != -EEXIST)
		return rc;
	rc = link_get(sk, 0, name, &now);
	if (rc)
		return rc;
	if (strcmp(now.kind, "ifb") ||
	    (now.alias[0] && strcmp(now.alias, alias)))
		return -EEXIST;	/* not this tap's: left alone */
	*ifb = now.ifindex;
	return link_apply(sk, now.ifindex, &c);
}

/* Everything the tap receives from the VM goes to its ifb's egress,
 * whose qdisc shapes it, and comes back into the tap's ingress path. */
static int add_redirect(struct nl_sock *sk, int tap, int ifb)
{
	struct {
		struct tc_u32_sel sel;
		struct tc_u32_key key;	/* mask 0: every packet */
	} __attribute__((packed)) u = {
		.sel = { .flags = TC_U32_TERMINAL, .nkeys = 1 },
	};
	struct tc_mirred mir = {
		.action = TC_ACT_STOLEN, .eaction = TCA_EGRESS_REDIR,
		.ifindex = (uint32_t)ifb,
	};
	struct nlattr *opt, *acts, *act, *aopt;
	struct nl_msg *m;
	int rc = tc_clsact(sk, tap);

	if (rc)
		return rc;
	m = tc_msg(RTM_NEWTFILTER, NLM_F_CREATE | NLM_F_EXCL, tap,
		   TC_H_MAKE(TC_H_CLSACT, TC_H_MIN_INGRESS), 0,
		   TC_H_MAKE(RATE_PRIO << 16, htons(ETH_P_ALL)));
	if (!m)
		return -ENOMEM;
	if (nla_put_string(m, TCA_KIND, "u32") < 0 ||
	    !(opt = nla_nest_start(m, TCA_OPTIONS)) ||
	    nla_put(m, TCA_U32_SEL, sizeof(u), &u) < 0 ||
	    !(acts = nla_nest_start(m, TCA_U32_ACT)) ||
	    !(act = nla_nest_start(m, 1)) ||
	    nla_put_string(m, TCA_ACT_KIND, "mirred") < 0 ||
	    !(aopt = nla_nest_start(m, TCA_ACT_OPTIONS)) ||
	    nla_put(m, TCA_MIRRED_PARMS, sizeof(mir), &mir) < 0 ||
	    nla_nest_end(m, aopt) < 0 || nla_nest_end(m, act) < 0 ||
	    nla_nest_end(m, acts) < 0 || nla_nest_end(m, opt) < 0) {
		nlmsg_free(m);
		return -ENOMEM;
	}
	return tc_send(sk, m);
}

/* The tap's redirect filter (the whole priority), if there. */
static int del_redirect(struct nl_sock *sk, int tap)
{
	struct nl_msg *m = tc_msg(RTM_DELTFILTER, 0, tap,
				  TC_H_MAKE(TC_H_CLSACT, TC_H_MIN_INGRESS), 0,
				  TC_H_MAKE(RATE_PRIO << 16, htons(ETH_P_ALL)));

	return gone_ok(tc_send(sk, m));
}

/**
 * tcrate_del_ifb() - delete the ifb of ifindex @ifb (a tap's, by its
 * alias: the caller checked)
 *
 * Return: 0 or -errno
 */
int tcrate_del_ifb(struct nl_sock *sk, int ifb)
{
	struct rtnl_link *l = rtnl_link_alloc();
	int rc;

	if (!l)
		return -ENOMEM;
	rtnl_link_set_ifindex(l, ifb);
	rc = rtnl_link_delete(sk, l);
	rtnl_link_put(l);
	return rc < 0 ? gone_ok(-link_errno(rc)) : 0;
}

/**
 * tcrate_add() - limit tap @ifindex to @kbit kbit/s each way (replacing
 * a limit of vmnet's there, and the tap's own root qdisc)
 * @sk:		the run's rtnetlink socket
 * @uid:	the tap's user, whose lock the caller holds (in the ifb's
 *		alias, for whoever deletes it as an orphan)
 *
 * Return: 0 or -errno
 */
int tcrate_add(struct nl_sock *sk, int ifindex, unsigned kbit, uid_t uid)
{
	uint64_t bps = bytes_per_s(kbit);
	int ifb = 0, rc = add_tbf(sk, ifindex, bps);

	if (!rc)
		rc = add_ifb(sk, ifindex, uid, &ifb);
	if (!rc)
		rc = add_tbf(sk, ifb, bps);
	if (!rc)
		rc = del_redirect(sk, ifindex);
	return rc ? rc : add_redirect(sk, ifindex, ifb);
}

/**
 * tcrate_del() - take vmnet's limit off tap @ifindex: the redirect of its
 * ingress, its tbf root qdisc (only one of that handle: the kernel
 * refuses another's) and its ifb (only vmnet's); nothing that is not
 * there
 *
 * Return: 0 or -errno
 */
int tcrate_del(struct nl_sock *sk, int ifindex)
{
	char name[IFNAMSIZ], tag[32];
	struct link_info ifb;
	struct nl_msg *q;
	int rc = del_redirect(sk, ifindex);

	if (rc)
		return rc;
	q = tc_msg(RTM_DELQDISC, 0, ifindex, TC_H_ROOT, RATE_QDISC, 0);
	rc = gone_ok(tc_send(sk, q));
	if (rc)
		return rc;
	ifb_name(ifindex, name);
	snprintf(tag, sizeof(tag), REC_RATE_TAG "%d uid=", ifindex);
	rc = link_get(sk, 0, name, &ifb);
	if (rc == -ENODEV)
		return 0;
	if (rc || strcmp(ifb.kind, "ifb") ||
	    strncmp(ifb.alias, tag, strlen(tag)))
		return rc;
	return tcrate_del_ifb(sk, ifb.ifindex);
}

// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tcseal.c - the tap's part of the second line: a tc filter on the egress
 * of every tap vmnet attaches to a guarded network (clsact qdisc, cls_bpf
 * in direct-action mode) that drops every frame not sealed by the port
 * guard's "out" chain (fw/seal.c: meta mark FW_SEAL). While vmnet's
 * bridge table is there, every frame to the VM carries the seal; when it
 * is gone (nft flush ruleset, nft delete table bridge vmnet), so is the
 * port guard, and the VM receives nothing (no other VM's spoofed ARP,
 * rogue router advertisement or DHCP reply) until it is back.
 *
 * The filter is a classic BPF program of four instructions sent inside
 * the netlink message: the setuid programs install it with CAP_NET_ADMIN
 * alone, without the bpf() system call (which would need CAP_BPF). Core
 * code: vmnet-ifup and vmnet-helper add it before the tap joins the
 * bridge, vmnet-ifdown removes it after the tap left; vmnetctl and vmnetd
 * add it to the taps they adopt.
 */
#include "tcseal.h"

#include <errno.h>
#include <linux/filter.h>
#include <linux/if_ether.h>
#include <linux/pkt_cls.h>
#include <linux/pkt_sched.h>
#include <linux/rtnetlink.h>
#include <netlink/msg.h>
#include <netlink/netlink.h>
#include <string.h>

#include "fw/objects.h"
#include "link.h"
#include "tc.h"

#define SEAL_HANDLE 0x766d	/* "vm" */
#define SEAL_PRIO 1
#define SEAL_NAME "vmnet_seal"

/**
 * tcseal_add() - put the seal filter on tap @ifindex's egress (replacing
 * a filter of vmnet's already there)
 * @sk:		the run's rtnetlink socket
 *
 * Return: 0 or -errno
 */
int tcseal_add(struct nl_sock *sk, int ifindex)
{
	/* if skb->mark == FW_SEAL: go on (TC_ACT_UNSPEC); else drop */
	struct sock_filter code[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, SKF_AD_OFF + SKF_AD_MARK),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, FW_SEAL, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, (uint32_t)TC_ACT_UNSPEC),
		BPF_STMT(BPF_RET | BPF_K, TC_ACT_SHOT),
	};
	uint16_t ops = sizeof(code) / sizeof(code[0]);
	struct nl_msg *m;
	struct nlattr *opt;
	int rc = tc_clsact(sk, ifindex);

	if (rc)
		return rc;
	m = tc_msg(RTM_NEWTFILTER, NLM_F_CREATE | NLM_F_REPLACE, ifindex,
		   TC_H_MAKE(TC_H_CLSACT, TC_H_MIN_EGRESS), SEAL_HANDLE,
		   TC_H_MAKE(SEAL_PRIO << 16, htons(ETH_P_ALL)));
	if (!m)
		return -ENOMEM;
	if (nla_put_string(m, TCA_KIND, "bpf") < 0 ||
	    !(opt = nla_nest_start(m, TCA_OPTIONS)) ||
	    nla_put_u16(m, TCA_BPF_OPS_LEN, ops) < 0 ||
	    nla_put(m, TCA_BPF_OPS, sizeof(code), code) < 0 ||
	    nla_put_string(m, TCA_BPF_NAME, SEAL_NAME) < 0 ||
	    nla_put_u32(m, TCA_BPF_FLAGS, TCA_BPF_FLAG_ACT_DIRECT) < 0 ||
	    nla_nest_end(m, opt) < 0) {
		nlmsg_free(m);
		return -ENOMEM;
	}
	return tc_send(sk, m);
}

/**
 * tcseal_del() - take the seal filter off tap @ifindex (only that: the
 * clsact qdisc stays, with whatever else someone put in it)
 *
 * Return: 0 (also when there was none) or -errno
 */
int tcseal_del(struct nl_sock *sk, int ifindex)
{
	struct nl_msg *m = tc_msg(RTM_DELTFILTER, 0, ifindex,
				  TC_H_MAKE(TC_H_CLSACT, TC_H_MIN_EGRESS),
				  SEAL_HANDLE,
				  TC_H_MAKE(SEAL_PRIO << 16, htons(ETH_P_ALL)));
	int rc;

	if (m && nla_put_string(m, TCA_KIND, "bpf") < 0) {
		nlmsg_free(m);
		m = NULL;
	}
	rc = tc_send(sk, m);
	return rc == -ENOENT || rc == -EINVAL || rc == -ENODEV ? 0 : rc;
}

// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * events.c - what vmnetd listens to: rtnetlink's link, IPv4 address and
 * route groups, and nf_tables' group. Nothing is polled.
 *
 * Each read drains a socket and says only whether anything relevant
 * happened; the pass that follows reads the whole state again, so no
 * event's content is trusted or kept. Relevant: any change to table
 * "vmnet" of any family but an element added (vmnet-ifup adds elements;
 * a removed one may be a VM's), a link that is a tun, a port, carries a
 * vmnet-looking alias or has a configured bridge, uplink or veth name,
 * every address and route (they make the LAN set and the uplink's
 * addresses). The users' lock tables ("vmnet_lock_UID") come and go with
 * every run and are ignored, so a pass that changes nothing is followed
 * by no other. A socket that overflowed (ENOBUFS) lost events: that
 * counts as relevant, and the pass reads everything anyway.
 */
#include <errno.h>
#include <libmnl/libmnl.h>
#include <linux/if_link.h>
#include <linux/netfilter/nf_tables.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/rtnetlink.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "events.h"
#include "nft.h"
#include "record.h"

#define RCVBUF (4 * 1024 * 1024)

static int open_one(struct mnl_socket **out, int bus, unsigned groups,
		    int nf_group)
{
	int size = RCVBUF;
	struct mnl_socket *s;

	s = mnl_socket_open2(bus, SOCK_NONBLOCK | SOCK_CLOEXEC);
	if (!s)
		return -errno;
	if (mnl_socket_bind(s, groups, MNL_SOCKET_AUTOPID) ||
	    (nf_group && mnl_socket_setsockopt(s, NETLINK_ADD_MEMBERSHIP,
					       &nf_group, sizeof(nf_group)))) {
		int rc = -errno;

		mnl_socket_close(s);
		return rc;
	}
	/* Room for a storm between two reads; a failure only makes
	 * overflows (and full passes) likelier. */
	if (setsockopt(mnl_socket_get_fd(s), SOL_SOCKET, SO_RCVBUFFORCE, &size,
		       sizeof(size)))
		(void)setsockopt(mnl_socket_get_fd(s), SOL_SOCKET, SO_RCVBUF,
				 &size, sizeof(size));
	*out = s;
	return 0;
}

/**
 * ev_open() - subscribe to rtnetlink's and nf_tables' groups
 *
 * Return: 0 or -errno
 */
int ev_open(struct ev *e)
{
	int rc;

	memset(e, 0, sizeof(*e));
	rc = open_one(&e->rt, NETLINK_ROUTE,
		      RTMGRP_LINK | RTMGRP_IPV4_IFADDR | RTMGRP_IPV4_ROUTE, 0);
	if (rc)
		return rc;
	rc = open_one(&e->nf, NETLINK_NETFILTER, 0, NFNLGRP_NFTABLES);
	if (rc) {
		mnl_socket_close(e->rt);
		e->rt = NULL;
	}
	return rc;
}

void ev_close(struct ev *e)
{
	if (e->rt)
		mnl_socket_close(e->rt);
	if (e->nf)
		mnl_socket_close(e->nf);
	memset(e, 0, sizeof(*e));
}

static int link_attr_cb(const struct nlattr *a, void *data)
{
	const struct nlattr **tb = data;
	int type = mnl_attr_get_type(a);

	if (type <= IFLA_MAX)
		tb[type] = a;
	return MNL_CB_OK;
}

static int kind_cb(const struct nlattr *a, void *data)
{
	const struct nlattr **kind = data;

	if (mnl_attr_get_type(a) == IFLA_INFO_KIND &&
	    !mnl_attr_validate(a, MNL_TYPE_STRING))
		*kind = a;
	return MNL_CB_OK;
}

static bool str_attr(const struct nlattr *a, const char *want, bool prefix)
{
	const char *s;

	if (!a || mnl_attr_validate(a, MNL_TYPE_STRING))
		return false;
	s = mnl_attr_get_str(a);
	return prefix ? !strncmp(s, want, strlen(want)) : !strcmp(s, want);
}

static bool link_relevant(const struct nlmsghdr *nlh, const struct ev_names *w)
{
	const struct nlattr *tb[IFLA_MAX + 1] = { NULL };
	const struct nlattr *kind = NULL;
	size_t i;

	if (mnl_attr_parse(nlh, sizeof(struct ifinfomsg), link_attr_cb, tb) !=
	    MNL_CB_OK)
		return true;		/* unreadable: look anyway */
	if (tb[IFLA_MASTER] || str_attr(tb[IFLA_IFALIAS], REC_MAGIC, true))
		return true;
	if (tb[IFLA_LINKINFO]) {
		mnl_attr_parse_nested(tb[IFLA_LINKINFO], kind_cb, &kind);
		if (str_attr(kind, "tun", false))
			return true;
	}
	for (i = 0; i < w->n; i++)
		if (str_attr(tb[IFLA_IFNAME], w->name[i], false))
			return true;
	return false;
}

static bool nft_relevant(const struct nlmsghdr *nlh)
{
	unsigned type = nlh->nlmsg_type & 0xff;
	const struct nlattr *a;

	if (type == NFT_MSG_NEWGEN || type == NFT_MSG_NEWSETELEM)
		return false;
	/* The first attribute of every object's message names its table
	 * (NFTA_TABLE_NAME, NFTA_CHAIN_TABLE, NFTA_SET_TABLE, ...). */
	mnl_attr_for_each(a, nlh, sizeof(struct nfgenmsg))
		if (mnl_attr_get_type(a) == 1)
			return str_attr(a, NFT_TABLE, false);
	return false;
}

static bool msg_relevant(const struct nlmsghdr *nlh, bool nf,
			 const struct ev_names *w)
{
	if (nf)
		return (nlh->nlmsg_type >> 8) == NFNL_SUBSYS_NFTABLES &&
		       nft_relevant(nlh);
	switch (nlh->nlmsg_type) {
	case RTM_NEWLINK:
	case RTM_DELLINK:
		return link_relevant(nlh, w);
	case RTM_NEWADDR:
	case RTM_DELADDR:
	case RTM_NEWROUTE:
	case RTM_DELROUTE:
		return true;
	default:
		return false;
	}
}

/**
 * ev_drain() - read everything queued on socket @s
 * @nf:		whether it is the nf_tables socket
 * @w:		the names of the configured bridges, uplinks and veths
 * @count:	incremented by the number of messages read
 *
 * Return: 1 if anything relevant happened (or events were lost), 0 if
 * not, -errno on a read error
 */
int ev_drain(struct mnl_socket *s, bool nf, const struct ev_names *w,
	     unsigned long *count)
{
	static char buf[65536] __attribute__((aligned(4)));
	int relevant = 0;

	for (;;) {
		const struct nlmsghdr *nlh;
		int len = (int)mnl_socket_recvfrom(s, buf, sizeof(buf));

		if (len < 0) {
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				return relevant;
			if (errno == ENOBUFS) {
				relevant = 1;
				continue;
			}
			if (errno == EINTR)
				continue;
			return -errno;
		}
		for (nlh = (const struct nlmsghdr *)buf; mnl_nlmsg_ok(nlh, len);
		     nlh = mnl_nlmsg_next(nlh, &len)) {
			++*count;
			if (!relevant && msg_relevant(nlh, nf, w))
				relevant = 1;
		}
	}
}

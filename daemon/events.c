// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * events.c - what vmnetd listens to: rtnetlink's link, address and route
 * groups (IPv4 and IPv6: a bridged network's guard holds the host's
 * addresses and gateways of both), and nf_tables' group. Nothing is
 * polled.
 *
 * Each read drains a socket and says only what kind of pass is due; the
 * pass that follows reads the whole state again, so no event's content
 * is trusted or kept. Two kinds:
 *
 *   EV_INFRA  vmnet's own state and the host's: any change to table
 *             "vmnet" of any family but an element added or removed, a
 *             bridge, uplink or veth of the configuration, a port someone
 *             enslaved (a tap without a record on a bridge, any non-tap
 *             port), every address and route (they make the LAN set and
 *             the uplink's addresses). vmnetd repairs these at once.
 *   EV_TAPS   what users make happen: their taps coming, changing and
 *             going (vmnet-ifup, vmnet-ifdown, vmnet-helper, QEMU's exit)
 *             and the elements vmnet-ifdown removes. vmnetd runs a pass
 *             for these at a bounded rate, so a user looping attach and
 *             detach costs it a bounded share of a CPU.
 *
 * A link event counts only if it changes what vmnet keeps of the link
 * (ev_link: its name, kind, master, group, MTU, MAC, up flag, alias, and
 * whether it is a helper tap left behind): carrier, operstate and the
 * statistics come and go with every QEMU that opens or closes its tap and
 * are no event. The users' lock tables ("vmnet_lock_UID") come and go with
 * every run and are ignored, so a pass that changes nothing is followed by
 * no other. A socket that overflowed (ENOBUFS) lost events: that counts as
 * both kinds, forgets the links seen, and the pass reads everything anyway.
 */
#include <errno.h>
#include <libmnl/libmnl.h>
#include <linux/if_link.h>
#include <net/if.h>
#include <linux/netfilter/nf_tables.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/rtnetlink.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <byteswap.h>
#include <linux/filter.h>

#include "events.h"
#include "grow.h"
#include "nft.h"
#include "record.h"

#define RCVBUF (4 * 1024 * 1024)
#define BATCH 64		/* notifications per read */
#define MSG_MAX 16384		/* the largest one (a link's is ~1.5 KiB) */

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

/*
 * The kernel drops, before they are queued to vmnetd, the bridge's own
 * notes on its ports (RTM_NEWLINK/DELLINK of family AF_BRIDGE: a port's
 * state, with every carrier change of every tap), which carry nothing
 * vmnet keeps. (nlmsg_type is in host order: "ldh" reads it swapped.)
 */
static int filter_bridge_notes(int fd)
{
	struct sock_filter code[] = {
		BPF_STMT(BPF_LD | BPF_H | BPF_ABS, 4),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K,
			 __bswap_16(RTM_NEWLINK), 1, 0),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K,
			 __bswap_16(RTM_DELLINK), 0, 2),
		BPF_STMT(BPF_LD | BPF_B | BPF_ABS, NLMSG_HDRLEN),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AF_BRIDGE, 1, 0),
		BPF_STMT(BPF_RET | BPF_K, 0xffffffff),
		BPF_STMT(BPF_RET | BPF_K, 0),
	};
	struct sock_fprog prog = {
		.len = sizeof(code) / sizeof(code[0]), .filter = code,
	};

	return setsockopt(fd, SOL_SOCKET, SO_ATTACH_FILTER, &prog,
			  sizeof(prog)) ? -errno : 0;
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
		      RTMGRP_LINK | RTMGRP_IPV4_IFADDR | RTMGRP_IPV4_ROUTE |
		      RTMGRP_IPV6_IFADDR | RTMGRP_IPV6_ROUTE | RTMGRP_TC, 0);
	if (!rc)
		rc = filter_bridge_notes(mnl_socket_get_fd(e->rt));
	if (rc)
		return rc;
	rc = open_one(&e->nf, NETLINK_NETFILTER, 0, NFNLGRP_NFTABLES);
	if (rc) {
		mnl_socket_close(e->rt);
		e->rt = NULL;
	}
	return rc;
}

/* Close the event sockets ev_open() opened. */
void ev_close(struct ev *e)
{
	if (e->rt)
		mnl_socket_close(e->rt);
	if (e->nf)
		mnl_socket_close(e->nf);
	free(e->links);
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

static int info_cb(const struct nlattr *a, void *data)
{
	const struct nlattr **tb = data;
	int type = mnl_attr_get_type(a);

	if (type <= IFLA_INFO_MAX)
		tb[type] = a;
	return MNL_CB_OK;
}

static int tun_cb(const struct nlattr *a, void *data)
{
	const struct nlattr **tb = data;
	int type = mnl_attr_get_type(a);

	if (type <= IFLA_TUN_MAX)
		tb[type] = a;
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

static uint32_t u32_attr(const struct nlattr *a)
{
	return a && !mnl_attr_validate(a, MNL_TYPE_U32) ? mnl_attr_get_u32(a) : 0;
}

static uint8_t u8_attr(const struct nlattr *a)
{
	return a && !mnl_attr_validate(a, MNL_TYPE_U8) ? mnl_attr_get_u8(a) : 0;
}

/* FNV-1a, over what vmnet keeps of a link. */
static uint32_t mix(uint32_t h, const void *p, size_t n)
{
	const uint8_t *b = p;

	while (n--)
		h = (h ^ *b++) * 16777619u;
	return h;
}

static uint32_t mix_attr(uint32_t h, const struct nlattr *a)
{
	uint16_t none = 0xffff;

	if (!a)
		return mix(h, &none, sizeof(none));
	return mix(mix(h, mnl_attr_get_payload(a),
		       mnl_attr_get_payload_len(a)), &none, 1);
}

struct link_msg {
	const struct nlattr *tb[IFLA_MAX + 1];
	const struct nlattr *info[IFLA_INFO_MAX + 1];
	const struct nlattr *tun[IFLA_TUN_MAX + 1];
	bool tun_kind, record;
};

static bool parse_link(const struct nlmsghdr *nlh, struct link_msg *m)
{
	memset(m, 0, sizeof(*m));
	if (mnl_attr_parse(nlh, sizeof(struct ifinfomsg), link_attr_cb,
			   m->tb) != MNL_CB_OK)
		return false;
	if (m->tb[IFLA_LINKINFO])
		mnl_attr_parse_nested(m->tb[IFLA_LINKINFO], info_cb, m->info);
	m->tun_kind = str_attr(m->info[IFLA_INFO_KIND], "tun", false);
	if (m->tun_kind && m->info[IFLA_INFO_DATA])
		mnl_attr_parse_nested(m->info[IFLA_INFO_DATA], tun_cb, m->tun);
	m->record = str_attr(m->tb[IFLA_IFALIAS], REC_MAGIC, true);
	return true;
}

/* Whether the link is one vmnet cares about at all. */
static bool link_relevant(const struct link_msg *m, const struct ev_names *w)
{
	size_t i;

	if (m->tb[IFLA_MASTER] || m->record || m->tun_kind)
		return true;
	for (i = 0; i < w->n; i++)
		if (str_attr(m->tb[IFLA_IFNAME], w->name[i], false))
			return true;
	return false;
}

/* A user's tap: one with a vmnet record, or on no bridge. A tap on a
 * bridge without a record was put there by root (or libvirt): foreign. */
static bool users_tap(const struct link_msg *m)
{
	return m->tun_kind && (m->record || !m->tb[IFLA_MASTER]);
}

/* What vmnet keeps of the link, summed up. */
static uint32_t link_sum(const struct ifinfomsg *ifi, const struct link_msg *m)
{
	static const int keep[] = { IFLA_IFNAME, IFLA_MASTER, IFLA_GROUP,
				    IFLA_MTU, IFLA_ADDRESS, IFLA_IFALIAS };
	const struct nlattr *q = m->tun[IFLA_TUN_NUM_QUEUES];
	uint32_t h = 2166136261u, up = ifi->ifi_flags & IFF_UP;
	bool open, orphan;
	size_t i;

	for (i = 0; i < sizeof(keep) / sizeof(keep[0]); i++)
		h = mix_attr(h, m->tb[keep[i]]);
	h = mix_attr(h, m->info[IFLA_INFO_KIND]);
	h = mix(h, &up, sizeof(up));
	/* a helper tap nobody holds any more is vmnet's to delete */
	open = q ? u32_attr(q) > 0 : u8_attr(m->tb[IFLA_CARRIER]) != 0;
	orphan = m->record && u8_attr(m->tun[IFLA_TUN_PERSIST]) && !open &&
		 strstr(mnl_attr_get_str(m->tb[IFLA_IFALIAS]), " via=helper");
	return mix(h, &orphan, sizeof(orphan));
}

static struct ev_link *find(struct ev *e, int ifindex)
{
	size_t lo = 0, hi = e->nlinks;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (e->links[mid].ifindex < ifindex)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < e->nlinks && e->links[lo].ifindex == ifindex ?
	       &e->links[lo] : e->links + lo;
}

/* Note @sum for @ifindex; false if it is what was seen last. */
static bool link_changed(struct ev *e, int ifindex, uint32_t sum)
{
	struct ev_link *l = find(e, ifindex);
	size_t at = (size_t)(l - e->links);
	void *nv;

	if (at < e->nlinks && l->ifindex == ifindex) {
		if (l->sum == sum)
			return false;
		l->sum = sum;
		return true;
	}
	nv = grow(e->links, e->nlinks, &e->cap, sizeof(*e->links), 64);
	if (!nv)
		return true;	/* no cache: every event counts */
	e->links = nv;
	memmove(&e->links[at + 1], &e->links[at],
		(e->nlinks - at) * sizeof(*e->links));
	e->links[at] = (struct ev_link){ ifindex, sum };
	e->nlinks++;
	return true;
}

static void link_gone(struct ev *e, int ifindex)
{
	struct ev_link *l = find(e, ifindex);
	size_t at = (size_t)(l - e->links);

	if (at < e->nlinks && l->ifindex == ifindex) {
		memmove(l, l + 1, (e->nlinks - at - 1) * sizeof(*l));
		e->nlinks--;
	}
}

static int link_event(struct ev *e, const struct nlmsghdr *nlh,
		      const struct ev_names *w)
{
	const struct ifinfomsg *ifi = mnl_nlmsg_get_payload(nlh);
	struct link_msg m;

	/* The bridge's own notes on its ports (port state, with every
	 * carrier change) carry nothing vmnet keeps; each port's own
	 * message says when it joins or leaves. */
	if (ifi->ifi_family == AF_BRIDGE)
		return EV_NONE;
	if (!parse_link(nlh, &m))
		return EV_INFRA | EV_TAPS;	/* unreadable: look anyway */
	if (!link_relevant(&m, w)) {
		link_gone(e, ifi->ifi_index);
		return EV_NONE;
	}
	if (nlh->nlmsg_type == RTM_DELLINK)
		link_gone(e, ifi->ifi_index);
	else if (!link_changed(e, ifi->ifi_index, link_sum(ifi, &m)))
		return EV_NONE;
	return users_tap(&m) ? EV_TAPS : EV_INFRA;
}

static int nft_event(const struct nlmsghdr *nlh)
{
	unsigned type = nlh->nlmsg_type & 0xff;
	const struct nlattr *a;

	if (type == NFT_MSG_NEWGEN || type == NFT_MSG_NEWSETELEM)
		return EV_NONE;
	/* The first attribute of every object's message names its table
	 * (NFTA_TABLE_NAME, NFTA_CHAIN_TABLE, NFTA_SET_TABLE, ...). */
	mnl_attr_for_each(a, nlh, sizeof(struct nfgenmsg)) {
		if (mnl_attr_get_type(a) != 1)
			continue;
		if (!str_attr(a, NFT_TABLE, false))
			return EV_NONE;
		return type == NFT_MSG_DELSETELEM ? EV_TAPS : EV_INFRA;
	}
	return EV_NONE;
}

static int msg_event(struct ev *e, const struct nlmsghdr *nlh, bool nf,
		     const struct ev_names *w)
{
	if (nf)
		return (nlh->nlmsg_type >> 8) == NFNL_SUBSYS_NFTABLES ?
		       nft_event(nlh) : EV_NONE;
	switch (nlh->nlmsg_type) {
	case RTM_NEWLINK:
	case RTM_DELLINK:
		return link_event(e, nlh, w);
	case RTM_NEWADDR:
	case RTM_DELADDR:
	case RTM_NEWROUTE:
	case RTM_DELROUTE:
		return EV_INFRA;
	case RTM_DELQDISC:	/* a tap's rate limit or seal may be gone */
	case RTM_DELTFILTER:
		return EV_TAPS;
	default:
		return EV_NONE;
	}
}

/**
 * ev_drain() - read everything queued on one of the sockets
 * @nf:		the nf_tables socket (else rtnetlink's)
 * @w:		the names of the configured bridges, uplinks and veths
 * @count:	incremented by the number of messages read
 *
 * Return: what the events ask for (EV_* bits; both when events were
 * lost), or -errno on a read error
 */
int ev_drain(struct ev *e, bool nf, const struct ev_names *w,
	     unsigned long *count)
{
	static char buf[BATCH][MSG_MAX] __attribute__((aligned(4)));
	static struct mmsghdr mm[BATCH];
	static struct iovec iov[BATCH];
	int fd = mnl_socket_get_fd(nf ? e->nf : e->rt);
	int what = EV_NONE, i;

	for (;;) {
		int got;

		for (i = 0; i < BATCH; i++) {
			iov[i] = (struct iovec){ buf[i], MSG_MAX };
			mm[i].msg_hdr = (struct msghdr){ .msg_iov = &iov[i],
							 .msg_iovlen = 1 };
		}
		/* one call for a batch of notifications, each its own
		 * datagram */
		got = recvmmsg(fd, mm, BATCH, MSG_DONTWAIT, NULL);
		if (got < 0) {
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				return what;
			if (errno == ENOBUFS) {
				what = EV_INFRA | EV_TAPS;
				e->nlinks = 0;	/* missed changes */
				continue;
			}
			if (errno == EINTR)
				continue;
			return -errno;
		}
		for (i = 0; i < got; i++) {
			const struct nlmsghdr *nlh = (void *)buf[i];
			int len = (int)mm[i].msg_len;

			if (mm[i].msg_hdr.msg_flags & MSG_TRUNC)
				what = EV_INFRA | EV_TAPS;	/* unread */
			for (; mnl_nlmsg_ok(nlh, len);
			     nlh = mnl_nlmsg_next(nlh, &len)) {
				++*count;
				what |= msg_event(e, nlh, nf, w);
			}
		}
		if (got < BATCH)
			return what;
	}
}

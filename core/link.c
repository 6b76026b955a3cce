// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * link.c - rtnetlink link operations (see link.h).
 *
 * Reading uses raw RTM_GETLINK with our own attribute parser, because
 * libnl-route has no parser for the tun attributes (IFLA_TUN_OWNER,
 * IFLA_TUN_GROUP, IFLA_TUN_TYPE) that prove tap ownership. Stats are
 * skipped (RTEXT_FILTER_SKIP_STATS) so dumping a thousand taps stays cheap.
 *
 * Changes to a tap go out as ONE RTM_NEWLINK message: the kernel handles a
 * message completely before a signal can stop us, so a SIGKILL can never
 * leave a tap half-configured (MTU set but not enslaved, enslaved without
 * its record). The kernel applies address, MTU, alias, master and flags
 * in that order, which is the order a bridge needs: the tap's MTU and MAC
 * are right before it becomes a port.
 *
 * libnl's error codes (NLE_*) stop at this file and linkadm.c: every
 * function of link.h and linkadm.h returns 0 or -errno.
 */
#include "link.h"

#include <errno.h>
#include <linux/if_link.h>
#include <linux/if_tun.h>
#include <linux/rtnetlink.h>
#include <netlink/attr.h>
#include <netlink/errno.h>
#include <netlink/msg.h>
#include <netlink/netlink.h>
#include <string.h>

/**
 * link_errno() - the errno for a libnl error code
 * @nlerr:	an NLE_* code, negative or not
 *
 * libnl folds the kernel's errno into its own codes (nl_syserr2nlerr());
 * this unfolds them again, as near as the codes allow.
 *
 * Return: a positive errno, 0 for 0
 */
int link_errno(int nlerr)
{
	switch (nlerr < 0 ? -nlerr : nlerr) {
	case NLE_SUCCESS:		return 0;
	case NLE_INTR:			return EINTR;
	case NLE_BAD_SOCK:		return ENOTSOCK;
	case NLE_AGAIN:			return EAGAIN;
	case NLE_NOMEM:			return ENOMEM;
	case NLE_EXIST:			return EEXIST;
	case NLE_INVAL:
	case NLE_MISSING_ATTR:
	case NLE_OBJ_MISMATCH:
	case NLE_PARSE_ERR:
	case NLE_ATTRSIZE:		return EINVAL;
	case NLE_RANGE:			return ERANGE;
	case NLE_MSGSIZE:
	case NLE_MSG_TRUNC:		return EMSGSIZE;
	case NLE_OPNOTSUPP:
	case NLE_SRCRT_NOSUPPORT:
	case NLE_MSGTYPE_NOSUPPORT:	return EOPNOTSUPP;
	case NLE_AF_NOSUPPORT:
	case NLE_AF_MISMATCH:		return EAFNOSUPPORT;
	case NLE_OBJ_NOTFOUND:
	case NLE_NOATTR:
	case NLE_NOCACHE:
	case NLE_PKTLOC_FILE:		return ENOENT;
	case NLE_SEQ_MISMATCH:
	case NLE_MSG_TOOSHORT:		return EPROTO;
	case NLE_MSG_OVERFLOW:		return EOVERFLOW;
	case NLE_NOADDR:		return EADDRNOTAVAIL;
	case NLE_BUSY:			return EBUSY;
	case NLE_PROTO_MISMATCH:	return EPROTONOSUPPORT;
	case NLE_NOACCESS:		return EACCES;
	case NLE_PERM:
	case NLE_IMMUTABLE:		return EPERM;
	case NLE_NODEV:			return ENODEV;
	case NLE_DUMP_INTR:		return EINTR;
	default:			return EIO;
	}
}

/* 0 or -errno for a libnl result (negative NLE_* or >= 0). */
static int nl_rc(int rc)
{
	return rc < 0 ? -link_errno(rc) : 0;
}

/**
 * link_open() - connect an rtnetlink socket
 * @sk:	result
 *
 * Return: 0 or -errno
 */
int link_open(struct nl_sock **sk)
{
	int rc;

	*sk = nl_socket_alloc();
	if (!*sk)
		return -ENOMEM;
	rc = nl_connect(*sk, NETLINK_ROUTE);
	/* Dumps come in skbs as large as the reader's buffer (the kernel
	 * remembers the largest it saw, up to 32 KiB): with libnl's page,
	 * a dump of 1000 links took 2000 reads. */
	if (rc >= 0)
		rc = nl_socket_set_msg_buf_size(*sk, 32768);
	if (rc < 0) {
		nl_socket_free(*sk);
		*sk = NULL;
	}
	return nl_rc(rc);
}

/**
 * link_close() - release a socket from link_open()
 * @sk:	socket or NULL
 */
void link_close(struct nl_sock *sk)
{
	if (sk)
		nl_socket_free(sk);
}

/**
 * link_fd() - the file descriptor of a socket from link_open(), e.g. to
 * ask which network namespace it was created in
 * @sk:	socket
 *
 * Return: the fd
 */
int link_fd(struct nl_sock *sk)
{
	return nl_socket_get_fd(sk);
}

static void parse_tun(struct nlattr *data, struct link_info *l)
{
	struct nlattr *tb[IFLA_TUN_MAX + 1];

	if (nla_parse_nested(tb, IFLA_TUN_MAX, data, NULL) < 0)
		return;
	if (tb[IFLA_TUN_TYPE] && nla_len(tb[IFLA_TUN_TYPE]) >= 1)
		l->tun_type = nla_get_u8(tb[IFLA_TUN_TYPE]);
	if (tb[IFLA_TUN_OWNER] && nla_len(tb[IFLA_TUN_OWNER]) >= 4) {
		l->tun_has_owner = true;
		l->tun_owner = nla_get_u32(tb[IFLA_TUN_OWNER]);
	}
	if (tb[IFLA_TUN_GROUP] && nla_len(tb[IFLA_TUN_GROUP]) >= 4) {
		l->tun_has_group = true;
		l->tun_group = nla_get_u32(tb[IFLA_TUN_GROUP]);
	}
	if (tb[IFLA_TUN_PERSIST] && nla_len(tb[IFLA_TUN_PERSIST]) >= 1)
		l->tun_persist = nla_get_u8(tb[IFLA_TUN_PERSIST]);
	if (tb[IFLA_TUN_NUM_QUEUES] && nla_len(tb[IFLA_TUN_NUM_QUEUES]) >= 4) {
		l->tun_has_queues = true;
		l->tun_queues = nla_get_u32(tb[IFLA_TUN_NUM_QUEUES]);
	}
}

static void parse_linkinfo(struct nlattr *info, struct link_info *l)
{
	struct nlattr *tb[IFLA_INFO_MAX + 1];

	if (nla_parse_nested(tb, IFLA_INFO_MAX, info, NULL) < 0)
		return;
	if (tb[IFLA_INFO_KIND])
		nla_strlcpy(l->kind, tb[IFLA_INFO_KIND], sizeof(l->kind));
	if (!strcmp(l->kind, "tun") && tb[IFLA_INFO_DATA])
		parse_tun(tb[IFLA_INFO_DATA], l);
}

static int parse_link(struct nlmsghdr *h, struct link_info *l)
{
	struct nlattr *tb[IFLA_MAX + 1];
	struct ifinfomsg *ifi;

	if (h->nlmsg_type != RTM_NEWLINK ||
	    nlmsg_parse(h, sizeof(*ifi), tb, IFLA_MAX, NULL) < 0)
		return -EPROTO;
	ifi = nlmsg_data(h);
	memset(l, 0, sizeof(*l));
	l->ifindex = ifi->ifi_index;
	l->flags = ifi->ifi_flags;
	if (tb[IFLA_IFNAME])
		nla_strlcpy(l->name, tb[IFLA_IFNAME], sizeof(l->name));
	if (tb[IFLA_MTU])
		l->mtu = nla_get_u32(tb[IFLA_MTU]);
	if (tb[IFLA_MASTER])
		l->master = (int)nla_get_u32(tb[IFLA_MASTER]);
	if (tb[IFLA_GROUP])
		l->group = nla_get_u32(tb[IFLA_GROUP]);
	if (tb[IFLA_ADDRESS] && nla_len(tb[IFLA_ADDRESS]) == 6) {
		l->has_mac = true;
		memcpy(l->mac, nla_data(tb[IFLA_ADDRESS]), 6);
	}
	if (tb[IFLA_IFALIAS])
		nla_strlcpy(l->alias, tb[IFLA_IFALIAS], sizeof(l->alias));
	if (tb[IFLA_CARRIER] && nla_len(tb[IFLA_CARRIER]) >= 1)
		l->carrier = nla_get_u8(tb[IFLA_CARRIER]);
	if (tb[IFLA_LINKINFO])
		parse_linkinfo(tb[IFLA_LINKINFO], l);
	return 0;
}

struct get_ctx {
	struct link_info *out;
	link_cb cb;
	void *cb_ctx;
	int found;
	int cb_rc;
};

static int on_link(struct nl_msg *msg, void *arg)
{
	struct get_ctx *g = arg;
	struct link_info tmp = { .ifindex = 0 };
	struct link_info *l = g->out ? g->out : &tmp;

	if (parse_link(nlmsg_hdr(msg), l) < 0)
		return NL_SKIP;
	g->found++;
	if (g->cb && !g->cb_rc)
		g->cb_rc = g->cb(l, g->cb_ctx);
	return NL_OK;
}

/*
 * Send a GETLINK and parse the answers. libnl asks for an ACK on every
 * request; a single (non-dump) GET is answered by the link and then that
 * ACK, which must be consumed here or the next request would read it.
 */
static int request(struct nl_sock *sk, struct nl_msg *msg, struct get_ctx *g,
		   bool dump)
{
	struct nl_cb *cb;
	int rc;

	cb = nl_cb_clone(nl_socket_get_cb(sk));
	if (!cb) {
		nlmsg_free(msg);
		return -ENOMEM;
	}
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, on_link, g);
	rc = nl_send_auto(sk, msg);
	nlmsg_free(msg);
	if (rc >= 0)
		rc = nl_recvmsgs(sk, cb);
	if (rc >= 0 && !dump)
		rc = nl_wait_for_ack(sk);
	nl_cb_put(cb);
	return nl_rc(rc);
}

/**
 * link_tun_open() - whether a tun or tap device is open: some file
 * descriptor (QEMU's) is attached to it. The kernel counts them only for
 * multi-queue devices; for the others, a tun device has carrier exactly
 * while one is attached.
 * @l:	the device
 */
bool link_tun_open(const struct link_info *l)
{
	return l->tun_has_queues ? l->tun_queues > 0 : l->carrier;
}

/* Whether @l is a tap: a tun device in tap mode. */
bool link_is_tap(const struct link_info *l)
{
	return !strcmp(l->kind, "tun") && l->tun_type == IFF_TAP;
}

/**
 * link_get() - read one link, by index or by exact name
 * @sk:		socket
 * @ifindex:	index, or 0 to look up @name
 * @name:	name (used when @ifindex is 0)
 * @out:	result
 *
 * Return: 0, -ENODEV if there is no such link, other -errno on failure
 */
int link_get(struct nl_sock *sk, int ifindex, const char *name,
		struct link_info *out)
{
	struct ifinfomsg ifi = { .ifi_family = AF_UNSPEC, .ifi_index = ifindex };
	struct get_ctx g = { .out = out };
	struct nl_msg *msg;
	int rc;

	msg = nlmsg_alloc_simple(RTM_GETLINK, 0);
	if (!msg)
		return -ENOMEM;
	if (nlmsg_append(msg, &ifi, sizeof(ifi), NLMSG_ALIGNTO) < 0 ||
	    nla_put_u32(msg, IFLA_EXT_MASK, RTEXT_FILTER_SKIP_STATS) < 0 ||
	    (!ifindex && nla_put_string(msg, IFLA_IFNAME, name) < 0)) {
		nlmsg_free(msg);
		return -ENOMEM;
	}
	rc = request(sk, msg, &g, false);
	if (rc == -ENOENT)
		return -ENODEV;		/* (libnl's "object not found") */
	if (rc < 0)
		return rc;
	if (g.found != 1)
		return -ENODEV;
	/* Exact name match: never trust a kernel-side prefix lookup. */
	if (!ifindex && strcmp(out->name, name))
		return -ENODEV;
	return 0;
}

/**
 * link_dump() - call @cb for every link in this network namespace
 * @sk:		socket
 * @cb:		callback; a non-zero return stops further calls
 * @ctx:	passed to @cb
 *
 * Return: 0, the first non-zero return of @cb, or -errno
 */
int link_dump(struct nl_sock *sk, link_cb cb, void *ctx)
{
	struct ifinfomsg ifi = { .ifi_family = AF_UNSPEC };
	struct get_ctx g = { .cb = cb, .cb_ctx = ctx };
	struct nl_msg *msg;
	int rc;

	msg = nlmsg_alloc_simple(RTM_GETLINK, NLM_F_DUMP);
	if (!msg)
		return -ENOMEM;
	if (nlmsg_append(msg, &ifi, sizeof(ifi), NLMSG_ALIGNTO) < 0 ||
	    nla_put_u32(msg, IFLA_EXT_MASK, RTEXT_FILTER_SKIP_STATS) < 0) {
		nlmsg_free(msg);
		return -ENOMEM;
	}
	rc = request(sk, msg, &g, true);
	if (rc < 0)
		return rc;
	return g.cb_rc;
}

/**
 * link_apply() - apply a change to a link in one RTM_NEWLINK message
 * @sk:		socket
 * @ifindex:	link
 * @c:		what to change
 *
 * Return: 0 or -errno
 */
int link_apply(struct nl_sock *sk, int ifindex, const struct link_delta *c)
{
	struct ifinfomsg ifi = { .ifi_family = AF_UNSPEC, .ifi_index = ifindex };
	struct nl_msg *msg;
	int rc = -ENOMEM;

	if (c->set_up) {
		ifi.ifi_change = IFF_UP;
		ifi.ifi_flags = c->up ? IFF_UP : 0;
	}
	msg = nlmsg_alloc_simple(RTM_NEWLINK, NLM_F_REQUEST | NLM_F_ACK);
	if (!msg)
		return -ENOMEM;
	if (nlmsg_append(msg, &ifi, sizeof(ifi), NLMSG_ALIGNTO) < 0)
		goto out;
	if (c->set_mac && nla_put(msg, IFLA_ADDRESS, 6, c->mac) < 0)
		goto out;
	if (c->set_mtu && nla_put_u32(msg, IFLA_MTU, c->mtu) < 0)
		goto out;
	if (c->set_group && nla_put_u32(msg, IFLA_GROUP, c->group) < 0)
		goto out;
	/* A zero-length alias removes it; strlen excludes the NUL. */
	if (c->alias &&
	    nla_put(msg, IFLA_IFALIAS, (int)strlen(c->alias), c->alias) < 0)
		goto out;
	if (c->set_master &&
	    nla_put_u32(msg, IFLA_MASTER, (uint32_t)c->master) < 0)
		goto out;
	return nl_rc(nl_send_sync(sk, msg));
out:
	nlmsg_free(msg);
	return rc;
}

/**
 * link_port_guard() - protect the bridge against a port: BPDU guard (a
 * BPDU received on it disables the port) and root block (it can never
 * become the root port), as bridge(8)'s "guard on root_block on"
 * @sk:		socket
 * @ifindex:	a bridge port
 *
 * Return: 0 or -errno
 */
int link_port_guard(struct nl_sock *sk, int ifindex)
{
	struct ifinfomsg ifi = { .ifi_family = AF_BRIDGE, .ifi_index = ifindex };
	struct nlattr *nest;
	struct nl_msg *msg;
	int rc = -ENOMEM;

	msg = nlmsg_alloc_simple(RTM_SETLINK, NLM_F_REQUEST | NLM_F_ACK);
	if (!msg)
		return -ENOMEM;
	if (nlmsg_append(msg, &ifi, sizeof(ifi), NLMSG_ALIGNTO) < 0)
		goto out;
	nest = nla_nest_start(msg, IFLA_PROTINFO | NLA_F_NESTED);
	if (!nest || nla_put_u8(msg, IFLA_BRPORT_GUARD, 1) < 0 ||
	    nla_put_u8(msg, IFLA_BRPORT_PROTECT, 1) < 0)
		goto out;
	nla_nest_end(msg, nest);
	return nl_rc(nl_send_sync(sk, msg));
out:
	nlmsg_free(msg);
	return rc;
}

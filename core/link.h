/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * link.h - the link operations vmnet needs, over rtnetlink (libnl-3 and
 * libnl-route-3). Functions return 0 or -errno: libnl's own codes do not
 * leave link.c (link_errno()).
 */
#ifndef VMNET_LINK_H
#define VMNET_LINK_H

#include <net/if.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "validate.h"

struct nl_sock;

/* What one RTM_NEWLINK message tells about a link. */
struct link_info {
	int ifindex;
	char name[IFNAMSIZ];
	char kind[16];		/* IFLA_INFO_KIND: "tun", "bridge", "" */
	unsigned mtu;
	int master;		/* ifindex of the bridge, 0 if none */
	unsigned flags;		/* IFF_* */
	uint32_t group;		/* IFLA_GROUP, the interface group */
	bool has_mac;
	uint8_t mac[6];
	char alias[256];
	bool carrier;		/* IFLA_CARRIER */
	/* tun/tap only */
	int tun_type;		/* IFF_TUN or IFF_TAP, 0 if unknown */
	bool tun_has_owner, tun_has_group, tun_persist;
	uid_t tun_owner;
	gid_t tun_group;
	bool tun_has_queues;
	unsigned tun_queues;	/* file descriptors attached to it (the
				 * kernel says so for multi-queue ones) */
};

/* One RTM_NEWLINK change; only the has_* / set_* fields are sent. */
struct link_delta {
	bool set_mtu;
	unsigned mtu;
	bool set_mac;
	uint8_t mac[6];
	bool set_master;
	int master;		/* 0 releases from the bridge */
	bool set_up;
	bool up;
	bool set_group;
	uint32_t group;
	const char *alias;	/* NULL: keep; "": remove */
};

typedef int (*link_cb)(const struct link_info *l, void *ctx);

int link_open(struct nl_sock **sk);
void link_close(struct nl_sock *sk);
int link_fd(struct nl_sock *sk);
int link_get(struct nl_sock *sk, int ifindex, const char *name,
		struct link_info *out);
int link_dump(struct nl_sock *sk, link_cb cb, void *ctx);
int link_apply(struct nl_sock *sk, int ifindex, const struct link_delta *c);
int link_port_guard(struct nl_sock *sk, int ifindex);
bool link_tun_open(const struct link_info *l);
bool link_is_tap(const struct link_info *l);
int link_errno(int nlerr);

#endif

/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * modeops.h - what the administrator's engine does per mode, one file
 * each (mode_isolated.c, mode_bridged.c, mode_wlan.c), chosen by the
 * mode's descriptor (policy/mode.h): the host's facts and "up". The
 * steps they share are host.c's and up.c's.
 */
#ifndef VMNET_MODEOPS_H
#define VMNET_MODEOPS_H

#include "engine.h"

struct mode_ops {
	/* the host's facts only this mode has (ctl_host() reads the rest) */
	void (*facts)(struct ctl *c, const struct conf_network *n,
		      const struct link_info *br, struct fw_host *h);
	/* bring the network up, or repair it; dies on failure */
	void (*up)(struct ctl *c, const struct conf_network *n);
};

extern const struct mode_ops mode_isolated_ops;
extern const struct mode_ops mode_bridged_ops;
extern const struct mode_ops mode_wlan_ops;
extern const struct mode_ops mode_ovn_ops;
const struct mode_ops *mode_ops_of(const struct conf_network *n);

/* host.c: the host's addresses of some interfaces (only[]), or of all
 * but one (skip > 0) */
struct host_addrs {
	struct ctl *c;
	const struct conf_network *n;
	bool v6;		/* IPv6 addresses too (into p6) */
	int only[2];		/* the ifindexes whose addresses count, or */
	int skip;		/* (isolated) every one but this */
	struct inany_prefix p[LAN_MAX_RANGES];	/* IPv4 */
	size_t np;
	struct inany_prefix p6[LAN_MAX_RANGES];	/* IPv6 (AF_UNSPEC) */
	size_t np6;
	struct fw_host *h;
};
void host_read_addrs(struct ctl *c, struct host_addrs *a);
void host_read_routes(struct ctl *c, struct host_addrs *a);
void host_ips(struct fw_host *h, const struct inany_prefix *p);
void host_lan_side(struct ctl *c, const struct conf_network *n,
		   int ifindex1, int ifindex2, struct fw_host *h);
void host_lan_seen(struct ctl *c, const struct conf_network *n,
		   const int *ifindex, size_t k, struct fw_host *h);
void host_lan_ips(struct ctl *c, const struct conf_network *n, int ifindex,
		  struct fw_host *h);

/* up.c: the steps of "up" that modes share */
void up_links(struct ctl *c, const struct conf_network *n,
	      struct link_info *br);
void up_install_fw(struct ctl *c, const struct conf_network *n,
		   const struct fw_host *h);
void up_guard(struct ctl *c, const struct conf_network *n, int br);

#endif

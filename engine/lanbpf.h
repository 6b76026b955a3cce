/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * lanbpf.h - the second line of an isolated network: two tc BPF filters
 * on the bridge device that hold the LAN block and the host's input
 * policy while vmnet's nf_tables state is absent (after "nft flush
 * ruleset", which does not touch tc). Administrator code (vmnetctl,
 * vmnetd).
 */
#ifndef VMNET_LANBPF_H
#define VMNET_LANBPF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lan.h"

/* The object clang made of lanbpf.bpf.c (lanbpf_obj.c, generated). */
extern const unsigned char lanbpf_obj[];
extern const size_t lanbpf_obj_size;

/* What the filters hold. */
struct lanbpf_net {
	union inany addr;		/* the bridge's IPv4 address */
	const struct inany_range *lan;	/* the LAN's IPv4 ranges */
	size_t nlan;			/* (0: lan = allow) */
	bool v6;			/* the network carries IPv6: */
	union inany addr6;		/* the bridge's /64 address */
	const struct inany_range *lan6;	/* the LAN's IPv6 ranges */
	size_t nlan6;
	const union inany *own6;	/* every IPv6 address of the bridge */
	size_t nown6;
};

int lanbpf_install(int ifindex, const struct lanbpf_net *net,
		   const char *network, char *why, size_t why_size);
int lanbpf_remove(int ifindex);
int lanbpf_prog_id(int ifindex, bool egress, uint32_t *id);
/* lanbpfstate.c: what lanbpf_install() and lanbpf_wlan_install() last
 * left, so that they need not load again */
bool lanbpf_current(int ifindex, const struct lanbpf_net *net,
		    const char *network);
void lanbpf_remember(int ifindex, const struct lanbpf_net *net,
		     const char *network);
bool lanbpf_wlan_current(int ifindex, int uplink, const uint8_t mac[6],
			 const char *network);
void lanbpf_wlan_remember(int ifindex, int uplink, const uint8_t mac[6],
			  const char *network);
void lanbpf_forget(const char *network);
int lanbpf_wlan_install(int ifindex, int uplink, const uint8_t mac[6],
			const char *network, char *why, size_t why_size);
bool lanbpf_wlan_present(int ifindex, bool egress);
int lanbpf_verify(int ifindex, const struct lanbpf_net *net, char *why,
		  size_t why_size);

#endif

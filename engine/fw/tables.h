/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * tables.h - how the chains and sets of a vmnet network are created (the
 * administrator's side: "up", "print", "verify"). Which sets exist and
 * their names are core/fw/objects.h's.
 */
#ifndef VMNET_FW_TABLES_H
#define VMNET_FW_TABLES_H

#include <stdbool.h>

#include "fw/objects.h"
#include "nftadm.h"

enum fw_chain {
	FC_IN,		/* inet input: what VMs may ask of the host */
	FC_FWD,		/* inet forward: the LAN block, inbound refusal */
	FC_NAT,		/* inet postrouting: masquerade */
	FC_GUARD,	/* bridge prerouting: the port guard */
	FC_DNAT,	/* bridge prerouting, 4addr: MAC translation in */
	FC_SNAT,	/* bridge postrouting, 4addr: MAC translation out */
	FC_UP,		/* netdev ingress of the uplink */
	FC_VM,		/* netdev ingress of the veth end */
	FC_OUT,		/* bridge postrouting: the seal on frames to VMs */
	FC_HOST,	/* bridge input, isolated: the mark of frames to the
			 * host */
	FC_PRE,		/* inet prerouting, isolated: that mark, used and
			 * cleared before the host routes */
	FC_HOSTVM,	/* netdev egress of the uplink, wlan netdev: the
			 * host's own frames to a VM */
	FC_NCHAINS
};

void fw_set_spec(const struct fw_net *n, enum fw_set s,
		 char name[FW_NAME_MAX], struct nft_set_spec *sp);

const char *fw_set_decl(enum fw_set s);
bool fw_has_chain(const struct fw_net *n, enum fw_chain c);
int fw_chain_family(enum fw_chain c);
void fw_chain_name(const struct fw_net *n, enum fw_chain c,
		   char name[FW_NAME_MAX]);
const char *fw_chain_type(enum fw_chain c);
int fw_chain_hook(enum fw_chain c);
int fw_chain_prio(enum fw_chain c);
const char *fw_chain_hook_name(enum fw_chain c);
bool fw_object_of(const struct fw_net *n, const char *name, bool chain);

const char *fw_family_name(int family);

#endif

/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * state.h - the nf_tables state one network should have: its chains with
 * their rules and its network-wide set elements, built from vmnet.conf and
 * the host's facts of the moment (struct fw_host). "up" installs it,
 * "print" writes it as an nft script, "status" and "check" compare the
 * kernel with it, vmnetd restores it. Administrator code only.
 */
#ifndef VMNET_FW_STATE_H
#define VMNET_FW_STATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "conf.h"
#include "fwnet.h"
#include "lan.h"
#include "objects.h"
#include "rule.h"

struct fw_rules {
	struct {
		struct nftnl_rule *r;
		char *text;
	} *v;
	size_t n, cap;
};

enum fw_elem_type { FE_NONE, FE_RANGES, FE_IPS, FE_MACS, FE_NAMES };

struct fw_elems {
	enum fw_elem_type type;
	const struct lan_range *ranges;	/* point into the fw_host */
	const uint32_t *ips;
	const uint8_t (*macs)[6];
	const char (*names)[16];
	size_t n;
};

struct fw_state {
	struct fw_net net;
	const struct conf_network *conf;
	const struct fw_host *host;
	char bridge[VAL_IFNAME_MAX + 1];
	char uplink[VAL_IFNAME_MAX + 1];	/* wlan */
	char vmend[VAL_IFNAME_MAX + 1];		/* wlan netdev: the veth end */
	char set[FS_NSETS][FW_NAME_MAX];
	char chain[FC_NCHAINS][FW_NAME_MAX];
	struct fw_rules rules[FC_NCHAINS];
	struct fw_elems elems[FS_NSETS];
	bool oom;
};

void fw_add_rule(struct fw_state *st, enum fw_chain c, struct fw_rule *r);

void fw_guard_rules(struct fw_state *st);
void fw_isolated_rules(struct fw_state *st);
void fw_wlan_rules(struct fw_state *st);

#endif

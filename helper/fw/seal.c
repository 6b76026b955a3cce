// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * seal.c - the marks the second line relies on (see lanbpf.c, tcseal.c):
 *
 *   out_NET   (bridge postrouting, every guarded network) marks every
 *             frame that leaves through a VM's tap with FW_SEAL. Each
 *             tap's tc egress filter drops what does not carry it: when
 *             vmnet's bridge table is gone (nft flush ruleset), so is the
 *             port guard, and nothing any VM sends, nor anything else,
 *             reaches a VM (no spoofed ARP, no rogue router advertisement
 *             or DHCP reply), until it is back.
 *   host_NET  (bridge input, isolated) marks every frame a VM's port
 *             sends up to the host with the port's index (portmark_NET,
 *             one element per port). The bridge's tc ingress filter drops
 *             what has no mark: with the bridge table gone, nothing of a
 *             VM reaches the host or is routed.
 *   pre_NET   (inet prerouting, isolated, after conntrack) clears that
 *             mark before the host routes, so that the host's own policy
 *             routing never sees it.
 *
 * The seal is set last before the frame leaves, and the host mark is
 * consumed before routing: no other tool's packets carry either.
 */
#include "state.h"

/**
 * fw_seal_rules() - the marks of the network in @st
 * @st:	state, with names filled in
 */
void fw_seal_rules(struct fw_state *st)
{
	uint32_t group = conf_port_group(st->net.name);
	struct fw_rule r;

	fr_begin(&r);
	fm_oifgroup(&r, group);
	fs_mark(&r, FW_SEAL);
	fw_add_rule(st, FC_OUT, &r);
	if (st->net.kind != CONF_FW_ISOLATED)
		return;
	fr_begin(&r);
	fm_iifgroup(&r, true, group);
	fs_mark_map(&r, st->set[FS_PORTMARK]);
	fw_add_rule(st, FC_HOST, &r);
	fr_begin(&r);
	fm_iifname(&r, true, st->bridge);
	fs_mark(&r, 0);
	fw_add_rule(st, FC_PRE, &r);
}

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
 *   pre_NET   (inet prerouting, isolated, after conntrack) counts each
 *             port's new connections against its limit (ACL max-conns:
 *             portlim_NET gives it to the frames in host_NET, as their
 *             priority; conns_NET counts by mark, so by port) and drops
 *             what is over, before the connection is confirmed: no VM
 *             fills the host's conntrack table. Then it clears the mark
 *             and the priority before the host routes, so that the host's
 *             own policy routing and queueing never see them.
 *
 * The seal is set last before the frame leaves, and the host mark is
 * consumed before routing: no other tool's packets carry either.
 */
#include "acl.h"
#include "fw/state.h"

/*
 * "iifname BR ct state new meta priority V add @conns_NET { meta mark ct
 * count over V } drop", one rule per limit V of the ACL; then the
 * default for any other value (a port attached under an ACL that has
 * changed since "up", or none).
 */
static void conn_limits(struct fw_state *st)
{
	const struct fw_host *h = st->host;
	struct fw_rule r;
	size_t i;

	for (i = 0; i <= h->nconns; i++) {
		size_t j;

		fr_begin(&r);
		fm_iifname(&r, true, st->bridge);
		fm_ct_new(&r);
		if (i < h->nconns)
			fm_priority(&r, true, h->conns[i]);
		for (j = 0; i == h->nconns && j < h->nconns; j++)
			fm_priority(&r, false, h->conns[j]);
		fs_connlimit(&r, st->set[FS_CONNS],
			     i < h->nconns ? h->conns[i] : ACL_DEFAULT_CONNS);
		fs_verdict(&r, NF_DROP);
		fw_add_rule(st, FC_PRE, &r);
	}
}

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
	if (!mode_of_kind(st->net.kind)->routed)
		return;
	fr_begin(&r);
	fm_iifgroup(&r, true, group);
	fs_meta_map(&r, true, st->set[FS_PORTMARK]);
	fs_meta_map(&r, false, st->set[FS_PORTLIM]);
	fw_add_rule(st, FC_HOST, &r);
	conn_limits(st);
	fr_begin(&r);
	fm_iifname(&r, true, st->bridge);
	fs_mark(&r, 0);
	fs_priority_none(&r);
	fw_add_rule(st, FC_PRE, &r);
}

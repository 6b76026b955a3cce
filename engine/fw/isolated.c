// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * isolated.c - the inet rules of an isolated network (table inet vmnet):
 *
 *   in_NET   what VMs may ask of the host: DHCP (to the broadcast or the
 *            bridge address), DNS and ping to the bridge address, replies
 *            to the host's own connections; nothing else of the host, on
 *            any of its addresses
 *   fwd_NET  VM to VM; no IPv6; nothing new into the bridge; VMs send only
 *            from their subnet; with lan = block, nothing to lan_NET
 *   nat_NET  masquerade out of the host's routes
 *
 * The LAN block also holds while these tables are absent (lanbpf.c).
 */
#include <netinet/in.h>
#include <linux/netfilter.h>

#include "fw/state.h"

static void in_rules(struct fw_state *st)
{
	static const struct inany_prefix bcast = {
		INANY_V4(255, 255, 255, 255), 32 };
	struct inany_prefix self = { st->conf->address.addr, 32 };
	const char *br = st->bridge;
	struct fw_rule r;
	static const struct { uint8_t proto; uint16_t port; } svc[] = {
		{ IPPROTO_UDP, 67 }, { IPPROTO_UDP, 53 }, { IPPROTO_TCP, 53 },
	};
	size_t i;

	fr_begin(&r);
	fm_iifname(&r, true, br);
	fm_nfproto(&r, NFPROTO_IPV6);
	fs_verdict(&r, NF_DROP);
	fw_add_rule(st, FC_IN, &r);
	fr_begin(&r);
	fm_iifname(&r, true, br);
	fm_ct_estrel(&r);
	fs_verdict(&r, NF_ACCEPT);
	fw_add_rule(st, FC_IN, &r);
	/* A DHCP client that has no address yet broadcasts. */
	fr_begin(&r);
	fm_iifname(&r, true, br);
	fm_nfproto(&r, NFPROTO_IPV4);
	fm_addr(&r, SEL_IP_DADDR, true, &bcast);
	fm_port(&r, IPPROTO_UDP, true, 67);
	fs_verdict(&r, NF_ACCEPT);
	fw_add_rule(st, FC_IN, &r);
	for (i = 0; i < sizeof(svc) / sizeof(svc[0]); i++) {
		fr_begin(&r);
		fm_iifname(&r, true, br);
		fm_nfproto(&r, NFPROTO_IPV4);
		fm_addr(&r, SEL_IP_DADDR, true, &self);
		fm_port(&r, svc[i].proto, true, svc[i].port);
		fs_verdict(&r, NF_ACCEPT);
		fw_add_rule(st, FC_IN, &r);
	}
	fr_begin(&r);
	fm_iifname(&r, true, br);
	fm_nfproto(&r, NFPROTO_IPV4);
	fm_addr(&r, SEL_IP_DADDR, true, &self);
	fm_icmp_echo(&r);
	fs_verdict(&r, NF_ACCEPT);
	fw_add_rule(st, FC_IN, &r);
	fr_begin(&r);
	fm_iifname(&r, true, br);
	fs_reject(&r);
	fw_add_rule(st, FC_IN, &r);
}

static void fwd_rules(struct fw_state *st)
{
	const char *br = st->bridge;
	struct fw_rule r;

	fr_begin(&r);
	fm_iifname(&r, true, br);
	fm_oifname(&r, true, br);
	fs_verdict(&r, NF_ACCEPT);
	fw_add_rule(st, FC_FWD, &r);
	fr_begin(&r);
	fm_iifname(&r, true, br);
	fm_nfproto(&r, NFPROTO_IPV6);
	fs_verdict(&r, NF_DROP);
	fw_add_rule(st, FC_FWD, &r);
	fr_begin(&r);
	fm_oifname(&r, true, br);
	fm_nfproto(&r, NFPROTO_IPV6);
	fs_verdict(&r, NF_DROP);
	fw_add_rule(st, FC_FWD, &r);
	fr_begin(&r);
	fm_oifname(&r, true, br);
	fm_ct_estrel(&r);
	fs_verdict(&r, NF_ACCEPT);
	fw_add_rule(st, FC_FWD, &r);
	fr_begin(&r);
	fm_oifname(&r, true, br);
	fs_reject(&r);
	fw_add_rule(st, FC_FWD, &r);
	fr_begin(&r);
	fm_iifname(&r, true, br);
	fm_nfproto(&r, NFPROTO_IPV4);
	fm_addr(&r, SEL_IP_SADDR, false, &st->conf->address);
	fs_verdict(&r, NF_DROP);
	fw_add_rule(st, FC_FWD, &r);
	if (st->net.lan_block) {
		fr_begin(&r);
		fm_iifname(&r, true, br);
		fm_nfproto(&r, NFPROTO_IPV4);
		fm_lookup(&r, st->set[FS_LAN], true, FW_KEYS(SEL_IP_DADDR));
		fs_reject(&r);
		fw_add_rule(st, FC_FWD, &r);
	}
}

static void nat_rules(struct fw_state *st)
{
	static const struct inany_prefix mcast = { INANY_V4(224, 0, 0, 0), 4 };
	static const struct inany_prefix bcast = {
		INANY_V4(255, 255, 255, 255), 32 };
	struct fw_rule r;

	fr_begin(&r);
	fm_oifname(&r, false, st->bridge);
	fm_nfproto(&r, NFPROTO_IPV4);
	fm_addr(&r, SEL_IP_SADDR, true, &st->conf->address);
	fm_addr(&r, SEL_IP_DADDR, false, &mcast);
	fm_addr(&r, SEL_IP_DADDR, false, &bcast);
	fs_masq(&r);
	fw_add_rule(st, FC_NAT, &r);
}

/**
 * fw_isolated_rules() - the inet rules of the isolated network in @st
 * @st:	state, with names filled in
 */
void fw_isolated_rules(struct fw_state *st)
{
	in_rules(st);
	fwd_rules(st);
	nat_rules(st);
}

// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * isolated.c - the inet rules of an isolated network (table inet vmnet):
 *
 *   in_NET   what VMs may ask of the host: DHCP (to the broadcast or the
 *            bridge address), DNS and ping to the bridge address, replies
 *            to the host's own connections; with IPv6, neighbour
 *            discovery and router solicitations, DHCPv6 (to the servers'
 *            multicast address or the bridge), DNS and ping to the
 *            bridge's addresses; nothing else of the host, on any of its
 *            addresses
 *   fwd_NET  VM to VM; nothing new into the bridge; VMs send only from
 *            their subnet and prefix; with lan = block, nothing to
 *            lan_NET or lan6_NET (IPv6: no IPv6 at all when the network
 *            has none)
 *   nat_NET  masquerade out of the host's routes (IPv6 too: NAT66, see
 *            fwd6.c)
 *
 * The LAN block also holds while these tables are absent (lanbpf.c).
 */
#include <netinet/in.h>
#include <linux/netfilter.h>

#include "fw/state.h"

/* ICMPv6 types a VM may send the host (RFC 4861): router and neighbour
 * solicitations, neighbour advertisements (the guard let them through
 * only whole and as the port itself) */
#define ND_RS 133
#define ND_NS 135
#define ND_NA 136
#define ICMP6_ECHO_REQUEST 128

/* ff02::1:2, All_DHCP_Relay_Agents_and_Servers (RFC 8415) */
static const struct inany_prefix dhcp6_servers = {
	{ .b = { 0xff, 2, [13] = 1, [15] = 2 } }, 128 };
/* fe80::/10, where the bridge's link-local address is */
static const struct inany_prefix link_local6 = { { .b = { 0xfe, 0x80 } },
						 10 };
/* ff00::/8 */
static const struct inany_prefix mcast6 = { { .b = { 0xff } }, 8 };

/* "iifname BR meta nfproto ipv6" */
static void from_bridge6(struct fw_state *st, struct fw_rule *r)
{
	fr_begin(r);
	fm_iifname(r, true, st->bridge);
	fm_nfproto(r, NFPROTO_IPV6);
}

/* What a VM may ask of the host over IPv6: at either address of the
 * bridge (its /64 address and its link-local one), DNS and ping;
 * DHCPv6 there or to the servers' multicast address; neighbour
 * discovery and router solicitations (which the kernel takes only with
 * hop limit 255, RFC 4861 6.1.1/7.1.1). */
static void in_rules6(struct fw_state *st)
{
	const struct inany_prefix self[2] = {
		{ st->conf->address6.addr, 128 }, link_local6 };
	static const struct { uint8_t proto; uint16_t port; } svc[] = {
		{ IPPROTO_UDP, 547 }, { IPPROTO_UDP, 53 }, { IPPROTO_TCP, 53 },
	};
	struct fw_rule r;
	size_t i, a;

	from_bridge6(st, &r);
	fm_icmp6_type(&r, ND_RS, ND_RS);
	fs_verdict(&r, NF_ACCEPT);
	fw_add_rule(st, FC_IN, &r);
	from_bridge6(st, &r);
	fm_icmp6_type(&r, ND_NS, ND_NA);
	fs_verdict(&r, NF_ACCEPT);
	fw_add_rule(st, FC_IN, &r);
	from_bridge6(st, &r);
	fm_addr(&r, SEL_IP_DADDR, true, &dhcp6_servers);
	fm_port(&r, IPPROTO_UDP, true, 547);
	fs_verdict(&r, NF_ACCEPT);
	fw_add_rule(st, FC_IN, &r);
	for (a = 0; a < 2; a++) {
		for (i = 0; i < sizeof(svc) / sizeof(svc[0]); i++) {
			from_bridge6(st, &r);
			fm_addr(&r, SEL_IP_DADDR, true, &self[a]);
			fm_port(&r, svc[i].proto, true, svc[i].port);
			fs_verdict(&r, NF_ACCEPT);
			fw_add_rule(st, FC_IN, &r);
		}
		from_bridge6(st, &r);
		fm_addr(&r, SEL_IP_DADDR, true, &self[a]);
		fm_icmp6_type(&r, ICMP6_ECHO_REQUEST, ICMP6_ECHO_REQUEST);
		fs_verdict(&r, NF_ACCEPT);
		fw_add_rule(st, FC_IN, &r);
	}
}

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

	if (!st->v6) {
		from_bridge6(st, &r);
		fs_verdict(&r, NF_DROP);
		fw_add_rule(st, FC_IN, &r);
	}
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
	if (st->v6)
		in_rules6(st);
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
	if (!st->v6) {
		from_bridge6(st, &r);
		fs_verdict(&r, NF_DROP);
		fw_add_rule(st, FC_FWD, &r);
		fr_begin(&r);
		fm_oifname(&r, true, br);
		fm_nfproto(&r, NFPROTO_IPV6);
		fs_verdict(&r, NF_DROP);
		fw_add_rule(st, FC_FWD, &r);
	}
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
	if (!st->v6)
		return;
	from_bridge6(st, &r);
	fm_addr(&r, SEL_IP_SADDR, false, &st->conf->address6);
	fs_verdict(&r, NF_DROP);
	fw_add_rule(st, FC_FWD, &r);
	if (st->net.lan_block) {
		from_bridge6(st, &r);
		fm_lookup(&r, st->set[FS_LAN6], true, FW_KEYS(SEL_IP6_DADDR));
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
	if (!st->v6)
		return;
	fr_begin(&r);
	fm_oifname(&r, false, st->bridge);
	fm_nfproto(&r, NFPROTO_IPV6);
	fm_addr(&r, SEL_IP_SADDR, true, &st->conf->address6);
	fm_addr(&r, SEL_IP_DADDR, false, &mcast6);
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

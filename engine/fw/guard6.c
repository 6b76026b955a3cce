// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * guard6.c - the port guard's IPv6 rules (see guard.c, which calls them
 * where its IPv4 rules end): a port holds the IPv6 addresses it claimed,
 * and speaks neighbour discovery only as itself.
 *
 * A port's addresses are learned from its packets, as nothing on a
 * bridged network is the authority for them (SLAAC: the guest makes
 * them from the LAN's router advertisements, and rotates its privacy
 * addresses): the first packet from a usable address claims it, every
 * later one keeps the claim, and a claim nobody used for a day expires.
 * A claim is the address's in claimed6_NET (address : port, so that no
 * two ports hold one) and the port's in own6_NET (port . address, the
 * raw field, so that a neighbour advertisement's target is looked up in
 * the same set); the port's claims are bounded by rate6_NET, so a guest
 * that sends from ever new addresses fills nothing.
 *
 * Neighbour discovery must be whole to pass: right behind the IPv6
 * header (no extension header, so no fragment: RFC 6980), hop limit 255,
 * and exactly as long as the message with no option or one option, so
 * the one option the rule checks is the only one there is. A header
 * chain cut short (the RFC 7113 evasion: a first fragment of extension
 * headers only) shows no transport protocol and matches no accept; a
 * later fragment of ICMPv6 is not accepted either (only its first
 * fragment shows the type), so an ICMPv6 message bigger than the MTU
 * (a ping with a large payload) does not leave a VM.
 */
#include <netinet/in.h>
#include <linux/netfilter.h>

#include "fw/proto.h"
#include "fw/state.h"

static const struct inany_prefix unspecified6 = { { .b = { 0 } }, 128 };
/* ff02::1:ff00:0/104: a solicited-node multicast address (RFC 4291) */
static const struct inany_prefix solicited6 = {
	{ .b = { 0xff, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0xff } }, 104 };

#define ETH_IP6 0x86dd

/* ICMPv6 types (RFC 4443, 3810, 4861) */
#define ICMP6_ERRORS_LAST 4		/* 1-4: the error messages */
#define ICMP6_ECHO_REQUEST 128
#define ICMP6_ECHO_REPLY 129
#define ICMP6_MLD_REPORT 131		/* MLDv1 report; 132: done */
#define ICMP6_MLD_DONE 132
#define ND_RS 133
#define ND_NS 135
#define ND_NA 136
#define ICMP6_MLD2_REPORT 143
#define ND_OPT_SLLA 1			/* source link-layer address */
#define ND_OPT_TLLA 2			/* target link-layer address */
#define ND_OPT_NONCE 14			/* RFC 7527: in a DAD probe */
/* the first option's type and length (one unit of 8 bytes), as @th
 * reads them */
#define ND_OPT1(type) ((unsigned)(type) << 8 | 1)
#define ND_LEN (unsigned)sizeof(struct proto_nd)
#define ND_LEN_NOOPT (unsigned)offsetof(struct proto_nd, opt)
#define RS_LEN (unsigned)sizeof(struct proto_rs)
#define RS_LEN_NOOPT (unsigned)offsetof(struct proto_rs, opt)

/* "iif . @nh,64,128 @own6": the packet's source is one the port holds */
static void own6(struct fw_state *st, struct fw_rule *r)
{
	fm_lookup(r, st->set[FS_OWN6], true,
		  FW_KEYS(SEL_IIF, SEL_IP6_SADDR_RAW));
}

/*
 * "ether type ip6 iif . @nh,64,128 != @own6 ip6 saddr @subnet6 ... add
 * @own6 ...": the first packet from a usable address the port does not
 * hold yet claims it, while the port has claims left (rate6_NET); and
 * "... @own6 update @own6 ... update @claimed6 ...": every packet from a
 * held address keeps its claim.
 */
static void learn_ip6(struct fw_state *st)
{
	struct fw_rule r;

	fr_begin(&r);
	fm_ethertype(&r, ETH_IP6);
	fm_lookup(&r, st->set[FS_OWN6], false,
		  FW_KEYS(SEL_IIF, SEL_IP6_SADDR_RAW));
	fm_lookup(&r, st->set[FS_SUBNET6], true, FW_KEYS(SEL_IP6_SADDR));
	fm_lookup(&r, st->set[FS_HOSTIPS6], false, FW_KEYS(SEL_IP6_SADDR));
	fm_lookup(&r, st->set[FS_CLAIMED6], false, FW_KEYS(SEL_IP6_SADDR));
	fm_lookup(&r, st->set[FS_LANIP6], false, FW_KEYS(SEL_IP6_SADDR));
	fm_lookup(&r, st->set[FS_PINIP6], false, FW_KEYS(SEL_IP6_SADDR));
	fs_rate(&r, st->set[FS_RATE6], SEL_IIF, FW_CLAIM6_PERIOD_S,
		FW_CLAIM6_BURST);
	fs_dynset(&r, false, st->set[FS_CLAIMED6], FW_KEYS(SEL_IP6_SADDR),
		  SEL_IIF, FW_CLAIM6_TIMEOUT_MS);
	fs_dynset(&r, false, st->set[FS_OWN6],
		  FW_KEYS(SEL_IIF, SEL_IP6_SADDR_RAW), -1,
		  FW_CLAIM6_TIMEOUT_MS);
	fw_add_rule(st, FC_GUARD, &r);

	/* (a configured address has no timeout: "update" leaves it so) */
	fr_begin(&r);
	fm_ethertype(&r, ETH_IP6);
	own6(st, &r);
	fs_dynset(&r, true, st->set[FS_OWN6],
		  FW_KEYS(SEL_IIF, SEL_IP6_SADDR_RAW), -1,
		  FW_CLAIM6_TIMEOUT_MS);
	fs_dynset(&r, true, st->set[FS_CLAIMED6], FW_KEYS(SEL_IP6_SADDR),
		  SEL_IIF, FW_CLAIM6_TIMEOUT_MS);
	/* wlan 4addr: where the address lives, for the translation (the
	 * port's MAC: checked before) */
	if (st->net.kind == CONF_FW_WLAN_4ADDR)
		fs_dynset(&r, true, st->set[FS_IP6MAC],
			  FW_KEYS(SEL_IP6_SADDR), SEL_ETH_SADDR,
			  FW_MAP_TIMEOUT_MS);
	fw_add_rule(st, FC_GUARD, &r);
}

/* The start of a neighbour discovery message of @type, whole, @len bytes
 * long, from @src (NULL: from an address the port holds). */
static void nd_begin(struct fw_state *st, struct fw_rule *r, uint8_t type,
		     unsigned len, const struct inany_prefix *src)
{
	fr_begin(r);
	fm_ethertype(r, ETH_IP6);
	fm_ip6_icmp_whole(r, (uint16_t)len);
	fm_icmp6_type(r, type, type);
	if (src)
		fm_addr(r, SEL_IP6_SADDR, true, src);
	else
		own6(st, r);
}

/* ... and its one option: @opt, whose link-layer address is the port's
 * own MAC (chaddr_NET: the port's MAC, typed as a raw field). */
static void nd_lla(struct fw_state *st, struct fw_rule *r, bool rs,
		   uint8_t opt)
{
	fm_th(r, rs ? offsetof(struct proto_rs, opt) :
		      offsetof(struct proto_nd, opt), 2, true, ND_OPT1(opt));
	fm_lookup(r, st->set[FS_CHADDR], true,
		  FW_KEYS(SEL_IIF, rs ? SEL_RS_LLA : SEL_ND_LLA));
}

static void nd_accept(struct fw_state *st, struct fw_rule *r)
{
	fs_verdict(r, NF_ACCEPT);
	fw_add_rule(st, FC_GUARD, r);
}

/*
 * Neighbour discovery as itself: a router solicitation and a neighbour
 * solicitation from an address the port holds, with no option or its
 * own MAC as the source link-layer address; from :: (before it holds
 * one) without it, a neighbour solicitation only to a solicited-node
 * address (duplicate address detection, perhaps with its nonce); a
 * neighbour advertisement only from and for an address the port holds.
 */
static void nd_rules(struct fw_state *st)
{
	struct fw_rule r;
	int opt;

	for (opt = 0; opt < 2; opt++) {
		nd_begin(st, &r, ND_RS, opt ? RS_LEN : RS_LEN_NOOPT, NULL);
		if (opt)
			nd_lla(st, &r, true, ND_OPT_SLLA);
		nd_accept(st, &r);
		nd_begin(st, &r, ND_NS, opt ? ND_LEN : ND_LEN_NOOPT, NULL);
		if (opt)
			nd_lla(st, &r, false, ND_OPT_SLLA);
		nd_accept(st, &r);
		nd_begin(st, &r, ND_NA, opt ? ND_LEN : ND_LEN_NOOPT, NULL);
		fm_lookup(&r, st->set[FS_OWN6], true,
			  FW_KEYS(SEL_IIF, SEL_ND_TARGET_RAW));
		if (opt)
			nd_lla(st, &r, false, ND_OPT_TLLA);
		nd_accept(st, &r);
		nd_begin(st, &r, ND_NS, opt ? ND_LEN : ND_LEN_NOOPT,
			 &unspecified6);
		fm_addr(&r, SEL_IP6_DADDR, true, &solicited6);
		if (opt)
			fm_th(&r, offsetof(struct proto_nd, opt), 2, true,
			      ND_OPT1(ND_OPT_NONCE));
		nd_accept(st, &r);
	}
	nd_begin(st, &r, ND_RS, RS_LEN_NOOPT, &unspecified6);
	nd_accept(st, &r);
}

/* "ether type ip6 [ip6 saddr ::] icmpv6 type LO..HI [iif . @nh,64,128
 * @own6] accept" */
static void icmp6_accept(struct fw_state *st, uint8_t lo, uint8_t hi,
			 bool unspec)
{
	struct fw_rule r;

	fr_begin(&r);
	fm_ethertype(&r, ETH_IP6);
	fm_icmp6_type(&r, lo, hi);
	if (unspec)
		fm_addr(&r, SEL_IP6_SADDR, true, &unspecified6);
	else
		own6(st, &r);
	fs_verdict(&r, NF_ACCEPT);
	fw_add_rule(st, FC_GUARD, &r);
}

/* "ether type ip6 udp sport|dport N drop" */
static void udp6_drop(struct fw_state *st, bool dport, uint16_t port)
{
	struct fw_rule r;

	fr_begin(&r);
	fm_ethertype(&r, ETH_IP6);
	fm_port(&r, IPPROTO_UDP, dport, port);
	fs_verdict(&r, NF_DROP);
	fw_add_rule(st, FC_GUARD, &r);
}

/**
 * fw_guard6_rules() - IPv6 from a guarded port (see the top of this file
 * and of guard.c), on networks whose VMs use IPv6
 * @st:	state, with names filled in
 */
void fw_guard6_rules(struct fw_state *st)
{
	struct fw_rule r;

	if (!fw_has_set(&st->net, FS_OWN6))
		return;
	fr_begin(&r);
	fm_ethertype(&r, ETH_IP6);
	fm_lookup(&r, st->set[FS_HOSTIPS6], true, FW_KEYS(SEL_IP6_SADDR));
	fs_verdict(&r, NF_DROP);
	fw_add_rule(st, FC_GUARD, &r);
	learn_ip6(st);
	nd_rules(st);
	/* MLD reports (also from :: while its address is tentative, RFC
	 * 3810 5.2.13), echo and the error messages */
	icmp6_accept(st, ICMP6_MLD2_REPORT, ICMP6_MLD2_REPORT, true);
	icmp6_accept(st, ICMP6_MLD_REPORT, ICMP6_MLD_REPORT, true);
	icmp6_accept(st, ICMP6_MLD2_REPORT, ICMP6_MLD2_REPORT, false);
	icmp6_accept(st, ICMP6_MLD_REPORT, ICMP6_MLD_DONE, false);
	icmp6_accept(st, ICMP6_ECHO_REQUEST, ICMP6_ECHO_REPLY, false);
	icmp6_accept(st, 1, ICMP6_ERRORS_LAST, false);
	udp6_drop(st, false, 547);	/* never a DHCPv6 server or relay */
	udp6_drop(st, true, 546);	/* nothing to a client */
	fr_begin(&r);
	fm_ethertype(&r, ETH_IP6);
	fm_l4proto_not(&r, IPPROTO_ICMPV6);
	own6(st, &r);
	fs_verdict(&r, NF_ACCEPT);
	fw_add_rule(st, FC_GUARD, &r);
}

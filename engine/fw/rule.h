/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * rule.h - one rule description, two back-ends.
 *
 * A rule is written once, as a sequence of match and statement idioms
 * (match.c): fm_iifname(r, true, "vmnet0"), fm_port(r, IPPROTO_UDP, true,
 * 67), fs_verdict(r, NF_ACCEPT). Each idiom appends its kernel expressions
 * (libnftnl) and its nft text to the same struct fw_rule, the way each of
 * nftables' expression types has a linearize step and a .print: the rule
 * vmnetctl installs, the line "vmnetctl print" shows and the rule
 * "vmnetctl status" expects to find in the kernel are one object.
 *
 * Dependencies (meta nfproto ipv4 before ip saddr in the inet family,
 * ether type arp before arp fields in the bridge family, meta iiftype
 * ether before ether matches in the netdev family) are written out by the
 * rule, never added silently: nft keeps dependencies a script states and
 * adds none of its own, so the script loads into the very same
 * expressions. The tests load "vmnetctl print" into an empty namespace and
 * compare both rulesets.
 */
#ifndef VMNET_FW_RULE_H
#define VMNET_FW_RULE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fw/objects.h"
#include "nftadm.h"
#include "validate.h"

#define FW_TEXT_MAX 768

struct fw_rule {
	struct nft_rule k;		/* the kernel expressions */
	char text[FW_TEXT_MAX];		/* the same rule as nft text */
	size_t len;
	bool overflow;
	unsigned deps;			/* protocols matched so far (bits
					 * of enum proto_dep) */
	bool unmet;			/* a field was read before its
					 * protocol was matched */
	const char *raw;		/* why nft's text cannot express
					 * it (fr_raw()), or NULL */
};

/* Selectors: what a match, lookup key or dynset key loads. */
enum fw_sel {
	SEL_IIF,		/* meta iif: the port's ifindex */
	SEL_IIFNAME,		/* meta iifname */
	SEL_ETH_SADDR,		/* ether saddr */
	SEL_ETH_SADDR_RAW,	/* @ll,48,48: the same bytes, as integer */
	SEL_ETH_DADDR,		/* ether daddr */
	SEL_ARP_SHA,		/* arp saddr ether */
	SEL_ARP_SIP,		/* arp saddr ip */
	SEL_ARP_TIP,		/* arp daddr ip */
	SEL_ARP_THA,		/* arp daddr ether */
	SEL_IP_SADDR,		/* ip saddr */
	SEL_IP_DADDR,		/* ip daddr */
	SEL_DHCP_CHADDR,	/* @th,288,48: BOOTP chaddr in a UDP packet */
	SEL_OIF,		/* meta oif */
	SEL_OIFNAME,		/* meta oifname */
	SEL_IP_SADDR_RAW,	/* @nh,96,32: ip saddr, as integer */
	SEL_ARP_SIP_RAW,	/* @nh,112,32: arp saddr ip, as integer */
	SEL_DHCP_YIADDR,	/* @th,192,32: BOOTP yiaddr */
	SEL_IP6_SADDR,		/* ip6 saddr */
	SEL_IP6_DADDR,		/* ip6 daddr */
	SEL_IP6_SADDR_RAW,	/* @nh,64,128: ip6 saddr, as integer */
	SEL_ND_TARGET_RAW,	/* @th,64,128: an NS's or NA's target */
	SEL_ND_LLA,		/* @th,208,48: an NS's or NA's first option's
				 * link-layer address */
	SEL_RS_LLA,		/* @th,80,48: an RS's */
	SEL_N
};

/*
 * A rule nft's text cannot express (a raw payload write with a checksum
 * fix, as the NDP rewrite of IPv6 on wlan will need): the builder says so
 * with fr_raw(r, why). "print" then writes it as a comment with the
 * reason and its kernel expressions, never as text that nft would load
 * as another rule, and the print round-trip compares every other rule
 * exactly; "verify" compares it by its expressions, as every rule. When
 * the first such rule lands, its kernel copy carries the comment "vmnet:
 * raw", which the round-trip tests leave out of the installed listing.
 */
void fr_raw(struct fw_rule *r, const char *why);
void fr_begin(struct fw_rule *r);
void fr_end(struct fw_rule *r);
void fr_text(struct fw_rule *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* ---- matches (match.c) ---- */
void fm_iifname(struct fw_rule *r, bool eq, const char *name);
void fm_oifname(struct fw_rule *r, bool eq, const char *name);
void fm_iifgroup(struct fw_rule *r, bool eq, uint32_t group);
void fm_oifgroup(struct fw_rule *r, uint32_t group);
void fm_nfproto(struct fw_rule *r, uint8_t nfproto);
void fm_protocol(struct fw_rule *r, uint16_t ethertype);
void fm_ethertype(struct fw_rule *r, uint16_t ethertype);
void fm_iiftype_ether(struct fw_rule *r);
void fm_port(struct fw_rule *r, uint8_t l4proto, bool dport, uint16_t port);
void fm_ports(struct fw_rule *r, uint8_t proto, uint16_t sport,
	      uint16_t dport);
void fm_icmp_echo(struct fw_rule *r);
void fm_ct_estrel(struct fw_rule *r);
void fm_ct_new(struct fw_rule *r);
void fm_priority(struct fw_rule *r, bool eq, uint32_t value);
void fm_mark(struct fw_rule *r, uint32_t value);
void fm_addr(struct fw_rule *r, enum fw_sel sel, bool eq,
	     const struct inany_prefix *p);
void fm_arp_ok(struct fw_rule *r);
void fm_ip_whole(struct fw_rule *r);
void fm_mac(struct fw_rule *r, enum fw_sel sel, const uint8_t mac[6]);
void fm_group_daddr(struct fw_rule *r);
void fm_th(struct fw_rule *r, unsigned off, unsigned len, bool eq,
	   uint32_t value);
void fm_ip6_icmp_whole(struct fw_rule *r, uint16_t length);
void fm_icmp6_type(struct fw_rule *r, uint8_t lo, uint8_t hi);
void fm_l4proto_not(struct fw_rule *r, uint8_t proto);
void fm_lookup(struct fw_rule *r, const char *set, bool eq, size_t nkeys,
	       const enum fw_sel *keys);

/* ---- statements (match.c) ---- */
void fs_dynset(struct fw_rule *r, bool update, const char *set, size_t nkeys,
	       const enum fw_sel *keys, int data, uint64_t timeout_ms);
void fs_verdict(struct fw_rule *r, int verdict);
void fs_mark(struct fw_rule *r, uint32_t value);
void fs_priority_none(struct fw_rule *r);
void fs_meta_map(struct fw_rule *r, bool mark, const char *map);
void fs_connlimit(struct fw_rule *r, const char *set, uint32_t count);
void fs_rate(struct fw_rule *r, const char *set, enum fw_sel key,
	     uint32_t period_s, uint32_t burst);
void fs_reject(struct fw_rule *r);
void fs_masq(struct fw_rule *r);
void fs_set_mac(struct fw_rule *r, enum fw_sel sel, const uint8_t mac[6]);
void fs_dnat_map(struct fw_rule *r, enum fw_sel daddr, const char *map);
void fs_dhcp_broadcast(struct fw_rule *r);
void fs_fwd(struct fw_rule *r, bool dup, int ifindex, const char *dev);

/* Shorthands for keys: K(SEL_IIF, SEL_ETH_SADDR) */
#define FW_KEYS(...) (sizeof((const enum fw_sel[]){ __VA_ARGS__ }) / \
		      sizeof(enum fw_sel)), ((const enum fw_sel[]){ __VA_ARGS__ })

#endif

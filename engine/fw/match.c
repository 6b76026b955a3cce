// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * match.c - the match idioms of vmnet's rules (fm_*) and the rule builder
 * itself (fr_*, the selectors), each idiom with its kernel expressions
 * and its nft text (see rule.h); the statements are stmt.c's.
 *
 * Every idiom loads its own operands into registers from NFT_R(0) on, as
 * nft's own code generator does for the text it prints, so a script from
 * "vmnetctl print" loads into the same expressions, and joins adjacent
 * fields into one load where nft joins them (the tests compare the
 * expressions of what "print" loads with what "up" installed).
 */
#include "fw/rule.h"
#include "fw/proto.h"
#include "fw/ruleint.h"

#include <arpa/inet.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_conntrack_common.h>
#include <linux/netfilter/nf_tables.h>
#include <net/if.h>
#include <netinet/in.h>
#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* The selectors: meta keys, or fields of a header (proto.h) with the
 * dependency a rule must have matched before it reads them. */
#define LL(member) NFT_PAYLOAD_LL_HEADER, PROTO_FIELD(struct ethhdr, member)
#define ARP(member) NFT_PAYLOAD_NETWORK_HEADER, \
	PROTO_FIELD(struct proto_arp, member), DEP_ARP
#define IP(member) NFT_PAYLOAD_NETWORK_HEADER, \
	PROTO_FIELD(struct iphdr, member), DEP_IPV4
#define BOOTP(member) NFT_PAYLOAD_TRANSPORT_HEADER, \
	PROTO_FIELD(struct proto_bootp, member), DEP_UDP
#define IP6(member) NFT_PAYLOAD_NETWORK_HEADER, \
	PROTO_FIELD(struct ip6_hdr, member), DEP_IPV6
#define ND(type, member) NFT_PAYLOAD_TRANSPORT_HEADER, \
	PROTO_FIELD(type, member), DEP_ICMPV6
static const struct sel_def sels[] = {
	[SEL_IIF] = { "iif", true, NFT_META_IIF, 0, 4, DEP_NONE },
	[SEL_IIFNAME] = { "iifname", true, NFT_META_IIFNAME, 0, 16, DEP_NONE },
	[SEL_ETH_SADDR] = { "ether saddr", false, LL(h_source), DEP_NONE },
	[SEL_ETH_SADDR_RAW] = { "@ll,48,48", false, LL(h_source), DEP_NONE },
	[SEL_ETH_DADDR] = { "ether daddr", false, LL(h_dest), DEP_NONE },
	[SEL_ARP_SHA] = { "arp saddr ether", false, ARP(sha) },
	[SEL_ARP_SIP] = { "arp saddr ip", false, ARP(sip) },
	[SEL_ARP_TIP] = { "arp daddr ip", false, ARP(tip) },
	[SEL_ARP_THA] = { "arp daddr ether", false, ARP(tha) },
	[SEL_IP_SADDR] = { "ip saddr", false, IP(saddr) },
	[SEL_IP_DADDR] = { "ip daddr", false, IP(daddr) },
	[SEL_DHCP_CHADDR] = { "@th,288,48", false,
			      NFT_PAYLOAD_TRANSPORT_HEADER,
			      offsetof(struct proto_bootp, chaddr), 6, DEP_UDP },
	[SEL_OIF] = { "oif", true, NFT_META_OIF, 0, 4, DEP_NONE },
	[SEL_OIFNAME] = { "oifname", true, NFT_META_OIFNAME, 0, 16, DEP_NONE },
	[SEL_IP_SADDR_RAW] = { "@nh,96,32", false, IP(saddr) },
	[SEL_ARP_SIP_RAW] = { "@nh,112,32", false, ARP(sip) },
	[SEL_DHCP_YIADDR] = { "@th,192,32", false, BOOTP(yiaddr) },
	[SEL_IP6_SADDR] = { "ip6 saddr", false, IP6(ip6_src) },
	[SEL_IP6_DADDR] = { "ip6 daddr", false, IP6(ip6_dst) },
	[SEL_IP6_SADDR_RAW] = { "@nh,64,128", false, IP6(ip6_src) },
	[SEL_ND_TARGET_RAW] = { "@th,64,128", false, ND(struct proto_nd,
							target) },
	[SEL_ND_LLA] = { "@th,208,48", false, ND(struct proto_nd, opt.mac) },
	[SEL_RS_LLA] = { "@th,80,48", false, ND(struct proto_rs, opt.mac) },
};
static_assert(sizeof(sels) / sizeof(sels[0]) == SEL_N, "one row per selector");

/* Selector @s's definition (ruleint.h). */
const struct sel_def *fw_sel(enum fw_sel s)
{
	return &sels[s];
}

/* Start rule @r: no expressions, no text. */
void fr_begin(struct fw_rule *r)
{
	nft_rule_begin(&r->k);
	r->text[0] = '\0';
	r->len = 0;
	r->overflow = false;
	r->deps = 1u << DEP_NONE;
	r->unmet = false;
	r->raw = NULL;
}

/* Mark @r as a rule nft's text cannot express, because @why (rule.h). */
void fr_raw(struct fw_rule *r, const char *why)
{
	r->raw = why;
}

/* A field of protocol @dep is read: the rule must have matched it. */
void fw_need(struct fw_rule *r, enum proto_dep dep)
{
	if (!(r->deps & (1u << dep)))
		r->unmet = true;
}

/* A field of the transport header is read: the rule must have matched
 * which transport it is (UDP, ICMPv6). */
static void need_transport(struct fw_rule *r)
{
	if (!(r->deps & (1u << DEP_UDP | 1u << DEP_ICMPV6)))
		r->unmet = true;
}

/* The rule matched the ethertype @ethertype. */
static void matched_ethertype(struct fw_rule *r, uint16_t ethertype)
{
	if (ethertype == ETH_P_ARP)
		r->deps |= 1u << DEP_ARP;
	else if (ethertype == ETH_P_IP)
		r->deps |= 1u << DEP_IPV4;
	else if (ethertype == ETH_P_IPV6)
		r->deps |= 1u << DEP_IPV6;
}

/* Free @r's kernel expressions (after fw_add_rule() took what it keeps). */
void fr_end(struct fw_rule *r)
{
	nft_rule_end(&r->k);
}

/* Append one token (or several) of text, space-separated. */
void fr_text(struct fw_rule *r, const char *fmt, ...)
{
	size_t room = sizeof(r->text) - r->len;
	va_list ap;
	int n = 0;

	if (r->overflow)
		return;
	if (r->len)
		n = snprintf(r->text + r->len, room, " ");
	if (n < 0 || (size_t)n >= room) {
		r->overflow = true;
		return;
	}
	r->len += (size_t)n;
	room -= (size_t)n;
	va_start(ap, fmt);
	n = vsnprintf(r->text + r->len, room, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= room)
		r->overflow = true;
	else
		r->len += (size_t)n;
}

/* Load selector @s into 32-bit register @n; return how many registers
 * it takes. */
unsigned fw_load(struct fw_rule *r, enum fw_sel s, unsigned n)
{
	const struct sel_def *d = &sels[s];

	fw_need(r, d->dep);
	if (d->meta)
		nft_meta(&r->k, d->key, NFT_R(n));
	else
		nft_payload(&r->k, d->key, d->off, d->len, NFT_R(n));
	return (d->len + 3) / 4;
}

/* "K1 . K2 ..." into the text, the keys into consecutive registers from
 * 0; return the first register after them. */
unsigned fw_load_keys(struct fw_rule *r, size_t n, const enum fw_sel *keys,
		      char *text, size_t size)
{
	unsigned reg = 0;
	size_t i, len = 0;

	text[0] = '\0';
	for (i = 0; i < n; i++) {
		int w = snprintf(text + len, size - len, "%s%s", i ? " . " : "",
				 sels[keys[i]].text);

		if (w > 0 && (size_t)w < size - len)
			len += (size_t)w;
		reg += fw_load(r, keys[i], reg);
	}
	return reg;
}

static void ifname_key(uint8_t k[IFNAMSIZ], const char *name)
{
	memset(k, 0, IFNAMSIZ);
	memcpy(k, name, strnlen(name, IFNAMSIZ - 1));
}

static void m_ifname(struct fw_rule *r, uint32_t key, const char *word,
		     bool eq, const char *name)
{
	uint8_t k[IFNAMSIZ];

	ifname_key(k, name);
	nft_meta(&r->k, key, NFT_R(0));
	nft_cmp(&r->k, NFT_R(0), eq ? NFT_CMP_EQ : NFT_CMP_NEQ, k, sizeof(k));
	fr_text(r, "%s %s\"%s\"", word, eq ? "" : "!= ", name);
}

/* iifname ["!="] "NAME" */
void fm_iifname(struct fw_rule *r, bool eq, const char *name)
{
	m_ifname(r, NFT_META_IIFNAME, "iifname", eq, name);
}

/* oifname ["!="] "NAME" */
void fm_oifname(struct fw_rule *r, bool eq, const char *name)
{
	m_ifname(r, NFT_META_OIFNAME, "oifname", eq, name);
}

/* iifgroup ["!="] N */
void fm_iifgroup(struct fw_rule *r, bool eq, uint32_t group)
{
	nft_meta(&r->k, NFT_META_IIFGROUP, NFT_R(0));
	nft_cmp(&r->k, NFT_R(0), eq ? NFT_CMP_EQ : NFT_CMP_NEQ, &group, 4);
	fr_text(r, "iifgroup %s%u", eq ? "" : "!= ", (unsigned)group);
}

/* oifgroup N */
void fm_oifgroup(struct fw_rule *r, uint32_t group)
{
	nft_meta(&r->k, NFT_META_OIFGROUP, NFT_R(0));
	nft_cmp(&r->k, NFT_R(0), NFT_CMP_EQ, &group, 4);
	fr_text(r, "oifgroup %u", (unsigned)group);
}

/* meta nfproto ipv4|ipv6 (inet family) */
void fm_nfproto(struct fw_rule *r, uint8_t nfproto)
{
	nft_meta(&r->k, NFT_META_NFPROTO, NFT_R(0));
	nft_cmp(&r->k, NFT_R(0), NFT_CMP_EQ, &nfproto, 1);
	if (nfproto == NFPROTO_IPV4)
		r->deps |= 1u << DEP_IPV4;
	else if (nfproto == NFPROTO_IPV6)
		r->deps |= 1u << DEP_IPV6;
	fr_text(r, "meta nfproto %s", nfproto == NFPROTO_IPV6 ? "ipv6" :
						       "ipv4");
}

static const char *ethertype_name(uint16_t t)
{
	return t == 0x0806 ? "arp" : t == 0x86dd ? "ip6" : "ip";
}

/* meta protocol ip|arp */
void fm_protocol(struct fw_rule *r, uint16_t ethertype)
{
	uint16_t t = htons(ethertype);

	nft_meta(&r->k, NFT_META_PROTOCOL, NFT_R(0));
	nft_cmp(&r->k, NFT_R(0), NFT_CMP_EQ, &t, 2);
	matched_ethertype(r, ethertype);
	fr_text(r, "meta protocol %s", ethertype_name(ethertype));
}

/* ether type ip|arp */
void fm_ethertype(struct fw_rule *r, uint16_t ethertype)
{
	uint16_t t = htons(ethertype);

	nft_payload(&r->k, NFT_PAYLOAD_LL_HEADER,
		    offsetof(struct ethhdr, h_proto), 2, NFT_R(0));
	nft_cmp(&r->k, NFT_R(0), NFT_CMP_EQ, &t, 2);
	matched_ethertype(r, ethertype);
	fr_text(r, "ether type %s", ethertype_name(ethertype));
}

/* meta iiftype ether (netdev family, before Ethernet header matches) */
void fm_iiftype_ether(struct fw_rule *r)
{
	uint16_t ether = 1;	/* ARPHRD_ETHER */

	nft_meta(&r->k, NFT_META_IIFTYPE, NFT_R(0));
	nft_cmp(&r->k, NFT_R(0), NFT_CMP_EQ, &ether, 2);
	fr_text(r, "meta iiftype ether");
}

/* meta l4proto PROTO: the transport header exists (a packet without one,
 * not IP or a later fragment, has l4proto 0) */
static void l4proto(struct fw_rule *r, uint8_t proto)
{
	nft_meta(&r->k, NFT_META_L4PROTO, NFT_R(0));
	nft_cmp(&r->k, NFT_R(0), NFT_CMP_EQ, &proto, 1);
	if (proto == IPPROTO_UDP)
		r->deps |= 1u << DEP_UDP;
	else if (proto == IPPROTO_ICMPV6)
		r->deps |= 1u << DEP_ICMPV6;
}

/* "meta l4proto != PROTO": a packet whose transport protocol the kernel
 * found (a whole header chain; a later fragment's protocol is the one
 * its fragment header names) and is not @proto. A packet whose header
 * chain is cut short (RFC 7112) has none, and matches neither form. */
void fm_l4proto_not(struct fw_rule *r, uint8_t proto)
{
	nft_meta(&r->k, NFT_META_L4PROTO, NFT_R(0));
	nft_cmp(&r->k, NFT_R(0), NFT_CMP_NEQ, &proto, 1);
	fr_text(r, "meta l4proto != %u", (unsigned)proto);
}

/*
 * "ip6 length N ip6 nexthdr 58 ip6 hoplimit 255": a neighbour discovery
 * message as RFC 4861 wants it: ICMPv6 right behind the IPv6 header (no
 * extension header, so no fragment either: RFC 6980), never routed, and
 * exactly @length bytes long (so its options are exactly the ones the
 * rule reads). One load of the three fields, as nft joins them.
 */
void fm_ip6_icmp_whole(struct fw_rule *r, uint16_t length)
{
	uint8_t v[4] = { (uint8_t)(length >> 8), (uint8_t)length,
			 IPPROTO_ICMPV6, 255 };

	fw_need(r, DEP_IPV6);
	nft_payload(&r->k, NFT_PAYLOAD_NETWORK_HEADER,
		    offsetof(struct ip6_hdr, ip6_plen), 4, NFT_R(0));
	nft_cmp(&r->k, NFT_R(0), NFT_CMP_EQ, v, 4);
	r->deps |= 1u << DEP_ICMPV6;
	fr_text(r, "ip6 length %u ip6 nexthdr %u ip6 hoplimit 255",
		(unsigned)length, IPPROTO_ICMPV6);
}

/* "icmpv6 type N", or "icmpv6 type >= LO icmpv6 type <= HI" (with nft's
 * own l4proto dependency, unless the rule matched ICMPv6 already) */
void fm_icmp6_type(struct fw_rule *r, uint8_t lo, uint8_t hi)
{
	fw_need(r, DEP_IPV6);
	if (!(r->deps & (1u << DEP_ICMPV6)))
		l4proto(r, IPPROTO_ICMPV6);
	nft_payload(&r->k, NFT_PAYLOAD_TRANSPORT_HEADER, 0, 1, NFT_R(0));
	if (lo == hi) {
		nft_cmp(&r->k, NFT_R(0), NFT_CMP_EQ, &lo, 1);
		fr_text(r, "icmpv6 type %u", (unsigned)lo);
		return;
	}
	nft_cmp(&r->k, NFT_R(0), NFT_CMP_GTE, &lo, 1);
	nft_payload(&r->k, NFT_PAYLOAD_TRANSPORT_HEADER, 0, 1, NFT_R(0));
	nft_cmp(&r->k, NFT_R(0), NFT_CMP_LTE, &hi, 1);
	fr_text(r, "icmpv6 type >= %u icmpv6 type <= %u", (unsigned)lo,
		(unsigned)hi);
}

/* udp|tcp sport|dport N (nft's own l4proto dependency included) */
void fm_port(struct fw_rule *r, uint8_t proto, bool dport, uint16_t port)
{
	uint16_t p = htons(port);

	l4proto(r, proto);
	nft_payload(&r->k, NFT_PAYLOAD_TRANSPORT_HEADER, dport ? 2 : 0, 2,
		    NFT_R(0));
	nft_cmp(&r->k, NFT_R(0), NFT_CMP_EQ, &p, 2);
	fr_text(r, "%s %s %u", proto == IPPROTO_TCP ? "tcp" : "udp",
		dport ? "dport" : "sport", (unsigned)port);
}

/* "udp sport S udp dport D": both ports, in one load as nft joins them */
void fm_ports(struct fw_rule *r, uint8_t proto, uint16_t sport,
	      uint16_t dport)
{
	uint16_t p[2] = { htons(sport), htons(dport) };

	l4proto(r, proto);
	nft_payload(&r->k, NFT_PAYLOAD_TRANSPORT_HEADER, 0, 4, NFT_R(0));
	nft_cmp(&r->k, NFT_R(0), NFT_CMP_EQ, p, 4);
	fr_text(r, "%s sport %u %s dport %u",
		proto == IPPROTO_TCP ? "tcp" : "udp", (unsigned)sport,
		proto == IPPROTO_TCP ? "tcp" : "udp", (unsigned)dport);
}

/* icmp type echo-request */
void fm_icmp_echo(struct fw_rule *r)
{
	uint8_t echo = 8;

	l4proto(r, IPPROTO_ICMP);
	nft_payload(&r->k, NFT_PAYLOAD_TRANSPORT_HEADER, 0, 1, NFT_R(0));
	nft_cmp(&r->k, NFT_R(0), NFT_CMP_EQ, &echo, 1);
	fr_text(r, "icmp type echo-request");
}

static void ct_state(struct fw_rule *r, uint32_t mask, const char *text)
{
	uint32_t zero = 0;

	nft_ct(&r->k, NFT_CT_STATE, NFT_R(0));
	nft_bitwise(&r->k, NFT_R(0), &mask, 4);
	nft_cmp(&r->k, NFT_R(0), NFT_CMP_NEQ, &zero, 4);
	fr_text(r, "ct state %s", text);
}

/* ct state established,related */
void fm_ct_estrel(struct fw_rule *r)
{
	ct_state(r, NF_CT_STATE_BIT(IP_CT_ESTABLISHED) |
		    NF_CT_STATE_BIT(IP_CT_RELATED), "established,related");
}

/* ct state new */
void fm_ct_new(struct fw_rule *r)
{
	ct_state(r, NF_CT_STATE_BIT(IP_CT_NEW), "new");
}

/* meta priority ["!="] MAJOR:MINOR (as nft writes a priority) */
/* meta mark VALUE */
void fm_mark(struct fw_rule *r, uint32_t value)
{
	nft_meta(&r->k, NFT_META_MARK, NFT_R(0));
	nft_cmp(&r->k, NFT_R(0), NFT_CMP_EQ, &value, 4);
	fr_text(r, "meta mark 0x%08x", (unsigned)value);
}

void fm_priority(struct fw_rule *r, bool eq, uint32_t value)
{
	nft_meta(&r->k, NFT_META_PRIORITY, NFT_R(0));
	nft_cmp(&r->k, NFT_R(0), eq ? NFT_CMP_EQ : NFT_CMP_NEQ, &value, 4);
	fr_text(r, "meta priority %s%x:%x", eq ? "" : "!= ",
		(unsigned)(value >> 16), (unsigned)(value & 0xffff));
}

/* The selector of @sel's field in @a's family: an IP address selector
 * names the field of both (ip saddr, ip6 saddr); ARP's are IPv4's only. */
static enum fw_sel family_sel(enum fw_sel sel, const union inany *a)
{
	bool v4 = inany_is_v4(a);

	if (sel == SEL_IP_SADDR || sel == SEL_IP6_SADDR)
		return v4 ? SEL_IP_SADDR : SEL_IP6_SADDR;
	if (sel == SEL_IP_DADDR || sel == SEL_IP6_DADDR)
		return v4 ? SEL_IP_DADDR : SEL_IP6_DADDR;
	return sel;
}

/* ip|ip6 saddr|daddr, arp saddr|daddr ip ["!="] ADDR[/LEN], the IP field
 * of the prefix's family; a prefix of another family than the field's
 * (an IPv6 one for ARP) is refused as an unmet dependency */
void fm_addr(struct fw_rule *r, enum fw_sel sel, bool eq,
	     const struct inany_prefix *p)
{
	union inany mask;
	struct inany_range net;
	const uint8_t *mb, *nb;
	uint32_t len;
	char a[INANY_STRLEN];

	sel = family_sel(sel, &p->addr);
	inany_prefix_mask(p, &mask);
	inany_prefix_range(p, &net);
	mb = inany_bytes(&mask, &len);
	nb = inany_bytes(&net.lo, &len);
	if (len != fw_sel(sel)->len)
		r->unmet = true;
	if (p->len % 8 == 0 && p->len < inany_bits(&p->addr)) {
		/* whole bytes: nft loads and compares only those */
		const struct sel_def *d = fw_sel(sel);

		fw_need(r, d->dep);
		nft_payload(&r->k, d->key, d->off, p->len / 8u, NFT_R(0));
		nft_cmp(&r->k, NFT_R(0), eq ? NFT_CMP_EQ : NFT_CMP_NEQ, nb,
			p->len / 8u);
	} else {
		fw_load(r, sel, 0);
		if (p->len < inany_bits(&p->addr))
			nft_bitwise(&r->k, NFT_R(0), mb, len);
		nft_cmp(&r->k, NFT_R(0), eq ? NFT_CMP_EQ : NFT_CMP_NEQ, nb,
			len);
	}
	inany_str(&net.lo, a);
	if (p->len < inany_bits(&p->addr))
		fr_text(r, "%s %s%s/%u", sels[sel].text, eq ? "" : "!= ", a,
			p->len);
	else
		fr_text(r, "%s %s%s", sels[sel].text, eq ? "" : "!= ", a);
}

/*
 * "arp htype 1 arp ptype ip arp hlen 6 arp plen 4": Ethernet/IPv4 ARP,
 * each field matched for what it must be, so that an ARP message too
 * short to hold them matches nothing.
 */
void fm_arp_ok(struct fw_rule *r)
{
	/* htype 1, ptype ip; hlen 6, plen 4: two loads, as nft joins them */
	const uint8_t types[4] = { 0, 1, ETH_P_IP >> 8, ETH_P_IP & 0xff };
	const uint8_t lens[2] = { ETH_ALEN, 4 };

	fw_need(r, DEP_ARP);
	nft_payload(&r->k, NFT_PAYLOAD_NETWORK_HEADER,
		    offsetof(struct proto_arp, htype), 4, NFT_R(0));
	nft_cmp(&r->k, NFT_R(0), NFT_CMP_EQ, types, 4);
	nft_payload(&r->k, NFT_PAYLOAD_NETWORK_HEADER,
		    offsetof(struct proto_arp, hlen), 2, NFT_R(0));
	nft_cmp(&r->k, NFT_R(0), NFT_CMP_EQ, lens, 2);
	fr_text(r, "arp htype 1 arp ptype ip arp hlen 6 arp plen 4");
}

/* "ip frag-off & 0x3fff == 0": a whole datagram, not a fragment (its
 * transport fields are all there, none of them in another fragment). */
void fm_ip_whole(struct fw_rule *r)
{
	uint16_t mask = htons(0x3fff), zero = 0;

	fw_need(r, DEP_IPV4);
	nft_payload(&r->k, NFT_PAYLOAD_NETWORK_HEADER,
		    PROTO_FIELD(struct iphdr, frag_off), NFT_R(0));
	nft_bitwise(&r->k, NFT_R(0), &mask, 2);
	nft_cmp(&r->k, NFT_R(0), NFT_CMP_EQ, &zero, 2);
	fr_text(r, "ip frag-off & 0x3fff == 0");
}

/* ether saddr|daddr, arp saddr|daddr ether MAC */
void fm_mac(struct fw_rule *r, enum fw_sel sel, const uint8_t mac[6])
{
	char m[18];

	fw_load(r, sel, 0);
	nft_cmp(&r->k, NFT_R(0), NFT_CMP_EQ, mac, 6);
	val_mac_str(mac, m);
	fr_text(r, "%s %s", sels[sel].text, m);
}

/* ether daddr & 01:00:00:00:00:00 == 01:00:00:00:00:00: broadcast or
 * multicast */
void fm_group_daddr(struct fw_rule *r)
{
	uint8_t group[6] = { 1 };

	nft_payload(&r->k, NFT_PAYLOAD_LL_HEADER, 0, 6, NFT_R(0));
	nft_bitwise(&r->k, NFT_R(0), group, 6);
	nft_cmp(&r->k, NFT_R(0), NFT_CMP_EQ, group, 6);
	fr_text(r, "ether daddr & 01:00:00:00:00:00 == 01:00:00:00:00:00");
}

/*
 * "@th,BITS,LEN [!=] VALUE": @len bytes (1 to 4) @off bytes into the
 * transport header (a UDP or ICMPv6 header, then what it carries), big
 * endian. A
 * packet too short for them matches neither form: rules that accept say
 * what they need, so that a missing field never lets a packet through.
 * (nft joins adjacent matches of up to 32 bits into one: write them
 * joined, so that a printed rule loads back the same.)
 */
void fm_th(struct fw_rule *r, unsigned off, unsigned len, bool eq,
	   uint32_t value)
{
	uint8_t v[4];
	unsigned i;

	need_transport(r);
	for (i = 0; i < len && i < 4; i++)
		v[i] = (uint8_t)(value >> (8 * (len - 1 - i)));
	nft_payload(&r->k, NFT_PAYLOAD_TRANSPORT_HEADER, off, len, NFT_R(0));
	nft_cmp(&r->k, NFT_R(0), eq ? NFT_CMP_EQ : NFT_CMP_NEQ, v, len);
	fr_text(r, "@th,%u,%u %s%u", off * 8, len * 8, eq ? "" : "!= ",
		(unsigned)value);
}

/* K1 [. K2 ...] ["!="] @SET */
void fm_lookup(struct fw_rule *r, const char *set, bool eq, size_t nkeys,
	       const enum fw_sel *keys)
{
	char k[96];

	fw_load_keys(r, nkeys, keys, k, sizeof(k));
	nft_lookup(&r->k, NFT_R(0), set, !eq);
	fr_text(r, "%s %s@%s", k, eq ? "" : "!= ", set);
}

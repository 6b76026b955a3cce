/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * proto.h - the protocol headers vmnet's rules read and write, as C
 * structs, so that every field a rule names is offsetof() of a member
 * (as nftables' proto_desc describes its fields), never a number typed
 * into a rule; and what a rule must have matched before it may read a
 * field (its dependency: an ARP field of a frame that is not ARP is
 * garbage). match.c checks the dependency of every field it loads.
 */
#ifndef VMNET_FW_PROTO_H
#define VMNET_FW_PROTO_H

#include <assert.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <netinet/ip6.h>
#include <linux/udp.h>
#include <stddef.h>
#include <stdint.h>

/* An Ethernet/IPv4 ARP message (RFC 826), as nft's "arp" fields read it
 * from the network header. */
struct proto_arp {
	uint16_t htype, ptype;
	uint8_t hlen, plen;
	uint16_t op;
	uint8_t sha[6], sip[4], tha[6], tip[4];
} __attribute__((packed));

/* A BOOTP/DHCP message behind its UDP header (RFC 2131 2), as @th reads
 * it from the transport header. */
struct proto_bootp {
	struct udphdr udp;
	uint8_t op, htype, hlen, hops;
	uint32_t xid;
	uint16_t secs, flags;
	uint32_t ciaddr, yiaddr, siaddr, giaddr;
	uint8_t chaddr[16], sname[64], file[128];
	uint32_t magic;		/* RFC 2131 3: the options' cookie */
	uint8_t option[3];	/* the first option: 53, 1, the type */
} __attribute__((packed));

static_assert(offsetof(struct proto_arp, tip) == 24, "RFC 826 layout");
static_assert(offsetof(struct proto_bootp, chaddr) == 8 + 28,
	      "RFC 2131 layout");
static_assert(offsetof(struct proto_bootp, magic) == 8 + 236,
	      "RFC 2131 layout");

/* offset, length of a member: a field's place in its header */
#define PROTO_FIELD(type, member) \
	offsetof(type, member), sizeof(((type *)0)->member)

/* What a rule must have matched before it reads a field. */
enum proto_dep {
	DEP_NONE,	/* meta data, the link layer */
	DEP_ARP,	/* ether type / meta protocol arp */
	DEP_IPV4,	/* ether type / meta protocol ip, meta nfproto ipv4 */
	DEP_UDP,	/* IPv4 and meta l4proto udp */
	DEP_IPV6,	/* ether type / meta protocol ip6, meta nfproto ipv6 */
	DEP_ICMPV6,	/* IPv6 and ip6 nexthdr 58 (or meta l4proto 58) */
};

/*
 * A neighbour discovery message behind its ICMPv6 header (RFC 4861 4),
 * as @th reads it: a solicitation or advertisement (NS/NA: the target,
 * then options) or a router solicitation (RS: options at once). The
 * first option, when there is one, is where vmnet looks for the
 * link-layer address: a rule that accepts says the message's exact
 * length, so there is no second option a check did not see.
 */
struct proto_nd_opt {
	uint8_t type, len;	/* len: in units of 8 bytes */
	uint8_t mac[6];
} __attribute__((packed));

struct proto_nd {
	uint8_t type, code;
	uint16_t csum;
	uint32_t flags;		/* NA: R, S, O; NS, RS: reserved */
	uint8_t target[16];	/* NS, NA */
	struct proto_nd_opt opt;
} __attribute__((packed));

struct proto_rs {
	uint8_t type, code;
	uint16_t csum;
	uint32_t reserved;
	struct proto_nd_opt opt;
} __attribute__((packed));

static_assert(offsetof(struct proto_nd, target) == 8, "RFC 4861 layout");
static_assert(offsetof(struct proto_nd, opt) == 24, "RFC 4861 layout");
static_assert(offsetof(struct proto_rs, opt) == 8, "RFC 4861 layout");

static_assert(offsetof(struct ip6_hdr, ip6_src) == 8, "RFC 8200 layout");
static_assert(offsetof(struct ip6_hdr, ip6_dst) == 24, "RFC 8200 layout");

#endif

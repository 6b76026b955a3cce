// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * lanbpf.bpf.c - the second line of an isolated network (see lanbpf.c):
 * two tc programs on the network's bridge device, compiled with clang
 * -target bpf and loaded by vmnetctl. They hold what vmnet's nf_tables
 * rules hold while those are absent, and let through everything those
 * rules let through while they are there.
 *
 *   vmnet_lan_in   frames the bridge passes up to the host (to the host
 *                  itself, or to be routed):
 *     - nothing the port guard did not see: the guard's "host" chain
 *       marks what it lets up (meta mark = the port's index), so with
 *       vmnet's bridge table gone nothing of a VM reaches the host;
 *     - ARP passes (the host answers for the bridge address only:
 *       arp_ignore); IPv6 and every other protocol is dropped;
 *     - IPv4 to the bridge address: DHCP, DNS and echo requests, and
 *       replies within connections the host opened (its conntrack says
 *       so); to 255.255.255.255 only DHCP; nothing fragmented;
 *     - IPv4 to anything the host would not route on (its own other
 *       addresses, 127/8 even with route_localnet, broadcast, multicast):
 *       dropped, whatever the port;
 *     - IPv4 routed to a LAN range (the "lan" map): dropped;
 *     - IPv6, where the network has it ("self6"; else all of it is
 *       dropped), alike: to the bridge's addresses (its /64 one, any
 *       link-local one) DNS, DHCPv6, echo, ICMPv6 errors, router and
 *       neighbour solicitations, neighbour advertisements, and replies
 *       within the host's connections; to link-scope multicast only
 *       DHCPv6 to the servers' address and neighbour discovery and MLD;
 *       nothing with an extension header to the host; routed only if
 *       the kernel routes it (not to the host's other addresses) and
 *       not to a LAN range ("lan6").
 *   vmnet_lan_out  what the host sends into the bridge: IPv4 or IPv6
 *                  from a LAN range (but the bridge's own addresses)
 *                  is dropped; IPv6 where the network has none.
 *
 * And, for a wlan network with method netdev (wlan.c):
 *
 *   vmnet_wlan_host  on the ingress of the veth end where the VMs'
 *                  frames leave their bridge (after the port guard):
 *                  frames to the station's MAC are the host's, which the
 *                  access point would never bring back: they go into the
 *                  uplink's ingress, as if the LAN had sent them; ARP
 *                  requests are copied there too (the host answers for
 *                  its own addresses), and go on to be translated;
 *                  both carry WLAN_HOST_MARK, so that the uplink's
 *                  up_NET chain gives them to the host alone. IPv6
 *                  likewise: neighbour solicitations are copied, and
 *                  both carry the station's MAC in their link-layer
 *                  address options.
 *
 * And, for every wlan network:
 *
 *   vmnet_wlan_nd    on the uplink's egress: a neighbour discovery
 *                  message the station sends (its own, and its VMs',
 *                  translated by wlan.c's rules) carries the station's
 *                  MAC in each of its link-layer address options, its
 *                  ICMPv6 checksum fixed: the LAN learns the station's
 *                  MAC for a VM's IPv6 address, as it does from ARP.
 *
 * Never: a rule that passes on a field it could not read.
 */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/pkt_cls.h>
#include <linux/socket.h>
#include <stdbool.h>
#include <bpf/bpf_endian.h>
#include <bpf/bpf_helpers.h>

#include "lanbpf_abi.h"

#ifndef AF_INET
#define AF_INET 2
#endif
#ifndef AF_INET6
#define AF_INET6 10
#endif
#define ICMPV6_DEST_UNREACH 1
#define ICMPV6_PARAMPROB 4
#define ICMPV6_ECHO_REQUEST 128
#define ICMPV6_ECHO_REPLY 129
#define ICMPV6_MLD_REPORT 131
#define ICMPV6_MLD_DONE 132
#define ND_RS 133
#define ND_RA 134
#define ND_NS 135
#define ND_NA 136
#define ICMPV6_MLD2_REPORT 143
#define IP_MF 0x2000
#define IP_OFFSET 0x1fff
#define ICMP_ECHOREPLY 0
#define ICMP_DEST_UNREACH 3
#define ICMP_ECHO 8
#define ICMP_TIME_EXCEEDED 11
#define IP_CT_DIR_REPLY 1

struct lpm_key {
	__u32 prefixlen;
	__u32 addr;		/* network byte order */
};

/* The LAN ranges (value 1: drop) and the bridge's address (/32, 0). */
struct {
	__uint(type, BPF_MAP_TYPE_LPM_TRIE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__uint(max_entries, 4096);
	__type(key, struct lpm_key);
	__type(value, __u32);
} lan SEC(".maps");

/* [0]: the bridge's address, network byte order */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
} self SEC(".maps");

struct lpm_key6 {
	__u32 prefixlen;
	__u8 addr[16];
};

/* The LAN's IPv6 ranges (value 1: drop) and the bridge's own addresses
 * (/128, 0). */
struct {
	__uint(type, BPF_MAP_TYPE_LPM_TRIE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__uint(max_entries, 4096);
	__type(key, struct lpm_key6);
	__type(value, __u32);
} lan6 SEC(".maps");

struct self6 {
	__u8 addr[16];		/* the bridge's /64 address */
	__u32 on;		/* the network carries IPv6 */
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct self6);
} self6 SEC(".maps");

/*
 * Conntrack, as the kernel offers it to tc programs. Only the fields read
 * are declared; libbpf places them by the kernel's own type information.
 */
struct nf_conn {
	int unused;
} __attribute__((preserve_access_index));

struct bpf_ct_opts {
	__s32 netns_id;
	__s32 error;
	__u8 l4proto;
	__u8 dir;
	__u16 ct_zone_id;
	__u8 ct_zone_dir;
	__u8 reserved[3];
};

extern struct nf_conn *bpf_skb_ct_lookup(struct __sk_buff *skb,
					 struct bpf_sock_tuple *tuple,
					 __u32 tuple_size,
					 struct bpf_ct_opts *opts,
					 __u32 opts_size) __ksym;
extern void bpf_ct_release(struct nf_conn *ct) __ksym;

struct pkt {
	struct iphdr ip;
	__u16 ports[2];		/* TCP/UDP; the ICMP type is ports[0] >> 8 */
	bool has_l4;
};

/* The IPv4 header and the first 4 bytes of the transport header of a
 * whole datagram or first fragment; false if they are not all there. */
static __always_inline bool load(struct __sk_buff *skb, struct pkt *p)
{
	__u32 ihl;

	if (bpf_skb_load_bytes(skb, ETH_HLEN, &p->ip, sizeof(p->ip)))
		return false;
	ihl = p->ip.ihl * 4;
	if (p->ip.version != 4 || ihl < sizeof(p->ip) || ihl > 60)
		return false;
	p->has_l4 = !(p->ip.frag_off & bpf_htons(IP_OFFSET)) &&
		    !bpf_skb_load_bytes(skb, ETH_HLEN + ihl, p->ports, 4);
	return true;
}

static __always_inline bool fragment(const struct pkt *p)
{
	return p->ip.frag_off & bpf_htons(IP_MF | IP_OFFSET);
}

/* A reply within a connection the host opened to the VM: conntrack
 * knows the packet's tuple as its reply direction. */
static __always_inline bool host_conn_reply(struct __sk_buff *skb,
					    const struct pkt *p)
{
	struct bpf_ct_opts o = { .netns_id = -1, .l4proto = p->ip.protocol };
	struct bpf_sock_tuple t = {};
	struct nf_conn *ct;
	bool reply;

	if (!p->has_l4 || (p->ip.protocol != IPPROTO_TCP &&
			   p->ip.protocol != IPPROTO_UDP))
		return false;
	t.ipv4.saddr = p->ip.saddr;
	t.ipv4.daddr = p->ip.daddr;
	t.ipv4.sport = p->ports[0];
	t.ipv4.dport = p->ports[1];
	ct = bpf_skb_ct_lookup(skb, &t, sizeof(t.ipv4), &o, sizeof(o));
	if (!ct)
		return false;
	reply = o.dir == IP_CT_DIR_REPLY;
	bpf_ct_release(ct);
	return reply;
}

/* What a VM may ask of the host at the bridge's address. */
static __always_inline bool to_self(struct __sk_buff *skb, const struct pkt *p)
{
	__u16 dport = bpf_ntohs(p->ports[1]);
	__u8 icmp = bpf_ntohs(p->ports[0]) >> 8;

	if (fragment(p) || !p->has_l4)
		return false;
	switch (p->ip.protocol) {
	case IPPROTO_UDP:
		if (dport == 67 || dport == 53)
			return true;
		break;
	case IPPROTO_TCP:
		if (dport == 53)
			return true;
		break;
	case IPPROTO_ICMP:
		return icmp == ICMP_ECHO || icmp == ICMP_ECHOREPLY ||
		       icmp == ICMP_DEST_UNREACH || icmp == ICMP_TIME_EXCEEDED;
	default:
		return false;
	}
	return host_conn_reply(skb, p);
}

/* Whether the host routes @p on (not to itself, not a broadcast or a
 * multicast, forwarding on): the kernel's own route lookup says. */
static __always_inline bool routed(struct __sk_buff *skb, const struct pkt *p)
{
	struct bpf_fib_lookup f = {
		.family = AF_INET,
		.l4_protocol = p->ip.protocol,
		.tos = p->ip.tos,
		.tot_len = bpf_ntohs(p->ip.tot_len),
		.ifindex = skb->ingress_ifindex,
		.ipv4_src = p->ip.saddr,
		.ipv4_dst = p->ip.daddr,
	};
	long rc = bpf_fib_lookup(skb, &f, sizeof(f), 0);

	return rc == BPF_FIB_LKUP_RET_SUCCESS ||
	       rc == BPF_FIB_LKUP_RET_NO_NEIGH ||
	       rc == BPF_FIB_LKUP_RET_FRAG_NEEDED;
}

static __always_inline bool in_lan(__u32 addr)
{
	struct lpm_key k = { 32, addr };
	__u32 *v = bpf_map_lookup_elem(&lan, &k);

	return v && *v;
}

struct pkt6 {
	struct ipv6hdr ip;
	__u16 ports[2];		/* as struct pkt's */
	bool has_l4;		/* TCP, UDP or ICMPv6 right behind the
				 * header: no extension header, so whole */
};

static __always_inline bool load6(struct __sk_buff *skb, struct pkt6 *p)
{
	if (bpf_skb_load_bytes(skb, ETH_HLEN, &p->ip, sizeof(p->ip)) ||
	    p->ip.version != 6)
		return false;
	p->has_l4 = (p->ip.nexthdr == IPPROTO_TCP ||
		     p->ip.nexthdr == IPPROTO_UDP ||
		     p->ip.nexthdr == IPPROTO_ICMPV6) &&
		    !bpf_skb_load_bytes(skb, ETH_HLEN + sizeof(p->ip),
					p->ports, 4);
	return true;
}

static __always_inline bool host_conn_reply6(struct __sk_buff *skb,
					     const struct pkt6 *p)
{
	struct bpf_ct_opts o = { .netns_id = -1, .l4proto = p->ip.nexthdr };
	struct bpf_sock_tuple t = {};
	struct nf_conn *ct;
	bool reply;

	if (!p->has_l4 || p->ip.nexthdr == IPPROTO_ICMPV6)
		return false;
	__builtin_memcpy(t.ipv6.saddr, &p->ip.saddr, 16);
	__builtin_memcpy(t.ipv6.daddr, &p->ip.daddr, 16);
	t.ipv6.sport = p->ports[0];
	t.ipv6.dport = p->ports[1];
	ct = bpf_skb_ct_lookup(skb, &t, sizeof(t.ipv6), &o, sizeof(o));
	if (!ct)
		return false;
	reply = o.dir == IP_CT_DIR_REPLY;
	bpf_ct_release(ct);
	return reply;
}

/* What a VM may ask of the host at the bridge's addresses (@mcast: at a
 * link-scope multicast address). */
static __always_inline bool to_self6(struct __sk_buff *skb,
				     const struct pkt6 *p, bool mcast)
{
	__u16 dport = bpf_ntohs(p->ports[1]);
	__u8 icmp = bpf_ntohs(p->ports[0]) >> 8;

	if (!p->has_l4)
		return false;
	switch (p->ip.nexthdr) {
	case IPPROTO_UDP:
		if (dport == 547)
			return true;
		if (!mcast && dport == 53)
			return true;
		break;
	case IPPROTO_TCP:
		if (!mcast && dport == 53)
			return true;
		break;
	case IPPROTO_ICMPV6:
		if (icmp == ND_RS || icmp == ND_NS || icmp == ND_NA)
			return true;
		if (mcast)
			return (icmp >= ICMPV6_MLD_REPORT &&
				icmp <= ICMPV6_MLD_DONE) ||
			       icmp == ICMPV6_MLD2_REPORT;
		return icmp == ICMPV6_ECHO_REQUEST ||
		       icmp == ICMPV6_ECHO_REPLY ||
		       (icmp >= ICMPV6_DEST_UNREACH &&
			icmp <= ICMPV6_PARAMPROB);
	default:
		return false;
	}
	return !mcast && host_conn_reply6(skb, p);
}

static __always_inline bool routed6(struct __sk_buff *skb,
				    const struct pkt6 *p)
{
	struct bpf_fib_lookup f = {
		.family = AF_INET6,
		.l4_protocol = p->ip.nexthdr,
		.tot_len = bpf_ntohs(p->ip.payload_len),
		.ifindex = skb->ingress_ifindex,
	};
	long rc;

	__builtin_memcpy(f.ipv6_src, &p->ip.saddr, 16);
	__builtin_memcpy(f.ipv6_dst, &p->ip.daddr, 16);
	rc = bpf_fib_lookup(skb, &f, sizeof(f), 0);
	return rc == BPF_FIB_LKUP_RET_SUCCESS ||
	       rc == BPF_FIB_LKUP_RET_NO_NEIGH ||
	       rc == BPF_FIB_LKUP_RET_FRAG_NEEDED;
}

/* 1: drop, 0: the bridge's own, -1: neither */
static __always_inline int in_lan6(const struct in6_addr *a)
{
	struct lpm_key6 k = { 128 };
	__u32 *v;

	__builtin_memcpy(k.addr, a, 16);
	v = bpf_map_lookup_elem(&lan6, &k);
	return v ? (int)*v : -1;
}

static __always_inline const struct self6 *self6_on(void)
{
	__u32 zero = 0;
	const struct self6 *s = bpf_map_lookup_elem(&self6, &zero);

	return s && s->on ? s : 0;
}

/* (BPF has no memcmp) */
static __always_inline bool same6(const struct in6_addr *a, const __u8 *b)
{
	const __u32 *x = a->in6_u.u6_addr32;
	__u32 y[4];

	__builtin_memcpy(y, b, 16);
	return x[0] == y[0] && x[1] == y[1] && x[2] == y[2] && x[3] == y[3];
}

static __always_inline int in6(struct __sk_buff *skb)
{
	const struct self6 *s = self6_on();
	const __u8 *d;
	struct pkt6 p;

	if (!s || !load6(skb, &p))
		return TC_ACT_SHOT;
	d = p.ip.daddr.in6_u.u6_addr8;
	if (same6(&p.ip.daddr, s->addr) ||
	    (d[0] == 0xfe && (d[1] & 0xc0) == 0x80))
		return to_self6(skb, &p, false) ? TC_ACT_UNSPEC : TC_ACT_SHOT;
	if (d[0] == 0xff)
		return (d[1] & 0x0f) == 2 && to_self6(skb, &p, true) ?
		       TC_ACT_UNSPEC : TC_ACT_SHOT;
	if (!routed6(skb, &p) || in_lan6(&p.ip.daddr) == 1)
		return TC_ACT_SHOT;
	return TC_ACT_UNSPEC;
}

SEC("tc")
int vmnet_lan_in(struct __sk_buff *skb)
{
	__u32 zero = 0, *me;
	struct pkt p;

	if (!skb->mark)
		return TC_ACT_SHOT;	/* the port guard did not see it */
	if (skb->protocol == bpf_htons(ETH_P_ARP))
		return TC_ACT_UNSPEC;
	if (skb->protocol == bpf_htons(ETH_P_IPV6))
		return in6(skb);
	if (skb->protocol != bpf_htons(ETH_P_IP) || !load(skb, &p))
		return TC_ACT_SHOT;
	me = bpf_map_lookup_elem(&self, &zero);
	if (!me)
		return TC_ACT_SHOT;
	if (p.ip.daddr == *me)
		return to_self(skb, &p) ? TC_ACT_UNSPEC : TC_ACT_SHOT;
	if (p.ip.daddr == 0xffffffff)
		return !fragment(&p) && p.has_l4 &&
		       p.ip.protocol == IPPROTO_UDP &&
		       p.ports[1] == bpf_htons(67) ? TC_ACT_UNSPEC : TC_ACT_SHOT;
	if (!routed(skb, &p) || in_lan(p.ip.daddr))
		return TC_ACT_SHOT;
	return TC_ACT_UNSPEC;
}

/* vmnet_wlan_host's: the uplink and its MAC */
struct wlanhost {
	__u32 ifindex;
	__u8 mac[6];
	__u8 pad[2];
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct wlanhost);
} wlanhost SEC(".maps");

#define ARP_SHA (ETH_HLEN + 8)	/* (the guard let only Ethernet/IPv4 ARP by) */
#define ND_REDIRECT 137
#define ND_OPT_SLLA 1
#define ND_OPT_TLLA 2
#define ND_MAX_OPTS 16		/* read at most; a message with more leaves
				 * not (the guard passes one at most) */
#define ICMP6_OFF (ETH_HLEN + sizeof(struct ipv6hdr))

/* Where the options of neighbour discovery message @type start in its
 * ICMPv6 message; 0: a type that has none with an address. */
static __always_inline __u32 nd_opts_at(__u8 type)
{
	switch (type) {
	case ND_RS:
		return 8;
	case ND_RA:
		return 16;
	case ND_NS:
	case ND_NA:
		return 24;
	case ND_REDIRECT:
		return 40;
	}
	return 0;
}

/*
 * Each Ethernet link-layer address option (source or target: length one
 * unit) of the untagged frame's neighbour discovery message made @mac,
 * the ICMPv6 checksum changed by the difference (RFC 1624: a packet with
 * its checksum left to the device has none to fix yet). A message with
 * an extension header is not one the guard lets leave a VM, and is left
 * as it is. Return false when an option could not be read or written:
 * cut short, of length zero (RFC 4861 7.1.1: invalid), or beyond the
 * first ND_MAX_OPTS.
 */
static __always_inline bool nd_as_station(struct __sk_buff *skb,
					  const __u8 mac[6])
{
	__u8 opt[8], want[8];
	struct {		/* of the IPv6 header: all this reads (every
				 * IPv6 frame the station sends gets here) */
		__be16 payload_len;
		__u8 nexthdr;
	} h;
	__u32 off, end, i;
	__s64 diff;
	__u8 type;

	if (bpf_skb_load_bytes(skb, ETH_HLEN + 4, &h, 3) ||
	    h.nexthdr != IPPROTO_ICMPV6 ||
	    bpf_skb_load_bytes(skb, ICMP6_OFF, &type, 1) ||
	    !(off = nd_opts_at(type)))
		return true;
	end = ICMP6_OFF + bpf_ntohs(h.payload_len);
	off += ICMP6_OFF;
	for (i = 0; i < ND_MAX_OPTS && off < end; i++) {
		if (off + 8 > end || bpf_skb_load_bytes(skb, off, opt, 8) ||
		    !opt[1])
			return false;
		if ((opt[0] == ND_OPT_SLLA || opt[0] == ND_OPT_TLLA) &&
		    opt[1] == 1) {
			__builtin_memcpy(want, opt, 2);
			__builtin_memcpy(want + 2, mac, 6);
			diff = bpf_csum_diff((__be32 *)opt, 8, (__be32 *)want,
					     8, 0);
			if (diff < 0 ||
			    bpf_l4_csum_replace(skb, ICMP6_OFF + 2, 0,
						(__u64)diff, 0) ||
			    bpf_skb_store_bytes(skb, off + 2, mac, 6, 0))
				return false;
		}
		off += (__u32)opt[1] * 8;
	}
	return off >= end;
}

/* The frame as the LAN sees it: from the station's MAC (and so is an ARP
 * message's sender), so that the host's neighbour entries for its VMs
 * hold the station's MAC, as the LAN's do, never a VM's. */
static __always_inline bool as_station(struct __sk_buff *skb,
				       const struct wlanhost *w, bool arp)
{
	return !bpf_skb_store_bytes(skb, 6, w->mac, 6, 0) &&
	       (!arp || !bpf_skb_store_bytes(skb, ARP_SHA, w->mac, 6, 0)) &&
	       (skb->protocol != bpf_htons(ETH_P_IPV6) ||
		nd_as_station(skb, w->mac));
}

/* Whether the frame is a neighbour solicitation or advertisement
 * (ICMPv6 right behind the IPv6 header, as the guard lets them by). */
static __always_inline bool nd_nsna(struct __sk_buff *skb,
				    const struct ethhdr *eth)
{
	__u8 nh, type;

	return eth->h_proto == bpf_htons(ETH_P_IPV6) &&
	       !bpf_skb_load_bytes(skb, ETH_HLEN + 6, &nh, 1) &&
	       nh == IPPROTO_ICMPV6 &&
	       !bpf_skb_load_bytes(skb, ICMP6_OFF, &type, 1) &&
	       (type == ND_NS || type == ND_NA);
}

/* A copy of the frame into the uplink's ingress, as from the station;
 * the frame goes on as the VM sent it (its source MAC and ARP sender MAC:
 * vm_NET's maps learn them), with mark @mark. */
static __always_inline int copy_to_host(struct __sk_buff *skb,
					const struct wlanhost *w, bool arp,
					__u32 mark)
{
	__u8 src[6], sha[6];

	if (bpf_skb_load_bytes(skb, 6, src, 6) ||
	    (arp && bpf_skb_load_bytes(skb, ARP_SHA, sha, 6)))
		return TC_ACT_SHOT;
	if (as_station(skb, w, arp)) {
		skb->mark = WLAN_HOST_MARK;
		bpf_clone_redirect(skb, w->ifindex, BPF_F_INGRESS);
	}
	skb->mark = mark;
	if (bpf_skb_store_bytes(skb, 6, src, 6, 0) ||
	    (arp && bpf_skb_store_bytes(skb, ARP_SHA, sha, 6, 0)))
		return TC_ACT_SHOT;
	return TC_ACT_UNSPEC;
}

/* Whether the frame is an ARP request. */
static __always_inline bool arp_request(struct __sk_buff *skb)
{
	__u16 op;

	return !bpf_skb_load_bytes(skb, ETH_HLEN + 6, &op, 2) &&
	       op == bpf_htons(1);
}

SEC("tc")
int vmnet_wlan_host(struct __sk_buff *skb)
{
	__u32 zero = 0;
	const struct wlanhost *w = bpf_map_lookup_elem(&wlanhost, &zero);
	struct ethhdr eth;
	bool arp;

	if (!w || !w->ifindex ||
	    bpf_skb_load_bytes(skb, 0, &eth, sizeof(eth)))
		return TC_ACT_UNSPEC;
	arp = eth.h_proto == bpf_htons(ETH_P_ARP);
	if (eth.h_dest[0] == w->mac[0] && eth.h_dest[1] == w->mac[1] &&
	    eth.h_dest[2] == w->mac[2] && eth.h_dest[3] == w->mac[3] &&
	    eth.h_dest[4] == w->mac[4] && eth.h_dest[5] == w->mac[5]) {
		/* an answer to the host's ARP or neighbour solicitation must
		 * also teach vm_NET's maps where the VM's address lives (the
		 * host's next frames go by them): a copy goes to the host,
		 * the frame itself on to vm_NET, which drops it by its mark */
		if (arp || nd_nsna(skb, &eth))
			return copy_to_host(skb, w, arp, WLAN_HOST_MARK);
		if (!as_station(skb, w, false))
			return TC_ACT_SHOT;
		skb->mark = WLAN_HOST_MARK;
		return bpf_redirect(w->ifindex, BPF_F_INGRESS);
	}
	/* an ARP request, a solicitation to a group, which may ask for the
	 * host's address: a copy for the host; the frame goes on to the
	 * LAN (a neighbour discovery message's options stay the
	 * station's: vmnet_wlan_nd would make them so anyway) */
	if ((arp && arp_request(skb)) ||
	    ((eth.h_dest[0] & 1) && nd_nsna(skb, &eth)))
		return copy_to_host(skb, w, arp, skb->mark);
	return TC_ACT_UNSPEC;
}

SEC("tc")
int vmnet_wlan_nd(struct __sk_buff *skb)
{
	__u32 zero = 0;
	const struct wlanhost *w = bpf_map_lookup_elem(&wlanhost, &zero);

	if (!w || skb->protocol != bpf_htons(ETH_P_IPV6))
		return TC_ACT_UNSPEC;
	return nd_as_station(skb, w->mac) ? TC_ACT_UNSPEC : TC_ACT_SHOT;
}

SEC("tc")
int vmnet_lan_out(struct __sk_buff *skb)
{
	struct in6_addr saddr6;
	__u32 saddr;

	if (skb->protocol == bpf_htons(ETH_P_ARP))
		return TC_ACT_UNSPEC;
	if (skb->protocol == bpf_htons(ETH_P_IPV6))
		return !self6_on() ||
		       bpf_skb_load_bytes(skb, ETH_HLEN + 8, &saddr6, 16) ||
		       in_lan6(&saddr6) == 1 ? TC_ACT_SHOT : TC_ACT_UNSPEC;
	if (skb->protocol != bpf_htons(ETH_P_IP) ||
	    bpf_skb_load_bytes(skb, ETH_HLEN + 12, &saddr, 4))
		return TC_ACT_SHOT;
	return in_lan(saddr) ? TC_ACT_SHOT : TC_ACT_UNSPEC;
}

char LICENSE[] SEC("license") = "GPL";

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
 *     - IPv4 routed to a LAN range (the "lan" map): dropped.
 *   vmnet_lan_out  what the host sends into the bridge: IPv4 from a LAN
 *                  range (but the bridge address) and IPv6 are dropped.
 *
 * Never: a rule that passes on a field it could not read.
 */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/pkt_cls.h>
#include <linux/socket.h>
#include <stdbool.h>
#include <bpf/bpf_endian.h>
#include <bpf/bpf_helpers.h>

#ifndef AF_INET
#define AF_INET 2
#endif
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

SEC("tc")
int vmnet_lan_in(struct __sk_buff *skb)
{
	__u32 zero = 0, *me;
	struct pkt p;

	if (!skb->mark)
		return TC_ACT_SHOT;	/* the port guard did not see it */
	if (skb->protocol == bpf_htons(ETH_P_ARP))
		return TC_ACT_UNSPEC;
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

SEC("tc")
int vmnet_lan_out(struct __sk_buff *skb)
{
	__u32 saddr;

	if (skb->protocol == bpf_htons(ETH_P_ARP))
		return TC_ACT_UNSPEC;
	if (skb->protocol != bpf_htons(ETH_P_IP) ||
	    bpf_skb_load_bytes(skb, ETH_HLEN + 12, &saddr, 4))
		return TC_ACT_SHOT;
	return in_lan(saddr) ? TC_ACT_SHOT : TC_ACT_UNSPEC;
}

char LICENSE[] SEC("license") = "GPL";

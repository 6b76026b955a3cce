// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * fw.c - vmnet's nf_tables state for isolated and wlan networks (see
 * fw.h).
 *
 * Each rule is built twice, side by side: as kernel expressions (what is
 * applied) and as nft text (what "vmnetctl print" shows). The integration
 * tests load the text with nft into an empty namespace and compare "nft
 * list" of both, so the two cannot drift apart unnoticed.
 *
 * Anti-spoofing, per frame entering the bridge from a port in the
 * network's interface group (conf_port_group(), set by vmnet-ifup in the
 * attach message): a port without elements is dropped; otherwise
 *   the source MAC (and ARP sender MAC) must be the tap's pair in
 *   pairs_NET; ARP must be Ethernet/IPv4 with a sender address in the
 *   subnet or 0.0.0.0 (probes); IPv4 must come from the subnet, or from
 *   0.0.0.0 to the DHCP server port, and never from the DHCP server port
 *   (no rogue DHCP server among the VMs); anything else is dropped.
 * A tap without a known MAC is in learn_NET: its first frame's source MAC
 * is paired with it in pairs_NET and the tap is marked in seen_NET, so
 * later frames with another MAC are dropped. Learning is the weak mode:
 * the first MAC is the guest's choice, and on a multi-queue tap frames
 * racing on several CPUs at the very start can each add a pair (at most
 * one per queue; pairs_NET is bounded). A MAC from VMNET_MAC or the ACL
 * has neither weakness.
 *
 * wlan networks share the MAC part; then each tap has ONE IPv4 address:
 * the configured one (tapip/tapset/claimed, and ip4mac with its MAC), or,
 * for a tap in iplearn_NET, the first source address of its ARP or IPv4
 * that lies in the uplink's subnets, is not the host's or the gateway's
 * (hostips_NET) and is not claimed by another tap. The kernel never
 * overwrites an element, so a claim stands until vmnet-ifdown (or gc)
 * removes the tap's elements. The ip4mac map, which translates the
 * destination MAC of frames from the uplink, holds configured entries and
 * entries learned from frames that passed these checks, with a timeout;
 * since every address belongs to one tap and every tap to one MAC, a
 * learned entry cannot point at another VM. (Two taps whose very first
 * frames claim the same free address at the same instant can both pass
 * the "not claimed" lookup; the map keeps the first.)
 */
#include "fw.h"

#include <arpa/inet.h>
#include <errno.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_conntrack_common.h>
#include <linux/netfilter/nf_tables.h>
#include <net/if.h>
#include <stdlib.h>
#include <string.h>

#include "nft.h"
#include "validate.h"

/* nft's datatype ids, so that "nft list" shows sets readably. */
#define TYPE_IPADDR 7
#define TYPE_ETHERADDR 9
#define TYPE_IFNAME 41
#define TYPE_CONCAT2(a, b) (((a) << 6) | (b))

/* BR_PRE_ROUTING: <linux/netfilter_bridge.h> clashes with <net/if.h> */
#define BR_PRE_ROUTING 0
#define BR_POST_ROUTING 4

#define PAIR_LEN (IFNAMSIZ + 8)	/* ifname . ether_addr, padded */

struct names {
	char in[48], fwd[48], nat[48], lan[48];
	char spoof[48], ports[48], learn[48], seen[48], pairs[48];
	/* wlan */
	char iplearn[48], tapip[48], tapset[48], claimed[48], hostips[48];
	char subnet[48], ip4mac[48], dnat[48], snat[48], up[48], vm[48];
	const char *uplink;		/* wlan */
	char vmend[IFNAMSIZ];		/* wlan, netdev: the veth end */
	int mapfam;	/* family of the table that holds ip4mac */
	bool wlan;
};

static void names_of(const struct conf_network *n, struct names *x)
{
	snprintf(x->iplearn, sizeof(x->iplearn), "iplearn_%s", n->name);
	snprintf(x->tapip, sizeof(x->tapip), "tapip_%s", n->name);
	snprintf(x->tapset, sizeof(x->tapset), "tapset_%s", n->name);
	snprintf(x->claimed, sizeof(x->claimed), "claimed_%s", n->name);
	snprintf(x->hostips, sizeof(x->hostips), "hostips_%s", n->name);
	snprintf(x->subnet, sizeof(x->subnet), "subnet_%s", n->name);
	snprintf(x->ip4mac, sizeof(x->ip4mac), "ip4mac_%s", n->name);
	snprintf(x->dnat, sizeof(x->dnat), "dnat_%s", n->name);
	snprintf(x->snat, sizeof(x->snat), "snat_%s", n->name);
	snprintf(x->up, sizeof(x->up), "up_%s", n->name);
	snprintf(x->vm, sizeof(x->vm), "vm_%s", n->name);
	x->wlan = n->mode == CONF_WLAN;
	x->uplink = n->uplink;
	if (x->wlan) {
		char vside[IFNAMSIZ];

		conf_wlan_veth(n, vside, x->vmend);
	}
	x->mapfam = n->method == CONF_METHOD_NETDEV ? NFPROTO_NETDEV :
						      NFPROTO_BRIDGE;
	snprintf(x->in, sizeof(x->in), "in_%s", n->name);
	snprintf(x->fwd, sizeof(x->fwd), "fwd_%s", n->name);
	snprintf(x->nat, sizeof(x->nat), "nat_%s", n->name);
	snprintf(x->lan, sizeof(x->lan), "lan_%s", n->name);
	snprintf(x->spoof, sizeof(x->spoof), "spoof_%s", n->name);
	snprintf(x->ports, sizeof(x->ports), "ports_%s", n->name);
	snprintf(x->learn, sizeof(x->learn), "learn_%s", n->name);
	snprintf(x->seen, sizeof(x->seen), "seen_%s", n->name);
	snprintf(x->pairs, sizeof(x->pairs), "pairs_%s", n->name);
}

static void set_specs(const struct names *x, struct nft_set_spec s[5])
{
	s[0] = (struct nft_set_spec){ .name = x->lan, .flags = NFT_SET_INTERVAL,
		.key_type = TYPE_IPADDR, .key_len = 4 };
	s[1] = (struct nft_set_spec){ .name = x->ports,
		.key_type = TYPE_IFNAME, .key_len = IFNAMSIZ,
		.key_host_order = true };
	s[2] = (struct nft_set_spec){ .name = x->learn,
		.key_type = TYPE_IFNAME, .key_len = IFNAMSIZ,
		.key_host_order = true };
	s[3] = (struct nft_set_spec){ .name = x->seen, .flags = NFT_SET_EVAL,
		.key_type = TYPE_IFNAME, .key_len = IFNAMSIZ,
		.key_host_order = true, .size = FW_MAX_LEARNED };
	s[4] = (struct nft_set_spec){ .name = x->pairs, .flags = NFT_SET_EVAL,
		.key_type = TYPE_CONCAT2(TYPE_IFNAME, TYPE_ETHERADDR),
		.key_len = PAIR_LEN, .size = FW_MAX_LEARNED };
}

static void ifkey(uint8_t k[IFNAMSIZ], const char *name)
{
	memset(k, 0, IFNAMSIZ);
	memcpy(k, name, strnlen(name, IFNAMSIZ - 1));
}

/* ---- match helpers (kernel side) ---------------------------------------- */

static void m_if(struct nft_rule *b, uint32_t key, bool eq, const char *name)
{
	uint8_t k[IFNAMSIZ];

	ifkey(k, name);
	nft_meta(b, key, NFT_R(0));
	nft_cmp(b, NFT_R(0), eq ? NFT_CMP_EQ : NFT_CMP_NEQ, k, sizeof(k));
}

static void m_u8(struct nft_rule *b, uint32_t metakey, uint8_t v)
{
	nft_meta(b, metakey, NFT_R(0));
	nft_cmp(b, NFT_R(0), NFT_CMP_EQ, &v, 1);
}

static void m_dport(struct nft_rule *b, uint8_t l4, uint16_t port)
{
	uint16_t p = htons(port);

	m_u8(b, NFT_META_L4PROTO, l4);
	nft_payload(b, NFT_PAYLOAD_TRANSPORT_HEADER, 2, 2, NFT_R(0));
	nft_cmp(b, NFT_R(0), NFT_CMP_EQ, &p, 2);
}

static void m_ct_estrel(struct nft_rule *b)
{
	uint32_t mask = NF_CT_STATE_BIT(IP_CT_ESTABLISHED) |
			NF_CT_STATE_BIT(IP_CT_RELATED), zero = 0;

	nft_ct(b, NFT_CT_STATE, NFT_R(0));
	nft_bitwise(b, NFT_R(0), &mask, 4);
	nft_cmp(b, NFT_R(0), NFT_CMP_NEQ, &zero, 4);
}

/* 4 bytes at @base+@off, masked to @p's length, compared with @p. */
static void m_net(struct nft_rule *b, uint32_t base, uint32_t off, bool eq,
		  const struct val_prefix *p)
{
	uint32_t mask = htonl(val_mask(p->len));
	uint32_t net = htonl(p->addr & val_mask(p->len));

	nft_payload(b, base, off, 4, NFT_R(0));
	if (p->len < 32)
		nft_bitwise(b, NFT_R(0), &mask, 4);
	nft_cmp(b, NFT_R(0), eq ? NFT_CMP_EQ : NFT_CMP_NEQ, &net, 4);
}

static void m_ethertype(struct nft_rule *b, uint16_t type)
{
	uint16_t t = htons(type);

	nft_payload(b, NFT_PAYLOAD_LL_HEADER, 12, 2, NFT_R(0));
	nft_cmp(b, NFT_R(0), NFT_CMP_EQ, &t, 2);
}

/* "meta protocol TYPE" */
static void m_proto(struct nft_rule *b, uint16_t type)
{
	uint16_t t = htons(type);

	nft_meta(b, NFT_META_PROTOCOL, NFT_R(0));
	nft_cmp(b, NFT_R(0), NFT_CMP_EQ, &t, 2);
}

/* The dependency nft puts before ARP ("ether type arp") or IPv4 ("meta
 * protocol ip") header matches in the bridge family. */
static void m_l3(struct nft_rule *b, bool arp)
{
	if (arp)
		m_ethertype(b, 0x0806);
	else
		m_proto(b, 0x0800);
}

/* ---- the network's rules ------------------------------------------------ */

#define ADD(chain) nft_rule_commit(t, &b, NFPROTO_INET, FW_TABLE, (chain))
#define BADD(chain) nft_rule_commit(t, &b, NFPROTO_BRIDGE, FW_TABLE, (chain))

static void inet_rules(struct nft_txn *t, const struct conf_network *n,
		       const struct names *x)
{
	const char *br = n->bridge;
	struct val_prefix net = n->address;
	struct val_prefix mcast = { 0xe0000000, 4 }, bcast = { 0xffffffff, 32 };
	struct nft_rule b;

	if (n->lan_block) {
		nft_rule_begin(&b);
		m_if(&b, NFT_META_IIFNAME, true, br);
		m_u8(&b, NFT_META_NFPROTO, NFPROTO_IPV6);
		nft_verdict(&b, NF_DROP);
		ADD(x->in);
		nft_rule_begin(&b);
		m_if(&b, NFT_META_IIFNAME, true, br);
		m_ct_estrel(&b);
		nft_verdict(&b, NF_ACCEPT);
		ADD(x->in);
		nft_rule_begin(&b);
		m_if(&b, NFT_META_IIFNAME, true, br);
		m_dport(&b, IPPROTO_UDP, 67);
		nft_verdict(&b, NF_ACCEPT);
		ADD(x->in);
		nft_rule_begin(&b);
		m_if(&b, NFT_META_IIFNAME, true, br);
		m_dport(&b, IPPROTO_UDP, 53);
		nft_verdict(&b, NF_ACCEPT);
		ADD(x->in);
		nft_rule_begin(&b);
		m_if(&b, NFT_META_IIFNAME, true, br);
		m_dport(&b, IPPROTO_TCP, 53);
		nft_verdict(&b, NF_ACCEPT);
		ADD(x->in);
		nft_rule_begin(&b);
		m_if(&b, NFT_META_IIFNAME, true, br);
		m_u8(&b, NFT_META_NFPROTO, NFPROTO_IPV4);
		m_u8(&b, NFT_META_L4PROTO, IPPROTO_ICMP);
		{
			uint8_t echo = 8;

			nft_payload(&b, NFT_PAYLOAD_TRANSPORT_HEADER, 0, 1,
				    NFT_R(0));
			nft_cmp(&b, NFT_R(0), NFT_CMP_EQ, &echo, 1);
		}
		nft_verdict(&b, NF_ACCEPT);
		ADD(x->in);
		nft_rule_begin(&b);
		m_if(&b, NFT_META_IIFNAME, true, br);
		nft_reject_admin(&b);
		ADD(x->in);
	}

	nft_rule_begin(&b);
	m_if(&b, NFT_META_IIFNAME, true, br);
	m_if(&b, NFT_META_OIFNAME, true, br);
	nft_verdict(&b, NF_ACCEPT);
	ADD(x->fwd);
	nft_rule_begin(&b);
	m_if(&b, NFT_META_IIFNAME, true, br);
	m_u8(&b, NFT_META_NFPROTO, NFPROTO_IPV6);
	nft_verdict(&b, NF_DROP);
	ADD(x->fwd);
	nft_rule_begin(&b);
	m_if(&b, NFT_META_OIFNAME, true, br);
	m_u8(&b, NFT_META_NFPROTO, NFPROTO_IPV6);
	nft_verdict(&b, NF_DROP);
	ADD(x->fwd);
	nft_rule_begin(&b);
	m_if(&b, NFT_META_OIFNAME, true, br);
	m_ct_estrel(&b);
	nft_verdict(&b, NF_ACCEPT);
	ADD(x->fwd);
	nft_rule_begin(&b);
	m_if(&b, NFT_META_OIFNAME, true, br);
	nft_reject_admin(&b);
	ADD(x->fwd);
	nft_rule_begin(&b);
	m_if(&b, NFT_META_IIFNAME, true, br);
	m_u8(&b, NFT_META_NFPROTO, NFPROTO_IPV4);
	m_net(&b, NFT_PAYLOAD_NETWORK_HEADER, 12, false, &net);
	nft_verdict(&b, NF_DROP);
	ADD(x->fwd);
	if (n->lan_block) {
		nft_rule_begin(&b);
		m_if(&b, NFT_META_IIFNAME, true, br);
		m_u8(&b, NFT_META_NFPROTO, NFPROTO_IPV4);
		nft_payload(&b, NFT_PAYLOAD_NETWORK_HEADER, 16, 4, NFT_R(0));
		nft_lookup(&b, NFT_R(0), x->lan, false);
		nft_reject_admin(&b);
		ADD(x->fwd);
	}

	nft_rule_begin(&b);
	m_if(&b, NFT_META_OIFNAME, false, br);
	m_u8(&b, NFT_META_NFPROTO, NFPROTO_IPV4);
	m_net(&b, NFT_PAYLOAD_NETWORK_HEADER, 12, true, &net);
	m_net(&b, NFT_PAYLOAD_NETWORK_HEADER, 16, false, &mcast);
	m_net(&b, NFT_PAYLOAD_NETWORK_HEADER, 16, false, &bcast);
	nft_masq(&b);
	ADD(x->nat);
}

/* The MAC part of the anti-spoofing chain, the same in every mode: group,
 * registration, learning, the tap's MAC pair, sane ARP. */
static void mac_rules(struct nft_txn *t, const struct conf_network *n,
		      const struct names *x)
{
	static const struct { uint32_t off, len; uint16_t v; } arp_hdr[] = {
		{ 0, 2, 1 }, { 2, 2, 0x0800 }, { 4, 1, 6 }, { 5, 1, 4 },
	};
	struct nft_rule b;
	uint32_t group;
	size_t i;

	/* Ports vmnet attached to this network carry its group; of those,
	 * one without elements gets nothing through (fail closed). */
	group = conf_port_group(n->name);
	nft_rule_begin(&b);
	nft_meta(&b, NFT_META_IIFGROUP, NFT_R(0));
	nft_cmp(&b, NFT_R(0), NFT_CMP_NEQ, &group, 4);
	nft_verdict(&b, NF_ACCEPT);
	BADD(x->spoof);
	nft_rule_begin(&b);
	nft_meta(&b, NFT_META_IIFNAME, NFT_R(0));
	nft_lookup(&b, NFT_R(0), x->ports, true);
	nft_verdict(&b, NF_DROP);
	BADD(x->spoof);

	/* Learning: the first frame pairs its MAC with the tap. */
	nft_rule_begin(&b);
	nft_meta(&b, NFT_META_IIFNAME, NFT_R(0));
	nft_lookup(&b, NFT_R(0), x->learn, false);
	nft_meta(&b, NFT_META_IIFNAME, NFT_R(0));
	nft_lookup(&b, NFT_R(0), x->seen, true);
	nft_meta(&b, NFT_META_IIFNAME, NFT_R(0));
	nft_payload(&b, NFT_PAYLOAD_LL_HEADER, 6, 6, NFT_R(4));
	nft_dynset_add(&b, x->pairs, NFT_R(0), -1);
	nft_meta(&b, NFT_META_IIFNAME, NFT_R(0));
	nft_dynset_add(&b, x->seen, NFT_R(0), -1);
	BADD(x->spoof);

	nft_rule_begin(&b);
	nft_meta(&b, NFT_META_IIFNAME, NFT_R(0));
	nft_payload(&b, NFT_PAYLOAD_LL_HEADER, 6, 6, NFT_R(4));
	nft_lookup(&b, NFT_R(0), x->pairs, true);
	nft_verdict(&b, NF_DROP);
	BADD(x->spoof);

	for (i = 0; i < sizeof(arp_hdr) / sizeof(arp_hdr[0]); i++) {
		uint16_t v16 = htons(arp_hdr[i].v);
		uint8_t v8 = (uint8_t)arp_hdr[i].v;

		nft_rule_begin(&b);
		m_ethertype(&b, 0x0806);
		nft_payload(&b, NFT_PAYLOAD_NETWORK_HEADER, arp_hdr[i].off,
			    arp_hdr[i].len, NFT_R(0));
		if (arp_hdr[i].len == 2)
			nft_cmp(&b, NFT_R(0), NFT_CMP_NEQ, &v16, 2);
		else
			nft_cmp(&b, NFT_R(0), NFT_CMP_NEQ, &v8, 1);
		nft_verdict(&b, NF_DROP);
		BADD(x->spoof);
	}
	nft_rule_begin(&b);
	m_ethertype(&b, 0x0806);
	nft_meta(&b, NFT_META_IIFNAME, NFT_R(0));
	nft_payload(&b, NFT_PAYLOAD_NETWORK_HEADER, 8, 6, NFT_R(4));
	nft_lookup(&b, NFT_R(0), x->pairs, true);
	nft_verdict(&b, NF_DROP);
	BADD(x->spoof);
}

/* "meta protocol ip udp sport 67 drop": a VM is never a DHCP server. */
static void no_dhcp_server(struct nft_txn *t, const struct names *x)
{
	uint16_t p = htons(67);
	struct nft_rule b;

	nft_rule_begin(&b);
	m_proto(&b, 0x0800);
	m_u8(&b, NFT_META_L4PROTO, IPPROTO_UDP);
	nft_payload(&b, NFT_PAYLOAD_TRANSPORT_HEADER, 0, 2, NFT_R(0));
	nft_cmp(&b, NFT_R(0), NFT_CMP_EQ, &p, 2);
	nft_verdict(&b, NF_DROP);
	BADD(x->spoof);
}

/* "arp saddr ip P accept", or "ip saddr P [udp dport 67] accept" */
static void from_accept(struct nft_txn *t, const struct names *x, bool arp,
			const struct val_prefix *p, bool dhcp)
{
	struct nft_rule b;

	nft_rule_begin(&b);
	m_l3(&b, arp);
	m_net(&b, NFT_PAYLOAD_NETWORK_HEADER, arp ? 14 : 12, true, p);
	if (dhcp)
		m_dport(&b, IPPROTO_UDP, 67);
	nft_verdict(&b, NF_ACCEPT);
	BADD(x->spoof);
}

/* The last rule of a chain that lets through only what it accepted. */
static void drop_rest(struct nft_txn *t, int family, const char *chain)
{
	struct nft_rule b;

	nft_rule_begin(&b);
	nft_verdict(&b, NF_DROP);
	nft_rule_commit(t, &b, family, FW_TABLE, chain);
}

static const struct val_prefix unspecified = { 0, 32 };	/* 0.0.0.0 */

static void bridge_rules(struct nft_txn *t, const struct conf_network *n,
			 const struct names *x)
{
	mac_rules(t, n, x);
	from_accept(t, x, true, &unspecified, false);
	from_accept(t, x, true, &n->address, false);
	/* No rogue offers to the other VMs. */
	no_dhcp_server(t, x);
	from_accept(t, x, false, &unspecified, true);
	from_accept(t, x, false, &n->address, false);
	drop_rest(t, NFPROTO_BRIDGE, x->spoof);
}

/* ---- wlan networks ------------------------------------------------------ */

/* "iifname @iplearn iifname != @tapip ADDR @subnet ADDR != @hostips
 *  ADDR != @claimed add @tapip { iifname : ADDR } add @tapset { iifname .
 *  ADDR } add @claimed { ADDR }": a tap without a configured address
 * claims the first usable one it sends from, once. */
static void learn_ip_rule(struct nft_txn *t, const struct names *x, bool arp)
{
	uint32_t off = arp ? 14 : 12;
	struct nft_rule b;

	/* Lookups only read R0; the protocol match reuses it. */
	nft_rule_begin(&b);
	nft_meta(&b, NFT_META_IIFNAME, NFT_R(0));
	nft_lookup(&b, NFT_R(0), x->iplearn, false);
	nft_lookup(&b, NFT_R(0), x->tapip, true);
	m_l3(&b, arp);
	nft_payload(&b, NFT_PAYLOAD_NETWORK_HEADER, off, 4, NFT_R(4));
	nft_lookup(&b, NFT_R(4), x->subnet, false);
	nft_lookup(&b, NFT_R(4), x->hostips, true);
	nft_lookup(&b, NFT_R(4), x->claimed, true);
	nft_meta(&b, NFT_META_IIFNAME, NFT_R(0));
	nft_dynset_add(&b, x->tapip, NFT_R(0), NFT_R(4));
	nft_dynset_add(&b, x->tapset, NFT_R(0), -1);
	nft_dynset_add(&b, x->claimed, NFT_R(4), -1);
	BADD(x->spoof);
}

/* "ADDR @hostips drop" */
static void hostip_rule(struct nft_txn *t, const struct names *x, bool arp)
{
	struct nft_rule b;

	nft_rule_begin(&b);
	m_l3(&b, arp);
	nft_payload(&b, NFT_PAYLOAD_NETWORK_HEADER, arp ? 14 : 12, 4,
		    NFT_R(0));
	nft_lookup(&b, NFT_R(0), x->hostips, false);
	nft_verdict(&b, NF_DROP);
	BADD(x->spoof);
}

/* "update @ip4mac { ADDR timeout T : MAC }", ARP or IPv4 source. */
static void learn_map(struct nft_rule *b, const struct names *x, bool arp)
{
	nft_payload(b, NFT_PAYLOAD_NETWORK_HEADER, arp ? 14 : 12, 4, NFT_R(0));
	if (arp)
		nft_payload(b, NFT_PAYLOAD_NETWORK_HEADER, 8, 6, NFT_R(4));
	else
		nft_payload(b, NFT_PAYLOAD_LL_HEADER, 6, 6, NFT_R(4));
	nft_dynset_update(b, x->ip4mac, NFT_R(0), NFT_R(4), FW_MAP_TIMEOUT_MS);
}

/* "iifname . ADDR @tapset [update @ip4mac {...}] accept" */
static void owned_rule(struct nft_txn *t, const struct conf_network *n,
		       const struct names *x, bool arp)
{
	struct nft_rule b;

	nft_rule_begin(&b);
	m_l3(&b, arp);
	nft_meta(&b, NFT_META_IIFNAME, NFT_R(0));
	nft_payload(&b, NFT_PAYLOAD_NETWORK_HEADER, arp ? 14 : 12, 4, NFT_R(4));
	nft_lookup(&b, NFT_R(0), x->tapset, false);
	if (n->method == CONF_METHOD_4ADDR)
		learn_map(&b, x, arp);
	nft_verdict(&b, NF_ACCEPT);
	BADD(x->spoof);
}

/* "udp dport 67 @th,144,16 set 0x8000 udp checksum set 0": the BOOTP
 * broadcast flag (RFC 2131 4.1), so that the LAN's DHCP server answers to
 * the broadcast address rather than to the VM's MAC, which the access
 * point would not deliver. */
static void dhcp_broadcast_rule(struct nft_rule *b)
{
	uint16_t flag = htons(0x8000), zero = 0;

	m_dport(b, IPPROTO_UDP, 67);
	nft_imm(b, NFT_R(0), &flag, 2);
	nft_payload_set(b, NFT_PAYLOAD_TRANSPORT_HEADER, 18, 2, NFT_R(0), -1);
	nft_imm(b, NFT_R(0), &zero, 2);
	nft_payload_set(b, NFT_PAYLOAD_TRANSPORT_HEADER, 6, 2, NFT_R(0), 6);
}

static void wlan_bridge_rules(struct nft_txn *t, const struct conf_network *n,
			      const struct names *x)
{
	struct nft_rule b;

	mac_rules(t, n, x);
	learn_ip_rule(t, x, true);
	learn_ip_rule(t, x, false);
	hostip_rule(t, x, true);
	hostip_rule(t, x, false);
	from_accept(t, x, true, &unspecified, false);
	owned_rule(t, n, x, true);
	no_dhcp_server(t, x);
	if (n->dhcp_broadcast) {
		nft_rule_begin(&b);
		m_proto(&b, 0x0800);
		dhcp_broadcast_rule(&b);
		BADD(x->spoof);
	}
	from_accept(t, x, false, &unspecified, true);
	owned_rule(t, n, x, false);
	drop_rest(t, NFPROTO_BRIDGE, x->spoof);
}

/* "meta iiftype ether", which nft puts before Ethernet header matches in
 * netdev chains. */
static void m_iiftype(struct nft_rule *b)
{
	uint16_t ether = 1;	/* ARPHRD_ETHER */

	nft_meta(b, NFT_META_IIFTYPE, NFT_R(0));
	nft_cmp(b, NFT_R(0), NFT_CMP_EQ, &ether, 2);
}

static void imm_dev(struct nft_rule *b, int ifindex, bool dup)
{
	uint32_t dev = (uint32_t)ifindex;

	nft_imm(b, NFT_R(0), &dev, 4);
	nft_fwd(b, NFT_R(0), dup);
}

/* Frames for a VM arrive addressed to the station's MAC: put the VM's MAC
 * in (and the ARP target MAC), from the map. Then, in a netdev chain,
 * send them to the VMs' side. */
static void dnat_rules(struct nft_txn *t, const struct names *x,
		       const struct fw_wlan *w, int family, const char *chain)
{
	struct nft_rule b;
	int arp;

	for (arp = 1; arp >= 0; arp--) {
		uint32_t off = arp ? 24 : 16;

		nft_rule_begin(&b);
		if (family == NFPROTO_BRIDGE)
			m_if(&b, NFT_META_IIFNAME, true, x->uplink);
		else
			m_iiftype(&b);
		nft_payload(&b, NFT_PAYLOAD_LL_HEADER, 0, 6, NFT_R(0));
		nft_cmp(&b, NFT_R(0), NFT_CMP_EQ, w->uplink_mac, 6);
		m_ethertype(&b, arp ? 0x0806 : 0x0800);
		/* One lookup: a miss ends the rule, a hit leaves the MAC in
		 * the register for both writes. */
		nft_payload(&b, NFT_PAYLOAD_NETWORK_HEADER, off, 4, NFT_R(0));
		nft_lookup_map(&b, NFT_R(0), x->ip4mac, NFT_R(0));
		nft_payload_set(&b, NFT_PAYLOAD_LL_HEADER, 0, 6, NFT_R(0), -1);
		if (arp)
			nft_payload_set(&b, NFT_PAYLOAD_NETWORK_HEADER, 18, 6,
					NFT_R(0), -1);
		if (family == NFPROTO_NETDEV)
			imm_dev(&b, w->vm_end_ifindex, false);
		nft_rule_commit(t, &b, family, FW_TABLE, chain);
	}
}

/* 4addr: the source MAC, and the ARP sender MAC, of every frame leaving
 * through the uplink become the station's. */
static void snat_bridge_rules(struct nft_txn *t, const struct names *x,
			      const struct fw_wlan *w)
{
	struct nft_rule b;

	nft_rule_begin(&b);
	m_if(&b, NFT_META_OIFNAME, true, x->uplink);
	m_ethertype(&b, 0x0806);
	nft_imm(&b, NFT_R(0), w->uplink_mac, 6);
	nft_payload_set(&b, NFT_PAYLOAD_NETWORK_HEADER, 8, 6, NFT_R(0), -1);
	BADD(x->snat);
	nft_rule_begin(&b);
	m_if(&b, NFT_META_OIFNAME, true, x->uplink);
	nft_imm(&b, NFT_R(0), w->uplink_mac, 6);
	nft_payload_set(&b, NFT_PAYLOAD_LL_HEADER, 6, 6, NFT_R(0), -1);
	BADD(x->snat);
}

#define NADD(chain) nft_rule_commit(t, &b, NFPROTO_NETDEV, FW_TABLE, (chain))

/* netdev: the uplink's ingress sends the VMs' frames to the VM side, and
 * a copy of broadcast and multicast ARP and IPv4 (the VMs speak nothing
 * else); the VM side's ingress (frames from the VMs' bridge, already
 * checked there) learns the map, translates the source MAC and sends the
 * frame out of the uplink; nothing else passes. */
static void netdev_rules(struct nft_txn *t, const struct names *x,
			 const struct fw_wlan *w)
{
	uint8_t group[6] = { 1 };
	struct nft_rule b;
	int arp;

	dnat_rules(t, x, w, NFPROTO_NETDEV, x->up);
	for (arp = 1; arp >= 0; arp--) {
		nft_rule_begin(&b);
		m_iiftype(&b);
		nft_payload(&b, NFT_PAYLOAD_LL_HEADER, 0, 6, NFT_R(0));
		nft_bitwise(&b, NFT_R(0), group, 6);
		nft_cmp(&b, NFT_R(0), NFT_CMP_EQ, group, 6);
		m_ethertype(&b, arp ? 0x0806 : 0x0800);
		imm_dev(&b, w->vm_end_ifindex, true);
		NADD(x->up);
	}

	nft_rule_begin(&b);
	m_proto(&b, 0x0806);
	m_net(&b, NFT_PAYLOAD_NETWORK_HEADER, 14, false, &unspecified);
	learn_map(&b, x, true);
	NADD(x->vm);
	nft_rule_begin(&b);
	m_proto(&b, 0x0800);
	m_net(&b, NFT_PAYLOAD_NETWORK_HEADER, 12, false, &unspecified);
	m_iiftype(&b);
	learn_map(&b, x, false);
	NADD(x->vm);

	nft_rule_begin(&b);
	m_proto(&b, 0x0806);
	nft_imm(&b, NFT_R(0), w->uplink_mac, 6);
	nft_payload_set(&b, NFT_PAYLOAD_NETWORK_HEADER, 8, 6, NFT_R(0), -1);
	m_iiftype(&b);
	nft_imm(&b, NFT_R(0), w->uplink_mac, 6);
	nft_payload_set(&b, NFT_PAYLOAD_LL_HEADER, 6, 6, NFT_R(0), -1);
	imm_dev(&b, w->uplink_ifindex, false);
	NADD(x->vm);
	nft_rule_begin(&b);
	m_iiftype(&b);
	m_ethertype(&b, 0x0800);
	nft_imm(&b, NFT_R(0), w->uplink_mac, 6);
	nft_payload_set(&b, NFT_PAYLOAD_LL_HEADER, 6, 6, NFT_R(0), -1);
	imm_dev(&b, w->uplink_ifindex, false);
	NADD(x->vm);
	drop_rest(t, NFPROTO_NETDEV, x->vm);
}

/*
 * The ranges @r as elements of the interval set @set, as nft writes them:
 * an end marker at 0 unless a range starts there, then the start and
 * end + 1 (end flag) of each range.
 */
static void interval_elems(struct nft_txn *t, int family, const char *set,
			   const struct lan_range *r, size_t nr)
{
	uint32_t k = 0;
	size_t i;

	if (!nr || r[0].lo != 0)
		nft_elem(t, true, family, FW_TABLE, set, &k, 4, NULL, 0,
			 NFT_SET_ELEM_INTERVAL_END);
	for (i = 0; i < nr; i++) {
		k = htonl(r[i].lo);
		nft_elem(t, true, family, FW_TABLE, set, &k, 4, NULL, 0, 0);
		if (r[i].hi != UINT32_MAX) {
			k = htonl(r[i].hi + 1);
			nft_elem(t, true, family, FW_TABLE, set, &k, 4, NULL, 0,
				 NFT_SET_ELEM_INTERVAL_END);
		}
	}
}

/*
 * Declare every object of the network (creating what is missing), then
 * empty the chains: afterwards the transaction either refills them (up) or
 * deletes them (down). Declaring first makes both idempotent: deleting an
 * object that is absent would fail the whole batch.
 */
static void declare(struct nft_txn *t, const struct names *x,
		    const struct nft_set_spec s[5])
{
	nft_table_add(t, NFPROTO_INET, FW_TABLE);
	nft_table_add(t, NFPROTO_BRIDGE, FW_TABLE);
	nft_chain_add(t, NFPROTO_INET, FW_TABLE, x->in, "filter",
		      NF_INET_LOCAL_IN, 0);
	nft_chain_add(t, NFPROTO_INET, FW_TABLE, x->fwd, "filter",
		      NF_INET_FORWARD, 0);
	nft_chain_add(t, NFPROTO_INET, FW_TABLE, x->nat, "nat",
		      NF_INET_POST_ROUTING, 100);
	nft_chain_add(t, NFPROTO_BRIDGE, FW_TABLE, x->spoof, "filter",
		      BR_PRE_ROUTING, -200);
	nft_chain_flush(t, NFPROTO_INET, FW_TABLE, x->in);
	nft_chain_flush(t, NFPROTO_INET, FW_TABLE, x->fwd);
	nft_chain_flush(t, NFPROTO_INET, FW_TABLE, x->nat);
	nft_chain_flush(t, NFPROTO_BRIDGE, FW_TABLE, x->spoof);
	nft_set_add(t, NFPROTO_INET, FW_TABLE, &s[0]);
	nft_set_add(t, NFPROTO_BRIDGE, FW_TABLE, &s[1]);
	nft_set_add(t, NFPROTO_BRIDGE, FW_TABLE, &s[2]);
	nft_set_add(t, NFPROTO_BRIDGE, FW_TABLE, &s[3]);
	nft_set_add(t, NFPROTO_BRIDGE, FW_TABLE, &s[4]);
}

/**
 * fw_net_up() - install (or repair) the network's tables, chains and sets
 * in one transaction. Per-VM elements already present are kept.
 * @what:	on failure, the message the kernel refused
 *
 * Return: 0 or -errno
 */
int fw_net_up(const struct conf_network *n, const struct lan_range *lan,
	      size_t nlan, char *what, size_t what_size)
{
	struct nft_set_spec s[5];
	struct nft_txn *t;
	struct names x;
	int rc;

	names_of(n, &x);
	set_specs(&x, s);
	rc = nft_txn_new(&t);
	if (rc)
		return rc;
	declare(t, &x, s);
	nft_set_flush(t, NFPROTO_INET, FW_TABLE, x.lan);
	if (n->lan_block) {
		interval_elems(t, NFPROTO_INET, x.lan, lan, nlan);
	} else {
		nft_chain_del(t, NFPROTO_INET, FW_TABLE, x.in);
		nft_set_del(t, NFPROTO_INET, FW_TABLE, x.lan);
	}
	inet_rules(t, n, &x);
	bridge_rules(t, n, &x);
	rc = nft_commit(t, what, what_size);
	nft_txn_free(t);
	return rc;
}

static int drop_empty_table(int family)
{
	unsigned chains, sets;
	struct nft_txn *t;
	int rc;

	rc = nft_count_objects(family, FW_TABLE, &chains, &sets);
	if (rc || chains || sets)
		return rc;
	rc = nft_txn_new(&t);
	if (rc)
		return rc;
	nft_table_add(t, family, FW_TABLE);
	nft_table_del(t, family, FW_TABLE);
	rc = nft_commit(t, NULL, 0);
	nft_txn_free(t);
	return rc;
}

/* The wlan network's sets; the last one (ip4mac) lives in x->mapfam. */
#define WLAN_NSETS 11

static void wlan_specs(const struct names *x, struct nft_set_spec s[])
{
	struct nft_set_spec iso[5];

	set_specs(x, iso);
	memcpy(s, &iso[1], 4 * sizeof(*s));	/* ports learn seen pairs */
	s[4] = (struct nft_set_spec){ .name = x->iplearn,
		.key_type = TYPE_IFNAME, .key_len = IFNAMSIZ,
		.key_host_order = true };
	s[5] = (struct nft_set_spec){ .name = x->tapip,
		.flags = NFT_SET_MAP | NFT_SET_EVAL,
		.key_type = TYPE_IFNAME, .key_len = IFNAMSIZ,
		.data_type = TYPE_IPADDR, .data_len = 4,
		.key_host_order = true, .size = FW_MAX_LEARNED };
	s[6] = (struct nft_set_spec){ .name = x->tapset, .flags = NFT_SET_EVAL,
		.key_type = TYPE_CONCAT2(TYPE_IFNAME, TYPE_IPADDR),
		.key_len = IFNAMSIZ + 4, .size = FW_MAX_LEARNED };
	s[7] = (struct nft_set_spec){ .name = x->claimed, .flags = NFT_SET_EVAL,
		.key_type = TYPE_IPADDR, .key_len = 4, .size = FW_MAX_LEARNED };
	s[8] = (struct nft_set_spec){ .name = x->hostips,
		.key_type = TYPE_IPADDR, .key_len = 4 };
	s[9] = (struct nft_set_spec){ .name = x->subnet,
		.flags = NFT_SET_INTERVAL, .key_type = TYPE_IPADDR,
		.key_len = 4 };
	s[10] = (struct nft_set_spec){ .name = x->ip4mac,
		.flags = NFT_SET_MAP | NFT_SET_TIMEOUT | NFT_SET_EVAL,
		.key_type = TYPE_IPADDR, .key_len = 4,
		.data_type = TYPE_ETHERADDR, .data_len = 6,
		.size = FW_MAX_LEARNED };
}

/* Declare the bridge table and chains of a wlan network (with @nat, the
 * 4addr translation chains too), creating what is missing. */
static void wlan_bridge_chains(struct nft_txn *t, const struct names *x,
			       bool nat)
{
	nft_table_add(t, NFPROTO_BRIDGE, FW_TABLE);
	nft_chain_add(t, NFPROTO_BRIDGE, FW_TABLE, x->spoof, "filter",
		      BR_PRE_ROUTING, -200);
	if (!nat)
		return;
	nft_chain_add(t, NFPROTO_BRIDGE, FW_TABLE, x->dnat, "filter",
		      BR_PRE_ROUTING, -300);
	nft_chain_add(t, NFPROTO_BRIDGE, FW_TABLE, x->snat, "filter",
		      BR_POST_ROUTING, 300);
}

/*
 * The netdev chains hook a device by name, so they are created only when
 * missing (and emptied otherwise), never declared blindly: a chain on a
 * device that is gone cannot be declared.
 */
static int netdev_chain(struct nft_txn *t, const char *chain, const char *dev)
{
	int rc = nft_chain_exists(NFPROTO_NETDEV, FW_TABLE, chain);

	if (rc < 0)
		return rc;
	if (rc)
		nft_chain_flush(t, NFPROTO_NETDEV, FW_TABLE, chain);
	else
		nft_chain_add_dev(t, NFPROTO_NETDEV, FW_TABLE, chain,
				  NF_NETDEV_INGRESS, -300, dev);
	return 0;
}

/**
 * fw_wlan_up() - install (or repair) a wlan network's tables, chains and
 * sets in one transaction; per-VM elements already present are kept
 * @w:		the uplink and the host's addresses, as of now
 *
 * Return: 0 or -errno
 */
int fw_wlan_up(const struct conf_network *n, const struct fw_wlan *w,
	       char *what, size_t what_size)
{
	struct nft_set_spec s[WLAN_NSETS];
	struct nft_txn *t;
	struct names x;
	size_t i;
	int rc;

	if (what_size)
		what[0] = '\0';
	names_of(n, &x);
	wlan_specs(&x, s);
	rc = nft_txn_new(&t);
	if (rc)
		return rc;
	wlan_bridge_chains(t, &x, n->method == CONF_METHOD_4ADDR);
	nft_chain_flush(t, NFPROTO_BRIDGE, FW_TABLE, x.spoof);
	if (n->method == CONF_METHOD_4ADDR) {
		nft_chain_flush(t, NFPROTO_BRIDGE, FW_TABLE, x.dnat);
		nft_chain_flush(t, NFPROTO_BRIDGE, FW_TABLE, x.snat);
	} else {
		nft_table_add(t, NFPROTO_NETDEV, FW_TABLE);
		rc = netdev_chain(t, x.up, x.uplink);
		if (!rc)
			rc = netdev_chain(t, x.vm, x.vmend);
		if (rc) {
			nft_txn_free(t);
			return rc;
		}
	}
	for (i = 0; i < WLAN_NSETS - 1; i++)
		nft_set_add(t, NFPROTO_BRIDGE, FW_TABLE, &s[i]);
	nft_set_add(t, x.mapfam, FW_TABLE, &s[WLAN_NSETS - 1]);
	nft_set_flush(t, NFPROTO_BRIDGE, FW_TABLE, x.hostips);
	nft_set_flush(t, NFPROTO_BRIDGE, FW_TABLE, x.subnet);
	for (i = 0; i < w->nhostips; i++) {
		uint32_t k = htonl(w->hostips[i]);

		nft_elem(t, true, NFPROTO_BRIDGE, FW_TABLE, x.hostips, &k, 4,
			 NULL, 0, 0);
	}
	interval_elems(t, NFPROTO_BRIDGE, x.subnet, w->subnets, w->nsubnets);
	wlan_bridge_rules(t, n, &x);
	if (n->method == CONF_METHOD_4ADDR) {
		dnat_rules(t, &x, w, NFPROTO_BRIDGE, x.dnat);
		snat_bridge_rules(t, &x, w);
	} else {
		netdev_rules(t, &x, w);
	}
	rc = nft_commit(t, what, what_size);
	nft_txn_free(t);
	return rc;
}

/* Remove a wlan network's objects: those of the bridge table declared
 * then deleted, those of the netdev table (whose chains cannot be
 * declared without their device) only when present. Both methods' objects
 * go, in case the method changed since "up". */
static int wlan_down(const struct conf_network *n, char *what,
		     size_t what_size)
{
	struct nft_set_spec s[WLAN_NSETS];
	const char *nd[] = { NULL, NULL, NULL };
	struct nft_txn *t;
	struct names x;
	size_t i;
	int rc;

	names_of(n, &x);
	wlan_specs(&x, s);
	rc = nft_chain_exists(NFPROTO_NETDEV, FW_TABLE, x.up);
	if (rc > 0)
		nd[0] = x.up;
	if (rc >= 0)
		rc = nft_chain_exists(NFPROTO_NETDEV, FW_TABLE, x.vm);
	if (rc > 0)
		nd[1] = x.vm;
	if (rc >= 0)
		rc = nft_set_exists(NFPROTO_NETDEV, FW_TABLE, x.ip4mac);
	if (rc > 0)
		nd[2] = x.ip4mac;
	if (rc < 0)
		return rc;
	rc = nft_txn_new(&t);
	if (rc)
		return rc;
	wlan_bridge_chains(t, &x, true);
	for (i = 0; i < WLAN_NSETS; i++)
		nft_set_add(t, NFPROTO_BRIDGE, FW_TABLE, &s[i]);
	nft_chain_del(t, NFPROTO_BRIDGE, FW_TABLE, x.spoof);
	nft_chain_del(t, NFPROTO_BRIDGE, FW_TABLE, x.dnat);
	nft_chain_del(t, NFPROTO_BRIDGE, FW_TABLE, x.snat);
	for (i = 0; i < WLAN_NSETS; i++)
		nft_set_del(t, NFPROTO_BRIDGE, FW_TABLE, s[i].name);
	for (i = 0; i < 2; i++)
		if (nd[i])
			nft_chain_del(t, NFPROTO_NETDEV, FW_TABLE, nd[i]);
	if (nd[2])
		nft_set_del(t, NFPROTO_NETDEV, FW_TABLE, nd[2]);
	rc = nft_commit(t, what, what_size);
	nft_txn_free(t);
	return rc;
}

/**
 * fw_net_down() - remove exactly the network's chains and sets, and the
 * vmnet tables when nothing else of vmnet's is left in them
 *
 * Return: 0 or -errno
 */
int fw_net_down(const struct conf_network *n, char *what, size_t what_size)
{
	struct nft_set_spec s[5];
	struct nft_txn *t;
	struct names x;
	int rc, i;

	if (n->mode == CONF_WLAN) {
		rc = wlan_down(n, what, what_size);
		if (!rc)
			rc = drop_empty_table(NFPROTO_NETDEV);
		if (!rc || rc == -ENOENT)	/* (no netdev table) */
			rc = drop_empty_table(NFPROTO_BRIDGE);
		return rc;
	}
	names_of(n, &x);
	set_specs(&x, s);
	rc = nft_txn_new(&t);
	if (rc)
		return rc;
	declare(t, &x, s);
	nft_chain_del(t, NFPROTO_INET, FW_TABLE, x.in);
	nft_chain_del(t, NFPROTO_INET, FW_TABLE, x.fwd);
	nft_chain_del(t, NFPROTO_INET, FW_TABLE, x.nat);
	nft_chain_del(t, NFPROTO_BRIDGE, FW_TABLE, x.spoof);
	nft_set_del(t, NFPROTO_INET, FW_TABLE, x.lan);
	for (i = 1; i < 5; i++)
		nft_set_del(t, NFPROTO_BRIDGE, FW_TABLE, s[i].name);
	rc = nft_commit(t, what, what_size);
	nft_txn_free(t);
	if (rc)
		return rc;
	rc = drop_empty_table(NFPROTO_INET);
	if (!rc)
		rc = drop_empty_table(NFPROTO_BRIDGE);
	return rc;
}

/* Whether the network's anti-spoofing sets exist (i.e. it is up). */
bool fw_net_present(const struct conf_network *n)
{
	struct names x;

	names_of(n, &x);
	return nft_set_exists(NFPROTO_BRIDGE, FW_TABLE, x.ports) == 1 &&
	       nft_set_exists(NFPROTO_BRIDGE, FW_TABLE, x.pairs) == 1 &&
	       (n->mode != CONF_WLAN ||
		nft_set_exists(x.mapfam, FW_TABLE, x.ip4mac) == 1);
}

/* ---- per-VM elements ----------------------------------------------------- */

struct tap_elems {
	const char *tap;
	uint8_t key[IFNAMSIZ];
	bool in_ports, in_learn, has_seen;
	uint8_t pairs[8][6];	/* MACs paired with the tap (normally one) */
	size_t npairs;
	bool overflow;
	/* wlan: the tap's address (configured or learned) and where it is */
	bool in_iplearn, has_ip, in_tapset, in_claimed, in_ip4mac;
	uint32_t ip;		/* network byte order */
};

#define TAPIP_LEN (IFNAMSIZ + 4)

static void tapip_key(uint8_t k[TAPIP_LEN], const uint8_t ifk[IFNAMSIZ],
		      uint32_t ip_be)
{
	memcpy(k, ifk, IFNAMSIZ);
	memcpy(k + IFNAMSIZ, &ip_be, 4);
}

static int pairs_cb(const void *k, uint32_t kl, const void *d, uint32_t dl,
		    uint32_t f, void *ctx)
{
	struct tap_elems *e = ctx;

	if (kl != PAIR_LEN || memcmp(k, e->key, IFNAMSIZ))
		return 0;
	if (e->npairs == sizeof(e->pairs) / sizeof(e->pairs[0])) {
		e->overflow = true;
		return 0;
	}
	memcpy(e->pairs[e->npairs++], (const uint8_t *)k + IFNAMSIZ, 6);
	return 0;
}

static void pair_key(uint8_t k[PAIR_LEN], const uint8_t ifk[IFNAMSIZ],
		     const uint8_t mac[6]);

static int present(const char *set, const void *key, size_t klen, bool *out)
{
	int rc = nft_elem_exists(NFPROTO_BRIDGE, FW_TABLE, set, key, klen);

	*out = rc == 1;
	return rc < 0 ? rc : 0;
}

/* The wlan part of tap_elems_read(). */
static int tap_ip_read(const struct names *x, struct tap_elems *e)
{
	uint8_t tk[TAPIP_LEN];
	int rc;

	rc = present(x->iplearn, e->key, IFNAMSIZ, &e->in_iplearn);
	if (rc)
		return rc;
	rc = nft_elem_get(NFPROTO_BRIDGE, FW_TABLE, x->tapip, e->key,
			  IFNAMSIZ, &e->ip, 4);
	if (rc <= 0)
		return rc;
	e->has_ip = true;
	tapip_key(tk, e->key, e->ip);
	rc = present(x->tapset, tk, TAPIP_LEN, &e->in_tapset);
	if (!rc)
		rc = present(x->claimed, &e->ip, 4, &e->in_claimed);
	if (rc)
		return rc;
	rc = nft_elem_exists(x->mapfam, FW_TABLE, x->ip4mac, &e->ip, 4);
	e->in_ip4mac = rc == 1;
	return rc < 0 ? rc : 0;
}

/*
 * Everything the kernel holds for @tap in the network's bridge sets, with
 * single-element requests where possible, so that the cost does not grow
 * with the number of VMs. vmnet adds and removes a tap's elements in one
 * transaction each, so pairs exist only along with a ports or learn
 * element. @mac is the MAC registered for the tap when the caller knows it
 * (vmnet-ifdown, from the record): then, unless the tap learned a MAC, the
 * pair is looked up directly; otherwise the pairs set is dumped.
 */
static int tap_elems_read(const struct names *x, const char *tap,
			  const uint8_t *mac, struct tap_elems *e)
{
	uint8_t pk[PAIR_LEN];
	bool has_pair;
	int rc;

	memset(e, 0, sizeof(*e));
	e->tap = tap;
	ifkey(e->key, tap);
	rc = present(x->ports, e->key, IFNAMSIZ, &e->in_ports);
	if (!rc)
		rc = present(x->learn, e->key, IFNAMSIZ, &e->in_learn);
	if (!rc)
		rc = present(x->seen, e->key, IFNAMSIZ, &e->has_seen);
	if (!rc && x->wlan)
		rc = tap_ip_read(x, e);
	if (rc || (!e->in_ports && !e->in_learn && !e->has_seen &&
		   !e->in_iplearn && !e->has_ip))
		return rc;
	if (mac && !e->in_learn && !e->has_seen) {
		pair_key(pk, e->key, mac);
		rc = present(x->pairs, pk, PAIR_LEN, &has_pair);
		if (!rc && has_pair) {
			memcpy(e->pairs[0], mac, 6);
			e->npairs = 1;
		}
		return rc;
	}
	return nft_dump_elems(NFPROTO_BRIDGE, FW_TABLE, x->pairs, pairs_cb, e);
}

static void pair_key(uint8_t k[PAIR_LEN], const uint8_t ifk[IFNAMSIZ],
		     const uint8_t mac[6])
{
	memset(k, 0, PAIR_LEN);
	memcpy(k, ifk, IFNAMSIZ);
	memcpy(k + IFNAMSIZ, mac, 6);
}

/* Delete, in @t, every element @e found. */
static void tap_elems_del(struct nft_txn *t, const struct names *x,
			  const struct tap_elems *e)
{
	uint8_t pk[PAIR_LEN];
	size_t i;

	if (e->in_ports)
		nft_elem(t, false, NFPROTO_BRIDGE, FW_TABLE, x->ports, e->key,
			 IFNAMSIZ, NULL, 0, 0);
	if (e->in_learn)
		nft_elem(t, false, NFPROTO_BRIDGE, FW_TABLE, x->learn, e->key,
			 IFNAMSIZ, NULL, 0, 0);
	if (e->has_seen)
		nft_elem(t, false, NFPROTO_BRIDGE, FW_TABLE, x->seen, e->key,
			 IFNAMSIZ, NULL, 0, 0);
	for (i = 0; i < e->npairs; i++) {
		pair_key(pk, e->key, e->pairs[i]);
		nft_elem(t, false, NFPROTO_BRIDGE, FW_TABLE, x->pairs, pk,
			 PAIR_LEN, NULL, 0, 0);
	}
	if (e->in_iplearn)
		nft_elem(t, false, NFPROTO_BRIDGE, FW_TABLE, x->iplearn, e->key,
			 IFNAMSIZ, NULL, 0, 0);
	if (!e->has_ip)
		return;
	nft_elem(t, false, NFPROTO_BRIDGE, FW_TABLE, x->tapip, e->key,
		 IFNAMSIZ, NULL, 0, 0);
	if (e->in_tapset) {
		uint8_t tk[TAPIP_LEN];

		tapip_key(tk, e->key, e->ip);
		nft_elem(t, false, NFPROTO_BRIDGE, FW_TABLE, x->tapset, tk,
			 TAPIP_LEN, NULL, 0, 0);
	}
	if (e->in_claimed)
		nft_elem(t, false, NFPROTO_BRIDGE, FW_TABLE, x->claimed, &e->ip,
			 4, NULL, 0, 0);
	if (e->in_ip4mac)
		nft_elem(t, false, x->mapfam, FW_TABLE, x->ip4mac, &e->ip, 4,
			 NULL, 0, 0);
}

static bool tap_elems_any(const struct tap_elems *e)
{
	return e->in_ports || e->in_learn || e->has_seen || e->npairs ||
	       e->in_iplearn || e->has_ip;
}

/*
 * A configured address for a wlan tap: refused when it is the host's, the
 * gateway's or another tap's. In @t, add the tap's elements for it (the
 * stale ones of the same tap name are deleted earlier in @t).
 */
static int tap_ip_add(struct nft_txn *t, const struct names *x,
		      const struct tap_elems *e, const uint8_t *mac,
		      uint32_t ip)
{
	uint32_t be = htonl(ip);
	bool own = e->has_ip && e->ip == be;	/* its stale elements go */
	uint8_t tk[TAPIP_LEN];
	bool used;
	int rc;

	rc = present(x->hostips, &be, 4, &used);
	if (rc)
		return rc;
	if (used)
		return -EADDRNOTAVAIL;
	if (!own) {
		rc = present(x->claimed, &be, 4, &used);
		if (rc)
			return rc;
		if (used)
			return -EADDRINUSE;
		/* A map entry without a claim outlived its tap. */
		rc = nft_elem_exists(x->mapfam, FW_TABLE, x->ip4mac, &be, 4);
		if (rc < 0)
			return rc;
		if (rc == 1)
			nft_elem(t, false, x->mapfam, FW_TABLE, x->ip4mac, &be,
				 4, NULL, 0, 0);
	}
	tapip_key(tk, e->key, be);
	nft_elem(t, true, NFPROTO_BRIDGE, FW_TABLE, x->tapip, e->key,
		 IFNAMSIZ, &be, 4, 0);
	nft_elem(t, true, NFPROTO_BRIDGE, FW_TABLE, x->tapset, tk, TAPIP_LEN,
		 NULL, 0, 0);
	nft_elem_new(t, NFPROTO_BRIDGE, FW_TABLE, x->claimed, &be, 4, NULL, 0);
	if (mac)
		nft_elem(t, true, x->mapfam, FW_TABLE, x->ip4mac, &be, 4, mac,
			 6, 0);
	return 0;
}

/*
 * vm_add() - register @tap for anti-spoofing: replace whatever the
 * kernel holds for that name (a stale state of a tap that died) with the
 * tap's elements, in one transaction
 * @mac:	the VM's MAC, or NULL to learn the first MAC seen
 * @ip:		wlan networks: the VM's address, or NULL to learn the first
 *		one it uses (other modes ignore it)
 *
 * Return: 0, -ENOENT when the network's sets are missing (not up),
 * -EADDRNOTAVAIL / -EADDRINUSE for an address of the host or of another
 * VM, -errno
 */
static int vm_add(const struct conf_network *n, const char *tap,
		  const uint8_t *mac, const uint32_t *ip, bool keep, char *what,
		  size_t what_size)
{
	struct tap_elems e;
	struct nft_txn *t;
	struct names x;
	int rc;

	names_of(n, &x);
	rc = tap_elems_read(&x, tap, NULL, &e);
	if (rc)
		return rc;
	if (keep && e.in_ports)
		return 0;
	if (e.overflow)
		return -E2BIG;
	rc = nft_txn_new(&t);
	if (rc)
		return rc;
	tap_elems_del(t, &x, &e);
	nft_elem(t, true, NFPROTO_BRIDGE, FW_TABLE, x.ports, e.key, IFNAMSIZ,
		 NULL, 0, 0);
	if (mac) {
		uint8_t pk[PAIR_LEN];

		pair_key(pk, e.key, mac);
		nft_elem(t, true, NFPROTO_BRIDGE, FW_TABLE, x.pairs, pk,
			 PAIR_LEN, NULL, 0, 0);
	} else {
		nft_elem(t, true, NFPROTO_BRIDGE, FW_TABLE, x.learn, e.key,
			 IFNAMSIZ, NULL, 0, 0);
	}
	if (x.wlan && ip) {
		rc = tap_ip_add(t, &x, &e, mac, *ip);
		if (rc) {
			nft_txn_free(t);
			return rc;
		}
	} else if (x.wlan) {
		nft_elem(t, true, NFPROTO_BRIDGE, FW_TABLE, x.iplearn, e.key,
			 IFNAMSIZ, NULL, 0, 0);
	}
	rc = nft_commit(t, what, what_size);
	if (rc == -EEXIST && x.wlan && ip)
		rc = -EADDRINUSE;	/* claimed concurrently */
	nft_txn_free(t);
	return rc ? rc : keep;
}

int fw_vm_add(const struct conf_network *n, const char *tap,
	      const uint8_t *mac, const uint32_t *ip, char *what,
	      size_t what_size)
{
	return vm_add(n, tap, mac, ip, false, what, what_size);
}

/**
 * fw_vm_ensure() - like fw_vm_add(), but leave a tap that is registered
 * alone (a learned MAC stays learned); for "vmnetctl up" repairing state
 * after "nft flush ruleset"
 *
 * Return: 1 when elements were added, 0 when the tap was registered, or
 * -errno
 */
int fw_vm_ensure(const struct conf_network *n, const char *tap,
		 const uint8_t *mac, const uint32_t *ip, char *what,
		 size_t what_size)
{
	return vm_add(n, tap, mac, ip, true, what, what_size);
}

/**
 * fw_vm_del() - remove every element of @tap from the network's sets
 * @mac:	the MAC registered for it, if known (faster), or NULL
 *
 * Return: 0 (also when there was nothing, or the network is down), -errno
 */
int fw_vm_del(const struct conf_network *n, const char *tap,
	      const uint8_t *mac, char *what, size_t what_size)
{
	struct tap_elems e;
	struct nft_txn *t;
	struct names x;
	int rc, tries;

	names_of(n, &x);
	/* -ENOENT from the commit: a concurrent "vmnetctl gc" removed an
	 * element between our read and our delete; read again. */
	for (tries = 0; tries < 3; tries++) {
		rc = tap_elems_read(&x, tap, mac, &e);
		if (rc)
			return rc;
		if (!tap_elems_any(&e))
			return 0;
		rc = nft_txn_new(&t);
		if (rc)
			return rc;
		tap_elems_del(t, &x, &e);
		rc = nft_commit(t, what, what_size);
		nft_txn_free(t);
		if (rc != -ENOENT)
			break;
	}
	return rc;
}

/* ---- listing and garbage collection ------------------------------------ */

#define GC_MAX 8192

struct names_acc {
	char (*names)[IFNAMSIZ];
	size_t n;
};

static int collect_cb(const void *k, uint32_t kl, const void *d, uint32_t dl,
		      uint32_t f, void *ctx)
{
	struct names_acc *a = ctx;
	size_t i;

	if (kl < IFNAMSIZ)
		return 0;
	for (i = 0; i < a->n; i++)
		if (!memcmp(a->names[i], k, IFNAMSIZ))
			return 0;
	if (a->n == GC_MAX)
		return -E2BIG;
	memcpy(a->names[a->n], k, IFNAMSIZ);
	a->names[a->n][IFNAMSIZ - 1] = '\0';
	a->n++;
	return 0;
}

/* Every tap name that has any element in the network's sets. */
static int all_taps(const struct names *x, struct names_acc *a)
{
	const char *sets[] = { x->ports, x->learn, x->seen, x->pairs,
			       x->iplearn, x->tapip, x->tapset };
	size_t i, nsets = x->wlan ? 7 : 4;
	int rc = 0;

	a->n = 0;
	a->names = calloc(GC_MAX, IFNAMSIZ);
	if (!a->names)
		return -ENOMEM;
	for (i = 0; i < nsets && !rc; i++)
		rc = nft_dump_elems(NFPROTO_BRIDGE, FW_TABLE, sets[i],
				    collect_cb, a);
	if (rc) {
		free(a->names);
		a->names = NULL;
	}
	return rc;
}

/**
 * fw_vm_gc() - remove the elements of every tap @keep does not vouch for
 * @removed:	how many taps' elements were removed
 *
 * Return: 0 (also when the network is down) or -errno
 */
int fw_vm_gc(const struct conf_network *n, fw_keep_cb keep, void *ctx,
	     unsigned *removed, char *what, size_t what_size)
{
	struct names_acc a;
	struct names x;
	size_t i;
	int rc;

	*removed = 0;
	names_of(n, &x);
	rc = all_taps(&x, &a);
	if (rc == -ENOENT)
		return 0;
	if (rc)
		return rc;
	for (i = 0; i < a.n && !rc; i++) {
		if (keep(a.names[i], ctx))
			continue;
		rc = fw_vm_del(n, a.names[i], NULL, what, what_size);
		if (!rc)
			(*removed)++;
	}
	free(a.names);
	return rc;
}

/**
 * fw_vm_learned() - what the kernel learned for @tap: its MAC (taps without
 * a configured MAC) and, on wlan networks, its address (taps without a
 * configured address)
 *
 * Return: 0 or -errno (also when the network is down: nothing learned)
 */
int fw_vm_learned(const struct conf_network *n, const char *tap,
		  uint8_t mac[6], bool *has_mac, uint32_t *ip, bool *has_ip)
{
	struct tap_elems e;
	struct names x;
	int rc;

	*has_mac = *has_ip = false;
	names_of(n, &x);
	rc = tap_elems_read(&x, tap, NULL, &e);
	if (rc)
		return rc == -ENOENT ? 0 : rc;
	if (e.npairs && (e.in_learn || e.has_seen)) {
		memcpy(mac, e.pairs[0], 6);
		*has_mac = true;
	}
	if (e.has_ip && e.in_iplearn) {
		*ip = ntohl(e.ip);
		*has_ip = true;
	}
	return 0;
}

/* ---- the same, as nft text ---------------------------------------------- */

static void p_prefix(FILE *f, const struct val_prefix *p)
{
	char a[16];

	val_ipv4_str(p->addr & val_mask(p->len), a);
	fprintf(f, "%s/%u", a, p->len);
}

/* The sets of the MAC part, as set_specs() declares them. */
static void p_mac_sets(FILE *f, const struct names *x)
{
	fprintf(f, "\tset %s {\n\t\ttype ifname\n\t}\n", x->ports);
	fprintf(f, "\tset %s {\n\t\ttype ifname\n\t}\n", x->learn);
	fprintf(f, "\tset %s {\n\t\ttype ifname\n\t\tsize %u\n\t\tflags dynamic\n\t}\n",
		x->seen, FW_MAX_LEARNED);
	fprintf(f, "\tset %s {\n\t\ttype ifname . ether_addr\n\t\tsize %u\n\t\tflags dynamic\n\t}\n",
		x->pairs, FW_MAX_LEARNED);
}

/* The MAC part of spoof_NET, as mac_rules() builds it. */
static void p_mac_rules(FILE *f, const struct conf_network *n,
			const struct names *x)
{
	fprintf(f, "\t\tiifgroup != %u accept\n", (unsigned)conf_port_group(n->name));
	fprintf(f, "\t\tiifname != @%s drop\n", x->ports);
	fprintf(f, "\t\tiifname @%s iifname != @%s add @%s { iifname . ether saddr } add @%s { iifname }\n",
		x->learn, x->seen, x->pairs, x->seen);
	fprintf(f, "\t\tiifname . ether saddr != @%s drop\n", x->pairs);
	fprintf(f, "\t\tarp htype != 1 drop\n");
	fprintf(f, "\t\tarp ptype != ip drop\n");
	fprintf(f, "\t\tarp hlen != 6 drop\n");
	fprintf(f, "\t\tarp plen != 4 drop\n");
	fprintf(f, "\t\tiifname . arp saddr ether != @%s drop\n", x->pairs);
}

/**
 * fw_net_print() - the network's nf_tables state as an nft script: what
 * fw_net_up() installs, for review or to apply by hand ("nft -f")
 */
void fw_net_print(FILE *f, const struct conf_network *n,
		  const struct lan_range *lan, size_t nlan)
{
	const char *br = n->bridge;
	struct names x;
	char r[40];
	size_t i;

	names_of(n, &x);
	fprintf(f, "table inet %s {\n", FW_TABLE);
	if (n->lan_block) {
		fprintf(f, "\tset %s {\n\t\ttype ipv4_addr\n\t\tflags interval\n", x.lan);
		fprintf(f, "\t\telements = { ");
		for (i = 0; i < nlan; i++) {
			lan_range_str(&lan[i], r, sizeof(r));
			fprintf(f, "%s%s", i ? ", " : "", r);
		}
		fprintf(f, " }\n\t}\n");
		fprintf(f, "\tchain %s {\n", x.in);
		fprintf(f, "\t\ttype filter hook input priority filter; policy accept;\n");
		fprintf(f, "\t\tiifname \"%s\" meta nfproto ipv6 drop\n", br);
		fprintf(f, "\t\tiifname \"%s\" ct state established,related accept\n", br);
		fprintf(f, "\t\tiifname \"%s\" udp dport 67 accept\n", br);
		fprintf(f, "\t\tiifname \"%s\" udp dport 53 accept\n", br);
		fprintf(f, "\t\tiifname \"%s\" tcp dport 53 accept\n", br);
		fprintf(f, "\t\tiifname \"%s\" icmp type echo-request accept\n", br);
		fprintf(f, "\t\tiifname \"%s\" reject with icmpx admin-prohibited\n", br);
		fprintf(f, "\t}\n");
	}
	fprintf(f, "\tchain %s {\n", x.fwd);
	fprintf(f, "\t\ttype filter hook forward priority filter; policy accept;\n");
	fprintf(f, "\t\tiifname \"%s\" oifname \"%s\" accept\n", br, br);
	fprintf(f, "\t\tiifname \"%s\" meta nfproto ipv6 drop\n", br);
	fprintf(f, "\t\toifname \"%s\" meta nfproto ipv6 drop\n", br);
	fprintf(f, "\t\toifname \"%s\" ct state established,related accept\n", br);
	fprintf(f, "\t\toifname \"%s\" reject with icmpx admin-prohibited\n", br);
	fprintf(f, "\t\tiifname \"%s\" ip saddr != ", br);
	p_prefix(f, &n->address);
	fprintf(f, " drop\n");
	if (n->lan_block)
		fprintf(f, "\t\tiifname \"%s\" ip daddr @%s reject with icmpx admin-prohibited\n",
			br, x.lan);
	fprintf(f, "\t}\n");
	fprintf(f, "\tchain %s {\n", x.nat);
	fprintf(f, "\t\ttype nat hook postrouting priority srcnat; policy accept;\n");
	fprintf(f, "\t\toifname != \"%s\" ip saddr ", br);
	p_prefix(f, &n->address);
	fprintf(f, " ip daddr != 224.0.0.0/4 ip daddr != 255.255.255.255 masquerade\n");
	fprintf(f, "\t}\n}\n");

	fprintf(f, "table bridge %s {\n", FW_TABLE);
	p_mac_sets(f, &x);
	fprintf(f, "\tchain %s {\n", x.spoof);
	fprintf(f, "\t\ttype filter hook prerouting priority filter; policy accept;\n");
	p_mac_rules(f, n, &x);
	fprintf(f, "\t\tarp saddr ip 0.0.0.0 accept\n");
	fprintf(f, "\t\tarp saddr ip ");
	p_prefix(f, &n->address);
	fprintf(f, " accept\n");
	fprintf(f, "\t\tmeta protocol ip udp sport 67 drop\n");
	fprintf(f, "\t\tip saddr 0.0.0.0 udp dport 67 accept\n");
	fprintf(f, "\t\tip saddr ");
	p_prefix(f, &n->address);
	fprintf(f, " accept\n");
	fprintf(f, "\t\tdrop\n");
	fprintf(f, "\t}\n}\n");
}

static void p_ip4mac(FILE *f, const struct names *x)
{
	fprintf(f, "\tmap %s {\n\t\ttype ipv4_addr : ether_addr\n\t\tsize %u\n"
		   "\t\tflags dynamic,timeout\n\t}\n", x->ip4mac, FW_MAX_LEARNED);
}


static void p_dnat(FILE *f, const struct names *x, const char *mac,
		   bool netdev)
{
	int arp;

	for (arp = 1; arp >= 0; arp--) {
		const char *a = arp ? "arp daddr ip" : "ip daddr";

		fprintf(f, "\t\t");
		if (!netdev)
			fprintf(f, "iifname \"%s\" ", x->uplink);
		fprintf(f, "ether daddr %s ether daddr set %s map @%s", mac, a, x->ip4mac);
		if (arp)
			fprintf(f, " arp daddr ether set %s map @%s", a,
				x->ip4mac);
		if (netdev)
			fprintf(f, " fwd to \"%s\"", x->vmend);
		fprintf(f, "\n");
	}
}

/**
 * fw_wlan_print() - a wlan network's nf_tables state as an nft script:
 * what fw_wlan_up() installs
 */
void fw_wlan_print(FILE *f, const struct conf_network *n,
		   const struct fw_wlan *w)
{
	bool a4 = n->method == CONF_METHOD_4ADDR;
	const char *upd_arp = "", *upd_ip = "";
	char r[40], arp_u[160], ip_u[160], mac[18];
	struct names x;
	size_t i;

	names_of(n, &x);
	val_mac_str(w->uplink_mac, mac);
	fprintf(f, "table bridge %s {\n", FW_TABLE);
	p_mac_sets(f, &x);
	fprintf(f, "\tset %s {\n\t\ttype ifname\n\t}\n", x.iplearn);
	fprintf(f, "\tmap %s {\n\t\ttype ifname : ipv4_addr\n\t\tsize %u\n\t\tflags dynamic\n\t}\n",
		x.tapip, FW_MAX_LEARNED);
	fprintf(f, "\tset %s {\n\t\ttype ifname . ipv4_addr\n\t\tsize %u\n\t\tflags dynamic\n\t}\n",
		x.tapset, FW_MAX_LEARNED);
	fprintf(f, "\tset %s {\n\t\ttype ipv4_addr\n\t\tsize %u\n\t\tflags dynamic\n\t}\n",
		x.claimed, FW_MAX_LEARNED);
	fprintf(f, "\tset %s {\n\t\ttype ipv4_addr\n", x.hostips);
	if (w->nhostips) {
		fprintf(f, "\t\telements = { ");
		for (i = 0; i < w->nhostips; i++) {
			val_ipv4_str(w->hostips[i], r);
			fprintf(f, "%s%s", i ? ", " : "", r);
		}
		fprintf(f, " }\n");
	}
	fprintf(f, "\t}\n");
	fprintf(f, "\tset %s {\n\t\ttype ipv4_addr\n\t\tflags interval\n", x.subnet);
	if (w->nsubnets) {
		fprintf(f, "\t\telements = { ");
		for (i = 0; i < w->nsubnets; i++) {
			lan_range_str(&w->subnets[i], r, sizeof(r));
			fprintf(f, "%s%s", i ? ", " : "", r);
		}
		fprintf(f, " }\n");
	}
	fprintf(f, "\t}\n");
	if (a4)
		p_ip4mac(f, &x);
	snprintf(arp_u, sizeof(arp_u),
		 " update @%s { arp saddr ip timeout %um : arp saddr ether }",
		 x.ip4mac, FW_MAP_TIMEOUT_MS / 60000);
	snprintf(ip_u, sizeof(ip_u),
		 " update @%s { ip saddr timeout %um : ether saddr }",
		 x.ip4mac, FW_MAP_TIMEOUT_MS / 60000);
	if (a4) {
		upd_arp = arp_u;
		upd_ip = ip_u;
	}
	fprintf(f, "\tchain %s {\n", x.spoof);
	fprintf(f, "\t\ttype filter hook prerouting priority filter; policy accept;\n");
	p_mac_rules(f, n, &x);
	for (i = 0; i < 2; i++) {
		const char *a = i ? "ip saddr" : "arp saddr ip";

		fprintf(f, "\t\tiifname @%s iifname != @%s %s @%s %s != @%s %s != @%s "
			   "add @%s { iifname : %s } add @%s { iifname . %s } add @%s { %s }\n",
			x.iplearn, x.tapip, a, x.subnet, a, x.hostips, a,
			x.claimed, x.tapip, a, x.tapset, a, x.claimed, a);
	}
	fprintf(f, "\t\tarp saddr ip @%s drop\n", x.hostips);
	fprintf(f, "\t\tip saddr @%s drop\n", x.hostips);
	fprintf(f, "\t\tarp saddr ip 0.0.0.0 accept\n");
	fprintf(f, "\t\tiifname . arp saddr ip @%s%s accept\n", x.tapset, upd_arp);
	fprintf(f, "\t\tmeta protocol ip udp sport 67 drop\n");
	if (n->dhcp_broadcast)
		fprintf(f, "\t\tmeta protocol ip udp dport 67 @th,144,16 set 0x8000 udp checksum set 0\n");
	fprintf(f, "\t\tip saddr 0.0.0.0 udp dport 67 accept\n");
	fprintf(f, "\t\tiifname . ip saddr @%s%s accept\n", x.tapset, upd_ip);
	fprintf(f, "\t\tdrop\n");
	fprintf(f, "\t}\n");
	if (a4) {
		fprintf(f, "\tchain %s {\n", x.dnat);
		fprintf(f, "\t\ttype filter hook prerouting priority -300; policy accept;\n");
		p_dnat(f, &x, mac, false);
		fprintf(f, "\t}\n");
		fprintf(f, "\tchain %s {\n", x.snat);
		fprintf(f, "\t\ttype filter hook postrouting priority srcnat; policy accept;\n");
		fprintf(f, "\t\toifname \"%s\" arp saddr ether set %s\n", x.uplink,
			mac);
		fprintf(f, "\t\toifname \"%s\" ether saddr set %s\n", x.uplink,
			mac);
		fprintf(f, "\t}\n");
	}
	fprintf(f, "}\n");
	if (a4)
		return;
	fprintf(f, "table netdev %s {\n", FW_TABLE);
	p_ip4mac(f, &x);
	fprintf(f, "\tchain %s {\n", x.up);
	fprintf(f, "\t\ttype filter hook ingress device \"%s\" priority -300; policy accept;\n",
		x.uplink);
	p_dnat(f, &x, mac, true);
	fprintf(f, "\t\tether daddr & 01:00:00:00:00:00 == 01:00:00:00:00:00 ether type arp dup to \"%s\"\n",
		x.vmend);
	fprintf(f, "\t\tether daddr & 01:00:00:00:00:00 == 01:00:00:00:00:00 ether type ip dup to \"%s\"\n",
		x.vmend);
	fprintf(f, "\t}\n");
	fprintf(f, "\tchain %s {\n", x.vm);
	fprintf(f, "\t\ttype filter hook ingress device \"%s\" priority -300; policy accept;\n",
		x.vmend);
	fprintf(f, "\t\tarp saddr ip != 0.0.0.0%s\n", arp_u);
	fprintf(f, "\t\tip saddr != 0.0.0.0%s\n", ip_u);
	fprintf(f, "\t\tarp saddr ether set %s ether saddr set %s fwd to \"%s\"\n",
		mac, mac, x.uplink);
	fprintf(f, "\t\tether type ip ether saddr set %s fwd to \"%s\"\n", mac,
		x.uplink);
	fprintf(f, "\t\tdrop\n");
	fprintf(f, "\t}\n}\n");
}

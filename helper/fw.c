// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * fw.c - vmnet's nf_tables state for isolated networks (see fw.h).
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

#define PAIR_LEN (IFNAMSIZ + 8)	/* ifname . ether_addr, padded */

struct names {
	char in[48], fwd[48], nat[48], lan[48];
	char spoof[48], ports[48], learn[48], seen[48], pairs[48];
};

static void names_of(const struct conf_network *n, struct names *x)
{
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

static void m_proto_ip(struct nft_rule *b)
{
	uint16_t t = htons(0x0800);

	nft_meta(b, NFT_META_PROTOCOL, NFT_R(0));
	nft_cmp(b, NFT_R(0), NFT_CMP_EQ, &t, 2);
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

static void bridge_rules(struct nft_txn *t, const struct conf_network *n,
			 const struct names *x)
{
	static const struct { uint32_t off, len; uint16_t v; } arp_hdr[] = {
		{ 0, 2, 1 }, { 2, 2, 0x0800 }, { 4, 1, 6 }, { 5, 1, 4 },
	};
	struct val_prefix zero = { 0, 32 };
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
	nft_rule_begin(&b);
	m_ethertype(&b, 0x0806);
	m_net(&b, NFT_PAYLOAD_NETWORK_HEADER, 14, true, &zero);
	nft_verdict(&b, NF_ACCEPT);
	BADD(x->spoof);
	nft_rule_begin(&b);
	m_ethertype(&b, 0x0806);
	m_net(&b, NFT_PAYLOAD_NETWORK_HEADER, 14, true, &n->address);
	nft_verdict(&b, NF_ACCEPT);
	BADD(x->spoof);
	/* A VM is never a DHCP server: no rogue offers to the other VMs. */
	nft_rule_begin(&b);
	m_proto_ip(&b);
	{
		uint16_t p = htons(67);

		m_u8(&b, NFT_META_L4PROTO, IPPROTO_UDP);
		nft_payload(&b, NFT_PAYLOAD_TRANSPORT_HEADER, 0, 2, NFT_R(0));
		nft_cmp(&b, NFT_R(0), NFT_CMP_EQ, &p, 2);
	}
	nft_verdict(&b, NF_DROP);
	BADD(x->spoof);
	nft_rule_begin(&b);
	m_proto_ip(&b);
	m_net(&b, NFT_PAYLOAD_NETWORK_HEADER, 12, true, &zero);
	m_dport(&b, IPPROTO_UDP, 67);
	nft_verdict(&b, NF_ACCEPT);
	BADD(x->spoof);
	nft_rule_begin(&b);
	m_proto_ip(&b);
	m_net(&b, NFT_PAYLOAD_NETWORK_HEADER, 12, true, &n->address);
	nft_verdict(&b, NF_ACCEPT);
	BADD(x->spoof);
	nft_rule_begin(&b);
	nft_verdict(&b, NF_DROP);
	BADD(x->spoof);
}

static void lan_elems(struct nft_txn *t, const struct names *x,
		      const struct lan_range *lan, size_t nlan)
{
	uint32_t k = 0;
	size_t i;

	/* As nft writes interval sets: an end marker at 0 unless a range
	 * starts there, then start and end+1 (end flag) of each range. */
	if (!nlan || lan[0].lo != 0)
		nft_elem(t, true, NFPROTO_INET, FW_TABLE, x->lan, &k, 4, NULL,
			 0, NFT_SET_ELEM_INTERVAL_END);
	for (i = 0; i < nlan; i++) {
		k = htonl(lan[i].lo);
		nft_elem(t, true, NFPROTO_INET, FW_TABLE, x->lan, &k, 4, NULL,
			 0, 0);
		if (lan[i].hi != UINT32_MAX) {
			k = htonl(lan[i].hi + 1);
			nft_elem(t, true, NFPROTO_INET, FW_TABLE, x->lan, &k, 4,
				 NULL, 0, NFT_SET_ELEM_INTERVAL_END);
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
		lan_elems(t, &x, lan, nlan);
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
	       nft_set_exists(NFPROTO_BRIDGE, FW_TABLE, x.pairs) == 1;
}

/* ---- per-VM elements ----------------------------------------------------- */

struct tap_elems {
	const char *tap;
	uint8_t key[IFNAMSIZ];
	bool in_ports, in_learn, has_seen;
	uint8_t pairs[8][6];	/* MACs paired with the tap (normally one) */
	size_t npairs;
	bool overflow;
};

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
	if (rc || (!e->in_ports && !e->in_learn && !e->has_seen))
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
}

/*
 * vm_add() - register @tap for anti-spoofing: replace whatever the
 * kernel holds for that name (a stale state of a tap that died) with the
 * tap's elements, in one transaction
 * @mac:	the VM's MAC, or NULL to learn the first MAC seen
 *
 * Return: 0, -ENOENT when the network's sets are missing (not up), -errno
 */
static int vm_add(const struct conf_network *n, const char *tap,
		  const uint8_t *mac, bool keep, char *what, size_t what_size)
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
	rc = nft_commit(t, what, what_size);
	nft_txn_free(t);
	return rc ? rc : keep;
}

int fw_vm_add(const struct conf_network *n, const char *tap,
	      const uint8_t *mac, char *what, size_t what_size)
{
	return vm_add(n, tap, mac, false, what, what_size);
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
		 const uint8_t *mac, char *what, size_t what_size)
{
	return vm_add(n, tap, mac, true, what, what_size);
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
		if (!e.in_ports && !e.in_learn && !e.has_seen && !e.npairs)
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
	const char *sets[] = { x->ports, x->learn, x->seen, x->pairs };
	size_t i;
	int rc = 0;

	a->n = 0;
	a->names = calloc(GC_MAX, IFNAMSIZ);
	if (!a->names)
		return -ENOMEM;
	for (i = 0; i < 4 && !rc; i++)
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
 * fw_vm_list() - call @cb for every registered tap of the network with its
 * MAC (configured or learned; NULL while learning has seen nothing)
 */
int fw_vm_list(const struct conf_network *n,
	       int (*cb)(const char *tap, const uint8_t *mac, bool learned,
			 void *ctx),
	       void *ctx)
{
	struct names_acc a;
	struct names x;
	size_t i;
	int rc;

	names_of(n, &x);
	rc = all_taps(&x, &a);
	if (rc)
		return rc;
	for (i = 0; i < a.n && !rc; i++) {
		struct tap_elems e;

		rc = tap_elems_read(&x, a.names[i], NULL, &e);
		if (rc)
			break;
		if (!e.in_ports)
			continue;
		rc = cb(a.names[i], e.npairs ? e.pairs[0] : NULL, e.in_learn,
			ctx);
	}
	free(a.names);
	return rc;
}

/* ---- the same, as nft text ---------------------------------------------- */

static void p_prefix(FILE *f, const struct val_prefix *p)
{
	char a[16];

	val_ipv4_str(p->addr & val_mask(p->len), a);
	fprintf(f, "%s/%u", a, p->len);
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
	fprintf(f, "\tset %s {\n\t\ttype ifname\n\t}\n", x.ports);
	fprintf(f, "\tset %s {\n\t\ttype ifname\n\t}\n", x.learn);
	fprintf(f, "\tset %s {\n\t\ttype ifname\n\t\tsize %u\n\t\tflags dynamic\n\t}\n",
		x.seen, FW_MAX_LEARNED);
	fprintf(f, "\tset %s {\n\t\ttype ifname . ether_addr\n\t\tsize %u\n\t\tflags dynamic\n\t}\n",
		x.pairs, FW_MAX_LEARNED);
	fprintf(f, "\tchain %s {\n", x.spoof);
	fprintf(f, "\t\ttype filter hook prerouting priority filter; policy accept;\n");
	fprintf(f, "\t\tiifgroup != %u accept\n", (unsigned)conf_port_group(n->name));
	fprintf(f, "\t\tiifname != @%s drop\n", x.ports);
	fprintf(f, "\t\tiifname @%s iifname != @%s add @%s { iifname . ether saddr } add @%s { iifname }\n",
		x.learn, x.seen, x.pairs, x.seen);
	fprintf(f, "\t\tiifname . ether saddr != @%s drop\n", x.pairs);
	fprintf(f, "\t\tarp htype != 1 drop\n");
	fprintf(f, "\t\tarp ptype != ip drop\n");
	fprintf(f, "\t\tarp hlen != 6 drop\n");
	fprintf(f, "\t\tarp plen != 4 drop\n");
	fprintf(f, "\t\tiifname . arp saddr ether != @%s drop\n", x.pairs);
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

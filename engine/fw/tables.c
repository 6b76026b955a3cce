// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tables.c - how vmnet's chains and sets are created: hooks, priorities,
 * key types and nft's own annotations (what "up" writes, "print" prints
 * and "verify" compares). The setuid programs add elements only; which
 * sets exist, their names and families are core/fw/objects.c's.
 *
 * The set annotations (userdata) are generated from a description of
 * each key (key_udata()).
 */
#include "fw/tables.h"

#include <assert.h>
#include <linux/netfilter.h>
#include <libnftnl/udata.h>
#include <linux/netfilter/nf_tables.h>
#include <stdio.h>
#include <string.h>

/* nft's datatype ids */
#define T_INTEGER 4
#define T_IPADDR 7
#define T_ETHERADDR 9
#define T_MARK 19
#define T_CLASSID 23
#define T_IFINDEX 20
#define T_IFNAME 41
#define T_CONCAT2(a, b) (((a) << 6) | (b))

/* BR_PRE_ROUTING / BR_LOCAL_IN / BR_POST_ROUTING:
 * <linux/netfilter_bridge.h> clashes with <net/if.h> */
#define BR_PRE_ROUTING 0
#define BR_LOCAL_IN 1
#define BR_POST_ROUTING 4

#define K(kind) FW_KIND(kind)
#define GUARDED FW_GUARDED

/*
 * A set's annotation (userdata) says how nft prints its key: the key's
 * byte order, a map's data order, and for a "typeof" key the expressions
 * it came from. vmnet writes the bytes nft itself writes for the same
 * declaration (so "nft list" shows a set vmnet created exactly as one
 * loaded from "vmnetctl print"), generated here from a description of
 * the key with libnftnl's udata builder; the golden files hold the
 * result.
 */
enum { ORDER_NONE, ORDER_HOST, ORDER_BIG };	/* nft's byte orders */
enum { EXPR_PAYLOAD = 7, EXPR_META = 9, EXPR_CONCAT = 13 };	/* nft's */
enum { BASE_LL = 1, BASE_NH, BASE_TH };		/* nft's payload bases */

struct key_part {		/* one expression of a "typeof" key */
	int expr;		/* EXPR_META or EXPR_PAYLOAD */
	uint32_t key;		/* meta key, or payload base */
	uint32_t off, len;	/* payload: bits */
};

struct key_desc {
	uint32_t order;		/* of a "type" key; ORDER_NONE: concat */
	uint32_t data_order;	/* of a map's data; ORDER_NONE: a set */
	struct key_part part[2];	/* "typeof" keys: their parts */
	size_t nparts;
};

#define TYPE(o) { .order = (o) }
#define MAP(o, d) { .order = (o), .data_order = (d) }
#define CONCAT { .order = ORDER_NONE }
#define META(k) { EXPR_META, (k), 0, 0 }
#define RAW(b, o, l) { EXPR_PAYLOAD, (b), (o), (l) }
#define TYPEOF(a, b) { .part = { a, b }, .nparts = 2 }

static void put_part(struct nftnl_udata_buf *b, uint8_t idx,
		     const struct key_part *p)
{
	struct nftnl_udata *e = nftnl_udata_nest_start(b, idx), *d;

	nftnl_udata_put_u32(b, NFTNL_UDATA_SET_TYPEOF_EXPR, (uint32_t)p->expr);
	d = nftnl_udata_nest_start(b, NFTNL_UDATA_SET_TYPEOF_DATA);
	if (p->expr == EXPR_META) {
		nftnl_udata_put_u32(b, 0, p->key);		/* key */
	} else {
		nftnl_udata_put_u32(b, 0, 0);			/* no desc */
		nftnl_udata_put_u32(b, 1, 0);			/* raw */
		nftnl_udata_put_u32(b, 2, p->key);		/* base */
		nftnl_udata_put_u32(b, 3, p->off);
		nftnl_udata_put_u32(b, 4, p->len);
	}
	nftnl_udata_nest_end(b, d);
	nftnl_udata_nest_end(b, e);
}

/* The userdata of key @k into @out (@size bytes); its length, 0 if it
 * does not fit. */
static uint32_t key_udata(const struct key_desc *k, uint8_t *out,
			  size_t size)
{
	struct nftnl_udata_buf *b = nftnl_udata_buf_alloc(256);
	struct nftnl_udata *t, *d;
	uint32_t len = 0;
	size_t i;

	if (!b)
		return 0;
	nftnl_udata_put_u32(b, NFTNL_UDATA_SET_KEYBYTEORDER, k->order);
	if (k->data_order) {
		nftnl_udata_put_u32(b, NFTNL_UDATA_SET_DATABYTEORDER,
				    k->data_order);
		nftnl_udata_put_u32(b, NFTNL_UDATA_SET_DATA_INTERVAL, 0);
	} else if (k->order == ORDER_NONE) {
		/* a concatenation: its parts ("typeof"), or none ("type") */
		t = nftnl_udata_nest_start(b, NFTNL_UDATA_SET_KEY_TYPEOF);
		nftnl_udata_put_u32(b, NFTNL_UDATA_SET_TYPEOF_EXPR,
				    EXPR_CONCAT);
		d = nftnl_udata_nest_start(b, NFTNL_UDATA_SET_TYPEOF_DATA);
		for (i = 0; i < k->nparts; i++)
			put_part(b, (uint8_t)i, &k->part[i]);
		nftnl_udata_nest_end(b, d);
		nftnl_udata_nest_end(b, t);
	}
	if (nftnl_udata_buf_len(b) <= size) {
		len = nftnl_udata_buf_len(b);
		memcpy(out, nftnl_udata_buf_data(b), len);
	}
	nftnl_udata_buf_free(b);
	return len;
}

static const struct set_spec {
	const char *decl;	/* nft's declaration of the key (and data) */
	uint32_t flags, key_type, key_len, data_type, data_len, size;
	uint64_t timeout_ms;
	struct key_desc key;	/* for its userdata */
} specs[FS_NSETS] = {
	[FS_LAN] = { "type ipv4_addr",
		NFT_SET_INTERVAL, T_IPADDR, 4, 0, 0, 0, 0,
		TYPE(ORDER_BIG) },
	[FS_PORTS] = { "type iface_index",
		0, T_IFINDEX, 4, 0, 0, 0, 0,
		TYPE(ORDER_HOST) },
	[FS_LEARN] = { "type iface_index",
		0, T_IFINDEX, 4, 0, 0, 0, 0,
		TYPE(ORDER_HOST) },
	[FS_SEEN] = { "type iface_index : ether_addr",
		NFT_SET_MAP | NFT_SET_EVAL, T_IFINDEX, 4, T_ETHERADDR, 6,
		FW_MAX_PORTS, 0,
		MAP(ORDER_HOST, ORDER_BIG) },
	[FS_PAIRS] = { "type iface_index . ether_addr",
		NFT_SET_EVAL, T_CONCAT2(T_IFINDEX, T_ETHERADDR), 12, 0, 0,
		FW_MAX_PORTS, 0,
		CONCAT },
	[FS_CHADDR] = { "typeof iif . @th,288,48",
		NFT_SET_EVAL, T_CONCAT2(T_IFINDEX, T_INTEGER), 12, 0, 0,
		FW_MAX_PORTS, 0,
		TYPEOF(META(NFT_META_IIF), RAW(BASE_TH, 288, 48)) },
	[FS_MACS] = { "type ether_addr",
		NFT_SET_EVAL, T_ETHERADDR, 6, 0, 0, FW_MAX_PORTS, 0,
		TYPE(ORDER_BIG) },
	[FS_INFRA] = { "type ether_addr",
		0, T_ETHERADDR, 6, 0, 0, 0, 0,
		TYPE(ORDER_BIG) },
	[FS_PINMAC] = { "type ether_addr",
		0, T_ETHERADDR, 6, 0, 0, 0, 0,
		TYPE(ORDER_BIG) },
	[FS_LANPORTS] = { "type ifname",
		0, T_IFNAME, 16, 0, 0, 0, 0,
		TYPE(ORDER_HOST) },
	[FS_LANMAC] = { "type ether_addr",
		NFT_SET_EVAL | NFT_SET_TIMEOUT, T_ETHERADDR, 6, 0, 0,
		FW_MAX_LANMACS, FW_LANMAC_TIMEOUT_MS,
		TYPE(ORDER_BIG) },
	[FS_IPLEARN] = { "type iface_index",
		0, T_IFINDEX, 4, 0, 0, 0, 0,
		TYPE(ORDER_HOST) },
	[FS_TAPIP] = { "type iface_index : ipv4_addr",
		NFT_SET_MAP | NFT_SET_EVAL, T_IFINDEX, 4, T_IPADDR, 4,
		FW_MAX_PORTS, 0,
		MAP(ORDER_HOST, ORDER_BIG) },
	[FS_TAPSET] = { "type iface_index . ipv4_addr",
		NFT_SET_EVAL, T_CONCAT2(T_IFINDEX, T_IPADDR), 8, 0, 0,
		FW_MAX_PORTS, 0,
		CONCAT },
	[FS_CLAIMED] = { "type ipv4_addr",
		NFT_SET_EVAL, T_IPADDR, 4, 0, 0, FW_MAX_PORTS, 0,
		TYPE(ORDER_BIG) },
	[FS_HOSTIPS] = { "type ipv4_addr",
		0, T_IPADDR, 4, 0, 0, 0, 0,
		TYPE(ORDER_BIG) },
	[FS_SUBNET] = { "type ipv4_addr",
		NFT_SET_INTERVAL, T_IPADDR, 4, 0, 0, 0, 0,
		TYPE(ORDER_BIG) },
	[FS_PINIP] = { "type ipv4_addr",
		0, T_IPADDR, 4, 0, 0, 0, 0,
		TYPE(ORDER_BIG) },
	[FS_IP4MAC] = { "type ipv4_addr : ether_addr",
		NFT_SET_MAP | NFT_SET_TIMEOUT | NFT_SET_EVAL, T_IPADDR, 4,
		T_ETHERADDR, 6, FW_MAX_PORTS, 0,
		MAP(ORDER_BIG, ORDER_BIG) },
	[FS_PORTMARK] = { "type iface_index : mark",
		NFT_SET_MAP, T_IFINDEX, 4, T_MARK, 4, 0, 0,
		MAP(ORDER_HOST, ORDER_HOST) },
	[FS_LEASES] = { "typeof @ll,48,48 . @nh,96,32",
		NFT_SET_EVAL | NFT_SET_TIMEOUT, T_CONCAT2(T_INTEGER, T_INTEGER),
		12, 0, 0, FW_MAX_LEASES, 0,
		TYPEOF(RAW(BASE_LL, 48, 48), RAW(BASE_NH, 96, 32)) },
	[FS_LANIP] = { "type ipv4_addr",
		NFT_SET_EVAL | NFT_SET_TIMEOUT, T_IPADDR, 4, 0, 0,
		FW_MAX_LANMACS, FW_LANIP_TIMEOUT_MS,
		TYPE(ORDER_BIG) },
	[FS_PORTLIM] = { "type iface_index : classid",
		NFT_SET_MAP, T_IFINDEX, 4, T_CLASSID, 4, 0, 0,
		MAP(ORDER_HOST, ORDER_HOST) },
	[FS_CONNS] = { "type mark",
		NFT_SET_EVAL, T_MARK, 4, 0, 0, FW_MAX_PORTS, 0,
		TYPE(ORDER_HOST) },
};
static_assert(sizeof(specs) / sizeof(specs[0]) == FS_NSETS,
	      "one spec per set");

static const struct chain_def {
	const char *prefix;
	int family;
	const char *type;
	int hook;
	int prio;
	const char *hook_name;
	unsigned kinds;
} chains[FC_NCHAINS] = {
	[FC_IN] = { "in", NFPROTO_INET, "filter", NF_INET_LOCAL_IN, 0,
		    "input", K(CONF_FW_ISOLATED) },
	[FC_FWD] = { "fwd", NFPROTO_INET, "filter", NF_INET_FORWARD, 0,
		     "forward", K(CONF_FW_ISOLATED) },
	[FC_NAT] = { "nat", NFPROTO_INET, "nat", NF_INET_POST_ROUTING, 100,
		     "postrouting", K(CONF_FW_ISOLATED) },
	[FC_GUARD] = { "spoof", NFPROTO_BRIDGE, "filter", BR_PRE_ROUTING, -200,
		       "prerouting", GUARDED },
	[FC_DNAT] = { "dnat", NFPROTO_BRIDGE, "filter", BR_PRE_ROUTING, -300,
		      "prerouting", K(CONF_FW_WLAN_4ADDR) },
	[FC_SNAT] = { "snat", NFPROTO_BRIDGE, "filter", BR_POST_ROUTING, 300,
		      "postrouting", K(CONF_FW_WLAN_4ADDR) },
	[FC_UP] = { "up", NFPROTO_NETDEV, "filter", NF_NETDEV_INGRESS, -300,
		    "ingress", K(CONF_FW_WLAN_NETDEV) },
	[FC_VM] = { "vm", NFPROTO_NETDEV, "filter", NF_NETDEV_INGRESS, -300,
		    "ingress", K(CONF_FW_WLAN_NETDEV) },
	[FC_OUT] = { "out", NFPROTO_BRIDGE, "filter", BR_POST_ROUTING, 100,
		     "postrouting", GUARDED },
	[FC_HOST] = { "host", NFPROTO_BRIDGE, "filter", BR_LOCAL_IN, 0,
		      "input", K(CONF_FW_ISOLATED) },
	[FC_PRE] = { "pre", NFPROTO_INET, "filter", NF_INET_PRE_ROUTING, -199,
		     "prerouting", K(CONF_FW_ISOLATED) },
};
static_assert(sizeof(chains) / sizeof(chains[0]) == FC_NCHAINS,
	      "one definition per chain");

/**
 * fw_set_spec() - how to create set @s of network @n
 * @name:	storage for the name the spec points to
 * @sp:		result
 */
void fw_set_spec(const struct fw_net *n, enum fw_set s, char name[FW_NAME_MAX],
		 struct nft_set_spec *sp)
{
	static uint8_t udata[FS_NSETS][128];
	static uint32_t udata_len[FS_NSETS];
	const struct set_spec *d = &specs[s];

	if (!udata_len[s])
		udata_len[s] = key_udata(&d->key, udata[s], sizeof(udata[s]));
	fw_set_name(n, s, name);
	*sp = (struct nft_set_spec){
		.name = name, .flags = d->flags, .key_type = d->key_type,
		.key_len = d->key_len, .data_type = d->data_type,
		.data_len = d->data_len, .size = d->size,
		.timeout_ms = d->timeout_ms, .udata = udata[s],
		.udata_len = udata_len[s],
	};
}

/* "type iface_index . ether_addr", "typeof iif . @th,288,48", ... */
const char *fw_set_decl(enum fw_set s)
{
	return specs[s].decl;
}

/* Whether network @n (by its kind) has chain @c. */
bool fw_has_chain(const struct fw_net *n, enum fw_chain c)
{
	return chains[c].kinds & K(n->kind);
}

/* Chain @c's family (NFPROTO_*). */
int fw_chain_family(enum fw_chain c)
{
	return chains[c].family;
}

/* Chain @c's name in network @n ("spoof_default") into @name. */
void fw_chain_name(const struct fw_net *n, enum fw_chain c,
		   char name[FW_NAME_MAX])
{
	snprintf(name, FW_NAME_MAX, "%s_%s", chains[c].prefix, n->name);
}

/* Chain @c's type: "filter" or "nat". */
const char *fw_chain_type(enum fw_chain c)
{
	return chains[c].type;
}

/* Chain @c's hook number in its family. */
int fw_chain_hook(enum fw_chain c)
{
	return chains[c].hook;
}

/* Chain @c's priority. */
int fw_chain_prio(enum fw_chain c)
{
	return chains[c].prio;
}

/* Chain @c's hook as nft spells it ("prerouting", ...). */
const char *fw_chain_hook_name(enum fw_chain c)
{
	return chains[c].hook_name;
}

/*
 * Whether @name is one of the chain (or set) names network @n can have in
 * any kind: what "up" removes when the kind changed, "down" removes
 * always.
 */
bool fw_object_of(const struct fw_net *n, const char *name, bool chain)
{
	char want[FW_NAME_MAX];
	int i, max = chain ? FC_NCHAINS : FS_NSETS;

	for (i = 0; i < max; i++) {
		if (chain)
			fw_chain_name(n, (enum fw_chain)i, want);
		else
			fw_set_name(n, (enum fw_set)i, want);
		if (!strcmp(want, name))
			return true;
	}
	return false;
}

/* How nft spells table family @family ("?" if unknown). */
const char *fw_family_name(int family)
{
	switch (family) {
	case NFPROTO_INET: return "inet";
	case NFPROTO_BRIDGE: return "bridge";
	case NFPROTO_NETDEV: return "netdev";
	default: return "?";
	}
}

// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tables.c - how vmnet's chains and sets are created: hooks, priorities,
 * key types and nft's own annotations (what "up" writes, "print" prints
 * and "verify" compares). The setuid programs add elements only; which
 * sets exist, their names and families are core/fw/objects.c's.
 *
 * A set is described by the types of its key (and a map's data): its
 * declaration, nft's type ids and lengths and its annotations (userdata,
 * key_udata()) are worked out from them, for the set's address family.
 */
#include "fw/tables.h"

#include <assert.h>
#include <linux/netfilter.h>
#include <libnftnl/udata.h>
#include <linux/netfilter/nf_tables.h>
#include <stdio.h>
#include <string.h>

/* nft's datatype ids of the "typeof" keys */
#define T_INTEGER 4
#define T_IFINDEX 20
#define T_CONCAT2(a, b) (((a) << 6) | (b))	/* nft's TYPE_BITS */

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

/* The types a key or a map's data is made of. DT_ADDR is the address of
 * the set's family: a set of addresses is one row for IPv4 and IPv6. */
enum dt { DT_NONE, DT_IFINDEX, DT_ETHER, DT_IFNAME, DT_MARK, DT_CLASSID,
	  DT_IP4, DT_IP6, DT_ADDR };

static const struct dtype {
	const char *name;	/* nft's */
	uint32_t id;		/* nft's datatype id, for "nft list" */
	uint32_t len;
	uint32_t order;
} dtypes[] = {
	[DT_IFINDEX] = { "iface_index", T_IFINDEX, 4, ORDER_HOST },
	[DT_ETHER] = { "ether_addr", 9, 6, ORDER_BIG },
	[DT_IFNAME] = { "ifname", 41, 16, ORDER_HOST },
	[DT_MARK] = { "mark", 19, 4, ORDER_HOST },
	[DT_CLASSID] = { "classid", 23, 4, ORDER_HOST },
	[DT_IP4] = { "ipv4_addr", 7, 4, ORDER_BIG },
	[DT_IP6] = { "ipv6_addr", 8, 16, ORDER_BIG },
};
static_assert(sizeof(dtypes) / sizeof(dtypes[0]) == DT_ADDR,
	      "one row per type but the family's address");

/* A key of raw fields, which nft declares with "typeof". */
struct typeof_key {
	const char *decl;
	uint32_t type, len;
	struct key_desc key;	/* for its userdata */
};

static const struct typeof_key chaddr_key = {
	"typeof iif . @th,288,48", T_CONCAT2(T_IFINDEX, T_INTEGER), 12,
	TYPEOF(META(NFT_META_IIF), RAW(BASE_TH, 288, 48)),
};
static const struct typeof_key leases_key = {
	"typeof @ll,48,48 . @nh,96,32", T_CONCAT2(T_INTEGER, T_INTEGER), 12,
	TYPEOF(RAW(BASE_LL, 48, 48), RAW(BASE_NH, 96, 32)),
};

/* A port's IPv6 address as the raw field (@nh,64,128: ip6 saddr), so
 * that the target of a neighbour advertisement (@th,64,128) can be
 * looked up in the same set: nft types a raw field as an integer. */
static const struct typeof_key own6_key = {
	"typeof iif . @nh,64,128", T_CONCAT2(T_IFINDEX, T_INTEGER), 20,
	TYPEOF(META(NFT_META_IIF), RAW(BASE_NH, 64, 128)),
};

#define SET1(a) .key = { (a) }, .nkey = 1
#define SET2(a, b) .key = { (a), (b) }, .nkey = 2
#define MAP1(a, d) .key = { (a) }, .nkey = 1, .data = (d)
#define EVAL NFT_SET_EVAL

static const struct set_spec {
	uint8_t key[2];		/* its types: one, or a concatenation */
	uint8_t nkey;
	uint8_t data;		/* a map's data type; DT_NONE: a set */
	bool v6;		/* DT_ADDR is IPv6's */
	uint32_t flags, size;
	uint64_t timeout_ms;
	const struct typeof_key *raw;	/* or a key of raw fields */
} specs[FS_NSETS] = {
	[FS_LAN] = { SET1(DT_ADDR), .flags = NFT_SET_INTERVAL },
	[FS_PORTS] = { SET1(DT_IFINDEX) },
	[FS_LEARN] = { SET1(DT_IFINDEX) },
	[FS_SEEN] = { MAP1(DT_IFINDEX, DT_ETHER), .flags = NFT_SET_MAP | EVAL,
		      .size = FW_MAX_PORTS },
	[FS_PAIRS] = { SET2(DT_IFINDEX, DT_ETHER), .flags = EVAL,
		       .size = FW_MAX_PORTS },
	[FS_CHADDR] = { .flags = EVAL, .size = FW_MAX_PORTS,
			.raw = &chaddr_key },
	[FS_MACS] = { SET1(DT_ETHER), .flags = EVAL, .size = FW_MAX_PORTS },
	[FS_INFRA] = { SET1(DT_ETHER) },
	[FS_PINMAC] = { SET1(DT_ETHER) },
	[FS_LANPORTS] = { SET1(DT_IFNAME) },
	[FS_LANMAC] = { SET1(DT_ETHER), .flags = EVAL | NFT_SET_TIMEOUT,
			.size = FW_MAX_LANMACS,
			.timeout_ms = FW_LANMAC_TIMEOUT_MS },
	[FS_IPLEARN] = { SET1(DT_IFINDEX) },
	[FS_TAPIP] = { MAP1(DT_IFINDEX, DT_ADDR), .flags = NFT_SET_MAP | EVAL,
		       .size = FW_MAX_PORTS },
	[FS_TAPSET] = { SET2(DT_IFINDEX, DT_ADDR), .flags = EVAL,
			.size = FW_MAX_PORTS },
	[FS_CLAIMED] = { SET1(DT_ADDR), .flags = EVAL, .size = FW_MAX_PORTS },
	[FS_HOSTIPS] = { SET1(DT_ADDR) },
	[FS_SUBNET] = { SET1(DT_ADDR), .flags = NFT_SET_INTERVAL },
	[FS_PINIP] = { SET1(DT_ADDR) },
	[FS_IP4MAC] = { MAP1(DT_IP4, DT_ETHER),
			.flags = NFT_SET_MAP | NFT_SET_TIMEOUT | EVAL,
			.size = FW_MAX_PORTS },
	[FS_PORTMARK] = { MAP1(DT_IFINDEX, DT_MARK), .flags = NFT_SET_MAP },
	[FS_LEASES] = { .flags = EVAL | NFT_SET_TIMEOUT, .size = FW_MAX_LEASES,
			.raw = &leases_key },
	[FS_LANIP] = { SET1(DT_ADDR), .flags = EVAL | NFT_SET_TIMEOUT,
		       .size = FW_MAX_LANMACS, .timeout_ms = FW_LANIP_TIMEOUT_MS },
	[FS_PORTLIM] = { MAP1(DT_IFINDEX, DT_CLASSID), .flags = NFT_SET_MAP },
	[FS_CONNS] = { SET1(DT_MARK), .flags = EVAL, .size = FW_MAX_PORTS },
	/* no default timeout: a configured address (added without one)
	 * never expires; the kernel gives learned ones theirs */
	[FS_OWN6] = { .flags = EVAL | NFT_SET_TIMEOUT,
		      .size = FW_MAX_PORTS * FW_CLAIM6_PER_PORT,
		      .raw = &own6_key },
	[FS_CLAIMED6] = { MAP1(DT_ADDR, DT_IFINDEX), .v6 = true,
			  .flags = NFT_SET_MAP | EVAL | NFT_SET_TIMEOUT,
			  .size = FW_MAX_PORTS * FW_CLAIM6_PER_PORT },
	[FS_RATE6] = { SET1(DT_IFINDEX), .flags = EVAL | NFT_SET_TIMEOUT,
		       .size = FW_MAX_PORTS, .timeout_ms = FW_CLAIM6_TIMEOUT_MS },
	[FS_SUBNET6] = { SET1(DT_ADDR), .v6 = true, .flags = NFT_SET_INTERVAL },
	[FS_HOSTIPS6] = { SET1(DT_ADDR), .v6 = true },
	[FS_PINIP6] = { SET1(DT_ADDR), .v6 = true },
	[FS_LANIP6] = { SET1(DT_ADDR), .v6 = true,
			.flags = EVAL | NFT_SET_TIMEOUT, .size = FW_MAX_LANMACS,
			.timeout_ms = FW_LANIP_TIMEOUT_MS },
	[FS_LAN6] = { SET1(DT_ADDR), .v6 = true, .flags = NFT_SET_INTERVAL },
	/* learned only: a VM's frames from an address it holds (own6_NET) */
	[FS_IP6MAC] = { MAP1(DT_IP6, DT_ETHER),
			.flags = NFT_SET_MAP | NFT_SET_TIMEOUT | EVAL,
			.size = FW_MAX_PORTS * FW_CLAIM6_PER_PORT },
	[FS_GWMAC] = { SET1(DT_ETHER) },
};
static_assert(sizeof(specs) / sizeof(specs[0]) == FS_NSETS,
	      "one spec per set");

/* Type @t of set @d, its address resolved to the set's family. */
static const struct dtype *dtype_of(const struct set_spec *d, uint8_t t)
{
	if (t == DT_ADDR)
		t = d->v6 ? DT_IP6 : DT_IP4;
	return &dtypes[t];
}

/* What a set's spec says in nft's terms, worked out once. */
struct set_text {
	char decl[64];		/* "type iface_index . ipv4_addr" */
	uint32_t key_type, key_len, data_type, data_len;
	uint8_t udata[128];
	uint32_t udata_len;
};

/* @d's declaration, types and userdata. A concatenation's parts are each
 * padded to 4 bytes, its type nft's (a << 6 | b). */
static void set_text_of(const struct set_spec *d, struct set_text *out)
{
	struct key_desc k = { .order = ORDER_NONE };
	const struct dtype *t, *data = d->data ? dtype_of(d, d->data) : NULL;
	size_t i, n;

	if (d->raw) {
		snprintf(out->decl, sizeof(out->decl), "%s", d->raw->decl);
		out->key_type = d->raw->type;
		out->key_len = d->raw->len;
		out->udata_len = key_udata(&d->raw->key, out->udata,
					   sizeof(out->udata));
		return;
	}
	n = (size_t)snprintf(out->decl, sizeof(out->decl), "type");
	for (i = 0; i < d->nkey; i++) {
		t = dtype_of(d, d->key[i]);
		n += (size_t)snprintf(out->decl + n, sizeof(out->decl) - n,
				      "%s%s", i ? " . " : " ", t->name);
		out->key_type = out->key_type << 6 | t->id;
		out->key_len += d->nkey > 1 ? (t->len + 3) / 4 * 4 : t->len;
		k.order = d->nkey > 1 ? ORDER_NONE : t->order;
	}
	if (data) {
		snprintf(out->decl + n, sizeof(out->decl) - n, " : %s",
			 data->name);
		out->data_type = data->id;
		out->data_len = data->len;
		k.data_order = data->order;
	}
	out->udata_len = key_udata(&k, out->udata, sizeof(out->udata));
}

/* Set @s's text, worked out on first use. */
static const struct set_text *set_text(enum fw_set s)
{
	static struct set_text text[FS_NSETS];
	static bool done[FS_NSETS];

	if (!done[s]) {
		set_text_of(&specs[s], &text[s]);
		done[s] = true;
	}
	return &text[s];
}

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
	[FC_HOSTVM] = { "hostvm", NFPROTO_NETDEV, "filter", NF_NETDEV_EGRESS,
			-300, "egress", K(CONF_FW_WLAN_NETDEV) },
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
	const struct set_spec *d = &specs[s];
	const struct set_text *t = set_text(s);

	fw_set_name(n, s, name);
	*sp = (struct nft_set_spec){
		.name = name, .flags = d->flags, .key_type = t->key_type,
		.key_len = t->key_len, .data_type = t->data_type,
		.data_len = t->data_len, .size = d->size,
		.timeout_ms = d->timeout_ms, .udata = t->udata,
		.udata_len = t->udata_len,
	};
}

/* "type iface_index . ether_addr", "typeof iif . @th,288,48", ... */
const char *fw_set_decl(enum fw_set s)
{
	return set_text(s)->decl;
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

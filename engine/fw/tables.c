// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tables.c - how vmnet's chains and sets are created: hooks, priorities,
 * key types and nft's own annotations (what "up" writes, "print" prints
 * and "verify" compares). The setuid programs add elements only; which
 * sets exist, their names and families are core/fw/objects.c's.
 *
 * The set annotations (userdata) are the bytes nft itself writes for the
 * same declarations, so "nft list" shows a set vmnet created exactly as
 * one loaded from "vmnetctl print": key byte order, and for
 * concatenations nft's "typeof" description.
 */
#include "fw/tables.h"

#include <assert.h>
#include <linux/netfilter.h>
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

/* userdata: key byte order host (1) or big endian (2) */
static const uint8_t ud_host[] = { 0, 4, 1, 0, 0, 0 };
static const uint8_t ud_big[] = { 0, 4, 2, 0, 0, 0 };
/* a "type A . B" concatenation */
static const uint8_t ud_concat[] = { 0, 4, 0, 0, 0, 0,
				     3, 8, 0, 4, 13, 0, 0, 0, 1, 0 };
/* maps: key order, data order big endian, no data interval */
static const uint8_t ud_map_host[] = { 0, 4, 1, 0, 0, 0, 1, 4, 2, 0, 0, 0,
				       6, 4, 0, 0, 0, 0 };
static const uint8_t ud_map_big[] = { 0, 4, 2, 0, 0, 0, 1, 4, 2, 0, 0, 0,
				      6, 4, 0, 0, 0, 0 };
/* typeof @ll,48,48 . @nh,96,32: the raw MAC . IPv4 address */
static const uint8_t ud_leases[] = {
	0, 4, 0, 0, 0, 0,
	3, 88, 0, 4, 13, 0, 0, 0, 1, 80, 0, 38, 0, 4, 7, 0, 0, 0, 1, 30, 0, 4,
	0, 0, 0, 0, 1, 4, 0, 0, 0, 0, 2, 4, 1, 0, 0, 0, 3, 4, 48, 0, 0, 0, 4, 4,
	48, 0, 0, 0, 1, 38, 0, 4, 7, 0, 0, 0, 1, 30, 0, 4, 0, 0, 0, 0, 1, 4, 0,
	0, 0, 0, 2, 4, 2, 0, 0, 0, 3, 4, 96, 0, 0, 0, 4, 4, 32, 0, 0, 0,
};
/* maps: key and data in host byte order */
static const uint8_t ud_map_hh[] = { 0, 4, 1, 0, 0, 0, 1, 4, 1, 0, 0, 0,
				     6, 4, 0, 0, 0, 0 };
/* typeof iif . @th,288,48 */
static const uint8_t ud_chaddr[] = {
	0, 4, 0, 0, 0, 0,
	3, 0x40, 0, 4, 13, 0, 0, 0, 1, 0x38,
	0, 0x0e, 0, 4, 9, 0, 0, 0, 1, 6, 0, 4, 4, 0, 0, 0,
	1, 0x26, 0, 4, 7, 0, 0, 0, 1, 0x1e, 0, 4, 0, 0, 0, 0, 1, 4, 0, 0, 0,
	0, 2, 4, 3, 0, 0, 0, 3, 4, 0x20, 1, 0, 0, 4, 4, 0x30, 0, 0, 0,
};

#define UD(a) (a), sizeof(a)

static const struct set_spec {
	const char *decl;	/* nft's declaration of the key (and data) */
	uint32_t flags, key_type, key_len, data_type, data_len, size;
	uint64_t timeout_ms;
	const uint8_t *udata;
	uint32_t udata_len;
} specs[FS_NSETS] = {
	[FS_LAN] = { "type ipv4_addr",
		NFT_SET_INTERVAL, T_IPADDR, 4, 0, 0, 0, 0, UD(ud_big) },
	[FS_PORTS] = { "type iface_index",
		0, T_IFINDEX, 4, 0, 0, 0, 0, UD(ud_host) },
	[FS_LEARN] = { "type iface_index",
		0, T_IFINDEX, 4, 0, 0, 0, 0, UD(ud_host) },
	[FS_SEEN] = { "type iface_index : ether_addr",
		NFT_SET_MAP | NFT_SET_EVAL, T_IFINDEX, 4, T_ETHERADDR, 6, FW_MAX_PORTS, 0, UD(ud_map_host) },
	[FS_PAIRS] = { "type iface_index . ether_addr",
		NFT_SET_EVAL, T_CONCAT2(T_IFINDEX, T_ETHERADDR), 12, 0, 0, FW_MAX_PORTS, 0, UD(ud_concat) },
	[FS_CHADDR] = { "typeof iif . @th,288,48",
		NFT_SET_EVAL, T_CONCAT2(T_IFINDEX, T_INTEGER), 12, 0, 0, FW_MAX_PORTS, 0, UD(ud_chaddr) },
	[FS_MACS] = { "type ether_addr",
		NFT_SET_EVAL, T_ETHERADDR, 6, 0, 0, FW_MAX_PORTS, 0, UD(ud_big) },
	[FS_INFRA] = { "type ether_addr",
		0, T_ETHERADDR, 6, 0, 0, 0, 0, UD(ud_big) },
	[FS_PINMAC] = { "type ether_addr",
		0, T_ETHERADDR, 6, 0, 0, 0, 0, UD(ud_big) },
	[FS_LANPORTS] = { "type ifname",
		0, T_IFNAME, 16, 0, 0, 0, 0, UD(ud_host) },
	[FS_LANMAC] = { "type ether_addr",
		NFT_SET_EVAL | NFT_SET_TIMEOUT, T_ETHERADDR, 6, 0, 0, FW_MAX_LANMACS, FW_LANMAC_TIMEOUT_MS, UD(ud_big) },
	[FS_IPLEARN] = { "type iface_index",
		0, T_IFINDEX, 4, 0, 0, 0, 0, UD(ud_host) },
	[FS_TAPIP] = { "type iface_index : ipv4_addr",
		NFT_SET_MAP | NFT_SET_EVAL, T_IFINDEX, 4, T_IPADDR, 4, FW_MAX_PORTS, 0, UD(ud_map_host) },
	[FS_TAPSET] = { "type iface_index . ipv4_addr",
		NFT_SET_EVAL, T_CONCAT2(T_IFINDEX, T_IPADDR), 8, 0, 0, FW_MAX_PORTS, 0, UD(ud_concat) },
	[FS_CLAIMED] = { "type ipv4_addr",
		NFT_SET_EVAL, T_IPADDR, 4, 0, 0, FW_MAX_PORTS, 0, UD(ud_big) },
	[FS_HOSTIPS] = { "type ipv4_addr",
		0, T_IPADDR, 4, 0, 0, 0, 0, UD(ud_big) },
	[FS_SUBNET] = { "type ipv4_addr",
		NFT_SET_INTERVAL, T_IPADDR, 4, 0, 0, 0, 0, UD(ud_big) },
	[FS_PINIP] = { "type ipv4_addr",
		0, T_IPADDR, 4, 0, 0, 0, 0, UD(ud_big) },
	[FS_IP4MAC] = { "type ipv4_addr : ether_addr",
		NFT_SET_MAP | NFT_SET_TIMEOUT | NFT_SET_EVAL, T_IPADDR, 4, T_ETHERADDR, 6, FW_MAX_PORTS, 0, UD(ud_map_big) },
	[FS_PORTMARK] = { "type iface_index : mark",
		NFT_SET_MAP, T_IFINDEX, 4, T_MARK, 4, 0, 0, UD(ud_map_hh) },
	[FS_LEASES] = { "typeof @ll,48,48 . @nh,96,32",
		NFT_SET_EVAL | NFT_SET_TIMEOUT, T_CONCAT2(T_INTEGER, T_INTEGER), 12, 0, 0, FW_MAX_LEASES, 0, UD(ud_leases) },
	[FS_LANIP] = { "type ipv4_addr",
		NFT_SET_EVAL | NFT_SET_TIMEOUT, T_IPADDR, 4, 0, 0, FW_MAX_LANMACS, FW_LANIP_TIMEOUT_MS, UD(ud_big) },
	[FS_PORTLIM] = { "type iface_index : classid",
		NFT_SET_MAP, T_IFINDEX, 4, T_CLASSID, 4, 0, 0, UD(ud_map_hh) },
	[FS_CONNS] = { "type mark",
		NFT_SET_EVAL, T_MARK, 4, 0, 0, FW_MAX_PORTS, 0, UD(ud_host) },
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
	const struct set_spec *d = &specs[s];

	fw_set_name(n, s, name);
	*sp = (struct nft_set_spec){
		.name = name, .flags = d->flags, .key_type = d->key_type,
		.key_len = d->key_len, .data_type = d->data_type,
		.data_len = d->data_len, .size = d->size,
		.timeout_ms = d->timeout_ms, .udata = d->udata,
		.udata_len = d->udata_len,
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

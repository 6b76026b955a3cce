// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * objects.c - the set table of vmnet's networks (see objects.h).
 */
#include "fw/objects.h"

#include <assert.h>
#include <errno.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>
#include <stdio.h>
#include <string.h>

#define K(kind) FW_KIND(kind)
#define GUARDED FW_GUARDED
#define WLAN (K(CONF_FW_WLAN_NETDEV) | K(CONF_FW_WLAN_4ADDR))
/* where a VM's address comes from the DHCP server's word (leases_NET) */
#define LEASED (K(CONF_FW_ISOLATED) | WLAN)
/* where the LAN's own addresses are seen (lanip_NET) */
#define LANSIDE (K(CONF_FW_BRIDGED) | WLAN)
/* where VMs use IPv6: every guarded kind */
#define V6 (K(CONF_FW_BRIDGED) | K(CONF_FW_ISOLATED) | WLAN)

static const struct set_def {
	const char *prefix;
	int family;		/* 0: the map's family depends on the kind */
	unsigned kinds;
	bool per_vm;		/* elements belong to taps */
	bool is_static;		/* elements are the network's, set at up */
} sets[FS_NSETS] = {
	[FS_LAN] = { "lan", NFPROTO_INET, K(CONF_FW_ISOLATED), false, true },
	[FS_PORTS] = { "ports", NFPROTO_BRIDGE, GUARDED, true, false },
	[FS_LEARN] = { "learn", NFPROTO_BRIDGE, GUARDED, true, false },
	[FS_SEEN] = { "seen", NFPROTO_BRIDGE, GUARDED, true, false },
	[FS_PAIRS] = { "pairs", NFPROTO_BRIDGE, GUARDED, true, false },
	[FS_CHADDR] = { "chaddr", NFPROTO_BRIDGE, GUARDED, true, false },
	[FS_MACS] = { "macs", NFPROTO_BRIDGE, GUARDED, true, false },
	[FS_INFRA] = { "infra", NFPROTO_BRIDGE, GUARDED, false, true },
	[FS_PINMAC] = { "pinmac", NFPROTO_BRIDGE, GUARDED, false, true },
	[FS_LANPORTS] = { "lanports", NFPROTO_BRIDGE, GUARDED, false, true },
	[FS_LANMAC] = { "lanmac", NFPROTO_BRIDGE, GUARDED, false, false },
	[FS_IPLEARN] = { "iplearn", NFPROTO_BRIDGE, GUARDED, true, false },
	[FS_TAPIP] = { "tapip", NFPROTO_BRIDGE, GUARDED, true, false },
	[FS_TAPSET] = { "tapset", NFPROTO_BRIDGE, GUARDED, true, false },
	[FS_CLAIMED] = { "claimed", NFPROTO_BRIDGE, GUARDED, true, false },
	[FS_HOSTIPS] = { "hostips", NFPROTO_BRIDGE, GUARDED, false, true },
	[FS_SUBNET] = { "subnet", NFPROTO_BRIDGE, GUARDED, false, true },
	[FS_PINIP] = { "pinip", NFPROTO_BRIDGE, GUARDED, false, true },
	[FS_IP4MAC] = { "ip4mac", 0, WLAN, true, false },
	[FS_PORTMARK] = { "portmark", NFPROTO_BRIDGE, K(CONF_FW_ISOLATED), true, false },
	[FS_LEASES] = { "leases", NFPROTO_BRIDGE, LEASED, false, false },
	[FS_LANIP] = { "lanip", NFPROTO_BRIDGE, LANSIDE, false, false },
	[FS_PORTLIM] = { "portlim", NFPROTO_BRIDGE, K(CONF_FW_ISOLATED), true, false },
	[FS_CONNS] = { "conns", NFPROTO_INET, K(CONF_FW_ISOLATED), false, false },
	[FS_OWN6] = { "own6", NFPROTO_BRIDGE, V6, true, false },
	[FS_CLAIMED6] = { "claimed6", NFPROTO_BRIDGE, V6, true, false },
	[FS_RATE6] = { "rate6", NFPROTO_BRIDGE, V6, true, false },
	[FS_SUBNET6] = { "subnet6", NFPROTO_BRIDGE, V6, false, true },
	[FS_HOSTIPS6] = { "hostips6", NFPROTO_BRIDGE, V6, false, true },
	[FS_LANIP6] = { "lanip6", NFPROTO_BRIDGE, V6, false, false },
	[FS_PINIP6] = { "pinip6", NFPROTO_BRIDGE, V6, false, true },
	[FS_LAN6] = { "lan6", NFPROTO_INET, K(CONF_FW_ISOLATED), false, true },
	[FS_IP6MAC] = { "ip6mac", 0, WLAN, true, false },
	[FS_GWMAC] = { "gwmac", NFPROTO_BRIDGE, LANSIDE, false, true },
};
static_assert(sizeof(sets) / sizeof(sets[0]) == FS_NSETS, "one row per set");

const struct fw_vm_elem fw_vm_elems[] = {
	{ FS_PORTS, FVW_ALWAYS, FVK_IIF, -1, true },
	{ FS_SEEN, FVW_MAC, FVK_IIF, FVK_MAC, false },
	{ FS_PAIRS, FVW_MAC, FVK_IIF_MAC, -1, false },
	{ FS_CHADDR, FVW_MAC, FVK_IIF_MAC, -1, false },
	{ FS_MACS, FVW_MAC, FVK_MAC, -1, true },
	{ FS_LEARN, FVW_NOMAC, FVK_IIF, -1, false },
	{ FS_TAPIP, FVW_IP, FVK_IIF, FVK_IP, false },
	{ FS_TAPSET, FVW_IP, FVK_IIF_IP, -1, false },
	{ FS_CLAIMED, FVW_IP, FVK_IP, -1, true },
	{ FS_IP4MAC, FVW_IP_MAC, FVK_IP, FVK_MAC, false },
	{ FS_IPLEARN, FVW_NOIP, FVK_IIF, -1, false },
	{ FS_PORTMARK, FVW_ALWAYS, FVK_IIF, FVK_IIF, false },
	{ FS_PORTLIM, FVW_ALWAYS, FVK_IIF, FVK_CONNS, false },
	/* without a timeout: a configured address never expires */
	{ FS_OWN6, FVW_IP6, FVK_IIF_IP6, -1, false },
	{ FS_CLAIMED6, FVW_IP6, FVK_IP6, FVK_IIF, true },
};
const size_t fw_vm_nelems = sizeof(fw_vm_elems) / sizeof(fw_vm_elems[0]);


/**
 * fw_net_of() - the firewall view of a configured network
 * @n:		network
 * @out:	result
 */
void fw_net_of(const struct conf_network *n, struct fw_net *out)
{
	memset(out, 0, sizeof(*out));
	snprintf(out->name, sizeof(out->name), "%s", n->name);
	out->kind = conf_fw_kind(n);
	out->lan_block = n->mode == CONF_ISOLATED && n->lan_block;
}

/* Whether the network's ports are held to their identities. */
bool fw_guarded(const struct fw_net *n)
{
	return n->kind != CONF_FW_NONE && n->kind != CONF_FW_OVN;
}

/* Whether the network's bridge is vmnet's own (isolated, wlan netdev):
 * then every port is vmnet's (a VM's tap, the netdev veth end), and any
 * other is foreign. A bridged or 4addr network's bridge is the
 * administrator's, whose other ports are the LAN side. */
bool fw_owns_bridge(const struct fw_net *n)
{
	return mode_of_kind(n->kind)->owns_bridge;
}

/**
 * fw_has_set() - does network @n have set @s
 * @n:	network
 * @s:	set
 *
 * Return: true if @n's kind has it (the LAN set: only with lan = block)
 */
bool fw_has_set(const struct fw_net *n, enum fw_set s)
{
	if (!(sets[s].kinds & K(n->kind)))
		return false;
	return s != FS_LAN || n->lan_block;
}

/* Elements of this set belong to taps (added by vmnet-ifup). */
bool fw_set_per_vm(enum fw_set s)
{
	return sets[s].per_vm;
}

/* Elements of this set are the network's, written at "up". */
bool fw_set_static(enum fw_set s)
{
	return sets[s].is_static;
}

/**
 * fw_set_family() - the nf_tables family of set @s of network @n
 * @n:	network
 * @s:	set
 *
 * Return: NFPROTO_INET, NFPROTO_BRIDGE or (the translation map of a wlan
 * netdev network) NFPROTO_NETDEV
 */
int fw_set_family(const struct fw_net *n, enum fw_set s)
{
	if (sets[s].family)
		return sets[s].family;
	return n->kind == CONF_FW_WLAN_NETDEV ? NFPROTO_NETDEV : NFPROTO_BRIDGE;
}

/**
 * fw_set_name() - the name of set @s of network @n ("ports_default")
 * @n:		network
 * @s:		set
 * @name:	result
 */
void fw_set_name(const struct fw_net *n, enum fw_set s, char name[FW_NAME_MAX])
{
	snprintf(name, FW_NAME_MAX, "%s_%s", sets[s].prefix, n->name);
}

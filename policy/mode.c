// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * mode.c - the modes' descriptors (see mode.h).
 */
#include "mode.h"

#include <assert.h>

static const struct mode_desc modes[MODE_N] = {
	[MODE_ISOLATED] = {
		.id = MODE_ISOLATED,
		.kind = CONF_FW_ISOLATED, .owns_bridge = true, .routed = true,
		.runs_dnsmasq = true, .bpf_second_line = true,
		.ipv6 = true, .nft_state = true, .port = PORT_LINUX_BRIDGE,
	},
	[MODE_BRIDGED] = {
		.id = MODE_BRIDGED,
		.kind = CONF_FW_BRIDGED, .sees_lan = true, .guard_key = true,
		.ipv6 = true, .nft_state = true, .port = PORT_LINUX_BRIDGE,
	},
	[MODE_WLAN_NETDEV] = {
		.id = MODE_WLAN_NETDEV,
		.kind = CONF_FW_WLAN_NETDEV, .owns_bridge = true,
		.has_veth = true, .needs_uplink = true, .sees_lan = true,
		.mac_nat = true, .lan_leases = true, .ip_needs_mac = true,
		.ipv6 = true, .nft_state = true, .port = PORT_LINUX_BRIDGE,
	},
	[MODE_WLAN_4ADDR] = {
		.id = MODE_WLAN_4ADDR,
		.kind = CONF_FW_WLAN_4ADDR, .needs_uplink = true,
		.sees_lan = true, .mac_nat = true, .lan_leases = true,
		.ip_needs_mac = true, .ipv6 = true,
		.nft_state = true, .port = PORT_LINUX_BRIDGE,
	},
	[MODE_OVN] = {
		.id = MODE_OVN,
		.kind = CONF_FW_OVN, .ip_needs_mac = true, .port = PORT_OVN,
	},
};
static_assert(sizeof(modes) / sizeof(modes[0]) == MODE_N, "one per mode");

/**
 * mode_of() - the descriptor of network @n's mode
 * @n:	a parsed network (a wlan network without a method, which the
 *	parser refuses, reads as netdev)
 *
 * Return: the descriptor, never NULL
 */
const struct mode_desc *mode_of(const struct conf_network *n)
{
	switch (n->mode) {
	case CONF_ISOLATED:
		break;
	case CONF_BRIDGED:
		return &modes[MODE_BRIDGED];
	case CONF_WLAN:
		return &modes[n->method == CONF_METHOD_4ADDR ?
			      MODE_WLAN_4ADDR : MODE_WLAN_NETDEV];
	case CONF_OVN:
		return &modes[MODE_OVN];
	}
	return &modes[MODE_ISOLATED];
}

/**
 * mode_of_kind() - the descriptor of the mode whose taps get firewall
 * state @kind: how code that knows a tap's record, not the
 * configuration, asks (none: a bridged network without the guard)
 * @kind:	a kind
 *
 * Return: the descriptor, never NULL
 */
const struct mode_desc *mode_of_kind(enum conf_fw kind)
{
	int i;

	for (i = 0; i < MODE_N; i++)
		if (modes[i].kind == kind)
			return &modes[i];
	return &modes[MODE_BRIDGED];
}

/**
 * conf_net_ipv6() - whether network @n's VMs use IPv6: its mode carries
 * it, and (isolated) its administrator did not say "address6 = none"
 * @n:	a parsed network
 */
bool conf_net_ipv6(const struct conf_network *n)
{
	return mode_of(n)->ipv6 &&
	       !(n->mode == CONF_ISOLATED && n->address6_mode == CONF_V6_NONE);
}

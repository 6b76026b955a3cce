// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * confnet.c - what follows from a parsed network (conf.h): the names of
 * its veth pair, its interface group, the kind of its taps' firewall
 * state, its mode's name.
 */
#include "conf.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "mode.h"

/**
 * conf_wlan_veth() - the veth pair of a wlan network with method netdev:
 * @vside joins the VMs' bridge, @uside is where frames cross to and from
 * the uplink (checked by the parser to fit)
 */
void conf_wlan_veth(const struct conf_network *n,
		    char vside[VAL_IFNAME_MAX + 1],
		    char uside[VAL_IFNAME_MAX + 1])
{
	size_t len = strnlen(n->bridge, VAL_IFNAME_MAX - 2);

	memcpy(vside, n->bridge, len);
	memcpy(vside + len, "-v", 3);
	memcpy(uside, n->bridge, len);
	memcpy(uside + len, "-u", 3);
}

/**
 * conf_dhcp_check() - why @n's DHCP range is wrong, or NULL: it lies
 * inside the address's subnet, without its network, broadcast or bridge
 * address
 */
const char *conf_dhcp_check(const struct conf_network *n)
{
	struct inany_range sub;

	inany_prefix_range(&n->address, &sub);
	if (!inany_prefix_contains(&n->address, &n->dhcp.lo) ||
	    !inany_prefix_contains(&n->address, &n->dhcp.hi))
		return "dhcp range is outside the address's subnet";
	if (inany_equal(&n->dhcp.lo, &sub.lo) ||
	    inany_equal(&n->dhcp.hi, &sub.hi))
		return "dhcp range includes the network or broadcast address";
	if (inany_range_contains(&n->dhcp, &n->address.addr))
		return "dhcp range includes the bridge address";
	return NULL;
}

/**
 * conf_domain_default() - give isolated network @n the domain
 * NETWORK.internal (".internal" is reserved for private use) when the
 * file set none; why it cannot, or NULL
 */
const char *conf_domain_default(struct conf_network *n)
{
	char d[VAL_DOMAIN_MAX + 1];

	if (n->domain[0])
		return NULL;
	snprintf(d, sizeof(d), "%s.internal", n->name);
	if (val_domain(d, n->domain))
		return "its name is not a DNS label, so it has no default "
		       "domain: set one (domain = ...)";
	return NULL;
}

/**
 * conf_port_group() - the interface group of taps attached to @network
 *
 * Anti-spoofing applies to frames from ports in this group, so a port that
 * joined the bridge without vmnet-ifup (or whose elements are missing) is
 * dropped rather than let through. 24 bits of FNV-1a of the name, so the
 * group does not change when networks are reordered; the parser refuses
 * two networks with the same group.
 *
 * Return: CONF_GROUP_BASE | 24-bit hash
 */
uint32_t conf_port_group(const char *network)
{
	uint32_t h = 2166136261u;

	for (; *network; network++) {
		h ^= (uint8_t)*network;
		h *= 16777619u;
	}
	return CONF_GROUP_BASE | (h & ~CONF_GROUP_MASK);
}

static const char *const fw_names[CONF_FW_NKINDS] = {
	[CONF_FW_NONE] = "none", [CONF_FW_ISOLATED] = "isolated",
	[CONF_FW_BRIDGED] = "bridged", [CONF_FW_WLAN_NETDEV] = "wlan-netdev",
	[CONF_FW_WLAN_4ADDR] = "wlan-4addr", [CONF_FW_OVN] = "ovn",
};

/**
 * conf_fw_kind() - the firewall state the taps of @n get
 * @n:	network
 *
 * Return: the kind
 */
enum conf_fw conf_fw_kind(const struct conf_network *n)
{
	const struct mode_desc *d = mode_of(n);

	return d->guard_key && !n->guard ? CONF_FW_NONE : d->kind;
}

/**
 * conf_fw_name() - a kind as a tap's record spells it
 * @k:	kind
 *
 * Return: static string ("isolated", "wlan-netdev", ...)
 */
const char *conf_fw_name(enum conf_fw k)
{
	return k < CONF_FW_NKINDS ? fw_names[k] : "?";
}

/**
 * conf_fw_parse() - the kind a record names
 * @s:	text
 * @k:	result
 *
 * Return: 0 or -EINVAL
 */
int conf_fw_parse(const char *s, enum conf_fw *k)
{
	int i;

	for (i = 0; i < CONF_FW_NKINDS; i++) {
		if (!strcmp(s, fw_names[i])) {
			*k = (enum conf_fw)i;
			return 0;
		}
	}
	return -EINVAL;
}

/**
 * conf_mode_name() - the config spelling of a mode
 * @mode:	mode
 *
 * Return: static string
 */
const char *conf_mode_name(enum conf_mode mode)
{
	switch (mode) {
	case CONF_ISOLATED:
		return "isolated";
	case CONF_BRIDGED:
		return "bridged";
	case CONF_WLAN:
		return "wlan";
	case CONF_OVN:
		return "ovn";
	}
	return "?";
}

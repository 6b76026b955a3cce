// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * confovn.c - the keys of a network of mode ovn (vmnet.conf(5), "OVN
 * NETWORKS"): their values, the defaults, and what must go together.
 * conf.c owns the grammar and the line numbers; these return the message
 * of a refusal, or NULL.
 */
#include "conf.h"

#include <stdio.h>
#include <string.h>

#define OVN_NAME_RULE "1-63 of A-Z a-z 0-9 _ . : -, starting with a " \
		      "letter or digit"

/**
 * conf_ovn_value() - take the value @v of key @key into OVN network @n
 *
 * Return: NULL, or the message to print before the value
 */
const char *conf_ovn_value(struct conf_network *n, const char *key,
			   const char *v)
{
	unsigned long ul;

	if (!strcmp(key, "switch") || !strcmp(key, "gateway-chassis") ||
	    !strcmp(key, "physnet")) {
		char *dst = key[0] == 's' ? n->ovn_switch :
			    key[0] == 'g' ? n->ovn_gw_chassis : n->ovn_physnet;

		if (!val_ovn_name(v))
			return key[0] == 's' ? "invalid switch (want "
					       OVN_NAME_RULE "):" :
			       key[0] == 'g' ? "invalid gateway-chassis (want "
					       OVN_NAME_RULE "):" :
					       "invalid physnet (want "
					       OVN_NAME_RULE "):";
		snprintf(dst, CONF_OVN_NAME_MAX + 1, "%s", v);
		return NULL;
	}
	if (!strcmp(key, "northbound") || !strcmp(key, "ovsdb")) {
		bool nb = key[0] == 'n';

		if (val_ovsdb(v, nb) || strlen(v) > CONF_OVN_DB_MAX)
			return nb ? "invalid northbound (want unix:/PATH or "
				    "tcp:IPV4:PORT):" :
				    "invalid ovsdb (want unix:/PATH):";
		snprintf(nb ? n->ovn_nb : n->ovn_ovsdb, CONF_OVN_DB_MAX + 1,
			 "%s", v);
		return NULL;
	}
	if (!strcmp(key, "mtu")) {
		if (val_uint(v, 576, 9000, &ul))
			return "invalid mtu (want 576 to 9000):";
		n->mtu = (unsigned)ul;
		return NULL;
	}
	if (!strcmp(key, "external")) {
		if (inany_ifaddr_parse(v, &n->ovn_external) ||
		    !inany_is_v4(&n->ovn_external.addr))
			return "invalid external (want the router's IPv4 "
			       "address with its prefix, e.g. "
			       "192.0.2.10/24):";
		return NULL;
	}
	if (!strcmp(key, "external-gateway")) {
		if (inany_parse(v, &n->ovn_ext_gw) ||
		    !inany_is_v4(&n->ovn_ext_gw))
			return "invalid external-gateway (want an IPv4 "
			       "address):";
		return NULL;
	}
	return "unknown key";
}

/* OVN's integration bridge and sockets as Debian places them, a switch of
 * the network's name, an MTU with room for Geneve, localnet "physnet". */
static void defaults(struct conf_network *n)
{
	if (!n->bridge[0])
		snprintf(n->bridge, sizeof(n->bridge), "br-int");
	if (!n->ovn_switch[0])
		snprintf(n->ovn_switch, sizeof(n->ovn_switch), "%s", n->name);
	if (!n->ovn_nb[0])
		snprintf(n->ovn_nb, sizeof(n->ovn_nb),
			 "unix:/run/ovn/ovnnb_db.sock");
	if (!n->ovn_ovsdb[0])
		snprintf(n->ovn_ovsdb, sizeof(n->ovn_ovsdb),
			 "unix:/run/openvswitch/db.sock");
	if (!n->mtu)
		n->mtu = CONF_OVN_MTU;
	if (!n->ovn_physnet[0])
		snprintf(n->ovn_physnet, sizeof(n->ovn_physnet), "physnet");
}

/**
 * conf_ovn_check() - what the keys of OVN network @n must be together;
 * fills in the defaults
 * @n:		the network, all its keys read
 * @key:	result: the key whose line the refusal is about (NULL: the
 *		section's)
 *
 * Return: NULL, or the refusal
 */
const char *conf_ovn_check(struct conf_network *n, const char **key)
{
	bool gw = n->ovn_gw_chassis[0] || n->ovn_external.len ||
		  inany_is_v4(&n->ovn_ext_gw);

	*key = NULL;
	if (!n->lan_block) {
		*key = "lan";
		if (gw || n->n_block_extra)
			return "gateway-chassis, external, external-gateway "
			       "and block-extra go with lan = block";
	} else if (!n->has_address || !n->ovn_gw_chassis[0] ||
		   !n->ovn_external.len || !inany_is_v4(&n->ovn_ext_gw)) {
		return "lan = block needs address, gateway-chassis, external "
		       "and external-gateway (the router's way out)";
	} else if (!inany_prefix_contains(&n->ovn_external, &n->ovn_ext_gw) ||
		   inany_equal(&n->ovn_external.addr, &n->ovn_ext_gw)) {
		*key = "external-gateway";
		return "external-gateway must be another address of "
		       "external's subnet";
	} else if (inany_prefix_contains(&n->address, &n->ovn_external.addr) ||
		   inany_prefix_contains(&n->ovn_external, &n->address.addr)) {
		*key = "external";
		return "external must not overlap the switch's subnet";
	}
	defaults(n);
	return NULL;
}

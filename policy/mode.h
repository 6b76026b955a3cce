/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * mode.h - what a network's mode means, in one place.
 *
 * Every question the code asks about a mode ("does vmnet own this
 * bridge?", "is there a veth pair?", "does vmnet run dnsmasq?") is a
 * field of the mode's descriptor, not a test of mode and method spread
 * through the tree. A mode is a (mode, method) pair of vmnet.conf:
 * isolated, bridged, wlan with method netdev, wlan with method 4addr.
 * Pure data: the setuid programs and the administrator's engine read the
 * same table.
 */
#ifndef VMNET_MODE_H
#define VMNET_MODE_H

#include <stdbool.h>

#include "conf.h"

enum mode_id {
	MODE_ISOLATED,
	MODE_BRIDGED,
	MODE_WLAN_NETDEV,
	MODE_WLAN_4ADDR,
	MODE_OVN,
	MODE_N
};

/* How a VM's tap joins the network. */
enum port_backend {
	PORT_LINUX_BRIDGE,	/* a port of a Linux bridge (IFLA_MASTER) */
	PORT_OVN,		/* an interface of OVS's integration bridge,
				 * bound to a logical port by vmnetd */
};

struct mode_desc {
	enum mode_id id;
	enum conf_fw kind;	/* the taps' firewall state (bridged: with
				 * guard = yes; guard = no is none) */
	bool owns_bridge;	/* vmnet creates the bridge, and every port
				 * on it is vmnet's (a VM's tap, its veth) */
	bool has_veth;		/* a veth pair joins bridge and uplink */
	bool needs_uplink;	/* the "uplink" key names a host interface */
	bool routed;		/* the host routes the VMs' traffic: the
				 * bridge holds the network's address, NAT,
				 * the LAN block, conntrack limits per VM */
	bool runs_dnsmasq;	/* vmnet's own DHCP and DNS on the bridge */
	bool bpf_second_line;	/* the LAN block's tc filters on the bridge */
	bool sees_lan;		/* the LAN's hosts are on the far side of
				 * the bridge: their MACs and addresses are
				 * learned, and no VM may take them */
	bool mac_nat;		/* frames cross the uplink with its MAC: the
				 * VMs' MACs are translated (wlan) */
	bool guard_key;		/* the guard is optional ("guard = no") */
	bool lan_leases;	/* VMs lease from the LAN's DHCP server, and
				 * vmnetd keeps a copy of what it acked */
	bool ip_needs_mac;	/* a VM's address maps to its MAC: an
				 * address is only given with a MAC */
	bool ipv6;		/* VMs use IPv6 (their guard holds it) */
	bool nft_state;		/* vmnet's nf_tables tables hold the
				 * network (every mode but ovn) */
	enum port_backend port;
};

const struct mode_desc *mode_of(const struct conf_network *n);
const struct mode_desc *mode_of_kind(enum conf_fw kind);
bool conf_net_ipv6(const struct conf_network *n);

#endif

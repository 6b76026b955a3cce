// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * wlan.c - MAC translation toward a Wi-Fi station (wlan networks): the
 * access point only accepts frames from the station's own MAC, so every
 * VM frame leaves with the station's MAC, and frames for a VM's address
 * get the VM's MAC back from one map (ip4mac_NET), whatever the number of
 * VMs: the classic ebtables SNAT/DNAT recipe without a rule per VM.
 *
 *   4addr   the uplink is a bridge port in 4-address mode; chains dnat_NET
 *           (bridge prerouting) and snat_NET (bridge postrouting); the
 *           port guard teaches the map from frames that passed it
 *   netdev  the uplink is never enslaved (the kernel refuses to bridge a
 *           managed-mode station); up_NET on the uplink's ingress sends
 *           the VMs' frames (and a copy of broadcast and multicast ARP and
 *           IPv4) to the VM side's veth end; vm_NET on that end's ingress
 *           (frames the port guard let out of the bridge) teaches the map,
 *           translates the source MAC and sends the frame out of the
 *           uplink; nothing else passes; hostvm_NET on the uplink's
 *           egress sends the host's own ARP and IPv4 for a VM's address to
 *           the VM's MAC through the veth end instead of to the access
 *           point, which would never bring them back (and the VMs' frames
 *           to the host's MAC go into the uplink's ingress: lanbpf.bpf.c's
 *           vmnet_wlan_host), so the host and its VMs reach each other in
 *           the kernel while the LAN still sees one MAC
 */
#include <linux/netfilter.h>

#include "fw/state.h"
#include "lanbpf_abi.h"

static const struct inany_prefix unspecified = { INANY_V4(0, 0, 0, 0),
						  32 };

/* Frames for a VM arrive addressed to the station's MAC. */
static void dnat(struct fw_state *st, enum fw_chain c, bool netdev)
{
	const struct fw_host *h = st->host;
	struct fw_rule r;
	int arp;

	for (arp = 1; arp >= 0; arp--) {
		fr_begin(&r);
		if (netdev)
			fm_iiftype_ether(&r);
		else
			fm_iifname(&r, true, st->uplink);
		fm_mac(&r, SEL_ETH_DADDR, h->uplink_mac);
		fm_ethertype(&r, arp ? 0x0806 : 0x0800);
		fs_dnat_map(&r, arp, st->set[FS_IP4MAC]);
		if (netdev)
			fs_fwd(&r, false, h->vm_end_ifindex, st->vmend);
		fw_add_rule(st, c, &r);
	}
}

static void snat_4addr(struct fw_state *st)
{
	const uint8_t *mac = st->host->uplink_mac;
	struct fw_rule r;

	fr_begin(&r);
	fm_oifname(&r, true, st->uplink);
	fm_ethertype(&r, 0x0806);
	fs_set_mac(&r, SEL_ARP_SHA, mac);
	fw_add_rule(st, FC_SNAT, &r);
	fr_begin(&r);
	fm_oifname(&r, true, st->uplink);
	fs_set_mac(&r, SEL_ETH_SADDR, mac);
	fw_add_rule(st, FC_SNAT, &r);
}

static void netdev_up(struct fw_state *st)
{
	struct fw_rule r;
	int arp;

	/* a VM's frame to the host, which vmnet_wlan_host put here: for
	 * the host alone (never back to the VMs), without the mark */
	fr_begin(&r);
	fm_mark(&r, WLAN_HOST_MARK);
	fs_mark(&r, 0);
	fs_verdict(&r, NF_ACCEPT);
	fw_add_rule(st, FC_UP, &r);
	dnat(st, FC_UP, true);
	for (arp = 1; arp >= 0; arp--) {
		fr_begin(&r);
		fm_iiftype_ether(&r);
		fm_group_daddr(&r);
		fm_ethertype(&r, arp ? 0x0806 : 0x0800);
		fs_fwd(&r, true, st->host->vm_end_ifindex, st->vmend);
		fw_add_rule(st, FC_UP, &r);
	}
}

static void netdev_vm(struct fw_state *st)
{
	const struct fw_host *h = st->host;
	struct fw_rule r;

	fr_begin(&r);
	fm_protocol(&r, 0x0806);
	fm_addr(&r, SEL_ARP_SIP, false, &unspecified);
	fs_dynset(&r, true, st->set[FS_IP4MAC], FW_KEYS(SEL_ARP_SIP),
		  SEL_ARP_SHA, FW_MAP_TIMEOUT_MS);
	fw_add_rule(st, FC_VM, &r);
	fr_begin(&r);
	fm_protocol(&r, 0x0800);
	fm_addr(&r, SEL_IP_SADDR, false, &unspecified);
	fm_iiftype_ether(&r);
	fs_dynset(&r, true, st->set[FS_IP4MAC], FW_KEYS(SEL_IP_SADDR),
		  SEL_ETH_SADDR, FW_MAP_TIMEOUT_MS);
	fw_add_rule(st, FC_VM, &r);

	fr_begin(&r);
	fm_protocol(&r, 0x0806);
	fs_set_mac(&r, SEL_ARP_SHA, h->uplink_mac);
	fm_iiftype_ether(&r);
	fs_set_mac(&r, SEL_ETH_SADDR, h->uplink_mac);
	fs_fwd(&r, false, h->uplink_ifindex, st->uplink);
	fw_add_rule(st, FC_VM, &r);
	fr_begin(&r);
	fm_iiftype_ether(&r);
	fm_ethertype(&r, 0x0800);
	fs_set_mac(&r, SEL_ETH_SADDR, h->uplink_mac);
	fs_fwd(&r, false, h->uplink_ifindex, st->uplink);
	fw_add_rule(st, FC_VM, &r);
	fr_begin(&r);
	fs_verdict(&r, NF_DROP);
	fw_add_rule(st, FC_VM, &r);
}

/* The host's own frames to a VM's address (map ip4mac_NET): to its MAC,
 * through the veth end. (Frames the other chains forward skip this
 * hook: nf_dup_netdev marks them.) */
static void netdev_host(struct fw_state *st)
{
	struct fw_rule r;
	int arp;

	for (arp = 1; arp >= 0; arp--) {
		fr_begin(&r);
		fm_protocol(&r, arp ? 0x0806 : 0x0800);
		fm_iiftype_ether(&r);	/* (nft's dependency: in the egress
					 * hook, the device's own type) */
		fs_dnat_map(&r, arp, st->set[FS_IP4MAC]);
		fs_fwd(&r, false, st->host->vm_end_ifindex, st->vmend);
		fw_add_rule(st, FC_HOSTVM, &r);
	}
}

/**
 * fw_wlan_rules() - the translation rules of the wlan network in @st
 * @st:	state, with names and the host's facts filled in
 */
void fw_wlan_rules(struct fw_state *st)
{
	if (st->net.kind == CONF_FW_WLAN_4ADDR) {
		dnat(st, FC_DNAT, false);
		snat_4addr(st);
	} else {
		netdev_up(st);
		netdev_vm(st);
		netdev_host(st);
	}
}

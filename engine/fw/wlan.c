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
 *
 * IPv6 is translated the same way, its map ip6mac_NET learned only from
 * frames from an address the port holds (guard6.c). Neighbour discovery
 * carries MACs inside the message too (the link-layer address options),
 * which the station must show as its own: lanbpf.bpf.c's vmnet_wlan_nd
 * rewrites them on the uplink's egress, in both methods. (nf_tables can
 * write them and fix the ICMPv6 checksum, but no nft text says such a
 * write: a rule listed by "nft list ruleset" and loaded back would
 * corrupt every message, and "vmnetctl print" could not give it.) The
 * host's own neighbour solicitations are copied to the VMs (netdev),
 * whose answers come back through vmnet_wlan_host.
 */
#include <linux/netfilter.h>

#include "fw/state.h"
#include "lanbpf_abi.h"

#define ETH_ARP 0x0806
#define ETH_IP 0x0800
#define ETH_IP6 0x86dd
#define ND_NS 135

static const struct inany_prefix unspecified = { INANY_V4(0, 0, 0, 0),
						  32 };
static const struct inany_prefix unspecified6 = { { .b = { 0 } }, 128 };

/* What is translated, per protocol: the addresses a frame is sent to
 * and from, and the map between addresses and VMs' MACs. */
static const struct proto {
	uint16_t ethertype;
	enum fw_sel daddr, saddr, mac;	/* mac: the sender's MAC */
	const struct inany_prefix *none;	/* a sender without address */
	enum fw_set map;
} protos[] = {
	{ ETH_ARP, SEL_ARP_TIP, SEL_ARP_SIP, SEL_ARP_SHA, &unspecified,
	  FS_IP4MAC },
	{ ETH_IP, SEL_IP_DADDR, SEL_IP_SADDR, SEL_ETH_SADDR, &unspecified,
	  FS_IP4MAC },
	{ ETH_IP6, SEL_IP6_DADDR, SEL_IP6_SADDR, SEL_ETH_SADDR, &unspecified6,
	  FS_IP6MAC },
};
#define NPROTOS (sizeof(protos) / sizeof(protos[0]))

/* Frames for a VM arrive addressed to the station's MAC. */
static void dnat(struct fw_state *st, enum fw_chain c, bool netdev)
{
	const struct fw_host *h = st->host;
	struct fw_rule r;
	size_t i;

	for (i = 0; i < NPROTOS; i++) {
		fr_begin(&r);
		if (netdev)
			fm_iiftype_ether(&r);
		else
			fm_iifname(&r, true, st->uplink);
		fm_mac(&r, SEL_ETH_DADDR, h->uplink_mac);
		fm_ethertype(&r, protos[i].ethertype);
		fs_dnat_map(&r, protos[i].daddr, st->set[protos[i].map]);
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
	fm_ethertype(&r, ETH_ARP);
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
	size_t i;

	/* a VM's frame to the host, which vmnet_wlan_host put here: for
	 * the host alone (never back to the VMs), without the mark */
	fr_begin(&r);
	fm_mark(&r, WLAN_HOST_MARK);
	fs_mark(&r, 0);
	fs_verdict(&r, NF_ACCEPT);
	fw_add_rule(st, FC_UP, &r);
	dnat(st, FC_UP, true);
	for (i = 0; i < NPROTOS; i++) {
		fr_begin(&r);
		fm_iiftype_ether(&r);
		fm_group_daddr(&r);
		fm_ethertype(&r, protos[i].ethertype);
		fs_fwd(&r, true, st->host->vm_end_ifindex, st->vmend);
		fw_add_rule(st, FC_UP, &r);
	}
}

static void netdev_vm(struct fw_state *st)
{
	const struct fw_host *h = st->host;
	struct fw_rule r;
	size_t i;

	for (i = 0; i < NPROTOS; i++) {
		const struct proto *p = &protos[i];

		fr_begin(&r);
		fm_protocol(&r, p->ethertype);
		fm_addr(&r, p->saddr, false, p->none);
		if (p->ethertype != ETH_ARP)
			fm_iiftype_ether(&r);
		fs_dynset(&r, true, st->set[p->map], FW_KEYS(p->saddr),
			  p->mac, FW_MAP_TIMEOUT_MS);
		fw_add_rule(st, FC_VM, &r);
	}
	/* an answer to the host, which vmnet_wlan_host copied there: it
	 * taught the map, and ends here */
	fr_begin(&r);
	fm_mark(&r, WLAN_HOST_MARK);
	fs_verdict(&r, NF_DROP);
	fw_add_rule(st, FC_VM, &r);
	for (i = 0; i < NPROTOS; i++) {
		fr_begin(&r);
		if (protos[i].ethertype == ETH_ARP) {
			fm_protocol(&r, ETH_ARP);
			fs_set_mac(&r, SEL_ARP_SHA, h->uplink_mac);
			fm_iiftype_ether(&r);
		} else {
			fm_iiftype_ether(&r);
			fm_ethertype(&r, protos[i].ethertype);
		}
		fs_set_mac(&r, SEL_ETH_SADDR, h->uplink_mac);
		fs_fwd(&r, false, h->uplink_ifindex, st->uplink);
		fw_add_rule(st, FC_VM, &r);
	}
	fr_begin(&r);
	fs_verdict(&r, NF_DROP);
	fw_add_rule(st, FC_VM, &r);
}

/* A copy of the host's address resolution to a group (broadcast ARP, an
 * IPv6 neighbour solicitation) for the VMs. */
static void host_solicit(struct fw_state *st, uint16_t ethertype)
{
	struct fw_rule r;

	fr_begin(&r);
	fm_protocol(&r, ethertype);
	fm_iiftype_ether(&r);
	fm_group_daddr(&r);
	if (ethertype == ETH_IP6)
		fm_icmp6_type(&r, ND_NS, ND_NS);
	fs_fwd(&r, true, st->host->vm_end_ifindex, st->vmend);
	fw_add_rule(st, FC_HOSTVM, &r);
}

/* The host's own frames to a VM's address (maps ip4mac_NET, ip6mac_NET):
 * to its MAC, through the veth end; and a copy of its broadcast ARP and
 * its neighbour solicitations to a group, which a VM the maps do not
 * know yet answers (vmnet_wlan_host brings the answer to the host, and
 * to vm_NET, which learns from it). (Frames the other chains forward skip
 * this hook: nf_dup_netdev marks them.) */
static void netdev_host(struct fw_state *st)
{
	struct fw_rule r;
	size_t i;

	for (i = 0; i < NPROTOS; i++) {
		fr_begin(&r);
		fm_protocol(&r, protos[i].ethertype);
		fm_iiftype_ether(&r);	/* (nft's dependency: in the egress
					 * hook, the device's own type) */
		fs_dnat_map(&r, protos[i].daddr, st->set[protos[i].map]);
		fs_fwd(&r, false, st->host->vm_end_ifindex, st->vmend);
		fw_add_rule(st, FC_HOSTVM, &r);
	}
	host_solicit(st, ETH_ARP);
	host_solicit(st, ETH_IP6);
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

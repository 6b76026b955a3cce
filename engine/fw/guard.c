// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * guard.c - the port guard: chain spoof_NET in table bridge vmnet, which
 * holds every VM port of a network to one identity. Shared by isolated,
 * bridged and wlan networks.
 *
 * Ports vmnet attached carry the network's interface group
 * (conf_port_group(), set in the attach message). Per frame from such a
 * port:
 *   - a port without its elements (ports_NET) gets nothing through: a
 *     crash, a flush of the sets or a port attached behind vmnet's back
 *     fails closed;
 *   - MAC: the source MAC (and the ARP sender MAC) must be the port's
 *     (pairs_NET). A port without a configured MAC takes the first source
 *     MAC it sends, unless another port uses it (macs_NET), it is the
 *     network's or the host's (infra_NET), an ACL rule pins it to someone
 *     (pinmac_NET), or it was seen on one of the bridge's other ports
 *     (lanports_NET: the uplink side) within the last ten minutes,
 *     longer than the bridge keeps a forwarding entry (lanmac_NET; "up"
 *     also gives it what the kernel saw there before its rule existed:
 *     the bridge's forwarding entries of those ports and the uplink's
 *     neighbours): so no VM frame can move the bridge's entry for
 *     another port's MAC;
 *   - IPv4: ARP and IPv4 must come from the port's one address
 *     (tapset_NET), or be a DHCP request or ARP probe from 0.0.0.0. A port
 *     without a configured address takes the first one it uses that lies
 *     in subnet_NET and is neither the host's, the gateway's, the
 *     network's or broadcast address (hostips_NET), nor another port's
 *     (claimed_NET), nor pinned by the ACL (pinip_NET). So a VM never
 *     answers ARP for, or sends from, anybody else's address;
 *   - DHCP: a VM is never a server (nothing from UDP port 67, nothing to
 *     port 68) and asks only as itself: a whole (unfragmented)
 *     BOOTREQUEST, Ethernet hardware address, chaddr the port's MAC
 *     (chaddr_NET mirrors pairs_NET, typed as the raw BOOTP field), the
 *     DHCP cookie and the message type first, never a DHCPRELEASE; so one
 *     VM cannot drain the pool, nor release another's lease;
 *   - IPv6 (bridged networks; the others drop it so far): a port holds
 *     the addresses it sends from, several at once (SLAAC and privacy
 *     addresses), each claimed on its first use if it lies in
 *     subnet6_NET (the LAN's on-link prefixes, fe80::/64) and is neither
 *     the host's or a gateway's (hostips6_NET), nor another port's
 *     (claimed6_NET), nor one seen on the LAN side (lanip6_NET); a claim
 *     lasts as long as the port keeps using it, and a day after. A port
 *     claims at most FW_CLAIM6_BURST addresses at once, then one an
 *     hour (rate6_NET), so a flood of new addresses fills nothing.
 *     From its addresses it sends anything but ICMPv6 (a packet whose
 *     header chain is cut short shows no protocol and is dropped), and
 *     of ICMPv6 only errors, echo and MLD reports; neighbour discovery
 *     only whole (no extension header, hop limit 255, exactly one
 *     option or none): solicitations (from ::, for DAD), a neighbour
 *     advertisement only for an address it holds, a link-layer address
 *     option only with its own MAC. Never a router advertisement, a
 *     redirect, an MLD query, or a DHCPv6 server's or relay's message;
 *   - only Ethernet/IPv4 ARP, IPv4 and that IPv6, with the ether type as
 *     on the wire (a VLAN tag reads 0x8100): everything else (other
 *     ethertypes, tagged frames, BPDUs) is dropped.
 *
 * Every accepting rule matches, for what it must be, each field it relies
 * on: a frame that lacks one (too short, a fragment without the transport
 * header, an option not where it must be) matches no accept and meets the
 * final drop. A check that cannot see its field never lets a frame pass.
 *
 * The kernel never overwrites an element, so a claim stands until
 * vmnet-ifdown (or gc) removes the port's elements. Learning is the weak
 * mode: the first MAC and address are the guest's choice, and two ports
 * whose very first frames claim the same free MAC or address at the same
 * instant on two CPUs can both pass the "not used" lookup (the claim sets
 * keep one). Configured MACs and addresses are claimed at attach time,
 * atomically, before the port can send.
 */
#include <netinet/in.h>
#include <linux/netfilter.h>

#include "dnsconf.h"
#include "fw/proto.h"
#include "fw/state.h"

static const struct inany_prefix unspecified = { INANY_V4(0, 0, 0, 0),
						  32 };
static const struct inany_prefix unspecified6 = { { .b = { 0 } }, 128 };
#define ETH_IP 0x0800
#define ETH_ARP 0x0806
#define ETH_IP6 0x86dd
/* A BOOTP field's offset from the UDP header (proto.h) */
#define BOOTP(member) offsetof(struct proto_bootp, member)
#define BOOTP_MAGIC 0x63825363u	/* RFC 2131 3: the options' cookie */
#define DHCPRELEASE 7

/* "ether type arp arp htype 1 ... iif . arp saddr ether @pairs": a whole
 * Ethernet/IPv4 ARP message from the port's own MAC. (The ether type is
 * read as on the wire: a VLAN-tagged frame reads 0x8100 and matches no
 * accept.) */
static void arp_own_mac(struct fw_state *st, struct fw_rule *r)
{
	fm_ethertype(r, ETH_ARP);
	fm_arp_ok(r);
	fm_lookup(r, st->set[FS_PAIRS], true, FW_KEYS(SEL_IIF, SEL_ARP_SHA));
}

/* Whether the network's VMs get their addresses from a DHCP server's
 * word (leases_NET): isolated (dnsmasq) and wlan (the LAN's server). */
static bool leased(const struct fw_state *st)
{
	return fw_has_set(&st->net, FS_LEASES);
}

/*
 * "iif @iplearn iif != @tapip ... ADDR @subnet ADDR != @hostips ... add
 * @tapip { iif : ADDR } ...": on a bridged network, a port without a
 * configured address claims the first usable one it sends from, once:
 * never one seen on the LAN side lately (lanip_NET: a live LAN host's).
 * Where a DHCP server is the authority (isolated, wlan) no address is
 * learned from the VM's own frames.
 */
static void learn_ip(struct fw_state *st, bool arp)
{
	enum fw_sel a = arp ? SEL_ARP_SIP : SEL_IP_SADDR;
	struct fw_rule r;

	if (leased(st))
		return;
	fr_begin(&r);
	/* the protocol first: a frame of another pays one compare, not the
	 * two port lookups (every IPv6 frame passes both rules) */
	fm_ethertype(&r, arp ? ETH_ARP : ETH_IP);
	if (arp)
		fm_arp_ok(&r);
	fm_lookup(&r, st->set[FS_IPLEARN], true, FW_KEYS(SEL_IIF));
	fm_lookup(&r, st->set[FS_TAPIP], false, FW_KEYS(SEL_IIF));
	if (arp)	/* (arp_own_mac()'s, after the cheaper port tests) */
		fm_lookup(&r, st->set[FS_PAIRS], true,
			  FW_KEYS(SEL_IIF, SEL_ARP_SHA));
	fm_lookup(&r, st->set[FS_SUBNET], true, FW_KEYS(a));
	fm_lookup(&r, st->set[FS_HOSTIPS], false, FW_KEYS(a));
	fm_lookup(&r, st->set[FS_CLAIMED], false, FW_KEYS(a));
	fm_lookup(&r, st->set[FS_PINIP], false, FW_KEYS(a));
	fm_lookup(&r, st->set[FS_LANIP], false, FW_KEYS(a));
	fs_dynset(&r, false, st->set[FS_TAPIP], FW_KEYS(SEL_IIF), (int)a, 0);
	fs_dynset(&r, false, st->set[FS_TAPSET], FW_KEYS(SEL_IIF, a), -1, 0);
	fs_dynset(&r, false, st->set[FS_CLAIMED], FW_KEYS(a), -1, 0);
	fw_add_rule(st, FC_GUARD, &r);
}

/* "ADDR @hostips drop": the host's addresses are never a VM's, even when
 * the host took one a VM had claimed. */
static void host_ip_drop(struct fw_state *st, bool arp)
{
	enum fw_sel a = arp ? SEL_ARP_SIP : SEL_IP_SADDR;
	struct fw_rule r;

	fr_begin(&r);
	fm_ethertype(&r, arp ? ETH_ARP : ETH_IP);
	fm_lookup(&r, st->set[FS_HOSTIPS], true, FW_KEYS(a));
	fs_verdict(&r, NF_DROP);
	fw_add_rule(st, FC_GUARD, &r);
}

/* With 4addr, a port's accepted frames teach the translation map where
 * its address lives. */
static void teach_map(struct fw_state *st, struct fw_rule *r, bool arp)
{
	if (st->net.kind == CONF_FW_WLAN_4ADDR)
		fs_dynset(r, true, st->set[FS_IP4MAC],
			  FW_KEYS(arp ? SEL_ARP_SIP : SEL_IP_SADDR),
			  arp ? SEL_ARP_SHA : SEL_ETH_SADDR, FW_MAP_TIMEOUT_MS);
}

/*
 * "@ll,48,48 . ADDR @leases ADDR != @claimed [ADDR != @lanip]": the
 * address is one the DHCP server acked to the port's MAC (the MAC is the
 * port's: checked before), not one configured for another port, and on
 * wlan not one a LAN host is seen to use.
 */
static void leased_addr(struct fw_state *st, struct fw_rule *r, bool arp)
{
	enum fw_sel a = arp ? SEL_ARP_SIP : SEL_IP_SADDR;

	fm_lookup(r, st->set[FS_LEASES], true,
		  FW_KEYS(SEL_ETH_SADDR_RAW,
			  arp ? SEL_ARP_SIP_RAW : SEL_IP_SADDR_RAW));
	fm_lookup(r, st->set[FS_CLAIMED], false, FW_KEYS(a));
	if (fw_has_set(&st->net, FS_LANIP))
		fm_lookup(r, st->set[FS_LANIP], false, FW_KEYS(a));
}

/* ARP as itself: from its own address, or a probe from 0.0.0.0. */
static void arp_accept(struct fw_state *st)
{
	struct fw_rule r;

	fr_begin(&r);
	arp_own_mac(st, &r);
	fm_lookup(&r, st->set[FS_TAPSET], true, FW_KEYS(SEL_IIF, SEL_ARP_SIP));
	teach_map(st, &r, true);
	fs_verdict(&r, NF_ACCEPT);
	fw_add_rule(st, FC_GUARD, &r);
	if (leased(st)) {
		fr_begin(&r);
		arp_own_mac(st, &r);
		leased_addr(st, &r, true);
		teach_map(st, &r, true);
		fs_verdict(&r, NF_ACCEPT);
		fw_add_rule(st, FC_GUARD, &r);
	}
	fr_begin(&r);
	arp_own_mac(st, &r);
	fm_addr(&r, SEL_ARP_SIP, true, &unspecified);
	fs_verdict(&r, NF_ACCEPT);
	fw_add_rule(st, FC_GUARD, &r);
}

/*
 * A DHCP client's message, whole and as itself: not a fragment, from
 * port 68 to 67, a BOOTREQUEST for Ethernet with the port's MAC as
 * chaddr, the options' magic cookie, and the message type first (as every
 * client sends it), any type but DHCPRELEASE (the address's lease stands
 * until it expires; a release would let the server give it away while
 * the port still holds it). From 0.0.0.0 (FROM_NONE), the port's
 * configured address (FROM_OWN) or the one leased to it (FROM_LEASE).
 */
enum dhcp_from { FROM_NONE, FROM_OWN, FROM_LEASE };

static void dhcp_accept(struct fw_state *st, enum dhcp_from from)
{
	struct fw_rule r;

	if (from == FROM_LEASE && !leased(st))
		return;
	fr_begin(&r);
	fm_ethertype(&r, ETH_IP);
	/* (the ports before the lookups: a frame that is no DHCP request,
	 * almost every one, stops before any) */
	fm_ip_whole(&r);
	fm_ports(&r, IPPROTO_UDP, 68, 67);
	if (from == FROM_OWN)
		fm_lookup(&r, st->set[FS_TAPSET], true,
			  FW_KEYS(SEL_IIF, SEL_IP_SADDR));
	else if (from == FROM_LEASE)
		leased_addr(st, &r, false);
	else
		fm_addr(&r, SEL_IP_SADDR, true, &unspecified);
	/* op BOOTREQUEST, htype Ethernet, hlen 6 */
	fm_th(&r, BOOTP(op), 3, true, 0x010106);
	fm_lookup(&r, st->set[FS_CHADDR], true,
		  FW_KEYS(SEL_IIF, SEL_DHCP_CHADDR));
	fm_th(&r, BOOTP(magic), 4, true, BOOTP_MAGIC);
	fm_th(&r, BOOTP(option), 2, true, 0x3501);	/* option 53, length 1 */
	fm_th(&r, BOOTP(option) + 2, 1, false, DHCPRELEASE);
	if (mode_of(st->conf)->mac_nat && st->conf->dhcp_broadcast)
		fs_dhcp_broadcast(&r);
	fs_verdict(&r, NF_ACCEPT);
	fw_add_rule(st, FC_GUARD, &r);
}

/* "ether type ip udp sport|dport N drop": whatever else goes to or comes
 * from a DHCP port (a first fragment shows its ports; later fragments
 * cannot be put together without it). */
static void udp_drop(struct fw_state *st, bool dport, uint16_t port)
{
	struct fw_rule r;

	fr_begin(&r);
	fm_ethertype(&r, ETH_IP);
	fm_port(&r, IPPROTO_UDP, dport, port);
	fs_verdict(&r, NF_DROP);
	fw_add_rule(st, FC_GUARD, &r);
}

/* "... update @lanip { ADDR }" (@lanip6 for IPv6): the addresses the LAN
 * side's frames come from (bridged, wlan), never a VM's (a VM's MAC
 * reflected back from the LAN, or the station's own on wlan, teaches
 * nothing); a gateway's (infrastructure too) teach the addresses in the
 * subnets they come from (its other addresses: a new IPv6 prefix's),
 * never the far ends it routes for. */
struct lan_from {
	enum fw_set set, subnet;
	uint16_t ethertype;
	enum fw_sel addr;
	const struct inany_prefix *none;
};

/* One rule of lan_addrs(): from a LAN host's MAC (@gw false: neither
 * infrastructure nor a VM's), or from a gateway's, only addresses in the
 * subnets. */
static void lan_addr(struct fw_state *st, uint32_t group,
		     const struct lan_from *f, bool gw)
{
	struct fw_rule r;

	fr_begin(&r);
	fm_iifgroup(&r, false, group);
	fm_lookup(&r, st->set[FS_LANPORTS], true, FW_KEYS(SEL_IIFNAME));
	if (gw) {
		fm_lookup(&r, st->set[FS_GWMAC], true, FW_KEYS(SEL_ETH_SADDR));
		fm_ethertype(&r, f->ethertype);
		fm_lookup(&r, st->set[f->subnet], true, FW_KEYS(f->addr));
	} else {
		fm_lookup(&r, st->set[FS_INFRA], false,
			  FW_KEYS(SEL_ETH_SADDR));
		fm_lookup(&r, st->set[FS_MACS], false, FW_KEYS(SEL_ETH_SADDR));
		fm_ethertype(&r, f->ethertype);
		fm_addr(&r, f->addr, false, f->none);
	}
	fs_dynset(&r, true, st->set[f->set], FW_KEYS(f->addr), -1, 0);
	fw_add_rule(st, FC_GUARD, &r);
}

static void lan_addrs(struct fw_state *st, uint32_t group)
{
	static const struct lan_from from[] = {
		{ FS_LANIP, FS_SUBNET, ETH_ARP, SEL_ARP_SIP, &unspecified },
		{ FS_LANIP, FS_SUBNET, ETH_IP, SEL_IP_SADDR, &unspecified },
		{ FS_LANIP6, FS_SUBNET6, ETH_IP6, SEL_IP6_SADDR, &unspecified6 },
	};
	size_t i;

	for (i = 0; i < sizeof(from) / sizeof(from[0]); i++) {
		if (!fw_has_set(&st->net, from[i].set))
			continue;
		lan_addr(st, group, &from[i], false);
		if (fw_has_set(&st->net, FS_GWMAC))
			lan_addr(st, group, &from[i], true);
	}
}

/*
 * On vmnet's own bridge every port outside the group but the LAN side's
 * is foreign (someone enslaved it): nothing it sends reaches a VM or the
 * LAN side until it is adopted. Matched where the frame leaves (bridge
 * postrouting, by output port): this chain sees every bridge's frames,
 * and which bridge one came in on is not a match the kernel need have
 * (meta ibrname: CONFIG_NFT_BRIDGE_META). What it sends up to the host
 * carries no port mark, which the second line drops.
 */
static void foreign_ports(struct fw_state *st, uint32_t group)
{
	struct fw_rule r;
	int lan;

	if (!fw_owns_bridge(&st->net))
		return;
	for (lan = 0; lan < 2; lan++) {
		fr_begin(&r);
		fm_iifgroup(&r, false, group);
		fm_lookup(&r, st->set[FS_LANPORTS], false,
			  FW_KEYS(SEL_IIFNAME));
		if (lan)
			fm_lookup(&r, st->set[FS_LANPORTS], true,
				  FW_KEYS(SEL_OIFNAME));
		else
			fm_oifgroup(&r, group);
		fs_verdict(&r, NF_DROP);
		fw_add_rule(st, FC_OUT, &r);
	}
}

static void mac_rules(struct fw_state *st)
{
	uint32_t group = conf_port_group(st->net.name);
	struct fw_rule r;

	/* Frames of the bridge's other ports (the uplink side): note their
	 * MAC (the LAN's, never a VM's), and leave them alone. */
	fr_begin(&r);
	fm_iifgroup(&r, false, group);
	fm_lookup(&r, st->set[FS_LANPORTS], true, FW_KEYS(SEL_IIFNAME));
	fs_dynset(&r, true, st->set[FS_LANMAC], FW_KEYS(SEL_ETH_SADDR), -1, 0);
	fw_add_rule(st, FC_GUARD, &r);
	lan_addrs(st, group);
	foreign_ports(st, group);
	fr_begin(&r);
	fm_iifgroup(&r, false, group);
	fs_verdict(&r, NF_ACCEPT);
	fw_add_rule(st, FC_GUARD, &r);
	fr_begin(&r);
	fm_lookup(&r, st->set[FS_PORTS], false, FW_KEYS(SEL_IIF));
	fs_verdict(&r, NF_DROP);
	fw_add_rule(st, FC_GUARD, &r);

	/* Learning: the first frame pairs its MAC with the port, if free.
	 * (Seen first: a port that learned stops at one lookup.) */
	fr_begin(&r);
	fm_lookup(&r, st->set[FS_SEEN], false, FW_KEYS(SEL_IIF));
	fm_lookup(&r, st->set[FS_LEARN], true, FW_KEYS(SEL_IIF));
	fm_lookup(&r, st->set[FS_MACS], false, FW_KEYS(SEL_ETH_SADDR));
	fm_lookup(&r, st->set[FS_INFRA], false, FW_KEYS(SEL_ETH_SADDR));
	fm_lookup(&r, st->set[FS_PINMAC], false, FW_KEYS(SEL_ETH_SADDR));
	fm_lookup(&r, st->set[FS_LANMAC], false, FW_KEYS(SEL_ETH_SADDR));
	fs_dynset(&r, false, st->set[FS_PAIRS],
		  FW_KEYS(SEL_IIF, SEL_ETH_SADDR), -1, 0);
	fs_dynset(&r, false, st->set[FS_CHADDR],
		  FW_KEYS(SEL_IIF, SEL_ETH_SADDR_RAW), -1, 0);
	fs_dynset(&r, false, st->set[FS_MACS], FW_KEYS(SEL_ETH_SADDR), -1, 0);
	fs_dynset(&r, false, st->set[FS_SEEN], FW_KEYS(SEL_IIF),
		  SEL_ETH_SADDR, 0);
	fw_add_rule(st, FC_GUARD, &r);

	fr_begin(&r);
	fm_lookup(&r, st->set[FS_PAIRS], false,
		  FW_KEYS(SEL_IIF, SEL_ETH_SADDR));
	fs_verdict(&r, NF_DROP);
	fw_add_rule(st, FC_GUARD, &r);
}

/**
 * fw_guard_rules() - the port guard of the network in @st
 * @st:	state, with names filled in
 *
 * Every rule that lets a frame through says all it relies on, each field
 * matched for what it must be: a frame without that field (too short, a
 * fragment without the transport header, a VLAN-tagged frame whose ether
 * type reads 0x8100) matches none of them and meets the final drop.
 * Rules that drop say only what they drop.
 */
void fw_guard_rules(struct fw_state *st)
{
	struct fw_rule r;

	mac_rules(st);

	/* ARP */
	learn_ip(st, true);
	host_ip_drop(st, true);
	arp_accept(st);

	/* IPv4 */
	learn_ip(st, false);
	host_ip_drop(st, false);
	dhcp_accept(st, FROM_NONE);
	dhcp_accept(st, FROM_OWN);
	dhcp_accept(st, FROM_LEASE);
	udp_drop(st, true, 67);		/* anything else to a DHCP server */
	udp_drop(st, false, 67);	/* never a server */
	udp_drop(st, true, 68);
	fr_begin(&r);
	fm_ethertype(&r, ETH_IP);
	fm_lookup(&r, st->set[FS_TAPSET], true, FW_KEYS(SEL_IIF, SEL_IP_SADDR));
	teach_map(st, &r, false);
	fs_verdict(&r, NF_ACCEPT);
	fw_add_rule(st, FC_GUARD, &r);
	if (leased(st)) {
		fr_begin(&r);
		fm_ethertype(&r, ETH_IP);
		leased_addr(st, &r, false);
		teach_map(st, &r, false);
		fs_verdict(&r, NF_ACCEPT);
		fw_add_rule(st, FC_GUARD, &r);
	}

	fw_guard6_rules(st);

	fr_begin(&r);
	fs_verdict(&r, NF_DROP);
	fw_add_rule(st, FC_GUARD, &r);
}

/**
 * fw_snoop_rules() - where the DHCP server is the authority (isolated,
 * wlan): its DHCPACK to a port's MAC, on its way out to that port, makes
 * the acked address the MAC's for the lease (leases_NET; renewals refresh
 * it). The ACK must be whole, from port 67 to 68, a BOOTREPLY with the
 * cookie and the message type first (every server sends it so), for a
 * MAC the port holds (chaddr_NET), and give an address.
 * @st:	state, with names filled in
 */
void fw_snoop_rules(struct fw_state *st)
{
	uint64_t lease = mode_of_kind(st->net.kind)->runs_dnsmasq ?
			 DNS_LEASE_SECS * 1000ull : FW_LAN_LEASE_MS;
	struct fw_rule r;

	if (!leased(st))
		return;
	fr_begin(&r);
	fm_oifgroup(&r, conf_port_group(st->net.name));
	fm_ethertype(&r, ETH_IP);
	fm_ip_whole(&r);
	fm_ports(&r, IPPROTO_UDP, 67, 68);
	fm_th(&r, BOOTP(op), 1, true, 2);		/* op: BOOTREPLY */
	fm_th(&r, BOOTP(magic), 4, true, BOOTP_MAGIC);
	fm_th(&r, BOOTP(option), 3, true, 0x350105);	/* DHCPACK */
	fm_lookup(&r, st->set[FS_CHADDR], true,
		  FW_KEYS(SEL_OIF, SEL_DHCP_CHADDR));
	fm_th(&r, BOOTP(yiaddr), 4, false, 0);		/* yiaddr */
	fs_dynset(&r, true, st->set[FS_LEASES],
		  FW_KEYS(SEL_DHCP_CHADDR, SEL_DHCP_YIADDR), -1, lease);
	fw_add_rule(st, FC_OUT, &r);
}

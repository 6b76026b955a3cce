/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * objects.h - the nf_tables sets of a vmnet network, one table per kind
 * of network: which sets exist, their names and families, and which
 * elements a port gets. The setuid programs add and read elements by
 * this; how the sets and chains are created is the engine's
 * (engine/fw/tables.h).
 *
 *   isolated      table inet vmnet: in_NET, fwd_NET, nat_NET, set lan_NET
 *                 (lan = block); table bridge vmnet: the port guard
 *   bridged       table bridge vmnet: the port guard
 *   wlan-4addr    the port guard, dnat_NET, snat_NET, map ip4mac_NET
 *   wlan-netdev   the port guard; table netdev vmnet: up_NET (uplink
 *                 ingress), vm_NET (the veth end's ingress), map ip4mac_NET
 *
 * The port guard (chain spoof_NET, guard.c) holds every port of the
 * network to one MAC and one IPv4 address (on bridged networks also to
 * the IPv6 addresses it claimed), through per-VM elements keyed by the
 * port's ifindex (never by its name: a name can be reused, an ifindex is
 * not).
 */
#ifndef VMNET_FW_OBJECTS_H
#define VMNET_FW_OBJECTS_H

#include <stdbool.h>
#include <stdint.h>

#include "conf.h"
#include "mode.h"
#include "nft.h"

#define FW_NAME_MAX 48		/* a chain's or set's name */

/* Which kinds of network (enum conf_fw) have a set, as a bit mask. */
#define FW_KIND(kind) (1u << (kind))
#define FW_GUARDED (FW_KIND(CONF_FW_ISOLATED) | FW_KIND(CONF_FW_BRIDGED) | \
		    FW_KIND(CONF_FW_WLAN_NETDEV) | FW_KIND(CONF_FW_WLAN_4ADDR))

/* What the per-VM code needs of a network: from vmnet.conf, or from a
 * tap's record when the configuration changed since the attach. */
struct fw_net {
	char name[VAL_NETNAME_MAX + 1];
	enum conf_fw kind;
	bool lan_block;		/* isolated: lan = block */
};

enum fw_set {
	FS_LAN,		/* inet: the LAN ranges (isolated, lan = block) */
	FS_PORTS,	/* ports vmnet attached; comment: the attaching uid */
	FS_LEARN,	/* ports that learn their MAC from their first frame */
	FS_SEEN,	/* map: port -> the MAC it learned */
	FS_PAIRS,	/* port . MAC: the source MAC a port may use */
	FS_CHADDR,	/* port . MAC, typed for the DHCP chaddr check */
	FS_MACS,	/* every MAC a port uses: one port per MAC */
	FS_INFRA,	/* the network's own and the host's MACs */
	FS_PINMAC,	/* MACs ACL rules pin: never learned */
	FS_LANPORTS,	/* the bridge's ports that are not VMs' (by name) */
	FS_LANMAC,	/* MACs seen on those ports */
	FS_IPLEARN,	/* ports that learn their address */
	FS_TAPIP,	/* map: port -> its IPv4 address */
	FS_TAPSET,	/* port . address */
	FS_CLAIMED,	/* every address a port uses: one port per address */
	FS_HOSTIPS,	/* addresses no VM may use: host, gateway, net, bcast */
	FS_SUBNET,	/* where a VM's address must lie */
	FS_PINIP,	/* addresses ACL rules pin: never learned */
	FS_IP4MAC,	/* wlan map: address -> VM MAC, for the translation */
	FS_PORTMARK,	/* isolated map: port -> the mark its frames to the
			 * host carry (its ifindex; the second line drops
			 * what no port guard marked) */
	FS_LEASES,	/* MAC . address: what the DHCP server acked to a MAC
			 * (isolated: dnsmasq; wlan: the LAN's server), for
			 * as long as the lease lasts */
	FS_LANIP,	/* addresses seen on the LAN side (bridged, wlan) */
	FS_PORTLIM,	/* isolated map: port -> its connection limit, which
			 * its frames to the host carry (meta priority) */
	FS_CONNS,	/* isolated: each port's connections (ct count),
			 * keyed by its mark */
	/* IPv6 (bridged and isolated networks): a port may hold several addresses
	 * (SLAAC, privacy addresses), each learned from its frames, held
	 * while it is used and for FW_CLAIM6_TIMEOUT_MS after */
	FS_OWN6,	/* port . address (raw: @nh,64,128): learned claims,
			 * and the configured one (VMNET_IP6), which has no
			 * timeout */
	FS_CLAIMED6,	/* map: address -> the port holding it */
	FS_RATE6,	/* per port: how fast it may claim new addresses */
	FS_SUBNET6,	/* where a VM's address must lie: the LAN's on-link
			 * prefixes (isolated: the network's) and fe80::/64 */
	FS_HOSTIPS6,	/* addresses no VM may use: the host's, gateways' */
	FS_LANIP6,	/* addresses seen on the LAN side */
	FS_PINIP6,	/* addresses ACL rules pin (ip6=): never learned */
	FS_LAN6,	/* isolated: the IPv6 of lan_NET */
	FS_IP6MAC,	/* wlan map: IPv6 address -> VM MAC, learned */
	FS_GWMAC,	/* the gateways' MACs: their frames teach lanip_NET */
	FS_NSETS
};

/*
 * The per-VM elements a port gets at attach, one description for
 * vmnet-ifup (vm.c) and "vmnetctl print": which set, when, keyed by what.
 */
enum fw_vm_key { FVK_IIF, FVK_MAC, FVK_IP, FVK_IIF_MAC, FVK_IIF_IP,
		  FVK_CONNS, FVK_IP6, FVK_IIF_IP6 };
enum fw_vm_when {
	FVW_ALWAYS,
	FVW_MAC,	/* the MAC is configured */
	FVW_NOMAC,	/* the port learns its MAC */
	FVW_IP,		/* the address is configured */
	FVW_NOIP,	/* the port learns its address */
	FVW_IP_MAC,	/* both are configured */
	FVW_IP6,	/* the IPv6 address is configured */
};
struct fw_vm_elem {
	enum fw_set set;
	enum fw_vm_when when;
	enum fw_vm_key key;
	int data;	/* enum fw_vm_key of a map's value, or -1 */
	bool excl;	/* must not exist yet: one port per MAC, address */
};
extern const struct fw_vm_elem fw_vm_elems[];
extern const size_t fw_vm_nelems;

#define FW_MAX_PORTS 4096	/* bound of the per-port dynamic sets */
/* What the port guard's "out" chain marks every frame to a VM's tap
 * with, just before it leaves: the tap's own tc filter (the second line,
 * tcseal.c) drops what does not carry it, which is everything when
 * vmnet's bridge table is gone. ("vmnt") */
#define FW_SEAL 0x766d6e74u
#define FW_MAX_LANMACS 16384
#define FW_LANMAC_TIMEOUT_MS (10 * 60 * 1000)	/* > bridge ageing time */
#define FW_MAP_TIMEOUT_MS (10 * 60 * 1000)	/* learned ip4mac entries */
#define FW_LANIP_TIMEOUT_MS (10 * 60 * 1000)	/* like lanmac */
#define FW_MAX_LEASES 16384
/*
 * IPv6 claims: one expires FW_CLAIM6_TIMEOUT_MS after the port last sent
 * from it; a port claims at most FW_CLAIM6_BURST addresses at once and
 * one more per FW_CLAIM6_PERIOD after, so it holds at most
 * FW_CLAIM6_PER_PORT (the burst, and one per period of the timeout): the
 * claim sets hold that for every port, and no port can fill them.
 */
#define FW_CLAIM6_TIMEOUT_MS (24ull * 3600 * 1000)
#define FW_CLAIM6_BURST 8
#define FW_CLAIM6_PERIOD_S 3600
#define FW_CLAIM6_PER_PORT (FW_CLAIM6_BURST + \
			    FW_CLAIM6_TIMEOUT_MS / 1000 / FW_CLAIM6_PERIOD_S)
/* A lease from the LAN's DHCP server: its length is not known (an
 * option anywhere in the ACK), so it is taken to last a week from the
 * last ACK. Clients renew at half their lease: leases up to two weeks
 * keep it. (The key holds the MAC: a stale entry serves only a port with
 * that MAC, and never for an address a LAN host is seen to use.) */
#define FW_LAN_LEASE_MS (7ull * 24 * 3600 * 1000)

void fw_net_of(const struct conf_network *n, struct fw_net *out);
bool fw_guarded(const struct fw_net *n);
bool fw_owns_bridge(const struct fw_net *n);

bool fw_has_set(const struct fw_net *n, enum fw_set s);
bool fw_set_per_vm(enum fw_set s);
bool fw_set_static(enum fw_set s);
int fw_set_family(const struct fw_net *n, enum fw_set s);
void fw_set_name(const struct fw_net *n, enum fw_set s,
		 char name[FW_NAME_MAX]);

#endif

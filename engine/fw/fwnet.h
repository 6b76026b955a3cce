/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fwnet.h - a network's own nf_tables state (administrator code: vmnetctl
 * and vmnetd; never linked into the setuid programs): install or repair
 * it in one transaction, remove it, print it as an nft script, compare the
 * kernel with it.
 */
#ifndef VMNET_FW_FWNET_H
#define VMNET_FW_FWNET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "conf.h"
#include "lan.h"
#include "nft.h"

#define FW_MAX_HOSTIPS 256
#define FW_MAX_MACS 256
#define FW_MAX_SEEDS 4096
#define FW_MAX_CONN_LIMITS 16	/* different max-conns values */

/* fwd6.c: whether network @n carries IPv6 on this host */
bool net_v6(const struct conf_network *n);

/* What a network's rules need to know of the host, as of now. */
struct fw_host {
	/* isolated, lan = block: the LAN ranges */
	struct inany_range lan[LAN_MAX_RANGES];	/* IPv4 */
	size_t nlan;
	struct inany_range lan6[LAN_MAX_RANGES];	/* isolated: IPv6 */
	size_t nlan6;
	bool inet6;	/* isolated: its VMs reach the IPv6 internet (fwd6.c) */
	/* every guarded network: where a VM's address lies, which
	 * addresses and MACs are never a VM's, and the ACL's pins */
	struct inany_range subnets[LAN_MAX_RANGES];
	size_t nsubnets;
	union inany hostips[FW_MAX_HOSTIPS];
	size_t nhostips;
	/* bridged: the same for IPv6 (fw_host_add_ip() puts an address in
	 * the list of its family) */
	struct inany_range subnets6[LAN_MAX_RANGES];
	size_t nsubnets6;
	union inany hostips6[FW_MAX_HOSTIPS];
	size_t nhostips6;
	uint8_t infra[FW_MAX_MACS][6];
	size_t ninfra;
	uint8_t gwmac[FW_MAX_MACS][6];	/* the gateways' (also in infra) */
	size_t ngwmac;
	uint8_t pinmac[FW_MAX_MACS][6];
	size_t npinmac;
	union inany pinip[FW_MAX_HOSTIPS];
	size_t npinip;
	union inany pinip6[FW_MAX_HOSTIPS];	/* ip6= pins (bridged) */
	size_t npinip6;
	char lanports[FW_MAX_MACS][16];	/* the bridge's non-VM ports */
	size_t nlanports;
	/* MACs the kernel saw on the LAN side so far (the bridge's
	 * forwarding entries of those ports, the uplink's neighbours):
	 * fw_up() gives them to lanmac_NET, which until then learns only
	 * what arrives after its rule exists */
	uint8_t seen[FW_MAX_MACS][6];
	size_t nseen;
	/* isolated: the leases dnsmasq's lease file holds, which
	 * leases_NET starts with (a table rebuilt after a flush must not
	 * forget them) */
	struct fw_lease {
		uint8_t mac[6];
		union inany ip;
		uint64_t ms_left;
	} leases[FW_MAX_SEEDS];
	size_t nleases;
	/* bridged, wlan: the addresses of LAN hosts in the host's
	 * neighbour table, which lanip_NET (lanip6_NET) starts with */
	union inany lanip[FW_MAX_SEEDS];
	size_t nlanip;
	/* isolated: the connection limits of the network's ACL rules and
	 * the default, ascending */
	uint32_t conns[FW_MAX_CONN_LIMITS];
	size_t nconns;
	/* wlan */
	int uplink_ifindex;
	uint8_t uplink_mac[6];
	int vm_end_ifindex;	/* netdev: the veth end outside the bridge */
};

/* One thing "verify" found wrong, as text ("chain bridge vmnet spoof_x
 * is missing"). */
struct fw_problems {
	char text[16][160];
	size_t n;		/* how many were found (may exceed 16) */
};
void fw_problem(struct fw_problems *p, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

int fw_host_add_ip(struct fw_host *h, const union inany *ip);
int fw_host_add_mac(struct fw_host *h, bool pinned, const uint8_t mac[6]);

int fw_up(struct nft_conn *c, const struct conf_network *n,
	  const struct fw_host *h, char *what, size_t what_size);
int fw_down(struct nft_conn *c, const struct conf_network *n, char *what,
	    size_t what_size);
int fw_print(FILE *f, const struct conf_network *n, const struct fw_host *h);
int fw_verify(struct nft_conn *c, const struct conf_network *n,
	      const struct fw_host *h, struct fw_problems *p);
int fw_present(struct nft_conn *c, const struct conf_network *n);

#endif

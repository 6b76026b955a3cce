/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fw.h - vmnet's nf_tables state (DESIGN.md section 6), for isolated
 * networks:
 *
 *   table inet vmnet     per network: chains in_NET, fwd_NET, nat_NET and
 *                        the interval set lan_NET (NAT, LAN block, what
 *                        VMs may ask of the host)
 *   table bridge vmnet   per network: chain spoof_NET and the sets
 *                        ports_NET, learn_NET, seen_NET, pairs_NET
 *                        (anti-spoofing for ports in the network's
 *                        interface group; per-VM state is elements only)
 *
 * and for wlan networks (MAC translation toward a Wi-Fi station):
 *
 *   table bridge vmnet   chain spoof_NET as above, with per-tap addresses
 *                        (iplearn_NET, tapip_NET, tapset_NET, claimed_NET)
 *                        that must lie in subnet_NET and never in
 *                        hostips_NET; method 4addr adds the map ip4mac_NET
 *                        and the chains dnat_NET, snat_NET
 *   table netdev vmnet   method netdev: the map ip4mac_NET, chain up_NET
 *                        on the uplink's ingress and vm_NET on the ingress
 *                        of the VM side's veth end
 *
 * Network-wide state belongs to vmnetctl (fw_net_up/down); per-VM elements
 * to vmnet-ifup/ifdown (fw_vm_add/del). Every change is one transaction.
 */
#ifndef VMNET_FW_H
#define VMNET_FW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <net/if.h>

#include "conf.h"
#include "lan.h"

#define FW_TABLE "vmnet"
#define FW_MAX_LEARNED 4096	/* bound of the learned-MAC map and pairs */
#define FW_MAP_TIMEOUT_MS (10 * 60 * 1000)	/* learned ip4mac entries */
#define FW_WLAN_MAX_HOSTIPS 256

/* What a wlan network's rules need to know of the host, as of "up". */
struct fw_wlan {
	int uplink_ifindex;
	uint8_t uplink_mac[6];
	int vm_end_ifindex;	/* netdev: the veth end outside the bridge */
	struct lan_range subnets[LAN_MAX_RANGES];	/* the uplink's */
	size_t nsubnets;
	uint32_t hostips[FW_WLAN_MAX_HOSTIPS];	/* host, gateway, network and */
	size_t nhostips;			/* broadcast addresses */
};

int fw_net_up(const struct conf_network *n, const struct lan_range *lan,
	      size_t nlan, char *what, size_t what_size);
int fw_wlan_up(const struct conf_network *n, const struct fw_wlan *w,
	       char *what, size_t what_size);
void fw_wlan_print(FILE *f, const struct conf_network *n,
		   const struct fw_wlan *w);
int fw_net_down(const struct conf_network *n, char *what, size_t what_size);
bool fw_net_present(const struct conf_network *n);
void fw_net_print(FILE *f, const struct conf_network *n,
		  const struct lan_range *lan, size_t nlan);

int fw_vm_add(const struct conf_network *n, const char *tap,
	      const uint8_t *mac, const uint32_t *ip, char *what,
	      size_t what_size);
int fw_vm_ensure(const struct conf_network *n, const char *tap,
		 const uint8_t *mac, const uint32_t *ip, char *what,
		 size_t what_size);
int fw_vm_del(const struct conf_network *n, const char *tap,
	      const uint8_t *mac, char *what, size_t what_size);

typedef bool (*fw_keep_cb)(const char *tap, void *ctx);
int fw_vm_gc(const struct conf_network *n, fw_keep_cb keep, void *ctx,
	     unsigned *removed, char *what, size_t what_size);
int fw_vm_learned(const struct conf_network *n, const char *tap,
		  uint8_t mac[6], bool *has_mac, uint32_t *ip, bool *has_ip);

#endif

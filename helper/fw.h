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
 * Network-wide state belongs to vmnetctl (fw_net_up/down); per-VM elements
 * to vmnet-ifup/ifdown (fw_vm_add/del). Every change is one transaction.
 */
#ifndef VMNET_FW_H
#define VMNET_FW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "conf.h"
#include "lan.h"

#define FW_TABLE "vmnet"
#define FW_MAX_LEARNED 4096	/* bound of the learned-MAC map and pairs */

int fw_net_up(const struct conf_network *n, const struct lan_range *lan,
	      size_t nlan, char *what, size_t what_size);
int fw_net_down(const struct conf_network *n, char *what, size_t what_size);
bool fw_net_present(const struct conf_network *n);
void fw_net_print(FILE *f, const struct conf_network *n,
		  const struct lan_range *lan, size_t nlan);

int fw_vm_add(const struct conf_network *n, const char *tap,
	      const uint8_t *mac, char *what, size_t what_size);
int fw_vm_ensure(const struct conf_network *n, const char *tap,
		 const uint8_t *mac, char *what, size_t what_size);
int fw_vm_del(const struct conf_network *n, const char *tap,
	      const uint8_t *mac, char *what, size_t what_size);

typedef bool (*fw_keep_cb)(const char *tap, void *ctx);
int fw_vm_gc(const struct conf_network *n, fw_keep_cb keep, void *ctx,
	     unsigned *removed, char *what, size_t what_size);
int fw_vm_list(const struct conf_network *n,
	       int (*cb)(const char *tap, const uint8_t *mac, bool learned,
			 void *ctx),
	       void *ctx);

#endif

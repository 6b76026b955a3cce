/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * leases.h - the DHCP leases the port guard holds VMs to (leases_NET).
 * Functions return 0 or -errno unless said otherwise.
 */
#ifndef VMNET_FW_LEASES_H
#define VMNET_FW_LEASES_H

#include <stdint.h>

#include "inany.h"
#include "nft.h"
#include "fw/objects.h"

typedef int (*fw_lease_cb)(const uint8_t mac[6], const union inany *ip,
			   uint64_t ms_left, void *ctx);
int fw_leases_each(struct nft_conn *c, const struct fw_net *n,
		   fw_lease_cb cb, void *ctx);
int fw_lease_other(struct nft_conn *c, const struct fw_net *n,
		   const union inany *ip,
		   const uint8_t *mac, uint8_t other[6]);
int fw_ip4mac_drop(struct nft_conn *c, struct nft_txn *t,
		   const struct fw_net *n, const uint8_t mac[6],
		   const union inany *keep);

#endif

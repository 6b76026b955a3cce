/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * lan.h - the IPv4 ranges an isolated network must never reach ("lan =
 * block"): the private, shared-address and link-local ranges, every
 * subnet the host is connected to, and the network's block-extra, merged
 * into disjoint sorted ranges (an nf_tables interval set refuses overlaps).
 */
#ifndef VMNET_LAN_H
#define VMNET_LAN_H

#include <stddef.h>
#include <stdint.h>

#include "conf.h"
#include "validate.h"

#define LAN_MAX_RANGES 512

struct lan_range {
	uint32_t lo, hi;	/* inclusive, host byte order */
};

extern const struct val_prefix lan_fixed[];
extern const size_t lan_n_fixed;

int lan_ranges(const struct conf_network *n, const struct val_prefix *conn,
	       size_t nconn, struct lan_range *out, size_t max);
int lan_subnets(const struct val_prefix *conn, size_t nconn,
		struct lan_range *out, size_t max);
int lan_range_str(const struct lan_range *r, char *buf, size_t size);

#endif

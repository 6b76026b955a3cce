/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * lan.h - the address ranges an isolated network must never reach ("lan =
 * block"): the private, shared-address and link-local ranges, every
 * subnet the host is connected to, and the network's block-extra, merged
 * into disjoint sorted ranges, per family (an nf_tables interval set refuses overlaps).
 */
#ifndef VMNET_LAN_H
#define VMNET_LAN_H

#include <stddef.h>
#include <stdint.h>

#include "conf.h"
#include "inany.h"

#define LAN_MAX_RANGES 512

extern const struct inany_prefix lan_fixed[];
extern const size_t lan_n_fixed;
extern const struct inany_prefix lan_fixed6[];
extern const size_t lan_n_fixed6;

int lan_ranges(const struct conf_network *n, const struct inany_prefix *conn,
	       size_t nconn, struct inany_range *out, size_t max);
int lan_ranges6(const struct conf_network *n, const struct inany_prefix *conn,
		size_t nconn, struct inany_range *out, size_t max);
int lan_subnets(const struct inany_prefix *conn, size_t nconn,
		struct inany_range *out, size_t max);
int lan_range_str(const struct inany_range *r, char *buf, size_t size);

#endif

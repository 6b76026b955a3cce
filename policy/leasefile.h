/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * leasefile.h - the leases of an isolated network's dnsmasq, as its lease
 * file says (/run/vmnet/NETWORK/leases): which MAC holds which IPv4
 * address until when. Pure code: the caller reads the file (root's,
 * written by dnsmasq) and hands the text in.
 */
#ifndef VMNET_LEASEFILE_H
#define VMNET_LEASEFILE_H

#include <stddef.h>
#include <stdint.h>

#include "inany.h"

struct lease {
	uint64_t expiry;	/* seconds since the epoch; 0: never */
	uint8_t mac[6];
	union inany ip;		/* IPv4 */
};

size_t lease_parse(const char *text, size_t len, struct lease *out,
		   size_t max);

#endif

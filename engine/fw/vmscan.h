/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vmscan.h - the administrator's view of per-VM elements: every port of a
 * network at once (vmscan.c), repairs (ensure.c), litter (vmscan.c).
 */
#ifndef VMNET_FW_VMSCAN_H
#define VMNET_FW_VMSCAN_H

#include <stddef.h>

#include "fw/vm.h"

/* What fw_vm_ensure() found and did. */
enum fw_ensured {
	FW_ENSURE_KEPT,		/* the port was registered: left alone */
	FW_ENSURE_ADDED,	/* its elements were added */
	FW_ENSURE_REFUSED,	/* another port, the host or the LAN holds
				 * its MAC or address now: nothing added */
};
int fw_vm_ensure(struct nft_conn *c, const struct fw_net *n,
		 const struct fw_vm *v, enum fw_ensured *out, char *what,
		 size_t what_size);
int fw_vm_ensure_many(struct nft_conn *c, const struct fw_net *n,
		      const struct fw_vm *v, size_t nv, unsigned *added,
		      bool *one_by_one, char *what, size_t what_size);

/* Every port of a network (vmscan.c, the administrator's side). */
struct fw_vm_scan {
	struct fw_vm_state *v;
	size_t n, cap;
	struct fw_claim6 {		/* claimed6_NET: the IPv6 addresses
					 * (fw_vm_scan_claims6()) */
		int ifindex;		/* the port that holds it */
		union inany ip;
		uint64_t ms_left;	/* until the claim expires, 0: a
					 * configured address (none) */
	} *c6;
	size_t n6, cap6;
};
int fw_vm_scan(struct nft_conn *c, const struct fw_net *n,
	       struct fw_vm_scan *out);
const struct fw_vm_state *fw_vm_scan_find(const struct fw_vm_scan *s,
					  int ifindex);
int fw_vm_scan_claims6(struct nft_conn *c, const struct fw_net *n,
		       struct fw_vm_scan *s);
void fw_vm_scan_free(struct fw_vm_scan *s);
int fw_vm_orphans(struct nft_conn *c, const struct fw_net *n,
		  unsigned *removed, char *what, size_t what_size);

#endif

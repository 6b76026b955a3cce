/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vm.h - the per-VM elements of a guarded network: what holds one port to
 * its MAC and address (see engine/fw/guard.c). Added by vmnet-ifup (and
 * vmnet-helper) before the port joins the bridge, removed by vmnet-ifdown
 * after it left, restored and collected by vmnetctl and vmnetd. Every
 * change is one transaction; elements are keyed by the port's ifindex.
 */
#ifndef VMNET_FW_VM_H
#define VMNET_FW_VM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "fw/objects.h"
#include "inany.h"
#include "nft.h"

/* What one port is allowed: its configured MAC and address, if any. */
struct fw_vm {
	int ifindex;
	char name[16];		/* its name at attach (vmnet-ifdown's key
				 * once the tap is gone) */
	uid_t uid;		/* who attached it (the lock to take) */
	bool has_mac;
	uint8_t mac[6];
	bool has_ip;
	union inany ip;		/* IPv4 */
	bool has_ip6;		/* (networks whose VMs use IPv6) */
	union inany ip6;
	unsigned conns;		/* its connection limit (isolated), 0:
				 * ACL_DEFAULT_CONNS */
};

/* What the kernel holds for one port. */
struct fw_vm_state {
	int ifindex;
	bool registered;	/* ports_NET has it */
	bool has_uid;
	uid_t uid;		/* from the registration's comment */
	char name[16];		/* likewise ("" in older registrations) */
	bool learns_mac, learns_ip;
	bool has_mac;		/* seen_NET: its MAC, configured or learned */
	uint8_t mac[6];
	bool has_ip;		/* tapip_NET: its address */
	union inany ip;
	bool any;		/* any element at all */
};

/* Why a port may not have its elements (an out-verdict beside 0/-errno). */
enum fw_vm_refusal {
	FW_VM_OK,
	FW_VM_NOT_UP,		/* the network's sets are missing */
	FW_VM_MAC_USED,		/* another port uses the MAC */
	FW_VM_MAC_RESERVED,	/* the network's, the host's or a LAN MAC */
	FW_VM_IP_USED,		/* another port uses the address */
	FW_VM_IP_RESERVED,	/* the host's, the gateway's, net, bcast */
	FW_VM_IP_LAN,		/* a LAN host was seen using the address */
	FW_VM_IP_LEASED,	/* the DHCP server leased it to another MAC */
	FW_VM_IP6_USED,		/* another port holds the IPv6 address */
	FW_VM_IP6_RESERVED,	/* the host's or a gateway's */
	FW_VM_IP6_LAN,		/* a LAN host was seen using it */
	FW_VM_IP6_OUTSIDE,	/* not in the network's prefixes */
};

int fw_vm_add(struct nft_conn *c, const struct fw_net *n,
	      const struct fw_vm *v, enum fw_vm_refusal *refused, char *what,
	      size_t what_size);
int fw_vm_put(struct nft_conn *c, const struct fw_net *n,
	      const struct fw_vm *v, bool keep, enum fw_vm_refusal *refused,
	      char *what, size_t what_size);
int fw_vm_put_txn(struct nft_conn *c, struct nft_txn *t,
		  const struct fw_net *n, const struct fw_vm *v, bool keep,
		  enum fw_vm_refusal *refused);
int fw_vm_del(struct nft_conn *c, const struct fw_net *n, int ifindex,
	      char *what, size_t what_size);
typedef int (*fw_named_cb)(int ifindex, uid_t uid, void *ctx);
int fw_vm_named(struct nft_conn *c, const struct fw_net *n, const char *name,
		fw_named_cb cb, void *ctx);

int fw_claims6_del(struct nft_conn *c, struct nft_txn *t,
		   const struct fw_net *n, int ifindex);

#endif

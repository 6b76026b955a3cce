/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * lanbpf.h - the second line of an isolated network: two tc BPF filters
 * on the bridge device that hold the LAN block and the host's input
 * policy while vmnet's nf_tables state is absent (after "nft flush
 * ruleset", which does not touch tc). Administrator code (vmnetctl,
 * vmnetd).
 */
#ifndef VMNET_LANBPF_H
#define VMNET_LANBPF_H

#include <stddef.h>
#include <stdint.h>

#include "lan.h"

/* The object clang made of lanbpf.bpf.c (lanbpf_obj.c, generated). */
extern const unsigned char lanbpf_obj[];
extern const size_t lanbpf_obj_size;

int lanbpf_install(int ifindex, const union inany *bridge_addr,
		   const struct inany_range *lan, size_t nlan, char *why,
		   size_t why_size);
int lanbpf_remove(int ifindex);
int lanbpf_verify(int ifindex, const union inany *bridge_addr,
		  const struct inany_range *lan, size_t nlan, char *why,
		  size_t why_size);

#endif

/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * tun.h - create a tap for vmnet-helper.
 */
#ifndef VMNET_TUN_H
#define VMNET_TUN_H

#include <net/if.h>
#include <stdbool.h>
#include <sys/types.h>

#define TUN_NAME_TEMPLATE "vmtap%d"

int tun_create_tap(bool vnet_hdr, uid_t owner, char name[IFNAMSIZ],
		   int *fd);

#endif

/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * tun.h - create a tap for vmnet-helper; what an inherited tun fd is
 * attached to.
 */
#ifndef VMNET_TUN_H
#define VMNET_TUN_H

#include <net/if.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#define TUN_NAME_TEMPLATE "vmtap%d"

int tun_create_tap(bool vnet_hdr, uid_t owner, char name[IFNAMSIZ],
		   int *fd);
int tun_fd_in_netns_of(int fd, int sock);
int tun_fd_query(int fd, char name[IFNAMSIZ], unsigned *flags,
		 uint8_t mac[6]);

#endif

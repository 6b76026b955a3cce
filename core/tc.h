/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * tc.h - tc messages for a tap (tc.c).
 */
#ifndef VMNET_TC_H
#define VMNET_TC_H

#include <stdint.h>

struct nl_msg;
struct nl_sock;

struct nl_msg *tc_msg(int type, int flags, int ifindex, uint32_t parent,
		      uint32_t handle, uint32_t info);
int tc_send(struct nl_sock *sk, struct nl_msg *m);
int tc_clsact(struct nl_sock *sk, int ifindex);

#endif

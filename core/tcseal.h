/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * tcseal.h - the second line on a VM's tap (tcseal.c): a tc egress filter
 * that lets only sealed frames reach the VM.
 */
#ifndef VMNET_TCSEAL_H
#define VMNET_TCSEAL_H

struct nl_sock;

int tcseal_add(struct nl_sock *sk, int ifindex);
int tcseal_del(struct nl_sock *sk, int ifindex);

#endif

/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * lock.h - the per-user vmnet lock (per network namespace): held by every
 * writer of a user's per-tap state (vmnet-ifup, vmnet-ifdown,
 * vmnet-helper, and vmnetctl and vmnetd when they restore or collect that
 * user's taps), so that no writer acts on state another is changing.
 */
#ifndef VMNET_LOCK_H
#define VMNET_LOCK_H

#include <stdbool.h>
#include <sys/types.h>

struct nft_conn;

struct lock {
	struct nft_conn *c;
	uid_t uid;
	bool held;
};

int lock_wait(struct lock *lk, struct nft_conn *c, uid_t uid,
	      unsigned hold_ms, unsigned cap_ms);
int lock_take(struct lock *lk, struct nft_conn *c, uid_t uid,
	      unsigned timeout_ms);
void lock_release(struct lock *lk);

#endif

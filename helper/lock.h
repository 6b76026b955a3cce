/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * lock.h - a per-network-namespace mutex for vmnet's privileged programs,
 * held while they count quotas or pick names.
 */
#ifndef VMNET_LOCK_H
#define VMNET_LOCK_H

struct lock;

int lock_take(struct lock **lk, unsigned timeout_ms);
void lock_release(struct lock *lk);

#endif

/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * lock.h - a per-user mutex (per network namespace) for vmnet's privileged
 * programs, held while they count the user's taps and attach one.
 */
#ifndef VMNET_LOCK_H
#define VMNET_LOCK_H

#include <sys/types.h>

struct lock;

int lock_take(struct lock **lk, uid_t uid, unsigned timeout_ms);
void lock_release(struct lock *lk);

#endif

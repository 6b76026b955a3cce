// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * lock.c - the vmnet lock: an nf_tables table "inet vmnet_lock_UID"
 * created with NFT_TABLE_F_OWNER on the run's nfnetlink connection.
 *
 * Why this and not a lock file: after the privilege drop the process is
 * the calling user plus CAP_NET_ADMIN, so any file it can open, the user
 * can open and flock() too and stall everyone; an abstract unix socket has
 * the same problem. Creating an nf_tables table needs CAP_NET_ADMIN in the
 * namespace, fails with EEXIST while another run holds it, is scoped to the
 * network namespace like the taps it protects, and an owner table is
 * destroyed by the kernel when the netlink socket that created it closes,
 * so a SIGKILLed holder never leaves the lock behind. Other processes
 * cannot delete an owned table, and "nft flush ruleset" passes it by.
 *
 * One lock per user ("vmnet_lock_UID"): what it protects, a user's taps
 * and their count against max-taps, concerns that user only. A user can
 * SIGSTOP their own run while it holds the lock (the process runs with
 * their uid); per-user locks make that stall only their own runs, and the
 * administrator's paths give up on that user after a short wait.
 */
#include "lock.h"

#include <errno.h>
#include <linux/netfilter.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "nft.h"

#define LOCK_PREFIX "vmnet_lock_"

static int txn_one(struct nft_conn *c, const char *name, bool create)
{
	struct nft_txn *t;
	int rc = nft_txn_new(&t);

	if (rc)
		return rc;
	if (create)
		nft_table_add_owned(t, NFPROTO_INET, name);
	else
		nft_table_del(t, NFPROTO_INET, name);
	rc = nft_commit(c, t, NULL, 0);
	nft_txn_free(t);
	return rc;
}

static long ms_since(const struct timespec *t0)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (now.tv_sec - t0->tv_sec) * 1000 +
	       (now.tv_nsec - t0->tv_nsec) / 1000000;
}

/**
 * lock_wait() - take user @uid's lock in this network namespace, waiting
 * while other runs hold it in turn
 * @lk:		the lock (lk->held tells whether it is held)
 * @c:		the run's nfnetlink connection, which then owns the lock
 * @uid:	whose
 * @hold_ms:	how long one other holder may keep it (each taking of the
 *		lock creates the table anew, with a new handle: a new
 *		handle is progress, and the wait for the next starts over)
 * @cap_ms:	how long to wait in all
 *
 * A user starting many VMs at once has as many runs in line for their
 * lock; none of them fails while the line moves.
 *
 * Return: 0, -ETIMEDOUT (one holder kept it @hold_ms), -EBUSY (@cap_ms
 * passed, the lock changing hands all along), or -errno (e.g. -EPERM
 * without CAP_NET_ADMIN)
 */
int lock_wait(struct lock *lk, struct nft_conn *c, uid_t uid,
	      unsigned hold_ms, unsigned cap_ms)
{
	unsigned seed = (unsigned)getpid(), wait_us = 500;
	struct timespec start, since, nap;
	uint64_t holder = 0, handle;
	char name[32];
	int rc;

	lk->c = c;
	lk->uid = uid;
	lk->held = false;
	snprintf(name, sizeof(name), LOCK_PREFIX "%u", (unsigned)uid);
	clock_gettime(CLOCK_MONOTONIC, &start);
	since = start;
	for (;;) {
		rc = txn_one(c, name, true);
		/* -EPERM: the table exists and another socket owns it. */
		if (rc != -EEXIST && rc != -EPERM && rc != -EBUSY)
			break;
		/* Wait with reads, which do not contend with the holder's
		 * transactions for the kernel's commit mutex, and with a
		 * random share of a growing pause, so that many waiters do
		 * not wake in step. */
		do {
			if (ms_since(&since) >= (long)hold_ms)
				return -ETIMEDOUT;
			if (ms_since(&start) >= (long)cap_ms)
				return -EBUSY;
			nap.tv_sec = 0;
			nap.tv_nsec = (long)(wait_us / 2 +
					     rand_r(&seed) % (wait_us / 2 + 1)) *
				      1000;
			nanosleep(&nap, NULL);
			if (wait_us < 16000)
				wait_us *= 2;
			rc = nft_table_handle(c, NFPROTO_INET, name, &handle);
			if (rc == 1 && handle != holder) {
				if (holder)	/* another run's turn: progress */
					clock_gettime(CLOCK_MONOTONIC, &since);
				holder = handle;
			}
		} while (rc == 1);
		if (rc < 0)
			return rc;
	}
	if (!rc)
		lk->held = true;
	return rc;
}

/**
 * lock_take() - take user @uid's lock, waiting at most @timeout_ms in all
 * (the administrator's paths wait 0: one try)
 * @lk:		the lock (lk->held tells whether it is held)
 * @c:		the connection, which then owns the lock
 * @uid:	whose
 * @timeout_ms:	how long to wait
 *
 * Return: 0, -ETIMEDOUT, or -errno
 */
int lock_take(struct lock *lk, struct nft_conn *c, uid_t uid,
	      unsigned timeout_ms)
{
	int rc = lock_wait(lk, c, uid, timeout_ms, timeout_ms);

	return rc == -EBUSY ? -ETIMEDOUT : rc;
}

/**
 * lock_release() - release a held lock (closing the connection would too)
 * @lk:	the lock, held or not
 */
void lock_release(struct lock *lk)
{
	char name[32];

	if (!lk->held)
		return;
	snprintf(name, sizeof(name), LOCK_PREFIX "%u", (unsigned)lk->uid);
	txn_one(lk->c, name, false);
	lk->held = false;
}

// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * userlocks.c - the administrator's use of the users' vmnet locks (see
 * taps.c): a user's lock is tried once per run, a user whose lock is held
 * is remembered as contended and comes last, after one bounded wait; and
 * "down --force" takes the locks of every user of a network, all or none.
 */
#include <errno.h>
#include <linux/netfilter.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "engine.h"
#include "lock.h"
#include "nft.h"

static bool contended(const struct ctl *c, uid_t uid)
{
	size_t i;

	for (i = 0; i < c->ncontended; i++)
		if (c->contended[i] == uid)
			return true;
	return false;
}

/* Take @uid's vmnet lock if it is free now; false (counted as skipped)
 * when a run of that user holds it, or held it earlier in this run. */
bool taps_lock(struct ctl *c, struct lock *lk, uid_t uid, const char *what,
	       struct taps_stats *st)
{
	int rc;

	if (contended(c, uid)) {
		st->skipped++;
		return false;
	}
	rc = lock_take(lk, c->nft, uid, 0);
	if (rc == -ETIMEDOUT) {
		if (c->ncontended < CTL_MAX_CONTENDED)
			c->contended[c->ncontended++] = uid;
		ctl_warn("%s: a vmnet run of uid %u holds its lock: its taps "
			 "come last", what, (unsigned)uid);
		st->skipped++;
		return false;
	}
	if (rc)
		ctl_die("cannot take the vmnet lock of uid %u: %s",
			(unsigned)uid, strerror(-rc));
	return true;
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

/**
 * ctl_settle_contended() - wait (at most @budget_ms in all) until the
 * locks of the users this run found contended are free, and forget them,
 * so that a second round tries them again
 *
 * Return: true if there were contended users and every one is free now
 * (a second round is worth it), false otherwise (they stay skipped)
 */
bool ctl_settle_contended(struct ctl *c, unsigned budget_ms)
{
	long long end = now_ms() + budget_ms;
	char name[32];
	size_t i = 0;

	if (!c->ncontended)
		return false;
	while (i < c->ncontended) {
		snprintf(name, sizeof(name), "vmnet_lock_%u",
			 (unsigned)c->contended[i]);
		if (nft_exists_table(c->nft, NFPROTO_INET, name) == 0) {
			i++;
			continue;
		}
		if (now_ms() >= end)
			return false;
		nanosleep(&(struct timespec){ .tv_nsec = 20 * 1000000 }, NULL);
	}
	c->ncontended = 0;
	return true;
}

/* The users whose taps are attached to network @n (bridge @br_ifindex). */
static size_t users_of(struct ctl *c, const struct conf_network *n,
		       int br_ifindex, uid_t *uids, size_t max)
{
	size_t i, k, nu = 0;

	for (i = 0; i < c->nlinks && br_ifindex > 0; i++) {
		const struct link_info *t = &c->links[i];
		struct rec rec;

		if (t->master != br_ifindex || !ctl_tap_of(t, n->name, &rec))
			continue;
		for (k = 0; k < nu && uids[k] != rec.uid; k++)
			;
		if (k == nu && nu < max)
			uids[nu++] = rec.uid;
	}
	return nu;
}

/**
 * taps_lock_users() - take the lock of every user with a tap attached to
 * network @n, all or none: a user whose lock stays held past a bounded
 * wait makes it give back those it took
 * @locks:	room for TAPS_MAX_USERS locks; held on success
 * @nlocks:	how many
 * @busy:	on failure, the user whose lock was held
 *
 * Return: true when every lock is held
 */
bool taps_lock_users(struct ctl *c, const struct conf_network *n,
		     int br_ifindex, struct lock *locks, size_t *nlocks,
		     uid_t *busy)
{
	uid_t uids[TAPS_MAX_USERS];
	size_t nu, i;
	int round;

	ctl_read_links(c);
	nu = users_of(c, n, br_ifindex, uids, TAPS_MAX_USERS);
	for (round = 0; round < 2; round++) {
		for (i = 0, *nlocks = 0; i < nu; i++) {
			int rc = lock_take(&locks[i], c->nft, uids[i], 0);

			if (rc == -ETIMEDOUT && !contended(c, uids[i]) &&
			    c->ncontended < CTL_MAX_CONTENDED)
				c->contended[c->ncontended++] = uids[i];
			if (rc == -ETIMEDOUT)
				break;
			if (rc)
				ctl_die("cannot take the vmnet lock of uid %u: "
					"%s", (unsigned)uids[i], strerror(-rc));
			*nlocks = i + 1;
		}
		if (i == nu)
			return true;
		*busy = uids[i];
		taps_unlock_all(locks, nlocks);
		if (!ctl_settle_contended(c, DOWN_SETTLE_MS))
			break;
	}
	return false;
}

/* Release what taps_lock_users() took. */
void taps_unlock_all(struct lock *locks, size_t *nlocks)
{
	while (*nlocks)
		lock_release(&locks[--*nlocks]);
}

// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * undo.c - restore what a run changed (see undo.h).
 *
 * Order matters: the tap leaves the bridge first, its elements go after,
 * so that no moment has a port on the bridge without its elements (a port
 * in the network's group without elements is dropped anyway: fail
 * closed).
 */
#include "undo.h"

#include <stdio.h>
#include <string.h>

#include "fw/vm.h"
#include "slots.h"
#include "tcrate.h"
#include "tcseal.h"

/**
 * undo_init() - an empty undo log
 * @u:	log
 */
void undo_init(struct undo *u)
{
	memset(u, 0, sizeof(*u));
}

/* Before changing the tap: how to change it back. */
void undo_link(struct undo *u, int ifindex, const struct link_delta *d)
{
	u->link = true;
	u->ifindex = ifindex;
	u->delta = *d;
}

/* Before adding the port's elements: remove them on failure. */
void undo_fw(struct undo *u, const struct fw_net *n, int ifindex)
{
	u->fw = true;
	u->net = *n;
	u->ifindex = ifindex;
}

/* Before adding the tap's seal filter: take it off on failure. */
void undo_seal(struct undo *u, int ifindex)
{
	u->seal = true;
	u->ifindex = ifindex;
}

/* Before adding the tap's rate limit: take it off on failure. */
void undo_rate(struct undo *u, int ifindex)
{
	u->rate = true;
	u->ifindex = ifindex;
}

/* Before registering the tap in @uid's slots: take it out on failure. */
void undo_slot(struct undo *u, uid_t uid, int ifindex)
{
	u->slot = true;
	u->uid = uid;
	u->ifindex = ifindex;
}

/* The change is committed: nothing to undo any more. */
void undo_forget(struct undo *u)
{
	u->link = false;
	u->fw = false;
	u->seal = false;
	u->rate = false;
	u->slot = false;
}

/**
 * undo_run() - restore what was recorded, and forget it
 * @why:	on failure, what could not be restored
 *
 * Return: 0 or a negative error (libnl's or -errno) of the first failure
 */
int undo_run(struct undo *u, struct nl_sock *sk, struct nft_conn *c,
	     char *why, size_t why_size)
{
	char what[96];
	int rc = 0, r;

	if (why_size)
		why[0] = '\0';
	if (u->link && sk) {
		r = link_apply(sk, u->ifindex, &u->delta);
		if (r < 0) {
			snprintf(why, why_size, "cannot restore the tap: %s",
				 strerror(-r));
			rc = r;
		}
	}
	if (u->seal && sk) {
		r = tcseal_del(sk, u->ifindex);
		if (r < 0 && !rc) {
			snprintf(why, why_size, "cannot remove the tap's seal "
				 "filter: %s", strerror(-r));
			rc = r;
		}
	}
	if (u->rate && sk) {
		r = tcrate_del(sk, u->ifindex);
		if (r < 0 && !rc) {
			snprintf(why, why_size, "cannot remove the tap's rate "
				 "limit: %s", strerror(-r));
			rc = r;
		}
	}
	if (u->fw && c) {
		r = fw_vm_del(c, &u->net, u->ifindex, what, sizeof(what));
		if (r && !rc) {
			snprintf(why, why_size, "cannot remove its firewall "
				 "elements%s%s: %s", what[0] ? " at " : "",
				 what, strerror(-r));
			rc = r;
		}
	}
	/* (last: the tap has no record any more) */
	if (u->slot && c) {
		r = slots_del(c, u->uid, u->ifindex);
		if (r && !rc) {
			snprintf(why, why_size, "cannot remove its slot: %s",
				 strerror(-r));
			rc = r;
		}
	}
	undo_forget(u);
	return rc;
}

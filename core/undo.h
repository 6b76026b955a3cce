/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * undo.h - what a run has changed so far and how to put it back: the
 * tap's link settings and the port's firewall elements. A privileged run
 * records each change before making it, forgets them once the attach is
 * committed (from then on they are vmnet-ifdown's), and on any failure
 * undo_run() restores the tap. vmnetctl restores taps through the same
 * function.
 */
#ifndef VMNET_UNDO_H
#define VMNET_UNDO_H

#include <stdbool.h>
#include <stddef.h>

#include "fw/objects.h"
#include "link.h"

struct nl_sock;
struct nft_conn;

struct undo {
	bool link;		/* restore the tap with @delta */
	int ifindex;
	struct link_delta delta;
	bool fw;		/* remove the port's elements in @net */
	struct fw_net net;
	bool seal;		/* take the tap's seal filter off */
	bool rate;		/* take the tap's rate limit off */
	bool slot;		/* remove the tap's slot of @uid */
	uid_t uid;
};

void undo_init(struct undo *u);
void undo_link(struct undo *u, int ifindex, const struct link_delta *d);
void undo_fw(struct undo *u, const struct fw_net *n, int ifindex);
void undo_seal(struct undo *u, int ifindex);
void undo_rate(struct undo *u, int ifindex);
void undo_slot(struct undo *u, uid_t uid, int ifindex);
void undo_forget(struct undo *u);
int undo_run(struct undo *u, struct nl_sock *sk, struct nft_conn *c,
	     char *why, size_t why_size);

#endif

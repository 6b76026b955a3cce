/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * slots.h - the registry of the users' attached taps, which max-taps
 * counts (see slots.c).
 */
#ifndef VMNET_SLOTS_H
#define VMNET_SLOTS_H

#include <stdbool.h>
#include <sys/types.h>

struct nft_conn;
struct nl_sock;

#define SLOTS_TABLE "vmnet_slots"

int slots_add(struct nft_conn *c, uid_t uid, int ifindex);
int slots_del(struct nft_conn *c, uid_t uid, int ifindex);
int slots_count(struct nft_conn *c, struct nl_sock *sk, uid_t uid,
		unsigned limit, unsigned *count);
struct link_info;
/* The links as a caller read them (slots_prune()). */
struct slots_snap {
	const struct link_info *(*at)(const void *ctx, int ifindex);
	const void *ctx;
	int max_ifindex;	/* the newest link in it */
};

int slots_prune(struct nft_conn *c, struct nl_sock *sk, uid_t uid,
		const struct slots_snap *snap, unsigned *pruned);
int slots_drop(struct nft_conn *c);
int slots_users(struct nft_conn *c, uid_t *uids, size_t max, size_t *n);

#endif

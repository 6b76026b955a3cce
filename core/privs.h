/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * privs.h - the caller's identity and the capability sequence of DESIGN.md
 * section 5: keep only CAP_NET_ADMIN as the caller, then drop everything.
 */
#ifndef VMNET_PRIVS_H
#define VMNET_PRIVS_H

#include <limits.h>
#include <stddef.h>
#include <sys/types.h>

/* (The groups live on the heap, as many as the caller has: a run
 * should not touch 256 KiB of stack, page by page, for NGROUPS_MAX.) */
struct privs_ident {
	uid_t uid;
	gid_t gid;
	gid_t *gids;		/* gids[0] is the real gid */
	size_t ngids;
};

int privs_caller(struct privs_ident *id, char *why, size_t whylen);
int privs_keep_net_admin(const struct privs_ident *id, char *why,
			 size_t whylen);
int privs_drop_all(char *why, size_t whylen);

#endif

// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vmnamed.c - the registered ports of a network by the name they were
 * attached under: how vmnet-ifdown finds the elements of a tap that no
 * longer exists (its ifindex is gone with it; the registration's comment
 * keeps the name and the uid).
 */
#include "fw/vm.h"
#include "verdict.h"

#include <errno.h>
#include <linux/netfilter.h>
#include <string.h>

#define BR NFPROTO_BRIDGE

struct named_ctx {
	const char *name;
	fw_named_cb cb;
	void *ctx;
};

static int named_cb(const struct nft_elem_view *e, void *arg)
{
	struct named_ctx *nc = arg;
	char name[16];
	uint32_t iif;
	uid_t uid;

	if (e->klen != 4 ||
	    !port_comment_parse(e->comment, &uid, name, sizeof(name)) ||
	    strcmp(name, nc->name))
		return 0;
	memcpy(&iif, e->key, 4);
	return nc->cb((int)iif, uid, nc->ctx);
}

/**
 * fw_vm_named() - call @cb for every registered port of network @n that
 * was attached under the name @name, with the uid that attached it: how
 * vmnet-ifdown finds the elements of a tap that no longer exists
 *
 * Return: 0 (also when the network is down), what @cb returned, -errno
 */
int fw_vm_named(struct nft_conn *c, const struct fw_net *n, const char *name,
		fw_named_cb cb, void *ctx)
{
	struct named_ctx nc = { name, cb, ctx };
	char set[FW_NAME_MAX];
	int rc;

	fw_set_name(n, FS_PORTS, set);
	rc = nft_dump_elems(c, BR, set, named_cb, &nc);
	return rc == -ENOENT ? 0 : rc;
}

// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * nftdump.c - dumps of vmnet's nf_tables objects: every chain, set and
 * rule of vmnet's table of a family (for verify). Used by vmnetctl and
 * vmnetd, never by the setuid programs; element dumps are in nftread.c.
 */
#include "nftadm.h"
#include "nftint.h"

#include <errno.h>
#include <libmnl/libmnl.h>
#include <libnftnl/chain.h>
#include <libnftnl/rule.h>
#include <libnftnl/set.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>
#include <stdlib.h>
#include <string.h>

struct obj_ctx {
	int kind;	/* 0 chain, 1 set, 2 rule, 3 foreign base chain */
	void *cb;
	void *ctx;
	int rc;
};

/* Parse one dumped object; only those of vmnet's table reach the caller. */
static int obj_cb(const struct nlmsghdr *nlh, void *arg)
{
	struct obj_ctx *o = arg;
	const char *table = NULL;
	void *obj = NULL;
	int rc = 0;

	if (o->rc)
		return MNL_CB_OK;
	switch (o->kind) {
	case 0:
		obj = nftnl_chain_alloc();
		if (obj && nftnl_chain_nlmsg_parse(nlh, obj) == 0)
			table = nftnl_chain_get_str(obj, NFTNL_CHAIN_TABLE);
		if (table && !strcmp(table, NFT_TABLE))
			rc = ((nft_chain_cb)o->cb)(obj, o->ctx);
		nftnl_chain_free(obj);
		break;
	case 3:	/* base chains of other tools' tables */
		obj = nftnl_chain_alloc();
		if (obj && nftnl_chain_nlmsg_parse(nlh, obj) == 0)
			table = nftnl_chain_get_str(obj, NFTNL_CHAIN_TABLE);
		if (table && strncmp(table, NFT_TABLE, strlen(NFT_TABLE)) &&
		    nftnl_chain_is_set(obj, NFTNL_CHAIN_HOOKNUM))
			rc = ((nft_chain_cb)o->cb)(obj, o->ctx);
		nftnl_chain_free(obj);
		break;
	case 1:
		obj = nftnl_set_alloc();
		if (obj && nftnl_set_nlmsg_parse(nlh, obj) == 0)
			table = nftnl_set_get_str(obj, NFTNL_SET_TABLE);
		if (table && !strcmp(table, NFT_TABLE))
			rc = ((nft_set_cb)o->cb)(obj, o->ctx);
		nftnl_set_free(obj);
		break;
	default:
		obj = nftnl_rule_alloc();
		if (obj && nftnl_rule_nlmsg_parse(nlh, obj) == 0)
			table = nftnl_rule_get_str(obj, NFTNL_RULE_TABLE);
		if (table && !strcmp(table, NFT_TABLE))
			rc = ((nft_rule_cb)o->cb)(obj, o->ctx);
		nftnl_rule_free(obj);
		break;
	}
	if (!obj)
		rc = -ENOMEM;
	o->rc = rc;
	return MNL_CB_OK;
}

static int dump_objs(struct nft_conn *c, uint16_t type, int kind, int family,
		     void *cb, void *ctx)
{
	struct obj_ctx o = { kind, cb, ctx, 0 };
	int rc = nft_dump(c, type, family, NULL, NULL, obj_cb, &o);

	return rc ? rc : o.rc;
}

/* Every chain of vmnet's table of @family. */
int nft_dump_chains(struct nft_conn *c, int family, nft_chain_cb cb, void *ctx)
{
	return dump_objs(c, NFT_MSG_GETCHAIN, 0, family, (void *)cb, ctx);
}

/* Every set of vmnet's table of @family. */
int nft_dump_sets(struct nft_conn *c, int family, nft_set_cb cb, void *ctx)
{
	return dump_objs(c, NFT_MSG_GETSET, 1, family, (void *)cb, ctx);
}

/* Every rule of vmnet's table of @family, in chain order. */
int nft_dump_rules(struct nft_conn *c, int family, nft_rule_cb cb, void *ctx)
{
	return dump_objs(c, NFT_MSG_GETRULE, 2, family, (void *)cb, ctx);
}

/* Every base chain of every family's tables that are not vmnet's (for
 * "vmnetctl check"'s diagnosis of other firewalls). */
int nft_dump_foreign_base_chains(struct nft_conn *c, nft_chain_cb cb,
				 void *ctx)
{
	return dump_objs(c, NFT_MSG_GETCHAIN, 3, NFPROTO_UNSPEC, (void *)cb,
			 ctx);
}

struct foreign_ctx {
	const char *table, *chain;
	nft_rule_cb cb;
	void *ctx;
	int rc;
};

static int foreign_rule_cb(const struct nlmsghdr *nlh, void *arg)
{
	struct foreign_ctx *x = arg;
	struct nftnl_rule *r;
	const char *t, *ch;

	if (x->rc)
		return MNL_CB_OK;
	r = nftnl_rule_alloc();
	if (!r) {
		x->rc = -ENOMEM;
		return MNL_CB_OK;
	}
	if (nftnl_rule_nlmsg_parse(nlh, r) == 0) {
		t = nftnl_rule_get_str(r, NFTNL_RULE_TABLE);
		ch = nftnl_rule_get_str(r, NFTNL_RULE_CHAIN);
		if (t && ch && !strcmp(t, x->table) && !strcmp(ch, x->chain))
			x->rc = x->cb(r, x->ctx);
	}
	nftnl_rule_free(r);
	return MNL_CB_OK;
}

static void build_rule(struct nlmsghdr *nlh, void *r)
{
	nftnl_rule_nlmsg_build_payload(nlh, r);
}

/**
 * nft_dump_foreign_rules() - call @cb for every rule of chain @chain of
 * another tool's table @table of @family (read only: for diagnoses)
 *
 * Return: 0, -ENOENT when the table or chain does not exist, -errno, or
 * what @cb returned when non-zero
 */
int nft_dump_foreign_rules(struct nft_conn *c, int family, const char *table,
			   const char *chain, nft_rule_cb cb, void *ctx)
{
	struct foreign_ctx x = { table, chain, cb, ctx, 0 };
	struct nftnl_rule *r = nftnl_rule_alloc();
	int rc;

	if (!r)
		return -ENOMEM;
	nftnl_rule_set_str(r, NFTNL_RULE_TABLE, table);
	nftnl_rule_set_str(r, NFTNL_RULE_CHAIN, chain);
	rc = nft_dump(c, NFT_MSG_GETRULE, family, r, build_rule,
		      foreign_rule_cb, &x);
	nftnl_rule_free(r);
	return rc ? rc : x.rc;
}

/**
 * nft_set_reader() - answer @c's element reads (nft_get_elems(),
 * nft_dump_elems()) from @r until it is replaced; NULL: from the kernel
 * again (see nftint.h)
 * @c:	connection
 * @r:	the reader, or NULL
 */
void nft_set_reader(struct nft_conn *c, const struct nft_reader *r)
{
	c->reader = r;
}

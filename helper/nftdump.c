// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * nftdump.c - dumps of vmnet's nf_tables state: every element of a set,
 * every chain, set and rule of vmnet's table of a family. One dump per
 * set or object kind, whatever the number of VMs; used by vmnetctl
 * (status, verify, gc) and vmnetd, never by the setuid programs.
 */
#include "nft.h"
#include "nftint.h"

#include <errno.h>
#include <libmnl/libmnl.h>
#include <libnftnl/chain.h>
#include <libnftnl/rule.h>
#include <libnftnl/set.h>
#include <linux/netfilter/nf_tables.h>
#include <stdlib.h>
#include <string.h>

static int dump(struct nft_conn *c, uint16_t type, int family,
		void *payload_obj, void (*build)(struct nlmsghdr *, void *),
		mnl_cb_t cb, void *ctx)
{
	char buf[RBUF];
	uint32_t seq = c->seq++;
	struct nlmsghdr *nlh;
	ssize_t n;
	int rc = 0;

	nlh = nftnl_nlmsg_build_hdr(buf, type, (uint16_t)family, NLM_F_DUMP,
				    seq);
	if (build)
		build(nlh, payload_obj);
	nft_drain(c);
	if (mnl_socket_sendto(c->nl, nlh, nlh->nlmsg_len) < 0)
		return -errno;
	while ((n = mnl_socket_recvfrom(c->nl, buf, sizeof(buf))) > 0) {
		rc = mnl_cb_run(buf, (size_t)n, seq, c->portid, cb, ctx);
		if (rc <= MNL_CB_STOP)
			break;
	}
	if (n < 0 || rc < 0)
		return errno ? -errno : -EIO;
	return 0;
}

static void build_elems(struct nlmsghdr *nlh, void *s)
{
	nftnl_set_elems_nlmsg_build_payload(nlh, s);
}

static int elems_cb(const struct nlmsghdr *nlh, void *s)
{
	return nftnl_set_elems_nlmsg_parse(nlh, s) < 0 ? MNL_CB_ERROR
							: MNL_CB_OK;
}

/**
 * nft_dump_elems() - call @cb for every element of a set of vmnet's table
 *
 * Return: 0, -ENOENT when the set (or table) does not exist, -errno, or
 * what @cb returned when non-zero.
 */
int nft_dump_elems(struct nft_conn *c, int family, const char *set,
		   nft_elem_cb cb, void *ctx)
{
	struct nftnl_set *s = nft_set_obj(family, NFT_TABLE, set);
	struct nftnl_set_elems_iter *it;
	struct nftnl_set_elem *e;
	int rc;

	if (!s)
		return -ENOMEM;
	rc = dump(c, NFT_MSG_GETSETELEM, family, s, build_elems, elems_cb, s);
	if (rc) {
		nftnl_set_free(s);
		return rc;
	}
	it = nftnl_set_elems_iter_create(s);
	if (!it) {
		nftnl_set_free(s);
		return -ENOMEM;
	}
	/* _iter_next() returns the current element, then advances. */
	while (!rc && (e = nftnl_set_elems_iter_next(it))) {
		uint32_t klen = 0, dlen = 0, flags = 0;
		const void *k = nftnl_set_elem_get(e, NFTNL_SET_ELEM_KEY, &klen);
		const void *d = NULL;
		char comment[64];

		if (nftnl_set_elem_is_set(e, NFTNL_SET_ELEM_DATA))
			d = nftnl_set_elem_get(e, NFTNL_SET_ELEM_DATA, &dlen);
		if (nftnl_set_elem_is_set(e, NFTNL_SET_ELEM_FLAGS))
			flags = nftnl_set_elem_get_u32(e, NFTNL_SET_ELEM_FLAGS);
		nft_elem_comment(e, comment, sizeof(comment));
		if (k)
			rc = cb(k, klen, d, dlen, flags, comment, ctx);
	}
	nftnl_set_elems_iter_destroy(it);
	nftnl_set_free(s);
	return rc;
}

struct obj_ctx {
	int kind;	/* 0 chain, 1 set, 2 rule */
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
	int rc = dump(c, type, family, NULL, NULL, obj_cb, &o);

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

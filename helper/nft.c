// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * nft.c - nf_tables transactions and dumps over libnftnl and libmnl.
 *
 * Why not libnftables: its context alone costs about 3 ms and a one-element
 * transaction 5-6 ms (DESIGN.md section 6), more than the whole attach.
 * Building the messages here costs microseconds.
 *
 * A transaction is a growing buffer of netlink messages between a batch
 * begin and end. nfnetlink processes a batch synchronously inside
 * sendmsg(), so when sendto() returns, every error is already queued on
 * the socket: we read them without blocking and report the first, with a
 * description of the message it belongs to.
 */
#include "nft.h"

#include <errno.h>
#include <libmnl/libmnl.h>
#include <libnftnl/chain.h>
#include <libnftnl/common.h>
#include <libnftnl/expr.h>
#include <libnftnl/rule.h>
#include <libnftnl/set.h>
#include <libnftnl/table.h>
#include <libnftnl/udata.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>
#include <linux/netfilter/nfnetlink.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#define MSG_ROOM 8192		/* the largest single message we build */

struct nft_txn {
	char *buf;
	size_t len, cap;
	uint32_t seq0, seq;
	char (*desc)[96];	/* what each message does, by seq - seq0 */
	size_t ndesc, cap_desc;
	bool oom;
};

int nft_txn_new(struct nft_txn **out)
{
	struct nft_txn *t = calloc(1, sizeof(*t));

	if (!t)
		return -ENOMEM;
	t->cap = 4 * MSG_ROOM;
	t->buf = malloc(t->cap);
	if (!t->buf) {
		free(t);
		return -ENOMEM;
	}
	t->seq0 = t->seq = (uint32_t)time(NULL);
	nftnl_batch_begin(t->buf, t->seq++);
	t->len = NLMSG_ALIGN(((struct nlmsghdr *)t->buf)->nlmsg_len);
	*out = t;
	return 0;
}

void nft_txn_free(struct nft_txn *t)
{
	if (!t)
		return;
	free(t->buf);
	free(t->desc);
	free(t);
}

/* Room for one more message; NULL (and t->oom) when out of memory. */
static char *room(struct nft_txn *t)
{
	if (t->oom)
		return NULL;
	if (t->cap - t->len < MSG_ROOM) {
		char *nb = realloc(t->buf, t->cap * 2);

		if (!nb) {
			t->oom = true;
			return NULL;
		}
		t->buf = nb;
		t->cap *= 2;
	}
	return t->buf + t->len;
}

/* Account for the message just built at the end of the buffer. */
static void push(struct nft_txn *t, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void push(struct nft_txn *t, const char *fmt, ...)
{
	struct nlmsghdr *nlh = (struct nlmsghdr *)(t->buf + t->len);
	size_t i = nlh->nlmsg_seq - t->seq0 - 1;
	va_list ap;

	t->len += NLMSG_ALIGN(nlh->nlmsg_len);
	if (i >= t->cap_desc) {
		size_t n = t->cap_desc ? t->cap_desc * 2 : 64;
		void *nd = realloc(t->desc, n * sizeof(*t->desc));

		if (!nd) {
			t->oom = true;
			return;
		}
		t->desc = nd;
		t->cap_desc = n;
	}
	va_start(ap, fmt);
	vsnprintf(t->desc[i], sizeof(t->desc[i]), fmt, ap);
	va_end(ap);
	t->ndesc = i + 1;
}

static const char *fam_name(int family)
{
	switch (family) {
	case NFPROTO_INET: return "inet";
	case NFPROTO_BRIDGE: return "bridge";
	case NFPROTO_NETDEV: return "netdev";
	case NFPROTO_IPV4: return "ip";
	default: return "?";
	}
}

static struct nlmsghdr *hdr(struct nft_txn *t, uint16_t type, int family,
			    uint16_t flags)
{
	char *p = room(t);

	if (!p)
		return NULL;
	return nftnl_nlmsg_build_hdr(p, type, (uint16_t)family, flags,
				     t->seq++);
}

void nft_table_add(struct nft_txn *t, int family, const char *table)
{
	struct nftnl_table *o = nftnl_table_alloc();
	struct nlmsghdr *nlh;

	if (!o || !(nlh = hdr(t, NFT_MSG_NEWTABLE, family, NLM_F_CREATE))) {
		t->oom = true;
		nftnl_table_free(o);
		return;
	}
	nftnl_table_set_str(o, NFTNL_TABLE_NAME, table);
	nftnl_table_nlmsg_build_payload(nlh, o);
	nftnl_table_free(o);
	push(t, "add table %s %s", fam_name(family), table);
}

void nft_table_del(struct nft_txn *t, int family, const char *table)
{
	struct nftnl_table *o = nftnl_table_alloc();
	struct nlmsghdr *nlh;

	if (!o || !(nlh = hdr(t, NFT_MSG_DELTABLE, family, 0))) {
		t->oom = true;
		nftnl_table_free(o);
		return;
	}
	nftnl_table_set_str(o, NFTNL_TABLE_NAME, table);
	nftnl_table_nlmsg_build_payload(nlh, o);
	nftnl_table_free(o);
	push(t, "delete table %s %s", fam_name(family), table);
}

static void chain_msg(struct nft_txn *t, uint16_t type, uint16_t flags,
		      int family, const char *table, const char *chain,
		      const char *ctype, int hook, int prio, const char *dev,
		      const char *verb)
{
	struct nftnl_chain *o = nftnl_chain_alloc();
	struct nlmsghdr *nlh;

	if (!o || !(nlh = hdr(t, type, family, flags))) {
		t->oom = true;
		nftnl_chain_free(o);
		return;
	}
	nftnl_chain_set_str(o, NFTNL_CHAIN_TABLE, table);
	nftnl_chain_set_str(o, NFTNL_CHAIN_NAME, chain);
	if (ctype) {
		nftnl_chain_set_str(o, NFTNL_CHAIN_TYPE, ctype);
		nftnl_chain_set_u32(o, NFTNL_CHAIN_HOOKNUM, (uint32_t)hook);
		nftnl_chain_set_s32(o, NFTNL_CHAIN_PRIO, prio);
		nftnl_chain_set_u32(o, NFTNL_CHAIN_POLICY, NF_ACCEPT);
		if (dev)
			nftnl_chain_set_str(o, NFTNL_CHAIN_DEV, dev);
	}
	nftnl_chain_nlmsg_build_payload(nlh, o);
	nftnl_chain_free(o);
	push(t, "%s chain %s %s %s", verb, fam_name(family), table, chain);
}

/**
 * nft_chain_add() - create a chain if it does not exist
 * @ctype:	"filter" or "nat" for a base chain (with @hook, @prio), or NULL
 */
void nft_chain_add(struct nft_txn *t, int family, const char *table,
		   const char *chain, const char *ctype, int hook, int prio)
{
	chain_msg(t, NFT_MSG_NEWCHAIN, NLM_F_CREATE, family, table, chain,
		  ctype, hook, prio, NULL, "add");
}

/* A netdev-family base chain on the ingress of device @dev. */
void nft_chain_add_dev(struct nft_txn *t, int family, const char *table,
		       const char *chain, int hook, int prio, const char *dev)
{
	chain_msg(t, NFT_MSG_NEWCHAIN, NLM_F_CREATE, family, table, chain,
		  "filter", hook, prio, dev, "add");
}

void nft_chain_del(struct nft_txn *t, int family, const char *table,
		   const char *chain)
{
	chain_msg(t, NFT_MSG_DELCHAIN, 0, family, table, chain, NULL, 0, 0,
		  NULL, "delete");
}

/* Delete every rule of a chain. */
void nft_chain_flush(struct nft_txn *t, int family, const char *table,
		     const char *chain)
{
	struct nftnl_rule *o = nftnl_rule_alloc();
	struct nlmsghdr *nlh;

	if (!o || !(nlh = hdr(t, NFT_MSG_DELRULE, family, 0))) {
		t->oom = true;
		nftnl_rule_free(o);
		return;
	}
	nftnl_rule_set_str(o, NFTNL_RULE_TABLE, table);
	nftnl_rule_set_str(o, NFTNL_RULE_CHAIN, chain);
	nftnl_rule_nlmsg_build_payload(nlh, o);
	nftnl_rule_free(o);
	push(t, "flush chain %s %s %s", fam_name(family), table, chain);
}

static struct nftnl_set *set_obj(int family, const char *table,
				 const char *name)
{
	struct nftnl_set *s = nftnl_set_alloc();

	if (!s)
		return NULL;
	nftnl_set_set_u32(s, NFTNL_SET_FAMILY, (uint32_t)family);
	nftnl_set_set_str(s, NFTNL_SET_TABLE, table);
	nftnl_set_set_str(s, NFTNL_SET_NAME, name);
	return s;
}

/* Create a set (or map) if it does not exist. */
void nft_set_add(struct nft_txn *t, int family, const char *table,
		 const struct nft_set_spec *sp)
{
	struct nftnl_set *s = set_obj(family, table, sp->name);
	struct nlmsghdr *nlh;

	if (!s || !(nlh = hdr(t, NFT_MSG_NEWSET, family, NLM_F_CREATE))) {
		t->oom = true;
		nftnl_set_free(s);
		return;
	}
	nftnl_set_set_u32(s, NFTNL_SET_ID, t->seq);
	nftnl_set_set_u32(s, NFTNL_SET_FLAGS, sp->flags);
	nftnl_set_set_u32(s, NFTNL_SET_KEY_TYPE, sp->key_type);
	nftnl_set_set_u32(s, NFTNL_SET_KEY_LEN, sp->key_len);
	if (sp->flags & NFT_SET_MAP) {
		nftnl_set_set_u32(s, NFTNL_SET_DATA_TYPE, sp->data_type);
		nftnl_set_set_u32(s, NFTNL_SET_DATA_LEN, sp->data_len);
	}
	if (sp->size)
		nftnl_set_set_u32(s, NFTNL_SET_DESC_SIZE, sp->size);
	if (sp->key_host_order) {
		/* nft's own annotation: key byte order 1, "host endian" */
		struct nftnl_udata_buf *u = nftnl_udata_buf_alloc(64);

		if (!u || !nftnl_udata_put_u32(u, NFTNL_UDATA_SET_KEYBYTEORDER,
					       1)) {
			t->oom = true;
		} else {
			nftnl_set_set_data(s, NFTNL_SET_USERDATA,
					   nftnl_udata_buf_data(u),
					   nftnl_udata_buf_len(u));
		}
		nftnl_udata_buf_free(u);
	}
	nftnl_set_nlmsg_build_payload(nlh, s);
	nftnl_set_free(s);
	push(t, "add set %s %s %s", fam_name(family), table, sp->name);
}

void nft_set_del(struct nft_txn *t, int family, const char *table,
		 const char *set)
{
	struct nftnl_set *s = set_obj(family, table, set);
	struct nlmsghdr *nlh;

	if (!s || !(nlh = hdr(t, NFT_MSG_DELSET, family, 0))) {
		t->oom = true;
		nftnl_set_free(s);
		return;
	}
	nftnl_set_nlmsg_build_payload(nlh, s);
	nftnl_set_free(s);
	push(t, "delete set %s %s %s", fam_name(family), table, set);
}

/* Delete every element of a set. */
void nft_set_flush(struct nft_txn *t, int family, const char *table,
		   const char *set)
{
	struct nftnl_set *s = set_obj(family, table, set);
	struct nlmsghdr *nlh;

	if (!s || !(nlh = hdr(t, NFT_MSG_DELSETELEM, family, 0))) {
		t->oom = true;
		nftnl_set_free(s);
		return;
	}
	nftnl_set_elems_nlmsg_build_payload(nlh, s);
	nftnl_set_free(s);
	push(t, "flush set %s %s %s", fam_name(family), table, set);
}

static void elem_msg(struct nft_txn *t, uint16_t nlflags, bool add,
		     int family, const char *table, const char *set,
		     const void *key, size_t klen, const void *data,
		     size_t dlen, uint32_t flags)
{
	struct nftnl_set *s = set_obj(family, table, set);
	struct nftnl_set_elem *e = nftnl_set_elem_alloc();
	struct nlmsghdr *nlh = NULL;

	if (s && e)
		nlh = hdr(t, add ? NFT_MSG_NEWSETELEM : NFT_MSG_DELSETELEM,
			  family, nlflags);
	if (!nlh) {
		t->oom = true;
		nftnl_set_free(s);
		nftnl_set_elem_free(e);
		return;
	}
	nftnl_set_elem_set(e, NFTNL_SET_ELEM_KEY, key, (uint32_t)klen);
	if (data)
		nftnl_set_elem_set(e, NFTNL_SET_ELEM_DATA, data,
				   (uint32_t)dlen);
	if (flags)
		nftnl_set_elem_set_u32(e, NFTNL_SET_ELEM_FLAGS, flags);
	nftnl_set_elem_add(s, e);
	nftnl_set_elems_nlmsg_build_payload(nlh, s);
	nftnl_set_free(s);
	push(t, "%s element %s %s %s", add ? "add" : "delete",
	     fam_name(family), table, set);
}

/**
 * nft_elem() - add (if absent) or delete one element
 * @data:	the mapped value for maps, else NULL
 * @flags:	NFT_SET_ELEM_INTERVAL_END or 0
 */
void nft_elem(struct nft_txn *t, bool add, int family, const char *table,
	      const char *set, const void *key, size_t klen, const void *data,
	      size_t dlen, uint32_t flags)
{
	elem_msg(t, add ? NLM_F_CREATE : 0, add, family, table, set, key, klen,
		 data, dlen, flags);
}

/* Add an element that must not exist yet (-EEXIST from the commit). */
void nft_elem_new(struct nft_txn *t, int family, const char *table,
		  const char *set, const void *key, size_t klen,
		  const void *data, size_t dlen)
{
	elem_msg(t, NLM_F_CREATE | NLM_F_EXCL, true, family, table, set, key,
		 klen, data, dlen, 0);
}

/* ---- rules ------------------------------------------------------------ */

void nft_rule_begin(struct nft_rule *b)
{
	b->r = nftnl_rule_alloc();
	b->oom = !b->r;
}

static struct nftnl_expr *expr(struct nft_rule *b, const char *name)
{
	struct nftnl_expr *e;

	if (b->oom)
		return NULL;
	e = nftnl_expr_alloc(name);
	if (!e) {
		b->oom = true;
		return NULL;
	}
	nftnl_rule_add_expr(b->r, e);
	return e;
}

void nft_meta(struct nft_rule *b, uint32_t key, uint32_t dreg)
{
	struct nftnl_expr *e = expr(b, "meta");

	if (!e)
		return;
	nftnl_expr_set_u32(e, NFTNL_EXPR_META_KEY, key);
	nftnl_expr_set_u32(e, NFTNL_EXPR_META_DREG, dreg);
}

/* A payload expression for @len bytes at @base+@off, or NULL. */
static struct nftnl_expr *payload(struct nft_rule *b, uint32_t base,
				  uint32_t off, uint32_t len)
{
	struct nftnl_expr *e = expr(b, "payload");

	if (e) {
		nftnl_expr_set_u32(e, NFTNL_EXPR_PAYLOAD_BASE, base);
		nftnl_expr_set_u32(e, NFTNL_EXPR_PAYLOAD_OFFSET, off);
		nftnl_expr_set_u32(e, NFTNL_EXPR_PAYLOAD_LEN, len);
	}
	return e;
}

void nft_payload(struct nft_rule *b, uint32_t base, uint32_t off,
		 uint32_t len, uint32_t dreg)
{
	struct nftnl_expr *e = payload(b, base, off, len);

	if (e)
		nftnl_expr_set_u32(e, NFTNL_EXPR_PAYLOAD_DREG, dreg);
}

void nft_cmp(struct nft_rule *b, uint32_t sreg, uint32_t op, const void *data,
	     size_t len)
{
	struct nftnl_expr *e = expr(b, "cmp");

	if (!e)
		return;
	nftnl_expr_set_u32(e, NFTNL_EXPR_CMP_SREG, sreg);
	nftnl_expr_set_u32(e, NFTNL_EXPR_CMP_OP, op);
	nftnl_expr_set(e, NFTNL_EXPR_CMP_DATA, data, (uint32_t)len);
}

/* reg &= mask, in place. */
void nft_bitwise(struct nft_rule *b, uint32_t reg, const void *mask,
		 size_t len)
{
	static const uint8_t zero[16];
	struct nftnl_expr *e = expr(b, "bitwise");

	if (!e)
		return;
	nftnl_expr_set_u32(e, NFTNL_EXPR_BITWISE_SREG, reg);
	nftnl_expr_set_u32(e, NFTNL_EXPR_BITWISE_DREG, reg);
	nftnl_expr_set_u32(e, NFTNL_EXPR_BITWISE_LEN, (uint32_t)len);
	nftnl_expr_set(e, NFTNL_EXPR_BITWISE_MASK, mask, (uint32_t)len);
	nftnl_expr_set(e, NFTNL_EXPR_BITWISE_XOR, zero, (uint32_t)len);
}

/* A lookup of @sreg in @set, or NULL. */
static struct nftnl_expr *lookup(struct nft_rule *b, uint32_t sreg,
				 const char *set)
{
	struct nftnl_expr *e = expr(b, "lookup");

	if (e) {
		nftnl_expr_set_u32(e, NFTNL_EXPR_LOOKUP_SREG, sreg);
		nftnl_expr_set_str(e, NFTNL_EXPR_LOOKUP_SET, set);
	}
	return e;
}

void nft_lookup(struct nft_rule *b, uint32_t sreg, const char *set, bool inv)
{
	struct nftnl_expr *e = lookup(b, sreg, set);

	if (e && inv)
		nftnl_expr_set_u32(e, NFTNL_EXPR_LOOKUP_FLAGS,
				   NFT_LOOKUP_F_INV);
}

/* A dynset expression (@sreg_data < 0: a set, no data), or NULL. */
static struct nftnl_expr *dynset(struct nft_rule *b, uint32_t op,
				 const char *set, uint32_t sreg_key,
				 int sreg_data)
{
	struct nftnl_expr *e = expr(b, "dynset");

	if (e) {
		nftnl_expr_set_u32(e, NFTNL_EXPR_DYNSET_OP, op);
		nftnl_expr_set_str(e, NFTNL_EXPR_DYNSET_SET_NAME, set);
		nftnl_expr_set_u32(e, NFTNL_EXPR_DYNSET_SREG_KEY, sreg_key);
		if (sreg_data >= 0)
			nftnl_expr_set_u32(e, NFTNL_EXPR_DYNSET_SREG_DATA,
					   (uint32_t)sreg_data);
	}
	return e;
}

/* "add @set { key : data }": inserts only when absent, never overwrites. */
void nft_dynset_add(struct nft_rule *b, const char *set, uint32_t sreg_key,
		    int sreg_data)
{
	dynset(b, NFT_DYNSET_OP_ADD, set, sreg_key, sreg_data);
}

void nft_ct(struct nft_rule *b, uint32_t key, uint32_t dreg)
{
	struct nftnl_expr *e = expr(b, "ct");

	if (!e)
		return;
	nftnl_expr_set_u32(e, NFTNL_EXPR_CT_KEY, key);
	nftnl_expr_set_u32(e, NFTNL_EXPR_CT_DREG, dreg);
}

void nft_verdict(struct nft_rule *b, int verdict)
{
	struct nftnl_expr *e = expr(b, "immediate");

	if (!e)
		return;
	nftnl_expr_set_u32(e, NFTNL_EXPR_IMM_DREG, NFT_REG_VERDICT);
	nftnl_expr_set_u32(e, NFTNL_EXPR_IMM_VERDICT, (uint32_t)verdict);
}

/* "reject with icmpx admin-prohibited" (TCP gets the ICMP too). */
void nft_reject_admin(struct nft_rule *b)
{
	struct nftnl_expr *e = expr(b, "reject");

	if (!e)
		return;
	nftnl_expr_set_u32(e, NFTNL_EXPR_REJECT_TYPE, NFT_REJECT_ICMPX_UNREACH);
	nftnl_expr_set_u8(e, NFTNL_EXPR_REJECT_CODE,
			  NFT_REJECT_ICMPX_ADMIN_PROHIBITED);
}

void nft_masq(struct nft_rule *b)
{
	expr(b, "masq");
}

/* Load @len bytes of constant data into @dreg. */
void nft_imm(struct nft_rule *b, uint32_t dreg, const void *data, size_t len)
{
	struct nftnl_expr *e = expr(b, "immediate");

	if (!e)
		return;
	nftnl_expr_set_u32(e, NFTNL_EXPR_IMM_DREG, dreg);
	nftnl_expr_set(e, NFTNL_EXPR_IMM_DATA, data, (uint32_t)len);
}

/* Write @len bytes of @sreg at @base+@off; with @csum_off >= 0, update
 * the Internet checksum at that offset of the same header. */
void nft_payload_set(struct nft_rule *b, uint32_t base, uint32_t off,
		     uint32_t len, uint32_t sreg, int csum_off)
{
	struct nftnl_expr *e = payload(b, base, off, len);

	if (!e)
		return;
	nftnl_expr_set_u32(e, NFTNL_EXPR_PAYLOAD_SREG, sreg);
	if (csum_off >= 0) {
		nftnl_expr_set_u32(e, NFTNL_EXPR_PAYLOAD_CSUM_TYPE,
				   NFT_PAYLOAD_CSUM_INET);
		nftnl_expr_set_u32(e, NFTNL_EXPR_PAYLOAD_CSUM_OFFSET,
				   (uint32_t)csum_off);
	}
}

/* Map lookup: @dreg = @set[@sreg], or the rule stops here. */
void nft_lookup_map(struct nft_rule *b, uint32_t sreg, const char *set,
		    uint32_t dreg)
{
	struct nftnl_expr *e = lookup(b, sreg, set);

	if (e)
		nftnl_expr_set_u32(e, NFTNL_EXPR_LOOKUP_DREG, dreg);
}

/* "update @set { key timeout T : data }": add when absent, else refresh
 * the timeout; an existing element's data is never changed. */
void nft_dynset_update(struct nft_rule *b, const char *set, uint32_t sreg_key,
		       uint32_t sreg_data, uint64_t timeout_ms)
{
	struct nftnl_expr *e = dynset(b, NFT_DYNSET_OP_UPDATE, set, sreg_key,
				      (int)sreg_data);

	if (e)
		nftnl_expr_set_u64(e, NFTNL_EXPR_DYNSET_TIMEOUT, timeout_ms);
}

/* "fwd to" / "dup to" the device whose ifindex is in @sreg (netdev). */
void nft_fwd(struct nft_rule *b, uint32_t sreg_dev, bool dup)
{
	struct nftnl_expr *e = expr(b, dup ? "dup" : "fwd");

	if (!e)
		return;
	nftnl_expr_set_u32(e, dup ? NFTNL_EXPR_DUP_SREG_DEV :
				    NFTNL_EXPR_FWD_SREG_DEV, sreg_dev);
}

/* Append the rule to the transaction and free the builder. */
void nft_rule_commit(struct nft_txn *t, struct nft_rule *b, int family,
		     const char *table, const char *chain)
{
	struct nlmsghdr *nlh = NULL;

	if (!b->oom)
		nlh = hdr(t, NFT_MSG_NEWRULE, family,
			  NLM_F_CREATE | NLM_F_APPEND);
	if (!nlh) {
		t->oom = true;
	} else {
		nftnl_rule_set_u32(b->r, NFTNL_RULE_FAMILY, (uint32_t)family);
		nftnl_rule_set_str(b->r, NFTNL_RULE_TABLE, table);
		nftnl_rule_set_str(b->r, NFTNL_RULE_CHAIN, chain);
		nftnl_rule_nlmsg_build_payload(nlh, b->r);
		push(t, "add rule %s %s %s", fam_name(family), table, chain);
	}
	nftnl_rule_free(b->r);
	b->r = NULL;
}

/* ---- commit ------------------------------------------------------------ */

static struct mnl_socket *nl_open(void)
{
	struct mnl_socket *nl = mnl_socket_open(NETLINK_NETFILTER);

	if (!nl)
		return NULL;
	if (mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0) {
		int e = errno;

		mnl_socket_close(nl);
		errno = e;
		return NULL;
	}
	return nl;
}

/**
 * nft_commit() - send the transaction as one batch
 * @what:	on failure, the message the kernel refused ("add set ...")
 *
 * Return: 0 when the kernel applied every message, else -errno and nothing
 * was applied.
 */
int nft_commit(struct nft_txn *t, char *what, size_t what_size)
{
	char rbuf[MNL_SOCKET_BUFFER_SIZE];
	struct mnl_socket *nl;
	int first = 0;
	ssize_t n;

	if (what_size)
		what[0] = '\0';
	if (!room(t))
		return -ENOMEM;
	nftnl_batch_end(t->buf + t->len, t->seq++);
	t->len += NLMSG_ALIGN(((struct nlmsghdr *)(t->buf + t->len))->nlmsg_len);
	if (t->oom)
		return -ENOMEM;

	nl = nl_open();
	if (!nl)
		return -errno;
	if (t->len > 128 * 1024) {
		int sz = (int)t->len * 2;

		/* Needs CAP_NET_ADMIN, which every caller holds. */
		setsockopt(mnl_socket_get_fd(nl), SOL_SOCKET, SO_SNDBUFFORCE,
			   &sz, sizeof(sz));
	}
	if (mnl_socket_sendto(nl, t->buf, t->len) < 0) {
		int e = -errno;

		mnl_socket_close(nl);
		return e;
	}
	/* Processing happened inside sendto(); collect queued errors. */
	while ((n = recv(mnl_socket_get_fd(nl), rbuf, sizeof(rbuf),
			 MSG_DONTWAIT)) > 0) {
		const struct nlmsghdr *nlh = (const struct nlmsghdr *)rbuf;
		int len = (int)n;

		for (; mnl_nlmsg_ok(nlh, len); nlh = mnl_nlmsg_next(nlh, &len)) {
			const struct nlmsgerr *e;
			size_t i;

			if (nlh->nlmsg_type != NLMSG_ERROR)
				continue;
			e = mnl_nlmsg_get_payload(nlh);
			if (!e->error || first)
				continue;
			first = e->error;
			i = e->msg.nlmsg_seq - t->seq0 - 1;
			if (what_size && i < t->ndesc)
				snprintf(what, what_size, "%s", t->desc[i]);
		}
	}
	mnl_socket_close(nl);
	return first;
}

/* ---- dumps ------------------------------------------------------------- */

static int dump(uint16_t type, int family, void *payload_obj,
		void (*build)(struct nlmsghdr *, void *), mnl_cb_t cb,
		void *ctx)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct mnl_socket *nl = nl_open();
	struct nlmsghdr *nlh;
	uint32_t seq = (uint32_t)time(NULL), portid;
	ssize_t n;
	int rc = 0;

	if (!nl)
		return -errno;
	portid = mnl_socket_get_portid(nl);
	nlh = nftnl_nlmsg_build_hdr(buf, type, (uint16_t)family, NLM_F_DUMP,
				    seq);
	if (build)
		build(nlh, payload_obj);
	if (mnl_socket_sendto(nl, nlh, nlh->nlmsg_len) < 0) {
		rc = -errno;
		goto out;
	}
	while ((n = mnl_socket_recvfrom(nl, buf, sizeof(buf))) > 0) {
		rc = mnl_cb_run(buf, (size_t)n, seq, portid, cb, ctx);
		if (rc <= MNL_CB_STOP)
			break;
	}
	if (n < 0 || rc < 0)
		rc = -errno;
	else
		rc = 0;
out:
	mnl_socket_close(nl);
	return rc;
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
 * nft_dump_elems() - call @cb for every element of a set
 *
 * Return: 0, -ENOENT when the set (or table) does not exist, -errno, or
 * what @cb returned when non-zero.
 */
int nft_dump_elems(int family, const char *table, const char *set,
		   nft_elem_cb cb, void *ctx)
{
	struct nftnl_set *s = set_obj(family, table, set);
	struct nftnl_set_elems_iter *it;
	struct nftnl_set_elem *e;
	int rc;

	if (!s)
		return -ENOMEM;
	rc = dump(NFT_MSG_GETSETELEM, family, s, build_elems, elems_cb, s);
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

		if (nftnl_set_elem_is_set(e, NFTNL_SET_ELEM_DATA))
			d = nftnl_set_elem_get(e, NFTNL_SET_ELEM_DATA, &dlen);
		if (nftnl_set_elem_is_set(e, NFTNL_SET_ELEM_FLAGS))
			flags = nftnl_set_elem_get_u32(e, NFTNL_SET_ELEM_FLAGS);
		if (k)
			rc = cb(k, klen, d, dlen, flags, ctx);
	}
	nftnl_set_elems_iter_destroy(it);
	nftnl_set_free(s);
	return rc;
}

/*
 * Send one GET request (not a dump) and tell whether the kernel answered
 * with an object: 1, or -ENOENT when it does not exist, or -errno.
 */
static int get_one(struct nlmsghdr *nlh, mnl_cb_t parse, void *ctx)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct mnl_socket *nl = nl_open();
	int rc = -EIO, found = 0;
	ssize_t n;

	if (!nl)
		return -errno;
	if (mnl_socket_sendto(nl, nlh, nlh->nlmsg_len) < 0) {
		rc = -errno;
		goto out;
	}
	/* The object, then the ACK; or only an error. */
	for (;;) {
		const struct nlmsghdr *h;
		int len;

		n = mnl_socket_recvfrom(nl, buf, sizeof(buf));
		if (n < 0) {
			rc = -errno;
			goto out;
		}
		h = (const struct nlmsghdr *)buf;
		len = (int)n;
		for (; mnl_nlmsg_ok(h, len); h = mnl_nlmsg_next(h, &len)) {
			const struct nlmsgerr *err;

			if (h->nlmsg_type != NLMSG_ERROR) {
				found = 1;
				if (parse && parse(h, ctx) < 0) {
					rc = -EIO;
					goto out;
				}
				continue;
			}
			err = mnl_nlmsg_get_payload(h);
			rc = err->error ? err->error : (found ? 1 : -EIO);
			goto out;
		}
	}
out:
	mnl_socket_close(nl);
	return rc;
}

/**
 * nft_set_exists() - whether a set exists
 *
 * Return: 1, 0, or -errno
 */
int nft_set_exists(int family, const char *table, const char *set)
{
	char buf[1024];
	struct nftnl_set *s = set_obj(family, table, set);
	struct nlmsghdr *nlh;
	int rc;

	if (!s)
		return -ENOMEM;
	nlh = nftnl_nlmsg_build_hdr(buf, NFT_MSG_GETSET, (uint16_t)family,
				    NLM_F_ACK, (uint32_t)time(NULL));
	nftnl_set_nlmsg_build_payload(nlh, s);
	nftnl_set_free(s);
	rc = get_one(nlh, NULL, NULL);
	return rc == -ENOENT ? 0 : rc;
}

/**
 * nft_chain_exists() - whether a chain exists
 *
 * Return: 1, 0, or -errno
 */
int nft_chain_exists(int family, const char *table, const char *chain)
{
	char buf[1024];
	struct nftnl_chain *c = nftnl_chain_alloc();
	struct nlmsghdr *nlh;
	int rc;

	if (!c)
		return -ENOMEM;
	nftnl_chain_set_str(c, NFTNL_CHAIN_TABLE, table);
	nftnl_chain_set_str(c, NFTNL_CHAIN_NAME, chain);
	nlh = nftnl_nlmsg_build_hdr(buf, NFT_MSG_GETCHAIN, (uint16_t)family,
				    NLM_F_ACK, (uint32_t)time(NULL));
	nftnl_chain_nlmsg_build_payload(nlh, c);
	nftnl_chain_free(c);
	rc = get_one(nlh, NULL, NULL);
	return rc == -ENOENT ? 0 : rc;
}

/* One GETSETELEM request for @key; @parse sees the answer. */
static int elem_request(int family, const char *table, const char *set,
			const void *key, size_t klen, mnl_cb_t parse,
			void *ctx)
{
	char buf[1024];
	struct nftnl_set *s = set_obj(family, table, set);
	struct nftnl_set_elem *e = nftnl_set_elem_alloc();
	struct nlmsghdr *nlh;

	if (!s || !e || klen > 64) {
		nftnl_set_free(s);
		nftnl_set_elem_free(e);
		return -ENOMEM;
	}
	nftnl_set_elem_set(e, NFTNL_SET_ELEM_KEY, key, (uint32_t)klen);
	nftnl_set_elem_add(s, e);
	nlh = nftnl_nlmsg_build_hdr(buf, NFT_MSG_GETSETELEM, (uint16_t)family,
				    NLM_F_ACK, (uint32_t)time(NULL));
	nftnl_set_elems_nlmsg_build_payload(nlh, s);
	nftnl_set_free(s);
	return get_one(nlh, parse, ctx);
}

/**
 * nft_elem_exists() - whether a set holds the element @key: one request,
 * not a dump, so the cost does not depend on the size of the set
 *
 * Return: 1 present, 0 absent (or the set is missing), -errno
 */
int nft_elem_exists(int family, const char *table, const char *set,
		    const void *key, size_t klen)
{
	int rc = elem_request(family, table, set, key, klen, NULL, NULL);

	return rc == -ENOENT ? 0 : rc;
}

struct elem_get_ctx {
	void *data;
	size_t dlen;
	bool got;
};

static int elem_get_cb(const struct nlmsghdr *nlh, void *arg)
{
	struct elem_get_ctx *c = arg;
	struct nftnl_set *s = nftnl_set_alloc();
	struct nftnl_set_elems_iter *it;
	struct nftnl_set_elem *e;
	const void *d;
	uint32_t dl = 0;
	int rc = MNL_CB_OK;

	if (!s)
		return MNL_CB_ERROR;
	if (nftnl_set_elems_nlmsg_parse(nlh, s) < 0) {
		nftnl_set_free(s);
		return MNL_CB_ERROR;
	}
	it = nftnl_set_elems_iter_create(s);
	e = it ? nftnl_set_elems_iter_cur(it) : NULL;
	if (e && nftnl_set_elem_is_set(e, NFTNL_SET_ELEM_DATA)) {
		d = nftnl_set_elem_get(e, NFTNL_SET_ELEM_DATA, &dl);
		if (dl != c->dlen)
			rc = MNL_CB_ERROR;
		else {
			memcpy(c->data, d, dl);
			c->got = true;
		}
	}
	nftnl_set_elems_iter_destroy(it);
	nftnl_set_free(s);
	return rc;
}

/**
 * nft_elem_get() - the data a map holds for @key: one request
 * @data:	where to copy it, @dlen bytes (the map's data length)
 *
 * Return: 1 found, 0 absent (or the map is missing), -errno
 */
int nft_elem_get(int family, const char *table, const char *set,
		 const void *key, size_t klen, void *data, size_t dlen)
{
	struct elem_get_ctx c = { data, dlen, false };
	int rc = elem_request(family, table, set, key, klen, elem_get_cb, &c);

	if (rc == -ENOENT)
		return 0;
	if (rc == 1 && !c.got)
		return -EIO;
	return rc;
}

struct count_ctx {
	const char *table;
	unsigned n;
	bool chains;
};

static int count_cb(const struct nlmsghdr *nlh, void *data)
{
	struct count_ctx *c = data;
	const char *table;

	if (c->chains) {
		struct nftnl_chain *o = nftnl_chain_alloc();

		if (!o || nftnl_chain_nlmsg_parse(nlh, o) < 0) {
			nftnl_chain_free(o);
			return MNL_CB_ERROR;
		}
		table = nftnl_chain_get_str(o, NFTNL_CHAIN_TABLE);
		c->n += table && !strcmp(table, c->table);
		nftnl_chain_free(o);
	} else {
		struct nftnl_set *o = nftnl_set_alloc();

		if (!o || nftnl_set_nlmsg_parse(nlh, o) < 0) {
			nftnl_set_free(o);
			return MNL_CB_ERROR;
		}
		table = nftnl_set_get_str(o, NFTNL_SET_TABLE);
		c->n += table && !strcmp(table, c->table);
		nftnl_set_free(o);
	}
	return MNL_CB_OK;
}

/* How many chains and sets a table holds (0 and 0 if it does not exist). */
int nft_count_objects(int family, const char *table, unsigned *chains,
		      unsigned *sets)
{
	struct count_ctx c = { table, 0, true };
	int rc;

	rc = dump(NFT_MSG_GETCHAIN, family, NULL, NULL, count_cb, &c);
	if (rc)
		return rc;
	*chains = c.n;
	c.n = 0;
	c.chains = false;
	rc = dump(NFT_MSG_GETSET, family, NULL, NULL, count_cb, &c);
	if (rc)
		return rc;
	*sets = c.n;
	return 0;
}

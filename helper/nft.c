// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * nft.c - nf_tables transactions, element reads and dumps over libnftnl
 * and libmnl, on one connection per program run.
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
 *
 * Reads: nft_get_elems() puts one GETSETELEM request per element into one
 * sendmsg() and matches the answers by sequence number, so reading a tap's
 * dozen elements costs one round trip whatever the size of the sets.
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
#include <sys/time.h>
#include <time.h>

#define MSG_ROOM 8192		/* the largest single message we build */
#define RBUF 32768		/* receive buffer: larger than any dump part */
#define GET_MAX 64		/* element requests per nft_get_elems() */

struct nft_conn {
	struct mnl_socket *nl;
	uint32_t portid;
	uint32_t seq;
};

struct nft_txn {
	char *buf;
	size_t len, cap;
	uint32_t seq0, seq;
	char (*desc)[96];	/* what each message does, by seq - seq0 */
	size_t ndesc, cap_desc;
	bool oom;
};

/**
 * nft_open() - the program's nfnetlink connection
 * @c:	result
 *
 * Return: 0 or -errno
 */
int nft_open(struct nft_conn **c)
{
	struct timeval tmo = { .tv_sec = 10 };
	struct nft_conn *n = calloc(1, sizeof(*n));
	int rc;

	if (!n)
		return -ENOMEM;
	n->nl = mnl_socket_open2(NETLINK_NETFILTER, SOCK_CLOEXEC);
	if (!n->nl) {
		rc = -errno;
		free(n);
		return rc;
	}
	if (mnl_socket_bind(n->nl, 0, MNL_SOCKET_AUTOPID) < 0) {
		rc = -errno;
		mnl_socket_close(n->nl);
		free(n);
		return rc;
	}
	/* The kernel answers at once; a reply that never comes must not
	 * hang a run. */
	setsockopt(mnl_socket_get_fd(n->nl), SOL_SOCKET, SO_RCVTIMEO, &tmo,
		   sizeof(tmo));
	n->portid = mnl_socket_get_portid(n->nl);
	n->seq = (uint32_t)time(NULL) << 8;
	*c = n;
	return 0;
}

/**
 * nft_close() - close a connection from nft_open(); the kernel then drops
 * the tables it owned (the vmnet lock)
 * @c:	connection or NULL
 */
void nft_close(struct nft_conn *c)
{
	if (!c)
		return;
	mnl_socket_close(c->nl);
	free(c);
}

/* Throw away whatever an earlier, interrupted exchange left queued. */
static void drain(struct nft_conn *c)
{
	char buf[RBUF];

	while (recv(mnl_socket_get_fd(c->nl), buf, sizeof(buf),
		    MSG_DONTWAIT) > 0)
		;
}

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

/* Whether the transaction holds no message yet. */
bool nft_txn_empty(const struct nft_txn *t)
{
	return t->seq == t->seq0 + 1;
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

static void table_msg(struct nft_txn *t, uint16_t type, uint16_t flags,
		      int family, const char *table, uint32_t tflags,
		      const char *verb)
{
	struct nftnl_table *o = nftnl_table_alloc();
	struct nlmsghdr *nlh;

	if (!o || !(nlh = hdr(t, type, family, flags))) {
		t->oom = true;
		nftnl_table_free(o);
		return;
	}
	nftnl_table_set_str(o, NFTNL_TABLE_NAME, table);
	if (tflags)
		nftnl_table_set_u32(o, NFTNL_TABLE_FLAGS, tflags);
	nftnl_table_nlmsg_build_payload(nlh, o);
	nftnl_table_free(o);
	push(t, "%s table %s %s", verb, fam_name(family), table);
}

/* Create a table if it does not exist. */
void nft_table_add(struct nft_txn *t, int family, const char *table)
{
	table_msg(t, NFT_MSG_NEWTABLE, NLM_F_CREATE, family, table, 0, "add");
}

/*
 * Create a table that must not exist, owned by the connection that
 * commits: no other socket may change or delete it, "nft flush ruleset"
 * passes it by, and the kernel destroys it when that socket closes.
 */
void nft_table_add_owned(struct nft_txn *t, int family, const char *table)
{
	table_msg(t, NFT_MSG_NEWTABLE, NLM_F_CREATE | NLM_F_EXCL, family,
		  table, NFT_TABLE_F_OWNER, "create");
}

void nft_table_del(struct nft_txn *t, int family, const char *table)
{
	table_msg(t, NFT_MSG_DELTABLE, 0, family, table, 0, "delete");
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
 * nft_chain_add() - create a base chain if it does not exist
 * @ctype:	"filter" or "nat"
 * @dev:	the device of a netdev-family chain, else NULL
 */
void nft_chain_add(struct nft_txn *t, int family, const char *table,
		   const char *chain, const char *ctype, int hook, int prio,
		   const char *dev)
{
	chain_msg(t, NFT_MSG_NEWCHAIN, NLM_F_CREATE, family, table, chain,
		  ctype, hook, prio, dev, "add");
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
	if (sp->timeout_ms)
		nftnl_set_set_u64(s, NFTNL_SET_TIMEOUT, sp->timeout_ms);
	if (sp->udata)
		nftnl_set_set_data(s, NFTNL_SET_USERDATA, sp->udata,
				   sp->udata_len);
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
		     size_t dlen, uint32_t flags, const char *comment)
{
	struct nftnl_set *s = set_obj(family, table, set);
	struct nftnl_set_elem *e = nftnl_set_elem_alloc();
	struct nftnl_udata_buf *u = NULL;
	struct nlmsghdr *nlh = NULL;

	if (comment) {
		u = nftnl_udata_buf_alloc(NFT_USERDATA_MAXLEN);
		if (u && !nftnl_udata_put_strz(u, NFTNL_UDATA_SET_ELEM_COMMENT,
					       comment)) {
			nftnl_udata_buf_free(u);
			u = NULL;
		}
	}
	if (s && e && (u || !comment))
		nlh = hdr(t, add ? NFT_MSG_NEWSETELEM : NFT_MSG_DELSETELEM,
			  family, nlflags);
	if (!nlh) {
		t->oom = true;
		nftnl_set_free(s);
		nftnl_set_elem_free(e);
		nftnl_udata_buf_free(u);
		return;
	}
	nftnl_set_elem_set(e, NFTNL_SET_ELEM_KEY, key, (uint32_t)klen);
	if (data)
		nftnl_set_elem_set(e, NFTNL_SET_ELEM_DATA, data,
				   (uint32_t)dlen);
	if (flags)
		nftnl_set_elem_set_u32(e, NFTNL_SET_ELEM_FLAGS, flags);
	if (u)
		nftnl_set_elem_set(e, NFTNL_SET_ELEM_USERDATA,
				   nftnl_udata_buf_data(u),
				   nftnl_udata_buf_len(u));
	nftnl_set_elem_add(s, e);
	nftnl_set_elems_nlmsg_build_payload(nlh, s);
	nftnl_set_free(s);
	nftnl_udata_buf_free(u);
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
		 data, dlen, flags, NULL);
}

/* Add an element that must not exist yet (-EEXIST from the commit),
 * with an optional comment that "nft list" shows. */
void nft_elem_new(struct nft_txn *t, int family, const char *table,
		  const char *set, const void *key, size_t klen,
		  const void *data, size_t dlen, const char *comment)
{
	elem_msg(t, NLM_F_CREATE | NLM_F_EXCL, true, family, table, set, key,
		 klen, data, dlen, 0, comment);
}

/* Append a built rule to @chain (the rule object is not consumed). */
void nft_rule_append(struct nft_txn *t, int family, const char *table,
		     const char *chain, const struct nftnl_rule *r)
{
	struct nftnl_rule *w = (struct nftnl_rule *)r;
	struct nlmsghdr *nlh = hdr(t, NFT_MSG_NEWRULE, family,
				   NLM_F_CREATE | NLM_F_APPEND);

	if (!nlh) {
		t->oom = true;
		return;
	}
	nftnl_rule_set_u32(w, NFTNL_RULE_FAMILY, (uint32_t)family);
	nftnl_rule_set_str(w, NFTNL_RULE_TABLE, table);
	nftnl_rule_set_str(w, NFTNL_RULE_CHAIN, chain);
	nftnl_rule_nlmsg_build_payload(nlh, w);
	push(t, "add rule %s %s %s", fam_name(family), table, chain);
}

/* ---- rules ------------------------------------------------------------ */

void nft_rule_begin(struct nft_rule *b)
{
	b->r = nftnl_rule_alloc();
	b->oom = !b->r;
}

void nft_rule_end(struct nft_rule *b)
{
	nftnl_rule_free(b->r);
	b->r = NULL;
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

	/* Always set, as the kernel always reports it: a built rule and the
	 * same rule read back then print alike (fw verify). */
	if (e)
		nftnl_expr_set_u32(e, NFTNL_EXPR_LOOKUP_FLAGS,
				   inv ? NFT_LOOKUP_F_INV : 0);
}

/* Map lookup: @dreg = @set[@sreg], or the rule stops here. */
void nft_lookup_map(struct nft_rule *b, uint32_t sreg, const char *set,
		    uint32_t dreg)
{
	struct nftnl_expr *e = lookup(b, sreg, set);

	if (e)
		nftnl_expr_set_u32(e, NFTNL_EXPR_LOOKUP_DREG, dreg);
}

/**
 * nft_dynset() - add to a set from the packet path
 * @update:	"update" (refresh the timeout of an existing element) rather
 *		than "add"; neither ever changes an existing element's data
 * @sreg_data:	the data register for maps, or -1
 * @timeout_ms:	the element's timeout, 0 for the set's default
 */
void nft_dynset(struct nft_rule *b, bool update, const char *set,
		uint32_t sreg_key, int sreg_data, uint64_t timeout_ms)
{
	struct nftnl_expr *e = expr(b, "dynset");

	if (!e)
		return;
	nftnl_expr_set_u32(e, NFTNL_EXPR_DYNSET_OP, update ?
			   NFT_DYNSET_OP_UPDATE : NFT_DYNSET_OP_ADD);
	nftnl_expr_set_str(e, NFTNL_EXPR_DYNSET_SET_NAME, set);
	nftnl_expr_set_u32(e, NFTNL_EXPR_DYNSET_SREG_KEY, sreg_key);
	if (sreg_data >= 0)
		nftnl_expr_set_u32(e, NFTNL_EXPR_DYNSET_SREG_DATA,
				   (uint32_t)sreg_data);
	if (timeout_ms)
		nftnl_expr_set_u64(e, NFTNL_EXPR_DYNSET_TIMEOUT, timeout_ms);
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

/* "fwd to" / "dup to" the device whose ifindex is in @sreg (netdev). */
void nft_fwd(struct nft_rule *b, uint32_t sreg_dev, bool dup)
{
	struct nftnl_expr *e = expr(b, dup ? "dup" : "fwd");

	if (!e)
		return;
	nftnl_expr_set_u32(e, dup ? NFTNL_EXPR_DUP_SREG_DEV :
				    NFTNL_EXPR_FWD_SREG_DEV, sreg_dev);
}

/**
 * nft_rule_expr_text() - a rule's expressions as libnftnl prints them
 * ("[ meta load iif => reg 1 ] [ cmp eq ... ]"), to compare the rules
 * vmnet builds with the ones the kernel holds
 *
 * Return: 0 or -ENOSPC
 */
int nft_rule_expr_text(const struct nftnl_rule *r, char *buf, size_t size)
{
	struct nftnl_expr_iter *it = nftnl_expr_iter_create(r);
	struct nftnl_expr *e;
	size_t len = 0;
	int rc = 0;

	if (!it)
		return -ENOMEM;
	buf[0] = '\0';
	while ((e = nftnl_expr_iter_next(it))) {
		const char *name = nftnl_expr_get_str(e, NFTNL_EXPR_NAME);
		int n = snprintf(buf + len, size - len, "[ %s ", name);

		if (n < 0 || (size_t)n >= size - len) {
			rc = -ENOSPC;
			break;
		}
		len += (size_t)n;
		n = nftnl_expr_snprintf(buf + len, size - len, e,
					NFTNL_OUTPUT_DEFAULT, 0);
		if (n < 0 || (size_t)n >= size - len) {
			rc = -ENOSPC;
			break;
		}
		len += (size_t)n;
		n = snprintf(buf + len, size - len, "]");
		if (n < 0 || (size_t)n >= size - len) {
			rc = -ENOSPC;
			break;
		}
		len += (size_t)n;
	}
	nftnl_expr_iter_destroy(it);
	return rc;
}

/* ---- commit ------------------------------------------------------------ */

/**
 * nft_commit() - send the transaction as one batch
 * @what:	on failure, the message the kernel refused ("add set ...")
 *
 * Return: 0 when the kernel applied every message, else -errno and nothing
 * was applied.
 */
int nft_commit(struct nft_conn *c, struct nft_txn *t, char *what,
	       size_t what_size)
{
	char rbuf[RBUF];
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
	drain(c);
	if (t->len > 128 * 1024) {
		int sz = (int)t->len * 2;

		/* Needs CAP_NET_ADMIN, which every caller holds. */
		setsockopt(mnl_socket_get_fd(c->nl), SOL_SOCKET, SO_SNDBUFFORCE,
			   &sz, sizeof(sz));
	}
	if (mnl_socket_sendto(c->nl, t->buf, t->len) < 0)
		return -errno;
	/* Processing happened inside sendto(); collect queued errors. */
	while ((n = recv(mnl_socket_get_fd(c->nl), rbuf, sizeof(rbuf),
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
	return first;
}

/* ---- element reads --------------------------------------------------- */

static void elem_comment(const struct nftnl_set_elem *e, char *out,
			 size_t size)
{
	const struct nftnl_udata *tb[NFTNL_UDATA_SET_ELEM_MAX + 1] = { 0 };
	const struct nftnl_udata *u;
	const void *d;
	uint32_t len = 0;

	out[0] = '\0';
	if (!nftnl_set_elem_is_set(e, NFTNL_SET_ELEM_USERDATA))
		return;
	d = nftnl_set_elem_get((struct nftnl_set_elem *)e,
			       NFTNL_SET_ELEM_USERDATA, &len);
	nftnl_udata_for_each_data(d, len, u) {
		uint8_t type = nftnl_udata_type(u);

		if (type <= NFTNL_UDATA_SET_ELEM_MAX)
			tb[type] = u;
	}
	u = tb[NFTNL_UDATA_SET_ELEM_COMMENT];
	if (u && nftnl_udata_len(u) > 0 && nftnl_udata_len(u) <= size)
		snprintf(out, size, "%.*s", (int)nftnl_udata_len(u) - 1,
			 (const char *)nftnl_udata_get(u));
}

/* Fill @q from the first element of a NEWSETELEM answer. */
static int get_parse(const struct nlmsghdr *nlh, struct nft_get *q)
{
	struct nftnl_set *s = nftnl_set_alloc();
	struct nftnl_set_elems_iter *it = NULL;
	struct nftnl_set_elem *e;
	int rc = -EIO;

	if (!s || nftnl_set_elems_nlmsg_parse(nlh, s) < 0)
		goto out;
	it = nftnl_set_elems_iter_create(s);
	e = it ? nftnl_set_elems_iter_cur(it) : NULL;
	if (!e)
		goto out;
	rc = 0;
	q->rc = 1;
	if (nftnl_set_elem_is_set(e, NFTNL_SET_ELEM_DATA)) {
		uint32_t dl = 0;
		const void *d = nftnl_set_elem_get(e, NFTNL_SET_ELEM_DATA, &dl);

		if (dl > sizeof(q->data)) {
			rc = -EIO;
			goto out;
		}
		memcpy(q->data, d, dl);
		q->dlen = dl;
	}
	elem_comment(e, q->comment, sizeof(q->comment));
out:
	nftnl_set_elems_iter_destroy(it);
	nftnl_set_free(s);
	return rc;
}

/**
 * nft_get_elems() - look up @n elements of vmnet's tables in one round
 * trip: one GETSETELEM request each, in one sendmsg()
 * @q:	the lookups; their rc (and data, comment) are filled in; a lookup
 *	with a NULL key asks whether the set exists
 *
 * Return: 0 (each q->rc says what was found) or -errno for the exchange
 */
int nft_get_elems(struct nft_conn *c, struct nft_get *q, size_t n)
{
	char buf[RBUF];
	uint32_t seq0 = c->seq;
	size_t i, len = 0, pending = n;
	ssize_t got;

	if (n > GET_MAX || n * 512 > sizeof(buf))
		return -E2BIG;
	for (i = 0; i < n; i++) {
		struct nftnl_set *s = set_obj(q[i].family, NFT_TABLE, q[i].set);
		struct nftnl_set_elem *e = nftnl_set_elem_alloc();
		struct nlmsghdr *nlh;

		q[i].rc = -EIO;
		q[i].dlen = 0;
		q[i].comment[0] = '\0';
		if (!s || !e || q[i].klen > 64) {
			nftnl_set_free(s);
			nftnl_set_elem_free(e);
			return -ENOMEM;
		}
		if (!q[i].key) {
			/* Does the set itself exist? */
			nftnl_set_elem_free(e);
			nlh = nftnl_nlmsg_build_hdr(buf + len, NFT_MSG_GETSET,
						    (uint16_t)q[i].family,
						    NLM_F_ACK, c->seq++);
			nftnl_set_nlmsg_build_payload(nlh, s);
		} else {
			nftnl_set_elem_set(e, NFTNL_SET_ELEM_KEY, q[i].key,
					   q[i].klen);
			nftnl_set_elem_add(s, e);
			nlh = nftnl_nlmsg_build_hdr(buf + len,
						    NFT_MSG_GETSETELEM,
						    (uint16_t)q[i].family,
						    NLM_F_ACK, c->seq++);
			nftnl_set_elems_nlmsg_build_payload(nlh, s);
		}
		nftnl_set_free(s);
		len += NLMSG_ALIGN(nlh->nlmsg_len);
	}
	drain(c);
	if (mnl_socket_sendto(c->nl, buf, len) < 0)
		return -errno;
	/* Per request: the element, then the ACK; or only an error. */
	while (pending) {
		const struct nlmsghdr *h = (const struct nlmsghdr *)buf;
		int left;

		got = mnl_socket_recvfrom(c->nl, buf, sizeof(buf));
		if (got < 0)
			return -errno;
		left = (int)got;
		for (; mnl_nlmsg_ok(h, left); h = mnl_nlmsg_next(h, &left)) {
			size_t k = h->nlmsg_seq - seq0;
			const struct nlmsgerr *err;

			if (h->nlmsg_pid != c->portid || k >= n)
				continue;
			if (h->nlmsg_type != NLMSG_ERROR) {
				if (!q[k].key)
					q[k].rc = 1;
				else if (get_parse(h, &q[k]) < 0)
					q[k].rc = -EIO;
				continue;
			}
			err = mnl_nlmsg_get_payload(h);
			/* Any other error (EPERM without CAP_NET_ADMIN) may
			 * answer the whole buffer at once: it ends the batch. */
			if (err->error && err->error != -ENOENT)
				return err->error;
			if (err->error == -ENOENT)
				q[k].rc = 0;
			else if (q[k].rc != 1)
				q[k].rc = -EIO;	/* an ACK without the element */
			pending--;
		}
	}
	return 0;
}

/* ---- dumps ------------------------------------------------------------- */

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
	drain(c);
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
	struct nftnl_set *s = set_obj(family, NFT_TABLE, set);
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
		elem_comment(e, comment, sizeof(comment));
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

/*
 * Send one GET request (not a dump) and tell whether the kernel answered
 * with an object: 1, 0 when it does not exist, or -errno.
 */
static int get_one(struct nft_conn *c, struct nlmsghdr *nlh)
{
	char buf[RBUF];
	uint32_t seq = nlh->nlmsg_seq;
	int found = 0;
	ssize_t n;

	drain(c);
	if (mnl_socket_sendto(c->nl, nlh, nlh->nlmsg_len) < 0)
		return -errno;
	for (;;) {
		const struct nlmsghdr *h = (const struct nlmsghdr *)buf;
		int len;

		n = mnl_socket_recvfrom(c->nl, buf, sizeof(buf));
		if (n < 0)
			return -errno;
		len = (int)n;
		for (; mnl_nlmsg_ok(h, len); h = mnl_nlmsg_next(h, &len)) {
			const struct nlmsgerr *err;

			if (h->nlmsg_seq != seq)
				continue;
			if (h->nlmsg_type != NLMSG_ERROR) {
				found = 1;
				continue;
			}
			err = mnl_nlmsg_get_payload(h);
			if (err->error == -ENOENT)
				return 0;
			return err->error ? err->error : (found ? 1 : -EIO);
		}
	}
}

/* Whether vmnet's table of @family has the set @set: 1, 0, -errno. */
int nft_exists_set(struct nft_conn *c, int family, const char *set)
{
	char buf[1024];
	struct nftnl_set *s = set_obj(family, NFT_TABLE, set);
	struct nlmsghdr *nlh;

	if (!s)
		return -ENOMEM;
	nlh = nftnl_nlmsg_build_hdr(buf, NFT_MSG_GETSET, (uint16_t)family,
				    NLM_F_ACK, c->seq++);
	nftnl_set_nlmsg_build_payload(nlh, s);
	nftnl_set_free(s);
	return get_one(c, nlh);
}

/* Whether vmnet's table of @family has the chain @chain: 1, 0, -errno. */
int nft_exists_chain(struct nft_conn *c, int family, const char *chain)
{
	char buf[1024];
	struct nftnl_chain *o = nftnl_chain_alloc();
	struct nlmsghdr *nlh;

	if (!o)
		return -ENOMEM;
	nftnl_chain_set_str(o, NFTNL_CHAIN_TABLE, NFT_TABLE);
	nftnl_chain_set_str(o, NFTNL_CHAIN_NAME, chain);
	nlh = nftnl_nlmsg_build_hdr(buf, NFT_MSG_GETCHAIN, (uint16_t)family,
				    NLM_F_ACK, c->seq++);
	nftnl_chain_nlmsg_build_payload(nlh, o);
	nftnl_chain_free(o);
	return get_one(c, nlh);
}

/* Whether the table @table of @family exists: 1, 0, -errno. A read: it
 * does not take the kernel's commit mutex. */
int nft_exists_table(struct nft_conn *c, int family, const char *table)
{
	char buf[1024];
	struct nftnl_table *o = nftnl_table_alloc();
	struct nlmsghdr *nlh;

	if (!o)
		return -ENOMEM;
	nftnl_table_set_str(o, NFTNL_TABLE_NAME, table);
	nlh = nftnl_nlmsg_build_hdr(buf, NFT_MSG_GETTABLE, (uint16_t)family,
				    NLM_F_ACK, c->seq++);
	nftnl_table_nlmsg_build_payload(nlh, o);
	nftnl_table_free(o);
	return get_one(c, nlh);
}

// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * nftread.c - the reads the setuid programs need: batched element lookups,
 * every element of a set (vmnet-ifdown finds a vanished tap's elements by
 * its name), whether a table exists; on the program's one nfnetlink
 * connection (nft.c). Chain, set and rule dumps are in nftdump.c.
 *
 * nft_get_elems() puts one GETSETELEM request per element into one
 * sendmsg() and matches the answers by sequence number, so reading a tap's
 * dozen elements costs one round trip whatever the size of the sets.
 */
#include "nft.h"
#include "nftint.h"

#include <errno.h>
#include <libmnl/libmnl.h>
#include <libnftnl/set.h>
#include <libnftnl/table.h>
#include <libnftnl/udata.h>
#include <linux/netfilter/nf_tables.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define GET_MAX 64		/* element requests per nft_get_elems() */

/**
 * nft_elem_comment() - an element's comment (its udata)
 * @e:		element
 * @out:	result, "" without a comment
 * @size:	size of @out
 */
void nft_elem_comment(const struct nftnl_set_elem *e, char *out,
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
	nft_elem_comment(e, q->comment, sizeof(q->comment));
out:
	nftnl_set_elems_iter_destroy(it);
	nftnl_set_free(s);
	return rc;
}

/* One request per lookup into @buf: GETSETELEM, or GETSET for a lookup
 * without a key. Return: the bytes built, or -errno. */
static ssize_t build_gets(struct nft_conn *c, struct nft_get *q, size_t n,
			  char *buf)
{
	size_t i, len = 0;

	for (i = 0; i < n; i++) {
		struct nftnl_set *s = nft_set_obj(q[i].family, NFT_TABLE, q[i].set);
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
	return (ssize_t)len;
}

/* @q: the lookup of @key (@klen bytes) in set @set of vmnet's table of
 * @family, its results cleared. */
void nft_get_of(struct nft_get *q, int family, const char *set,
		const void *key, uint32_t klen)
{
	memset(q, 0, sizeof(*q));
	q->family = family;
	q->set = set;
	q->key = key;
	q->klen = klen;
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
	uint32_t seq0 = c->seq;
	size_t pending = n;
	ssize_t got;
	char *buf;

	if (c->reader)
		return c->reader->get(c->reader->ctx, q, n);
	if (n > GET_MAX || n * 512 > RBUF)
		return -E2BIG;
	buf = nft_rbuf(c);
	if (!buf)
		return -ENOMEM;
	got = build_gets(c, q, n, buf);
	if (got < 0)
		return (int)got;
	nft_drain(c);
	if (mnl_socket_sendto(c->nl, buf, (size_t)got) < 0)
		return -errno;
	/* Per request: the element, then the ACK; or only an error. */
	while (pending) {
		const struct nlmsghdr *h = (const struct nlmsghdr *)buf;
		int left;

		got = mnl_socket_recvfrom(c->nl, buf, RBUF);
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

/*
 * Send one GET request (not a dump) and tell whether the kernel answered
 * with an object: 1, 0 when it does not exist, or -errno.
 */
/* Send @nlh, read its answer: 1 with an object (@cb, if any, gets it),
 * 0 for ENOENT, or -errno. */
static int get_one_cb(struct nft_conn *c, struct nlmsghdr *nlh,
		      void (*cb)(const struct nlmsghdr *h, void *ctx),
		      void *ctx)
{
	char *buf = nft_rbuf(c);
	uint32_t seq = nlh->nlmsg_seq;
	int found = 0;
	ssize_t n;

	if (!buf)
		return -ENOMEM;
	nft_drain(c);
	if (mnl_socket_sendto(c->nl, nlh, nlh->nlmsg_len) < 0)
		return -errno;
	for (;;) {
		const struct nlmsghdr *h = (const struct nlmsghdr *)buf;
		int len;

		n = mnl_socket_recvfrom(c->nl, buf, RBUF);
		if (n < 0)
			return -errno;
		len = (int)n;
		for (; mnl_nlmsg_ok(h, len); h = mnl_nlmsg_next(h, &len)) {
			const struct nlmsgerr *err;

			if (h->nlmsg_seq != seq)
				continue;
			if (h->nlmsg_type != NLMSG_ERROR) {
				if (cb && !found)
					cb(h, ctx);
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

static void handle_cb(const struct nlmsghdr *h, void *ctx)
{
	struct nftnl_table *t = nftnl_table_alloc();

	if (t && nftnl_table_nlmsg_parse(h, t) == 0 &&
	    nftnl_table_is_set(t, NFTNL_TABLE_HANDLE))
		*(uint64_t *)ctx = nftnl_table_get_u64(t, NFTNL_TABLE_HANDLE);
	nftnl_table_free(t);
}

/**
 * nft_table_handle() - whether table @table of @family exists, and its
 * handle (each creation of a table of that name gets a new one). A read:
 * it does not take the kernel's commit mutex.
 * @c:		connection
 * @family:	NFPROTO_*
 * @table:	name
 * @handle:	result when it exists (0 if the kernel did not say)
 *
 * Return: 1, 0, or -errno
 */
int nft_table_handle(struct nft_conn *c, int family, const char *table,
		     uint64_t *handle)
{
	char buf[1024];
	struct nftnl_table *o = nftnl_table_alloc();
	struct nlmsghdr *nlh;

	*handle = 0;
	if (!o)
		return -ENOMEM;
	nftnl_table_set_str(o, NFTNL_TABLE_NAME, table);
	nlh = nftnl_nlmsg_build_hdr(buf, NFT_MSG_GETTABLE, (uint16_t)family,
				    NLM_F_ACK, c->seq++);
	nftnl_table_nlmsg_build_payload(nlh, o);
	nftnl_table_free(o);
	return get_one_cb(c, nlh, handle_cb, handle);
}

/* Whether the table @table of @family exists: 1, 0, -errno. A read: it
 * does not take the kernel's commit mutex. */
int nft_exists_table(struct nft_conn *c, int family, const char *table)
{
	uint64_t handle;

	return nft_table_handle(c, family, table, &handle);
}

/* ---- element dumps ----------------------------------------------------- */

/**
 * nft_dump() - one dump request, every answer to @cb
 * @c:			connection
 * @type:		NFT_MSG_GET*
 * @family:		NFPROTO_*
 * @payload_obj:	what @build puts in the request
 * @build:		builds the request's payload from @payload_obj
 * @cb:			called for every message of the answer
 * @ctx:		for @cb
 *
 * Return: 0 or -errno (ENOENT: the table or set does not exist)
 */
int nft_dump(struct nft_conn *c, uint16_t type, int family,
	     void *payload_obj, void (*build)(struct nlmsghdr *, void *),
	     mnl_cb_t cb, void *ctx)
{
	char *buf = nft_rbuf(c);
	uint32_t seq = c->seq++;
	struct nlmsghdr *nlh;
	ssize_t n;
	int rc = 0;

	if (!buf)
		return -ENOMEM;
	nlh = nftnl_nlmsg_build_hdr(buf, type, (uint16_t)family, NLM_F_DUMP,
				    seq);
	if (build)
		build(nlh, payload_obj);
	nft_drain(c);
	if (mnl_socket_sendto(c->nl, nlh, nlh->nlmsg_len) < 0)
		return -errno;
	while ((n = mnl_socket_recvfrom(c->nl, buf, RBUF)) > 0) {
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
	if (c->reader)
		return c->reader->dump(c->reader->ctx, family, set, cb, ctx);
	return nft_dump_elems_in(c, family, NFT_TABLE, set, cb, ctx);
}

/**
 * nft_dump_elems_in() - nft_dump_elems() for a set of table @table, read
 * from the kernel
 */
int nft_dump_elems_in(struct nft_conn *c, int family, const char *table,
		      const char *set, nft_elem_cb cb, void *ctx)
{
	struct nftnl_set *s;
	struct nftnl_set_elems_iter *it;
	struct nftnl_set_elem *e;
	int rc;

	s = nft_set_obj(family, table, set);
	if (!s)
		return -ENOMEM;
	rc = nft_dump(c, NFT_MSG_GETSETELEM, family, s, build_elems, elems_cb, s);
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
		struct nft_elem_view v = { NULL, NULL, 0, 0, 0, "", 0 };
		char comment[64];

		v.key = nftnl_set_elem_get(e, NFTNL_SET_ELEM_KEY, &v.klen);
		if (nftnl_set_elem_is_set(e, NFTNL_SET_ELEM_DATA))
			v.data = nftnl_set_elem_get(e, NFTNL_SET_ELEM_DATA,
						    &v.dlen);
		if (nftnl_set_elem_is_set(e, NFTNL_SET_ELEM_FLAGS))
			v.flags = nftnl_set_elem_get_u32(e,
							 NFTNL_SET_ELEM_FLAGS);
		if (nftnl_set_elem_is_set(e, NFTNL_SET_ELEM_EXPIRATION))
			v.expires_ms = nftnl_set_elem_get_u64(
				e, NFTNL_SET_ELEM_EXPIRATION);
		nft_elem_comment(e, comment, sizeof(comment));
		v.comment = comment;
		if (v.key)
			rc = cb(&v, ctx);
	}
	nftnl_set_elems_iter_destroy(it);
	nftnl_set_free(s);
	return rc;
}

// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * nft.c - nf_tables transactions over libnftnl and libmnl, on one
 * connection per program run.
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
 * The rule builder is in nftexpr.c, the reads and dumps in nftread.c.
 */
#include "nft.h"
#include "grow.h"
#include "nftint.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <sys/syscall.h>
#include <libmnl/libmnl.h>
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
#include <unistd.h>

#define MSG_ROOM 8192		/* the largest single message we build */

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
	free(c->rbuf);
	free(c);
}

char *nft_rbuf(struct nft_conn *c)
{
	if (!c->rbuf)
		c->rbuf = malloc(RBUF);
	return c->rbuf;
}

/* Close every descriptor but @a and @b. */
static void close_all_but(int a, int b)
{
	unsigned lo = (unsigned)(a < b ? a : b), hi = (unsigned)(a < b ? b : a);

	if (lo > 0)
		close_range(0, lo - 1, 0);
	if (hi > lo + 1)
		close_range(lo + 1, hi - 1, 0);
	close_range(hi + 1, ~0U, 0);
}

/* The closer's descriptors and stack. It shares the program's memory, so
 * it touches nothing else: raw system calls, which leave errno alone as
 * none of them can fail here (all signals are blocked, so the read ends
 * only with the pipe). */
static struct {
	int fd, rd;
	char stack[16384] __attribute__((aligned(16)));
} closer;

static int closer_main(void *arg)
{
	char b;

	(void)arg;
	close_all_but(closer.fd, closer.rd);
	syscall(SYS_read, closer.rd, &b, 1);
	syscall(SYS_close, closer.fd);
	syscall(SYS_exit, 0);
	return 0;
}

/**
 * nft_close_detached() - nft_close() for a program about to exit, the
 * socket's last close left to a child that waits for the program's exit
 * @c:	connection or NULL
 *
 * Closing an nfnetlink socket right after a commit waits until the kernel
 * has freed the committed transactions (the release of the socket flushes
 * nf_tables' destroy work, an RCU grace period: 20-30 ms here), a wait
 * QEMU would sit through on every attach and detach. Called last, with no
 * capabilities, nothing held and everything logged and printed: the child
 * closes every other descriptor, waits for the program to exit (the end
 * of a pipe only the program holds), closes the socket and exits; it
 * does nothing else. It shares the program's memory (clone(CLONE_VM)):
 * a fork() would copy the page tables, the largest single cost of an
 * attach, for a child that never writes a page. When the clone fails the
 * socket is closed here.
 */
void nft_close_detached(struct nft_conn *c)
{
	sigset_t all, old;
	int p[2];

	if (!c)
		return;
	if (pipe2(p, O_CLOEXEC) < 0) {
		nft_close(c);
		return;
	}
	closer.fd = mnl_socket_get_fd(c->nl);
	closer.rd = p[0];
	sigfillset(&all);
	sigprocmask(SIG_SETMASK, &all, &old);
	/* (if it fails, nft_close() below closes the socket, slowly) */
	clone(closer_main, closer.stack + sizeof(closer.stack),
	      CLONE_VM | SIGCHLD, NULL);
	sigprocmask(SIG_SETMASK, &old, NULL);
	close(p[0]);	/* p[1] stays open until the program exits */
	nft_close(c);
}

/**
 * nft_drain() - discard what is left to read on @c's socket (the answers
 * to a batch that failed half-way)
 * @c:	connection
 */
void nft_drain(struct nft_conn *c)
{
	char b;

	/* MSG_TRUNC: each message goes whole, whatever the buffer */
	while (recv(mnl_socket_get_fd(c->nl), &b, 1,
		    MSG_DONTWAIT | MSG_TRUNC) > 0)
		;
}

/**
 * nft_set_obj() - a libnftnl set naming @family @table @name, to address
 * elements by
 * @family:	NFPROTO_*
 * @table:	table name
 * @name:	set name
 *
 * Return: the object (nftnl_set_free() it), or NULL without memory
 */
struct nftnl_set *nft_set_obj(int family, const char *table,
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

/**
 * nft_txn_new() - start a transaction (one nfnetlink batch)
 * @out:	result, for nft_commit() and nft_txn_free()
 *
 * Return: 0 or -ENOMEM
 */
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

/**
 * nft_txn_free() - free a transaction, committed or not
 * @t:	transaction, or NULL
 */
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
char *nft_room(struct nft_txn *t)
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
void nft_push(struct nft_txn *t, const char *fmt, ...)
{
	struct nlmsghdr *nlh = (struct nlmsghdr *)(t->buf + t->len);
	size_t i = nlh->nlmsg_seq - t->seq0 - 1;
	void *nd;
	va_list ap;

	t->len += NLMSG_ALIGN(nlh->nlmsg_len);
	nd = grow(t->desc, i, &t->cap_desc, sizeof(*t->desc), 64);
	if (!nd) {
		t->oom = true;
		return;
	}
	t->desc = nd;
	va_start(ap, fmt);
	vsnprintf(t->desc[i], sizeof(t->desc[i]), fmt, ap);
	va_end(ap);
	t->ndesc = i + 1;
}

/**
 * nft_fam_name() - how nft spells @family
 * @family:	NFPROTO_*
 *
 * Return: static string ("inet", "bridge", ...; "?" if unknown)
 */
const char *nft_fam_name(int family)
{
	switch (family) {
	case NFPROTO_INET: return "inet";
	case NFPROTO_BRIDGE: return "bridge";
	case NFPROTO_NETDEV: return "netdev";
	case NFPROTO_IPV4: return "ip";
	default: return "?";
	}
}

/**
 * nft_hdr() - append a message header to @t's batch
 * @t:		transaction
 * @type:	NFT_MSG_*
 * @family:	NFPROTO_*
 * @flags:	NLM_F_*
 *
 * Return: the header, whose payload the caller builds, or NULL without
 * room (the transaction remembers it: nft_commit() fails)
 */
struct nlmsghdr *nft_hdr(struct nft_txn *t, uint16_t type, int family,
			 uint16_t flags)
{
	char *p = nft_room(t);

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

	if (!o || !(nlh = nft_hdr(t, type, family, flags))) {
		t->oom = true;
		nftnl_table_free(o);
		return;
	}
	nftnl_table_set_str(o, NFTNL_TABLE_NAME, table);
	if (tflags)
		nftnl_table_set_u32(o, NFTNL_TABLE_FLAGS, tflags);
	nftnl_table_nlmsg_build_payload(nlh, o);
	nftnl_table_free(o);
	nft_push(t, "%s table %s %s", verb, nft_fam_name(family), table);
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

/* Delete a table and everything in it (it must exist). */
void nft_table_del(struct nft_txn *t, int family, const char *table)
{
	table_msg(t, NFT_MSG_DELTABLE, 0, family, table, 0, "delete");
}

/* What one element message carries. */
struct elem_attr {
	const void *key, *data;
	size_t klen, dlen;
	uint32_t flags;
	uint64_t timeout_ms;	/* 0: the set's own */
	const char *comment;
};

static void elem_msg(struct nft_txn *t, uint16_t nlflags, bool add,
		     int family, const char *table, const char *set,
		     const struct elem_attr *a)
{
	struct nftnl_set *s = nft_set_obj(family, table, set);
	struct nftnl_set_elem *e = nftnl_set_elem_alloc();
	struct nftnl_udata_buf *u = NULL;
	struct nlmsghdr *nlh = NULL;

	if (a->comment) {
		u = nftnl_udata_buf_alloc(NFT_USERDATA_MAXLEN);
		if (u && !nftnl_udata_put_strz(u, NFTNL_UDATA_SET_ELEM_COMMENT,
					       a->comment)) {
			nftnl_udata_buf_free(u);
			u = NULL;
		}
	}
	if (s && e && (u || !a->comment))
		nlh = nft_hdr(t, add ? NFT_MSG_NEWSETELEM : NFT_MSG_DELSETELEM,
			  family, nlflags);
	if (!nlh) {
		t->oom = true;
		nftnl_set_free(s);
		nftnl_set_elem_free(e);
		nftnl_udata_buf_free(u);
		return;
	}
	nftnl_set_elem_set(e, NFTNL_SET_ELEM_KEY, a->key, (uint32_t)a->klen);
	if (a->data)
		nftnl_set_elem_set(e, NFTNL_SET_ELEM_DATA, a->data,
				   (uint32_t)a->dlen);
	if (a->flags)
		nftnl_set_elem_set_u32(e, NFTNL_SET_ELEM_FLAGS, a->flags);
	if (a->timeout_ms)
		nftnl_set_elem_set_u64(e, NFTNL_SET_ELEM_TIMEOUT,
				       a->timeout_ms);
	if (u)
		nftnl_set_elem_set(e, NFTNL_SET_ELEM_USERDATA,
				   nftnl_udata_buf_data(u),
				   nftnl_udata_buf_len(u));
	nftnl_set_elem_add(s, e);
	nftnl_set_elems_nlmsg_build_payload(nlh, s);
	nftnl_set_free(s);
	nftnl_udata_buf_free(u);
	nft_push(t, "%s element %s %s %s", add ? "add" : "delete",
	     nft_fam_name(family), table, set);
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
	struct elem_attr a = { key, data, klen, dlen, flags, 0, NULL };

	elem_msg(t, add ? NLM_F_CREATE : 0, add, family, table, set, &a);
}

/* Add an element that must not exist yet (-EEXIST from the commit),
 * with an optional comment that "nft list" shows. */
void nft_elem_new(struct nft_txn *t, int family, const char *table,
		  const char *set, const void *key, size_t klen,
		  const void *data, size_t dlen, const char *comment)
{
	struct elem_attr a = { key, data, klen, dlen, 0, 0, comment };

	elem_msg(t, NLM_F_CREATE | NLM_F_EXCL, true, family, table, set, &a);
}

/* Add (or refresh) an element of a set with timeouts that lasts
 * @timeout_ms from now. */
void nft_elem_timeout(struct nft_txn *t, int family, const char *table,
		      const char *set, const void *key, size_t klen,
		      uint64_t timeout_ms)
{
	struct elem_attr a = { key, NULL, klen, 0, 0, timeout_ms, NULL };

	elem_msg(t, NLM_F_CREATE, true, family, table, set, &a);
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
	char *rbuf = nft_rbuf(c);
	int first = 0;
	ssize_t n;

	if (what_size)
		what[0] = '\0';
	if (!rbuf || !nft_room(t))
		return -ENOMEM;
	nftnl_batch_end(t->buf + t->len, t->seq++);
	t->len += NLMSG_ALIGN(((struct nlmsghdr *)(t->buf + t->len))->nlmsg_len);
	if (t->oom)
		return -ENOMEM;
	nft_drain(c);
	if (t->len > 128 * 1024) {
		int sz = (int)t->len * 2;

		/* Needs CAP_NET_ADMIN, which every caller holds. */
		setsockopt(mnl_socket_get_fd(c->nl), SOL_SOCKET, SO_SNDBUFFORCE,
			   &sz, sizeof(sz));
	}
	if (mnl_socket_sendto(c->nl, t->buf, t->len) < 0)
		return -errno;
	/* Processing happened inside sendto(); collect queued errors. */
	while ((n = recv(mnl_socket_get_fd(c->nl), rbuf, RBUF,
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


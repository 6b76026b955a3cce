// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * slots.c - the registry of the users' attached taps, so that max-taps
 * counts a user's taps without reading every link on the host.
 *
 * Table "inet vmnet_slots" holds one set per user, "uid_UID", of the
 * ifindexes of the taps that carry a record of that user (the taps
 * attach_counts_for() counts), and 0, a mark that says the set is
 * complete. Every change is made under the user's vmnet lock:
 *
 *   attach  adds the tap's slot BEFORE the tap gets its record (a run
 *           killed after that leaves a slot too many, never one too few)
 *   detach  removes it AFTER the record is gone
 *   count   reads the set; without the mark (first use, "nft flush
 *           ruleset", a flushed set) it builds the set anew from the
 *           links, in one transaction, mark last; at or over the limit
 *           it checks each slot against its link and drops the stale
 *           ones (a tap deleted without vmnet-ifdown: QEMU killed), so
 *           the answer is the one a dump of every link would give
 *
 * A set without the mark may miss taps and is never trusted; a set with
 * it holds every counted tap, as only the runs above (under the lock)
 * give taps records. "vmnetctl gc" and vmnetd prune the stale slots of
 * every user (slots_prune()), so the sets do not grow with dead VMs, and
 * they and "vmnetctl down" delete the table once no tap has a record
 * (slots_drop(); without any lock: a set that is not there is rebuilt,
 * so deleting one can only cost a rebuild).
 */
#include "slots.h"

#include <errno.h>
#include <libnftnl/set.h>
#include <libnftnl/udata.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attach.h"
#include "grow.h"
#include "nft.h"
#include "nftint.h"

#define T_IFINDEX 20		/* nft's datatype "iface_index" */
#define ORDER_HOST 1		/* nft's byte order of a set's key */
#define COMPLETE 0		/* the mark: no link has ifindex 0 */
#define SET_PREFIX "uid_"

static void set_name(uid_t uid, char out[32])
{
	snprintf(out, 32, SET_PREFIX "%u", (unsigned)uid);
}

/* Create the table and @uid's set if they do not exist. */
static void set_msg(struct nft_txn *t, const char *set)
{
	struct nftnl_set *s = nft_set_obj(NFPROTO_INET, SLOTS_TABLE, set);
	/* (for "nft list": the key in the host's byte order) */
	struct nftnl_udata_buf *u = nftnl_udata_buf_alloc(16);
	struct nlmsghdr *nlh;

	nft_table_add(t, NFPROTO_INET, SLOTS_TABLE);
	if (!s || !(nlh = nft_hdr(t, NFT_MSG_NEWSET, NFPROTO_INET,
				  NLM_F_CREATE))) {
		t->oom = true;
		nftnl_set_free(s);
		nftnl_udata_buf_free(u);
		return;
	}
	nftnl_set_set_u32(s, NFTNL_SET_ID, t->seq);
	nftnl_set_set_u32(s, NFTNL_SET_KEY_TYPE, T_IFINDEX);
	nftnl_set_set_u32(s, NFTNL_SET_KEY_LEN, sizeof(uint32_t));
	if (u && nftnl_udata_put_u32(u, NFTNL_UDATA_SET_KEYBYTEORDER,
				     ORDER_HOST))
		nftnl_set_set_data(s, NFTNL_SET_USERDATA,
				   nftnl_udata_buf_data(u),
				   nftnl_udata_buf_len(u));
	nftnl_set_nlmsg_build_payload(nlh, s);
	nftnl_udata_buf_free(u);
	nftnl_set_free(s);
	nft_push(t, "add set inet " SLOTS_TABLE " %s", set);
}

static void elem(struct nft_txn *t, bool add, const char *set, int ifindex)
{
	uint32_t k = (uint32_t)ifindex;

	nft_elem(t, add, NFPROTO_INET, SLOTS_TABLE, set, &k, sizeof(k), NULL,
		 0, 0);
}

/* One transaction of slot changes for @uid: @add (with the set made if
 * absent) or delete @n ifindexes. */
static int change(struct nft_conn *c, uid_t uid, bool add,
		  const int *ifindex, size_t n)
{
	struct nft_txn *t;
	char set[32];
	size_t i;
	int rc;

	if (!n)
		return 0;
	rc = nft_txn_new(&t);
	if (rc)
		return rc;
	set_name(uid, set);
	if (add)
		set_msg(t, set);
	for (i = 0; i < n; i++)
		elem(t, add, set, ifindex[i]);
	rc = nft_commit(c, t, NULL, 0);
	nft_txn_free(t);
	return rc;
}

/**
 * slots_add() - give tap @ifindex a slot of @uid (before its record)
 *
 * Return: 0 or -errno
 */
int slots_add(struct nft_conn *c, uid_t uid, int ifindex)
{
	return change(c, uid, true, &ifindex, 1);
}

/**
 * slots_del() - take tap @ifindex's slot of @uid away (after its record
 * went); a slot already gone is no error
 *
 * Return: 0 or -errno
 */
int slots_del(struct nft_conn *c, uid_t uid, int ifindex)
{
	int rc = change(c, uid, false, &ifindex, 1);

	return rc == -ENOENT ? 0 : rc;
}

/* A growing list of ifindexes. */
struct ilist {
	int *v;
	size_t n, cap;
	bool complete;		/* (a dump of the set: the mark seen) */
	int rc;
};

static void ilist_push(struct ilist *l, int ifindex)
{
	int *v = grow(l->v, l->n, &l->cap, sizeof(*l->v), 64);

	if (!v) {
		l->rc = -ENOMEM;
		return;
	}
	l->v = v;
	l->v[l->n++] = ifindex;
}

static int read_cb(const struct nft_elem_view *e, void *ctx)
{
	struct ilist *l = ctx;
	uint32_t k;

	if (e->klen != sizeof(k))
		return 0;
	memcpy(&k, e->key, sizeof(k));
	if (k == COMPLETE)
		l->complete = true;
	else
		ilist_push(l, (int)k);
	return l->rc;
}

static int read_set(struct nft_conn *c, uid_t uid, struct ilist *l)
{
	char set[32];
	int rc;

	set_name(uid, set);
	rc = nft_dump_elems_in(c, NFPROTO_INET, SLOTS_TABLE, set, read_cb, l);
	return rc == -ENOENT ? 0 : rc;
}

struct build_ctx {
	uid_t uid;
	struct ilist l;
};

static int build_cb(const struct link_info *link, void *arg)
{
	struct build_ctx *b = arg;
	struct rec rec;

	if (attach_counts_for(link, b->uid, &rec))
		ilist_push(&b->l, link->ifindex);
	return b->l.rc;
}

static bool has(const struct ilist *l, int ifindex)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (l->v[i] == ifindex)
			return true;
	return false;
}

/* The set made anew from every link, in one transaction: @old's slots
 * whose taps do not count go, the counted taps' are added, the mark
 * last. */
static int rebuild(struct nft_conn *c, struct nl_sock *sk, uid_t uid,
		   const struct ilist *old, unsigned *count)
{
	struct build_ctx b = { .uid = uid };
	struct nft_txn *t = NULL;
	char set[32];
	size_t i;
	int rc = link_dump(sk, build_cb, &b);

	rc = rc ? rc : b.l.rc;
	if (!rc)
		rc = nft_txn_new(&t);
	if (!rc) {
		set_name(uid, set);
		set_msg(t, set);
		for (i = 0; i < old->n; i++)
			if (!has(&b.l, old->v[i]))
				elem(t, false, set, old->v[i]);
		for (i = 0; i < b.l.n; i++)
			elem(t, true, set, b.l.v[i]);
		elem(t, true, set, COMPLETE);
		rc = nft_commit(c, t, NULL, 0);
		nft_txn_free(t);
	}
	*count = (unsigned)b.l.n;
	free(b.l.v);
	return rc;
}

/* Drop the slots in @l whose link no longer counts for @uid; @count: the
 * slots that do. With @snap, a slot whose link is not in it but older
 * than its newest link is gone for sure (ifindexes are never reused),
 * and one whose link counts there is taken as counting (it can only
 * have lost its record since, which the next prune sees); the others
 * are read from the kernel. */
static int drop_stale(struct nft_conn *c, struct nl_sock *sk, uid_t uid,
		      const struct slots_snap *snap, struct ilist *l,
		      unsigned *count)
{
	struct ilist stale = { 0 };
	struct link_info link;
	struct rec rec;
	size_t i;
	int rc = 0;

	*count = 0;
	for (i = 0; i < l->n && !rc; i++) {
		const struct link_info *s = snap ? snap->at(snap->ctx,
							    l->v[i]) : NULL;

		if (s && attach_counts_for(s, uid, &rec)) {
			(*count)++;
			continue;
		}
		if (snap && !s && l->v[i] <= snap->max_ifindex) {
			ilist_push(&stale, l->v[i]);
			rc = stale.rc;
			continue;
		}
		rc = link_get(sk, l->v[i], NULL, &link);
		if (rc == 0 && attach_counts_for(&link, uid, &rec)) {
			(*count)++;
			continue;
		}
		if (rc == 0 || rc == -ENODEV) {
			ilist_push(&stale, l->v[i]);
			rc = stale.rc;
		}
	}
	if (!rc)
		rc = change(c, uid, false, stale.v, stale.n);
	free(stale.v);
	return rc == -ENOENT ? 0 : rc;
}

/**
 * slots_count() - how many taps carry a record of @uid, under @uid's lock
 * @c:		nfnetlink connection
 * @sk:		rtnetlink socket
 * @uid:	whose
 * @limit:	below this, the slots are trusted unchecked (a stale slot
 *		can only make the count too high)
 * @count:	result
 *
 * Return: 0 or -errno
 */
int slots_count(struct nft_conn *c, struct nl_sock *sk, uid_t uid,
		unsigned limit, unsigned *count)
{
	struct ilist l = { 0 };
	int rc = read_set(c, uid, &l);

	if (!rc && !l.complete)
		rc = rebuild(c, sk, uid, &l, count);
	else if (!rc && l.n >= limit)
		rc = drop_stale(c, sk, uid, NULL, &l, count);
	else
		*count = (unsigned)l.n;
	free(l.v);
	return rc ? rc : l.rc;
}

/**
 * slots_prune() - drop @uid's stale slots (under @uid's lock)
 * @snap:	the links as read before the lock (NULL: read each slot's)
 * @pruned:	how many went
 *
 * Return: 0 or -errno
 */
int slots_prune(struct nft_conn *c, struct nl_sock *sk, uid_t uid,
		const struct slots_snap *snap, unsigned *pruned)
{
	struct ilist l = { 0 };
	unsigned live = 0;
	int rc = read_set(c, uid, &l);

	if (!rc && !l.rc)
		rc = drop_stale(c, sk, uid, snap, &l, &live);
	*pruned = rc ? 0 : (unsigned)l.n - live;
	free(l.v);
	return rc ? rc : l.rc;
}

/**
 * slots_drop() - delete every user's slots (the table): always safe, as a
 * set that is not there is rebuilt from the links by the next count
 *
 * Return: 0 (also when there was none) or -errno
 */
int slots_drop(struct nft_conn *c)
{
	struct nft_txn *t;
	int rc = nft_txn_new(&t);

	if (rc)
		return rc;
	nft_table_del(t, NFPROTO_INET, SLOTS_TABLE);
	rc = nft_commit(c, t, NULL, 0);
	nft_txn_free(t);
	return rc == -ENOENT ? 0 : rc;
}

struct users_ctx {
	uid_t *uids;
	size_t max, n;
};

static int users_cb(const struct nlmsghdr *nlh, void *arg)
{
	struct users_ctx *u = arg;
	struct nftnl_set *s = nftnl_set_alloc();
	const char *table, *name;
	char *end;
	unsigned long v;

	if (!s)
		return MNL_CB_ERROR;
	if (nftnl_set_nlmsg_parse(nlh, s) == 0 &&
	    (table = nftnl_set_get_str(s, NFTNL_SET_TABLE)) &&
	    !strcmp(table, SLOTS_TABLE) &&
	    (name = nftnl_set_get_str(s, NFTNL_SET_NAME)) &&
	    !strncmp(name, SET_PREFIX, strlen(SET_PREFIX))) {
		errno = 0;
		v = strtoul(name + strlen(SET_PREFIX), &end, 10);
		if (!errno && !*end && v <= (uid_t)-1 && u->n < u->max)
			u->uids[u->n++] = (uid_t)v;
	}
	nftnl_set_free(s);
	return MNL_CB_OK;
}

static void build_sets(struct nlmsghdr *nlh, void *s)
{
	nftnl_set_nlmsg_build_payload(nlh, s);
}

/**
 * slots_users() - the users that have a set of slots
 * @uids:	result, up to @max
 * @n:		how many
 *
 * Return: 0 (also without the table) or -errno
 */
int slots_users(struct nft_conn *c, uid_t *uids, size_t max, size_t *n)
{
	struct users_ctx u = { uids, max, 0 };
	struct nftnl_set *s = nftnl_set_alloc();
	int rc;

	*n = 0;
	if (!s)
		return -ENOMEM;
	nftnl_set_set_str(s, NFTNL_SET_TABLE, SLOTS_TABLE);
	rc = nft_dump(c, NFT_MSG_GETSET, NFPROTO_INET, s, build_sets, users_cb,
		      &u);
	nftnl_set_free(s);
	*n = u.n;
	return rc == -ENOENT ? 0 : rc;
}

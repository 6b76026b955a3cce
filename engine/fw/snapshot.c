// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * snapshot.c - a network's sets read once (see snapshot.h).
 */
#include "fw/snapshot.h"

#include <errno.h>
#include <linux/netfilter/nf_tables.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fw/tables.h"
#include "grow.h"
#include "nftadm.h"

static int copy_cb(const struct nft_elem_view *e, void *arg)
{
	struct fw_snap_set *s = arg;
	struct fw_snap_elem *x, *v;

	if (e->klen > sizeof(x->key) || e->dlen > sizeof(x->data))
		return -EIO;	/* longer than any key or value vmnet writes */
	v = grow(s->v, s->n, &s->cap, sizeof(*s->v), 64);
	if (!v)
		return -ENOMEM;
	s->v = v;
	x = &s->v[s->n++];
	memset(x, 0, sizeof(*x));
	memcpy(x->key, e->key, e->klen);
	x->klen = e->klen;
	if (e->data) {
		memcpy(x->data, e->data, e->dlen);
		x->dlen = e->dlen;
	}
	x->expires_ms = e->expires_ms;
	snprintf(x->comment, sizeof(x->comment), "%s", e->comment);
	return 0;
}

static int by_key(const void *a, const void *b)
{
	const struct fw_snap_elem *x = a, *y = b;

	if (x->klen != y->klen)
		return x->klen < y->klen ? -1 : 1;
	return memcmp(x->key, y->key, x->klen);
}

/* The snapshot's copy of set @name, or NULL when it did not read it. */
static struct fw_snap_set *find(struct fw_snapshot *s, int family,
				const char *name)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (s->set[i].family == family && !strcmp(s->set[i].name, name))
			return &s->set[i];
	return NULL;
}

/* nft_get_elems() from memory; a set the snapshot did not read is an
 * error, never a guess. */
static int snap_get(void *ctx, struct nft_get *q, size_t n)
{
	struct fw_snapshot *s = ctx;
	size_t i;

	for (i = 0; i < n; i++) {
		struct fw_snap_set *set = find(s, q[i].family, q[i].set);
		struct fw_snap_elem k, *hit;

		if (!set)
			return -EOPNOTSUPP;
		q[i].rc = 0;
		q[i].dlen = 0;
		q[i].comment[0] = '\0';
		if (!set->exists)
			continue;
		if (!q[i].key) {
			q[i].rc = 1;
			continue;
		}
		if (q[i].klen > sizeof(k.key))
			return -EINVAL;
		memcpy(k.key, q[i].key, q[i].klen);
		k.klen = q[i].klen;
		hit = bsearch(&k, set->v, set->n, sizeof(*set->v), by_key);
		if (!hit)
			continue;
		q[i].rc = 1;
		memcpy(q[i].data, hit->data, hit->dlen);
		q[i].dlen = hit->dlen;
		snprintf(q[i].comment, sizeof(q[i].comment), "%s",
			 hit->comment);
	}
	return 0;
}

/* nft_dump_elems() from memory. */
static int snap_dump(void *ctx, int family, const char *name, nft_elem_cb cb,
		     void *cb_ctx)
{
	struct fw_snap_set *set = find(ctx, family, name);
	size_t i;
	int rc;

	if (!set)
		return -EOPNOTSUPP;
	if (!set->exists)
		return -ENOENT;
	for (i = 0; i < set->n; i++) {
		const struct fw_snap_elem *x = &set->v[i];
		struct nft_elem_view v = {
			x->key, x->dlen ? x->data : NULL, x->klen, x->dlen, 0,
			x->comment, x->expires_ms,
		};

		rc = cb(&v, cb_ctx);
		if (rc)
			return rc;
	}
	return 0;
}

/**
 * fw_snapshot_take() - read the element sets of network @n, each in one
 * dump, and make @s a reader for nft_set_reader() (interval sets are not
 * read: exact lookups are not how the kernel answers for them)
 * @c:	nf_tables connection
 * @n:	the network
 * @s:	result; fw_snapshot_free() it
 *
 * Return: 0 or -errno (then @s holds nothing)
 */
int fw_snapshot_take(struct nft_conn *c, const struct fw_net *n,
		     struct fw_snapshot *s)
{
	int i, rc;

	memset(s, 0, sizeof(*s));
	for (i = 0; i < FS_NSETS; i++) {
		struct fw_snap_set *set = &s->set[s->n];
		char name[FW_NAME_MAX];
		struct nft_set_spec sp;

		if (!fw_has_set(n, (enum fw_set)i))
			continue;
		fw_set_spec(n, (enum fw_set)i, name, &sp);
		if (sp.flags & NFT_SET_INTERVAL)
			continue;
		set->family = fw_set_family(n, (enum fw_set)i);
		snprintf(set->name, sizeof(set->name), "%s", name);
		s->n++;
		rc = nft_dump_elems(c, set->family, set->name, copy_cb, set);
		if (rc == -ENOENT) {
			set->n = 0;
			continue;
		}
		if (rc) {
			fw_snapshot_free(s);
			return rc;
		}
		set->exists = true;
		qsort(set->v, set->n, sizeof(*set->v), by_key);
	}
	s->reader = (struct nft_reader){ snap_get, snap_dump, s };
	return 0;
}

/* Release what fw_snapshot_take() read. */
void fw_snapshot_free(struct fw_snapshot *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		free(s->set[i].v);
	memset(s, 0, sizeof(*s));
}

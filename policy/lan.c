// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * lan.c - the ranges "lan = block" rejects, merged.
 */
#include "lan.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

/* RFC 1918, RFC 6598 (shared address space), RFC 3927 (link-local). */
const struct val_prefix lan_fixed[] = {
	{ 0x0a000000, 8 },	/* 10.0.0.0/8 */
	{ 0x64400000, 10 },	/* 100.64.0.0/10 */
	{ 0xa9fe0000, 16 },	/* 169.254.0.0/16 */
	{ 0xac100000, 12 },	/* 172.16.0.0/12 */
	{ 0xc0a80000, 16 },	/* 192.168.0.0/16 */
};
const size_t lan_n_fixed = sizeof(lan_fixed) / sizeof(lan_fixed[0]);

static int add(struct lan_range *out, size_t max, size_t *n,
	       const struct val_prefix *p)
{
	uint32_t mask = val_mask(p->len);

	if (*n >= max)
		return -ENOSPC;
	out[*n].lo = p->addr & mask;
	out[*n].hi = (p->addr & mask) | ~mask;
	(*n)++;
	return 0;
}

static int cmp_lo(const void *a, const void *b)
{
	const struct lan_range *x = a, *y = b;

	return x->lo < y->lo ? -1 : x->lo > y->lo;
}

/* Sort and merge @cnt ranges in place; return how many are left. */
static int merge(struct lan_range *out, size_t cnt)
{
	size_t i, m;

	qsort(out, cnt, sizeof(*out), cmp_lo);
	for (i = 1, m = 0; i < cnt; i++) {
		/* Overlapping or adjacent: extend (hi + 1 cannot wrap here
		 * unless hi is the last address, which covers everything). */
		if (out[m].hi == UINT32_MAX || out[i].lo <= out[m].hi + 1) {
			if (out[i].hi > out[m].hi)
				out[m].hi = out[i].hi;
		} else {
			out[++m] = out[i];
		}
	}
	return cnt ? (int)(m + 1) : 0;
}

/**
 * lan_ranges() - the merged ranges to block for network @n
 * @conn:	the subnets the host is connected to (addresses with prefix
 *		length; host bits are ignored)
 *
 * Return: the number of disjoint, non-adjacent ranges in @out, sorted, or
 * -ENOSPC.
 */
int lan_ranges(const struct conf_network *n, const struct val_prefix *conn,
	       size_t nconn, struct lan_range *out, size_t max)
{
	size_t cnt = 0, i;
	int rc = 0;

	for (i = 0; i < lan_n_fixed && !rc; i++)
		rc = add(out, max, &cnt, &lan_fixed[i]);
	for (i = 0; i < nconn && !rc; i++)
		rc = add(out, max, &cnt, &conn[i]);
	for (i = 0; i < n->n_block_extra && !rc; i++)
		rc = add(out, max, &cnt, &n->block_extra[i]);
	if (rc)
		return rc;
	return merge(out, cnt);
}

/**
 * lan_subnets() - @conn as merged ranges (a wlan network's uplink subnets)
 *
 * Return: the number of ranges in @out, or -ENOSPC.
 */
int lan_subnets(const struct val_prefix *conn, size_t nconn,
		struct lan_range *out, size_t max)
{
	size_t cnt = 0, i;
	int rc = 0;

	for (i = 0; i < nconn && !rc; i++)
		rc = add(out, max, &cnt, &conn[i]);
	return rc ? rc : merge(out, cnt);
}


/* "10.0.0.0/8" when the range is a prefix, else "10.0.0.0-10.0.0.5". */
int lan_range_str(const struct lan_range *r, char *buf, size_t size)
{
	char a[16], b[16];
	uint8_t len;

	val_ipv4_str(r->lo, a);
	for (len = 0; len <= 32; len++) {
		uint32_t mask = val_mask(len);

		if ((r->lo & ~mask) == 0 && (r->lo | ~mask) == r->hi)
			return snprintf(buf, size, "%s/%u", a, len) <
			       (int)size ? 0 : -ENOSPC;
	}
	val_ipv4_str(r->hi, b);
	return snprintf(buf, size, "%s-%s", a, b) < (int)size ? 0 : -ENOSPC;
}

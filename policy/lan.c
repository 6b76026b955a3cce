// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * lan.c - the ranges "lan = block" rejects, merged.
 */
#include "lan.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

/* RFC 1918, RFC 6598 (shared address space), RFC 3927 (link-local). */
const struct inany_prefix lan_fixed[] = {
	{ INANY_V4(10, 0, 0, 0), 8 },
	{ INANY_V4(100, 64, 0, 0), 10 },
	{ INANY_V4(169, 254, 0, 0), 16 },
	{ INANY_V4(172, 16, 0, 0), 12 },
	{ INANY_V4(192, 168, 0, 0), 16 },
};
const size_t lan_n_fixed = sizeof(lan_fixed) / sizeof(lan_fixed[0]);

/* RFC 4193 (unique local), RFC 4291 (link-local; multicast, of which the
 * kernel forwards none but a multicast router's: every scope, the site
 * and organisation ones among them). */
const struct inany_prefix lan_fixed6[] = {
	{ { .b = { 0xfc } }, 7 },
	{ { .b = { 0xfe, 0x80 } }, 10 },
	{ { .b = { 0xff } }, 8 },
};
const size_t lan_n_fixed6 = sizeof(lan_fixed6) / sizeof(lan_fixed6[0]);

static int add(struct inany_range *out, size_t max, size_t *n,
	       const struct inany_prefix *p)
{
	if (*n >= max)
		return -ENOSPC;
	inany_prefix_range(p, &out[(*n)++]);
	return 0;
}

static int cmp_lo(const void *a, const void *b)
{
	const struct inany_range *x = a, *y = b;

	return inany_cmp(&x->lo, &y->lo);
}

/* Whether @y, which starts no earlier than @x, overlaps or follows it
 * without a gap (ranges of different families never touch). */
static bool touches(const struct inany_range *x, const struct inany_range *y)
{
	union inany after = x->hi;

	if (inany_is_v4(&x->hi) != inany_is_v4(&y->lo))
		return false;
	/* the family's last address: x covers everything after it */
	return inany_next(&after) || inany_cmp(&y->lo, &after) <= 0;
}

/* Sort and merge @cnt ranges in place; return how many are left. */
static int merge(struct inany_range *out, size_t cnt)
{
	size_t i, m;

	qsort(out, cnt, sizeof(*out), cmp_lo);
	for (i = 1, m = 0; i < cnt; i++) {
		if (touches(&out[m], &out[i])) {
			if (inany_cmp(&out[i].hi, &out[m].hi) > 0)
				out[m].hi = out[i].hi;
		} else {
			out[++m] = out[i];
		}
	}
	return cnt ? (int)(m + 1) : 0;
}

/* The fixed ranges of one family, @conn and @n's block-extra of that
 * family, merged. */
static int ranges(const struct conf_network *n, bool v4,
		  const struct inany_prefix *conn, size_t nconn,
		  struct inany_range *out, size_t max)
{
	const struct inany_prefix *fixed = v4 ? lan_fixed : lan_fixed6;
	size_t nfixed = v4 ? lan_n_fixed : lan_n_fixed6, cnt = 0, i;
	int rc = 0;

	for (i = 0; i < nfixed && !rc; i++)
		rc = add(out, max, &cnt, &fixed[i]);
	for (i = 0; i < nconn && !rc; i++)
		if (inany_is_v4(&conn[i].addr) == v4)
			rc = add(out, max, &cnt, &conn[i]);
	for (i = 0; i < n->n_block_extra && !rc; i++)
		if (inany_is_v4(&n->block_extra[i].addr) == v4)
			rc = add(out, max, &cnt, &n->block_extra[i]);
	if (rc)
		return rc;
	return merge(out, cnt);
}

/**
 * lan_ranges() - the merged IPv4 ranges to block for network @n
 * @conn:	the subnets the host is connected to (addresses with prefix
 *		length; host bits are ignored; IPv6 ones are skipped)
 *
 * Return: the number of disjoint, non-adjacent ranges in @out, sorted, or
 * -ENOSPC.
 */
int lan_ranges(const struct conf_network *n, const struct inany_prefix *conn,
	       size_t nconn, struct inany_range *out, size_t max)
{
	return ranges(n, true, conn, nconn, out, max);
}

/**
 * lan_ranges6() - the same for IPv6: unique local, link-local and
 * multicast space, the host's IPv6 prefixes in @conn, block-extra's
 */
int lan_ranges6(const struct conf_network *n, const struct inany_prefix *conn,
		size_t nconn, struct inany_range *out, size_t max)
{
	return ranges(n, false, conn, nconn, out, max);
}

/**
 * lan_subnets() - @conn as merged ranges (a wlan network's uplink subnets)
 *
 * Return: the number of ranges in @out, or -ENOSPC.
 */
int lan_subnets(const struct inany_prefix *conn, size_t nconn,
		struct inany_range *out, size_t max)
{
	size_t cnt = 0, i;
	int rc = 0;

	for (i = 0; i < nconn && !rc; i++)
		rc = add(out, max, &cnt, &conn[i]);
	return rc ? rc : merge(out, cnt);
}


/* "10.0.0.0/8" when the range is a prefix, else "10.0.0.0-10.0.0.5". */
int lan_range_str(const struct inany_range *r, char *buf, size_t size)
{
	char a[INANY_STRLEN], b[INANY_STRLEN];
	struct inany_prefix head;
	struct inany_range span;

	inany_str(&r->lo, a);
	inany_range_head(r, &head);
	inany_prefix_range(&head, &span);
	if (inany_equal(&span.hi, &r->hi))
		return snprintf(buf, size, "%s/%u", a, head.len) < (int)size ?
			       0 : -ENOSPC;
	inany_str(&r->hi, b);
	return snprintf(buf, size, "%s-%s", a, b) < (int)size ? 0 : -ENOSPC;
}

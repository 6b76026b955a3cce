// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * inany.c - addresses of either family (see inany.h).
 */
#include "inany.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "validate.h"

static const uint8_t v4_mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
				       0xff, 0xff };

/**
 * inany_from_v4() - @a holds IPv4 address @host
 * @a:		result
 * @host:	address, host byte order
 */
void inany_from_v4(union inany *a, uint32_t host)
{
	memcpy(a->b, v4_mapped, 12);
	a->w[3] = htonl(host);
}

/* Whether @a is an IPv4 address. */
bool inany_is_v4(const union inany *a)
{
	return !memcmp(a->b, v4_mapped, 12);
}

/* @a's IPv4 address, host byte order (@a must be one). */
uint32_t inany_v4(const union inany *a)
{
	return ntohl(a->w[3]);
}

/* How many bits @a's family has: 32 or 128. */
unsigned inany_bits(const union inany *a)
{
	return inany_is_v4(a) ? 32 : 128;
}

/**
 * inany_cmp() - order of two addresses (IPv4 ones before IPv6 ones but
 * for ::/96, which no configuration uses)
 * @a:	address
 * @b:	address
 *
 * Return: < 0, 0 or > 0 as @a is before, equal to or after @b
 */
int inany_cmp(const union inany *a, const union inany *b)
{
	return memcmp(a->b, b->b, 16);
}

/**
 * inany_parse() - parse an IPv4 address (dotted quad, as val_ipv4()) or
 * an IPv6 one (RFC 4291 text); an IPv4-mapped IPv6 text is refused: an
 * IPv4 address is written as one
 * @s:	text
 * @a:	result
 *
 * Return: 0 or -EINVAL
 */
int inany_parse(const char *s, union inany *a)
{
	struct in6_addr v6;
	uint32_t v4;

	if (!s)
		return -EINVAL;
	if (!strchr(s, ':')) {
		if (val_ipv4(s, &v4))
			return -EINVAL;
		inany_from_v4(a, v4);
		return 0;
	}
	if (strlen(s) >= INANY_STRLEN || inet_pton(AF_INET6, s, &v6) != 1)
		return -EINVAL;
	memcpy(a->b, v6.s6_addr, 16);
	return inany_is_v4(a) ? -EINVAL : 0;
}

/**
 * inany_str() - @a as text: dotted quad, or RFC 5952's form of IPv6
 * @a:		address
 * @buf:	result
 */
void inany_str(const union inany *a, char buf[INANY_STRLEN])
{
	struct in6_addr v6;

	if (inany_is_v4(a)) {
		val_ipv4_str(inany_v4(a), buf);
		return;
	}
	memcpy(v6.s6_addr, a->b, 16);
	if (!inet_ntop(AF_INET6, &v6, buf, INANY_STRLEN))
		snprintf(buf, INANY_STRLEN, "?");
}

/**
 * inany_next() - step @a to the next address of its family
 * @a:	address
 *
 * Return: 0, or -ERANGE at the family's last address (@a unchanged)
 */
int inany_next(union inany *a)
{
	int i, first = inany_is_v4(a) ? 12 : 0;

	for (i = 15; i >= first; i--)
		if (a->b[i] != 0xff)
			break;
	if (i < first)
		return -ERANGE;
	a->b[i]++;
	memset(a->b + i + 1, 0, (size_t)(15 - i));
	return 0;
}

/* Whether the first @len bits of @x and @y differ. */
static bool bits_differ(const uint8_t *x, const uint8_t *y, unsigned len)
{
	unsigned i;

	for (i = 0; i < len; i++)
		if ((x[i / 8] ^ y[i / 8]) & (0x80 >> (i % 8)))
			return true;
	return false;
}

/* Whether the first @len bits of @a's family are equal in @a and @b. */
static bool same_bits(const union inany *a, const union inany *b,
		      unsigned len)
{
	unsigned off = inany_is_v4(a) ? 12 : 0;

	return inany_is_v4(a) == inany_is_v4(b) &&
	       !bits_differ(a->b + off, b->b + off, len);
}

/* @a with its bits from @len on (in its family) all @one. */
static void fill_bits(union inany *a, unsigned len, bool one)
{
	unsigned i;

	for (i = (inany_is_v4(a) ? 96 : 0) + len; i < 128; i++) {
		if (one)
			a->b[i / 8] |= (uint8_t)(0x80 >> (i % 8));
		else
			a->b[i / 8] &= (uint8_t)~(0x80 >> (i % 8));
	}
}

/**
 * inany_prefix_parse() - parse "ADDRESS/LEN" with no host bits set; an
 * IPv6 prefix that holds IPv4-mapped addresses (::/0 to ::/80,
 * ::ffff:0:0/96) is refused: those are held as IPv4 addresses, so the
 * prefix could not say which family it means
 * @s:	text
 * @p:	result
 *
 * Return: 0 or -EINVAL
 */
int inany_prefix_parse(const char *s, struct inany_prefix *p)
{
	char addr[INANY_STRLEN];
	const char *slash;
	union inany net;
	unsigned long len;
	size_t n;

	if (!s || !(slash = strchr(s, '/')))
		return -EINVAL;
	n = (size_t)(slash - s);
	if (n >= sizeof(addr))
		return -EINVAL;
	memcpy(addr, s, n);
	addr[n] = '\0';
	if (inany_parse(addr, &p->addr) ||
	    val_uint(slash + 1, 0, inany_bits(&p->addr), &len))
		return -EINVAL;
	p->len = (uint8_t)len;
	net = p->addr;
	fill_bits(&net, p->len, false);
	if (inany_cmp(&net, &p->addr))
		return -EINVAL;
	/* an IPv6 prefix of at most 96 bits whose bits are those of
	 * ::ffff:0:0 holds the IPv4-mapped block */
	return !inany_is_v4(&p->addr) && p->len <= 96 &&
	       !bits_differ(p->addr.b, v4_mapped, p->len) ? -EINVAL : 0;
}

/* Whether @a lies in @p (never across families). */
bool inany_prefix_contains(const struct inany_prefix *p, const union inany *a)
{
	return same_bits(&p->addr, a, p->len);
}

/* The first and last address of @p. */
void inany_prefix_range(const struct inany_prefix *p, struct inany_range *r)
{
	r->lo = r->hi = p->addr;
	fill_bits(&r->lo, p->len, false);
	fill_bits(&r->hi, p->len, true);
}

/**
 * inany_range_parse() - parse "A", "A-B" (one family, A <= B) or
 * "A/LEN"
 * @s:	text
 * @r:	result
 *
 * Return: 0 or -EINVAL
 */
int inany_range_parse(const char *s, struct inany_range *r)
{
	char lo[INANY_STRLEN];
	const char *dash;
	struct inany_prefix p;
	size_t n;

	if (!s)
		return -EINVAL;
	if (strchr(s, '/')) {
		if (inany_prefix_parse(s, &p))
			return -EINVAL;
		inany_prefix_range(&p, r);
		return 0;
	}
	dash = strchr(s, '-');
	if (!dash) {
		if (inany_parse(s, &r->lo))
			return -EINVAL;
		r->hi = r->lo;
		return 0;
	}
	n = (size_t)(dash - s);
	if (n >= sizeof(lo))
		return -EINVAL;
	memcpy(lo, s, n);
	lo[n] = '\0';
	if (inany_parse(lo, &r->lo) || inany_parse(dash + 1, &r->hi) ||
	    inany_is_v4(&r->lo) != inany_is_v4(&r->hi) ||
	    inany_cmp(&r->lo, &r->hi) > 0)
		return -EINVAL;
	return 0;
}

/* Whether @a lies in @r (never across families). */
bool inany_range_contains(const struct inany_range *r, const union inany *a)
{
	return inany_is_v4(a) == inany_is_v4(&r->lo) &&
	       inany_cmp(&r->lo, a) <= 0 && inany_cmp(a, &r->hi) <= 0;
}

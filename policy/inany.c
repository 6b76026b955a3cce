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

/**
 * inany_from_bytes() - @a holds the address of @len bytes at @p, network
 * byte order (an nf_tables key, a netlink attribute): 4 IPv4, 16 IPv6
 * @a:		result
 * @p:		the bytes
 * @len:	their number
 *
 * Return: 0, or -EINVAL for another length
 */
int inany_from_bytes(union inany *a, const void *p, size_t len)
{
	if (len != 4 && len != 16)
		return -EINVAL;
	memcpy(a->b, v4_mapped, 12);
	memcpy(a->b + 16 - len, p, len);
	return 0;
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

/* Whether @a and @b are the same address. */
bool inany_equal(const union inany *a, const union inany *b)
{
	return !inany_cmp(a, b);
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
		snprintf(buf, INANY_STRLEN, "%u.%u.%u.%u", a->b[12], a->b[13],
			 a->b[14], a->b[15]);
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

/* Parse "ADDRESS/LEN", host bits allowed. */
static int prefix_text(const char *s, struct inany_prefix *p)
{
	char addr[INANY_STRLEN];
	const char *slash;
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
	return 0;
}

/* Whether @a is an IPv6 address a host may be configured with beyond its
 * link: global unicast (2000::/3) or unique local (fc00::/7). */
bool inany_is_v6_global(const union inany *a)
{
	return (a->b[0] & 0xe0) == 0x20 || (a->b[0] & 0xfe) == 0xfc;
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
	union inany net;

	if (prefix_text(s, p))
		return -EINVAL;
	net = p->addr;
	fill_bits(&net, p->len, false);
	if (inany_cmp(&net, &p->addr))
		return -EINVAL;
	/* an IPv6 prefix of at most 96 bits whose bits are those of
	 * ::ffff:0:0 holds the IPv4-mapped block */
	return !inany_is_v4(&p->addr) && p->len <= 96 &&
	       !bits_differ(p->addr.b, v4_mapped, p->len) ? -EINVAL : 0;
}

/**
 * inany_ifaddr_parse() - parse an interface's address with its prefix,
 * "ADDRESS/LEN": LEN from 8 to the family's bits less 2, the address
 * neither the first nor the last of its prefix (the network and
 * broadcast addresses of IPv4, the subnet-router anycast and the last
 * reserved anycast address of IPv6)
 * @s:	text
 * @p:	result; p->addr is the host's address, host bits kept
 *
 * Return: 0 or -EINVAL
 */
int inany_ifaddr_parse(const char *s, struct inany_prefix *p)
{
	struct inany_range r;

	if (prefix_text(s, p) || p->len < 8 ||
	    p->len > inany_bits(&p->addr) - 2)
		return -EINVAL;
	inany_prefix_range(p, &r);
	return !inany_cmp(&p->addr, &r.lo) || !inany_cmp(&p->addr, &r.hi) ?
		       -EINVAL : 0;
}

/**
 * inany_prefix_mask() - the netmask of @p, in @p's family
 * @p:	prefix
 * @m:	result: the first p->len bits of the family set, the rest clear
 */
void inany_prefix_mask(const struct inany_prefix *p, union inany *m)
{
	*m = p->addr;
	fill_bits(m, 0, true);
	fill_bits(m, p->len, false);
}

/**
 * inany_bytes() - @a as its family's own bytes, network byte order (what
 * an nf_tables key or a BPF map of that family holds)
 * @a:		address
 * @len:	result: 4 or 16
 *
 * Return: a pointer into @a
 */
const uint8_t *inany_bytes(const union inany *a, uint32_t *len)
{
	*len = inany_is_v4(a) ? 4 : 16;
	return a->b + 16 - *len;
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
 * inany_range_parse() - parse "A", "A-B" (one family, A <= B, an IPv6
 * range not around the IPv4-mapped block) or "A/LEN"
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
	/* IPv6 ends around the IPv4-mapped block: the addresses between
	 * are held as IPv4, so the range could not say its family */
	return !inany_is_v4(&r->lo) && memcmp(r->lo.b, v4_mapped, 12) < 0 &&
	       memcmp(r->hi.b, v4_mapped, 12) > 0 ? -EINVAL : 0;
}

/* Whether @a lies in @r (never across families). */
bool inany_range_contains(const struct inany_range *r, const union inany *a)
{
	return inany_is_v4(a) == inany_is_v4(&r->lo) &&
	       inany_cmp(&r->lo, a) <= 0 && inany_cmp(a, &r->hi) <= 0;
}

/**
 * inany_range_head() - the largest prefix that starts at @r's first
 * address and ends by its last: a range is printed, and refused in
 * dnsmasq, as a run of such prefixes
 * @r:	range
 * @p:	result
 */
void inany_range_head(const struct inany_range *r, struct inany_prefix *p)
{
	struct inany_prefix wider = { r->lo, (uint8_t)inany_bits(&r->lo) };
	struct inany_range span;

	do {
		*p = wider;
		if (!wider.len)
			return;
		wider.len--;
		inany_prefix_range(&wider, &span);
	} while (!inany_cmp(&span.lo, &r->lo) &&
		 inany_cmp(&span.hi, &r->hi) <= 0);
}

/**
 * inany_range_prefixes() - call @cb for each prefix of the run that
 * covers @r exactly, from its first address up (inany_range_head() in
 * turn)
 * @r:		range
 * @cb:		called with each prefix; non-zero stops the run
 * @ctx:	its context
 *
 * Return: 0, or what @cb returned when non-zero
 */
int inany_range_prefixes(const struct inany_range *r, inany_prefix_cb cb,
			 void *ctx)
{
	struct inany_range left = *r, span;
	struct inany_prefix head;
	int rc;

	do {
		inany_range_head(&left, &head);
		rc = cb(&head, ctx);
		if (rc)
			return rc;
		inany_prefix_range(&head, &span);
		left.lo = span.hi;
	} while (inany_cmp(&span.hi, &r->hi) < 0 && !inany_next(&left.lo));
	return 0;
}

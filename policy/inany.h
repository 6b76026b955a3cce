/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * inany.h - one address type for both families, as passt's union
 * inany_addr or systemd's union in_addr_union: an IPv4 address is held
 * IPv4-mapped (::ffff:a.b.c.d), so one 16-byte value in network byte
 * order compares, orders and steps the same way for both families, and
 * a prefix length counts bits of the address's own family (0-32, 0-128).
 *
 * Parse, print, prefix, contains and range arithmetic. Pure code.
 */
#ifndef VMNET_INANY_H
#define VMNET_INANY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define INANY_STRLEN 46		/* INET6_ADDRSTRLEN */

union inany {
	uint8_t b[16];
	uint32_t w[4];
};

/* An IPv4 address as a constant initializer: INANY_V4(10, 0, 0, 1). */
#define INANY_V4(o1, o2, o3, o4)                                       \
	{ .b = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, (o1), (o2), (o3), \
		 (o4) } }

struct inany_prefix {
	union inany addr;
	uint8_t len;		/* bits of the address's family */
};

struct inany_range {
	union inany lo, hi;	/* inclusive, one family */
};

void inany_from_v4(union inany *a, uint32_t host);
int inany_from_bytes(union inany *a, const void *p, size_t len);
bool inany_is_v4(const union inany *a);
bool inany_is_v6_global(const union inany *a);
uint32_t inany_v4(const union inany *a);
unsigned inany_bits(const union inany *a);
int inany_cmp(const union inany *a, const union inany *b);
bool inany_equal(const union inany *a, const union inany *b);
int inany_parse(const char *s, union inany *a);
void inany_str(const union inany *a, char buf[INANY_STRLEN]);
int inany_next(union inany *a);

int inany_prefix_parse(const char *s, struct inany_prefix *p);
int inany_ifaddr_parse(const char *s, struct inany_prefix *p);
void inany_prefix_mask(const struct inany_prefix *p, union inany *m);
const uint8_t *inany_bytes(const union inany *a, uint32_t *len);
bool inany_prefix_contains(const struct inany_prefix *p,
			   const union inany *a);
void inany_prefix_range(const struct inany_prefix *p, struct inany_range *r);
int inany_range_parse(const char *s, struct inany_range *r);
bool inany_range_contains(const struct inany_range *r, const union inany *a);
void inany_range_head(const struct inany_range *r, struct inany_prefix *p);
typedef int (*inany_prefix_cb)(const struct inany_prefix *p, void *ctx);
int inany_range_prefixes(const struct inany_range *r, inany_prefix_cb cb,
			 void *ctx);

#endif

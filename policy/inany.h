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
#include <stdint.h>

#define INANY_STRLEN 46		/* INET6_ADDRSTRLEN */

union inany {
	uint8_t b[16];
	uint32_t w[4];
};

struct inany_prefix {
	union inany addr;
	uint8_t len;		/* bits of the address's family */
};

struct inany_range {
	union inany lo, hi;	/* inclusive, one family */
};

void inany_from_v4(union inany *a, uint32_t host);
bool inany_is_v4(const union inany *a);
uint32_t inany_v4(const union inany *a);
unsigned inany_bits(const union inany *a);
int inany_cmp(const union inany *a, const union inany *b);
int inany_parse(const char *s, union inany *a);
void inany_str(const union inany *a, char buf[INANY_STRLEN]);
int inany_next(union inany *a);

int inany_prefix_parse(const char *s, struct inany_prefix *p);
bool inany_prefix_contains(const struct inany_prefix *p,
			   const union inany *a);
void inany_prefix_range(const struct inany_prefix *p, struct inany_range *r);
int inany_range_parse(const char *s, struct inany_range *r);
bool inany_range_contains(const struct inany_range *r, const union inany *a);

#endif

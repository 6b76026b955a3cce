/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * validate.h - strict parsers for the values vmnet accepts from users and
 * administrators: interface and network names, MAC addresses, dotted-quad
 * IPv4 addresses (addresses of both families, prefixes and ranges are
 * inany.h's) and bounded integers.
 *
 * Every function here rejects instead of truncating or guessing, never
 * allocates and never calls the kernel, so it can be unit-tested and fuzzed.
 */
#ifndef VMNET_VALIDATE_H
#define VMNET_VALIDATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define VAL_IFNAME_MAX 15	/* IFNAMSIZ - 1 */
#define VAL_NETNAME_MAX 31

/* A MAC prefix: the first @bits bits of @mac are significant. */
struct val_macprefix {
	uint8_t mac[6];
	uint8_t bits;
};

bool val_ifname(const char *s);
bool val_netname(const char *s);
bool val_ovn_name(const char *s);
#define VAL_HOSTLABEL_MAX 63
#define VAL_DOMAIN_MAX 190
int val_hostlabel(const char *s, char out[VAL_HOSTLABEL_MAX + 1]);
int val_domain(const char *s, char out[VAL_DOMAIN_MAX + 1]);
int val_ovsdb(const char *s, bool tcp);
#define VAL_RATE_MIN_KBIT 64UL
#define VAL_RATE_MAX_KBIT 100000000UL	/* 100gbit */
int val_rate(const char *s, unsigned long *kbit);
void val_rate_str(unsigned long kbit, char *buf, size_t size);
int val_mac(const char *s, uint8_t mac[6]);
bool val_mac_unicast(const uint8_t mac[6]);
int val_ipv4(const char *s, uint32_t *addr);
int val_macprefix(const char *s, struct val_macprefix *p);
bool val_macprefix_match(const struct val_macprefix *p, const uint8_t mac[6]);
int val_uint(const char *s, unsigned long min, unsigned long max,
	     unsigned long *out);
void val_mac_str(const uint8_t mac[6], char buf[18]);
void val_escape(const char *s, char *buf, size_t size);
int val_copy(char *dst, size_t size, const char *src);

/*
 * VAL_COPY(array, src): val_copy() into a char array, sized by the
 * compiler; a pointer instead of an array does not compile.
 */
#define VAL_COPY(dst, src)                                                   \
	(0 * sizeof(char[1 - 2 * __builtin_types_compatible_p(               \
				 __typeof__(dst), __typeof__(&(dst)[0]))]) + \
	 val_copy((dst), sizeof(dst), (src)))

#endif

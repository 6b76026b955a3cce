// SPDX-License-Identifier: GPL-2.0-or-later
/* Unit tests for policy/inany.c: one address type for both families. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "inany.h"
#include "validate.h"

static void round_trip(const char *in, const char *out)
{
	union inany a;
	char buf[INANY_STRLEN];

	assert_int_equal(inany_parse(in, &a), 0);
	inany_str(&a, buf);
	assert_string_equal(buf, out);
}

static void test_parse_print(void **state)
{
	static const char *const bad[] = {
		"", "1.2.3", "1.2.3.4.5", "01.2.3.4", "256.1.1.1", "1.2.3.4 ",
		"::ffff:1.2.3.4",	/* an IPv4 address is written as one */
		"::g", "1:2:3:4:5:6:7:8:9", "fe80::1%eth0", ":::",
		"0000000000000000000000000000000000000000000000000000::1",
	};
	union inany a;
	size_t i;

	(void)state;
	round_trip("192.168.100.1", "192.168.100.1");
	round_trip("0.0.0.0", "0.0.0.0");
	round_trip("2001:DB8:0:0:0:0:0:1", "2001:db8::1");
	round_trip("fd00::", "fd00::");
	round_trip("::", "::");
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(inany_parse(bad[i], &a), -EINVAL);
	assert_int_equal(inany_parse(NULL, &a), -EINVAL);
	/* IPv4 is held mapped, and its host-order value is the same as
	 * val_ipv4()'s */
	assert_int_equal(inany_parse("10.0.0.2", &a), 0);
	assert_true(inany_is_v4(&a));
	assert_int_equal(inany_v4(&a), 0x0a000002);
	assert_int_equal(inany_bits(&a), 32);
	assert_int_equal(inany_parse("fe80::1", &a), 0);
	assert_false(inany_is_v4(&a));
	assert_int_equal(inany_bits(&a), 128);
}

static void test_prefix(void **state)
{
	struct inany_prefix p;
	struct inany_range r;
	union inany a;
	char lo[INANY_STRLEN], hi[INANY_STRLEN];

	(void)state;
	assert_int_equal(inany_prefix_parse("10.0.0.0/8", &p), 0);
	assert_int_equal(p.len, 8);
	assert_int_equal(inany_parse("10.255.0.1", &a), 0);
	assert_true(inany_prefix_contains(&p, &a));
	assert_int_equal(inany_parse("11.0.0.1", &a), 0);
	assert_false(inany_prefix_contains(&p, &a));
	/* never across families: ::/0 holds no IPv4 address, 0/0 no IPv6 */
	assert_int_equal(inany_prefix_parse("::/0", &p), -EINVAL);
	assert_int_equal(inany_prefix_parse("2000::/3", &p), 0);
	assert_false(inany_prefix_contains(&p, &a));
	assert_int_equal(inany_prefix_parse("0.0.0.0/0", &p), 0);
	assert_int_equal(inany_parse("fd00::1", &a), 0);
	assert_false(inany_prefix_contains(&p, &a));
	assert_int_equal(inany_prefix_parse("fd12:3456:789a:1::/64", &p), 0);
	assert_true(inany_prefix_contains(&p, &(union inany){ .b = {
		0xfd, 0x12, 0x34, 0x56, 0x78, 0x9a, 0, 1, 9, 9, 9, 9, 9, 9, 9,
		9 } }));
	inany_prefix_range(&p, &r);
	inany_str(&r.lo, lo);
	inany_str(&r.hi, hi);
	assert_string_equal(lo, "fd12:3456:789a:1::");
	assert_string_equal(hi, "fd12:3456:789a:1:ffff:ffff:ffff:ffff");
	/* host bits, lengths beyond the family */
	assert_int_equal(inany_prefix_parse("10.0.0.1/8", &p), -EINVAL);
	assert_int_equal(inany_prefix_parse("fd00::1/64", &p), -EINVAL);
	assert_int_equal(inany_prefix_parse("10.0.0.0/33", &p), -EINVAL);
	assert_int_equal(inany_prefix_parse("fd00::/129", &p), -EINVAL);
	assert_int_equal(inany_prefix_parse("fd00::", &p), -EINVAL);
	assert_int_equal(inany_prefix_parse("10.0.0.0/08", &p), -EINVAL);
	assert_int_equal(inany_prefix_parse("::/128", &p), 0);
	/* IPv6 prefixes holding the IPv4-mapped block say no family */
	assert_int_equal(inany_prefix_parse("::/80", &p), -EINVAL);
	assert_int_equal(inany_prefix_parse("::ffff:0:0/96", &p), -EINVAL);
	assert_int_equal(inany_prefix_parse("::/96", &p), 0);
	assert_int_equal(inany_prefix_parse("::/81", &p), 0);
	assert_int_equal(inany_prefix_parse("1.2.3.4/32", &p), 0);
}

static void test_range(void **state)
{
	struct inany_range r;
	union inany a;
	char buf[INANY_STRLEN];

	(void)state;
	assert_int_equal(inany_range_parse("192.168.100.2-192.168.100.254",
					   &r), 0);
	assert_int_equal(inany_parse("192.168.100.254", &a), 0);
	assert_true(inany_range_contains(&r, &a));
	assert_int_equal(inany_next(&a), 0);
	assert_false(inany_range_contains(&r, &a));
	assert_int_equal(inany_range_parse("fd00::10-fd00::1f", &r), 0);
	assert_int_equal(inany_range_parse("fd00::1f-fd00::10", &r), -EINVAL);
	assert_int_equal(inany_range_parse("10.0.0.1-fd00::1", &r), -EINVAL);
	/* a range of IPv6 ends around the mapped block says no family, as
	 * a prefix that holds it; either side of it is fine */
	assert_int_equal(inany_range_parse("::1-::1:0:0:0", &r), -EINVAL);
	assert_int_equal(inany_range_parse("::1-::fffe:ffff:ffff", &r), 0);
	assert_int_equal(inany_parse("1.2.3.4", &a), 0);
	assert_false(inany_range_contains(&r, &a));
	assert_int_equal(inany_range_parse("::1:0:0:0-::2:0:0:0", &r), 0);
	assert_int_equal(inany_range_parse("172.16.0.0/12", &r), 0);
	inany_str(&r.hi, buf);
	assert_string_equal(buf, "172.31.255.255");
	assert_int_equal(inany_range_parse("fd00::5", &r), 0);
	assert_int_equal(inany_cmp(&r.lo, &r.hi), 0);
	/* stepping stays in the family */
	assert_int_equal(inany_parse("255.255.255.255", &a), 0);
	assert_int_equal(inany_next(&a), -ERANGE);
	assert_true(inany_is_v4(&a));
	assert_int_equal(inany_parse("10.0.0.255", &a), 0);
	assert_int_equal(inany_next(&a), 0);
	inany_str(&a, buf);
	assert_string_equal(buf, "10.0.1.0");
	assert_int_equal(inany_parse("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
				     &a), 0);
	assert_int_equal(inany_next(&a), -ERANGE);
	assert_int_equal(inany_parse("fd00::ffff", &a), 0);
	assert_int_equal(inany_next(&a), 0);
	inany_str(&a, buf);
	assert_string_equal(buf, "fd00::1:0");
}

/* The prefixes of @s's range, as text, space-separated. */
static int add_text(const struct inany_prefix *p, void *arg)
{
	char *out = arg, a[INANY_STRLEN];

	inany_str(&p->addr, a);
	sprintf(out + strlen(out), "%s%s/%u", *out ? " " : "", a, p->len);
	return 0;
}

static void prefixes_of(const char *s, const char *want)
{
	struct inany_range r;
	char out[512] = "";

	assert_int_equal(inany_range_parse(s, &r), 0);
	assert_int_equal(inany_range_prefixes(&r, add_text, out), 0);
	assert_string_equal(out, want);
}

static void test_range_prefixes(void **state)
{
	(void)state;
	prefixes_of("10.0.0.0/8", "10.0.0.0/8");
	prefixes_of("203.0.113.0-203.0.113.5", "203.0.113.0/30 203.0.113.4/31");
	prefixes_of("192.0.2.1", "192.0.2.1/32");
	prefixes_of("0.0.0.0-255.255.255.255", "0.0.0.0/0");
	prefixes_of("255.255.255.254-255.255.255.255", "255.255.255.254/31");
	prefixes_of("10.0.0.3-10.0.0.8",
		    "10.0.0.3/32 10.0.0.4/30 10.0.0.8/32");
	prefixes_of("fd00::/64", "fd00::/64");
	prefixes_of("fd00::1-fd00::4", "fd00::1/128 fd00::2/127 fd00::4/128");
	prefixes_of("8000::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
		    "8000::/1");
}

static void test_bytes_mask_ifaddr(void **state)
{
	struct inany_prefix p;
	union inany a, b;
	const uint8_t *k;
	uint32_t len;
	char buf[INANY_STRLEN];

	(void)state;
	/* an address as its family's own bytes, and back */
	assert_int_equal(inany_parse("192.0.2.7", &a), 0);
	k = inany_bytes(&a, &len);
	assert_int_equal(len, 4);
	assert_memory_equal(k, "\xc0\x00\x02\x07", 4);
	assert_int_equal(inany_from_bytes(&b, k, len), 0);
	assert_true(inany_equal(&a, &b));
	assert_int_equal(inany_parse("fd00::7", &a), 0);
	k = inany_bytes(&a, &len);
	assert_int_equal(len, 16);
	assert_int_equal(k[0], 0xfd);
	assert_int_equal(inany_from_bytes(&b, k, len), 0);
	assert_true(inany_equal(&a, &b));
	assert_int_equal(inany_from_bytes(&b, k, 6), -EINVAL);
	/* netmasks, in the prefix's family */
	assert_int_equal(inany_prefix_parse("10.0.0.0/8", &p), 0);
	inany_prefix_mask(&p, &a);
	inany_str(&a, buf);
	assert_string_equal(buf, "255.0.0.0");
	assert_int_equal(inany_prefix_parse("fd00::/64", &p), 0);
	inany_prefix_mask(&p, &a);
	inany_str(&a, buf);
	assert_string_equal(buf, "ffff:ffff:ffff:ffff::");
	/* an interface's address: host bits kept, never the prefix's
	 * first or last address, /8 to the family's bits less 2 */
	assert_int_equal(inany_ifaddr_parse("fd00::1/64", &p), 0);
	inany_str(&p.addr, buf);
	assert_string_equal(buf, "fd00::1");
	assert_int_equal(p.len, 64);
	assert_int_equal(inany_ifaddr_parse("fd00::/64", &p), -EINVAL);
	assert_int_equal(inany_ifaddr_parse("fd00::ffff:ffff:ffff:ffff/64",
					    &p), -EINVAL);
	assert_int_equal(inany_ifaddr_parse("fd00::1/127", &p), -EINVAL);
	assert_int_equal(inany_ifaddr_parse("fd00::1/126", &p), 0);
	assert_int_equal(inany_ifaddr_parse("10.0.0.1/30", &p), 0);
	assert_int_equal(inany_ifaddr_parse("10.0.0.1", &p), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_print),
		cmocka_unit_test(test_prefix),
		cmocka_unit_test(test_range),
		cmocka_unit_test(test_range_prefixes),
		cmocka_unit_test(test_bytes_mask_ifaddr),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

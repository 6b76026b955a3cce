// SPDX-License-Identifier: GPL-2.0-or-later
/* Unit tests for policy/inany.c: one address type for both families. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
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
	/* a range of IPv6 ends spanning the mapped block holds no IPv4 */
	assert_int_equal(inany_range_parse("::1-::1:0:0:0", &r), 0);
	assert_int_equal(inany_parse("1.2.3.4", &a), 0);
	assert_false(inany_range_contains(&r, &a));
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_print),
		cmocka_unit_test(test_prefix),
		cmocka_unit_test(test_range),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

// SPDX-License-Identifier: GPL-2.0-or-later
/* Unit tests for policy/leasefile.c: dnsmasq's lease file. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "leasefile.h"

static void test_parse(void **state)
{
	static const char text[] =
		"1765000000 52:54:00:00:00:0b 192.168.100.50 vm1 01:52:54:00:00:00:0b\n"
		"0 52:54:00:00:00:0c 192.168.100.51 * *\n"
		"duid 00:01:00:01:2e:00:00:00:52:54:00:00:00:01\n"
		"1765000000 52:54:00:00:00:0d 192.168.100.999 * *\n"	/* bad IP */
		"1765000000 52:54:00:00:00 192.168.100.52 * *\n"	/* bad MAC */
		"1765000000 52:54:00:00:00:0e 192.168.100.53 *\n"	/* short */
		"1765000000 52:54:00:00:00:0f 192.168.100.54 * * x\n"	/* long */
		"-1 52:54:00:00:00:10 192.168.100.55 * *\n"		/* sign */
		"1765000000 52:54:00:00:00:12 fd00::5 * *\n"		/* IPv6 */
		"1765000000 52:54:00:00:00:11 192.168.100.56 * *";	/* no \n */
	struct lease l[8];
	size_t n;

	(void)state;
	n = lease_parse(text, sizeof(text) - 1, l, 8);
	assert_int_equal(n, 3);
	assert_int_equal(l[0].expiry, 1765000000);
	assert_int_equal(inany_v4(&l[0].ip), 0xc0a86432);
	assert_int_equal(l[0].mac[5], 0x0b);
	assert_int_equal(l[1].expiry, 0);
	assert_int_equal(inany_v4(&l[1].ip), 0xc0a86433);
	assert_int_equal(inany_v4(&l[2].ip), 0xc0a86438);
	/* never more than asked for */
	assert_int_equal(lease_parse(text, sizeof(text) - 1, l, 1), 1);
	/* an embedded NUL ends nothing: the line is skipped */
	assert_int_equal(lease_parse("0 52:54:00:00:00:0c 1.2.3.4 *\0 *\n", 31,
				     l, 8), 0);
	assert_int_equal(lease_parse("", 0, l, 8), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse),
	};

	return cmocka_run_group_tests_name("leasefile", tests, NULL, NULL);
}

// SPDX-License-Identifier: GPL-2.0-or-later
/* Unit tests for policy/lan.c (the ranges lan = block rejects) and
 * policy/dnsconf.c (dnsmasq.conf of an isolated network). */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "dnsconf.h"
#include "lan.h"

static struct conf_network net(void)
{
	struct conf c;

	assert_int_equal(conf_embedded(&c), 0);
	return c.nets[0];
}

/* IPv4 address @host (host byte order), prefix and range. */
static union inany v4(uint32_t host)
{
	union inany a;

	inany_from_v4(&a, host);
	return a;
}

static struct inany_prefix v4p(uint32_t host, uint8_t len)
{
	return (struct inany_prefix){ v4(host), len };
}

static struct inany_range v4r(uint32_t lo, uint32_t hi)
{
	return (struct inany_range){ v4(lo), v4(hi) };
}

static void ranges_str(const struct inany_range *r, int n, char *buf, size_t sz)
{
	char one[2 * INANY_STRLEN];
	int i;

	buf[0] = '\0';
	for (i = 0; i < n; i++) {
		assert_int_equal(lan_range_str(&r[i], one, sizeof(one)), 0);
		if (i)
			strncat(buf, " ", sz - strlen(buf) - 1);
		strncat(buf, one, sz - strlen(buf) - 1);
	}
}

static void test_lan_fixed(void **state)
{
	struct conf_network n = net();
	struct inany_range r[LAN_MAX_RANGES];
	char s[512];
	int k = lan_ranges(&n, NULL, 0, r, LAN_MAX_RANGES);

	ranges_str(r, k, s, sizeof(s));
	assert_string_equal(s, "10.0.0.0/8 100.64.0.0/10 169.254.0.0/16 "
			       "172.16.0.0/12 192.168.0.0/16");
}

static void test_lan_merge(void **state)
{
	struct conf_network n = net();
	struct inany_range r[LAN_MAX_RANGES];
	struct inany_prefix conn[] = {
		v4p(0x0a010203, 24),	/* 10.1.2.3/24: inside 10/8 */
		v4p(0xcb007102, 24),	/* 203.0.113.2/24: public, connected */
		v4p(0xcb007202, 24),	/* 203.0.114.0/24: adjacent to it */
		v4p(0x08080808, 32),	/* a /32 */
	};
	char s[512];
	int k;

	n.block_extra[0] = v4p(0xc0000200, 24);
	n.block_extra[1] = v4p(0xc0000280, 25);	/* inside */
	n.n_block_extra = 2;
	k = lan_ranges(&n, conn, 4, r, LAN_MAX_RANGES);
	ranges_str(r, k, s, sizeof(s));
	assert_string_equal(s, "8.8.8.8/32 10.0.0.0/8 100.64.0.0/10 "
			       "169.254.0.0/16 172.16.0.0/12 192.0.2.0/24 "
			       "192.168.0.0/16 203.0.113.0-203.0.114.255");
	/* Sorted, disjoint, not adjacent. */
	for (int i = 1; i < k; i++)
		assert_true(inany_v4(&r[i].lo) > inany_v4(&r[i - 1].hi) + 1);
}

static void test_lan_edges(void **state)
{
	struct conf_network n = net();
	struct inany_range r[LAN_MAX_RANGES];
	struct inany_prefix all = v4p(0, 0);
	int k;

	assert_int_equal(lan_ranges(&n, NULL, 0, r, 3), -ENOSPC);
	k = lan_ranges(&n, &all, 1, r, LAN_MAX_RANGES);
	assert_int_equal(k, 1);
	assert_int_equal(inany_v4(&r[0].lo), 0);
	assert_int_equal(inany_v4(&r[0].hi), UINT32_MAX);
}

/* Ranges of the two families are kept apart, each merged in its own. */
static void test_subnets_families(void **state)
{
	struct inany_prefix conn[4];
	struct inany_range r[8];
	char s[256];
	int k;

	(void)state;
	assert_int_equal(inany_ifaddr_parse("fd00:0:0:1::5/64", &conn[0]), 0);
	assert_int_equal(inany_ifaddr_parse("255.255.255.1/24", &conn[1]), 0);
	assert_int_equal(inany_ifaddr_parse("fd00:0:0:2::5/64", &conn[2]), 0);
	assert_int_equal(inany_ifaddr_parse("2001:db8::2/32", &conn[3]), 0);
	k = lan_subnets(conn, 4, r, 8);
	ranges_str(r, k, s, sizeof(s));
	assert_string_equal(s, "255.255.255.0/24 2001:db8::/32 "
			       "fd00:0:0:1::-fd00::2:ffff:ffff:ffff:ffff");
}

static void test_subnets(void **state)
{
	const struct inany_prefix conn[] = {
		v4p(0xc0a83205, 24),	/* 192.168.50.5/24 */
		v4p(0x0a000001, 8),	/* 10.0.0.1/8 */
		v4p(0xc0a83301, 24),	/* 192.168.51.1/24, adjacent */
		v4p(0x0a010203, 16),	/* inside 10/8 */
	};
	struct inany_range r[8];

	(void)state;
	assert_int_equal(lan_subnets(conn, 4, r, 8), 2);
	assert_int_equal(inany_v4(&r[0].lo), 0x0a000000);
	assert_int_equal(inany_v4(&r[0].hi), 0x0affffff);
	assert_int_equal(inany_v4(&r[1].lo), 0xc0a83200);
	assert_int_equal(inany_v4(&r[1].hi), 0xc0a833ff);
	assert_int_equal(lan_subnets(conn, 0, r, 8), 0);
	assert_int_equal(lan_subnets(conn, 4, r, 3), -ENOSPC);
}

static void dns(const struct conf_network *n, const struct acl *a,
		unsigned mtu, char *buf, size_t size)
{
	assert_int_equal(dns_conf(n, a, mtu, NULL, 0, buf, size), 0);
}

static struct acl_rule lease_rule(const char *network, uint32_t ip,
				  uint8_t last)
{
	struct acl_rule r = { .verb = ACL_ALLOW, .who_kind = ACL_WHO_ANY,
			      .has_ip = true, .ip = v4r(ip, ip),
			      .has_mac = true };

	strcpy(r.network, network);
	memcpy(r.mac.mac, (uint8_t[]){ 0x52, 0x54, 0, 0, 0, last }, 6);
	r.mac.bits = 48;
	return r;
}

static void test_dns_conf(void **state)
{
	struct conf_network n = net();
	struct acl_rule rules[8];
	struct acl a = { .rules = rules };
	static char buf[DNS_CONF_MAX];

	rules[0] = lease_rule("default", 0xc0a86432, 1);	/* .50 */
	rules[1] = lease_rule("*", 0xc0a86433, 2);		/* .51 */
	rules[2] = lease_rule("other", 0xc0a86434, 3);		/* not ours */
	rules[3] = lease_rule("default", 0x0a000001, 4);	/* off-subnet */
	rules[4] = lease_rule("default", 0xc0a86435, 1);	/* dup MAC */
	rules[5] = lease_rule("default", 0xc0a86436, 6);
	rules[5].verb = ACL_DENY;
	rules[6] = lease_rule("default", 0xc0a86437, 7);
	rules[6].ip.hi = v4(0xc0a86438);				/* a range */
	rules[7] = lease_rule("default", 0xc0a86439, 8);
	rules[7].mac.bits = 24;					/* a prefix */
	a.n = 8;
	dns(&n, &a, 1500, buf, sizeof(buf));
	assert_non_null(strstr(buf, "\ninterface=vmnet0\nbind-interfaces\n"));
	assert_non_null(strstr(buf, "\nlisten-address=192.168.100.1\n"));
	assert_non_null(strstr(buf, "\ndhcp-range=192.168.100.2,"
				    "192.168.100.254,255.255.255.0,3600\n"));
	assert_non_null(strstr(buf, "\npid-file=/run/vmnet/default/dnsmasq.pid\n"));
	/* one lease per MAC, whatever client-id the guest sends */
	assert_non_null(strstr(buf, "\ndhcp-ignore-clid\n"));
	assert_non_null(strstr(buf, "\ndhcp-leasefile=/run/vmnet/default/leases\n"));
	assert_non_null(strstr(buf, "\ndhcp-host=52:54:00:00:00:01,192.168.100.50\n"));
	assert_non_null(strstr(buf, "\ndhcp-host=52:54:00:00:00:02,192.168.100.51\n"));
	assert_null(strstr(buf, "192.168.100.52"));
	assert_null(strstr(buf, "10.0.0.1"));
	assert_null(strstr(buf, "192.168.100.53"));
	assert_null(strstr(buf, "192.168.100.54"));
	assert_null(strstr(buf, "192.168.100.55"));
	assert_null(strstr(buf, "192.168.100.57"));
	assert_null(strstr(buf, "option:mtu"));
	/* no name from the host's /etc/hosts nor from a VM's DHCP */
	assert_non_null(strstr(buf, "\nno-hosts\n"));
	assert_non_null(strstr(buf, "\ndhcp-ignore-names\n"));
	assert_null(strstr(buf, "bogus-nxdomain"));	/* lan = allow */

	dns(&n, &a, 1400, buf, sizeof(buf));
	assert_non_null(strstr(buf, "\ndhcp-option=option:mtu,1400\n"));

	n.has_dhcp = false;
	dns(&n, &a, 1400, buf, sizeof(buf));
	assert_null(strstr(buf, "dhcp"));
	assert_non_null(strstr(buf, "\nlisten-address=192.168.100.1\n"));

	assert_int_equal(dns_conf(&n, &a, 1500, NULL, 0, buf, 40), -ENOSPC);
}

/* With the LAN blocked, no upstream answer points into it: each range as
 * the prefixes that make it up. */
static void test_dns_rebind(void **state)
{
	struct conf_network n = net();
	const struct inany_range lan[] = {
		v4r(0x0a000000, 0x0affffff),	/* 10.0.0.0/8 */
		v4r(0xcb007100, 0xcb007105),	/* 203.0.113.0-5 */
		v4r(0xc0000201, 0xc0000201),	/* 192.0.2.1 */
	};
	static char buf[DNS_CONF_MAX];

	(void)state;
	assert_int_equal(dns_conf(&n, NULL, 1500, lan, 3, buf, sizeof(buf)),
			 0);
	assert_non_null(strstr(buf, "\nbogus-nxdomain=127.0.0.0/8\n"
				    "bogus-nxdomain=0.0.0.0/8\n"
				    "bogus-nxdomain=10.0.0.0/8\n"
				    "bogus-nxdomain=203.0.113.0/30\n"
				    "bogus-nxdomain=203.0.113.4/31\n"
				    "bogus-nxdomain=192.0.2.1/32\n"));
}

/* IPv6: the fixed ranges, the host's prefixes and IPv6 block-extra, one
 * family each (IPv4 block-extra stays IPv4's) */
static void test_lan6(void **state)
{
	struct conf_network n = net();
	struct inany_range r[LAN_MAX_RANGES];
	struct inany_prefix conn[2] = { v4p(0x0a000002, 24) };
	char s[512];
	int k;

	(void)state;
	assert_int_equal(inany_prefix_parse("2001:db8:10::/64", &conn[1]), 0);
	assert_int_equal(inany_prefix_parse("2001:db8:77::/48",
					    &n.block_extra[n.n_block_extra++]),
			 0);
	assert_int_equal(inany_prefix_parse("198.18.0.0/15",
					    &n.block_extra[n.n_block_extra++]),
			 0);
	k = lan_ranges6(&n, conn, 2, r, LAN_MAX_RANGES);
	ranges_str(r, k, s, sizeof(s));
	assert_string_equal(s, "2001:db8:10::/64 2001:db8:77::/48 fc00::/7 "
			       "fe80::/10 ff00::/8");
	k = lan_ranges(&n, conn, 2, r, LAN_MAX_RANGES);
	ranges_str(r, k, s, sizeof(s));
	assert_string_equal(s, "10.0.0.0/8 100.64.0.0/10 169.254.0.0/16 "
			       "172.16.0.0/12 192.168.0.0/16 198.18.0.0/15");
}

/* The IPv6 half of dnsmasq.conf: the prefix advertised, DNS on the
 * bridge, a default route only when asked, the rebinding guard. */
static void test_dns_conf6(void **state)
{
	struct conf_network n = net();
	struct inany_range lan6[1];
	struct inany_prefix p;
	static char buf[DNS_CONF_MAX];

	(void)state;
	assert_int_equal(inany_ifaddr_parse("fd00:64::1/64", &n.address6), 0);
	assert_int_equal(inany_prefix_parse("fc00::/7", &p), 0);
	inany_prefix_range(&p, &lan6[0]);
	buf[0] = 0;
	assert_int_equal(dns_conf6(&n, 1400, true, lan6, 1, buf, sizeof(buf)),
			 0);
	assert_string_equal(buf, "listen-address=fd00:64::1\nenable-ra\n"
			    "ra-param=vmnet0,mtu:1400,60,1800\n"
			    "dhcp-range=fd00:64::,ra-stateless,64\n"
			    "dhcp-option=option6:dns-server,[fd00:64::1]\n"
			    "bogus-nxdomain=::/128\nbogus-nxdomain=::1/128\n"
			    "bogus-nxdomain=::ffff:0:0/96\n"
			    "bogus-nxdomain=fc00::/7\n");
	buf[0] = 0;
	assert_int_equal(dns_conf6(&n, 1500, false, lan6, 0, buf, sizeof(buf)),
			 0);
	assert_non_null(strstr(buf, "ra-param=vmnet0,mtu:1500,60,0\n"));
	assert_null(strstr(buf, "bogus"));
	/* appends, and says when it does not fit */
	memset(buf, 'x', 20);
	buf[20] = 0;
	assert_int_equal(dns_conf6(&n, 1500, false, lan6, 0, buf, 40),
			 -ENOSPC);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_subnets),
		cmocka_unit_test(test_subnets_families),
		cmocka_unit_test(test_lan_fixed),
		cmocka_unit_test(test_lan_merge),
		cmocka_unit_test(test_lan_edges),
		cmocka_unit_test(test_dns_conf),
		cmocka_unit_test(test_dns_rebind),
		cmocka_unit_test(test_lan6),
		cmocka_unit_test(test_dns_conf6),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

// SPDX-License-Identifier: GPL-2.0-or-later
/* Unit tests for policy/validate.c and policy/record.c and policy/env.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <errno.h>
#include <cmocka.h>

#include "acl.h"
#include "env.h"
#include "record.h"
#include "validate.h"

static void test_ifname(void **state)
{
	(void)state;
	assert_true(val_ifname("tap0"));
	assert_true(val_ifname("a"));
	assert_true(val_ifname("vm_1.x-y"));
	assert_true(val_ifname("abcdefghijklmno"));	/* 15 bytes */
	assert_false(val_ifname("abcdefghijklmnop"));	/* 16 bytes */
	assert_false(val_ifname(""));
	assert_false(val_ifname(NULL));
	assert_false(val_ifname("."));
	assert_false(val_ifname(".."));
	assert_false(val_ifname("-tap"));
	assert_false(val_ifname("ta/p"));
	assert_false(val_ifname("ta p"));
	assert_false(val_ifname("ta\np"));
	assert_false(val_ifname("tap%d"));
	assert_false(val_ifname("tap\xc3\xa9"));
	assert_false(val_ifname("ta:p"));
}

static void test_netname(void **state)
{
	(void)state;
	assert_true(val_netname("default"));
	assert_true(val_netname("lab-2.x"));
	assert_true(val_netname("0net"));
	assert_false(val_netname("-net"));
	assert_false(val_netname(".net"));
	assert_false(val_netname("*"));
	assert_false(val_netname(""));
	assert_true(val_netname("abcdefghijklmnopqrstuvwxyz01234"));	/* 31 */
	assert_false(val_netname("abcdefghijklmnopqrstuvwxyz012345"));	/* 32 */
}

static void test_mac(void **state)
{
	uint8_t m[6];
	char buf[18];

	(void)state;
	assert_int_equal(val_mac("52:54:00:12:34:56", m), 0);
	val_mac_str(m, buf);
	assert_string_equal(buf, "52:54:00:12:34:56");
	assert_int_equal(val_mac("52:54:00:AB:cd:Ef", m), 0);
	assert_int_equal(m[3], 0xab);
	assert_int_equal(val_mac("52:54:00:12:34", m), -EINVAL);
	assert_int_equal(val_mac("52:54:00:12:34:567", m), -EINVAL);
	assert_int_equal(val_mac("52-54-00-12-34-56", m), -EINVAL);
	assert_int_equal(val_mac("52:54:00:12:34:5g", m), -EINVAL);
	assert_int_equal(val_mac(" 2:54:00:12:34:56", m), -EINVAL);
	assert_int_equal(val_mac(NULL, m), -EINVAL);
	val_mac("01:00:5e:00:00:01", m);
	assert_false(val_mac_unicast(m));
	val_mac("00:00:00:00:00:00", m);
	assert_false(val_mac_unicast(m));
	val_mac("02:00:00:00:00:00", m);
	assert_true(val_mac_unicast(m));
}

static void test_ipv4(void **state)
{
	struct inany_range r;
	union inany ia;
	uint32_t a;
	char buf[INANY_STRLEN];

	(void)state;
	assert_int_equal(val_ipv4("192.168.100.1", &a), 0);
	assert_int_equal(a, 0xc0a86401);
	inany_from_v4(&ia, a);
	inany_str(&ia, buf);
	assert_string_equal(buf, "192.168.100.1");
	assert_int_equal(val_ipv4("0.0.0.0", &a), 0);
	assert_int_equal(val_ipv4("255.255.255.255", &a), 0);
	assert_int_equal(val_ipv4("256.0.0.1", &a), -EINVAL);
	assert_int_equal(val_ipv4("1.2.3", &a), -EINVAL);
	assert_int_equal(val_ipv4("1.2.3.4.5", &a), -EINVAL);
	assert_int_equal(val_ipv4("01.2.3.4", &a), -EINVAL);
	assert_int_equal(val_ipv4("1.2.3.4 ", &a), -EINVAL);
	assert_int_equal(val_ipv4("-1.2.3.4", &a), -EINVAL);
	assert_int_equal(val_ipv4("1..3.4", &a), -EINVAL);
	assert_int_equal(val_ipv4("1111.2.3.4", &a), -EINVAL);

	assert_int_equal(inany_range_parse("10.0.0.5", &r), 0);
	assert_true(inany_equal(&r.lo, &r.hi));
	assert_int_equal(inany_range_parse("10.0.0.5-10.0.0.9", &r), 0);
	assert_int_equal(inany_v4(&r.hi) - inany_v4(&r.lo), 4);
	assert_int_equal(inany_range_parse("10.0.0.9-10.0.0.5", &r), -EINVAL);
	assert_int_equal(inany_range_parse("10.0.0.0/30", &r), 0);
	assert_int_equal(inany_v4(&r.hi) - inany_v4(&r.lo), 3);
	assert_int_equal(inany_range_parse("10.0.0.1/30", &r), -EINVAL);
	assert_int_equal(inany_range_parse("10.0.0.1-", &r), -EINVAL);
}

static void test_prefix(void **state)
{
	struct inany_prefix p;
	union inany a, m;

	(void)state;
	assert_int_equal(inany_prefix_parse("10.20.0.0/16", &p), 0);
	assert_int_equal(p.len, 16);
	inany_from_v4(&a, 0x0a14ffff);
	assert_true(inany_prefix_contains(&p, &a));
	inany_from_v4(&a, 0x0a150000);
	assert_false(inany_prefix_contains(&p, &a));
	assert_int_equal(inany_prefix_parse("10.20.0.1/16", &p), -EINVAL);
	assert_int_equal(inany_prefix_parse("10.20.0.0/33", &p), -EINVAL);
	assert_int_equal(inany_prefix_parse("10.20.0.0/", &p), -EINVAL);
	assert_int_equal(inany_prefix_parse("10.20.0.0", &p), -EINVAL);
	assert_int_equal(inany_prefix_parse("0.0.0.0/0", &p), 0);
	assert_int_equal(inany_ifaddr_parse("192.168.100.1/24", &p), 0);
	assert_int_equal(inany_ifaddr_parse("192.168.100.0/24", &p), -EINVAL);
	assert_int_equal(inany_ifaddr_parse("192.168.100.255/24", &p),
			 -EINVAL);
	assert_int_equal(inany_ifaddr_parse("192.168.100.1/31", &p), -EINVAL);
	assert_int_equal(inany_ifaddr_parse("10.0.0.1/7", &p), -EINVAL);
	p.len = 0;
	inany_prefix_mask(&p, &m);
	assert_int_equal(inany_v4(&m), 0);
	p.len = 32;
	inany_prefix_mask(&p, &m);
	assert_int_equal(inany_v4(&m), 0xffffffff);
}

static void test_macprefix(void **state)
{
	struct val_macprefix p;
	uint8_t m[6];

	(void)state;
	assert_int_equal(val_macprefix("52:54:00:00:00:00/24", &p), 0);
	assert_int_equal(p.bits, 24);
	val_mac("52:54:00:ab:cd:ef", m);
	assert_true(val_macprefix_match(&p, m));
	val_mac("52:54:01:ab:cd:ef", m);
	assert_false(val_macprefix_match(&p, m));
	assert_int_equal(val_macprefix("52:54:00:ab:00:00/24", &p), -ERANGE);
	assert_int_equal(val_macprefix("52:54:00:ab:00:00/32", &p), 0);
	assert_int_equal(val_macprefix("52:54:00:ab:00:01", &p), 0);
	assert_int_equal(p.bits, 48);
	assert_int_equal(val_macprefix("52:54:00:ab:00:00/49", &p), -EINVAL);
	assert_int_equal(val_macprefix("52:54:00:ab:00:00/0", &p), -EINVAL);
	assert_int_equal(val_macprefix("52:54:00:ab:00:00x24", &p), -EINVAL);
	assert_int_equal(val_macprefix("52:54:00/24", &p), -EINVAL);
}

static void test_uint(void **state)
{
	unsigned long v;

	(void)state;
	assert_int_equal(val_uint("4", 1, 4096, &v), 0);
	assert_int_equal(v, 4);
	assert_int_equal(val_uint("0", 0, 1, &v), 0);
	assert_int_equal(val_uint("0", 1, 4096, &v), -ERANGE);
	assert_int_equal(val_uint("4097", 1, 4096, &v), -ERANGE);
	assert_int_equal(val_uint("04", 1, 4096, &v), -EINVAL);
	assert_int_equal(val_uint("+4", 1, 4096, &v), -EINVAL);
	assert_int_equal(val_uint("4 ", 1, 4096, &v), -EINVAL);
	assert_int_equal(val_uint("", 1, 4096, &v), -EINVAL);
	assert_int_equal(val_uint("99999999999999999999999", 1, 4096, &v),
			 -ERANGE);
}

static void test_rate(void **state)
{
	static const struct {
		const char *s;
		int rc;
		unsigned long kbit;
		const char *back;
	} cases[] = {
		{ "100mbit", 0, 100000, "100mbit" },
		{ "64kbit", 0, 64, "64kbit" },
		{ "1500kbit", 0, 1500, "1500kbit" },
		{ "2gbit", 0, 2000000, "2gbit" },
		{ "100gbit", 0, 100000000, "100gbit" },
		{ "63kbit", -EINVAL, 0, NULL }, { "101gbit", -EINVAL, 0, NULL },
		{ "100", -EINVAL, 0, NULL }, { "100Mbit", -EINVAL, 0, NULL },
		{ "mbit", -EINVAL, 0, NULL }, { "-1mbit", -EINVAL, 0, NULL },
		{ "1mbit ", -EINVAL, 0, NULL },
		{ "99999999999999gbit", -EINVAL, 0, NULL },
		{ "0mbit", -EINVAL, 0, NULL }, { "", -EINVAL, 0, NULL },
	};
	unsigned long kbit;
	char buf[24];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		kbit = 0;
		assert_int_equal(val_rate(cases[i].s, &kbit), cases[i].rc);
		if (cases[i].rc)
			continue;
		assert_int_equal(kbit, cases[i].kbit);
		val_rate_str(kbit, buf, sizeof(buf));
		assert_string_equal(buf, cases[i].back);
	}
}

static void test_hostlabel(void **state)
{
	char out[VAL_HOSTLABEL_MAX + 1], d[VAL_DOMAIN_MAX + 1];
	char long_label[80], long_domain[200];

	(void)state;
	assert_int_equal(val_hostlabel("Web-1", out), 0);
	assert_string_equal(out, "web-1");
	assert_int_equal(val_hostlabel("7", out), 0);
	memset(long_label, 'a', 63);
	long_label[63] = '\0';
	assert_int_equal(val_hostlabel(long_label, out), 0);
	long_label[63] = 'a';
	long_label[64] = '\0';
	assert_int_equal(val_hostlabel(long_label, out), -EINVAL);
	assert_int_equal(val_hostlabel("", out), -EINVAL);
	assert_int_equal(val_hostlabel("-web", out), -EINVAL);
	assert_int_equal(val_hostlabel("web-", out), -EINVAL);
	assert_int_equal(val_hostlabel("bad_name", out), -EINVAL);
	assert_int_equal(val_hostlabel("a.b", out), -EINVAL);
	assert_int_equal(val_hostlabel("w\xc3\xa9" "b", out), -EINVAL);
	assert_int_equal(val_hostlabel("web name", out), -EINVAL);

	assert_int_equal(val_domain("Default.Internal", d), 0);
	assert_string_equal(d, "default.internal");
	assert_int_equal(val_domain("lab", d), 0);
	assert_string_equal(d, "lab");
	assert_int_equal(val_domain("", d), -EINVAL);
	assert_int_equal(val_domain(".lab", d), -EINVAL);
	assert_int_equal(val_domain("lab.", d), -EINVAL);
	assert_int_equal(val_domain("a..lab", d), -EINVAL);
	assert_int_equal(val_domain("a.-b", d), -EINVAL);
	assert_int_equal(val_domain("a.b_c", d), -EINVAL);
	memset(long_domain, 'a', sizeof(long_domain));
	for (size_t i = 63; i < sizeof(long_domain); i += 64)
		long_domain[i] = '.';
	long_domain[190] = '\0';
	assert_int_equal(val_domain(long_domain, d), 0);
	long_domain[190] = 'a';
	long_domain[191] = '\0';
	assert_int_equal(val_domain(long_domain, d), -EINVAL);
}

static void test_escape(void **state)
{
	char buf[32];

	(void)state;
	val_escape("tap\n0", buf, sizeof(buf));
	assert_string_equal(buf, "tap\\x0a0");
	val_escape("a\\b", buf, sizeof(buf));
	assert_string_equal(buf, "a\\x5cb");
	val_escape("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", buf, 16);
	assert_string_equal(buf, "aaaaaaaaaaaa...");
	val_escape(NULL, buf, sizeof(buf));
	assert_string_equal(buf, "(null)");
}

static void test_copy(void **state)
{
	char buf[4] = "zzz";

	(void)state;
	assert_int_equal(VAL_COPY(buf, "abc"), 0);	/* exactly fits */
	assert_string_equal(buf, "abc");
	assert_int_equal(VAL_COPY(buf, "abcd"), -ENAMETOOLONG);
	assert_string_equal(buf, "");			/* never cut */
	assert_int_equal(VAL_COPY(buf, ""), 0);
	assert_int_equal(val_copy(buf, 0, "a"), -ENAMETOOLONG);
}

/* The longest record any attach can write fits in an interface alias
 * (IFALIASZ - 1): the longest network name, uid, every field, the longest
 * kind, the largest limit, the longest "via". */
static void test_record_worst_case(void **state)
{
	struct rec r = { .uid = 0xfffffffeu, .has_mac = true, .has_ip = true,
			 .has_ip6 = true, .orig_mtu = 65535, .orig_up = true,
			 .has_fw = true, .conns = ACL_MAX_CONNS_LIMIT,
			 .rate = VAL_RATE_MAX_KBIT - 1 };
	static const enum conf_fw kinds[] = { CONF_FW_NONE, CONF_FW_ISOLATED,
		CONF_FW_BRIDGED, CONF_FW_WLAN_NETDEV, CONF_FW_WLAN_4ADDR,
		CONF_FW_OVN };
	static const enum rec_via vias[] = { REC_VIA_IFUP, REC_VIA_HELPER,
					     REC_VIA_ADOPTED };
	struct rec back;
	char buf[REC_MAX + 1];
	size_t k, v, worst = 0;

	(void)state;
	/* the longest address texts: IPv4 for ip= (the VM's IPv4 address;
	 * an IPv6 one is refused), IPv6 with no zero group to compress for
	 * ip6= */
	assert_int_equal(inany_parse("ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffe",
				     &r.ip6), 0);
	r.ip = r.ip6;
	assert_int_equal(rec_format(&r, buf, sizeof(buf)), -EINVAL);
	assert_int_equal(inany_parse("255.255.255.254", &r.ip), 0);
	memset(r.network, 'n', VAL_NETNAME_MAX);
	r.network[VAL_NETNAME_MAX] = '\0';
	memset(r.mac, 0xee, 6);
	memset(r.orig_mac, 0xee, 6);
	for (k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
		for (v = 0; v < sizeof(vias) / sizeof(vias[0]); v++) {
			r.fw = kinds[k];
			r.via = vias[v];
			assert_int_equal(rec_format(&r, buf, sizeof(buf)), 0);
			assert_int_equal(rec_parse(buf, &back), 0);
			assert_memory_equal(&r, &back, sizeof(r));
			if (strlen(buf) > worst)
				worst = strlen(buf);
		}
	}
	print_message("worst-case record: %zu of %d bytes\n", worst, REC_MAX);
	assert_true(worst <= REC_MAX);
}

static void test_record(void **state)
{
	struct rec r = { .uid = 1000, .has_mac = true, .has_ip = true,
			 .ip = INANY_V4(192, 168, 100, 5), .orig_mtu = 1500,
			 .orig_up = false, .has_fw = true,
			 .fw = CONF_FW_ISOLATED };
	struct rec back;
	char buf[REC_MAX + 1];

	(void)state;
	strcpy(r.network, "default");
	val_mac("52:54:00:12:34:56", r.mac);
	val_mac("aa:bb:cc:dd:ee:ff", r.orig_mac);
	assert_int_equal(rec_format(&r, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "vmnet1 net=default uid=1000 "
				 "mac=52:54:00:12:34:56 ip=192.168.100.5 "
				 "omtu=1500 omac=aa:bb:cc:dd:ee:ff oup=0 "
				 "fw=isolated");
	assert_true(rec_is_ours(buf));
	assert_int_equal(rec_parse(buf, &back), 0);
	assert_memory_equal(&r, &back, sizeof(r));
	assert_int_equal(rec_parse("vmnet1 net=x uid=1 mac=- ip=- omtu=1500 "
				   "omac=aa:bb:cc:dd:ee:ff oup=1", &back), 0);
	assert_false(back.has_mac);
	assert_true(back.orig_up);
	/* vmnet 0.1 wrote no fw=: the configuration decides */
	assert_false(back.has_fw);
	assert_int_equal(rec_parse("vmnet1 net=x uid=1 mac=- ip=- omtu=1500 "
				   "omac=aa:bb:cc:dd:ee:ff oup=1 fw=wlan-4addr",
				   &back), 0);
	assert_true(back.has_fw);
	assert_int_equal(back.fw, CONF_FW_WLAN_4ADDR);
	assert_int_equal(back.via, REC_VIA_IFUP);
	/* who put it there, when not vmnet-ifup */
	r.via = REC_VIA_HELPER;
	assert_int_equal(rec_format(&r, buf, sizeof(buf)), 0);
	assert_non_null(strstr(buf, " fw=isolated via=helper"));
	assert_int_equal(rec_parse(buf, &back), 0);
	assert_memory_equal(&r, &back, sizeof(r));
	r.via = REC_VIA_ADOPTED;
	assert_int_equal(rec_format(&r, buf, sizeof(buf)), 0);
	assert_int_equal(rec_parse(buf, &back), 0);
	assert_int_equal(back.via, REC_VIA_ADOPTED);
	/* a rate limit, kbit/s */
	r.rate = 100000;
	assert_int_equal(rec_format(&r, buf, sizeof(buf)), 0);
	assert_non_null(strstr(buf, " fw=isolated rate=100000 via=adopted"));
	assert_int_equal(rec_parse(buf, &back), 0);
	assert_memory_equal(&r, &back, sizeof(r));
	assert_int_not_equal(rec_parse("vmnet1 net=x uid=1 mac=- ip=- "
				       "omtu=1500 omac=aa:bb:cc:dd:ee:ff oup=1 "
				       "fw=isolated rate=63", &back), 0);
	r.rate = 0;
	/* a connection limit (isolated networks) */
	r.conns = 50;
	assert_int_equal(rec_format(&r, buf, sizeof(buf)), 0);
	assert_non_null(strstr(buf, " fw=isolated conns=50 via=adopted"));
	assert_int_equal(rec_parse(buf, &back), 0);
	assert_memory_equal(&r, &back, sizeof(r));
	r.conns = 0;
	assert_int_equal(rec_parse("vmnet1 net=x uid=1 mac=- ip=- omtu=1500 "
				   "omac=aa:bb:cc:dd:ee:ff oup=1 fw=isolated "
				   "conns=0", &back), -EINVAL);
	assert_int_equal(rec_parse("vmnet1 net=x uid=1 mac=- ip=- omtu=1500 "
				   "omac=aa:bb:cc:dd:ee:ff oup=1 fw=isolated "
				   "conns=5", &back), 0);
	assert_int_equal(back.conns, 5);
	assert_int_equal(rec_parse("vmnet1 net=x uid=1 mac=- ip=- omtu=1500 "
				   "omac=aa:bb:cc:dd:ee:ff oup=1 fw=none "
				   "via=qemu", &back), -EINVAL);
	assert_int_equal(rec_parse("vmnet1 net=x uid=1 mac=- ip=- omtu=1500 "
				   "omac=aa:bb:cc:dd:ee:ff oup=1 fw=none "
				   "via=helper x", &back), -EINVAL);
	/* damaged records */
	assert_int_equal(rec_parse("vmnet1 net=x uid=1 mac=- ip=- omtu=1500 "
				   "omac=aa:bb:cc:dd:ee:ff oup=1 fw=wlan", &back),
			 -EINVAL);
	assert_int_equal(rec_parse("vmnet1 net=x uid=1 mac=- ip=- omtu=1500 "
				   "omac=aa:bb:cc:dd:ee:ff oup=1 fw=none x",
				   &back), -EINVAL);
	assert_int_equal(rec_parse("vmnet1 net=x uid=1 mac=- ip=- omtu=1500 "
				   "omac=aa:bb:cc:dd:ee:ff oup=1 x", &back),
			 -EINVAL);
	assert_int_equal(rec_parse("vmnet1 net=x uid=-1 mac=- ip=- omtu=1500 "
				   "omac=aa:bb:cc:dd:ee:ff oup=1", &back),
			 -EINVAL);
	assert_int_equal(rec_parse("vmnet1 uid=1 net=x mac=- ip=- omtu=1500 "
				   "omac=aa:bb:cc:dd:ee:ff oup=1", &back),
			 -EINVAL);
	assert_int_equal(rec_parse("vmnet1 net=x uid=1 mac=- ip=- omtu=10 "
				   "omac=aa:bb:cc:dd:ee:ff oup=1", &back),
			 -EINVAL);
	assert_int_equal(rec_parse("my alias", &back), -EINVAL);
	assert_false(rec_is_ours(NULL));
	assert_false(rec_is_ours("vmnet1"));
}

static void test_env(void **state)
{
	struct env_vals v;
	struct vm_err err;
	char *ok[] = { "PATH=/bin", "VMNET_NETWORK=lan",
		       "VMNET_MAC=52:54:00:12:34:56", "VMNET_IP=10.0.0.2",
		       "LD_PRELOAD=/x", NULL };
	char *dup[] = { "VMNET_NETWORK=lan", "VMNET_NETWORK=other", NULL };
	char *unk[] = { "VMNET_NETWROK=lan", NULL };
	char *empty[] = { "VMNET_MAC=", NULL };
	char *no_eq[] = { "PATH=/bin", "VMNET_NETWORK", NULL };
	char *other_no_eq[] = { "JUNK", NULL };
	char *bad_mac[] = { "VMNET_MAC=zz", NULL };
	char *mcast[] = { "VMNET_MAC=01:00:00:00:00:01", NULL };
	char *bad_ip[] = { "VMNET_IP=1.2.3", NULL };
	char *v6_ip[] = { "VMNET_IP=fd00::5", NULL };
	char *bad_net[] = { "VMNET_NETWORK=a/b", NULL };
	char long_net[200] = "VMNET_NETWORK=";
	char *too_long[] = { long_net, NULL };

	(void)state;
	assert_int_equal(env_parse(ok, &v, &err), 0);
	assert_true(v.has_network && v.has_mac && v.has_ip);
	assert_string_equal(v.network, "lan");
	assert_int_equal(inany_v4(&v.ip), 0x0a000002);
	assert_int_equal(env_parse(NULL, &v, &err), 0);
	assert_false(v.has_network);
	assert_int_equal(env_parse(dup, &v, &err), -EINVAL);
	assert_string_equal(err.msg, "VMNET_NETWORK is set twice");
	assert_int_equal(env_parse(unk, &v, &err), -EINVAL);
	assert_non_null(strstr(err.msg, "unknown variable"));
	assert_int_equal(env_parse(empty, &v, &err), -EINVAL);
	assert_string_equal(err.msg, "VMNET_MAC is empty");
	assert_int_equal(env_parse(no_eq, &v, &err), -EINVAL);
	assert_string_equal(err.msg, "environment entry VMNET_NETWORK has no '='");
	assert_int_equal(env_parse(other_no_eq, &v, &err), 0);
	assert_int_equal(env_parse(bad_mac, &v, &err), -EINVAL);
	assert_int_equal(env_parse(mcast, &v, &err), -EINVAL);
	assert_int_equal(env_parse(bad_ip, &v, &err), -EINVAL);
	assert_int_equal(env_parse(v6_ip, &v, &err), -EINVAL);	/* for now */
	assert_string_equal(err.msg, "VMNET_IP 'fd00::5' is not an IPv4 "
				     "address");
	{
		char *ip6[] = { "VMNET_IP6=fd00:1::50", NULL };
		char *ip6_v4[] = { "VMNET_IP6=10.0.0.2", NULL };
		char *ip6_ll[] = { "VMNET_IP6=fe80::1", NULL };
		char *ip6_mc[] = { "VMNET_IP6=ff02::1", NULL };
		char *ip6_dup[] = { "VMNET_IP6=fd00::1", "VMNET_IP6=fd00::1",
				    NULL };

		assert_int_equal(env_parse(ip6, &v, &err), 0);
		assert_true(v.has_ip6 && !v.has_ip);
		assert_int_equal(v.ip6.b[0], 0xfd);
		assert_int_equal(env_parse(ip6_v4, &v, &err), -EINVAL);
		assert_string_equal(err.msg, "VMNET_IP6 '10.0.0.2' is not a "
					     "global or unique local IPv6 "
					     "address");
		assert_int_equal(env_parse(ip6_ll, &v, &err), -EINVAL);
		assert_int_equal(env_parse(ip6_mc, &v, &err), -EINVAL);
		assert_int_equal(env_parse(ip6_dup, &v, &err), -EINVAL);
		assert_string_equal(err.msg, "VMNET_IP6 is set twice");
	}
	assert_int_equal(env_parse(bad_net, &v, &err), -EINVAL);
	memset(long_net + 14, 'a', 100);
	assert_int_equal(env_parse(too_long, &v, &err), -EINVAL);
	assert_string_equal(err.msg, "VMNET_NETWORK is too long");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ifname),
		cmocka_unit_test(test_netname),
		cmocka_unit_test(test_mac),
		cmocka_unit_test(test_ipv4),
		cmocka_unit_test(test_prefix),
		cmocka_unit_test(test_macprefix),
		cmocka_unit_test(test_uint),
		cmocka_unit_test(test_hostlabel),
		cmocka_unit_test(test_rate),
		cmocka_unit_test(test_escape),
		cmocka_unit_test(test_copy),
		cmocka_unit_test(test_record),
		cmocka_unit_test(test_record_worst_case),
		cmocka_unit_test(test_env),
	};

	return cmocka_run_group_tests_name("validate", tests, NULL, NULL);
}

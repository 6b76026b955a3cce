// SPDX-License-Identifier: GPL-2.0-or-later
/* Unit tests for policy/conf.c and policy/lines.c: every rule and error. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "conf.h"
#include "mode.h"

static const char *const ISO =
	"[network default]\nmode = isolated\nbridge = vmnet0\n"
	"address = 192.168.100.1/24\n";

struct bad {
	const char *text;
	const char *err;	/* expected error message, exactly */
};

static const struct bad bad_cases[] = {
	{ "", "t.conf: no [network NAME] section" },
	{ "# only a comment\n", "t.conf: no [network NAME] section" },
	{ "mode = bridged\n",
	  "t.conf:1: setting outside a [network NAME] section" },
	{ "[network a]\nmode bridged\n",
	  "t.conf:2: expected 'key = value' or '[network NAME]'" },
	{ "[network a\n", "t.conf:1: section header must end with ']'" },
	{ "[net a]\n", "t.conf:1: section must be [network NAME]" },
	{ "[network a b]\n", "t.conf:1: section must be [network NAME]" },
	{ "[network -a]\n",
	  "t.conf:1: invalid network name (1-31 of A-Z a-z 0-9 _ . -, "
	  "starting with a letter or digit): '-a'" },
	{ "[network a]\nbridge = br0\n", "t.conf:1: network 'a' has no mode" },
	{ "[network a]\nmode = nat\n",
	  "t.conf:2: unknown mode (want isolated, bridged, wlan or ovn): 'nat'" },
	{ "[network a]\nmode = bridged\nmode = bridged\n",
	  "t.conf:3: repeated key 'mode'" },
	{ "[network a]\nmode = bridged\ncolour = red\n",
	  "t.conf:3: unknown key 'colour'" },
	{ "[network a]\nmode =\n", "t.conf:2: missing value for key 'mode'" },
	{ "[network a]\nmode = bridged\nbridge = br0 br1\n",
	  "t.conf:3: value must be one word for key 'bridge'" },
	{ "[network a]\nmode = bridged\n",
	  "t.conf:1: network 'a': mode bridged needs key 'bridge'" },
	{ "[network a]\nmode = bridged\nbridge = abcdefghijklmnop\n",
	  "t.conf:3: invalid interface name (1-15 of A-Z a-z 0-9 _ . -): "
	  "'abcdefghijklmnop'" },
	{ "[network a]\nmode = bridged\nbridge = br0\nlan = block\n",
	  "t.conf:4: network 'a': key 'lan' is not valid for mode bridged" },
	{ "[network a]\nmode = isolated\nbridge = br0\n",
	  "t.conf:1: network 'a': mode isolated needs key 'address'" },
	{ "[network a]\nmode = isolated\nbridge = br0\naddress = 10.0.0.0/24\n",
	  "t.conf:4: invalid address (want a host address with prefix /8 to "
	  "/30, e.g. 192.168.100.1/24): '10.0.0.0/24'" },
	/* IPv4 only, while the networks are (the address type is not) */
	{ "[network a]\nmode = isolated\nbridge = br0\naddress = fd00::1/64\n",
	  "t.conf:4: invalid address (want a host address with prefix /8 to "
	  "/30, e.g. 192.168.100.1/24): 'fd00::1/64'" },
	{ "[network a]\nmode = isolated\nbridge = br0\naddress = 10.0.0.1/24\n"
	  "dhcp = fd00::2-fd00::9\n",
	  "t.conf:5: invalid DHCP range (want first-last): 'fd00::2-fd00::9'" },
	{ "[network a]\nmode = isolated\nbridge = br0\naddress = 10.0.0.1/24\n"
	  "block-extra = fd00::1/8\n",
	  "t.conf:5: invalid prefix (want a.b.c.d/len or an IPv6 prefix, "
	  "with no host bits) 'fd00::1/8'" },
	/* address6: a host address in a unique local or global /64 */
	{ "[network a]\nmode = isolated\nbridge = br0\naddress = 10.0.0.1/24\n"
	  "address6 = fd00:1::1/48\n",
	  "t.conf:5: invalid address6 (want auto, none or the bridge's "
	  "address in a unique local or global /64, e.g. fd00:1:2:3::1/64): "
	  "'fd00:1::1/48'" },
	{ "[network a]\nmode = isolated\nbridge = br0\naddress = 10.0.0.1/24\n"
	  "address6 = fe80::1/64\n",
	  "t.conf:5: invalid address6 (want auto, none or the bridge's "
	  "address in a unique local or global /64, e.g. fd00:1:2:3::1/64): "
	  "'fe80::1/64'" },
	{ "[network a]\nmode = isolated\nbridge = br0\naddress = 10.0.0.1/24\n"
	  "address6 = fd00:1::/64\n",
	  "t.conf:5: invalid address6 (want auto, none or the bridge's "
	  "address in a unique local or global /64, e.g. fd00:1:2:3::1/64): "
	  "'fd00:1::/64'" },
	{ "[network a]\nmode = isolated\nbridge = br0\naddress = 10.0.0.1/24\n"
	  "address6 = 10.0.0.1/24\n",
	  "t.conf:5: invalid address6 (want auto, none or the bridge's "
	  "address in a unique local or global /64, e.g. fd00:1:2:3::1/64): "
	  "'10.0.0.1/24'" },
	{ "[network a]\nmode = bridged\nbridge = br0\naddress6 = none\n",
	  "t.conf:4: network 'a': key 'address6' is not valid for mode "
	  "bridged" },
	{ "[network a]\nmode = isolated\nbridge = br0\naddress = 10.0.0.1/24\n"
	  "address6 = fd00:1::1/64\n"
	  "[network b]\nmode = isolated\nbridge = br1\naddress = 10.0.1.1/24\n"
	  "address6 = fd00:1::2/64\n",
	  "t.conf:6: network 'b' has the IPv6 prefix of network 'a' (line 1)" },
	{ "[network a]\nmode = isolated\nbridge = br0\naddress = 10.0.0.1/24\n"
	  "dhcp = 10.0.0.2\n",
	  "t.conf:5: invalid DHCP range (want first-last): '10.0.0.2'" },
	{ "[network a]\nmode = isolated\nbridge = br0\naddress = 10.0.0.1/24\n"
	  "dhcp = 10.0.1.2-10.0.1.9\n",
	  "t.conf:1: network 'a': dhcp range is outside the address's subnet" },
	{ "[network a]\nmode = isolated\nbridge = br0\naddress = 10.0.0.1/24\n"
	  "dhcp = 10.0.0.0-10.0.0.9\n",
	  "t.conf:1: network 'a': dhcp range includes the network or "
	  "broadcast address" },
	{ "[network a]\nmode = isolated\nbridge = br0\naddress = 10.0.0.1/24\n"
	  "dhcp = 10.0.0.1-10.0.0.9\n",
	  "t.conf:1: network 'a': dhcp range includes the bridge address" },
	{ "[network a]\nmode = isolated\nbridge = br0\naddress = 10.0.0.1/24\n"
	  "lan = maybe\n",
	  "t.conf:5: invalid lan (want block or allow): 'maybe'" },
	{ "[network a]\nmode = isolated\nbridge = br0\naddress = 10.0.0.1/24\n"
	  "block-extra = 10.20.0.1/16\n",
	  "t.conf:5: invalid prefix (want a.b.c.d/len or an IPv6 prefix, "
	  "with no host bits) '10.20.0.1/16'" },
	{ "[network w]\nmode = wlan\nbridge = br0\nuplink = wlan0\n"
	  "method = bridge\n",
	  "t.conf:5: invalid method (want netdev or 4addr): 'bridge'" },
	{ "[network w]\nmode = wlan\nbridge = br0\nuplink = wlan0\n"
	  "method = netdev\ndhcp-broadcast = on\n",
	  "t.conf:6: invalid dhcp-broadcast (want yes or no): 'on'" },
	{ "[network w]\nmode = wlan\nbridge = br0\nuplink = br0\n"
	  "method = netdev\n",
	  "t.conf:1: network 'w': bridge and uplink are the same interface" },
	{ "[network w]\nmode = wlan\nbridge = br0\nuplink = wlan0\n",
	  "t.conf:1: network 'w': mode wlan needs key 'method'" },
	{ "[network w]\nmode = wlan\nbridge = vmwifibridge01\nuplink = wlan0\n"
	  "method = netdev\n",
	  "t.conf:1: network 'w': with method netdev the bridge name can have "
	  "at most 13 characters (vmnet names its veth pair vmwifibridge01-v "
	  "and vmwifibridge01-u)" },
	{ "[network a]\nmode = bridged\nbridge = br0\n"
	  "[network a]\nmode = bridged\nbridge = br1\n",
	  "t.conf:4: network 'a' is already defined at line 1" },
	{ "[network a]\nmode = bridged\nbridge = br0\n"
	  "[network b]\nmode = bridged\nbridge = br0\n",
	  "t.conf:4: network 'b' uses an interface of network 'a' (line 1)" },
	{ "[network a]\nmode = isolated\nbridge = br0\naddress = 10.0.0.1/16\n"
	  "[network b]\nmode = isolated\nbridge = br1\naddress = 10.0.5.1/24\n",
	  "t.conf:5: network 'b' overlaps the subnet of network 'a' (line 1)" },
	{ "[network o]\nmode = ovn\n",
	  "t.conf:1: network 'o': mode ovn needs key 'lan'" },
	{ "[network o]\nmode = ovn\n\nlan = block\n",
	  "t.conf:1: network 'o': lan = block needs address, gateway-chassis, "
	  "external and external-gateway (the router's way out)" },
	{ "[network o]\nmode = ovn\nlan = allow\ngateway-chassis = hv1\n",
	  "t.conf:3: network 'o': gateway-chassis, external, external-gateway "
	  "and block-extra go with lan = block" },
	{ "[network o]\nmode = ovn\nlan = block\naddress = 10.7.0.1/24\n"
	  "gateway-chassis = hv1\nexternal = 172.30.0.10/24\n"
	  "external-gateway = 172.30.1.1\n",
	  "t.conf:7: network 'o': external-gateway must be another address "
	  "of external's subnet" },
	{ "[network o]\nmode = ovn\nlan = block\naddress = 10.7.0.1/16\n"
	  "gateway-chassis = hv1\nexternal = 10.7.5.10/24\n"
	  "external-gateway = 10.7.5.1\n",
	  "t.conf:6: network 'o': external must not overlap the switch's "
	  "subnet" },
	{ "[network o]\nmode = ovn\nlan = block\nexternal = 1.2.3.4\n",
	  "t.conf:4: invalid external (want the router's IPv4 address with "
	  "its prefix, e.g. 192.0.2.10/24): '1.2.3.4'" },
	{ "[network o]\nmode = ovn\nlan = block\ngateway-chassis = -h\n",
	  "t.conf:4: invalid gateway-chassis (want 1-63 of A-Z a-z 0-9 _ . : "
	  "-, starting with a letter or digit): '-h'" },
	{ "[network o]\nmode = ovn\nlan = allow\nswitch = -x\n",
	  "t.conf:4: invalid switch (want 1-63 of A-Z a-z 0-9 _ . : -, "
	  "starting with a letter or digit): '-x'" },
	{ "[network o]\nmode = ovn\nlan = allow\nnorthbound = ssl:1.2.3.4:6641\n",
	  "t.conf:4: invalid northbound (want unix:/PATH or tcp:IPV4:PORT): "
	  "'ssl:1.2.3.4:6641'" },
	{ "[network o]\nmode = ovn\nlan = allow\nnorthbound = tcp:1.2.3.4:0\n",
	  "t.conf:4: invalid northbound (want unix:/PATH or tcp:IPV4:PORT): "
	  "'tcp:1.2.3.4:0'" },
	{ "[network o]\nmode = ovn\nlan = allow\nnorthbound = unix:/a/../b\n",
	  "t.conf:4: invalid northbound (want unix:/PATH or tcp:IPV4:PORT): "
	  "'unix:/a/../b'" },
	{ "[network o]\nmode = ovn\nlan = allow\novsdb = tcp:1.2.3.4:6640\n",
	  "t.conf:4: invalid ovsdb (want unix:/PATH): 'tcp:1.2.3.4:6640'" },
	{ "[network o]\nmode = ovn\nlan = allow\nmtu = 9001\n",
	  "t.conf:4: invalid mtu (want 576 to 9000): '9001'" },
	{ "[network o]\nmode = ovn\nlan = allow\nuplink = eth0\n",
	  "t.conf:4: network 'o': key 'uplink' is not valid for mode ovn" },
	{ "[network o]\nmode = ovn\nlan = allow\n"
	  "[network p]\nmode = ovn\nlan = allow\nswitch = o\n",
	  "t.conf:4: network 'p' is the switch of network 'o' (line 1)" },
	{ "[network o]\nmode = ovn\nlan = allow\n"
	  "[network b]\nmode = bridged\nbridge = br-int\n",
	  "t.conf:4: network 'b' uses an interface of network 'o' (line 1)" },
	{ "[network a]\nmode = bridged\nbridge = br\x01\n",
	  "t.conf:3: control character in line" },
	{ "[network i]\nmode = isolated\nbridge = v0\naddress = 10.9.0.1/24\n"
	  "domain = vms..internal\n",
	  "t.conf:5: invalid domain (want labels of letters, digits and "
	  "hyphens joined by dots): 'vms..internal'" },
	{ "[network i]\nmode = isolated\nbridge = v0\naddress = 10.9.0.1/24\n"
	  "domain = -vms.internal\n",
	  "t.conf:5: invalid domain (want labels of letters, digits and "
	  "hyphens joined by dots): '-vms.internal'" },
	{ "[network i]\nmode = isolated\nbridge = v0\naddress = 10.9.0.1/24\n"
	  "domain = vms.internal.\n",
	  "t.conf:5: invalid domain (want labels of letters, digits and "
	  "hyphens joined by dots): 'vms.internal.'" },
	{ "[network i_1]\nmode = isolated\nbridge = v0\n"
	  "address = 10.9.0.1/24\n",
	  "t.conf:1: network 'i_1': its name is not a DNS label, so it has no "
	  "default domain: set one (domain = ...)" },
	{ "[network i]\nmode = isolated\nbridge = v0\naddress = 10.9.0.1/24\n"
	  "[network j]\nmode = isolated\nbridge = v1\naddress = 10.8.0.1/24\n"
	  "domain = I.internal\n",
	  "t.conf:5: network 'j' has the domain of network 'i' (line 1)" },
	{ "[network b]\nmode = bridged\nbridge = br0\ndomain = x.internal\n",
	  "t.conf:4: network 'b': key 'domain' is not valid for mode bridged" },
	{ "[network a]\nmode = bridged\nbridge = br\xc3\xa9\n",
	  "t.conf:3: non-ASCII byte in line" },
};

static void test_bad(void **state)
{
	struct conf *c = malloc(sizeof(*c));
	struct vm_err err;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad_cases) / sizeof(bad_cases[0]); i++) {
		const struct bad *b = &bad_cases[i];

		memset(&err, 0, sizeof(err));
		assert_int_equal(conf_parse("t.conf", b->text, strlen(b->text),
					    c, &err), -EINVAL);
		if (strcmp(err.msg, b->err))
			fail_msg("case %zu: got \"%s\", want \"%s\"", i,
				 err.msg, b->err);
	}
	free(c);
}

static void test_nul_and_long(void **state)
{
	struct conf *c = malloc(sizeof(*c));
	static const char nul[] = "[network a]\nmode = bri\0dged\n";
	char *big;
	struct vm_err err;

	(void)state;
	assert_int_equal(conf_parse("t.conf", nul, sizeof(nul) - 1, c, &err),
			 -EINVAL);
	assert_string_equal(err.msg, "t.conf:2: NUL byte in line");
	big = malloc(4000);
	memset(big, '#', 4000);
	memcpy(big, "[network a]\n", 12);
	assert_int_equal(conf_parse("t.conf", big, 4000, c, &err), -EINVAL);
	assert_string_equal(err.msg, "t.conf:2: line is longer than 1024 bytes");
	free(big);
	big = calloc(1, 2 * 1024 * 1024);
	assert_int_equal(conf_parse("t.conf", big, 2 * 1024 * 1024, c, &err),
			 -EINVAL);
	assert_string_equal(err.msg, "t.conf: file is larger than 1048576 bytes");
	free(big);
	free(c);
}

static void test_good(void **state)
{
	struct conf *c = malloc(sizeof(*c));
	const char *text =
		"# comment\n"
		"[network default]   # trailing comment\n"
		"  mode=isolated\n"
		"\tbridge = vmnet0\n"
		"address = 192.168.100.1/24\n"
		"dhcp = 192.168.100.2-192.168.100.254\n"
		"block-extra = 10.20.0.0/16, 172.30.0.0/16\n"
		"block-extra = 100.64.0.0/10\r\n"
		"block-extra = 2001:db8:77::/48\n"
		"address6 = fd00:64:1:2::1/64\n"
		"[network lan]\n"
		"mode = bridged\n"
		"bridge = br0\n"
		"[network wifi]\n"
		"mode = wlan\n"
		"bridge = vmwifi0\n"
		"uplink = wlan0\n"
		"method = 4addr\n"
		"dhcp-broadcast = yes\n";
	const struct conf_network *n;
	struct vm_err err;

	(void)state;
	assert_int_equal(conf_parse("t.conf", text, strlen(text), c, &err), 0);
	assert_int_equal(c->n, 3);
	n = conf_find(c, "default");
	assert_non_null(n);
	assert_int_equal(n->mode, CONF_ISOLATED);
	assert_true(n->lan_block);	/* the default for isolated */
	assert_int_equal(n->n_block_extra, 4);
	assert_int_equal(n->block_extra[2].len, 10);
	assert_int_equal(n->block_extra[3].len, 48);
	assert_int_equal(n->address6_mode, CONF_V6_SET);
	assert_int_equal(n->address6.len, 64);
	assert_int_equal(n->address6.addr.b[15], 1);
	assert_int_equal(conf_find(c, "lan")->address6_mode, CONF_V6_AUTO);
	assert_int_equal(inany_v4(&n->dhcp.lo), 0xc0a86402);
	assert_int_equal(n->line, 2);
	n = conf_find(c, "wifi");
	assert_int_equal(n->method, CONF_METHOD_4ADDR);
	assert_true(n->dhcp_broadcast);
	assert_string_equal(n->uplink, "wlan0");
	{
		static const char w2[] = "[network w]\nmode = wlan\n"
					 "bridge = vmwifibridge\nuplink = "
					 "wlan0\nmethod = netdev\n";
		struct conf *c2 = malloc(sizeof(*c2));
		char v[16], u[16];

		assert_int_equal(conf_parse("t.conf", w2, strlen(w2), c2, &err),
				 0);
		/* the BOOTP broadcast flag is on unless turned off */
		assert_true(c2->nets[0].dhcp_broadcast);
		conf_wlan_veth(&c2->nets[0], v, u);
		assert_string_equal(v, "vmwifibridge-v");
		assert_string_equal(u, "vmwifibridge-u");
		free(c2);
	}
	assert_ptr_equal(conf_find_bridge(c, "br0"), conf_find(c, "lan"));
	assert_null(conf_find(c, "nope"));
	assert_null(conf_find_bridge(c, "nope"));
	assert_string_equal(conf_mode_name(CONF_BRIDGED), "bridged");
	free(c);
}

/* Each (mode, method) has one descriptor, and the answers the code asks
 * of it are the ones the modes were written with. */
static void test_modes(void **state)
{
	static const char text[] =
		"[network i]\nmode = isolated\nbridge = vi0\n"
		"address = 10.9.0.1/24\n"
		"[network j]\nmode = isolated\nbridge = vi1\n"
		"address = 10.8.0.1/24\ndomain = Lab.Example\n"
		"[network b]\nmode = bridged\nbridge = br0\n"
		"[network u]\nmode = bridged\nbridge = br1\nguard = no\n"
		"[network n]\nmode = wlan\nbridge = vw0\nuplink = wlan0\n"
		"method = netdev\n"
		"[network a]\nmode = wlan\nbridge = vw1\nuplink = wlan1\n"
		"method = 4addr\n";
	struct conf *c = malloc(sizeof(*c));
	const struct mode_desc *i, *b, *u, *n, *a;
	struct vm_err err;

	(void)state;
	assert_int_equal(conf_parse("t.conf", text, sizeof(text) - 1, c, &err),
			 0);
	i = mode_of(conf_find(c, "i"));
	b = mode_of(conf_find(c, "b"));
	u = mode_of(conf_find(c, "u"));
	n = mode_of(conf_find(c, "n"));
	a = mode_of(conf_find(c, "a"));
	assert_int_equal(i->id, MODE_ISOLATED);
	assert_int_equal(b->id, MODE_BRIDGED);
	assert_ptr_equal(u, b);
	assert_int_equal(n->id, MODE_WLAN_NETDEV);
	assert_int_equal(a->id, MODE_WLAN_4ADDR);
	/* VMs' names: NETWORK.internal, or the domain set, lowercased */
	assert_string_equal(conf_find(c, "i")->domain, "i.internal");
	assert_string_equal(conf_find(c, "j")->domain, "lab.example");
	/* vmnet owns the bridges it creates: isolated and wlan netdev */
	assert_true(i->owns_bridge && n->owns_bridge);
	assert_false(b->owns_bridge || a->owns_bridge);
	assert_true(n->has_veth);
	assert_false(i->has_veth || b->has_veth || a->has_veth);
	assert_true(i->routed && i->runs_dnsmasq && i->bpf_second_line);
	assert_false(b->routed || n->routed || a->routed);
	assert_true(n->mac_nat && a->mac_nat && n->lan_leases &&
		    a->ip_needs_mac);
	assert_false(i->sees_lan);
	assert_true(b->sees_lan && n->sees_lan && a->sees_lan);
	/* the guard is optional on bridged networks only */
	assert_int_equal(conf_fw_kind(conf_find(c, "u")), CONF_FW_NONE);
	assert_int_equal(conf_fw_kind(conf_find(c, "b")), CONF_FW_BRIDGED);
	assert_int_equal(conf_fw_kind(conf_find(c, "i")), CONF_FW_ISOLATED);
	assert_int_equal(conf_fw_kind(conf_find(c, "n")), CONF_FW_WLAN_NETDEV);
	assert_int_equal(conf_fw_kind(conf_find(c, "a")), CONF_FW_WLAN_4ADDR);
	/* from a tap's record: the kind names the mode */
	assert_ptr_equal(mode_of_kind(CONF_FW_ISOLATED), i);
	assert_ptr_equal(mode_of_kind(CONF_FW_WLAN_NETDEV), n);
	assert_ptr_equal(mode_of_kind(CONF_FW_WLAN_4ADDR), a);
	assert_ptr_equal(mode_of_kind(CONF_FW_NONE), b);
	free(c);
}

static void test_ovn(void **state)
{
	static const char text[] =
		"[network o]\nmode = ovn\nlan = allow\n"
		"[network p]\nmode = ovn\nlan = allow\nswitch = ls:p-1\n"
		"bridge = br-x\nnorthbound = tcp:172.31.0.1:6641\n"
		"ovsdb = unix:/var/run/ovs/db.sock\nmtu = 8942\n"
		"address = 10.7.0.1/24\n"
		"[network q]\nmode = ovn\nlan = block\naddress = 10.8.0.1/24\n"
		"gateway-chassis = gw1\nexternal = 172.30.0.10/24\n"
		"external-gateway = 172.30.0.1\nblock-extra = 198.18.0.0/15\n";
	struct conf *c = malloc(sizeof(*c));
	const struct conf_network *o, *p, *q;
	struct vm_err err;

	(void)state;
	if (conf_parse("t.conf", text, sizeof(text) - 1, c, &err))
		fail_msg("%s", err.msg);
	o = conf_find(c, "o");
	p = conf_find(c, "p");
	assert_int_equal(mode_of(o)->id, MODE_OVN);
	assert_int_equal(mode_of(o)->port, PORT_OVN);
	assert_false(mode_of(o)->nft_state || mode_of(o)->owns_bridge);
	assert_int_equal(conf_fw_kind(o), CONF_FW_OVN);
	assert_ptr_equal(mode_of_kind(CONF_FW_OVN), mode_of(o));
	/* the defaults: OVN's integration bridge and sockets, a switch of
	 * the network's name, Geneve's room */
	assert_string_equal(o->bridge, "br-int");
	assert_string_equal(o->ovn_switch, "o");
	assert_string_equal(o->ovn_nb, "unix:/run/ovn/ovnnb_db.sock");
	assert_string_equal(o->ovn_ovsdb, "unix:/run/openvswitch/db.sock");
	assert_int_equal(o->mtu, 1442);
	assert_false(o->has_address || o->lan_block);
	assert_string_equal(p->bridge, "br-x");
	assert_string_equal(p->ovn_switch, "ls:p-1");
	assert_string_equal(p->ovn_nb, "tcp:172.31.0.1:6641");
	assert_string_equal(p->ovn_ovsdb, "unix:/var/run/ovs/db.sock");
	assert_int_equal(p->mtu, 8942);
	assert_true(p->has_address);
	q = conf_find(c, "q");
	assert_true(q->lan_block);
	assert_string_equal(q->ovn_gw_chassis, "gw1");
	assert_string_equal(q->ovn_physnet, "physnet");
	assert_int_equal(q->ovn_external.len, 24);
	assert_int_equal(q->n_block_extra, 1);
	free(c);
}

static void test_embedded(void **state)
{
	struct conf *c = malloc(sizeof(*c));
	const struct conf_network *n;

	(void)state;
	assert_int_equal(conf_embedded(c), 0);
	assert_true(c->embedded);
	assert_int_equal(c->n, 1);
	n = conf_find(c, "default");
	assert_non_null(n);
	assert_string_equal(n->bridge, "vmnet0");
	assert_int_equal(inany_v4(&n->address.addr), 0xc0a86401);
	assert_int_equal(n->address.len, 24);
	assert_true(n->has_dhcp);
	assert_true(n->lan_block);
	free(c);
}

static void test_limits(void **state)
{
	struct conf *c = malloc(sizeof(*c));
	char *text = malloc(64 * 1024), *p = text;
	struct vm_err err;
	int i;

	(void)state;
	for (i = 0; i <= CONF_MAX_NETWORKS; i++)
		p += sprintf(p, "[network n%d]\nmode = bridged\nbridge = b%d\n",
			     i, i);
	assert_int_equal(conf_parse("t.conf", text, strlen(text), c, &err),
			 -EINVAL);
	assert_string_equal(err.msg, "t.conf:193: more than 64 networks");
	p = text + sprintf(text, "%s", ISO);
	for (i = 0; i <= CONF_MAX_BLOCK_EXTRA; i++)
		p += sprintf(p, "block-extra = 10.%d.0.0/16\n", i);
	assert_int_equal(conf_parse("t.conf", text, strlen(text), c, &err),
			 -EINVAL);
	assert_string_equal(err.msg, "t.conf:37: more than 32 block-extra "
				     "prefixes");
	free(text);
	free(c);
}

/* Taps of isolated networks get the network's interface group; two
 * networks must never share one. */
static void test_port_group(void **state)
{
	static const char text[] =
		"[network n33839]\nmode = bridged\nbridge = br0\n"
		"[network n49944]\nmode = bridged\nbridge = br1\n";
	struct conf c;
	struct vm_err err;

	assert_int_equal(conf_port_group("default"), 0x763b5bde);
	assert_int_equal(conf_port_group("a") & CONF_GROUP_MASK,
			 CONF_GROUP_BASE);
	assert_int_not_equal(conf_port_group("a"), conf_port_group("b"));
	/* n33839 and n49944 collide in 24 bits of FNV-1a. */
	assert_int_equal(conf_port_group("n33839"), conf_port_group("n49944"));
	assert_int_equal(conf_parse("t.conf", text, sizeof(text) - 1, &c, &err),
			 -EINVAL);
	assert_string_equal(err.msg, "t.conf:4: networks 'n33839' (line 1) and "
				     "'n49944' get the same interface group; "
				     "rename one");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bad),
		cmocka_unit_test(test_nul_and_long),
		cmocka_unit_test(test_good),
		cmocka_unit_test(test_modes),
		cmocka_unit_test(test_ovn),
		cmocka_unit_test(test_embedded),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_port_group),
	};

	return cmocka_run_group_tests_name("conf", tests, NULL, NULL);
}

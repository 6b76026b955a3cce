// SPDX-License-Identifier: GPL-2.0-or-later
/* Unit tests for policy/acl.c: parser, includes, and every decision rule. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "acl.h"

/* ---- an in-memory file system for the loader --------------------------- */
struct mfile {
	const char *path;
	const char *text;
	uint64_t ino;
};

static struct mfile files[16];
static size_t nfiles;

static void mfs_reset(void)
{
	nfiles = 0;
}

static void mfs_add(const char *path, const char *text)
{
	files[nfiles] = (struct mfile){ path, text, nfiles + 100 };
	nfiles++;
}

static int mfs_load(void *ctx, const char *path, char **text, size_t *len,
		    struct acl_file_id *id, char *why, size_t whylen)
{
	size_t i;

	(void)ctx;
	for (i = 0; i < nfiles; i++) {
		if (!strcmp(files[i].path, path)) {
			*text = strdup(files[i].text);
			*len = strlen(files[i].text);
			id->dev = 1;
			id->ino = files[i].ino;
			return 0;
		}
	}
	snprintf(why, whylen, "No such file or directory");
	return -ENOENT;
}

static const struct acl_loader loader = { .load = mfs_load };

/* ---- users: alice 1000 (groups 1000, kvm 50), bob 1001, mallory 1002 --- */
static int res_user(void *ctx, const char *name, uid_t *uid)
{
	(void)ctx;
	if (!strcmp(name, "alice"))
		*uid = 1000;
	else if (!strcmp(name, "bob"))
		*uid = 1001;
	else if (!strcmp(name, "mallory"))
		*uid = 1002;
	else
		return -ENOENT;
	return 0;
}

static int res_group(void *ctx, const char *name, gid_t *gid)
{
	(void)ctx;
	if (!strcmp(name, "kvm"))
		*gid = 50;
	else if (!strcmp(name, "users"))
		*gid = 100;
	else
		return -ENOENT;
	return 0;
}

static const struct acl_resolver res = { res_user, res_group, NULL };
static const gid_t alice_gids[] = { 1000, 50 };
static const gid_t bob_gids[] = { 1001 };
static const gid_t mallory_gids[] = { 1002, 50 };
static const struct acl_ident alice = { 1000, alice_gids, 2, "alice" };
static const struct acl_ident bob = { 1001, bob_gids, 1, "bob" };
static const struct acl_ident mallory = { 1002, mallory_gids, 2, "mallory" };
static const struct acl_ident root = { 0, NULL, 0, "root" };

static struct conf conf;

static int setup(void **state)
{
	static const char text[] =
		"[network default]\nmode = isolated\nbridge = vmnet0\n"
		"address = 192.168.100.1/24\naddress6 = fd00:64::1/64\n"
		"[network lan]\nmode = bridged\nbridge = br0\n"
		"[network wifi]\nmode = wlan\nbridge = br1\nuplink = wlan0\n"
		"method = netdev\n"
		"[network v4]\nmode = isolated\nbridge = vmnet4\n"
		"address = 192.168.104.1/24\naddress6 = none\n";
	struct vm_err err;

	(void)state;
	mfs_reset();
	return conf_parse("c", text, sizeof(text) - 1, &conf, &err);
}

static int parse(const char *text, struct acl *a, struct vm_err *err)
{
	mfs_reset();
	mfs_add("/etc/vmnet/acl", text);
	return acl_parse("/etc/vmnet/acl", &loader, &conf, a, err);
}

static struct acl_decision decide(const char *acl_text,
				  const struct acl_ident *who,
				  const char *net, const char *mac,
				  const char *ip)
{
	struct acl_request req = { .network = net };
	struct acl_decision d;
	struct vm_err err;
	struct acl a;

	if (parse(acl_text, &a, &err))
		fail_msg("parse: %s", err.msg);
	if (mac) {
		req.has_mac = true;
		assert_int_equal(val_mac(mac, req.mac), 0);
	}
	if (ip && strchr(ip, ':')) {
		req.has_ip6 = true;
		assert_int_equal(inany_parse(ip, &req.ip6), 0);
	} else if (ip) {
		req.has_ip = true;
		assert_int_equal(inany_parse(ip, &req.ip), 0);
	}
	memset(&err, 0, sizeof(err));
	if (acl_decide(&a, &conf, who, &res, &req, &d, &err))
		snprintf(d.why, sizeof(d.why), "ERROR %.300s", err.msg);
	/* keep d.rule valid for callers that only look at fields */
	d.rule = NULL;
	acl_free(&a);
	return d;
}

struct bad {
	const char *text;
	const char *err;
};

static const struct bad bad_cases[] = {
	{ "permit alice lan\n",
	  "/etc/vmnet/acl:1: unknown verb (want allow, deny or include): "
	  "'permit'" },
	{ "allow alice\n",
	  "/etc/vmnet/acl:1: expected 'allow|deny WHO NETWORK [options]'" },
	{ "allow al/ice lan\n", "/etc/vmnet/acl:1: invalid user name: 'al/ice'" },
	{ "allow -alice lan\n", "/etc/vmnet/acl:1: invalid user name: '-alice'" },
	{ "allow @ lan\n", "/etc/vmnet/acl:1: invalid group name: '@'" },
	{ "allow alice l@n\n", "/etc/vmnet/acl:1: invalid network name: 'l@n'" },
	{ "allow alice lan ip=fd00::1\n",	/* IPv4 only, for now */
	  "/etc/vmnet/acl:1: ip must be an address, first-last range or "
	  "prefix, not 'fd00::1'" },
	{ "allow alice nonet\n",
	  "/etc/vmnet/acl:1: no such network in vmnet.conf: 'nonet'" },
	{ "deny alice lan max-taps=1\n",
	  "/etc/vmnet/acl:1: deny takes no options: 'max-taps=1'" },
	{ "allow alice lan max-taps\n",
	  "/etc/vmnet/acl:1: option must be name=value: 'max-taps'" },
	{ "allow alice lan max-taps=0\n",
	  "/etc/vmnet/acl:1: max-taps must be a number from 1 to 4096, not '0'" },
	{ "allow alice lan max-taps=4097\n",
	  "/etc/vmnet/acl:1: max-taps must be a number from 1 to 4096, not "
	  "'4097'" },
	{ "allow alice lan max-taps=-1\n",
	  "/etc/vmnet/acl:1: max-taps must be a number from 1 to 4096, not '-1'" },
	{ "allow alice lan max-taps=1 max-taps=2\n",
	  "/etc/vmnet/acl:1: repeated option 'max-taps'" },
	{ "allow alice lan max-conns=0\n",
	  "/etc/vmnet/acl:1: max-conns must be a number from 1 to 1048576, "
	  "not '0'" },
	{ "allow alice lan max-conns=1048577\n",
	  "/etc/vmnet/acl:1: max-conns must be a number from 1 to 1048576, "
	  "not '1048577'" },
	{ "allow alice lan rate=10kbit\n",
	  "/etc/vmnet/acl:1: rate must be a number and kbit, mbit or gbit, "
	  "from 64kbit to 100gbit, not '10kbit'" },
	{ "allow alice lan rate=1mbit rate=2mbit\n",
	  "/etc/vmnet/acl:1: repeated option 'rate'" },
	{ "allow alice lan max-conns=1 max-conns=2\n",
	  "/etc/vmnet/acl:1: repeated option 'max-conns'" },
	{ "allow alice lan ip=10.0.0.300\n",
	  "/etc/vmnet/acl:1: ip must be an address, first-last range or "
	  "prefix, not '10.0.0.300'" },
	{ "allow alice lan ip=10.0.0.1 ip=10.0.0.2\n",
	  "/etc/vmnet/acl:1: repeated option 'ip'" },
	{ "allow alice lan mac=52:54:00\n",
	  "/etc/vmnet/acl:1: mac must be xx:xx:xx:xx:xx:xx or "
	  "xx:xx:xx:xx:xx:xx/bits, not '52:54:00'" },
	{ "allow alice lan mac=52:54:00:ab:00:00/24\n",
	  "/etc/vmnet/acl:1: mac prefix '52:54:00:ab:00:00/24' has bits set "
	  "past /24 (clear them, or use a longer prefix)" },
	{ "allow alice lan mac=01:00:00:00:00:00/8\n",
	  "/etc/vmnet/acl:1: mac prefix is multicast: '01:00:00:00:00:00/8'" },
	{ "allow alice lan mac=52:54:00:00:00:01 mac=52:54:00:00:00:02\n",
	  "/etc/vmnet/acl:1: repeated option 'mac'" },
	{ "allow alice lan colour=red\n",
	  "/etc/vmnet/acl:1: unknown option (want max-taps, max-conns, rate, "
	  "name, ip, ip6 or mac): 'colour'" },
	{ "allow alice lan name=web_1\n",
	  "/etc/vmnet/acl:1: name must be 1 to 63 letters, digits and hyphens, "
	  "not 'web_1'" },
	{ "allow alice lan name=web name=db\n",
	  "/etc/vmnet/acl:1: repeated option 'name'" },
	{ "allow alice lan ip6=10.0.0.1\n",
	  "/etc/vmnet/acl:1: ip6 must be a global or unique local IPv6 "
	  "address, first-last range or prefix, not '10.0.0.1'" },
	{ "allow alice lan ip6=fe80::1\n",
	  "/etc/vmnet/acl:1: ip6 must be a global or unique local IPv6 "
	  "address, first-last range or prefix, not 'fe80::1'" },
	{ "allow alice lan ip6=fd00::/7\n",
	  "/etc/vmnet/acl:1: ip6 must be a global or unique local IPv6 "
	  "address, first-last range or prefix, not 'fd00::/7'" },
	{ "allow alice lan ip6=fd00::1 ip6=fd00::2\n",
	  "/etc/vmnet/acl:1: repeated option 'ip6'" },
	{ "include\n", "/etc/vmnet/acl:1: expected 'include /PATH'" },
	{ "include a b\n", "/etc/vmnet/acl:1: expected 'include /PATH'" },
	{ "include acl.d/x\n",
	  "/etc/vmnet/acl:1: include path must be absolute with no '.' or "
	  "'..' parts: 'acl.d/x'" },
	{ "include /etc/vmnet/../shadow\n",
	  "/etc/vmnet/acl:1: include path must be absolute with no '.' or "
	  "'..' parts: '/etc/vmnet/../shadow'" },
	{ "include /etc//vmnet/x\n",
	  "/etc/vmnet/acl:1: include path must be absolute with no '.' or "
	  "'..' parts: '/etc//vmnet/x'" },
	{ "\n\ninclude /etc/vmnet/missing\n",
	  "/etc/vmnet/acl:3: cannot include /etc/vmnet/missing: No such file "
	  "or directory" },
	{ "allow alice lan\x7f\n", "/etc/vmnet/acl:1: non-ASCII byte in line" },
	{ "allow a b c d e f g h i j k l m n o p q\n",
	  "/etc/vmnet/acl:1: too many words in line" },
};

static void test_bad(void **state)
{
	struct vm_err err;
	struct acl a;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad_cases) / sizeof(bad_cases[0]); i++) {
		memset(&err, 0, sizeof(err));
		assert_int_equal(parse(bad_cases[i].text, &a, &err), -EINVAL);
		acl_free(&a);
		if (strcmp(err.msg, bad_cases[i].err))
			fail_msg("case %zu: got \"%s\", want \"%s\"", i,
				 err.msg, bad_cases[i].err);
	}
}

static void test_missing_top(void **state)
{
	struct vm_err err;
	struct acl a;

	(void)state;
	mfs_reset();
	assert_int_equal(acl_parse("/etc/vmnet/acl", &loader, &conf, &a, &err),
			 -EINVAL);
	assert_string_equal(err.msg, "/etc/vmnet/acl: No such file or directory");
	acl_free(&a);
}

static void test_includes(void **state)
{
	struct vm_err err;
	struct acl a;
	char path[64], text[96];
	int i;

	(void)state;
	mfs_reset();
	mfs_add("/etc/vmnet/acl", "allow alice lan\ninclude /etc/vmnet/a\n");
	mfs_add("/etc/vmnet/a", "\ninclude /etc/vmnet/b\nallow bob lan\n");
	mfs_add("/etc/vmnet/b", "deny mallory *\n");
	assert_int_equal(acl_parse("/etc/vmnet/acl", &loader, &conf, &a, &err),
			 0);
	assert_int_equal(a.n, 3);
	assert_string_equal(acl_rule_file(&a, &a.rules[1]), "/etc/vmnet/b");
	assert_int_equal(a.rules[2].line, 3);
	assert_string_equal(acl_rule_file(&a, &a.rules[2]), "/etc/vmnet/a");
	acl_free(&a);

	/* an error inside an include is reported at its own file:line */
	mfs_reset();
	mfs_add("/etc/vmnet/acl", "include /etc/vmnet/a\n");
	mfs_add("/etc/vmnet/a", "allow alice lan\nallow bob\n");
	assert_int_equal(acl_parse("/etc/vmnet/acl", &loader, &conf, &a, &err),
			 -EINVAL);
	assert_string_equal(err.msg, "/etc/vmnet/a:2: expected 'allow|deny WHO "
				     "NETWORK [options]'");
	acl_free(&a);

	/* cycles: self, and through another file */
	mfs_reset();
	mfs_add("/etc/vmnet/acl", "include /etc/vmnet/acl\n");
	assert_int_equal(acl_parse("/etc/vmnet/acl", &loader, &conf, &a, &err),
			 -EINVAL);
	assert_string_equal(err.msg, "/etc/vmnet/acl:1: include cycle: "
				     "/etc/vmnet/acl is already being read");
	acl_free(&a);
	mfs_reset();
	mfs_add("/etc/vmnet/acl", "include /etc/vmnet/a\n");
	mfs_add("/etc/vmnet/a", "include /etc/vmnet/b\n");
	mfs_add("/etc/vmnet/b", "include /etc/vmnet/a\n");
	assert_int_equal(acl_parse("/etc/vmnet/acl", &loader, &conf, &a, &err),
			 -EINVAL);
	assert_string_equal(err.msg, "/etc/vmnet/b:1: include cycle: "
				     "/etc/vmnet/a is already being read");
	acl_free(&a);

	/* depth: a chain of 10 distinct files */
	mfs_reset();
	for (i = 0; i < 10; i++) {
		static char paths[10][64], texts[10][96];

		snprintf(paths[i], sizeof(paths[i]), i ? "/etc/vmnet/d%d" :
			 "/etc/vmnet/acl", i);
		snprintf(texts[i], sizeof(texts[i]), "include /etc/vmnet/d%d\n",
			 i + 1);
		mfs_add(paths[i], texts[i]);
	}
	(void)path;
	(void)text;
	assert_int_equal(acl_parse("/etc/vmnet/acl", &loader, &conf, &a, &err),
			 -EINVAL);
	assert_string_equal(err.msg, "/etc/vmnet/d8:1: includes nested deeper "
				     "than 8");
	acl_free(&a);
}

/* A pinned MAC or address belongs to the users of the pinning rule. */
static void test_pins(void **state)
{
	static const char acl[] =
		"allow bob default ip=192.168.100.50 mac=52:54:00:00:00:0b/48\n"
		"allow alice default\n";
	static const char group[] =
		"allow @kvm default ip=192.168.100.60 mac=52:54:00:00:00:0c/48\n"
		"allow bob default\n";
	struct acl_decision d;

	(void)state;
	/* the pin's own user gets it, with or without asking */
	d = decide(acl, &bob, "default", NULL, NULL);
	assert_true(d.allow);
	assert_true(d.has_mac && d.has_ip);
	assert_true(decide(acl, &bob, "default", "52:54:00:00:00:0b",
			   "192.168.100.50").allow);
	/* nobody else: not by MAC, not by address */
	d = decide(acl, &alice, "default", "52:54:00:00:00:0b", NULL);
	assert_false(d.allow);
	assert_string_equal(d.why, "MAC 52:54:00:00:00:0b is pinned to other "
				   "users by /etc/vmnet/acl:1");
	d = decide(acl, &alice, "default", NULL, "192.168.100.50");
	assert_false(d.allow);
	assert_string_equal(d.why, "VMNET_IP 192.168.100.50 is pinned to "
				   "other users by /etc/vmnet/acl:1");
	/* other MACs and addresses stay free; root is not held */
	assert_true(decide(acl, &alice, "default", "52:54:00:00:00:0d",
			   "192.168.100.51").allow);
	assert_true(decide(acl, &root, "default", "52:54:00:00:00:0b",
			   NULL).allow);
	/* a group's pin belongs to its members */
	assert_true(decide(group, &mallory, "default", NULL, NULL).allow);
	d = decide(group, &bob, "default", "52:54:00:00:00:0c", NULL);
	assert_false(d.allow);
	assert_string_equal(d.why, "MAC 52:54:00:00:00:0c is pinned to other "
				   "users by /etc/vmnet/acl:1");
	assert_false(decide(group, &bob, "default", NULL,
			    "192.168.100.60").allow);
	/* a pin on another network does not hold here */
	assert_true(decide("allow bob lan mac=52:54:00:00:00:0b/48\n"
			   "allow alice default\n", &alice, "default",
			   "52:54:00:00:00:0b", NULL).allow);
}

/* ip6=: a range restricts VMNET_IP6, a single address pins it, and
 * only networks that carry IPv6 take one. */
static void test_ip6(void **state)
{
	static const char acl[] =
		"allow bob * ip6=fd00:1::50\n"
		"allow alice lan ip6=fd00:1::/64\n"
		"allow mallory *\n";
	struct acl_decision d;

	(void)state;
	d = decide(acl, &bob, "lan", NULL, NULL);
	assert_true(d.allow && d.has_ip6);
	d = decide(acl, &alice, "lan", NULL, "fd00:1::50");
	assert_false(d.allow);
	assert_string_equal(d.why, "VMNET_IP6 fd00:1::50 is pinned to other "
				   "users by /etc/vmnet/acl:1");
	assert_true(decide(acl, &alice, "lan", NULL, "fd00:1::51").allow);
	d = decide(acl, &alice, "lan", NULL, "fd00:2::1");
	assert_false(d.allow);
	assert_string_equal(d.why, "VMNET_IP6 fd00:2::1 is outside the "
				   "addresses /etc/vmnet/acl:2 allows for user "
				   "alice");
	assert_true(decide(acl, &mallory, "lan", NULL, "fd00:2::1").allow);
	/* wlan networks carry IPv6: the ACL's range decides */
	assert_true(decide(acl, &mallory, "wifi", NULL, "fd00:2::1").allow);
	d = decide(acl, &mallory, "v4", NULL, "fd00:2::1");
	assert_false(d.allow);
	assert_string_equal(d.why, "VMNET_IP6: network 'v4' carries no "
				   "IPv6 (address6 = none)");
	/* an isolated network's address6: inside its /64, not the bridge's */
	assert_true(decide(acl, &mallory, "default", NULL, "fd00:64::9").allow);
	d = decide(acl, &mallory, "default", NULL, "fd00:2::1");
	assert_false(d.allow);
	assert_string_equal(d.why, "VMNET_IP6 fd00:2::1 is not a usable "
				   "address of network 'default'");
	d = decide(acl, &mallory, "default", NULL, "fd00:64::1");
	assert_false(d.allow);
	/* a pin holds only where there is IPv6 */
	d = decide(acl, &bob, "v4", NULL, NULL);
	assert_true(d.allow && !d.has_ip6);
	d = decide(acl, &bob, "wifi", NULL, NULL);
	assert_true(d.allow && d.has_ip6);
	d = decide(acl, &bob, "default", NULL, NULL);
	assert_true(d.allow && d.has_ip6);
}

/* The quota's refusal: only at or over max-taps, with the rule. */
static void test_quota_full(void **state)
{
	struct acl_request req = { .network = "lan" };
	struct acl_decision d;
	struct vm_err err;
	struct acl a;
	char why[320] = "";

	(void)state;
	if (parse("allow alice lan max-taps=2\n", &a, &err))
		fail_msg("parse: %s", err.msg);
	assert_int_equal(acl_decide(&a, &conf, &alice, &res, &req, &d, &err),
			 0);
	assert_true(d.allow);
	assert_false(acl_quota_full(&a, &d, "alice", 1, why, sizeof(why)));
	assert_string_equal(why, "");
	assert_true(acl_quota_full(&a, &d, "alice", 2, why, sizeof(why)));
	assert_string_equal(why, "alice already has 2 taps attached, the "
				 "limit of max-taps=2 (/etc/vmnet/acl:1)");
	assert_true(acl_quota_full(&a, &d, NULL, 3, why, sizeof(why)));
	assert_string_equal(why, "the caller already has 3 taps attached, "
				 "the limit of max-taps=2 (/etc/vmnet/acl:1)");
	assert_int_equal(acl_decide(&a, &conf, &root, &res, &req, &d, &err),
			 0);
	assert_false(acl_quota_full(&a, &d, "root", 100, why, sizeof(why)));
	acl_free(&a);
}

static void test_decisions(void **state)
{
	struct acl_decision d;

	(void)state;
	/* default deny, and an empty ACL allows only root */
	d = decide("", &alice, "lan", NULL, NULL);
	assert_false(d.allow);
	assert_string_equal(d.why, "network 'lan' is not allowed for user "
				   "alice (see /etc/vmnet/acl)");
	d = decide("", &root, "lan", NULL, NULL);
	assert_true(d.allow);

	/* user, group and wildcard matches */
	d = decide("allow alice lan\n", &alice, "lan", NULL, NULL);
	assert_true(d.allow);
	assert_string_equal(d.why, "allowed by /etc/vmnet/acl:1");
	assert_false(decide("allow alice lan\n", &bob, "lan", NULL, NULL).allow);
	assert_true(decide("allow @kvm lan\n", &alice, "lan", NULL, NULL).allow);
	assert_false(decide("allow @kvm lan\n", &bob, "lan", NULL, NULL).allow);
	assert_true(decide("allow * lan\n", &bob, "lan", NULL, NULL).allow);
	assert_true(decide("allow bob *\n", &bob, "wifi", NULL, NULL).allow);
	assert_false(decide("allow bob lan\n", &bob, "wifi", NULL, NULL).allow);

	/* deny wins wherever it is */
	d = decide("allow * *\ndeny mallory *\n", &mallory, "lan", NULL, NULL);
	assert_false(d.allow);
	assert_string_equal(d.why, "network 'lan' is denied to user mallory "
				   "by /etc/vmnet/acl:2");
	assert_false(decide("deny @kvm lan\nallow alice lan\n", &alice, "lan",
			    NULL, NULL).allow);
	assert_true(decide("deny @kvm wifi\nallow alice lan\n", &alice, "lan",
			   NULL, NULL).allow);
	assert_true(decide("deny * *\n", &root, "lan", NULL, NULL).allow);

	/* unresolvable names: allow never matches, deny refuses everyone */
	assert_false(decide("allow ghost lan\nallow @ghosts lan\n", &alice,
			    "lan", NULL, NULL).allow);
	d = decide("allow alice lan\ndeny ghost lan\n", &alice, "lan", NULL,
		   NULL);
	assert_false(d.allow);
	assert_string_equal(d.why, "ERROR /etc/vmnet/acl:2: cannot resolve "
				   "user 'ghost' of a deny rule; refusing "
				   "everyone");
	d = decide("allow alice lan\ndeny @ghosts wifi\n", &alice, "lan",
		   NULL, NULL);
	assert_true(d.allow);	/* that deny is about another network */

	/* options of the first matching allow */
	d = decide("allow alice lan max-taps=4\nallow @kvm lan max-taps=2\n",
		   &alice, "lan", NULL, NULL);
	assert_int_equal(d.max_taps, 4);
	d = decide("allow @kvm lan max-taps=2\nallow alice lan max-taps=4\n",
		   &alice, "lan", NULL, NULL);
	assert_int_equal(d.max_taps, 2);
	assert_int_equal(decide("allow alice lan\n", &alice, "lan", NULL,
				NULL).max_taps, 0);
	assert_int_equal(decide("", &root, "lan", NULL, NULL).max_taps, 0);
	/* max-conns: the first matching allow's, else the default, for
	 * root too */
	d = decide("allow alice lan max-conns=50\nallow @kvm lan\n", &alice,
		   "lan", NULL, NULL);
	assert_int_equal(d.max_conns, 50);
	assert_int_equal(decide("allow alice lan\n", &alice, "lan", NULL,
				NULL).max_conns, ACL_DEFAULT_CONNS);
	assert_int_equal(decide("", &root, "lan", NULL, NULL).max_conns,
			 ACL_DEFAULT_CONNS);
	/* rate: the first matching allow's, none for root */
	d = decide("allow alice lan rate=100mbit\nallow @kvm lan\n", &alice,
		   "lan", NULL, NULL);
	assert_int_equal(d.rate, 100000);
	assert_int_equal(decide("", &root, "lan", NULL, NULL).rate, 0);
	/* name: kept lowercased in its rule (names.c asks the deciding
	 * rule for it) */
	{
		struct vm_err e;
		struct acl a;

		if (parse("allow alice lan name=Web-1\nallow @kvm lan\n", &a,
			  &e))
			fail_msg("parse: %s", e.msg);
		assert_string_equal(a.rules[0].name, "web-1");
		assert_string_equal(a.rules[1].name, "");
		acl_free(&a);
	}

	/* wlan: an address is mapped to a MAC, so VMNET_IP needs VMNET_MAC
	 * (for root too), and ip= needs VMNET_IP */
	d = decide("allow alice wifi\n", &alice, "wifi", NULL, "10.1.2.3");
	assert_false(d.allow);
	assert_string_equal(d.why, "VMNET_IP needs VMNET_MAC on network 'wifi' "
				   "(wlan mode maps the address to the VM's "
				   "MAC)");
	assert_false(decide("", &root, "wifi", NULL, "10.1.2.3").allow);
	assert_true(decide("allow alice wifi\n", &alice, "wifi",
			   "52:54:00:00:00:01", "10.1.2.3").allow);
	assert_true(decide("allow alice wifi\n", &alice, "wifi", NULL,
			   NULL).allow);
	d = decide("allow alice wifi ip=10.1.2.0-10.1.2.9\n", &alice, "wifi",
		   "52:54:00:00:00:01", NULL);
	assert_false(d.allow);
	assert_string_equal(d.why, "network 'wifi' requires VMNET_IP for user "
				   "alice (/etc/vmnet/acl:1 restricts "
				   "addresses)");
	assert_true(decide("allow alice wifi ip=10.1.2.0-10.1.2.9\n", &alice,
			   "wifi", "52:54:00:00:00:01", "10.1.2.3").allow);
	assert_false(decide("allow alice wifi ip=10.1.2.0-10.1.2.9\n", &alice,
			    "wifi", "52:54:00:00:00:01", "10.1.2.30").allow);
	/* a rule that allows exactly one MAC and one address decides them */
	d = decide("allow alice wifi ip=10.1.2.3 mac=52:54:00:00:00:07/48\n",
		   &alice, "wifi", NULL, NULL);
	assert_true(d.allow);
	assert_true(d.has_ip && d.has_mac);
	assert_int_equal(inany_v4(&d.ip), 0x0a010203);
	assert_int_equal(d.mac[5], 7);
	d = decide("allow alice wifi ip=10.1.2.3\n", &alice, "wifi", NULL, NULL);
	assert_false(d.allow);	/* an address, and no MAC to map it to */
	d = decide("allow alice default ip=192.168.100.7 "
		   "mac=52:54:00:00:00:07/48\n", &alice, "default", NULL, NULL);
	assert_true(d.allow && d.has_ip && d.has_mac);
	d = decide("allow alice default ip=10.9.9.9\n", &alice, "default",
		   NULL, NULL);
	assert_false(d.allow);	/* a pinned address outside the subnet */
	/* elsewhere ip= without VMNET_IP stays allowed */
	assert_true(decide("allow alice lan ip=10.1.2.0-10.1.2.9\n", &alice,
			   "lan", NULL, NULL).allow);

	/* mac= and ip= */
	d = decide("allow alice lan mac=52:54:00:00:00:00/24\n", &alice,
		   "lan", NULL, NULL);
	assert_false(d.allow);
	assert_string_equal(d.why, "network 'lan' requires VMNET_MAC for user "
				   "alice (/etc/vmnet/acl:1 restricts MACs)");
	assert_true(decide("allow alice lan mac=52:54:00:00:00:00/24\n", &alice,
			   "lan", "52:54:00:12:34:56", NULL).allow);
	d = decide("allow alice lan mac=52:54:00:00:00:00/24\n", &alice, "lan",
		   "52:54:01:12:34:56", NULL);
	assert_false(d.allow);
	assert_string_equal(d.why, "VMNET_MAC is outside the MACs "
				   "/etc/vmnet/acl:1 allows for user alice");
	assert_true(decide("allow alice lan ip=10.0.0.50-10.0.0.59\n", &alice,
			   "lan", NULL, "10.0.0.55").allow);
	assert_true(decide("allow alice lan ip=10.0.0.50-10.0.0.59\n", &alice,
			   "lan", NULL, NULL).allow);
	d = decide("allow alice lan ip=10.0.0.50-10.0.0.59\n", &alice, "lan",
		   NULL, "10.0.0.60");
	assert_false(d.allow);
	assert_string_equal(d.why, "VMNET_IP 10.0.0.60 is outside the "
				   "addresses /etc/vmnet/acl:1 allows for user "
				   "alice");

	/* network-level checks apply to root too */
	d = decide("", &root, "default", NULL, "192.168.100.1");
	assert_false(d.allow);
	assert_string_equal(d.why, "VMNET_IP 192.168.100.1 is not a usable "
				   "address of network 'default'");
	assert_false(decide("", &root, "default", NULL, "192.168.101.7").allow);
	assert_false(decide("", &root, "default", NULL, "192.168.100.255").allow);
	assert_true(decide("", &root, "default", NULL, "192.168.100.7").allow);

	/* unknown network */
	d = decide("allow * *\n", &alice, "nonet", NULL, NULL);
	assert_false(d.allow);
	assert_string_equal(d.why, "no network 'nonet' in vmnet.conf");

	/* no VMNET_NETWORK: the first network (config order) granted */
	d = decide("allow alice wifi\nallow alice lan\n", &alice, NULL, NULL,
		   NULL);
	assert_true(d.allow);
	assert_string_equal(d.net->name, "lan");
	d = decide("", &root, NULL, NULL, NULL);
	assert_string_equal(d.net->name, "default");
	d = decide("allow bob lan\n", &alice, NULL, NULL, NULL);
	assert_false(d.allow);
	assert_string_equal(d.why, "no network is allowed for user alice (see "
				   "/etc/vmnet/acl)");
	/* the first granted network, then its MAC rules apply */
	d = decide("allow alice lan mac=52:54:00:00:00:00/24\nallow alice wifi\n",
		   &alice, NULL, "02:00:00:00:00:01", NULL);
	assert_false(d.allow);
	assert_string_equal(d.net->name, "lan");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bad),
		cmocka_unit_test(test_missing_top),
		cmocka_unit_test(test_includes),
		cmocka_unit_test(test_decisions),
		cmocka_unit_test(test_pins),
		cmocka_unit_test(test_ip6),
		cmocka_unit_test(test_quota_full),
	};

	return cmocka_run_group_tests_name("acl", tests, setup, NULL);
}

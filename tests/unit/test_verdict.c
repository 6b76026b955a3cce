// SPDX-License-Identifier: GPL-2.0-or-later
/* Unit tests for policy/verdict.c: the decisions on what the programs read
 * from the kernel. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "verdict.h"

#define REC_A "vmnet1 net=default uid=1000 mac=- ip=- omtu=1500 " \
	      "omac=52:54:00:12:34:56 oup=0 fw=isolated"

static void test_rec_state(void **state)
{
	struct rec r;

	assert_int_equal(rec_state_of(true, NULL, &r), REC_NONE);
	assert_int_equal(rec_state_of(true, "", &r), REC_NONE);
	assert_int_equal(rec_state_of(true, "my tap", &r), REC_NONE);
	/* the magic must be a whole word */
	assert_int_equal(rec_state_of(true, "vmnet1x net=a", &r), REC_NONE);
	/* vmnet's own bridges and veths are not taps of a network */
	assert_int_equal(rec_state_of(false, "vmnet1-bridge net=default", &r),
			 REC_NONE);
	assert_int_equal(rec_state_of(true, REC_A, &r), REC_TAP);
	assert_string_equal(r.network, "default");
	assert_int_equal(r.uid, 1000);
	/* a record on anything but a tap is never acted on */
	assert_int_equal(rec_state_of(false, REC_A, &r), REC_NOT_TAP);
	assert_int_equal(rec_state_of(true, "vmnet1 net=default", &r),
			 REC_DAMAGED);
	assert_int_equal(rec_state_of(true, "vmnet1 garbage", &r),
			 REC_DAMAGED);
	assert_int_equal(rec_state_of(false, "vmnet1 garbage", &r),
			 REC_NOT_TAP);
}

static void test_rec_tap_of(void **state)
{
	struct rec r;

	assert_true(rec_tap_of(true, REC_A, "default", &r));
	assert_true(rec_tap_of(true, REC_A, NULL, &r));
	assert_false(rec_tap_of(true, REC_A, "other", &r));
	/* a prefix of the name is not the name */
	assert_false(rec_tap_of(true, REC_A, "def", &r));
	assert_false(rec_tap_of(false, REC_A, "default", &r));
	assert_false(rec_tap_of(true, "vmnet1 net=default", "default", &r));
	assert_false(rec_tap_of(true, NULL, NULL, &r));
}

static void test_may_detach(void **state)
{
	struct rec r;

	memset(&r, 0, sizeof(r));
	r.uid = 1000;
	assert_true(rec_may_detach(&r, 1000));
	assert_true(rec_may_detach(&r, 0));
	assert_false(rec_may_detach(&r, 1001));
	assert_false(rec_may_detach(&r, (uid_t)-1));
	r.uid = 0;	/* root's tap: root only */
	assert_true(rec_may_detach(&r, 0));
	assert_false(rec_may_detach(&r, 1000));
}

static void test_attach_verdict(void **state)
{
	struct attach_facts f = {
		.proven = "tap0", .name = "tap0", .alias = NULL,
		.master = 0, .has_mac = true,
	};

	assert_int_equal(attach_verdict(&f), ATTACH_OK);
	f.alias = "";
	assert_int_equal(attach_verdict(&f), ATTACH_OK);
	f.alias = "someone's note";
	assert_int_equal(attach_verdict(&f), ATTACH_OK);
	f.name = "tap1";
	assert_int_equal(attach_verdict(&f), ATTACH_RENAMED);
	f.name = "tap0";
	f.alias = REC_A;
	assert_int_equal(attach_verdict(&f), ATTACH_RECORDED);
	/* even a damaged record: it is vmnet's, ifdown or gc first */
	f.alias = "vmnet1 junk";
	assert_int_equal(attach_verdict(&f), ATTACH_RECORDED);
	f.alias = NULL;
	f.master = 7;
	assert_int_equal(attach_verdict(&f), ATTACH_ENSLAVED);
	f.master = 0;
	f.has_mac = false;
	assert_int_equal(attach_verdict(&f), ATTACH_NO_MAC);
	f.has_mac = true;
	/* max-taps: this tap would be the (taps + 1)th */
	f.max_taps = 2;
	f.taps = 1;
	assert_int_equal(attach_verdict(&f), ATTACH_OK);
	f.taps = 2;
	assert_int_equal(attach_verdict(&f), ATTACH_QUOTA);
	f.taps = 50;
	assert_int_equal(attach_verdict(&f), ATTACH_QUOTA);
	f.max_taps = 0;		/* no limit */
	assert_int_equal(attach_verdict(&f), ATTACH_OK);
	/* the first refusal wins: renamed before recorded before quota */
	f.max_taps = 1;
	f.alias = REC_A;
	f.name = "x";
	assert_int_equal(attach_verdict(&f), ATTACH_RENAMED);
}

static void test_bridge_verdict(void **state)
{
	struct conf_network n;

	memset(&n, 0, sizeof(n));
	n.mode = CONF_BRIDGED;
	assert_int_equal(bridge_verdict(&n, "bridge", NULL), BRIDGE_OK);
	assert_int_equal(bridge_verdict(&n, "bridge", "lab bridge"),
			 BRIDGE_OK);
	assert_int_equal(bridge_verdict(&n, "veth", NULL), BRIDGE_NOT_BRIDGE);
	assert_int_equal(bridge_verdict(&n, "", NULL), BRIDGE_NOT_BRIDGE);
	assert_int_equal(bridge_verdict(&n, "bridge",
					"vmnet1-bridge net=default"),
			 BRIDGE_VMNETS);
	assert_int_equal(bridge_verdict(&n, "bridge", "vmnet1-veth net=w"),
			 BRIDGE_VMNETS);
	n.mode = CONF_ISOLATED;	/* its own bridge is vmnet's, of course */
	assert_int_equal(bridge_verdict(&n, "bridge",
					"vmnet1-bridge net=default"),
			 BRIDGE_OK);
	assert_int_equal(bridge_verdict(&n, "tun", NULL), BRIDGE_NOT_BRIDGE);
}

static void test_stale(void **state)
{
	struct conf_network n;

	memset(&n, 0, sizeof(n));
	assert_null(stale_why(&n, 5, 5));
	assert_string_equal(stale_why(NULL, 5, 5),
			    "network no longer configured");
	assert_string_equal(stale_why(&n, 5, 6),
			    "not attached to its network's bridge");
	assert_string_equal(stale_why(&n, 5, 0),
			    "not attached to its network's bridge");
	/* the bridge is gone: no master can be it */
	assert_string_equal(stale_why(&n, -1, 0),
			    "not attached to its network's bridge");
	assert_string_equal(stale_why(&n, 0, 0),
			    "not attached to its network's bridge");
}

static const char conf_text[] =
	"[network default]\n"
	"mode = isolated\n"
	"bridge = vmnet0\n"
	"address = 192.168.100.1/24\n"
	"\n"
	"[network lab]\n"
	"mode = bridged\n"
	"bridge = br0\n";

static void test_resolve_br(void **state)
{
	const struct conf_network *n;
	struct conf *c = calloc(1, sizeof(*c));
	struct vm_err err;
	size_t before;

	assert_non_null(c);
	assert_int_equal(conf_parse("t.conf", conf_text, strlen(conf_text), c,
				    &err), 0);
	before = c->n;
	/* a network's name, or its bridge's */
	n = resolve_br(c, "lab", false, NULL, &err);
	assert_non_null(n);
	assert_string_equal(n->name, "lab");
	n = resolve_br(c, "br0", false, NULL, &err);
	assert_non_null(n);
	assert_string_equal(n->name, "lab");
	n = resolve_br(c, "vmnet0", false, NULL, &err);
	assert_non_null(n);
	assert_string_equal(n->name, "default");
	/* unknown: refused, unless bridge.conf decides (compat) */
	assert_null(resolve_br(c, "br9", false, NULL, &err));
	assert_string_equal(err.msg, "no network or bridge 'br9' in vmnet.conf");
	assert_int_equal(c->n, before);
	n = resolve_br(c, "br9", true, NULL, &err);
	assert_non_null(n);
	assert_string_equal(n->name, "br9");
	assert_string_equal(n->bridge, "br9");
	assert_int_equal(n->mode, CONF_BRIDGED);
	assert_int_equal(c->n, before + 1);
	/* a configured name is never made implicit */
	n = resolve_br(c, "lab", true, NULL, &err);
	assert_int_equal(n->mode, CONF_BRIDGED);
	assert_int_equal(c->n, before + 1);
	/* VMNET_NETWORK must agree */
	assert_non_null(resolve_br(c, "br0", false, "lab", &err));
	assert_null(resolve_br(c, "br0", false, "default", &err));
	assert_string_equal(err.msg, "VMNET_NETWORK 'default' contradicts "
				     "--br=br0 (network 'lab')");
	/* an implicit network needs a valid network name */
	assert_null(resolve_br(c, "-x", true, NULL, &err));
	assert_string_equal(err.msg, "bridge name '-x' cannot name a network");
	/* and room */
	c->n = CONF_MAX_NETWORKS;
	assert_null(resolve_br(c, "br8", true, NULL, &err));
	assert_string_equal(err.msg,
			    "too many networks for an implicit one for br8");
	free(c);
}

static void test_port_comment(void **state)
{
	char buf[PORT_COMMENT_MAX], name[16];
	uid_t uid = 7;

	assert_int_equal(port_comment_format(2001, "tap0", buf, sizeof(buf)), 0);
	assert_string_equal(buf, "uid=2001 name=tap0");
	assert_true(port_comment_parse(buf, &uid, name, sizeof(name)));
	assert_int_equal(uid, 2001);
	assert_string_equal(name, "tap0");
	/* the longest name fits */
	assert_int_equal(port_comment_format(4294967294u, "abcdefghijklmno",
					     buf, sizeof(buf)), 0);
	assert_true(port_comment_parse(buf, &uid, name, sizeof(name)));
	assert_string_equal(name, "abcdefghijklmno");
	assert_int_equal(port_comment_format(1, "bad name", buf, sizeof(buf)),
			 -EINVAL);
	/* vmnet 0.2's registrations: no name */
	assert_true(port_comment_parse("uid=0", &uid, name, sizeof(name)));
	assert_int_equal(uid, 0);
	assert_string_equal(name, "");
	/* never half-read */
	assert_false(port_comment_parse("", &uid, name, sizeof(name)));
	assert_false(port_comment_parse("uid=", &uid, name, sizeof(name)));
	assert_false(port_comment_parse("uid=-1", &uid, name, sizeof(name)));
	assert_false(port_comment_parse("uid=01", &uid, name, sizeof(name)));
	assert_false(port_comment_parse("uid=4294967295", &uid, name,
					sizeof(name)));
	assert_false(port_comment_parse("uid=99999999999999999999", &uid,
					name, sizeof(name)));
	assert_false(port_comment_parse("uid=5 name=", &uid, name,
					sizeof(name)));
	assert_false(port_comment_parse("uid=5 name=a b", &uid, name,
					sizeof(name)));
	assert_false(port_comment_parse("uid=5 nam=x", &uid, name,
					sizeof(name)));
	assert_false(port_comment_parse("uid=5x", &uid, name, sizeof(name)));
	assert_false(port_comment_parse("uid=5 name=abcdefghijklmnop", &uid,
					name, sizeof(name)));
	assert_true(may_detach(5, 5));
	assert_true(may_detach(5, 0));
	assert_false(may_detach(5, 6));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rec_state),
		cmocka_unit_test(test_rec_tap_of),
		cmocka_unit_test(test_may_detach),
		cmocka_unit_test(test_attach_verdict),
		cmocka_unit_test(test_bridge_verdict),
		cmocka_unit_test(test_stale),
		cmocka_unit_test(test_resolve_br),
		cmocka_unit_test(test_port_comment),
	};

	return cmocka_run_group_tests_name("verdict", tests, NULL, NULL);
}

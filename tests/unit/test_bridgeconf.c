// SPDX-License-Identifier: GPL-2.0-or-later
/* Unit tests for policy/bridgeconf.c. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "bridgeconf.h"

static const char *f_main, *f_inc;

static int load(void *ctx, const char *path, char **text, size_t *len,
		struct acl_file_id *id, char *why, size_t whylen)
{
	const char *t = NULL;

	(void)ctx;
	if (!strcmp(path, "/etc/qemu/bridge.conf"))
		t = f_main;
	else if (!strcmp(path, "/etc/qemu/inc.conf"))
		t = f_inc;
	if (!t) {
		snprintf(why, whylen, "No such file or directory");
		return -ENOENT;
	}
	*text = strdup(t);
	*len = strlen(t);
	id->dev = 1;
	id->ino = t == f_main ? 1 : 2;
	return 0;
}

static const struct acl_loader loader = { .load = load };

static int parse(const char *main_text, const char *inc, struct bc *bc,
		 struct vm_err *err)
{
	f_main = main_text;
	f_inc = inc;
	return bc_parse("/etc/qemu/bridge.conf", &loader, bc, err);
}

static void test_errors(void **state)
{
	static const struct {
		const char *text, *err;
	} cases[] = {
		{ "allow\n", "/etc/qemu/bridge.conf:1: expected 'allow NAME|all', "
			     "'deny NAME|all' or 'include /PATH'" },
		{ "allow br0 br1\n", "/etc/qemu/bridge.conf:1: expected 'allow "
				     "NAME|all', 'deny NAME|all' or 'include "
				     "/PATH'" },
		{ "permit br0\n", "/etc/qemu/bridge.conf:1: unknown verb "
				  "'permit' (want allow, deny or include)" },
		{ "allow aaaaaaaaaaaaaaaa\n", "/etc/qemu/bridge.conf:1: invalid "
		  "bridge name 'aaaaaaaaaaaaaaaa' (1-15 of A-Z a-z 0-9 _ . -; "
		  "never truncated)" },
		{ "deny b/r\n", "/etc/qemu/bridge.conf:1: invalid bridge name "
				"'b/r' (1-15 of A-Z a-z 0-9 _ . -; never "
				"truncated)" },
		{ "include inc.conf\n", "/etc/qemu/bridge.conf:1: include path "
		  "must be absolute with no '.' or '..' parts" },
		{ "include /etc/qemu/../shadow\n", "/etc/qemu/bridge.conf:1: "
		  "include path must be absolute with no '.' or '..' parts" },
		{ "\ninclude /etc/qemu/none.conf\n", "/etc/qemu/bridge.conf:2: "
		  "cannot include /etc/qemu/none.conf: No such file or "
		  "directory" },
		{ "include /etc/qemu/bridge.conf\n", "/etc/qemu/bridge.conf:1: "
		  "include cycle: /etc/qemu/bridge.conf is already being read" },
	};
	struct vm_err err;
	struct bc bc;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(parse(cases[i].text, NULL, &bc, &err), -EINVAL);
		bc_free(&bc);
		if (strcmp(err.msg, cases[i].err))
			fail_msg("case %zu: got \"%s\"", i, err.msg);
	}
	/* errors inside includes are fatal too, with their location */
	assert_int_equal(parse("include /etc/qemu/inc.conf\n", "allow\n", &bc,
			       &err), -EINVAL);
	assert_string_equal(err.msg, "/etc/qemu/inc.conf:1: expected 'allow "
				     "NAME|all', 'deny NAME|all' or 'include "
				     "/PATH'");
	bc_free(&bc);
}

static void test_decide(void **state)
{
	struct conf_network br0 = { .name = "br0", .bridge = "br0" };
	struct conf_network br1 = { .name = "lan", .bridge = "br1" };
	struct acl_decision d;
	struct vm_err err;
	struct bc bc;

	(void)state;
	assert_int_equal(parse("# c\nallow br0\n", NULL, &bc, &err), 0);
	bc_decide(&bc, &br0, 1000, &d);
	assert_true(d.allow);
	assert_string_equal(d.why, "allowed by /etc/qemu/bridge.conf:2");
	bc_decide(&bc, &br1, 1000, &d);
	assert_false(d.allow);
	assert_string_equal(d.why, "bridge br1 is not allowed by "
				   "/etc/qemu/bridge.conf");
	bc_decide(&bc, &br1, 0, &d);
	assert_true(d.allow);
	bc_free(&bc);

	assert_int_equal(parse("allow all\ninclude /etc/qemu/inc.conf\n",
			       "deny br1\n", &bc, &err), 0);
	bc_decide(&bc, &br0, 1000, &d);
	assert_true(d.allow);
	bc_decide(&bc, &br1, 1000, &d);
	assert_false(d.allow);
	assert_string_equal(d.why, "bridge br1 is denied by "
				   "/etc/qemu/inc.conf:1");
	bc_free(&bc);

	assert_int_equal(parse("deny all\nallow br0\n", NULL, &bc, &err), 0);
	bc_decide(&bc, &br0, 1000, &d);
	assert_false(d.allow);
	bc_free(&bc);

	assert_int_equal(parse("", NULL, &bc, &err), 0);
	bc_decide(&bc, &br0, 1000, &d);
	assert_false(d.allow);	/* default deny */
	bc_free(&bc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_decide),
	};

	return cmocka_run_group_tests_name("bridgeconf", tests, NULL, NULL);
}

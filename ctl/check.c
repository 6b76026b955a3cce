// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * check.c - "vmnetctl check": vmnet.conf and the ACL parse, their names
 * resolve, and (as root) every network that is up has all its kernel
 * state. Errors are "file:line: message" or one line per network with
 * the command that repairs it; exit status 1 on any. "check --as USER"
 * is checkas.c's.
 */
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cmds.h"

static int check_names(const struct ctl *c)
{
	int errors = 0;
	size_t i;

	for (i = 0; i < c->acl.n; i++) {
		const struct acl_rule *r = &c->acl.rules[i];
		bool known = true;

		if (r->who_kind == ACL_WHO_USER)
			known = getpwnam(r->who) != NULL;
		else if (r->who_kind == ACL_WHO_GROUP)
			known = getgrnam(r->who) != NULL;
		if (known)
			continue;
		fprintf(stderr, "%s:%u: %s: no such %s '%s'%s\n",
			acl_rule_file(&c->acl, r), r->line,
			r->verb == ACL_DENY ? "error" : "warning",
			r->who_kind == ACL_WHO_GROUP ? "group" : "user", r->who,
			r->verb == ACL_DENY ?
				" (a deny rule that cannot be resolved "
				"refuses everyone)" :
				" (rule never matches)");
		if (r->verb == ACL_DENY)
			errors++;
	}
	return errors;
}

/* What the configuration allows but the administrator should know. */
static int check_networks(struct ctl *c, bool root)
{
	int errors = 0;
	size_t i;

	if (root)
		ctl_read_links(c);
	for (i = 0; i < c->conf.n; i++) {
		const struct conf_network *n = &c->conf.nets[i];
		const struct link_info *br;
		struct fw_problems p;

		if (conf_fw_kind(n) == CONF_FW_NONE)
			fprintf(stderr, "%s:%u: warning: network '%s' has guard "
				"= no: its VMs may send from any MAC and "
				"address and run DHCP servers\n",
				c->conf.embedded ? CONF_EMBEDDED_NAME :
				c->conf_path, n->line, n->name);
		if (!root)
			continue;
		br = ctl_link(c, n->bridge);
		if (br && bridge_verdict(n, br->kind, br->alias) ==
			  BRIDGE_VMNETS) {
			fprintf(stderr, "%s:%u: error: network '%s' is bridged "
				"but %s is vmnet's own bridge (%s)\n",
				c->conf.embedded ? CONF_EMBEDDED_NAME :
				c->conf_path, n->line, n->name, n->bridge,
				br->alias);
			errors++;
			continue;
		}
		ctl_verify(c, n, &p);
		if (p.n) {
			ctl_problem_line(stderr, n, &p);
			errors++;
		}
	}
	return errors;
}

/* "check" */
int cmd_check(struct ctl *c, int argc, char **argv)
{
	bool root = geteuid() == 0;
	int errors;

	if (argc)
		return ctl_check_as(c, argc, argv);
	ctl_load(c);
	errors = check_names(c);
	if (root)
		ctl_open(c);
	errors += check_networks(c, root);
	if (root && !errors)
		ctl_host_diagnose(c);	/* (errors first: one line each) */
	if (errors)
		return 1;
	printf("ok: %zu network%s%s, %zu ACL rule%s in %zu file%s\n",
	       c->conf.n, c->conf.n == 1 ? "" : "s",
	       c->conf.embedded ? " (embedded default)" : "", c->acl.n,
	       c->acl.n == 1 ? "" : "s", c->acl.files.n,
	       c->acl.files.n == 1 ? "" : "s");
	return 0;
}

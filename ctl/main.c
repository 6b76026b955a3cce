// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * main.c - vmnetctl: the command table (see vmnetctl(8)).
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cmds.h"

static const struct cmd {
	const char *name;
	int (*fn)(struct ctl *c, int argc, char **argv);
	const char *usage;
} cmds[] = {
	{ "check", cmd_check, "check                   validate vmnet.conf, "
			      "the ACL and the networks' state\n"
			      "  check --as USER [NETWORK] [--mac MAC] "
			      "[--ip ADDRESS] [--ip6 ADDRESS]\n"
			      "                          what the ACL decides "
			      "for USER, and why" },
	{ "up", cmd_up, "up NETWORK|--all        bring networks up (or "
			"repair them)" },
	{ "down", cmd_down, "down NETWORK|--all [--force]\n"
			    "                          take networks down" },
	{ "status", cmd_status, "status [--json]         networks, their "
				"state and attached taps" },
	{ "print", cmd_print, "print NETWORK           the equivalent ip and "
			      "nft commands" },
	{ "gc", cmd_gc, "gc                      remove vmnet state of "
			"detached taps" },
};

static void usage(FILE *f)
{
	size_t i;

	fputs("usage: vmnetctl [--config PATH] [--acl PATH] COMMAND\n", f);
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		fprintf(f, "  %s\n", cmds[i].usage);
	fputs("  --version               print the version\n", f);
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "acl", required_argument, NULL, 'a' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	static struct ctl c = {
		.conf_path = CONF_DEFAULT_PATH, .acl_path = ACL_DEFAULT_PATH,
	};
	const char *cmd;
	size_t i;
	int o;

	while ((o = getopt_long(argc, argv, "+c:a:hV", opts, NULL)) != -1) {
		switch (o) {
		case 'c':
			c.conf_path = optarg;
			break;
		case 'a':
			c.acl_path = optarg;
			break;
		case 'h':
			usage(stdout);
			return 0;
		case 'V':
			printf("vmnetctl %s\n", VMNET_VERSION);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind >= argc) {
		usage(stderr);
		return 2;
	}
	cmd = argv[optind++];
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		if (!strcmp(cmd, cmds[i].name))
			return cmds[i].fn(&c, argc - optind, argv + optind);
	ctl_die("unknown command: %s (see vmnetctl --help)", cmd);
}

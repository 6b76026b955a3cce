// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * up.c - "vmnetctl up NETWORK|--all": bring networks up, or repair them
 * (the work is the engine's ctl_up_one(), which vmnetd runs too).
 */
#include <stdio.h>
#include <string.h>

#include "cmds.h"

/* How long "up" waits, in all, for users whose lock was held. */
#define UP_SETTLE_MS 2000

/* "up NETWORK|--all" */
int cmd_up(struct ctl *c, int argc, char **argv)
{
	const char *name = NULL;
	bool all = false;
	size_t i;
	int k;

	for (k = 0; k < argc; k++) {
		if (!strcmp(argv[k], "--all"))
			all = true;
		else if (argv[k][0] != '-' && !name)
			name = argv[k];
		else
			ctl_die("up: unexpected argument '%s'", argv[k]);
	}
	if (all == !!name)
		ctl_die("up: give one NETWORK or --all");
	ctl_need_root();
	ctl_load(c);
	if (name)
		ctl_network(c, name);	/* a wrong name changes nothing */
	ctl_open(c);
	ctl_admin_lock();
	for (i = 0; i < c->conf.n; i++) {
		const struct conf_network *n = &c->conf.nets[i];

		if (name && strcmp(n->name, name))
			continue;
		ctl_intent(n, true);
		ctl_up_one(c, n);
	}
	/* Every network is up and everyone else's taps have their state:
	 * now the users whose lock was held, after a bounded wait. */
	if (!ctl_settle_contended(c, UP_SETTLE_MS))
		return 0;
	for (i = 0; i < c->conf.n; i++) {
		const struct conf_network *n = &c->conf.nets[i];
		int br;

		if (name && strcmp(n->name, name))
			continue;
		ctl_read_links(c);
		br = ctl_bridge_of(c, n);
		if (br > 0)
			ctl_up_taps(c, n, br);
	}
	return 0;
}

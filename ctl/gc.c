// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * gc.c - "vmnetctl gc": remove vmnet state whose tap is gone or detached,
 * and give attached taps back elements they lost. Every write is made
 * under the tap user's lock on a fresh read of the tap (taps.c).
 */
#include <stdio.h>
#include <string.h>

#include "ctl.h"

/* "gc" */
int cmd_gc(struct ctl *c, int argc, char **argv)
{
	struct taps_stats all = { 0 };
	size_t i;

	(void)argv;
	if (argc)
		ctl_die("gc: takes no arguments");
	ctl_need_root();
	ctl_load(c);
	ctl_open(c);
	ctl_admin_lock();
	taps_gc_records(c, &all);
	for (i = 0; i < c->conf.n; i++) {
		const struct conf_network *n = &c->conf.nets[i];
		struct taps_stats st = { 0 };
		struct fw_net fn;

		fw_net_of(n, &fn);
		if (!fw_guarded(&fn) || fw_present(c->nft, n) != 1)
			continue;
		ctl_read_links(c);
		taps_sync(c, n, ctl_bridge_of(c, n), &st);
		if (st.restored)
			printf("gc: %s: restored the anti-spoofing state of %u "
			       "attached tap%s\n", n->name, st.restored,
			       st.restored == 1 ? "" : "s");
		if (st.removed)
			printf("gc: %s: removed the anti-spoofing state of %u "
			       "tap%s that %s gone\n", n->name, st.removed,
			       st.removed == 1 ? "" : "s",
			       st.removed == 1 ? "is" : "are");
		if (st.litter)
			printf("gc: %s: removed %u left-over element%s\n",
			       n->name, st.litter, st.litter == 1 ? "" : "s");
		all.removed += st.removed;
		all.skipped += st.skipped;
	}
	printf("gc: %u stale tap%s cleaned%s\n", all.detached + all.removed,
	       all.detached + all.removed == 1 ? "" : "s",
	       all.skipped ? " (some skipped: try again)" : "");
	return all.skipped ? 1 : 0;
}
